"""Awareness (ISO 9001 7.3): every version in force is acknowledged by the departments that must know it, in
time; the acknowledgements register and the roster are readable, and hold nothing that does not count."""

from __future__ import annotations

from collections.abc import Iterator

from ..acknowledgements import MALFORMED, name_problem, unknown_documents
from ..findings import Finding, Severity
from ..model import Document, Manual
from ..roster import MALFORMED as ROSTER
from ..source import SourceText
from ..training import OVERDUE, assignments, requirement, stray
from . import Context, Rule, rule

LATE, STRAY, LISTED = "QD221", "QD222", "QD223"


@rule(MALFORMED, Severity.ERROR, "文件学习确认记录无法读取、条目不完整或登记了不存在的文件")
def register_readable(self: Rule, ctx: Context) -> Iterator[Finding]:
    register = ctx.acknowledgements
    yield from register.findings
    yield from unknown_documents(register, ctx.corpus)


@rule(LATE, Severity.WARNING, "现行版本的学习确认逾期：要求学习的部门尚未确认")
def overdue(self: Rule, ctx: Context) -> Iterator[Finding]:
    today = ctx.config.today
    for item in assignments(ctx.corpus, ctx.config, ctx.acknowledgements, ctx.roster):
        if item.state != OVERDUE:
            continue
        document = item.document
        line = item.named.line if item.named.source is document.source else document.source.line_of("version")
        missing = f"（尚未确认：{'、'.join(item.outstanding)}）" if item.every_person else ""
        yield self.at(document.path, line,
                      f"{document.id}《{document.title}》版本 {item.version}（{item.opened} 发布）应由 {item.department} "
                      f"在 {item.due} 前学习确认，已逾期 {item.days_overdue(today)} 天{missing}：请组织学习后登记"
                      f"（qmsdoc acknowledge {document.id} --by 姓名 --department {item.department}，"
                      "或用 --from-csv 录入签到表）")


@rule(STRAY, Severity.WARNING, "学习确认登记了非现行版本，或登记给不要求学习的文件或部门")
def stray_acknowledgements(self: Rule, ctx: Context) -> Iterator[Finding]:
    register = ctx.acknowledgements
    for entry, why in stray(ctx.corpus, ctx.config, register):
        yield self.at(register.display, entry.line, f"{entry.person}（{entry.department}）的学习确认：{why}")


@rule(LISTED, Severity.ERROR, "acknowledge 学习部门名单无效（名称、重复，或 acknowledge_all 的部门不在人员名单中）")
def requirement_valid(self: Rule, ctx: Context) -> Iterator[Finding]:
    for manual in ctx.corpus.manuals:
        yield from _names(self, manual.source)
    for document in ctx.documents:
        yield from _names(self, document.source)
        yield from _roster(self, ctx, document)


def _names(self: Rule, source: SourceText) -> Iterator[Finding]:
    data = source.data if isinstance(source.data, dict) else {}
    value = data.get("acknowledge")
    seen: set[str] = set()
    for index, item in enumerate(value if isinstance(value, list) else [value] if isinstance(value, str) else []):
        if not isinstance(item, str) or not item:
            continue  # the schema says it (QD004)
        line = source.line_of("acknowledge", index)
        problem = name_problem(item)
        if problem:
            yield self.at(source.path, line, f"acknowledge 中的 {item[:40]!r} 不是有效的部门或岗位名称：{problem}")
        elif item in seen:
            yield self.at(source.path, line, f"acknowledge 中的 {item} 重复：每个部门只列一次")
        seen.add(item)


def _roster(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    need = requirement(document, ctx.config)
    if need is None or not need.every_person:
        return
    roster = ctx.roster
    manual: Manual | None = document.manual
    own = isinstance(document.source.data, dict) and "acknowledge_all" in document.source.data
    where = document.source if own or manual is None else manual.source
    for named in need.named:
        if roster.findings or roster.of(named.department):
            continue  # a broken roster is reported once, as QD224
        reason = (f"人员名单 {roster.display} 中没有 {named.department}" if roster.exists
                  else f"没有人员名单 {roster.display}")
        yield self.at(where.path, where.line_of("acknowledge_all"),
                          f"acknowledge_all: true 要求 {named.department} 的每个人都确认，但{reason}："
                          f"请在 {roster.display} 中列出该部门人员（如 {named.department}: [张三, 李四]），"
                          "或去掉 acknowledge_all")  # a manual's setting: one finding, however many documents


@rule(ROSTER, Severity.ERROR, "人员名单（roster）无法读取或格式不对")
def roster_readable(self: Rule, ctx: Context) -> Iterator[Finding]:
    yield from ctx.roster.findings
