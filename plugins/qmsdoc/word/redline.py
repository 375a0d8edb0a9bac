"""A comparison (core/compare.py) as a Word redline: the newer version's text with every difference a real
tracked change (w:ins / w:del with author and date — the 修订 of Word, WPS and LibreOffice), so reviewers
step through them in the review pane; accepting all gives the new text, rejecting all the old. After it,
the 修订对照表 (条款 / 修订前 / 修订后 / 修订说明) from the same changes, as plain text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.compare import REDLINE_VERSIONS, Block, Change, Comparison, Segment, inline_diff, redline_heads
from ..core.i18n import t
from .controlled import grid, heading
from .package import Properties, WordFile
from .template import section_properties, text_width_emu
from .wml import PLAIN, Cell, Font, Paragraph, Revision, Row, Table, cm, deleted_run, equal_widths, run

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
    """Writes segments as runs, wrapping inserted and deleted text in tracked changes with fresh ids."""

    def __init__(self, revision: Revision) -> None:
        self.revision = revision
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

    def whole(self, op: str, text: str, font: Font = PLAIN) -> list[str]:
        """A block's text all inserted, all deleted or unchanged."""
        if op == "insert":
            return self.runs([Segment("insert", text)], font)
        if op == "delete":
            return self.runs([Segment("delete", text)], font)
        return [run(text, font)] if text else []

    def mark(self, op: str) -> str | None:
        """A new block's paragraph mark is inserted, a removed one's deleted: so reject/accept all leave no
        empty paragraph behind."""
        if op == "insert":
            return self.revision.mark("ins", self._id())
        if op == "delete":
            return self.revision.mark("del", self._id())
        return None


def _paragraph(file: WordFile, tracker: _Tracker, change: Change) -> Paragraph:
    block = change.block
    if block.kind == "heading":
        paragraph = Paragraph(style=file.style(f"Heading {min(block.level + 1, 6)}"), keep_next=True)
    else:
        paragraph = Paragraph()
    if block.kind == "item":
        paragraph.indent = cm(ITEM_INDENT_CM * (block.level + 1))
        if change.old is not None and change.new is not None:  # renumbered by an item added above: tracked
            paragraph.content += tracker.runs(inline_diff(_marker(change.old), _marker(change.new)))
        else:
            paragraph.content += tracker.whole(change.op, _marker(block))
    font = Font(east_asian="Consolas", latin="Consolas") if block.kind == "code" else PLAIN
    if change.op == "replace":
        paragraph.content += tracker.runs(change.segments, font)
    else:
        paragraph.content += tracker.whole(change.op, block.text, font)
    paragraph.mark = tracker.mark(change.op) if change.op == "delete" else None
    paragraph.text = True
    return paragraph


def _marker(block: Block) -> str:
    return f"{block.marker} " if block.marker else ""


def _as_written(change: Change) -> list[Change]:
    """A change as tracked changes can hold it: a block whose text stayed but whose level, numbering or
    inline markup changed, or a row whose number of cells changed, is the old block deleted and the new one
    inserted — so rejecting all gives back the old one, and the change is in the review pane."""
    old, new = change.old, change.new
    if old is not None and new is not None and (change.restyled or len(old.cells) != len(new.cells)):
        return [Change("delete", old, None), Change("insert", None, new)]
    return [change]


def _table(tracker: _Tracker, changes: Sequence[Change]) -> Table:
    """The rows of a table; rows of different widths (a column added: the old rows deleted, the new inserted)
    share one grid holding both layouts' column edges, so each row keeps its own cells when resolved."""
    total = sum(equal_widths(text_width_emu(), 1))
    counts = {max(len(c.block.cells), 1) for c in changes}
    edges = sorted({round(total * k / n) for n in counts for k in range(n + 1)})
    rows = []
    for change in changes:
        n = max(len(change.block.cells), 1)
        bounds = [edges.index(round(total * k / n)) for k in range(n + 1)]
        row = Row([Cell(edges[b] - edges[a], b - a) for a, b in zip(bounds, bounds[1:], strict=False)])
        _fill_row(tracker, row, change)
        rows.append(row)
    return Table([b - a for a, b in zip(edges, edges[1:], strict=False)], rows)


def _fill_row(tracker: _Tracker, row: Row, change: Change) -> None:
    block = change.block
    font = Font(bold=block.header)
    if change.op == "replace":  # the same number of cells (_as_written): changed cell by cell
        for cell, segments in zip(row.cells, change.cell_segments, strict=False):
            cell.paragraph.content += tracker.runs(segments, font)
    else:
        for cell, text in zip(row.cells, block.cells, strict=False):
            cell.paragraph.content += tracker.whole(change.op, text, font)
        if change.op in ("insert", "delete"):
            row.change = tracker.revision.mark("ins" if change.op == "insert" else "del", tracker._id())
    for cell in row.cells:
        cell.paragraph.space_after = 0
        cell.paragraph.text = True


def build_redline(job: RedlineJob) -> bytes:
    """The redline .docx: title, what is compared, the tracked-change body, then the 修订对照表."""
    comparison = job.comparison
    file = WordFile()
    tracker = _Tracker(Revision(job.author or job.organisation, job.date))
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
        if change.op == "insert":  # as Word records a new paragraph: the break before it is inserted,
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
    if comparison.table_rows:
        widths = list(TABLE_WIDTHS_CM)
        table = grid(file, redline_heads(),
                     [(r.clause, r.before, r.after, r.note) for r in comparison.table_rows], widths)
        table.grid = [cm(w) for w in widths]
        file.body.append(table)
    else:
        none = Paragraph()
        none.add(t("redline.same"))
        file.body.append(none)
    properties = Properties(title=t("redline.title", title=job.title), subject=job.code, author=job.organisation,
                            keywords=f"{comparison.old_label}{REDLINE_VERSIONS}{comparison.new_label}", category=t("history.redline"),
                            date=_day(job.date))
    return file.to_bytes(section_properties(), properties)


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


