"""The commands that answer from a document's past: `qmsdoc redline` (a Word redline with tracked changes
and the 修订对照表), `qmsdoc copy --version` (the controlled copy of an earlier version, marked as such) and
`qmsdoc register --as-of` (the 受控文件清单 of a past day). They read git history and write one new file;
they never change a source."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cliparser import Parser
from .core import check, find_root, load_config
from .core.approval import History
from .core.check import CheckResult
from .core.codes import file_stem
from .core.config import Config
from .core.copyjobs import (
    DocumentJob,
    FormJob,
    held_copy,
    manual_job,
    superseded_notice,
    xml_safe,
)
from .core.copyplan import notice_html, plan_copies, renderer_for
from .core.days import day_asked
from .core.errors import EXIT_OK, UsageError, os_reason, shown_path
from .core.findings import suggested
from .core.i18n import join, t
from .core.model import Document, Manual
from .core.outputs import out_refused, refuse_file_in_project_folders
from .core.redline import RedlineError, compare_versions, released, target
from .core.redline import choose as choose_versions
from .core.refsthen import references_then, renderer_on
from .core.releasecopy import member_jobs, pictures_folder, release_job
from .core.render import CorpusRenderer
from .core.revision import asked, help_examples
from .core.sourcefile import SourceWriteError, make_folders, remove_made, write_atomic
from .core.versions import (
    TEXT_NOT_HELD,
    Release,
    UnapprovedEdit,
    edits_of,
    in_force_on,
    join_edits,
    latest,
    latest_label,
    page_as_released,
    releases,
    replaced_by,
    shown_text,
    unapproved_edits,
)
from .pastday import refuse_before_all, refuse_without_history

if TYPE_CHECKING:
    from .records.asof import AsOf


def _write_new(path: Path, data: bytes, config: Config, *, given: bool) -> None:
    """Write a new file; an existing one is never replaced, nor is one written among the sources or into
    build/ (exit 2: name another with --out). `given`: the path is --out's, not the default in the current folder."""
    refuse_file_in_project_folders(path, config, given=given)
    if path.exists():
        raise out_refused(t("hist.exists", path=shown_path(path)), given=given)
    made: list[Path] = []
    try:
        made += make_folders(path.parent)
        write_atomic(path, data, exclusive=True)
    except (OSError, SourceWriteError) as exc:
        remove_made(made)  # no empty folder --out named is left behind
        raise out_refused(str(exc) if isinstance(exc, SourceWriteError)  # it names the file already
                          else t("hist.unwritable", path=shown_path(path), error=os_reason(exc)), given=given) from exc


def _out_format(out: str | None, fmt: str | None, formats: tuple[str, ...]) -> str:
    """The format to write: `--format`, else the extension `--out` names, else the first of `formats`. An
    `--out` whose extension names another format is refused (exit 2): a register.csv holding a workbook, or a
    copy.pdf holding a Word file, would be opened with the wrong program and taken for broken."""
    suffix = Path(out).suffix.lower().lstrip(".") if out else ""
    chosen = fmt or (suffix if suffix in formats else formats[0])
    if out and Path(out).is_dir():  # a folder (`--out 下载`, `--out x.docx/`): its suffix, or none, is not the point
        raise out_refused(t("hist.out_folder", path=shown_path(out), format=chosen))
    if out and suffix != chosen:
        key = "hist.out_suffix" if len(formats) > 1 else "hist.out_suffix_only"  # no --format to point to
        raise out_refused(t(key, path=shown_path(out), format=chosen, suffix=f".{suffix}" if suffix else "—"))
    return chosen


def _note(result: CheckResult) -> None:
    if result.context.history.note:
        print(t("cli.note", note=result.context.history.note), file=sys.stderr)


def _cmd_redline(args: argparse.Namespace) -> int:
    from .word.redline import RedlineJob, build_redline

    config = load_config(find_root(Path(args.path)))
    _out_format(args.out, None, ("docx",))
    result = check(config)
    kind, code, old, new = choose_versions(result, args.id, args.old, args.new)
    comparison = compare_versions(kind, old, new, _renderer(result))
    title = str((new.source.data or {}).get("title", code)) if isinstance(new.source.data, dict) else code
    job = RedlineJob(code, title, config.organisation, comparison, new.author, new.date or config.today.isoformat())
    out = Path(args.out) if args.out else Path.cwd() / (
        t("hist.redline_file", code=file_stem(code), old=old.label.replace("/", "-"), new=new.label.replace("/", "-")))
    _write_new(out, build_redline(job), config, given=bool(args.out))
    changes = len(comparison.table_rows)
    print(suggested(t("hist.redline_done", path=out, code=code, old=old.label, new=new.label, changes=changes)))
    return EXIT_OK


def _renderer(result: CheckResult) -> CorpusRenderer:
    return renderer_for(result)


def _cmd_copy(args: argparse.Namespace) -> int:
    from .acts.issuance import COPY_WRITERS

    config = load_config(find_root(Path(args.path)))
    fmt = _out_format(args.out, args.format, ("docx", "pdf"))
    if args.version and args.as_of:
        raise UsageError(t("hist.version_and_as_of"))
    if not args.version and not args.as_of:
        raise UsageError(t("hist.copy_needs_version", **help_examples()))
    day = day_asked(args.as_of, config.today) if args.as_of else None
    version = asked(args.version) if args.version else None
    result = check(config)
    _note(result)
    # an id or version the project does not have is a refusal (exit 1) that says why, as redline says it
    kind, item = target(result, args.id)
    if isinstance(item, Manual):
        return _copy_manual(result, item, version, day, fmt, args.out)
    if day is not None and not isinstance(item, Document):
        raise UsageError(t("hist.as_of_not_manual", id=item.id, day=day))
    found = released(result, kind, item)
    current = str(getattr(item, "version", "") or "")
    # a day names the version in force then, as that day's register lists it; a version names itself
    release = _document_on_day(result, item, found, day) if isinstance(item, Document) and day is not None \
        else latest(found, version or "")
    if release is None:
        raise RedlineError(_no_version(item.id, version or "", current, found, result.context.history, args.version))
    successor = replaced_by(found, release, item, config.today)
    is_current = release is found[-1] and release.version == current
    # the version still in force while an approved successor waits for its effective date: the copy to work to
    # until then (as the build's in-force copy, copyplan.in_force_job), not an earlier, uncontrolled version
    held = (isinstance(item, Document) and not is_current and item.pending_on(config.today)
            and in_force_on(found, config.today) is release)
    edited = _edited_notice(release, unapproved_edits(kind, item.path, result.context.history.versions.get(
        item.path, [])))
    renderer = _renderer(result)
    # an earlier version names what it cites as it stood when it was released, as the build of those days did
    refs = None if is_current or held else references_then(result.corpus, result.context.history, release.commit)
    with tempfile.TemporaryDirectory(prefix="qmsdoc-pictures-") as pictures:
        job: DocumentJob | FormJob = release_job(result, renderer, item, release, Path(pictures), current=is_current,
                                                 refs=refs)
        if held and isinstance(job, DocumentJob) and isinstance(item, Document):
            job = held_copy(job, release.version, item)
        elif not is_current:
            job = dataclasses.replace(job, superseded=successor, notice=superseded_notice(release.version, successor))
        if edited:
            notice = " ".join(part for part in (job.notice, edited) if part)
            job = xml_safe(dataclasses.replace(job, notice=notice)) if isinstance(job, DocumentJob) \
                else xml_safe(dataclasses.replace(job, notice=notice))  # one call per kind of job (a TypeVar)
        data = COPY_WRITERS[fmt].writer(config)(job)  # set in the project's PDF fonts, as its every copy
    out = Path(args.out) if args.out else Path.cwd() / (
        f"{file_stem(item.id)}-{release.version.replace('/', '-')}.{fmt}")
    _write_new(out, data, config, given=bool(args.out))
    state = latest_label(item, config.today) if is_current else (
        t("hist.in_force_state", date=getattr(item, "effective_date", ""), new=current) if held
        else t("hist.earlier_state", replaced=successor))
    if day is not None:
        print(t("hist.as_of_version", day=day, id=item.id, version=release.version))
    print(suggested(t("hist.copy_done", id=item.id, version=release.version, path=out, state=state)))
    if edited:
        print(edited)
    return EXIT_OK


def _document_on_day(result: CheckResult, document: Document, found: list[Release], day: dt.date) -> Release:
    """The released version of `document` in force on `day`, read as `register --as-of` reads it. No git history is
    a usage error (exit 2); a day it had none in force, or one whose text only its 修订记录 records (released
    before git held it), is a refusal (exit 1) that says so — never the copy of another version."""
    from .records.asof import document_on

    history = result.context.history
    refuse_without_history(history, t("hist.asked.copy", id=document.id, day=day))
    answer = document_on(document, history, day)
    if answer.release is not None:  # as `found` holds it: the last of them is the version in force now
        return next((r for r in found if (r.commit, r.version) == (answer.release.commit, answer.release.version)),
                    answer.release)
    if answer.row is not None:  # in force by the 修订记录 alone: no text to show
        raise RedlineError(t("hist.copy_before_git", day=day, id=document.id, version=answer.row[3],
                             date=answer.row[4]), code=TEXT_NOT_HELD)
    # no line that day (its file not made yet): its first version, as `acknowledgements` names it, else none known
    first = t("asof.effective_from", version=found[0].version, date=found[0].in_force_from) \
        if found and found[0].in_force_from else t("asof.before_history")
    state, note = answer.left_out[2:4] if answer.left_out else (t("asof.not_yet"), first)
    raise RedlineError(t("hist.copy_not_in_force", id=document.id, day=day, why=t("hist.manual_why", state=state,
                                                                                     note=note)))


def _edited_notice(release: Release, edits: list[UnapprovedEdit]) -> str:
    """What a copy of `release` says under its title when its file was edited without approval while it was the
    approved version (`edits_of`), as its page on the site says it: the copy holds the text as approved (the
    release's, never the file's last commit at that version), which text that is, and each edit; "" when none."""
    during = edits_of(release, edits)
    if not during:
        return ""
    return t("copy.edited_notice", shown=shown_text(release, during),
             edits=join_edits(during))


def _no_version(code: str, version: str, current: str, found: list[Release], history: History,
                typed: str | None = None) -> str:
    """Why git holds no released `version` of `code` (`current`: the version in the working tree; `typed`: the
    version as the user typed it), and what to do: a repository without commits, or a release not committed yet,
    is told as such — not as a version that never was."""
    if history.empty:
        return t("hist.no_commits_yet", id=code, version=version)
    if history.available and version == current and not any(r.version == version for r in found):
        return t("hist.not_committed", id=code, version=version)
    if found and (entry := _recorded_before_git(found, version)) is not None:
        return t("hist.before_git", id=code, version=version, date=entry.get("date") or "—",
                 first=found[0].version, committed=found[0].committed)
    # each version once, oldest first: a label approved again (QD191) or restored is a release of its own
    known = join(dict.fromkeys(r.version for r in found)) or t("hist.none")
    return t("hist.no_version", id=code, version=typed or version, known=known) + (
        t("hist.because", note=history.note) if history.note else "")


def _recorded_before_git(found: list[Release], version: str) -> dict[str, Any] | None:
    """The 修订记录 entry of `version` when it is a version released before the first one git holds (a manual
    approved on paper and brought into qmsdoc at a later version): its text was never committed."""
    listed = [h for h in found[-1].data.get("history") or [] if isinstance(h, dict)]
    labels = [str(h.get("version")) for h in listed]
    first = found[0].version
    if version not in labels or first not in labels or labels.index(version) >= labels.index(first):
        return None
    return listed[labels.index(version)]


def _manual_page(manual: Manual, history: History, version: str | None, day: dt.date | None,
                 today: dt.date) -> tuple[Release, dt.date]:
    """The manual page's version a whole-manual copy shows, and the day it shows the manual as of: the
    version in force on `day`, or version `version` as of its effective date. A day after today is a usage
    error (exit 2); a day the manual page had no version in force, or none git holds the text of, is a refusal
    (exit 1) naming its first version and date, as a version it never had is."""
    from .records.asof import manual_page_on

    if version is not None:
        found = releases("manual", manual.path, history.versions.get(manual.path, []))
        release = latest(found, version)
        if release is None:
            raise RedlineError(_no_version(manual.id, version, manual.version, found, history))
        effective = release.effective_date or today
        if effective > today:
            raise UsageError(t("hist.manual_future", day=effective, today=today))
        return release, effective
    assert day is not None and day <= today  # `day_asked` refused a day to come
    answer = manual_page_on(manual, history, day)
    # a day the project holds no text of the manual for is a refusal (exit 1), as a version it never had is
    if answer.release is None and answer.row is not None:  # in force by the 修订记录 alone: no text to show
        raise RedlineError(t("hist.manual_before_git", day=day, members=t(
            "hist.member_recorded", id=manual.id, version=answer.row[3], date=answer.row[4])), code=TEXT_NOT_HELD)
    if answer.release is None:  # not in force (not made yet, not yet approved, withdrawn) or by an approval record
        found = releases("manual", manual.path, history.versions.get(manual.path, []))
        state, note = answer.left_out[2:4] if answer.left_out else (t("asof.not_yet"), t("hist.manual_not_made"))
        first = t("asof.effective_from", version=found[0].version, date=found[0].effective_date or "—") if found \
            else t("hist.manual_none_released")
        why = state if note == first else t("hist.manual_why", state=state, note=note)
        raise RedlineError(t("hist.manual_not_in_force", id=manual.id, day=day, why=why, first=first))
    return answer.release, day


def _copy_manual(result: CheckResult, manual: Manual, version: str | None, day: dt.date | None, fmt: str,
                 out_arg: str | None) -> int:
    """`qmsdoc copy MANUAL --as-of DAY` (or `--version` of its page): the whole manual as it stood that day —
    its page's version then and each document in force then (what `register --as-of` lists), read from git
    and marked as a historical, uncontrolled copy on the cover and every page. Each holds its text as approved; one
    edited in git without approval while in force says so under its title (`_edited_notice`)."""
    from .acts.issuance import COPY_WRITERS
    from .records.asof import manual_members_on

    config, history = result.context.config, result.context.history
    refuse_without_history(history, t("hist.asked.manual", id=manual.id, day=day) if day is not None
                           else t("hist.asked.manual_version", id=manual.id, version=version))
    if version is not None and version == manual.version and manual.pending_on(config.today):
        return _copy_waiting_manual(result, manual, fmt, out_arg)
    if version is not None and manual.pending_on(config.today) and _copy_manual_in_force(result, manual, version, fmt,
                                                                                          out_arg):
        return EXIT_OK
    page, day = _manual_page(manual, history, version, day, config.today)
    members, left_out = manual_members_on(manual, result.corpus, history, day)
    listed = [(a.release, a.row) for a in members if a.row is not None]
    unread = [t("hist.member_recorded", id=row[0], version=row[3], date=row[4]) for release, row in listed
              if release is None]
    if unread:  # in force by the 修订记录 alone: no text to show, a fact of the project (exit 1), not of the command
        raise RedlineError(t("hist.manual_before_git", day=day, members=join(unread)), code=TEXT_NOT_HELD)
    renderer = renderer_on(_renderer(result), result.corpus, history, day)  # what it cites, as it stood then
    with tempfile.TemporaryDirectory(prefix="qmsdoc-pictures-") as pictures:
        root = Path(pictures)
        jobs = []
        for release, member in member_jobs(result, renderer, manual, [r for r, _row in listed if r is not None], root):
            shown = release.source.path
            edited = _edited_notice(release, unapproved_edits("document", shown, history.committed(shown)))
            jobs.append(xml_safe(dataclasses.replace(member, notice=edited)) if edited else member)
        intro = notice_html(_edited_notice(page, unapproved_edits("manual", manual.path, history.versions.get(
            manual.path, [])))) + renderer.text(page.body, manual.path).html
        pictures_folder(intro, page, renderer.inside_manuals(manual.path), config, root)
        job = manual_job(page_as_released(manual, page), tuple(jobs), config.organisation, intro_html=intro,
                         assets_root=str(root), as_of=day, project_id=config.project_id or "")
        data = COPY_WRITERS[fmt].writer(config)(job)
    out = Path(out_arg) if out_arg else Path.cwd() / t("hist.manual_file", code=file_stem(manual.id),
                                                       day=day.isoformat(), format=fmt)
    _write_new(out, data, config, given=bool(out_arg))
    shown_members = join(f"{j.id} {j.version}" for j in jobs) or t("hist.none")
    print(suggested(t("hist.manual_copy_done", id=manual.id, day=day, path=out, version=page.version,
                      count=len(jobs), members=shown_members)))
    if left_out:  # what the manual's folder holds (or held) but was not in force that day, and why
        print(t("hist.manual_left_out", members=join(
            t("hist.manual_left_member", id=a.left_out[0], state=a.left_out[2]) for a in left_out if a.left_out)))
    return EXIT_OK


def _copy_manual_in_force(result: CheckResult, manual: Manual, version: str, fmt: str, out_arg: str | None) -> bool:
    """`qmsdoc copy MANUAL --version V` of the index page's version still in force while its approved one waits
    for its effective date: the build's whole manual in force (its documents as in force today, saying until when
    it applies), as `copy --version` of a document's version in force answers — not the manual as it stood the day
    that page took effect, marked historical. False when `version` is not that version."""
    from .acts.issuance import COPY_WRITERS

    config = result.context.config
    plan = plan_copies(result, _renderer(result), config.organisation, only=[manual.id])
    job = next((j for j in plan.in_force_manuals if j.version == version), None)
    if job is None:
        return False
    data = COPY_WRITERS[fmt].writer(config)(job)
    out = Path(out_arg) if out_arg else Path.cwd() / f"{file_stem(manual.id)}-{version.replace('/', '-')}.{fmt}"
    _write_new(out, data, config, given=bool(out_arg))
    print(suggested(t("hist.copy_done", id=manual.id, version=version, path=out,
                      state=t("hist.in_force_state", date=manual.effective_date, new=manual.version))))
    return True


def _copy_waiting_manual(result: CheckResult, manual: Manual, fmt: str, out_arg: str | None) -> int:
    """`qmsdoc copy MANUAL --version V` of the index page's version approved but not yet in force: the build's
    whole-manual copy of it (saying on its face from when it applies, its documents as in force today), answered
    as approved and not yet in force — as `copy --version` answers a document's waiting version — not refused as
    a day to come. Its release must be committed, as any version `copy` writes."""
    from .acts.issuance import COPY_WRITERS

    config, history = result.context.config, result.context.history
    found = releases("manual", manual.path, history.versions.get(manual.path, []))
    if latest(found, manual.version) is None:
        raise RedlineError(_no_version(manual.id, manual.version, manual.version, found, history))
    plan = plan_copies(result, _renderer(result), config.organisation, only=[manual.id])
    data = COPY_WRITERS[fmt].writer(config)(plan.manuals[0])
    out = Path(out_arg) if out_arg else Path.cwd() / f"{file_stem(manual.id)}-{manual.version.replace('/', '-')}.{fmt}"
    _write_new(out, data, config, given=bool(out_arg))
    print(suggested(t("hist.copy_done", id=manual.id, version=manual.version, path=out,
                      state=t("history.pending", date=manual.effective_date))))
    return EXIT_OK


def _cmd_register(args: argparse.Namespace) -> int:
    from .records.asof import as_csv, as_xlsx, register_as_of

    config = load_config(find_root(Path(args.path)))
    day = day_asked(args.as_of, config.today)
    fmt = _out_format(args.out, args.format, ("xlsx", "csv"))
    result = check(config)
    _note(result)
    refuse_without_history(result.context.history, t("hist.asked.register", day=day))
    register = register_as_of(result.corpus, result.context.history, day)
    refuse_before_all(result, day, bool(register.rows))  # as `copy --as-of` of the manual refuses that day
    if args.copies:  # who held numbered copies that day, judged by this very register of the day
        return _copies(args, config, result, register, fmt)
    data = as_xlsx(register) if fmt == "xlsx" else as_csv(register)
    out = Path(args.out) if args.out else Path.cwd() / t("hist.register_file", day=day.isoformat(), format=fmt)
    _write_new(out, data, config, given=bool(args.out))
    print(suggested(t("hist.register_done", day=day, path=out, count=len(register.rows),
                      left=len(register.left_out))))
    return EXIT_OK


def _copies(args: argparse.Namespace, config: Config, result: CheckResult, register: AsOf, fmt: str) -> int:
    """`register --as-of DAY --copies`: the numbered copies out that day, each current or not then."""
    from .records import copies_asof

    rows = copies_asof.copies_on(result.context.distribution, register, result.corpus, result.context.history)
    data = copies_asof.as_xlsx(rows, register) if fmt == "xlsx" else copies_asof.as_csv(rows)
    day = register.day
    out = Path(args.out) if args.out else Path.cwd() / t("hist.copies_file", day=day.isoformat(), format=fmt)
    _write_new(out, data, config, given=bool(args.out))
    stale = sum(1 for row in rows if row[-1] != t("asof.copies.current"))
    print(suggested(t("hist.copies_done", day=day, path=out, count=len(rows), stale=stale)))
    return EXIT_OK


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    red = commands.add_parser("redline", help=t("cli.redline"))
    red.add_argument("id", help=t("cli.redline.id"))
    red.add_argument("--from", dest="old", help=t("cli.redline.from"))
    red.add_argument("--to", dest="new", help=t("cli.redline.to"))
    red.add_argument("--out", help=t("cli.redline.out"))
    red.path_option()
    red.set_defaults(run=_cmd_redline)

    cp = commands.add_parser("copy", help=t("cli.copy"))
    cp.add_argument("id", help=t("cli.copy.id"))
    cp.add_argument("--version", help=t("cli.copy.version", **help_examples()))
    cp.add_argument("--as-of", help=t("cli.copy.as_of"))
    cp.add_argument("--format", choices=("docx", "pdf"), help=t("cli.copy.format"))
    cp.add_argument("--out", help=t("cli.copy.out"))
    cp.path_option()
    cp.set_defaults(run=_cmd_copy)

    reg = commands.add_parser("register", help=t("cli.register"))
    reg.add_argument("--as-of", required=True, help=t("cli.register.as_of"))
    reg.add_argument("--copies", action="store_true", help=t("cli.register.copies"))
    reg.add_argument("--format", choices=("csv", "xlsx"), help=t("cli.register.format"))
    reg.add_argument("--out", help=t("cli.register.out"))
    reg.path_option()
    reg.set_defaults(run=_cmd_register)
