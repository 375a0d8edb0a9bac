"""One controlled document as a Word copy."""

from __future__ import annotations

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..core.copyjobs import DocumentJob
from .body import BodyWriter, add_document_bookmark
from .controlled import approval_block, history_block, page_footer, page_header
from .package import set_properties, to_bytes
from .styles import new_document


def write_document_body(doc: docx.document.Document, job: DocumentJob, anchors: list[str] | None = None) -> None:
    """Title, body, 修订记录 and 审批: shared by the single copy and the whole-manual export.
    `anchors`: the documents of a whole-manual file, in order (their titles are bookmarked and
    `[[ID]]` references to them become internal links)."""
    title = doc.add_heading(job.title, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if anchors and job.id in anchors:
        add_document_bookmark(title, job.id, anchors.index(job.id) + 1)
    meta = doc.add_paragraph(f"{job.id}　{job.version}　{job.type_label}")
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if job.notice:
        notice = doc.add_paragraph()
        notice.add_run(job.notice).bold = True
        notice.alignment = WD_ALIGN_PARAGRAPH.CENTER
    BodyWriter(doc, heading_offset=1, anchors=set(anchors or ()), assets_root=job.assets_root).write_html(job.html)
    history_block(doc, job.history)
    approval_block(doc, job.signoffs)


def build_document(job: DocumentJob) -> bytes:
    doc = new_document()
    page_header(doc, organisation=job.organisation, title=job.title, code=job.id, version=job.version,
                effective=job.effective_date or "—", department=job.department, watermark=job.watermark)
    page_footer(doc, controlled=job.controlled, copy_number=job.copy_number)
    write_document_body(doc, job)
    set_properties(doc, title=job.title, subject=job.id, author=job.organisation, keywords=job.version,
                   category=job.type_label, date=job.approval_date)
    return to_bytes(doc)
