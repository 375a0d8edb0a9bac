"""HTML for the controlled-document pages. Links are written as `qms:ID` (a document or form) or
`qmsroot:PATH` (a site file) and turned into relative URLs per page by the plugin."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from html import escape

from ..core.distribution import CopyEntry, Recall
from ..core.formlayout import FIELDS_PER_ROW, LINE_HEIGHT_EM, field_rows
from ..core.model import SIGNOFF_LABELS, Document, Form, Manual, Signoff, Target
from ..core.paths import DOCX_DIR, PDF_DIR, copy_relative, docx_relative
from ..core.refs import ref_href, reference_html, root_href


def ref(target: Target, *, version: bool = True) -> str:
    return reference_html(target.id, target.title, str(target.version or "") if version else "")


def docx_href(target: Target) -> str:
    return root_href(f"{DOCX_DIR}/" + docx_relative(target.id, form=isinstance(target, Form)))


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def _signoff(signoff: Signoff | None) -> str:
    if signoff is None:
        return "—"
    return f"{escape(signoff.by)}<br><small>{_date(signoff.date)}</small>"


def _status(status: str, label: str) -> str:
    return f'<span class="qms-status qms-status-{escape(status)}">{escape(label)}</span>'


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], css: str = "") -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    cards = "qms-blank" not in css  # listings fold into labelled cards on phones; blank forms stay tables
    labels = [f' data-label="{h}"' if h and cards else "" for h in headers]
    body = "".join("<tr>" + "".join(f"<td{label}>{cell}</td>" for label, cell in zip(labels, row, strict=False))
                   + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def banners(document: Document, successor: Document | None, today: dt.date) -> str:
    out = []
    if document.status.is_obsolete:
        repl = f"，由 {ref(successor)} 替代" if successor else ""
        out.append(f'<div class="qms-banner qms-banner-obsolete" role="alert"><strong>作废</strong> 本文件已作废{repl}。'
                   "仅供查阅，不得用于指导工作。</div>")
    elif document.status.is_unapproved:
        out.append(f'<div class="qms-banner qms-banner-draft" role="alert"><strong>草稿</strong> 本文件为{escape(document.status_label)}'
                   "版本，仅供预览，尚未批准生效，不得用于指导工作。</div>")
    due = document.next_review
    if document.review_overdue(today):
        out.append(f'<div class="qms-banner qms-banner-review" role="alert"><strong>评审逾期</strong> 本文件应于 {due} '
                   "前完成定期评审，请质量管理部尽快组织评审。</div>")
    return "".join(out)


def control_block(document: Document, with_docx: bool, history_href: str | None = None, *,
                  superseded_by: str | None = None) -> str:
    """The control block; `superseded_by` (a version) for the page of an earlier version."""
    signoff_heads = "".join(f"<th>{label}</th>" for _, label in SIGNOFF_LABELS)
    signoff_cells = "".join(f"<td>{_signoff(document.signoffs.get(key))}</td>" for key, _ in SIGNOFF_LABELS)
    manual = document.manual
    links = []
    obsolete = document.status.is_obsolete
    if with_docx:
        what = "下载作废文件副本（仅供查阅，非现行）" if obsolete else "下载 Word 受控副本"
        links.append(f'<a href="{docx_href(document)}" download>{what}'
                     f"（{escape(document.id)} {escape(str(document.version or ''))}）</a>")
    if history_href:
        links.append(f'<a class="qms-history-link" href="{history_href}">版本历史与差异</a>')
    download = f'<p class="qms-download" data-search-exclude>{"　".join(links)}</p>' if links else ""
    status = (f'<span class="qms-status qms-status-superseded">历史版本（已被 {escape(superseded_by)} 替代）</span>'
              if superseded_by else _status(document.status, document.status_label))
    return (
        f'<table class="qms-control" data-doc-id="{escape(document.id)}" data-version="{escape(str(document.version or ""))}"'
        f' data-search-exclude><tbody>'
        f"<tr><th>文件编号</th><td class=\"qms-id\">{escape(document.id)}</td><th>版本</th>"
        f"<td class=\"qms-version\">{escape(str(document.version or '—'))}</td></tr>"
        f"<tr><th>文件名称</th><td colspan=\"3\">{escape(document.title)}</td></tr>"
        f"<tr><th>状态</th><td>{status}</td><th>生效日期</th>"
        f"<td>{_date(document.effective_date)}</td></tr>"
        f"<tr><th>归口部门</th><td>{escape(document.department)}</td>"
        + (f"<th>作废日期</th><td>{_date(document.withdrawn)}</td></tr>" if obsolete else
           "<th>下次评审</th><td>—</td></tr>" if superseded_by else
           f"<th>下次评审</th><td>{_date(document.next_review)}</td></tr>") +
        f"<tr><th>文件类别</th><td>{escape(document.type_label)}</td><th>所属手册</th>"
        f"<td>{escape(manual.title) if manual else '—'}</td></tr>"
        f"</tbody></table>"
        f'<table class="qms-signoff" data-search-exclude><thead><tr>{signoff_heads}</tr></thead><tbody><tr>{signoff_cells}</tr></tbody></table>'
        f"{download}"
    )


def history_table(document: Document) -> str:
    rows = [(escape(e.raw_version), _date(e.date), escape(e.by), escape(e.change)) for e in document.history]
    if not rows:
        return '<h2 id="qms-history">修订记录</h2><p>尚无修订记录。</p>'
    return '<h2 id="qms-history">修订记录</h2>' + _table(("版本", "日期", "修订人", "修订内容"), rows, "qms-history")


def backlinks_section(citing: Sequence[Document]) -> str:
    if not citing:
        return '<h2 id="qms-backlinks">被以下文件引用</h2><p class="qms-none">暂无文件引用本文件。</p>'
    items = "".join(f"<li>{ref(d)}</li>" for d in citing)
    return f'<h2 id="qms-backlinks">被以下文件引用</h2><ul class="qms-backlinks">{items}</ul>'


def document_page(document: Document, body_html: str, citing: Sequence[Document], successor: Document | None,
                  today: dt.date, with_docx: bool, history_href: str | None = None,
                  revision_href: str | None = None, acknowledgement: str = "") -> str:
    """A document's page; `acknowledgement` is its line of reading assignments (site/acknowledgements.py)."""
    mark = "（作废）" if document.status.is_obsolete else ""  # plain text: Material's search title keeps it
    revision = (f'<div class="qms-banner qms-banner-draft"><strong>修订中</strong> 本文件有尚未批准的修订稿：'
                f'<a href="{revision_href}">预览修订稿与修订对照</a>（本页为现行版本，继续有效）</div>'
                if revision_href else "")
    return (f'<h1 class="qms-title">{escape(document.title)}{mark}</h1>{banners(document, successor, today)}{revision}'
            f"{control_block(document, with_docx, history_href)}{acknowledgement}"
            f'<div class="qms-body">{body_html}</div>{history_table(document)}{backlinks_section(citing)}')


def revision_page(document: Document, draft: Document, body_html: str, redline: str, current_href: str) -> str:
    """The preview of a working revision (`publish_drafts`): what the next version will say, marked 草稿,
    with its redline against the version in force."""
    version = escape(str(document.version or ""))
    banner = (f'<div class="qms-banner qms-banner-draft" role="alert"><strong>草稿</strong> {escape(document.id)} 的修订稿'
              f"（基于现行版本 {version} 起草），尚未审核批准，仅供预览，不得用于指导工作。"
              f'<a href="{current_href}">查阅现行版本 {version}</a>　<a href="#qms-redline">查看修订对照</a></div>')
    return (f'<h1 class="qms-title">{escape(draft.title)}（修订稿）</h1>{banner}'
            f"{control_block(draft, False)}"
            f'<div class="qms-body">{body_html}</div>{redline}')


def manual_downloads(manual: Manual, with_docx: bool, with_pdf: bool) -> str:
    """Links to the whole-manual controlled copies (Word, PDF) the build writes."""
    links = [f'<a href="{escape(root_href(f"{DOCX_DIR}/" + copy_relative(manual.id, "manual")))}" download>'
             "下载整本手册 Word 受控副本</a>"] if with_docx else []
    if with_pdf:
        links.append(f'<a href="{escape(root_href(f"{PDF_DIR}/" + copy_relative(manual.id, "manual", ".pdf")))}" '
                     "download>下载整本手册 PDF 受控副本</a>")
    return (f'<p class="qms-download" data-search-exclude>{"　".join(links)}'
            f"（{escape(manual.id)} {escape(manual.version)}）</p>" if links else "")


def manual_page(manual: Manual, body_html: str, documents: Sequence[Document], with_docx: bool = False,
                downloads: str = "") -> str:
    signoffs = "".join(f"<th>{label}</th><td>{_signoff(manual.signoffs.get(key))}</td>"
                       for key, label in SIGNOFF_LABELS)
    control = (f'<table class="qms-control" data-doc-id="{escape(manual.id)}" data-id-label="手册编号" '
               f'data-version="{escape(manual.version)}" data-search-exclude><tbody><tr><th>手册编号</th>'
               f"<td>{escape(manual.id)}</td><th>版本</th><td>{escape(manual.version or '—')}</td>"
               f"<th>实施日期</th><td>{_date(manual.effective_date)}</td></tr>"
               f"<tr>{signoffs}</tr><tr><th>归口部门</th><td colspan=\"5\">{escape(manual.owner)}</td></tr></tbody></table>")
    rows = [(ref(d, version=False), escape(str(d.version or "")), _status(d.status, d.status_label),
             _date(d.effective_date))
            + ((f'<a class="qms-docx" href="{docx_href(d)}" download>Word</a>',) if with_docx else ())
            for d in documents]
    heads = ("文件", "版本", "状态", "生效日期") + (("下载",) if with_docx else ())
    listing = "<h2 id=\"qms-contents\">文件目录</h2>" + _table(heads, rows, "qms-list")
    body_html = _LEADING_H1.sub("", body_html, count=1)  # the manual's own "# title" would be a second <h1>
    return (f'<h1 class="qms-title">{escape(manual.title)}</h1>{control}{downloads}'
            f'<div class="qms-body">{body_html}</div>{listing}')


_LEADING_H1 = re.compile(r"^\s*<h1[^>]*>.*?</h1>", re.S)


def _review_cell(target: Target, due: dt.date | None, overdue: str) -> str:
    """作废 and its date for a withdrawn document; the due date, marked 逾期 when overdue, otherwise."""
    if isinstance(target, Document) and target.status.is_obsolete:
        return f"作废 {_date(target.withdrawn)}" if target.withdrawn else "作废"
    return _date(due) + ("（逾期）" if overdue else "")


def register_page(targets: Sequence[Target], today: dt.date) -> str:
    rows = []
    for t in targets:
        due = t.next_review if isinstance(t, Document) else None
        overdue = ' class="qms-overdue"' if isinstance(t, Document) and t.review_overdue(today) else ""
        rows.append(
            f'<tr data-status="{escape(t.status)}"><td data-sort="{escape(t.id)}">'
            f'<a href="{escape(ref_href(t.id))}">{escape(t.id)}</a></td>'
            f'<td>{escape(t.title)}</td><td data-label="类别">{escape(t.type_label)}</td><td>{escape(str(t.version or ""))}</td>'
            f"<td>{_status(t.status, t.status_label)}</td>"
            f'<td data-label="归口部门">{escape(t.department if isinstance(t, Document) else "")}</td>'
            f'<td data-label="生效日期">{_date(t.effective_date) if isinstance(t, Document) else "—"}</td>'
            f'<td data-label="下次评审"{overdue}>{_review_cell(t, due, overdue)}</td></tr>')
    headers = ("文件编号", "文件名称", "类别", "版本", "状态", "归口部门", "生效日期", "下次评审")
    head = "".join(f'<th data-col="{i}" tabindex="0" aria-sort="none">{h}</th>' for i, h in enumerate(headers))
    statuses = sorted({(t.status, t.status_label) for t in targets})
    options = "".join(f'<option value="{escape(s)}">{escape(label)}</option>' for s, label in statuses)
    return (
        '<h1 class="qms-title">受控文件清单</h1>'
        f'<p>共 {len(targets)} 份受控文件与表单。<span class="qms-screen-only">点击表头排序；在下方输入编号、名称或部门筛选。</span></p>'
        '<div class="qms-filter" data-search-exclude><input type="search" id="qms-register-filter" placeholder="筛选：编号、名称、部门…" '
        'aria-label="筛选受控文件"> <select id="qms-register-status" aria-label="按状态筛选">'
        f'<option value="">全部状态</option>{options}</select> <span id="qms-register-count"></span></div>'
        f'<table class="qms-register" id="qms-register"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def forms_index(forms: Sequence[Form], owners: dict[str, Document], with_docx: bool = False) -> str:
    rows = [(ref(f, version=False), escape(str(f.version or "")),
             ref(owners[f.owner], version=False) if f.owner in owners else "—", escape(f.retention or "—"))
            + ((f'<a class="qms-docx" href="{docx_href(f)}" download>Word</a>',) if with_docx else ())
            for f in forms]
    heads = ("表单", "版本", "归口文件", "保存期限") + (("下载",) if with_docx else ())
    return ('<h1 class="qms-title">质量记录表单</h1>'
            f"<p>共 {len(forms)} 份空白表单。点击“Word”下载空白表单打印填写。</p>"
            + _table(heads, rows, "qms-list"))


def blank_form(form: Form) -> str:
    """The form laid out as on paper: label/blank pairs two to a row, full-width fields, rows, signatures."""
    rows = []
    for row in field_rows(form.fields):
        if row.full:
            rows.append(f'<th>{escape(row.fields[0].label)}</th>'
                        f'<td colspan="3" style="height:{LINE_HEIGHT_EM * row.lines:.1f}em"></td>')
            continue
        cells = "".join(f'<th>{escape(f.label)}</th><td style="height:{LINE_HEIGHT_EM * f.lines:.1f}em"></td>'
                        for f in row.fields)
        rows.append(cells + "<th></th><td></td>" * (FIELDS_PER_ROW - len(row.fields)))
    out = '<table class="qms-blank"><tbody>' + "".join(f"<tr>{r}</tr>" for r in rows) + "</tbody></table>"
    if form.columns:
        empty = ["" for _ in form.columns]
        out += _table([escape(c) for c in form.columns], [empty] * form.rows, "qms-blank qms-blank-rows")
    if form.signatures:
        cells = "".join(f"<th>{escape(s)}</th><td>签名：<br>日期：</td>" for s in form.signatures)
        out += f'<table class="qms-blank qms-signatures"><tbody><tr>{cells}</tr></tbody></table>'
    return out


def form_page(form: Form, owner: Document | None, citing: Sequence[Document], with_docx: bool) -> str:
    download = (f'<p class="qms-download" data-search-exclude><a href="{docx_href(form)}" download>下载 Word 空白表单'
                f"（{escape(form.id)} {escape(str(form.version or ''))}）</a></p>") if with_docx else ""
    control = (f'<table class="qms-control" data-doc-id="{escape(form.id)}" data-id-label="表单编号" '
               f'data-version="{escape(str(form.version or ""))}" data-search-exclude><tbody>'
               f"<tr><th>表单编号</th><td class=\"qms-id\">{escape(form.id)}</td><th>版本</th>"
               f"<td class=\"qms-version\">{escape(str(form.version or '—'))}</td></tr>"
               f"<tr><th>归口文件</th><td>{ref(owner) if owner else '—'}</td><th>保存期限</th>"
               f"<td>{escape(form.retention or '—')}</td></tr></tbody></table>")
    sheet = (f'<div class="qms-sheet"><div class="qms-sheet-head"><span>{escape(form.id)}</span>'
             f"<strong>{escape(form.title)}</strong><span>版本 {escape(str(form.version or ''))}</span></div>"
             f"{blank_form(form)}</div>")
    used = "".join(f"<li>{ref(d)}</li>" for d in citing) or "<li>暂无</li>"
    return (f'<div class="qms-form-page"><h1 class="qms-title">{escape(form.title)}</h1>{control}{download}'
            f'<h2 id="qms-blank">空白表单</h2>{sheet}'
            f'<h2 id="qms-backlinks">使用本表单的文件</h2><ul class="qms-backlinks">{used}</ul></div>')


def obsolete_page(documents: Sequence[Document], successors: dict[str, Document]) -> str:
    rows = [(f'<a href="{escape(ref_href(d.id))}">{escape(d.id)}</a>', escape(d.title), escape(str(d.version or "")),
             ref(successors[d.superseded_by]) if d.superseded_by in successors else "—") for d in documents]
    table = _table(("文件编号", "文件名称", "最终版本", "替代文件"), rows, "qms-list") if rows else "<p>目前没有作废文件。</p>"
    return ('<h1 class="qms-title">作废文件</h1><div class="qms-banner qms-banner-obsolete"><strong>作废</strong> '
            "以下文件已作废，仅保留供追溯查阅，不得用于指导工作。请使用替代文件。</div>" + table)


def review_page(due: Sequence[tuple[dt.date, Document]], today: dt.date, window: int) -> str:
    rows = []
    for day, document in due:
        delta = (day - today).days
        state = f'<span class="qms-overdue">逾期 {-delta} 天</span>' if delta < 0 else f"{delta} 天后到期"
        rows.append((f'<a href="{escape(ref_href(document.id))}">{escape(document.id)}</a>', escape(document.title),
                     escape(document.department), _date(document.effective_date), _date(day), state))
    table = (_table(("文件编号", "文件名称", "归口部门", "生效日期", "评审到期", "状态"), rows, "qms-list") if rows
             else "<p>目前没有需要评审的文件。</p>")
    return (f'<h1 class="qms-title">定期评审</h1><p>列出评审已逾期或将在 {window} 天内到期的现行文件（以 {today} 计）。'
            "评审后请修订并发布新版本，或确认后重新发布以更新生效日期。</p>" + table)


def recall_page(recalls: Sequence[Recall], voided: Sequence[CopyEntry] = ()) -> str:
    """回收清单: every outstanding copy of a superseded version, by document and 分发号; then the copies declared
    void (lost or damaged) and the numbers that replace them."""
    rows = [(escape(r.entry.number), f'<a href="{escape(ref_href(r.entry.document))}">{escape(r.entry.document)}</a>',
             escape(r.title), escape(r.entry.version), escape(r.reason), escape(r.entry.recipient),
             _date(r.entry.date), escape(r.entry.issued_by)) for r in recalls]
    table = (_table(("分发号", "文件编号", "文件名称", "副本版本", "现状", "领用部门", "发放日期", "发放人"), rows, "qms-list")
             if rows else "<p>目前没有待回收的受控副本。</p>")
    void_rows = [(escape(e.number), f'<a href="{escape(ref_href(e.document))}">{escape(e.document)}</a>',
                  escape(e.version), escape(f"作废-{e.void_reason}"), _date(e.voided), escape(e.replaced_by),
                  escape(e.recipient)) for e in voided]
    void = ('<h2 id="voided">已声明作废的副本（遗失、损坏）</h2><p>这些分发号已作废并已补发，不需回收；'
            "如找回原副本，请交文控员销毁，不得使用。</p>"
            + _table(("分发号", "文件编号", "副本版本", "现状", "作废日期", "补发分发号", "领用部门"), void_rows, "qms-list")
            if void_rows else "")
    return ('<h1 class="qms-title">回收清单</h1><p>以下受控副本的版本已被取代或已作废，尚未回收。请文控员向领用部门收回，'
            "登记回收（<code>qmsdoc recall 分发号</code>），需要时换发现行版本。</p>" + table + void)
