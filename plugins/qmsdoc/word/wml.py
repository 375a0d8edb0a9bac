"""WordprocessingML written as text: the few elements a controlled copy is made of.

python-docx builds a document element by element, and each insertion searched the element's children
by XPath for its place in the schema order; with style lookups that scan every style, that was most
of an export. Here a paragraph, run or table is a small Python object that writes its own XML once,
with every property in the order ECMA-376 Part 1 §17 prescribes (Word refuses a file otherwise).
Text goes through `xml_text`/`xml_attr` only: nothing a user wrote can become markup."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..core import emphasis, page
from ..core.i18n import t
from ..core.xmltext import xml_attr, xml_text

EMU_PER_CM = 360000
EMU_PER_TWIP = 635
EMU_PER_PT = 12700
LINK_COLOUR = "0563C1"
LATIN_FONT = "Times New Roman"
BORDER = "".join(f'<w:{edge} w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
                 for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
TABLE_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
              'w:noVBand="1" w:val="04A0"/>')


def cm(value: float) -> int:
    """Centimetres in twips, rounded as python-docx rounds (whole EMU first), so widths match Word's."""
    return round(int(value * EMU_PER_CM) / EMU_PER_TWIP)


def pt(value: float) -> int:
    """Points in twips."""
    return round(int(value * EMU_PER_PT) / EMU_PER_TWIP)


@dataclass(frozen=True, slots=True)
class Font:
    """Character formatting of a run. Hashable: each distinct format's <w:rPr> is written once."""

    bold: bool = False
    italic: bool = False
    strike: bool = False
    underline: bool = False
    mark: bool = False
    sup: bool = False
    sub: bool = False
    size: float | None = None  # points
    east_asian: str | None = None  # explicit fonts (East Asian; Latin is `latin`)
    latin: str = LATIN_FONT
    link: bool = False  # inside a hyperlink: Word's link colour and underline
    dotted: bool = False  # emphasis marked with dots under the characters (着重号), not slanted: CJK text
    code: bool = False  # code (core/emphasis.dotted): emphasis never dots it; writes nothing of its own

    def xml(self) -> str:
        return _rpr(self)


@functools.cache
def _rpr(font: Font) -> str:
    parts = _rpr_parts(font)
    return f"<w:rPr>{parts}</w:rPr>" if parts else ""


def _rpr_parts(font: Font) -> str:
    parts = []
    if font.east_asian:
        parts.append(f'<w:rFonts w:ascii="{font.latin}" w:hAnsi="{font.latin}" w:eastAsia="{font.east_asian}" '
                     f'w:cs="{font.latin}"/>')
    if font.bold:
        parts.append("<w:b/>")
    if font.italic:
        parts.append("<w:i/>")
    if font.dotted:
        parts.append('<w:em w:val="underDot"/>')
    if font.strike:
        parts.append("<w:strike/>")
    if font.link:
        parts.append(f'<w:color w:val="{LINK_COLOUR}"/>')
    if font.size:
        parts.append(f'<w:sz w:val="{round(font.size * 2)}"/>')
    if font.mark:
        parts.append('<w:highlight w:val="yellow"/>')
    if font.underline or font.link:
        parts.append('<w:u w:val="single"/>')
    if font.sup or font.sub:
        parts.append(f'<w:vertAlign w:val="{"superscript" if font.sup else "subscript"}"/>')
    return "".join(parts)


PLAIN = Font()
# Characters Word types as run elements of their own: a U+00AD left in w:t is a visible hyphen in Word (the page's
# `&shy;` shows none but where it breaks a line), U+2011 the hyphen a line never breaks at.
_RUN_ELEMENTS = {"\t": "<w:tab/>", "\n": "<w:br/>", "\r": "<w:br/>", "\xad": "<w:softHyphen/>",
                 "\u2011": "<w:noBreakHyphen/>"}
_BREAKS = re.compile("([" + "".join(_RUN_ELEMENTS) + "])")


def _t(text: str, tag: str = "w:t") -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<{tag}{space}>{xml_text(text)}</{tag}>"


def run(text: str, font: Font = PLAIN) -> str:
    """A run of text; tabs, line breaks and soft and no-break hyphens in it become <w:tab/>, <w:br/>,
    <w:softHyphen/> and <w:noBreakHyphen/>, as Word types them. Emphasised CJK text is marked with dots, as the PDF
    marks it (core/emphasis.py), and CJK code in emphasis set upright; the rest stays italic."""
    if font.italic and emphasis.MARKED.search(text):
        return "".join(_run(part, _cjk(font) if cjk else font) for part, cjk in emphasis.parts(text))
    return _run(text, font)


def _cjk(font: Font) -> Font:
    """`font` for CJK text: an emphasis it has is dots under the characters, not a slant — or, on code, neither
    (core/emphasis.upright)."""
    if emphasis.dotted(font.italic, font.code):
        return dataclasses.replace(font, italic=False, dotted=True)
    return dataclasses.replace(font, italic=False) if emphasis.upright(font.italic, font.code) else font


def _run(text: str, font: Font, tag: str = "w:t") -> str:
    """One run; its text in `tag` elements (w:t, or w:delText for deleted text) between the run elements Word types
    tabs, breaks and soft and no-break hyphens as (_RUN_ELEMENTS), whether the text is kept or deleted."""
    if _BREAKS.search(text):
        inner = "".join(_RUN_ELEMENTS.get(part) or _t(part, tag) for part in _BREAKS.split(text) if part)
    else:
        inner = _t(text, tag) if text else ""
    return f"<w:r>{font.xml()}{inner}</w:r>"


def deleted_run(text: str, font: Font = PLAIN) -> str:
    """A run of deleted text (inside a tracked w:del): w:delText instead of w:t; emphasis as `run` marks it."""
    if font.italic and emphasis.MARKED.search(text):
        return "".join(deleted_run(part, _cjk(font) if cjk else font) for part, cjk in emphasis.parts(text))
    return _run(text, font, "w:delText")  # a soft hyphen deleted is <w:softHyphen/> as one kept is, never a U+00AD


def restyled_run(text: str, font: Font, former: Font, change: str) -> str:
    """A run whose formatting was changed as a tracked change: its properties now, and in w:rPrChange (`change`:
    its w:id, w:author and w:date attributes, Revision.attrs) the properties it had — Word's 格式修订. Emphasis on
    either side as `run` marks it."""
    if (font.italic or former.italic) and emphasis.MARKED.search(text):
        return "".join(restyled_run(part, _cjk(font) if cjk else font, _cjk(former) if cjk else former, change)
                       for part, cjk in emphasis.parts(text))
    inner = _run(text, PLAIN)[len("<w:r>"):-len("</w:r>")]
    return (f"<w:r><w:rPr>{_rpr_parts(font)}<w:rPrChange {change}><w:rPr>{_rpr_parts(former)}</w:rPr>"
            f"</w:rPrChange></w:rPr>{inner}</w:r>")


@dataclass(frozen=True)
class Revision:
    """Who made a tracked change and when: Word, WPS and LibreOffice list each change with these."""

    author: str
    date: str  # YYYY-MM-DD

    def attrs(self, change_id: int) -> str:
        # Each change a minute apart: LibreOffice joins neighbouring changes of one author and time into one,
        # and a run inserted at a paragraph's end would then take that paragraph's mark with it on rejection.
        hour, minute = divmod(change_id % 1440, 60)
        stamp = f"{xml_attr(self.date)}T{hour:02d}:{minute:02d}:00Z"
        return f'w:id="{change_id}" w:author="{xml_attr(self.author)}" w:date="{stamp}"'

    def wrap(self, kind: str, runs: str, change_id: int) -> str:
        """`runs` as a tracked insertion (`kind="ins"`) or deletion (`"del"`), or one end of a move (`"moveFrom"`,
        `"moveTo"`)."""
        return f"<w:{kind} {self.attrs(change_id)}>{runs}</w:{kind}>"

    def mark(self, kind: str, change_id: int) -> str:
        """The empty w:ins/w:del that marks a paragraph mark or a table row as inserted or deleted (w:moveFrom/
        w:moveTo: a paragraph mark moved)."""
        return f"<w:{kind} {self.attrs(change_id)}/>"


def break_run(kind: str | None = None, font: Font = PLAIN) -> str:
    """A line break (or `kind="page"`: a page break)."""
    kind_attr = f' w:type="{kind}"' if kind else ""
    return f"<w:r>{font.xml()}<w:br{kind_attr}/></w:r>"


def field_runs(instruction: str, placeholder: str = "1", font: Font = PLAIN) -> list[str]:
    """A complex field (begin, instruction, separate, shown result, end) that Word and LibreOffice
    evaluate: PAGE, NUMPAGES, PAGEREF."""
    rpr = font.xml()
    return [f'<w:r>{rpr}<w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>',
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> {xml_text(instruction)} </w:instrText></w:r>',
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>',
            run(placeholder, font) if placeholder else f"<w:r>{rpr}</w:r>",
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>']


def hyperlink(runs: Sequence[str], *, rid: str | None = None, anchor: str | None = None) -> str:
    """Runs inside a w:hyperlink: external through a relationship id, internal to a bookmark."""
    target = (f' r:id="{rid}"' if rid else "") + (f' w:anchor="{xml_attr(anchor)}"' if anchor else "")
    return f"<w:hyperlink{target}>{''.join(runs)}</w:hyperlink>"


def watermark_run(text: str) -> str:
    """A grey diagonal text watermark anchored in the header, as Word's own 水印 feature writes it."""
    text = xml_attr(text)
    width, height = page.WATERMARK_BOX_PT
    return ('<w:r><w:rPr><w:noProof/></w:rPr><w:pict>'
            '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
            'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
            '<v:textpath on="t" fitshape="t"/></v:shapetype>'
            f'<v:shape id="QmsWatermark" o:spid="_x0000_s2049" type="#_x0000_t136" alt="{text}" '
            f'style="position:absolute;margin-left:0;margin-top:0;width:{width:g}pt;height:{height:g}pt;rotation:315;'
            'z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;'
            'mso-position-vertical:center;mso-position-vertical-relative:margin" fillcolor="#c0c0c0" stroked="f">'
            '<v:fill opacity=".5"/>'
            f'<v:textpath style="font-family:&quot;{xml_attr(t("copy.font.heading"))}&quot;;font-size:1pt" string="{text}"/>'
            '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>')


@dataclass(slots=True, eq=False)
class Paragraph:
    """A w:p: its properties and its content (runs, hyperlinks, bookmarks), written by `xml()`."""

    style: str | None = None  # style id
    align: str | None = None  # w:jc: "center", "right"
    keep_next: bool = False
    num_id: int | None = None  # list numbering instance (level 0)
    bar: tuple[str, int] | None = None  # a left border (a box's): its colour (RRGGBB), width in eighths of a point
    rule: bool = False  # a bottom border across the text (a thematic break)
    fill: str | None = None  # shading colour
    right_tab: int | None = None  # a right-aligned dotted tab stop at this position (twips), as in a 目录
    space_after: int | None = None  # twips
    exact_line: int | None = None  # twips: the line exactly this tall (an empty spacer paragraph)
    least_line: int | None = None  # twips: each line at least this tall (text in a size of its own: `own_lines`)
    indent: int | None = None  # left indent, twips
    hanging: int | None = None  # twips the first line (a list item's marker) starts left of `indent`
    section: str | None = None  # a w:sectPr: this paragraph ends a section
    mark: str | None = None  # the paragraph mark's tracked change (a w:ins/w:del element), in its w:rPr
    former: str | None = None  # the w:pPrChange of tracked paragraph formatting (`restyled`)
    content: list[str] = field(default_factory=list)
    text: bool = False  # holds text (or a break) a reader sees
    sizes: list[float | None] = field(default_factory=list)  # each run of text's size (None: its style's)

    def add(self, text: str, font: Font = PLAIN) -> None:
        self.content.append(run(text, font))
        self.text = self.text or bool(text)
        if text:
            self.sizes.append(font.size)

    def add_break(self) -> None:
        self.content.append(break_run())
        self.text = True

    def xml(self) -> str:
        props = self.properties()
        if self.mark:
            props.append(f"<w:rPr>{self.mark}</w:rPr>")
        if self.section:
            props.append(self.section)
        if self.former is not None:
            props.append(self.former)
        ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
        return f"<w:p>{ppr}{''.join(self.content)}</w:p>" if ppr or self.content else "<w:p/>"

    def properties(self) -> list[str]:
        """The paragraph's own properties (w:pPr without its mark's, its section's or a tracked change), in order."""
        props = []
        if self.style:
            props.append(f'<w:pStyle w:val="{self.style}"/>')
        if self.keep_next:
            props.append("<w:keepNext/>")
        if self.num_id is not None:
            props.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{self.num_id}"/></w:numPr>')
        if self.bar or self.rule:
            left = (f'<w:left w:val="single" w:sz="{self.bar[1]}" w:space="8" w:color="{self.bar[0]}"/>'
                    if self.bar else "")
            bottom = '<w:bottom w:val="single" w:sz="6" w:space="1" w:color="999999"/>' if self.rule else ""
            props.append(f"<w:pBdr>{left}{bottom}</w:pBdr>")
        if self.fill:
            props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{self.fill}"/>')
        if self.right_tab is not None:
            props.append(f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{self.right_tab}"/></w:tabs>')
        if self.space_after is not None or self.exact_line is not None or self.least_line is not None:
            after = f' w:after="{self.space_after}"' if self.space_after is not None else ""
            line = (f' w:line="{self.exact_line}" w:lineRule="exact"' if self.exact_line is not None
                    else f' w:line="{self.least_line}" w:lineRule="atLeast"' if self.least_line is not None else "")
            props.append(f"<w:spacing{after}{line}/>")
        if self.indent is not None:
            hanging = f' w:hanging="{self.hanging}"' if self.hanging is not None else ""
            props.append(f'<w:ind w:left="{self.indent}"{hanging}/>')
        if self.align:
            props.append(f'<w:jc w:val="{self.align}"/>')
        return props

    def restyled(self, former: Paragraph, change: str) -> None:
        """Track a change of paragraph formatting (a heading's level, a list item's indent): `former` holds the
        properties it had; `change` the w:id, w:author and w:date attributes (Revision.attrs)."""
        old = "".join(former.properties())
        if old != "".join(self.properties()):
            self.former = f"<w:pPrChange {change}><w:pPr>{old}</w:pPr></w:pPrChange>"


@dataclass(slots=True, eq=False)
class Cell:
    """A w:tc spanning `span` grid columns; it always holds at least one paragraph (Word requires one)."""

    width: int  # twips
    span: int = 1
    blocks: list[Block] = field(default_factory=lambda: [Paragraph()])
    merge: str = ""  # w:vMerge: "restart" (the top of a cell spanning rows), "continue" (a row it covers)
    middle: bool = False  # w:vAlign center: the text halfway down a cell spanning rows (a form's ungrouped head)

    @property
    def paragraph(self) -> Paragraph:
        """The cell's first paragraph (where a single line of text goes)."""
        first = self.blocks[0]
        assert isinstance(first, Paragraph)
        return first

    def paragraphs(self) -> Iterable[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def xml(self) -> str:
        span = f'<w:gridSpan w:val="{self.span}"/>' if self.span > 1 else ""
        span += {"restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}.get(self.merge, "")
        span += '<w:vAlign w:val="center"/>' if self.middle else ""
        for block in self.blocks:  # flush left, not Normal's justified (core/page.justified()), as the PDF's cells
            if isinstance(block, Paragraph) and block.align is None:
                block.align = "left"
        return (f'<w:tc><w:tcPr><w:tcW w:w="{self.width}" w:type="dxa"/>{span}</w:tcPr>'
                f"{''.join(b.xml() for b in self.blocks)}</w:tc>")


@dataclass(slots=True, eq=False)
class Row:
    cells: list[Cell]
    height: int | None = None  # twips
    at_least: bool = True  # the height is a minimum (the row grows with handwriting)
    change: str = ""  # the row's tracked insertion or deletion (a w:ins/w:del element)
    cant_split: bool = False  # w:cantSplit: the row is never divided between two pages
    header: bool = False  # w:tblHeader: the row repeats at the top of each page the table continues onto

    def xml(self) -> str:
        props = "<w:cantSplit/>" if self.cant_split else ""
        if self.height is not None:
            rule = ' w:hRule="atLeast"' if self.at_least else ""
            props += f'<w:trHeight w:val="{self.height}"{rule}/>'
        props += "<w:tblHeader/>" if self.header else ""
        props += self.change
        row_props = f"<w:trPr>{props}</w:trPr>" if props else ""
        return f"<w:tr>{row_props}{''.join(c.xml() for c in self.cells)}</w:tr>"


CELL_MARGIN_TWIPS = round(page.CELL_INSET_X_MM / 10 * 1440 / 2.54)
"""The left and right padding inside a cell (w:tblCellMar), the PDF's: not the template's 108 twips (1.9 mm), which
wraps 序号 in a column sized for it."""
CELL_MARGINS = (f'<w:tblCellMar><w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
                f'<w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/></w:tblCellMar>')
CELL_INSET_Y_TWIPS = round(page.CELL_INSET_Y_MM / 10 * 1440 / 2.54)
"""The padding above and below a cell's text (core/page.py's line model), the PDF's inset: a row of one line is as
tall in both."""
PADDED_CELL_MARGINS = (f'<w:tblCellMar><w:top w:w="{CELL_INSET_Y_TWIPS}" w:type="dxa"/>'
                       f'<w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
                       f'<w:bottom w:w="{CELL_INSET_Y_TWIPS}" w:type="dxa"/>'
                       f'<w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/></w:tblCellMar>')


@dataclass(slots=True, eq=False)
class Table:
    """A w:tbl with single black borders, on a grid of column widths (twips)."""

    grid: list[int]
    rows: list[Row]
    style: str | None = None  # style id
    align: str | None = None  # "center"
    indent: int = 0  # twips from the margin (a table inside a list item or a quote)
    tight: bool = False  # no padding above and below the cells' text (the controlled page header)

    @classmethod
    def empty(cls, rows: int, widths: Sequence[int], style: str | None = None) -> Table:
        """`rows` rows of one cell per column, each holding an empty paragraph."""
        return cls(list(widths), [Row([Cell(w) for w in widths]) for _ in range(rows)], style)

    def paragraphs(self) -> Iterable[Paragraph]:
        for row in self.rows:
            for cell in row.cells:
                yield from cell.paragraphs()

    def merge_row(self, row: int, first: int, last: int) -> Cell:
        """Merge cells `first`..`last` of a row into one (a w:gridSpan), keeping the first cell's content."""
        cells = self.rows[row].cells
        merged = cells[first]
        merged.span = sum(c.span for c in cells[first:last + 1])
        merged.width = sum(c.width for c in cells[first:last + 1])
        del cells[first + 1:last + 1]
        return merged

    def xml(self) -> str:
        style = f'<w:tblStyle w:val="{self.style}"/>' if self.style else ""
        # The template's compatibility mode (14, Word 2010) measures w:tblInd to the first cell's text, not to its
        # border: a table that starts where the text does is indented by its cell padding, or its left border hangs
        # into the margin and its right one stops short of the text's edge (the PDF's tables start at the margin).
        indent = self.indent if self.align else self.indent + CELL_MARGIN_TWIPS  # a centred table: as placed
        align = f'<w:jc w:val="{self.align}"/>' if self.align else ""
        align += f'<w:tblInd w:w="{indent}" w:type="dxa"/>' if indent else ""
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in self.grid)
        return (f'<w:tbl><w:tblPr>{style}<w:tblW w:w="0" w:type="auto"/>{align}<w:tblBorders>{BORDER}</w:tblBorders>'
                f"{CELL_MARGINS if self.tight else PADDED_CELL_MARGINS}{TABLE_LOOK}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(r.xml() for r in self.rows)}</w:tbl>")


Block = Paragraph | Table


def equal_widths(total_emu: int, columns: int) -> list[int]:
    """Column widths (twips) of a table filling `total_emu`, as Word's Insert Table divides it."""
    return [round((total_emu // columns) / EMU_PER_TWIP)] * columns


def own_lines(blocks: Iterable[Block]) -> None:
    """The line model (core/page.py LINE_EM) for text set in a size of its own: a paragraph of the body whose every
    run of text is sized (a code block, a caption, a form's 9 pt info line, an 18 pt title set as Normal) gets lines at
    least page.line_pt of its largest size, as the PDF sets each line LINE_EM of its own text's size — Normal's
    at-least line (the body's 15.75 pt) set 9 pt code 15.75 pt apart in Word, 13.5 pt in the PDF. Paragraphs of a
    style (a heading, a list item) keep the style's line; text in the style's size keeps Normal's. Tables are walked
    into, cell by cell; page headers and footers are not given to it (their small lines are the header's own)."""
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    own_lines(cell.blocks)
            continue
        sizes = block.sizes
        if block.style or block.exact_line is not None or not sizes or None in sizes:
            continue
        largest = max(size for size in sizes if size is not None)
        if page.line_pt(largest) != page.line_pt(page.BODY_PT):
            block.least_line = pt(page.line_pt(largest))


def blocks_xml(blocks: Iterable[Block]) -> str:
    return "".join(b.xml() for b in blocks)
