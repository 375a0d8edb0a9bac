"""`qmsdoc import FILE… --manual ID [--pattern REGEX] [--lines A-B,…] [--dry-run]`: the subcommand and its handler."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from ..core.i18n import t

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
MANUAL_ID = re.compile(r"[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a][\w/\-－—]{0,39}")


def run(args: argparse.Namespace) -> int:
    # Imported here so that every other qmsdoc command starts without loading python-docx.
    from ..core import find_root, load_config
    from .plan import plan_import
    from .report import render
    from .text_reader import parse_ranges
    from .writer import existing, planned_files, write_all

    config = load_config(find_root(Path(args.path)))
    paths = [Path(p) for p in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        others = [p for p in missing if os.path.lexists(p)]  # there, but a folder, pipe or device
        if others:
            print(f"不是普通文件（是文件夹、管道、设备或失效的链接）：{'、'.join(others)}：请指定 Word 或文本文件",
                  file=sys.stderr)
        if len(others) < len(missing):
            print(f"找不到文件：{'、'.join(p for p in missing if p not in others)}", file=sys.stderr)
        return EXIT_USAGE
    if not MANUAL_ID.fullmatch(args.manual.strip()):
        print(f"手册编号 {args.manual!r} 无效：应为字母、数字和 - / _ 组成的编号，如 QP-02", file=sys.stderr)
        return EXIT_USAGE
    if args.pattern is not None:
        try:
            re.compile(args.pattern)
        except re.error as exc:
            print(f"编号规则 --pattern {args.pattern!r} 不是有效的正则表达式：{exc}", file=sys.stderr)
            return EXIT_USAGE
    only = None
    if args.lines is not None:
        only = parse_ranges(args.lines)
        if only is None:
            print(f"--lines {args.lines!r} 无效：应为递增的行号范围，如 56-57 或 187-188,192-227", file=sys.stderr)
            return EXIT_USAGE
        if any(p.suffix.lower() == ".docx" for p in paths):
            print("--lines 只适用于文本文件：Word 文件请按「标题 1」拆分，或另存需要的部分", file=sys.stderr)
            return EXIT_USAGE
    plan = plan_import(config, paths, args.manual, args.pattern, args.title, only)
    if plan.errors:
        for error in plan.errors:
            print(error, file=sys.stderr)
        print("导入未完成：没有写入任何文件", file=sys.stderr)
        return EXIT_PROBLEMS
    if not plan.drafts and not plan.forms:  # an empty or unrecognised file: no manual page made for nothing
        for note in sorted(plan.notes, key=lambda n: (n.path, n.line)):
            print(note.format(), file=sys.stderr)
        print("导入未完成：没有可导入的文件或表单，没有写入任何文件", file=sys.stderr)
        return EXIT_PROBLEMS
    files = planned_files(config, plan)
    taken = existing(files)
    if taken:
        for path in taken:
            print(f"{path} 已存在：不会覆盖已有文件", file=sys.stderr)
        print("导入未完成：没有写入任何文件（请换一个手册编号，或先移走这些文件）", file=sys.stderr)
        return EXIT_PROBLEMS
    shown = [_relative(path, config.root) for path, _ in files]
    if args.dry_run:
        print(render(plan, shown, dry_run=True))
        return EXIT_OK
    errors = write_all(files)
    print(render(plan, shown, dry_run=False))
    for error in errors:
        print(error, file=sys.stderr)
    return EXIT_PROBLEMS if errors else EXIT_OK


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
    cmd.add_argument("--title", help=t("cli.import.title"))
    cmd.add_argument("--lines", help=t("cli.import.lines"))
    cmd.add_argument("--dry-run", action="store_true", help=t("cli.import.dry_run"))
    cmd.add_argument("--path", default=".", help=t("cli.path"))
    cmd.set_defaults(run=run)
