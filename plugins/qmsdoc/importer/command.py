"""`qmsdoc import FILE… --manual ID [--pattern REGEX] [--lines A-B,…] [--dry-run]`: the subcommand and its handler."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from ..cliparser import title_argument
from ..core.codes import pattern_problem
from ..core.errors import IMPORT_REFUSED, QmsdocError, UsageError, echoed
from ..core.findings import seen_from_here, suggested
from ..core.i18n import join, t

EXIT_OK = 0
MANUAL_ID = re.compile(r"[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a][\w/\-－—]{0,39}")


def run(args: argparse.Namespace) -> int:
    # Imported here so that every other qmsdoc command starts without loading python-docx.
    from ..core import find_root, load_config
    from .blocks import Note
    from .md_reader import is_markdown
    from .plan import picture_files, plan_import
    from .report import render
    from .text_reader import parse_ranges
    from .writer import existing, planned_files, write_all

    config = load_config(find_root(Path(args.path)))
    paths = [Path(p) for p in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        others = [p for p in missing if os.path.lexists(p)]  # there, but a folder, pipe or device
        said = [t("import.not_regular_file", paths=join(others))] if others else []
        if len(others) < len(missing):
            said.append(t("import.file_not_found", paths=join([p for p in missing if p not in others])))
        raise UsageError(t("act.sep").join(said))
    if not MANUAL_ID.fullmatch(args.manual.strip()):
        raise UsageError(t("import.manual_invalid", manual=echoed(args.manual)))
    # the one judgement of a numbering pattern (core/codes.py): a broken one, and one that backtracks for minutes
    # on a near-miss (QD010 once written into the new manual's index.md, after the import), refused before
    problem = pattern_problem(args.pattern) if args.pattern is not None else None
    if problem is not None:
        raise UsageError(t("load.QD010", pattern=f"--pattern {args.pattern}", problem=problem))
    only = None
    if args.lines is not None:
        only = parse_ranges(args.lines)
        if only is None:
            raise UsageError(t("import.lines_invalid", lines=echoed(args.lines)))
        if any(p.suffix.lower() == ".docx" for p in paths):
            raise UsageError(t("import.lines_docx"))
        if any(is_markdown(p) for p in paths):
            raise UsageError(t("import.lines_markdown"))
    plan = plan_import(config, paths, args.manual, args.pattern, args.title, only)
    if plan.errors:
        for error in plan.errors:
            print(error, file=sys.stderr)
        raise QmsdocError(t("import.not_done"), code=IMPORT_REFUSED)
    if not plan.drafts and not plan.forms:  # an empty or unrecognised file: no manual page made for nothing
        for note in sorted(plan.notes, key=lambda n: (n.path, n.line)):
            print(note.format(), file=sys.stderr)
        raise QmsdocError(t("import.nothing_found"), code=IMPORT_REFUSED)
    files = planned_files(config, plan)
    for path, text in files:  # a page check will not even read (QD006): said now, with check's code and message
        if (size := len(text.encode("utf-8"))) > config.max_file_bytes:
            plan.notes.append(Note(seen_from_here(_relative(path, config.root), to_be=True), 0,
                                   f"QD006 {t('load.QD006', size=size, limit=config.max_file_bytes)}"))
    pictures = picture_files(plan)
    taken = existing([*files, *pictures])  # a picture file of that name too: never overwritten
    if taken:
        for path in taken:
            print(t("import.exists", path=path), file=sys.stderr)
        raise QmsdocError(t("import.not_done_exists"), code=IMPORT_REFUSED)
    shown = [_relative(path, config.root) for path, _ in files]
    folders: dict[str, int] = {}  # each folder written to, with its number of pictures
    for path, _ in pictures:
        folders[_relative(path.parent, config.root)] = folders.get(_relative(path.parent, config.root), 0) + 1
    if args.dry_run:
        print(suggested(render(plan, [seen_from_here(path, to_be=True) for path in shown], dry_run=True,
                               pictures={seen_from_here(f, to_be=True): n for f, n in folders.items()})))
        return EXIT_OK
    errors = write_all([*files, *pictures])
    if errors:  # no "已写入" report over files the failed import removed again
        for error in errors:
            print(error, file=sys.stderr)
        raise QmsdocError(t("import.not_done"), code=IMPORT_REFUSED)
    # named as found from the folder the command runs in
    print(suggested(render(plan, [seen_from_here(path) for path in shown], dry_run=False,
                           pictures={seen_from_here(folder): count for folder, count in folders.items()})))
    return EXIT_OK


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `import` to the `qmsdoc` subcommands."""
    cmd = commands.add_parser("import", help=t("cli.import"))
    cmd.add_argument("files", nargs="+", metavar="FILE", help=t("cli.import.files"))
    cmd.add_argument("--manual", required=True, help=t("cli.import.manual"))
    cmd.add_argument("--pattern", help=t("cli.import.pattern"))
    cmd.add_argument("--title", type=title_argument, help=t("cli.import.title"))
    cmd.add_argument("--lines", help=t("cli.import.lines"))
    cmd.add_argument("--dry-run", action="store_true", help=t("cli.import.dry_run"))
    cmd.path_option()
    cmd.set_defaults(run=run)
