"""Working revisions (core/revisions.py): each file under revisions_dir must be the one draft of a source
in force at the same relative path, started from the version now in force. The drafts' own content is
checked as a draft by the check's draft pass (core/check.py)."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import shown_path
from ..findings import Finding, Severity
from ..i18n import t
from ..model import Document, Form, WorkingRevision
from ..revisions import MARKER
from ..source import SourceText
from . import Context, Rule, rule


def _line(source: SourceText, key: str) -> int:
    data = source.data if isinstance(source.data, dict) else {}
    return source.line_of(key) if key in data else source.line_of()


@rule("QD230", Severity.ERROR, "修订稿目录中的文件不是某个受控文件的修订稿（路径不对应，或修订稿改了编号）")
def revision_without_target(self: Rule, ctx: Context) -> Iterator[Finding]:
    folder = ctx.config.revisions_dir
    drafted = {r.target_id for r in ctx.corpus.revisions.values()}
    for revision in ctx.corpus.revision_files:
        if revision.kind == "other":
            yield self.at(revision.path, 1, t("rule.QD230.other", folder=folder))
        elif revision.target is None and revision.draft_id not in drafted:
            yield self.at(revision.path, 1,
                          t("rule.QD230.no_target", path=revision.path, folder=folder))
        elif revision.target is not None and revision.item is not None and revision.draft_id != revision.target_id:
            yield self.at(revision.path, _line(revision.source, "code" if revision.kind == "form" else "id"),
                          t("rule.QD230.renumbered", draft=revision.draft_id, kind=t(f"rule.kind.{revision.kind}"),
                            id=revision.target_id))


@rule("QD231", Severity.ERROR, "同一文件同时有两份修订稿")
def two_revisions(self: Rule, ctx: Context) -> Iterator[Finding]:
    for revision in ctx.corpus.revision_files:
        first = ctx.corpus.revisions.get(revision.draft_id or "")
        if first is not None and first is not revision:
            yield self.at(revision.path, _line(revision.source, "code" if revision.kind == "form" else "id"),
                          t("rule.QD231.message", id=revision.draft_id, first=first.path))


def _in_force(ctx: Context, revision: WorkingRevision) -> Document | Form | None:
    """The document or form a working revision revises (a draft form is revised by editing it, as a draft is)."""
    if revision.kind == "document":
        return ctx.corpus.documents.get(revision.target_id or "")
    return ctx.corpus.forms.get(revision.target_id or "") if revision.kind == "form" else None


@rule("QD232", Severity.ERROR, "修订稿所修订的文件已作废或尚未批准（例如作废后遗留的修订稿）")
def revision_of_unapproved(self: Rule, ctx: Context) -> Iterator[Finding]:
    for revision in ctx.corpus.revisions.values():
        document = _in_force(ctx, revision)
        if document is None:
            continue
        if isinstance(document, Document) and document.withdrawal_waits_on(ctx.config.today):
            # still in force, but its withdrawal is approved: a release of the revision would undo it unasked
            yield self.at(revision.path, _line(revision.source, MARKER),
                          t("rule.QD232.withdrawal_pending", id=document.id, date=document.withdrawn))
        elif isinstance(document, Document) and document.status.is_obsolete:
            yield self.at(revision.path, _line(revision.source, MARKER),
                          t("rule.QD232.obsolete", id=document.id, date=document.withdrawn or t("rule.QD232.no_date")))
        elif document.status.is_unapproved:
            yield self.at(revision.path, _line(revision.source, MARKER),
                          t("rule.QD232.unapproved", id=document.id, status=document.status_label))


@rule("QD233", Severity.ERROR, "修订稿不是基于现行版本起草的（修订期间现行版本已变更）")
def revision_of_old_version(self: Rule, ctx: Context) -> Iterator[Finding]:
    for revision in ctx.corpus.revisions.values():
        if not revision.marker or revision.target is None:
            continue
        data = revision.target.data if isinstance(revision.target.data, dict) else {}
        current = str(data.get("version", ""))
        if revision.of != current:
            yield self.at(revision.path, _line(revision.source, MARKER),
                          t("rule.QD233.message", of=revision.of or t("rule.QD233.unknown"), current=current,
                            id=revision.target_id))


@rule("QD234", Severity.ERROR, "修订稿缺少 revision 标记，或受控文件中出现了 revision 标记")
def revision_marker(self: Rule, ctx: Context) -> Iterator[Finding]:
    for revision in ctx.corpus.revisions.values():
        if not revision.marker:
            yield self.at(revision.path, revision.source.line_of(),
                          t("rule.QD234.missing", marker=MARKER, id=revision.target_id))
    drafts = ctx.config.revisions_path.resolve()
    for source in ctx.corpus.sources:
        data = source.data if isinstance(source.data, dict) else {}
        if MARKER in data and not (ctx.config.root / source.path).resolve().is_relative_to(drafts):
            yield self.at(source.path, source.line_of(MARKER),
                          t("rule.QD234.stray", marker=MARKER, folder=shown_path(ctx.config.revisions_dir)))

