"""A service centre's reading assignments audited across a release: an earlier version read by some of a
department whose every person must read it (acknowledge_all with a roster), asked about with --version after the
next release replaced it."""

from __future__ import annotations

import pytest
from test_acknowledgements import DOC, ROSTER, _commit_on, qmsdoc, report, require, today

from conftest import Project


def _replaced_half_read(repo: Project, monkeypatch: pytest.MonkeyPatch, readers: tuple[str, ...]) -> str:
    """A/0 (released 2026-02-25) to be read by every person of 客服部 (张三, 李四), of whom `readers` did on
    2026-03-02; A/1 released on 2026-06-10. The answer to --version A/0 the next day."""
    require(repo, "acknowledge: [客服部]\nacknowledge_all: true")
    repo.write(ROSTER, "客服部: [张三, 李四]\n")
    _commit_on(repo, monkeypatch, "2026-02-24", "客服部全员须学习 QP-03-02；人员名单")
    today(monkeypatch, "2026-03-05")
    for person in readers:
        assert qmsdoc(repo, "acknowledge", "QP-03-02", "--by", person, "--department", "客服部",
                      "--date", "2026-03-02").returncode == 0
    _commit_on(repo, monkeypatch, "2026-03-05", "学习确认")
    today(monkeypatch, "2026-06-10")
    repo.replace(DOC, "按时收取各项费用", "按时、足额收取各项费用")
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--change", "明确足额收取",
                      "--date", "2026-06-10", "--keep-review")
    assert released.returncode == 0, released.stdout + released.stderr
    _commit_on(repo, monkeypatch, "2026-06-10", "QP-03-02 A/1")
    today(monkeypatch, "2026-06-11")
    return report(repo, "--version", "A/0")


def test_a_replaced_version_half_read_by_a_department_that_all_had_to_read_is_not_told_acknowledged(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every person of 客服部 had to read A/0; only 李四 did before A/1 replaced it. --version A/0 answered
    「客服部：已确认」 (one line under the department was enough), while the same question asked on its last day in
    force (QMSDOC_TODAY) answered 「0/1 已确认 … 逾期 … 尚未确认：张三」: the auditor was told a reading done that
    was not. It now gives the state the version ended in, as that day's answer gave it."""
    text = _replaced_half_read(repo, monkeypatch, ("李四",))
    assert "客服部：已确认" not in text and "尚未确认：张三" in text, text
    today(monkeypatch, "2026-06-09")  # its last day in force: the same question asked then
    then = report(repo)
    state = next(line for line in then.splitlines() if line.startswith("客服部："))
    assert state in text and "0/1 已确认" in then and "0/1 已确认" in text, (then, text)


def test_a_replaced_version_read_by_everyone_is_still_told_acknowledged(repo: Project,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: both read A/0 in time, so it ended acknowledged, each reader on record."""
    text = _replaced_half_read(repo, monkeypatch, ("张三", "李四"))
    assert "客服部：已确认" in text and "尚未确认" not in text and "逾期" not in text, text
    assert "张三　2026-03-02" in text and "李四　2026-03-02" in text, text
