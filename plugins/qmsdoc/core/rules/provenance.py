"""Tamper evidence from git (7.5.3.2 c/d): an approval record changes only through a release.

The commit that introduced the current approval record is found; compared with the last earlier
version that had a record, it must add a new version, one or more new 修订记录 entries (earlier entries
unchanged) and a new approval date, and the content committed with it must match its fingerprint.
A record that existed and was deleted is reported with the commit that deleted it. A record put back exactly
as an earlier release committed it (a reverted release) is no tampering: the later version was withdrawn from
the line, and check warns that the 修订记录 no longer lists it. Without git (or
in a shallow clone) nothing is reported here and `check` prints a note instead."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..approval import Controlled, controlled_items, parse_version
from ..findings import Finding, Severity
from ..fingerprint import fingerprint, recorded_fingerprint
from ..i18n import t
from ..revision import Revision
from ..status import Status
from . import Context, Rule, rule


@dataclass(frozen=True)
class _Version:
    label: str  # 提交 abc1234 (date) or the working copy
    data: dict[str, Any]
    body: str
    committed: bool

    @property
    def fingerprint(self) -> str | None:
        return recorded_fingerprint(self.data)


def _versions(ctx: Context, item: Controlled) -> list[_Version]:
    out = []
    for version in ctx.history.versions.get(item.path, []):
        src = parse_version(item.kind, version.text, item.path)
        if not src.findings and isinstance(src.data, dict):
            out.append(_Version(t("rule.provenance.commit", commit=version.commit[:10], date=version.date), src.data,
                                "" if item.kind == "form" else src.body, True))
    out.append(_Version(t("rule.provenance.working_copy"), item.data, item.body, False))
    return out


def _release_problem(before: _Version, after: _Version) -> str | None:
    """Why `after` is not a proper release of `before` (None if it is)."""
    old_version, new_version = Revision.parse(str(before.data.get("version", ""))), Revision.parse(
        str(after.data.get("version", "")))
    if old_version is None or new_version is None or not old_version < new_version:
        return t("rule.provenance.version_not_raised", before=before.data.get("version"), after=after.data.get("version"))
    old_history, new_history = before.data.get("history") or [], after.data.get("history") or []
    keeps_history = "history" in before.data or "history" in after.data  # forms and manual pages have none
    if keeps_history and isinstance(old_history, list) and isinstance(new_history, list):
        if len(new_history) <= len(old_history):
            return t("rule.provenance.no_new_history")
        if new_history[:len(old_history)] != old_history:
            return t("rule.provenance.history_rewritten")
        last = new_history[-1]
        if not isinstance(last, dict) or str(last.get("version")) != str(new_version):
            return t("rule.provenance.last_not_new", version=new_version)
    if Status.parse(after.data.get("status")) is Status.OBSOLETE and Status.parse(before.data.get("status")) is not Status.OBSOLETE:
        withdrawn = after.data.get("withdrawn")
        return None if isinstance(withdrawn, dict) and withdrawn.get("date") else t("rule.provenance.no_withdrawn")
    old_date = (before.data.get("approved") or {}).get("date")
    new_date = (after.data.get("approved") or {}).get("date")
    if not new_date or (old_date and str(new_date) < str(old_date)):
        return t("rule.provenance.date_not_updated", before=old_date, after=new_date)
    # A second release on the same day is allowed: it is a new version with its own 修订记录 entry, dated
    # with the new approval.
    if keeps_history and isinstance(new_history, list) and new_history and isinstance(new_history[-1], dict) \
            and str(new_history[-1].get("date")) != str(new_date):
        return t("rule.provenance.dates_differ", history=new_history[-1].get("date"), approved=new_date)
    return None


def _introducing(versions: list[_Version]) -> int:
    """Index of the version that first carried the current fingerprint (the approval's own commit)."""
    current = versions[-1].fingerprint
    start = len(versions) - 1
    while start > 0 and versions[start - 1].fingerprint == current:
        start -= 1
    return start


def _restored(versions: list[_Version], start: int) -> _Version | None:
    """The committed version that first carried the record `versions[start]` carries again, when that record was
    released before and another record came between (a reverted release): None for a record new at `start`."""
    current = versions[start].fingerprint
    for index, version in enumerate(versions[:start]):
        if version.committed and version.fingerprint == current and version.data.get("approved") == \
                versions[start].data.get("approved") and str(version.data.get("version")) == str(
                    versions[start].data.get("version")):
            return versions[index]
    return None


@rule("QD191", Severity.ERROR, "批准记录未经发布而被改动或删除")
def approval_record_tampered(self: Rule, ctx: Context) -> Iterator[Finding]:
    if not ctx.history.available:
        return
    for item in controlled_items(ctx.corpus):
        versions = _versions(ctx, item)
        current = versions[-1]
        if current.fingerprint is None:
            if not item.needs_record:
                continue
            last = max((i for i, v in enumerate(versions) if v.fingerprint), default=None)
            if last is not None:
                deleted = versions[last + 1]
                yield self.at(item.path, item.record_line,
                              t("rule.QD191.deleted", where=deleted.label))
            continue
        start = _introducing(versions)
        introduced = versions[start]
        previous = next((v for v in reversed(versions[:start]) if v.fingerprint), None)
        if previous is None:
            continue  # first approval or baseline
        restored = _restored(versions, start)
        if restored is not None:
            # `git revert` of a release (or the old file checked out): the later version left the line, the
            # record in force again is one released before — told, not an error, as long as it is unchanged.
            undone = "rule.QD191.unwithdrawn" if Status.parse(previous.data.get("status")) is Status.OBSOLETE \
                else "rule.QD191.restored"
            yield self.at(item.path, item.record_line, t(
                undone, version=restored.data.get("version"), where=restored.label,
                withdrawn=previous.data.get("version"), when=introduced.label), Severity.WARNING)
            continue
        problem = _release_problem(previous, introduced)
        if problem:
            yield self.at(item.path, item.record_line,
                          t("rule.QD191.changed", where=introduced.label, problem=problem))


@rule("QD192", Severity.ERROR, "随批准记录提交的内容与指纹不符")
def approval_commit_mismatch(self: Rule, ctx: Context) -> Iterator[Finding]:
    if not ctx.history.available:
        return
    for item in controlled_items(ctx.corpus):
        versions = _versions(ctx, item)
        current = versions[-1]
        if current.fingerprint is None:
            continue
        start = _introducing(versions)
        introduced = versions[start]
        if introduced.committed and fingerprint(introduced.data, introduced.body) != current.fingerprint:
            yield self.at(item.path, item.record_line,
                          t("rule.QD192.message", where=introduced.label))
