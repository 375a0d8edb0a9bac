"""Life cycle (7.5.3.2 d): obsolete documents name a successor and stay; periodic review is kept up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..approval import Removed
from ..codes import normalise
from ..commandline import git_command
from ..findings import Finding, Severity
from ..fingerprint import recorded_fingerprint
from ..i18n import t
from ..model import Document, parse_date
from ..refs import shown_title
from ..versions import gone_for_good
from . import Context, Rule, each_document, per_file, rule


@per_file("QD140", Severity.ERROR, "作废文件没有写明替代文件（或无替代文件）", per=each_document)
def obsolete_successor(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    """A withdrawal names its successor, or says there is none (`withdrawn: {…, replaced: false}`) — never both."""
    if document.status.is_obsolete and not document.superseded_by and not document.without_successor:
        yield self.at(document.path, document.source.line_of("status"), t("rule.QD140.message"))
    elif document.superseded_by and document.without_successor:
        yield self.at(document.path, document.source.line_of("superseded_by"),
                      t("rule.QD140.both", successor=document.superseded_by))


@rule("QD142", Severity.ERROR, "现行文件被删除而未作废")
def deleted_in_force(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A document whose last released version in git was in force, and whose number no file holds any more
    (a move or a renamed file keeps its number): withdrawn by deleting it, so no record says when or by whom,
    and the obsolete version is not retained (ISO 9001 7.5.3.2 d)."""
    if not ctx.history.available:
        return
    for gone in ctx.history.removed:
        known = gone_for_good(gone, ctx.corpus) if gone.kind == "document" else None
        if known is None or known[1][-1].status.is_obsolete:
            continue
        code, found = known
        last = found[-1]
        where, restore = _deletion(gone)
        yield self.at(gone.path, 1, t("rule.QD142.message", id=code, version=last.version,
                                      title=last.title, where=where, restore=restore)
                      + _renumbered(ctx, code, last.data))


def _renumbered(ctx: Context, code: str, data: dict[str, object]) -> str:
    """What QD142 adds when the deleted document's approved text now stands under another number (its file and
    `id:` renamed in place, the approval record carried over): that a new number is a new document, and which."""
    recorded = recorded_fingerprint(data)
    twin = next((d for d in ctx.corpus.documents.values()
                 if recorded and d.id != code and recorded_fingerprint(d.source.data) == recorded), None)
    return "" if twin is None else t("rule.QD142.renumbered", id=code, new=twin.id, path=twin.path)


def _deletion(gone: Removed) -> tuple[str, str]:
    """Where a source was deleted (the commit, or the working copy) and the git command that restores it."""
    deletion = gone.deletion
    where = t("rule.provenance.commit", commit=deletion.commit[:10], date=deletion.date) if deletion.commit \
        else t("rule.provenance.working_copy")
    restore = git_command("checkout", f"{deletion.commit[:10]}~1", "--", path=gone.git_path) \
        if deletion.commit else git_command("checkout", "--", path=gone.git_path)
    return where, restore


def deleted_reference(ctx: Context, code: str) -> str:
    """What a reference to a number no source holds needs said when git saw its file deleted (a form retired
    before its owner stopped citing it): not 「请新建」 or a typo, but restore it, or take the reference out first
    — the owner cannot be revised while its reference dangles. "" when git knows of no such file."""
    if not ctx.history.available:
        return ""
    for gone in ctx.history.removed:
        known = gone_for_good(gone, ctx.corpus)
        if known is not None and known[0] == normalise(code):
            where, restore = _deletion(gone)
            return t("rule.deleted_ref", id=known[0], title=shown_title(known[1][-1].title),
                     where=where, restore=restore)
    return ""


@rule("QD141", Severity.ERROR, "替代文件不存在或循环替代")
def successor_exists(self: Rule, ctx: Context) -> Iterator[Finding]:
    docs = ctx.corpus.documents
    for document in ctx.documents:
        successor = document.superseded_by
        if not successor:
            continue
        line = document.source.line_of("superseded_by")
        if successor not in docs:
            if not ctx.corpus.unloaded(successor):  # there, but unreadable: its own loading error says so
                yield self.at(document.path, line, t("rule.QD141.missing", successor=successor))
            continue
        seen = {document.id}
        current = docs[successor]
        while current.superseded_by and current.superseded_by in docs and current.id not in seen:
            seen.add(current.id)
            current = docs[current.superseded_by]
        if current.id in seen:
            yield self.at(document.path, line,
                          t("rule.QD141.cycle", id=document.id, successor=successor, last=current.id))


@per_file("QD180", Severity.WARNING, "定期评审已到期", per=each_document)
def review_overdue(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    today, due = ctx.config.today, document.next_review  # today is part of the configuration's cache key
    if due and document.review_overdue(today):
        days = (today - due).days
        message = t("rule.QD180.message", days=days, due=due, id=document.id)
        if document.review_period_is_project:  # no review_months of its own: say where its period comes from
            message += t("rule.QD180.project", months=document.review_period)
        yield self.at(document.path, document.source.line_of("review_months"), message)


@per_file("QD181", Severity.ERROR, "定期评审记录的日期晚于今天", per=each_document)
def review_in_future(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    """A `reviews:` entry dated after today records a review that has not happened; written by hand (`qmsdoc review`
    refuses such a date) it restarts the period from that day and silences QD180 until then (2099: until 2101)."""
    today = ctx.config.today  # part of the configuration's cache key, as for QD180
    reviews = document.source.data.get("reviews")
    for index, entry in enumerate(reviews if isinstance(reviews, list) else []):
        day = parse_date(entry.get("date")) if isinstance(entry, dict) else None
        if day and day > today:
            yield self.at(document.path, document.source.line_of("reviews", index),
                          t("rule.QD181.message", day=day, today=today, id=document.id))


def review_due_soon(ctx: Context) -> list[tuple[dt.date, str]]:
    """Documents in force whose review is overdue or falls due within the warning window (for the 定期评审
    page): `Document.next_review` dates only a version in force, as `review_overdue` and `qmsdoc review` hold."""
    limit = ctx.config.today + dt.timedelta(days=ctx.config.review_warning_days)
    return sorted((d.next_review, d.id) for d in ctx.documents if d.next_review and d.next_review <= limit)
