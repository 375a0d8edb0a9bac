"""Distribution control (7.5.3.2 a, c): the 文件发放回收记录 is readable, and no copy of a superseded
version stays in circulation unnoticed."""

from __future__ import annotations

from collections.abc import Iterator

from ..distribution import MALFORMED, OUTSTANDING, early_copies, recall_list, unknown_documents
from ..findings import Finding, Severity
from ..i18n import t
from ..refs import shown_title
from . import Context, Rule, rule


@rule(MALFORMED, Severity.ERROR, "文件发放回收记录无法读取、条目不完整、登记了不存在的文件或早于版本发布的发放日期")
def register_readable(self: Rule, ctx: Context) -> Iterator[Finding]:
    register = ctx.distribution
    yield from register.findings
    yield from unknown_documents(register, ctx.corpus)
    yield from early_copies(register, ctx.corpus)


@rule(OUTSTANDING, Severity.WARNING, "旧版本或作废文件的受控副本尚未回收")
def copies_outstanding(self: Rule, ctx: Context) -> Iterator[Finding]:
    register = ctx.distribution
    for item in recall_list(register, ctx.corpus):
        entry = item.entry
        yield self.at(register.display, entry.line,
                      t("rule.QD211.message", number=entry.number, id=entry.document, title=shown_title(item.title),
                        version=entry.version, date=entry.date, recipient=entry.recipient, reason=item.reason,
                        reissue=item.reissue))
