"""Per-document release history from git: each commit where the version changed, with its change
note, and an HTML diff between consecutive released versions. No git, no failure: the page says so."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..core.gitlog import Revisioned, file_histories, is_shallow, repo_root
from ..core.i18n import t
from ..core.model import Document
from ..core.source import parse_markdown
from ..core.status import Status

# difflib's navigation column (t/n/f jump links) is noise on a printed audit page.
_NAV_CELLS = re.compile(r'<t[dh] class="diff_next"[^>]*>.*?</t[dh]>|<colgroup></colgroup>', re.S)


@dataclass(frozen=True)
class Release:
    version: str
    commit: str
    date: str
    change: str
    body: str


def _unapproved(value: object) -> bool:
    status = Status.parse(value)
    return status is not None and status.is_unapproved


def releases(revisions: list[Revisioned]) -> list[Release]:
    out: list[Release] = []
    for revision in revisions:
        src = parse_markdown(revision.text)
        if src.findings or not isinstance(src.data, dict):
            continue
        data = src.data
        version = str(data.get("version", ""))
        if _unapproved(data.get("status")) or (out and out[-1].version == version):
            continue
        change = next((str(h.get("change", "")) for h in data.get("history") or []
                       if isinstance(h, dict) and str(h.get("version")) == version), "")
        out.append(Release(version, revision.commit, revision.date, change, src.body))
    return out


class HistoryIndex:
    """Release histories of all documents, read from git in one batch."""

    def __init__(self, root: Path, documents: list[Document]) -> None:
        self.repo = repo_root(root)
        self.shallow = bool(self.repo and is_shallow(self.repo))
        paths = {(root / d.path).resolve(): d.id for d in documents}
        histories = file_histories(self.repo, list(paths)) if self.repo else {}
        self.releases = {paths[path]: releases(revs) for path, revs in histories.items()}

    def page(self, document: Document, back_href: str) -> str:
        """Every version of the 修订记录 (date, 修订人, change note) and, where git saw the release, its diff."""
        title = f'<h1 class="qms-title">{t("history.title", title=escape(document.title))}</h1>'
        back = (f'<p><a href="{back_href}">'
                f'{t("history.back", id=escape(document.id), version=escape(str(document.version or "")))}</a></p>')
        found = self.releases.get(document.id, []) if self.repo is not None else []
        if not found:
            note = (f'<div class="qms-banner qms-banner-review"><strong>{t("history.no_git")}</strong> '
                    f'{t("history.no_git_text")}</div>')
        elif self.shallow:
            note = (f'<div class="qms-banner qms-banner-review"><strong>{t("history.shallow")}</strong> '
                    f'{t("history.shallow_text")}</div>')
        else:
            note = ""
        diffs: dict[str, str] = {}
        for old, new in zip(found, found[1:], strict=False):
            diff = _NAV_CELLS.sub("", difflib.HtmlDiff(wrapcolumn=60).make_table(
                old.body.splitlines(), new.body.splitlines(), old.version, new.version, context=True, numlines=1))
            diffs[new.version] = (f'<h2 id="{_anchor(new.version)}">{escape(old.version)} → {escape(new.version)}</h2>'
                                  f'<div class="qms-diff">{diff}</div>')
        listed = {e.raw_version for e in document.history}
        rows = [(e.raw_version, e.date.isoformat() if e.date else "—", e.by, e.change) for e in document.history]
        # A release git saw that the 修订记录 lacks still appears (dated by its commit).
        rows += [(r.version, r.date[:10], "", r.change) for r in found if r.version not in listed]
        heads = (t("label.version"), t("label.date"), t("label.revised_by"), t("label.change"), t("history.diff"))
        body = "".join(
            "<tr>" + "".join(f'<td data-label="{head}">{escape(cell)}</td>'
                             for head, cell in zip(heads, (version, day, by, change), strict=False))
            + f'<td data-label="{heads[4]}">'
            + (f'<a href="#{_anchor(version)}">{t("history.see_diff")}</a>' if version in diffs else "—") + "</td></tr>"
            for version, day, by, change in rows)
        table = (f'<h2 id="releases">{t("label.history")}</h2><table class="qms-history"><thead><tr>'
                 + "".join(f"<th>{head}</th>" for head in heads) + f"</tr></thead><tbody>{body}</tbody></table>")
        return title + back + note + table + "".join(reversed(list(diffs.values())))


def _anchor(version: str) -> str:
    return "diff-" + escape(version.replace("/", "-"))
