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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qmsdoc", description="ISO 9000 受控文件编译器")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="检查全部受控文件与表单")
    check_cmd.add_argument("path", nargs="?", default=".", help="项目目录（含 qmsdoc.yml）")
    check_cmd.add_argument("--format", choices=("text", "json"), default="text")
    check_cmd.set_defaults(run=_cmd_check)
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
