"""`qmsdoc import FILE… --manual ID [--pattern REGEX] [--lines A-B,…] [--dry-run]`: the subcommand and its handler."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

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
        print(f"找不到文件：{'、'.join(missing)}", file=sys.stderr)
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
    cmd = commands.add_parser("import", help="把现有 Word/文本手册导入为草稿文件和表单草稿")
    cmd.add_argument("files", nargs="+", metavar="FILE", help=".docx 或文本文件（UTF-8/GB18030）")
    cmd.add_argument("--manual", required=True, help="导入到哪本手册（编号，如 QP-02；不存在则新建）")
    cmd.add_argument("--pattern", help="新手册的文件编号规则（正则），默认由导入的编号推出")
    cmd.add_argument("--title", help="新手册的标题")
    cmd.add_argument("--lines", help="只导入文本文件的这些行（如 56-57 或 187-188,192-227）：一个文件含几本手册时用；"
                                     "报告和草稿仍写原文件的行号")
    cmd.add_argument("--dry-run", action="store_true", help="只显示将写入的文件和报告，不写入")
    cmd.add_argument("--path", default=".", help="项目目录（含 qmsdoc.yml）")
    cmd.set_defaults(run=run)
