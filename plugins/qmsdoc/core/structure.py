"""A line-level scan of a document body: headings, clause numbers and `[[ID]]` references with lines.

Rules need line numbers the Markdown renderer does not keep, so this scan is the rules' view of
the body; the rendered HTML (render.py) is what readers see.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder

from .codes import CODE_TOKEN, normalise
from .dialect import DEFAULT_EXTENSIONS, Dialect
from .fences import quote_depth
from .mdlinks import (
    REF_PATTERN,
    code_blanked,
    has_reference_opener,
    inner_text,
    is_fence,
    item_heading_lines,
    item_lines,
    item_text_lines,
    lazy_lines,
    markdown_lines,
    paragraph_starts,
    parted_fences,
    prose,
    raw_html_lines,
    reference_written,
    setext_heading,
    shown_text,
    targets,
)

# Every pattern here runs on user text: each is linear (no nested or adjacent overlapping repeats).
HEADING = re.compile(r"^(#{1,6})(?:[ \t](.*))?$")
CLAUSE = re.compile(r"^(\d{1,2}(?:[ \t]*\.[ \t]*\d{1,2})+)(?![\d.])[ \t]*")
# `## 1. Purpose`: a top-level clause number written with a dot, as English and Markdown manuals write it
# (a heading only: in a body line `1. ` starts a list item).
HEADING_NUMBER = re.compile(r"^(\d{1,2})[.．](?=[ \t]|$)[ \t]*")
# Simplified and Traditional alike (第七条, 第七條; 两, 兩): a Taiwan manual is numbered the same way.
CN_CLAUSE = re.compile(r"^第([一二三四五六七八九十百零〇两兩\d]+)([章条條])")
# The other ways Chinese (and plain-text) manuals number a heading: `一、目的`, `一．目的`, `（一）目的`, `(1) Scope`,
# `1、目的`, `1）目的`, `1 目的` — none of them part of the section's name. Linear: each branch is a bounded
# run of digits or numerals followed by one fixed mark.
OTHER_NUMBER = re.compile(r"^(?:[（(][一二三四五六七八九十百零〇两兩\d]{1,4}[)）]"
                          r"|[一二三四五六七八九十百零〇两兩]{1,4}[、.．]"
                          r"|\d{1,3}(?:[、)）]|[ \t]+(?=\S)))[ \t]*")
# A heading numbered in Chinese numerals as a chapter: `第四章 服务规范`, `四、服务规范`, `四．`, `（四）服务规范`.
CN_HEADING_NUMBER = re.compile(r"^(?:第([一二三四五六七八九十百零〇两兩]{1,4})章"
                               r"|([一二三四五六七八九十百零〇两兩]{1,4})[、.．]"
                               r"|[（(]([一二三四五六七八九十百零〇两兩]{1,4})[)）])")
# The ways English manuals number a heading besides `1.` and `4.2`: `Section 1:`, `Clause 4.2 —`, `Part II.`,
# `A.`, `IV)` — no more part of the section's name than 第一章 or 一、 is. Linear: a fixed word, then one bounded
# run of digits (dotted) or numerals, then a mark or a space.
ENGLISH_NUMBER = re.compile(r"^(?:(?:section|clause|chapter|part|article)[ \t]+"
                            r"(?:\d{1,3}(?:\.\d{1,3}){0,3}|[ivx]{1,6}|[a-z])(?=[ \t.:：)–—-]|$)"
                            r"|(?:[a-z]|[ivx]{1,6})[.)](?=[ \t]))", re.IGNORECASE)
# The clause number among those: `Section 4.2`, `Clause 3:`, a number parted from the name by a dash (`1 – Purpose`).
# Not `Chapter 2` nor `Article 7`: each counts on its own, as 第二章 and 第七条 do, not as clause 2 or 7.
ENGLISH_CLAUSE = re.compile(r"^(?:(?:section|clause)[ \t]+(\d{1,2}(?:\.\d{1,2}){0,3})"
                            r"(?=[ \t.:：)–—-]|$)|(\d{1,2}(?:\.\d{1,2}){0,3})[ \t]+[–—-][ \t])", re.IGNORECASE)
# `## Chapter 2 General`, `### Article 7`: each numbered on its own, as 第二章 and 第七条 are (in a heading only:
# in running text `Article 5 of the contract` cites another text).
COUNTED = re.compile(r"^(chapter|article)[ \t]+(\d{1,3})(?=[ \t.:：)–—-]|$)", re.IGNORECASE)
# What stands between a heading's number and its name: `1 – Purpose`, `Section 1: Purpose`, `一、目的`.
_NUMBER_MARK = re.compile(r"^[、.．:：)\s–—-]+")
# A heading naming two sections at once: `目的和适用范围`, `职责与权限`, `Purpose and Scope`, `Records / Forms`.
SECTION_JOIN = re.compile(r"[与與和及、/&,，]|[ \t]and[ \t]", re.IGNORECASE)
REMOTE = re.compile(r"^<?(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # a URL of another host (`https://…`, `//…`)
# (Links, images, code, raw HTML and list items are read with the parse's grammar: mdlinks.py.)

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """第十二条 → 12. Handles the numbers policies use (1–999) and Arabic digits."""
    if text.isdigit():
        return int(text) if len(text) <= 9 else None  # no article is numbered in the billions
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    name: str
    line: int
    anchor: str | None = None  # the id its attr_list gives it (`## 目的 {#purpose}`), else the page slugs its text


@dataclass(frozen=True)
class Reference:
    raw: str
    code: str
    line: int
    section: str  # the `##` (or `#`) section it stands in
    subsections: tuple[str, ...] = ()  # the deeper headings it stands under, outermost first (`### 6.2 质量记录`)
    embed: bool = False  # written as Obsidian's embed `![[ID]]`


@dataclass(frozen=True)
class Clause:
    number: tuple[int, ...]
    text: str
    line: int
    heading: bool = False


@dataclass(frozen=True)
class BareCode:
    raw: str
    code: str
    line: int


@dataclass
class Structure:
    headings: list[Heading] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    chinese_clauses: list[tuple[str, int, str, int, bool]] = field(default_factory=list)  # 第N章/条, Chapter/Article N
    bare_codes: list[BareCode] = field(default_factory=list)
    # `[[QP-02-` / `03]]`: a reference a line break cuts in two, which the page shows as typed (QD130 tells it)
    broken_references: list[BareCode] = field(default_factory=list)
    # `[[ID]]` inside a raw HTML block (`<details>` without `markdown="1"`), which the page passes through as typed
    raw_html_references: list[BareCode] = field(default_factory=list)

    def section_names(self) -> set[str]:
        """Every heading's name (without its clause number) and the sections it joins, case-folded:
        `## 1. PURPOSE` names Purpose, `## 1.0 目的和适用范围` 目的 and 适用范围."""
        return {part.casefold() for h in self.headings for part in section_parts(h.name)}


def heading_text(rest: str | None) -> str:
    """The text of an ATX heading after its hashes: closing `#`s (after a space) and spaces removed.
    Done with string methods: the old regex `\\s*#*\\s*$` backtracked cubically on long space runs."""
    text = (rest or "").strip()
    closed = text.rstrip("#")
    if closed != text and (not closed or closed[-1] in " \t"):
        text = closed.rstrip()
    return text


def without_attributes(text: str) -> tuple[str, str | None]:
    """A heading's text as the page shows it, without attr_list's `{#id .class key=value}` at its end (the default
    dialect, as mdlinks reads it), and the id they give it: `1.0 目的 {#purpose}` → (`1.0 目的`, `purpose`). Read
    by attr_list's own pattern and scanner, so what it leaves as text (`{}`, `{#a} 与 {#b}`, an escaped `\\{`)
    stays in the name as on the page."""
    if not text.rstrip(" ").endswith("}"):
        return text, None  # most headings: the pattern is not run
    found = AttrListTreeprocessor.HEADER_RE.search(text)
    if found is None:
        return text, None
    if get_attrs_and_remainder(found.group(1))[1]:
        return text, None
    return text[:found.start()].rstrip("#").rstrip(), explicit_id(found.group(1))


def explicit_id(attributes: str) -> str | None:
    """The id an attr_list (`#purpose`, `: id="purpose" .x`) gives its element, if any."""
    found = None
    for key, value in get_attrs_and_remainder(attributes)[0]:
        if key in ("#", "id") and value is not None:
            found = value  # `{#id}` or `{: id="id" }`: the last one wins, as in the parse
    return found


def heading_name(text: str) -> str:
    """`4.0 程序要点` → `程序要点`; `第一章 总则` → `总则`; `1. Purpose` → `Purpose`; `一、目的`, `（一）目的`,
    `1、目的`, `1 目的`, `目的：` → `目的`; `Section 1: Purpose`, `1 – Purpose`, `A. Purpose`, `II. Purpose`,
    `Purpose:` → `Purpose`."""
    text = HEADING_NUMBER.sub("", CLAUSE.sub("", ENGLISH_NUMBER.sub("", text.strip())))
    text = re.sub(r"^第[一二三四五六七八九十百零〇两兩\d]+[章节節条條][ \t]*", "", text)
    text = OTHER_NUMBER.sub("", text)
    return _NUMBER_MARK.sub("", text).strip().rstrip(":：").rstrip()  # one class, one repeat: linear


def section_parts(name: str) -> list[str]:
    """A section's name and, for a heading that joins several (`目的和适用范围`), each of them."""
    return [name, *(part.strip() for part in SECTION_JOIN.split(name) if part.strip() and part.strip() != name)]


def _clause_parts(written: str) -> tuple[int, ...]:
    parts = tuple(int(p) for p in written.split("."))
    # "4.0" is the top-level clause 4 in the seeds' numbering.
    return parts[:-1] if len(parts) == 2 and parts[1] == 0 else parts


def clause_number(text: str) -> tuple[int, ...] | None:
    match = CLAUSE.match(text)
    return _clause_parts(match.group(1)) if match else None


def heading_clause(text: str) -> tuple[int, ...] | None:
    """A heading's clause number: `4.1`, `4.0` and also `4.` (clause 4), `Section 4.1`, `1 – Purpose`."""
    number = clause_number(text)
    if number is None and (match := HEADING_NUMBER.match(text)):
        number = (int(match.group(1)),)
    if number is None and (match := ENGLISH_CLAUSE.match(text)):
        number = _clause_parts(match.group(1) or match.group(2))
    return number


def _item_heading_text(lines: Sequence[tuple[int, str]], index: int, items: Mapping[int, str],
                       item_headings: frozenset[int]) -> list[str]:
    """The lines of an item's text under its own line (`lines[index]`) that an underline the list rewrite reads as
    the item's heading follows (`- 目的` / `  范围` / `  ---`: the heading `目的 范围`), each stripped; [] if none."""
    more: list[str] = []
    ahead = index + 1
    while ahead < len(lines) and lines[ahead][0] == lines[ahead - 1][0] + 1 and lines[ahead][1].strip() \
            and lines[ahead][0] not in items:
        if lines[ahead][0] in item_headings:
            return more
        more.append(quote_depth(lines[ahead][1])[1].strip())
        ahead += 1
    return []


def scan(body: str, first_line: int, link_code: Callable[[str], str | None] | None = None,
         dialect: Dialect = DEFAULT_EXTENSIONS) -> Structure:
    """The rules' view of a body. `link_code` maps a Markdown link target (`QP-02-01.md`) to the
    control number of the document it points at: such links count as references, like `[[ID]]`.
    Lines are read as the parse reads them (mdlinks.py): nothing in code, comments or raw HTML blocks is a
    heading or a clause, a setext heading (`目的` over `===`) is one, and a bare control number is one the page
    shows as prose. `dialect`: the project's (Config.dialect), which the page is parsed in."""
    out = Structure()
    section = ""
    subsections: list[tuple[int, str]] = []  # (level, name) of the open headings below the section
    lines = markdown_lines(body, first_line, dialect)
    items = item_lines(body, first_line, dialect)
    parted = parted_fences(body, first_line, dialect)  # closing fences the page sets apart: a block starts under one
    item_text = item_text_lines(body, first_line, dialect)  # lines the page reads without their indent
    item_headings = item_heading_lines(body, first_line, dialect)  # underlines under an item's own line
    lazy = lazy_lines(body, first_line, dialect)  # lines 4 columns in that go on with a paragraph
    body_lines = body.split("\n")
    raw = raw_html_lines(body, first_line, dialect)
    # References are what the parse reads as such: not in code (fenced, indented or spans) nor in comments.
    shown = dict(code_blanked(body, first_line, dialect)) if has_reference_opener(body) else {}
    linked: dict[int, list[str]] = {}
    if link_code is not None and (".md" in body or "&" in body):  # `QP-02-01&#46;md` is the link QP-02-01.md
        for target in targets(body, first_line, dialect):
            if target.kind == "a":
                linked.setdefault(target.line, []).append(target.target)
    # Blanking leaves no code the raw line lacks, but a character reference or an escape may make one
    # (`QP&#45;02-01`, `QP\-02-01` show QP-02-01): a body with none of them — most prose — is not read for them.
    seen = prose(body, first_line, dialect) if CODE_TOKEN.search(body) or "&" in body or "\\" in body else {}
    underline = 0  # the file line of a setext heading's underline, once its text line is read
    block_start = True
    depth = 0
    for index, (number, line) in enumerate(lines):
        if index == 0 or lines[index - 1][0] != number - 1:  # after code: a block starts, unless right after a fence
            block_start = number == first_line or not is_fence(body_lines[number - first_line - 1]) \
                or number - 1 in parted
        depth, quoted = quote_depth(line)[0], depth
        block_start = block_start or depth > quoted or number in items  # a quote or a list item opens a block
        if number in seen and CODE_TOKEN.search(seen[number]):
            for match in CODE_TOKEN.finditer(seen[number]):
                out.bare_codes.append(BareCode(match.group(0), normalise(match.group(0)), number))
        if number in raw or number == underline:
            if number in raw and has_reference_opener(line):  # passed through as written: the brackets show
                out.raw_html_references.extend(BareCode(ref, normalise(ref), number) for match in
                                               REF_PATTERN.finditer(line) if (ref := reference_written(match)))
            block_start = True
            continue
        stripped = line.strip()
        # a quote's, a list item's (as the page shows items: `a. ## 标题`, not `3. ## 标题` under a paragraph line), a
        # definition's or a footnote's own text
        inner = (inner_text(items[number], dialect=dialect) if number in items
                 else inner_text(line.lstrip(), items=False, dialect=dialect)).strip()
        following = lines[index + 1] if index + 1 < len(lines) else None
        heading = HEADING.match(inner) if number not in lazy else None  # `a` / `    # 目的`: the paragraph's
        level = len(heading.group(1)) if heading else 0
        written, anchor = without_attributes(heading_text(heading.group(2))) if heading else (stripped, None)
        # an item's own text (`1. 4.2 范围`, `a. 4.2 范围`); a line the page shows as text (`2025. 6 发布` under a
        # paragraph line, `i. e.`) is read whole
        text = shown_text(written) if heading else items[number].strip() if number in items else stripped
        # a text starts a block after a thematic break or a reference definition too, as the parse reads it
        # (paragraph_starts, asked only over an underline)
        own, under = quote_depth(line)[1], quote_depth(following[1])[1] if following is not None else ""
        if block_start and number in item_text and following is not None and following[0] in item_text:
            own, under = own.lstrip(" "), under.lstrip(" ")  # an item's block (under its code too), read without
            # its indent
        if number in items:  # an item's own line is a heading only over an underline the rewrite reads so: at its
            # text (the item's heading), or a numbered item's at its list's indent (the whole line, `2. Scope`)
            more = _item_heading_text(lines, index, items, item_headings)
            if more:  # the item's text over several lines above the underline (`- 目的` / `  范围` / `  ---`)
                following = lines[index + len(more) + 1]
                own, under = " ".join([items[number].strip(), *more]), quote_depth(following[1])[1].lstrip(" ")
            elif following is None or following[0] not in item_headings:
                own, under = "", ""
            elif under.startswith(" "):
                own, under = items[number].strip(), under.lstrip(" ")
        underlined = under.startswith(("=", "-"))
        if not heading and following is not None and (following[0] == number + 1 or number in items) \
                and (block_start or (underlined and number in paragraph_starts(body, first_line, dialect))) \
                and following[0] not in raw and quote_depth(following[1])[0] == depth \
                and (setext := setext_heading(own, under)):
            level, underline = setext, following[0]
            written, anchor = without_attributes(own.strip() if number in items else quote_depth(line)[1].strip())
            text = shown_text(written)
        if level:
            name = heading_name(text)
            out.headings.append(Heading(level, text, name, number, anchor))
            if level <= 2:
                section, subsections = name, []
            else:
                subsections = [(lv, n) for lv, n in subsections if lv < level] + [(level, name)]
        if level or (block_start and not line.startswith((" ", "\t", "-", "*", "+", "|"))):
            clause = heading_clause(text) if level else clause_number(text)
            if clause:
                out.clauses.append(Clause(clause, text[:30], number, heading=bool(level)))
            cn = CN_CLAUSE.match(text)
            if cn and (value := chinese_number(cn.group(1))) is not None:
                out.chinese_clauses.append((cn.group(2), value, text[:20], number, bool(level)))
            elif level and (counted := COUNTED.match(text)):
                out.chinese_clauses.append((counted.group(1).capitalize(), int(counted.group(2)), text[:20], number,
                                            True))
        if has_reference_opener(shown.get(number, "")):
            out.broken_references.extend(_broken_references(shown[number], shown.get(number + 1, ""), number))
            for match in REF_PATTERN.finditer(shown[number]):
                if (ref := reference_written(match)) is not None:
                    out.references.append(Reference(ref, normalise(ref), number, section,
                                                    tuple(n for _, n in subsections), bool(match.group("bang"))))
        for written in linked.get(number, ()):
            code = link_code(written) if link_code is not None else None
            if code is not None:
                out.references.append(Reference(written, code, number, section, tuple(n for _, n in subsections)))
        block_start = not inner or bool(heading)  # the next line starts a block
    return out


def _broken_references(text: str, following: str, number: int) -> Iterator[BareCode]:
    """The references opened on a line (`text`, file line `number`) and closed on the next (`following`): the
    reader takes none over a line break (a paragraph's lines may be any blocks' lines), so the page shows them as
    typed."""
    joined = f"{text} {following}"
    for match in REF_PATTERN.finditer(joined):
        if match.start() < len(text) < match.end() and (written := reference_written(match)) is not None:
            yield BareCode(written, normalise(written), number)


def prose_lines(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) -> Iterator[tuple[int, str]]:
    """Each body line the parse reads in `dialect` (not code, not comments), with its file line and code spans
    blanked: the text the safety rules read for HTML and attributes (code is shown, never followed)."""
    return iter(code_blanked(body, first_line, dialect))
