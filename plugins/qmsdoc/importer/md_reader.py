"""Read a Markdown source (`.md`, `.markdown`) as one document: its YAML front matter (or, without one, its first
`# Title` and a cover table or `Key: value` lines under it) gives the fields, through the same label vocabulary
as Word and text covers (`cover.FRONT_MATTER_KEYS`); its body is kept as Markdown, as written.

The body is never escaped: it already is Markdown. Only the leading `# Title` that repeats the title is dropped,
setext headings (`Purpose` over `===`) are written as `#` ones, headings move one level down when the file used `#`
for its sections (a qmsdoc body's sections are `##`), and the forms a Records / 质量记录 section lists are written
as `[[CODE]]` and become form drafts. HTML comments are never title, cover, heading or record: they stay as written."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import yaml

from ..core.codes import SPACED_CODE_TOKEN, normalise
from ..core.dialect import Dialect
from ..core.errors import os_reason
from ..core.i18n import t
from ..core.limits import UNREADABLE, text_problem
from ..core.mdlinks import (
    REF_PATTERN,
    is_fence,
    item_lines,
    markdown_lines,
    parted_fences,
    reference_written,
    setext_heading,
)
from ..core.sanitize import strip_comments
from ..core.source import SourceText, is_opening, parse_yaml, split_front_matter
from ..core.structure import heading_name
from . import cover
from .blocks import Block, Chunk, Note, printable
from .docx_reader import ReadError
from .recognise import TITLED_REF, doc_type
from .splitter import drop_cover_table

SUFFIXES = (".md", ".markdown")
# An ATX heading as the project's dialect reads it (core/dialect.py: a space after the #s, as in CommonMark —
# `#3号楼` and `#tag` are text), closing #s allowed.
HEADING = re.compile(r"^(?P<marks>#{1,6})(?=[ \t]|$)[ \t]*(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
SETEXT_H1 = re.compile(r"^=+[ \t]*$")
TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
TABLE_RULE = re.compile(r"^[\s|:\-]+$")
_EMPHASIS = re.compile(r"\*\*|__")
# GitLab's and Azure DevOps' contents marker: `[[…]]` is a reference in qmsdoc, the dialect's marker is `[TOC]`.
_WIKI_TOC = re.compile(r"^(?P<indent>[ ]{0,3})\[\[_?TOC_?\]\][ \t]*$", re.IGNORECASE)


def is_markdown(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def read_markdown(path: Path, display: str, notes: list[Note], extra: Collection[str] = (),
                  project: cover.ProjectSections = cover.ProjectSections()) -> list[Chunk]:  # noqa: B008 (frozen)
    """The file as one chunk: fields from its front matter or cover, its body as one raw Markdown block.
    ReadError (naming file and line) when it is not UTF-8, its front matter is not valid YAML, or it has no title.
    `project`: the project's own section names (qmsdoc.yml), read as the built-in ones are."""
    refused = text_problem(path, display)  # the one set of reader limits (QD018)
    if refused:
        raise ReadError(refused)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(t("import.unreadable", path=display, error=os_reason(exc), code=UNREADABLE)) from exc
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReadError(t("import.md.not_utf8", path=display, line=line)) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunk = Chunk(display, 1, "")
    body, body_line = text, 1
    if is_opening(text.split("\n", 1)[0]):
        src = SourceText(display, text=text)
        yaml_text = split_front_matter(src)
        if yaml_text is None or not parse_yaml(src, yaml_text, first_line=2, floats_as_written=True):
            finding = src.findings[0]
            raise ReadError(t("import.md.bad_front_matter", path=display, line=finding.line, problem=finding.message))
        if not isinstance(src.data, dict):
            raise ReadError(t("import.md.front_matter_not_mapping", path=display, line=2))
        _front_matter(src, yaml_text, chunk, notes, extra)
        body, body_line = src.body, src.body_line
    lines = body.split("\n")
    numbers = list(range(body_line, body_line + len(lines)))  # each kept line's line in the file, for the report
    dialect = project.dialect  # the page's reading: what is code, an item, a heading
    _title(lines, numbers, _shown(lines, dialect), chunk)
    if not chunk.title:
        raise ReadError(t("import.md.no_title", path=display, line=body_line))
    _cover(lines, numbers, chunk, dialect)
    _atx_headings(lines, numbers, dialect)
    lines = _shift_headings(lines, chunk, notes, dialect)
    while lines and not lines[-1].strip():
        del lines[-1], numbers[-1]
    while lines and not lines[0].strip():
        del lines[0], numbers[0]
    chunk.records = _records(lines, numbers, chunk.record_headings, project.records, dialect)
    for index, text in _shown(lines, dialect).items():
        if text == lines[index] and (toc := _WIKI_TOC.match(text)):
            lines[index] = f"{toc['indent']}[TOC]"
    if lines:
        chunk.blocks = [Block("markdown", text="\n".join(lines), line=numbers[0], source_lines=numbers)]
    if "type" not in chunk.fields:
        shown = _shown(lines, dialect).values()  # a `#` in code or in a comment is no heading
        headings = [Block("heading", m["text"], len(m["marks"])) for line in shown if (m := HEADING.match(line))]
        chunk.fields["type"] = doc_type(chunk.fields.get("title", chunk.title), headings, project)
    return [chunk]


# -- front matter -------------------------------------------------------------------------------------------

def _front_matter(src: SourceText, yaml_text: str, chunk: Chunk, notes: list[Note], extra: Collection[str]) -> None:
    """Known keys to fields and sign-offs; a key the project names in `extra_fields` kept as written, as a field;
    every other key reported at its line and kept (as written) for the draft's comments."""
    as_written: dict[str, Any] = yaml.load(yaml_text, Loader=yaml.BaseLoader) or {}  # noqa: S506 - strings: `1.10`
    text_lines = yaml_text.split("\n")
    starts = sorted((src.lines.get((key,), 2), str(key)) for key in src.data)
    for index, (line, key) in enumerate(starts):
        value = as_written.get(key, "")
        name = cover.label_key(key)
        scalar = isinstance(value, str)
        field = cover.FRONT_MATTER_KEYS.get(name, "")
        if field and scalar and value.strip() and field not in chunk.fields:
            value = printable(value).strip()
            chunk.fields[field] = cover.labelled_version(key, value) if field == "version" else value
            continue
        if name in cover.SIGNOFFS and (scalar or isinstance(value, dict)):
            by, day = (value, "") if isinstance(value, str) else (str(value.get("by", "")), str(value.get("date", "")))
            if by.strip():
                chunk.signoffs[cover.SIGNOFFS[name]] = (printable(by).strip(), printable(day).strip())
                continue
        if name == "history" and isinstance(value, list) and all(isinstance(e, dict) for e in value):
            chunk.history = [(str(e.get("version", "")), str(e.get("date", "")), str(e.get("by", "")),
                              str(e.get("change", ""))) for e in value]
            continue
        if name == "status":
            notes.append(Note(src.path, line, t("import.md.status_ignored", value=value)))
            continue
        end = starts[index + 1][0] if index + 1 < len(starts) else len(text_lines) + 2
        written = [printable(text) for text in text_lines[line - 2: end - 2] if text.strip()]
        if key in extra and not (field and field in chunk.fields):
            chunk.own += written  # the team's own field (extra_fields): kept as it is
            continue
        chunk.kept += written
        again = field and field in chunk.fields  # `version:` and `revision:` both: the first one is the field
        notes.append(Note(src.path, line, t("import.md.key_again" if again else "import.md.key_unmapped", key=key)))


# -- title, cover, headings ---------------------------------------------------------------------------------

def _shown(lines: list[str], dialect: Dialect) -> dict[int, str]:
    """Each line the parse reads as Markdown, by index, without its HTML comments (a line inside one is empty):
    code blocks are left out. What headings, the title and records are read from."""
    return {number - 1: text for number, text in markdown_lines("\n".join(lines), 1, dialect)}


def _items(lines: list[str], dialect: Dialect) -> dict[int, int]:
    """Each line the page shows as a list item, by index → where its text starts in the line, tabs expanded: the
    list rewrite's own reading (core.mdlinks.item_lines), so `a. QR-01` is an item and `2025. 6 发布` under a
    paragraph line or `i. e.` a paragraph's words, as the imported page will show them."""
    found: dict[int, int] = {}
    for number, text in item_lines("\n".join(lines), 1, dialect).items():
        expanded = lines[number - 1].expandtabs(4)
        found[number - 1] = len(expanded) - len(text.lstrip(" \t"))
    return found


def _blank(lines: list[str], shown: dict[int, str], index: int) -> bool:
    """Whether a line shows nothing: empty, or only an HTML comment (`<!-- markdownlint-disable -->`)."""
    return not (shown[index] if index in shown else lines[index]).strip()


def _title(lines: list[str], numbers: list[int], shown: dict[int, str], chunk: Chunk) -> None:
    """The title: the front matter's, else the first line's `# Title` (or `Title` over `===`); comments before it
    are not its first line. A leading H1 that repeats the title is dropped from the body; one that does not stays,
    as a section."""
    first = next((i for i in range(len(lines)) if not _blank(lines, shown, i)), None)
    if first is None or first not in shown:
        chunk.title = chunk.fields.get("title", "")
        return
    heading, length = HEADING.match(shown[first]), 1
    text = heading["text"] if heading and len(heading["marks"]) == 1 else None
    if text is None and first + 1 < len(lines) and SETEXT_H1.match(lines[first + 1]):
        text, length = shown[first].strip(), 2
    own = chunk.fields.get("title", "")
    if text is not None and (not own or _same(own, text)):
        chunk.line = numbers[first]
        _delete(lines, numbers, range(first, first + length))
        chunk.title = own or printable(text).strip()
        chunk.fields.setdefault("title", chunk.title)
        return
    chunk.title = own


def _delete(lines: list[str], numbers: list[int], indexes: Sequence[int]) -> None:
    """Lines `indexes` (ascending) taken out of the body, and a blank line they leave beside another blank line
    (a comment above the title or cover keeps one blank line after it, not two)."""
    for index in reversed(indexes):
        del lines[index], numbers[index]
    at = indexes[0] if indexes else 0
    while 0 < at < len(lines) and not lines[at].strip() and not lines[at - 1].strip():
        del lines[at], numbers[at]


def _same(title: str, heading: str) -> bool:
    return " ".join(title.split()).casefold() == " ".join(heading.split()).casefold()


def _cover(lines: list[str], numbers: list[int], chunk: Chunk, dialect: Dialect) -> None:
    """The cover table(s) and `Document No.: …` lines between the title and the body go to fields, as the Word and
    text readers take them (one reader for every format: `cover`). HTML comments among them are not read and stay."""
    index = 0
    while True:
        shown = _shown(lines, dialect)
        while index < len(lines) and _blank(lines, shown, index):
            index += 1
        end = index
        while end < len(lines) and lines[end].strip():
            end += 1
        taken = [i for i in range(index, end) if not _blank(lines, shown, i)]  # a comment's lines are no cover
        group = [shown.get(i, lines[i]) for i in taken]
        if not group or HEADING.match(group[0]):
            return
        if all(TABLE_ROW.match(line) for line in group):
            rows = [[cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]] for line in group
                    if not TABLE_RULE.match(line)]
            rows = [[_EMPHASIS.sub("", cell) for cell in row] for row in rows]
            if cover.is_approval(rows):
                chunk.signoffs.update(cover.approval(rows))
            elif cover.is_history(rows) and not chunk.history:
                chunk.history = cover.history(rows)
            else:
                probe = Chunk(chunk.path, chunk.line, chunk.title, blocks=[Block("table", rows=rows)],
                              fields=chunk.fields, signoffs=chunk.signoffs)
                drop_cover_table(probe)
                if probe.blocks:
                    return
        else:
            read = [cover.cover_line(_EMPHASIS.sub("", re.sub(r"^[-*+][ \t]+", "", line)).rstrip(" \\"))
                    for line in group]
            if not all(fields or signoffs for fields, signoffs in read):
                return
            for fields, signoffs in read:
                for key, value in fields.items():
                    chunk.fields.setdefault(key, value)
                chunk.signoffs.update({k: v for k, v in signoffs.items() if v[0]})
        _delete(lines, numbers, taken)


def _atx_headings(lines: list[str], numbers: list[int], dialect: Dialect) -> None:
    """`Purpose` over `===` or `---` → `# Purpose` / `## Purpose`: a setext heading written as the ATX heading it
    is, so that it moves down with the others, names its section and types the document (code and comments
    left alone; an underline counts only under a line that starts a block, as check reads it)."""
    shown = _shown(lines, dialect)
    parted = parted_fences("\n".join(lines), 0, dialect)  # closing fences the page sets apart: a block starts under one
    index = 0
    while index + 1 < len(lines):
        line, previous = shown.get(index, ""), lines[index - 1] if index else ""
        starts = index == 0 or _blank(lines, shown, index - 1) or bool(HEADING.match(shown.get(index - 1, ""))) \
            or (index - 1 not in shown and (not is_fence(previous) or index - 1 in parted))
        level = setext_heading(line, shown[index + 1]) if index + 1 in shown and starts and line == lines[index] \
            and not HEADING.match(line) and not TABLE_ROW.match(line) else None
        if level and index not in _items(lines, dialect) and not line.lstrip().startswith((">", "<")):
            lines[index] = f"{'#' * level} {line.strip()}"
            del lines[index + 1], numbers[index + 1]
            shown = _shown(lines, dialect)
            parted = parted_fences("\n".join(lines), 0, dialect)
        index += 1


def _shift_headings(lines: list[str], chunk: Chunk, notes: list[Note], dialect: Dialect) -> list[str]:
    """`# Purpose` → `## Purpose` (every heading one level down) when the body uses `#` for its sections; lines in
    code blocks and HTML comments are not headings."""
    headings = {i: m for i, text in _shown(lines, dialect).items() if (m := HEADING.match(text))}
    if not any(len(m["marks"]) == 1 for m in headings.values()):
        return lines
    deepest = [i for i, m in headings.items() if len(m["marks"]) == 6]
    if deepest:
        notes.append(Note(chunk.path, 0, t("import.md.heading_depth", count=len(deepest))))
    return ["#" + line if i in headings and i not in deepest else line for i, line in enumerate(lines)]


# -- records ------------------------------------------------------------------------------------------------

def _records(lines: list[str], numbers: list[int], headings: list[tuple[str, int]],
             records: tuple[str, ...], dialect: Dialect) -> list[tuple[str, str]]:
    """The forms a Records / 质量记录 section lists — list items, table rows, or a paragraph of lines each starting
    with a form number — as (code, title), for the form stubs (as the text and Word readers' 质量记录 items are);
    each number is written as `[[CODE]]` (an item or line as the item `[[CODE]]`, a cell as `[[CODE]]`, the rest
    of the row kept). Code, comments and other sections are left as they are. Each Records section that lists a
    form joins `headings` (its name and line); `records`: the project's own names of such a section."""
    found: list[tuple[str, str]] = []
    section = ("", 0)

    def add(records: list[tuple[str, str]]) -> None:
        found.extend(records)
        if records and section not in headings:
            headings.append(section)

    level = 0  # the level of the Records heading whose section the lines are in; 0: not in one
    shown = _shown(lines, dialect)
    items = _items(lines, dialect)
    read = list(shown)
    paragraph: list[int] = []
    for position, index in enumerate(read):
        line = shown[index]
        if line != lines[index] and not line.strip():
            continue  # a comment's line: neither text nor a break in it
        if heading := HEADING.match(line):  # setext headings are ATX ones by now (_atx_headings)
            add(_paragraph_records(lines, paragraph))
            paragraph = []
            if cover.section_kind(name := heading_name(heading["text"]), records) == "records":
                level, section = len(heading["marks"]), (name, numbers[index])
            elif len(heading["marks"]) <= level:
                level = 0
            continue
        if not level or not line.strip() or (position and read[position - 1] != index - 1):
            add(_paragraph_records(lines, paragraph))
            paragraph = []
        if not level or not line.strip():
            continue
        item = index in items
        if item and (record := _record(line.expandtabs(4)[items[index]:])):
            add([record])
            lines[index] = f"{lines[index].expandtabs(4)[:items[index]]}[[{record[0]}]]"
        elif TABLE_ROW.match(line) and not TABLE_RULE.match(line):
            add(_row_records(lines, index))
        elif not item and not TABLE_ROW.match(line):
            paragraph.append(index)
    add(_paragraph_records(lines, paragraph))
    return found


def _record(text: str) -> tuple[str, str] | None:
    """`QR-01 Incident log`, `**QR-01**: Incident log`, `《事故记录》（QR-01）`, `[[QR-01]] Incident log` → (code,
    title); None for text that does not start with a form number."""
    text = _EMPHASIS.sub("", text).strip()
    if titled := TITLED_REF.fullmatch(text):
        return normalise(titled.group(2)), titled.group(1).strip()
    if (ref := REF_PATTERN.match(text)) and (written := reference_written(ref)) is not None \
            and SPACED_CODE_TOKEN.fullmatch(written.strip()):
        code, rest = written.strip(), text[ref.end():]
    elif match := SPACED_CODE_TOKEN.match(text):
        code, rest = match.group(0), text[match.end():]
        if re.match(r"[A-Za-z0-9_./\\-]", rest):  # `QR-01a`, `QR-01.pdf`: not a form number (`QR-01表` is one)
            return None
    else:
        return None
    return normalise(code), printable(rest).strip(" \t《》:：-–—|")


def _row_records(lines: list[str], index: int) -> list[tuple[str, str]]:
    """A Records table row with a form number in a cell of its own: the number as `[[CODE]]`, the title the next
    cell with text."""
    cells = re.split(r"(?<!\\)\|", lines[index])
    filled = [i for i in range(1, len(cells) - 1) if cells[i].strip()]
    if not filled:
        return []
    # the number in a cell of its own (`| 1 | QR-01 | Incident log |`: a 序号 before it)
    first = next((i for i in filled if (found := _record(cells[i])) and not found[1]), None)
    record = None if first is None else _record(cells[first])
    if first is None or record is None:
        return []
    title = next((_EMPHASIS.sub("", cells[i]).strip() for i in filled if i > first), "")
    cells[first] = f" [[{record[0]}]] "
    lines[index] = "|".join(cells)
    return [(record[0], printable(title))]


def _paragraph_records(lines: list[str], paragraph: list[int]) -> list[tuple[str, str]]:
    """A paragraph of a Records section whose every line starts with a form number (`QR-01 Incident log`, one a
    line): each line becomes the list item `- [[CODE]]`. Any other paragraph is prose, left as written."""
    records = [_record(strip_comments(lines[index])[0].rstrip(" \\")) for index in paragraph]
    if not paragraph or any(record is None for record in records):
        return []
    for index, record in zip(paragraph, records, strict=True):
        assert record is not None
        lines[index] = f"- [[{record[0]}]]"
    return [record for record in records if record is not None]
