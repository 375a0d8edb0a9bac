"""Per-document release history from git (core/versions.py): the version-history page — every version of
the 修订记录, each earlier version readable whole on a page of its own, and a redline (修订对照) with its
修订对照表 between consecutive released versions. No git, no failure: the page says so."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable
from html import escape, unescape
from pathlib import Path, PurePosixPath

from ..core.approval import History
from ..core.i18n import t
from ..core.model import Document, parse_date
from ..core.redline import compare_versions, released_version
from ..core.refsthen import references_then
from ..core.render import CorpusRenderer
from ..core.versions import (
    PLAIN_NAMES,
    RELEASED_IMAGE,
    Names,
    Release,
    UnapprovedEdit,
    came_into_force,
    edits_of,
    latest,
    latest_label,
    pictures_as_released,
    releases,
    replaced_by,
    shown_text,
    unapproved_edits,
    unapproved_text,
)
from . import pages
from .redline import redline_section


def pin_images(html: str, release: Release, shown_from: str, manuals: Path, folder: str, site_dir: Path) -> str:
    """An earlier version shows its pictures as they were when it was released (`pictures_as_released`: `html`
    is `release`'s body rendered from `shown_from`): a picture changed or deleted since is published in `folder`
    (beside the version's page, inside `site_dir`) under the digest of its bytes as released; a picture
    unchanged since stays the one the current pages show."""
    pinned: dict[str, str] = {}
    for path, picture in pictures_as_released(html, release, shown_from, manuals).items():
        then = picture.then
        if then is None or picture.today() == then:
            continue
        suffix = "".join(c for c in PurePosixPath(unescape(path)).suffix.lower() if c.isalnum() or c == ".")
        name = f"{folder}/{hashlib.sha256(then).hexdigest()[:20]}{suffix}"
        target = site_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(then)
        pinned[path] = escape(name)
    return RELEASED_IMAGE.sub(lambda m: f'{m.group(1)}qmsroot:{pinned.get(m.group(2), m.group(2))}"', html) \
        if pinned else html


def version_slug(version: str) -> str:
    """A version in a page address: A/1 → A-1."""
    return version.replace("/", "-")


def _own_entry(release: Release) -> tuple[str, str, str]:
    """(date, 修订人, change) of `release` as its own 修订记录 entry gave them; the commit's day if it has none."""
    entry = next((h for h in release.data.get("history") or []
                  if isinstance(h, dict) and str(h.get("version")) == release.version), {})
    return str(entry.get("date") or release.committed[:10]), str(entry.get("by") or ""), release.change


def _landed(release: Release | None, shown: dt.date | str | None, document: Document, version: str) -> str:
    """A note under a version's date (`shown`, its 修订记录 date: the approval) when it came into force on another
    day (`Release.in_force_from`), as `register --as-of` answers for it: a release merged onto the line after its
    effective date, one in force again since a later one was reverted, or one approved to take effect later. A
    version git never saw released (`release` None: no git, or before it) is dated by the 修订记录 alone, the
    effective date of `document`'s front matter for the version it belongs to (`Document.effective_version`);
    a withdrawal never came into force."""
    if release is None:
        start = document.effective_date if version and version == document.effective_version else None
        return "" if start is None or start.isoformat() == str(shown or "")[:10] else \
            f"<small>{t('history.in_force_later', date=pages._date(start))}</small>"
    start = release.in_force_from
    if start is None:
        return ""
    if start != release.effective_date:  # the words the document's page, registers and copies give (effective_note)
        landed = came_into_force(release)
        return f"<small>{escape(landed.text())}</small>" if landed is not None else ""
    if start.isoformat() == str(shown or "")[:10]:
        return ""
    return f"<small>{t('history.in_force_later', date=pages._date(start))}</small>"


def item_releases(kind: str, path: str, history: History) -> list[Release]:
    """The released versions git knows of a form or manual index page, oldest first (empty without git)."""
    return releases(kind, path, history.versions.get(path, []))


def item_edits(kind: str, path: str, history: History) -> list[UnapprovedEdit]:
    """The stretches git holds of a document, form or manual index page committed with content its approval record
    did not approve (`unapproved_edits`, what `register --as-of` names), oldest first."""
    return unapproved_edits(kind, path, history.versions.get(path, []))


def unapproved_note(edit: UnapprovedEdit) -> str:
    """What a page says of `edit` (`unapproved_text`, marked up): from which commit and day until which day the
    published text was not the approved version. Still so in the last commit: the site is built from the working
    tree, where such an edit is QD190 and stops the build — so the tree built was put right, and the correction is
    not committed yet."""
    return unapproved_text(edit, lambda commit: f"<code>{escape(commit)}</code>", pages._date, escape)


def unapproved_section(edits: list[UnapprovedEdit], shown: str = "") -> str:
    """A page's unapproved edits git holds (newest first, as its changes are): under a form's or manual page's
    history, and on an earlier version's page, where `shown` (HTML) says which text the page shows. Empty when there
    were none."""
    if not edits:
        return ""
    items = "".join(f"<li>{unapproved_note(edit)}</li>" for edit in reversed(edits))
    said = f"<p>{shown}</p>" if shown else ""
    return (f'<section class="qms-unapproved" data-search-exclude><h2 id="qms-unapproved">{t("history.unapproved")}'
            f'</h2><p>{t("history.unapproved_intro")}</p>{said}<ul>{items}</ul></section>')


def changes_section(kind: str, found: list[Release], renderer: CorpusRenderer) -> str:
    """A form's or manual page's changes from each released version to the next (newest first), as a
    document's history page shows them: the redline names the field, column or signature that changed."""
    compared = [redline_section(compare_versions(kind, released_version(old.version, old.source),
                                                 released_version(new.version, new.source), renderer),
                                "diff-" + version_slug(new.version), heading_level=3)
                for old, new in zip(found, found[1:], strict=False) if old.version != new.version]
    if not compared:
        return ""
    # out of the search index, as a document's history page is: the text it deletes is no longer in force
    return (f'<section class="qms-changes" data-search-exclude><h2 id="qms-changes">{t("history.changes")}</h2>'
            + "".join(reversed(compared)) + "</section>")


def _with_edits(shown: list[str], days: list[dt.date | None], edits: list[UnapprovedEdit],
                heads: tuple[str, ...]) -> list[str]:
    """The version-history table's rows (`shown`, dated `days`) with a row for each unapproved edit in its place
    in time: after the last version dated on or before the day it was committed."""
    out = list(shown)
    for edit in reversed(edits):  # each inserted before those after it
        slot = max((i + 1 for i, day in enumerate(days) if day is not None and day <= edit.since), default=0)
        cells = (f'<strong>{t("history.unapproved")}</strong>', pages._date(edit.since), "—", unapproved_note(edit),
                 "—", "—")
        out.insert(slot, '<tr class="qms-unapproved">' + "".join(
            f'<td data-label="{head}">{cell}</td>' for head, cell in zip(heads, cells, strict=True)) + "</tr>")
    return out


def _linking(document: Document, current_href: str, version_href: Callable[[str], str | None] | None,
             document_href: Callable[[str], str | None] | None) -> Names:
    """`Names` for the page of an earlier version of `document`: the version that followed it a link to its page —
    the document's own (`current_href`) when it is the version the document stands at and the document is not
    withdrawn, else that version's earlier-version page (`version_href`) — and a successor document a link to its
    page (`document_href`); each escaped text where it has no page. One writer for the banner and the control block."""

    def link(text: str, href: str | None) -> str:
        return f'<a href="{escape(href)}">{escape(text)}</a>' if text and href else escape(text)

    def version(shown: str) -> str:
        current = shown == str(document.version or "") and not document.status.is_obsolete
        return link(shown, current_href if current else version_href(shown) if version_href is not None else None)

    def successor(code: str) -> str:
        return link(code, document_href(code) if document_href is not None and code else None)

    return Names(version=version, document=successor)


class HistoryIndex:
    """Release histories of the published documents, from the check's reading of git (one batch)."""

    def __init__(self, documents: list[Document], history: History) -> None:
        self.note = history.note
        self.shallow = history.shallow
        self.history = history
        self.releases = {d.id: releases("document", d.path, history.versions.get(d.path, [])) for d in documents}
        # after the releases: their pass judged every committed text, so this parses none again
        self.edits = {d.id: item_edits("document", d.path, history) for d in documents}

    def earlier(self, document: Document) -> list[Release]:
        """The released versions of `document` before the one it stands at now, each superseded: the pages of
        earlier versions. (An obsolete document's last version is its withdrawal, shown on its own page.)"""
        current = str(document.version or "")
        found = self.releases.get(document.id, [])
        return [r for r in found if r.version != current and latest(found, r.version) is r]

    def successor(self, document: Document, release: Release, today: dt.date | None = None,
                  names: Names = PLAIN_NAMES) -> str:
        """What replaced `release`: the next version and where the document stands on `today`, or the document's
        withdrawal (`versions.replaced_by`), each named by `names`."""
        return replaced_by(self.releases.get(document.id, []), release, document, today, names)

    def page(self, document: Document, renderer: CorpusRenderer, back_href: str,
             version_href: Callable[[str], str], redline_href: Callable[[str], str] | None = None,
             today: dt.date | None = None) -> str:
        """Every version of the 修订记录 (date, 修订人, change note), a link to each earlier version's page
        and, where git saw both releases, the redline from each version to the next; the latest as it stands
        on `today` (`latest_label`)."""
        title = pages.title_heading(t("history.title", title=escape(document.title)))
        # a withdrawal dated after `today` has not happened: its last version is the one in force (`listed_on`)
        withdrawn = document.withdrawn_on(today) if today is not None else document.status.is_obsolete
        back_version = str(document.listed_on(today).version or "")
        back_key = ("history.back_withdrawn" if withdrawn
                    else "history.back_unapproved" if document.status.is_unapproved  # a draft: never current
                    else "history.back_pending" if today is not None and document.pending_on(today)
                    else "history.back")  # an approved version waiting for its effective date is not current
        back = (f'<p><a href="{back_href}">'
                f'{t(back_key, id=escape(document.id), version=escape(back_version), status=document.status.label)}</a></p>')
        found = self.releases.get(document.id, [])
        if self.shallow:
            note = (f'<div class="qms-banner qms-banner-review"><strong>{t("history.shallow")}</strong> '
                    f'{t("history.shallow_text")}</div>')
        elif not found and document.status.is_unapproved and not self.note:  # git was read: nothing released yet
            note = (f'<div class="qms-banner qms-banner-draft"><strong>{t("history.unreleased")}</strong> '
                    f'{t("history.unreleased_text")}</div>')
        elif not found:  # why git could not be read is said as `check` says it (the one note), else the file's lack
            text = t("history.unavailable_text", note=escape(self.note)) if self.note else t("history.no_git_text")
            note = (f'<div class="qms-banner qms-banner-review"><strong>{t("history.no_git")}</strong> '
                    f'{text}</div>')
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
        rows: list[tuple[str, dt.date | str | None, str, str]] = [
            (e.raw_version, e.date, e.by, e.change) for e in document.history]
        # A release git saw that the 修订记录 lacks (a reverted one) still appears, as its own 修订记录 gave it.
        rows += [(r.version, *_own_entry(r)) for r in found if r.version not in listed]
        heads = (t("label.version"), t("label.date"), t("label.revised_by"), t("label.change"),
                 t("history.full_text"), t("history.redline"))
        current = str(document.version or "")
        shown = [
            "<tr>" + "".join(f'<td data-label="{head}">{cell}</td>' for head, cell in zip(
                heads, (escape(version), pages._date(day) + _landed(latest(found, version), day, document, version),
                        pages._name(by), escape(change)), strict=False))
            + f'<td data-label="{heads[4]}">'
            + (f'<a href="{escape(version_href(version))}">{pages._name(t("history.read_version", version=version))}</a>'
               if version in pages_of else pages._name(latest_label(document, today)) if version == current else "—")
            + (t("history.in_force_row", date=pages._date(until))  # until its successor's or withdrawal's day
               if today is not None and (until := document.in_force_until(version, today)) is not None else "")
            + f'</td><td data-label="{heads[5]}">'
            + (f'<a href="#diff-{escape(version_slug(version))}">{pages._name(t("history.see_redline"))}</a>'
               if version in compared else "—")
            + "</td></tr>"
            for version, day, by, change in rows]
        body = "".join(_with_edits(shown, [parse_date(day) for _, day, _, _ in rows],
                                   self.edits.get(document.id, []), heads))
        table = (f'<h2 id="releases">{t("label.history")}</h2><table class="qms-history" aria-labelledby="releases"><thead><tr>'
                 + "".join(pages.heading_cell(head) for head in heads) + f"</tr></thead><tbody>{body}</tbody></table>"
                 if body else  # a draft's: no version released yet, said as its page says it, not an empty table
                 f'<h2 id="releases">{t("label.history")}</h2><p>{t("page.history.none")}</p>')
        return title + back + note + table + "".join(reversed(list(compared.values())))


    def version_page(self, document: Document, release: Release, renderer: CorpusRenderer, history_href: str,
                     current_href: str, today: dt.date | None = None, copies: pages.Copies | None = None,
                     version_href: Callable[[str], str | None] | None = None,
                     document_href: Callable[[str], str | None] | None = None) -> str:
        """An earlier version, whole, as it stood approved: banner, control block as recorded then (approvers,
        dates, approval fingerprint), body, 修订记录 of that time. The version its successor replaces only from a
        later effective date is still the one in force until then (`today`): its page says so, not 不得使用, and links
        its controlled `copies`.

        Its text is the version as approved — the release's (`releases`: the approved text, where a release was
        committed over another) — never the file's last commit at that version: when the file was edited without
        approval while the version was in force (`edits_of`, the history page's `unapproved_edits`), the page says
        so under its banner, in the history page's words, names the text it shows and how to read each edited one.
        What replaced it is a link to its page, in the banner and in the control block's 状态 alike (`linked`): the
        version that followed, and the document that replaced a withdrawn one (`document_href`, None where it has no
        page)."""
        old = dataclasses.replace(release.document, manual=document.manual,
                              project_review_months=document.project_review_months)
        names = _linking(document, current_href, version_href, document_href)
        linked = self.successor(document, release, today, names)
        approved = release.data.get("approved")
        fingerprint = str(approved.get("fingerprint", "")) if isinstance(approved, dict) else ""
        pending = today is not None and document.pending_on(today)
        withdrawn = document.withdrawn_on(today) if today is not None else document.status.is_obsolete
        read_key = "history.read_final" if withdrawn else \
            "history.read_pending" if pending else "history.read_current"  # the latest, not in force yet
        still = today is not None and document.in_force_until(release.version, today) is not None
        new = escape(str(document.listed_on(today).version or ""))  # its last in force while its withdrawal waits
        read = t(read_key, version=new, date=pages._date(document.effective_date))
        # in force until its withdrawal's day: said as the document's own page says it (`withdrawal_pending_text`)
        until = document.withdrawal_pending_text(names.document(document.superseded_by or ""), date=pages._date(
            document.withdrawn), version=escape(release.version)) \
            if today is not None and document.withdrawal_waits_on(today) else t(
            "history.still_in_force_text", id=escape(document.id), version=escape(release.version), new=new,
            date=pages._date(document.effective_date))
        until += " " if until[-1:].isascii() else ""  # an English sentence's gap before the link, none after 。
        banner = pages.banner("review", t("history.still_in_force", version=escape(release.version)), until
                              + (copies.in_force(document) if copies is not None else "")
                              + f'<a href="{current_href}">{read}</a>') \
            if still else pages.banner(
                "obsolete", t("history.earlier", version=escape(release.version)),
                t("history.earlier_text", replaced=linked, id=escape(document.id),
                  version=escape(release.version))
                + f'<a href="{current_href}">{read}</a>')
        edits = edits_of(release, self.edits.get(document.id, []))
        edited = unapproved_section(edits, escape(shown_text(release, edits)))
        # an earlier version names what it cites as it stood when it was released, as its copies do (refsthen.py)
        shown = renderer if still else renderer.as_then(references_then(renderer.corpus, self.history, release.commit))
        html = shown.text(release.body, document.path, versions=False).html
        record = ('<p class="qms-record" data-search-exclude>'
                  + t("history.record", fingerprint=f"<code>{escape(fingerprint)}</code>",
                      commit=f"<code>{escape(release.commit[:12])}</code>", date=escape(release.committed)) + "</p>"
                  if fingerprint else "")
        mark = "" if still else t("history.earlier_mark", version=escape(release.version))
        control = pages.control_block(old, pages.Copies(), history_href, superseded_by=None if still else linked,
                                      reviewed_as=document if still else None)
        return (f'{pages.title_heading(escape(old.title) + mark)}{banner}{edited}'
                f"{control}"
                f"{record}"
                f'<div class="qms-body">{html}</div>{pages.history_table(old.history)}')

