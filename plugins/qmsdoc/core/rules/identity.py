"""Identification (ISO 9001 7.5.2 a): unique ids, numbering patterns, file names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from ..codes import compile_pattern, file_stem, normalise
from ..findings import Finding, Severity
from ..model import Target
from ..source import SourceText
from . import Context, Rule, per_file, rule


@rule("QD101", Severity.ERROR, "编号重复（规范化后比较，含全角与各种横线）")
def duplicate_ids(self: Rule, ctx: Context) -> Iterator[Finding]:
    for first, second in ctx.corpus.duplicates:
        first_line = first.source.line_of("code" if first.kind == "form" else "id")
        second_line = second.source.line_of("code" if second.kind == "form" else "id")
        yield self.at(second.path, second_line,
                      f"编号 {second.raw_id} 与 {first.path}:{first_line} 的 {first.raw_id} 重复：每个文件编号只能使用一次")
        yield self.at(first.path, first_line,
                      f"编号 {first.raw_id} 与 {second.path}:{second_line} 的 {second.raw_id} 重复：每个文件编号只能使用一次")


@rule("QD102", Severity.ERROR, "编号不符合所在手册的编号规则")
def id_pattern(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        manual = document.manual
        if manual and not compile_pattern(manual.document_pattern).match(document.id):
            yield self.at(document.path, document.source.line_of("id"),
                          f"文件编号 {document.id} 不符合手册《{manual.title}》的编号规则 {manual.document_pattern}："
                          "请按手册的编号规则编号")
    for form in ctx.corpus.sorted_forms():
        owner = ctx.corpus.documents.get(form.owner or "")
        if owner and owner.manual and not compile_pattern(owner.manual.form_pattern).match(form.id):
            yield self.at(form.path, form.source.line_of("code"),
                          f"表单编号 {form.id} 不符合手册《{owner.manual.title}》的表单编号规则 "
                          f"{owner.manual.form_pattern}：请按编号规则编号")


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
                      f"文件名 {stem} 与编号 {target.raw_id} 不一致：请将文件改名为 {file_stem(target.id)}{suffix}")
