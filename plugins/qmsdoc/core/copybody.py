"""The one walk over a rendered body for the controlled copies: what a heading, paragraph, list, table
(with its column widths), footnote, image, admonition, reference or code block becomes in a Word or
PDF copy is decided here, once; each writer (word/body.py, pdf/body.py) only says how to write the
blocks this returns. A tag the walk does not know is written as its text, never dropped. Which pictures
have a caption is the render's decision (core/captions.py), shared with the site: the walk writes its captions.

A source line break inside a paragraph (a wrapped list item or quote line) is one space, never the run
of indentation spaces that followed it, and no paragraph starts or ends with one; only code keeps its lines."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import copylabels as labels
from .captions import BLOCK_TAGS, FOOTNOTE_BACKREF, caption_text, is_caption
from .colwidths import column_widths, squeezed_runs
from .copyblocks import (
    BOLD,
    INLINE_STYLES,
    NOTE_NUMBER,
    PLAIN,
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
    Span,
    Style,
    TableBlock,
    TableCell,
    placed_anchors,
    plain_text,
    section_anchor,
    unlinked,
)
from .htmltree import Node, parse_html
from .i18n import t
from .images import image_header
from .refs import (
    MISSING_CLASS,
    REF_CLASS,
    names_number,
    number_after,
    plain_reference,
    referenced_code,
    rooted_path,
)
from .sanitize import url_scheme

EXTERNAL = frozenset({"http", "https", "mailto"})  # schemes a copy links out to (any case, as the page)
# A source line break and the indentation around it: one space in a copy, as on the page. (Spaces and tabs
# a writer typed inside a line stay; the ideographic space U+3000 is text.)
_SPACE = re.compile(r"[ \t]*[\r\n\f][ \t\r\n\f]*")
_PIXELS = re.compile(r"\s*(\d{1,5}(?:\.\d+)?)\s*(?:px)?\s*", re.I)
_TEXT_ALIGN = re.compile(r"(?:^|;)\s*text-align\s*:\s*([A-Za-z]+)")


# -- images ---------------------------------------------------------------------------------------
# Pictures every copy writer embeds (Word and Typst alike): PNG, JPEG, GIF, by their first bytes.
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def image_file(assets_root: str | Path | None, src: str) -> Path | None:
    """The file an image of the body shows, if it is a PNG, JPEG or GIF file inside the manuals folder;
    None for anything else (a URL, a path leading out, a missing file, another format: the copy then says
    which image is missing). Every copy reads its images through here."""
    relative = rooted_path(src)
    if relative is None or not assets_root:
        return None
    root = Path(assets_root)
    try:
        resolved_root = root.resolve()
        path = (resolved_root / relative).resolve()
        if not path.is_relative_to(resolved_root) or not path.is_file():
            return None
        with path.open("rb") as file:
            head = file.read(8)
    except (OSError, ValueError):
        return None
    return path if head.startswith(IMAGE_MAGIC) else None


# -- the walk -------------------------------------------------------------------------------------
@dataclass
class _Line:
    """Inline content being collected for one paragraph, with HTML's white-space collapsing."""

    parts: list[Inline] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)  # the render's captions (core/captions.py) in this line
    missing: list[str] = field(default_factory=list)  # alts of its pictures no copy can embed, named in the text
    _space: bool = True  # the line so far ends in white space (or is empty): a following space is dropped

    def text(self, text: str, style: Style, href: str = "", anchor: str = "") -> None:
        if not style.code:
            text = _SPACE.sub(" ", text)
            if self._space:
                text = text.lstrip(" ")
        if not text:
            return
        self._space = text.endswith(" ") and not style.code
        last = self.parts[-1] if self.parts else None
        if isinstance(last, Span) and (last.style, last.href, last.anchor) == (style, href, anchor):
            self.parts[-1] = Span(last.text + text, style, href, anchor)
        else:
            self.parts.append(Span(text, style, href, anchor))

    def trim_end(self, chars: str) -> None:
        """Drop `chars` at the end of the line so far (not in code)."""
        while self.parts and isinstance(last := self.parts[-1], Span) and not last.style.code:
            trimmed = last.text.rstrip(chars)
            if trimmed:
                self.parts[-1] = replace(last, text=trimmed)
                return
            self.parts.pop()

    def add(self, inline: Picture | LineBreak) -> None:
        self.parts.append(inline)
        self._space = True  # white space after a break or picture is not shown

    def shown_captions(self) -> list[str]:
        """The captions to write under the line: a picture named in the text (［图片：alt］) has no other."""
        missing = Counter(self.missing)
        shown = []
        for caption in self.captions:
            if missing[caption]:
                missing[caption] -= 1
            else:
                shown.append(caption)
        return shown

    def done(self) -> tuple[Inline, ...]:
        parts = list(self.parts)
        if parts and isinstance(parts[-1], Span) and not parts[-1].style.code:
            parts[-1] = replace(parts[-1], text=parts[-1].text.rstrip(" "))
            if not parts[-1].text:
                parts.pop()
        return tuple(parts)


class BodyWalk:
    """Turns the one render's HTML into copy blocks. `anchors`: control numbers that have a place in
    the same file (a whole manual), so `[[ID]]` to them becomes an internal jump; `assets_root`: the
    manuals folder, where images are read from."""

    def __init__(self, *, anchors: Iterable[str] = (), assets_root: str | Path | None = None,
                 scope: str = "") -> None:
        self.anchors = frozenset(anchors)
        self.assets_root = assets_root
        self.scope = scope
        self._h1_shift = 0
        self._targets: frozenset[str] = frozenset()  # ids of the body some link of it jumps to
        self._notes: frozenset[str] = frozenset()  # footnote ids their markers jump to
        self._waiting: list[str] = []  # targets met (`<a id>`, `<table id>`) that no paragraph carries yet
        self._placed: set[str] = set()  # targets a block carries: each once (an id written twice is one place)
        self._expanded: set[str] = set()  # abbreviations spelt out already (`*[CAPA]: …`): at its first use only

    def walk(self, html: str) -> tuple[Block, ...]:
        tree = parse_html(html)
        self._h1_shift = 1 if _has_tag(tree, "h1") else 0
        nodes = list(_elements(tree))
        ids = {node.attrs.get("id", "") for node in nodes}
        linked = {node.attrs["href"][1:] for node in nodes if node.tag == "a" and node.attrs.get("href", "")[:1] == "#"}
        notes = {node.attrs.get("id", "") for node in nodes if node.tag == "li"}  # a footnote's `<li id="fn:…">`
        self._notes = frozenset((notes & linked) - {""})
        self._targets = frozenset((ids & linked) - {""} - self._notes)  # the notes' places are the notes'
        self._waiting, self._placed = [], set()
        # an expansion the body writes out itself ("Corrective and preventive action (CAPA)") is not added again
        written = _SPACE.sub(" ", tree.text())
        self._expanded = {title for node in nodes if node.tag == "abbr" and (title := _abbr_title(node)) in written}
        blocks = tuple(self.blocks(tree))
        # a link whose target no block carries (an id on nothing written) is plain text: no jump that cannot land
        return unlinked(blocks, placed_anchors(blocks))

    def _target(self, node: Node) -> None:
        """Note a node some link jumps to: the first paragraph or heading written inside it carries its place
        (one that none carries is dropped when the node is done, and links to it become plain text)."""
        target = node.attrs.get("id", "")
        if target in self._targets and target not in self._placed and target not in self._waiting:
            self._waiting.append(target)

    def _place(self, outer: list[str], take: bool) -> str:
        """The place the block being written carries (the first target waiting, if it `take`s one); the
        targets noted inside it beyond `outer`, carried by no block, are dropped."""
        anchor = ""
        if take and self._waiting:
            self._placed.add(self._waiting[0])
            anchor = section_anchor(self.scope, self._waiting.pop(0))
        self._waiting = [w for w in self._waiting if w in outer]
        return anchor

    # -- inline -----------------------------------------------------------------------------------
    def inline(self, line: _Line, node: Node, style: Style = PLAIN, href: str = "", anchor: str = "") -> None:
        for child in node.children:
            if isinstance(child, str):
                line.text(child, style, href, anchor)
                continue
            tag = child.tag
            self._target(child)
            if tag == "br":
                line.add(LineBreak())
            elif tag == "a":
                self._link(line, child, style)
            elif tag == "span" and REF_CLASS in child.classes and MISSING_CLASS not in child.classes:
                # a number since deleted, cited by the version copied (core/refs.py `reference_element`): no page
                # to link to, but read back as every other reference is, 《title》（ID）
                line.text(plain_reference({c: s.text() for s in child.elements() for c in s.classes}), style, href,
                          anchor)  # inside a link's text (core/nested_links.py): part of that link
            elif tag == "img":
                self._image(line, child, style, href, anchor)
            elif is_caption(child):
                line.captions.append(caption_text(child.text()))
            elif tag == "input" and child.attrs.get("type") == "checkbox":
                line.text(labels.CHECKED if "checked" in child.attrs else labels.UNCHECKED, style)
            elif tag in BLOCK_TAGS:
                continue  # nested blocks are written by the caller
            elif tag == "abbr" and (title := _abbr_title(child)) and title not in self._expanded:
                # the page spells it out when the reader points at it; paper cannot: at its first use, after it
                self._expanded.add(title)
                self.inline(line, child, style, href, anchor)
                line.text(labels.abbreviation(title), style, href, anchor)
            else:
                flag = INLINE_STYLES.get(tag)
                self.inline(line, child, replace(style, **{flag: True}) if flag else style, href, anchor)

    def _link(self, line: _Line, node: Node, style: Style) -> None:
        href = node.attrs.get("href", "")
        classes = node.classes
        if FOOTNOTE_BACKREF in classes:
            # the page's no-break space keeps the ↩ on the note's last line; with the ↩ dropped it would end the note
            line.trim_end("\xa0")
            return
        if "footnote-ref" in classes:  # the marker jumps to its note, as on the page
            note = section_anchor(self.scope, href[1:]) if href.startswith("#") and href[1:] in self._notes else ""
            line.text(node.text(), replace(style, sup=True), "", note)
            return
        external = external_href(href)
        code = referenced_code(href)
        anchor = code if code is not None and code in self.anchors else ""
        if href.startswith("#") and (href[1:] in self._targets or href[1:] in self._notes):  # a place in the body
            anchor = section_anchor(self.scope, href[1:])
        linked = replace(style, link=True) if external or anchor else style
        if REF_CLASS in classes:
            spans = {cls: span.text() for span in node.elements() for cls in span.classes}
            line.text(plain_reference(spans), linked, external, anchor)
        else:
            self.inline(line, node, linked, external, anchor)
            if code is not None and not names_number(node.text(), code):
                # a link to a document's file: its text alone names no document on paper, where the page's link
                # cannot be followed; the number after it, as a `[[ID]]` shows one (《title》（ID）)
                line.text(number_after(code), linked, external, anchor)

    def _image(self, line: _Line, node: Node, style: Style, href: str = "", anchor: str = "") -> None:
        src, alt = node.attrs.get("src", ""), caption_text(node.attrs.get("alt", ""))
        path = image_file(self.assets_root, src)
        if path is None:  # not there, or not ours to read: say so in the text
            # named by its alt, else by the file as the writer wrote it (never the render's `qmsroot:` address)
            line.text(labels.missing_image(alt or rooted_path(src) or src), style, href, anchor)
            line.missing.append(alt)
            return
        line.add(Picture(path, alt, _scale(path, node), href, anchor))

    def _para(self, node: Node, style: Style = PLAIN, *, indent: int = 0,
              lead: tuple[Inline, ...] = (), anchor: str = "", keep_next: bool = False) -> Iterator[Block]:
        """A paragraph of the node's text; a block inside it (a list in a `<dt>` or a `<summary>`) and the
        text after that follow as blocks of their own, in their place, as the page shows them."""
        line = _Line()
        line.parts.extend(lead)
        opening, rest = _split_at_block(node)
        outer = list(self._waiting)
        self.inline(line, Node(node.tag, children=opening), style)
        inlines = line.done()
        anchor = anchor or self._place(outer, bool(inlines))
        if inlines:  # a picture stays on the page of its caption (Word's keepNext, the PDF's sticky block)
            yield Para(inlines, indent=indent, anchor=anchor, keep_next=keep_next or bool(line.shown_captions()))
        yield from _captions(line)
        if rest:
            yield from self.blocks(Node("div", children=rest), style)

    # -- blocks -----------------------------------------------------------------------------------
    def blocks(self, node: Node, style: Style = PLAIN) -> Iterator[Block]:
        loose: list[Node | str] = []
        for child in node.children:
            if isinstance(child, Node) and _is_block(child):
                yield from self._para(Node("span", children=loose), style)
                loose = []
                # an inline wrapper around blocks (<center markdown>, <span> around a list): its blocks
                yield from self.block(child) if child.tag in BLOCK_TAGS else self.blocks(child, style)
            else:
                loose.append(child)
        yield from self._para(Node("span", children=loose), style)

    def block(self, node: Node) -> Iterator[Block]:
        outer = list(self._waiting)
        if not (node.tag[0] == "h" and node.tag[1:].isdigit()):  # a heading carries its own id
            self._target(node)
        yield from self._block(node)
        self._waiting = [w for w in self._waiting if w in outer]

    def _block(self, node: Node) -> Iterator[Block]:
        tag = node.tag
        if tag[0] == "h" and tag[1:].isdigit():
            line = _Line()
            opening, rest = _split_at_block(node)  # a table inside a heading follows it, as on the page
            outer = list(self._waiting)
            self.inline(line, Node(tag, children=opening))
            target = node.attrs.get("id", "")
            own = ""
            if target in self._targets and target not in self._placed:
                own = section_anchor(self.scope, target)
                self._placed.add(target)
                outer = [w for w in outer if w != target]
            placed = self._place(outer, not own)  # its own id, else a target it sits in (`<div id>`)
            yield Heading(max(int(tag[1:]) - 1 + self._h1_shift, 1), line.done(), own or placed)
            yield from self.blocks(Node("div", children=rest))
        elif tag == "p":
            yield from self._para(node)
        elif tag in ("ul", "ol"):
            yield from self.lists(node, 0)
        elif tag == "table":
            for caption in (c for c in node.elements() if c.tag == "caption"):  # above the table, as on the page
                yield from self._para(caption, BOLD)
            table = self.table(node)
            if table is not None:
                yield table
        elif tag == "pre":
            yield Box("code", (Code(node.text().rstrip("\n")),))
        elif tag == "hr":
            yield Rule()
        elif tag == "blockquote":
            yield Box("quote", tuple(self.blocks(node)))
        elif tag == "div" and "footnote" in node.classes:
            yield from self.footnotes(node)
        elif (tag == "div" and "admonition" in node.classes) or tag == "details":
            yield Box("note", tuple(self._titled(node)), admonition_kind(node))
        elif tag == "dl":
            yield from self.definitions(node)
        elif tag == "center":  # its lines centred, as the page shows them
            yield from (replace(block, align="center") if isinstance(block, Para) else block
                        for block in self.blocks(node))
        else:  # div, figure, and every other block (BLOCK_TAGS): their children are blocks or text
            yield from self.blocks(node)

    def _titled(self, node: Node) -> Iterator[Block]:
        """An admonition or details block: its title (or summary) in bold, then its content."""
        rest: list[Node | str] = []
        for child in node.children:
            if isinstance(child, Node) and (child.tag == "summary" or "admonition-title" in child.classes):
                yield from self._para(child, BOLD, keep_next=True)
            else:
                rest.append(child)
        yield from self.blocks(Node("div", children=rest))

    def definitions(self, node: Node) -> Iterator[Block]:
        """Terms in bold, each definition indented under them (a box with no shading, as the page indents it);
        anything else the list holds (HTML5's `<div>` around a term and its definitions, a stray paragraph or text)
        is written in its place, as the page shows it."""
        for item, stray in _sorted_children(node, ("dt", "dd", "div")):
            if stray:
                yield from self.blocks(Node("div", children=stray))
            elif item.tag == "dt":
                yield from self._para(item, BOLD, keep_next=True)
            elif item.tag == "dd":
                yield Box("definition", tuple(self.blocks(item)))
            else:
                yield from self.definitions(item)

    def footnotes(self, node: Node) -> Iterator[Block]:
        """Footnotes as numbered notes after the body: 注： then 1　text…"""
        # 注： keeps with its first note: never alone at a page's foot, its notes over the page
        yield Para((Span(labels.NOTES, BOLD),), keep_next=True)
        for ol in (c for c in node.elements() if c.tag == "ol"):
            for number, item in enumerate((li for li in ol.elements() if li.tag == "li"), start=1):
                lead: tuple[Inline, ...] = (Span(f"{number}{t('copy.note_gap')}", NOTE_NUMBER),)
                # where the note's marker jumps (`<li id="fn:…">`, the marker's `href="#fn:…"`)
                anchor = section_anchor(self.scope, item.attrs["id"]) if item.attrs.get("id") in self._notes else ""
                for child in _note_parts(item):
                    if child.tag in ("ul", "ol"):  # a list in a note stays a list, under the note's text
                        written: list[Block] = self.lists(child, 0)
                    elif child.tag in BLOCK_TAGS and child.tag != "p":
                        written = [Box("note", tuple(self.block(child)))]
                    else:
                        written = list(self._para(child, indent=1, lead=lead, anchor=anchor if lead else ""))
                        if written:
                            lead = ()
                    if lead and written:  # the note's number, above the block it starts with
                        yield Para(lead, indent=1, anchor=anchor)
                    if written:
                        lead = ()  # an empty paragraph (`<p></p>` around a code block) takes not the number
                    yield from written
                if lead:  # a note with nothing written in it still shows its number
                    yield Para(lead, indent=1, anchor=anchor)

    def lists(self, node: Node, depth: int) -> list[Block]:
        """A list, after what it holds before its first item (`<ul>text<li>…</ul>`), which the page shows above the
        items without a marker: a block of its own, so it takes neither a bullet nor a number from the list."""
        first = next((n for n, child in enumerate(node.children)
                      if isinstance(child, Node) and child.tag in ("li", "ul", "ol")), len(node.children))
        lead = list(self.blocks(Node("div", children=node.children[:first]))) if first else []
        if first == len(node.children):
            return lead
        return [*lead, self.list(Node(node.tag, node.attrs, node.children[first:]), depth)]

    def list(self, node: Node, depth: int) -> ListBlock:
        items: list[ListItem] = []
        numbers = iter(item_numbers(node))
        shown: list[int | None] = []  # each item's number on the page (None: not an <li>, the page numbers none)
        for item, stray in _sorted_children(node, ("li", "ul", "ol")):
            if stray:  # text or a block right inside the list (`<ul><li>a</li><p>b</p></ul>`): the page shows it
                between = tuple(self.blocks(Node("div", children=stray)))  # under the item before it, as its text
                if between and items:
                    items[-1] = replace(items[-1], blocks=(*items[-1].blocks, *between))
                elif between:
                    items.append(ListItem((), between))
                    shown.append(None)
                continue
            if item.tag in ("ul", "ol"):  # a list right inside a list (`<ol><ol>`): the page shows it, indented
                nested = tuple(self.lists(item, depth + 1))
                if items:  # under the item before it
                    items[-1] = replace(items[-1], blocks=(*items[-1].blocks, *nested))
                else:
                    items.append(ListItem((), nested))
                    shown.append(None)
            if item.tag != "li":
                continue
            task = node.tag == "ul" and "task-list-item" in item.classes
            outer = list(self._waiting)
            self._target(item)  # the item's first paragraph below its line carries it, if any
            mine = list(self._waiting)
            # the item's own line is the text before its first block; text after a block (`<li>a<ul>…</ul>b</li>`)
            # is a paragraph of its own, in its place, as the page shows it
            opening, after = _split_at_block(item)
            box = ""
            if task:  # the box is the item's marker, not the start of its text (its place: the writers')
                checkbox = next((c for c in opening if isinstance(c, Node) and c.tag == "input"
                                 and c.attrs.get("type") == "checkbox"), None)
                if checkbox is not None:
                    box = labels.CHECKED if "checked" in checkbox.attrs else labels.UNCHECKED
                    opening = [c for c in opening if c is not checkbox]
            line = _Line()
            self.inline(line, Node("li", children=opening))
            lead = line.done()
            self._waiting = [w for w in self._waiting if w in mine]  # the item's line carries no place
            rest: list[Block] = list(_captions(line))
            loose: list[Node | str] = []
            for child in after:
                if not isinstance(child, Node) or not _is_block(child):
                    loose.append(child)
                    continue
                rest += self._para(Node("span", children=loose))
                loose = []
                if child.tag in ("ul", "ol"):
                    rest += self.lists(child, depth + 1)
                elif child.tag == "p" and not lead and not rest:
                    inner = list(self._para(child))
                    first = inner[0] if inner else None
                    if isinstance(first, Para):
                        lead = first.inlines
                        inner.pop(0)
                    rest += inner
                elif child.tag in BLOCK_TAGS:
                    rest += self.block(child)
                else:
                    rest += self.blocks(child)
            rest += self._para(Node("span", children=loose))
            self._waiting = [w for w in self._waiting if w in outer]
            items.append(ListItem(lead, tuple(rest), box))
            shown.append(next(numbers))
        numbering = node.attrs.get("type", "1").strip()
        numbering = numbering if numbering in ("1", "a", "A", "i", "I") else "1"
        counted = _counted(shown, list_start(node))
        start = counted[0] if counted else list_start(node)
        ordered = node.tag == "ol"
        # a number the copies' numbering cannot write as the page does: every item's marker written as text
        markers = (tuple(list_marker(True, numbering, number) for number in counted)
                   if ordered and not all(_countable(number, numbering) for number in counted) else ())
        return ListBlock(ordered, tuple(items), depth, 1 if markers else start, numbering,
                         () if markers or counted == list(range(start, start + len(counted))) else tuple(counted),
                         markers)

    def table(self, node: Node) -> TableBlock | None:
        """The table on its grid, as the page lays it out: a cell spanning columns or rows (`colspan`,
        `rowspan`) is placed once, the places it covers hold `covered` cells, and short rows are filled."""
        rows: list[tuple[bool, int, list[Node]]] = []  # (in the head, row group, cells)
        for group, section in enumerate(shown_row_groups(node)):
            for tr in section.elements() if section.tag in ("thead", "tbody", "tfoot") else [section]:
                if tr.tag == "tr":
                    rows.append((section.tag == "thead", group,
                                 [c for c in tr.elements() if c.tag in ("td", "th")]))
        if not rows:
            return None
        grid: list[list[TableCell | None]] = [[] for _ in rows]
        # a cell spans rows of its own group only (thead, tbody), as in HTML
        group_ends = run_ends([group for _, group, _ in rows])
        for index, (head, _, cells) in enumerate(rows):
            line, column = grid[index], 0
            group_end = group_ends[index]
            for cell in cells:
                while column < len(line) and line[column] is not None:
                    column += 1
                colspan = _span(cell, "colspan")
                rowspan = min(_span(cell, "rowspan"), group_end - index)
                made = replace(self._cell(cell, head or cell.tag == "th"), colspan=colspan, rowspan=rowspan)
                for below in range(rowspan):
                    target = grid[index + below]
                    target += [None] * (column + colspan - len(target))
                    for right in range(colspan):
                        target[column + right] = (made if not below and not right else
                                                  TableCell((), covered="above", colspan=colspan) if not right else
                                                  TableCell((), covered="left"))
                column += colspan
        count = max(len(line) for line in grid)
        out = tuple(tuple(cell or TableCell(()) for cell in line + [None] * (count - len(line))) for line in grid)
        head_rows = 0
        while head_rows < len(rows) and rows[head_rows][0]:
            head_rows += 1
        # a cell spanning columns leaves their widths to the cells that do not
        texts = [[plain_text(row[column].blocks) for row in out if row[column].colspan == 1]
                 for column in range(count)]
        widths = column_widths(texts)
        return TableBlock(out, head_rows, widths, squeezed_runs(texts, widths))

    def _cell(self, node: Node, header: bool) -> TableCell:
        outer = list(self._waiting)
        self._target(node)  # `<td id>`: its first paragraph carries the place
        if not any(_is_block(c) for c in node.children):
            blocks = tuple(self._para(node, BOLD if header else PLAIN))
        else:
            blocks = tuple(self.blocks(node))
        self._waiting = [w for w in self._waiting if w in outer]
        return TableCell(blocks, header, _cell_align(node))


def run_ends(values: Sequence[object]) -> list[int]:
    """For each place, the index just past the run of equal values it stands in (the next place holding another
    value, or the length): one pass from the end, where a look ahead from every place read a long run again
    from each of its places (a 15,000-row table: 19 s of its Word copy)."""
    ends = [len(values)] * len(values)
    for index in range(len(values) - 2, -1, -1):
        ends[index] = ends[index + 1] if values[index + 1] == values[index] else index + 1
    return ends


def _captions(line: _Line) -> Iterator[Block]:
    """The captions the render put in a line (core/captions.py), each a centred paragraph under it."""
    for caption in line.shown_captions():
        yield Para((Span(caption, Style(caption=True)),), align="center")


def _abbr_title(node: Node) -> str:
    """What an abbreviation stands for (its `title`), on one line; "" for none."""
    return _SPACE.sub(" ", node.attrs.get("title", "")).strip()


def external_href(href: str) -> str:
    """Where a link of the page leads outside the copy: an http(s) or mailto address, in any case
    (`HTTPS://…`), or a scheme-relative `//host/…` (the site's https); "" for anything else."""
    if href.startswith("//"):
        return "https:" + href
    return href if url_scheme(href) in EXTERNAL else ""


def _scale(path: Path, node: Node) -> float:
    """How much larger or smaller than its own pixels the page shows an image: its `width` (else `height`)
    in pixels, as `<img width="300">` or `![x](a.png){: width="300" }` sets it, over the picture's; 1 when
    neither is a pixel size (a percentage is the page's layout, not the picture's)."""
    header = None
    for attribute in ("width", "height"):
        found = _PIXELS.fullmatch(node.attrs.get(attribute, ""))
        if found and float(found.group(1)) > 0:
            header = header or image_header(path)
            if header is None or not header.width or not header.height:
                return 1.0
            return float(found.group(1)) / (header.width if attribute == "width" else header.height)
    return 1.0


def admonition_kind(node: Node) -> str:
    """An admonition's (`<div class="admonition danger">`) or details block's (`<details class="danger">`) kind:
    its first class after `admonition` (`!!! danger inline end` is a danger), "" when it names none."""
    kinds = [c for c in node.attrs.get("class", "").lower().split() if c != "admonition"]
    return kinds[0] if kinds else ""


def _cell_align(node: Node) -> str:
    """A table cell's horizontal alignment as the page shows it: the `text-align` the tables extension
    writes for a `:---`, `:---:` or `---:` column (or an HTML `align`); "" when it sets none."""
    found = _TEXT_ALIGN.search(node.attrs.get("style", ""))
    align = (found.group(1) if found else node.attrs.get("align", "")).lower()
    return align if align in ("left", "center", "right") else ""


def _span(cell: Node, attribute: str) -> int:
    """A cell's `colspan` or `rowspan`: 1 unless a whole number of at least 1, at most 1000 (HTML's limit
    for colspan, so a typo cannot make a table of a million columns)."""
    value = cell.attrs.get(attribute, "").strip()
    return min(int(value), 1000) if value.isascii() and value.isdigit() and 0 < len(value) <= 4 and int(value) else 1


def shown_row_groups(table: Node) -> list[Node]:
    """A table's children in the order the page shows them: its first `<thead>` on top and its first `<tfoot>` at
    the bottom wherever they are written (CSS's table-header-group and table-footer-group; HTML 4 put `<tfoot>`
    before `<tbody>`), the others in place."""
    children = table.elements()
    head = next((child for child in children if child.tag == "thead"), None)
    foot = next((child for child in children if child.tag == "tfoot"), None)
    middle = [child for child in children if child is not head and child is not foot]
    return [*([head] if head else []), *middle, *([foot] if foot else [])]


def list_start(node: Node) -> int:
    """The number an ordered list counts from (the page's `<ol start>`, read as HTML reads a number; 1 when absent
    or none)."""
    start = _html_integer(node.attrs.get("start", ""))
    return start if node.tag == "ol" and start is not None else 1


def item_numbers(node: Node) -> list[int]:
    """The number each `<li>` of an ordered list shows on the page (HTML's ordinal values): counting from
    `list_start` — for `<ol reversed>` without a start, from its number of items — up by one, or down by one when
    reversed, past 0 into negative numbers as the page does; an item's `<li value>` shows that number and the count
    goes on from it."""
    items = [child for child in node.elements() if child.tag == "li"]
    down = node.tag == "ol" and "reversed" in node.attrs
    number = len(items) if down and _html_integer(node.attrs.get("start", "")) is None else list_start(node)
    numbers = []
    for item in items:
        value = _html_integer(item.attrs.get("value", ""))
        number = value if value is not None and node.tag == "ol" else number
        numbers.append(number)
        number += -1 if down else 1
    return numbers


# HTML's rules for parsing integers: leading white space, a sign, digits; what follows them is ignored (`start="3.5"`
# counts from 3). Nine digits at most, so a typo cannot ask for a number no copy can write.
_HTML_INTEGER = re.compile(r"[\t\n\f\r ]*([+-]?[0-9]{1,9})(?![0-9])")


def _html_integer(value: str) -> int | None:
    found = _HTML_INTEGER.match(value)
    return int(found.group(1)) if found else None


def list_marker(ordered: bool, numbering: str, number: int) -> str:
    """An item's marker as the page (Chromium) shows it: `•`, or `3.` / `c.` / `C.` / `iii.` / `III.` by the list's
    `<ol type>`; a number letters or roman numerals cannot write (0, a negative one, roman past 3999) in digits."""
    if not ordered:
        return "•"
    if numbering in ("a", "A") and number > 0:
        letters = ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return (letters.upper() if numbering == "A" else letters) + "."
    if numbering in ("i", "I") and 0 < number < 4000:
        roman = ""
        for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                              (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            count, number = divmod(number, value)
            roman += digits * count
        return (roman.upper() if numbering == "I" else roman) + "."
    return f"{number}."


def _countable(number: int, numbering: str) -> bool:
    """Whether the copies' own list numbering (Word's and Typst's) writes a number as the page does: digits from 0
    up, letters from a to aa (Word goes on aa, bb, cc where the page counts aa, ab), roman numerals i to mmmcmxcix."""
    if numbering in ("a", "A"):
        return 0 < number <= 27
    if numbering in ("i", "I"):
        return 0 < number < 4000
    return number >= 0


def _counted(shown: list[int | None], start: int) -> list[int]:
    """Each item's number: an item that is no `<li>` (text or a list right inside the list) counts on from the one
    before it, as the copies' numbering does."""
    counted: list[int] = []
    for number in shown:
        counted.append(number if number is not None else counted[-1] + 1 if counted else start)
    return counted


def _note_parts(item: Node) -> list[Node]:
    """A footnote's parts: its blocks, and each run of text and inline elements between them as one paragraph.
    Python-Markdown puts a note's ↩ in a paragraph of its own after a code block or table it ends with, and the
    highlighter's placeholder leaves it loose in the `<li>` (`</div>&nbsp;<a class="footnote-backref">`): read as a
    line, the ↩ is dropped as everywhere else, never written as text."""
    parts: list[Node] = []
    run: list[Node | str] = []
    for child in item.children:
        if isinstance(child, Node) and _is_block(child):
            if any(isinstance(c, Node) or c.strip() for c in run):
                parts.append(Node("span", children=run))
            run = []
            parts.append(child)
        else:
            run.append(child)
    if any(isinstance(c, Node) or c.strip() for c in run):
        parts.append(Node("span", children=run))
    return parts or [item]


def _sorted_children(node: Node, tags: tuple[str, ...]) -> Iterator[tuple[Node, list[Node | str]]]:
    """A container's children in order: each one of `tags` as (child, []), and each run of anything else between
    them (text, inline or block elements the container should not hold, but the page shows) as (node, run)."""
    run: list[Node | str] = []
    for child in node.children:
        if isinstance(child, Node) and child.tag in tags:
            if run:
                yield node, run
                run = []
            yield child, []
        else:
            run.append(child)
    if run:
        yield node, run


def _split_at_block(node: Node) -> tuple[list[Node | str], list[Node | str]]:
    """A node's children before its first block (its own line of text), and from that block on."""
    opening = next((n for n, c in enumerate(node.children) if _is_block(c)), len(node.children))
    return node.children[:opening], node.children[opening:]


def _is_block(child: Node | str) -> bool:
    """Whether a child is a block, or an inline wrapper holding one (written as blocks, not in a line)."""
    return isinstance(child, Node) and (child.tag in BLOCK_TAGS or _holds_blocks(child))


def _holds_blocks(node: Node) -> bool:
    """Whether an element holds a block somewhere inside it (inline() leaves blocks to its caller)."""
    return any(child.tag in BLOCK_TAGS or _holds_blocks(child) for child in node.elements())


def _elements(node: Node) -> Iterator[Node]:
    for child in node.elements():
        yield child
        yield from _elements(child)


def _has_tag(node: Node, tag: str) -> bool:
    return any(child.tag == tag or _has_tag(child, tag) for child in node.elements())


def walk_body(html: str, *, anchors: Iterable[str] = (), assets_root: str | Path | None = None,
              scope: str = "") -> tuple[Block, ...]:
    """The copy blocks of a rendered body (see BodyWalk)."""
    return BodyWalk(anchors=anchors, assets_root=assets_root, scope=scope).walk(html)
