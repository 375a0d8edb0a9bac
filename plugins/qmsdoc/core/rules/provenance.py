"""Tamper evidence from git (7.5.3.2 c/d): an approval record changes only through a release.

The commit that introduced the current approval record is found; compared with the last earlier
version that had a record, it must add a new version, one or more new 修订记录 entries (earlier entries
unchanged) and a new approval date, and the content committed with it must match its fingerprint.
A record that existed and was deleted is reported with the commit that deleted it. Without git (or
in a shallow clone) nothing is reported here and `check` prints a note instead."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..approval import Controlled, controlled_items, parse_version
from ..findings import Finding, Severity
from ..fingerprint import fingerprint, recorded_fingerprint
from ..revision import Revision
from ..status import Status
from . import Context, Rule, rule

WORKING_COPY = "工作区（未提交）"


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
            out.append(_Version(f"提交 {version.commit[:10]}（{version.date}）", src.data,
                                "" if item.kind == "form" else src.body, True))
    out.append(_Version(WORKING_COPY, item.data, item.body, False))
    return out


def _release_problem(before: _Version, after: _Version) -> str | None:
    """Why `after` is not a proper release of `before` (None if it is)."""
    old_version, new_version = Revision.parse(str(before.data.get("version", ""))), Revision.parse(
        str(after.data.get("version", "")))
    if old_version is None or new_version is None or not old_version < new_version:
        return f"版本号没有升级（{before.data.get('version')} → {after.data.get('version')}）"
    old_history, new_history = before.data.get("history") or [], after.data.get("history") or []
    keeps_history = "history" in before.data or "history" in after.data  # forms and manual pages have none
    if keeps_history and isinstance(old_history, list) and isinstance(new_history, list):
        if len(new_history) <= len(old_history):
            return "没有新增修订记录"
        if new_history[:len(old_history)] != old_history:
            return "改写了以前的修订记录"
        last = new_history[-1]
        if not isinstance(last, dict) or str(last.get("version")) != str(new_version):
            return f"最后一条修订记录不是新版本 {new_version}"
    if Status.parse(after.data.get("status")) is Status.OBSOLETE and Status.parse(before.data.get("status")) is not Status.OBSOLETE:
        withdrawn = after.data.get("withdrawn")
        return None if isinstance(withdrawn, dict) and withdrawn.get("date") else "作废没有记录作废日期与批准人（withdrawn）"
    old_date = (before.data.get("approved") or {}).get("date")
    new_date = (after.data.get("approved") or {}).get("date")
    if not new_date or (old_date and str(new_date) < str(old_date)):
        return f"批准日期没有更新（{old_date} → {new_date}）"
    # A second release on the same day is allowed: it is a new version with its own 修订记录 entry, dated
    # with the new approval.
    if keeps_history and isinstance(new_history, list) and new_history and isinstance(new_history[-1], dict) \
            and str(new_history[-1].get("date")) != str(new_date):
        return f"新修订记录的日期 {new_history[-1].get('date')} 与批准日期 {new_date} 不一致"
    return None


def _introducing(versions: list[_Version]) -> int:
    """Index of the version that first carried the current fingerprint (the approval's own commit)."""
    current = versions[-1].fingerprint
    start = len(versions) - 1
    while start > 0 and versions[start - 1].fingerprint == current:
        start -= 1
    return start


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
                              f"批准记录（指纹）在{deleted.label}中被删除：已批准的内容不能脱离变更控制；"
                              f"请恢复原批准记录，或走发布流程重新批准")
            continue
        start = _introducing(versions)
        introduced = versions[start]
        previous = next((v for v in reversed(versions[:start]) if v.fingerprint), None)
        if previous is None:
            continue  # first approval or baseline
        problem = _release_problem(previous, introduced)
        if problem:
            yield self.at(item.path, item.record_line,
                          f"批准记录（指纹）在{introduced.label}中被改动，但这不是一次发布：{problem}。"
                          "指纹只能由 qmsdoc release 随新版本、新修订记录和新批准日期一起写入；"
                          "请撤销该改动，或正式发布")


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
                          f"批准记录在{introduced.label}中写入，但该提交中的内容与指纹不符：批准的不是提交的内容。"
                          "请核对后正式发布（qmsdoc release）")
