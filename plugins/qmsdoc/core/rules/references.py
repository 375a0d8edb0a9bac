"""Cross-references: `[[ID]]` must resolve, and effective documents must not lean on drafts or obsolete ones."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import t
from ..model import in_force_successor
from ..refs import shown_title
from . import Context, Rule, rule
from .lifecycle import deleted_reference


@rule("QD130", Severity.ERROR, "[[ID]] 引用的文件不存在")
def dangling(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        for ref in ctx.structure(document).references:
            if not ctx.config.is_record_section(ref.section) and ctx.corpus.lookup(ref.code) is None \
                    and not ctx.corpus.unloaded(ref.code):
                yield self.at(document.path, ref.line,
                              deleted_reference(ctx, ref.code) or t("rule.QD130.message", ref=ref.raw))


@rule("QD131", Severity.ERROR, "现行文件引用了草稿或作废文件")
def effective_to_inactive(self: Rule, ctx: Context) -> Iterator[Finding]:
    today = ctx.config.today  # a document withdrawn on a later day is still in force today (`in_force_on`)
    for document in ctx.documents:
        if not document.status.is_current:
            continue
        for ref in ctx.structure(document).references:
            target = ctx.corpus.documents.get(ref.code)
            if target and not target.in_force_on(today):
                # its successor in force: a successor withdrawn since is no document to cite
                now = in_force_successor(target, ctx.corpus.documents)
                if target.superseded_by == document.id or (now is not None and now.id == document.id):
                    hint = t("rule.QD131.self")  # never tell a document to cite itself
                elif now is not None:
                    hint = t("rule.QD131.successor", successor=now.id)
                elif target.status.is_obsolete:
                    hint = t("rule.QD131.current")
                elif any(back.code == document.id for back in ctx.structure(target).references):
                    hint = t("rule.QD131.cycle", id=target.id)  # neither can be released before the other
                else:
                    hint = t("rule.QD131.release_first", id=target.id)
                yield self.at(document.path, ref.line,
                              t("rule.QD131.message", status=target.status_label, id=target.id,
                                title=shown_title(target.title), hint=hint))


@rule("QD170", Severity.WARNING, "正文中的文件编号未写成 [[ID]]")
def bare_codes(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        for bare in ctx.structure(document).bare_codes:
            if bare.code != document.id and ctx.corpus.lookup(bare.code) is not None:
                yield self.at(document.path, bare.line,
                              t("rule.QD170.message", raw=bare.raw, code=bare.code))
