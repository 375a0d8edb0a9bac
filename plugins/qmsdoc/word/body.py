"""The Word writer of the copy blocks: core/copybody.py decides what each construct of the rendered body
becomes (one walk for Word and PDF); this module only says how WordprocessingML writes it.

Headings (shifted below the title), paragraphs, nested lists, tables with their column widths (blocks
inside cells too), links (external ones clickable, `[[ID]]` as bookmarks inside a whole manual), images
with their caption, quotes/notes/code as indented shaded blocks, footnotes, task boxes, character formats."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..core import page
from ..core.boxlooks import Look, look_of
from ..core.copyblocks import (
    Block,
    Box,
    Code,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    Para,
    Picture,
    Rule,
    Span,
    Style,
    TableBlock,
    TableCell,
    unsplit_rows,
)
from ..core.copybody import walk_body
from ..core.copylabels import missing_image
from .package import PICTURE_ERRORS, WordFile
from .styles import heading_font
from .template import text_width_emu
from .wml import EMU_PER_CM, EMU_PER_TWIP, LATIN_FONT, Cell, Font, Paragraph, Table, cm, hyperlink
from .wml import Block as WordBlock

MONO = "Consolas"
IMAGE_MAX_WIDTH = 15 * EMU_PER_CM
CAPTION_SIZE = page.CAPTION_PT
INDENT_CM = page.INDENT_CM  # a box's text, a footnote's text: as the PDF's
BOX_GAP_TWIPS = 120  # 6 pt between two boxes
LIST_STEP_TWIPS = cm(page.LIST_STEP_CM)  # level n's text starts (n + 1) steps in, its marker a step left of it


def font(style: Style, around: float = page.BODY_PT) -> Font:
    """The run format of a span's style (code: Consolas, its CJK text in the heading font, 黑体, as the PDF's
    sans); `around`: the size of the paragraph it sits in (points), which `<small>`
    text is smaller than (page.small_pt), as the PDF's is."""
    size = CAPTION_SIZE if style.caption else page.CODE_PT if style.code else None
    if style.small:
        size = page.small_pt(size or around)
    return Font(bold=style.bold, italic=style.italic, strike=style.strike, underline=style.underline,
                mark=style.mark, sup=style.sup, sub=style.sub, size=size,
                east_asian=heading_font() if style.code else None, latin=MONO if style.code else LATIN_FONT,
                link=style.link, code=style.code)


class BodyWriter:
    """Appends the blocks of a rendered body to a Word file. The title is Heading 1, so body headings
    start at Heading 2 (`heading_offset`). `anchors`: control numbers bookmarked in this file (a whole
    manual), linked internally. `assets_root`: the manuals folder, where images are read from."""

    def __init__(self, file: WordFile, heading_offset: int = 0, *, anchors: set[str] | None = None,
                 assets_root: str | Path | None = None, scope: str = "") -> None:
        self.file = file
        self.scope = scope  # the document's control number: its headings' bookmarks are its own
        self.heading_offset = heading_offset
        self.anchors = anchors or set()
        self.assets_root = assets_root
        self._container: list[WordBlock] = file.body
        self._width = text_width_emu()  # of the current container: tables divide it between their columns
        self._boxes: list[Look] = []  # the looks of the boxes being written, the innermost last
        self._item_indent = 0  # twips: where the text of the list item being written starts
        self._list_base = 0  # twips: where the outermost list being written starts (a box's edge)

    def write_html(self, html: str) -> None:
        self.blocks(walk_body(html, anchors=self.anchors, assets_root=self.assets_root, scope=self.scope))

    def paragraph(self, style: str | None = None) -> Paragraph:
        """A new paragraph in the current container, decorated for the boxes it sits in."""
        paragraph = Paragraph(style=self.file.style(style) if style else None)
        if self._boxes:
            paragraph.indent = cm(INDENT_CM * len(self._boxes))
            # core/boxlooks.py's, as the PDF's; a box that only indents (a definition) in a drawn one shows the outer
            # one's look, as the PDF's unfilled block lets it through
            look = next((box for box in reversed(self._boxes) if box.fill or box.border), self._boxes[-1])
            paragraph.fill = look.fill
            paragraph.bar = (look.border, round(look.border_pt * 8)) if look.border else None
        if self._item_indent and not (style or "").startswith("List"):  # a list's own levels indent its items
            paragraph.indent = (paragraph.indent or 0) + self._item_indent
        self._container.append(paragraph)
        return paragraph

    # -- inline -----------------------------------------------------------------------------------
    def inline(self, paragraph: Paragraph, inlines: Iterable[Inline], size: float = page.BODY_PT) -> None:
        """Runs for the inlines; consecutive spans with the same link target form one hyperlink. `size`: the
        paragraph's text size (a heading's), for `font`."""
        group: list[str] = []
        target: tuple[str, str] = ("", "")
        for item in inlines:
            here = (item.href, item.anchor) if isinstance(item, Span | Picture) else ("", "")
            if here != target:
                self._close_link(paragraph, group, target)
                group, target = [], here
            before = len(paragraph.content)
            self._inline(paragraph, item, size)
            if here != ("", ""):
                group += paragraph.content[before:]
                del paragraph.content[before:]
        self._close_link(paragraph, group, target)

    def _close_link(self, paragraph: Paragraph, runs: list[str], target: tuple[str, str]) -> None:
        if not runs:
            return
        href, anchor = target
        rid = self.file.relate("hyperlink", href, external=True) if href else None
        paragraph.content.append(hyperlink(runs, rid=rid, anchor=bookmark_name(anchor) if anchor else None))

    def _inline(self, paragraph: Paragraph, item: Inline, size: float) -> None:
        if isinstance(item, LineBreak):
            paragraph.add_break()
        elif isinstance(item, Picture):
            try:
                paragraph.content.append(self.file.picture(item.path, IMAGE_MAX_WIDTH, item.scale))
            except PICTURE_ERRORS:  # unreadable, or no picture python-docx knows: say so in the text
                paragraph.add(missing_image(item.alt or item.path.name))
        else:
            paragraph.add(item.text, font(item.style, size))  # a code span's line breaks become <w:br/>

    # -- blocks -----------------------------------------------------------------------------------
    def blocks(self, blocks: Iterable[Block]) -> None:
        previous: Block | None = None
        for block in blocks:
            if isinstance(block, Box) and isinstance(previous, Box):
                self._gap()
            self.block(block)
            previous = block

    def _gap(self) -> None:
        """A thin unshaded line between two boxes one after the other (two code blocks, two notes): Word draws
        adjacent paragraphs of the same shading as one band, and the reader would take them for one."""
        gap = self.paragraph()
        gap.space_after, gap.exact_line = 0, BOX_GAP_TWIPS

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Para):
            paragraph = self.paragraph()
            if block.align:
                paragraph.align = block.align
            if block.indent:
                paragraph.indent = (paragraph.indent or 0) + cm(INDENT_CM * block.indent)
            paragraph.keep_next = paragraph.keep_next or block.keep_next
            self.inline(paragraph, block.inlines)
            if block.anchor:  # a footnote's text: its marker jumps here
                add_bookmark(paragraph, block.anchor, self.file.bookmark_id())
        elif isinstance(block, Code):  # flush left, as the PDF's raw block (Normal is justified: page.justified())
            code = self.paragraph()
            code.align = "left"
            code.add(block.text, font(Style(code=True)))
        elif isinstance(block, Rule):
            self.paragraph().rule = True
        elif isinstance(block, Box):
            self._boxes.append(look_of(block))
            try:
                self.blocks(block.blocks)
            finally:
                self._boxes.pop()
        elif isinstance(block, ListBlock):
            self.list(block)
        else:
            self.table(block)

    def heading(self, block: Heading) -> Paragraph:
        level = min(block.level + self.heading_offset, 9)
        heading = self.paragraph(f"Heading {level}")
        self.inline(heading, block.inlines, page.heading_pt(level))
        if block.anchor:  # a link of the body jumps here
            add_bookmark(heading, block.anchor, self.file.bookmark_id())
        return heading

    def list(self, block: ListBlock) -> None:
        depth = min(block.depth, 2)
        suffix = f" {depth + 1}" if depth else ""
        style = ("List Number" if block.ordered else "List Bullet") + suffix
        num_id = self.file.new_list(style, block.start, block.numbering) if block.ordered else None
        text_start = LIST_STEP_TWIPS * (block.depth + 1)  # every level: Word's list styles stop at 3
        # In a quote or note the list's levels start at the box's edge, not at the margin (a paragraph's
        # own indent replaces its list level's): the marker stays inside the box, the levels apart.
        box = cm(INDENT_CM * len(self._boxes)) if self._boxes else 0
        base = (box + self._item_indent if self._boxes else 0) if block.depth == 0 else self._list_base
        outer_base, self._list_base = self._list_base, base
        try:
            for index, item in enumerate(block.items):
                if block.markers:  # a number Word cannot count to (`-2.`): the item's marker as text
                    num_id = self.file.new_list(style, marker=block.markers[index])
                elif block.numbers:  # a count down or a jump (`<ol reversed>`, `<li value>`): an instance per item
                    num_id = self.file.new_list(style, block.numbers[index], block.numbering)
                blocks = item.blocks
                if (heading := item.heading) is not None:
                    # the item's line is a heading (`- ## 目的`): one Heading paragraph numbered by the list, the
                    # marker on its line as on the page, where a List paragraph of its own stood empty above it
                    paragraph, blocks = self.heading(heading), blocks[1:]
                    # (a bulleted list's bullet is its style's numbering, which the Heading style has not)
                    paragraph.num_id = num_id if num_id is not None else self.file.new_list(style)
                else:
                    paragraph = self.paragraph(style)
                    # a task item's ☐/☑ is its marker, where a bullet stands, its text where the others' starts
                    paragraph.num_id = self.file.new_list(style, marker=item.box) if item.box else num_id
                    self.inline(paragraph, item.inlines)
                # the indents written on each item (core/page.py's, as the PDF's), not left to the template's levels
                paragraph.indent = base + text_start
                paragraph.hanging = LIST_STEP_TWIPS
                # An item's further paragraphs, code and quotes start where its text does, as on the page.
                outer, self._item_indent = self._item_indent, base + text_start - box
                try:
                    self.blocks(blocks)
                finally:
                    self._item_indent = outer
        finally:
            self._list_base = outer_base

    def table(self, block: TableBlock) -> None:
        # inside a list item or a quote the table starts where their text does, and is narrower by as much
        indent = (cm(INDENT_CM * len(self._boxes)) if self._boxes else 0) + self._item_indent
        total = self._width / EMU_PER_TWIP - indent
        widths = _whole(total, block.widths)
        table = Table.empty(len(block.rows), widths, self.file.style("Table Grid"))
        table.indent = indent
        in_body = self._container is self.file.body
        self._container.append(table)
        for index, (row, kept) in enumerate(zip(table.rows, unsplit_rows(block), strict=True)):
            row.header = index < block.header_rows  # the column heads again on each page the table runs onto
            row.cant_split = kept
        for index, cells in enumerate(block.rows):
            # cells spanning columns merged first (right to left, so the places still to merge stay put)
            for column in reversed(range(len(cells))):
                if cells[column].colspan > 1 and cells[column].covered != "left":
                    table.merge_row(index, column, column + cells[column].colspan - 1)
            placed = [cell for cell in cells if cell.covered != "left"]
            for target, source in zip(table.rows[index].cells, placed, strict=True):
                if source.rowspan > 1 or source.covered == "above":  # Word's vertical merge
                    target.merge = "continue" if source.covered else "restart"
                if not source.covered:
                    self._cell(target, source)
        for cell in (cell for row in table.rows for cell in row.cells):  # no space under a cell's last line: a
            last = cell.blocks[-1]  # row as tall as its text, as the PDF's (Normal's 3 pt would stand below it)
            if isinstance(last, Paragraph) and last.space_after is None:
                last.space_after = 0
        for row in table.rows[:block.header_rows]:  # never the heads alone at a page's foot (Typst's table.header)
            for paragraph in (p for cell in row.cells for p in cell.paragraphs()):
                paragraph.keep_next = True
        if in_body:
            self.paragraph()
        else:  # a table must not end a cell: Word requires a paragraph after it
            self._container.append(Paragraph())

    def _cell(self, cell: Cell, source: TableCell) -> None:
        """A one-paragraph cell into the cell's paragraph; lists, paragraphs or tables inside it as blocks."""
        inlines = source.inlines
        if inlines is not None:
            self.inline(cell.paragraph, inlines)
            if isinstance(lone := source.blocks[0] if source.blocks else None, Para) and lone.anchor:
                add_bookmark(cell.paragraph, lone.anchor, self.file.bookmark_id())  # a link jumps to the cell
        else:
            outer, boxes, width, item = self._container, self._boxes, self._width, self._item_indent
            self._container, self._boxes, self._width = cell.blocks, [], cell.width * EMU_PER_TWIP
            self._item_indent = 0
            try:
                self.blocks(source.blocks)
            finally:
                self._container, self._boxes, self._width, self._item_indent = outer, boxes, width, item
            first = cell.paragraph
            if sum(1 for _ in cell.paragraphs()) > 1 and not first.text and not first.content:
                cell.blocks.pop(0)
        if source.align:  # the column's alignment, for every paragraph that sets none of its own
            for paragraph in cell.paragraphs():
                paragraph.align = paragraph.align or source.align


def _whole(total: float, shares: Sequence[float]) -> list[int]:
    """Column widths in whole twips from their shares, adding up to the total."""
    widths = [int(total * share) for share in shares]
    if widths:
        widths[-1] += int(total) - sum(widths)
    return widths


def bookmark_name(code: str) -> str:
    """A Word bookmark name for a control number or a heading's section anchor (letters, digits, `_`; at
    most 40 characters: a heading's is a digest, so two long headings never share one)."""
    if "#" in code:
        return "qms_s" + hashlib.sha256(code.encode("utf-8")).hexdigest()[:24]
    return ("qms_" + "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in code))[:40]


def add_bookmark(paragraph: Paragraph, code: str, bookmark_id: int) -> None:
    """Mark a paragraph (a document's title) so `[[ID]]` links elsewhere in the same file can jump to it."""
    name = bookmark_name(code)
    paragraph.content.insert(0, f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{name}"/>')
    paragraph.content.append(f'<w:bookmarkEnd w:id="{bookmark_id}"/>')
