"""Follow-up of the acknowledgement audit: a reading recorded after its due date is told late everywhere (the
学习确认 page, the registers, the `acknowledgements` answer), from one decision (training.late_by / state_label)."""

from __future__ import annotations

import csv
import datetime as dt

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
    return assignments(result.corpus, config, register, roster, {})


def _register_rows(project: Project) -> dict[str, list[str]]:
    assert qmsdoc(project, "build", "--only", "records").returncode == 0
    with open(project.path("build/acknowledgements.csv"), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return {row[3]: row for row in rows[1:]}


def _page(project: Project) -> str:
    return acknowledgements_page(_found(project), dt.date(2026, 3, 20), lambda code: None, lambda code: None)


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
