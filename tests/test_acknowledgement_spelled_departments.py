"""A department taken off a document's `acknowledge` list whose register lines spell it two ways (客服部, and 客服 部
typed into the register by hand: one department by names.name_key) is one department in the auditor's answer —
one 「不再要求」 heading with everyone who read for it, in the order of the register."""

from __future__ import annotations

import pytest
from test_acknowledgements import DOC, REGISTER, _commit_on, report, require, today

from conftest import Project


def _taken_off(repo: Project, monkeypatch: pytest.MonkeyPatch, second: str) -> str:
    require(repo, "acknowledge: [客服部, 管家服务中心]")
    repo.write(REGISTER, "acknowledgements:\n"
               "  - {document: QP-03-02, version: A/0, department: 客服部, person: 张三, date: 2026-03-02}\n"
               f"  - {{document: QP-03-02, version: A/0, department: {second}, person: 李四, date: 2026-03-03}}\n")
    _commit_on(repo, monkeypatch, "2026-02-24", "客服部、管家服务中心须学习")
    repo.replace(DOC, "acknowledge: [客服部, 管家服务中心]", "acknowledge: [管家服务中心]")
    _commit_on(repo, monkeypatch, "2026-04-01", "客服部不再须学习")
    today(monkeypatch, "2026-04-02")
    return report(repo)


def test_one_department_spelled_two_ways_is_one_heading(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _taken_off(repo, monkeypatch, "客服 部")
    headings = [line for line in text.splitlines() if line.startswith("客服")]
    assert len(headings) == 1 and headings[0].startswith("客服部"), text
    assert text.index("张三") < text.index("李四"), text


def test_one_spelling_is_one_heading_as_before(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _taken_off(repo, monkeypatch, "客服部")
    headings = [line for line in text.splitlines() if line.startswith("客服")]
    assert len(headings) == 1 and "张三" in text and "李四" in text, text
