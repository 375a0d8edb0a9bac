"""A date is read by one parser (core/days.typed_day) wherever it is typed: `register --as-of 2025/6/1` takes the
day it means, and `effective_date: 2025/6/1` in front matter is read by the same parser to name that day. The
record itself is written YYYY-MM-DD (it sorts and compares as written, as every act writes it), so there the form
is refused naming the day meant (`应写作 2025-06-01`), as a version `a/0` is refused naming `A/0`; before, the
front matter said only "not a valid date" of a day the command line had just accepted."""

from __future__ import annotations

import re

from conftest import Project, run_cli

DOC = "manuals/qp-hr/QP-02-04.md"


def _set_effective(project: Project, value: str) -> None:
    text = project.read(DOC)
    project.write(DOC, re.sub(r"(?m)^effective_date: .*$", f"effective_date: {value}", text, count=1))


def test_a_typed_day_in_front_matter_is_told_as_the_day_it_means(project: Project) -> None:
    _set_effective(project, '"2025/6/1"')
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 1, result
    [line] = [line for line in result.stdout.splitlines() if "effective_date" in line]
    assert "QP-02-04.md:" in line and "应写作 2025-06-01" in line, line


def test_a_day_no_parser_reads_is_told_how_to_write_a_date(project: Project) -> None:
    _set_effective(project, '"2025/13/45"')
    result = run_cli("check", cwd=project.root)
    [line] = [line for line in result.stdout.splitlines() if "effective_date" in line]
    assert "应写作" not in line and "2024-03-01" in line, line


def test_the_command_line_reads_the_same_typed_day(repo: Project) -> None:
    typed = run_cli("register", "--as-of", "2025/6/1", "--out", "typed.xlsx", cwd=repo.root)
    iso = run_cli("register", "--as-of", "2025-06-01", "--out", "iso.xlsx", cwd=repo.root)
    assert typed.returncode == iso.returncode == 0, (typed, iso)
    assert "2025-06-01" in typed.stdout and typed.stdout.replace("typed.xlsx", "iso.xlsx") == iso.stdout
