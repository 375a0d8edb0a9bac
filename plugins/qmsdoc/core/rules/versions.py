"""Version control (7.5.3.2 c): the 修订记录 must climb strictly and end at the current version."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import t
from ..model import Document
from ..status import Status
from . import Context, Rule, each_document, per_file


@per_file("QD110", Severity.ERROR, "修订记录的版本没有严格递增", per=each_document)
def history_increasing(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    previous = None
    for entry in document.history:
        if entry.version is None:
            continue
        if previous is not None and entry.version <= previous.version:
            yield self.at(document.path, entry.line,
                          t("rule.QD110.version", version=entry.version, previous=previous.version))
        elif previous is not None and previous.date and entry.date and entry.date < previous.date:
            yield self.at(document.path, entry.line,
                          t("rule.QD110.date", version=entry.version, date=entry.date, previous=previous.date))
        previous = entry


@per_file("QD111", Severity.ERROR, "修订记录没有以当前版本结束", per=each_document)
def history_current(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    if document.version is None or document.status is Status.DRAFT:
        return
    versions = [e.version for e in document.history if e.version]
    if not versions:
        yield self.at(document.path, document.source.line_of("version"),
                      t("rule.QD111.none", version=document.version))
    elif versions[-1] != document.version:
        yield self.at(document.path, document.source.line_of("version"),
                      t("rule.QD111.last", version=document.version, last=versions[-1]))


@per_file("QD112", Severity.ERROR, "修订号超过 9 未换版", per=each_document)
def revision_limit(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    if document.version and document.version.over_limit:
        nxt = document.version.next_edition()
        yield self.at(document.path, document.source.line_of("version"),
                      t("rule.QD112.message", version=document.version, next=nxt))
