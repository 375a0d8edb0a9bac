"""Plain, picklable descriptions of one controlled copy (document, form, manual): what the Word and PDF
exporters both draw, so worker processes need no corpus and the two formats cannot disagree."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .formhead import Column, ColumnGroup
from .i18n import languages, t
from .model import SIGNOFF_LABELS, Corpus, Document, Form, HistoryEntry, Manual, Signoff, parse_date, replacement_text
from .status import Status
from .xmltext import NOT_XML


@dataclass(frozen=True)
class DocumentJob:
    id: str
    title: str
    version: str
    status: Status
    type_label: str
    department: str
    effective_date: str
    html: str
    organisation: str
    signoffs: tuple[tuple[str, str, str], ...]
    history: tuple[tuple[str, str, str, str], ...]
    approval_date: dt.date | None
    assets_root: str = ""  # the manuals folder: images in the body are read from here
    notice: str = ""  # 作废 notice naming the successor, shown under the title
    copy_number: str = ""  # 分发号 of an issued copy (blank for the build's anonymous copies)
    superseded: str = ""  # a copy of an earlier version (`qmsdoc copy --version`): the version that replaced it
    project_id: str = ""  # qmsdoc.yml's `project_id`, in the file's properties (core/projectid.py): "" when unset

    @property
    def controlled(self) -> bool:
        return self.status.is_controlled and not self.superseded

    @property
    def watermark(self) -> str | None:
        if self.superseded:
            return t("copy.watermark.superseded")
        if self.status.is_obsolete:
            return t("copy.watermark.obsolete")
        return t("copy.watermark.draft") if self.status.is_unapproved else None

    @property
    def meta_line(self) -> str:
        """The line under the title of its Word and PDF copy: number, version, kind."""
        return t("page.gap").join((self.id, self.version, self.type_label))


def in_force_notice(version: str, successor: Document | Manual) -> str:
    """The notice under the title of a copy of the version in force while `successor` (a document, or a manual's
    index page), approved, waits for its effective date (`pending_on`): work to this copy until then, and from
    that day it is obsolete."""
    return t("copy.in_force_notice", version=version, new=str(successor.version or ""),
             date=successor.effective_date)


def pending_notice(document: Document, today: dt.date | None) -> str:
    """The notice under the title of a copy of a version approved but not yet in force on `today`
    (`Document.pending_on`): not to be worked to before its effective date, and which version is in force
    until then (`Document.in_force_before`); "" for any other version, or without a day."""
    if today is None or not document.pending_on(today):
        return ""
    return waiting_notice(document, document.in_force_before)


def waiting_notice(item: Document | Manual, before: str) -> str:
    """The notice on a copy of `item`'s approved version that waits for its effective date: not to be worked to
    before then, `before` (a version, or "") being in force until then."""
    return t("copy.pending_notice", version=str(item.version or ""), date=item.effective_date,
             before=t("copy.pending_before", version=before) if before else "")


def superseded_notice(version: str, replaced: str) -> str:
    """The notice under the title of a copy of an earlier version; `replaced` says what ended it
    (`versions.replaced_by`)."""
    return t("copy.superseded_notice", version=version, replaced=replaced)


@dataclass(frozen=True)
class FormJob:
    id: str
    title: str
    version: str
    owner: str
    retention: str
    landscape: bool
    fields: tuple[tuple[str, int, str], ...]
    columns: tuple[Column, ...]  # the table's heads as written (core/formhead.py lays them out)
    rows: int
    signatures: tuple[str, ...]
    organisation: str
    date: dt.date | None
    copy_number: str = ""  # 分发号 of an issued copy
    notice: str = ""  # shown under the title: the notice of a copy of an earlier version
    superseded: str = ""  # a copy of an earlier version (`qmsdoc copy --version`): the version that replaced it
    status: Status = Status.EFFECTIVE  # 草稿 for a form drafted with its owner's revision
    project_id: str = ""  # qmsdoc.yml's `project_id` (core/projectid.py)

    @property
    def controlled(self) -> bool:
        return not self.superseded and self.status.is_controlled

    @property
    def watermark(self) -> str | None:
        if self.superseded:
            return t("copy.watermark.superseded")
        if self.status.is_obsolete:  # withdrawn with its owner (core/model.py `Form.status`)
            return t("copy.watermark.obsolete")
        return t("copy.watermark.draft") if self.status.is_unapproved else None


@dataclass(frozen=True)
class ManualJob:
    id: str
    title: str
    version: str
    owner: str
    effective_date: str
    organisation: str
    signoffs: tuple[tuple[str, str, str], ...]
    documents: tuple[DocumentJob, ...] = field(default_factory=tuple)
    copy_number: str = ""  # 分发号 of an issued copy
    intro_html: str = ""  # the manual's own index page (scope, 发布声明), shown after the cover
    assets_root: str = ""
    history: tuple[tuple[str, str, str, str], ...] = ()  # the index page's 修订记录, shown after it (none if not kept)
    as_of: str = ""  # the day of a copy of the manual as it stood then (`qmsdoc copy MANUAL --as-of`): never controlled
    project_id: str = ""  # qmsdoc.yml's `project_id` (core/projectid.py)

    @property
    def controlled(self) -> bool:
        return not self.as_of

    @property
    def watermark(self) -> str | None:
        return t("copy.watermark.superseded") if self.as_of else None

    @property
    def state(self) -> str:
        """受控状态 as the cover and every footer print it: 受控, or 历史版本（YYYY-MM-DD 现行）、非受控."""
        return t("copy.as_of_state", day=self.as_of) if self.as_of else t("copy.controlled")

    @property
    def meta_line(self) -> str:
        """The line under the title of the manual's index page in its Word and PDF copy: number and version."""
        return t("page.gap").join((self.id, self.version))

    def contents_line(self, member: DocumentJob) -> str:
        """A member's line in the 目录: number and title, and the version it had that day in a copy of a past day."""
        gap = t("page.gap")
        line = f"{member.id}{gap}{member.title}"
        return f"{line}{gap}{member.version}" if self.as_of else line


CopyJob = DocumentJob | FormJob | ManualJob  # one controlled copy, whatever its kind


@dataclass(frozen=True)
class SigninJob:
    """The 学习签到表 of a version in force that departments must acknowledge: what was released (document,
    version, change summary) and who must read it by when, above blank rows for 姓名/部门/日期/签名."""

    id: str
    title: str
    version: str
    organisation: str
    department: str  # 归口部门 of the document
    change: str  # the 修订记录 note of this version
    released: str
    due: str
    departments: tuple[str, ...]
    approval_date: dt.date | None
    rows: int = 20
    project_id: str = ""  # qmsdoc.yml's `project_id` (core/projectid.py)


FileJob = CopyJob | SigninJob  # every file a Word export writes


J = TypeVar("J", DocumentJob, FormJob, ManualJob, SigninJob)


def _xml_safe(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Status):
        return NOT_XML.sub("", value)  # Word would refuse the file
    if isinstance(value, tuple):
        return tuple(_xml_safe(v) for v in value)
    if isinstance(value, ColumnGroup):
        return ColumnGroup(_xml_safe(value.label), _xml_safe(value.columns))
    return value


def xml_safe(job: J) -> J:
    """Every string a job carries into python-docx, made XML-safe in one place."""
    return dataclasses.replace(job, **{f.name: _xml_safe(getattr(job, f.name))
                                       for f in dataclasses.fields(job) if f.name != "documents"})


def held_copy(job: DocumentJob, version: str, successor: Document) -> DocumentJob:
    """`job`, the copy of `version`, as the copy in force while `successor` waits for its effective date: saying
    so under its title (`in_force_notice`) — what the build writes (core/copyplan.py `in_force_job`), `qmsdoc copy
    --version` of it writes and `qmsdoc verify` rebuilds."""
    return xml_safe(dataclasses.replace(job, notice=in_force_notice(version, successor)))


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _history(entries: list[HistoryEntry]) -> tuple[tuple[str, str, str, str], ...]:
    """修订记录 rows as the copies show them: version, date, by, change."""
    return tuple((e.raw_version, _day(e.date), e.by, e.change) for e in entries)


def _signoffs(signoffs: dict[str, Signoff | None]) -> tuple[tuple[str, str, str], ...]:
    return tuple((label, s.by if s else "", _day(s.date) if s else "") for key, label in SIGNOFF_LABELS
                 for s in [signoffs.get(key)])


def document_date(document: Document) -> dt.date | None:
    """The date a document's Word and PDF copies carry (created = modified): its approval's, else its effective
    date; None (DRAFT_DATE in the file) for a draft. `qmsdoc verify` holds a copy to the date its sources give now."""
    approved = document.signoffs.get("approved")
    return approved.date if approved else document.effective_date


def form_date(form: Form, owner: Document | None) -> dt.date | None:
    """The date a blank form's copies carry: the form's own approval (the owning document's is of another
    release), else the owner's; None for a form never approved."""
    approved = form.approval or (owner.signoffs.get("approved") if owner else None)
    return approved.date if approved else None


def document_job(document: Document, html: str, organisation: str, assets_root: str = "",
                 today: dt.date | None = None, *, project_id: str = "") -> DocumentJob:
    """The copy job of `document`; with `today`, a version approved but not yet in force then says so on its face
    (`pending_notice`), in the Word and PDF copy alike, and a document whose withdrawal is dated later is the
    controlled copy of its version in force (`Document.before_withdrawal`), saying from when it is withdrawn."""
    if today is not None and document.withdrawal_waits_on(today):
        job = document_job(document.before_withdrawal(), html, organisation, assets_root, project_id=project_id)
        notice = document.withdrawal_pending_text(document.superseded_by or "")
        return dataclasses.replace(job, notice=_xml_safe(notice))
    return xml_safe(DocumentJob(
        id=document.id, title=document.title, version=str(document.version or ""), status=document.status,
        type_label=document.type_label, department=document.department,
        effective_date=document.effective_cell, html=html,
        organisation=_heading(organisation, document.status), signoffs=_signoffs(dict(document.signoffs)),
        history=_history(document.history),
        approval_date=document_date(document), assets_root=assets_root,
        notice=_obsolete_notice(document) or pending_notice(document, today), project_id=project_id,
    ))


def _heading(organisation: str, status: Status) -> str:
    """The name a copy of a document or form in `status` is headed with (its Word and PDF copy alike):
    `organisation`, except that the fallback when qmsdoc.yml names none (「受控文件」) would call an unapproved
    draft (`publish_drafts`) a controlled document, which it is not — it is headed as an unapproved draft."""
    if status.is_unapproved and organisation == t("config.default_organisation"):
        return t("copy.draft_organisation")
    return organisation


def _notice_pattern(messages: Mapping[str, str]) -> re.Pattern[str] | None:
    """One catalogue's 作废 notice (copy.obsolete.notice with its optional when and successor parts, then its
    optional reason) as a pattern capturing the date, the successor and the reason; None if the catalogue lacks a
    part."""
    keys = ("copy.obsolete.notice", "copy.obsolete.when", "version.successor", "copy.obsolete.reason")
    parts = [messages.get(key) for key in keys]
    if not all(parts):
        return None
    notice, when, successor, reason = (re.escape(part or "") for part in parts)
    reason = reason.replace(re.escape("{reason}"), r"(?P<reason>.+?)")
    when = when.replace(re.escape("{date}"), r"(?P<date>\S+?)")
    successor = successor.replace(re.escape("{id}"), r"(?P<successor>[^\s，。]+?)")
    whole = notice.replace(re.escape("{when}"), f"(?:{when})?").replace(re.escape("{successor}"), f"(?:{successor})?")
    return re.compile(f"^{whole}(?:{reason})?$")


def read_obsolete_notice(text: str) -> re.Match[str] | None:
    """The 作废 notice an obsolete copy prints under its title (_obsolete_notice), in any language's words —
    the importer reads an English copy's back as it reads a Chinese one — with its date and successor; None
    for any other text."""
    for language in languages().values():
        pattern = _notice_pattern(language.messages)
        if pattern is not None and (match := pattern.match(text.strip())):
            return match
    return None


def _obsolete_notice(document: Document) -> str:
    if not document.status.is_obsolete:
        return ""
    when = t("copy.obsolete.when", date=document.withdrawn) if document.withdrawn else ""
    successor = replacement_text(document.superseded_by or "")  # never 「，无替代文件」: the importer reads it back
    return t("copy.obsolete.notice", when=when, successor=successor) + document.withdrawal_reason


def form_job(form: Form, owner: Document | None, organisation: str, today: dt.date | None = None, *,
             project_id: str = "") -> FormJob:
    """The copy job of blank `form`; with `today`, one withdrawn with its owner only on a later day is the form in
    use until then, saying so (`Form.withdrawal_pending_text`), not watermarked 作废."""
    if today is not None and form.status.is_obsolete and not form.withdrawn_on(today):
        job = form_job(dataclasses.replace(form, withdrawn_with=None, withdrawn=None), owner, organisation,
                       project_id=project_id)
        return dataclasses.replace(job, notice=_xml_safe(form.withdrawal_pending_text()))
    return xml_safe(FormJob(
        id=form.id, title=form.title, version=str(form.version or ""),
        owner=t("ref.plain", title=owner.title, id=owner.id) if owner else "", retention=form.retention,
        landscape=form.orientation == "landscape",
        fields=tuple((f.label, f.lines, f.width) for f in form.fields), columns=tuple(form.columns),
        rows=form.rows, signatures=tuple(form.signatures), organisation=_heading(organisation, form.status),
        date=form_date(form, owner), status=form.status, notice=_withdrawn_form_notice(form), project_id=project_id,
    ))


def _withdrawn_form_notice(form: Form) -> str:
    """What a blank form withdrawn with its owner says under its title, on its Word and PDF copy alike."""
    if not form.status.is_obsolete:
        return ""
    when = t("copy.obsolete.when", date=form.withdrawn) if form.withdrawn else ""
    return t("copy.form_withdrawn.notice", owner=form.withdrawn_with or "", when=when)


def signin_job(job: DocumentJob, departments: tuple[str, ...], released: dt.date | None, due: str) -> SigninJob:
    """The sign-in sheet of a document's version in force, from its copy job (the same data as its Word copy);
    `due` as training.due_text writes it."""
    change = next((note for version, _day, _by, note in reversed(job.history) if version == job.version), "")
    return xml_safe(SigninJob(id=job.id, title=job.title, version=job.version, organisation=job.organisation,
                              department=job.department, change=change, released=_day(released), due=due,
                              departments=departments, approval_date=job.approval_date, project_id=job.project_id))


def manual_members(manual: Manual, corpus: Corpus, today: dt.date | None) -> list[Document]:
    """The documents a whole-manual copy of `today` holds: those in force (approved or effective, and one whose
    withdrawal is dated later: `Document.in_force_on`; without a day, as their status reads), in control-number
    order (a duplicate id's losing copy is left out: the corpus keeps one document per id)."""
    return [d for d in sorted(manual.documents, key=lambda d: d.sort_key)
            if (d.in_force_on(today) if today is not None else d.status.is_controlled)
            and corpus.documents.get(d.id) is d]


def manual_job(manual: Manual, documents: tuple[DocumentJob, ...], organisation: str, *,
               intro_html: str = "", assets_root: str = "", as_of: dt.date | None = None,
               project_id: str = "") -> ManualJob:
    return xml_safe(ManualJob(
        id=manual.id, title=manual.title, version=manual.version, owner=manual.owner,
        effective_date=manual.effective_cell, organisation=organisation, signoffs=_signoffs(manual.signoffs),
        documents=documents, intro_html=intro_html, assets_root=assets_root, history=_history(manual.history),
        as_of=_day(as_of), project_id=project_id,
    ))


def manual_date(job: ManualJob) -> dt.date | None:
    """The whole copy's date: its effective date (the cell's date, before any note of the day it landed)."""
    return parse_date(job.effective_date[:10])
