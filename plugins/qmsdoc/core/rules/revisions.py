"""Working revisions (core/revisions.py): each file under revisions_dir must be the one draft of a source
in force at the same relative path, started from the version now in force. The drafts' own content is
checked as a draft by the check's draft pass (core/check.py)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..model import Document, WorkingRevision
from ..revisions import MARKER
from ..source import SourceText
from . import Context, Rule, rule

_KINDS = {"document": "文件", "form": "表单", "manual": "手册首页"}


def _line(source: SourceText, key: str) -> int:
    data = source.data if isinstance(source.data, dict) else {}
    return source.line_of(key) if key in data else source.line_of()


@rule("QD230", Severity.ERROR, "修订稿目录中的文件不是某个受控文件的修订稿（路径不对应，或修订稿改了编号）")
def revision_without_target(self: Rule, ctx: Context) -> Iterator[Finding]:
    folder = ctx.config.revisions_dir
    drafted = {r.target_id for r in ctx.corpus.revisions.values()}
    for revision in ctx.corpus.revision_files:
        if revision.kind == "other":
            yield self.at(revision.path, 1, f"{folder} 中只能放 qmsdoc revise 建立的修订稿（.md 文件或 .yaml 表单）："
                                            "请把这个文件移出该目录")
        elif revision.target is None and revision.draft_id not in drafted:
            yield self.at(revision.path, 1,
                          f"修订稿 {revision.path} 在 {folder} 中的位置没有对应的受控文件：修订稿须与所修订的文件路径相同"
                          f"（{folder}/<原文件路径>）。请用 qmsdoc revise <编号> --by … 建立修订稿，不要手工复制或移动")
        elif revision.target is not None and revision.item is not None and revision.draft_id != revision.target_id:
            yield self.at(revision.path, _line(revision.source, "code" if revision.kind == "form" else "id"),
                          f"修订稿的编号 {revision.draft_id} 与所修订的{_KINDS[revision.kind]} {revision.target_id} 不同："
                          "修订不能改编号。请改回原编号；如需新编号，请用 qmsdoc new 新建文件，再作废原文件")


@rule("QD231", Severity.ERROR, "同一文件同时有两份修订稿")
def two_revisions(self: Rule, ctx: Context) -> Iterator[Finding]:
    for revision in ctx.corpus.revision_files:
        first = ctx.corpus.revisions.get(revision.draft_id or "")
        if first is not None and first is not revision:
            yield self.at(revision.path, _line(revision.source, "code" if revision.kind == "form" else "id"),
                          f"{revision.draft_id} 已有修订稿 {first.path}：一份文件同时只能有一份修订稿。"
                          "请把修改合并到该修订稿后删除本文件")


def _in_force(ctx: Context, revision: WorkingRevision) -> Document | None:
    target = ctx.corpus.documents.get(revision.target_id or "")
    return target if revision.kind == "document" else None


@rule("QD232", Severity.ERROR, "修订稿所修订的文件已作废或尚未批准（例如作废后遗留的修订稿）")
def revision_of_unapproved(self: Rule, ctx: Context) -> Iterator[Finding]:
    for revision in ctx.corpus.revisions.values():
        document = _in_force(ctx, revision)
        if document is None:
            continue
        if document.status.is_obsolete:
            yield self.at(revision.path, _line(revision.source, MARKER),
                          f"{document.id} 已作废（{document.withdrawn or '日期不详'}），其修订稿不能再发布："
                          f"请执行 qmsdoc revise {document.id} --discard 删除修订稿；如内容仍需要，请用 qmsdoc new 新建文件")
        elif document.status.is_unapproved:
            yield self.at(revision.path, _line(revision.source, MARKER),
                          f"{document.id} 的状态是{document.status_label}，尚未批准：草稿请直接修改原文件，"
                          f"不需要修订稿。请执行 qmsdoc revise {document.id} --discard 删除修订稿")


@rule("QD233", Severity.ERROR, "修订稿不是基于现行版本起草的（修订期间现行版本已变更）")
def revision_of_old_version(self: Rule, ctx: Context) -> Iterator[Finding]:
    for revision in ctx.corpus.revisions.values():
        if not revision.marker or revision.target is None:
            continue
        data = revision.target.data if isinstance(revision.target.data, dict) else {}
        current = str(data.get("version", ""))
        if revision.of != current:
            yield self.at(revision.path, _line(revision.source, MARKER),
                          f"修订稿基于 {revision.of or '未知版本'} 起草，而现行版本已是 {current}：发布它会覆盖 {current} 的修改。"
                          f"请对照现行版本把修改并入，再把 revision.of 改为 {current}；"
                          f"或执行 qmsdoc revise {revision.target_id} --discard 后重新起草")


@rule("QD234", Severity.ERROR, "修订稿缺少 revision 标记，或受控文件中出现了 revision 标记")
def revision_marker(self: Rule, ctx: Context) -> Iterator[Finding]:
    for revision in ctx.corpus.revisions.values():
        if not revision.marker:
            yield self.at(revision.path, revision.source.line_of(),
                          f"修订稿缺少 {MARKER}: {{of, by, date}} 标记，无法确定它修订的是哪个版本："
                          f"请用 qmsdoc revise {revision.target_id} --by … 建立修订稿")
    drafts = ctx.config.revisions_path.resolve()
    for source in ctx.corpus.sources:
        data = source.data if isinstance(source.data, dict) else {}
        if MARKER in data and not (ctx.config.root / source.path).resolve().is_relative_to(drafts):
            yield self.at(source.path, source.line_of(MARKER),
                          f"受控文件中不能有 {MARKER}: 标记（它只属于 {ctx.config.revisions_dir} 中的修订稿）：请删除该字段")

