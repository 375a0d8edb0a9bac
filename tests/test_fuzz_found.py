"""What fuzzing the project's inputs found: each input once raised a traceback; now it is refused with a message at
its file:line and the exit code of its kind (1 a source's finding, 2 the configuration)."""

from __future__ import annotations

import pytest

from conftest import Project, run_cli

DOC = "manuals/qp-hr/QP-02-01.md"


def set_line(project: Project, path: str, key: str, value: str) -> int:
    """`key: value` written over the line that sets `key` in `path`; the line's number."""
    line = project.line_of(path, f"{key}:")
    lines = project.read(path).split("\n")
    lines[line - 1] = f"{key}: {value}"
    project.write(path, "\n".join(lines))
    return line


@pytest.mark.parametrize("value", ["!!int twelve", "!!int 0x", "!!bool maybe", "!!timestamp 2026-02-30"])
def test_a_tag_the_value_does_not_fit_is_a_configuration_error(project: Project, value: str) -> None:
    line = set_line(project, "qmsdoc.yml", "review_months", value)
    done = run_cli("check", cwd=project.root)
    assert done.returncode == 2, done
    assert f"qmsdoc.yml:{line}" in done.stderr and value.split()[0] in done.stderr, done.stderr


def test_a_tag_the_value_does_not_fit_is_a_finding_at_its_line(project: Project) -> None:
    line = set_line(project, DOC, "review_months", "!!int twenty")
    done = run_cli("check", cwd=project.root)
    assert done.returncode == 1, done
    assert any(f"{DOC}:{line}" in said and "QD004" in said and "!!int" in said
               for said in done.stdout.splitlines()), done.stdout


def test_a_tag_the_value_fits_is_read_as_its_value(project: Project) -> None:
    set_line(project, "qmsdoc.yml", "review_months", "!!int 12")
    done = run_cli("check", cwd=project.root)
    assert done.returncode == 0, done
    assert "!!int" not in done.stdout + done.stderr
