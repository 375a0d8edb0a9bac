"""Edits of the distribution register: `qmsdoc issue` appends one line per copy, `qmsdoc recall` rewrites
only the returned copy's line, so comments and every other line keep their bytes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from ..core.distribution import CopyEntry, parse_register, register_header
from ..core.i18n import t
from .yamledit import flow_mapping


class RegisterEditError(ValueError):
    """The register cannot be edited automatically as asked; the message is for the user."""


def entry_line(entry: CopyEntry, indent: str = "  ") -> str:
    return f"{indent}- {flow_mapping(entry.record())}\n"


def with_entries(raw: bytes, entries: Iterable[CopyEntry]) -> bytes:
    """The register's bytes with entries appended (in the style of the items already there); a new
    register starts with its explanatory header. RegisterEditError if the result would not read back."""
    text = raw.decode("utf-8") if raw else register_header()
    newline = "\r\n" if "\r\n" in text else "\n"
    if text and not text.endswith("\n"):
        text += newline
    empty = re.compile(r"^copies:[ \t]*\[[ \t]*\][ \t]*$", re.M)
    if empty.search(text):
        text = empty.sub("copies:", text, count=1)
    elif not re.search(r"^copies:", text, re.M):
        text += "copies:" + newline
    items = re.findall(r"^([ \t]*)- ", text, re.M)
    indent = items[-1] if items else "  "
    entries = list(entries)
    result = text + "".join(entry_line(e, indent) for e in entries).replace("\n", newline)
    before = parse_register(text.lstrip("\ufeff").replace("\r\n", "\n"), Path(), "")
    after = parse_register(result.lstrip("\ufeff").replace("\r\n", "\n"), Path(), "")
    if after.findings or len(after.entries) != len(before.entries) + len(entries):
        raise RegisterEditError(t("act.register.cannot_append"))
    return result.encode("utf-8")


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
