"""The Typst writer of the copy blocks (core/copybody.py decides what each construct becomes; this
module only says how Typst writes it)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..core import emphasis, page
from ..core.boxlooks import look_of
from ..core.colwidths import LONG_RUN
from ..core.copyblocks import (
    Block,
    Box,
    Code,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    ListItem,
    Para,
    Picture,
    Rule,
    Style,
    TableBlock,
    TableCell,
    unsplit_rows,
)
from .markup import array, breakable, breakable_raw, content, has_unbroken, string, text

IMAGE_MAX_WIDTH_MM = 150
_WRAPPERS = (("bold", "strong"), ("italic", "emph"), ("strike", "strike"), ("underline", "underline"),
             ("mark", "highlight"), ("sup", "super"), ("sub", "sub"))


def _styled(markup: str, style: Style) -> str:
    for flag, function in _WRAPPERS:
        if getattr(style, flag):
            if flag == "italic" and not emphasis.dotted(style.italic, style.code):  # emph's show rule dots CJK
                function = 'text(style: "italic")'
            markup = f"#{function}[{markup}]"
    if style.small:  # inside a caption's own size: smaller than it, as Word's (page.small_pt)
        markup = f"#text(size: {page.SMALL_EM}em)[{markup}]"
    if style.caption:
        markup = f"#text(size: {page.CAPTION_PT}pt)[{markup}]"
    return markup


def _linked(markup: str, href: str, anchor: str) -> str:
    """Markup inside a link to an address, or to a document's place in the same PDF."""
    if href:
        return f"#link({string(href)})[{markup}]"
    if anchor:
        return f"#link(label({string(anchor_label(anchor))}))[{markup}]"
    return markup


class TypstBody:
    """Writes blocks as Typst markup. `assets_root` is the compile root: pictures are named relative
    to it (Typst reads no file outside its root)."""

    def __init__(self, assets_root: str | Path | None = None) -> None:
        self.root = Path(assets_root).resolve() if assets_root else None
        self.longest = LONG_RUN  # runs this long get break opportunities; less in a squeezed column (table)

    # -- inline -----------------------------------------------------------------------------------
    def inlines(self, inlines: Iterable[Inline]) -> str:
        return "".join(self.inline(item) for item in inlines)

    def inline(self, item: Inline) -> str:
        if isinstance(item, LineBreak):
            return "#linebreak()"
        if isinstance(item, Picture):
            return _linked(self.picture(item), item.href, item.anchor)
        broken = breakable_raw if item.style.code else breakable
        markup = _styled(broken(item.text, self.longest), item.style)
        return _linked(markup, item.href, item.anchor)

    def picture(self, item: Picture) -> str:
        if self.root is None:
            return text(item.alt)
        relative = "/" + item.path.relative_to(self.root).as_posix()
        if item.scale != 1.0:  # sized on the page: its own size times the scale, never wider than the text
            return (f"#box(layout(size => {{ let w = measure(image({string(relative)})).width * {item.scale:.6f}; "
                    f"image({string(relative)}, width: calc.min(w, size.width, {IMAGE_MAX_WIDTH_MM}mm)) }}))")
        # at its own size, but never wider than the text (Typst scales from the image's resolution)
        return (f"#box(layout(size => {{ let img = image({string(relative)}); let w = measure(img).width; "
                f"if w > calc.min(size.width, {IMAGE_MAX_WIDTH_MM}mm) "
                f"{{ image({string(relative)}, width: calc.min(size.width, {IMAGE_MAX_WIDTH_MM}mm)) }} else {{ img }} }}))")

    # -- blocks -----------------------------------------------------------------------------------
    def blocks(self, blocks: Iterable[Block], heading_offset: int = 1) -> str:
        return "".join(self.block(block, heading_offset) for block in blocks)

    def block(self, block: Block, heading_offset: int = 1) -> str:
        if isinstance(block, Heading):
            level = min(block.level + heading_offset, 6)
            label = f"#label({string(anchor_label(block.anchor))})" if block.anchor else ""  # a link jumps here
            # in the PDF outline, under the document's own entry, as Word's navigation pane lists its Heading styles
            return f"#heading(level: {level}, outlined: false, bookmarked: true)[{self.inlines(block.inlines)}]{label}\n"
        if isinstance(block, Para):
            inner = self.inlines(block.inlines)
            if block.align == "center":
                inner = f"#align(center)[{inner}]"
            if block.indent:
                inner = f"#pad(left: {page.INDENT_CM * block.indent:g}cm)[{inner}]"  # as Word's
            if block.anchor:  # a footnote's text: its marker jumps here
                inner += f"#label({string(anchor_label(block.anchor))})"
            if block.keep_next:  # a title: on the page of what follows it, as Word's keepNext
                return f"#block(sticky: true)[{inner}]\n"
            return inner + "\n\n"
        if isinstance(block, Code):
            if has_unbroken(block.text):  # a long path or URL: lines of inline code that may break inside it
                lines = "#linebreak()".join(breakable_raw(line) for line in block.text.split("\n"))
                return f"#block[#set par(justify: false);{lines}]\n"
            return f"#raw(block: true, {string(block.text)})\n"  # in its Box("code"), shaded as Word's paragraph
        if isinstance(block, Rule):
            return "#line(length: 100%, stroke: 0.5pt + luma(150))\n"
        if isinstance(block, Box):
            look = look_of(block)  # core/boxlooks.py's, as Word's
            stroke = f', stroke: (left: {look.border_pt:g}pt + rgb("#{look.border}"))' if look.border else ""
            # its text page.INDENT_CM in from the box's edge and to the right edge, as Word indents its paragraphs
            fill = f'rgb("#{look.fill}")' if look.fill else "none"
            return (f"#block(width: 100%, breakable: true, fill: {fill}, "
                    f"inset: (left: {page.INDENT_CM}cm, right: 0pt, y: 2mm){stroke})"
                    f"[{self.blocks(block.blocks, heading_offset)}]\n")
        if isinstance(block, ListBlock):
            return self.list(block, heading_offset)
        return self.table(block, heading_offset)

    def list(self, block: ListBlock, heading_offset: int) -> str:
        items = []
        for item in block.items:
            inner = self.inlines(item.inlines)
            if item.blocks:
                inner += "\n\n" + self.blocks(item.blocks, heading_offset)
            items.append(content(inner))
        if block.markers:  # a number Typst cannot count to (`-2.`): each item's marker as text
            return f"#enum(numbering: list-marker({array(map(string, block.markers))}), {', '.join(items)})\n"
        if block.numbers:  # a count down or a jump (`<ol reversed>`, `<li value>`): each item its number
            items = [f"enum.item({number}, {markup})" for number, markup in zip(block.numbers, items, strict=True)]
        if block.ordered:
            start = f"start: {block.start}, " if block.start != 1 else ""
            start += f'numbering: list-number("{block.numbering}."), ' if block.numbering != "1" else ""
            return f"#enum({start}{', '.join(items)})\n"
        # A task item's ☐/☑ is its marker, where a bullet stands (as on the page and in Word), but Typst sets one
        # marker per list: a list mixing task and plain items is written as runs of each, a task run's boxes as the
        # markers of its items.
        runs = itertools.groupby(zip(block.items, items, strict=True), key=lambda pair: pair[0].task)
        return "".join(self._run([item for item, _ in pairs], [markup for _, markup in pairs])
                       for pairs in (list(run) for _, run in runs)) or "#list()\n"

    @staticmethod
    def _run(items: Sequence[ListItem], markups: Sequence[str]) -> str:
        """A run of a bulleted list's items that are all task items (their boxes their markers) or all plain."""
        if items[0].task:
            return f"#enum(numbering: list-marker({array(string(item.box) for item in items)}), {', '.join(markups)})\n"
        return f"#list({', '.join(markups)})\n"

    def _cell(self, cell: TableCell, heading_offset: int, *, kept: bool = False) -> str:
        """A cell; `kept`: its row stays whole on one page (core/copyblocks.unsplit_rows)."""
        inlines = cell.inlines
        inner = self.inlines(inlines) if inlines is not None else self.blocks(cell.blocks, heading_offset)
        if inlines is not None and isinstance(lone := cell.blocks[0] if cell.blocks else None, Para) and lone.anchor:
            inner += f"#label({string(anchor_label(lone.anchor))})"  # a link jumps to the cell
        named = [f"colspan: {cell.colspan}"] if cell.colspan > 1 else []
        named += [f"rowspan: {cell.rowspan}"] if cell.rowspan > 1 else []
        named += [f"align: {cell.align}"] if cell.align else []  # left, center, right: Typst's names too
        named += ["breakable: false"] if kept and cell.rowspan == 1 else []  # one such cell keeps its row whole
        return f"table.cell({', '.join(named)}){content(inner)}" if named else content(inner)

    def _column_cell(self, block: TableBlock, column: int, cell: TableCell, heading_offset: int, *,
                     kept: bool) -> str:
        """A cell of `column`: a word wider than the column's share (a table too wide for the page,
        colwidths.squeezed_runs) may break at the cell's edge, as Word breaks it, not run over the next cell."""
        outer = self.longest
        squeezed = block.squeezed[column] if column < len(block.squeezed) else 0
        self.longest = min(outer, squeezed) if squeezed else outer
        try:
            return self._cell(cell, heading_offset, kept=kept)
        finally:
            self.longest = outer

    def table(self, block: TableBlock, heading_offset: int) -> str:
        columns = array(f"{max(w, 0.001):.4f}fr" for w in block.widths)
        # Typst places a spanning cell over the places it covers: those are not written
        rows = [[self._column_cell(block, column, c, heading_offset, kept=kept)
                 for column, c in enumerate(row) if not c.covered]
                for row, kept in zip(block.rows, unsplit_rows(block), strict=True)]
        head = rows[:block.header_rows]
        cells = []
        if head:
            cells.append("table.header(" + ", ".join(c for row in head for c in row) + ")")
        cells += [c for row in rows[block.header_rows:] for c in row]
        return f"#table(columns: {columns}, {', '.join(cells)})\n"


def anchor_label(code: str) -> str:
    """The Typst label of a document's place in a whole-manual PDF (`[[ID]]` links jump to it), or of a
    heading's section anchor (`[x](#id)` links jump to it)."""
    return f"qms-doc-{code}"
