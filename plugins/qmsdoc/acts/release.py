"""`qmsdoc release`: approve the content as it stands — next version, 修订记录, reviewer, approver and
fingerprint (signed in signed mode) — for a document, a form or a manual index page."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from ..core.approval import parse_version
from ..core.check import CheckResult, check
from ..core.codes import normalise
from ..core.config import Config
from ..core.errors import shown
from ..core.findings import Severity, seen_from_here
from ..core.fingerprint import fingerprint, recorded_fingerprint
from ..core.i18n import join, t
from ..core.lock import edits_records
from ..core.model import Document, Form, Manual, Signoff, WorkingRevision
from ..core.pictures import RECORD_KEY, page_folder, picture_record
from ..core.revision import Revision
from ..core.revisions import working_revision
from ..core.rules.approvals import placeholders
from ..core.source import SourceText
from ..core.sourcefile import SourceFile, changed_by_others, write_atomic
from ..core.status import Status
from ..core.structure import scan
from .acknowledge import opened_assignments
from .common import (
    RELEASE_FIXES,
    Outcome,
    ReleaseError,
    key_path,
    next_version,
    open_editor,
    read_source,
    refuse_backdated,
    stamp_record,
    withdrawn_owner,
    write_checked,
)
from .revise import composed, remove_released
from .yamledit import flow_mapping, scalar


@edits_records
def release(config: Config, code: str, *, approver: str, change: str, edition: bool = False,
            date: dt.date | None = None, reviewer: str | None = None, preparer: str | None = None,
            keep_review: bool = False, key: str | None = None, effective: dt.date | None = None) -> Outcome:
    """Approve the current content: move the version on, append 修订记录, record reviewer, approver and
    fingerprint (signed in signed mode). `effective`: the day the version takes effect (实施日期), on or after the
    approval (the default: that day); the version before stays in force until then. Forms and manual index pages get a new version, 修订记录 and approval record.
    When the item has a working revision (`qmsdoc revise`), it is the draft's content that is approved and put
    in force, in one atomic write of the file in force; the working revision is then removed."""
    day = date or config.today
    if effective is not None and effective < day:
        raise ReleaseError(t("act.release.effective_early", effective=effective, day=day))
    signing = key_path(config, key)
    result = check(config)
    wanted = normalise(code)
    target = result.corpus.lookup(wanted)
    manual = result.corpus.manual(wanted) if target is None else None
    if target is None and manual is None:
        raise ReleaseError(t("act.issue.unknown", id=shown(code), hint=result.did_you_mean(code)),  # forms, manuals too
                           result.unread(code))
    item_id = target.id if target is not None else manual.id if manual is not None else wanted
    display = target.path if target is not None else manual.path if manual is not None else ""
    kind = "manual" if manual is not None else "form" if isinstance(target, Form) else "document"
    if kind == "form" and effective is not None and effective != day:
        raise ReleaseError(t("act.release.form_effective", id=item_id))
    pending = _not_yet_in_force(target if target is not None else manual, day)
    if pending is not None and _not_yet_in_force(target if target is not None else manual, config.today) is None:
        # in force today: it is --date that comes before the version in force took effect, not a version waiting
        raise ReleaseError(t("act.release.before_effective", id=item_id, version=pending[0], day=day, date=pending[1]))
    if pending is not None:
        raise ReleaseError(t("act.release.pending", id=item_id, version=pending[0], date=pending[1]))
    revision = working_revision(result.corpus, item_id)
    in_force = read_source(config.root / display)
    source, draft = in_force, None
    with_forms: list[str] = []  # what releasing the document released with it: the draft forms it lists
    refused = withdrawn_owner(result.corpus, revision.item if revision is not None else target, config.today)
    if refused is not None:  # judged by the content released: a revision may have moved the form to a current owner
        raise ReleaseError(refused)
    if revision is not None:
        source, draft = _from_revision(config, result, revision, in_force, item_id, display)
    if not (isinstance(target, Document) and target.status.is_obsolete):  # a withdrawn one is told so, below
        _refuse_unchanged(config, result, kind, item_id, source, in_force, display, revision)
    kept = {display: in_force.raw}  # what a release that fails puts back: the file in force, the forms it released
    try:
        if kind != "document" or not isinstance(target, Document):
            parsed = parse_version(kind, source.text, display).data
            data = parsed if isinstance(parsed, dict) else {}
            signoffs = _record_signoffs(kind, item_id, data, day, reviewer=reviewer, preparer=preparer,
                                        keep_review=keep_review)
            outcome = _release_record_only(config, result, kind, item_id, source, display, data, approver=approver,
                                           change=change, author=preparer or (revision.by if revision else ""),
                                           day=day, edition=edition, key=signing, original=in_force.raw,
                                           signoffs=signoffs, effective=effective or day)
        else:
            forms = _draft_forms(result, draft or target)
            kept |= {form.path: (config.root / form.path).read_bytes() for form in forms}
            # the new forms the content lists are approved with it, first, so it never lists a draft form
            with_forms += [release(config, form.id, approver=approver, date=date, key=key,
                                   change=t("act.release.form_with", id=target.id, change=change)).message
                           for form in forms]
            outcome = _release_document(config, result, target, source, draft, approver=approver, change=change,
                                        day=day, edition=edition, reviewer=reviewer, preparer=preparer,
                                        keep_review=keep_review, key=signing, original=in_force.raw,
                                        effective=effective or day)
        if revision is not None:  # a released revision that stayed would be released again: then nothing is
            remove_released(config, revision)
    except BaseException as exc:
        theirs = changed_by_others(exc)  # saved by an editor meanwhile: the release never wrote it, it stays theirs
        for path, raw in kept.items():  # nothing of a refused release stays: the forms are drafts again
            if config.root / path not in theirs and (config.root / path).read_bytes() != raw:  # an unwritable file the release never changed stays as is
                write_atomic(config.root / path, raw)
        raise
    if revision is not None:  # the note belongs to the 「已发布」 line, not to the lines the release added below it
        released, *below = outcome.message.split("\n")
        note = t("act.release.revision_released", path=seen_from_here(revision.path, to_be=True))  # removed now
        outcome = Outcome(outcome.path, "\n".join([released + note, *below]))
    return Outcome(outcome.path, "\n".join([outcome.message, *with_forms]))


def _refuse_unchanged(config: Config, result: CheckResult, kind: str, item_id: str, source: SourceFile,
                      in_force: SourceFile, display: str, revision: WorkingRevision | None) -> None:
    """Refuse to release content the version in force already is: a new version with no change would falsify
    the 修订记录. "The same" is what the approval's fingerprint says (core/fingerprint.py, as QD190 judges an
    edit in place) and the pictures it records (QD194) — for a document, a blank form or a manual index page,
    whether `source` is the file in force or its working revision composed into it. Of a working revision, the
    编制 line `qmsdoc revise` wrote is who drafted it, not a change. Never approved (no fingerprint): a first
    release, allowed. Nor is it asked of a file with errors: those the release puts right (RELEASE_FIXES: an
    approval record missing, rewritten, committed over other content, unsigned, dates out of order) make approving
    the same content again the way out, and the others refuse the release for what they are."""
    if any(f.path == display and f.severity is Severity.ERROR for f in result.findings):
        return
    now = parse_version(kind, in_force.text, display)
    recorded = recorded_fingerprint(now.data)
    if recorded is None or not isinstance(now.data, dict):
        return
    released = parse_version(kind, source.text, display)
    if released.findings or not isinstance(released.data, dict):
        return
    data = dict(released.data)
    if revision is not None:
        data.pop("prepared", None)
        if "prepared" in now.data:
            data["prepared"] = now.data["prepared"]
    if fingerprint(data, "" if kind == "form" else released.body) != recorded:
        return
    if kind != "form":
        approved = now.data.get("approved")
        pictures = approved.get(RECORD_KEY) if isinstance(approved, dict) else None
        if picture_record(config.manuals_path, page_folder(display, config.manuals_dir), released.body,
                          config.dialect) \
                != (pictures if isinstance(pictures, dict) else {}):
            return
    what = t("act.release.unchanged", id=item_id, version=str(now.data.get("version", "")))
    hint = (t("act.release.unchanged_revision", id=item_id, path=seen_from_here(revision.path)) if revision is not None
            else t("act.release.unchanged_review", id=item_id) if kind == "document"
            else t("act.release.unchanged_revise", id=item_id))
    raise ReleaseError(what + t("act.sep") + hint)


def _not_yet_in_force(item: Document | Form | Manual | None, day: dt.date) -> tuple[str, dt.date] | None:
    """(version, effective date) when the version `item` holds was approved by `day` but takes effect after it: a
    new version released that day would be in force first, and the approved one would never be. (A day before its
    approval is a backdated release, which `refuse_backdated` answers.)"""
    if not isinstance(item, Document | Manual) or item.effective_date is None or day >= item.effective_date:
        return None
    approved = item.signoffs.get("approved")
    if approved is None or approved.date is None or approved.date > day:
        return None
    if isinstance(item, Document) and not item.pending_on(day):
        return None
    return (str(item.version or "") if isinstance(item, Document) else item.version), item.effective_date


def _draft_forms(result: CheckResult, content: Document) -> list[Form]:
    """The draft forms `content` lists (a revision that brings in a new form, a new document with its new
    forms): released with it."""
    found: dict[str, Form] = {}
    # scanned here: the check's structures are kept by control number, and a revision shares its document's
    for ref in scan(content.body, content.source.body_line, lambda _target: None, result.context.config.dialect).references:
        form = result.corpus.forms.get(ref.code)
        if form is not None and form.status.is_unapproved:
            found.setdefault(form.id, form)
    return list(found.values())


def _from_revision(config: Config, result: CheckResult, revision: WorkingRevision, in_force: SourceFile,
                   item_id: str, display: str) -> tuple[SourceFile, Document | None]:
    """The file in force with the working revision's content, once both are fit to release."""
    errors = [f for f in result.findings if f.path == revision.path and f.severity is Severity.ERROR]
    if errors or result.corpus.revisions.get(item_id) is not revision:
        raise ReleaseError(t("act.release.revision_errors", id=item_id, path=seen_from_here(revision.path)), errors)
    edited = [f for f in result.findings if f.path == display and f.code == "QD190"]
    if edited:
        raise ReleaseError(t("act.release.both_edited", id=item_id, path=seen_from_here(revision.path),
                             display=seen_from_here(display)), edited)
    draft = revision.item if isinstance(revision.item, Document) else None
    return composed(config, revision, in_force), draft


def _release_document(config: Config, result: CheckResult, document: Document, source: SourceFile,
                      draft: Document | None, *, approver: str, change: str, day: dt.date, edition: bool,
                      reviewer: str | None, preparer: str | None, keep_review: bool, key: Path | None,
                      original: bytes, effective: dt.date) -> Outcome:
    """Release a document: from its own content, or (`draft`) from its working revision's, composed into `source`."""
    errors = [f for f in result.findings if f.path == document.path and f.severity is Severity.ERROR]
    blocking = [f for f in errors if f.code not in RELEASE_FIXES]
    if blocking:
        raise ReleaseError(t("act.release.errors", id=document.id), blocking)
    if document.status.is_obsolete:  # its withdrawal approved, if dated later
        said = "act.release.withdrawal_pending" if document.withdrawal_waits_on(config.today) \
            else "act.release.obsolete"
        raise ReleaseError(t(said, id=document.id, date=document.withdrawn))
    if document.version is None:
        raise ReleaseError(t("act.bad_version", id=document.id))
    content = draft or document
    _refuse_holes(content.source)
    prepared = content.signoffs.get("prepared")
    reviewed = document.signoffs.get("reviewed")
    if reviewer and keep_review:
        raise ReleaseError(t("act.release.review_both"))
    if not reviewer and not keep_review:
        raise ReleaseError(t("act.release.no_review"))
    if keep_review and (reviewed is None or reviewed.date is None):
        raise ReleaseError(t("act.release.no_review_to_keep"))
    if keep_review and reviewed and reviewed.date and prepared and prepared.date and prepared.date > reviewed.date:
        raise ReleaseError(t("act.release.review_before_edit", prepared=prepared.date, reviewed=reviewed.date))
    refuse_backdated(document, day, t("act.name.release"), (*(() if preparer else ("prepared",)),
                                                         *(("reviewed",) if keep_review else ())), prepared_in=content)
    first_release = document.status.is_unapproved and not document.history
    version = document.version if first_release and not edition else next_version(document.version, edition=edition)
    editor = open_editor("document", source)
    iso = day.isoformat()
    editor.set("version", scalar(str(version)))
    editor.set("status", Status.EFFECTIVE.value)
    editor.set("effective_date", effective.isoformat(), after="department")
    author = preparer or (prepared.by if prepared else approver)
    if preparer or not prepared:
        editor.set("prepared", flow_mapping({"by": author, "date": iso}), after="review_months")
    if reviewer:
        editor.set("reviewed", flow_mapping({"by": reviewer, "date": iso}), after="prepared")
    note = change + (t("act.release.kept_review", by=reviewed.by, date=reviewed.date) if keep_review and reviewed else "")
    editor.append_item("history", flow_mapping({"version": str(version), "date": iso, "by": author,
                                                "change": note}))
    stamp_record(config, "document", document.id, editor, {"by": approver, "date": iso}, key, after="reviewed",
                 path=document.path)
    write_checked(config, source, editor.text(), document.path, original=original)
    released = dataclasses.replace(content, manual=document.manual)  # who must read it: as the content says
    return Outcome(source.path, t("act.release.done", id=document.id, version=version, day=iso, by=approver)
                   + _from(effective, day, first_release) + opened_assignments(config, released, day))


def _record_signoffs(kind: str, item_id: str, data: dict[str, Any], day: dt.date, *,
                     reviewer: str | None, preparer: str | None, keep_review: bool) -> dict[str, str]:
    """The 编制 / 审核 lines a manual index page's release writes (key → flow mapping), judged as a document's
    are: a review dated before this version was prepared has not seen it. A blank form keeps no 编制 / 审核
    record, so naming one is refused rather than dropped."""
    named = [option for option, given in (("--reviewed-by", reviewer), ("--prepared-by", preparer),
                                          ("--keep-review", keep_review)) if given]
    if kind == "form":
        if named:
            raise ReleaseError(t("act.release.form_signoffs", id=item_id, options=" ".join(named)))
        return {}
    if reviewer and keep_review:
        raise ReleaseError(t("act.release.review_both"))
    prepared, reviewed = Signoff.from_data(data.get("prepared")), Signoff.from_data(data.get("reviewed"))
    iso = day.isoformat()
    out = {"prepared": flow_mapping({"by": preparer, "date": iso})} if preparer else {}
    if reviewer:
        out["reviewed"] = flow_mapping({"by": reviewer, "date": iso})
    elif keep_review and (reviewed is None or reviewed.date is None):
        raise ReleaseError(t("act.release.no_review_to_keep"))
    elif reviewed and reviewed.date and (written := day if preparer else prepared.date if prepared else None) \
            and written > reviewed.date:
        raise ReleaseError(t("act.release.review_before_edit", prepared=written, reviewed=reviewed.date))
    return out


def _refuse_holes(source: SourceText) -> None:
    """Nothing is released that still holds what qmsdoc wrote for its author to replace (QD123's placeholders)."""
    holes = placeholders(source)
    if holes:
        raise ReleaseError(t("act.release.holes", id=source.path, placeholder=holes[0][1],
                             lines=join(str(line) for line, _mark in holes)))


def _release_record_only(config: Config, result: CheckResult, kind: str, item_id: str, source: SourceFile,
                         display: str, data: dict[str, Any], *, approver: str, change: str, author: str, day: dt.date, edition: bool,
                         key: Path | None, original: bytes, signoffs: dict[str, str], effective: dt.date) -> Outcome:
    """Release a form or a manual index page: next version, 修订记录 entry, a manual page's 编制/审核 (`signoffs`)
    and new approval record, over `data` (the front matter of `source`). The entry's author is `author`
    (--prepared-by, or who drafted the working revision), else a manual's 编制, else the approver: a form has no
    编制 of its own."""
    errors = [f for f in result.findings if f.path == display and f.severity is Severity.ERROR
              and f.code not in RELEASE_FIXES]
    if errors:
        raise ReleaseError(t("act.release.errors", id=item_id), errors)
    _refuse_holes(parse_version(kind, source.text, display))
    editor = open_editor(kind, source)
    current = Revision.parse(str(data.get("version", "")))
    # Never approved (no record now, none in git): the first release approves the version it was drafted at,
    # as a draft document's does — an imported form stub at A/0 is released as A/0, not A/1.
    first_release = not recorded_fingerprint(data) and not any(
        recorded_fingerprint(parse_version(kind, v.text, display).data)
        for v in result.context.history.versions.get(display, []))
    if current is None:
        version = Revision.first()
    elif first_release and not edition:
        version = current
    else:
        version = next_version(current, edition=edition)
    editor.set("version", scalar(str(version)), after="title")
    if kind == "form" and Status.parse(data.get("status")) is Status.DRAFT:
        editor.remove("status")  # a released form is in force: it carries no status
    if kind == "manual":  # the manual's cover says from when this version is in force, as a document's header does
        editor.set("effective_date", effective.isoformat(), after="version")
    for signoff, value in signoffs.items():
        editor.set(signoff, value, after="prepared" if signoff == "reviewed" else "order")
    drafted = Signoff.from_data(data.get("prepared")) if kind == "manual" else None
    by = author or (drafted.by if drafted else approver)
    editor.append_item("history", flow_mapping({"version": str(version), "date": day.isoformat(), "by": by,
                                                "change": change}))
    stamp_record(config, kind, item_id, editor, {"by": approver, "date": day.isoformat()}, key, path=display)
    write_checked(config, source, editor.text(), display, kind=kind, original=original)
    return Outcome(source.path, t("act.release.done", id=item_id, version=version, day=day, by=approver)
                   + _from(effective, day, first_release))


def _from(effective: dt.date, day: dt.date, first_release: bool) -> str:
    """What the release line adds when the version takes effect after its approval: from when, and what is in force
    until then — the version before, or, at a first release, no version at all."""
    if effective <= day:
        return ""
    return t("act.release.effective_from_first" if first_release else "act.release.effective_from", date=effective)
