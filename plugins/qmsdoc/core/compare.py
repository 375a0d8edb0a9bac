"""The comparison of two versions of a controlled item (修订对照): what the site's redline, the Word redline
with tracked changes and the 修订对照表 all read — decided here once.

Both versions go through the one render (core/render.py); the rendered bodies are read back as blocks —
headings, paragraphs, list items, table rows (cell by cell), code, quotes — and the blocks are aligned
in order. A block changed in place is compared inside: character by character for Chinese (and any text
without spaces), word by word for Latin text and numbers, so 「30 天」→「20 天」 marks the number, not each
digit. Fields a reader sees in the control block (title, department…) are compared as a first clause."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .captions import is_caption
from .copybody import list_start
from .copylabels import CHECKED, UNCHECKED
from .htmltree import Node, parse_html
from .i18n import t
from .refs import ID_CLASS, REF_CLASS, TITLE_CLASS, VERSION_CLASS, plain_reference

Op = Literal["equal", "insert", "delete"]
BlockKind = Literal["field", "heading", "paragraph", "item", "row", "code"]
REDLINE_VERSIONS = " → "  # how a redline names the two versions it compares (its keywords): verify knows it by this

# A token: a Latin word or number (with inner . , ' - : a version A/1, 3.5, 2026-01-01 stays one word), one
# run of spaces, or one other character (each Chinese character is a token of its own).
_TOKEN = re.compile(r"[A-Za-z0-9_]+(?:[.,'’:/\-][A-Za-z0-9_]+)*|\s+|.", re.S)
_CLAUSE_NUMBER = re.compile(r"^\s*(第[一二三四五六七八九十百零〇\d]+[章节条款]|\d+(?:\.\d+)*(?=[\s.、．]|$)"
                            r"|[一二三四五六七八九十]+、)")
_SKIP = {"script", "style"}


@dataclass(frozen=True)
class Segment:
    """A run of text and what happened to it between the versions."""

    op: Op
    text: str


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

    @property
    def key(self) -> tuple[str, str, int, bool, str]:
        """What makes two blocks the same: a list item moved a level or switched between 1. and •, a word
        made bold or a link pointed elsewhere is a change though the text reads alike."""
        return self.kind, self.text, self.level, self.ordered, self.form



@dataclass(frozen=True)
class Change:
    """One block of the comparison: unchanged (`equal`), new (`insert`), gone (`delete`) or changed in place
    (`replace`: `segments` for the text, `cell_segments` per cell for a table row)."""

    op: Literal["equal", "insert", "delete", "replace"]
    old: Block | None
    new: Block | None
    segments: tuple[Segment, ...] = ()
    cell_segments: tuple[tuple[Segment, ...], ...] = ()

    @property
    def restyled(self) -> bool:
        """Changed in place with the same text: only its level, numbering, emphasis or link targets differ."""
        return self.op == "replace" and self.old is not None and self.new is not None and \
            self.old.text == self.new.text and self.old.cells == self.new.cells

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


@dataclass(frozen=True)
class TableRow:
    """A line of the 修订对照表: 条款 / 修订前 / 修订后 / 修订说明."""

    clause: str
    before: str
    after: str
    note: str


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
        return any(c.op != "equal" for c in self.changes)


# -- reading a rendered body -------------------------------------------------------------------------------

def _inline_text(node: Node | str) -> str:
    """What a reader sees of an inline node: a reference as 《title》（ID）, an image as its alt text (its
    caption, which says the same, is not read twice)."""
    if isinstance(node, str):
        return node
    if node.tag in _SKIP:
        return ""
    if node.tag == "br":
        return "\n"
    if node.tag == "img":
        alt = node.attrs.get("alt", "")
        return t("copy.missing_picture", name=alt) if alt else t("compare.picture")
    if is_caption(node):  # the picture above it already reads as ［图片：alt］
        return ""
    if REF_CLASS in node.classes and node.tag == "a":
        spans = {cls: child.text() for child in node.elements() for cls in child.classes
                 if cls in (TITLE_CLASS, ID_CLASS, VERSION_CLASS)}
        return plain_reference(spans)
    if node.tag in ("ul", "ol", "table"):  # nested blocks are blocks of their own
        return ""
    if node.tag == "input" and node.attrs.get("type") == "checkbox":  # a task's box: ticking it is a change
        return CHECKED if "checked" in node.attrs else UNCHECKED
    return "".join(_inline_text(child) for child in node.children)


def _inline_form(nodes: Iterable[Node | str]) -> str:
    """The inline markup of some nodes as the text does not show it: each element's tag, link target or
    picture source and the text it holds (whitespace as `_clean` reads it, so a rewrapped line is no change)."""
    out: list[str] = []
    for node in nodes:
        if not isinstance(node, Node) or node.tag in _SKIP or node.tag in ("ul", "ol", "table"):
            continue
        target = node.attrs.get("href", "") or node.attrs.get("src", "")
        out.append(f"{node.tag}<{target}>{_clean(_inline_text(node))}")
        inner = _inline_form(node.children)
        if inner:
            out.append(inner)
    return "\x1f".join(out)


def _clean(text: str) -> str:
    """Source line breaks inside a paragraph are one space (none between Chinese characters)."""
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text.strip())
    text = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])\n(?=[\u3000-\u9fff\uff00-\uffef])", "", text)
    return re.sub(r"[ \t\n]+", " ", text)


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.clause = ""

    def add(self, kind: BlockKind, text: str, **extra: object) -> None:
        text = _clean(text)
        cells = extra.get("cells")
        if text or cells:
            self.blocks.append(Block(kind, text, clause=self.clause, **extra))  # type: ignore[arg-type]

    def walk(self, node: Node, depth: int = 0) -> None:
        loose: list[Node | str] = []
        for child in node.children:
            if isinstance(child, Node) and (child.tag in _BLOCK_TAGS or child.tag in _HEADINGS):
                self._flush(loose)
                self.block(child, depth)
            else:
                loose.append(child)
        self._flush(loose)

    def _flush(self, loose: list[Node | str]) -> None:
        if loose:
            self.add("paragraph", "".join(_inline_text(n) for n in loose), form=_inline_form(loose))
            loose.clear()

    def block(self, node: Node, depth: int) -> None:
        tag = node.tag
        if tag in _HEADINGS:
            text = _clean(_inline_text(node))
            self.clause = text
            self.add("heading", text, level=int(tag[1]), form=_inline_form(node.children))
        elif tag == "p":
            self.add("paragraph", _inline_text(node), form=_inline_form(node.children))
        elif tag in ("ul", "ol"):
            number, numbering = list_start(node), node.attrs.get("type", "1").strip()
            for item in node.elements():
                if item.tag == "li":
                    task = tag == "ul" and "task-list-item" in item.classes  # the box is the marker
                    marker = "" if task else list_marker(tag == "ol", numbering, number)
                    self.add("item", _inline_text(item), level=depth, ordered=tag == "ol", marker=marker,
                             form=_inline_form(item.children))
                    number += 1
                    for inner in item.elements():
                        if inner.tag in ("ul", "ol", "table", "pre", "blockquote", "div"):
                            self.block(inner, depth + 1)
        elif tag == "table":
            for row in _rows(node):
                found = [cell for cell in row.elements() if cell.tag in ("td", "th")]
                cells = tuple(_clean(_inline_text(cell)) for cell in found)
                self.add("row", " | ".join(cells), cells=cells, header=any(cell.tag == "th" for cell in found),
                         form="\x1e".join(_inline_form(cell.children) for cell in found))
        elif tag == "pre":
            text = node.text().strip("\n")
            if text:
                self.blocks.append(Block("code", text, clause=self.clause))
        elif tag == "hr":
            return
        else:  # quotes, admonitions, details, figures, definition lists: their blocks in order
            self.walk(node, depth)


def list_marker(ordered: bool, numbering: str, number: int) -> str:
    """An item's marker as the copies number it: `•`, or `3.` / `c.` / `C.` / `iii.` / `III.` by the list's
    `<ol type>`."""
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


_HEADINGS = {f"h{n}" for n in range(1, 7)}
_BLOCK_TAGS = {"p", "ul", "ol", "table", "pre", "hr", "blockquote", "div", "details", "figure", "dl", "dt", "dd",
               "summary", "section"}


def _rows(table: Node) -> Iterable[Node]:
    for child in table.elements():
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child.elements() if row.tag == "tr")


def blocks(html: str) -> list[Block]:
    """The blocks of a rendered (sanitised) body, in reading order."""
    reader = _Reader()
    reader.walk(parse_html(html))
    return reader.blocks


def field_blocks(fields: Sequence[tuple[str, str]]) -> list[Block]:
    """Control-block fields (label, value) as blocks of the first clause."""
    return [Block("field", t("compare.field", label=label, value=value), clause=t("compare.fields"))
            for label, value in fields if value]


# -- comparing -------------------------------------------------------------------------------------------

def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def inline_diff(old: str, new: str) -> tuple[Segment, ...]:
    """`old` → `new` as equal / delete / insert segments: by character for Chinese, by word for Latin text."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
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
    (「审批」→「审核」 reads as one replaced word, not 审 kept), and neighbours of one kind are merged."""
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
    return difflib.SequenceMatcher(None, tokens(old.text), tokens(new.text), autojunk=False).ratio()


def _changed_in_place(old: Block, new: Block) -> Change:
    if old.kind == "row" and len(old.cells) == len(new.cells):
        cells = tuple(inline_diff(a, b) for a, b in zip(old.cells, new.cells, strict=True))
        return Change("replace", old, new, inline_diff(old.text, new.text), cells)
    return Change("replace", old, new, inline_diff(old.text, new.text))


def _pair(old: Sequence[Block], new: Sequence[Block]) -> list[Change]:
    """A replaced run of blocks: each old block paired, in order, with the most similar new block of its
    kind (at least half alike); the rest are deletions and insertions, in reading order."""
    changes: list[Change] = []
    j = 0
    for block in old:
        best, best_score = None, 0.5
        for k in range(j, min(len(new), j + 8)):  # look a few blocks ahead: edits are local
            score = _similar(block, new[k])
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
    rows = tuple(_table_row(c) for c in changes if c.op != "equal")
    return Comparison(old_label, new_label, tuple(changes), reason, rows)


_NOTE_KEYS = {"insert": "compare.insert", "delete": "compare.delete", "replace": "compare.replace",
              "restyled": "compare.restyled"}


def redline_heads() -> tuple[str, ...]:
    """The columns of the table of changes (条款 / 修订前 / 修订后 / 修订说明), in the project's language."""
    return (t("redline.col.clause"), t("redline.col.before"), t("redline.col.after"), t("redline.col.note"))


def _table_row(change: Change) -> TableRow:
    before = change.old.text if change.old else t("compare.nothing")
    after = change.new.text if change.new else t("compare.deleted")
    return TableRow(change.clause, before, after, t(_NOTE_KEYS["restyled" if change.restyled else change.op]))
