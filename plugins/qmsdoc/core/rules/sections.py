"""Document structure: required sections per type and continuous clause numbering."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import join, join_or, t
from ..model import Document
from ..structure import CN_HEADING_NUMBER, Clause, Structure, chinese_number
from . import Context, Rule, each_document, per_file


@per_file("QD160", Severity.ERROR, "缺少该类文件必需的章节", per=each_document)
def required_sections(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    if document.status.is_obsolete:
        # A withdrawn document is a frozen record (no revision of it may be drafted: QD232): the sections asked of
        # its type now — another language's after `language:` changed, or a list edited since — cannot be added.
        return
    required = ctx.config.required_sections.get(document.type, [])
    names = ctx.structure(document).section_names()
    for alternatives in required:
        if not names.intersection(name.casefold() for name in alternatives):
            yield self.at(document.path, document.source.body_line,
                          t("rule.QD160.message", type=document.type_label, section=alternatives[0],
                            names=join_or(alternatives)))


def _expected_next(previous: tuple[int, ...]) -> list[tuple[int, ...]]:
    """After 4.2.1 the next clause may be 4.2.1.1, 4.2.2, 4.3 or 5."""
    options = [previous + (1,)]
    for depth in range(len(previous), 0, -1):
        options.append(previous[: depth - 1] + (previous[depth - 1] + 1,))
    return options


_WRITTEN_ZERO = re.compile(r"^\d{1,2}[ \t]*\.[ \t]*0(?!\d)")


def _show(number: tuple[int, ...], zero: bool) -> str:
    """A clause number as the document writes it: a top-level one as 「4.0」 or, where the document writes
    "4. Procedure", as 4 — the message must not ask an English procedure for numbers it never uses."""
    if len(number) == 1:
        return f"{number[0]}.0" if zero else str(number[0])
    return ".".join(map(str, number))


def _with_chinese_chapters(structure: Structure) -> list[Clause]:
    """The clauses in order, with each heading numbered in Chinese numerals (`四、服务规范`, `第四章`, `（四）`) as the
    top-level clause it is where the clauses under it use that number (4.1 after `四、`): without it, 4.1 after 3.3
    was a jump. A heading whose clauses use another number (a `一、` list of steps in clause 3) is not counted."""
    clauses = sorted(structure.clauses, key=lambda c: c.line)
    lines = [c.line for c in clauses]
    chapters = []
    for heading in structure.headings:
        found = CN_HEADING_NUMBER.match(heading.text)
        value = chinese_number(next(g for g in found.groups() if g)) if found else None
        index = bisect.bisect_right(lines, heading.line)  # the first clause after the heading
        after = clauses[index] if index < len(clauses) else None
        if value is not None and after is not None and len(after.number) > 1 and after.number[0] == value:
            chapters.append(Clause((value,), heading.text[:30], heading.line, heading=True))
    known = {c.line for c in clauses}
    return sorted(clauses + [c for c in chapters if c.line not in known], key=lambda c: c.line)


_ARTICLE_KEYS = {(True, False): "rule.QD161.counted", (False, False): "rule.QD161.chinese",
                 (True, True): "rule.QD161.counted_again", (False, True): "rule.QD161.chinese_again"}


@per_file("QD161", Severity.ERROR, "条款编号跳号或不连续", per=each_document)
def clause_numbering(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    manual_mode = document.manual.data.get("clause_numbering") if document.manual else None
    mode = ctx.config.clause_mode(document.type, manual_mode)
    if mode == "off":
        return
    headings_only = mode == "headings-only"
    structure = ctx.structure(document)
    tops = [clause for clause in structure.clauses if len(clause.number) == 1]
    zero = not tops or any(_WRITTEN_ZERO.match(clause.text) for clause in tops)  # 「1.0 目的」, not "1. Purpose"
    previous: Clause | None = None
    for clause in _with_chinese_chapters(structure):
        if headings_only and not clause.heading:
            continue
        if previous and clause.number not in _expected_next(previous.number):
            options = join(_show(n, zero) for n in _expected_next(previous.number))
            yield self.at(document.path, clause.line,
                          t("rule.QD161.jump", previous=_show(previous.number, zero),
                            number=_show(clause.number, zero), options=options))
        previous = clause
    last: dict[str, int] = {}
    for kind, value, _text, line, heading in structure.chinese_clauses:
        if headings_only and not heading:
            continue
        expected = last.get(kind, 0) + 1
        if value != expected:
            # Article 7 / 第七条; 第一条 again after 第六条 (a chapter starting its articles again) is no gap before it
            key = _ARTICLE_KEYS[kind.isascii(), value < expected]
            yield self.at(document.path, line, t(key, value=value, expected=expected, previous=expected - 1,
                                                 kind=kind))
        last[kind] = value
