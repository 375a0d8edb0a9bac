"""Change control (7.5.3.2 c): approved content carries an approval record and may not change without
a new release."""

from __future__ import annotations

from collections.abc import Iterator

from ..approval import Controlled, controlled_items, parse_version, recorded_approver
from ..findings import Finding, Severity
from ..fingerprint import fingerprint, first_changed_key, first_changed_line
from ..i18n import t
from ..source import SourceText
from . import Context, Rule, per_file, rule


def approved_version(ctx: Context, kind: str, path: str, expected: str) -> tuple[str, SourceText] | None:
    """The last committed version of `path` whose content matches the approval fingerprint: its text, parsed."""
    for version in reversed(ctx.history.versions.get(path, [])):
        src = parse_version(kind, version.text, path)
        if not src.findings and isinstance(src.data, dict) and fingerprint(src.data, "" if kind == "form" else src.body) == expected:
            return version.text, src
    return None


def _approved_key(item: Controlled, expected: str) -> str:
    return f"approved\0{item.path}\0{expected}"


def _remember_approved(ctx: Context, item: Controlled, expected: str) -> None:
    """Which bytes of this source matched its approval: with git absent, the next check still knows the
    approved text (its parse stays in the cache while QD190 asks for it) and names the changed line."""
    if ctx.cache is not None and item.source.sha256:
        ctx.cache.remember(_approved_key(item, expected), item.source.sha256)


def _last_checked_approved(ctx: Context, item: Controlled, expected: str) -> SourceText | None:
    if ctx.cache is None:
        return None
    sha = ctx.cache.recall(_approved_key(item, expected), str)
    return ctx.cache.source(item.kind, item.path, sha) if sha and sha != item.source.sha256 else None


def _how_to_release(item: Controlled) -> str:
    if item.kind == "document":
        return t("rule.release_command.document", id=item.id)
    return t("rule.release_command.other", id=item.id)


def _how_to_revise(ctx: Context, item: Controlled) -> str:
    """What to do with an edit to the file in force: move it into a revision — or, when a revision is already
    drafted (revise would refuse a second, release refuses while the file in force is edited), undo it here."""
    revision = ctx.corpus.revisions.get(item.id)
    if revision is not None:
        return t("rule.QD190.revising", id=item.id, path=revision.path)
    return t("rule.QD190.revise", id=item.id, release=_how_to_release(item))


def _controlled(ctx: Context) -> Iterator[tuple[SourceText, Controlled]]:
    return ((item.source, item) for item in controlled_items(ctx.corpus))


@per_file("QD122", Severity.ERROR, "已批准的文件、表单或手册首页没有批准记录（指纹）", per=_controlled)
def approval_record_missing(self: Rule, ctx: Context, item: Controlled) -> Iterator[Finding]:
    if item.needs_record and not item.record.get("fingerprint"):
        what = t(f"rule.kind.{item.kind}")
        by, _ = recorded_approver(item, ctx.corpus)
        if by is None and item.kind != "form":  # baseline certifies a named approver only: release is the way in
            message = "rule.QD122.message_release" if item.record else "rule.QD122.never_approved_release"
        else:
            message = "rule.QD122.message" if item.record else "rule.QD122.never_approved"  # no record at all
        yield self.at(item.path, item.record_line, t(message, what=what, id=item.id, release=_how_to_release(item),
                                                     by=by or t("rule.QD122.approver")))


def _matches_record(ctx: Context, item: Controlled, expected: str) -> bool:
    """Whether the content is what its record approved: a function of the file's bytes alone, cached by their hash."""
    def compute() -> bool:
        return fingerprint(item.data, item.body) == expected

    return bool(ctx.from_cache("fingerprint-matches", item.source, bool, compute))


@rule("QD190", Severity.ERROR, "已批准的内容被修改而未重新批准")
def approved_content_changed(self: Rule, ctx: Context) -> Iterator[Finding]:
    for item in controlled_items(ctx.corpus):
        expected = item.record.get("fingerprint")
        if not item.needs_record or not isinstance(expected, str):
            continue
        if _matches_record(ctx, item, expected):
            _remember_approved(ctx, item, expected)
            continue
        found = approved_version(ctx, item.kind, item.path, expected)
        old = found[1] if found is not None else _last_checked_approved(ctx, item, expected)
        line = item.record_line
        if old is not None:
            key = first_changed_key(old.data, item.data)
            if key is not None:
                line = item.source.line_of(key)
            elif item.kind != "form":
                line = first_changed_line(old.body, item.body, item.source.body_line)
        elif item.kind != "form":
            line = item.source.body_line
        yield self.at(item.path, line, t("rule.QD190.message", revise=_how_to_revise(ctx, item)))
