"""Follow-up of the acknowledgement audit: a reading recorded after its due date is told late everywhere (the
学习确认 page, the registers, the `acknowledgements` answer), from one decision (training.late_by / state_label)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import re

import pytest
from test_acknowledgements import MANUAL, ROSTER, qmsdoc, report, require, today

from qmsdoc.core import check, load_config
from qmsdoc.core.acknowledgements import Acknowledgements
from qmsdoc.core.roster import Roster
from qmsdoc.core.training import Assignment, assignments
from qmsdoc.site.acknowledgements import acknowledgements_page

from conftest import Project


def _found(project: Project) -> list[Assignment]:
    config = load_config(project.root)
    result = check(config)
    register: Acknowledgements = result.context.acknowledgements
    roster: Roster = result.context.roster
    return assignments(result.corpus, config, register, roster, result.context.history.versions)


def _register_rows(project: Project) -> dict[str, list[str]]:
    assert qmsdoc(project, "build", "--only", "records").returncode == 0
    with open(project.path("build/acknowledgements.csv"), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return {row[3]: row for row in rows[1:]}


def _page(project: Project, day: dt.date = dt.date(2026, 3, 20)) -> str:
    return acknowledgements_page(_found(project), day, lambda code: None, lambda code: None)


@pytest.mark.parametrize("signed", ["2026-03-14", "2026-03-11"])
def test_a_reading_after_its_due_date_is_told_late_everywhere(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                              signed: str) -> None:
    require(project, "acknowledge: [客服部]")  # released 2026-02-25, due 2026-03-11
    today(monkeypatch, "2026-03-20")
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部",
                  "--date", signed).returncode == 0
    late = signed == "2026-03-14"
    told = "已确认（逾期 3 天）"
    answer = report(project)
    assert ("客服部：" + told in answer) is late and "客服部：已确认" in answer
    assert (told in _page(project)) is late and "已确认" in _page(project)
    row = _register_rows(project)["客服部"]
    assert row[4] == (told if late else "已确认")


def test_with_every_person_the_last_reader_decides_lateness(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace(MANUAL, "order: 2\n", "order: 2\nacknowledge: [客服部]\nacknowledge_all: true\n")
    project.write(ROSTER, "客服部: [张三, 李四]\n")
    today(monkeypatch, "2026-03-20")
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部",
                  "--date", "2026-03-01").returncode == 0
    assert "客服部：待确认" in report(project) or "客服部：逾期" in report(project)
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--by", "李四", "--department", "客服部",
                  "--date", "2026-03-13").returncode == 0
    assert "客服部：已确认（逾期 2 天）" in report(project)


def test_the_register_row_says_when_a_department_named_later_was_asked(repo: Project,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A/0 was released 2026-02-25; 客服部 was named on 2026-06-01 and is due 2026-06-15: the row says both days."""
    from test_acknowledgements import _commit_on

    require(repo, "acknowledge: [客服部]")
    _commit_on(repo, monkeypatch, "2026-06-01", "QP-03-02 须由客服部学习确认")
    today(monkeypatch, "2026-06-10")
    row = _register_rows(repo)["客服部"]
    assert row[7:10] == ["2026-02-25", "2026-06-01", "2026-06-15"], row


def test_a_department_named_with_the_release_opens_on_the_release_day_and_dates_are_date_cells(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import load_workbook

    require(project)  # 客服部, 管家服务中心, named with the release of 2026-02-25
    today(monkeypatch, "2026-03-02")  # entered the day it was read: one date, a date cell
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部").returncode == 0
    today(monkeypatch, "2026-03-20")
    for name, day in (("李四", "2026-03-03"), ("王五", "2026-03-04")):
        assert qmsdoc(project, "acknowledge", "QP-03-02", "--by", name, "--department", "管家服务中心",
                      "--date", day).returncode == 0
    rows = _register_rows(project)
    assert rows["客服部"][7:10] == ["2026-02-25", "2026-02-25", "2026-03-11"]
    table = load_workbook(project.path("build/register.xlsx"))["文件学习确认记录"]
    assert table.cell(1, 9).value == "起始日期"
    cells = {row[3].value: row for row in table.iter_rows(min_row=2)}
    assert cells["客服部"][6].is_date and cells["客服部"][6].value.date() == dt.date(2026, 3, 2)
    assert cells["客服部"][8].is_date and cells["客服部"][8].value.date() == dt.date(2026, 2, 25)
    # two readers, entered on 2026-03-20: the list stays text, each day read with the day it was entered
    assert cells["管家服务中心"][6].value == "2026-03-03（2026-03-20 补录）、2026-03-04（2026-03-20 补录）"


@pytest.mark.parametrize("effective", ["2026-07-01", "2026-06-10"])
def test_the_register_says_a_version_waits_for_its_effective_date_as_the_page_does(
        repo: Project, monkeypatch: pytest.MonkeyPatch, effective: str) -> None:
    from test_acknowledgement_life import _released_later

    _released_later(repo, monkeypatch, effective)  # A/1 released 2026-06-10, taking effect on `effective`
    today(monkeypatch, "2026-06-12")
    waits = "已批准（2026-07-01 起生效；现行仍为 A/0）"
    row = _register_rows(repo)["客服部"]
    page = _page(repo, dt.date(2026, 6, 12))
    if effective == "2026-07-01":
        assert row[2] == f"A/1 {waits}" and waits in page, row
    else:
        assert row[2] == "A/1" and "起生效" not in page, row




@pytest.mark.parametrize("person", ["王五", "李四"])
def test_with_acknowledge_all_a_person_off_the_roster_is_recorded_with_a_warning(
        project: Project, monkeypatch: pytest.MonkeyPatch, person: str) -> None:
    project.replace(MANUAL, "order: 2\n", "order: 2\nacknowledge: [客服部]\nacknowledge_all: true\n")
    project.write(ROSTER, "客服部: [张三, 李四]\n")
    today(monkeypatch, "2026-03-05")
    done = qmsdoc(project, "acknowledge", "QP-03-02", "--by", person, "--department", "客服部")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"person: {person}" in project.read("acknowledgements.yaml")  # a true record either way
    warned = "人员名单（roster.yaml）未将 王五 列为客服部人员" in done.stdout
    assert warned is (person == "王五"), done.stdout


def test_without_acknowledge_all_nobody_is_told_about_the_roster(project: Project,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    require(project, "acknowledge: [客服部]")
    project.write(ROSTER, "客服部: [张三, 李四]\n")
    today(monkeypatch, "2026-03-05")
    done = qmsdoc(project, "acknowledge", "QP-03-02", "--by", "王五", "--department", "客服部")
    assert done.returncode == 0 and "人员名单" not in done.stdout, done.stdout


@pytest.mark.parametrize(("language", "project_writes", "sheet_writes"),
                         [("zh-CN", "财务部", "財務部"), ("zh-TW", "財務部", "财务部")])
def test_a_sheet_in_the_other_script_names_the_projects_department(
        project: Project, monkeypatch: pytest.MonkeyPatch, language: str, project_writes: str,
        sheet_writes: str) -> None:
    from conftest import configure

    configure(project, language=language)
    require(project, f"acknowledge: [{project_writes}]")
    today(monkeypatch, "2026-03-05")
    sheet = project.write("s.csv", f"姓名,部门,日期\n張三,{sheet_writes},2026-03-02\n")
    done = qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(sheet))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"department: {project_writes}, person: 張三" in project.read("acknowledgements.yaml")
    assert [a.state for a in _found(project)] == ["confirmed"]


def test_a_different_department_in_either_script_is_still_refused(project: Project,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    require(project, "acknowledge: [财务部]")
    today(monkeypatch, "2026-03-05")
    sheet = project.write("s.csv", "姓名,部门,日期\n張三,財產部,2026-03-02\n")
    done = qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(sheet))
    assert done.returncode == 1 and "財產部" in done.stdout, done.stdout
    assert not project.path("acknowledgements.yaml").exists()


def test_qd221_points_at_the_list_that_names_the_department(project: Project,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The manual names 管家服务中心, the document 客服部: each late reading is reported where its department is named
    (it was at the document's version line for the manual's)."""
    from test_acknowledgements import DOC, findings

    project.replace(MANUAL, "order: 2\n", "order: 2\nacknowledge: [管家服务中心]\n")
    require(project, "acknowledge: [客服部]")
    today(monkeypatch, "2026-03-20")  # released 2026-02-25, due 2026-03-11
    late = {f.message.split("应由")[1].split("在")[0].strip(): (f.path, f.line)
            for f in findings(project, "QD221") if "QP-03-02" in f.message}
    assert late == {"管家服务中心": (MANUAL, project.line_of(MANUAL, "acknowledge:")),
                    "客服部": (DOC, project.line_of(DOC, "acknowledge:"))}, late


def _page_row(page: str, department: str) -> dict[str, str]:
    """The 学习确认 page's row of `department`: each cell's text by its column heading (the cell's data-label)."""
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        cells = {label: html.unescape(re.sub(r"<[^>]*>", " ", text)).split()
                 for label, text in re.findall(r'<td data-label="([^"]*)">(.*?)</td>', row, re.S)}
        if cells.get("学习部门") == [department]:
            return {label: " ".join(words) for label, words in cells.items()}
    raise AssertionError(f"no row of {department} on the page")


def test_the_page_says_when_a_department_named_later_was_asked_as_the_register_does(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A/0 was released 2026-02-25; 客服部 was named on 2026-06-01: the register's row said so (起始日期) and the
    学习确认 page had no such column, only the due date it is counted from."""
    from test_acknowledgements import _commit_on

    require(repo, "acknowledge: [客服部]")
    _commit_on(repo, monkeypatch, "2026-06-01", "QP-03-02 须由客服部学习确认")
    today(monkeypatch, "2026-06-10")
    register = _register_rows(repo)["客服部"]
    row = _page_row(_page(repo, dt.date(2026, 6, 10)), "客服部")
    assert row["起始日期"] == register[8] and register[8] != register[7], (row, register)


def test_the_page_opens_a_department_named_with_the_release_on_the_release_day(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: named with the release, the department's assignment opened with it, on the page as in the
    register."""
    require(project)  # 客服部, 管家服务中心, named with the release
    today(monkeypatch, "2026-03-20")
    register = _register_rows(project)
    for department in ("客服部", "管家服务中心"):
        row = _page_row(_page(project), department)
        assert row["起始日期"] == register[department][8] == register[department][7], (row, register[department])
