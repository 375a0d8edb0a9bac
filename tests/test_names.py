"""People are names (#33): every person or department value — 编制/审核/批准, 修订记录 and review `by`, the
withdrawing approver, departments, a manual's owner, the distribution register's recipients — is one line of
printable text within a length limit. The commands refuse anything else before writing; `check` reports
QD017 at the line (QD210 in the register)."""

from __future__ import annotations

import pytest

from qmsdoc.core.findings import shown

from conftest import Project, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"
MANUAL = "manuals/qp-hr/index.md"
FORM = "controlled_forms/QP-02-03-F001.yaml"
HOSTILE = ["总经理\n---\n<script>alert(1)</script>", "<b>总经理</b>", "<img src=x onerror=alert(1)>", "总经理\x1b[2J",
           "总\u2028经理", "---", "总" * 65, " ", "总经理\t"]


def _refused(value: str, stderr: str) -> bool:
    """Refused for what is wrong with it: a control character or a blank value by the command line itself, for
    every option alike (cliparser.py); anything else as not a person's name."""
    if any(shown(c) != c for c in value):
        return "控制字符" in stderr
    return ("为空" if not value.strip() else "人名") in stderr


def _check(project: Project) -> str:
    return run_cli("check", cwd=project.root).stdout


@pytest.mark.parametrize("value", HOSTILE)
def test_release_by_a_name_that_is_not_a_name_is_refused_and_writes_nothing(project: Project, value: str) -> None:
    before = project.read("manuals/qp-hr/QP-02-04.md")
    result = run_cli("release", "QP-02-04", f"--by={value}", "--reviewed-by", "经理", "--change", "改",
                     cwd=project.root)
    assert result.returncode == 2 and _refused(value, result.stderr), result.stderr
    assert project.read("manuals/qp-hr/QP-02-04.md") == before


@pytest.mark.parametrize("args", [["review", "QP-02-03", "--by", "{v}"],
                                  ["baseline", "--by", "{v}"],
                                  ["new", "--manual", "QP-02", "--title", "新规程", "--department", "{v}",
                                   "--by", "质量专员"],
                                  ["issue", "QP-03-02", "--to", "{v}"],
                                  ["issue", "QP-03-02", "--to", "客服部", "--by", "{v}"],
                                  ["recall", "QP-03-02-A/0-001", "--by", "{v}"],
                                  ["obsolete", "QP-02-03", "--superseded-by", "QP-02-04", "--by", "{v}"],
                                  ["release", "QP-02-04", "--by", "总经理", "--reviewed-by", "{v}", "--change", "改"]])
def test_every_command_refuses_a_person_that_is_not_a_name(project: Project, args: list[str]) -> None:
    before = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    for value in ("经理\n<script>x</script>", "<script>x</script>"):
        result = run_cli(*[a.format(v=value) for a in args], cwd=project.root)
        assert result.returncode == 2 and _refused(value, result.stderr), result.stdout + result.stderr
    assert {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(("path", "old", "new", "needle"), [
    (DOC, "approved: {by: 总经理", 'approved: {by: "总经理\\n---\\n<script>alert(1)</script>"', "approved:"),
    (DOC, "prepared: {by: ", 'prepared: {by: "<b>x</b>", x: ', "prepared:"),
    (DOC, "department: 管家服务中心", 'department: "管家\\u0007中心"', "department:"),
    (MANUAL, "owner: 行政人事部", "owner: '---'", "owner:"),
    (FORM, "approved: {by: 总经理", 'approved: {by: "总经理\\r\\n总经理"', "approved:"),
])
def test_check_reports_a_person_that_is_not_a_name_at_its_line(project: Project, path: str, old: str, new: str,
                                                                needle: str) -> None:
    project.replace(path, old, new.replace(", x: ", ", "))
    out = _check(project)
    assert f"{path}:{project.line_of(path, needle)}: error QD017 " in out, out


def test_history_by_is_a_name(project: Project) -> None:
    text = project.read(DOC)
    assert "by: 质量专员" in text
    project.write(DOC, text.replace("by: 质量专员", "by: '<script>x</script>'", 1))
    assert f"{DOC}:{project.line_of(DOC, '<script>x</script>')}: error QD017 " in _check(project)


def test_register_recipient_is_a_name(project: Project) -> None:
    assert run_cli("issue", "QP-03-02", "--to", "客服部", cwd=project.root).returncode == 0
    project.replace("distribution.yaml", "客服部", "'客服部<script>alert(1)</script>'")
    out = _check(project)
    assert "distribution.yaml:" in out and "QD210" in out and "领用部门" in out, out


def test_ordinary_names_are_quiet(project: Project) -> None:
    project.replace(DOC, "department: 管家服务中心", "department: Customer Service (B-2) & 客服部")
    project.restamp(DOC)
    assert "QD017" not in _check(project)


def test_an_empty_name_is_said_once(project: Project) -> None:
    """An empty `department` or approval `by` is the schema's 不能为空 (QD004): one finding for one mistake, not a
    second QD017 on the same line. An empty 修订记录 `by` (no schema minimum) is still QD017's."""
    project.replace(DOC, "department: 管家服务中心", "department: ''")
    out = _check(project)
    line = project.line_of(DOC, "department: ''")
    assert f"{DOC}:{line}: error QD004 " in out and f"{DOC}:{line}: error QD017 " not in out, out
    text = project.read(DOC)
    text = text.replace("department: ''", "department: 管家服务中心")
    project.write(DOC, text.replace("by: 质量专员, change: 首次发布", "by: '', change: 首次发布"))
    out = _check(project)
    line = project.line_of(DOC, "by: '', change")
    assert f"{DOC}:{line}: error QD017 " in out, out
