"""A comparison (core/compare.py) as HTML: the redline — the whole text in reading order with inserted text
marked <ins> and deleted text <del>, a change of formatting only with a worded badge (格式修改), one column that
wraps on any screen — and the 修订对照表 from the same changes. Every piece of text is escaped here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from itertools import groupby

from ..core import sanitize
from ..core.compare import SCRIPT_MARKS, Change, Comparison, Piece, Span, head_rows, redline_heads
from ..core.emphasis import dot_emphasis
from ..core.i18n import t
from .pages import _name, heading_cell

_OPS = {"insert": "ins", "delete": "del"}


# where a moved block went (its pieces read against where it stood, `Change.pieces`): the text moved is inserted
# here, a word added on the way an insertion of its own (marked as any insertion is)
_MOVED_TO = {"equal": ("<ins>", "</ins>"), "insert": ('<ins class="qms-rl-added">', "</ins>"),
             "delete": ("<del>", "</del>"), "restyled": ('<ins><span class="qms-rl-fmt">', "</span></ins>")}


# A run's inline formatting as the page shows it (core/copyblocks.INLINE_STYLES' flags): struck text is <s>, as
# <del> is a deletion here; a link is a link (`_linked`).
_FORM_TAGS = (("bold", "strong"), ("italic", "em"), ("code", "code"), ("strike", "s"), ("underline", "u"),
              ("mark", "mark"), ("sup", "sup"), ("sub", "sub"))


def _styled(text: str, span: Span, *, code_block: bool = False) -> str:
    """`text` (escaped) inside the elements of its formatting, emphasised CJK text dotted as the page dots it
    (core/emphasis.py: code never); `code_block`: in a <pre>, whose text is code already."""
    for mark, tag in reversed(_FORM_TAGS):
        if mark in span.marks and not (code_block and mark == "code"):
            text = f"<{tag}>{text}</{tag}>"
    return dot_emphasis(text) if "italic" in span.marks else text


def _linked(html: str, target: str) -> str:
    """`html` inside the link it is the text of: `target` as the one render wrote it — `qms:ID` and `qmsroot:PATH`
    become this page's URLs where the site resolves every page's links (site/plugin.py `_resolve_links`), exactly
    as on the document's own page. No link for a place on the page it came from (`#…`: not on this one), nor for an
    address the allow-list refuses (core/sanitize.py: the render dropped it already; this page never trusts that)."""
    if not target or target.startswith("#") or sanitize.unsafe_url(target):
        return html
    return f'<a href="{escape(target)}">{html}</a>'


def _run_html(pieces: Sequence[Piece], *, code_block: bool = False) -> str:
    """Pieces shown one after another, each formatted, those pointing at one target one link."""
    return "".join(_linked("".join(_styled(escape(p.text), _shown(p), code_block=code_block) for p in linked), target)
                   for target, linked in groupby(pieces, key=lambda p: _shown(p).target))


def _shown(piece: Piece) -> Span:
    """The formatting a piece is shown with: a deletion's as it was, anything else's as it is now."""
    return piece.old if piece.op == "delete" else piece.new


def _pieces(pieces: Sequence[Piece], *, moved_to: bool = False, code_block: bool = False) -> str:
    """Text with its marks and its inline formatting (bold, italic, code, emphasis dots…): inserted, deleted, and
    kept text whose formatting changed (made bold, made a link) — the block's badge (`_badge`) says so in words (a
    link pointing elsewhere comes as its old link deleted and its new inserted: `Change.pieces`). `moved_to`: the pieces of
    where a moved block went, read against where it stood.
    A run of one kind is one mark (a screen reader says where it starts and ends once), formatted run by run."""
    runs: list[list[Piece]] = []
    for piece in pieces:
        if runs and runs[-1][-1].op == piece.op != "restyled":
            runs[-1].append(piece)
        else:
            runs.append([piece])
    out = []
    for before, run in zip((None, *runs), runs, strict=False):
        op = run[0].op
        text = _run_html(run, code_block=code_block)
        if before is not None and before[0].op == "delete" and op == "insert":
            out.append("<wbr>")
        tag = _OPS.get(op)
        if moved_to:
            start, end = _MOVED_TO[op]
            out.append(f"{start}{text}{end}")
        elif op == "restyled":
            out.append(f'<span class="qms-rl-fmt">{text}</span>')
        else:
            out.append(f"<{tag}>{text}</{tag}>" if tag else text)
    return "".join(out)


def _badge(change: Change) -> str:
    """What marks a block whose formatting changed — a heading's or list's level, 1. ↔ •, emphasis, made a link — in
    words a screen reader says too: its text alone may read as it did."""
    return f' <span class="qms-rl-badge">{t("redline.formatting")}</span>' if change.formatting else ""


def _moved(change: Change, anchor: str) -> str:
    """What marks one end of a block moved, in words a screen reader says too: a link to the other end (已移至 4.5
    where it stood, 移自 4.2 where it went) — its text alone reads as a deletion or an insertion."""
    if not change.move:
        return ""
    there, key, clause = (("to", "redline.moved_from", change.moved_to) if change.op == "delete"
                          else ("from", "redline.moved_to", change.moved_from))
    return (f' <span class="qms-rl-badge"><a class="qms-rl-movelink" href="#{escape(_move_id(anchor, change, there))}">'
            f"{escape(t(key, clause=clause))}</a></span>")


def _move_id(anchor: str, change: Change, end: str) -> str:
    """The id of one end (`from`, `to`) of a move on the page: the redline's anchor and the move's name."""
    return f"{anchor}-{change.move}-{end}"


def _move_attrs(change: Change, anchor: str) -> str:
    """The id a moved block's element carries (the other end links to it) and the move it is one end of."""
    if not change.move:
        return ""
    return f' id="{escape(_move_id(anchor, change, "from" if change.op == "delete" else "to"))}" data-moved="{change.move}"'


def _text(change: Change, *, marker: bool = False, anchor: str = "") -> str:
    """The block's text with its marks: all inserted, all deleted, or changed in place; `marker`: after a list
    item's marker, marked as the Word redline tracks it (renumbered by an item added above, 1. → •)."""
    lead = tuple(Piece(seg.op, seg.text) for seg in change.marker_segments) if marker else ()
    text = _pieces(lead + change.pieces(), moved_to=_went(change), code_block=change.block.kind == "code")
    return text + _badge(change) + _moved(change, anchor)


def _went(change: Change) -> bool:
    """Where a moved block went (its pieces read against where it stood)."""
    return bool(change.move) and change.op == "insert"


_MARK_KEYS = {"insert": "redline.mark.inserted", "delete": "redline.mark.deleted"}


def _break(change: Change, anchor: str) -> str:
    """The rest of a paragraph's start tag, its text and the break after it: a paragraph split (the break
    inserted) or joined with the next (deleted) ends in a marked pilcrow that says so, and tells its kind in
    `data-mark` — as a tracked paragraph mark in Word."""
    tag = _OPS.get(change.mark)
    if tag is None:
        return f">{_text(change, anchor=anchor)}"
    return (f' data-mark="{tag}">{_text(change, anchor=anchor)}<{tag} class="qms-rl-mark" title="{escape(t(_MARK_KEYS[change.mark]))}">'
            f"\u00b6</{tag}>")


def _cells(change: Change, anchor: str) -> list[str]:
    block = change.block
    if change.op == "replace" and not change.cell_segments:  # the number of cells changed: the row as a whole,
        return [_pieces(change.pieces())]  # its links as links (`Change.pieces`: the cells' spans joined)
    cells = [_pieces(change.pieces(number), moved_to=_went(change)) for number in range(len(block.cells))]
    if cells:
        cells[-1] += _badge(change) + _moved(change, anchor)
    return cells


def _css(change: Change) -> str:
    """A block's classes in the redline: its change, and whether its formatting changed or it moved."""
    return (f"qms-rl-{change.op}" + (" qms-rl-formatting" if change.formatting else "")
            + (" qms-rl-moved" if change.move else ""))


def _rows(changes: Sequence[Change], anchor: str) -> str:
    """A table of the document as redlined: its heading rows a <thead> whose cells head their columns (a screen
    reader reads each cell with its column's heading; a printed table longer than a page repeats them)."""
    heads = head_rows(changes)
    rows = []
    for change in changes:
        cell = '<th scope="col">' if change.block.header else "<td>"
        end = cell[1:3]
        rows.append(f'<tr class="{_css(change)}"{_move_attrs(change, anchor)}>'
                    + "".join(f"{cell}{c}</{end}>" for c in _cells(change, anchor))
                    + "</tr>")
    head = f'<thead>{"".join(rows[:heads])}</thead>' if heads else ""
    return f'<div class="qms-rl-table"><table>{head}<tbody>{"".join(rows[heads:])}</tbody></table></div>'


def _group(changes: Iterable[Change]) -> Iterable[list[Change]]:
    """Consecutive table rows together (one table), every other block on its own."""
    run: list[Change] = []
    for change in changes:
        if change.block.kind == "row":
            run.append(change)
            continue
        if run:
            yield run
            run = []
        yield [change]
    if run:
        yield run


def redline_body(comparison: Comparison, anchor: str = "qms-rl") -> str:
    """The redline: every block of the newer version, with what was inserted and deleted marked — a block moved at
    both its places, each linked to the other (`anchor`: what makes their ids this redline's own on the page)."""
    parts = []
    for group in _group(comparison.changes):
        first = group[0]
        block = first.block
        css, at = _css(first), _move_attrs(first, anchor)
        if block.kind == "row":
            parts.append(_rows(group, anchor))
        elif block.kind == "heading":
            parts.append(f'<p class="qms-rl-heading qms-rl-h{block.level} {css}"{at}>{_text(first, anchor=anchor)}</p>')
        elif block.kind == "item":
            parts.append(f'<p class="qms-rl-item qms-rl-depth{min(block.level, 4)} {css}"{at}>'
                         f"{_text(first, marker=True, anchor=anchor)}</p>")
        elif block.kind == "code":
            parts.append(f'<pre class="qms-rl-code {css}"{at}>{_text(first, anchor=anchor)}</pre>')
        else:
            parts.append(f'<p class="qms-rl-{block.kind} {css}"{at}{_break(first, anchor)}</p>')
    return f'<div class="qms-redline" style="{_spoken_marks()}">{"".join(parts)}</div>'


# What a screen reader says around each insertion and deletion (the stylesheet shows it to no eye): custom
# properties, because CSS reads no catalogue and `attr()` no ancestor's attribute.
_SPOKEN = {"--qms-ins-start": "redline.spoken.inserted", "--qms-ins-end": "redline.spoken.inserted_end",
           "--qms-del-start": "redline.spoken.deleted", "--qms-del-end": "redline.spoken.deleted_end"}


def _spoken_marks() -> str:
    """The redline's spoken marks as a style attribute's custom properties (CSS strings, HTML-escaped)."""
    def css_string(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
    return escape("; ".join(f"{name}: {css_string(' ' + t(key) + ' ')}" for name, key in _SPOKEN.items()))


def _formatted(text: str, spans: Sequence[Span]) -> str:
    """A 修订对照表 text with its superscripts and subscripts (m², H₂O, a footnote's mark) as the copies show
    them: a flat m2 reads as another text."""
    if not spans:
        return escape(text)
    out = []
    for span in spans:
        tag = next((mark for mark in SCRIPT_MARKS if mark in span.marks), "")
        out.append(f"<{tag}>{escape(span.text)}</{tag}>" if tag else escape(span.text))
    return "".join(out)


def change_table(comparison: Comparison) -> str:
    """The 修订对照表 (条款 / 修订前 / 修订后 / 修订说明); on a phone each row is a card."""
    if not comparison.table_rows:
        return f'<p class="qms-rl-none">{t("redline.same")}</p>'
    rows = "".join(
        "<tr>" + "".join(f'<td data-label="{head}">{cell}</td>' for head, cell in zip(
            redline_heads(), (_name(row.clause), _formatted(row.before, row.before_spans),
                              _formatted(row.after, row.after_spans), escape(row.note)), strict=True))
        + "</tr>"
        for row in comparison.table_rows)
    return (f'<table class="qms-history qms-changes" aria-label="{t("redline.table")}"><thead><tr>'
            + "".join(heading_cell(h) for h in redline_heads())
            + f"</tr></thead><tbody>{rows}</tbody></table>")


def redline_section(comparison: Comparison, anchor: str, *, heading_level: int = 2, docx_href: str = "") -> str:
    """A titled section: legend, redline and 修订对照表 of one comparison."""
    h = f"h{heading_level}"
    sub = f"h{min(heading_level + 1, 6)}"
    reason = (f'<p class="qms-rl-reason">{t("redline.reason", reason=escape(comparison.reason))}</p>'
              if comparison.reason else "")
    download = (f'<p class="qms-download"><a href="{escape(docx_href)}" download>{t("redline.download")}</a></p>'
                if docx_href else "")
    moved = (f' <span class="qms-rl-moved"><ins>{t("redline.moved")}</ins></span>'
             if any(change.move for change in comparison.changes) else "")
    legend = (f'<p class="qms-rl-legend"><ins>{t("redline.inserted")}</ins> <del>{t("redline.deleted")}</del> '
              f'<span class="qms-rl-badge">{t("redline.formatting")}</span>{moved}</p>')
    return (f'<{h} id="{escape(anchor)}">{escape(comparison.old_label)} → {escape(comparison.new_label)}</{h}>'
            f"{reason}{download}{legend}{redline_body(comparison, anchor)}"
            f'<{sub} id="{escape(anchor)}-table">{t("redline.table")}</{sub}>{change_table(comparison)}')
