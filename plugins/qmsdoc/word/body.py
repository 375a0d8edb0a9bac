"""Write the core's rendered body (HTML tree) into a Word document: headings, paragraphs, nested
lists, tables, bold/italic and `[[ID]]` references as 《title》(ID). Nothing in the tree is dropped."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from ..core.htmltree import Node, parse_html
from .fields import set_table_borders
from .styles import set_fonts

INLINE_BOLD = {"strong", "b"}
INLINE_ITALIC = {"em", "i"}
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "div", "pre", "hr", "blockquote", "dl"}


class BodyWriter:
    """Appends blocks to `doc`; `heading_offset` shifts h2 → Heading 2 when a title is Heading 1."""

    def __init__(self, doc: DocxDocument, heading_offset: int = 0) -> None:
        self.doc = doc
        self.heading_offset = heading_offset
        self._numbering = doc.part.numbering_part.element
        self._abstract_for_style: dict[str, str] = {}
        self._next_num_id = 1000 + len(self._numbering.findall(qn("w:num")))
        self._style_ids: dict[str, str] = {}

    def paragraph(self, style: str | None = None) -> Paragraph:
        """A new paragraph; style ids are looked up once per document (python-docx scans all styles
        on every lookup by name)."""
        paragraph = self.doc.add_paragraph()
        if style:
            if style not in self._style_ids:
                self._style_ids[style] = self.doc.styles[style].style_id
            paragraph._p.style = self._style_ids[style]
        return paragraph

    # -- inline ---------------------------------------------------------------------------
    def inline(self, paragraph: Paragraph, node: Node, bold: bool = False, italic: bool = False,
               code: bool = False) -> None:
        for child in node.children:
            if isinstance(child, str):
                text = child.replace("\n", " ") if not code else child
                if text:
                    run = paragraph.add_run(text)
                    run.bold = bold or None
                    run.italic = italic or None
                    if code:
                        run.font.name = "Consolas"
                continue
            tag = child.tag
            if tag == "br":
                paragraph.add_run().add_break()
            elif tag == "a" and "qms-ref" in child.classes:
                self._reference(paragraph, child, bold, italic)
            elif tag in BLOCKS or tag in ("ul", "ol"):
                continue  # nested blocks are written by the caller
            else:
                self.inline(paragraph, child, bold or tag in INLINE_BOLD, italic or tag in INLINE_ITALIC,
                            code or tag == "code")

    def _reference(self, paragraph: Paragraph, node: Node, bold: bool, italic: bool) -> None:
        parts = {cls: "" for cls in ("qms-ref-title", "qms-ref-id")}
        for span in node.elements():
            for cls in span.classes & parts.keys():
                parts[cls] = span.text()
        run = paragraph.add_run(f"{parts['qms-ref-title']}（{parts['qms-ref-id']}）")
        run.bold = bold or None
        run.italic = italic or None

    # -- blocks ---------------------------------------------------------------------------
    def write_html(self, html: str) -> None:
        self.blocks(parse_html(html))

    def blocks(self, node: Node) -> None:
        loose: list[Node | str] = []
        for child in node.children:
            if isinstance(child, Node) and child.tag in BLOCKS:
                self._flush(loose)
                self.block(child)
            else:
                loose.append(child)
        self._flush(loose)

    def _flush(self, loose: list[Node | str]) -> None:
        if any((c.strip() if isinstance(c, str) else True) for c in loose):
            self.inline(self.paragraph(), Node("span", children=list(loose)))
        loose.clear()

    def block(self, node: Node) -> None:
        tag = node.tag
        if tag[0] == "h" and tag[1:].isdigit():
            level = min(int(tag[1:]) - 1 + self.heading_offset, 4) or 1
            self.inline(self.paragraph(f"Heading {level}"), node)
        elif tag == "p":
            self.inline(self.paragraph(), node)
        elif tag in ("ul", "ol"):
            self.list(node, level=0)
        elif tag == "table":
            self.table(node)
        elif tag == "pre":
            self.inline(self.paragraph(), node, code=True)
        elif tag == "hr":
            self.paragraph()
        elif tag == "div" and "admonition" in node.classes:
            for child in node.elements():
                paragraph = self.paragraph()
                self.inline(paragraph, child, bold="admonition-title" in child.classes)
        else:  # div, blockquote, dl: their children are blocks or text
            self.blocks(node)

    def _new_num(self, style: str) -> str:
        """A fresh w:num on the style's abstract numbering, so each ordered list restarts at 1."""
        if style not in self._abstract_for_style:
            num_id = self.doc.styles[style].element.pPr.numPr.numId.val
            for num in self._numbering.findall(qn("w:num")):
                if num.get(qn("w:numId")) == str(num_id):
                    self._abstract_for_style[style] = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        self._next_num_id += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(self._next_num_id))
        abstract = OxmlElement("w:abstractNumId")
        abstract.set(qn("w:val"), self._abstract_for_style[style])
        num.append(abstract)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        self._numbering.append(num)
        return str(self._next_num_id)

    def list(self, node: Node, level: int) -> None:
        ordered = node.tag == "ol"
        depth = min(level, 2)
        style = ("List Number" if ordered else "List Bullet") + (f" {depth + 1}" if depth else "")
        num_id = self._new_num(style) if ordered else None
        for item in node.elements():
            if item.tag != "li":
                continue
            paragraph = self.paragraph(style)
            if num_id:
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = int(num_id)
            texts = [c for c in item.children if not (isinstance(c, Node) and c.tag in ("ul", "ol", "p"))]
            self.inline(paragraph, Node("li", children=texts))
            for index, para in enumerate(c for c in item.elements() if c.tag == "p"):
                self.inline(paragraph if index == 0 and not paragraph.text else self.paragraph(), para)
            for sub in item.elements():
                if sub.tag in ("ul", "ol"):
                    self.list(sub, level + 1)

    def table(self, node: Node) -> None:
        rows: list[tuple[bool, list[Node]]] = []
        for section in node.elements():
            for tr in section.elements() if section.tag in ("thead", "tbody", "tfoot") else [section]:
                if tr.tag == "tr":
                    rows.append((section.tag == "thead", [c for c in tr.elements() if c.tag in ("td", "th")]))
        if not rows:
            return
        width = max(len(cells) for _, cells in rows)
        table = self.doc.add_table(rows=len(rows), cols=width)
        if "Table Grid" not in self._style_ids:
            self._style_ids["Table Grid"] = self.doc.styles["Table Grid"].style_id
        table._tbl.tblStyle_val = self._style_ids["Table Grid"]
        set_table_borders(table)
        for row, (header, cells) in zip(table.rows, rows, strict=True):
            row_cells = row.cells  # fetched once per row: Table.cell() in a loop is quadratic
            for target, source in zip(row_cells, cells, strict=False):
                paragraph = target.paragraphs[0]
                self.inline(paragraph, source, bold=header or source.tag == "th")
        self.paragraph()


def label_run(paragraph: Paragraph, text: str, *, bold: bool = False, size: float | None = None,
              font: str | None = None) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if font:
        set_fonts(run._r, font)
