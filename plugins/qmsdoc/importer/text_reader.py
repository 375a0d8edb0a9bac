"""Read a UTF-8, GB18030 or (in a Traditional Chinese project) Big5 text file into numbered lines, undoing what
pasting from old .doc files and web pages does (pinyin annotations after characters, titles glued to the text before
them)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.codes import TITLED_CODE_TOKEN, normalise
from ..core.errors import os_reason
from ..core.i18n import join, legacy_encodings, t
from ..core.limits import UNREADABLE, text_problem
from ..search.hant import simplified_usage
from .blocks import Block, Note, printable
from .docx_reader import ReadError
from .frontpages import find as front_pages
from .jobs import foreign_text
from .listing import absent_codes, report_missing
from .markdown import visible
from .webclutter import is_clutter, without_fragments

# 「經(jīng)理」: a web converter's pinyin after each character (only with tone marks, so 「(a)」 stays).
PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")
# A job-description / procedure title followed by its control number, glued into a long line:
# 「… 客服部管家崗位說明書 KF0305職位名稱…」 (a code followed by more digits is a 目录 page number).
TITLED_CODE = re.compile(
    r"(?<=[。；;!！?？\s])(?=[\u4e00-\u9fff]{2,24}(?:岗位说明书|崗位說明書|工作规程|工作規程|作业规程|作業規程|管理制度|规程|規程)"
    rf"\s*(?P<code>{TITLED_CODE_TOKEN.pattern})(?![\d.]))")
# A code just before such a title, of the same shape as the code after it: the title is that code's entry in a 目录
# giving codes first (「…DY/AQ—010 大堂门岗工作规程DY/AQ—011 巡逻岗岗位职责…」), no document starting; a group's
# code (「三、崗位說明書 KF03 客服部經理崗位說明書 KF0301…」) is not one.
_AFTER_CODE = re.compile(rf"(?P<code>{TITLED_CODE_TOKEN.pattern})\s*$")


def _shape(code: str) -> str:
    return re.sub(r"\d", "0", normalise(code))


def _glued_pieces(text: str) -> list[str]:
    """A long line cut before each title glued to its control number, but a code-first 目录's titles."""
    cuts = [m.start() for m in TITLED_CODE.finditer(text)
            if not ((before := _AFTER_CODE.search(text[max(0, m.start() - 24):m.start()]))
                    and _shape(before["code"]) == _shape(m["code"]))]
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


@dataclass(frozen=True)
class Listed:
    """A 目录 among a manual's front pages: its line, its (code, title) entries and the overview text after it."""

    line: int
    entries: tuple[tuple[str, str], ...]
    overview: str


# The note saying how a file not in Unicode was read, by encoding (core/i18n's `legacy_encodings`).
READ_AS = {"gb18030": "import.gb18030", "cp950": "import.big5", "cp1252": "import.cp1252"}


@dataclass(frozen=True)
class Line:
    """A line of text, or (from a Word file) a heading, list item or table kept whole as `block`."""

    number: int
    text: str
    block: Block | None = None
    mark: str = ""  # from a 目录: "document" / "part" (a heading the 目录 lists) or "cover" (text before it)
    title: str = ""  # the 目录's title of a "document" / "part" heading
    toc: tuple[str, ...] = ()  # on the text right after a 目录: the titles it lists


def decode(raw: bytes, display: str, notes: list[Note]) -> str:
    """UTF-8 (with or without BOM), else as the language's Windows saves text (Big5 in a Traditional Chinese project,
    Windows-1252 in an English one: read as GB18030, their bytes came out as other characters), else GB18030; UTF-16
    and binary files are refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        raise ReadError(t("import.not_text", path=display, code=UNREADABLE))
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # GB18030 decodes almost any bytes: a UTF-8 file with a few damaged bytes must not become mojibake.
    damaged = raw.decode("utf-8", errors="replace")
    if damaged.count("\ufffd") <= 3 and len(damaged) > 200:
        lines = sorted({n for n, line in enumerate(damaged.split("\n"), start=1) if "\ufffd" in line})
        notes.append(Note(display, lines[0], t("import.damaged_utf8", lines=join([str(n) for n in lines]))))
        return damaged
    *likely, last = legacy_encodings()
    for encoding in likely:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        notes.append(Note(display, 0, t(READ_AS[encoding])))
        return text
    try:
        text = raw.decode(last)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReadError(t("import.undecodable", path=display, line=line, code=UNREADABLE)) from exc
    notes.append(Note(display, 0, t(READ_AS[last])))
    return text


LineRanges = tuple[tuple[int, int], ...]


def parse_ranges(spec: str) -> LineRanges | None:
    """`56-57` or `187-188,192-227` (1-based, inclusive, ascending) → ranges; None when malformed."""
    ranges: list[tuple[int, int]] = []
    for part in spec.replace("，", ",").split(","):
        match = re.fullmatch(r"\s*(\d{1,9})\s*(?:[-–~]\s*(\d{1,9}))?\s*", part)
        if not match:
            return None
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first < 1 or last < first or (ranges and first <= ranges[-1][1]):
            return None
        ranges.append((first, last))
    return tuple(ranges) or None


def read_lines(path: Path, display: str, notes: list[Note], only: LineRanges | None = None) -> list[Line]:
    """The file's lines; with `only`, just the lines in those ranges (numbered as in the whole file:
    one file may hold several manuals, and the report and drafts still name the file's own lines)."""
    refused = text_problem(path, display)  # the one set of reader limits (QD018)
    if refused:
        raise ReadError(refused)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(t("import.unreadable", path=display, error=os_reason(exc), code=UNREADABLE)) from exc
    text = decode(raw, display, notes).replace("\r\n", "\n").replace("\r", "\n")
    lines: list[Line] = []
    listed: list[Listed] = []  # each front-page 目录's line and its coded entries
    stripped_pinyin = 0
    all_lines = text.split("\n")
    if only and only[-1][1] > len(all_lines):
        raise ReadError(t("import.lines_past_end", path=display, first=only[-1][0], last=only[-1][1],
                          total=len(all_lines)))
    for number, line in enumerate(all_lines, start=1):
        if only and not any(first <= number <= last for first, last in only):
            continue
        cleaned, count = PINYIN.subn("", printable(line))
        stripped_pinyin += count
        cleaned = cleaned.replace("\u3000", " ").strip()
        if is_clutter(cleaned):
            notes.append(Note(display, number, t("import.web_clutter", text=cleaned)))
            continue
        cleaned, fragments = without_fragments(cleaned)
        if fragments:
            notes.append(Note(display, number, t("import.web_fragments", count=len(fragments),
                                                 text=fragments[0])))
            cleaned = cleaned.strip()
        pieces = [p.strip() for p in (_glued_pieces(cleaned) if len(cleaned) > 200 else [cleaned]) if p.strip()]
        lines += [Line(number, kept) for kept in (_without_foreign(_without_front_pages(p, number, display, notes,
                                                                                        listed), number, display, notes)
                                                  for p in pieces) if kept]
    if stripped_pinyin:
        notes.append(Note(display, 0, t("import.pinyin", count=stripped_pinyin)))
    _report_unlisted(listed, lines, display, notes)
    return lines


def _report_unlisted(listed: list[Listed], lines: list[Line], display: str,
                     notes: list[Note]) -> None:
    """Name each entry of a front-page 目录 whose code the rest of the text (its overview sections too) never
    shows: a document the manual lists but the copy does not hold."""
    if not listed:
        return
    seen = "\n".join([*(line.text for line in lines), *(item.overview for item in listed)])
    for item in listed:
        report_missing(notes, display, item.line, absent_codes(item.entries, seen), item.entries)


def _without_foreign(text: str, number: int, display: str, notes: list[Note]) -> str:
    """The text without another document's text a web page pasted into a job description (jobs.foreign_text);
    named in the report whole."""
    found = foreign_text(text)
    if found is None:
        return text
    section, start, end = found
    document = text[:simplified_usage(text).find("职位名称")].strip() or section
    notes.append(Note(display, number, t("import.job_foreign", document=document, section=section,
                                         chars=len(text[start:end].strip()), text=text[start:end].strip())))
    return f"{text[:start].rstrip()}{text[end:]}"


def _without_front_pages(text: str, number: int, display: str, notes: list[Note],
                         listed: list[Listed]) -> str:
    """The text without the manual's cover, 目录 and overview sections pasted into it; each named in the report,
    and the 目录's coded entries added to `listed`."""
    found = front_pages(text)
    if found is None:
        return text
    notes.append(Note(display, number, t("import.cover_text", lines=number, text=found.cover),
                      t("import.index.cover"), visible(found.cover)))
    listing = "\n".join(f"- {code} {title}" for code, title in found.entries) or visible(found.contents)
    notes.append(Note(display, number, t("import.front_contents", chars=len(found.contents),
                                         text=found.contents[:40]), t("import.index.contents"), listing))
    for section in found.sections:
        notes.append(Note(display, number, t("import.front_section", chars=len(section), text=section),
                          t("import.index.overview"), visible(section)))
    listed.append(Listed(number, found.entries, "".join(found.sections)))
    return text[: found.start].strip()
