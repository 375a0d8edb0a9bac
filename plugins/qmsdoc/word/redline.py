"""A comparison (core/compare.py) as a Word redline: the newer version's text with every difference a real
tracked change (w:ins / w:del with author and date — the 修订 of Word, WPS and LibreOffice), so reviewers
step through them in the review pane; accepting all gives the new text, rejecting all the old. After it,
the 修订对照表 (条款 / 修订前 / 修订后 / 修订说明) from the same changes, as plain text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.compare import REDLINE_VERSIONS, Change, Comparison, Segment, redline_heads
from ..core.i18n import t
from .controlled import grid, heading
from .package import Properties, WordFile
from .template import section_properties, text_width_emu
from .wml import PLAIN, Font, Paragraph, Revision, Row, Table, cm, deleted_run, equal_widths, run

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
        if block.marker:  # as the page's redline shows it; a changed item keeps its marker untracked
            paragraph.content += tracker.whole("equal" if change.op == "replace" else change.op, f"{block.marker} ",
                                               PLAIN)
    font = Font(east_asian="Consolas", latin="Consolas") if block.kind == "code" else PLAIN
    if change.op == "replace":
        paragraph.content += tracker.runs(change.segments, font)
    else:
        paragraph.content += tracker.whole(change.op, block.text, font)
    paragraph.mark = tracker.mark(change.op) if change.op == "delete" else None
    paragraph.text = True
    return paragraph


def _table(tracker: _Tracker, changes: Sequence[Change]) -> Table:
    columns = max(len(c.block.cells) for c in changes) or 1
    widths = equal_widths(text_width_emu(), columns)
    table = Table.empty(len(changes), widths)
    for row, change in zip(table.rows, changes, strict=True):
        _fill_row(tracker, row, change, widths)
    return table


def _fill_row(tracker: _Tracker, row: Row, change: Change, widths: list[int]) -> None:
    block = change.block
    font = Font(bold=block.header)
    if change.op == "replace" and change.cell_segments:
        for cell, segments in zip(row.cells, change.cell_segments, strict=False):
            cell.paragraph.content += tracker.runs(segments, font)
    elif change.op == "replace":  # the number of cells changed: the old row out, the new row in
        first = row.cells[0]
        first.paragraph.content += tracker.runs(change.segments, font)
        if len(row.cells) > 1:
            merged = sum(widths)
            first.width, first.span = merged, len(row.cells)
            del row.cells[1:]
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
    for change in comparison.changes:
        if change.block.kind == "row":
            rows.append(change)
            continue
        if rows:
            file.body.append(_table(tracker, rows))
            file.body.append(Paragraph())
            rows = []
        if change.op == "insert":  # as Word records a new paragraph: the break before it is inserted
            previous = file.body[-1]
            if not isinstance(previous, Paragraph) or previous.mark:
                previous = Paragraph()
                file.body.append(previous)
            previous.mark = tracker.mark("insert")
        file.body.append(_paragraph(file, tracker, change))
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


