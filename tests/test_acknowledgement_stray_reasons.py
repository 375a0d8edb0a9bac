"""A register line the check does not count (QD222) because of its date says why as `qmsdoc acknowledge` refuses
such a line: read before the version's release, or after the next version took its place. It said 「不是现行版本
（该版本现行期为 2026-02-25 至 今）」 — for a version released on 2026-02-25 and in force from 2026-03-01, a period in
force it never had, and not which end the date missed."""

from __future__ import annotations

import pytest
from test_acknowledgements import DOC, REGISTER, findings, require, today

from conftest import Project

HR = "manuals/qp-hr/QP-02-03.md"  # A/0 released 2025-01-05, replaced by A/1 in force from 2026-03-01


def _stray(project: Project, monkeypatch: pytest.MonkeyPatch, doc: str, department: str, date: str) -> list[str]:
    today(monkeypatch, "2026-03-20")
    number = doc.rsplit("/", 1)[1].removesuffix(".md")
    line = f"{{document: {number}, version: A/0, department: {department}, person: 张三, date: {date}}}"
    project.write(REGISTER, f"acknowledgements:\n  - {line}\n")
    return [f.message for f in findings(project, "QD222")]


def test_a_line_dated_before_the_release_says_so(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    require(project, "acknowledge: [客服部]")
    [message] = _stray(project, monkeypatch, DOC, "客服部", "2026-02-20")
    assert "早于 QP-03-02 版本 A/0 的发布日期 2026-02-25" in message and "未计入" in message, message
    assert "现行期" not in message, message


def test_a_line_dated_after_the_replacement_says_so(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace(HR, "review_months: 12\n", "review_months: 12\nacknowledge: [管家服务中心]\n")
    [message] = _stray(project, monkeypatch, HR, "管家服务中心", "2026-03-02")
    assert "已被替代（2026-03-01）" in message and "未计入" in message and "现行期" not in message, message


def test_a_line_read_after_the_release_and_before_the_effective_date_counts(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: read ahead of the day the version takes effect (released 2026-02-25, in force 2026-03-01)."""
    require(project, "acknowledge: [客服部]")
    assert _stray(project, monkeypatch, DOC, "客服部", "2026-02-27") == []
