"""`qmsdoc release`: approve the content as it stands — next version, 修订记录, reviewer, approver and
fingerprint (signed in signed mode) — for a document, a form or a manual index page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.approval import parse_version
from ..core.check import CheckResult, check
from ..core.codes import normalise
from ..core.config import Config
from ..core.findings import Severity
from ..core.i18n import t
from ..core.model import Form
from ..core.revision import Revision
from ..core.rules.approvals import placeholder, placeholder_lines
from ..core.status import Status
from .common import (
    RELEASE_FIXES,
    Outcome,
    ReleaseError,
    key_path,
    next_version,
    open_editor,
    read_source,
    stamp_record,
    write_checked,
)
from .yamledit import flow_mapping


def release(config: Config, code: str, *, approver: str, change: str, edition: bool = False,
            date: dt.date | None = None, reviewer: str | None = None, preparer: str | None = None,
            keep_review: bool = False, key: str | None = None) -> Outcome:
    """Approve the current content: move the version on, append 修订记录, record reviewer, approver and
    fingerprint (signed in signed mode). Forms and manual index pages get a new version and approval record."""
    day = date or config.today
    signing = key_path(config, key)
    result = check(config)
    target = result.corpus.lookup(normalise(code))
    if target is None:
        manual = result.corpus.manual(normalise(code))
        if manual is None:
            raise ReleaseError(t("act.unknown_id", id=code))
        return _release_record_only(config, result, "manual", manual.id, manual.path, approver=approver,
                                    day=day, edition=edition, key=signing)
    if isinstance(target, Form):
        return _release_record_only(config, result, "form", target.id, target.path, approver=approver,
                                    day=day, edition=edition, key=signing)
    document = target
    errors = [f for f in result.findings if f.path == document.path and f.severity is Severity.ERROR]
    blocking = [f for f in errors if f.code not in RELEASE_FIXES]
    if blocking:
        raise ReleaseError(t("act.release.errors", id=document.id), blocking)
    if document.status.is_obsolete:
        raise ReleaseError(t("act.release.obsolete", id=document.id))
    if document.version is None:
        raise ReleaseError(t("act.bad_version", id=document.id))
    holes = placeholder_lines(document.body, document.source.body_line)
    if holes:
        raise ReleaseError(t("act.release.holes", id=document.id, placeholder=placeholder(),
                             lines=t("list.separator").join(map(str, holes))))
    prepared = document.signoffs.get("prepared")
    reviewed = document.signoffs.get("reviewed")
    if reviewer and keep_review:
        raise ReleaseError(t("act.release.review_both"))
    if not reviewer and not keep_review:
        raise ReleaseError(t("act.release.no_review"))
    if keep_review and (reviewed is None or reviewed.date is None):
        raise ReleaseError(t("act.release.no_review_to_keep"))
    for label, signoff in ((t("signoff.prepared"), prepared if not preparer else None),
                           (t("signoff.reviewed"), reviewed if keep_review else None)):
        if signoff and signoff.date and day < signoff.date:
            raise ReleaseError(t("act.release.date_order", day=day, label=label, date=signoff.date))
    last = document.history[-1] if document.history else None
    if last and last.date and day < last.date:
        raise ReleaseError(t("act.release.before_history", day=day, date=last.date))
    first_release = document.status.is_unapproved and not document.history
    version = document.version if first_release and not edition else next_version(document.version, edition=edition)
    path = config.root / document.path
    source = read_source(path)
    editor = open_editor("document", source)
    iso = day.isoformat()
    editor.set("version", str(version))
    editor.set("status", Status.EFFECTIVE.value)
    editor.set("effective_date", iso, after="department")
    author = preparer or (prepared.by if prepared else approver)
    if preparer or not prepared:
        editor.set("prepared", flow_mapping({"by": author, "date": iso}), after="review_months")
    if reviewer:
        editor.set("reviewed", flow_mapping({"by": reviewer, "date": iso}), after="prepared")
    note = change + (t("act.release.kept_review", by=reviewed.by, date=reviewed.date) if keep_review and reviewed else "")
    editor.append_item("history", flow_mapping({"version": str(version), "date": iso, "by": author,
                                                "change": note}))
    stamp_record(config, "document", document.id, editor, {"by": approver, "date": iso}, signing, after="reviewed")
    write_checked(config, source, editor.text(), document.path)
    return Outcome(path, t("act.release.done", id=document.id, version=version, day=iso, by=approver))


def _release_record_only(config: Config, result: CheckResult, kind: str, item_id: str, display: str, *,
                         approver: str, day: dt.date, edition: bool, key: Path | None) -> Outcome:
    """Release a form or a manual index page: next version, new approval record."""
    errors = [f for f in result.findings if f.path == display and f.severity is Severity.ERROR
              and f.code not in RELEASE_FIXES]
    if errors:
        raise ReleaseError(t("act.release.errors", id=item_id), errors)
    path = config.root / display
    source = read_source(path)
    editor = open_editor(kind, source)
    data = parse_version(kind, source.text, display).data
    current = Revision.parse(str(data.get("version", ""))) if isinstance(data, dict) else None
    if current is None:
        current = Revision("A", 0)
        version = current
    else:
        version = next_version(current, edition=edition)
    editor.set("version", str(version), after="title")
    stamp_record(config, kind, item_id, editor, {"by": approver, "date": day.isoformat()}, key)
    write_checked(config, source, editor.text(), display, kind=kind)
    return Outcome(path, t("act.release.done", id=item_id, version=version, day=day, by=approver))
