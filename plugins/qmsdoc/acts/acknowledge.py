"""`qmsdoc acknowledge`: record that people have read a version of a document (文件学习确认) — one person from
the command line, or a sign-in sheet (签到表) typed up after a training meeting (`--from-sheet`: a workbook or CSV). Every line is
checked before anything is written: one bad row and the register is left as it was, with every bad row named.
The register (core/acknowledgements.py) gets one line per acknowledgement, appended atomically."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.acknowledgements import (
    LAYOUT,
    MALFORMED,
    Acknowledgement,
    Acknowledgements,
    ack_key,
    parse_acknowledgements,
    register_header,
)
from ..core.check import check
from ..core.codes import normalise
from ..core.config import Config
from ..core.errors import ACK_REFUSED, QmsdocError, UsageError, echoed, os_reason
from ..core.findings import Finding, Severity, seen_from_here
from ..core.i18n import join, join_and, t
from ..core.lock import edits_records
from ..core.model import Document, withdrawn_by
from ..core.names import name_key, name_problem
from ..core.paths import signin_sheet
from ..core.revision import asked
from ..core.sourcefile import SourceWriteError, make_folders, remove_made, write_atomic
from ..core.training import (
    CONFIRMED,
    Requirement,
    Revisions,
    assignments_of,
    due_on,
    ended_by,
    held_in_git,
    in_force,
    list_unread,
    named_for,
    named_later,
    named_later_text,
    released_on,
    requirement,
    version_on,
    version_periods,
)
from .common import not_a_document
from .register_edit import RegisterEditError, appended
from .signsheet import SheetRow, read_sheet, serial_day


class AcknowledgeError(QmsdocError):
    """A refused acknowledgement (exit 1); nothing was written. `findings` name each bad line."""

    code = ACK_REFUSED


@dataclass(frozen=True)
class Target:
    """The document and version being acknowledged, with what the register already holds."""

    document: Document
    version: str
    need: Requirement
    since: dt.date | None  # released
    until: dt.date | None  # replaced by the next version (None: still in force)
    register: Acknowledgements
    revisions: Revisions  # what git holds of the sources: when each department was named
    asked: bool = False  # `--version` named it: every row is of it, whatever its date


def asked_version(document: Document, version: str | None) -> str:
    """The version `--version` names, written as the register writes it (default: the latest approved version —
    while it waits for its effective date too: reading comes before it takes effect)."""
    if version is None:
        return str(document.version or "")
    return asked(version)


def _target(config: Config, code: str, version: str | None,
            days: Callable[[], Sequence[dt.date]] = tuple) -> Target:
    """The document and version acknowledged; `days`, the days of the readings recorded (asked only of a withdrawn
    document with no --version)."""
    version = None if version is None else asked(version)  # no version at all: usage (exit 2), before the project
    result = check(config)
    register = result.context.acknowledgements
    errors = [f for f in register.findings if f.severity is Severity.ERROR]
    if errors:
        raise AcknowledgeError(t("acks.act.register_bad", register=seen_from_here(register.display)), errors)
    document = result.corpus.documents.get(normalise(code))
    if document is None:
        raise AcknowledgeError(not_a_document(result.corpus, code)
                               or t("acks.act.unknown", id=code, hint=result.did_you_mean(code)),
                               result.unread(code))
    need = requirement(document, config)
    if need is None and (index := list_unread(document, config)):
        raise AcknowledgeError(t("acks.list_unread", id=document.id, title=document.title, path=index),
                               [f for f in result.findings if f.path == index])
    if need is None:
        raise AcknowledgeError(t("acks.act.not_required", id=document.id, title=document.title))
    wanted = asked_version(document, version)
    periods = version_periods(document, result.context.history.versions)
    if wanted not in periods and version is None and document.status.is_obsolete:  # its last version was released
        wanted = _in_force_then(document, periods, days()) or wanted
    if wanted not in periods and version is None and document.withdrawn_on(config.today):
        raise AcknowledgeError(t("acks.act.withdrawn", id=document.id,
                                 versions=join(list(periods)) if periods else t("acks.act.withdrawn_none")))
    if wanted not in periods:
        state = (t("acks.act.state.obsolete") if document.status.is_obsolete
                 else t("acks.act.state.status", status=document.status_label))
        raise AcknowledgeError(  # a withdrawal dated later: its last version is the one in force that day
            t("acks.act.not_released", id=document.id, version=wanted)
            + (t("acks.act.current", current=document.version_on(config.today))  # not one approved and waiting
               if document.in_force_on(config.today) else t("acks.act.no_current", state=state)))
    since, until = periods[wanted]
    return Target(document, wanted, need, since, until, register, result.context.history.versions,
                  version is not None)


def _in_force_then(document: Document, periods: dict[str, tuple[dt.date | None, dt.date | None]],
                   days: Sequence[dt.date]) -> str | None:
    """The version of withdrawn `document` a sign-in of `days` was of, with no --version (an old sheet entered after
    the withdrawal): the one released version in force on the last of them — each day has exactly one, and none is
    after the withdrawal (`_dated` gives an earlier day its own version); None otherwise (--version is asked for)."""
    def in_force(day: dt.date) -> list[str]:
        return [v for v, (since, until) in periods.items()
                if since is not None and since <= day and not ended_by(until, day)]

    if not days or any(len(in_force(day)) != 1 for day in days):
        return None
    last = max(days)
    if withdrawn_by(document.withdrawn, last):
        return None
    return in_force(last)[0]


def _dated(config: Config, target: Target, day: dt.date | None) -> Target:
    """The target of an acknowledgement dated `day` when `--version` was not given: the version released by that
    day as git holds it (training.version_on — in force then, or released and awaiting its effective date), so a
    sign-in sheet typed up after the next release is recorded for the version read. Without git history, or
    before the first release, `target` itself (its row is refused as dated before the release)."""
    if target.asked or day is None or target.since is None or day >= target.since:
        return target
    then = version_on(target.document, config, target.revisions, day)
    version = str(then.document.version or "") if then.document is not None else ""
    if then.document is None or not version or version == target.version:
        return target
    need = requirement(then.document, config) or Requirement((), target.need.days, target.need.every_person)
    since, until = version_periods(target.document, target.revisions).get(version, (released_on(then.document),
                                                                                      target.since))
    return Target(target.document, version, need, since, until, target.register, then.revisions)


def _given_hint(target: Target, day: dt.date) -> str:
    """What a row dated before the release is told when no version was asked: the versions of the 修订记录
    released by its day, to name with --version (git does not tell which was read then)."""
    if target.asked:
        return ""
    earlier = [v for v, (since, _) in version_periods(target.document, target.revisions).items()
               if v != target.version and (since is None or since <= day)]
    return t("acks.act.give_version", versions=join(earlier)) if earlier else ""


def _named_for_version(target: Target) -> list[str]:
    """The departments that had to read the version of `target`: today's file's list for the version it holds; for
    an earlier version (replaced, or the last one before a withdrawal), those git holds named for it while it was
    in force (training.named_for) — a department added for a later version never had to read this one. Without
    git history of the document at that version (released before the project came to git), the file's list, as
    `acknowledgements --version` lists it."""
    document = target.document
    if target.version == str(document.version or "") or not held_in_git(document, target.version, target.revisions):
        return list(target.need.departments)
    return list(named_for(document, target.version, target.revisions).values())


def _row_problem(target: Target, row: SheetRow, today: dt.date, batch: dict[tuple[str, str, str, str], int],
                 named: dt.date | None = None) -> str | None:
    """Why one person's acknowledgement cannot be recorded (None: it can). A department named to read the version
    only after the reading's day (`named`, `_named_after`) is recorded like one named before it, whichever version
    was read: a reading done is a fact, and refusing it loses the evidence; the confirmation says so (`_named_late`)."""
    for field, value in (("acks.field.person", row.person), ("acks.field.department", row.department)):
        problem = name_problem(value)
        if problem:
            return t("acks.act.bad_name", label=t(field), value=echoed(value), problem=problem)
    if row.date is None and not row.raw_date:
        return t("acks.act.no_date")
    if row.date is None and (serial := serial_day(row.raw_date)) is not None:
        return t("acks.act.serial_date", value=echoed(row.raw_date), number=row.raw_date, day=serial)
    if row.date is None:
        return t("acks.act.bad_date", value=echoed(row.raw_date))
    if row.date > today:
        return t("acks.act.future", date=row.date, today=today)
    label = t("acks.version_of", id=target.document.id, version=target.version)
    if target.since is not None and row.date < target.since:
        return t("acks.act.before_release", date=row.date, label=label, released=target.since) + _given_hint(
            target, row.date)
    # the document's last version in force ends with its withdrawal, on the withdrawal's own day (`withdrawn_by`,
    # as `register --as-of` that day says), not with a version replacing it
    withdrawn = target.document.status.is_obsolete and target.version == target.document.withdrew
    if withdrawn and withdrawn_by(target.document.withdrawn, row.date):
        return t("acks.act.withdrawn_then", date=row.date, label=label, replaced=target.document.withdrawn)
    if ended_by(target.until, row.date):
        return t("acks.act.withdrawn_then" if withdrawn else "acks.act.replaced", date=row.date, label=label,
                 replaced=target.until)
    departments = _named_for_version(target)
    if named is not None:
        pass  # named for this version only after that day: recorded, and said (`_named_late`)
    elif not departments:  # the version read that day (`_dated`) named no department to read it
        return t("acks.act.nobody_then", date=row.date, label=label)
    elif name_key(row.department) not in {name_key(d) for d in departments}:
        of_earlier = target.version != str(target.document.version or "")  # named for that version: say which
        return t("acks.act.department", id=label if of_earlier else target.document.id, department=row.department,
                 departments=join(departments))
    key = ack_key(target.document.id, target.version, row.department, row.person)
    earlier = target.register.find(key)
    if earlier is not None:
        return t("acks.act.already", person=row.person, department=row.department, date=earlier.date, label=label,
                 register=seen_from_here(target.register.display), line=earlier.line)
    if key in batch:
        return t("acks.act.repeated", person=row.person, department=row.department, line=batch[key])
    batch[key] = row.line
    return None


def _record(config: Config, target: Target, rows: list[SheetRow], where: str,
            ) -> tuple[list[SheetRow], list[Target]]:
    """Appends every row's acknowledgement, each of its own version (`_dated`), or none: the rows as recorded (a
    department as the project writes it, however the sheet wrote it) and each row's target."""
    today = config.today
    batch: dict[tuple[str, str, str, str], int] = {}
    targets = [_dated(config, target, row.date) for row in rows]
    rows = [replace(row, department=each.need.as_named(target.need.as_named(row.department)))  # the project's
            for row, each in zip(rows, targets, strict=True)]                                   # spelling (name_key)
    problems = [(row, _row_problem(each, row, today, batch, _named_after(config, target, row)))
                for row, each in zip(rows, targets, strict=True)]
    bad = [Finding(where, row.line, MALFORMED, Severity.ERROR, problem) for row, problem in problems if problem]
    if bad:
        raise AcknowledgeError(t("acks.act.bad_rows", count=len(bad),
                                 register=seen_from_here(target.register.display)), bad)
    # each line says the day it was entered, so a reading typed up later never reads as on record from its date
    entries = [Acknowledgement(each.document.id, each.version, row.department, row.person, row.date or today,
                               entered=today) for row, each in zip(rows, targets, strict=True)]

    def count(text: str) -> tuple[int, bool]:
        register = parse_acknowledgements(text, Path(), "")
        return len(register.entries), not register.findings

    path = target.register.path
    made: list[Path] = []  # the register's folder, when this first acknowledgement makes it: removed on failure
    try:
        raw = path.read_bytes() if path.exists() else b""
        data = appended(raw, register_header(), LAYOUT.key, [e.record() for e in entries], count,
                        t("acks.act.cannot_append", register=seen_from_here(target.register.display)))
        made += make_folders(path.parent)
        write_atomic(path, data)
    except (OSError, UnicodeDecodeError, RegisterEditError, SourceWriteError) as exc:
        remove_made(made)
        raise AcknowledgeError(t("acks.act.write_failed", error=os_reason(exc))) from exc
    return rows, targets


@edits_records
def acknowledge(config: Config, code: str, *, person: str, department: str, date: dt.date | None = None,
                version: str | None = None) -> str:
    """Record one person's acknowledgement of a version (by default the latest approved one, today)."""
    options = (("--by", "acks.field.person", person), ("--department", "acks.field.department", department))
    for option, key, value in options:
        problem = name_problem(value)
        if problem:
            raise UsageError(t("acks.act.bad_name", label=f"{option} {t(key)}", value=echoed(value),
                                problem=problem))
    target = _target(config, code, version, lambda: (date or config.today,))
    row = SheetRow(1, person, department, date or config.today, (date or config.today).isoformat())
    return _done(config, target, *_record(config, target, [row], t("acks.act.command_line")))


@edits_records
def acknowledge_sheet(config: Config, code: str, sheet: Path, *, date: dt.date | None = None,
                      version: str | None = None) -> str:
    """Record every row of a sign-in sheet (姓名, 部门, 日期), all or none; a row without a date takes `date`."""
    def days() -> list[dt.date]:  # the sheet's days, read only for a withdrawn document (an unreadable one: none)
        rows, findings = read_sheet(sheet, config.max_file_bytes, default_date=date)
        return [] if findings else [row.date or config.today for row in rows]

    target = _target(config, code, version, days)
    rows, findings = read_sheet(sheet, config.max_file_bytes, default_date=date)
    if findings:
        raise AcknowledgeError(t("acks.act.sheet_unreadable", sheet=sheet), findings)
    if not rows:
        raise AcknowledgeError(t("acks.act.sheet_empty", sheet=sheet))
    return _done(config, target, *_record(config, target, rows, str(sheet)))


def _names(rows: list[SheetRow]) -> str:
    named = [t("acks.person_of", person=r.person, department=r.department) for r in rows[:10]]
    return join_and(named) if len(rows) <= 10 else join(named) + t("acks.act.and_others", count=len(rows))


def _done(config: Config, target: Target, rows: list[SheetRow], targets: list[Target]) -> str:
    """What was recorded: the version asked (or today's), and apart each earlier version rows were recorded for
    by their dates."""
    document = target.document
    current = str(document.version or "")
    mine = [row for row, each in zip(rows, targets, strict=True) if each.version == target.version]
    parts = [t("acks.act.done", names=_names(mine), id=document.id, title=document.title, version=target.version,
               register=seen_from_here(config.acknowledgements))] if mine else []
    for version in dict.fromkeys(each.version for each in targets if each.version != target.version):
        dated = [row for row, each in zip(rows, targets, strict=True) if each.version == version]
        waiting = target.version == current and document.pending_on(config.today)  # approved, not in force yet
        parts.append(t("acks.act.done_earlier_pending" if waiting else "acks.act.done_earlier", names=_names(dated),
                       id=document.id, title=document.title, version=version, current=current,
                       effective=document.effective_date or "—", register=seen_from_here(config.acknowledgements)))
    message = "\n".join(parts + _named_late(config, target, rows, targets) + _off_roster(config, rows, targets))
    if not mine:
        return message
    if target.version == str(document.version or "") and in_force(document):
        from ..core.acknowledgements import load_acknowledgements
        from ..core.roster import load_roster

        found = assignments_of(document, config, load_acknowledgements(config), load_roster(config),
                               target.revisions)
        mine_found = [a for a in found if a.version == target.version]  # not the one in force beside it
        open_ = [t("acks.act.open", department=a.department, state=a.label, due=a.due or "—")
                 for a in mine_found if a.state != CONFIRMED]
        # the departments acknowledgements counts that day, and no more: one named later was not asked yet then
        later = named_later(document, config, target.revisions)
        said = t("acks.act.outstanding", departments=join(open_)) if open_ else t("acks.act.all_done") \
            if mine_found else t("acks.act.none_asked_yet", today=config.today) if later else ""
        message += "".join("\n" + line for line in (said, named_later_text(later, config.today)) if line)
    if target.version == str(document.version or "") and document.pending_on(config.today):
        message += "\n" + t("acks.pending_note", version=target.version, date=document.effective_date,
                             before=document.in_force_before or "—")
    return message


def _named_after(config: Config, target: Target, row: SheetRow) -> dt.date | None:
    """The day the department of `row` was first named to read the version in force on the row's day, when that
    was after it (training.named_later, the one decision `acknowledgements` answers a past day with); else None."""
    day = row.date or config.today
    later = named_later(target.document, replace(config, today=day), target.revisions)
    return next((when for department, when in later.items() if name_key(department) == name_key(row.department)),
                None)


def _named_late(config: Config, target: Target, rows: list[SheetRow], targets: list[Target]) -> list[str]:
    """A line per recorded row read before its department was named to read that version (`_named_after`): on
    record, and counted toward that department's assignment, which opened the day it was named."""
    out = []
    for row, each in zip(rows, targets, strict=True):
        named = _named_after(config, target, row)
        if named is not None:
            out.append(t("acks.act.named_late", person=row.person, department=row.department,
                         date=row.date or config.today, named=named,
                         label=t("acks.version_of", id=target.document.id, version=each.version)))
    return out


def _off_roster(config: Config, rows: list[SheetRow], targets: list[Target]) -> list[str]:
    """A warning line per department whose recorded people the roster does not list for it, when the version read
    needs every person the roster lists (acknowledge_all): the reading is on record as the true record it is (a
    temp or a new colleague not listed yet), but it counts toward no one's assignment until the roster lists them
    — said now, not discovered at the audit."""
    from ..core.roster import load_roster

    if not any(each.need.every_person for each in targets):
        return []
    roster = load_roster(config)
    unlisted: dict[str, list[str]] = {}
    for row, each in zip(rows, targets, strict=True):
        members = roster.of(row.department, on=row.date) if each.need.every_person else None
        if members is not None and name_key(row.person) not in {name_key(p) for p in members}:
            unlisted.setdefault(row.department, []).append(row.person)
    return [t("acks.act.off_roster", people=join(people), department=department,
              roster=seen_from_here(roster.display)) for department, people in unlisted.items()]


def opened_assignments(config: Config, document: Document, released: dt.date) -> str:
    """What a release tells the quality officer about the reading assignments it opens ("" if none): the
    requirement read from the content released, due `acknowledge_days` after the release."""
    need = requirement(document, config)
    if need is None:
        return ""
    return "\n" + t("acks.act.opened", departments=join_and(need.departments), due=due_on(released, need),
                     id=document.id,
                     sheet=f"{config.build_dir}/{signin_sheet(document.id)}")
