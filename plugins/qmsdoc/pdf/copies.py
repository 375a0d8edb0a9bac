"""PDF controlled copies of a document, a blank form and a whole manual, drawn from the same copy jobs
as the Word copies: the same header table on every page, footer, 审批 block, 修订记录 and watermark.
Two renders of one job give identical bytes (fixed dates and file identifier)."""

from __future__ import annotations

import hashlib
import logging
from html import escape
from pathlib import Path
from typing import Any

from ..core.codes import file_stem
from ..core.copyjobs import DocumentJob, FormJob, ManualJob, manual_date
from ..core.formlayout import FIELDS_PER_ROW, field_rows
from ..core.model import FormField
from ..core.refs import rooted_path
from . import layout
from .engine import URLFetcher, URLFetcherResponse, weasyprint
from .fonts import check_glyphs, html_text

logging.getLogger("weasyprint").setLevel(logging.ERROR)  # unresolvable links are expected, not news


class AssetFetcher(URLFetcher):  # type: ignore[misc]
    """Serves `qmsroot:` images from files under `assets_root` only: a copy never fetches a URL."""

    def __init__(self, assets_root: str) -> None:
        super().__init__(allowed_protocols=())
        self.root = Path(assets_root).resolve() if assets_root else None

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        relative = rooted_path(url)
        if self.root is None or relative is None:
            raise ValueError(f"PDF 副本不读取外部资源：{url}")
        path = (self.root / relative.split("?", 1)[0]).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise ValueError(f"图片不在手册文件夹内或不存在：{url}")
        return URLFetcherResponse(url, body=path.read_bytes())


def _render(html: str, *, key: str, assets_root: str = "") -> bytes:
    identifier = hashlib.sha256(key.encode()).hexdigest()[:32].encode()
    document = weasyprint.HTML(string=html, url_fetcher=AssetFetcher(assets_root))
    pdf: bytes = document.write_pdf(pdf_identifier=identifier)
    return pdf


def _job_texts(job: DocumentJob) -> list[str]:
    return [job.title, job.id, job.version, job.type_label, job.department, job.effective_date, job.organisation,
            job.notice, job.copy_number, html_text(job.html), *(v for row in job.signoffs for v in row),
            *(v for row in job.history for v in row)]


def _header(job: DocumentJob) -> str:
    return layout.page_header(organisation=job.organisation, title=job.title, code=job.id, version=job.version,
                              effective=job.effective_date or "—", department=job.department)


def _document_section(job: DocumentJob, *, member: bool = False) -> str:
    """Title, body, 修订记录 and 审批 of one document; in a manual it starts a new page with its own
    header so every page of it names this document's 文件编号 and 版本."""
    bookmark = escape(f"{job.id}　{job.title}")
    parts = [f'<section class="{"member" if member else "document"}" id="doc-{escape(file_stem(job.id))}">',
             _header(job),
             f'<h1 class="doc-title" data-bookmark="{bookmark}">{escape(job.title)}</h1>',
             f'<p class="doc-meta">{escape(job.id)}　{escape(job.version)}　{escape(job.type_label)}</p>']
    if job.notice:
        parts.append(f'<p class="notice">{escape(job.notice)}</p>')
    parts += [f'<div class="body">{job.html}</div>', layout.history_block(job.history),
              layout.approval_block(job.signoffs), "</section>"]
    return "".join(parts)


def document_pdf(job: DocumentJob) -> bytes:
    """The PDF copy of one document."""
    check_glyphs(f"文件 {job.id}", _job_texts(job))
    body = (layout.watermark(job.watermark) + layout.page_footer(controlled=job.controlled, copy_number=job.copy_number)
            + _document_section(job))
    html = layout.page(title=job.title, code=job.id, version=job.version, organisation=job.organisation,
                       date=job.approval_date.isoformat() if job.approval_date else "", body=body)
    return _render(html, key=f"{job.id}|{job.version}|{job.copy_number}", assets_root=job.assets_root)


# label and writing space, FIELDS_PER_ROW times across the page
_COLUMNS = "<colgroup>" + '<col style="width: 16%"><col>' * FIELDS_PER_ROW + "</colgroup>"


def _form_body(job: FormJob) -> str:
    e = escape
    info = f"编号：{job.id}　　版本：{job.version}　　归口文件：{job.owner}"
    info += f"　　保存期限：{job.retention}" if job.retention else ""
    rows = []
    for row in field_rows([FormField(label, lines, width) for label, lines, width in job.fields]):
        style = f' style="height: {9 * row.lines}mm"'
        if row.full:
            cells = f'<th>{e(row.fields[0].label)}</th><td colspan="{2 * FIELDS_PER_ROW - 1}"></td>'
        else:
            cells = "".join(f"<th>{e(f.label)}</th><td></td>" for f in row.fields)
            cells += "<td></td><td></td>" * (FIELDS_PER_ROW - len(row.fields))
        rows.append(f"<tr{style}>{cells}</tr>")
    parts = [f'<h1 class="doc-title" data-bookmark="{e(job.id)}　{e(job.title)}">{e(job.title)}</h1>',
             f'<p class="doc-meta" style="font-size: 9pt">{e(info)}</p>',
             f'<table class="form-grid">{_COLUMNS}{"".join(rows)}</table><p></p>']
    if job.columns:
        parts.append(layout.grid(job.columns, [["" for _ in job.columns] for _ in range(job.rows)], "form-grid")
                     + "<p></p>")
    if job.signatures:
        parts.append(f'<table class="form-grid keep">{_COLUMNS}' + "".join(
            f'<tr style="height: 12mm"><th>{e(who)}</th><td></td><th>日期</th><td></td></tr>'
            for who in job.signatures) + "</table>")
    return "".join(parts)


def form_pdf(job: FormJob) -> bytes:
    """The PDF of one blank quality-record form, landscape if the form says so."""
    texts = [job.title, job.id, job.version, job.owner, job.retention, job.organisation, job.copy_number,
             *job.columns, *job.signatures, *(label for label, _, _ in job.fields)]
    check_glyphs(f"表单 {job.id}", texts)
    date = job.date.isoformat() if job.date else ""
    body = (layout.page_footer(controlled=True, copy_number=job.copy_number)
            + layout.page_header(organisation=job.organisation, title=job.title, code=job.id, version=job.version,
                                 effective=date or "—", department=job.owner)
            + _form_body(job))
    html = layout.page(title=job.title, code=job.id, version=job.version, organisation=job.organisation,
                       date=date, body=body, landscape=job.landscape)
    return _render(html, key=f"{job.id}|{job.version}|{job.copy_number}")


def _cover(job: ManualJob) -> str:
    e = escape
    rows = [(label, f"{by}　{day}".strip()) for label, by, day in job.signoffs]
    rows += [("实施日期", job.effective_date), ("版　　本", job.version), ("受控状态", "受控"),
             ("分 发 号", job.copy_number or layout.BLANK_COPY)]
    table = "".join(f'<tr><td class="label">{e(k)}</td><td>{e(v)}</td></tr>' for k, v in rows)
    return (f'<section class="cover"><p class="org">{e(job.organisation)}</p><p class="title">{e(job.title)}</p>'
            f"<p>手册编号：{e(job.id)}</p><table>{table}</table></section>")


def _toc(job: ManualJob) -> str:
    items = "".join(f'<li><a href="#doc-{escape(file_stem(d.id))}">{escape(d.id)}　{escape(d.title)}</a></li>'
                    for d in job.documents)
    return (f'<section class="toc"><h1 class="doc-title" data-bookmark="目录">目　　录</h1>'
            f"<ol>{items}</ol></section>")


def manual_pdf(job: ManualJob) -> bytes:
    """The whole manual: cover, the manual's own index page (scope, 发布声明), a 目录 with page numbers,
    then every in-force document on new pages under its own header; PDF bookmarks for each."""
    check_glyphs(f"手册 {job.id}", [job.title, job.id, job.version, job.owner, job.effective_date,
                                    job.organisation, job.copy_number, html_text(job.intro_html),
                                    *(v for row in job.signoffs for v in row)])
    for member in job.documents:
        check_glyphs(f"手册 {job.id} 中的文件 {member.id}", _job_texts(member))
    manual_header = layout.page_header(organisation=job.organisation, title=job.title, code=job.id,
                                       version=job.version, effective=job.effective_date or "—",
                                       department=job.owner)
    intro = (f'<section class="intro">{manual_header}'
             f'<div class="bookmark" data-bookmark="{escape(job.title)}"></div>'
             f"{job.intro_html}{layout.approval_block(job.signoffs)}</section>") if job.intro_html else ""
    body = (layout.page_footer(controlled=True, copy_number=job.copy_number) + _cover(job)
            + (intro or f'<div style="break-before: page">{manual_header}</div>') + _toc(job)
            + "".join(_document_section(member, member=True) for member in job.documents))
    day = manual_date(job)
    html = layout.page(title=job.title, code=job.id, version=job.version, organisation=job.organisation,
                       date=day.isoformat() if day else "", body=body)
    return _render(html, key=f"{job.id}|{job.version}|{job.copy_number}", assets_root=job.assets_root)
