"""The `qmsdoc` command line. Exit codes: 0 clean, 1 content errors, 2 usage or configuration error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .core import ConfigError, check, find_root, load_config
from .core.findings import summary, to_json

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _cmd_check(args: argparse.Namespace) -> int:
    config = load_config(find_root(Path(args.path)))
    result = check(config)
    if args.format == "json":
        print(to_json(result.findings))
    else:
        for finding in result.findings:
            print(finding.format())
        print(summary(result.findings))
    return EXIT_OK if result.ok else EXIT_FINDINGS


def _cmd_docx(args: argparse.Namespace) -> int:
    from .core.codes import normalise
    from .core.render import CorpusRenderer
    from .word.export import plan_export, write_files

    config = load_config(find_root(Path(args.path)))
    result = check(config)
    errors = [f for f in result.findings if f.severity.value == "error"]
    if errors:
        for finding in errors:
            print(finding.format())
        print(summary(result.findings))
        print("存在错误，未导出 Word 文件：请先修正以上问题", file=sys.stderr)
        return EXIT_FINDINGS
    wanted = [normalise(i) for i in args.ids] or None
    if wanted:
        manuals = {m.id for m in result.corpus.manuals}
        unknown = [i for i in wanted if result.corpus.lookup(i) is None and i not in manuals]
        if unknown:
            print(f"找不到这些编号：{'、'.join(unknown)}", file=sys.stderr)
            return EXIT_USAGE
    plan = plan_export(result, CorpusRenderer(result.corpus), config.organisation, wanted)
    out_dir = Path(args.out) if args.out else config.build_path / "docx"
    written = write_files(plan, out_dir, workers=args.jobs, progress=sys.stderr.isatty() or args.progress)
    print(f"已导出 {len(written)} 个 Word 文件到 {out_dir}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qmsdoc", description="ISO 9000 受控文件编译器")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="检查全部受控文件与表单")
    check_cmd.add_argument("path", nargs="?", default=".", help="项目目录（含 qmsdoc.yml）")
    check_cmd.add_argument("--format", choices=("text", "json"), default="text")
    check_cmd.set_defaults(run=_cmd_check)
    docx_cmd = commands.add_parser("docx", help="导出 Word 受控副本、空白表单和整本手册")
    docx_cmd.add_argument("ids", nargs="*", help="只导出这些文件/表单/手册编号（默认全部）")
    docx_cmd.add_argument("--path", default=".", help="项目目录（含 qmsdoc.yml）")
    docx_cmd.add_argument("--out", help="输出目录（默认 build/docx）")
    docx_cmd.add_argument("--jobs", type=int, default=None, help="并行进程数（默认 CPU 核数）")
    docx_cmd.add_argument("--progress", action="store_true", help="显示进度")
    docx_cmd.set_defaults(run=_cmd_docx)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.run(args))
    except ConfigError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
