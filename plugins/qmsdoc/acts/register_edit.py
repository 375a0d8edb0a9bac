"""Edits of the line registers: `qmsdoc issue` appends one line per copy and `qmsdoc acknowledge` one per
acknowledgement (`appended`), `qmsdoc recall` rewrites only the returned copy's line, so comments and every
other line keep their bytes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ..core.distribution import LAYOUT, CopyEntry, parse_register, register_header
from ..core.i18n import t
from .yamledit import flow_mapping


class RegisterEditError(ValueError):
    """The register cannot be edited automatically as asked; the message is for the user."""


def entry_line(entry: CopyEntry, indent: str = "  ") -> str:
    return f"{indent}- {flow_mapping(entry.record())}\n"


def appended(raw: bytes, header: str, key: str, records: Iterable[Mapping[str, object]],
             count: Callable[[str], tuple[int, bool]], refusal: str) -> bytes:
    """A line register's bytes (core/lineregister.py) with one line per record appended under `key`, in the
    style of the items already there (indent, line endings, BOM); a new register starts with `header`.
    `count(text)` is how many entries the text reads back as and whether it reads without findings;
    RegisterEditError (`refusal`) unless the result reads back cleanly with exactly the new entries added."""
    text = raw.decode("utf-8") if raw else header
    newline = "\r\n" if "\r\n" in text else "\n"
    if text and not text.endswith("\n"):
        text += newline
    empty = re.compile(rf"^{re.escape(key)}:[ \t]*\[[ \t]*\][ \t]*$", re.M)
    if empty.search(text):
        text = empty.sub(f"{key}:", text, count=1)
    elif not re.search(rf"^{re.escape(key)}:", text, re.M):
        text += f"{key}:" + newline
    found = re.findall(r"^([ \t]*)- ", text, re.M)
    indent = found[-1] if found else "  "
    lines = [f"{indent}- {flow_mapping(record)}\n" for record in records]
    result = text + "".join(lines).replace("\n", newline)
    (before, _), (after, clean) = (count(x.lstrip("\ufeff").replace("\r\n", "\n")) for x in (text, result))
    if not clean or after != before + len(lines):
        raise RegisterEditError(refusal)
    return result.encode("utf-8")


def with_entries(raw: bytes, entries: Iterable[CopyEntry]) -> bytes:
    """The distribution register's bytes with entries appended; RegisterEditError if the result would not read back."""
    def count(text: str) -> tuple[int, bool]:
        register = parse_register(text, Path(), "")
        return len(register.entries), not register.findings

    return appended(raw, register_header(), LAYOUT.key, [e.record() for e in entries], count,
                    t("act.register.cannot_append"))


def with_return(raw: bytes, entry: CopyEntry, returned: dt.date, by: str) -> bytes:
    """The register's bytes with only `entry`'s line rewritten to record its return."""
    return _with_update(raw, entry, t("act.register.record_return"), returned=returned, returned_by=by)


def with_void(raw: bytes, entry: CopyEntry, day: dt.date, reason: str, replaced_by: str) -> bytes:
    """The register's bytes with only `entry`'s line rewritten to declare it void (lost or damaged) and name the
    copy that replaces it."""
    return _with_update(raw, entry, t("act.register.record_void"), voided=day, void_reason=reason,
                        replaced_by=replaced_by)


def _with_update(raw: bytes, entry: CopyEntry, act: str, **changes: object) -> bytes:
    lines = raw.decode("utf-8").splitlines(keepends=True)
    index = entry.line - 1
    line = lines[index] if 0 <= index < len(lines) else ""
    body = line.rstrip("\r\n")
    match = re.match(r"^(\s*-\s*)(\{.*\})\s*$", body)
    if match is None or parse_register("copies:\n  - " + match[2] + "\n", Path(), "").entries[:1] != [
            _at(entry, 2)]:
        raise RegisterEditError(t("act.register.not_one_line", line=entry.line, number=entry.number, act=act))
    updated = CopyEntry(**{**entry.__dict__, **changes})
    lines[index] = match[1] + flow_mapping(updated.record()) + line[len(body):]
    return "".join(lines).encode("utf-8")


def _at(entry: CopyEntry, line: int) -> CopyEntry:
    return CopyEntry(**{**entry.__dict__, "line": line})
