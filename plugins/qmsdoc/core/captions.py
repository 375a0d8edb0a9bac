"""Captions under pictures, decided once in the one parse.

Every image with alt text that the copies show in a line of text — a paragraph, a list item's text, a table
cell, a definition term, a details summary — gets its alt as a caption at the end of that line, inside the
element that holds the line: `<span class="qms-caption" aria-hidden="true">alt</span>` (the alt already
speaks for the picture to a screen reader). The site styles it under the picture (site/assets/qmsdoc.css),
the copies' walk (core/copybody.py) writes it as their caption paragraph, search reads its words, and the
redline (core/compare.py) reads the picture alone, as ［图片：alt］. Which lines there are mirrors the
copies' walk: headings and code show no caption, as before.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .htmltree import VOID, Node

CAPTION_CLASS = "qms-caption"
# The elements the copies' walk writes as blocks of their own; everything else is inline in a line of text. Every
# element a browser shows as a block (HTML's rendering section: display block, list-item or table) is one, so no
# block's text runs into the next line's in a copy (`<figure>…<figcaption>`, `<center>`) — the allow-list's and any
# it may admit later (`<section>`, `<aside>`).
BLOCK_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "ul", "ol", "menu", "dir", "li", "dl", "dt", "dd", "table",
    "caption", "div", "pre", "listing", "xmp", "plaintext", "hr", "blockquote", "center", "address", "details",
    "summary", "dialog", "figure", "figcaption", "fieldset", "legend", "form", "search", "section", "article",
    "aside", "nav", "header", "footer", "main",
})
_NO_CAPTION = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr"})
# The footnote's way back to its marker (↩): a link of the page, no text of the document — paper and a redline
# leave it out.
FOOTNOTE_BACKREF = "footnote-backref"
# Links whose content the copies write as text of their own (a footnote marker, a reference): no picture.
_TEXT_LINKS = frozenset({"footnote-ref", FOOTNOTE_BACKREF, "qms-ref"})
_SPACE = re.compile(r"[ \t]*[\r\n\f][ \t\r\n\f]*")
# nh3 writes every attribute double-quoted, `"` escaped inside: exact and linear.
_CLASS_ATTRIBUTE = re.compile(r'\sclass="([^"]*)"')


def caption_text(alt: str) -> str:
    """What a caption of an alt reads: source line breaks (and the spaces around them) one space, trimmed."""
    return _SPACE.sub(" ", alt).strip()


def is_caption(node: Node) -> bool:
    """Whether an element of a rendered body is a caption `add_captions` wrote."""
    return node.tag == "span" and CAPTION_CLASS in node.classes


def add_captions(sanitised: str) -> str:
    """The sanitised body with a caption after each line's pictures (see the module's docstring). An author's
    own `class="qms-caption"` is removed first, so a caption is only ever one this function wrote."""
    if CAPTION_CLASS in sanitised:
        sanitised = _CLASS_ATTRIBUTE.sub(_without_caption_class, sanitised)
    if "<img" not in sanitised:
        return sanitised
    finder = _Lines()
    finder.container(_parse(sanitised).children, len(sanitised))
    out, done = [], 0
    for at, captions in sorted(finder.inserts, key=lambda insert: insert[0]):
        out += [sanitised[done:at], *(f'\n<span class="{CAPTION_CLASS}" aria-hidden="true">{html.escape(text)}</span>'
                                       for text in captions)]
        done = at
    return "".join([*out, sanitised[done:]])


def _without_caption_class(match: re.Match[str]) -> str:
    kept = " ".join(name for name in match.group(1).split() if name != CAPTION_CLASS)
    return f' class="{kept}"' if kept else ""


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    start: int  # where its start tag begins
    end: int  # where its end tag begins (for an empty element: where its start tag ends)
    children: list[_Element] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _Parser(HTMLParser):
    """The elements of sanitised HTML with their places in the text (text itself is not needed)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = [0]  # where each line starts, as HTMLParser counts lines (at "\n" only)
        self.lines += [match.end() for match in re.finditer("\n", text)]
        self.root = _Element("root", {}, 0, len(text))
        self.stack = [self.root]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        element = _Element(tag, {k: v or "" for k, v in attrs}, start, end)
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Element(tag, {k: v or "" for k, v in attrs}, self._offset(),
                                                self._offset() + len(self.get_starttag_text() or "")))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                self.stack[index].end = self._offset()
                del self.stack[index:]
                return


def _parse(text: str) -> _Element:
    parser = _Parser(text)
    parser.feed(text)
    parser.close()
    return parser.root


def _holds_blocks(element: _Element) -> bool:
    return any(child.tag in BLOCK_TAGS or _holds_blocks(child) for child in element.children)


def _pictures(element: _Element) -> Iterator[_Element]:
    """The images the copies' inline walk reaches in an element of a line."""
    if element.tag == "img":
        yield element
    elif element.tag not in BLOCK_TAGS and not (element.tag == "a" and element.classes & _TEXT_LINKS):
        for child in element.children:
            yield from _pictures(child)


class _Lines:
    """Walks the body as core/copybody.py's BodyWalk does, noting where each line of text ends."""

    def __init__(self) -> None:
        self.inserts: list[tuple[int, list[str]]] = []

    def line(self, elements: list[_Element], end: int) -> None:
        captions = [text for element in elements for image in _pictures(element)
                    if (text := caption_text(image.attrs.get("alt", "")))]
        if captions:
            self.inserts.append((end, captions))

    def container(self, children: list[_Element], end: int) -> None:
        """Blocks and the runs of inline content between them (BodyWalk.blocks; a list item, a cell)."""
        run: list[_Element] = []
        for child in children:
            if child.tag in BLOCK_TAGS or _holds_blocks(child):
                self.line(run, child.start)
                run = []
                if child.tag in BLOCK_TAGS:
                    self.block(child)
                else:
                    self.container(child.children, child.end)
            else:
                run.append(child)
        self.line(run, end)

    def block(self, node: _Element) -> None:
        tag = node.tag
        if tag in _NO_CAPTION:
            return
        if tag == "p":
            self.line(node.children, node.end)
        elif tag in ("ul", "ol"):
            for item in node.children:
                if item.tag == "li":
                    self.container(item.children, item.end)
        elif tag == "table":
            for section in node.children:
                for row in section.children if section.tag in ("thead", "tbody", "tfoot") else [section]:
                    for cell in row.children if row.tag == "tr" else []:
                        if cell.tag in ("td", "th"):
                            self.container(cell.children, cell.end)
        elif (tag == "div" and "admonition" in node.classes) or tag == "details":
            rest = []
            for child in node.children:
                if child.tag == "summary" or "admonition-title" in child.classes:
                    self.line(child.children, child.end)
                else:
                    rest.append(child)
            self.container(rest, node.end)
        elif tag == "dl":
            for item in node.children:
                if item.tag == "dt":
                    self.line(item.children, item.end)
                elif item.tag == "dd":
                    self.container(item.children, item.end)
        else:  # blockquote, div (footnotes too), figure
            self.container(node.children, node.end)
