"""Per-document release history from git (core/versions.py): the version-history page — every version of
the 修订记录, each earlier version readable whole on a page of its own, and a redline (修订对照) with its
修订对照表 between consecutive released versions. No git, no failure: the page says so."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from html import escape

from ..core.approval import History
from ..core.model import Document
from ..core.redline import compare_versions, released_version
from ..core.render import CorpusRenderer
from ..core.versions import Release, releases
from . import pages
from .redline import redline_section


def version_slug(version: str) -> str:
    """A version in a page address: A/1 → A-1."""
    return version.replace("/", "-")


class HistoryIndex:
    """Release histories of the published documents, from the check's reading of git (one batch)."""

    def __init__(self, documents: list[Document], history: History) -> None:
        self.note = history.note
        self.releases = {d.id: releases("document", d.path, history.versions.get(d.path, [])) for d in documents}

    def earlier(self, document: Document) -> list[Release]:
        """The released versions of `document` before the one it stands at now, each superseded: the pages of
        earlier versions. (An obsolete document's last version is its withdrawal, shown on its own page.)"""
        current = str(document.version or "")
        return [r for r in self.releases.get(document.id, []) if r.version != current]

    def successor(self, document: Document, release: Release) -> str:
        """The version that replaced `release`."""
        found = [r.version for r in self.releases.get(document.id, [])]
        index = found.index(release.version)
        return found[index + 1] if index + 1 < len(found) else str(document.version or "")

    def page(self, document: Document, renderer: CorpusRenderer, back_href: str,
             version_href: Callable[[str], str], redline_href: Callable[[str], str] | None = None) -> str:
        """Every version of the 修订记录 (date, 修订人, change note), a link to each earlier version's page
        and, where git saw both releases, the redline from each version to the next."""
        title = f'<h1 class="qms-title">{escape(document.title)}：版本历史</h1>'
        back = (f'<p><a href="{back_href}">返回现行版本 {escape(document.id)} '
                f'{escape(str(document.version or ""))}</a></p>')
        found = self.releases.get(document.id, [])
        if self.note and "浅克隆" in self.note:
            note = ('<div class="qms-banner qms-banner-review"><strong>浅克隆</strong> 当前仓库是浅克隆：'
                    "较早的版本和版本之间的修订对照无法显示。</div>")
        elif not found:
            note = ('<div class="qms-banner qms-banner-review"><strong>无历史版本</strong> 没有找到本文件的 git '
                    "历史记录（源文件不在 git 仓库中，或尚未提交）：下表只列出修订记录，较早的版本无法查阅，"
                    "也无法显示版本之间的修订对照。</div>")
        else:
            note = ""
        pages_of = {r.version for r in self.earlier(document)}
        compared: dict[str, str] = {}
        for old, new in zip(found, found[1:], strict=False):
            comparison = compare_versions("document", released_version(old.version, old.source),
                                          released_version(new.version, new.source), renderer)
            anchor = "diff-" + version_slug(new.version)
            compared[new.version] = redline_section(
                comparison, anchor, docx_href=redline_href(new.version) if redline_href else "")
        listed = {e.raw_version for e in document.history}
        rows = [(e.raw_version, e.date.isoformat() if e.date else "—", e.by, e.change) for e in document.history]
        # A release git saw that the 修订记录 lacks still appears (dated by its commit).
        rows += [(r.version, r.committed[:10], "", r.change) for r in found if r.version not in listed]
        body = "".join(
            f'<tr><td data-label="版本">{escape(version)}</td><td data-label="日期">{escape(day)}</td>'
            f'<td data-label="修订人">{escape(by)}</td><td data-label="修订内容">{escape(change)}</td>'
            f'<td data-label="全文">'
            + (f'<a href="{escape(version_href(version))}">查阅 {escape(version)} 全文</a>' if version in pages_of
               else "现行版本" if version == str(document.version or "") else "—")
            + '</td><td data-label="修订对照">'
            + (f'<a href="#diff-{escape(version_slug(version))}">查看修订对照</a>' if version in compared else "—")
            + "</td></tr>"
            for version, day, by, change in rows)
        table = ('<h2 id="releases">修订记录</h2><table class="qms-history"><thead><tr><th>版本</th><th>日期</th>'
                 f"<th>修订人</th><th>修订内容</th><th>全文</th><th>修订对照</th></tr></thead><tbody>{body}</tbody></table>")
        return title + back + note + table + "".join(reversed(list(compared.values())))

    def version_page(self, document: Document, release: Release, renderer: CorpusRenderer, history_href: str,
                     current_href: str) -> str:
        """An earlier version, whole, as it stood approved: banner, control block as recorded then (approvers,
        dates, approval fingerprint), body, 修订记录 of that time."""
        old = dataclasses.replace(release.document, manual=document.manual)
        successor = self.successor(document, release)
        approved = release.data.get("approved")
        fingerprint = str(approved.get("fingerprint", "")) if isinstance(approved, dict) else ""
        banner = (f'<div class="qms-banner qms-banner-obsolete" role="alert"><strong>历史版本 {escape(release.version)}'
                  f"</strong>（已被 {escape(successor)} 替代，仅供查阅）：本页是 {escape(document.id)} 在 "
                  f"{escape(release.version)} 版时批准的全文，不得用于指导工作。"
                  f'<a href="{current_href}">查阅现行版本 {escape(str(document.version or ""))}</a></div>')
        html = renderer.text(release.body, document.path).html
        record = (f'<p class="qms-record" data-search-exclude>批准记录指纹（SHA-256）：<code>{escape(fingerprint)}</code>'
                  f"；取自 git 提交 <code>{escape(release.commit[:12])}</code>（{escape(release.committed)}）</p>"
                  if fingerprint else "")
        return (f'<h1 class="qms-title">{escape(old.title)}（历史版本 {escape(release.version)}）</h1>{banner}'
                f"{pages.control_block(old, False, history_href, superseded_by=successor)}{record}"
                f'<div class="qms-body">{html}</div>{pages.history_table(old)}')

