"""One controlled document as a Word copy."""

from __future__ import annotations

from ..core.copyjobs import DocumentJob
from .body import BodyWriter, add_bookmark
from .controlled import approval_block, history_block, page_footer, page_header
from .package import Properties, WordFile
from .template import HEADER_TABLE_TOP_CM, section_properties
from .wml import Font, Paragraph


def write_document_body(file: WordFile, job: DocumentJob, anchors: list[str] | None = None) -> None:
    """Title, body, 修订记录 and 审批: shared by the single copy and the whole-manual export.
    `anchors`: the documents of a whole-manual file, in order (their titles are bookmarked and
    `[[ID]]` references to them become internal links)."""
    title = Paragraph(style=file.style("Heading 1"), align="center")
    title.add(job.title)
    if anchors and job.id in anchors:
        add_bookmark(title, job.id, anchors.index(job.id) + 1)
    meta = Paragraph(align="center")
    meta.add(job.meta_line)
    file.body += [title, meta]
    if job.notice:
        notice = Paragraph(align="center")
        notice.add(job.notice, Font(bold=True))
        file.body.append(notice)
    BodyWriter(file, heading_offset=1, anchors=set(anchors or ()), assets_root=job.assets_root,
               scope=job.id).write_html(job.html)
    history_block(file, job.history)
    approval_block(file, job.signoffs)


def document_properties(job: DocumentJob) -> Properties:
    return Properties(title=job.title, subject=job.id, author=job.organisation, keywords=job.version,
                      category=job.type_label, date=job.approval_date, copy_number=job.copy_number,
                      project_id=job.project_id)


def build_document(job: DocumentJob) -> bytes:
    file = WordFile()
    header = page_header(file, organisation=job.organisation, title=job.title, code=job.id, version=job.version,
                         effective=job.effective_date or "—", department=job.department, watermark=job.watermark)
    footer = page_footer(file, controlled=job.controlled, copy_number=job.copy_number)
    write_document_body(file, job)
    return file.to_bytes(section_properties(header=header, footer=footer, top_cm=HEADER_TABLE_TOP_CM), document_properties(job))
