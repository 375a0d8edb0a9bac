"""An auditor asking about an earlier version (`qmsdoc acknowledgements --version`) is answered with the departments
named for that version as git held it — the manual index page's `acknowledge` list of then as well as the
document's — not today's list, and not refused because today's index page does not load."""

from __future__ import annotations

import pytest
from test_acknowledgement_past import _released_again
from test_acknowledgements import MANUAL, _commit_on, qmsdoc, today

from conftest import Project


def _manual_list(repo: Project, departments: str) -> None:
    text = repo.read(MANUAL)
    head, rest = text.split("---\n", 2)[1:]
    lines = [line for line in head.splitlines() if not line.startswith("acknowledge:")]
    repo.write(MANUAL, "---\n" + "\n".join(lines) + f"\nacknowledge: [{departments}]\n---\n" + rest)


def _answer(repo: Project, *args: str) -> str:
    result = qmsdoc(repo, "acknowledgements", "QP-03-02", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _list_changed_then_broken(repo: Project, monkeypatch: pytest.MonkeyPatch) -> str:
    """A/0 to be read by 客服部 and, by its manual, 管家服务中心; A/1 released 2026-06-10; the manual names 财务部
    instead from 2026-06-11. The answer about A/0 on 2026-06-12 while the index page loads; then the page is broken
    (a bracket left open), not committed."""
    _manual_list(repo, "管家服务中心")
    _released_again(repo, monkeypatch)
    _manual_list(repo, "财务部")
    _commit_on(repo, monkeypatch, "2026-06-11", "手册改由财务部学习")
    today(monkeypatch, "2026-06-12")
    before = _answer(repo, "--version", "A/0")
    repo.write(MANUAL, repo.read(MANUAL).replace("---\n", "---\nbroken: [\n", 1))
    return before


def test_an_earlier_version_is_answered_from_git_when_todays_index_page_does_not_load(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """It was refused — 「所属手册首页 … 无法读取 … 未作回答」 — though who had to read A/0 is in git, not in today's
    page: now the same answer as while the page loaded."""
    before = _list_changed_then_broken(repo, monkeypatch)
    assert "管家服务中心：逾期" in before and "财务部" not in before, before
    assert _answer(repo, "--version", "A/0") == before


def test_a_past_day_is_answered_from_git_when_todays_index_page_does_not_load(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    _list_changed_then_broken(repo, monkeypatch)
    today(monkeypatch, "2026-05-01")
    text = _answer(repo)
    assert "版本 A/0" in text and "管家服务中心：逾期" in text and "财务部" not in text, text


@pytest.mark.parametrize("args", [(), ("--version", "A/1")])
def test_todays_version_is_still_not_answered_while_its_list_cannot_be_read(
        repo: Project, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]) -> None:
    """The quiet side: who must read A/1 is in today's page alone: no answer (never 「nobody」), the page named."""
    _list_changed_then_broken(repo, monkeypatch)
    result = qmsdoc(repo, "acknowledgements", "QP-03-02", *args)
    assert result.returncode == 1 and MANUAL in result.stderr and "无法读取" in result.stderr, result.stderr
    assert "管家服务中心" not in result.stdout + result.stderr
