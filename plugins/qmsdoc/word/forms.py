"""One blank quality-record form as a printable Word file: header, field grid sized for handwriting,
repeating rows and signature rows."""

from __future__ import annotations

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..core.copyjobs import FormJob
from ..core.formlayout import FIELDS_PER_ROW, field_rows
from ..core.model import FormField
from .controlled import grid, page_footer
from .fields import set_table_borders, set_widths
from .package import set_properties, to_bytes
from .styles import centred_title, new_document

LINE_HEIGHT_CM = 0.9


def _label(cell: object, text: str) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(10.5)


def build_form(job: FormJob) -> bytes:
    doc = new_document(landscape=job.landscape)
    head = doc.sections[0].header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    head.add_run(f"{job.organisation}　表单编号：{job.id}　版本：{job.version}").font.size = Pt(9)
    page_footer(doc, controlled=True, copy_number=job.copy_number)

    centred_title(doc, job.title, size=18)
    info = doc.add_paragraph(f"编号：{job.id}　　版本：{job.version}　　归口文件：{job.owner}"
                             + (f"　　保存期限：{job.retention}" if job.retention else ""))
    info.runs[0].font.size = Pt(9)

    rows = field_rows([FormField(label, lines, width) for label, lines, width in job.fields])
    table = doc.add_table(rows=len(rows), cols=2 * FIELDS_PER_ROW)
    table.style = doc.styles["Table Grid"]
    set_table_borders(table)
    for row, layout in zip(table.rows, rows, strict=True):
        cells = row.cells
        row.height = Cm(LINE_HEIGHT_CM * layout.lines)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        if layout.full:
            _label(cells[0], layout.fields[0].label)
            cells[1].merge(cells[-1])
        else:
            for index, field in enumerate(layout.fields):
                _label(cells[index * 2], field.label)
    usable = 25.3 if job.landscape else 16.6
    set_widths(table, [3.2, usable / 2 - 3.2, 3.2, usable / 2 - 3.2])
    doc.add_paragraph()

    if job.columns:
        grid(doc, job.columns, [["" for _ in job.columns] for _ in range(job.rows)], min_height_cm=0.8)
        doc.add_paragraph()

    if job.signatures:
        sign = doc.add_table(rows=len(job.signatures), cols=4)
        sign.style = doc.styles["Table Grid"]
        set_table_borders(sign)
        for row, who in zip(sign.rows, job.signatures, strict=True):
            cells = row.cells
            row.height = Cm(1.2)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            _label(cells[0], who)
            _label(cells[2], "日期")
        set_widths(sign, [3.2, usable / 2 - 3.2, 3.2, usable / 2 - 3.2])
    set_properties(doc, title=job.title, subject=job.id, author=job.organisation, keywords=job.version,
                   category="质量记录表单", date=job.date)
    return to_bytes(doc)
