"""The HTML of a PDF copy: the running 受控 page header and footer, the watermark, the 修订记录 and
审批 tables, and the stylesheet. Every piece of job text is HTML-escaped here; the body HTML comes
already sanitised from the one Markdown render."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .fonts import CSS_FAMILIES, HEADING_FONT

BLANK_COPY = "＿＿＿＿"


def stylesheet(*, landscape: bool = False) -> str:
    size = "A4 landscape" if landscape else "A4"
    return f"""
@page {{ size: {size}; margin: 40mm 18mm 20mm 18mm;
  @top-center {{ content: element(header); width: 100%; vertical-align: bottom; padding-bottom: 4mm; }}
  @bottom-center {{ content: element(footer); }} }}
@page cover {{ @top-center {{ content: none; }} }}
html {{ font-family: {CSS_FAMILIES}; font-size: 10.5pt; line-height: 1.6; }}
h1, h2, h3, h4, h5, h6, th, .label {{ font-family: "{HEADING_FONT}", {CSS_FAMILIES}; }}
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
pre, code {{ font-family: "{HEADING_FONT}", {CSS_FAMILIES}; font-size: 9pt; white-space: pre-wrap; }}
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
