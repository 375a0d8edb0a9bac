"""A document's whole life as its reading assignments tell it (the audit of #29's outputs): a row dated in the days
of an earlier version that nobody had to read, a withdrawn document asked about with no --version."""

from __future__ import annotations

import pytest
from test_acknowledgements import DOC, REGISTER, _commit_on, qmsdoc, report, today

from conftest import Project


def _first_assigned_with_a1(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A/0 (released 2026-02-25) named nobody to read it; A/1, released 2026-06-10, is to be read by 客服部."""
    today(monkeypatch, "2026-06-10")
    repo.replace(DOC, "按时收取各项费用", "按时、足额收取各项费用")
    repo.replace(DOC, "review_months: 24\n", "review_months: 24\nacknowledge: [客服部]\n")
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                      "--change", "明确足额收取", "--date", "2026-06-10")
    assert released.returncode == 0, released.stdout + released.stderr
    _commit_on(repo, monkeypatch, "2026-06-10", "发布 QP-03-02 A/1")


def test_a_row_dated_when_the_version_then_asked_nobody_says_so(repo: Project,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A reading dated 2026-05-01, when A/0 was in force and named no department, was refused with
    「QP-03-02 不要求 客服部 学习确认（应确认的部门：）」: an empty list, and 客服部 is the department A/1 names. It
    says which version that day's was and that it asked nobody to read it."""
    _first_assigned_with_a1(repo, monkeypatch)
    today(monkeypatch, "2026-06-12")
    result = qmsdoc(repo, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部", "--date", "2026-05-01")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "应确认的部门：）" not in result.stdout, result.stdout
    assert "QP-03-02 版本 A/0" in result.stdout and "不要求任何部门学习确认" in result.stdout, result.stdout
    assert "2026-05-01" in result.stdout, result.stdout
    assert not repo.path(REGISTER).exists() or "张三" not in repo.read(REGISTER)


def test_a_row_of_todays_version_or_of_a_department_not_named_is_told_as_before(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: a department A/1 does not name is told which departments it does; a reading of A/1 is
    recorded."""
    _first_assigned_with_a1(repo, monkeypatch)
    today(monkeypatch, "2026-06-12")
    stray = qmsdoc(repo, "acknowledge", "QP-03-02", "--by", "张三", "--department", "品质部")
    assert stray.returncode == 1 and "应确认的部门：客服部" in stray.stdout, stray.stdout
    assert "不要求任何部门" not in stray.stdout, stray.stdout
    done = qmsdoc(repo, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部", "--date", "2026-06-11")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "客服部：已确认" in report(repo)


def _withdrawn(repo: Project, monkeypatch: pytest.MonkeyPatch) -> str:
    """QP-03-02 A/0 to be read by 客服部, read on 2026-03-20, withdrawn on 2026-04-01 (committed): the withdrawal's
    own number."""
    repo.replace(DOC, "review_months: 24\n", "review_months: 24\nacknowledge: [客服部]\n")
    _commit_on(repo, monkeypatch, "2026-02-24", "QP-03-02 须由客服部学习确认")
    today(monkeypatch, "2026-03-20")  # entered the day it was read: on record from then
    assert qmsdoc(repo, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部").returncode == 0
    today(monkeypatch, "2026-04-01")
    done = qmsdoc(repo, "obsolete", "QP-03-02", "--no-successor", "--reason", "业务取消", "--date", "2026-04-01")
    assert done.returncode == 0, done.stdout + done.stderr
    _commit_on(repo, monkeypatch, "2026-04-01", "作废 QP-03-02")
    return repo.read(DOC).split("version: ", 1)[1].split("\n", 1)[0]


def test_a_withdrawn_document_is_answered_as_withdrawn_naming_its_versions(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked with no --version after the withdrawal, the answer was 「QP-03-02《催收工作规程》版本 A/1：不是发布过的
    现行版本 … 曾经现行的版本请用 --version 查询」: the withdrawal's number told as a version, the versions to ask
    for not named (acknowledge names them). It says when it was withdrawn and which versions were released."""
    withdrawal = _withdrawn(repo, monkeypatch)
    today(monkeypatch, "2026-04-10")
    for args in ((), ("--version", withdrawal)):
        text = report(repo, *args)
        assert f"版本 {withdrawal}" not in text, text
        assert "2026-04-01 作废" in text and "没有现行版本" in text and "A/0" in text, text


def test_a_withdrawn_documents_earlier_day_and_version_are_answered_as_before(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: --version A/0 and a day before the withdrawal answer for A/0, not as withdrawn: the day's
    answer only notes the date the withdrawal took effect later, claiming no approval of it then (recorded on its
    own day)."""
    _withdrawn(repo, monkeypatch)
    today(monkeypatch, "2026-04-10")
    text = report(repo, "--version", "A/0")
    assert "张三" in text and "作废" not in text, text
    today(monkeypatch, "2026-03-25")
    text = report(repo)
    assert "客服部：已确认" in text and "已作废" not in text and "已批准" not in text, text
    assert "（该文件自 2026-04-01 起作废）" in text, text


def _released_later(repo: Project, monkeypatch: pytest.MonkeyPatch, effective: str) -> None:
    """A/0 to be read by 客服部 (committed 2026-02-24); A/1 released 2026-06-10, taking effect on `effective`."""
    repo.replace(DOC, "review_months: 24\n", "review_months: 24\nacknowledge: [客服部]\n")
    _commit_on(repo, monkeypatch, "2026-02-24", "QP-03-02 须由客服部学习确认")
    today(monkeypatch, "2026-06-10")
    repo.replace(DOC, "按时收取各项费用", "按时、足额收取各项费用")
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                      "--change", "明确足额收取", "--date", "2026-06-10", "--effective", effective)
    assert released.returncode == 0, released.stdout + released.stderr
    _commit_on(repo, monkeypatch, "2026-06-10", "发布 QP-03-02 A/1")


@pytest.mark.parametrize("effective", ["2026-07-01", "2026-06-10"])
def test_a_row_filed_for_the_version_of_its_day_does_not_call_a_waiting_version_current(
        repo: Project, monkeypatch: pytest.MonkeyPatch, effective: str) -> None:
    """A sign-in row dated 2026-05-01 is filed for A/0, the version of its day. With A/1 approved and waiting for
    2026-07-01 the answer said 「其日期早于现行版本 A/1 的发布」 — A/0 is the version in force until then. It now says
    A/1 is approved and takes effect on 2026-07-01; A/1 in force from its release (the quiet side) is still 现行版本."""
    _released_later(repo, monkeypatch, effective)
    today(monkeypatch, "2026-06-12")
    sheet = repo.write("签到表.csv", "姓名,部门,日期\n张三,客服部,2026-05-01\n")
    result = qmsdoc(repo, "acknowledge", "QP-03-02", "--from-sheet", str(sheet))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "version: A/0, department: 客服部, person: 张三, date: 2026-05-01" in repo.read(REGISTER)
    assert "记入当时的版本 A/0" in result.stdout, result.stdout
    if effective == "2026-07-01":
        assert "现行版本 A/1" not in result.stdout, result.stdout
        assert "已批准、2026-07-01 起生效的版本 A/1" in result.stdout, result.stdout
    else:
        assert "早于现行版本 A/1 的发布" in result.stdout and "起生效" not in result.stdout, result.stdout


@pytest.mark.parametrize("effective", ["2026-07-01", "2026-06-10"])
def test_a_version_never_released_is_told_the_version_in_force_not_one_waiting(
        repo: Project, monkeypatch: pytest.MonkeyPatch, effective: str) -> None:
    """With A/1 approved and waiting for 2026-07-01, a version never released (A/9 acknowledged, A/7 in the
    register) was told 「现行版本为 A/1」 by acknowledge, QD222 and acknowledgements --version alike: A/0 is in
    force until then. Once A/1 is in force (the quiet side) it is the one named."""
    from test_acknowledgements import findings

    _released_later(repo, monkeypatch, effective)
    today(monkeypatch, "2026-06-12")
    now = "A/1" if effective == "2026-06-10" else "A/0"
    refused = qmsdoc(repo, "acknowledge", "QP-03-02", "--version", "A/9", "--by", "张三", "--department", "客服部")
    assert refused.returncode == 1 and f"现行版本为 {now}）" in refused.stderr, refused.stdout + refused.stderr
    repo.write(REGISTER, "acknowledgements:\n"
               "  - {document: QP-03-02, version: A/7, department: 客服部, person: 张三, date: 2026-06-11}\n")
    stray = findings(repo, "QD222")
    assert len(stray) == 1 and f"（现行版本 {now}）" in stray[0].message, stray
    text = report(repo, "--version", "A/7")
    assert f"现行版本 {now}，" in text, text
