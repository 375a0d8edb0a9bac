"""The `qmsdoc` command line. Exit codes: 0 clean, 1 content errors, 2 usage or configuration error."""

from __future__ import annotations

import contextlib
import sys

try:  # Ctrl-C while the command loads (before main() can catch it): the message and 130, never a traceback
    import argparse
    import datetime as dt
    import functools
    import os
    from collections.abc import Callable, Sequence
    from concurrent.futures import BrokenExecutor
    from importlib import metadata
    from pathlib import Path

    from .acts.baseline import baseline
    from .acts.common import Outcome
    from .acts.drafting import new_document
    from .acts.obsolete import obsolete
    from .acts.release import release
    from .acts.review import review
    from .cliparser import Parser, title_argument
    from .core import ConfigError, check, find_root, i18n, load_config
    from .core.check import CheckResult
    from .core.commandline import known_commands
    from .core.config import meant_language, read_language, read_version_scheme, today
    from .core.days import day_given
    from .core.distribution import void_reasons
    from .core.errors import EXIT_FINDINGS, EXIT_OK, QmsdocError, UsageError, echoed, os_error_text, shown, shown_path
    from .core.findings import capped, show_paths_from, suggested, summary
    from .core.i18n import join, set_language, t
    from .core.names import NOTE_LIMIT, name_problem, text_problem
    from .core.paths import DOCX_DIR
    from .core.portable import symlink_loop, tolerant_console
    from .core.report_formats import FORMATS
    from .core.revision import DEFAULT_SCHEME, SCHEMES, help_examples, set_scheme
    from .core.siteconfig import SITE_CONFIG_FILE, site_config_refusal
    from .history_commands import register as register_history
    from .importer import register as register_import
    from .pdf.coverage import install as install_glyphs
    from .pipeline import DEFAULT_OUTPUTS, OUTPUTS, default_outputs
    from .training_commands import register as register_training
except KeyboardInterrupt:
    with contextlib.suppress(Exception):  # i18n itself may be what was cut short
        from .core.i18n import t as _t

        print(_t("cli.interrupted"), file=sys.stderr)
    raise SystemExit(130) from None

EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a program ended by SIGPIPE


def _cmd_check(args: argparse.Namespace) -> int:
    from .core.parsecache import build_dir_cache

    config = load_config(find_root(Path(args.path)))
    # what `qmsdoc build` refuses in mkdocs.yml (exit 2) is refused here too: a project check passes builds
    refusal = site_config_refusal(config.root / SITE_CONFIG_FILE)
    if refusal is not None:
        raise refusal
    cache = build_dir_cache(config)  # a warm check re-parses only the files whose bytes changed
    result = check(config, cache)
    cache.save()
    print(report(args.format, result))
    if result.context.history.note:
        print(t("cli.note", note=result.context.history.note), file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_FINDINGS


def version() -> str:
    try:
        return metadata.version("qmsdoc")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def report(fmt: str, result: CheckResult) -> str:
    """The findings of a check in a CI format (core/report_formats.py)."""
    from .core.report_formats import render
    from .core.rules import REGISTRY

    files = sorted({s.path for s in result.corpus.sources} | {r.path for r in result.corpus.revision_files})
    return render(fmt, result.findings, files, {code: r.description for code, r in REGISTRY.items()}, version(),
                  project_in_repository(result.context.config.root) if fmt not in ("text", "json") else "")


def project_in_repository(root: Path) -> str:
    """The project's folder relative to the root of its git repository (`` at the root or outside git): the CI
    formats' paths are the repository's, where the job runs."""
    from .core.gitlog import repo_root

    top = repo_root(root)
    if top is None or not root.resolve().is_relative_to(top.resolve()):
        return ""
    relative = root.resolve().relative_to(top.resolve()).as_posix()
    return "" if relative == "." else relative


def _cmd_copies(args: argparse.Namespace) -> int:
    """`qmsdoc docx` / `qmsdoc pdf`: only the controlled copies of one format (all, or the ids given)."""
    from .core.codes import normalise
    from .core.copyplan import plan_copies, renderer_for
    from .core.outputs import COPY_NAMES, claim, refuse_strays, refuse_unsafe
    from .core.paths import PDF_DIR

    pdf = args.kind == "pdf"
    folder, name = (PDF_DIR, "PDF") if pdf else (DOCX_DIR, "Word")
    config = load_config(find_root(Path(args.path)))
    build_dir = None if args.out else refuse_unsafe(config.build_path, config, t("folder.build_dir"),
                                                    config.spelled("build_dir"), key="build_dir")
    if args.out:
        out_dir = refuse_unsafe(Path(args.out), config, t("folder.out"), args.out, option="--out")
        refuse_strays(out_dir, config, t("folder.out"), args.out, option="--out", own=COPY_NAMES)
    else:
        out_dir = refuse_unsafe(config.build_path / folder, config, t("folder.copies", name=name),
                                f"{config.build_dir}/{folder}", key="build_dir")
        refuse_strays(out_dir, config, t("folder.copies", name=name), f"{config.build_dir}/{folder}",
                      key="build_dir", own=COPY_NAMES)
    result = check(config)
    errors = [f for f in result.findings if f.severity.value == "error"]
    if errors:
        for finding in errors:
            print(finding.format())
        print(summary(result.findings))
        print(t("cli.docx.errors", name=name), file=sys.stderr)
        return EXIT_FINDINGS
    wanted = [normalise(i) for i in args.ids] or None
    if wanted:
        manuals = {m.id for m in result.corpus.manuals}
        unknown = [i for i in wanted if result.corpus.lookup(i) is None and i not in manuals]
        if unknown:  # not in the project: a refusal (exit 1), as every command says it (core/errors.py)
            raise QmsdocError(t("cli.docx.unknown", ids=join(unknown),
                                hint=result.did_you_mean(*unknown)),
                              [f for code in unknown for f in result.unread(code)])
    plan = plan_copies(result, renderer_for(result), config.organisation, wanted)
    if pdf:
        from .pdf.export import write_pdfs
        from .pdf.fonts import FontChoice, choose

        fonts = FontChoice.from_config(config.pdf_fonts, config.root)
        choose(fonts)  # no CJK font: FontsMissing (exit 1) saying what to install, before anything is written
        if build_dir is not None:
            claim(build_dir)
        written = write_pdfs(plan, out_dir, fonts=fonts, workers=args.jobs)
    else:
        from .word.export import write_files

        if build_dir is not None:
            claim(build_dir)
        written = write_files(plan, out_dir, workers=args.jobs, progress=sys.stderr.isatty() or args.progress)
    print(t("cli.docx.done", count=len(written), name=name, folder=out_dir))
    return EXIT_OK


def _date(text: str | None, *, past: bool = True) -> dt.date | None:
    """A command's `--date` (2026-03-01, or 2026/3/1 and the other forms a sign-in sheet takes, core/days.py). An
    act's date (`past`) may not be after today: a release, review, withdrawal, issue or return recorded for a day
    still to come is a record of something that has not happened (a review dated 2099 would silence every overdue
    warning until 2101): exit 2."""
    if text is None:
        return None
    day = day_given(text)
    now = today()
    if past and day > now:
        raise UsageError(t("cli.date_future", value=day, today=now))
    return day


def _person(text: str) -> str:
    """A person's, role's or department's name given on the command line (`--by`, `--to`, …): refused before
    anything is written unless it is one line of printable text (core/names.py, the rule QD017 applies)."""
    problem = name_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(t("cli.bad_person", value=echoed(text), problem=problem))
    return text


JOBS_LIMIT = 256


def _jobs(text: str) -> int:
    """`--jobs`: how many processes write the copies, 1 to JOBS_LIMIT. 0 or a negative number was taken as it
    was: a pool of no workers (ValueError, a traceback) once a manual's worth of copies is written in batches."""
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= JOBS_LIMIT:
        raise argparse.ArgumentTypeError(t("cli.jobs_invalid", value=echoed(text), limit=JOBS_LIMIT))
    return jobs


def _note_text(text: str) -> str:
    """A note recorded in the 修订记录 or a withdrawal (`--change`, `--reason`, `--note`): one line of printable
    text, as the page, the copies' revision table and the registers show it (core/names.py)."""
    problem = text_problem(text, limit=NOTE_LIMIT)
    if problem:
        raise argparse.ArgumentTypeError(t("cli.bad_note", value=echoed(text), problem=problem))
    return text


def _run_release(action: Callable[[], Outcome]) -> int:
    print(suggested(action().message))
    return EXIT_OK


def _cmd_release(args: argparse.Namespace) -> int:
    config = load_config(find_root(Path(args.path)))
    return _run_release(lambda: release(config, args.id, approver=args.by, change=args.change, edition=args.edition,
                                        date=_date(args.date), reviewer=args.reviewed_by, preparer=args.prepared_by,
                                        keep_review=args.keep_review, key=args.key,
                                        effective=_date(args.effective, past=False)))


def _cmd_obsolete(args: argparse.Namespace) -> int:
    config = load_config(find_root(Path(args.path)))
    return _run_release(lambda: obsolete(config, args.id, successor=None if args.no_successor else args.superseded_by,
                                         approver=args.by,
                                         reason=args.reason or "", date=_date(args.date),
                                         update_references=args.update_references, key=args.key))


def _cmd_baseline(args: argparse.Namespace) -> int:
    config = load_config(find_root(Path(args.path)))
    return _run_release(lambda: baseline(config, args.ids, approver=args.by, date=_date(args.date), key=args.key))


def _cmd_sign(args: argparse.Namespace) -> int:
    from .acts.sign import sign_records

    config = load_config(find_root(Path(args.path)))
    return _run_release(lambda: sign_records(config, args.ids, approver=args.by, key=args.key, date=_date(args.date)))


def _cmd_review(args: argparse.Namespace) -> int:
    config = load_config(find_root(Path(args.path)))
    return _run_release(lambda: review(config, args.id, by=args.by, date=_date(args.date), note=args.note or ""))


def _cmd_revise(args: argparse.Namespace) -> int:
    from .acts.revise import discard, revise

    config = load_config(find_root(Path(args.path)))
    if args.discard:
        return _run_release(lambda: discard(config, args.id))
    if not args.by:
        raise UsageError(t("cli.revise.no_by"))
    return _run_release(lambda: revise(config, args.id, by=args.by, reason=args.reason or "", date=_date(args.date)))


def _cmd_new(args: argparse.Namespace) -> int:
    config = load_config(find_root(Path(args.path)))
    return _run_release(lambda: new_document(config, args.manual, title=args.title, doc_type=args.type,
                                             department=args.department, preparer=args.by, code=args.id))


def _cmd_issue(args: argparse.Namespace) -> int:
    from .acts.issuance import issue

    config = load_config(find_root(Path(args.path)))
    if args.reason and not args.replaces:
        raise UsageError(t("cli.issue.reason_alone"))
    print(suggested(issue(config, args.id, to=args.to, copies=args.copies, by=args.by, date=_date(args.date),
                          fmt=args.format, replaces=args.replaces, reason=args.reason,
                          in_force=args.in_force).message))
    return EXIT_OK


def _cmd_recall(args: argparse.Namespace) -> int:
    from .acts.issuance import recall

    config = load_config(find_root(Path(args.path)))
    print(suggested(recall(config, args.numbers, by=args.by, date=_date(args.date), void=args.void)))
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    from .core.copyplan import renderer_for
    from .pastday import as_of, as_of_heading, refuse_before_all, refuse_without_history
    from .verify.earlier import rebuilder
    from .verify.manualearlier import manual_rebuilder
    from .verify.verdict import unlisted_forms, verify

    config = as_of(load_config(find_root(Path(args.path))), args.as_of)
    target = Path(args.file)
    if not target.is_file():  # a folder, pipe or device is there but is no copy: say so, not "not found"
        raise UsageError(t("cli.verify.not_file" if os.path.lexists(target) else "cli.verify.missing",
                                   path=shown_path(target)))
    result = check(config)
    if args.as_of:
        asked = t("hist.asked.verify", path=shown_path(target), day=config.today)
        refuse_without_history(result.context.history, asked)
        refuse_before_all(result, config.today)
    render = functools.cache(lambda: renderer_for(result))  # made once, only when a copy is rebuilt
    verdict = verify(target, result.corpus, config.build_path, result.context.distribution, config.today,
                     result.context.history, unlisted_forms(result.corpus, result.findings),
                     rebuilder(result, render), manual_rebuilder(result, render), config.organisation,
                     config.project_id or "")
    print(suggested(verdict.message if not args.as_of else f"{as_of_heading(config.today)}\n{verdict.message}"))
    return EXIT_OK if verdict.current else EXIT_FINDINGS


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    config = load_config(find_root(Path(args.path)))
    # an empty item (`site,,word`, a trailing comma) names no output and is refused with the unknown ones
    outputs = [o.strip() or "''" for o in args.only.split(",")] if args.only else default_outputs(config)
    if args.pdf and "pdf" not in outputs:
        outputs.append("pdf")
    unknown = sorted(set(outputs) - set(OUTPUTS))
    if unknown:
        raise UsageError(t("cli.only_invalid", values=shown(join(unknown)), choices=",".join(OUTPUTS)))
    return build(config, config_file=args.config_file, strict=args.strict, outputs=outputs,
                 report=None if args.format == "text" else (lambda result: report(args.format, result)),
                 quiet=args.format != "text", require_pdf=args.pdf)


def _cmd_serve(args: argparse.Namespace) -> int:
    from .site.serve import serve

    config = load_config(find_root(Path(args.path)))
    host, _, port = args.dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise UsageError(t("cli.serve.addr_invalid", value=args.dev_addr))
    config_file = Path(args.config_file)
    if not config_file.is_absolute():
        config_file = config.root / config_file
    return serve(config, config_file, host, int(port))


def _cmd_init(args: argparse.Namespace) -> int:
    from .scaffold import init_project

    project = init_project(Path(args.path), args.language, organisation=args.organisation, manual=args.manual,
                           manual_title=args.manual_title, owner=args.owner, version_scheme=args.version_scheme)
    first = t("init.next.scope") if args.organisation else t("init.next.organisation")  # given: nothing to set
    show_paths_from(project.root)  # the project is there now: its next steps name it from here
    print(suggested(t("init.done", root=project.root.resolve(), language=i18n.current().code, manual=project.manual,
                      procedure=project.procedure, form=project.form,
                      files="\n".join(f"  {path}" for path in project.files), first=first)))
    return EXIT_OK


def build_parser() -> Parser:
    parser = Parser(prog="qmsdoc", description=t("cli.description"), epilog=t("cli.epilog"))
    parser.add_argument("--version", action="version", version=f"qmsdoc {version()}", help=t("cli.help.version"))
    commands = parser.add_subparsers(dest="command", required=True)
    init_cmd = commands.add_parser("init", help=t("cli.init"))
    init_cmd.add_argument("project", nargs="?", help=t("cli.init.path"))
    init_cmd.add_argument("--path", help=t("cli.init.path"))
    init_cmd.add_argument("--language", default=i18n.DEFAULT,
                          help=t("cli.init.language", choices=", ".join(i18n.languages())))
    init_cmd.add_argument("--organisation", help=t("cli.init.organisation"))
    init_cmd.add_argument("--manual", default="QM", help=t("cli.init.manual"))
    init_cmd.add_argument("--manual-title", help=t("cli.init.manual_title"))
    init_cmd.add_argument("--owner", help=t("cli.init.owner"))
    init_cmd.add_argument("--version-scheme", default=DEFAULT_SCHEME,
                          help=t("cli.init.version_scheme", choices=", ".join(SCHEMES)))
    init_cmd.set_defaults(run=_cmd_init)
    check_cmd = commands.add_parser("check", help=t("cli.check"))
    check_cmd.add_argument("project", nargs="?", help=t("cli.project"))
    check_cmd.add_argument("--path", help=t("cli.path_option"))
    check_cmd.add_argument("--format", choices=FORMATS, default="text", help=t("cli.format"))
    check_cmd.set_defaults(run=_cmd_check)
    build_cmd = commands.add_parser("build", help=t("cli.build"))
    build_cmd.add_argument("project", nargs="?", help=t("cli.project"))
    build_cmd.add_argument("--path", help=t("cli.path_option"))
    build_cmd.add_argument("--config-file", default=SITE_CONFIG_FILE, help=t("cli.config_file"))
    build_cmd.add_argument("--strict", action="store_true", help=t("cli.strict"))
    build_cmd.add_argument("--only", help=t("cli.only", outputs=",".join(OUTPUTS),
                                                 default=",".join(DEFAULT_OUTPUTS)))
    build_cmd.add_argument("--format", choices=FORMATS, default="text", help=t("cli.build_format"))
    build_cmd.add_argument("--pdf", action="store_true",
                           help=t("cli.pdf"))
    build_cmd.set_defaults(run=_cmd_build)
    serve_cmd = commands.add_parser("serve", help=t("cli.serve"))
    serve_cmd.add_argument("project", nargs="?", help=t("cli.project"))
    serve_cmd.add_argument("--path", help=t("cli.path_option"))
    serve_cmd.add_argument("--config-file", default=SITE_CONFIG_FILE, help=t("cli.config_file"))
    serve_cmd.add_argument("--dev-addr", default="127.0.0.1:8000", help=t("cli.serve.addr"))
    serve_cmd.set_defaults(run=_cmd_serve)
    for kind, what in (("docx", "Word"), ("pdf", "PDF")):
        copies_cmd = commands.add_parser(kind, help=t("cli.docx", what=what))
        copies_cmd.add_argument("ids", nargs="*", help=t("cli.docx.ids"))
        copies_cmd.path_option()
        copies_cmd.add_argument("--out", help=t("cli.docx.out", kind=kind))
        copies_cmd.add_argument("--jobs", type=_jobs, default=None, help=t("cli.jobs"))
        copies_cmd.add_argument("--progress", action="store_true", help=t("cli.progress"))
        copies_cmd.set_defaults(run=_cmd_copies, kind=kind)

    rel = commands.add_parser("release", help=t("cli.release"))
    rel.add_argument("id", help=t("cli.release.id"))
    rel.add_argument("--by", type=_person, required=True, help=t("cli.approver"))
    rel.add_argument("--change", required=True, type=_note_text, help=t("cli.change"))
    rel.add_argument("--edition", action="store_true", help=t("cli.edition", **help_examples()))
    rel.add_argument("--reviewed-by", type=_person, help=t("cli.reviewed_by"))
    rel.add_argument("--prepared-by", type=_person, help=t("cli.prepared_by"))
    rel.add_argument("--keep-review", action="store_true", help=t("cli.keep_review"))
    rel.add_argument("--date", help=t("cli.release_date"))
    rel.add_argument("--effective", help=t("cli.release_effective"))
    rel.add_argument("--key", help=t("cli.key"))
    rel.path_option()
    rel.set_defaults(run=_cmd_release)

    obs = commands.add_parser("obsolete", help=t("cli.obsolete"))
    obs.add_argument("id", help=t("cli.obsolete.id"))
    successor = obs.exclusive(t("cli.obsolete.exclusive"), required=True)
    successor.add_argument("--superseded-by", help=t("cli.obsolete.superseded_by"))
    successor.add_argument("--no-successor", action="store_true", help=t("cli.obsolete.no_successor"))
    obs.add_argument("--by", type=_person, help=t("cli.obsolete.by"))
    obs.add_argument("--reason", type=_note_text, help=t("cli.obsolete.reason"))
    obs.add_argument("--date", help=t("cli.obsolete.date"))
    obs.add_argument("--update-references", action="store_true",
                     help=t("cli.update_references"))
    obs.add_argument("--key", help=t("cli.key_signed"))
    obs.path_option()
    obs.set_defaults(run=_cmd_obsolete)

    base = commands.add_parser("baseline", help=t("cli.baseline"))
    base.add_argument("ids", nargs="*", help=t("cli.baseline.ids"))
    base.add_argument("--by", type=_person, required=True, help=t("cli.baseline.by"))
    base.add_argument("--date", help=t("cli.baseline.date"))
    base.add_argument("--key", help=t("cli.key_signed"))
    base.path_option()
    base.set_defaults(run=_cmd_baseline)

    sig = commands.add_parser("sign", help=t("cli.sign"))
    sig.add_argument("ids", nargs="*", help=t("cli.sign.ids"))
    sig.add_argument("--by", type=_person, required=True, help=t("cli.sign.by"))
    sig.add_argument("--key", help=t("cli.sign.key"))
    sig.add_argument("--date", help=t("cli.sign.date"))
    sig.path_option()
    sig.set_defaults(run=_cmd_sign)

    rev = commands.add_parser("review", help=t("cli.review"))
    rev.add_argument("id", help=t("cli.review.id"))
    rev.add_argument("--by", type=_person, required=True, help=t("cli.reviewer"))
    rev.add_argument("--date", help=t("cli.review.date"))
    rev.add_argument("--note", type=_note_text, help=t("cli.review.note"))
    rev.path_option()
    rev.set_defaults(run=_cmd_review)

    rvs = commands.add_parser("revise", help=t("cli.revise"))
    rvs.add_argument("id", help=t("cli.issue.id"))
    rvs.add_argument("--by", type=_person, help=t("cli.revise.by"))
    rvs.add_argument("--reason", type=_note_text, help=t("cli.revise.reason"))
    rvs.add_argument("--date", help=t("cli.revise.date"))
    rvs.add_argument("--discard", action="store_true", help=t("cli.revise.discard"))
    rvs.path_option()
    rvs.set_defaults(run=_cmd_revise)

    new = commands.add_parser("new", help=t("cli.new"))
    new.add_argument("--manual", required=True, help=t("cli.new.manual"))
    new.add_argument("--title", type=title_argument, required=True, help=t("cli.new.title"))
    new.add_argument("--type", default="procedure",
                     choices=("procedure", "work-instruction", "job-description", "policy", "manual-section"),
                     help=t("cli.new.type"))
    new.add_argument("--department", type=_person, required=True, help=t("cli.new.department"))
    new.add_argument("--by", type=_person, required=True, help=t("cli.author"))
    new.add_argument("--id", help=t("cli.new.id"))
    new.path_option()
    new.set_defaults(run=_cmd_new)

    from .acts.issuance import COPY_WRITERS

    iss = commands.add_parser("issue", help=t("cli.issue"))
    iss.add_argument("id", help=t("cli.issue.id"))
    iss.add_argument("--to", type=_person, required=True, help=t("cli.issue.to"))
    iss.add_argument("--copies", type=int, default=1, help=t("cli.issue.copies"))
    iss.add_argument("--by", type=_person, default=t("cli.document_controller"), help=t("cli.issue.by"))
    iss.add_argument("--date", help=t("cli.issue.date"))
    iss.add_argument("--format", choices=tuple(COPY_WRITERS), default="docx", help=t("cli.issue.format"))
    iss.add_argument("--in-force", action="store_true", help=t("cli.issue.in_force"))
    iss.add_argument("--replaces", metavar=t("cli.copy_number"), help=t("cli.issue.replaces"))
    # any of accepted_void_reasons() is taken (issuance checks it); help and messages offer the project
    # language's words
    iss.add_argument("--reason", metavar=f"{{{','.join(void_reasons())}}}", help=t("cli.issue.reason"))
    iss.path_option()
    iss.set_defaults(run=_cmd_issue)

    rec = commands.add_parser("recall", help=t("cli.recall"))
    rec.add_argument("numbers", nargs="+", metavar=t("cli.copy_number"),
                     help=t("cli.recall.numbers", **help_examples()))
    rec.add_argument("--by", type=_person, default=t("cli.document_controller"), help=t("cli.recall.by"))
    rec.add_argument("--date", help=t("cli.recall.date"))
    rec.add_argument("--void", metavar=f"{{{','.join(void_reasons())}}}", help=t("cli.recall.void"))
    rec.path_option()
    rec.set_defaults(run=_cmd_recall)

    ver = commands.add_parser("verify", help=t("cli.verify"))
    ver.add_argument("file", help=t("cli.verify.file"))
    ver.as_of_option()
    ver.path_option()
    ver.set_defaults(run=_cmd_verify)
    register_import(commands)
    register_history(commands)
    register_training(commands)
    known_commands(commands.choices)  # the commands a suggestion may name, each taking --path
    return parser


def _speak_project_language(argv: Sequence[str]) -> None:
    """Help, argument errors and defaults come before the configuration is loaded: use the `language:` of
    the project the command runs in (its `--path`, a folder given as argument, or the current folder) — or,
    for `init`, the language it is asked to start the project in (`init --language en --help` is English)."""
    set_language(i18n.DEFAULT)  # not the language of a call before in this process (a test, an embedding tool)
    set_scheme(DEFAULT_SCHEME)
    if argv[:1] == ["init"]:
        asked = [argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "--language"]
        asked += [arg.split("=", 1)[1] for arg in argv if arg.startswith("--language=")]
        chosen = meant_language({"language": asked[-1]}) if asked else None  # a slip too: zh-TWN means zh-TW
        if chosen is not None:
            set_language(chosen.code)
            return
    candidates = [argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "--path"]
    candidates += [arg.split("=", 1)[1] for arg in argv if arg.startswith("--path=")]
    candidates += [arg for arg in argv[1:2] if not arg.startswith("-")] + ["."]
    for candidate in candidates:
        try:
            root = find_root(Path(candidate))
        except (ConfigError, OSError, ValueError):  # not a folder, no project, a NUL in the argument
            continue
        language, numbering = read_language(root), read_version_scheme(root)
        if language:
            set_language(language)
        if numbering:
            set_scheme(numbering)
        return


def _project_folder(args: argparse.Namespace) -> Path | None:
    """The project a command works in, if it names one that exists (its own errors say why not)."""
    try:
        return find_root(Path(args.path)) if isinstance(getattr(args, "path", None), str) else None
    except (ConfigError, OSError, ValueError):
        return None


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(argv)
    except KeyboardInterrupt:  # anywhere, from the language's first reading to the last line written
        print(t("cli.interrupted"), file=sys.stderr)
        return 130


def _run(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    _speak_project_language(arguments)
    tolerant_console(sys.stdout, sys.stderr)
    install_glyphs()  # the check names characters the PDF copies cannot draw (QD023)
    parser = build_parser()
    try:
        args = parser.parse(arguments)
    except SystemExit as exc:  # --help and --version: argparse printed them and exits 0
        return int(exc.code or 0)
    except UsageError as exc:  # a mistake argparse caught, in the project's language (cliparser.py)
        print(exc.show(), file=sys.stderr)
        return exc.exit_code
    try:
        if getattr(args, "project", None) is not None:  # check/build also take the folder as an argument
            if args.path is not None and Path(args.path).resolve() != Path(args.project).resolve():
                raise UsageError(t("cli.two_projects", project=args.project, path=args.path))
            args.path = args.project
        if hasattr(args, "path") and args.path is None:
            args.path = "."
        show_paths_from(_project_folder(args))
        return int(args.run(args))
    except QmsdocError as exc:  # the one place user-caused errors become output and an exit code
        for finding in capped(exc.findings):
            print(finding.format())
        print(suggested(exc.show()), file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # `qmsdoc check | head -1`: the reader has gone; stop quietly, as other Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # the file system refused: no space, not a folder, no permission
        return _os_error(exc)
    except BrokenExecutor:  # a copy worker ended without its result: killed by the system (memory) or crashed
        print(t("cli.worker_died"), file=sys.stderr)
        return EXIT_FINDINGS
    except MemoryError:
        print(t("cli.out_of_memory"), file=sys.stderr)
        return EXIT_FINDINGS
    except RuntimeError as exc:  # a symlink loop met by Path.resolve() anywhere (before Python 3.13)
        loop = symlink_loop(exc)
        if loop is None:
            raise
        return _os_error(loop)
    finally:
        show_paths_from(None)  # the next call in this process (a test, an embedding tool) runs from elsewhere


def _os_error(exc: OSError) -> int:
    print(os_error_text(exc), file=sys.stderr)
    return EXIT_FINDINGS


if __name__ == "__main__":
    sys.exit(main())
