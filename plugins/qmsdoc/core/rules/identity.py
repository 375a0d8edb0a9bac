"""Identification (ISO 9001 7.5.2 a): unique ids, numbering patterns, file names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from ..codes import compile_pattern, file_stem, normalise, owner_form_pattern
from ..findings import Finding, Severity
from ..i18n import t
from ..model import Target
from ..refs import shown_title
from ..source import SourceText
from . import Context, Rule, per_file, rule


@rule("QD101", Severity.ERROR, "编号重复（规范化后比较，含全角与各种横线）")
def duplicate_ids(self: Rule, ctx: Context) -> Iterator[Finding]:
    for first, second in ctx.corpus.duplicates:
        first_line = first.source.line_of("code" if first.kind == "form" else "id")
        second_line = second.source.line_of("code" if second.kind == "form" else "id")
        yield self.at(second.path, second_line,
                      t("rule.QD101.message", id=second.raw_id, where=f"{first.path}:{first_line}", other=first.raw_id))
        yield self.at(first.path, first_line,
                      t("rule.QD101.message", id=first.raw_id, where=f"{second.path}:{second_line}", other=second.raw_id))


@rule("QD102", Severity.ERROR, "编号不符合所在手册的编号规则")
def id_pattern(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        manual = document.manual
        # the pattern of its type where the manual gives one (`numbering.types`), as `qmsdoc new` numbers it
        pattern = manual.pattern_for(document.type) if manual else ""
        if manual and not compile_pattern(pattern).match(document.id):
            yield self.at(document.path, document.source.line_of("id"),
                          t("rule.QD102.document", id=document.id, manual=shown_title(manual.title),
                            pattern=pattern))
    for form in ctx.corpus.sorted_forms():
        owner = ctx.corpus.documents.get(form.owner or "")
        if not owner or not owner.manual:
            continue  # no owner is QD150's
        manual = owner.manual
        problem = form_number_problem(form.id, owner.id, manual.document_pattern, manual.form_pattern, manual.title)
        if problem is not None:
            yield self.at(form.path, form.source.line_of("code"), problem)


def form_number_problem(code: str, owner: str | None, document_pattern: str, form_pattern: str,
                        manual_title: str) -> str | None:
    """Why QD102 refuses the form number `code` in a manual with these patterns (the message), or None: the one
    judgement `check` and `import` (before a form draft is written) both make. `owner` None: not known yet."""
    if not compile_pattern(form_pattern).match(code):
        return t("rule.QD102.form", id=code, manual=shown_title(manual_title), pattern=form_pattern)
    # the manual numbers forms after their owners: a form numbered after another document fits the manual's
    # pattern, yet its number names the wrong document
    own = owner_form_pattern(document_pattern, form_pattern, owner) if owner else None
    if own and not compile_pattern(own).match(code):
        return t("rule.QD102.form_owner", id=code, owner=owner, manual=shown_title(manual_title), pattern=own)
    return None


def _targets(ctx: Context) -> Iterator[tuple[SourceText, Target]]:
    return ((t.source, t) for t in ctx.corpus.sorted_targets())


@per_file("QD103", Severity.ERROR, "文件名与编号不一致", per=_targets)
def file_name(self: Rule, ctx: Context, target: Target) -> Iterator[Finding]:
    stem = PurePosixPath(target.path).stem
    # `_` in a file name stands for `/` in the id, but ids may contain `_` themselves (QMS_SOP_001).
    if normalise(stem) != file_stem(target.id) and normalise(stem.replace("_", "/")) != target.id:
        key = "code" if target.kind == "form" else "id"
        suffix = PurePosixPath(target.path).suffix
        yield self.at(target.path, target.source.line_of(key),
                      t("rule.QD103.message", stem=stem, id=target.raw_id, name=f"{file_stem(target.id)}{suffix}"))
