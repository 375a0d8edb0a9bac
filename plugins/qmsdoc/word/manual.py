"""A whole manual as one Word file: cover page, the manual's own index page (scope, 发布声明) with its 修订记录
when one is kept, a 目录 whose page numbers are PAGEREF fields (LibreOffice and WPS compute them, Word refreshes
them on open), then every in-force document in a section of its own, so its pages carry its own 文件编号 and 版本."""

from __future__ import annotations

from ..core import copylabels as labels
from ..core import page
from ..core.copyjobs import ManualJob, manual_date
from .body import BodyWriter, bookmark_name
from .controlled import (
    approval_block,
    centred_title,
    history_block,
    page_footer,
    page_header,
    title_line,
    watermark_header,
)
from .document import write_document_body
from .package import Properties, WordFile
from .template import HEADER_TABLE_TOP_CM, section_properties, text_width_twips
from .wml import Font, Paragraph, Table, break_run, cm, field_runs, hyperlink, run

LINK = Font(link=True)


def _page_break() -> Paragraph:
    return Paragraph(content=[break_run("page")])


def _cover(file: WordFile, job: ManualJob) -> None:
    rows = labels.cover_rows(job.signoffs, effective=job.effective_date, version=job.version, state=job.state,
                             copy_number=job.copy_number)
    table = Table.empty(len(rows), [cm(w) for w in page.COVER_TABLE_CM], file.style("Table Grid"))
    table.align = "center"
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.height, row.at_least = cm(page.COVER_ROW_CM), False
        row.cells[0].paragraph.add(label, Font(bold=True))
        row.cells[1].paragraph.add(value)
    code = Paragraph(align="center")
    code.add(labels.manual_code(job.id))
    file.body += [*(Paragraph() for _ in range(4)), centred_title(job.organisation, size=page.COVER_LINE_PT, bold=False),
                  centred_title(job.title, size=page.COVER_TITLE_PT), code, *(Paragraph() for _ in range(3)), table]


def _contents(file: WordFile, job: ManualJob) -> None:
    """One line per document: a link to its title and a PAGEREF to the bookmark on it."""
    file.body.append(centred_title(labels.CONTENTS, size=page.COVER_LINE_PT))
    right = text_width_twips()
    for document in job.documents:
        line = Paragraph(right_tab=right)
        bookmark = bookmark_name(document.id)
        line.content += [hyperlink([run(job.contents_line(document), LINK)], anchor=bookmark),
                         run("\t"),
                         *field_runs(f"PAGEREF {bookmark} \\h", placeholder="")]
        file.body.append(line)


def build_manual(job: ManualJob) -> bytes:
    file = WordFile()
    header = page_header(file, organisation=job.organisation, title=job.title, code=job.id, version=job.version,
                         effective=job.effective_date or "—", department=job.owner, watermark=job.watermark, manual=True)
    footer = page_footer(file, controlled=job.controlled, copy_number=job.copy_number, state=job.state)
    _cover(file, job)
    if job.intro_html or job.history:
        # As the PDF's index page and a document's copy: title, the line under it, text, 修订记录, 审批.
        meta = Paragraph(align="center")
        meta.add(job.meta_line)
        file.body += [_page_break(), title_line(job.title), meta]
        BodyWriter(file, heading_offset=1, assets_root=job.assets_root or None, scope=job.id).write_html(job.intro_html)
        if job.history:  # where a document's copy shows its own: after the text it records
            history_block(file, job.history)
        approval_block(file, job.signoffs)
    file.body.append(_page_break())
    _contents(file, job)
    file.update_fields = True
    # The cover shows number and version once: the first section has no header on its first page (a copy of a
    # past day keeps its watermark and footer there: it is marked on every page).
    cover_header = watermark_header(file, job.watermark) if job.watermark else None
    section = section_properties(header=header, footer=footer, title_page=True, top_cm=HEADER_TABLE_TOP_CM,
                                 first_header=cover_header, first_footer=footer if cover_header else None)
    anchors = [d.id for d in job.documents]
    for document in job.documents:
        file.end_section(section)
        header = page_header(file, organisation=job.organisation, title=document.title, code=document.id,
                             version=document.version, effective=document.effective_date or "—",
                             department=document.department, watermark=job.watermark)
        section = section_properties(header=header, top_cm=HEADER_TABLE_TOP_CM)  # the footer carries on from the first section
        write_document_body(file, document, anchors)
    properties = Properties(title=job.title, subject=job.id, author=job.organisation, keywords=job.version,
                            category=labels.MANUAL_CATEGORY, date=manual_date(job), copy_number=job.copy_number,
                            project_id=job.project_id)
    return file.to_bytes(section, properties)
