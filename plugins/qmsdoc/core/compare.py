"""The comparison of two versions of a controlled item (修订对照): what the site's redline, the Word redline
with tracked changes and the 修订对照表 all read — decided here once.

Both versions go through the one render (core/render.py); the rendered bodies are read back as blocks —
headings, paragraphs, list items, table rows (cell by cell), code, quotes — and the blocks are aligned
in order. A block changed in place is compared inside: character by character for Chinese (and any text
without spaces), word by word for Latin text and numbers, so 「30 天」→「20 天」 marks the number, not each
digit. Fields a reader sees in the control block (title, department…) are compared as a first clause.
Kept text whose formatting changed (made bold, made a link), a link pointing elsewhere (a change of content: the
old link deleted, the new inserted), a heading's or list's level and a list renumbered are named here too
(`Change.pieces`, `formatting`, `marker_segments`): each redline shows them its way, none decides them again."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote, urlsplit

from . import tokendiff
from .captions import BLOCK_TAGS, FOOTNOTE_BACKREF, is_caption
from .copyblocks import INLINE_STYLES
from .copybody import item_numbers, list_marker, shown_row_groups
from .copylabels import CHECKED, UNCHECKED
from .htmltree import Node, parse_html
from .i18n import t
from .refs import ID_CLASS, REF_CLASS, REF_SCHEME, TITLE_CLASS, VERSION_CLASS, plain_reference, rooted_path

Op = Literal["equal", "insert", "delete"]
PieceOp = Literal["equal", "insert", "delete", "restyled"]
BlockKind = Literal["field", "heading", "paragraph", "item", "row", "code"]
# The inline formatting the 修订对照表 keeps in its plain texts: it changes what they say (m² is not m2, 审核¹ a
# footnote's mark, not 审核1)
SCRIPT_MARKS = ("sup", "sub")
REDLINE_VERSIONS = " → "  # how a redline names the two versions it compares (its keywords): verify knows it by this

# A token: a word or number of a script written with spaces between words — Latin with its accents (José, Müller),
# Greek, Cyrillic, Arabic, Hebrew, Korean — with inner . , ' - : (a version A/1, 3.5, 2026-01-01 stays one word), one
# run of spaces, or one other character: each Chinese or Japanese character, and each letter of a script written
# without spaces (Thai, Lao, Khmer, Myanmar), is a token of its own. A word is never cut inside (Müller → Miller is
# one word replaced, not ü → i, and an Arabic word keeps its letters joined).
_UNSPACED = ("\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf"
             "\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff")
_WORD_CHAR = rf"[^\W{_UNSPACED}]"
_MARK = "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"  # combining accents
_WORD = rf"{_WORD_CHAR}(?:{_WORD_CHAR}|{_MARK})*"
_TOKEN = re.compile(rf"{_WORD}(?:[.,'’:/\-]{_WORD})*|\s+|.", re.S)
_CLAUSE_NUMBER = re.compile(r"^\s*(第[一二三四五六七八九十百零〇两兩\d]+[章节節条條款]|\d+(?:\.\d+)*(?=[\s.、．]|$)"
                            r"|[一二三四五六七八九十]+、)")
_SKIP = {"script", "style"}


@dataclass(frozen=True)
class Segment:
    """A run of text and what happened to it between the versions."""

    op: Op
    text: str


@dataclass(frozen=True)
class Span:
    """A run of a block's text with one inline formatting: its `marks` (bold, italic, code, strike, mark, sup,
    sub, underline, link) and the `target` (link href) it points to; a picture's file is in its text."""

    text: str
    marks: frozenset[str] = frozenset()
    target: str = ""

    def same_form(self, other: Span) -> bool:
        return self.marks == other.marks and self.target == other.target


PLAIN_SPAN = Span("")


@dataclass(frozen=True)
class Piece:
    """A run of a changed block as both renderers show it: `equal`, `insert`ed, `delete`d, or `restyled` — the
    same text whose formatting (`old` → `new`) changed. `old`/`new`: the formatting on each side (text empty)."""

    op: PieceOp
    text: str
    old: Span = PLAIN_SPAN
    new: Span = PLAIN_SPAN

    @property
    def retargeted(self) -> bool:
        """A link kept with its text but pointing elsewhere: a change of content, not of looks — `Change.pieces`
        makes it the old link deleted and the new one inserted (`_relinked`), so a reader sees (and can follow)
        both targets in every redline; the 修订对照表 names both (`_with_targets`)."""
        return self.op == "restyled" and bool(self.old.target) and bool(self.new.target) and \
            self.old.target != self.new.target


ROW_SEPARATOR = " | "


def _cell_shown(text: str) -> str:
    """A cell's text in its row's text: its own `|` written `\\|`, as a pipe table's source writes it."""
    return text.replace("|", "\\|")


def row_text(cells: Iterable[str]) -> str:
    """A table row read as one line (its text in the 修订对照表, site and Word alike, and what is compared): its cells
    joined by ` | `, a `|` inside a cell written `\\|`, so a bare `|` is always a cell's edge, never an extra column."""
    return ROW_SEPARATOR.join(_cell_shown(cell) for cell in cells)


@dataclass(frozen=True)
class Block:
    """One unit of a rendered body, read back as text. `cells`: a table row's cells; `level`: a heading's
    level or a list item's depth; `clause`: the heading the block stands under."""

    kind: BlockKind
    text: str
    level: int = 0
    cells: tuple[str, ...] = ()
    header: bool = False
    ordered: bool = False
    clause: str = ""
    marker: str = ""  # a list item's bullet or number as the copies show it: shown, not compared
    form: str = ""  # its inline markup (emphasis, link targets) the text does not show: compared, not shown
    spans: tuple[Span, ...] = ()  # its text by inline formatting ("".join of their text is `text`; () unknown)
    cell_spans: tuple[tuple[Span, ...], ...] = ()  # a table row's, per cell
    name: str = ""  # a field's label where a version has one field of it (title, department): the same field

    @property
    def key(self) -> tuple[str, str, int, bool, str]:
        """What makes two blocks the same: a list item moved a level or switched between 1. and •, a word
        made bold or a link pointed elsewhere is a change though the text reads alike."""
        return self.kind, self.text, self.level, self.ordered, self.form

    @property
    def text_spans(self) -> tuple[Span, ...]:
        """Its text by inline formatting — a table row's cells joined as its text is (`row_text`); () where unknown."""
        return _joined_spans([(self, False)], self.text)



@dataclass(frozen=True)
class Change:
    """One block of the comparison: unchanged (`equal`), new (`insert`), gone (`delete`) or changed in place
    (`replace`: `segments` for the text, `cell_segments` per cell for a table row)."""

    op: Literal["equal", "insert", "delete", "replace"]
    old: Block | None
    new: Block | None
    segments: tuple[Segment, ...] = ()
    cell_segments: tuple[tuple[Segment, ...], ...] = ()
    mark: Op = "equal"  # the paragraph break after it: inserted (a paragraph split), deleted (joined with the next)
    # a block moved: the name its two ends share (a deletion where it stood, an insertion where it went), the
    # block at the other end, where it stood and where it went (clauses), and whether it went along with the heading
    # it stands under (a section moved whole) — see `_moves`
    move: str = ""
    partner: Block | None = None
    places: tuple[str, str] = ("", "")
    moved_along: bool = False

    @property
    def moved_from(self) -> str:
        """Where a moved block stood (its clause, or for a heading the clause it followed); "" if not moved."""
        return self.places[0]

    @property
    def moved_to(self) -> str:
        """Where a moved block went; "" if not moved."""
        return self.places[1]

    @property
    def move_changed(self) -> bool:
        """Moved with its words changed too (near-identical: a move plus a change) or a link in it pointing
        elsewhere."""
        partner = self.partner
        if partner is None:
            return False
        old, new = (self.block, partner) if self.op == "delete" else (partner, self.block)
        return (old.text, old.cells) != (new.text, new.cells) or bool(_retargeted_links(old, new))

    @property
    def restyled(self) -> bool:
        """Changed in place with the same text: only its level, numbering, emphasis or link targets differ."""
        return self.op == "replace" and self.old is not None and self.new is not None and \
            self.old.text == self.new.text and self.old.cells == self.new.cells

    @property
    def marker_segments(self) -> tuple[Segment, ...]:
        """A list item's marker old → new (renumbered by an item added above, 1. → •): shown as a change even
        where the item itself is equal; where a moved item went, moved with it (as `pieces` reads a move)."""
        if self.move and self.op == "insert":
            return (Segment("equal", _marker(self.block)),) if self.block.marker else ()
        if self.old is not None and self.new is not None:
            return inline_diff(_marker(self.old), _marker(self.new))
        return (Segment(self._whole_op, _marker(self.block)),) if self.block.marker else ()

    @property
    def _whole_op(self) -> Op:
        return "insert" if self.op == "insert" else "delete" if self.op == "delete" else "equal"

    def pieces(self, cell: int | None = None) -> tuple[Piece, ...]:
        """The block's text (or one cell's) as pieces: what was inserted, deleted, kept — and kept but formatted
        otherwise (made bold, made a link). A link pointing elsewhere is a change of content: its whole old text
        deleted with the old target, its whole new text inserted with the new (`_relinked`). Decided here for every
        renderer.
        Where a moved block went, against where it stood: `equal` is text moved as it was, `insert` a word added on
        the way; a word dropped on the way is read where it stood, whose whole text is moved away (`delete`)."""
        if self.move and self.op == "insert" and self.partner is not None:
            return self._moved_pieces(self.partner, cell)
        old, new = self.old, self.new
        if cell is None:  # the block as a whole (a row whose number of cells changed: its cells' links too)
            old_spans = old.text_spans if old else ()
            new_spans = new.text_spans if new else ()
            segments = self.segments if self.op == "replace" else (Segment(self._whole_op, self.block.text),)
        else:
            old_spans = _nth(old.cell_spans, cell) if old else ()
            new_spans = _nth(new.cell_spans, cell) if new else ()
            segments = self.cell_segments[cell] if self.op == "replace" else \
                (Segment(self._whole_op, self.block.cells[cell]),)
        return _relinked(_pieces(segments, old_spans, new_spans))

    def _moved_pieces(self, stood: Block, cell: int | None) -> tuple[Piece, ...]:
        """A move's destination against the block where it stood (its partner): the text it kept and the words it
        gained. Not the words it lost: Word would hold them in a w:del inside the w:moveTo, which LibreOffice reads
        as kept text, so accepting all there would keep them. A row whose number of cells changed on the way has no
        cell to compare a cell with: its cells are new."""
        went = self.block
        if cell is None:
            segments, old_spans, new_spans = inline_diff(stood.text, went.text), stood.text_spans, went.text_spans
        elif len(stood.cells) != len(went.cells):
            segments, old_spans, new_spans = (Segment("insert", went.cells[cell]),), (), _nth(went.cell_spans, cell)
        else:
            segments = inline_diff(stood.cells[cell], went.cells[cell])
            old_spans, new_spans = _nth(stood.cell_spans, cell), _nth(went.cell_spans, cell)
        return tuple(p for p in _relinked(_pieces(segments, old_spans, new_spans)) if p.op != "delete")

    @property
    def paragraph_restyled(self) -> bool:
        """Its heading level or list level changed (the paragraph's own formatting)."""
        return self.op == "replace" and self.old is not None and self.new is not None and \
            (self.old.level, self.old.ordered) != (self.new.level, self.new.ordered)

    @property
    def formatting(self) -> bool:
        """Formatting changed — the heading or list level, 1. ↔ •, emphasis, text made a link — whether or not the
        text did: what a reader must be shown though no letter differs. A link pointing elsewhere is not formatting
        (its pieces delete the old link and insert the new: `pieces`)."""
        return self.formatting_tracked or self.markup_unread

    @property
    def markup_unread(self) -> bool:
        """The same text and markup changed in a way no piece shows (nor the paragraph's level): the renderers mark
        the block as a whole. Not a link pointing elsewhere — its pieces show it, as a change of content."""
        if not self.restyled or self.paragraph_restyled:
            return False
        cells = range(len(self.cell_segments)) if self.cell_segments else (None,)
        return all(p.op == "equal" for c in cells for p in self.pieces(c))

    @property
    def formatting_tracked(self) -> bool:
        """The formatting changes that `paragraph_restyled` and the `restyled` pieces name, each where it is —
        False where the markup changed in a way neither reads (the renderers then mark the block as a whole)."""
        if self.op != "replace" or self.old is None or self.new is None:
            return False
        if self.paragraph_restyled:
            return True
        cells = range(len(self.cell_segments)) if self.cell_segments else (None,)
        return any(p.op == "restyled" for c in cells for p in self.pieces(c))

    @property
    def block(self) -> Block:
        """The block as it reads after the change (before it, for a deletion)."""
        shown = self.new or self.old
        assert shown is not None
        return shown

    @property
    def clause(self) -> str:
        """The clause a reader finds the change under: the paragraph's own number (4.2.1) if it has one, else
        the heading it stands under."""
        block = self.block
        own = _CLAUSE_NUMBER.match(block.text) if block.kind != "heading" else None
        if own:
            return own.group(1).rstrip("、")
        if block.kind == "heading":
            return block.text
        return block.clause or t("compare.preamble")


def _nth(cell_spans: Sequence[tuple[Span, ...]], cell: int) -> tuple[Span, ...]:
    """One cell's spans (() where unknown)."""
    return cell_spans[cell] if cell < len(cell_spans) else ()


def clause_of(block: Block) -> str:
    """A block's clause as a move names its two places: the number (4.2) where its clause has one, else the
    clause as `Change.clause` reads it."""
    clause = Change("equal", block, block).clause
    number = _CLAUSE_NUMBER.match(clause)
    return number.group(1).rstrip("、") if number else clause


@dataclass(frozen=True)
class TableRow:
    """A line of the 修订对照表: 条款 / 修订前 / 修订后 / 修订说明."""

    clause: str
    before: str
    after: str
    note: str
    # the texts by inline formatting, as the copies show them — H₂O, m², a footnote's superscript mark are not
    # H2O, m2, 审核1; () where unknown (the text is plain)
    before_spans: tuple[Span, ...] = ()
    after_spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """Two versions compared: every block in reading order, labels of both sides, and the reason recorded."""

    old_label: str
    new_label: str
    changes: tuple[Change, ...]
    reason: str = ""
    table_rows: tuple[TableRow, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return any(c.op != "equal" or c.mark != "equal" for c in self.changes)


def _marker(block: Block) -> str:
    return f"{block.marker} " if block.marker else ""


def _styles(spans: Sequence[Span], length: int) -> list[Span]:
    """The formatting of each character of a text `length` long (plain where the spans do not cover it)."""
    styles = [Span("", s.marks, s.target) for s in spans for _ in s.text]
    return styles if len(styles) == length else [PLAIN_SPAN] * length


def _relinked(pieces: Sequence[Piece]) -> tuple[Piece, ...]:
    """Pieces with each link pointing elsewhere a change of content (`_relink`)."""
    return _relink(pieces)[0]


# a link pointing elsewhere: its text and target before, its text and target after
_Relinked = tuple[str, str, str, str]


def _relink(pieces: Sequence[Piece]) -> tuple[tuple[Piece, ...], list[_Relinked]]:
    """Pieces with each link pointing elsewhere (`Piece.retargeted`) a change of content: the whole old link — its
    text kept, and any deleted beside it — deleted with the old target, then the whole new link — kept and inserted
    text — inserted with the new. Each side follows its own link (指引 → 操作指引 is 指引 deleted, 操作指引 inserted),
    so no renderer shows a target change for part of a link's text, or as formatting. And each such link: its
    whole text and target on either side, as the 修订对照表 names them."""
    out = list(pieces)
    links: list[_Relinked] = []
    i = 0
    while i < len(out):
        piece = out[i]
        if not piece.retargeted:
            i += 1
            continue

        def inside(other: Piece, was: str = piece.old.target, now: str = piece.new.target) -> bool:
            return (other.op != "insert" and other.old.target == was) or \
                (other.op != "delete" and other.new.target == now)

        start, end = i, i + 1
        while start > 0 and inside(out[start - 1]):
            start -= 1
        while end < len(out) and inside(out[end]):
            end += 1
        link = out[start:end]
        rewritten: list[Piece] = []
        for new in [Piece("delete", p.text, p.old) for p in link if p.op != "insert"] + \
                [Piece("insert", p.text, PLAIN_SPAN, p.new) for p in link if p.op != "delete"]:
            last = rewritten[-1] if rewritten else None
            if last and (last.op, last.old, last.new) == (new.op, new.old, new.new):
                rewritten[-1] = Piece(new.op, last.text + new.text, new.old, new.new)
            else:
                rewritten.append(new)
        out[start:end] = rewritten
        i = start + len(rewritten)
        links.append(("".join(p.text for p in link if p.op != "insert"), piece.old.target,
                      "".join(p.text for p in link if p.op != "delete"), piece.new.target))
    return tuple(out), links


def _pieces(segments: Sequence[Segment], old_spans: Sequence[Span], new_spans: Sequence[Span]) -> tuple[Piece, ...]:
    """Segments split where the formatting on either side changes; kept text formatted otherwise is `restyled`."""
    old_len = sum(len(s.text) for s in segments if s.op != "insert")
    new_len = sum(len(s.text) for s in segments if s.op != "delete")
    old_styles, new_styles = _styles(old_spans, old_len), _styles(new_spans, new_len)
    out: list[Piece] = []
    i = j = 0
    for seg in segments:
        for char in seg.text:
            before = old_styles[i] if seg.op != "insert" else PLAIN_SPAN
            after = new_styles[j] if seg.op != "delete" else PLAIN_SPAN
            op: PieceOp = "restyled" if seg.op == "equal" and not before.same_form(after) else seg.op
            last = out[-1] if out else None
            if last and last.op == op and last.old == before and last.new == after:
                out[-1] = Piece(op, last.text + char, before, after)
            else:
                out.append(Piece(op, char, before, after))
            i += seg.op != "insert"
            j += seg.op != "delete"
    return tuple(out)


# -- reading a rendered body -------------------------------------------------------------------------------

_MARKS = {**INLINE_STYLES, "a": "link"}  # the copies' inline styles, and a link
_Raw = list[tuple[str, frozenset[str], str]]


def _inline_text(node: Node | str) -> str:
    """What a reader sees of an inline node: a reference as 《title》（ID）, an image as its alt text (its
    caption, which says the same, is not read twice)."""
    return "".join(text for text, _, _ in _inline_raw(node))


def _inline_raw(node: Node | str, marks: frozenset[str] = frozenset(), target: str = "") -> _Raw:
    """What a reader sees of an inline node, run by run with the formatting each run has."""
    if isinstance(node, str):
        return [(node, marks, target)]
    if node.tag in _SKIP or is_caption(node) or node.tag in ("ul", "ol", "table") or FOOTNOTE_BACKREF in node.classes:
        return []  # a caption: the picture above it already reads as ［图片：alt］; nested blocks are their own
    if node.tag == "br":
        return [(_BREAK, marks, target)]
    if node.tag == "img":
        return [(_picture_text(node), marks, target)]
    mark = _MARKS.get(node.tag)
    marks = marks | {mark} if mark else marks
    target = node.attrs.get("href", target) if node.tag == "a" else target
    if REF_CLASS in node.classes and node.tag == "a":
        spans = {cls: child.text() for child in node.elements() for cls in child.classes
                 if cls in (TITLE_CLASS, ID_CLASS, VERSION_CLASS)}
        return [(plain_reference(spans), marks, target)]
    if node.tag == "input" and node.attrs.get("type") == "checkbox":  # a task's box: ticking it is a change
        return [(CHECKED if "checked" in node.attrs else UNCHECKED, marks, target)]
    return [run for child in node.children for run in _inline_raw(child, marks, target)]


def _picture_text(img: Node) -> str:
    """A picture as a redline reads it: its caption (alt text) and its file's name — a picture replaced by another
    under the same caption is a change of content, which the 修订对照表 names file by file, not a change of
    formatting with the same text on both sides."""
    alt, src = img.attrs.get("alt", ""), img.attrs.get("src", "")
    parts = urlsplit(src)
    name = "" if parts.scheme == "data" else unquote(parts.path.rsplit("/", 1)[-1].rsplit(":", 1)[-1])
    if not name:
        return t("copy.missing_picture", name=alt) if alt else t("compare.picture")
    return t("compare.picture_file", name=alt, file=name) if alt else t("compare.picture_unnamed", file=name)


def _spans(raw: _Raw) -> tuple[Span, ...]:
    """Runs read by `_inline_raw` as `_clean` reads their text: the same characters, each with its formatting
    (a run of spaces made one keeps the first one's); () should the two ever disagree."""
    chars = [(c, marks, target) for text, marks, target in raw for c in text]
    text = "".join(c for c, _, _ in chars)
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    kept: list[tuple[str, frozenset[str], str]] = []
    i = start
    while i < end:
        if chars[i][0] not in " \t\n":
            kept.append(chars[i])
            i += 1
            continue
        j = i
        while j < end and chars[j][0] in " \t\n":
            j += 1
        run = text[i:j]
        joined = run.count("\n") == 1 and bool(_CJK.match(text[i - 1])) and bool(_CJK.match(text[j]))
        if not joined and _BREAK not in (text[i - 1], text[j]):
            kept.append((" ", chars[i][1], chars[i][2]))
        i = j
    out: list[Span] = []
    for c, marks, target in ((("\n" if c == _BREAK else c), marks, target) for c, marks, target in kept):
        if out and out[-1].marks == marks and out[-1].target == target:
            out[-1] = Span(out[-1].text + c, marks, target)
        else:
            out.append(Span(c, marks, target))
    return tuple(out) if "".join(s.text for s in out) == _clean(text) else ()


def _inline_form(nodes: Iterable[Node | str]) -> str:
    """The inline markup of some nodes as the text does not show it: each element's tag, link target or
    picture source and the text it holds (whitespace as `_clean` reads it, so a rewrapped line is no change)."""
    out: list[str] = []
    for node in nodes:
        if (not isinstance(node, Node) or node.tag in _SKIP or node.tag in ("ul", "ol", "table")
                or FOOTNOTE_BACKREF in node.classes):
            continue
        target = node.attrs.get("href", "") or node.attrs.get("src", "")
        out.append(f"{node.tag}<{target}>{_clean(_inline_text(node))}")
        inner = _inline_form(node.children)
        if inner:
            out.append(inner)
    return "\x1f".join(out)


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
# A hard line break (<br>, two spaces at a line's end) while a paragraph is read: a source line break is a space
# (or none), but this one is the author's and reads "\n" in the block's text, a line break in every redline — a
# break added or removed is a change, and 同上<br>另见附录 does not run together as 同上另见附录.
_BREAK = "\u2028"


def _clean(text: str) -> str:
    """Source line breaks inside a paragraph are one space (none between Chinese characters)."""
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text.strip())
    text = re.sub(rf"(?<={_CJK.pattern})\n(?={_CJK.pattern})", "", text)
    text = re.sub(rf"[ \t\n]*{_BREAK}[ \t\n]*", _BREAK, text)
    return re.sub(r"[ \t\n]+", " ", text).replace(_BREAK, "\n")


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.clause = ""

    def add(self, kind: BlockKind, text: str, **extra: object) -> None:
        """A block of `text` as `_clean` reads it (cleaned once: a hard line break it reads is a "\n" that a second
        reading would make a space)."""
        cells = extra.get("cells")
        if text or cells:
            self.blocks.append(Block(kind, text, clause=self.clause, **extra))  # type: ignore[arg-type]

    def walk(self, node: Node, depth: int = 0) -> None:
        loose: list[Node | str] = []
        for child in node.children:
            if isinstance(child, Node) and (child.tag in BLOCK_TAGS or child.tag in _HEADINGS):
                self._flush(loose)
                self.block(child, depth)
            else:
                loose.append(child)
        self._flush(loose)

    def _flush(self, loose: list[Node | str]) -> None:
        if loose:
            raw = [run for n in loose for run in _inline_raw(n)]
            self.add("paragraph", _clean("".join(r[0] for r in raw)), form=_inline_form(loose), spans=_spans(raw))
            loose.clear()

    def block(self, node: Node, depth: int) -> None:
        tag = node.tag
        if tag in _HEADINGS:
            raw = _inline_raw(node)
            text = _clean("".join(r[0] for r in raw))
            self.clause = text
            self.add("heading", text, level=int(tag[1]), form=_inline_form(node.children), spans=_spans(raw))
        elif tag == "p":
            raw = _inline_raw(node)
            self.add("paragraph", _clean("".join(r[0] for r in raw)), form=_inline_form(node.children),
                     spans=_spans(raw))
        elif tag in ("ul", "ol"):
            numbers, numbering = iter(item_numbers(node)), node.attrs.get("type", "1").strip()
            for item in node.elements():
                if item.tag == "li":
                    number = next(numbers)
                    task = tag == "ul" and "task-list-item" in item.classes  # the box is the marker
                    marker = "" if task else list_marker(tag == "ol", numbering, number)
                    raw = _inline_raw(item)
                    self.add("item", _clean("".join(r[0] for r in raw)), level=depth, ordered=tag == "ol",
                             marker=marker, form=_inline_form(item.children), spans=_spans(raw))
                    for inner in item.elements():
                        if inner.tag in ("ul", "ol", "table", "pre", "blockquote", "div"):
                            self.block(inner, depth + 1)
        elif tag == "table":
            for row in _rows(node):
                found = [cell for cell in row.elements() if cell.tag in ("td", "th")]
                raws = [_inline_raw(cell) for cell in found]
                cells = tuple(_clean("".join(r[0] for r in raw)) for raw in raws)
                self.add("row", row_text(cells), cells=cells, header=any(cell.tag == "th" for cell in found),
                         form="\x1e".join(_inline_form(cell.children) for cell in found),
                         cell_spans=tuple(_spans(raw) for raw in raws))
        elif tag == "pre":
            text = node.text().strip("\n")
            if text:
                self.blocks.append(Block("code", text, clause=self.clause))
        elif tag == "hr":
            return
        elif tag == "div" and "footnote" in node.classes:  # the notes under the text: their own clause, not the last
            self.clause = t("compare.footnotes")  # heading's (a note to 3.2 was named 6.0 质量记录)
            self.walk(node, depth)
        else:  # quotes, admonitions, details, figures, definition lists: their blocks in order
            self.walk(node, depth)


_HEADINGS = {f"h{n}" for n in range(1, 7)}


def _rows(table: Node) -> Iterable[Node]:
    for child in shown_row_groups(table):
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child.elements() if row.tag == "tr")


def blocks(html: str) -> list[Block]:
    """The blocks of a rendered (sanitised) body, in reading order."""
    reader = _Reader()
    reader.walk(parse_html(html))
    return reader.blocks


def field_blocks(fields: Sequence[tuple[str, str]], own_clause: Collection[str] = ()) -> list[Block]:
    """Control-block fields (label, value) as blocks of the first clause (文件信息); a field of which there is one (its
    title, department — not a form's 填写项) is named by its label, so a new value of it is that field changed. A
    label in `own_clause` (a form's 填写项, 签字栏: its content, not its details) is the clause of its rows."""
    counts = Counter(label for label, _ in fields)
    return [Block("field", t("compare.field", label=label, value=value),
                  clause=label if label in own_clause else t("compare.fields"),
                  name=label if counts[label] == 1 else "")
            for label, value in fields if value]


# -- comparing -------------------------------------------------------------------------------------------

def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def inline_diff(old: str, new: str) -> tuple[Segment, ...]:
    """`old` → `new` as equal / delete / insert segments: by character for Chinese, by word for Latin text."""
    a, b = tokens(old), tokens(new)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in tokendiff.opcodes(a, b):
        if tag == "equal":
            segments.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return _tidy(segments)


def _tidy(segments: list[Segment]) -> tuple[Segment, ...]:
    """Readable segments: a lone character or space left equal between two changes is folded into them
    (「经理审批」→「主管审核」 reads as one replaced run, not 审 kept between two changes; a single change stays by
    character: 「审批」→「审核」 keeps 审), and neighbours of one kind are merged."""
    out = list(segments)
    changed = True
    while changed:
        changed = False
        for i in range(1, len(out) - 1):
            seg = out[i]
            lone = seg.op == "equal" and len(seg.text.strip()) <= 1
            if lone and out[i - 1].op != "equal" and out[i + 1].op != "equal":
                out[i:i + 1] = [Segment("delete", seg.text), Segment("insert", seg.text)]
                out = _regroup(out)
                changed = True
                break
    return tuple(_merge(out))


def _regroup(segments: list[Segment]) -> list[Segment]:
    """Within each run of changes, the deleted text first, then the inserted, each merged into one."""
    out: list[Segment] = []
    run: list[Segment] = []
    for seg in [*segments, Segment("equal", "")]:
        if seg.op != "equal":
            run.append(seg)
            continue
        if run:
            deleted = "".join(s.text for s in run if s.op == "delete")
            inserted = "".join(s.text for s in run if s.op == "insert")
            out += [s for s in (Segment("delete", deleted), Segment("insert", inserted)) if s.text]
            run = []
        if seg.text:
            out.append(seg)
    return out


def _merge(segments: Iterable[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segments:
        if not seg.text:
            continue
        if out and out[-1].op == seg.op:
            out[-1] = Segment(seg.op, out[-1].text + seg.text)
        else:
            out.append(seg)
    return _regroup(out)


def _similar(old: Block, new: Block) -> float:
    if old.kind != new.kind:
        return 0.0
    if old.name and old.name == new.name:  # the one 归口部门 of each version, whatever its values share
        return 1.0
    return tokendiff.ratio(tokens(old.text), tokens(new.text))


def _renamed(old: Block, new: Block) -> bool:
    """A heading keeping its level and clause number whose words all changed (4.3 辞退 → 4.3 解除劳动合同)."""
    if old.kind != "heading" or new.kind != "heading" or old.level != new.level:
        return False
    a, b = _CLAUSE_NUMBER.match(old.text), _CLAUSE_NUMBER.match(new.text)
    return a is not None and b is not None and a.group(1) == b.group(1)


def _changed_in_place(old: Block, new: Block) -> Change:
    if old.kind == "row" and len(old.cells) == len(new.cells):
        cells = tuple(inline_diff(a, b) for a, b in zip(old.cells, new.cells, strict=True))
        return Change("replace", old, new, inline_diff(old.text, new.text), cells)
    return Change("replace", old, new, inline_diff(old.text, new.text))


def _pair(old: Sequence[Block], new: Sequence[Block]) -> list[Change]:
    """A replaced run of blocks: a paragraph split in two or two joined with the same words is that break (see
    `_rebroken`); else each old block paired, in order, with the most similar new block of its kind (at least
    half alike, or a heading renamed under its number that no heading further on reads like); the rest are
    deletions and insertions, in reading order."""
    changes: list[Change] = []
    i = j = 0
    while i < len(old):
        block = old[i]
        rebroken = _rebroken(old, new, i, j)
        if rebroken is not None:
            k, used_old, used_new, broken = rebroken
            changes += [Change("insert", None, b) for b in new[j:k]] + broken
            i, j = i + used_old, k + used_new
            continue
        i += 1
        best, best_score = None, 0.5
        for k in range(j, min(len(new), j + 8)):  # look a few blocks ahead: edits are local
            score = _similar(block, new[k])
            if score < 0.5 and _renamed(block, new[k]) and \
                    not any(_similar(later, new[k]) >= 0.5 for later in old[i:i + 8]):
                score = 0.5
            if score >= best_score:
                best, best_score = k, score
        if best is None:
            changes.append(Change("delete", block, None))
            continue
        changes += [Change("insert", None, b) for b in new[j:best]]
        changes.append(_changed_in_place(block, new[best]))
        j = best + 1
    changes += [Change("insert", None, b) for b in new[j:]]
    return changes


# -- a paragraph split in two, or two joined: the break is the change, not the words --------------------------

def _rebroken(old: Sequence[Block], new: Sequence[Block], i: int, j: int) -> tuple[int, int, int, list[Change]] | None:
    """Old block `i` split into new blocks from some k a few blocks ahead, or old blocks from `i` joined into new
    block k: (k, old blocks used, new blocks used, the changes) — None if neither."""
    for k in range(j, min(len(new), j + 8)):
        for n in range(2, 5):
            split = _rebreak(old[i], new[k:k + n], "insert")
            if split is not None:
                return k, 1, n, split
            joined = _rebreak(new[k], old[i:i + n], "delete")
            if joined is not None:
                return k, n, 1, joined
    return None


def _seams(whole: str, parts: Sequence[str]) -> list[str] | None:
    """The text between each two of `parts` where `whole` reads as them in order ("" or one space), or None."""
    seams: list[str] = []
    at = 0
    for n, part in enumerate(parts):
        if not part or not whole.startswith(part, at):
            return None
        at += len(part)
        if n < len(parts) - 1:
            seams.append(" " if whole.startswith(" ", at) else "")
            at += len(seams[-1])
    return seams if at == len(whole) else None


def _rebreak(whole: Block, parts: Sequence[Block], op: Op) -> list[Change] | None:
    """`whole` (one version's paragraph) as `parts` (the other's paragraphs) with the same words and inline
    markup: `op` "insert" — split, whole is old — or "delete" — joined, whole is new. Each part is compared
    with its stretch of the whole (kept; a space at the seam deleted or inserted) and the break after it is
    `op`: a paragraph mark inserted or deleted, as Word tracks it."""
    if len(parts) < 2 or any(b.kind != "paragraph" for b in (whole, *parts)):
        return None
    seams = _seams(whole.text, [p.text for p in parts])
    if seams is None or whole.form != "\x1f".join(p.form for p in parts if p.form):
        return None
    changes: list[Change] = []
    at = 0
    for part, seam in zip(parts, [*seams, ""], strict=True):
        end = at + len(part.text) + len(seam)
        stretch = dataclasses.replace(whole, text=whole.text[at:end], form=part.form,
                                      spans=_slice(whole.spans, at, end))
        at = end
        mark: Op = op if part is not parts[-1] else "equal"
        segments = (Segment("equal", part.text), Segment("delete" if op == "insert" else "insert", seam))
        pair = (stretch, part) if op == "insert" else (part, stretch)
        changes.append(Change("replace", *pair, segments, mark=mark) if seam else Change("equal", *pair, mark=mark))
    return changes


def _slice(spans: Sequence[Span], start: int, end: int) -> tuple[Span, ...]:
    """The spans of a block's text from `start` to `end` (() if the spans are unknown)."""
    out: list[Span] = []
    at = 0
    for span in spans:
        text = span.text[max(start - at, 0):max(end - at, 0)]
        at += len(span.text)
        if text:
            out.append(Span(text, span.marks, span.target))
    return tuple(out)


def compare(old: Sequence[Block], new: Sequence[Block], *, old_label: str, new_label: str,
            reason: str = "") -> Comparison:
    """`old` → `new`, block by block, with the 修订对照表 made from the same changes."""
    matcher = difflib.SequenceMatcher(None, [b.key for b in old], [b.key for b in new], autojunk=False)
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes += [Change("equal", a, b) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)]
        else:
            changes += _pair(old[i1:i2], new[j1:j2])
    changes = _moves(changes)
    return Comparison(old_label, new_label, tuple(changes), reason, _table_rows(changes))


# -- a block moved: deleted in one place and inserted in another with the same words ----------------------------

MOVED_ALIKE = 0.8  # how alike a deleted and an inserted block read to be one block moved (with a change below 1)
_MOVE_BUDGET = 10_000  # deletion × insertion pairs compared for near-identical words, at most (100 × 100: at the
# limit a rewrite takes ~0.25 s more; more pairs are not compared; moves with the same words are found at any size)


def _movable(change: Change, op: str) -> bool:
    return change.op == op and change.mark == "equal" and not change.move and change.block.kind != "field" and \
        bool(change.block.text.strip())


def _moves(changes: Sequence[Change]) -> list[Change]:
    """A block deleted in one place and one of its kind inserted in another, anywhere in the document, with the same
    words (or near them: `MOVED_ALIKE`; then a move and a change) — each not paired otherwise — is one block moved:
    both ends named by one move (`Change.move`) and each holding the other's block (`Change.partner`). The same
    words first, in reading order; then the most alike."""
    out = list(changes)
    deleted = [i for i, c in enumerate(out) if _movable(c, "delete")]
    inserted = [j for j, c in enumerate(out) if _movable(c, "insert")]
    if not deleted or not inserted:
        return out
    pairs: list[tuple[int, int]] = []
    waiting: dict[tuple[str, str, tuple[str, ...]], list[int]] = {}
    for j in inserted:
        block = out[j].block
        waiting.setdefault((block.kind, block.text, block.cells), []).append(j)
    for i in deleted:
        block = out[i].block
        same = waiting.get((block.kind, block.text, block.cells))
        if same:
            pairs.append((i, same.pop(0)))
    paired = {n for pair in pairs for n in pair}
    rest_old = [i for i in deleted if i not in paired]
    rest_new = [j for j in inserted if j not in paired]
    if rest_old and rest_new and len(rest_old) * len(rest_new) <= _MOVE_BUDGET:
        for _, i, j in sorted(_alike(out, rest_old, rest_new), key=lambda found: (-found[0], found[1], found[2])):
            if i not in paired and j not in paired:
                pairs.append((i, j))
                paired |= {i, j}
    headings = {out[i].block.text for i, _ in pairs if out[i].block.kind == "heading"}
    for number, (i, j) in enumerate(sorted(pairs), start=1):
        name, places = f"move{number}", (_place(out, i, "old"), _place(out, j, "new"))
        along = out[i].block.kind != "heading" and out[i].block.clause in headings and \
            out[i].block.clause == out[j].block.clause
        out[i] = dataclasses.replace(out[i], move=name, partner=out[j].block, places=places, moved_along=along)
        out[j] = dataclasses.replace(out[j], move=name, partner=out[i].block, places=places, moved_along=along)
    return out


def _place(changes: Sequence[Change], at: int, side: Literal["old", "new"]) -> str:
    """Where one end of a move is in its version: the block's clause — for a heading, the heading it follows there
    (a heading's clause is its own, the same at both ends)."""
    block = changes[at].block
    if block.kind != "heading":
        return clause_of(block)
    before = (getattr(c, side) for c in reversed(changes[:at]))
    heading = next((b for b in before if b is not None and b.kind == "heading"), None)
    return t("compare.after", clause=clause_of(heading)) if heading else t("compare.first")


def _alike(changes: Sequence[Change], deleted: Sequence[int], inserted: Sequence[int]) -> list[tuple[float, int, int]]:
    """The deleted and inserted blocks of one kind at least `MOVED_ALIKE` alike, token by token: (how alike, the
    deletion's index, the insertion's). Each text is read into tokens once, and each insertion's analysed once."""
    words = {n: tokens(changes[n].block.text) for n in (*deleted, *inserted)}
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    found: list[tuple[float, int, int]] = []
    for j in inserted:
        matcher.set_seq2(words[j])
        for i in deleted:
            a, b = len(words[i]), len(words[j])
            if changes[i].block.kind != changes[j].block.kind or 2 * min(a, b) < MOVED_ALIKE * (a + b):
                continue
            matcher.set_seq1(words[i])
            if matcher.quick_ratio() < MOVED_ALIKE:
                continue
            score = matcher.ratio() if a * b <= tokendiff.MATCH_BUDGET else tokendiff.ratio(words[i], words[j])
            if score >= MOVED_ALIKE:
                found.append((score, i, j))
    return found


_NOTE_KEYS = {"insert": "compare.insert", "delete": "compare.delete", "replace": "compare.replace",
              "restyled": "compare.restyled"}


def head_rows(changes: Sequence[Change]) -> int:
    """How many of a redlined table's rows, from its first, are its head: the site's <thead> whose cells head their
    columns, the Word copy's rows repeated on each page (w:tblHeader)."""
    heads = 0
    while heads < len(changes) and changes[heads].block.header:
        heads += 1
    return heads


def redline_heads() -> tuple[str, ...]:
    """The columns of the table of changes (条款 / 修订前 / 修订后 / 修订说明), in the project's language."""
    return (t("redline.col.clause"), t("redline.col.before"), t("redline.col.after"), t("redline.col.note"))


def _table_rows(changes: Sequence[Change]) -> tuple[TableRow, ...]:
    """A row per block changed; a paragraph split or joined is one row of the paragraph(s) before and after, each
    paragraph on its own line, named a split or a join: the words did not change."""
    rows: list[TableRow] = []
    chain: list[Change] = []
    moved: set[str] = set()
    for change in changes:
        if change.move:  # a block moved: one row, where a reader first meets either end
            if change.move not in moved:
                rows.append(_moved_row(change))
                moved.add(change.move)
            continue
        if change.mark == "equal" and not chain:
            if change.op != "equal":
                rows.append(_table_row(change))
            continue
        chain.append(change)
        if change.mark == "equal":
            before = "".join(c.old.text + ("\n" if c.mark == "delete" else "") for c in chain if c.old)
            after = "".join(c.new.text + ("\n" if c.mark == "insert" else "") for c in chain if c.new)
            note = "compare.split" if any(c.mark == "insert" for c in chain) else "compare.joined"
            old_spans = _joined_spans([(c.old, c.mark == "delete") for c in chain if c.old], before)
            new_spans = _joined_spans([(c.new, c.mark == "insert") for c in chain if c.new], after)
            rows.append(TableRow(chain[0].clause, before, after, t(note), old_spans, new_spans))
            chain = []
    return tuple(rows)


def _table_row(change: Change) -> TableRow:
    before = change.old.text if change.old else t("compare.nothing")
    after = change.new.text if change.new else t("compare.deleted")
    row = TableRow(change.clause, before, after, t(_NOTE_KEYS["restyled" if change.restyled else change.op]),
                   _joined_spans([(change.old, False)], before) if change.old else (),
                   _joined_spans([(change.new, False)], after) if change.new else ())
    return _with_targets(row, change.old, change.new)


def _retargeted_links(old: Block, new: Block) -> list[_Relinked]:
    """The links of a block pointing elsewhere with some of their text kept (`Piece.retargeted`), cell by cell where
    a row kept its cells: (the old link's whole text, its target, the new link's whole text, its target), as
    `Change.pieces` shows them (`_relink`); a link formatted in parts read as one."""
    if old.form == new.form:  # targets are part of the markup compared: none changed
        return []
    if old.kind == new.kind == "row" and len(old.cells) == len(new.cells):
        parts = [_pieces(inline_diff(a, b), _nth(old.cell_spans, n), _nth(new.cell_spans, n))
                 for n, (a, b) in enumerate(zip(old.cells, new.cells, strict=True))]
    else:
        parts = [_pieces(inline_diff(old.text, new.text), old.text_spans, new.text_spans)]
    return [link for pieces in parts for link in _relink(pieces)[1]]


def _shown_target(href: str) -> str:
    """Where a link points, as an auditor reads it in the 修订对照表: a controlled document's number (with the
    version its page is of), a file of the manuals by its path, any other address as written."""
    if href.startswith(REF_SCHEME):
        return href[len(REF_SCHEME):]
    return rooted_path(href) or href


def _with_targets(row: TableRow, old: Block | None, new: Block | None) -> TableRow:
    """A row whose links point elsewhere: each link by its text and target under 修订前 and under 修订后 — the text
    alone may read the same on both sides, and where a reference pointed is what changed."""
    links = _retargeted_links(old, new) if old is not None and new is not None else []
    if not links:
        return row

    def lines(text: str, spans: tuple[Span, ...], side: int) -> tuple[str, tuple[Span, ...]]:
        added = "".join("\n" + t("compare.link_target", text=link[side], target=_shown_target(link[side + 1]))
                        for link in links)
        return text + added, spans + (Span(added),) if spans else ()

    before, before_spans = lines(row.before, row.before_spans, 0)
    after, after_spans = lines(row.after, row.after_spans, 2)
    return dataclasses.replace(row, before=before, after=after, before_spans=before_spans, after_spans=after_spans)


# a move's note: from one clause to another, within one clause, or along with its heading — and its words changed
_MOVE_NOTES = {("", False): "compare.moved", ("", True): "compare.moved_changed",
               ("within", False): "compare.moved_within", ("within", True): "compare.moved_within_changed",
               ("along", False): "compare.moved_along", ("along", True): "compare.moved_along_changed"}


def _moved_row(change: Change) -> TableRow:
    """A block moved: its text where it stood and where it went, named a move from one clause to the other (and a
    change, should its words differ)."""
    assert change.partner is not None
    old, new = (change.block, change.partner) if change.op == "delete" else (change.partner, change.block)
    how = "along" if change.moved_along else "within" if change.moved_from == change.moved_to else ""
    note = _MOVE_NOTES[how, change.move_changed]
    row = TableRow(Change("insert", None, new).clause, old.text, new.text,
                   t(note, source=change.moved_from, target=change.moved_to),
                   _joined_spans([(old, False)], old.text), _joined_spans([(new, False)], new.text))
    return _with_targets(row, old, new)


def _joined_spans(blocks: Sequence[tuple[Block, bool]], text: str) -> tuple[Span, ...]:
    """The spans of blocks read one after another as `text` (each followed by a line break where its flag says:
    a paragraph split or joined); a table row's cells are joined as its text is (`row_text`). () where a block's
    spans are unknown or do not read as `text`."""
    out: list[Span] = []
    for block, broken in blocks:
        if block.kind == "row":
            for n, cell in enumerate(block.cell_spans):
                out += [Span(ROW_SEPARATOR)] * bool(n) + [dataclasses.replace(s, text=_cell_shown(s.text))
                                                           for s in cell]
        else:
            out += block.spans
        out += [Span("\n")] * broken
    return tuple(out) if "".join(s.text for s in out) == text else ()
