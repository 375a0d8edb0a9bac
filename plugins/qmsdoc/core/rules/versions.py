"""Version control (7.5.3.2 c): the 修订记录 must climb strictly and end at the current version — a document's,
and a form's or a manual index page's where one is kept."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import t
from ..model import Document, Form, Manual
from ..revision import Revision
from ..source import SourceText
from ..versions import TEXT_NOT_HELD
from . import Context, Rule, declare, each_document, per_file

HistoryKeeper = Document | Form | Manual


def each_history_keeper(ctx: Context) -> Iterator[tuple[SourceText, HistoryKeeper]]:
    """Every source that may keep a 修订记录: documents, blank forms and manual index pages."""
    yield from ((d.source, d) for d in ctx.documents)
    yield from ((f.source, f) for f in ctx.corpus.sorted_forms())
    yield from ((m.source, m) for m in ctx.corpus.manuals)


def _current(item: HistoryKeeper) -> Revision | None:
    return Revision.parse(item.version) if isinstance(item, Manual) else item.version


@per_file("QD110", Severity.ERROR, "修订记录的版本没有严格递增", per=each_history_keeper)
def history_increasing(self: Rule, ctx: Context, item: HistoryKeeper) -> Iterator[Finding]:
    previous = None
    for entry in item.history:
        if entry.version is None:
            continue
        if previous is not None and entry.version <= previous.version:
            yield self.at(item.path, entry.line,
                          t("rule.QD110.version", version=entry.version, previous=previous.version))
        elif previous is not None and previous.date and entry.date and entry.date < previous.date:
            yield self.at(item.path, entry.line,
                          t("rule.QD110.date", version=entry.version, date=entry.date, previous=previous.date))
        previous = entry


@per_file("QD111", Severity.ERROR, "修订记录没有以当前版本结束", per=each_history_keeper)
def history_current(self: Rule, ctx: Context, item: HistoryKeeper) -> Iterator[Finding]:
    """A document in force must have a 修订记录 ending at its version. A form or a manual index page need not
    keep one (those approved before releases wrote it have none), but one that is kept must end there too. A draft
    or a document in review was never released: its first 修订记录 entry is what its release writes."""
    version = _current(item)
    if version is None or (isinstance(item, Document) and item.status.is_unapproved):
        return
    versions = [e.version for e in item.history if e.version]
    if not versions:
        if isinstance(item, Document):
            yield self.at(item.path, item.source.line_of("version"), t("rule.QD111.none", version=version))
    elif versions[-1] != version:
        yield self.at(item.path, item.source.line_of("version"),
                      t("rule.QD111.last", version=version, last=versions[-1]))


@per_file("QD112", Severity.ERROR, "修订号超过 9 未换版", per=each_document)
def revision_limit(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    if document.version and document.version.over_limit:
        nxt = document.version.next_edition()
        yield self.at(document.path, document.source.line_of("version"),
                      t("rule.QD112.message", version=document.version, next=nxt))


# Not a check of the sources: `copy --as-of` refuses with it a day whose version in force git holds no text of.
declare(TEXT_NOT_HELD, Severity.ERROR, "所问日期的现行版本只有修订记录记着，git 中没有它的正文（历史副本无法写出）")
