"""A whole manual as one Word file: cover page, a 目录 TOC field Word refreshes on open, then every
document of the manual on a new page."""

from __future__ import annotations

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm

from ..core.copyjobs import ManualJob, manual_date
from .controlled import page_footer, page_header
from .document import write_document_body
from .fields import add_toc, set_table_borders, set_widths, update_fields_on_open
from .package import set_properties, to_bytes
from .styles import centred_title, setup_document


def _cover(doc: docx.document.Document, job: ManualJob) -> None:
    for _ in range(4):
        doc.add_paragraph()
    centred_title(doc, job.organisation, size=16, bold=False)
    centred_title(doc, job.title, size=26)
    code = doc.add_paragraph(f"手册编号：{job.id}")
    code.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(3):
        doc.add_paragraph()
    rows = [(label, f"{by}　{day}".strip()) for label, by, day in job.signoffs]
    rows += [("实施日期", job.effective_date), ("版　　本", job.version), ("受控状态", "受控"),
             ("修订状态", job.version), ("受 控 号", "")]
    table = doc.add_table(rows=len(rows), cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.style = doc.styles["Table Grid"]
    set_table_borders(table)
    for row, (label, value) in zip(table.rows, rows, strict=True):
        cells = row.cells
        row.height = Cm(1.0)
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
    set_widths(table, [4, 8])


def build_manual(job: ManualJob) -> bytes:
    doc = docx.Document()
    setup_document(doc)
    page_header(doc, organisation=job.organisation, title=job.title, code=job.id, version=job.version,
                effective=job.effective_date or "—", department=job.owner, watermark=None)
    page_footer(doc, controlled=True, copy_number=job.copy_number)
    _cover(doc, job)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    centred_title(doc, "目　　录", size=16)
    add_toc(doc, 'TOC \\o "1-1" \\h \\z \\u', [f"{d.id}　{d.title}" for d in job.documents])
    update_fields_on_open(doc.settings.element)
    anchors = [d.id for d in job.documents]
    for document in job.documents:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        write_document_body(doc, document, anchors)
    set_properties(doc, title=job.title, subject=job.id, author=job.organisation, keywords=job.version,
                   category="手册", date=manual_date(job))
    return to_bytes(doc)
