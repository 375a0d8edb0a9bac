"""Registers kept in the repository beside qmsdoc.yml as YAML with one flow mapping per line under one
top-level key — the distribution register (`copies:`) and the acknowledgements register
(`acknowledgements:`). What they share is decided here: how the file is read (size limit, line numbers),
its top-level shape, and which fields each line must and may carry. Each register then checks the values
of its own entries; every problem is a Finding at the entry's line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .i18n import join, t
from .source import SourceText, load_yaml_file, outside_message, outside_target, parse_yaml

REGISTER_MAX_BYTES = 16 * 1024 * 1024  # registers only grow (~100–250 bytes a line): years of lines, not 1 MiB


@dataclass(frozen=True)
class Layout:
    """The shape of one register file. Its messages are catalogue keys under `messages` (`register.bad`:
    `.shape`, `.entry`, `.fields`), looked up when a finding is made, so they follow the project's language."""

    key: str  # the one top-level key: `copies`
    fields: tuple[str, ...]  # every line carries these, in record order
    optional: tuple[str, ...]  # and may carry these
    label: Callable[[str], str]  # each field's name in messages (分发号, Copy No.)
    messages: str  # the catalogue prefix of this register's messages


def read_source(path: Path, display: str, max_bytes: int, root: Path) -> SourceText | None:
    """The register's text and YAML (None for an absent file: an empty register). Read problems are the
    source's findings (QD001/QD003/QD005/QD006): a register is read within `max_bytes` (qmsdoc.yml's
    max_file_bytes) or REGISTER_MAX_BYTES, whichever is larger — it gains a line with every copy issued and every
    reading recorded, for years, and a quality officer is not to meet QD006 on the record of copies in circulation
    (a broken one's repeated findings are capped, `findings.capped`). A register that is a symlink leading outside
    the project `root` is QD008 and never read (a device, or records kept elsewhere)."""
    outside = outside_target(path, root)
    if outside is not None:
        src = SourceText(display, text="")
        src.error("QD008", 1, outside_message(outside))
        return src
    if not path.exists():
        return None
    return load_yaml_file(path, display, max(max_bytes, REGISTER_MAX_BYTES))


def parse_source(text: str, display: str) -> SourceText:
    """A register from text already read (tests, and a file about to be written)."""
    src = SourceText(display, text=text)
    parse_yaml(src, text, first_line=1)
    return src


Report = Callable[[int, str], None]  # (line, message): one malformed-entry finding


def read_data(src: SourceText) -> Any:
    """The register's YAML as read: its data, or — when it composed but some lines hold values the reader
    refuses (QD004 only: a decimal, a huge integer, a key not text or written twice) — the data as read, so that
    every other line is checked in the same run, not one finding at a time. None when it could not be read."""
    if not src.findings:
        return src.data
    return src.partial if all(f.code == "QD004" for f in src.findings) else None


def items(src: SourceText, layout: Layout, report: Report) -> list[tuple[int, dict[str, str]]]:
    """Each line that has every field and no unknown one: its line and its values as stripped text. The
    top-level shape and each incomplete line are reported; `src`'s read findings are the caller's to keep, and
    an entry with one of them (QD004) is left out unchecked (`read_data`)."""
    data = read_data(src)
    if data in (None, {}):
        return []
    refused = sorted({f.line for f in src.findings})
    entries = data.get(layout.key, []) if isinstance(data, dict) else None
    entries = [] if entries is None else entries  # `copies:` with no entry yet
    if not isinstance(data, dict) or not isinstance(entries, list) or set(data) != {layout.key}:
        report(src.line_of(), t(f"{layout.messages}.shape"))
        return []
    out = []
    for index, item in enumerate(entries):
        line = src.line_of(layout.key, index)
        end = src.line_of(layout.key, index + 1) if index + 1 < len(entries) else None
        if any(line <= bad and (end is None or bad < end) for bad in refused):  # told by the reader already
            continue
        if not isinstance(item, dict):
            report(line, t(f"{layout.messages}.entry"))
            continue
        unknown = sorted(str(k) for k in item if k not in layout.fields + layout.optional)
        missing = [layout.label(k) for k in layout.fields if not str(item.get(k) or "").strip()]
        # every field is text: a plain 0x10, 0123 or yes is read as 16, 83 or True, and would be recorded so
        typed = [layout.label(str(k)) for k, v in item.items()
                 if str(k) not in unknown and v is not None and not isinstance(v, str)]
        if unknown or missing or typed:
            parts = [t("register.bad.missing", fields=join(missing))] if missing else []
            parts += [t("register.bad.unknown", fields=join(unknown))] if unknown else []
            parts += [t("register.bad.not_text", fields=join(typed))] if typed else []
            report(line, t(f"{layout.messages}.fields", problems=t("register.bad.join").join(parts),
                           fields=join([layout.label(k) for k in layout.fields])))
            continue
        # a field written with no value (`entered:`) is empty text, never the word None
        out.append((line, {str(k): "" if v is None else str(v).strip() for k, v in item.items()}))
    return out

