"""Registers kept in the repository beside qmsdoc.yml as YAML with one flow mapping per line under one
top-level key — the distribution register (`copies:`) and the acknowledgements register
(`acknowledgements:`). What they share is decided here: how the file is read (size limit, line numbers),
its top-level shape, and which fields each line must and may carry. Each register then checks the values
of its own entries; every problem is a Finding at the entry's line."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .source import SourceText, load_yaml_file, parse_yaml

REGISTER_MAX_BYTES = 16 * 1024 * 1024  # registers only grow (~100–250 bytes a line): years of lines, not 1 MiB


@dataclass(frozen=True)
class Layout:
    """The shape of one register file."""

    key: str  # the one top-level key: `copies`
    fields: tuple[str, ...]  # every line carries these, in record order
    optional: tuple[str, ...]  # and may carry these
    labels: Mapping[str, str]  # each field's name in messages
    name: str  # the register's name in messages: 发放登记
    line_hint: str  # what one line holds: 每行一份副本 {number: …}
    item_hint: str  # how a line is written: {number: …, document: …, …}
    needs: str  # who must carry every field: 每份副本


def read_source(path: Path, display: str, max_bytes: int) -> SourceText | None:
    """The register's text and YAML (None for an absent file: an empty register). Read problems are the
    source's findings (QD001/QD003/QD005/QD006)."""
    if not path.exists():
        return None
    return load_yaml_file(path, display, max(max_bytes, REGISTER_MAX_BYTES))


def parse_source(text: str, display: str) -> SourceText:
    """A register from text already read (tests, and a file about to be written)."""
    src = SourceText(display, text=text)
    parse_yaml(src, text, first_line=1)
    return src


Report = Callable[[int, str], None]  # (line, message): one malformed-entry finding


def items(src: SourceText, layout: Layout, report: Report) -> list[tuple[int, dict[str, str]]]:
    """Each line that has every field and no unknown one: its line and its values as stripped text. The
    top-level shape and each incomplete line are reported; `src`'s read findings are the caller's to keep."""
    data = src.data
    if src.findings or data in (None, {}):
        return []
    entries = data.get(layout.key, []) if isinstance(data, dict) else None
    entries = [] if entries is None else entries  # `copies:` with no entry yet
    if not isinstance(data, dict) or not isinstance(entries, list) or set(data) != {layout.key}:
        report(src.line_of(), f"{layout.name}应为 {layout.key}: 列表（{layout.line_hint}），不能有其他顶层字段："
                              "请按文件开头的说明改正")
        return []
    out = []
    for index, item in enumerate(entries):
        line = src.line_of(layout.key, index)
        if not isinstance(item, dict):
            report(line, f"{layout.name}条目应写成 {layout.item_hint}：请按文件开头的说明改正")
            continue
        unknown = sorted(str(k) for k in item if k not in layout.fields + layout.optional)
        missing = [layout.labels[k] for k in layout.fields if not str(item.get(k) or "").strip()]
        if unknown or missing:
            parts = [f"缺少{'、'.join(missing)}"] if missing else []
            parts += [f"有未知字段 {'、'.join(unknown)}"] if unknown else []
            report(line, f"{layout.name}条目{'，'.join(parts)}：{layout.needs}须写明 "
                         f"{'、'.join(layout.labels[k] for k in layout.fields)}")
            continue
        out.append((line, {str(k): str(v).strip() for k, v in item.items()}))
    return out

