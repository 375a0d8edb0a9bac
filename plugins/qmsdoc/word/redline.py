"""A comparison (core/compare.py) as a Word redline: the newer version's text with every difference a real
tracked change (w:ins / w:del with author and date — the 修订 of Word, WPS and LibreOffice), so reviewers
step through them in the review pane; accepting all gives the new text, rejecting all the old. A change of
formatting alone (made bold, made a link, a heading's or list's level) is Word's formatting change: the text
kept, its old formatting in w:rPrChange / w:pPrChange (core/compare.py says which). After it,
the 修订对照表 (条款 / 修订前 / 修订后 / 修订说明) from the same changes, as text (its superscripts and
subscripts kept)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from ..core import page
from ..core.compare import (
    REDLINE_VERSIONS,
    SCRIPT_MARKS,
    Block,
    Change,
    Comparison,
    Piece,
    Segment,
    Span,
    head_rows,
    redline_heads,
)
from ..core.copyblocks import KEPT_ROW_LINES, text_lines
from ..core.copybody import external_href
from ..core.i18n import t
from .body import MONO
from .controlled import GRID_PT, grid, heading
from .package import Properties, WordFile
from .styles import heading_font
from .template import section_properties, text_width_emu
from .wml import (
    PLAIN,
    Cell,
    Font,
    Paragraph,
    Revision,
    Row,
    Table,
    cm,
    deleted_run,
    equal_widths,
    hyperlink,
    restyled_run,
    run,
)

ITEM_INDENT_CM = 0.74
TABLE_WIDTHS_CM = (2.6, 6.0, 6.0, 2.0)


@dataclass(frozen=True)
class RedlineJob:
    """What a redline file says: the item, the two versions compared, and who made the newer one when."""

    code: str
    title: str
    organisation: str
    comparison: Comparison
    author: str  # the newer version's 编制人 (the tracked changes' author)
    date: str  # when it was made (YYYY-MM-DD)


class _Tracker:
    """Writes segments as runs, wrapping inserted and deleted text in tracked changes with fresh ids; linked text
    inside the hyperlink the Word copy gives it (`file` holds the link's target)."""

    def __init__(self, revision: Revision, file: WordFile) -> None:
        self.revision = revision
        self.file = file
        self.next_id = 1

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def runs(self, segments: Sequence[Segment], font: Font = PLAIN) -> list[str]:
        out = []
        for seg in segments:
            if seg.op == "equal":
                out.append(run(seg.text, font))
            elif seg.op == "insert":
                out.append(self.revision.wrap("ins", run(seg.text, font), self._id()))
            else:
                out.append(self.revision.wrap("del", deleted_run(seg.text, font), self._id()))
        return out

    def pieces(self, pieces: Sequence[Piece], base: Font = PLAIN) -> list[str]:
        """A block's text with its inline formatting: inserted and deleted text tracked as such, and kept text
        whose formatting changed (made bold, made a link) a tracked formatting change holding the old formatting.
        A link pointing elsewhere comes deleted and inserted (`Change.pieces`: w:rPrChange holds no target), so
        rejecting all gives back the old link. Each run inside its link (`linked`): the old target's text in the
        old link, the new target's in the new."""
        out: list[tuple[str, str]] = []  # (the link's target, the run)
        for piece in pieces:
            old, new = _font(piece.old, base), _font(piece.new, base)
            if piece.op == "equal":
                out.append((piece.new.target, run(piece.text, new)))
            elif piece.op == "insert":
                out.append((piece.new.target, self.revision.wrap("ins", run(piece.text, new), self._id())))
            elif piece.op == "delete":
                out.append((piece.old.target, self.revision.wrap("del", deleted_run(piece.text, old), self._id())))
            else:
                out.append((piece.new.target,
                            restyled_run(piece.text, new, old, self.revision.attrs(self._id()))))
        return self.linked(out)

    def linked(self, runs: Sequence[tuple[str, str]]) -> list[str]:
        """Runs by the link each stands in: consecutive runs of one target one w:hyperlink, as the Word copy writes
        a link of the page (word/body.py): to an outside address (core/copybody.py `external_href`: http(s),
        mailto); a reference to a controlled document its text, as in a copy of one document (no bookmark of it
        in this file). The tracked changes stay inside the hyperlink (w:hyperlink holds w:ins and w:del)."""
        out: list[str] = []
        for target, group in groupby(runs, key=lambda r: external_href(r[0])):
            xml = [r for _, r in group]
            out += [hyperlink(xml, rid=self.file.relate("hyperlink", target, external=True))] if target else xml
        return out

    def moved(self, change: Change, pieces: Sequence[Piece], base: Font = PLAIN) -> list[str]:
        """One end of a block moved, as Word tracks a move: its runs in w:moveFrom (where it stood) or w:moveTo
        (where it went) between the range marks that name the move — both ends share the name, so Word's review
        pane reads 已移动 and accepting or rejecting the one takes the other along."""
        start, end = self.move_range(change)
        return [start, *self.moved_runs(change, pieces, base), end]

    def move_range(self, change: Change) -> tuple[str, str]:
        """The range marks around one end of a move (a paragraph's runs, or a moved table row's cells: OOXML tracks
        no row as moved, so the row is deleted or inserted and its text moved)."""
        kind = "moveFrom" if change.op == "delete" else "moveTo"
        range_id = self._id()
        return (f'<w:{kind}RangeStart {self.revision.attrs(range_id)} w:name="{change.move}"/>',
                f'<w:{kind}RangeEnd w:id="{range_id}"/>')

    def moved_runs(self, change: Change, pieces: Sequence[Piece], base: Font = PLAIN) -> list[str]:
        """The runs of one end of a move. Moved text keeps w:t (it is not deleted text): accept all drops the
        moveFrom, reject all the moveTo. Where it went, a word added on the way (`Change.pieces`) is a w:ins in the
        move's range: accepting all keeps it, rejecting all drops it with the move."""
        if change.op == "delete":  # one w:moveFrom per link (a w:hyperlink holds it, as it holds a w:del)
            return self.linked([(target, self.revision.wrap(
                "moveFrom", "".join(run(p.text, _font(p.old, base)) for p in group), self._id()))
                for target, group in groupby(pieces, key=lambda p: _moved_href(change, p))])
        out: list[tuple[str, str]] = []  # (the link's target, the run), each inside its link (`linked`)
        for piece in pieces:
            old, new = _font(piece.old, base), _font(piece.new, base)
            if piece.op == "insert":
                out.append((piece.new.target, self.revision.wrap("ins", run(piece.text, new), self._id())))
                continue
            if piece.op == "restyled":
                runs = restyled_run(piece.text, new, old, self.revision.attrs(self._id()))
            else:
                runs = run(piece.text, new)
            out.append((piece.new.target, self.revision.wrap("moveTo", runs, self._id())))
        return self.linked(out)

    def moved_mark(self, change: Change, pieces: Sequence[Piece]) -> str:
        """A moved paragraph's own mark, moved with it (w:moveFrom / w:moveTo in its w:rPr) — or deleted where it
        stood and inserted where it went when LibreOffice would keep a moved mark as an empty paragraph: after a
        word added on the way (rejecting all), or in a paragraph whose moved text holds a w:hyperlink (accepting all
        keeps the mark where it stood, rejecting all the one where it went). Its text stays one move either way."""
        linked = any(_moved_href(change, p) for p in pieces)
        if change.op == "delete":
            return self.revision.mark("del" if linked else "moveFrom", self._id())
        if linked or (pieces and pieces[-1].op == "insert"):
            return self.revision.mark("ins", self._id())
        return self.revision.mark("moveTo", self._id())

    def mark(self, op: str) -> str | None:
        """A new block's paragraph mark is inserted, a removed one's deleted: so reject/accept all leave no
        empty paragraph behind."""
        if op == "insert":
            return self.revision.mark("ins", self._id())
        if op == "delete":
            return self.revision.mark("del", self._id())
        return None


def _moved_href(change: Change, piece: Piece) -> str:
    """The outside address a moved piece links to at this end of the move (its old link where it stood, its new
    where it went), or "" where it is no w:hyperlink."""
    return external_href((piece.old if change.op == "delete" else piece.new).target)


def _font(span: Span, base: Font) -> Font:
    """The Word formatting of a run of text with this inline formatting: code is never dotted (core/emphasis.py)."""
    marks = span.marks
    code = "code" in marks and not base.code
    return dataclasses.replace(
        base, bold=base.bold or "bold" in marks, italic="italic" in marks, strike="strike" in marks,
        code=base.code or "code" in marks,
        underline="underline" in marks, mark="mark" in marks, sup="sup" in marks, sub="sub" in marks,
        link="link" in marks, east_asian=heading_font() if code else base.east_asian,
        latin=MONO if code else base.latin,
        size=page.small_pt(base.size or page.BODY_PT) if "small" in marks else base.size)


def _frame(file: WordFile, block: Block) -> Paragraph:
    """The paragraph a block is written in, as yet empty: a heading's style, a list item's indent."""
    if block.kind == "heading":
        return Paragraph(style=file.style(f"Heading {min(block.level + 1, 6)}"), keep_next=True)
    if block.kind == "item":
        return Paragraph(indent=cm(ITEM_INDENT_CM * (block.level + 1)))
    return Paragraph()


def _paragraph(file: WordFile, tracker: _Tracker, change: Change) -> Paragraph:
    block = change.block
    paragraph = _frame(file, block)
    if change.paragraph_restyled and change.old is not None:  # a heading's or list item's level: tracked
        paragraph.restyled(_frame(file, change.old), tracker.revision.attrs(tracker._id()))
    font = Font(east_asian=heading_font(), latin=MONO, code=True) if block.kind == "code" else PLAIN
    if change.move:  # a block moved: its marker and text one move, its paragraph mark moved along
        lead = tuple(Piece(seg.op, seg.text) for seg in change.marker_segments) if block.kind == "item" else ()
        pieces = lead + change.pieces()
        paragraph.content += tracker.moved(change, pieces, font)
        paragraph.mark = tracker.moved_mark(change, pieces)
        paragraph.text = True
        return paragraph
    if block.kind == "item":  # renumbered by an item added above, 1. → •: tracked
        paragraph.content += tracker.runs(change.marker_segments)
    paragraph.content += tracker.pieces(change.pieces(), font)
    # a block deleted, or the break after it inserted (a paragraph split) or deleted (joined with the next)
    paragraph.mark = tracker.mark(change.op if change.op == "delete" else change.mark)
    paragraph.text = True
    return paragraph


def _as_written(change: Change) -> list[Change]:
    """A change as tracked changes can hold it. A change of formatting — a heading's or list item's level,
    1. ↔ •, emphasis, a link — is tracked as one (w:pPrChange, the marker's text, w:rPrChange: Tracker.pieces);
    but a block whose text stayed while nothing tracked would show it (markup the comparison reads no
    formatting of), or a row whose number of cells changed, is the old block deleted and the new one inserted —
    so rejecting all gives back the old one, and the change is in the review pane."""
    old, new = change.old, change.new
    if old is None or new is None:
        return [change]
    if len(old.cells) != len(new.cells) or change.markup_unread:
        return [Change("delete", old, None), Change("insert", None, new)]
    return [change]


def _table(tracker: _Tracker, changes: Sequence[Change]) -> Table:
    """The rows of a table; rows of different widths (a column added: the old rows deleted, the new inserted)
    share one grid holding both layouts' column edges, so each row keeps its own cells when resolved."""
    total = sum(equal_widths(text_width_emu(), 1))
    counts = {max(len(c.block.cells), 1) for c in changes}
    edges = sorted({round(total * k / n) for n in counts for k in range(n + 1)})
    rows = []
    heads = head_rows(changes)
    for index, change in enumerate(changes):
        n = max(len(change.block.cells), 1)
        bounds = [edges.index(round(total * k / n)) for k in range(n + 1)]
        row = Row([Cell(edges[b] - edges[a], b - a) for a, b in zip(bounds, bounds[1:], strict=False)])
        row.header = index < heads  # the column heads again on each page, as the site's <thead> (head_rows)
        _fill_row(tracker, row, change)
        rows.append(row)
    return Table([b - a for a, b in zip(edges, edges[1:], strict=False)], rows)


def _fill_row(tracker: _Tracker, row: Row, change: Change) -> None:
    font = Font(bold=change.block.header)
    cells = list(zip(range(len(change.block.cells)), row.cells, strict=False))
    for number, cell in cells:  # cell by cell
        if change.move:  # a row moved: deleted or inserted as a row, its text moved
            cell.paragraph.content += tracker.moved_runs(change, change.pieces(number), font)
        else:
            cell.paragraph.content += tracker.pieces(change.pieces(number), font)
    if change.move and cells:  # one move range from the first cell to the last, named as the other end's
        start, end = tracker.move_range(change)
        cells[0][1].paragraph.content.insert(0, start)
        cells[-1][1].paragraph.content.append(end)
    if change.op in ("insert", "delete"):
        row.change = tracker.revision.mark("ins" if change.op == "insert" else "del", tracker._id())
    for cell in row.cells:
        cell.paragraph.space_after = 0
        cell.paragraph.text = True


def build_redline(job: RedlineJob) -> bytes:
    """The redline .docx: title, what is compared, the tracked-change body, then the 修订对照表."""
    comparison = job.comparison
    file = WordFile()
    tracker = _Tracker(Revision(job.author or job.organisation, job.date), file)
    title = Paragraph(style=file.style("Heading 1"), align="center")
    title.add(t("redline.title", title=job.title))
    meta = Paragraph(align="center")
    meta.add(f"{job.code}{t('page.gap')}{comparison.old_label} → {comparison.new_label}")
    file.body += [title, meta]
    if comparison.reason:
        reason = Paragraph()
        reason.add(t("redline.reason", reason=comparison.reason), Font(bold=True))
        file.body.append(reason)
    guide = Paragraph()
    guide.add(t("redline.guide"), Font(size=9))
    file.body.append(guide)
    rows: list[Change] = []
    for change in (written for compared in comparison.changes for written in _as_written(compared)):
        if change.block.kind == "row":
            rows.append(change)
            continue
        if rows:
            file.body.append(_table(tracker, rows))
            file.body.append(Paragraph())
            rows = []
        paragraph = _paragraph(file, tracker, change)
        if change.op == "insert" and not change.move:  # as Word records a new paragraph: the break before it is inserted,
            previous = file.body[-1]
            if isinstance(previous, Paragraph) and not previous.mark:
                previous.mark = tracker.mark("insert")
            else:  # unless that break is itself tracked: then its own, so reject all leaves no empty paragraph
                paragraph.mark = tracker.mark("insert")
        file.body.append(paragraph)
    if rows:
        file.body.append(_table(tracker, rows))
    file.body.append(Paragraph(content=['<w:r><w:br w:type="page"/></w:r>']))
    file.body.append(heading(file, t("redline.table"), 2))
    file.body.append(_change_table(file, comparison))
    properties = Properties(title=t("redline.title", title=job.title), subject=job.code, author=job.organisation,
                            keywords=f"{comparison.old_label}{REDLINE_VERSIONS}{comparison.new_label}", category=t("history.redline"),
                            date=_day(job.date))
    return file.to_bytes(section_properties(), properties)


def _change_table(file: WordFile, comparison: Comparison) -> Table | Paragraph:
    """The 修订对照表: a row per change, its texts with their superscripts and subscripts, each row kept on one
    page unless taller than the copies keep whole."""
    if not comparison.table_rows:
        none = Paragraph()
        none.add(t("redline.same"))
        return none
    widths = list(TABLE_WIDTHS_CM)
    table = grid(file, redline_heads(),
                 [(r.clause, r.before, r.after, r.note) for r in comparison.table_rows], widths)
    table.grid = [cm(w) for w in widths]
    units = [page.text_units() * w / sum(widths) for w in widths]
    for row, written in zip(table.rows[1:], comparison.table_rows, strict=True):
        texts = (written.clause, written.before, written.after, written.note)
        # a row is never divided between two pages (a change read half on one page, half on the next) unless
        # it is taller than the copies keep whole
        row.cant_split = all(text_lines(text, room) <= KEPT_ROW_LINES
                             for text, room in zip(texts, units, strict=True))
        for cell, spans in zip(row.cells[1:3], (written.before_spans, written.after_spans), strict=True):
            if spans:  # superscripts and subscripts as the copies show them (m², H₂O, a footnote's mark)
                cell.paragraph.content = [run(s.text, Font(size=GRID_PT, sup=SCRIPT_MARKS[0] in s.marks,
                                                            sub=SCRIPT_MARKS[1] in s.marks)) for s in spans]
    return table


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


