"""Which controlled copies a build makes: every document, form and manual (or only the ids a dirty
rebuild names), as jobs the Word and PDF exporters both draw. One plan, so the two formats always
cover the same set."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TypeVar, cast

from .check import CheckResult
from .copyjobs import (
    CopyJob,
    DocumentJob,
    FormJob,
    ManualJob,
    SigninJob,
    document_job,
    form_job,
    held_copy,
    in_force_notice,
    manual_job,
    manual_members,
    signin_job,
    waiting_notice,
)
from .dialect import Dialect
from .gitlog import Revisioned
from .model import Document, Manual
from .paths import copy_relative, in_force_relative
from .pictures import RECORD_KEY, manual_pictures, page_folder, picture_digest
from .render import CorpusRenderer, RefInfo
from .rendercache import RenderCache
from .revision import earlier
from .training import due_text, dues, in_force, released_on, requirement
from .versions import Release, deleted_titles, latest, page_as_released, releases


@dataclass(frozen=True)
class HeldInForce:
    """A document approved at a version not yet in force today (`Document.pending_on`) and the version in force
    until then (`Document.in_force_before`), with that version's release as git holds it (None: it holds none —
    no commits, a shallow clone, a version never committed)."""

    document: Document
    version: str
    release: Release | None
    pictures_changed: bool = False
    """A picture that version shows is not provably the file its approval recorded (approved before pictures were
    recorded, or the file replaced in place since, which QD194 reports): its copy could show today's picture, not
    the approved one."""

    @property
    def copied(self) -> bool:
        """Whether the build makes this version's copies (and the site links them)."""
        return self.release is not None and not self.pictures_changed


def _pictures_changed(release: Release, shown_at: str, manuals: Path, manuals_dir: str, dialect: Dialect) -> bool:
    """Whether a picture `release` (the page at `shown_at`) shows differs from what its approval recorded of it
    (none recorded: unknown)."""
    shown = [path for _, _, path in manual_pictures(release.body, 1, page_folder(shown_at, manuals_dir), dialect)]
    if not shown:
        return False
    approved = release.data.get("approved")
    recorded = approved.get(RECORD_KEY) if isinstance(approved, dict) else None
    if not isinstance(recorded, dict):
        return True
    return any(recorded.get(path) != picture_digest(manuals / path) for path in shown)


_T = TypeVar("_T")


def _once(result: CheckResult, name: str, work: Callable[[CheckResult], list[_T]]) -> list[_T]:
    """`work(result)`, worked out on the first call for this checked corpus and kept in `result.derived`."""
    if name not in result.derived:
        result.derived[name] = work(result)
    return cast("list[_T]", result.derived[name])


def held_in_force(result: CheckResult) -> list[HeldInForce]:
    """Every document whose approved successor waits for its effective date today, in control-number order, with
    the release of the version staff work to until then: what the build makes copies of beside the successor's.
    Worked out once per checked corpus (the site, the copies, the manifest and the build's warning all ask)."""
    return list(_once(result, "held_in_force", _held_in_force))


def _held_in_force(result: CheckResult) -> list[HeldInForce]:
    config = result.context.config
    versions = result.context.history.versions
    out = []
    for document in result.corpus.sorted_documents():
        before = document.in_force_before if document.pending_on(config.today) else ""
        if before:
            found = latest(releases("document", document.path, versions.get(document.path, [])), before)
            changed = found is not None and _pictures_changed(found, document.path, config.manuals_path,
                                                              config.manuals_dir, config.dialect)
            out.append(HeldInForce(document, before, found, changed))
    return out


def references_in_force(result: CheckResult) -> dict[str, RefInfo]:
    """What a reference to each document whose approved successor waits today shows (`held_in_force`) — or whose
    withdrawal does (`Document.withdrawal_waits_on`: its last version in force, on its own page): the version in
    force until then, with its title then (its release's; the approved one's when git holds none) and its page (the
    site's page of that version, which git's release gives it; none without one: the document's own page, whose
    banner names the version in force)."""
    today = result.context.config.today
    out = {d.id: RefInfo(d.id, d.title, d.version_on(today))  # withdrawn only later: its last version in force
           for d in result.corpus.documents.values() if d.withdrawal_waits_on(today)}
    for held in held_in_force(result):
        then = held.release.document if held.release is not None else held.document
        out[held.document.id] = RefInfo(held.document.id, then.title, held.version,
                                        page=held.version if held.release is not None else "")
    return out


def renderer_for(result: CheckResult, remembered: RenderCache | None = None, *,
                 as_approved: bool = False) -> CorpusRenderer:
    """The one render of a checked corpus, its references to a waiting document naming the version in force today
    (`references_in_force`) and those to a number since deleted naming it as its last version was (`deleted_titles`:
    the text of a version in force or of an earlier one cites it): what the site, Word and PDF copies and every
    command writing them read. `as_approved`: naming each document's approved version instead — the render of a
    whole manual issued as approved (`qmsdoc issue MANUAL` without `--in-force`), which holds the waiting version
    itself, so that a member citing it names the version the reader finds in the same copy."""
    renderer = CorpusRenderer(result.corpus, result.context.config, remembered)
    renderer.gone = deleted_titles(result.context.history, result.corpus)
    if not as_approved:
        renderer.in_force = references_in_force(result)
    return renderer


@dataclass(frozen=True)
class ManualInForce:
    """A manual whose index page is approved at a version not yet in force today (`Manual.pending_on`) and the
    page's version in force until then (`Manual.in_force_before`), with that version's release as git holds it
    (None: it holds none), as `HeldInForce` is for a document."""

    manual: Manual
    version: str
    release: Release | None
    pictures_changed: bool = False

    @property
    def copied(self) -> bool:
        """Whether the build makes the whole manual in force (and the site links it)."""
        return self.release is not None and not self.pictures_changed


def manuals_in_force(result: CheckResult) -> list[ManualInForce]:
    """Every manual whose approved index page waits for its effective date today, with the release of the page's
    version in force until then: the build makes the whole manual in force beside the approved one. Worked out
    once per checked corpus, as `held_in_force`."""
    return list(_once(result, "manuals_in_force", _manuals_in_force))


def _manuals_in_force(result: CheckResult) -> list[ManualInForce]:
    config = result.context.config
    versions = result.context.history.versions
    out = []
    for manual in result.corpus.sorted_manuals():
        if not manual.pending_on(config.today):
            continue
        history = releases("manual", manual.path, versions.get(manual.path, []))
        before = _page_before(manual, history)
        if before:
            found = latest(history, before)
            changed = found is not None and _pictures_changed(found, manual.path, config.manuals_path,
                                                              config.manuals_dir, config.dialect)
            out.append(ManualInForce(manual, before, found, changed))
    return out


def _page_before(manual: Manual, history: list[Release]) -> str:
    """The version of `manual`'s index page in force while its approved version waits (`Manual.pending_on`): by
    its 修订记录, else (a page approved before releases kept one) the release git holds before this one ("" when
    neither knows one)."""
    return manual.in_force_before or next((r.version for r in reversed(history) if r.version != manual.version
                                           and earlier(r.version, manual.version)), "")


def page_before(manual: Manual, versions: dict[str, list[Revisioned]]) -> str:
    """`_page_before` from git's `versions` (path → revisions, core/approval.py `History.versions`): what `qmsdoc
    issue`, the page and `qmsdoc verify` name in force until the approved page takes effect."""
    return _page_before(manual, releases("manual", manual.path, versions.get(manual.path, [])))


def manual_pages_in_force(result: CheckResult) -> dict[str, str]:
    """Each manual whose whole copy in force the build makes while its index page waits → the page's version in
    that copy (`manuals_in_force`): what the manifest lists of it."""
    return {held.manual.id: held.version for held in manuals_in_force(result) if held.copied}


def notice_html(notice: str) -> str:
    """A notice put on the face of a whole-manual copy, before its index page's text (escaped: it quotes versions)."""
    return f"<p><strong>{escape(notice)}</strong></p>\n" if notice else ""


def manual_page_notice(manual: Manual, today: dt.date | None, before: str) -> str:
    """What the approved index page's copy says while it waits for its effective date (as a document's
    `pending_notice`): not to be worked to before then, and which version (`before`) is in force until then;
    "" otherwise."""
    if today is None or not manual.pending_on(today):
        return ""
    return waiting_notice(manual, before)


def in_force_manual_job(held: ManualInForce, release: Release, members: tuple[DocumentJob, ...],
                        renderer: CorpusRenderer, organisation: str, assets_root: str,
                        project_id: str = "") -> ManualJob:
    """The whole manual in force while its approved index page waits: the page's version before (its release's
    text, cover and 修订记录) with `members` (each at its version in force), saying on its face until when."""
    manual = held.manual
    intro = notice_html(in_force_notice(release.version, manual)) + renderer.text(release.body, manual.path).html
    return manual_job(page_as_released(manual, release), members, organisation, intro_html=intro,
                      assets_root=assets_root, project_id=project_id)


def in_force_job(held: HeldInForce, release: Release, renderer: CorpusRenderer, organisation: str,
                 assets_root: str, project_id: str = "") -> DocumentJob:
    """The controlled copy of the version in force while its successor waits: its release's text and record, as
    `qmsdoc copy --version` makes it, not marked 历史版本 (it is the version to work to) but saying until when."""
    document = held.document
    old = dataclasses.replace(release.document, manual=document.manual,
                              project_review_months=document.project_review_months)
    job = document_job(old, renderer.text(release.body, document.path).html, organisation, assets_root,
                       project_id=project_id)
    return held_copy(job, release.version, document)


@dataclass
class CopyPlan:
    documents: list[DocumentJob] = field(default_factory=list)
    forms: list[FormJob] = field(default_factory=list)
    manuals: list[ManualJob] = field(default_factory=list)
    signins: list[SigninJob] = field(default_factory=list)  # 学习签到表: written as Word files only
    in_force: list[DocumentJob] = field(default_factory=list)  # the version in force while its successor waits
    in_force_manuals: list[ManualJob] = field(default_factory=list)  # a whole manual whose index page waits, in force

    def files(self, suffix: str) -> list[tuple[str, CopyJob]]:
        """Each job with the file it is written to inside its format's folder (`documents/QP-02-03.pdf`)."""
        out: list[tuple[str, CopyJob]] = [(copy_relative(j.id, "document", suffix), j) for j in self.documents]
        out += [(copy_relative(j.id, "form", suffix), j) for j in self.forms]
        out += [(copy_relative(j.id, "manual", suffix), j) for j in self.manuals]
        out += [(in_force_relative(j.id, j.version, suffix), j) for j in self.in_force]
        out += [(in_force_relative(j.id, j.version, suffix, "manual"), j) for j in self.in_force_manuals]
        return out

    def signin_files(self, suffix: str) -> list[tuple[str, SigninJob]]:
        """Each sign-in sheet with its file (`signin/QP-02-03.docx`)."""
        return [(copy_relative(j.id, "signin", suffix), j) for j in self.signins]


def plan_copies(result: CheckResult, renderer: CorpusRenderer, organisation: str,
                only: Iterable[str] | None = None, *, approved_manuals: bool = False) -> CopyPlan:
    """The copy jobs of a checked corpus; each document is rendered once even if a manual holds it.
    A whole manual holds each document at its version in force today: while an approved successor waits for its
    effective date, the copy of the version before (`in_force_job`, with its notice), so staff handed the manual
    work to what is in force. `approved_manuals`: each at its approved version instead, a waiting one saying on
    its face from when it applies (`qmsdoc issue MANUAL` without `--in-force`)."""
    corpus = result.corpus
    wanted = set(only) if only is not None else None
    plan = CopyPlan()
    jobs: dict[str, DocumentJob] = {}
    assets_root = str(result.context.config.manuals_path)
    held_now = {held.document.id: held for held in held_in_force(result)  # a build without git for it says so
                if held.copied and held.release is not None}              # once (pipeline.py)
    held_jobs: dict[str, DocumentJob] = {}

    def job_for(document: Document) -> DocumentJob:  # rendered only when some export needs it
        if document.id not in jobs:
            jobs[document.id] = document_job(document, renderer.document(document).html, organisation, assets_root,
                                             config.today, project_id=config.project_id or "")
        return jobs[document.id]

    def in_force_for(held: HeldInForce) -> DocumentJob:  # its release rendered once, for its copy and a manual's
        if held.document.id not in held_jobs and held.release is not None:
            held_jobs[held.document.id] = in_force_job(held, held.release, renderer, organisation, assets_root,
                                                       config.project_id or "")
        return held_jobs[held.document.id]

    def member_job(document: Document) -> DocumentJob | None:
        if approved_manuals:
            return job_for(document)
        if document.first_waits_on(config.today):  # no version of it in force yet: the manual in force holds none
            return None
        held = held_now.get(document.id)
        return in_force_for(held) if held is not None else job_for(document)

    config = result.context.config
    for document in corpus.sorted_documents():
        if wanted is None or document.id in wanted:
            plan.documents.append(job_for(document))
            need = requirement(document, config) if in_force(document) else None
            if need is not None:
                revisions = result.context.history.versions
                due = due_text(dues(document, need, revisions, config.today))
                plan.signins.append(signin_job(job_for(document), need.departments,
                                               released_on(document, revisions=revisions), due))
    for held in held_now.values():
        if wanted is None or held.document.id in wanted:
            plan.in_force.append(in_force_for(held))
    for form in corpus.sorted_forms():
        if wanted is None or form.id in wanted:
            plan.forms.append(form_job(form, corpus.documents.get(form.owner or ""), organisation, config.today,
                                       project_id=config.project_id or ""))
    pages = {held.manual.id: held for held in manuals_in_force(result)}
    pages_now = {code: held for code, held in pages.items() if held.copied}
    for manual in corpus.manuals:
        if wanted is None or manual.id in wanted:
            members = tuple(job for d in manual_members(manual, corpus, config.today)
                            if (job := member_job(d)) is not None)
            before = pages[manual.id].version if manual.id in pages else manual.in_force_before
            intro = notice_html(manual_page_notice(manual, config.today, before)) + \
                renderer.text(manual.source.body, manual.path).html
            plan.manuals.append(manual_job(manual, members, organisation, intro_html=intro,
                                           assets_root=assets_root, project_id=config.project_id or ""))
            page = pages_now.get(manual.id)
            if page is not None and page.release is not None and not approved_manuals:
                plan.in_force_manuals.append(in_force_manual_job(page, page.release, members, renderer,
                                                                 organisation, assets_root, config.project_id or ""))
    return plan


def manual_held(result: CheckResult) -> dict[str, str]:
    """Each document a whole-manual copy holds at its version in force rather than its approved one (its successor
    waits for its effective date and the build makes that version's copy) → that version, or "" for one it holds
    no version of (its first version waits, `Document.first_waits_on`): what the manifest records of the manual's
    copies, as `plan_copies` makes them."""
    today = result.context.config.today
    return {**{d.id: "" for d in result.corpus.documents.values() if d.first_waits_on(today)},
            **{held.document.id: held.version for held in held_in_force(result) if held.copied}}
