"""The auditor's questions asked of reading assignments (文件学习确认) on awkward days: a person the roster lists
in two departments, a past day's answer (QMSDOC_TODAY) after the roster or the `acknowledge` list changed since,
and the version still in force while the next one waits for its effective date."""

from __future__ import annotations

import pytest
from test_acknowledgements import DOC, REGISTER, ROSTER, _commit_on, findings, qmsdoc, report, require, today

from conftest import Project


def _two_departments(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    require(repo, "acknowledge: [客服部, 品质部]\nacknowledge_all: true")
    repo.write(ROSTER, "客服部: [张三, 李四]\n品质部: [张三]\n")
    _commit_on(repo, monkeypatch, "2026-02-24", "客服部、品质部全员须学习 QP-03-02；人员名单")
    today(monkeypatch, "2026-03-05")


def test_a_person_listed_in_two_departments_reads_once_for_both(repo: Project,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """张三 works in 客服部 and 品质部 (the roster lists him in both) and acknowledged A/0 under 客服部. 品质部 was
    told 「待确认 … 尚未确认：张三」 — he had read it — and fell 逾期 (QD221) for a reading that was done."""
    _two_departments(repo, monkeypatch)
    assert qmsdoc(repo, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部",
                  "--date", "2026-03-01").returncode == 0
    text = report(repo)
    assert "品质部：已确认" in text, text
    assert "张三　2026-03-01（2026-03-05 补录）（acknowledgements.yaml 第 4 行）（登记为 客服部）" in text, text
    assert "尚未确认：张三" not in text and "客服部：待确认" in text and "尚未确认：李四" in text, text
    today(monkeypatch, "2026-03-20")
    late = findings(repo, "QD221")
    assert len(late) == 1 and "客服部" in late[0].message and "品质部" not in late[0].message, late


def test_an_acknowledgement_counts_only_for_departments_listing_the_person(repo: Project,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: 李四 is listed for 客服部 only, so his acknowledgement does not answer for 品质部; and one
    recorded under a department the document does not require counts for none (QD222)."""
    _two_departments(repo, monkeypatch)
    repo.write("acknowledgements.yaml", "acknowledgements:\n"
               "  - {document: QP-03-02, version: A/0, department: 客服部, person: 李四, date: 2026-03-01}\n"
               "  - {document: QP-03-02, version: A/0, department: 财务部, person: 张三, date: 2026-03-01}\n")
    text = report(repo)
    assert "品质部：待确认" in text and "尚未确认：张三" in text and "登记为" not in text, text
    assert [f.line for f in findings(repo, "QD222")] == [3]


def _left_and_joined(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """王五 was in 客服部 at the release and never read A/0; he left and 李四 joined on 2026-06-01."""
    require(repo, "acknowledge: [客服部]\nacknowledge_all: true")
    repo.write(ROSTER, "客服部: [张三, 王五]\n")
    _commit_on(repo, monkeypatch, "2026-02-24", "客服部全员须学习 QP-03-02；人员名单")
    today(monkeypatch, "2026-03-05")
    assert qmsdoc(repo, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部",
                  "--date", "2026-03-01").returncode == 0
    repo.write(ROSTER, "客服部: [张三, 李四]\n")
    _commit_on(repo, monkeypatch, "2026-06-01", "王五离职，李四入职客服部")


def test_a_past_day_is_answered_with_the_roster_of_that_day(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked for 2026-04-01 (QMSDOC_TODAY), 客服部 was told 「待确认 … 截止 2026-06-15 … 尚未确认：李四」: a person
    who joined two months later, a due date after the day asked about — while 王五, who worked there then and
    never read it, was missing, and the department was in truth three weeks late."""
    _left_and_joined(repo, monkeypatch)
    today(monkeypatch, "2026-04-01")
    text = report(repo)
    assert "客服部：逾期（2026-02-25 起待确认，截止 2026-03-11，已逾期 21 天）" in text, text
    assert "尚未确认：王五" in text and "李四" not in text, text
    late = findings(repo, "QD221")
    assert len(late) == 1 and "逾期 21 天" in late[0].message, late


def test_today_is_answered_with_the_roster_of_today(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: today the roster lists 李四, due from the day he joined; 王五, who left, is not asked for."""
    _left_and_joined(repo, monkeypatch)
    today(monkeypatch, "2026-06-10")
    text = report(repo)
    assert "客服部：待确认（2026-02-25 起待确认，截止 2026-06-15）" in text and "尚未确认：李四" in text, text
    assert "王五" not in text and findings(repo, "QD221") == []


def test_a_department_named_after_the_day_asked_about_had_no_assignment_then(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """品质部 was named to read A/0 on 2026-06-01. Asked for 2026-05-01, it was listed 「待确认（2026-06-01 起待确认，
    截止 2026-06-15）」 — a reading nobody had asked of it yet; on 2026-06-10 it is."""
    require(repo, "acknowledge: [客服部]")
    _commit_on(repo, monkeypatch, "2026-02-24", "QP-03-02 须由客服部学习确认")
    repo.replace(DOC, "acknowledge: [客服部]", "acknowledge: [客服部, 品质部]")
    _commit_on(repo, monkeypatch, "2026-06-01", "品质部也须学习 QP-03-02")
    today(monkeypatch, "2026-05-01")
    text = report(repo)
    # no reading of 品质部 that day, only the note that it was named later (training.named_later)
    assert "品质部：" not in text and "客服部：逾期" in text and "0/1 已确认" in text, text
    assert "品质部于 2026-06-01 才列入" in text, text
    today(monkeypatch, "2026-06-10")
    assert "品质部：待确认（2026-06-01 起待确认，截止 2026-06-15）" in report(repo)


def test_the_version_in_force_while_the_next_waits_is_not_told_as_replaced(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A/1 was approved on 2026-06-10 to take effect on 2026-07-01. Asked on 2026-06-20 about A/0 — the version
    staff still work to — the answer was 「2026-03-01 至 2026-07-01 现行，已不是现行版本」. After 07-01 it is no longer
    in force."""
    require(repo, "acknowledge: [客服部]")
    _commit_on(repo, monkeypatch, "2026-02-24", "QP-03-02 须由客服部学习确认")
    today(monkeypatch, "2026-06-10")
    repo.replace(DOC, "按时收取各项费用", "按时、足额收取各项费用")
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                      "--change", "明确足额收取", "--date", "2026-06-10", "--effective", "2026-07-01")
    assert released.returncode == 0, released.stdout + released.stderr
    _commit_on(repo, monkeypatch, "2026-06-10", "发布 QP-03-02 A/1，2026-07-01 起实施")
    today(monkeypatch, "2026-06-20")
    text = report(repo, "--version", "A/0")
    assert "版本 A/0：2026-03-01 起现行，至 2026-07-01 由已批准、尚未生效的版本 A/1 替代" in text, text
    assert "已不是现行版本" not in text and "不再现行" not in text, text
    today(monkeypatch, "2026-07-02")
    assert "2026-03-01 起现行，自 2026-07-01 起不再现行" in report(repo, "--version", "A/0")



def _a1_takes_effect_on_07_01(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """QP-03-02 A/0 (客服部 must read it) in force from 2026-03-01; A/1 approved on 2026-06-10 to take effect on
    2026-07-01, committed; asked on 2026-07-02."""
    require(repo, "acknowledge: [客服部]")
    _commit_on(repo, monkeypatch, "2026-02-24", "QP-03-02 须由客服部学习确认")
    today(monkeypatch, "2026-06-10")
    repo.replace(DOC, "按时收取各项费用", "按时、足额收取各项费用")
    assert qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                  "--change", "明确足额收取", "--effective", "2026-07-01").returncode == 0
    _commit_on(repo, monkeypatch, "2026-06-10", "发布 QP-03-02 A/1，2026-07-01 起实施")
    today(monkeypatch, "2026-07-02")


def test_a_replaced_version_is_not_told_in_force_on_the_day_its_successor_took_effect(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A/1 took effect on 2026-07-01. `register --as-of 2026-07-01` lists A/1 in force that day; the
    acknowledgements of A/0 said 「2026-03-01 至 2026-07-01 现行」 — read as A/0 in force on 07-01 too, so the two
    answers an auditor holds side by side disagreed about which version staff worked to that day."""
    _a1_takes_effect_on_07_01(repo, monkeypatch)
    register = qmsdoc(repo, "register", "--as-of", "2026-07-01", "--format", "csv", "--out", "day.csv")
    assert register.returncode == 0, register.stdout + register.stderr
    row = next(line for line in repo.read("day.csv").splitlines() if line.startswith("QP-03-02,"))
    assert ",A/1,2026-07-01," in row, row
    text = report(repo, "--version", "A/0")
    assert "至 2026-07-01 现行" not in text, text
    assert "版本 A/0：2026-03-01 起现行，自 2026-07-01 起不再现行" in text, text


def test_a_reading_of_the_replaced_version_dated_the_day_its_successor_took_effect_is_refused(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """On 2026-07-01 A/1 was in force (`register --as-of`), yet `acknowledge --version A/0 --date 2026-07-01` was
    recorded and counted, and the same line written by hand passed `check` — a reading of a version no longer in
    force that day, its refusal's own words saying 「已被替代（2026-07-01）」 only from the day after."""
    _a1_takes_effect_on_07_01(repo, monkeypatch)
    done = qmsdoc(repo, "acknowledge", "QP-03-02", "--version", "A/0", "--by", "张三", "--department", "客服部",
                  "--date", "2026-07-01")
    assert done.returncode == 1 and "QD220" in done.stdout + done.stderr, done.stdout + done.stderr
    assert "已被替代（2026-07-01）" in done.stdout + done.stderr, done.stdout + done.stderr
    repo.write(REGISTER, "acknowledgements:\n"
               "  - {document: QP-03-02, version: A/0, department: 客服部, person: 张三, date: 2026-07-01}\n")
    stray = findings(repo, "QD222")
    assert len(stray) == 1 and "已被替代（2026-07-01）" in stray[0].message, stray


def test_a_reading_of_the_replaced_version_on_its_last_day_in_force_counts(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: 2026-06-30 was A/0's last day in force — the reading is recorded, counted, and checks clean."""
    _a1_takes_effect_on_07_01(repo, monkeypatch)
    done = qmsdoc(repo, "acknowledge", "QP-03-02", "--version", "A/0", "--by", "张三", "--department", "客服部",
                  "--date", "2026-06-30")
    assert done.returncode == 0, done.stdout + done.stderr
    assert findings(repo, "QD220", "QD222") == []
    assert "张三　2026-06-30" in report(repo, "--version", "A/0")


def test_a_sheet_date_typed_full_width_is_the_same_day(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sign-in sheet typed with a Chinese input method in full-width mode: ２０２６年１２月６日 and ２０２６／１２／５
    were refused 「日期无效：应写成 … 2026年3月1日 的形式」 — the form they were written in. Read as those days."""
    require(project, "acknowledge: [客服部]")
    today(monkeypatch, "2026-12-06")
    sheet = project.write("s.csv", "姓名,部门,日期\n张三,客服部,２０２６年１２月６日\n李四,客服部,２０２６／１２／５\n")
    done = qmsdoc(project, "acknowledge", "QP-03-02", "--from-sheet", str(sheet))
    assert done.returncode == 0, done.stdout + done.stderr
    register = project.read(REGISTER)
    assert "person: 张三, date: 2026-12-06, entered: 2026-12-06}" in register, register
    assert "person: 李四, date: 2026-12-05, entered: 2026-12-06}" in register, register


def test_a_full_width_day_month_year_is_still_refused(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: ６／１２／２０２６ is 01/03/2026's shape full-width — a different day in the UK and the US."""
    require(project, "acknowledge: [客服部]")
    today(monkeypatch, "2026-12-06")
    sheet = project.write("s.csv", "姓名,部门,日期\n张三,客服部,２０２６年１２月６日\n李四,客服部,６／１２／２０２６\n")
    refused = qmsdoc(project, "acknowledge", "QP-03-02", "--from-sheet", str(sheet))
    assert refused.returncode == 1 and "s.csv:3: error QD220" in refused.stdout + refused.stderr, refused.stdout
    assert not project.path(REGISTER).exists()
