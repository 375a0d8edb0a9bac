"""Cross-references: `[[ID]]` must resolve, and effective documents must not lean on drafts or obsolete ones."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from . import Context, Rule, rule


@rule("QD130", Severity.ERROR, "[[ID]] 引用的文件不存在")
def dangling(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        for ref in ctx.structure(document).references:
            if ref.section not in ctx.config.record_sections and ctx.corpus.lookup(ref.code) is None:
                yield self.at(document.path, ref.line,
                              f"引用 [[{ref.raw}]] 找不到对应的受控文件或表单：请核对编号，或先建立该文件")


@rule("QD131", Severity.ERROR, "现行文件引用了草稿或作废文件")
def effective_to_inactive(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        if not document.status.is_current:
            continue
        for ref in ctx.structure(document).references:
            target = ctx.corpus.documents.get(ref.code)
            if target and not target.status.is_controlled:
                if target.superseded_by == document.id:  # never tell a document to cite itself
                    hint = "本文件就是它的替代文件：请删除该引用"
                elif target.superseded_by:
                    hint = f"请改为引用其替代文件 [[{target.superseded_by}]]"
                else:
                    hint = "请改为引用现行文件"
                yield self.at(document.path, ref.line,
                              f"现行文件引用了状态为 {target.status_label} 的 {target.id}《{target.title}》：{hint}")


@rule("QD170", Severity.WARNING, "正文中的文件编号未写成 [[ID]]")
def bare_codes(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        for bare in ctx.structure(document).bare_codes:
            if bare.code != document.id and ctx.corpus.lookup(bare.code) is not None:
                yield self.at(document.path, bare.line,
                              f"正文中的编号 {bare.raw} 没有写成引用：请改为 [[{bare.code}]]，读者才能点击跳转")
