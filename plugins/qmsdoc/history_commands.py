"""The commands that answer from a document's past: `qmsdoc redline` (a Word redline with tracked changes
and the 修订对照表), `qmsdoc copy --version` (the controlled copy of an earlier version, marked as such) and
`qmsdoc register --as-of` (the 受控文件清单 of a past day). They read git history and write one new file;
they never change a source."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from html import unescape
from pathlib import Path

from .cliparser import Parser
from .core import check, find_root, load_config
from .core.check import CheckResult
from .core.codes import file_stem
from .core.config import Config
from .core.copyjobs import CopyJob, document_job, form_job, superseded_notice
from .core.errors import EXIT_OK, UsageError
from .core.i18n import t
from .core.loader import form_from
from .core.model import Document, Form, iso_date
from .core.outputs import refuse_file_in_project_folders
from .core.redline import RedlineError, compare_versions, released, target
from .core.redline import choose as choose_versions
from .core.render import CorpusRenderer
from .core.revision import asked
from .core.sourcefile import SourceWriteError, write_atomic
from .core.versions import Release, latest, latest_label, pictures_as_released, replaced_by


def _write_new(path: Path, data: bytes, config: Config) -> None:
    """Write a new file; an existing one is never replaced, nor is one written among the sources or into
    build/ (exit 2: name another with --out)."""
    refuse_file_in_project_folders(path, config)
    if path.exists():
        raise UsageError(t("hist.exists", path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, exclusive=True)
    except (OSError, SourceWriteError) as exc:
        raise UsageError(t("hist.unwritable", path=path, error=exc)) from exc


def _out_format(out: str | None, fmt: str | None, formats: tuple[str, ...]) -> str:
    """The format to write: `--format`, else the extension `--out` names, else the first of `formats`. An
    `--out` whose extension names another format is refused (exit 2): a register.csv holding a workbook, or a
    copy.pdf holding a Word file, would be opened with the wrong program and taken for broken."""
    suffix = Path(out).suffix.lower().lstrip(".") if out else ""
    chosen = fmt or (suffix if suffix in formats else formats[0])
    if out and suffix != chosen:
        raise UsageError(t("hist.out_suffix", path=out, format=chosen, suffix=f".{suffix}" if suffix else "—"))
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
    _write_new(out, build_redline(job), config)
    changes = len(comparison.table_rows)
    print(t("hist.redline_done", path=out, code=code, old=old.label, new=new.label, changes=changes))
    return EXIT_OK


def _renderer(result: CheckResult) -> CorpusRenderer:
    return CorpusRenderer(result.corpus, result.context.config)


def _pictures_as_released(html: str, release: Release, shown_from: str, config: Config, into: Path) -> str:
    """A folder holding every picture `html` shows as the version showed it (`pictures_as_released`: `html` is
    `release`'s body rendered from `shown_from`) — or today's file where git holds none — for the copy writers to
    read (their `assets_root`)."""
    for path, picture in pictures_as_released(html, release, shown_from, config.manuals_path).items():
        relative = unescape(path)  # the path as the copy writers read the src (no fragment: RELEASED_IMAGE)
        target = (into / relative).resolve()
        data = picture.then if picture.then is not None else picture.today()
        if data is None or not relative or not target.is_relative_to(into.resolve()):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return str(into)


def _cmd_copy(args: argparse.Namespace) -> int:
    from .acts.issuance import COPY_WRITERS

    config = load_config(find_root(Path(args.path)))
    fmt = _out_format(args.out, args.format, ("docx", "pdf"))
    version = asked(args.version)
    result = check(config)
    _note(result)
    # an id or version the project does not have is a refusal (exit 1) that says why, as redline says it
    kind, item = target(result, args.id)
    if kind == "manual":
        raise UsageError(t("hist.no_manual_copy"))  # the command does not do this for any manual
    found = released(result, kind, item)
    current = str(getattr(item, "version", "") or "")
    release = latest(found, version)
    if release is None:
        known = t("list.separator").join(r.version for r in found) or t("hist.none")
        raise RedlineError(t("hist.no_version", id=item.id, version=args.version, known=known)
                         + (t("hist.because", note=result.context.history.note) if result.context.history.note else ""))
    successor = replaced_by(found, release, item)
    is_current = release is found[-1] and release.version == current
    renderer = _renderer(result)
    job: CopyJob
    with tempfile.TemporaryDirectory(prefix="qmsdoc-pictures-") as pictures:
        if isinstance(item, Document):
            old = dataclasses.replace(release.document, manual=item.manual)
            html = renderer.text(release.body, item.path).html
            pictures_root = _pictures_as_released(html, release, renderer.inside_manuals(item.path), config,
                                                  Path(pictures))
            job = document_job(old, html, config.organisation, pictures_root)
            if not is_current:
                job = dataclasses.replace(job, superseded=successor,
                                          notice=superseded_notice(release.version, successor))
        else:
            assert isinstance(item, Form)
            owner = result.corpus.documents.get(item.owner or "")
            job = form_job(form_from(release.source, release.data), owner, config.organisation)
            if not is_current:
                job = dataclasses.replace(job, superseded=successor,
                                          notice=superseded_notice(release.version, successor))
        data = COPY_WRITERS[fmt].write(job)
    out = Path(args.out) if args.out else Path.cwd() / (
        f"{file_stem(item.id)}-{release.version.replace('/', '-')}.{fmt}")
    _write_new(out, data, config)
    state = latest_label(item) if is_current else t("hist.earlier_state", replaced=successor)
    print(t("hist.copy_done", id=item.id, version=release.version, path=out, state=state))
    return EXIT_OK


def _cmd_register(args: argparse.Namespace) -> int:
    from .records.asof import as_csv, as_xlsx, register_as_of

    config = load_config(find_root(Path(args.path)))
    try:
        day = iso_date(args.as_of)
    except ValueError as exc:
        raise UsageError(t("cli.date_invalid", value=repr(args.as_of))) from exc
    if day > config.today:  # what will be in force is not a record: releases and withdrawals may still come
        raise UsageError(t("hist.as_of_future", day=day, today=config.today))
    fmt = _out_format(args.out, args.format, ("xlsx", "csv"))
    result = check(config)
    _note(result)
    register = register_as_of(result.corpus, result.context.history, day)
    data = as_xlsx(register) if fmt == "xlsx" else as_csv(register)
    out = Path(args.out) if args.out else Path.cwd() / t("hist.register_file", day=day.isoformat(), format=fmt)
    _write_new(out, data, config)
    print(t("hist.register_done", day=day, path=out, count=len(register.rows), left=len(register.left_out)))
    return EXIT_OK


def register(commands: argparse._SubParsersAction[Parser]) -> None:
    red = commands.add_parser("redline", help=t("cli.redline"))
    red.add_argument("id", help=t("cli.redline.id"))
    red.add_argument("--from", dest="old", help=t("cli.redline.from"))
    red.add_argument("--to", dest="new", help=t("cli.redline.to"))
    red.add_argument("--out", help=t("cli.redline.out"))
    red.add_argument("--path", default=".")
    red.set_defaults(run=_cmd_redline)

    cp = commands.add_parser("copy", help=t("cli.copy"))
    cp.add_argument("id", help=t("cli.copy.id"))
    cp.add_argument("--version", required=True, help=t("cli.copy.version"))
    cp.add_argument("--format", choices=("docx", "pdf"), help=t("cli.copy.format"))
    cp.add_argument("--out", help=t("cli.copy.out"))
    cp.add_argument("--path", default=".")
    cp.set_defaults(run=_cmd_copy)

    reg = commands.add_parser("register", help=t("cli.register"))
    reg.add_argument("--as-of", required=True, help=t("cli.register.as_of"))
    reg.add_argument("--format", choices=("csv", "xlsx"), help=t("cli.register.format"))
    reg.add_argument("--out", help=t("cli.register.out"))
    reg.add_argument("--path", default=".")
    reg.set_defaults(run=_cmd_register)
