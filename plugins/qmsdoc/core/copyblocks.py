"""What a controlled copy's body is made of: the blocks and inline pieces the one walk (copybody.py)
produces and each copy writer (Word, PDF) writes. Plain frozen data: no HTML, no writer."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from . import page
from .colwidths import CELL_PADDING_UNITS, text_units
from .i18n import t


# -- inline ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Style:
    bold: bool = False
    italic: bool = False
    strike: bool = False
    underline: bool = False
    mark: bool = False
    sup: bool = False
    sub: bool = False
    code: bool = False
    small: bool = False  # <small>: page.SMALL_EM of the text around it
    caption: bool = False  # an image's caption line
    link: bool = False  # inside a link that goes somewhere (shown as a link)


INLINE_STYLES = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "del": "strike", "s": "strike",
                 "u": "underline", "ins": "underline", "mark": "mark", "sup": "sup", "sub": "sub", "code": "code",
                 "kbd": "code", "small": "small"}
"""The HTML elements that style the text inside them → the `Style` flag each sets: the one table the copies' walk
(copybody.py) and the comparison behind the redlines (compare.py) read, so a copy and its redline style alike."""

PLAIN = Style()
BOLD = Style(bold=True)
NOTE_NUMBER = Style(sup=True)


@dataclass(frozen=True, slots=True)
class Span:
    """Text in one style; `href` an external address, `anchor` a place inside the same file: a control
    number (a document of a whole manual) or a heading's `section_anchor`."""

    text: str
    style: Style = PLAIN
    href: str = ""
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class Picture:
    """An image file inside the manuals folder (read by `image_file`); its alt text is the caption."""

    path: Path
    alt: str
    scale: float = 1.0  # of its own size: the page's width="…" or height="…" over the picture's pixels
    href: str = ""  # a picture inside a link goes where the link goes (as a Span's href and anchor)
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class LineBreak:
    pass


Inline = Span | Picture | LineBreak


# -- blocks ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1 = the body's top level (one below the copy's title)
    inlines: tuple[Inline, ...]
    anchor: str = ""  # its `section_anchor`, when a link of the same body jumps to it


@dataclass(frozen=True, slots=True)
class Para:
    inlines: tuple[Inline, ...]
    align: str = ""  # "" (justified body text) or "center"
    indent: int = 0  # steps of one indent (footnote text)
    anchor: str = ""  # a place links jump to (a footnote's text, from its marker)
    keep_next: bool = False  # a title that belongs with what follows (an admonition's, a definition's term): no page
    # break between them


@dataclass(frozen=True, slots=True)
class Code:
    text: str


@dataclass(frozen=True, slots=True)
class Rule:
    """A thematic break (`---`, `***`): a thin line across the text, as the page draws it."""


@dataclass(frozen=True, slots=True)
class Box:
    """Blocks set off from the text: `quote` (a bar at the left), `note` (admonition, details), `definition` (a
    definition list's definition: indented only), `code` (around a code block). `admonition`: an admonition's or a
    details block's kind as the author wrote it (`danger`, `error`, "" when it has none), None for any other box;
    boxlooks.py says how it looks."""

    kind: str
    blocks: tuple[Block, ...]
    admonition: str | None = None


@dataclass(frozen=True, slots=True)
class ListItem:
    inlines: tuple[Inline, ...]  # the item's own line
    blocks: tuple[Block, ...] = ()  # what follows in the item: more paragraphs, nested lists, tables
    # a bulleted task item's ☐/☑: its marker, where a bullet stands (the page draws the box in the marker's place,
    # its text where the other items' text starts); "" for any other item
    box: str = ""

    @property
    def task(self) -> bool:
        return bool(self.box)

    @property
    def heading(self) -> Heading | None:
        """The heading that is the item's own line (`<li><h2>目的</h2>`, written `- ## 目的` or `- 目的` over
        `  ---`): the page shows the item's bullet or number on the heading's line, so the copies write the two as
        one paragraph, not an empty item over the heading."""
        first = self.blocks[0] if self.blocks and not self.inlines and not self.task else None
        return first if isinstance(first, Heading) else None


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    items: tuple[ListItem, ...]
    depth: int = 0
    start: int = 1  # an ordered list's first number (`3.` starts at 3, as on the page)
    numbering: str = "1"  # how an ordered list counts: HTML's <ol type>, "1", "a", "A", "i" or "I"
    # each item's number when they do not count up by one from `start` (`<ol reversed>`, `<li value>`); else ()
    numbers: tuple[int, ...] = ()
    # each item's marker as text (copybody.list_marker), when the writers' numbering cannot write a number the page
    # shows (`<ol start="-2">`, 0 in letters); then `start` and `numbers` are not read
    markers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TableCell:
    blocks: tuple[Block, ...]
    header: bool = False
    align: str = ""  # "" (the copy's default), "left", "center" or "right": a `:---:` column's alignment
    colspan: int = 1  # grid columns the cell spans (an HTML table's colspan)
    rowspan: int = 1  # rows the cell spans (rowspan)
    # A place a spanning cell covers: "above" (the first column under a cell spanning rows, which carries
    # that cell's colspan), "left" (a further column of a spanning cell); "" for a cell of its own.
    covered: str = ""

    @property
    def inlines(self) -> tuple[Inline, ...] | None:
        """The cell's text when it is one plain paragraph (most cells), else None."""
        if len(self.blocks) == 1 and isinstance(self.blocks[0], Para):
            return self.blocks[0].inlines
        return () if not self.blocks else None


@dataclass(frozen=True, slots=True)
class TableBlock:
    rows: tuple[tuple[TableCell, ...], ...]
    header_rows: int  # leading rows that are the table's head (repeated on each page)
    widths: tuple[float, ...]  # each column's share of the width, from its content (sum 1)
    squeezed: tuple[int, ...] = ()  # per column, 0 or the longest run its share holds (colwidths.squeezed_runs)

    @property
    def columns(self) -> int:
        return len(self.widths)


Block = Heading | Para | Code | Rule | Box | ListBlock | TableBlock

KEPT_ROW_LINES = 8
"""A table row whose tallest cell is at most this many lines is never divided between two pages (Word's w:cantSplit,
Typst's `breakable: false`): a taller row may be, or it would leave most of a page empty, or run off its foot."""


def _cell_lines(cell: TableCell, units: float) -> int | None:
    """The lines a cell's text takes in a column `units` half-ems wide (None: a picture, of unknown height)."""
    if _holds_picture(cell.blocks):
        return None
    return text_lines(plain_text(cell.blocks), units)


def text_lines(text: str, units: float) -> int:
    """The lines a cell's `text` takes in a column `units` half-ems wide."""
    room = max(units - CELL_PADDING_UNITS, 1.0)
    return sum(max(1, math.ceil(text_units(line) / room)) for line in text.split("\n"))


def _holds_picture(blocks: Iterable[Block]) -> bool:
    for block in blocks:
        inlines: tuple[Inline, ...] = ()
        inner: tuple[Block, ...] = ()
        if isinstance(block, (Heading, Para)):
            inlines = block.inlines
        elif isinstance(block, ListBlock):
            inlines = tuple(i for item in block.items for i in item.inlines)
            inner = tuple(b for item in block.items for b in item.blocks)
        elif isinstance(block, TableBlock):
            inner = tuple(b for row in block.rows for cell in row for b in cell.blocks)
        elif isinstance(block, Box):
            inner = block.blocks
        if any(isinstance(i, Picture) for i in inlines) or _holds_picture(inner):
            return True
    return False


def unsplit_rows(block: TableBlock, landscape: bool = False) -> tuple[bool, ...]:
    """For each row of a body table, whether it is short enough to stay whole on one page (KEPT_ROW_LINES)."""
    width = page.text_units(landscape)
    kept = []
    for row in block.rows:
        lines = [_cell_lines(cell, width * sum(block.widths[column:column + cell.colspan]))
                 for column, cell in enumerate(row) if not cell.covered]
        kept.append(all(n is not None and n <= KEPT_ROW_LINES for n in lines))
    return tuple(kept)


def section_anchor(scope: str, heading_id: str) -> str:
    """The place of a heading (its page id) in a copy: `[x](#id)` jumps to it. `scope`, the document's
    control number, keeps two documents' "#purpose" apart in a whole manual. Never a bare control number."""
    return f"{scope}#{heading_id}"


def inline_text(inlines: Iterable[Inline]) -> str:
    return "".join(i.text if isinstance(i, Span) else "\n" if isinstance(i, LineBreak) else "" for i in inlines)


def plain_text(blocks: Iterable[Block]) -> str:
    """The text of blocks, one line per paragraph (what a table column must make room for)."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, (Para, Heading)):
            lines.append(inline_text(block.inlines))
        elif isinstance(block, Code):
            lines.append(block.text)
        elif isinstance(block, Box):
            lines.append(plain_text(block.blocks))
        elif isinstance(block, ListBlock):
            lines += [t("copy.note_gap") + inline_text(item.inlines) for item in block.items]
        elif isinstance(block, TableBlock):
            lines += [" ".join(plain_text(c.blocks) for c in row) for row in block.rows]
    return "\n".join(lines)


def placed_anchors(blocks: Iterable[Block]) -> set[str]:
    """The places links can jump to that the blocks carry (headings and paragraphs with an anchor)."""
    found: set[str] = set()
    for block in blocks:
        if isinstance(block, (Heading, Para)) and block.anchor:
            found.add(block.anchor)
        elif isinstance(block, Box):
            found |= placed_anchors(block.blocks)
        elif isinstance(block, ListBlock):
            found |= placed_anchors(b for item in block.items for b in item.blocks)
        elif isinstance(block, TableBlock):
            found |= placed_anchors(b for row in block.rows for cell in row for b in cell.blocks)
    return found


def _unlinked_inlines(inlines: tuple[Inline, ...], placed: set[str]) -> tuple[Inline, ...]:
    def plain(item: Inline) -> Inline:
        if isinstance(item, LineBreak) or "#" not in item.anchor or item.anchor in placed:
            return item  # a control number's place is the whole file's to carry, not the body's
        if isinstance(item, Span):
            return Span(item.text, replace(item.style, link=bool(item.href)), item.href)
        return replace(item, anchor="")
    return tuple(plain(item) for item in inlines)


def unlinked(blocks: tuple[Block, ...], placed: set[str]) -> tuple[Block, ...]:
    """The blocks with every jump to a section place that no block carries made plain text."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, (Heading, Para)):
            out.append(replace(block, inlines=_unlinked_inlines(block.inlines, placed)))
        elif isinstance(block, Box):
            out.append(replace(block, blocks=unlinked(block.blocks, placed)))
        elif isinstance(block, ListBlock):
            out.append(replace(block, items=tuple(replace(item, inlines=_unlinked_inlines(item.inlines, placed),
                                                          blocks=unlinked(item.blocks, placed))
                                                  for item in block.items)))
        elif isinstance(block, TableBlock):
            out.append(replace(block, rows=tuple(tuple(replace(cell, blocks=unlinked(cell.blocks, placed))
                                                       for cell in row) for row in block.rows)))
        else:
            out.append(block)
    return tuple(out)
