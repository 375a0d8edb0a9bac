"""`qmsdoc acknowledgements` of a manual's number (its index page, whose `acknowledge` list its documents inherit)
or of a blank form's said 「找不到文件编号 KF」 — false, the number is there — while `qmsdoc acknowledge` of the
same number said what it is and where acknowledgements are kept instead: both now say the same."""

from __future__ import annotations

from conftest import Project, run_cli


def test_the_query_of_a_manuals_number_says_it_is_a_manual_as_acknowledge_does(project: Project) -> None:
    asked = run_cli("acknowledgements", "KF", cwd=project.root)
    recorded = run_cli("acknowledge", "KF", "--by", "张三", "--department", "客服部", cwd=project.root)
    assert asked.returncode == recorded.returncode == 1, (asked, recorded)
    assert "KF 是手册编号，不是文件" in asked.stderr and "找不到" not in asked.stderr, asked
    # one message; the code says the kind of refusal: a query's (QD330), the act's (QD333)
    assert asked.stderr.startswith("未完成：QD330 ") and recorded.stderr.startswith("未完成：QD333 "), (asked, recorded)
    assert asked.stderr.split(" ", 1)[1] == recorded.stderr.split(" ", 1)[1], (asked, recorded)


def test_the_query_of_a_blank_forms_number_names_its_owner(project: Project) -> None:
    asked = run_cli("acknowledgements", "QRKF0401", cwd=project.root)
    assert asked.returncode == 1 and "QRKF0401 是空白表单" in asked.stderr and "KF0401" in asked.stderr, asked
    assert "找不到" not in asked.stderr, asked


def test_a_number_nothing_holds_is_still_not_found(project: Project) -> None:
    asked = run_cli("acknowledgements", "KF9", cwd=project.root)
    assert asked.returncode == 1 and "找不到文件编号 KF9" in asked.stderr, asked
