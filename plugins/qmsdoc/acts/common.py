"""What every act that edits a source shares: the refusal it raises, the outcome it reports, and
writing an edited file atomically, re-checking it and undoing the edit when the result has errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..core.check import CheckResult, check
from ..core.codes import normalise
from ..core.config import Config
from ..core.errors import ACT_REFUSED, QmsdocError, shown
from ..core.findings import Finding, Severity
from ..core.i18n import t
from ..core.model import Corpus, Document, Form, Manual, form_owner_withdrawn
from ..core.revision import Revision
from ..core.sourcefile import Edits, SourceFile, SourceWriteError
from .stamp import StampError, edited_bytes, editor_for, signing_key, stamp
from .yamledit import FrontMatterEditor


class ReleaseError(QmsdocError):
    """A refused operation; `findings` (if any) say why. The CLI exits 1."""

    code = ACT_REFUSED


@dataclass(frozen=True)
class Outcome:
    path: Path
    message: str


# What a release itself puts right: an unreleased edit, a missing, tampered or unsigned approval record —
# the approver approves the content as it stands now, with a new version (git keeps the earlier story) —
# and approval/effective dates out of order (it rewrites them). The result is re-checked before it stays.
RELEASE_FIXES = ("QD120", "QD122", "QD190", "QD191", "QD192", "QD193")


def next_version(current: Revision, *, edition: bool) -> Revision:
    return current.next_edition() if edition else current.next_revision()


def refuse_backdated(document: Document, day: dt.date, act: str, signoffs: tuple[str, ...],
                     prepared_in: Document | None = None) -> None:
    """A dated act (`release`, `obsolete`) may not come before the sign-offs it follows (`signoffs`: prepared,
    reviewed, approved) nor before the last 修订记录 entry: refused with the finding check would report (QD120,
    QD110) at the line of the date it contradicts, before anything is written. `prepared_in`: the working
    revision whose 编制 a release puts in force (default: the document itself)."""
    found = []
    for key in signoffs:
        holder = (prepared_in or document) if key == "prepared" else document
        signoff = holder.signoffs.get(key)
        if signoff and signoff.date and day < signoff.date:
            found.append(Finding(holder.path, holder.source.line_of(key), "QD120", Severity.ERROR,
                                 t("act.backdated.order", act=act, day=day, label=t(f"signoff.{key}"),
                                   date=signoff.date)))
    last = document.history[-1] if document.history else None
    if last and last.date and day < last.date:
        found.append(Finding(document.path, document.source.line_of("history", len(document.history) - 1), "QD110",
                             Severity.ERROR, t("act.backdated.history", act=act, day=day, date=last.date)))
    if found:
        raise ReleaseError(t("act.backdated.refused", id=document.id, act=act,
                             problems=t("act.sep").join(f.message for f in found)), found)


def not_a_document(corpus: Corpus, code: str) -> str | None:
    """Why a command that acts on documents (review, obsolete, acknowledge) cannot act on `code` when it numbers a
    blank form or a manual — which it does not say "not found" of."""
    form = corpus.forms.get(normalise(code))
    if form is not None:  # a blank form is revised, learnt and withdrawn with its owning document
        return t("act.not_a_document.form", id=form.id, owner=form.owner or "—")
    manual = corpus.manual(normalise(code))
    return t("act.not_a_document.manual", id=manual.id) if manual is not None else None


def withdrawn_owner(corpus: Corpus, item: Document | Form | Manual | None, today: dt.date, *,
                    issue: bool = False) -> str | None:
    """Why `item` is refused when it is a blank form whose owning document is withdrawn (what QD153 warns of): the
    form goes out of use with it, so no new version of it is released (or, `issue`, no copy issued). Said of
    `today`: 已作废 from the withdrawal's day, 已批准自 D 起作废 before it (`withdrawal_waits_on`) — when a release
    is refused, but a copy is issued: the form is in use until that day, as its page says. None else."""
    if not isinstance(item, Form):
        return None
    owner = form_owner_withdrawn(item, corpus.documents)  # judged as every output shows it (core/model.py)
    if owner is None:
        return None
    waits = owner.withdrawal_waits_on(today)
    if waits and issue:
        return None
    key = "act.form_owner_withdrawn.issue" if issue \
        else "act.form_owner_withdrawal_pending.release" if waits else "act.form_owner_withdrawn.release"
    return t(key, id=item.id, owner=owner.id, date=owner.withdrawn)


def find_document(config: Config, code: str) -> tuple[Document, list[Finding], CheckResult]:
    result = check(config)
    document = result.corpus.documents.get(normalise(code))
    if document is None:
        raise ReleaseError(not_a_document(result.corpus, code)
                           or t("act.unknown_id", id=shown(code), hint=result.did_you_mean(code)), result.unread(code))
    own = [f for f in result.findings if f.path == document.path and f.severity is Severity.ERROR]
    return document, own, result


@contextmanager
def all_or_nothing() -> Iterator[Edits]:
    """The edits of one act, as a whole: if the block does not complete (a refusal, a full disk, a failed
    re-check, Ctrl-C) every file written through it is put back as it was, and a failed write is a
    ReleaseError naming the file. Raise inside the block to refuse what was written."""
    edits = Edits()
    try:
        yield edits
    except BaseException as exc:
        problems = edits.undo()
        if problems:  # say what is left, whatever stopped the act: exit 1 rather than an "interrupted" that hides it
            error = t("cli.interrupted") if isinstance(exc, KeyboardInterrupt) else str(exc)
            raise ReleaseError(t("act.not_undone", error=error, problems=t("act.sep").join(problems)),
                               exc.findings if isinstance(exc, QmsdocError) else []) from exc
        if isinstance(exc, SourceWriteError):
            raise ReleaseError(str(exc)) from exc
        raise


def write_checked(config: Config, source: SourceFile, edited: str, display: str, *, kind: str = "document",
                  original: bytes | None = None) -> CheckResult:
    """Write the edited front matter atomically (body bytes, line endings and BOM kept), re-check, and
    put the original bytes (`original`, by default the source's) back if the result has errors. The re-check's
    result, for what the act tells of the project as it now is."""
    with all_or_nothing() as edits:
        if kind == "form":
            data = edited_bytes(kind, source, FrontMatterEditor(edited))
        else:
            data = source.with_front_matter(edited)
        edits.write(source.path, data, original=source.raw if original is None else original)
        result = check(config)
        errors = [f for f in result.findings if f.path == display and f.severity is Severity.ERROR]
        if errors:
            raise ReleaseError(t("act.errors_undone"), errors)
    return result


def read_source(path: Path) -> SourceFile:
    try:
        return SourceFile.read(path)
    except SourceWriteError as exc:
        raise ReleaseError(str(exc)) from exc


def key_path(config: Config, key: str | None) -> Path | None:
    try:
        return signing_key(config, key)
    except StampError as exc:
        raise ReleaseError(str(exc)) from exc


def stamp_record(config: Config, kind: str, item_id: str, editor: FrontMatterEditor, record: dict[str, object],
                 key: Path | None, *, after: str | None = None, path: str = "") -> None:
    try:
        stamp(config, kind, item_id, editor, record, key, after=after, path=path)
    except StampError as exc:
        raise ReleaseError(str(exc)) from exc


def open_editor(kind: str, source: SourceFile) -> FrontMatterEditor:
    try:
        return editor_for(kind, source)
    except StampError as exc:
        raise ReleaseError(str(exc)) from exc
