"""A past day's answer about an earlier version (today's file released since) reads the manual's `acknowledge` as
git held it then. On a day before the manual's first commit (the project came to git later), git's earliest
manual page answers, as the document's earliest commit does: a department the manual named only in a later
commit was not asked that day — not 「待确认（自当天起）」, opened on whatever day was asked about."""

from __future__ import annotations

import pytest
from test_acknowledgements import _commit_on, qmsdoc, today

from conftest import Project, git

DOC = "manuals/qp-hr/QP-02-03.md"
MANUAL = "manuals/qp-hr/index.md"


def _history(project: Project, monkeypatch: pytest.MonkeyPatch, first_names_it: bool) -> None:
    """First commit 2026-05-01; the manual names 管家服务中心 in it or only on 2026-06-01; QP-02-03 A/2 released
    and committed 2026-06-10 (A/1 approved 2026-02-25, in force 2026-03-01 until then)."""
    git(project.root, "init", "-q")
    named = "order: 1\nacknowledge: [管家服务中心]\n"
    if first_names_it:
        project.replace(MANUAL, "order: 1\n", named)
    _commit_on(project, monkeypatch, "2026-05-01", "初始文件")
    if not first_names_it:
        project.replace(MANUAL, "order: 1\n", named)
        _commit_on(project, monkeypatch, "2026-06-01", "QP-02 须由管家服务中心学习确认")
    today(monkeypatch, "2026-06-10")
    assert qmsdoc(project, "revise", "QP-02-03", "--by", "张三").returncode == 0
    draft = next(project.root.joinpath("revisions").rglob("QP-02-03.md"))
    draft.write_text(draft.read_text("utf-8").replace("规范员工离职", "规范员工离职和调岗"), "utf-8")
    released = qmsdoc(project, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                      "--change", "增加调岗", "--date", "2026-06-10")
    assert released.returncode == 0, released.stdout + released.stderr
    _commit_on(project, monkeypatch, "2026-06-10", "发布 QP-02-03 A/2")


def _answer(project: Project) -> str:
    result = qmsdoc(project, "acknowledgements", "QP-02-03")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_department_the_manual_named_after_its_first_commit_was_not_asked_before_git(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked for 2026-04-01, it answered 「管家服务中心：待确认（2026-04-01 起…）」: the manual of today, its
    department opened on the day asked about, while QP-02-03 A/1's other days said it was not yet named."""
    _history(project, monkeypatch, first_names_it=False)
    today(monkeypatch, "2026-04-01")
    text = _answer(project)
    assert "2026-04-01 起待确认" not in text and "待确认" not in text, text
    assert "管家服务中心" in text and "2026-06-01" in text, text  # named later, and said so


def test_a_department_the_manual_named_from_its_first_commit_is_asked_from_the_release(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    _history(project, monkeypatch, first_names_it=True)
    today(monkeypatch, "2026-04-01")
    text = _answer(project)
    assert "管家服务中心：逾期（2026-02-25 起待确认" in text, text
