"""`qmsdoc obsolete` and the forms that name the withdrawn document as their owner: they go out of use with it, and
a document still in force that lists one is QD155's warning. The command said neither: the first word of it was
check's warning after the withdrawal was committed. It now names the forms withdrawn with their owner and warns at
each listing, in QD155's words — the rule's own finding, not a second judgement."""

from __future__ import annotations

import pytest

from conftest import Project, run_cli

LISTING = "manuals/qp-service/QP-03-01.md"  # lists QP-03-05-F001, the form QP-03-05 owns


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")


def test_withdrawing_an_owner_warns_where_a_document_in_force_lists_its_form(project: Project) -> None:
    line = project.line_of(LISTING, "[[QP-03-05-F001]]")
    done = run_cli("obsolete", "QP-03-05", "--superseded-by", "QP-03-04", "--by", "总经理", "--reason", "合并",
                   "--update-references", cwd=project.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "以 QP-03-05 为归口文件的表单 QP-03-05-F001 随之作废" in done.stdout
    assert "现行文件中仍有 1 处列出随 QP-03-05 作废的表单" in done.stdout
    warned = [shown for shown in done.stdout.splitlines() if "QD155" in shown]
    assert len(warned) == 2  # the summary names the code once; the one listing is shown at its line
    assert f"{LISTING}:{line}: warning QD155" in warned[1] and "QP-03-05-F001" in warned[1]


def test_withdrawing_an_owner_whose_forms_no_document_in_force_lists_only_names_them(project: Project) -> None:
    done = run_cli("obsolete", "QP-02-03", "--no-successor", "--by", "总经理", "--reason", "岗位调整",
                   cwd=project.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "以 QP-02-03 为归口文件的表单 QP-02-03-F001、QP-02-03-F002、QP-02-03-F003 随之作废" in done.stdout
    assert "QD155" not in done.stdout and "注意" not in done.stdout

