"""The Markdown dialect documents are written in: Material users' extensions, plus how people really
write lists (nested by 2 or 4 spaces, started right under a paragraph) and CommonMark escapes, and the callouts
other teams write (GitHub's `> [!NOTE]`, Docusaurus' and VitePress' `:::tip 标题` … `:::`) as admonitions.

The list handling is our own small preprocessor rather than mdx-truly-sane-lists: that package
fixes the 2-space indent but not a list that starts without a blank line, and one line-based pass
that does both is easier to reason about than two extensions patching the same block processor.
"""

from __future__ import annotations

import re
import string
import threading
import xml.etree.ElementTree as etree
from typing import Any, NamedTuple, cast

import markdown
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from . import htmlblocks
from .fences import ITEM_MARKER, Fences, Minimums
from .i18n import message

# The dialect when qmsdoc.yml does not name one (`markdown_extensions`). `abbr` too: an English team defines
# `*[CAPA]: Corrective and preventive action` under its text, and without it that line showed as written.
DEFAULT_EXTENSIONS: tuple[str, ...] = (
    "tables", "toc", "sane_lists", "admonition", "footnotes", "def_list", "attr_list", "md_in_html", "abbr",
    "pymdownx.superfences", "pymdownx.details", "pymdownx.tasklist", "pymdownx.tilde", "pymdownx.caret",
    "pymdownx.mark", "pymdownx.magiclink", "pymdownx.fancylists",
)
# The project's dialect as the check's line readers are given it (Config.dialect, the names render.py parses with):
# hashable, so their memoised readings are kept apart per dialect.
Dialect = tuple[str, ...]
# Every extension a project may choose from, with the settings qmsdoc needs for it.
SUPPORTED: dict[str, dict[str, Any]] = {
    "tables": {}, "sane_lists": {}, "admonition": {}, "def_list": {}, "attr_list": {}, "md_in_html": {}, "abbr": {},
    # `# ` sections too (site/plugin.py puts them under the page title); slugify is set in render.py (a callable
    # cannot live in YAML)
    "toc": {"toc_depth": "1-4"},
    "footnotes": {},  # BACKLINK_TITLE comes from the language catalogue (render.py)
    "pymdownx.superfences": {}, "pymdownx.details": {}, "pymdownx.tasklist": {}, "pymdownx.tilde": {},
    "pymdownx.caret": {}, "pymdownx.mark": {}, "pymdownx.magiclink": {}, "pymdownx.keys": {},
    "pymdownx.smartsymbols": {}, "pymdownx.betterem": {}, "pymdownx.highlight": {}, "pymdownx.inlinehilite": {},
    # `a.` `b)` `A.  ` (two spaces: `A. 总则` stays text) `iv.` `II)` lists, as `<ol type="a">`; no `#.` (a `#` at a
    # line's start is a heading or, with no space, text — `_literal_hash`)
    "pymdownx.fancylists": {"additional_ordered_styles": ["roman", "alpha"]},
}
# MkDocs adds these to every site itself; they say nothing about what the author chose.
MKDOCS_BUILTIN = frozenset({"toc", "tables", "fenced_code"})
# Names that mean the same extension.
ALIASES = {"fenced_code": "pymdownx.superfences", "codehilite": "pymdownx.highlight"}


def canonical_name(name: str) -> str:
    """`markdown.extensions.tables` → `tables`; `pymdownx.superfences` stays as is."""
    return name.removeprefix("markdown.extensions.")


_ITEM = re.compile(rf"^( *)({ITEM_MARKER})(?:[ \t]|$)")
# With fancylists, a lettered or roman item too (`a.` `b)` `iv.` `II)`), read as pymdownx reads one: a capital letter
# with a dot only before two spaces (`A.  总则`), so `A. 总则`, a paragraph's heading-like line, stays text.
_FANCY_ITEM = re.compile(rf"^( *)({ITEM_MARKER}|[a-z][.)]|[ivxlcdm]{{2,9}}[.)]|[IVXLCDM]{{2,9}}[.)]"
                         r"|[A-Z](?:\)|\.(?=[ ]{2})))(?:[ \t]|$)")
# The markers a lettered or roman list may start with under a paragraph line (CommonMark lets only `1.` do so).
_FANCY_FIRST = frozenset({"a", "A", "i", "I"})
_FENCE = re.compile(r"^ *(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}> ?")
# Between two quotes a blank line apart: Python-Markdown would append the second to the first; an empty
# comment (dropped by the allow-list) makes them two, as CommonMark and every other editor shows them.
QUOTE_BREAK = "<!-- -->"
# Python-Markdown's setext underline (SetextHeaderProcessor): under a quote's lazy line it made `> 引用` the heading
_UNDERLINE = re.compile(r"^(?:=+|-+) *$")
# A thematic break (`---`, `* * *`, `___`): in CommonMark never a setext heading's text — `---` under it is a second
# break — where Python-Markdown's setext pattern made `---` over `---` a heading reading `---`.
_THEMATIC = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")


def thematic_break(line: str) -> bool:
    """Whether `line` is a thematic break (`---`, `***`, `_ _ _`), which no underline makes a heading."""
    return _THEMATIC.match(line) is not None


# A `#` run that does not open a heading in CommonMark (no space after it, or more than six): `#3号楼`, `#tag`.
# Python-Markdown would make it one — even inside a list item — while the rules' line scan (structure.py) does not.
_BARE_HASH = re.compile(r"#{7,}|#{1,6}(?![ \t#]|$)")


def _literal_hash(text: str) -> str:
    """`#目的` → `\\#目的`: shown as written, as every CommonMark editor shows it, not as a heading."""
    return "\\" + text if _BARE_HASH.match(text) else text


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


# A table's delimiter row (`|---|:--:|`, `--- | ---`): the line that makes the lines above and below a table.
_DELIMITER_ROW = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_TABLE_READER = cast(TableProcessor, markdown.Markdown(extensions=["tables"]).parser.blockprocessors["table"])
# (the parse's own test and row reading)
_TABLE_LOCK = threading.Lock()


def _shifted(line: str, shift: int) -> str:
    """A fenced code line moved as its opening line was: Python-Markdown reads a fence in a list item only when
    its lines keep the opening's indent (else `` ``` `` became inline code, the block and its language lost)."""
    if shift > 0:
        return " " * shift + line if line.strip() else line
    return line[min(-shift, _indent(line)):]


# An ATX heading's opening (`## 目的`, and `  ## 目的`: up to 3 spaces before it, CommonMark): in CommonMark it
# interrupts a paragraph, inside a list item too.
ATX = re.compile(r"[ ]{0,3}#{1,6}(?:[ \t]|$)")


def opens_table(line: str, following: str) -> bool:
    """Whether a line is a table's header row: the line right above a delimiter row (`|---|:--:|`) of as many cells,
    read by the tables extension's own test (`| [a|b](x.md) | c |` over `|---|---|` has three: no table, a
    paragraph on the page)."""
    if "|" not in line or "|" not in following or not _DELIMITER_ROW.match(following.lstrip(" ")):
        return False  # most lines
    with _TABLE_LOCK:  # the reader keeps the row's borders on itself while it tests
        return bool(_TABLE_READER.test(etree.Element("div"), f"{line}\n{following}"))


def lost_cells(header: str, delimiter: str, row: str) -> tuple[int, list[str]]:
    """A table's number of columns and the cells of its `row` past them — the parse shows a row as many cells as the
    delimiter row has and drops the rest (GFM too) — read by the tables extension itself (its borders, escaped and
    code-span pipes)."""
    with _TABLE_LOCK:
        _TABLE_READER.test(etree.Element("div"), f"{header.strip(' ')}\n{delimiter.strip(' ')}")
        columns = len(_TABLE_READER.separator)
        cells: list[str] = _TABLE_READER._split_row(row.strip(" "))  # type: ignore[attr-defined]  # (not in the stubs)
    return columns, [cell.strip(" ") for cell in cells[columns:]]


def _interrupts(content: str, previous: str, following: str) -> bool:
    """Whether a line under a paragraph line starts a block of its own — a heading, a quote or a table — as
    CommonMark (and GFM, for tables) reads it. Python-Markdown reads such a line inside a list item, and a table
    anywhere, as more of the paragraph: `## 质量记录`, `> 注意` or `| a | b |` was shown as typed."""
    if ATX.match(content):
        return True
    if content.startswith(">"):
        return not previous.lstrip(" ").startswith(">")
    return opens_table(content, following)


def _parted(stack: list[int], line: str) -> bool:
    """Whether a fenced block opening at `line` gets a blank line before it and after its closing line, if text
    touches it: a fenced block stands on its own (CommonMark), where superfences leaves its placeholder in the lines
    around it — `<div class="highlight">` inside the paragraph (`<p>`) or the setext heading (`<h1>`, over `===`) of
    its neighbours. Not in a list item (`stack`, the open levels): a blank line there makes a tight list loose, and
    the item's text (`<li>`) holds the block well — a loose item's text is a `<p>` (`_Looseness`), read after the
    rewrite; nor at 4 spaces or more (indented code once a blank line is above it)."""
    return not stack and _indent(line) < 4


def _level(line: str) -> int:
    """A rewritten line's list level as Python-Markdown reads it: its indent in steps of 4 spaces."""
    return _indent(line) // 4


def _same_list(line: str, item: str, items: re.Pattern[str]) -> bool:
    """Whether `line` is an item of the same list as the item line `item` would be, read after a blank line: a
    bulleted, numbered, lettered or roman list goes on only with its own kind (fancylists, in either case of
    letters); without fancylists any list goes on with any item."""
    found, own = items.match(line), items.match(item)
    if found is None or own is None:
        return False
    if items is _ITEM:
        return True
    mark, own_mark = found.group(2), own.group(2)
    return _kind(mark) == _kind(own_mark) and mark[0].isupper() == own_mark[0].isupper()


class _Looseness:
    """Whether Python-Markdown wraps the text around fenced code in a list item in a paragraph (`<p>`), which then
    holds the code's `<div>` (invalid HTML, the text after it glued to the code), read on the rewritten lines `out`
    (`inside`: the lines within fenced code, which superfences takes out before the blocks are read). The code is
    not in its item's first block (a blank line above it: a block read outside the list's tight state); or the item
    is loose — its first block opens after a blank line under its own list (`looselist`), or a block after a blank
    line goes on with the item or its list (the item's text is moved into a `<p>`). Each line is read once for a
    body: an item with thousands of fences is read in linear time."""

    def __init__(self, out: list[str], inside: frozenset[int], items: re.Pattern[str]) -> None:
        self.out, self.inside, self.items = out, inside, items
        self.blank = [not line.strip() and row not in inside for row, line in enumerate(out)]
        self.next_blank = [len(out)] * (len(out) + 1)  # the first blank line at or after each line
        for row in range(len(out) - 1, -1, -1):
            self.next_blank[row] = row if self.blank[row] else self.next_blank[row + 1]
        self.item_levels = Minimums([_level(line) if row not in inside and items.match(line) else 1 << 20
                                     for row, line in enumerate(out)])
        self.read: dict[tuple[int, int], bool] = {}  # by item line and the blank line ending the code's block

    def loose(self, item: int, opening: int, closing: int) -> bool:
        """For the fence at `opening` to `closing` in the item whose line is at `item` (indexes in `out`)."""
        if self.next_blank[item + 1] < opening:
            return True
        block_end = self.next_blank[closing + 1]
        key = (item, block_end)
        if key not in self.read:
            self.read[key] = self._opens_loose(item) or self._goes_on(item, closing, block_end)
        return self.read[key]

    def _opens_loose(self, item: int) -> bool:
        """The item opens a block under a blank line, and an item of its own list is above it at its level."""
        out, marker, row = self.out, _level(self.out[item]), item - 1
        if row < 0 or not self.blank[row]:
            return False
        while row >= 0:
            while row >= 0 and (not out[row].strip() or row in self.inside):
                row -= 1
            while row > 0 and not self.blank[row - 1]:
                row -= 1  # the block's first line
            if row < 0 or _level(out[row]) <= marker:
                return row >= 0 and _level(out[row]) == marker and _same_list(out[row], out[item], self.items)
            row -= 1
        return False

    def _goes_on(self, item: int, closing: int, block_end: int) -> bool:
        """A block after the code's, under a blank line, goes on with the item (at its text's level) or its list."""
        out, marker = self.out, _level(self.out[item])
        if self.item_levels.first_below(closing, marker + 1) < block_end:
            return False  # an item at its level or above ends it in the code's block
        row = block_end
        while row < len(out):
            while row < len(out) and (self.blank[row] or row in self.inside or not out[row].strip()):
                row += 1
            if row == len(out):
                return False
            level = _level(out[row])
            if level == marker + 1 or (level == marker and _same_list(out[row], out[item], self.items)):
                return True
            if level <= marker:
                return False
            end = self.next_blank[row]
            if self.item_levels.first_below(row, marker + 1) < end:
                return False
            row = end
        return False


def _kind(marker: str) -> str:
    """A list marker's kind: `-` bulleted, `1` numbered, `a` lettered or roman (fancylists)."""
    return "-" if marker[0] in "-*+" else "1" if marker[0].isdigit() else "a"


def _lettered(item: re.Match[str] | None) -> bool:
    """Whether a line (or an item's text) begins with a lettered or roman marker (`e. g.`, `B. Smith`)."""
    return item is not None and _kind(item.group(2)) == "a"


# A line after which the next line would continue a paragraph: not blank, a heading, a table row, a quote, a fence,
# a callout's opening, raw HTML or a thematic break (under those, a list may start at any number).
_NOT_PARAGRAPH = re.compile(r"(?:#{1,6}(?:[ \t]|$)|[|>]|`{3,}|~{3,}|:{3,}|!!!|\?\?\?|<|(?:[-=*_][ \t]*){3,}$)")


def _paragraph_line(line: str, items: re.Pattern[str]) -> bool:
    """Whether `line` is a paragraph's text (an item's own text too): a line under it that begins like an item
    interrupts it only at a list's first marker (CommonMark)."""
    item = items.match(line)
    text = line[item.end():] if item else line.lstrip(" ")
    return bool(text.strip()) and not _NOT_PARAGRAPH.match(text)


def _outer_underline(content: str) -> str:
    """An underline (`---`, `===`) at an outer item's text under a nested item's paragraph, as CommonMark reads it:
    no setext heading across the nested list (the paragraph is not in the underline's container), so `---` is a
    thematic break in the outer item (written `***`, which Python-Markdown never reads as an underline) and `===`
    (`--`) more of the nested paragraph, a lazy line (escaped). Python-Markdown made `- b` the heading."""
    return "***" if thematic_break(content) else "\\" + content


def _placed(stack: list[int], indent: int) -> tuple[int, bool]:
    """Where an item at `indent` goes among the open list levels (their source indents): how many of them it stays
    inside, and whether it is an item of the last of those (a sibling at about its indent) rather than a new list."""
    level = len(stack)
    while level and indent < stack[level - 1] - 1:  # it backs out of deeper levels
        level -= 1
    return level, bool(level) and abs(indent - stack[level - 1]) < 2


def list_items(lines: list[str], fancy: bool = True, markdown_inside: bool = True) -> dict[int, tuple[str, str]]:
    """The lines the page shows as list items, by index: (the marker as written, `1.` `b)` `-`, the item's text).
    The list rewrite's own reading (ListLines), so the check's line readers see the items the page shows: `2025. 6
    发布` under a paragraph line, `i. e.` and an item's `e. g.` are text; `a.` `iv.` items are items with fancylists
    (the default dialect). Lines of a block quote count, their text read without the `>`."""
    return list_reading(lines, fancy, markdown_inside)[0]


class ListReading(NamedTuple):
    """The list rewrite's reading of a body's lines (ListLines), each by its index."""

    items: dict[int, tuple[str, str]]  # its items (`list_items`)
    parted: frozenset[int]  # closing lines of the fences set apart from the text around them (`_parted`, `_loose`)
    item_text: frozenset[int]  # lines moved to an item's text column, which the page reads without their indent
    item_headings: frozenset[int]  # underlines that make an item's own line its heading (`- 目的` over `  ---`)
    deep: frozenset[int]  # lines under an item 4 or more columns past its text: indented code or a lazy line
    deep_apart: frozenset[int]  # deep lines set apart from the item's text above them: they open indented code
    raw_in_items: frozenset[int]  # raw HTML lines past an open list's margin, passed as written: the list goes on


def list_reading(lines: list[str], fancy: bool = True, markdown_inside: bool = True) -> ListReading:
    """The list rewrite's reading of `lines` (ListLines, `ListReading`): after a closing fence it sets apart the
    page starts a block of its own — `目的` over `===` there is a heading, not more of a paragraph the code sits in."""
    reader = ListLines(fancy=fancy, markdown_inside=markdown_inside)
    reader.run(lines)
    return ListReading(reader.found, frozenset(reader.parted), frozenset(reader.item_text),
                       frozenset(reader.item_headings), frozenset(reader.deep), frozenset(reader.deep_apart),
                       frozenset(reader.raw_in_items))


class ListLines(Preprocessor):
    """Rewrite list indentation to Python-Markdown's 4 spaces per level, `1)` markers as `1.`, and put a
    blank line before a list that starts directly under a paragraph line — inside block quotes too, and
    keep two quotes a blank line apart as two quotes. With fancylists (`fancy`), lettered and roman items are
    items too. A line that only begins like an item stays text (`_held`): a new lettered list starts only at its
    first marker (`a.` `i.`), a new list under a paragraph line only at `1.` too, and `i. e.` is no list."""

    def __init__(self, md: markdown.Markdown | None = None, fancy: bool = False,
                 markdown_inside: bool | None = None) -> None:
        super().__init__(md)
        self.items = _FANCY_ITEM if fancy else _ITEM
        self.found: dict[int, tuple[str, str]] = {}  # what the last run read as items (list_items)
        self.markdown_inside = markdown_inside  # md_in_html's `markdown` attribute read (None: as `md` has it)
        self.raw: frozenset[int] = frozenset()  # the lines of raw HTML blocks in the last run's text
        self.fences = Fences([])  # where the last run's fences close, as superfences reads them (fences.py)
        self.source: list[str] = []  # the last run's lines, quote marks and all
        self.parted: set[int] = set()  # the closing lines of the last run's fences set apart from their text (_parted)
        self.loose: set[int] = set()  # the opening lines of its fences in loose list items, set apart too (_loose)
        self.item_text: set[int] = set()  # its lines moved to an item's text column (not code under the item)
        self.item_headings: set[int] = set()  # underlines making an item's own line its heading (`- 目的` / `  ---`)
        self.deep: set[int] = set()  # its lines 4 or more columns past their item's text (code or lazy text)
        self.deep_apart: set[int] = set()  # its deep lines under a blank line it put there (`_interrupts`): code
        self.raw_in_items: set[int] = set()  # its raw HTML lines past an open list's margin (the list goes on)

    def _held(self, item: re.Match[str], previous: str, joined: str | None) -> bool:
        """Whether a line that begins like an item is text: one that would start a new list (`joined`, the kind of
        open list it continues, is not its own) at another marker than a list's first — `c. 3`, `v. 2`,
        `IV. Scope`, or under a paragraph line `2025. 6 发布` (CommonMark: only `1.` interrupts a paragraph) — or
        whose text is an abbreviation's next letter (`i. e.`, `e. g.`, `A. B. Smith`), inside a list as outside
        one: the line stays the line it was."""
        kind = _kind(item.group(2))
        if kind == joined:
            return False
        marker = item.group(2)[:-1]
        if kind == "a":
            return marker not in _FANCY_FIRST or _lettered(self.items.match(item.string[item.end():]))
        return kind == "1" and int(marker) != 1 and _paragraph_line(previous, self.items)

    def run(self, lines: list[str]) -> list[str]:
        self.found = {}
        self.parted = set()
        self.loose = set()
        self.item_text = set()
        self.item_headings = set()
        self.deep = set()
        self.deep_apart = set()
        self.raw_in_items = set()
        self.source = lines
        self.fences = Fences(lines)
        self.raw = self._raw_html(lines)
        return self._rewrite(lines, 0)

    def _raw_html(self, lines: list[str]) -> frozenset[int]:
        """The lines of raw HTML blocks (the parse's own reader, `htmlblocks.raw_blocks`): passed through as written
        — `  # 注释` in a `<pre>` keeps its spaces, `#1` in a `<div>` gets no escape. The inside of an element with
        a `markdown` attribute is Markdown again (md_in_html)."""
        if not any(line.lstrip(" ").startswith("<") for line in lines):
            return frozenset()  # most text
        inside = self.markdown_inside
        if inside is None:
            inside = self.md is not None and htmlblocks.reads_markdown_inside(self.md)
        fed: list[str] = []  # as the block reader gets them: fenced code already taken out
        until = -1
        for number, line in enumerate(lines):
            line = line.expandtabs(4)
            if number <= until:
                fed.append("")
            elif (end := self.fences.end(number)) is not None:
                until = end
                fed.append("")
            else:
                fed.append(line if line.strip() else "")
        found: set[int] = set()
        for first, last, raw in htmlblocks.raw_blocks(fed):
            if inside and htmlblocks.MARKDOWN_ATTRIBUTE.match(raw):
                found.update((first, last))
            else:
                found.update(range(first, last + 1))
        return frozenset(found)

    def _rewrite(self, lines: list[str], base: int) -> list[str]:
        """`run` over `lines`, the source's lines from index `base` on (a block quote's, without their `>`)."""
        out: list[str] = []
        stack: list[int] = []  # source indents of the open list levels
        kinds: list[str] = []  # each open level's kind of list (`_kind`: `-`, `1`, `a`)
        columns: list[int] = []  # where the text of each open level's last item starts in the source (`- ` → 2)
        fence = ""
        fence_until = -1  # the source line closing the open fence (self.fences)
        fence_parted = False  # the open fence stands apart from the lines around it (_parted)
        fence_shift = 0  # how far the fence's opening line was moved (re-indented under its item): its lines move too
        fence_rows = (-1, -1)  # the open fence's item line in `out` (-1: in no item) and its opening line there
        fence_source = -1  # the open fence's opening line in the source
        item_rows: list[int] = []  # where each open level's last item line is in `out`
        in_items: list[tuple[int, int, int, int]] = []  # fences in list items: (source line, item, opening, closing)
        lazy_indent = 0  # where text goes on under a lazy fence moved into its loose item (_loose), until a blank line
        placed = 0  # the list level a line goes on (0: none)
        previous_level = 0  # the list level of the text on the line before (an item's own line: its own level)
        previous = ""
        quoted: list[str] = []  # the lines of the block quote being read, without their `>`
        quote_fence = (-1, 0)  # the closing line of the last fence opened in it, and how far its `>` reached
        after_quote = False  # the last block was a quote (only blank lines since)
        block_indent = 0  # the indent written of the current block's first line
        source = [*lines, ""]
        for number, raw in enumerate(source):
            line = raw.expandtabs(4)
            following = source[number + 1].expandtabs(4) if number + 1 < len(source) else ""
            quote = None if fence or base + number in self.raw else _QUOTE.match(line)
            if quote and (not stack or _indent(line) <= stack[0]):
                if not quoted and after_quote and not previous:
                    out += [QUOTE_BREAK, ""]
                quoted.append(line[quote.end():])
                if (end := self.fences.end(base + number)) is not None:
                    quote_fence = (end, quote.end())
                continue
            if quoted and base + number == quote_fence[0]:
                # a quoted fence's closing line without the `>` (superfences closes it there, a lazy line): the
                # quote's own line, as the parse reads it — read apart from it, its text was glued to the code
                quoted.append(line[min(quote_fence[1], _indent(line)):])
                continue
            if quoted:  # the quote ended: its content is a document of its own, prefixed again
                # a line's own trailing spaces stay: two of them are a hard break, in a quote as outside one
                inners = self._rewrite(quoted, base + number - len(quoted))
                out += [f"> {inner}" if inner.strip() else ">" for inner in inners]
                if _UNDERLINE.match(line):  # no heading under a quote (CommonMark): `---` is a thematic break, and
                    # `===` (`--`) more of the quote's paragraph (a lazy line), or a paragraph after a heading
                    last = quoted[-1]
                    while (mark := _QUOTE.match(last)) is not None:  # the innermost quote's text (`> > 引用`)
                        last = last[mark.end():]
                    if (line.strip()[0] == "=" or len(line.strip()) < 3) and _paragraph_line(last, self.items):
                        line = raw = "\\" + line
                    else:
                        out.append("")
                elif line.strip() and base + number - 1 in self.parted:
                    out.append("")  # no lazy text after a quote's fenced block (CommonMark): a block of its own
                quoted, stack, kinds, previous, after_quote, block_indent = [], [], [], out[-1], True, 0
                columns, item_rows = [], []
                if not line.strip():
                    out.append(raw)
                    previous = ""
                    continue
            if line.strip():
                after_quote = False
            if fence:
                out.append(_shifted(raw, fence_shift))
                if base + number >= fence_until:
                    fence = ""
                    if fence_rows[0] >= 0:
                        in_items.append((fence_source, *fence_rows, len(out) - 1))
                    if fence_parted:
                        self.parted.add(base + number)
                        if following.strip():
                            out.append("")  # the line after a closing fence starts a block of its own (_parted)
                            previous = ""
                continue
            if base + number in self.raw:
                out.append(raw)  # raw HTML: the parse passes it through as written
                if stack and _indent(line) > stack[0]:
                    self.raw_in_items.add(base + number)
                previous = line
                continue
            fence_match = _FENCE.match(line)
            item = self.items.match(line)
            if item and thematic_break(line.lstrip(" ")):
                # `- - -` and `* * *` are thematic breaks (CommonMark: a break before an item), not items whose
                # text the lines under them would be; at the list's indent the list ends there
                item = None
                if stack and _indent(line) <= stack[0]:
                    if previous:
                        out.append("")
                    stack, kinds, columns, item_rows, placed = [], [], [], [], 0
            kept, sibling = _placed(stack, len(item.group(1))) if item else (len(stack), False)
            if item and self._held(item, previous, kinds[kept - 1] if sibling else None):
                line = line[:item.end(2) - 1] + "\\" + line[item.end(2) - 1:]  # text: its marker escaped, or the
                item = None  # parse's list extension would read one
            elif item and _lettered(inner := self.items.match(line[item.end():])) and inner is not None \
                    and self._held(inner, "", None):  # `- e. g. …`: no list of its own inside the item's text
                line = line[:item.end() + inner.end(2) - 1] + "\\" + line[item.end() + inner.end(2) - 1:]
            if not line.strip():
                out.append(raw)
                previous = ""
                lazy_indent = 0
                continue
            if lazy_indent and item is None and stack and _indent(line) <= stack[0]:
                line = " " * lazy_indent + line.lstrip(" ")  # the lazy text under it goes with it
            placed = len(stack)
            if item:
                self.found[base + number] = (item.group(2), raw.expandtabs(4)[item.end():])
                indent, kind = len(item.group(1)), _kind(item.group(2))
                del stack[kept:], kinds[kept:], columns[kept:], item_rows[kept:]  # back out of deeper levels
                lazy_indent = 0
                if sibling:  # an item of the list at (about) the same indent
                    stack[-1], columns[-1] = indent, item.end()
                    if (kinds[-1] == "-") != (kind == "-") and previous:
                        out.append("")  # another kind of list at the same level is a new list
                    kinds[-1] = kind
                else:
                    # a list right under a paragraph line starts a list — under an item's paragraph after a blank
                    # line too (Python-Markdown reads that paragraph on its own: the markers were its text)
                    if previous and (not stack or block_indent > stack[0]) and not self.items.match(previous) \
                            and not previous.lstrip().startswith("|"):
                        out.append("")
                    stack.append(indent)
                    kinds.append(kind)
                    columns.append(item.end())
                    item_rows.append(-1)
                text = line.lstrip(" ")
                if item.group(2).endswith(")") and item.group(2)[0].isdigit():  # `1)` is an ordered list
                    # (CommonMark); Python-Markdown knows `1.` (fancylists reads `a)` itself: `A)` needs no 2 spaces)
                    text = item.group(2)[:-1] + "." + text[len(item.group(2)):]
                marker, content = text[:item.end() - len(item.group(1))], text[item.end() - len(item.group(1)):]
                line = " " * (stack[0] + 4 * (len(stack) - 1)) + marker + _literal_hash(content)
                if (until := self.fences.end(base + number)) is not None and (opened := _FENCE.match(content)):
                    # a fence on the item's own line (`- ```python`) opens the item's code block (CommonMark), where
                    # Python-Markdown read inline code: an empty item line, then the fence as the item's block
                    out += [line[:len(line) - len(content)], ""]
                    item_rows[-1] = len(out) - 2
                    line = " " * (stack[0] + 4 * len(stack)) + content
                    fence, fence_shift, fence_until = opened.group(1), _indent(line) - item.end(), until
                    fence_rows, fence_source = (item_rows[-1], len(out)), base + number
                    fence_parted = fence_source in self.loose  # its block is not the item's first (_loose)
                    block_indent = _indent(line)
                    out.append(line)
                    previous = line
                    continue
                if previous and out[-1] and _indent(line) < block_indent:
                    # An item backing out of a block that started deeper (a nested list, code or a table after
                    # a blank line): Python-Markdown reads the whole block at that depth, so the item would join
                    # the deeper list or table. A blank line ends that block, as the source's indent does.
                    out.append("")
            elif stack and _indent(line) > stack[0]:
                # Continuation of the deepest item it is indented under.
                indent = _indent(line)
                level = sum(1 for open_indent in stack if open_indent < indent)
                content = line.lstrip(" ")
                # 4 or more spaces past the item's text is indented code, or an admonition's or a details' body
                # under its `!!!` line: that much more, else the body left its box and code became a paragraph
                beyond = indent - columns[max(level, 1) - 1]
                line = " " * (stack[0] + 4 * max(level, 1) + (beyond if beyond >= 4 else 0)) + _literal_hash(content)
                placed = max(level, 1) if beyond < 4 else 0  # (indented code: no fence of the item's own)
                if placed:
                    self.item_text.add(base + number)
                else:
                    self.deep.add(base + number)
                row = item_rows[-1] if placed == len(stack) and _UNDERLINE.match(content) else -1
                if row >= 0 and (own := self.items.match(out[row])) is not None \
                        and all(_paragraph_line(text, self.items) for text in out[row:]) \
                        and not any(self.items.match(text) for text in out[row + 1:]):
                    # `- 目的` over `  ---` is the item's heading (CommonMark), its text over several lines too
                    # (`- 目的` / `  范围` / `  ---`: one heading); Python-Markdown read the underline as more of the
                    # item's text. Written as `- ## 目的 范围`, which it reads as the item's heading.
                    hashes = "#" if content.startswith("=") else "##"
                    text = " ".join([out[row][own.end():].strip(" "), *(more.strip(" ") for more in out[row + 1:])])
                    out[row + 1:] = []
                    out[row] = f"{out[row][:own.end()]}{hashes} {text}"
                    self.item_headings.add(base + number)
                    previous = out[-1]
                    continue
                if 0 < placed < previous_level and _UNDERLINE.match(content) \
                        and _paragraph_line(previous, self.items):
                    line = line[:len(line) - len(content)] + _outer_underline(content)
                elif previous and _interrupts(content, previous, following):
                    out.append("")  # a heading, quote or table right under the item's text is a block of its own
                    if not placed:  # shaped so 4 columns past the text: under that blank line, indented code
                        self.deep_apart.add(base + number)
            elif not stack and previous and _indent(line) < 4 and opens_table(line, following):
                out.append("")  # a table right under a paragraph line (GFM) is a table, not more of the paragraph
            elif stack and not previous and _indent(line) <= stack[0]:
                stack, kinds, columns = [], [], []  # text back at the list's own indent after a blank line ends it
                item_rows, placed = [], 0
            over_break = thematic_break(previous.lstrip(" ") if placed else previous)
            lazy = bool(stack) and _indent(line) <= stack[0] and _UNDERLINE.match(line) is not None \
                and item_rows[-1] == len(out) - 1 \
                and not thematic_break(previous) and _paragraph_line(previous, self.items)
            if lazy and _kind(self.items.match(previous).group(2)) == "1":  # type: ignore[union-attr]
                # `2. Scope` over `=====` stays the section heading English teams write (Python-Markdown's reading)
                self.item_headings.add(base + number)
            elif previous and _UNDERLINE.match(line.lstrip(" ")) and (over_break or lazy):
                # No setext heading over a thematic break, nor over a bulleted or lettered item's line from a line
                # at the list's own indent (CommonMark): `---` there is a thematic break of its own, and `===`
                # (`--`) more of the item's text (a lazy line). Python-Markdown made `- 目的` or `---` a heading.
                if over_break or thematic_break(line):
                    out.append("")
                    if not over_break:  # the list ends at the break
                        stack, kinds, columns, item_rows, placed = [], [], [], [], 0
                else:
                    line = "\\" + line.lstrip(" ")
            if not stack and 0 < _indent(line) < 4 and ATX.match(line):
                line = line.lstrip(" ")  # `  ## 目的` is a heading (CommonMark); Python-Markdown showed it as text
            if not _indent(line):
                line = _literal_hash(line)
            if fence_match and (until := self.fences.end(base + number)) is not None:
                fence_source, fence_rows = base + number, (-1, -1)
                fence_parted = _parted(stack, line)
                if stack and placed and item_rows[placed - 1] >= 0:
                    fence_rows = (item_rows[placed - 1], len(out) + 1)  # (after the blank line it may get)
                    if fence_source in self.loose:
                        fence_parted = True  # in a loose item (_loose)
                        if _indent(line) <= stack[0]:  # a lazy line: moved into its item, and the text under it
                            line = " " * (stack[0] + 4 * len(stack)) + line.lstrip(" ")
                            lazy_indent = _indent(line)
                indent = _indent(raw.expandtabs(4))
                fence, fence_shift, fence_until = fence_match.group(1), _indent(line) - indent, until
                if fence_parted and out and out[-1].strip():
                    out.append("")  # an opening fence interrupts a paragraph (_parted)
                else:
                    fence_rows = (fence_rows[0], len(out))
            if not out or not out[-1].strip():
                block_indent = _indent(line)
            out.append(line)
            previous = line
            previous_level = len(stack) if item else placed
            if item:
                item_rows[-1] = len(out) - 1
        loose: set[int] = set()
        if in_items:  # read on the rewritten lines, whose fences superfences reads: with their new indents
            shown, inside, row = Fences(out), set[int](), 0
            while row < len(out):
                closes = shown.end(row)
                closes = row if closes is None else closes
                inside.update(range(row + 1, closes + 1))
                row = closes + 1
            reader = _Looseness(out, frozenset(inside), self.items)
            loose = {source for source, item, opening, closing in in_items
                     if source not in self.loose and shown.end(opening) == closing
                     and reader.loose(item, opening, closing)}
        if loose:  # read again, those fences set apart from the text around them
            self.loose |= loose
            return self._rewrite(lines, base)
        return out[:-1]  # the blank line added to close a quote at the end


# -- callouts from other teams' Markdown: GitHub's and Obsidian's alerts, Docusaurus' and VitePress' admonitions --

# `> [!NOTE]` (GitHub; any case), `> [!warning] 标题` (Obsidian: a title after the marker, `-`/`+` to fold): a
# quote whose first line is the marker, at the start of a line, not inside another block.
_ALERT = re.compile(r"^>[ ]?\[!([A-Za-z]+)\]([+-]?)(?:[ \t]+(.*?))?[ \t]*$")
# `:::warning[标题]`, `:::tip 标题`, `::: warning 标题` (VitePress), `:::note` — closed by a line of at least as
# many colons (`::::` around a nested `:::` block).
_CONTAINER_OPEN = re.compile(r"^(:{3,})[ \t]*([A-Za-z]+)(?:\[(.*)\]|[ \t]+(.*?))?[ \t]*$")
_CONTAINER_CLOSE = re.compile(r"^(:{3,})[ \t]*$")
# A line that starts a block of its own rather than continuing a quote's paragraph lazily (CommonMark). No list
# marker: the callouts are read after the list rewrite (ListLines), which has put a blank line between a quote and
# every item under it and escaped a line that only begins like one (`i\. e.`), so the two never disagree.
_LAZY_STOP = re.compile(r"^ {0,3}(?:[>#|<]|`{3,}|~{3,}|:{3,}|!!!|\?\?\?)")
# A callout's opening line: (`!!!`, or `???`/`???+` for a fold, the kind, the title or None, the index of its last
# line); a `:::` block's closing line: ("", "", None, its own index).
Marker = tuple[str, str, str | None, int]


def callout_kind(written: str) -> str | None:
    """The admonition kind a callout's type names (`NOTE`, `Warning`, `caution`), or None for one the project's
    admonitions do not know (`[!x]`, `:::details`): those stay as written, a quote or lines of text, as GitHub
    and Docusaurus show a type they do not know. The kinds are the ones the catalogue has a word for
    (`admonition.*`): Material's kinds and their aliases, GitHub's IMPORTANT and CAUTION among them."""
    kind = written.lower()
    return kind if message(f"admonition.{kind}") is not None else None


def callout_markers(lines: list[str]) -> dict[int, Marker]:
    """The lines that open or close a callout, by index: an opening line → (`!!!` or `???`/`???+` for an Obsidian
    fold, the admonition kind, its title or None, the index of its last line); a `:::` block's closing line →
    ("", "", None, its own index). Fenced code is not read (a `:::` or `> [!NOTE]` in it is code), nor a
    `:::` block never closed (it stays as written), nor a quote whose marker is not on its first line. The one
    reading of both the parse's rewrite (Callouts) and the check's line reader (mdlinks)."""
    return _callouts_read(lines)[0]


def unclosed_callouts(lines: list[str]) -> list[tuple[int, str]]:
    """The `:::` lines of a known kind that open a block no line closes (index, the colons that would close it):
    the parse leaves them and their text as written (QD026)."""
    return _callouts_read(lines)[1]


def _callouts_read(lines: list[str]) -> tuple[dict[int, Marker], list[tuple[int, str]]]:
    found: dict[int, Marker] = {}
    text = "\n".join(lines)
    if ":::" not in text and "[!" not in text:  # most bodies: nothing to read
        return found, []
    fences = Fences(lines)  # as superfences reads them: what it reads as code, no callout is read in
    fence_until = -1
    opened: list[tuple[int, int, str | None, str | None, str]] = []  # (line, colons, kind, title, fold) of `:::`
    in_quote = False
    for index, line in enumerate(lines):
        if index <= fence_until:
            continue
        if (end := fences.end(index)) is not None:
            fence_until = end
            continue
        quoted = line.startswith(">")
        if not in_quote and quoted and (alert := _ALERT.match(line)) and (kind := callout_kind(alert.group(1))):
            end = index
            while end + 1 < len(lines) and lines[end + 1].startswith(">"):
                end += 1
            # a lazy line (text right under the quote's last text line) is more of that paragraph, in the box
            while end > index and end + 1 < len(lines) and _QUOTE.sub("", lines[end], count=1).strip() \
                    and lines[end + 1].strip() and not _LAZY_STOP.match(lines[end + 1]):
                end += 1
            fold = {"-": "???", "+": "???+"}.get(alert.group(2), "!!!")
            found[index] = (fold, kind, alert.group(3) or None, end)
        in_quote = quoted
        if quoted:
            continue
        if (closing_colons := _CONTAINER_CLOSE.match(line)) is not None:
            if opened and len(closing_colons.group(1)) >= opened[-1][1]:
                start, _, kind, title, fold = opened.pop()
                if kind is not None:
                    found[start] = (fold, kind, title, index)
                    found[index] = ("", "", None, index)
        elif (container := _CONTAINER_OPEN.match(line)) is not None:
            title = container.group(3) if container.group(3) is not None else container.group(4)
            opened.append((index, len(container.group(1)), callout_kind(container.group(2)), title, "!!!"))
    return found, [(start, ":" * colons) for start, colons, kind, _, _ in opened if kind is not None]


def _title(title: str | None) -> str:
    """`"标题"` after the kind on an `!!!` line, or nothing: the kind's word in the project's language stands there
    (dialect.py gives it). Python-Markdown reads the title up to the last `"` of the line, so quotes stay in it."""
    return "" if title is None or not title.strip() else f' "{title.strip()}"'


def callouts(lines: list[str], details: bool = True) -> list[str]:
    """GitHub's alerts and Docusaurus'/VitePress' admonitions as the dialect's `!!! kind "title"` and a body
    indented by 4 spaces, line for line in place (a `:::` closing line becomes a blank line), so every line
    keeps its number. An Obsidian fold (`> [!faq]-`) is a `???` details block when the dialect has them."""
    markers = callout_markers(lines)
    if not markers:
        return lines
    out = list(lines)
    depth = 0  # how many `:::` blocks the line is inside
    quote_end = -1  # the last line of the alert being rewritten
    for index, line in enumerate(lines):
        marker = markers.get(index)
        prefix = "    " * depth
        if marker is not None and not marker[0]:  # a `:::` block's closing line
            depth -= 1
            out[index] = ""
            continue
        if index <= quote_end:
            inner = _QUOTE.sub("", line, count=1)
            out[index] = prefix + "    " + inner if inner.strip() else ""
            continue
        if marker is None:
            out[index] = prefix + line if line.strip() else line
            continue
        fold, kind, title, end = marker
        if fold != "!!!" and not details:
            fold = "!!!"
        out[index] = f"{prefix}{fold} {kind}{_title(title)}"
        if line.startswith(">"):
            quote_end = end
        else:
            depth += 1
    return out


class Callouts(Preprocessor):
    """Other teams' callouts (`> [!NOTE]`, `:::warning[标题]`) as the dialect's admonitions. Runs after the list
    rewrite (the quote's and the block's text are read as any other text first) and before fenced code is set
    aside (superfences reads a fence in the admonition's body)."""

    def __init__(self, md: markdown.Markdown, details: bool) -> None:
        super().__init__(md)
        self.details = details

    def run(self, lines: list[str]) -> list[str]:
        return callouts(lines, self.details)


_TICKS = re.compile(r"`+")


def _unescape_code_pipes(line: str) -> str:
    """`\\|` inside a code span of a table row is a `|` (GFM: the cell's pipes are read before the inline
    markup); Python-Markdown would show the backslash. Code spans pair backtick runs of equal length."""
    runs = list(_TICKS.finditer(line))
    out, pos, i = [], 0, 0
    while i < len(runs):
        opening = runs[i]
        closing = next((j for j in range(i + 1, len(runs)) if len(runs[j].group()) == len(opening.group())), None)
        if closing is None or (opening.start() and line[opening.start() - 1] == "\\"):
            i += 1
            continue
        start, end = opening.end(), runs[closing].start()
        out += [line[pos:start], line[start:end].replace("\\|", "|")]
        pos, i = end, closing + 1
    return "".join(out) + line[pos:]


class TableCodePipes(Preprocessor):
    """A table row's `\\|` inside code reads as `|`, as on GitHub; outside tables code keeps what it holds.
    Runs after fenced code is set aside (superfences, priority 25)."""

    def run(self, lines: list[str]) -> list[str]:
        out = list(lines)
        start = 0
        for end in [*(n for n, line in enumerate(lines) if not line.strip()), len(lines)]:
            block = range(start, end)
            if len(block) >= 2 and _DELIMITER_ROW.match(lines[start + 1]) and "|" in lines[start] + lines[start + 1]:
                for n in block:
                    if "\\|" in lines[n] and not lines[n].startswith("    "):
                        out[n] = _unescape_code_pipes(lines[n])
            start = end + 1
        return out


class _HardBreak(InlineProcessor):
    """A backslash at the end of a line is a line break (CommonMark), not a visible `\\`."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]  # noqa: N802, E501
        return etree.Element("br"), m.start(0), m.end(0)


# The dialect's extensions that only add inline markup: an alt text's emphasis is read with them.
_INLINE_EXTENSIONS = ("pymdownx.tilde", "pymdownx.caret", "pymdownx.mark", "pymdownx.betterem",
                      "pymdownx.smartsymbols", "pymdownx.keys")
_ESCAPED = re.compile("\x02(\\d+)\x03")  # Python-Markdown's placeholder for a backslash-escaped character
_ALT_MARKUP = re.compile("[*_~=^+\x02]")


class _PlainAlt(Treeprocessor):
    """An image's alt text as CommonMark gives it: the description's text without its markup. Python-Markdown
    keeps `**图1** 流程` as typed; the alt is what a screen reader says and the copies' caption under the
    picture, so it is read once more with the inline markup alone (no blocks: `1. 步骤` stays text)."""

    def __init__(self, md: markdown.Markdown, extensions: tuple[str, ...]) -> None:
        super().__init__(md)
        self.extensions = [name for name in extensions if name in _INLINE_EXTENSIONS]
        self.inline: markdown.Markdown | None = None

    def run(self, root: etree.Element) -> None:
        for image in root.iter("img"):
            alt = image.get("alt", "")
            if _ALT_MARKUP.search(alt):
                image.set("alt", self.plain(alt))

    def plain(self, alt: str) -> str:
        if self.inline is None:
            self.inline = markdown.Markdown(extensions=self.extensions)
        self.inline.reset()
        holder = etree.Element("div")
        etree.SubElement(holder, "p").text = _ESCAPED.sub(lambda m: "\\" + chr(int(m.group(1))), alt)
        for name in ("inline", "unescape"):
            self.inline.treeprocessors[name].run(holder)
        return "".join(holder.itertext())


def _type_word(kind: str) -> str | None:
    """The project language's word for an admonition type (`note`), or None for a type it does not name."""
    return message(f"admonition.{kind.split(' ', 1)[0]}") if kind else None


def _titles_in_the_project_language(md: markdown.Markdown) -> None:
    """`!!! note` and `??? warning` with no title of their own: Python-Markdown and pymdownx show the type name
    capitalised — the English word `Note` in a Chinese document. They get the catalogue's word for the type
    instead (a title the author wrote, or an empty one, stays as written)."""
    blocks = md.parser.blockprocessors
    if "admonition" in blocks:
        admonition: Any = blocks["admonition"]  # markdown's AdmonitionProcessor
        untitled = admonition.get_class_and_title

        def get_class_and_title(match: re.Match[str]) -> tuple[str, str | None]:
            kind, title = untitled(match)
            return kind, (_type_word(kind) or title) if match.group(2) is None else title

        admonition.get_class_and_title = get_class_and_title  # this parser's processor only
    if "details" in blocks:
        details: Any = blocks["details"]  # pymdownx's DetailsProcessor (untyped)
        run = details.run

        def titled_run(parent: etree.Element, lines: list[str]) -> Any:
            start = details.START.search(lines[0]) if lines else None
            kind = start.group(4) if start else None  # `??? note` with no title (group 3 holds a written one)
            word = _type_word(details.COMPRESS_SPACES.sub(" ", kind.lower())) if kind else None
            result = run(parent, lines)
            summary = parent[-1].find("summary") if word and len(parent) and parent[-1].tag == "details" else None
            if summary is not None:
                summary.text = word
            return result

        details.run = titled_run


class _DecimalLists(Treeprocessor):
    """Drop fancylists' `type="1"`: a numbered list is decimal without it, and only lettered and roman lists (the
    ones the copies and the redline number differently, copybody `numbering`) carry a type."""

    def run(self, root: etree.Element) -> None:
        for ol in root.iter("ol"):
            if ol.get("type") == "1":
                del ol.attrib["type"]


class WritingExtension(Extension):
    """Lists and breaks as people write them; every ASCII punctuation character escapable; alt text as text."""

    def __init__(self, extensions: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.extensions = extensions

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        md.treeprocessors.register(_PlainAlt(md, self.extensions), "qms_plain_alt", 15)  # after "inline" (20)
        # Before superfences (priority 25) so fenced code keeps its lines; after normalize_whitespace.
        fancy = "pymdownx.fancylists" in self.extensions
        md.preprocessors.register(ListLines(md, fancy), "qms_lists", 29)
        if fancy:  # `<ol type="1">` on every numbered list said only what HTML assumes: the page stays as it was
            md.treeprocessors.register(_DecimalLists(md), "qms_decimal_lists", 9)
        if "admonition" in self.extensions:  # `> [!NOTE]`, `:::tip` as `!!!`: the dialect's admonitions
            md.preprocessors.register(Callouts(md, "pymdownx.details" in self.extensions), "qms_callouts", 28.5)
        md.preprocessors.register(TableCodePipes(md), "qms_table_code_pipes", 24)
        md.inlinePatterns.register(_HardBreak(r"\\\n", md), "qms_hard_break", 186)
        md.ESCAPED_CHARS = sorted(set(md.ESCAPED_CHARS) | set(string.punctuation))
        htmlblocks.install(md)
        _titles_in_the_project_language(md)
