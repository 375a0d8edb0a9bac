"""Awareness (ISO 9001 7.3): every version in force is acknowledged by the departments that must know it, in
time; the acknowledgements register and the roster are readable, and hold nothing that does not count."""

from __future__ import annotations

from collections.abc import Iterator

from ..acknowledgements import MALFORMED, unknown_documents
from ..commandline import shell_word
from ..errors import echoed, shown
from ..findings import Finding, Severity
from ..i18n import join, t
from ..model import Document, Manual
from ..names import name_key, name_problem
from ..roster import MALFORMED as ROSTER
from ..source import SourceText
from ..training import OVERDUE, Assignment, assignments, requirement, stray
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
    for item in assignments(ctx.corpus, ctx.config, ctx.acknowledgements, ctx.roster, ctx.history.versions):
        if item.state != OVERDUE:
            continue
        document = item.document
        path, line = _where(ctx, item)
        missing = t("acks.rule.QD221.missing", people=join(list(item.outstanding))) if item.every_person else ""
        # a past day's check: readings done by then but entered later are named, so the warning is not taken as
        # nobody having read it
        missing += "".join(t("acks.rule.QD221.unrecorded", person=a.person, date=a.date, entered=a.entered or "—")
                           for a in item.unrecorded)
        yield self.at(path, line,
                      t("acks.rule.QD221", id=document.id, title=document.title, version=item.version,
                        released=item.released, department=item.department,
                        department_arg=shell_word(item.department), due=item.due,
                        days=item.days_overdue(today), missing=missing))
    # The version in force beside a waiting one, without git history, is not a warning here: the check already
    # says once that it reads no history (ctx.history.note), and a warning per waiting document would fail every
    # `--strict` build in a shallow CI clone. The page, the document's line and the register say it for each.


def _where(ctx: Context, item: Assignment) -> tuple[str, int]:
    """Where in today's files an overdue reading is reported: where the department is named to read it — the
    document's `acknowledge`, or its manual index page's when the manual names it — else the document's version.
    A past day's assignment is of the version in force then (training.version_on): its department is looked for
    in today's lists, which may no longer name it."""
    document = item.document
    current = ctx.corpus.documents.get(document.id, document)
    manual: Manual | None = current.manual
    today = [current.source] + ([manual.source] if manual is not None else [])
    if current is document and any(item.named.source is source for source in today):
        return item.named.source.path, item.named.line
    need = requirement(current, ctx.config)
    now = next((n for n in need.named if any(n.source is source for source in today)
                and name_key(n.department) == name_key(item.department)), None) if need else None
    return (now.source.path, now.line) if now is not None else (current.path, current.source.line_of("version"))


@rule(STRAY, Severity.WARNING, "学习确认登记了非现行版本，或登记给不要求学习的文件或部门")
def stray_acknowledgements(self: Rule, ctx: Context) -> Iterator[Finding]:
    register = ctx.acknowledgements
    for entry, why in stray(ctx.corpus, ctx.config, register, ctx.history.versions):
        yield self.at(register.display, entry.line,
                      t("acks.rule.QD222", person=shown(entry.person), department=shown(entry.department), why=why))


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
            yield self.at(source.path, line, t("acks.rule.QD223.name", value=echoed(item), problem=problem))
        elif name_key(item) in seen:  # 客服部 and 客服部 written full-width or spaced are one department
            yield self.at(source.path, line, t("acks.rule.QD223.duplicate", department=item))
        seen.add(name_key(item))


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
        reason = (t("acks.rule.QD223.not_listed", roster=roster.display, department=named.department)
                  if roster.exists else t("acks.rule.QD223.no_roster", roster=roster.display))
        # a manual's setting: one finding, however many documents
        yield self.at(where.path, where.line_of("acknowledge_all"),
                      t("acks.rule.QD223.roster", department=named.department, reason=reason, roster=roster.display))


@rule(ROSTER, Severity.ERROR, "人员名单（roster）无法读取或格式不对")
def roster_readable(self: Rule, ctx: Context) -> Iterator[Finding]:
    yield from ctx.roster.findings
