"""目录 in pasted text: find it (「目录第一章…---- 5第二章…」, 「1. 0 项目部组织结构 (3)2. 0 …」, entries with
their page numbers glued to the next), take it out of the body, and cut the text after it where its
documents begin — old manuals pasted from .doc files hold a whole chapter, or a whole manual, on one line.

The entries at the document level (chapters; 一、 sections under 第X部分; plain titles) start documents;
第X部分 are only groups. A 目录 whose entries carry codes (「目錄序號文件名稱編碼1客服部經理崗位說明書KF03012…」, in one
line, or 「DY/AQ—001 安全组织架构图DY/AQ—002 …」 code first) is read by `listing`, the reader the front pages' 目录
shares: it cuts the text where an entry's code and title stand (in either order; a code that heads a
group, KF03 over KF0301, is a part), on one line or one entry a line. A 目录 of chapters or 一、 sections laid
out one entry a line (「第一章 总则 …… 1」, 「1.1 目的 3」 under it) cuts the text as one on one line does, and so does
one without page numbers whose every title stands again later as a line of its own (else its lines are text).
Entries the text does not hold, and entries without text, are reported (`listing.report_missing`)."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from ..core.i18n import t
from . import cover
from .blocks import Note
from .listing import DASHES, absent_codes, coded_listing, group_codes, listed_forms, report_missing
from .markdown import visible
from .text_reader import Line

CN = "一二三四五六七八九十百零〇两"
_NUMBER = (rf"第\s*[\d{CN}]+\s*(?:部分|篇|章|节)|[{CN}]{{1,3}}、|\d{{1,2}}\s*[.．]\s*\d{{1,2}}"
           rf"|附\s*[表录件](?:\s*\d{{1,2}}(?!\d)|\s*[{CN}]{{1,3}}(?=[\s、:：.．]|$))?")  # 附表一 来访登记表
# A number that can follow a page number glued to it: 「…职责3 1.0客服中心经理」 reads as page 3, clause 1.0.
_AHEAD = rf"(?:第\s*[\d{CN}]+\s*(?:部分|篇|章|节)|[{CN}]{{1,3}}、|\d\s*[.．]\s*\d|附\s*[表录件])"
ENTRY = re.compile(
    r"\s*(?P<title>[^，,。；;：:！!？?\n]{1,40}?)\s*"
    r"(?:[-—–.·…_]{3,}\s*(?P<leader>\d{1,3})|[(（]\s*(?P<paren>\d{1,3}|略)\s*[)）]"
    rf"|(?P<bare>\d{{1,3}})(?={_AHEAD}))")
KEYWORD = re.compile(r"目\s*[录錄]\s*")
SPLIT_NUMBER = re.compile(rf"^(?P<marker>{_NUMBER})\s*(?P<name>.*)$")
SENTENCE_END = "。！？!?；;"
# A table of contents laid out one entry a line, as English manuals have it: `1. Purpose ........ 3`,
# `Section 4 Procedure 12`, `QP-07-01 Control of Records .... 15`, 「第一章 总则……3」.
LINE_ENTRY = re.compile(r"^(?P<title>.{0,100}?[^\W\d_].{0,100}?)\s*(?:(?P<leader>[.·_\-–—]{3,}|…{2,})\s*|\s+)"
                        r"(?P<page>\d{1,3}|[ivxlc]{1,6})$")
TITLE_LINE = re.compile(r"[^，,。；;：:！!？?]{2,40}")  # a manual's title line, without sentence punctuation


@dataclass(frozen=True)
class Entry:
    """One 目录 entry: its number as written (spaces removed), its title without the number, its kind, its code."""

    marker: str
    name: str
    kind: str  # "part" | "chapter" | "section" | "clause" | "annex" | "plain" | "coded"
    code: str = ""  # a coded 目录's entry: its document code (KF0301), read by `listing`

    @property
    def listed(self) -> tuple[str, str]:
        """(code, title) as `listing` names it: the number with the title when the entry has no code."""
        return (self.code, self.name) if self.code else ("", self.marker + self.name if self.marker != self.name
                                                         else self.name)


def _kind(marker: str) -> str:
    if not marker:
        return "plain"
    if marker.startswith("附"):
        return "annex"
    if marker.startswith("第"):
        return "part" if marker.endswith(("部分", "篇")) else "chapter"
    return "section" if marker.endswith("、") else "clause"


def entry(title: str) -> Entry:
    match = SPLIT_NUMBER.match(title.strip())
    if match and match.group("name").strip():
        marker = re.sub(r"\s+", "", match.group("marker"))
        return Entry(marker, match.group("name").strip(), _kind(marker))
    if match:  # 「附表」「附录 1」: the number is the whole title
        marker = re.sub(r"\s+", "", match.group("marker"))
        return Entry(marker, marker, "annex")
    return Entry("", title.strip(), "plain")


def _chain(text: str, start: int) -> tuple[list[tuple[str, str]], int]:
    """Consecutive entries from `start`: (title, page) each, and where the last one ends."""
    found: list[tuple[str, str]] = []
    position = start
    while (match := ENTRY.match(text, position)) is not None:
        page = match.group("leader") or match.group("paren") or match.group("bare")
        found.append((match.group("title").strip(), page))
        position = match.end()
    return found, position


def coded_entries(coded: Sequence[tuple[str, str]]) -> list[Entry]:
    """A coded 目录's (code, title) entries as `listing` reads them; a code heading a group (KF03) is a part."""
    groups = group_codes(coded)
    return [Entry("", title, "part" if code in groups else "coded", code) for code, title in coded]


def find(text: str) -> tuple[int, int, list[Entry]] | None:
    """The 目录 in one line: (start, end, entries), or None. After the word 目录 two entries suffice;
    without it, three from the start of the line, the first with leader dots or a (page) number. A 目录 whose
    entries carry codes gives them with kind "coded" (three at least)."""
    for keyword in KEYWORD.finditer(text):
        coded, end = coded_listing(text, keyword.start())
        if coded:
            return keyword.start(), end, coded_entries(coded)
        found, end = _chain(text, keyword.end())
        if len(found) >= 2:
            return keyword.start(), end, [entry(t) for t, _ in found if KEYWORD.fullmatch(t) is None]
    first = ENTRY.match(text)
    if first is not None and not first.group("bare"):
        found, end = _chain(text, 0)
        if len(found) >= 3:
            return 0, end, [entry(t) for t, _ in found]
    return None


def contents_lines(lines: Sequence[Line]) -> int:
    """How many lines from the first are a table of contents laid out one entry a line: its heading (Contents,
    目录) and two entries or more, or without a heading three entries with leader dots or more; else 0."""
    def entry(index: int) -> re.Match[str] | None:
        line = lines[index] if index < len(lines) else None
        return LINE_ENTRY.match(line.text) if line and line.block is None and not line.mark else None

    if cover.is_contents_heading(lines[0].text):
        start = 1
    elif all((match := entry(index)) and match["leader"] for index in range(3)):
        start = 0
    else:
        return 0
    end = start
    while entry(end):
        end += 1
    return end if end - start >= 2 else 0


def repeated_contents(lines: Sequence[Line]) -> int:
    """How many lines from the first are a 目录 whose entries carry no page numbers: its heading (目录, Contents)
    over title lines, up to the line that repeats the first of them, when every entry stands again later as a
    line of its own (or glued to its first clause, `_comes_back`), in order — the headings the 目录 lists; else 0
    (the lines are text)."""
    def key(line: Line) -> str:
        return re.sub(r"\s+", "", line.text) if line.block is None and not line.mark else ""

    if not cover.is_contents_heading(lines[0].text):
        return 0
    titles: list[str] = []
    for line in lines[1:]:
        if not key(line) or not TITLE_LINE.fullmatch(line.text.strip()) \
                or any(_comes_back(title, key(line)) for title in titles):
            break
        titles.append(key(line))
    end = 1 + len(titles)
    later = iter(key(line) for line in lines[end:])
    return end if len(titles) >= 2 and all(any(_comes_back(title, text) for text in later) for title in titles) else 0


def _comes_back(title: str, text: str) -> bool:
    """Whether a later line (spaces removed) is the 目录 title standing again: the whole line, or — a numbered
    title (第三章 服务规范, 三、服务规范) — the start of a line whose text is glued behind it, when that text opens with
    a clause number (「第三章 服务规范 3.1 …」) as the chapter's first clause does."""
    if text == title:
        return True
    return bool(SPLIT_NUMBER.match(title)) and text.startswith(title) and re.match(
        r"\d{1,2}[.．]\d", text[len(title):]) is not None


def line_entries(lines: Sequence[Line]) -> list[Entry]:
    """The entries of a 目录 laid out one entry a line (its heading left out), page numbers and leaders removed."""
    return [entry(match["title"]) for line in lines if (match := LINE_ENTRY.match(line.text))]


def _cuts(entries: list[Entry]) -> bool:
    """Whether a 目录 laid out one entry a line cuts the text after it: when its documents are chapters or 一、
    sections, as a 目录 on one line does; one of plain titles (an English `1. Purpose …… 3`, whose sections are
    not documents) or of clause numbers is only left out."""
    return bool(entries) and bool(document_kinds(entries) & {"chapter", "section", "coded"})


def document_kinds(entries: list[Entry]) -> set[str]:
    """Which entries start documents: chapters if there are any, else 一、 sections, else plain titles
    when most entries are plain — each with the annexes (附表, 附录 1); a 目录 of clause numbers (1.0, 4.1)
    cuts nothing."""
    kinds = [e.kind for e in entries]
    if "coded" in kinds:  # a 目录 of codes: each document begins at its code and title
        return {"coded"}
    if "chapter" in kinds:
        return {"chapter", "annex"}
    if "section" in kinds:
        return {"section", "annex"}
    if kinds.count("plain") * 2 > len(kinds):
        return {"plain", "annex"}
    return set()


def _code(item: Entry) -> str:
    """A coded entry's code as a pattern: any dash, spaces or none between its characters."""
    return r"\s*".join(DASHES.pattern if DASHES.fullmatch(c) else re.escape(c) for c in item.code)


def _heading(item: Entry) -> re.Pattern[str]:
    name = re.escape(item.name)
    if item.code:  # 「DY/AQ-001 安全组织架构图」 or 「客服部經理崗位說明書 KF0301」, any dash, spaces or none
        code = _code(item)
        return re.compile(rf"{code}\s*{name}|{name}\s*{code}(?!\d)")
    if item.kind == "plain":
        return re.compile(rf"(?:^|(?<=[{SENTENCE_END}\d]))\s*{name}")
    if item.kind == "annex" and item.name == item.marker:
        return re.compile(r"\s*".join(map(re.escape, item.marker)) + r"(?![\d\u4e00-\u9fff])")
    marker = r"\s*".join(map(re.escape, item.marker))
    return re.compile(rf"{marker}\s*{name}")


def _suffix_heading(item: Entry, text: str) -> int:
    """A plain title the text shortens at a line start (目录 「服务标准化工作手册说明」, text 「工作手册说明」)."""
    if item.kind != "plain" or len(item.name) < 6:
        return 0
    for size in range(len(item.name) - 1, 3, -1):
        if text.startswith(item.name[-size:]):
            return size
    return 0


def _differences(a: str, b: str) -> int:
    """How many characters must be added, removed or changed to make `a` into `b` (Levenshtein)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def _allowed(name: str) -> int:
    """How many characters a heading may differ from its coded 目录 title (「客服經理助理崗位說明書」 listed,
    「客服部經理助理崗位說明書」 standing): two, and one for a title under eight characters — a word added, dropped or
    misspelt, never a different document, since the code must agree as well."""
    return 0 if len(name) < 4 else 1 if len(name) < 8 else 2


def _near_coded(item: Entry, text: str, position: int) -> tuple[int, int, str] | None:
    """(start, end, title as the heading has it) of a coded entry's heading whose title differs a little from
    the 目录's (`_allowed`): its code standing at the title's end or start, as `_heading` reads it, the title
    beside it the nearest text of about the 目录 title's length without sentence punctuation."""
    allowed = _allowed(item.name)
    if not allowed:
        return None
    sizes = range(max(2, len(item.name) - allowed), len(item.name) + allowed + 1)
    for code in re.finditer(rf"(?<![A-Za-z]){_code(item)}(?!\d)", text[position:]):
        start, end = position + code.start(), position + code.end()
        before = text[position:start].rstrip()
        after = end + len(text[end:]) - len(text[end:].lstrip())
        # (differences, longer first, start, end): the title before the code, or after it
        candidates = [(_differences(item.name, before[-size:]), -size, position + len(before) - size, end,
                       before[-size:]) for size in sizes if size <= len(before) and _title_like(before[-size:])]
        candidates += [(_differences(item.name, text[after:after + size]), -size, start, after + size,
                        text[after:after + size]) for size in sizes
                       if after + size <= len(text) and _title_like(text[after:after + size])]
        best = min(candidates, default=None)
        if best is not None and best[0] <= allowed:
            return best[2], best[3], best[4]
    return None


def _title_like(text: str) -> bool:
    return not set(text) & set(SENTENCE_END + "，,：:")


def _next_heading(text: str, position: int, pending: list[Entry]) -> tuple[int, int, int, str] | None:
    """(entry index, start, end, title) of the first pending entry found from `position`, in 目录 order: a coded
    entry also where its code stands with a title differing a little from the 目录's (`_near_coded`), the title
    then as the heading has it."""
    for number, item in enumerate(pending):
        match = _heading(item).search(text, position)
        if match is not None:
            return number, match.start(), match.end(), item.name
        if item.code and (near := _near_coded(item, text, position)) is not None:
            return number, *near
        if number == 0 and position == 0 and (size := _suffix_heading(item, text)):
            return number, 0, size, item.name
    return None


def apply(lines: list[Line], display: str, notes: list[Note]) -> list[Line]:
    """The lines with every 目录 taken out and the text after it cut where its documents begin:
    a cut line carries `mark` "document" (or "part") and `title`; the text before a 目录 (the
    manual's cover) and a short title line above it carry `mark` "cover"; the line after a 目录 carries
    the 目录's titles in `toc`."""
    out: list[Line] = []
    pending: list[Entry] = []  # entries of the last 目录 that start documents, not yet found in the text
    missing: list[Entry] = []
    current: list[Entry] = []  # the last 目录's entries
    coded: list[tuple[int, list[tuple[str, str]]]] = []  # each coded 目录's line and (code, title) entries
    held: list[Entry] = []  # the last 目录's forms the text holds: left where they stand, no document of their own
    forms: set[tuple[str, str]] = set()  # the last 目录's forms, as `listing` tells them
    where = 0

    def cutting(entries: list[Entry], number: int) -> None:
        """The text after this 目录 is cut where its documents begin (any 目录's, one line or one entry a
        line): the last 目录's entries not found are reported, its title line above is the cover. A form among
        the entries that would cut (附表一 来访登记表 among the annexes) is looked for, but cuts nothing."""
        nonlocal missing, current, pending, where, held, forms
        _report(notes, display, where, missing + pending, current, held)
        missing, current, held = [], entries, []
        if entries[0].code:  # found by its code anywhere in the text, whatever title the heading there has
            coded.append((number, [e.listed for e in entries]))
        kinds = document_kinds(entries)
        forms = listed_forms([e.listed for e in entries])
        pending = [e for e in entries if e.kind in kinds or (kinds and e.kind == "part")]
        where = number
        notes.append(Note(display, number, t("import.toc", count=len(entries)), t("import.index.contents"),
                          "\n".join(f"- {visible(' '.join(e.listed).strip())}" for e in entries)))
        if out and out[-1].block is None and not out[-1].mark and TITLE_LINE.fullmatch(out[-1].text):
            out[-1] = Line(out[-1].number, out[-1].text, mark="cover")  # the manual's title line

    queue = deque(lines)
    while queue:
        line = queue.popleft()
        if line.block is not None or line.mark:
            out.append(line)
            continue
        if size := contents_lines([line, *islice(queue, 0, 500)]):
            taken = [line] + [queue.popleft() for _ in range(size - 1)]
            heading = cover.is_contents_heading(line.text)
            codes = coded_listing(" ".join(item.text for item in taken))[0]
            if _cuts(entries := coded_entries(codes) if codes else line_entries(taken[1:] if heading else taken)):
                cutting(entries, line.number)
                continue
            notes.append(Note(display, line.number, t("import.contents", count=size - 1 if heading else size,
                                                      first=line.number, last=taken[-1].number)))
            continue
        if size := repeated_contents([line, *islice(queue, 0, 2000)]):  # its titles are the headings: they cut
            cutting([entry(queue.popleft().text) for _ in range(size - 1)], line.number)
            continue
        found = find(line.text)
        if found is not None:
            begin, end, entries = found
            cutting(entries, line.number)
            if before := line.text[:begin].strip():
                out.append(Line(line.number, before, mark="cover"))
            rest = line.text[end:].strip()
            if rest:
                queue.appendleft(Line(line.number, rest, toc=tuple(e.name for e in entries)))
            continue
        text, position = line.text, 0
        cuts: list[tuple[int, int, Entry, str]] = []
        while pending and (hit := _next_heading(text, position, pending)) is not None:
            number, start, stop, title = hit
            missing += pending[:number]
            if pending[number].listed in forms:
                held.append(pending[number])
            else:
                cuts.append((start, stop, pending[number], title))
            del pending[: number + 1]
            position = stop
        if not cuts:
            out.append(line)
            continue
        if text[: cuts[0][0]].strip():
            out.append(Line(line.number, text[: cuts[0][0]].strip(), toc=line.toc))
        for number, (start, stop, item, title) in enumerate(cuts):
            out.append(Line(line.number, text[start:stop].strip(), mark="part" if item.kind == "part" else "document",
                            title=title))
            following = cuts[number + 1][0] if number + 1 < len(cuts) else len(text)
            if text[stop:following].strip():
                out.append(Line(line.number, text[stop:following].strip()))
    _report(notes, display, where, missing + pending, current, held)
    seen = "\n".join(item.text for item in out if item.block is None)
    for number, listing in coded:
        report_missing(notes, display, number, absent_codes(listing, seen), listing)
    return out


def _report(notes: list[Note], display: str, line: int, absent: list[Entry], listed: list[Entry],
            held: list[Entry]) -> None:
    """Name the entries of a 目录 of titles the text does not hold (a 第X部分 group never; a coded entry is looked
    for by its code), and the forms it lists that the text holds (`held`)."""
    report_missing(notes, display, line, [e.listed for e in absent if e.kind != "part" and not e.code],
                   [e.listed for e in listed], [e.listed for e in held])
