"""Quality records (7.5.3): each form has an owner that lists it, and every listed record exists."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from . import Context, Rule, rule


def _record_refs(ctx: Context, document_id: str) -> set[str]:
    document = ctx.corpus.documents[document_id]
    return {r.code for r in ctx.structure(document).references if r.section in ctx.config.record_sections}


@rule("QD150", Severity.ERROR, "表单的归口文件不存在")
def form_owner(self: Rule, ctx: Context) -> Iterator[Finding]:
    for form in ctx.corpus.sorted_forms():
        if form.owner and form.owner not in ctx.corpus.documents:
            yield self.at(form.path, form.source.line_of("owner"),
                          f"表单的归口文件 {form.owner} 不存在：owner 应写引入该表单的程序文件编号")


@rule("QD151", Severity.ERROR, "表单未列入归口文件的质量记录")
def form_listed(self: Rule, ctx: Context) -> Iterator[Finding]:
    for form in ctx.corpus.sorted_forms():
        if form.owner in ctx.corpus.documents and form.id not in _record_refs(ctx, form.owner):
            owner = ctx.corpus.documents[form.owner]
            yield self.at(form.path, form.source.line_of("owner"),
                          f"表单 {form.id} 没有列在归口文件 {owner.id} 的“{ctx.config.record_sections[0]}”一节：请在 {owner.path} 的该节中加入 "
                          f"[[{form.id}]]")


@rule("QD152", Severity.ERROR, "质量记录所列表单不存在")
def record_exists(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        for ref in ctx.structure(document).references:
            if ref.section in ctx.config.record_sections and ref.code not in ctx.corpus.forms:
                yield self.at(document.path, ref.line,
                              f"质量记录 [[{ref.raw}]] 在 controlled_forms/ 中没有对应表单：请新建 {ref.code}.yaml 定义其栏目")


@rule("QD153", Severity.WARNING, "孤立表单：只有作废文件使用")
def orphan_forms(self: Rule, ctx: Context) -> Iterator[Finding]:
    # Drafts count as users: a new procedure and its new forms are written together.
    used = {r.code for d in ctx.documents if not d.status.is_obsolete for r in ctx.structure(d).references}
    for form in ctx.corpus.sorted_forms():
        if form.id not in used and form.owner in ctx.corpus.documents:
            yield self.at(form.path, form.source.line_of("code"),
                          f"表单 {form.id} 只被作废文件使用（归口文件 {form.owner} 已作废）："
                          "请在现行程序中引用它，或删除该表单")
