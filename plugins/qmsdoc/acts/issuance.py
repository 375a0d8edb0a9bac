"""`qmsdoc issue` and `qmsdoc recall`: numbered controlled copies and their return.

A copy is the build's copy job with its 分发号 set, written by the copy writer of the chosen format
(COPY_WRITERS: the one table that knows the formats), into `issued_dir` beside the project; each copy
is recorded with the SHA-256 of its exact bytes in the distribution register (core/distribution.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..core.check import CheckResult, check
from ..core.codes import file_stem, normalise
from ..core.commandline import shell_word
from ..core.config import Config
from ..core.copyjobs import CopyJob, DocumentJob, FormJob, ManualJob, manual_members
from ..core.copyplan import manuals_in_force, plan_copies, renderer_for
from ..core.distribution import (
    COPY_FORMATS,
    CopyEntry,
    Register,
    accepted_void_reasons,
    earliest_copy,
    edition,
    in_force_until,
    load_register,
    reason_said,
    standing,
    void_reasons,
    void_said,
)
from ..core.errors import ISSUE_REFUSED, QmsdocError, UsageError, echoed, os_reason, shown
from ..core.findings import Severity, seen_from_here
from ..core.i18n import join, join_or, t
from ..core.loader import load_corpus
from ..core.lock import edits_records
from ..core.model import Document, form_owner_withdrawn
from ..core.names import name_problem
from ..core.outputs import refuse_record_paths
from ..core.refs import shown_title
from ..core.sourcefile import SourceWriteError, make_folders, remove_made, write_atomic
from ..core.versions import successor_text
from ..records.hashes import sha256_file
from .common import withdrawn_owner
from .register_edit import RegisterEditError, with_entries, with_return, with_void


@dataclass(frozen=True)
class CopyWriter:
    """One copy format: `module:function` of its document, form and manual writers (job → bytes),
    imported only when a copy in that format is made."""

    document: str
    form: str
    manual: str
    configure: str = ""  # `module:function`: the writers' keyword arguments from the project (the PDF copies' fonts)

    def writer(self, config: Config) -> Callable[[CopyJob], bytes]:
        """This format's writer for copies of `config`'s project: job → bytes, nothing kept between projects."""
        options: dict[str, object] = {}
        if self.configure:
            module, name = self.configure.split(":")
            options = getattr(importlib.import_module(module), name)(config)

        def write(job: CopyJob) -> bytes:
            spec = self.document if isinstance(job, DocumentJob) else self.form if isinstance(job, FormJob) \
                else self.manual
            module, name = spec.split(":")
            return cast(Callable[..., bytes], getattr(importlib.import_module(module), name))(job, **options)
        return write


# The formats a copy can be issued in (the `--format` choices).
COPY_WRITERS: dict[str, CopyWriter] = {
    "docx": CopyWriter("qmsdoc.word.document:build_document", "qmsdoc.word.forms:build_form",
                       "qmsdoc.word.manual:build_manual"),
    "pdf": CopyWriter("qmsdoc.pdf.copies:document_pdf", "qmsdoc.pdf.copies:form_pdf", "qmsdoc.pdf.copies:manual_pdf",
                      "qmsdoc.pdf.copies:options"),
}
assert tuple(COPY_WRITERS) == COPY_FORMATS  # what the register accepts is what can be written
MAX_COPIES = 200


class IssueError(QmsdocError):
    """A refused issue or recall (exit 1); nothing was written. `findings` say why, if any."""

    code = ISSUE_REFUSED


@dataclass(frozen=True)
class Issued:
    entries: list[CopyEntry]
    files: list[Path]
    message: str


def copy_job(result: CheckResult, code: str, *, in_force: bool = False) -> CopyJob:
    """The copy job of a document in force, a form or a manual, as the build makes it. `in_force`: the copy of
    the version in force while an approved successor waits for its effective date (the build's in-force copy,
    core/copyplan.py), refused with what to do when there is none."""
    corpus, config = result.corpus, result.context.config
    target = corpus.lookup(code)
    refused = withdrawn_owner(corpus, target, config.today, issue=True)
    if refused is not None:  # 作废 with its owner: say why, and how to keep using it
        raise IssueError(refused)
    # a withdrawal dated later leaves the document in force until its day: its copy is issued, of the version in
    # force then, and says so (pending_note; the register lists it 在用 until then)
    if target is not None and not target.state_on(config.today).is_controlled:  # a draft form is not issued either
        raise IssueError(t("act.issue.not_current", id=target.id, title=shown_title(target.title),
                           status=target.status_label))
    if target is None and corpus.manual(code) is None:
        raise IssueError(t("act.issue.unknown", id=shown(code), hint=result.did_you_mean(code)), result.unread(code))
    # a whole manual issued as approved holds each waiting version: its members cite those (`as_approved`)
    plan = plan_copies(result, renderer_for(result, as_approved=target is None and not in_force),
                       config.organisation, only=[code], approved_manuals=not in_force)
    if in_force and target is None:
        return _in_force_manual(result, code, plan.manuals[0], plan.in_force_manuals)
    if in_force:
        return _in_force_job(result, target, plan.in_force)
    jobs: list[CopyJob] = [*plan.documents, *plan.forms, *plan.manuals]
    return jobs[0]


def _in_force_manual(result: CheckResult, code: str, job: ManualJob, pages: list[ManualJob]) -> ManualJob:
    """`--in-force` of a whole manual: its copy holding each document's version in force while an approved
    successor of one waits for its effective date, and its index page's version in force while the approved page
    waits (`pages`: that copy, as the build makes it, core/copyplan.py)."""
    today, corpus = result.context.config.today, result.corpus
    manual = corpus.manual(code)
    waiting = [d for d in (manual_members(manual, corpus, today) if manual is not None else []) if d.pending_on(today)]
    page_waits = manual is not None and manual.pending_on(today)
    if page_waits and manual is not None and not pages:  # git holds no release of the page's version before
        before = next((h.version for h in manuals_in_force(result)), "") or t("verify.none_before")
        raise IssueError(t("act.issue.in_force_unmade", id=manual.id, version=before, successor=manual.version,
                           date=manual.effective_date))
    if page_waits:
        job = pages[0]
    if not waiting and not page_waits:
        raise IssueError(t("act.issue.in_force_none", id=job.id, version=job.version))
    held = {d.id: d.version for d in job.documents}
    for document in waiting:  # git holds no release of it, or a picture it shows changed since (one whose first
        if held.get(document.id, "") != document.in_force_before:  # version waits: none of it held, as it should)
            raise IssueError(t("act.issue.in_force_unmade", id=document.id, version=document.in_force_before,
                               successor=document.version, date=document.effective_date))
    return job


def _in_force_job(result: CheckResult, target: object, made: list[DocumentJob]) -> DocumentJob:
    """`--in-force`: the copy of the version in force until the waiting successor's effective date."""
    today = result.context.config.today
    if not isinstance(target, Document) or not target.pending_on(today) or not target.in_force_before:
        code = getattr(target, "id", "")
        raise IssueError(t("act.issue.in_force_none", id=code, version=getattr(target, "version", "") or ""))
    if not made:  # git holds no release of it, or a picture it shows changed since (core/copyplan.py)
        raise IssueError(t("act.issue.in_force_unmade", id=target.id, version=target.in_force_before,
                           successor=target.version, date=target.effective_date))
    return made[0]


def pending_note(result: CheckResult, job: CopyJob, in_force: bool, count: int) -> str:
    """What `qmsdoc issue` adds while the document's approved version waits for its effective date: which
    version the `count` copies are, whether it is in force, and how to issue the other; "" otherwise."""
    today = result.context.config.today
    if isinstance(job, ManualJob):  # a document in it, or its index page, waits: which it holds, as for a document
        now = standing(result.corpus, job.id)
        manual = result.corpus.manual(job.id)
        day = now.next_effect(today) if now is not None else None
        page = manual is not None and manual.pending_on(today) and day == manual.effective_date
        before_page = next((h.version for h in manuals_in_force(result) if h.manual.id == job.id), "") if page else ""
        if now is None or day is None or not (now.before_on(today) or page):
            return ""
        coming = join(([f"{job.id} {now.current_version}"] if page else [])
                      + ([now.coming(today)] if now.before_on(today) else []))
        before = join(([f"{job.id} {before_page}"] if before_page else [])
                      + ([now.before_on(today)] if now.before_on(today) else [])) or "—"
        if in_force:
            return t("act.issue.in_force_note", version=before, successor=coming, date=day, count=count)
        return t("act.issue.pending_note", id=job.id, version=coming, date=day, before=before, count=count)
    form = result.corpus.forms.get(job.id) if isinstance(job, FormJob) else None
    owner = form_owner_withdrawn(form, result.corpus.documents) if form is not None else None
    if owner is not None and owner.withdrawal_waits_on(today):  # in use until its owner's withdrawal
        return t("act.issue.form_withdrawal_note", owner=owner.id, date=owner.withdrawn, count=count)
    document = result.corpus.documents.get(job.id)
    if document is not None and isinstance(job, DocumentJob) and document.withdrawal_waits_on(today):
        return t("act.issue.withdrawal_note", version=job.version, date=document.withdrawn,
                 successor=successor_text(document), count=count)
    if document is None or not isinstance(job, DocumentJob) or not document.pending_on(today):
        return ""
    if in_force:
        return t("act.issue.in_force_note", version=job.version, successor=document.version,
                 date=document.effective_date, count=count)
    return t("act.issue.pending_note", id=document.id, version=document.version, date=document.effective_date,
             before=document.in_force_before or "—", count=count)


def _issued_folder(config: Config) -> Path:
    """`issued_dir`, as the one record-path rule (core/outputs.py) accepted it when the configuration loaded."""
    refuse_record_paths(config)
    return config.issued_path.resolve()


@edits_records
def issue(config: Config, code: str, *, to: str, copies: int = 1, by: str | None = None, date: dt.date | None = None,
          fmt: str = "docx", replaces: str | None = None, reason: str | None = None, in_force: bool = False) -> Issued:
    """Write `copies` numbered copies of a document in force (or a form or manual) and record them.
    `replaces`: the 分发号 of a lost or damaged copy (`reason`: 遗失/损坏), declared void in the same write and
    replaced by the one new copy. `in_force`: copies of the version in force while an approved successor waits
    for its effective date (without it, copies of the approved version, which say on their face from when it is
    in force). Files are created, never overwritten; if anything fails, nothing stays written."""
    by = t("cli.document_controller") if by is None else by
    if fmt not in COPY_WRITERS:
        raise UsageError(t("act.issue.format", format=fmt, choices=join(COPY_WRITERS)))
    for option, value in ((t("act.option.to"), to), (t("act.option.by_issuer"), by)):
        if problem := name_problem(value):
            raise UsageError(t("act.bad_name", option=option, value=echoed(value), problem=problem))
    if not 1 <= copies <= MAX_COPIES:
        raise UsageError(t("act.issue.copies", limit=MAX_COPIES))
    code, day = normalise(code), date or config.today
    result = check(config)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if errors:
        raise IssueError(t("act.issue.errors"), errors)
    job = copy_job(result, code, in_force=in_force)
    since = earliest_copy(result.corpus, job.id, job.version)
    if since is not None and day < since:  # a copy of a version not yet released that day: a false record
        early = "act.issue.early_manual" if isinstance(job, ManualJob) else "act.issue.early"  # its documents' day
        raise IssueError(t(early, day=day, id=job.id, version=job.version, released=since))
    register = result.context.distribution
    lost = _replaced(register, job.id, replaces, reason, copies, day) if replaces is not None else None
    folder = _issued_folder(config)
    held = edition({d.id: d.version for d in job.documents}) if isinstance(job, ManualJob) else ""
    wanted = register.next_numbers(job.id, job.version, copies)
    paths = [folder / f"{file_stem(number)}.{fmt}" for number in wanted]
    unlisted = [path for path in paths if path.exists() or path.is_symlink()]
    if unlisted:  # refused before anything is written, not after the copies before it
        raise IssueError(t("act.issue.unlisted", paths=join(map(str, unlisted)),
                           register=seen_from_here(register.display)))
    entries: list[CopyEntry] = []
    made: list[Path] = []  # what this issue created (folders, copies): removed again if it fails
    write = COPY_WRITERS[fmt].writer(config)
    try:
        made += make_folders(folder)
        made += make_folders(register.path.parent)
        for number, path in zip(wanted, paths, strict=True):
            data = write(dataclasses.replace(job, copy_number=number))
            write_atomic(path, data, exclusive=True)  # a file already there (ours or not) is never replaced
            made.append(path)
            entries.append(CopyEntry(number=number, document=job.id, version=job.version, recipient=to.strip(),
                                     date=day, issued_by=by.strip(), format=fmt, sha256=sha256_file(path), line=0,
                                     replaces=lost.number if lost else "", contents=held))
        raw = register.path.read_bytes() if register.path.exists() else b""
        if lost is not None:  # one write: the lost copy void and its replacement issued, or neither
            raw = with_void(raw, lost, day, str(reason), entries[0].number)
        write_atomic(register.path, with_entries(raw, entries))
    except BaseException as exc:  # Ctrl-C too: no numbered copy (nor folder) may stay that the register does not list
        remove_made(made)
        if isinstance(exc, (SourceWriteError, OSError, RegisterEditError)):
            raise IssueError(t("act.issue.failed", error=os_reason(exc))) from exc
        raise
    written = [path for path in made if path in paths]
    numbers = join(e.number for e in entries)
    shown = [seen_from_here(p.relative_to(config.root).as_posix()) if p.is_relative_to(config.root) else p
             for p in written]
    voided = t("act.issue.voided", number=lost.number, reason=reason, replacement=entries[0].number) if lost else ""
    return Issued(entries, written, voided + t("act.issue.done", id=job.id, title=shown_title(job.title),
                                               version=job.version, count=len(entries), to=to.strip(),
                                               numbers=numbers, files=join(map(str, shown)),
                                               register=seen_from_here(register.display))
                         + pending_note(result, job, in_force, len(entries)))


def _replaced(register: Register, code: str, number: str, reason: str | None, copies: int,
              day: dt.date) -> CopyEntry:
    """The registered copy a replacement stands in for: of this document, still out, declared void once only."""
    if reason not in accepted_void_reasons():
        raise UsageError(t("act.replace.reason", reasons=join_or(void_reasons())))
    if copies != 1:
        raise UsageError(t("act.replace.one"))
    entry = register.by_number(number.strip())
    if entry is None:
        raise IssueError(t("act.replace.unknown", number=number))
    if entry.document != code:
        raise IssueError(t("act.replace.other_document", number=entry.number, document=entry.document, id=code))
    if entry.void and not entry.replaced_by:  # recorded lost with no replacement (`recall --void`)
        raise IssueError(t("act.replace.unreplaced", number=entry.number, date=entry.voided,
                           reason=reason_said(entry.void_reason), id=code, recipient=shell_word(entry.recipient)))
    if entry.void:
        raise IssueError(t("act.replace.twice", number=entry.number, date=entry.voided, reason=reason_said(entry.void_reason),
                           replaced_by=entry.replaced_by))
    if entry.returned is not None:
        raise IssueError(t("act.replace.returned", number=entry.number, date=entry.returned))
    if day < entry.date:
        raise IssueError(t("act.replace.early", day=day, number=entry.number, issued=entry.date))
    return entry


@edits_records
def recall(config: Config, numbers: list[str], *, by: str | None = None, date: dt.date | None = None,
           void: str | None = None) -> str:
    """Record the return of the given copies (all or none); with `void` (a reason, `accepted_void_reasons`), record
    them void instead — lost or damaged, not replaced (a copy of a withdrawn document has nothing to replace it)."""
    by = t("cli.document_controller") if by is None else by
    if void is not None and void not in accepted_void_reasons():
        raise UsageError(t("act.recall.void_reason", reasons=join_or(void_reasons())))
    if problem := name_problem(by):
        raise UsageError(t("act.bad_name", option=t("act.option.by_recaller"), value=echoed(by), problem=problem))
    register = load_register(config)
    day = date or config.today
    wanted = [n.strip() for n in numbers]
    unknown = [n for n in wanted if register.by_number(n) is None]
    if unknown:
        hint = t("act.recall.malformed", register=seen_from_here(register.display)) if register.findings else ""
        raise IssueError(t("act.recall.unknown", numbers=join(unknown), hint=hint),
                         register.findings)
    unsure = [n for n in wanted if normalise(n) in register.unread]
    if unsure:  # registered twice, or also on a line that cannot be read: which line is the copy is not known
        lines = join(str(register.unread[normalise(n)]) for n in unsure)
        raise IssueError(t("act.recall.unsure", numbers=join(unsure), lines=lines,
                           register=seen_from_here(register.display)), register.findings)
    raw = register.path.read_bytes()
    # each copy once, by its number as registered, however it was typed (lower case, full-width …)
    recalled = list(dict.fromkeys(entry.number for n in wanted if (entry := register.by_number(n)) is not None))
    for number in recalled:
        entry = register.by_number(number)
        assert entry is not None
        if entry.returned is not None:
            raise IssueError(t("act.recall.returned", number=number, date=entry.returned, by=entry.returned_by))
        if entry.void:
            raise IssueError(t("act.recall.void", number=number, date=entry.voided, reason=reason_said(entry.void_reason),
                               replaced=void_said(entry)))
        if day < entry.date:
            raise IssueError(t("act.recall.early", day=day, number=number, issued=entry.date))
        try:
            raw = with_return(raw, entry, day, by.strip()) if void is None else with_void(raw, entry, day, void, "")
        except RegisterEditError as exc:
            raise IssueError(f"{register.display}: {exc}") from exc
    try:
        write_atomic(register.path, raw)
    except SourceWriteError as exc:
        raise IssueError(str(exc)) from exc
    if void is not None:
        return t("act.recall.void_done", reason=reason_said(void), numbers=join(recalled),
                 day=day, by=by.strip(), register=seen_from_here(register.display))
    return t("act.recall.done", numbers=join(recalled), day=day, by=by.strip(),
             register=seen_from_here(register.display)) + _still_in_force(config, register, recalled, day)


def _still_in_force(config: Config, register: Register, numbers: list[str], day: dt.date) -> str:
    """What `qmsdoc recall` adds of a returned copy whose version is still in force on `day` (its approved successor
    takes effect later, `in_force_until`): its holder has no copy in force until then unless issued another."""
    corpus = load_corpus(config)
    notes = []
    for number in numbers:
        entry = register.by_number(number)
        now = standing(corpus, entry.document) if entry is not None else None
        until = in_force_until(entry, now, day) if entry is not None and now is not None else None
        if entry is not None and until is not None:
            notes.append(t("act.recall.in_force", number=number, version=entry.version, date=until,
                           id=entry.document, recipient=entry.recipient,
                           recipient_arg=shell_word(entry.recipient)))
    return "".join("\n" + note for note in notes)
