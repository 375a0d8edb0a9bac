"""Hostile input against recall (the hostile audit): a copy number the distribution register holds on two lines —
twice, however spelt, or once more on a line it cannot read — is refused by recall and recall --void, nothing
written, rather than recorded on whichever line came first."""


from __future__ import annotations

import pytest

from conftest import CliRun, Project, configure, run_cli

SHA = "a" * 64
FIRST = "{number: QP-02-03-A/1-001, document: QP-02-03, version: A/1, recipient: 客服部, " \
        f"date: 2026-03-01, issued_by: 文控员, format: docx, sha256: {SHA}}}"
OTHER = FIRST.replace("A/1-001", "A/1-003")
AGAIN = {
    "twice": FIRST.replace("客服部", "人事部"),
    "unreadable": FIRST.replace("2026-03-01", "2026-02-30"),
    "incomplete": "{number: QP-02-03-A/1-001, document: QP-02-03}",
    "typed": FIRST.replace("QP-02-03-A/1-001", "qp-02-03-a/1-001"),
    "spelt": FIRST.replace("QP-02-03", "QP－02－03"),
}


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def _register(project: Project, *lines: str) -> str:
    text = "copies:\n" + "".join(f"  - {line}\n" for line in lines)
    project.write("distribution.yaml", text)
    return text


@pytest.mark.parametrize("again", sorted(AGAIN))
@pytest.mark.parametrize("void", [(), ("--void", "遗失")], ids=["return", "void"])
def test_a_copy_number_on_two_lines_is_not_recalled(project: Project, again: str, void: tuple[str, ...]) -> None:
    before = _register(project, FIRST, AGAIN[again])
    result = qmsdoc(project, "recall", "QP-02-03-A/1-001", "--date", "2026-03-02", *void)
    assert result.returncode == 1, result
    assert "第 3 行" in result.stderr and "请先改正 distribution.yaml" in result.stderr, result.stderr
    assert project.read("distribution.yaml") == before


def test_another_copy_of_a_register_with_a_duplicate_is_recalled(project: Project) -> None:
    _register(project, FIRST, AGAIN["twice"], OTHER)
    result = qmsdoc(project, "recall", "QP-02-03-A/1-003", "--date", "2026-03-02")
    assert result.returncode == 0, result
    assert "returned: 2026-03-02" in project.read("distribution.yaml").splitlines()[3]


def test_a_copy_number_registered_once_is_recalled(project: Project) -> None:
    _register(project, FIRST, OTHER)
    result = qmsdoc(project, "recall", "QP-02-03-A/1-001", "--date", "2026-03-02")
    assert result.returncode == 0, result
    assert "returned: 2026-03-02" in project.read("distribution.yaml").splitlines()[1]


def test_a_copy_number_on_two_lines_is_refused_in_english(project: Project) -> None:
    configure(project, language="en")
    _register(project, FIRST, AGAIN["twice"])
    result = qmsdoc(project, "recall", "QP-02-03-A/1-001", "--date", "2026-03-02")
    assert result.returncode == 1, result
    assert "also written on line 3 of distribution.yaml" in result.stderr, result.stderr
