"""Version control (7.5.3.2 c): the 修订记录 must climb strictly and end at the current version."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
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
                          f"修订记录中 {entry.version} 不高于前一条 {previous.version}：版本只能递增，请按时间顺序排列修订记录")
        elif previous is not None and previous.date and entry.date and entry.date < previous.date:
            yield self.at(document.path, entry.line,
                          f"修订记录中 {entry.version} 的日期 {entry.date} 早于前一条 {previous.date}：请核对日期")
        previous = entry


@per_file("QD111", Severity.ERROR, "修订记录没有以当前版本结束", per=each_document)
def history_current(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    if document.version is None or document.status is Status.DRAFT:
        return
    versions = [e.version for e in document.history if e.version]
    if not versions:
        yield self.at(document.path, document.source.line_of("version"),
                      f"缺少修订记录：请在 history 中写明 {document.version} 的发布日期与变更内容")
    elif versions[-1] != document.version:
        yield self.at(document.path, document.source.line_of("version"),
                      f"当前版本 {document.version} 与修订记录最后一条 {versions[-1]} 不一致："
                      "请在 history 末尾补上当前版本，或改正 version")


@per_file("QD112", Severity.ERROR, "修订号超过 9 未换版", per=each_document)
def revision_limit(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    if document.version and document.version.over_limit:
        nxt = document.version.next_edition()
        yield self.at(document.path, document.source.line_of("version"),
                      f"版本 {document.version} 的修订号超过 9：修订满 9 次应换版，请改为 {nxt}")
