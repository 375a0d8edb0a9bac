"""Which controlled copies a build makes: every document, form and manual (or only the ids a dirty
rebuild names), as jobs the Word and PDF exporters both draw. One plan, so the two formats always
cover the same set."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .check import CheckResult
from .copyjobs import (
    CopyJob,
    DocumentJob,
    FormJob,
    ManualJob,
    SigninJob,
    document_job,
    form_job,
    in_force_notice,
    manual_job,
    manual_members,
    signin_job,
    xml_safe,
)
from .model import Document
from .paths import copy_relative, in_force_relative
from .pictures import RECORD_KEY, manual_pictures, page_folder, picture_digest
from .render import CorpusRenderer
from .training import due_text, dues, in_force, released_on, requirement
from .versions import Release, latest, releases


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


def _pictures_changed(release: Release, document: Document, manuals: Path, manuals_dir: str) -> bool:
    """Whether a picture `release` shows differs from what its approval recorded of it (none recorded: unknown)."""
    shown = [path for _, _, path in manual_pictures(release.body, 1, page_folder(document.path, manuals_dir))]
    if not shown:
        return False
    approved = release.data.get("approved")
    recorded = approved.get(RECORD_KEY) if isinstance(approved, dict) else None
    if not isinstance(recorded, dict):
        return True
    return any(recorded.get(path) != picture_digest(manuals / path) for path in shown)


def held_in_force(result: CheckResult) -> list[HeldInForce]:
    """Every document whose approved successor waits for its effective date today, in control-number order, with
    the release of the version staff work to until then: what the build makes copies of beside the successor's."""
    config = result.context.config
    versions = result.context.history.versions
    out = []
    for document in result.corpus.sorted_documents():
        before = document.in_force_before if document.pending_on(config.today) else ""
        if before:
            found = latest(releases("document", document.path, versions.get(document.path, [])), before)
            changed = found is not None and _pictures_changed(found, document, config.manuals_path, config.manuals_dir)
            out.append(HeldInForce(document, before, found, changed))
    return out


def in_force_job(held: HeldInForce, release: Release, renderer: CorpusRenderer, organisation: str,
                 assets_root: str) -> DocumentJob:
    """The controlled copy of the version in force while its successor waits: its release's text and record, as
    `qmsdoc copy --version` makes it, not marked 历史版本 (it is the version to work to) but saying until when."""
    document = held.document
    old = dataclasses.replace(release.document, manual=document.manual,
                              project_review_months=document.project_review_months)
    job = document_job(old, renderer.text(release.body, document.path).html, organisation, assets_root)
    return xml_safe(dataclasses.replace(job, notice=in_force_notice(release.version, document)))


@dataclass
class CopyPlan:
    documents: list[DocumentJob] = field(default_factory=list)
    forms: list[FormJob] = field(default_factory=list)
    manuals: list[ManualJob] = field(default_factory=list)
    signins: list[SigninJob] = field(default_factory=list)  # 学习签到表: written as Word files only
    in_force: list[DocumentJob] = field(default_factory=list)  # the version in force while its successor waits

    def files(self, suffix: str) -> list[tuple[str, CopyJob]]:
        """Each job with the file it is written to inside its format's folder (`documents/QP-02-03.pdf`)."""
        out: list[tuple[str, CopyJob]] = [(copy_relative(j.id, "document", suffix), j) for j in self.documents]
        out += [(copy_relative(j.id, "form", suffix), j) for j in self.forms]
        out += [(copy_relative(j.id, "manual", suffix), j) for j in self.manuals]
        out += [(in_force_relative(j.id, j.version, suffix), j) for j in self.in_force]
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
                                             config.today)
        return jobs[document.id]

    def in_force_for(held: HeldInForce) -> DocumentJob:  # its release rendered once, for its copy and a manual's
        if held.document.id not in held_jobs and held.release is not None:
            held_jobs[held.document.id] = in_force_job(held, held.release, renderer, organisation, assets_root)
        return held_jobs[held.document.id]

    def member_job(document: Document) -> DocumentJob:
        held = None if approved_manuals else held_now.get(document.id)
        return in_force_for(held) if held is not None else job_for(document)

    config = result.context.config
    for document in corpus.sorted_documents():
        if wanted is None or document.id in wanted:
            plan.documents.append(job_for(document))
            need = requirement(document, config) if in_force(document) else None
            if need is not None:
                due = due_text(dues(document, need, result.context.history.versions, config.today))
                plan.signins.append(signin_job(job_for(document), need.departments, released_on(document), due))
    for held in held_now.values():
        if wanted is None or held.document.id in wanted:
            plan.in_force.append(in_force_for(held))
    for form in corpus.sorted_forms():
        if wanted is None or form.id in wanted:
            plan.forms.append(form_job(form, corpus.documents.get(form.owner or ""), organisation))
    for manual in corpus.manuals:
        if wanted is None or manual.id in wanted:
            members = tuple(member_job(d) for d in manual_members(manual, corpus))
            intro = renderer.text(manual.source.body, manual.path).html
            plan.manuals.append(manual_job(manual, members, organisation, intro_html=intro,
                                           assets_root=assets_root))
    return plan


def manual_held(result: CheckResult) -> dict[str, str]:
    """Each document a whole-manual copy holds at its version in force rather than its approved one (its successor
    waits for its effective date and the build makes that version's copy) → that version: what the manifest
    records of the manual's copies, as `plan_copies` makes them."""
    return {held.document.id: held.version for held in held_in_force(result) if held.copied}
