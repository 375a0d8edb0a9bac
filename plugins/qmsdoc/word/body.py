"""Write the core's rendered body (sanitised HTML tree) into a Word copy: everything the page shows.

Headings 1–6 (shifted below the title), paragraphs, nested lists, tables (blocks inside cells too),
links (external ones clickable, `[[ID]]` as bookmarks inside a whole manual), images with their alt
text as caption, blockquotes/admonitions/details as indented shaded blocks, code in monospace with
its line breaks, footnotes as numbered notes, task boxes ☐/☑, strike, underline, marks, sub/sup."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from ..core.htmltree import Node, parse_html
from ..core.i18n import t
from ..core.refs import REF_CLASS, plain_reference, referenced_code, rooted_path
from .package import PICTURE_ERRORS, WordFile
from .template import text_width_emu
from .wml import EMU_PER_CM, EMU_PER_TWIP, PLAIN, Block, Cell, Font, Paragraph, Table, cm, equal_widths, hyperlink

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "div", "pre", "hr", "blockquote", "dl",
          "details", "figure"}
MONO = "Consolas"
IMAGE_MAX_WIDTH = 15 * EMU_PER_CM
EXTERNAL = ("http://", "https://", "mailto:")
# (fill, left border) per kind of box: quotes get a bar, notes a light shade, code a grey one.
BOXES = {"quote": ("F7F7F7", True), "note": ("EEF3FB", False), "code": ("F2F2F2", False)}
CAPTION = Font(size=10.5)
SUPERSCRIPT = Font(sup=True)
CODE = Font(east_asian=MONO, latin=MONO)

# The inline tags that switch a character format on, and which.
_TAG_FLAGS = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "del": "strike", "s": "strike",
              "u": "underline", "ins": "underline", "mark": "mark", "sup": "sup", "sub": "sub"}
_CODE_TAGS = {"code", "kbd"}


def _with_tag(font: Font, tag: str) -> Font:
    if tag in _CODE_TAGS:
        return dataclasses.replace(font, east_asian=CODE.east_asian, latin=CODE.latin)
    flag = _TAG_FLAGS.get(tag)
    if flag is None:
        return font
    switched: dict[str, Any] = {flag: True}
    return dataclasses.replace(font, **switched)


def _is_code(font: Font) -> bool:
    return font.east_asian == MONO


class BodyWriter:
    """Appends blocks to a Word file. The title is Heading 1, so body headings start at Heading 2 (a body
    that uses `#` itself is shifted one further, so its H1 never looks like the title).
    `anchors`: control numbers bookmarked in this file (a whole manual), linked internally.
    `assets_root`: the manuals folder, where `qmsroot:` images are read from."""

    def __init__(self, file: WordFile, heading_offset: int = 0, *, anchors: set[str] | None = None,
                 assets_root: str | Path | None = None) -> None:
        self.file = file
        self.heading_offset = heading_offset
        self.anchors = anchors or set()
        self.assets_root = Path(assets_root) if assets_root else None
        self._container: list[Block] = file.body
        self._width = text_width_emu()  # of the current container: tables divide it between their columns
        self._boxes: list[str] = []
        self._captions: list[str] = []
        self._h1_shift = 0

    def paragraph(self, style: str | None = None) -> Paragraph:
        """A new paragraph in the current container, decorated for the boxes it sits in."""
        paragraph = Paragraph(style=self.file.style(style) if style else None)
        if self._boxes:
            paragraph.indent = cm(0.6 * len(self._boxes))
            paragraph.fill, paragraph.bar = BOXES[self._boxes[-1]]
        self._container.append(paragraph)
        return paragraph

    # -- inline ---------------------------------------------------------------------------
    def inline(self, paragraph: Paragraph, node: Node, font: Font = PLAIN) -> None:
        after_break = False
        for child in node.children:
            if isinstance(child, str):
                # The source line break after a <br> is not a space the reader should see.
                self._text(paragraph, child.lstrip() if after_break and not _is_code(font) else child, font)
                after_break = False
                continue
            tag = child.tag
            after_break = tag == "br"
            if tag == "br":
                paragraph.add_break()
            elif tag == "a":
                self._link(paragraph, child, font)
            elif tag == "img":
                self._image(paragraph, child)
            elif tag == "input" and child.attrs.get("type") == "checkbox":
                paragraph.add("☑" if "checked" in child.attrs else "☐")  # the item text brings its space
            elif tag in BLOCKS:
                continue  # nested blocks are written by the caller
            else:
                self.inline(paragraph, child, _with_tag(font, tag))

    def _text(self, paragraph: Paragraph, text: str, font: Font) -> None:
        if not _is_code(font):
            text = text.replace("\n", " ")
        if text:
            paragraph.add(text, font)  # a code block's line breaks become <w:br/>

    def _link(self, paragraph: Paragraph, node: Node, font: Font) -> None:
        href = node.attrs.get("href", "")
        classes = node.classes
        if "footnote-backref" in classes:
            return
        if "footnote-ref" in classes:
            paragraph.add(node.text(), SUPERSCRIPT)
            return
        rid = anchor = None
        if href.startswith(EXTERNAL):
            rid = self.file.relate("hyperlink", href, external=True)
        elif (code := referenced_code(href)) is not None and code in self.anchors:
            anchor = bookmark_name(code)
        linked = dataclasses.replace(font, link=True) if rid or anchor else font
        first = len(paragraph.content)
        if REF_CLASS in classes:
            spans = {cls: span.text() for span in node.elements() for cls in span.classes}
            paragraph.add(plain_reference(spans), linked)
        else:
            self.inline(paragraph, node, linked)
        if (rid or anchor) and len(paragraph.content) > first:
            paragraph.content[first:] = [hyperlink(paragraph.content[first:], rid=rid, anchor=anchor)]

    def _image(self, paragraph: Paragraph, node: Node) -> None:
        src, alt = node.attrs.get("src", ""), node.attrs.get("alt", "")
        path = self._image_path(src)
        try:
            if path is None or not path.is_file():
                raise FileNotFoundError(src)
            picture = self.file.picture(path, IMAGE_MAX_WIDTH)
        except PICTURE_ERRORS:  # not there, unreadable, or no picture python-docx knows: say so in the text
            paragraph.add(t("copy.missing_picture", name=alt or src))
            return
        paragraph.content.append(picture)
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
            caption.align = "center"
            caption.add(alt, CAPTION)
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
            self._boxed("code", lambda: self.inline(self.paragraph(), _trim_end(node), CODE))
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

    def _boxed(self, kind: str, write: Callable[[], None]) -> None:
        self._boxes.append(kind)
        try:
            write()
        finally:
            self._boxes.pop()

    def _titled(self, node: Node) -> None:
        """An admonition or details block: its title (or summary) in bold, then its content."""
        rest: list[Node | str] = []
        for child in node.children:
            if isinstance(child, Node) and (child.tag == "summary" or "admonition-title" in child.classes):
                self.inline(self.paragraph(), child, Font(bold=True))
            else:
                rest.append(child)
        self.blocks(Node("div", children=rest))

    def definitions(self, node: Node) -> None:
        for item in node.elements():
            if item.tag == "dt":
                self.inline(self.paragraph(), item, Font(bold=True))
            elif item.tag == "dd":
                self._boxed("note", partial(self.blocks, item))

    def footnotes(self, node: Node) -> None:
        """Footnotes as numbered notes after the body: 注1 text…"""
        self.paragraph().add(t("copy.notes"), Font(bold=True))
        for ol in (c for c in node.elements() if c.tag == "ol"):
            for number, item in enumerate((li for li in ol.elements() if li.tag == "li"), start=1):
                for index, child in enumerate(item.elements() or [item]):
                    paragraph = self.paragraph()
                    paragraph.indent = cm(0.6)
                    if index == 0:
                        paragraph.add(f"{number}{t('copy.note_gap')}", SUPERSCRIPT)
                    self.inline(paragraph, child)
                    self._flush_captions()

    def list(self, node: Node, level: int) -> None:
        ordered = node.tag == "ol"
        depth = min(level, 2)
        suffix = f" {depth + 1}" if depth else ""
        style = ("List Number" if ordered else "List Bullet") + suffix
        num_id = self.file.new_list(style) if ordered else None
        for item in node.elements():
            if item.tag != "li":
                continue
            # A task item's ☐/☑ is its marker: indented like the list, without a bullet in front of the box.
            task = not ordered and "task-list-item" in item.classes
            paragraph = self.paragraph("List Continue" + suffix if task else style)
            if level > 2:  # Word's list styles stop at 3 levels: indent deeper ones further
                paragraph.indent = cm(0.75 * (level + 1))
            paragraph.num_id = num_id
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
        widths = equal_widths(self._width, max(len(cells) for _, cells in rows))
        table = Table.empty(len(rows), widths, self.file.style("Table Grid"))
        in_body = self._container is self.file.body
        self._container.append(table)
        for row, (header, cells) in zip(table.rows, rows, strict=True):
            for target, source in zip(row.cells, cells, strict=False):
                self._cell(target, source, bold=header or source.tag == "th")
        if in_body:
            self.paragraph()
        else:  # a table must not end a cell: Word requires a paragraph after it
            self._container.append(Paragraph())

    def _cell(self, cell: Cell, source: Node, *, bold: bool) -> None:
        """Inline content into the cell's paragraph; lists or paragraphs inside a cell as blocks."""
        if not any(isinstance(c, Node) and c.tag in BLOCKS for c in source.children):
            self.inline(cell.paragraph, source, Font(bold=bold))
            return
        outer, boxes, width = self._container, self._boxes, self._width
        self._container, self._boxes, self._width = cell.blocks, [], cell.width * EMU_PER_TWIP
        try:
            self.blocks(source)
        finally:
            self._container, self._boxes, self._width = outer, boxes, width
        first = cell.paragraph
        if sum(1 for _ in cell.paragraphs()) > 1 and not first.text and not first.content:
            cell.blocks.pop(0)


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


def bookmark_name(code: str) -> str:
    """A Word bookmark name for a control number (letters, digits, `_`; at most 40 characters)."""
    return ("qms_" + "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in code))[:40]


def add_bookmark(paragraph: Paragraph, code: str, bookmark_id: int) -> None:
    """Mark a paragraph (a document's title) so `[[ID]]` links elsewhere in the same file can jump to it."""
    name = bookmark_name(code)
    paragraph.content.insert(0, f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{name}"/>')
    paragraph.content.append(f'<w:bookmarkEnd w:id="{bookmark_id}"/>')

