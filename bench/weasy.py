"""The PDF writer qmsdoc used before Typst (WeasyPrint, HTML and CSS paged media), kept only as the
bench's baseline: the same copy jobs, so `python -m bench` compares the two engines in one run. Not part
of the product (it needs Pango from the system). The glyph check is left out: it only makes WeasyPrint
slower."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

import weasyprint  # type: ignore[import-untyped]  # noqa: E402  (OSError where Pango is missing)
from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

from qmsdoc.core.codes import file_stem
from qmsdoc.core.copyjobs import DocumentJob, FormJob, ManualJob, manual_date
from qmsdoc.core.formhead import leaf_columns
from qmsdoc.core.formlayout import FIELDS_PER_ROW, field_rows
from qmsdoc.core.model import FormField
from qmsdoc.core.refs import rooted_path

logging.getLogger("weasyprint").setLevel(logging.ERROR)
_HEADING_FONT = "Noto Sans CJK SC"
_CSS_FAMILIES = '"Noto Serif CJK SC", "Noto Sans CJK SC"'

BLANK_COPY = "＿＿＿＿"


def stylesheet(*, landscape: bool = False) -> str:
    size = "A4 landscape" if landscape else "A4"
    return f"""
@page {{ size: {size}; margin: 40mm 18mm 20mm 18mm;
  @top-center {{ content: element(header); width: 100%; vertical-align: bottom; padding-bottom: 4mm; }}
  @bottom-center {{ content: element(footer); }} }}
@page cover {{ @top-center {{ content: none; }} }}
html {{ font-family: {_CSS_FAMILIES}; font-size: 10.5pt; line-height: 1.6; }}
h1, h2, h3, h4, h5, h6, th, .label {{ font-family: "{_HEADING_FONT}", {_CSS_FAMILIES}; }}
h1, h2, h3, h4, h5, h6 {{ bookmark-level: none; line-height: 1.3; break-after: avoid; }}
h1 {{ font-size: 16pt; }} h2 {{ font-size: 14pt; }} h3 {{ font-size: 12pt; }} h4, h5, h6 {{ font-size: 11pt; }}
.page-header {{ position: running(header); }}
.page-footer {{ position: running(footer); font-size: 9pt; text-align: center; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 0.6pt solid #000; padding: 1mm 1.5mm; vertical-align: top; }}
.page-header td {{ font-size: 9pt; }}
.page-header .org {{ text-align: center; font-size: 12pt; font-weight: bold; }}
.page-header .label {{ font-weight: bold; width: 14%; white-space: nowrap; }}
.page-number::after {{ content: "第 " counter(page) " 页 共 " counter(pages) " 页"; }}
.watermark {{ position: fixed; top: 95mm; left: 0; width: 100%; text-align: center; font-size: 110pt;
  color: rgba(160, 160, 160, 0.35); transform: rotate(-35deg); z-index: -1; }}
.doc-title {{ text-align: center; font-size: 18pt; bookmark-level: 1; bookmark-label: attr(data-bookmark); }}
.doc-meta, .notice {{ text-align: center; }}
.notice {{ font-weight: bold; }}
.member {{ break-before: page; }}
.keep {{ break-inside: avoid; }}
.keep h2 {{ margin-top: 1em; }}
img {{ max-width: 100%; }}
pre, code {{ font-family: "{_HEADING_FONT}", {_CSS_FAMILIES}; font-size: 9pt; white-space: pre-wrap; }}
.center {{ text-align: center; }}
.cover {{ page: cover; text-align: center; padding-top: 35mm; }}
.cover .org {{ font-size: 16pt; }} .cover .title {{ font-size: 26pt; font-weight: bold; margin: 8mm 0; }}
.cover table {{ width: 60%; margin: 20mm auto 0 auto; text-align: left; }}
.cover td {{ height: 9mm; vertical-align: middle; }}
.toc {{ break-before: page; }}
.toc ol {{ list-style: none; padding: 0; }}
.toc a {{ color: inherit; text-decoration: none; }}
.toc a::after {{ content: leader(".") target-counter(attr(href), page); }}
.intro {{ break-before: page; }}
.bookmark {{ bookmark-level: 1; bookmark-label: attr(data-bookmark); height: 0; }}
.form-grid td {{ height: 9mm; }}
"""


def page_header(*, organisation: str, title: str, code: str, version: str, effective: str,
                department: str) -> str:
    """The 受控文件 header table, a running element: the copy repeats it on every page after it."""
    e = escape
    return (f'<table class="page-header"><tr><td class="org" colspan="4">{e(organisation)}</td></tr>'
            f'<tr><td class="label">文件名称</td><td>{e(title)}</td>'
            f'<td class="label">文件编号</td><td>{e(code)}</td></tr>'
            f'<tr><td class="label">版本/修订</td><td>{e(version)}</td><td class="label">生效日期</td>'
            f'<td>{e(effective)}</td></tr>'
            f'<tr><td class="label">归口部门</td><td>{e(department)}</td><td class="label">页　　码</td>'
            f'<td class="page-number"></td></tr></table>')


def page_footer(*, controlled: bool, copy_number: str) -> str:
    """Exactly the text of the Word footer, so `verify` reads both the same way."""
    status = "受控" if controlled else "非受控"
    return f'<div class="page-footer">受控状态：{status}　　　分发号：{escape(copy_number or BLANK_COPY)}</div>'


def watermark(text: str | None) -> str:
    return f'<div class="watermark">{escape(text)}</div>' if text else ""


def grid(headers: Sequence[str], rows: Sequence[Sequence[str]], css_class: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def history_block(history: Sequence[tuple[str, str, str, str]]) -> str:
    rows = history or [("", "", "", "")]
    return '<div class="keep"><h2>修订记录</h2>' + grid(("版本", "日期", "修订人", "修订内容"), rows) + "</div>"


def approval_block(signoffs: Sequence[tuple[str, str, str]]) -> str:
    """The 编制/审核/批准 table with its heading, kept together (never a page holding only this)."""
    head = '<tr><th></th>' + "".join(f"<th>{escape(label)}</th>" for label, _, _ in signoffs) + "</tr>"
    by = '<tr><th>签名</th>' + "".join(f'<td class="center">{escape(b)}</td>' for _, b, _ in signoffs) + "</tr>"
    day = '<tr><th>日期</th>' + "".join(f'<td class="center">{escape(d)}</td>' for _, _, d in signoffs) + "</tr>"
    return f'<div class="keep"><h2>审批</h2><table>{head}{by}{day}</table></div>'


def page(*, title: str, code: str, version: str, organisation: str, date: str, body: str,
         landscape: bool = False) -> str:
    """A whole HTML page with the metadata WeasyPrint writes into the PDF (Title, Subject, Keywords,
    Author, and fixed creation/modification dates so two builds give the same bytes)."""
    e = escape
    stamp = f"{date}T00:00:00Z" if date else "2000-01-01T00:00:00Z"
    return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{e(title)}</title><meta name=\"author\" content=\"{e(organisation)}\">"
            f"<meta name=\"description\" content=\"{e(code)}\"><meta name=\"keywords\" content=\"{e(version)}\">"
            '<meta name="generator" content="qmsdoc">'
            f'<meta name="dcterms.created" content="{stamp}"><meta name="dcterms.modified" content="{stamp}">'
            f"<style>{stylesheet(landscape=landscape)}</style></head><body>{body}</body></html>")


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


def _header(job: DocumentJob) -> str:
    return page_header(organisation=job.organisation, title=job.title, code=job.id, version=job.version,
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
    parts += [f'<div class="body">{job.html}</div>', history_block(job.history),
              approval_block(job.signoffs), "</section>"]
    return "".join(parts)


def document_pdf(job: DocumentJob) -> bytes:
    """The PDF copy of one document."""
    body = (watermark(job.watermark) + page_footer(controlled=job.controlled, copy_number=job.copy_number)
            + _document_section(job))
    html = page(title=job.title, code=job.id, version=job.version, organisation=job.organisation,
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
        leaves = leaf_columns(job.columns)  # the benchmark's table: one header row of the leaf heads
        parts.append(grid(leaves, [["" for _ in leaves] for _ in range(job.rows)], "form-grid")
                     + "<p></p>")
    if job.signatures:
        parts.append(f'<table class="form-grid keep">{_COLUMNS}' + "".join(
            f'<tr style="height: 12mm"><th>{e(who)}</th><td></td><th>日期</th><td></td></tr>'
            for who in job.signatures) + "</table>")
    return "".join(parts)


def form_pdf(job: FormJob) -> bytes:
    """The PDF of one blank quality-record form, landscape if the form says so."""
    date = job.date.isoformat() if job.date else ""
    body = (page_footer(controlled=True, copy_number=job.copy_number)
            + page_header(organisation=job.organisation, title=job.title, code=job.id, version=job.version,
                                 effective=date or "—", department=job.owner)
            + _form_body(job))
    html = page(title=job.title, code=job.id, version=job.version, organisation=job.organisation,
                       date=date, body=body, landscape=job.landscape)
    return _render(html, key=f"{job.id}|{job.version}|{job.copy_number}")


def _cover(job: ManualJob) -> str:
    e = escape
    rows = [(label, f"{by}　{day}".strip()) for label, by, day in job.signoffs]
    rows += [("实施日期", job.effective_date), ("版　　本", job.version), ("受控状态", "受控"),
             ("分 发 号", job.copy_number or BLANK_COPY)]
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
    manual_header = page_header(organisation=job.organisation, title=job.title, code=job.id,
                                       version=job.version, effective=job.effective_date or "—",
                                       department=job.owner)
    intro = (f'<section class="intro">{manual_header}'
             f'<div class="bookmark" data-bookmark="{escape(job.title)}"></div>'
             f"{job.intro_html}{approval_block(job.signoffs)}</section>") if job.intro_html else ""
    body = (page_footer(controlled=True, copy_number=job.copy_number) + _cover(job)
            + (intro or f'<div style="break-before: page">{manual_header}</div>') + _toc(job)
            + "".join(_document_section(member, member=True) for member in job.documents))
    day = manual_date(job)
    html = page(title=job.title, code=job.id, version=job.version, organisation=job.organisation,
                       date=day.isoformat() if day else "", body=body)
    return _render(html, key=f"{job.id}|{job.version}|{job.copy_number}", assets_root=job.assets_root)
