"""One blank quality-record form as a printable Word file: header, field grid sized for handwriting,
repeating rows and signature rows."""

from __future__ import annotations

from collections.abc import Sequence

from ..core import copylabels, page
from ..core.copyjobs import FormJob
from ..core.formhead import HeadCell, head_rows, head_widths, leaf_columns
from ..core.formlayout import (
    BODY_TOP_CM,
    FIELD_LINE_CM,
    FIELDS_PER_ROW,
    SIGNATURE_ROW_CM,
    TABLE_ROW_CM,
    block_gap_cm,
    field_rows,
    kept_rows,
    label_width_cm,
)
from ..core.model import FormField
from .controlled import GRID_PT, fill, grid, page_footer, title_line
from .package import Properties, WordFile
from .template import section_properties
from .wml import Cell, Font, Paragraph, Row, Table, cm, watermark_run


def _label(cell: Cell, text: str) -> None:
    fill(cell, text, bold=True, size=10.5)


def _gap(height_cm: float) -> Paragraph:
    """The empty paragraph between two tables, formlayout.block_gap_cm tall (Word would join the tables)."""
    return Paragraph(space_after=0, exact_line=round(height_cm / 2.54 * 1440))


def _keep_with_signatures(table: Table, gap: Paragraph, sign: Table) -> None:
    """The table's last formlayout.kept_rows rows, the gap and every signature row but the last keep with what
    follows them (w:keepNext), so a page break never leaves the signature rows alone on a page."""
    for row in table.rows[len(table.rows) - kept_rows(len(table.rows)):]:
        for cell in row.cells:
            for paragraph in cell.paragraphs():
                paragraph.keep_next = True
    gap.keep_next = True
    for row in sign.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs():
                paragraph.keep_next = True


def _pair_widths(landscape: bool, labels: list[str]) -> list[int]:
    """Label, field, label, field: labels as wide as the longest one needs (at least 3.2 cm), the fields
    share the rest of the line."""
    usable = page.text_width_cm(landscape)
    label = label_width_cm(labels, usable / 2)
    return [cm(w) for w in (label, usable / 2 - label, label, usable / 2 - label)]


def _group_heads(table: Table, top: Sequence[HeadCell]) -> None:
    """Put the groups' header row (formhead.head_rows) above the leaf heads `grid` wrote: a group's label merged
    across its columns (w:gridSpan), an ungrouped head merged down both rows (w:vMerge); both rows repeat on each
    page the table runs onto."""
    below = table.rows[0]
    above = Row([Cell(cell.width) for cell in below.cells], header=True)
    table.rows.insert(0, above)
    for cell in reversed(top):  # right to left: merging a group leaves the places of those before it as they are
        if cell.rowspan > 1:
            above.cells[cell.first].merge, below.cells[cell.first].merge = "restart", "continue"
            above.cells[cell.first].middle = True
            below.cells[cell.first].blocks = [Paragraph(space_after=0, keep_next=True)]
        else:
            table.merge_row(0, cell.first, cell.first + cell.colspan - 1)
        fill(above.cells[cell.first], cell.label, bold=True, size=GRID_PT, center=True).keep_next = True


def build_form(job: FormJob) -> bytes:
    file = WordFile()
    head = Paragraph(style=file.style("Header"), align="right")
    head.add(copylabels.form_header(job.organisation, job.id, job.version), Font(size=page.SMALL_PT))
    if job.watermark:
        head.content.append(watermark_run(job.watermark))
    header = file.add_header([head])
    footer = page_footer(file, controlled=job.controlled, copy_number=job.copy_number, paged=True)

    info = Paragraph()
    info.add(copylabels.form_info(job.id, job.version, job.owner, job.retention), Font(size=page.SMALL_PT))
    file.body += [title_line(job.title), info]  # as the PDF form's (layout.title_block)
    if job.notice:
        notice = Paragraph(align="center")
        notice.add(job.notice, Font(bold=True))
        file.body.append(notice)

    rows = field_rows([FormField(label, lines, width) for label, lines, width in job.fields])
    labels = [label for label, _, _ in job.fields] + list(job.signatures)
    fields = Table.empty(len(rows), _pair_widths(job.landscape, labels), file.style("Table Grid"))
    assert len(fields.grid) == 2 * FIELDS_PER_ROW
    for index, (row, layout) in enumerate(zip(fields.rows, rows, strict=True)):
        row.height = cm(FIELD_LINE_CM * layout.lines)
        row.cant_split = True
        if layout.full:
            _label(row.cells[0], layout.fields[0].label)
            fields.merge_row(index, 1, len(row.cells) - 1)
        else:
            for position, field in enumerate(layout.fields):
                _label(row.cells[position * 2], field.label)
    gap_cm = block_gap_cm(job)
    last, gap = fields, _gap(gap_cm)
    file.body += [fields, gap]

    if job.columns:
        usable = page.text_width_cm(job.landscape)
        widths = [usable * share for share in head_widths(job.columns, page.text_units(job.landscape))]
        leaves = leaf_columns(job.columns)
        last = grid(file, leaves, [["" for _ in leaves] for _ in range(job.rows)], widths,
                    min_height_cm=TABLE_ROW_CM, landscape=job.landscape)
        heads = head_rows(job.columns)
        if len(heads) > 1:
            _group_heads(last, heads[0])
        for row in last.rows:
            row.cant_split = True
        gap = _gap(gap_cm)
        file.body += [last, gap]

    if job.signatures:
        sign = Table.empty(len(job.signatures), _pair_widths(job.landscape, labels), file.style("Table Grid"))
        for row, who in zip(sign.rows, job.signatures, strict=True):
            row.height = cm(SIGNATURE_ROW_CM)
            row.cant_split = True
            _label(row.cells[0], who)
            _label(row.cells[2], copylabels.DATE)
        _keep_with_signatures(last, gap, sign)
        file.body.append(sign)
    properties = Properties(title=job.title, subject=job.id, author=job.organisation, keywords=job.version,
                            category=copylabels.FORM_CATEGORY, date=job.date, copy_number=job.copy_number,
                            project_id=job.project_id)
    section = section_properties(header=header, footer=footer, landscape=job.landscape, top_cm=BODY_TOP_CM)
    return file.to_bytes(section, properties)
