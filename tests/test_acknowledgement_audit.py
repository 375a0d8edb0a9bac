"""The auditor's questions asked of reading assignments (文件学习确认) on awkward days: a person the roster lists
in two departments, a past day's answer (QMSDOC_TODAY) after the roster or the `acknowledge` list changed since,
and the version still in force while the next one waits for its effective date."""

from __future__ import annotations

import pytest
from test_acknowledgements import DOC, _commit_on, qmsdoc, report, require, today

from conftest import Project


def test_the_version_in_force_while_the_next_waits_is_not_told_as_replaced(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A/1 was approved on 2026-06-10 to take effect on 2026-07-01. Asked on 2026-06-20 about A/0 — the version
    staff still work to — the answer was 「2026-03-01 至 2026-07-01 现行，已不是现行版本」. After 07-01 it is."""
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
    assert "已不是现行版本" not in text, text
    today(monkeypatch, "2026-07-02")
    assert "2026-03-01 至 2026-07-01 现行，已不是现行版本" in report(repo, "--version", "A/0")
