"""Every value option of every command, given hostile text — empty, 10,000 characters, a NUL, a line break, a path
out of the project, impossible dates, an id with a space and a slash — with an id the project does not have: a
refusal in the project's language (exit 1 or 2, its word and its rule code before the message), never a traceback
(run_cli lets an exception escape main), and nothing written into the project."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from conftest import Project, copy_project, run_cli

HOSTILE = {"empty": "", "long": "x" * 10_000, "nul": "a\x00b", "newline": "a\nb", "traversal": "../../etc",
           "feb30": "2026-02-30", "year99999": "99999-01-01", "id-space-slash": "QP 02/03"}
POSITIONAL = {"id": ["QP-99-99"], "ids": ["QP-99-99"], "numbers": ["QP-99-99-C01"], "file": ["nothing.docx"],
              "files": ["nothing.docx"], "project": ["."]}
SKIPPED = {"serve"}  # starts a server on a value it accepts
PREFIXES = ("用法错误：", "配置错误：", "未完成：", "无法修改源文件：", "文件系统错误：")
# every refusal but the file system's (an OSError's reason, no rule of qmsdoc's) names its code after its word
CODED = re.compile(r"(?:用法错误|配置错误|未完成|无法修改源文件)：QD\d{3} |文件系统错误：")


def _cases() -> list[tuple[str, str, list[str]]]:
    from qmsdoc.cli import build_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    cases = []
    for name, parser in commands.choices.items():
        if name in SKIPPED:
            continue
        positional = [v for a in parser._actions if not a.option_strings for v in POSITIONAL.get(a.dest, [])]
        for action in parser._actions:
            option = action.option_strings[-1] if action.option_strings else None
            if option is None or action.nargs == 0 or option in ("--help", "--path"):
                continue
            cases.append((name, option, positional))
    return cases


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(tmp_path_factory.mktemp("fuzz") / "project")


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file() and "build" not in p.relative_to(root).parts}


def _params() -> list[object]:
    return [pytest.param(command, option, positional, value, id=f"{command}{option}-{name}")
            for command, option, positional in _cases() for name, value in HOSTILE.items()]


@pytest.mark.parametrize(("command", "option", "positional", "value"), _params())
def test_a_hostile_option_value_is_refused_cleanly(shared: Project, command: str, option: str, positional: list[str],
                                                   value: str) -> None:
    before = _tree(shared.root)
    result = run_cli(command, *positional, option, value, cwd=shared.root)
    assert result.returncode in (1, 2), (result.returncode, result.stdout[-300:], result.stderr[-300:])
    said = [line for line in result.stderr.splitlines() if not line.startswith("· ")]  # progress lines aside
    assert "Traceback" not in result.stderr and said and said[0].startswith(PREFIXES), result.stderr[:300]
    assert CODED.match(said[0]), result.stderr[:300]
    assert len(result.stderr) < 2_000, result.stderr[:300]  # named, not echoed whole
    assert _tree(shared.root) == before
