"""Write the core's rendered body (sanitised HTML tree) into a Word document: everything the page shows.

Headings 1–6 (shifted below the title), paragraphs, nested lists, tables (blocks inside cells too),
links (external ones clickable, `[[ID]]` as bookmarks inside a whole manual), images with their alt
text as caption, blockquotes/admonitions/details as indented shaded blocks, code in monospace with
its line breaks, footnotes as numbered notes, task boxes ☐/☑, strike, underline, marks, sub/sup."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..core.htmltree import Node, parse_html
from ..core.refs import REF_CLASS, plain_reference, referenced_code, rooted_path
from .fields import set_table_borders
from .richxml import add_bookmark, bookmark_name, left_border, shade, wrap_hyperlink
from .styles import set_fonts

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "div", "pre", "hr", "blockquote", "dl",
          "details", "figure"}
MONO = "Consolas"
IMAGE_MAX_WIDTH = Cm(15)
EXTERNAL = ("http://", "https://", "mailto:")
# (fill, left border) per kind of box: quotes get a bar, notes a light shade, code a grey one.
BOXES = {"quote": ("F7F7F7", True), "note": ("EEF3FB", False), "code": ("F2F2F2", False)}


# The inline tags that switch a character format on, and which.
_TAG_FLAGS = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "code": "code", "kbd": "code",
              "del": "strike", "s": "strike", "u": "underline", "ins": "underline", "mark": "mark",
              "sup": "sup", "sub": "sub"}


@dataclass(frozen=True, slots=True)
class _Format:
    """Character formatting accumulated down the inline tree."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    underline: bool = False
    mark: bool = False
    sup: bool = False
    sub: bool = False

    def with_tag(self, tag: str) -> _Format:
        flag = _TAG_FLAGS.get(tag)
        return dataclasses.replace(self, **{flag: True}) if flag else self

    def apply(self, run: Run) -> None:
        run.bold = self.bold or None
        run.italic = self.italic or None
        if self.code:
            run.font.name = MONO
        if self.strike:
            run.font.strike = True
        if self.underline:
            run.font.underline = True
        if self.mark:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if self.sup:
            run.font.superscript = True
        if self.sub:
            run.font.subscript = True


class BodyWriter:
    """Appends blocks to `doc`. The title is Heading 1, so body headings start at Heading 2 (a body
    that uses `#` itself is shifted one further, so its H1 never looks like the title).
    `anchors`: control numbers bookmarked in this file (a whole manual), linked internally.
    `assets_root`: the manuals folder, where `qmsroot:` images are read from."""

    def __init__(self, doc: DocxDocument, heading_offset: int = 0, *, anchors: set[str] | None = None,
                 assets_root: str | Path | None = None) -> None:
        self.doc = doc
        self.heading_offset = heading_offset
        self.anchors = anchors or set()
        self.assets_root = Path(assets_root) if assets_root else None
        self._numbering = doc.part.numbering_part.element
        self._abstract_for_style: dict[str, str] = {}
        self._next_num_id = 1000 + len(self._numbering.findall(qn("w:num")))
        self._style_ids: dict[str, str] = {}
        self._container: DocxDocument | _Cell = doc
        self._boxes: list[str] = []
        self._captions: list[str] = []
        self._h1_shift = 0

    def paragraph(self, style: str | None = None) -> Paragraph:
        """A new paragraph in the current container, decorated for the boxes it sits in; style ids
        are looked up once per document (python-docx scans all styles on every lookup by name)."""
        paragraph = self._container.add_paragraph()
        if style:
            if style not in self._style_ids:
                self._style_ids[style] = self.doc.styles[style].style_id
            paragraph._p.style = self._style_ids[style]
        if self._boxes:
            paragraph.paragraph_format.left_indent = Cm(0.6 * len(self._boxes))
            fill, bar = BOXES[self._boxes[-1]]
            shade(paragraph, fill)
            if bar:
                left_border(paragraph)
        return paragraph

    # -- inline ---------------------------------------------------------------------------
    def inline(self, paragraph: Paragraph, node: Node, bold: bool = False, italic: bool = False,
               code: bool = False, fmt: _Format | None = None) -> None:
        fmt = fmt or _Format(bold=bold, italic=italic, code=code)
        after_break = False
        for child in node.children:
            if isinstance(child, str):
                # The source line break after a <br> is not a space the reader should see.
                self._text(paragraph, child.lstrip() if after_break and not fmt.code else child, fmt)
                after_break = False
                continue
            tag = child.tag
            after_break = tag == "br"
            if tag == "br":
                paragraph.add_run().add_break()
            elif tag == "a":
                self._link(paragraph, child, fmt)
            elif tag == "img":
                self._image(paragraph, child)
            elif tag == "input" and child.attrs.get("type") == "checkbox":
                paragraph.add_run("☑" if "checked" in child.attrs else "☐")  # the item text brings its space
            elif tag in BLOCKS:
                continue  # nested blocks are written by the caller
            else:
                self.inline(paragraph, child, fmt=fmt.with_tag(tag))

    def _text(self, paragraph: Paragraph, text: str, fmt: _Format) -> None:
        if not fmt.code:
            text = text.replace("\n", " ")
        if not text:
            return
        lines = text.split("\n")
        for index, line in enumerate(lines):
            if index:
                paragraph.add_run().add_break()
            if line:
                run = paragraph.add_run(line)
                fmt.apply(run)
                if fmt.code:
                    set_fonts(run._r, MONO, MONO)

    def _link(self, paragraph: Paragraph, node: Node, fmt: _Format) -> None:
        href = node.attrs.get("href", "")
        classes = node.classes
        if "footnote-backref" in classes:
            return
        if "footnote-ref" in classes:
            run = paragraph.add_run(node.text())
            run.font.superscript = True
            return
        first = len(paragraph._p)
        if REF_CLASS in classes:
            self._reference(paragraph, node, fmt)
        else:
            self.inline(paragraph, node, fmt=fmt)
        if href.startswith(EXTERNAL):
            wrap_hyperlink(paragraph, first, url=href)
        elif (code := referenced_code(href)) is not None and code in self.anchors:
            wrap_hyperlink(paragraph, first, anchor=bookmark_name(code))

    def _reference(self, paragraph: Paragraph, node: Node, fmt: _Format) -> None:
        spans = {cls: span.text() for span in node.elements() for cls in span.classes}
        fmt.apply(paragraph.add_run(plain_reference(spans)))

    def _image(self, paragraph: Paragraph, node: Node) -> None:
        src, alt = node.attrs.get("src", ""), node.attrs.get("alt", "")
        path = self._image_path(src)
        try:
            if path is None or not path.is_file():
                raise FileNotFoundError(src)
            shape = paragraph.add_run().add_picture(str(path))
        except (FileNotFoundError, UnrecognizedImageError, ValueError, OSError):
            paragraph.add_run(f"［图片：{alt or src}］")
            return
        if shape.width > IMAGE_MAX_WIDTH:
            shape.height = Length(int(shape.height * IMAGE_MAX_WIDTH / shape.width))
            shape.width = IMAGE_MAX_WIDTH
        if alt:
            self._captions.append(alt)

    def _image_path(self, src: str) -> Path | None:
        relative = rooted_path(src)
        if relative is None or self.assets_root is None:
            return None
        try:
            path = (self.assets_root / relative).resolve()
        except OSError:
            return None
        return path if path.is_relative_to(self.assets_root.resolve()) else None

    def _flush_captions(self) -> None:
        for alt in self._captions:
            caption = self.paragraph()
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = caption.add_run(alt)
            run.font.size = Pt(10.5)
        self._captions.clear()

    # -- blocks ---------------------------------------------------------------------------
    def write_html(self, html: str) -> None:
        tree = parse_html(html)
        self._h1_shift = 1 if _has_tag(tree, "h1") else 0
        self.blocks(tree)

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
            self._flush_captions()
        loose.clear()

    def block(self, node: Node) -> None:
        tag = node.tag
        if tag[0] == "h" and tag[1:].isdigit():
            level = min(int(tag[1:]) - 1 + self.heading_offset + self._h1_shift, 9) or 1
            self.inline(self.paragraph(f"Heading {level}"), node)
        elif tag == "p":
            self.inline(self.paragraph(), node)
            self._flush_captions()
        elif tag in ("ul", "ol"):
            self.list(node, level=0)
        elif tag == "table":
            self.table(node)
        elif tag == "pre":
            self._boxed("code", lambda: self.inline(self.paragraph(), _trim_end(node), code=True))
        elif tag == "hr":
            self.paragraph()
        elif tag == "blockquote":
            self._boxed("quote", lambda: self.blocks(node))
        elif tag == "div" and "footnote" in node.classes:
            self.footnotes(node)
        elif (tag == "div" and "admonition" in node.classes) or tag == "details":
            self._boxed("note", lambda: self._titled(node))
        elif tag == "dl":
            self.definitions(node)
        else:  # div, figure: their children are blocks or text
            self.blocks(node)

    def _boxed(self, kind: str, write: object) -> None:
        self._boxes.append(kind)
        try:
            write()  # type: ignore[operator]
        finally:
            self._boxes.pop()

    def _titled(self, node: Node) -> None:
        """An admonition or details block: its title (or summary) in bold, then its content."""
        rest: list[Node | str] = []
        for child in node.children:
            if isinstance(child, Node) and (child.tag == "summary" or "admonition-title" in child.classes):
                self.inline(self.paragraph(), child, bold=True)
            else:
                rest.append(child)
        self.blocks(Node("div", children=rest))

    def definitions(self, node: Node) -> None:
        for item in node.elements():
            if item.tag == "dt":
                self.inline(self.paragraph(), item, bold=True)
            elif item.tag == "dd":
                self._boxes.append("note")
                try:
                    self.blocks(item)
                finally:
                    self._boxes.pop()

    def footnotes(self, node: Node) -> None:
        """Footnotes as numbered notes after the body: 注1 text…"""
        heading = self.paragraph()
        heading.add_run("注：").bold = True
        for ol in (c for c in node.elements() if c.tag == "ol"):
            for number, item in enumerate((li for li in ol.elements() if li.tag == "li"), start=1):
                for index, child in enumerate(item.elements() or [item]):
                    paragraph = self.paragraph()
                    paragraph.paragraph_format.left_indent = Cm(0.6)
                    if index == 0:
                        run = paragraph.add_run(f"{number}　")
                        run.font.superscript = True
                    self.inline(paragraph, child)
                    self._flush_captions()

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
        suffix = f" {depth + 1}" if depth else ""
        style = ("List Number" if ordered else "List Bullet") + suffix
        num_id = self._new_num(style) if ordered else None
        for item in node.elements():
            if item.tag != "li":
                continue
            # A task item's ☐/☑ is its marker: indented like the list, without a bullet in front of the box.
            task = not ordered and "task-list-item" in item.classes
            paragraph = self.paragraph("List Continue" + suffix if task else style)
            if level > 2:  # Word's list styles stop at 3 levels: indent deeper ones further
                paragraph.paragraph_format.left_indent = Cm(0.75 * (level + 1))
            if num_id:
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = int(num_id)
            texts = [c for c in item.children if not (isinstance(c, Node) and c.tag in BLOCKS)]
            self.inline(paragraph, Node("li", children=texts))
            first = True
            for child in item.elements():
                if child.tag in ("ul", "ol"):
                    self.list(child, level + 1)
                elif child.tag == "p":
                    self.inline(paragraph if first and not paragraph.text else self.paragraph(), child)
                    first = False
                elif child.tag in BLOCKS:
                    self.block(child)
            self._flush_captions()

    def table(self, node: Node) -> None:
        rows: list[tuple[bool, list[Node]]] = []
        for section in node.elements():
            for tr in section.elements() if section.tag in ("thead", "tbody", "tfoot") else [section]:
                if tr.tag == "tr":
                    rows.append((section.tag == "thead", [c for c in tr.elements() if c.tag in ("td", "th")]))
        if not rows:
            return
        width = max(len(cells) for _, cells in rows)
        table = self._container.add_table(rows=len(rows), cols=width)
        if "Table Grid" not in self._style_ids:
            self._style_ids["Table Grid"] = self.doc.styles["Table Grid"].style_id
        table._tbl.tblStyle_val = self._style_ids["Table Grid"]
        set_table_borders(table)
        for row, (header, cells) in zip(table.rows, rows, strict=True):
            row_cells = row.cells  # fetched once per row: Table.cell() in a loop is quadratic
            for target, source in zip(row_cells, cells, strict=False):
                self._cell(target, source, bold=header or source.tag == "th")
        if self._container is self.doc:
            self.paragraph()

    def _cell(self, cell: _Cell, source: Node, *, bold: bool) -> None:
        """Inline content into the cell's paragraph; lists or paragraphs inside a cell as blocks."""
        if not any(isinstance(c, Node) and c.tag in BLOCKS for c in source.children):
            self.inline(cell.paragraphs[0], source, bold=bold)
            return
        outer, boxes = self._container, self._boxes
        self._container, self._boxes = cell, []
        try:
            self.blocks(source)
        finally:
            self._container, self._boxes = outer, boxes
        first = cell.paragraphs[0]
        if len(cell.paragraphs) > 1 and not first.text and not len(first._p.findall(qn("w:r"))):
            first._p.getparent().remove(first._p)


def _trim_end(node: Node) -> Node:
    """A code block without the newline that ends its last line (it would show as an empty line)."""
    children = list(node.children)
    while children and isinstance(children[-1], str) and not children[-1].strip("\n"):
        children.pop()
    if children and isinstance(children[-1], str):
        children[-1] = children[-1].rstrip("\n")
    elif children and isinstance(children[-1], Node):
        children[-1] = _trim_end(children[-1])
    return Node(node.tag, node.attrs, children)


def _has_tag(node: Node, tag: str) -> bool:
    return any(child.tag == tag or _has_tag(child, tag) for child in node.elements())


def add_document_bookmark(paragraph: Paragraph, code: str, bookmark_id: int) -> None:
    """Mark a document's title so `[[ID]]` links elsewhere in the same file can jump to it."""
    add_bookmark(paragraph, bookmark_name(code), bookmark_id)


def label_run(paragraph: Paragraph, text: str, *, bold: bool = False, size: float | None = None,
              font: str | None = None) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if font:
        set_fonts(run._r, font)
