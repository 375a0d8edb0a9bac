"""A whole manual as one Word file: cover page, the manual's own index page (scope, 发布声明), a 目录
whose page numbers are PAGEREF fields (LibreOffice and WPS compute them, Word refreshes them on open),
then every in-force document in a section of its own, so its pages carry its own 文件编号 and 版本."""

from __future__ import annotations

import docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Emu

from ..core.copyjobs import DocumentJob, ManualJob, manual_date
from .body import BodyWriter
from .controlled import page_footer, page_header
from .document import write_document_body
from .fields import add_field, set_table_borders, set_widths, update_fields_on_open
from .package import set_properties, to_bytes
from .richxml import bookmark_name, wrap_hyperlink
from .styles import centred_title, new_document

BLANK_COPY = "＿＿＿＿"


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
             ("分 发 号", job.copy_number or BLANK_COPY)]
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


def _contents(doc: docx.document.Document, documents: tuple[DocumentJob, ...]) -> None:
    """One line per document: a link to its title and a PAGEREF to the bookmark on it."""
    centred_title(doc, "目　　录", size=16)
    section = doc.sections[-1]
    right = Emu((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))
    for document in documents:
        line = doc.add_paragraph()
        line.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        line.add_run(f"{document.id}　{document.title}")
        wrap_hyperlink(line, 1 if line._p.pPr is not None else 0, anchor=bookmark_name(document.id))
        line.add_run("\t")
        add_field(line, f"PAGEREF {bookmark_name(document.id)} \\h", placeholder="")


def build_manual(job: ManualJob) -> bytes:
    doc = new_document()
    page_header(doc, organisation=job.organisation, title=job.title, code=job.id, version=job.version,
                effective=job.effective_date or "—", department=job.owner, watermark=None)
    page_footer(doc, controlled=True, copy_number=job.copy_number)
    doc.sections[0].different_first_page_header_footer = True  # the cover shows number and version once
    _cover(doc, job)
    if job.intro_html:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        centred_title(doc, job.title, size=16)
        BodyWriter(doc, heading_offset=1, assets_root=job.assets_root or None).write_html(job.intro_html)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _contents(doc, job.documents)
    update_fields_on_open(doc.settings.element)
    anchors = [d.id for d in job.documents]
    for document in job.documents:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False  # only the cover (section 0) has no header
        page_header(doc, organisation=job.organisation, title=document.title, code=document.id,
                    version=document.version, effective=document.effective_date or "—",
                    department=document.department, watermark=None, section=section)
        write_document_body(doc, document, anchors)
    set_properties(doc, title=job.title, subject=job.id, author=job.organisation, keywords=job.version,
                   category="手册", date=manual_date(job))
    return to_bytes(doc)
