"""A version released before git (its text not committed) stayed in force until the next version took effect. When
git holds that next version with a later effective date than its 修订记录 approval date, the earlier one was in
force until the effective date — what `register --as-of` answers — not until the approval: a reading of it in
between is recorded, one after is still refused as replaced."""

from __future__ import annotations

import pytest
from test_acknowledgements import _commit_on, qmsdoc, today

from conftest import Project

DOC = "manuals/qp-hr/QP-02-03.md"


def _a1_replaced(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """QP-02-03: A/0 of 2025-01-05 (before git); A/1 approved 2026-02-25, in force from 2026-03-01 (committed);
    then A/2 released and committed on 2026-12-10, so A/1 is no longer today's file."""
    repo.replace(DOC, "review_months: 12\n", "review_months: 12\nacknowledge: [管家服务中心]\n")
    _commit_on(repo, monkeypatch, "2026-12-09", "QP-02-03 须由管家服务中心学习确认")
    today(monkeypatch, "2026-12-10")
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "张三").returncode == 0
    draft = next(repo.root.joinpath("revisions").rglob("QP-02-03.md"))
    draft.write_text(draft.read_text("utf-8").replace("规范员工离职", "规范员工离职和调岗"), "utf-8")
    released = qmsdoc(repo, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                      "--change", "增加调岗", "--date", "2026-12-10")
    assert released.returncode == 0, released.stdout + released.stderr
    _commit_on(repo, monkeypatch, "2026-12-10", "发布 QP-02-03 A/2")


def test_a_reading_of_the_pre_git_version_before_the_next_took_effect_is_recorded(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read on 2026-02-27, A/0 was still in force (A/1 took effect on 2026-03-01): it was refused as 「已被替代
    （2026-02-25）」, the day A/1 was approved, while `register --as-of 2026-02-27` lists A/0."""
    _a1_replaced(repo, monkeypatch)
    done = qmsdoc(repo, "acknowledge", "QP-02-03", "--version", "A/0", "--by", "王五", "--department", "管家服务中心",
                  "--date", "2026-02-27")
    assert done.returncode == 0, done.stdout + done.stderr
    answer = qmsdoc(repo, "acknowledgements", "QP-02-03", "--version", "A/0")
    assert "自 2026-03-01 起不再现行" in answer.stdout and "2026-02-25 起不再现行" not in answer.stdout, answer.stdout


def test_a_reading_of_the_pre_git_version_after_the_next_took_effect_is_still_refused(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    _a1_replaced(repo, monkeypatch)
    late = qmsdoc(repo, "acknowledge", "QP-02-03", "--version", "A/0", "--by", "王五", "--department", "管家服务中心",
                  "--date", "2026-03-05")
    assert late.returncode == 1 and "已被替代（2026-03-01）" in late.stdout + late.stderr, late.stdout + late.stderr
