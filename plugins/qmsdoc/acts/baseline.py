"""`qmsdoc baseline`: record the fingerprint of content that is already approved (adopting qmsdoc,
importing a legacy manual), never of content that had an approval record before."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core.approval import Controlled, as_date, controlled_items, parse_version, recorded_approver
from ..core.check import check
from ..core.codes import normalise
from ..core.commandline import git_command
from ..core.config import Config
from ..core.findings import Severity
from ..core.fingerprint import first_changed_key, first_changed_line, recorded_fingerprint, same_approval
from ..core.gitlog import Revisioned, repository_path
from ..core.i18n import join, t
from ..core.lock import edits_records
from .common import (
    Outcome,
    ReleaseError,
    all_or_nothing,
    key_path,
    open_editor,
    read_source,
    stamp_record,
)
from .stamp import edited_bytes


@edits_records
def baseline(config: Config, codes: list[str], *, approver: str, date: dt.date | None = None,
             key: str | None = None) -> Outcome:
    """Record fingerprints for content that is already approved but has no approval record yet (adopting
    qmsdoc, importing a legacy manual). Never for content that had a record before: that needs a release."""
    signing = key_path(config, key)
    result = check(config)
    items = [item for item in controlled_items(result.corpus) if item.needs_record]
    by_id = {item.id: item for item in items}
    wanted = [normalise(c) for c in codes]
    unknown = [c for c in wanted if c not in by_id]
    if unknown:
        raise ReleaseError(t("act.baseline.unknown", ids=join(unknown),
                             hint=result.did_you_mean(*unknown)),
                           [f for code in unknown for f in result.unread(code)])
    chosen = [by_id[c] for c in wanted] if wanted else [i for i in items if not i.record.get("fingerprint")]
    day = (date or config.today).isoformat()
    plan, skipped, refused = [], [], []
    for item in chosen:
        if item.record.get("fingerprint"):
            refused.append(t("act.baseline.has_record", id=item.id))
            continue
        if any(recorded_fingerprint(parse_version(item.kind, v.text, item.path).data)
               for v in result.context.history.versions.get(item.path, [])):
            refused.append(t("act.baseline.had_record", id=item.id))
            continue
        versions = result.context.history.versions.get(item.path, [])
        edited = _uncommitted_approval(config, item, versions) or _edited_after_approval(item, versions)
        if edited:
            refused.append(edited)
            continue
        blocking = [f for f in result.findings if f.path == item.path and f.severity is Severity.ERROR
                    and f.code != "QD122"]
        if blocking:
            refused.append(t("act.baseline.errors", id=item.id, error=blocking[0].format()))
            continue
        recorded_by, recorded_date = recorded_approver(item, result.corpus)
        if item.kind == "form" and not recorded_by:  # nobody named: the form was approved by whoever runs this
            recorded_by, recorded_date = approver, None
        if recorded_by != approver:
            skipped.append(t("act.baseline.other_approver", id=item.id, by=recorded_by) if recorded_by
                           else t("act.baseline.no_approver", id=item.id))
            continue
        approval_day = recorded_date or day
        if (approved_on := as_date(approval_day)) is not None and approved_on > (date or config.today):
            refused.append(t("act.baseline.before_approval", id=item.id, day=day, approved=approved_on.isoformat()))
            continue
        plan.append((item, approval_day))
    if refused and wanted:
        raise ReleaseError(t("act.baseline.refused", items=t("act.sep").join(refused)))
    if skipped and wanted:
        raise ReleaseError(t("act.baseline.skipped", approver=approver, items=join(skipped)))
    if not plan:
        unsigned = [i.id for i in items if i.record.get("fingerprint") and not i.record.get("signature")]
        hint = (t("act.baseline.unsigned_hint", count=len(unsigned))
                if unsigned and (signing is not None or config.signed) else "")
        raise ReleaseError(t("act.baseline.nothing") + (t("act.baseline.not_done", items=t("act.sep").join(refused + skipped))
                                                        if refused or skipped else "") + hint)
    paths = {item.path for item, _ in plan}
    with all_or_nothing() as edits:  # every record, re-checked, or none
        for item, approval_day in plan:
            source = read_source(config.root / item.path)
            editor = open_editor(item.kind, source)
            record: dict[str, object] = {"by": approver, "date": approval_day, "baselined": day}
            stamp_record(config, item.kind, item.id, editor, record, signing,
                         after="signatures" if item.kind == "form" else None, path=item.path)
            edits.write(source.path, edited_bytes(item.kind, source, editor), original=source.raw)
        errors = [f for f in check(config).findings if f.path in paths and f.severity is Severity.ERROR]
        if errors:
            raise ReleaseError(t("act.baseline.undone"), errors)
    lines = [t("act.baseline.done", count=len(plan), approver=approver, day=day)]
    lines += [f"  {item.id}  {item.path}" for item, _ in plan]
    if skipped:
        lines.append(t("act.baseline.left", items=join(skipped)))
    if refused:
        lines.append(t("act.baseline.cannot", items=t("act.sep").join(refused)))
    return Outcome(config.root, "\n".join(lines))


def _approval_of(data: dict[str, Any]) -> tuple[str, str, str]:
    """The version and 批准 record (who, which day) a source states, as text: what a baseline certifies."""
    approved = data.get("approved")
    record = approved if isinstance(approved, dict) else {}
    return str(data.get("version", "")), str(record.get("by", "")), str(record.get("date", ""))


def _uncommitted_approval(config: Config, item: Controlled, versions: list[Revisioned]) -> str | None:
    """Why the item cannot be baselined when its version or 批准 record differs from the one last committed: the
    baseline certifies an approval made before qmsdoc, and an auditor reads that approval from git; an edit not
    committed would be recorded as the approval, with nothing in the history showing who changed it or when."""
    if not versions:
        return None  # never committed: there is no earlier record to differ from
    last = versions[-1]
    old = parse_version(item.kind, last.text, item.path)
    data = old.data if isinstance(old.data, dict) else {}
    committed, now = _approval_of(data), _approval_of(item.data)
    if old.findings or committed == now or not any(committed[1:]):
        return None  # unreadable then, unchanged, or approved in the working tree only: the other checks decide
    path = repository_path(config.root, item.path)
    return t("act.baseline.uncommitted", id=item.id, where=f"{item.path}:{item.record_line}",
             committed=t("act.baseline.approval_text", version=committed[0], by=committed[1], date=committed[2]),
             now=t("act.baseline.approval_text", version=now[0], by=now[1], date=now[2]),
             commit=last.commit[:10], restore=git_command("checkout", "--", path=path))


def _edited_after_approval(item: Controlled, versions: list[Revisioned]) -> str | None:
    """Why the item cannot be baselined when git holds its approval (the same version and 批准 record) with other
    content: the text was edited after it was approved, and a baseline would record the edit as approved."""
    for version in versions:
        old = parse_version(item.kind, version.text, item.path)
        data = old.data if isinstance(old.data, dict) else {}
        if old.findings or str(data.get("version")) != str(item.data.get("version")) \
                or data.get("approved") != item.data.get("approved"):
            continue
        old_body = "" if item.kind == "form" else old.body
        if same_approval(data, old_body, item.data, item.body):
            return None
        key = first_changed_key(data, item.data)
        line = item.source.line_of(key) if key is not None else first_changed_line(old_body, item.body,
                                                                                     item.source.body_line)
        return t("act.baseline.edited", id=item.id, where=f"{item.path}:{line}", commit=version.commit[:10],
                 date=version.date, path=item.path)
    return None
