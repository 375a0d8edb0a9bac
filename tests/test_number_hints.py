"""A number that names nothing is refused with the project's number it was meant as: the same letters and digits
with other separators (QP 02 03, qp0203) or the closest spelling, in every command that looks a number up."""

from __future__ import annotations

import pytest

from conftest import Project, run_cli

TYPED_AS = {  # how people type QP-02-03 from a printed copy or a spoken reference
    "spaces": "QP 02 03",
    "no separators": "qp0203",
    "full-width": "ＱＰ０２０３",
    "slashes": "QP/02/03",
}
COMMANDS = {  # a command per path that looks numbers up
    "issue": ("issue", "{code}", "--to", "客服部"),
    "redline": ("redline", "{code}"),
    "copy": ("copy", "{code}", "--version", "A/0"),
    "docx": ("docx", "{code}"),
    "release": ("release", "{code}", "--by", "总经理", "--change", "改"),
    "revise": ("revise", "{code}", "--by", "张三"),
    "acknowledge": ("acknowledge", "{code}", "--by", "张三", "--department", "客服部"),
    "acknowledgements": ("acknowledgements", "{code}"),
    "baseline": ("baseline", "{code}", "--by", "总经理"),
}


@pytest.mark.parametrize("typed", list(TYPED_AS.values()), ids=list(TYPED_AS))
def test_a_number_typed_with_other_separators_is_answered_with_the_projects(project: Project, typed: str) -> None:
    result = run_cli("issue", typed, "--to", "客服部", cwd=project.root)
    assert result.returncode == 1
    assert "是不是 QP-02-03" in result.stderr, result.stderr


@pytest.mark.parametrize("command", list(COMMANDS.values()), ids=list(COMMANDS))
def test_every_command_that_looks_a_number_up_names_the_one_meant(project: Project, command: tuple[str, ...]) -> None:
    result = run_cli(*(part.format(code="QP 02 03") for part in command), cwd=project.root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "QP-02-03" in result.stderr, result.stderr


def test_a_misspelt_successor_is_answered_with_the_one_meant(project: Project) -> None:
    result = run_cli("obsolete", "QP-02-03", "--superseded-by", "QP0301", "--by", "总经理", cwd=project.root)
    assert result.returncode == 1
    assert "是不是 QP-03-01" in result.stderr, result.stderr


def test_a_close_spelling_is_offered_when_no_number_has_the_same_characters(project: Project) -> None:
    result = run_cli("issue", "QP-2-3", "--to", "客服部", cwd=project.root)
    assert "是不是 QP-02-03" in result.stderr, result.stderr


@pytest.mark.parametrize("typed", ["ZZ-99-99", "QP-09-99"])
def test_a_number_close_to_none_gets_no_guess(project: Project, typed: str) -> None:
    result = run_cli("issue", typed, "--to", "客服部", cwd=project.root)
    assert result.returncode == 1 and f"找不到编号 {typed}：" in result.stderr, result.stderr
    assert "是不是" not in result.stderr


def test_a_successor_that_exists_but_is_not_current_gets_no_guess(project: Project) -> None:
    result = run_cli("obsolete", "QP-02-03", "--superseded-by", "QP-02-04", "--by", "总经理", cwd=project.root)
    assert result.returncode == 1 and "QP-02-04" in result.stderr
    assert "是不是" not in result.stderr, result.stderr


def test_the_hint_is_in_the_projects_language(project: Project) -> None:
    project.write("qmsdoc.yml", "language: en\n" + project.read("qmsdoc.yml"))  # the shipped headings kept
    result = run_cli("issue", "QP 02 03", "--to", "客服部", cwd=project.root)
    assert "(did you mean QP-02-03?)" in result.stderr, result.stderr
