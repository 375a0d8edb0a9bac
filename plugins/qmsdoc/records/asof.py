"""受控文件清单 as it stood on a past day (`qmsdoc register --as-of`), from git history: each manual index page's,
document's and blank form's version in force that day, its effective date and approver; those not yet in force,
never approved or already withdrawn are listed apart, each with why. A version git never saw (history before the repository) is
taken from the 修订记录 of the earliest committed text, its approver unknown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..core.approval import History, Removed
from ..core.codes import natural_key, normalise
from ..core.fingerprint import recorded_fingerprint
from ..core.gitlog import Revisioned
from ..core.i18n import Words, t
from ..core.model import TYPE_LABELS, Corpus, Document, Form, Manual, parse_date, withdrawn_by
from ..core.versions import (
    Release,
    gone_for_good,
    gone_state,
    in_force_on,
    manual_sources,
    recorded_between,
    releases,
    successor_text,
    unapproved_edits,
)
from .register import to_csv
from .xlsx import Sheet, to_xlsx

HEADERS = Words("label.id", "label.title", "label.type_short", "asof.col.version", "label.effective_date",
                "signoff.approved", "label.department", "asof.col.source")
WIDTHS = (16, 34, 12, 12, 12, 18, 16, 40)
OUT_HEADERS = Words("label.id", "label.title", "asof.col.state", "asof.col.note")
OUT_WIDTHS = (16, 34, 14, 50)


@dataclass(frozen=True)
class AsOf:
    """The register of one day: documents in force, and the others with why they are not."""

    day: dt.date
    rows: list[list[str]]
    left_out: list[list[str]]


def _from_history(document: Document, day: dt.date, since: dt.date | None = None) -> tuple[str, str] | None:
    """(version, date) in force on `day` by the 修订记录 alone (`Document.recorded_on`); `since`, the day its own
    version came into force on the line when git knows it (`Release.in_force_from`: merged or restored later)."""
    found = document.recorded_on(day, since)
    return (found[0], found[1].isoformat()) if found else None


def _existed(item: Document | Form | Manual, revisions: list[Revisioned], found: list[Release], day: dt.date) -> bool:
    """Whether `item` existed on `day`: the earliest of its first commit and the dates its record holds (编制, 审核,
    批准 and each 修订记录 entry, which may be older than git; its file's now and its first release's, the record
    since edited) is on or before it. The register of a day lists what stood that day, in force or not; an item
    nothing dated before it (made later) is no line of it. True when nothing dates it at all."""
    dates = [parse_date(r.date[:10]) for r in revisions]
    for data in [item.source.data, *(r.data for r in found[:1])]:
        if not isinstance(data, dict):
            continue
        entries = data.get("history")
        recorded = [data.get(key) for key in ("prepared", "reviewed", "approved")]
        recorded += entries if isinstance(entries, list) else []
        dates += [parse_date(entry.get("date")) for entry in recorded if isinstance(entry, dict)]
    known = [d for d in dates if d is not None]
    return not known or min(known) <= day


def _deleted_on(history: History, path: str, day: dt.date, found: list[Release]) -> list[str] | None:
    """The state and note of a source that was deleted on `day` and committed again later."""
    for gap in history.gaps.get(path, []):
        deleted, restored = parse_date(gap.deletion.date), parse_date(gap.restored)
        if deleted is not None and restored is not None and deleted <= day < restored:
            return gone_state(found, deleted, restored)
    return None


def _row(target: Document | Form, release: Release) -> list[str]:
    return [target.id, str(release.data.get("title", target.title)), target.type_label, *_row_tail(release)]


def _row_tail(release: Release) -> list[str]:
    """Version, effective date, approver, department and the commit it was read from."""
    data = release.data
    approved = data.get("approved") if isinstance(data.get("approved"), dict) else {}
    by = f"{approved.get('by', '')} {approved.get('date', '')}".strip() if isinstance(approved, dict) else ""
    department = str(data.get("department" if release.kind == "document" else "owner", "")) \
        if release.kind != "form" else ""
    return [release.version, str(release.in_force_from or ""), by, department,
            t("asof.commit", commit=release.commit[:10], date=release.committed)]


def _edited(answer: DayAnswer, kind: str, path: str, revisions: list[Revisioned], day: dt.date) -> DayAnswer:
    """`answer`, its source naming the unapproved edit the file committed on the line held on `day`, if any: the
    version in force was the approved one, but what every user read that day was not its text."""
    row = answer.row
    edit = next((e for e in unapproved_edits(kind, path, revisions) if e.covers(day)), None)
    if row is None or edit is None:
        return answer
    note = t("asof.unapproved_edit", source=row[7], commit=edit.commit[:10], since=edit.since.isoformat()) \
        if edit.until is None else t("asof.unapproved_edit_until", source=row[7], commit=edit.commit[:10],
                                     since=edit.since.isoformat(), until=edit.until.isoformat())
    return DayAnswer(row=[*row[:7], note], release=answer.release)


def register_as_of(corpus: Corpus, history: History, day: dt.date) -> AsOf:
    """Manual index pages, documents, then blank forms, as the current register lists them."""
    rows: list[list[str]] = []
    left_out: list[list[str]] = []
    for manual in corpus.sorted_manuals():
        _manual(manual, history, day, rows, left_out)
    _removed(corpus, history, day, rows, left_out, ("manual",))  # a deleted manual page among the manuals
    _documents(corpus, history, day, rows, left_out)
    # A form's department is its owning document's, as that document stood on the day when it was in force (the
    # current register's rule, core/model.py department_of); the department column is the seventh.
    departments = {code: d.department for code, d in corpus.documents.items()}  # an owner withdrawn since: its own
    departments.update({row[0]: row[6] for row in rows})
    # Documents and forms deleted since, each told once (`_removed`): a deleted owner's department that day too.
    removed = [(gone, removed_on(gone, corpus, day)) for gone in history.removed if gone.kind in ("document", "form")]
    departments.update({a.row[0]: a.row[6] for gone, a in removed if gone.kind == "document" and a.row is not None})
    for form in corpus.sorted_forms():
        form_on(form, history, day, departments).file(rows, left_out)
    for gone, answer in removed:
        if gone.kind == "form" and answer.row is not None and answer.release is not None:  # its owner's, as above
            answer.row[6] = departments.get(normalise(str(answer.release.data.get("owner", ""))), "")
        answer.file(rows, left_out)
    return AsOf(day, rows, left_out)


def form_on(form: Form, history: History, day: dt.date, departments: Mapping[str, str] | None = None) -> DayAnswer:
    """A blank form's version in force on `day`, or why none was: what the register of that day lists for it
    (`departments`: each owning document's department that day, for its department column)."""
    departments = departments or {}
    revisions = history.versions.get(form.path, [])
    found = releases("form", form.path, revisions)
    if not _existed(form, revisions, found, day):  # made after that day
        return DayAnswer()
    if (gap := _deleted_on(history, form.path, day, found)) is not None:
        return DayAnswer(left_out=[form.id, form.title, *gap])
    if withdrawn_by(form.withdrawn, day):  # withdrawn with its owner (`Form.status`)
        return DayAnswer(left_out=[form.id, form.title, t("register.withdrawn"),
                                   t("asof.withdrawn_on", date=form.withdrawn)])
    release = in_force_on(found, day)
    if (recorded := recorded_between(found, release, day)) is not None:  # no commit holds that version's text
        return _edited(DayAnswer(row=[form.id, form.title, form.type_label, recorded[0], recorded[1],
                                      t("asof.not_committed_alone"), "", t("label.history")]),
                       "form", form.path, revisions, day)
    if release is not None:
        row = _row(form, release)
        row[6] = departments.get(normalise(str(release.data.get("owner", ""))), "")
        if (since := _uncommitted_since(form, found)) is not None and since <= day:
            row[7] = t("asof.uncommitted", source=row[7], version=str(form.version), date=since.isoformat())
        return _edited(DayAnswer(row=row), "form", form.path, revisions, day)
    if found:
        first = found[0]
        when = t("asof.effective_from", version=first.version, date=first.effective_date) \
            if first.effective_date else t("asof.before_history")
        return DayAnswer(left_out=[form.id, form.title, t("asof.not_yet"), when])
    # not in git: the file's approval record answers from its date on
    since, approval = form.effective_date, form.approval
    if since is not None and approval is not None and since <= day and form.version is not None:
        return DayAnswer(row=[form.id, form.title, form.type_label, str(form.version), since.isoformat(),
                              f"{approval.by} {since.isoformat()}", departments.get(form.owner or "", ""),
                              t("asof.approval_record")])
    return DayAnswer(left_out=[form.id, form.title, t("asof.not_yet"), t("asof.before_history")])


def version_in_force(item: Document | Form, history: History, day: dt.date) -> str | None:
    """The version of a document or blank form in force on `day` as the register of that day names it
    (`document_on`, `form_on`: each release from its `in_force_from`, a withdrawal from its date); None when the
    register lists none in force for it that day. What every past-day answer calls "the version in force"."""
    answer = document_on(item, history, day) if isinstance(item, Document) else form_on(item, history, day)
    return answer.row[3] if answer.row is not None else None


def _manual(manual: Manual, history: History, day: dt.date, rows: list[list[str]], left_out: list[list[str]]) -> None:
    manual_page_on(manual, history, day).file(rows, left_out)


def manual_page_on(manual: Manual, history: History, day: dt.date) -> DayAnswer:
    """A manual index page's version in force on `day` (released versions from git, in force from their
    effective date), else why none was: not yet in force, or never approved at all."""
    return _edited(_manual_page_on(manual, history, day), "manual", manual.path,
                   history.versions.get(manual.path, []), day)


def _manual_page_on(manual: Manual, history: History, day: dt.date) -> DayAnswer:
    found = releases("manual", manual.path, history.versions.get(manual.path, []))
    if not _existed(manual, history.versions.get(manual.path, []), found, day):  # made after that day: no line
        return DayAnswer()
    if (gap := _deleted_on(history, manual.path, day, found)) is not None:
        return DayAnswer(left_out=[manual.id, manual.title, *gap])
    release, approval = in_force_on(found, day), manual.approval
    since = manual.effective_date or (approval.date if approval else None)
    if (recorded := recorded_between(found, release, day)) is not None:  # no commit holds that version's text
        return DayAnswer(row=[manual.id, manual.title, manual.type_label, recorded[0], recorded[1],
                              t("asof.not_committed_alone"), "", t("label.history")])
    if release is not None:
        return DayAnswer(row=[manual.id, str(release.data.get("title", manual.title)), manual.type_label,
                              *_row_tail(release)], release=release)
    if found:
        first = found[0]
        return DayAnswer(left_out=[manual.id, manual.title, t("asof.not_yet"),
                                   t("asof.effective_from", version=first.version, date=first.effective_date)])
    if approval is None:  # never approved (as `qmsdoc init` writes it): never in force
        return DayAnswer(left_out=[manual.id, manual.title, t("asof.unpublished"),
                                   t("asof.never_effective", status=manual.status_label)])
    if since is not None and since <= day and manual.version:  # not in git: its approval record answers
        return DayAnswer(row=[manual.id, manual.title, manual.type_label, manual.version, since.isoformat(),
                              f"{approval.by} {approval.date or ''}".strip(), manual.department,
                              t("asof.approval_record")])
    return DayAnswer(left_out=[manual.id, manual.title, t("asof.not_yet"), t("asof.before_history")])


def manual_members_on(manual: Manual, corpus: Corpus, history: History,
                      day: dt.date) -> tuple[list[DayAnswer], list[DayAnswer]]:
    """The documents of `manual` on `day`, as the register of that day lists them, each in control-number order:
    (those in force, those left out with why) — of its folder now and deleted from it since (a whole-manual
    copy of that day holds the first and names the second)."""
    loaded, gone = manual_sources(manual, corpus, history.versions, history.removed, day)
    answers = [document_on(d, history, day) for d in loaded] + [removed_on(g, corpus, day) for g in gone]
    held, left = [a for a in answers if a.row is not None], [a for a in answers if a.left_out is not None]
    return (sorted(held, key=lambda a: natural_key(a.row[0] if a.row else "")),
            sorted(left, key=lambda a: natural_key(a.left_out[0] if a.left_out else "")))


def _removed(corpus: Corpus, history: History, day: dt.date, rows: list[list[str]],
             left_out: list[list[str]], kinds: tuple[str, ...]) -> None:
    """Manual index pages, documents and forms whose files were deleted since (their numbers held by no file
    now): in force that day by their history, unless the deletion came first."""
    for gone in (g for g in history.removed if g.kind in kinds):
        removed_on(gone, corpus, day).file(rows, left_out)


def removed_on(gone: Removed, corpus: Corpus, day: dt.date) -> DayAnswer:
    """Where a source deleted since stood on `day` (nothing, when its number is held by a file now)."""
    return _edited(_removed_on(gone, corpus, day), gone.kind, gone.path, gone.versions, day)


def _removed_on(gone: Removed, corpus: Corpus, day: dt.date) -> DayAnswer:
    known = gone_for_good(gone, corpus)
    if known is None:
        return DayAnswer()
    code, found = known
    title = found[-1].title
    deleted = parse_date(gone.deletion.date)
    release = in_force_on(found, day)
    if deleted is not None and deleted <= day:
        return DayAnswer(left_out=[code, title, *gone_state(found, deleted)])
    if release is not None:
        label = TYPE_LABELS[gone.kind] if gone.kind != "document" else release.document.type_label
        return DayAnswer(row=[code, str(release.data.get("title", title)), label, *_row_tail(release)],
                         release=release)
    if any(r.status.is_obsolete and withdrawn_by(r.withdrawn, day) for r in found):
        return DayAnswer(left_out=[code, title, t("register.withdrawn"),
                                   t("asof.withdrawn_on", date=next(r.withdrawn for r in found if r.withdrawn))])
    return DayAnswer()


@dataclass(frozen=True)
class DayAnswer:
    """Where one document stood on a day: in force (its register row, and the committed version whose text it
    was — None when only the 修订记录 answered, its text older than git history) or left out (state and note)."""

    row: list[str] | None = None
    left_out: list[str] | None = None
    release: Release | None = None

    def file(self, rows: list[list[str]], left_out: list[list[str]]) -> None:
        """Put the answer where the register of that day lists it: among the rows in force, or left out."""
        if self.row is not None:
            rows.append(self.row)
        elif self.left_out is not None:
            left_out.append(self.left_out)


def _documents(corpus: Corpus, history: History, day: dt.date, rows: list[list[str]],
               left_out: list[list[str]]) -> None:
    for document in corpus.sorted_documents():
        document_on(document, history, day).file(rows, left_out)


def _uncommitted_since(item: Document | Form, found: list[Release]) -> dt.date | None:
    """When the approval the working tree holds took effect, if git has not got it yet (an uncommitted release):
    the register answers from commits, and must say the file on disk says otherwise. None when it is committed,
    unapproved, or git holds nothing of the file (then the file itself answered)."""
    data = item.source.data
    fingerprint = recorded_fingerprint(data)
    if not found or fingerprint is None or fingerprint == recorded_fingerprint(found[-1].data):
        return None
    approved = data.get("approved") if isinstance(data, dict) else None
    return item.effective_date or (parse_date(approved.get("date")) if isinstance(approved, dict) else None)


def document_on(document: Document, history: History, day: dt.date) -> DayAnswer:
    """A document's version in force on `day`, or why none was: what the register of that day lists for it."""
    revisions = history.versions.get(document.path, [])
    answer = _edited(_document_on(document, history, day), "document", document.path, revisions, day)
    found = releases("document", document.path, revisions)
    if answer.row is None or (since := _uncommitted_since(document, found)) is None or since > day:
        return answer
    return DayAnswer(row=[*answer.row[:7], t("asof.uncommitted", source=answer.row[7], version=str(document.version),
                                             date=since.isoformat())], release=answer.release)


def _document_on(document: Document, history: History, day: dt.date) -> DayAnswer:
    found = releases("document", document.path, history.versions.get(document.path, []))
    if not _existed(document, history.versions.get(document.path, []), found, day):  # made after that day: no line
        return DayAnswer()
    if (gap := _deleted_on(history, document.path, day, found)) is not None:
        return DayAnswer(left_out=[document.id, document.title, *gap])
    release = in_force_on(found, day)
    if (recorded := recorded_between(found, release, day)) is not None:  # no commit holds that version's text
        return DayAnswer(row=[document.id, document.title, document.type_label, recorded[0], recorded[1],
                              t("asof.not_committed_alone"), "", t("label.history")])
    if release is not None:
        return DayAnswer(row=_row(document, release), release=release)
    # each withdrawal and what it names as replacing the document (a renumbered one: its new number)
    withdrawals: list[tuple[dt.date, Document]] = [(r.withdrawn, r.document) for r in found
                                                    if r.status.is_obsolete and r.withdrawn]
    if not found and document.status.is_obsolete and document.withdrawn:
        withdrawals.append((document.withdrawn, document))
    withdrawn = next((w for w in withdrawals if withdrawn_by(w[0], day)), None)
    if withdrawn is not None:
        return DayAnswer(left_out=[document.id, document.title, t("register.withdrawn"),
                                   t("asof.withdrawn_on", date=withdrawn[0]) + successor_text(withdrawn[1])])
    # Before the first version git saw: the 修订记录 of the earliest committed text (or of the file) answers.
    earliest = found[0].document if found else document
    # its own version in force from the day it came onto the line (a merge), not the effective date it records
    since = found[0].in_force_from if found and earliest.effective_date is not None else None
    recorded = _from_history(earliest, day, since) if earliest.status.is_published else None
    if recorded is not None and earliest.status.is_obsolete and earliest.withdrawn is None:
        return DayAnswer(left_out=[document.id, document.title, t("asof.unknown"),
                                   t("asof.no_withdrawal_date", version=recorded[0], date=recorded[1])])
    if recorded is not None:
        version, date = recorded
        return DayAnswer(row=[document.id, earliest.title, document.type_label, version, date,
                              t("asof.before_git"), earliest.department, t("label.history")])
    if not document.status.is_published and not found:
        return DayAnswer(left_out=[document.id, document.title, t("asof.unpublished"),
                                   t("asof.never_effective", status=document.status_label)])
    # the first version to come into force after `day`: by the 修订记录 when it dates one before git's first release
    # (a version released before the manual came into git), else git's first release; a withdrawal never does
    first = found[0] if found else None
    upcoming = earliest.recorded_next(day, since) if earliest.status.is_published else None
    git_first = (first.version, first.in_force_from) if first and first.in_force_from else None
    coming = upcoming if upcoming and (git_first is None or upcoming[1] < git_first[1]) else git_first
    when = t("asof.effective_from", version=coming[0], date=coming[1].isoformat()) if coming \
        else t("asof.before_history")
    return DayAnswer(left_out=[document.id, document.title, t("asof.not_yet"), when])


def as_csv(register: AsOf) -> bytes:
    rows = register.rows + [[r[0], r[1], "", t("asof.state_cell", state=r[2]), "", "", "", r[3]] for r in register.left_out]
    return to_csv(HEADERS, rows)


def as_xlsx(register: AsOf) -> bytes:
    return to_xlsx([Sheet(t("asof.sheet", day=register.day), HEADERS, register.rows, WIDTHS,
                          dates=(4,)),
                    Sheet(t("asof.sheet_out"), OUT_HEADERS, register.left_out, OUT_WIDTHS)], register.day)
