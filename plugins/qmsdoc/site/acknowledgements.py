"""HTML of reading assignments (文件学习确认): the 学习确认 page — each version in force, each department's
status (已确认 / 待确认 / 逾期) with the people and dates — and the line each document page shows of its own.
Every name and department is escaped here: they are typed by people and may hold anything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape

from ..core.model import Document
from ..core.paths import DOCX_DIR, copy_relative
from ..core.refs import ref_href, root_href
from ..core.training import CONFIRMED, OVERDUE, PENDING, STATE_LABELS, Assignment, summary_line
from .history import HistoryIndex, version_slug
from .pages import _table

# A page address per document: the redline of the change (None when git saw no earlier release), its 学习签到表.
Href = Callable[[str], str | None]


def _state(item: Assignment) -> str:
    return f'<span class="qms-ack qms-ack-{escape(item.state)}">{escape(item.label)}</span>'


def _people(item: Assignment) -> str:
    done = "<br>".join(f"{escape(a.person)} <small>{a.date.isoformat()}</small>" for a in item.acknowledged)
    if item.every_person and item.outstanding:
        done += ("<br>" if done else "") + f'<small class="qms-ack-missing">尚未确认：{escape("、".join(item.outstanding))}</small>'
    return done or "—"


def _due(item: Assignment, today: dt.date) -> str:
    if item.due is None:
        return "—"
    late = item.days_overdue(today)
    return item.due.isoformat() + (f'<br><small class="qms-overdue">逾期 {late} 天</small>' if late else "")


def acknowledgements_page(assignments: Sequence[Assignment], today: dt.date, redline: Href, signin: Href) -> str:
    """学习确认: one row per department assignment of each version in force."""
    rows = []
    for item in assignments:
        code = item.document.id
        change = redline(code)
        version = escape(item.version) + (f'<br><a href="{escape(change)}"><small>本次修订对照</small></a>'
                                          if change else "")
        sheet = signin(code)
        rows.append((f'<a href="{escape(ref_href(code))}">{escape(code)}</a>', escape(item.document.title), version,
                     escape(item.department), _state(item), _people(item), _due(item, today),
                     f'<a href="{escape(sheet)}" download>签到表</a>' if sheet else "—"))
    counts = {state: sum(1 for a in assignments if a.state == state) for state in (CONFIRMED, PENDING, OVERDUE)}
    documents = len({a.document.id for a in assignments})
    tally = "，".join(f"{STATE_LABELS[state]} {count}" for state, count in counts.items())
    table = (_table(("文件编号", "文件名称", "版本", "学习部门", "状态", "确认人与日期", "截止日期", "学习签到表"), rows,
                    "qms-list qms-acknowledgements") if rows else "<p>目前没有要求学习确认的现行文件。</p>")
    summary = (f"<p>共 {documents} 份现行文件、{len(assignments)} 项部门学习任务：{tally}。</p>" if rows else "")
    return ('<h1 class="qms-title">学习确认</h1>'
            f"<p>每份现行文件的现行版本发布后，文件头信息（或所属手册）中 acknowledge 列出的部门须在期限内组织学习并确认"
            f"（以 {today} 计）。学习后由文控员登记：<code>qmsdoc acknowledge 文件编号 --by 姓名 --department 部门</code>，"
            "或打印学习签到表，培训会后录入 <code>--from-csv 签到表.csv</code>。</p>"
            + summary + table)


def document_line(found: Sequence[Assignment], page_href: str, redline_href: str | None,
                  signin_href: str | None) -> str:
    """The document page's line: who must acknowledge this version and how many have, with the redline of the
    change, the departments' details and the sign-in sheet."""
    if not found:
        return ""
    late = any(a.state == OVERDUE for a in found)
    links = [f'<a href="{escape(page_href)}">各部门确认情况</a>']
    if redline_href:
        links.insert(0, f'<a href="{escape(redline_href)}">本次修订对照</a>')
    if signin_href:
        links.append(f'<a href="{escape(signin_href)}" download>学习签到表</a>')
    states = "、".join(f"{escape(a.department)}：{_state(a)}" for a in found)
    return (f'<p class="qms-ack-line{" qms-ack-late" if late else ""}" data-search-exclude>'
            f"<strong>{escape(summary_line(list(found)))}</strong>（{states}）　{'　'.join(links)}</p>")


class AcknowledgementPages:
    """The reading assignments the site shows, with the links each needs: the redline of the change (the anchor
    on the document's history page), the 学习签到表 and the 学习确认 page. The address maps are the site's own,
    filled while pages are attached and read when pages are built."""

    def __init__(self, found: list[Assignment], history: HistoryIndex, history_urls: dict[str, str],
                 generated_urls: dict[str, str], page_uri: str, with_docx: bool) -> None:
        self.found = found
        self.history = history
        self.history_urls = history_urls
        self.generated_urls = generated_urls
        self.page_uri = page_uri
        self.with_docx = with_docx
        self.by_document: dict[str, list[Assignment]] = {}
        for item in found:
            self.by_document.setdefault(item.document.id, []).append(item)

    def redline_href(self, code: str) -> str | None:
        """The redline of the change that made the version in force, when git saw the release before it."""
        items = self.by_document.get(code)
        found = [r.version for r in self.history.releases.get(code, [])]
        current = items[0].version if items else ""
        if code not in self.history_urls or current not in found or found.index(current) == 0:
            return None
        return root_href(self.history_urls[code]) + "#diff-" + version_slug(current)

    def signin_href(self, code: str) -> str | None:
        """The 学习签到表 of a version in force that departments must acknowledge (built with the Word copies)."""
        if not self.with_docx or code not in self.by_document:
            return None
        return root_href(f"{DOCX_DIR}/" + copy_relative(code, "signin"))

    def line(self, document: Document) -> str:
        found = self.by_document.get(document.id, [])
        if not found:
            return ""
        page = root_href(self.generated_urls.get(self.page_uri, ""))
        return document_line(found, page, self.redline_href(document.id), self.signin_href(document.id))

    def page(self, today: dt.date) -> str:
        return acknowledgements_page(self.found, today, self.redline_href, self.signin_href)

    def inputs(self) -> list[object]:
        """What the 学习确认 page shows (its dirty-build fingerprint): each assignment and its document's links."""
        return [(a.record(), self.redline_href(a.document.id), self.signin_href(a.document.id)) for a in self.found]
