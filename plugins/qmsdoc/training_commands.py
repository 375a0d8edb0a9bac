"""The commands of reading assignments (文件学习确认): `qmsdoc acknowledge` records who has read a version
(acts/acknowledge.py), `qmsdoc acknowledgements` answers an auditor — who acknowledged a version, and who is
outstanding and since when — from the same computation as the check, the site and the registers
(core/training.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath

from .cliparser import Parser
from .core import CheckResult, check, find_root, load_config
from .core.acknowledgements import Acknowledgement
from .core.approval import parse_version
from .core.codes import normalise
from .core.config import Config
from .core.errors import EXIT_OK, QmsdocError, UsageError, shown_path
from .core.findings import seen_from_here, shown, suggested
from .core.gitlog import Revisioned
from .core.i18n import join, t
from .core.loader import document_from
from .core.model import Document
from .core.names import name_key
from .core.training import (
    CONFIRMED,
    OVERDUE,
    Assignment,
    Revisions,
    assignments_of,
    due_text,
    dues,
    in_force,
    in_force_periods,
    list_unread,
    meanwhile_unknown,
    named_later,
    named_later_text,
    recorded_as,
    released_on,
    requirement,
    summary_line,
    version_on,
    version_periods,
    was_named,
)
from .core.versions import latest, releases, successor_text
from .pastday import as_of, as_of_heading, refuse_before_all, refuse_without_history


def _cmd_acknowledge(args: argparse.Namespace) -> int:
    from .acts.acknowledge import acknowledge, acknowledge_sheet
    from .cli import _date as parse

    config = load_config(find_root(Path(args.path)))
    if args.sheet:
        if args.by or args.department:
            raise UsageError(t("acks.cli.csv_or_by"))
        if not os.path.lexists(args.sheet):  # a file argument that is not there: usage, as verify and import say
            raise UsageError(t("cli.verify.missing", path=shown_path(args.sheet)))
        _say(acknowledge_sheet(config, args.id, Path(args.sheet), date=parse(args.date, past=False),
                               version=args.version))
    else:
        if not args.by or not args.department:
            raise UsageError(t("acks.cli.need_by"))
        # a date after today is a finding of its own (QD220 at 命令行:1), like a sheet's row
        _say(acknowledge(config, args.id, person=args.by, department=args.department,
                         date=parse(args.date, past=False), version=args.version))
    return EXIT_OK


class UnknownDocument(QmsdocError):
    """No such document (exit 1)."""


def _assignment_lines(item: Assignment, config: Config) -> list[str]:
    today = config.today
    if item.state == CONFIRMED:
        head = t("acks.cli.state", department=item.department, state=item.label)
    elif item.state == OVERDUE:
        head = t("acks.cli.state.overdue", department=item.department, state=item.label, opened=item.opened,
                 due=item.due, days=item.days_overdue(today))
    else:
        head = t("acks.cli.state.pending", department=item.department, state=item.label, opened=item.opened or "—",
                 due=item.due or "—")
    lines = [head]
    lines += [_person_line(a, config, item.department) for a in item.acknowledged]
    if item.every_person and item.outstanding:
        lines.append("  " + t("acks.cli.outstanding", people=join(list(item.outstanding))))
    elif not item.acknowledged:
        lines.append("  " + t("acks.cli.nobody"))
    return lines + [_unrecorded_line(a, config) for a in item.unrecorded]


def _meanwhile_lines(found: list[Assignment], config: Config, waiting: Document) -> list[str]:
    """The assignments of the version still in force while the one asked about waits for its effective date
    (training.in_force_meanwhile): its heading, its summary and each department — still open, and overdue."""
    if not found:
        return []
    first = found[0]
    need = requirement(first.document, config)
    title = t("acks.cli.title", id=first.document.id, title=first.document.title, version=first.version)
    lines = [t("acks.cli.heading", title=title, released=first.released or t("acks.cli.no_release_date"),
               days=need.days if need else "—", due=due_text({a.department: a.due for a in found}) or "—",
               today=config.today),
             # in force from its effective date, which may follow its release (approved 02-25, in force 03-01)
             t("acks.cli.past.until", title=title, start=first.document.effective_date or first.released or "—",
               end=waiting.effective_date or "—",
               next=waiting.version or "—"),
             summary_line(found, first.version)]
    for item in found:
        lines += _assignment_lines(item, config)
    return lines


def _meanwhile_unknown(result: CheckResult, document: Document, config: Config) -> list[str]:
    """The line of training.meanwhile_unknown (the version in force beside a waiting one, without git history), []
    when there is none."""
    unknown = meanwhile_unknown(document, config, result.context.history.note)
    return [unknown.text()] if unknown is not None else []


def _person_line(entry: Acknowledgement, config: Config, department: str | None = None) -> str:
    """One acknowledgement with its register line, and the department it was recorded under when that is not
    `department` (a person the roster lists in two departments reads once for both)."""
    return "  " + t("acks.cli.person", person=entry.person, date=entry.when(),
                    register=seen_from_here(config.acknowledgements), line=entry.line) + recorded_as(entry, department)


def _unrecorded_line(entry: Acknowledgement, config: Config) -> str:
    """A reading done by the day asked about (QMSDOC_TODAY) but entered in the register only after it: said, and
    not counted that day — nobody could know of it then."""
    return "  " + t("acks.cli.unrecorded", person=entry.person, date=entry.date, day=config.today,
                    entered=entry.entered or "—", register=seen_from_here(config.acknowledgements), line=entry.line)


def report(config: Config, code: str, version: str | None = None, *, asked_day: bool = False) -> str:
    """Who acknowledged a version of a document (by default the version in force), and who is outstanding, on
    `config.today`; `asked_day`: a day an auditor named (`--as-of`), refused when nothing was in force then."""
    from .acts.acknowledge import asked_version
    from .acts.common import not_a_document
    from .core.revision import asked

    version = None if version is None else asked(version)  # no version at all: usage (exit 2), before the project
    result = check(config)
    if asked_day:
        refuse_without_history(result.context.history, t("hist.asked.acks", id=code, day=config.today))
        refuse_before_all(result, config.today)
    document = result.corpus.documents.get(normalise(code))
    if document is None:
        raise UnknownDocument(not_a_document(result.corpus, code)  # a manual's or form's number, as acknowledge says
                              or t("acks.cli.unknown", id=code, hint=result.did_you_mean(code)), result.unread(code))
    versions: Revisions = result.context.history.versions
    unread = list_unread(document, config)
    if unread:  # who must read today's version is not known; an earlier version's list is in git
        document, versions = _committed_manual(document, config, versions, unread)
    register = result.context.acknowledgements
    if register.findings:  # a line it cannot read may be someone's acknowledgement of this very version
        raise QmsdocError(t("acks.cli.register_bad", register=seen_from_here(register.display)), register.findings)
    current = str(document.version or "")
    # the day asked about (QMSDOC_TODAY) may come before today's version was released: its version in force then
    on_day = version_on(document, config, versions)
    if unread and (document.manual is None or (on_day.document is document if version is None else
                                                version == current)):
        # today's version's list (or any, when git never held the index page valid): never answered as "nobody"
        raise QmsdocError(t("acks.list_unread", id=document.id, title=document.title, path=unread),
                          [f for f in result.findings if f.path == unread])
    if version is None and on_day.document is None:
        return "\n".join([t("acks.cli.not_released_on", id=document.id, title=document.title, day=config.today,
                             first=on_day.first or "—"), *_stray_lines(result, document)])
    wanted = asked_version(document, version) if version is not None or on_day.document is None \
        else str(on_day.document.version or "")
    need = requirement(document, config)
    periods = version_periods(document, versions)
    title = t("acks.cli.title", id=document.id, title=document.title, version=wanted)
    lines = []
    day, today_file = on_day.document, document
    if day is not None and wanted == str(day.version or "") and in_force(day):
        said = "acks.cli.earlier_on_day_pending" if day.pending_on(config.today) else "acks.cli.earlier_on_day"
        note = "" if day is document else t(  # its file's version is the withdrawal's, never released
            "acks.cli.earlier_on_day_withdrawal", today=config.today, version=wanted, date=document.withdrawn) \
            if document.withdrawal_waits_on(config.today) else t(said, today=config.today, version=wanted,
                                                                 current=current, released=released_on(
                                                                     document, revisions=versions) or "—")
        document, need, revisions = day, requirement(day, config), on_day.revisions
        title = t("acks.cli.title", id=document.id, title=document.title, version=wanted)
        found = assignments_of(today_file, config, register, result.context.roster, versions)
        # while this version waits for its effective date, the version in force beside it (its own block, first)
        lines += _meanwhile_lines([a for a in found if a.version != wanted], config, document) \
            or _meanwhile_unknown(result, document, config)
        found = [a for a in found if a.version == wanted]
        # acknowledgements by a department named for this version then and taken off the list since: on record
        kept = [a for a in register.of(document.id, wanted) if (need is None or not need.requires(a.department))
                and was_named(document, wanted, a.department, revisions)]
        # departments named after the day asked about: the file names them, but nobody had asked them yet then
        named_after = named_later(today_file, config, versions)
        if not found and named_after:
            lines += [t("acks.cli.none_asked_yet", title=title, today=config.today),
                      named_later_text(named_after, config.today), *([note] if note else [])]
        elif not found or need is None:
            lines += [t("acks.cli.not_required", title=title), *([note] if note else [])]
        else:
            first = found[0]
            due = due_text(dues(document, need, revisions, config.today)) or "—"  # each department's, when they differ
            lines.append(t("acks.cli.heading", title=title, released=first.released or t("acks.cli.no_release_date"),
                           days=need.days, due=due, today=config.today))
            lines += [note] if note else []
            if document.pending_on(config.today):  # read ahead of the day it takes effect: it counts
                lines.append(t("acks.pending_note", version=wanted, date=document.effective_date,
                               before=document.in_force_before or "—"))
            lines.append(summary_line(found))
            for item in found:
                lines += _assignment_lines(item, config)
            lines += [named_later_text(named_after, config.today)] if named_after else []
        # one department however its lines spell it (客服部, 客服 部: names.name_key), shown as its first line writes it
        for key, department in {name_key(a.department): a.department for a in reversed(kept)}.items():
            lines.append(t("acks.cli.no_longer_required", department=department))
            lines += [_person_line(a, config) for a in kept if name_key(a.department) == key]
    elif document.waits_on(wanted, config.today) and (now := [
            a for a in assignments_of(document, config, register, result.context.roster, versions)
            if a.version == wanted]):  # still in force while the next waits: as the question without --version
        lines += _meanwhile_lines(now, config, document)
    else:
        # the version in force beside a waiting one, without git: said, and no department called 未确认 of it
        unknown = _meanwhile_unknown(result, document, config) if document.waits_on(wanted, config.today) else []
        lines += unknown
        asked_for = latest(releases("document", document.path, list(versions.get(document.path, []))), wanted)
        if asked_for is not None and asked_for.title:  # an earlier version by the title it was approved with
            document = replace(document, title=asked_for.title)
            title = t("acks.cli.title", id=document.id, title=document.title, version=wanted)
        recorded = register.of(document.id, wanted)
        committed = _committed_period(document, wanted, versions.get(document.path, []))
        if wanted not in periods and committed is not None:  # released, then taken out of the 修订记录 (a revert)
            periods = {**periods, wanted: committed}
        if version is not None and wanted != current and wanted not in periods and not recorded:
            if _never_released(document, periods):  # no version to point --version at
                raise UnknownDocument(_never_released_text(document, wanted))
            raise UnknownDocument(t("acks.cli.no_such_version", title=title,
                                    known=join(periods) or t("hist.none")))
        # When it was in force: git's answer where git holds the version (what `register --as-of` answers, from
        # its effective date), else the 修订记录's; a replacement released but not committed yet ends it too.
        shown = in_force_periods(document, versions)
        if committed is not None and committed[1] is None and wanted in shown:
            committed = (committed[0], shown[wanted][1])
        released = periods.get(wanted, (None, None))[0]
        later = released is not None and config.today < released  # a past day asked about a version released since
        lines += [] if unknown else [t("acks.cli.not_yet_on", title=title, day=config.today, released=released)
                                     if later else
                                     _not_in_force(document, wanted, shown if committed is None
                                                   else {**shown, wanted: committed}, config.today)]
        last = _last_day(periods.get(wanted))
        ended = _as_it_ended(result, document, wanted, config, last, versions) \
            if wanted != current and not later else []
        if ended and last is not None:  # the state it was replaced in, as the check and the page gave it that day
            lines += [t("acks.cli.as_it_ended", day=last), summary_line(ended)]
            for item in ended:
                lines += _assignment_lines(item, replace(config, today=last))
            return "\n".join([*lines, *_stray_lines(result, document)])
        # a version never released (or not yet on the day asked about) opened no assignment: nobody is behind
        required = need.departments if need and wanted in periods and not later and not unknown else ()
        if wanted != current and wanted in periods:  # who had to read it then, not who must read today's version
            then = _required_then(document, wanted, config, versions.get(document.path, []))
            required = required if then is None else then
            if then == () and not recorded:
                lines.append(t("acks.cli.not_required_then"))
        named = {name_key(d): d for d in reversed([*required, *(a.department for a in recorded)])}
        for key in dict.fromkeys(name_key(d) for d in [*required, *(a.department for a in recorded)]):
            department = named[key]
            people = [a for a in recorded if name_key(a.department) == key and a.on_record(config.today)]
            entered_later = [a for a in recorded if name_key(a.department) == key and not a.on_record(config.today)]
            lines.append(t("acks.cli.state", department=department,
                           state=t("acks.state.confirmed") if people else t("acks.cli.not_confirmed")))
            lines += [_person_line(a, config) for a in people]
            lines += [_unrecorded_line(a, config) for a in entered_later]
    return "\n".join([*lines, *_stray_lines(result, document)])


def _committed_manual(document: Document, config: Config, versions: Revisions,
                      index: str) -> tuple[Document, Revisions]:
    """`document` with its manual as git last held its index page valid, and that page's committed versions among
    `versions`, when today's page does not load (`index`, training.list_unread): an earlier version's readers are
    those its manual named then (training.version_on reads the page as committed by that day). Unchanged when git
    holds no valid version of the page."""
    from .core.approval import parse_version
    from .core.gitlog import file_histories, repo_root
    from .core.loader import manual_from
    from .core.schemas import validate

    root = repo_root(config.root)
    held = file_histories(root, [config.root / index]).versions if root is not None else {}
    committed = next(iter(held.values()), [])
    for revision in reversed(committed):
        source = parse_version("manual", revision.text, index)
        if not source.findings and isinstance(source.data, dict) and validate(source, "manual") \
                and not source.findings:
            manual = manual_from(source, PurePosixPath(index).parent.name)
            return replace(document, manual=manual), {**versions, index: committed}
    return document, versions


def _last_day(period: tuple[dt.date | None, dt.date | None] | None) -> dt.date | None:
    """The last day a replaced version was the one in force (the day before the next came into force); None while
    it is in force or when git and the 修订记录 do not date its end."""
    if period is None or period[1] is None:
        return None
    return period[1] - dt.timedelta(days=1)


def _as_it_ended(result: CheckResult, document: Document, version: str, config: Config,
                 last: dt.date | None, versions: Revisions) -> list[Assignment]:
    """The assignments of an earlier `version` as they stood on `last`, its last day in force: what the check, the
    page and the registers answered that day (training.assignments_of — the roster of that day, acknowledge_all, a
    person listed in two departments reading once for both); [] when that day's version is not `version`."""
    if last is None:
        return []
    found = assignments_of(document, replace(config, today=last), result.context.acknowledgements,
                           result.context.roster, versions)
    return [a for a in found if a.version == version]


def _stray_lines(result: CheckResult, document: Document) -> list[str]:
    """The register's lines of `document` that do not count (QD222), as the check reports them."""
    register = result.context.acknowledgements
    stray = [f for f in result.findings if f.path == register.display and f.code == "QD222"
             and any(a.line == f.line for a in register.of(document.id))]
    return [t("acks.cli.stray"), *(f"  {f.path}:{f.line}: {f.message}" for f in stray)] if stray else []


def _committed_period(document: Document, version: str,
                      revisions: Sequence[Revisioned]) -> tuple[dt.date | None, dt.date | None] | None:
    """When `version` was in force by git (`in_force_period`: what `register --as-of` answers day by day); None
    when git never held it released, or it is the document's withdrawal (never in force)."""
    from .core.versions import in_force_period

    return in_force_period(releases("document", document.path, list(revisions)), version)


def _required_then(document: Document, version: str, config: Config,
                   revisions: Sequence[Revisioned]) -> tuple[str, ...] | None:
    """The departments that had to read an earlier `version`, as the last commit of it named them (with its
    manual's list of today); None when git does not hold that version."""
    last = None
    for revision in revisions:
        source = parse_version("document", revision.text, document.path)
        if not source.findings and isinstance(source.data, dict) and str(source.data.get("version", "")) == version:
            last = source
    if last is None or not isinstance(last.data, dict):
        return None
    need = requirement(document_from(last, last.data, document.manual, project_review_months=config.review_months),
                       config)
    return need.departments if need else ()


def _never_released(document: Document, periods: dict[str, tuple[dt.date | None, dt.date | None]]) -> bool:
    """Whether `document` is a draft (or under review) of which no version was ever released."""
    return document.status.is_unapproved and not periods


def _never_released_text(document: Document, version: str) -> str:
    return t("acks.cli.never_released_yet", title=t("acks.cli.title", id=document.id, title=document.title,
                                                      version=version),
             id=document.id, status=document.status_label)


def _not_in_force(document: Document, version: str, periods: dict[str, tuple[dt.date | None, dt.date | None]],
                  today: dt.date) -> str:
    title = t("acks.cli.title", id=document.id, title=document.title, version=version)
    if document.withdrawal_waits_on(today) and version == str(document.version or ""):
        # the withdrawal's own number, on a day before its withdrawal: the version before it is in force then
        return t("acks.cli.withdrawal_pending", id=document.id, title=document.title, date=document.withdrawn,
                 successor=successor_text(document), current=document.version_on(today) or "—")
    if document.status.is_obsolete and version == str(document.version or ""):
        # the withdrawal's own number (qmsdoc obsolete), never a version: the versions released before it are
        return t("acks.cli.withdrawn", id=document.id, title=document.title, date=document.withdrawn or "—",
                 successor=successor_text(document),
                 versions=join([v for v in periods if v != version]) or t("acks.act.withdrawn_none"))
    if _never_released(document, periods):  # a draft never released: no earlier version to ask for either
        return _never_released_text(document, version)
    if version not in periods and not document.in_force_on(today):  # withdrawn or a draft: none in force
        return t("acks.cli.none_in_force", title=title, id=document.id, status=document.status_label)
    if version not in periods:
        return t("acks.cli.never_released", title=title, current=document.version_on(today) or "—",
                 status=document.status_label)
    start, end = periods[version]
    if version == document.in_force_before and document.pending_on(today) and end is not None:
        # the version in force today: the next is approved and waits for its effective date
        return t("acks.cli.past.until", title=title, start=start or "—", end=end, next=document.version or "—")
    return t("acks.cli.past", title=title, start=start or "—", end=end or "—")


def _cmd_acknowledgements(args: argparse.Namespace) -> int:
    config = as_of(load_config(find_root(Path(args.path))), args.as_of)
    answer = report(config, args.id, args.version, asked_day=args.as_of is not None)
    _say(answer if args.as_of is None else f"{as_of_heading(config.today)}\n{answer}")
    return EXIT_OK


def _say(text: str) -> None:
    """A command's answer on the terminal, its control and bidi characters written as escapes (as findings are):
    the names it lists come from a sign-in sheet or a roster and an earlier title from git — a past day's roster
    or title is read again from history, where no check (QD017) looks at it, and could retitle or clear the
    terminal or reverse the line."""
    print(shown(suggested(text), keep="\n"))


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    from .cli import _person  # the names every other command takes, refused in the same words

    ack = commands.add_parser("acknowledge", help=t("acks.cli.help.acknowledge"))
    ack.add_argument("id", help=t("acks.cli.help.id"))
    ack.add_argument("--by", type=_person, help=t("acks.cli.help.by"))
    ack.add_argument("--department", type=_person, help=t("acks.cli.help.department"))
    ack.add_argument("--date", help=t("acks.cli.help.date"))
    ack.add_argument("--version", help=t("acks.cli.help.version_read"))  # acknowledge has no --as-of
    # --from-sheet since workbooks are read too; --from-csv, its first name, stays for scripts that use it
    ack.add_argument("--from-sheet", "--from-csv", dest="sheet", metavar=t("acks.cli.metavar.sheet"),
                     help=t("acks.cli.help.from_sheet"))
    ack.path_option()
    ack.set_defaults(run=_cmd_acknowledge)

    acks = commands.add_parser("acknowledgements", help=t("acks.cli.help.acknowledgements"))
    acks.add_argument("id", help=t("acks.cli.help.id"))
    acks.add_argument("--version", help=t("acks.cli.help.version"))
    acks.as_of_option()
    acks.path_option()
    acks.set_defaults(run=_cmd_acknowledgements)
