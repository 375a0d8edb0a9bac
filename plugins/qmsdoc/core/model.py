"""The controlled-document model: Manual, Document, Form and the Corpus that holds them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any, Protocol, overload

from .codes import natural_key, owner_form_pattern, stem_to_code
from .formhead import Column
from .i18n import t
from .revision import Revision
from .source import SourceText
from .status import Status

DOCUMENT_TYPES = ("procedure", "work-instruction", "job-description", "policy", "manual-section")
SIGNOFF_KEYS = ("prepared", "reviewed", "approved")
_LABELLED = (*DOCUMENT_TYPES, "form", "manual")  # "manual": a manual's own index page, as registers list it


class _TypeLabels(Mapping[str, str]):
    """Document type → its name in the project's language (程序文件, Procedure), read when asked."""

    def __getitem__(self, kind: str) -> str:
        if kind not in _LABELLED:
            raise KeyError(kind)
        return t(f"type.{kind}")

    def __iter__(self) -> Iterator[str]:
        return iter(_LABELLED)

    def __len__(self) -> int:
        return len(_LABELLED)


class _SignoffLabels(Sequence[tuple[str, str]]):
    """(key, label) of the three sign-offs (编制/审核/批准, Prepared/Reviewed/Approved), read when asked."""

    @overload
    def __getitem__(self, index: int) -> tuple[str, str]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, str]]: ...

    def __getitem__(self, index: int | slice) -> tuple[str, str] | Sequence[tuple[str, str]]:
        pairs = [(key, t(f"signoff.{key}")) for key in SIGNOFF_KEYS]
        return pairs[index]

    def __len__(self) -> int:
        return len(SIGNOFF_KEYS)


TYPE_LABELS: Mapping[str, str] = _TypeLabels()
SIGNOFF_LABELS: Sequence[tuple[str, str]] = _SignoffLabels()


EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2200, 12, 31)  # the schema's range (QD004 outside it)


def parse_date(value: object) -> dt.date | None:
    """A real date within 1900–2200, else None (the schema has already reported it)."""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass
class Signoff:
    by: str
    date: dt.date | None
    fingerprint: str | None = None

    @classmethod
    def from_data(cls, data: Any) -> Signoff | None:
        if not isinstance(data, dict) or not data.get("by"):
            return None
        return cls(str(data["by"]), parse_date(data.get("date")), data.get("fingerprint"))


@dataclass
class HistoryEntry:
    version: Revision | None
    raw_version: str
    date: dt.date | None
    by: str
    change: str
    line: int


def withdrawn_by(withdrawn: dt.date | None, day: dt.date) -> bool:
    """Whether a withdrawal dated `withdrawn` has ended what it withdrew by `day` — the one place it is decided: on
    the withdrawal's own day nothing it withdrew is in force any more (`in_force_on`, so `register --as-of` and
    `copy --as-of` of that day leave it out, and `acknowledge` records no reading of it dated that day), and on a
    day before it (a past day asked with QMSDOC_TODAY) it is still in force (`Document.withdrawn_on`)."""
    return withdrawn is not None and withdrawn <= day


def pending_status(effective: dt.date | None, before: str) -> str:
    """The status of a version approved but not yet in force: 已批准 with the day it takes effect, and — when it is
    known (`in_force_before`) — the version in force until then, which the version column of a register, showing
    the approved one, does not say."""
    return t("status_on.pending_before", date=effective, before=before) if before \
        else t("status_on.pending", date=effective)


@dataclass
class Manual:
    id: str
    title: str
    folder: str
    owner: str
    document_pattern: str
    form_pattern: str
    source: SourceText
    data: dict[str, Any]  # the validated front matter, for fields with no typed attribute below
    documents: list[Document] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)  # 修订记录 of the index page, if one is kept
    # Set after the check from git (core/versions.py `mark_landed`), as a document's: the index page's version came
    # into force on the line later than its effective date (merged from a branch, restored by a revert).
    landed: Landed | None = None

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def version(self) -> str:
        return str(self.data.get("version") or "")

    @property
    def effective_date(self) -> dt.date | None:
        return parse_date(self.data.get("effective_date"))

    @property
    def effective_note(self) -> str:
        """What every output writes after the index page's effective date (`landed_note`), as a document's."""
        return landed_note(self.landed) if self.effective_date else ""

    @property
    def effective_cell(self) -> str:
        """The effective date as a register cell or a whole-manual copy shows it, with `effective_note`."""
        return f"{self.effective_date}{self.effective_note}" if self.effective_date else ""

    @property
    def signoffs(self) -> dict[str, Signoff | None]:
        """编制 / 审核 / 批准 of the manual itself, by key (prepared, reviewed, approved)."""
        return {key: Signoff.from_data(self.data.get(key)) for key, _ in SIGNOFF_LABELS}

    @property
    def approval(self) -> Signoff | None:
        """The manual page's own approval record (`approved: {by, date}`), written by `qmsdoc release`."""
        return self.signoffs["approved"]

    @property
    def approval_status(self) -> Status:
        """Where the manual page stands, as a register lists it: 现行有效 once approved (a manual page has no draft
        status: it applies from its approval, as a blank form does); 草稿 while never approved (as `qmsdoc init`
        writes it). Not named `status`: rules judge a page by its `status` attribute (a draft's problems are
        warnings) and a manual index page, always published, is judged as published."""
        return Status.EFFECTIVE if self.approval is not None else Status.DRAFT

    @property
    def status_label(self) -> str:
        return self.approval_status.label

    def pending_on(self, today: dt.date) -> bool:
        """Its page approved but not yet in force on `today` (`release --effective`), as `Document.pending_on`."""
        return self.approval is not None and self.effective_date is not None and today < self.effective_date

    @property
    def in_force_before(self) -> str:
        """The page's version before this one by its 修订记录 ("" when none is kept): the one in force while this
        one waits for its effective date (`pending_on`)."""
        return next((e.raw_version for e in reversed(self.history) if e.raw_version != self.version), "")

    def status_on(self, today: dt.date) -> str:
        """The status as a register of `today` shows it: 已批准 with the day it takes effect while its page waits
        for its effective date (`pending_on`), else its status, as `Document.status_on`."""
        return pending_status(self.effective_date, self.in_force_before) if self.pending_on(today) \
            else self.status_label

    @property
    def type_label(self) -> str:
        return TYPE_LABELS["manual"]

    @property
    def department(self) -> str:
        """The department that owns the manual (`owner`), the register's 部门 column."""
        return self.owner

    @property
    def sort_key(self) -> tuple[object, ...]:
        return natural_key(self.id)

    @property
    def order(self) -> int:
        """Position in the site's navigation (`order:`; unordered manuals come last, by id)."""
        order = self.data.get("order")
        return order if isinstance(order, int) else 999

    @property
    def numbering(self) -> dict[str, Any]:
        numbering = self.data.get("numbering")
        return numbering if isinstance(numbering, dict) else {}

    def form_pattern_for(self, owner: str) -> str | None:
        """The pattern the forms of the document `owner` must match beyond the manual's form pattern: its number
        and the form suffix, when the manual numbers forms after their owners (`codes.owner_form_pattern`)."""
        return owner_form_pattern(self.document_pattern, self.form_pattern, owner)

    def pattern_for(self, doc_type: str) -> str:
        """The numbering pattern for this document type (`numbering.types`), else the manual's document pattern."""
        types = self.numbering.get("types") or {}
        return str(types.get(doc_type) or self.document_pattern)


@dataclass(frozen=True)
class Landed:
    """The day a version came into force on the line users read, later than the effective date its approval
    records (core/versions.py `Release.in_force_from`): merged from a branch after that date, or in force again
    since the version after it was reverted (`restored`). What `register --as-of` and the history page answer
    with; every output that gives the effective date says it beside it (`Document.effective_note`)."""

    day: dt.date
    restored: bool = False

    def text(self, day: str = "") -> str:
        """The history page's words for it, the day written as `day` (default ISO)."""
        key = "history.restored_in_force" if self.restored else "history.merged_in_force"
        return t(key, date=day or self.day.isoformat())


def landed_note(landed: Landed | None) -> str:
    """What an effective-date cell adds when its version came into force on the line later (`Landed`); else ""."""
    return t("label.effective_landed", note=landed.text()) if landed is not None else ""


@dataclass
class Document:
    """One controlled document: front matter fields plus its Markdown body."""

    id: str
    raw_id: str
    title: str
    type: str
    version: Revision | None
    status: Status
    department: str
    source: SourceText
    manual: Manual | None
    effective_date: dt.date | None = None
    review_months: int | None = None
    signoffs: dict[str, Signoff] = field(default_factory=dict)
    history: list[HistoryEntry] = field(default_factory=list)
    superseded_by: str | None = None
    external: list[dict[str, str]] = field(default_factory=list)
    last_review: dt.date | None = None  # the latest dated `reviews:` entry (a periodic review with no change)
    last_reviewer: str = ""  # who made it
    withdrawn: dt.date | None = None
    without_successor: bool = False  # withdrawn with `replaced: false`: nothing replaces it
    withdrawn_reason: str = ""  # `withdrawn: {reason: …}`, as `qmsdoc obsolete --reason` recorded it
    # The project's period (qmsdoc.yml `review_months`), set by the loader: what `review_period` falls back on.
    project_review_months: int | None = None
    # Set after the check from git (core/versions.py `mark_landed`): the version whose effective date this document
    # shows came into force on the line later (merged from a branch, restored by a revert). None without git.
    landed: Landed | None = None

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def body(self) -> str:
        return self.source.body

    @property
    def kind(self) -> str:
        return "document"

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)

    @property
    def review_period(self) -> int | None:
        """The periodic review's period in effect, in months — the one place it is decided: the document's own
        `review_months` when written, else the project's (qmsdoc.yml `review_months`), else None (never due).
        What the approver signed stays `review_months` (the fingerprint and the redline compare that field)."""
        return self.review_months or self.project_review_months

    @property
    def review_period_is_project(self) -> bool:
        """Whether the period in effect is the project's (the document writes none of its own)."""
        return not self.review_months and bool(self.project_review_months)

    @property
    def next_review(self) -> dt.date | None:
        """When the periodic review falls due: `review_period` after the later of the effective date (else the
        approval) and the last review of no change. None for a document that carries no approval (草稿 / 审核中:
        its dates are proposals, nothing is in force to review) or is withdrawn (作废: never due again)."""
        period = self.review_period
        if not period or not self.status.is_controlled:
            return None
        approved = self.signoffs.get("approved")
        base = self.effective_date or (approved.date if approved else None)
        if self.last_review and (base is None or self.last_review > base):
            base = self.last_review  # a periodic review with no change restarts the period
        return add_months(base, period) if base else None

    @property
    def withdrew(self) -> str | None:
        """A withdrawn document's last version in force: its 修订记录's version before the withdrawal's own
        (`qmsdoc obsolete` numbers the withdrawal as a version, but that version was never in force)."""
        if not self.status.is_obsolete:
            return None
        current = str(self.version or "")
        return next((e.raw_version for e in reversed(self.history)
                     if e.version is not None and e.raw_version != current), None)

    @property
    def effective_version(self) -> str:
        """The version the front matter's effective date belongs to: this one, or a withdrawn document's last
        version in force (`withdrew`; "" when its 修订记录 names none): the withdrawal kept the date of the version
        it withdrew."""
        return (self.withdrew or "") if self.status.is_obsolete else str(self.version or "")

    def recorded_on(self, day: dt.date, since: dt.date | None = None) -> tuple[str, dt.date] | None:
        """(version, date) in force on `day` by the 修订记录 alone: the last entry in force on or before it. An
        entry is dated by its approval; the document's own version (a withdrawn one's last version in force,
        `effective_version`) takes effect on the effective date its front matter records (as
        `Release.in_force_from` has it), so a version approved but not yet effective is not the one in force — or
        on `since`, the day git says it came into force on the line (`Release.in_force_from`
        of a release merged from a branch later). What `qmsdoc register --as-of` reads before git history, and
        verify of a copy today."""
        entries = [(version, when) for version, when in self._recorded_starts(since) if when <= day]
        return entries[-1] if entries else None

    def recorded_next(self, day: dt.date, since: dt.date | None = None) -> tuple[str, dt.date] | None:
        """(version, date) of the first version the 修订记录 has coming into force after `day`, dated as
        `recorded_on` dates them (a withdrawal never comes into force): what `register --as-of` says of a day
        before it. None when it records none."""
        withdrawal = str(self.version or "") if self.status.is_obsolete else None
        return next(((version, when) for version, when in self._recorded_starts(since)
                     if when > day and version != withdrawal), None)

    def _recorded_starts(self, since: dt.date | None) -> list[tuple[str, dt.date]]:
        """Each version of the 修订记录 with the day it came into force (`recorded_on`), in its order."""
        own = self.effective_version

        def start(entry: HistoryEntry) -> dt.date | None:
            effective = (since or self.effective_date) if own and entry.raw_version == own else None
            return max(entry.date, effective) if entry.date and effective else entry.date

        return [(e.raw_version, when) for e in self.history if e.version is not None and (when := start(e)) is not None]

    @property
    def in_force_before(self) -> str:
        """The version the 修订记录 has in force the day before this version's effective date ("" when none was, or
        no effective date is recorded): the one still in force while this one is approved but not yet effective."""
        if self.effective_date is None:
            return ""
        found = self.recorded_on(self.effective_date - dt.timedelta(days=1))
        return found[0] if found else ""

    def withdrawn_on(self, day: dt.date) -> bool:
        """作废 on `day`: the status every reader asks for a day (check, verify, the site, registers, the 回收清单).
        Obsolete, and its withdrawal dated on or before `day` (`withdrawn_by`; one recorded without a date counts
        as made); a withdrawal dated later (a past day asked with QMSDOC_TODAY) leaves it in force that day."""
        return self.status.is_obsolete and (self.withdrawn is None or withdrawn_by(self.withdrawn, day))

    def withdrawal_waits_on(self, day: dt.date) -> bool:
        """Obsolete, but on `day` still in force at its last version (`withdrew`): its withdrawal is dated later —
        like an approved version waiting for its effective date (`pending_on`)."""
        return self.status.is_obsolete and not self.withdrawn_on(day)

    def in_force_on(self, day: dt.date) -> bool:
        """Carries an approval in force on `day`: 已批准 / 现行有效, or withdrawn only on a later day."""
        return self.status.is_controlled or self.withdrawal_waits_on(day)

    def state_on(self, day: dt.date) -> Status:
        """The status on `day` — the one every reader of a day asks (check, verify, site, registers): 作废 only
        from its withdrawal's day (`withdrawn_on`, 现行有效 before it), 已批准 while its version waits for its
        effective date (`pending_on`), else its status."""
        if self.withdrawal_waits_on(day):
            return Status.EFFECTIVE
        return Status.APPROVED if self.pending_on(day) else self.status

    def withdrawn_cell_on(self, day: dt.date) -> str:
        """`withdrawn_cell` on `day`: 已作废 from the withdrawal's day, 「D 起作废」 before it."""
        return withdrawal_cell_on(self.withdrawn, self.withdrawal_waits_on(day)) if self.status.is_obsolete else ""

    def before_withdrawal(self) -> Document:
        """This document as its last version in force (`withdrew`) stood before the withdrawal recorded in its front
        matter: 现行有效 at that version, its 修订记录 without the withdrawal's entry, no successor — what every
        output of a day on which the withdrawal still waits (`withdrawal_waits_on`) shows and copies. Itself for a
        document not withdrawn, or one whose 修订记录 names no earlier version."""
        version = Revision.parse(self.withdrew) if self.status.is_obsolete else None
        if version is None:
            return self
        own = str(self.version or "")
        return replace(self, version=version, status=Status.EFFECTIVE, superseded_by=None, withdrawn=None,
                       without_successor=False, withdrawn_reason="",
                       history=[e for e in self.history if e.raw_version != own])

    def listed_on(self, day: dt.date | None) -> Document:
        """This document as a register and its page of `day` give its version and effective date: as its last version
        in force (`before_withdrawal`) while its withdrawal waits — the withdrawal's own version was never in force —
        else itself (an approved version that waits is listed as itself, 已批准 with its day). No day: itself."""
        return self.before_withdrawal() if day is not None and self.withdrawal_waits_on(day) else self

    def withdrawal_pending_text(self, successor: str, date: str = "", version: str = "") -> str:
        """What the site's 尚未作废 banner and the Word and PDF copy of a document whose withdrawal waits
        (`withdrawal_waits_on`) both say: withdrawn from its day, replaced by `successor` (as the output names it: a
        link on the page, the number on a copy) or by nothing, and the version in force until then. `date` and
        `version` as the output writes them (default plain)."""
        return t("page.banner.withdrawal_pending_text", version=version or self.withdrew or "—",
                 date=date or str(self.withdrawn or "—"), successor=replacement_text(successor, self.without_successor))

    def pending_on(self, today: dt.date) -> bool:
        """Approved but not yet in force on `today`: its effective date is later."""
        return self.status.is_controlled and self.effective_date is not None and today < self.effective_date

    def first_waits_on(self, today: dt.date) -> bool:
        """Approved, but no version of it in force on `today`: its first version waits for its effective date (the
        修订记录 has none in force the day before). A whole manual in force that day holds no version of it."""
        return self.pending_on(today) and not self.in_force_before

    def waits_on(self, version: str, today: dt.date) -> bool:
        """Whether `version`, an earlier one, is the version still in force on `today` while this one waits for its
        effective date (`pending_on`, `in_force_before`): its page and copies say 现行, not 历史版本, until then."""
        return bool(version) and self.pending_on(today) and version == self.in_force_before

    def in_force_until(self, version: str, today: dt.date) -> dt.date | None:
        """The day `version`, an earlier one, stops being in force, when it is still the version in force on `today`:
        the next version's effective date while that waits (`waits_on`), the withdrawal's while it waits (`withdrew`,
        `withdrawal_waits_on`). None otherwise: then its page and copies say 历史版本."""
        if self.waits_on(version, today):
            return self.effective_date
        if version and self.withdrawal_waits_on(today) and version == self.withdrew:
            return self.withdrawn
        return None

    def version_on(self, today: dt.date) -> str:
        """The version in force on `today`: the one before while this one waits for its effective date
        (`pending_on`, `in_force_before`), the last one in force while its withdrawal waits (`withdrew`), else this
        one ("" when none is recorded)."""
        if self.withdrawal_waits_on(today):  # the withdrawal's own version was never in force
            return self.withdrew or str(self.version or "")
        before = self.in_force_before if self.pending_on(today) else ""
        return before or str(self.version or "")

    def status_on(self, today: dt.date) -> str:
        """The status as a register of `today` shows it: 已批准 with the day it takes effect while approved but not
        yet in force (`pending_on`) and the version in force until then; 现行有效 with the day it will be withdrawn
        while its withdrawal waits (`withdrawal_waits_on`); else its status (现行有效 …)."""
        if self.withdrawal_waits_on(today):
            return t("status_on.withdrawal_pending", date=self.withdrawn, version=self.withdrew or "—")
        return pending_status(self.effective_date, self.in_force_before) if self.pending_on(today) \
            else self.status_label

    @property
    def effective_note(self) -> str:
        """What every output writes after the effective date: for a withdrawn document, the version that date
        belongs to (the withdrawal kept the date of the version it withdrew); and when that version came into force
        on the line later (`landed`: merged from a branch, restored by a revert), from which day, in the history
        page's words — the day `register --as-of` answers with. Else nothing. Plain text: each output escapes it."""
        if not self.effective_date:
            return ""
        withdrew = self.withdrew
        note = t("label.effective_of", version=withdrew) if withdrew else ""
        return note + landed_note(self.landed)

    @property
    def effective_cell(self) -> str:
        """The effective date as a register cell or copy header shows it, with `effective_note`."""
        return f"{self.effective_date}{self.effective_note}" if self.effective_date else ""

    @property
    def withdrawal_reason(self) -> str:
        """The sentence every output (site banner and 作废文件 list, Word and PDF notice) gives a withdrawn
        document's recorded reason in (作废原因：…。, to follow a sentence as it is); "" for one in force or one
        withdrawn without a reason."""
        reason = self.withdrawn_reason.strip().rstrip("。.")  # the sentence ends it once
        return t("copy.obsolete.reason", reason=reason) if reason and self.status.is_obsolete else ""

    @property
    def withdrawn_cell(self) -> str:
        """What a register's 下次评审 column says of a withdrawn document (已作废 and the day it was withdrawn, when
        recorded) in every register — the site's page, register.csv and register.xlsx; "" for any other document."""
        return withdrawn_cell(self.withdrawn) if self.status.is_obsolete else ""

    def review_overdue(self, today: dt.date) -> bool:
        """Whether the periodic review of this document is past due on `today` (the one place it is decided): any
        document in force — 现行有效, or 已批准 written by hand — as `next_review` dates it (ISO 9001 7.5.2: a
        document approved and in use is reviewed periodically, whatever word its status uses)."""
        due = self.next_review
        return due is not None and due < today

    @property
    def sort_key(self) -> tuple[object, ...]:
        return natural_key(self.id)


@dataclass
class FormField:
    label: str
    lines: int = 1
    width: str = "half"


@dataclass
class Form:
    """A blank quality-record form (质量记录表单) defined in controlled_forms/."""

    id: str
    raw_id: str
    title: str
    version: Revision | None
    owner: str | None
    source: SourceText
    retention: str = ""
    orientation: str = "portrait"
    fields: list[FormField] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)  # the table's heads as written: a head, or a group of them
    rows: int = 0
    signatures: list[str] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)  # 修订记录, if one is kept
    # Set after the check from git (core/versions.py `mark_landed`), as a document's: this version came into force on
    # the line later than its approval (merged from a branch, restored by a revert). None without git.
    landed: Landed | None = None
    # Set once the corpus is loaded (`mark_withdrawn_forms`): the withdrawn document that owns this form and the day it
    # was withdrawn — a blank form applies with its owner, so it went out of use with it (作废 in every output).
    withdrawn_with: str | None = None
    withdrawn: dt.date | None = None

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def kind(self) -> str:
        return "form"

    @property
    def status(self) -> Status:
        """草稿 while `status: draft` (a new form written with its owner's revision), else in force: a released
        blank form carries no status, it applies with the document that owns it."""
        data = self.source.data
        drafted = isinstance(data, dict) and Status.parse(data.get("status")) is Status.DRAFT
        if drafted:
            return Status.DRAFT
        return Status.OBSOLETE if self.withdrawn_with is not None else Status.EFFECTIVE

    def withdrawn_on(self, day: dt.date) -> bool:
        """作废 with its owner on `day` (`Document.withdrawn_on`): not on a day before its owner's withdrawal."""
        return self.status.is_obsolete and (self.withdrawn is None or withdrawn_by(self.withdrawn, day))

    def state_on(self, day: dt.date) -> Status:
        """The status on `day` (`Document.state_on`): in force until its owner's withdrawal's day."""
        return Status.EFFECTIVE if self.status.is_obsolete and not self.withdrawn_on(day) else self.status

    def status_on(self, day: dt.date) -> str:
        """The status as a register of `day` shows it: 现行有效 with the day it goes out of use while its owner's
        withdrawal waits, else its status."""
        if self.status.is_obsolete and not self.withdrawn_on(day):
            return t("status_on.form_withdrawal_pending", date=self.withdrawn, owner=self.withdrawn_with or "")
        return self.status_label

    def withdrawal_pending_text(self, owner: str = "", date: str = "") -> str:
        """What the form's page and its Word and PDF copy both say while its owner's withdrawal waits: in use until
        the day it goes out of use with `owner` (as the output names it; default its number)."""
        return t("page.banner.form_withdrawal_pending_text", owner=owner or self.withdrawn_with or "",
                 date=date or str(self.withdrawn or "—"))

    def withdrawn_cell_on(self, day: dt.date) -> str:
        """`withdrawn_cell` on `day` (`Document.withdrawn_cell_on`)."""
        return withdrawal_cell_on(self.withdrawn, not self.withdrawn_on(day)) if self.status.is_obsolete else ""

    @property
    def withdrawn_cell(self) -> str:
        """What a register's 下次评审 column says of a form withdrawn with its owner, as of a withdrawn document
        (`withdrawn_cell`); "" for a form in force or a draft."""
        return withdrawn_cell(self.withdrawn) if self.status.is_obsolete else ""

    @property
    def approval(self) -> Signoff | None:
        """The form's own approval record (`approved: {by, date}`): a blank form is in force from its date."""
        return Signoff.from_data(self.source.data.get("approved")) if isinstance(self.source.data, dict) else None

    @property
    def effective_date(self) -> dt.date | None:
        """In force from: a blank form applies from its approval (a draft form has none yet)."""
        return self.approval.date if self.approval else None

    @property
    def effective_note(self) -> str:
        """What every output writes after the effective date: from which later day this version is in force on the
        line (`landed`, `landed_note`), as a document's cell says it; else nothing."""
        return landed_note(self.landed) if self.effective_date else ""

    @property
    def effective_cell(self) -> str:
        """The effective date as a register cell shows it, with `effective_note`."""
        return f"{self.effective_date}{self.effective_note}" if self.effective_date else ""

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def type_label(self) -> str:
        return TYPE_LABELS["form"]

    @property
    def sort_key(self) -> tuple[object, ...]:
        return natural_key(self.id)


class Controlled(Protocol):
    """What a controlled document and a blank form have in common: identity, version, status and source.
    Registers, identity rules and copy exporters work on this; Document and Form both satisfy it."""

    @property
    def id(self) -> str: ...
    @property
    def raw_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def version(self) -> Revision | None: ...
    @property
    def source(self) -> SourceText: ...
    @property
    def path(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def status_label(self) -> str: ...
    @property
    def type_label(self) -> str: ...
    @property
    def sort_key(self) -> tuple[object, ...]: ...


Target = Document | Form


@dataclass
class WorkingRevision:
    """A file under `revisions_dir`: the next version of a document, form or manual index page, drafted
    beside the version in force (`qmsdoc revise`). `target` is the source in force at the same relative
    path (None: nothing is there); `item` the draft as a model object (None if it could not be read)."""

    kind: str  # document | form | manual
    source: SourceText
    target: SourceText | None = None
    target_id: str | None = None
    draft_id: str | None = None
    item: Document | Form | Manual | None = None

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def marker(self) -> dict[str, Any]:
        """Its `revision: {of, by, date[, reason]}` record (empty when missing)."""
        data = self.source.data if isinstance(self.source.data, dict) else {}
        marker = data.get("revision")
        return marker if isinstance(marker, dict) else {}

    @property
    def of(self) -> str:
        """The version in force it was started from."""
        return str(self.marker.get("of", ""))

    @property
    def by(self) -> str:
        return str(self.marker.get("by", ""))

    @property
    def date(self) -> dt.date | None:
        return parse_date(self.marker.get("date"))

    @property
    def reason(self) -> str:
        return str(self.marker.get("reason", ""))


@dataclass
class Corpus:
    """Everything loaded: manuals, documents and forms by canonical id, plus loading findings."""

    manuals: list[Manual] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    forms: dict[str, Form] = field(default_factory=dict)
    duplicates: list[tuple[Target, Target]] = field(default_factory=list)
    sources: list[SourceText] = field(default_factory=list)
    home: SourceText | None = None  # manuals/index.md, the site's home page
    # Every file under revisions_dir, and of those the usable working revisions by the id they revise.
    revision_files: list[WorkingRevision] = field(default_factory=list)
    revisions: dict[str, WorkingRevision] = field(default_factory=dict)
    # Working revisions standing in for their sources (with_drafts): each revision's path → the source's path.
    draft_paths: dict[str, str] = field(default_factory=dict)
    _kept_order: dict[str, tuple[list[int], list[Any]]] = field(default_factory=dict, init=False, repr=False,
                                                             compare=False)
    _unloaded: frozenset[str] | None = field(default=None, init=False, repr=False, compare=False)

    def lookup(self, code: str) -> Target | None:
        return self.documents.get(code) or self.forms.get(code)

    def unloaded(self, code: str) -> bool:
        """Whether the file of `code` is there but could not be loaded (not UTF-8, broken YAML…): its loading error
        says so, and a rule must not add that a document or form `code` does not exist."""
        if self._unloaded is None:
            loaded = {d.path for d in self.documents.values()} | {f.path for f in self.forms.values()} | {
                m.path for m in self.manuals}
            self._unloaded = frozenset(stem_to_code(PurePosixPath(s.path).stem) for s in self.sources
                                       if s.findings and s.path not in loaded)
        return code in self._unloaded

    def department_of(self, target: Target) -> str:
        return department_of(target, self.documents)

    def home_path(self, path: str) -> str:
        """Where the relative links and pictures of the page at `path` start from: its own path, or for a
        working revision the path of the source it revises — where its body will be once released, so that
        the draft shows and is checked with the pictures it will show then."""
        if path in self.draft_paths:
            return self.draft_paths[path]
        revised = next((r.target for r in self.revision_files if r.path == path), None)
        return revised.path if revised is not None else path

    def manual(self, code: str) -> Manual | None:
        """The manual with this (normalised) id."""
        return next((m for m in self.manuals if m.id == code), None)

    def sorted_documents(self) -> list[Document]:
        return self._sorted("documents", self.documents)

    def sorted_forms(self) -> list[Form]:
        return self._sorted("forms", self.forms)

    def _sorted(self, kind: str, items: dict[str, Any]) -> list[Any]:
        """`items` in control-number order. A build asks for it dozens of times: the order is kept while the
        dict holds the same objects as when it was sorted (the kept order holds them, so none of their ids can
        stand for another object), which costs far less than sorting."""
        present = list(map(id, items.values()))
        kept = self._kept_order.get(kind)
        if kept is None or kept[0] != present:
            kept = self._kept_order[kind] = (present, sorted(items.values(), key=lambda item: item.sort_key))
        return list(kept[1])

    def sorted_manuals(self) -> list[Manual]:
        """Every manual in control-number order (the registers' order; the site's navigation follows `order:`)."""
        return sorted(self.manuals, key=lambda manual: manual.sort_key)

    def sorted_targets(self) -> list[Target]:
        """Every controlled document, then every blank form, each in control-number order."""
        return [*self.sorted_documents(), *self.sorted_forms()]


def department_of(target: Target, documents: Mapping[str, Document]) -> str:
    """The department a register lists for `target` (归口部门): a document's own; a blank form's is its owning
    document's (among `documents`, by control number), which keeps the record."""
    if isinstance(target, Document):
        return target.department
    owner = documents.get(target.owner or "")
    return owner.department if owner is not None else ""


def withdrawn_cell(day: dt.date | None) -> str:
    """已作废 and the day it was withdrawn (when recorded): a register's 下次评审 cell of anything withdrawn."""
    label = t("register.withdrawn")
    return f"{label} {day}" if day else label


def withdrawal_cell_on(day: dt.date | None, waits: bool) -> str:
    """A register's 下次评审 cell of anything withdrawn, on a day asked: `withdrawn_cell`, or — its withdrawal dated
    later (`waits`) — the day it will be withdrawn (「2027-05-01 起作废」)."""
    return t("register.withdraws", date=day) if waits and day else withdrawn_cell(day)


def in_force_successor(document: Document, documents: Mapping[str, Document]) -> Document | None:
    """The document in force that took `document`'s place, following its chain of successors: superseded by B,
    itself withdrawn since and superseded by C — C. None when the chain ends in a document withdrawn with no
    successor (or a missing one, or a cycle: QD141 says so), or `document` names none."""
    seen = {document.id}
    current = documents.get(document.superseded_by or "")
    while current is not None and current.status.is_obsolete and current.id not in seen:
        seen.add(current.id)
        current = documents.get(current.superseded_by or "")
    return current if current is not None and not current.status.is_obsolete else None


def replacement_text(successor: str, without_successor: bool = False) -> str:
    """What a notice of a withdrawal says of what replaced the document: 「，由 X 替代」 naming `successor` as the
    output names it (its number, or a link on a page), 「，无替代文件」 when it has none (`without_successor`), else
    "". One phrase for the page's banners, the copies' notices, `verify` and the history pages."""
    if successor:
        return t("version.successor", id=successor)
    return t("version.no_successor") if without_successor else ""


def withdrawn_successor_note(document: Document, documents: Mapping[str, Document],
                             name: Callable[[Document], str] = lambda d: d.id) -> str:
    """What follows the name of `document`'s successor when that successor was itself withdrawn since: when, and
    the document in force at the end of the chain (`name` writes it: its number, or a link) or that there is none;
    "" while the successor is in force. Every output naming a successor (its page, the 作废文件 list, `verify`,
    the 回收清单) says it, or it would send its reader to a withdrawn document as the one to use."""
    successor = documents.get(document.superseded_by or "")
    if successor is None or not successor.status.is_obsolete:
        return ""
    when = t("successor.when", date=successor.withdrawn) if successor.withdrawn else ""
    current = in_force_successor(document, documents)
    return (t("successor.withdrawn_note", when=when, current=name(current)) if current is not None
            else t("successor.withdrawn_none_note", when=when))


def form_owner_withdrawn(form: Form, documents: Mapping[str, Document]) -> Document | None:
    """The withdrawn document that owns `form` (among `documents`): a blank form applies with its owner and went out of
    use with it — what QD153 warns of, why no new version of it is released nor copy issued, and why every output
    shows it 作废 (`Form.status`). None while its owner is in force, or it has none."""
    owner = documents.get(form.owner or "")
    return owner if owner is not None and owner.status.is_obsolete else None


def mark_withdrawn_forms(corpus: Corpus) -> None:
    """Set each blank form's `withdrawn_with` and `withdrawn` from its owner, once the corpus is loaded: the one
    decision the registers, the site, the copies, `verify` and `register --as-of` read."""
    for form in corpus.forms.values():
        owner = form_owner_withdrawn(form, corpus.documents)
        form.withdrawn_with = owner.id if owner is not None else None
        form.withdrawn = owner.withdrawn if owner is not None else None
