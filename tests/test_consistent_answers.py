"""Answers that one command gave and another gave differently, each now decided in one place: a day to come asked
of with --as-of, and (below) the periodic review of an approved document and the reading of a document on the day
it was withdrawn. Each with the case that makes it fire and the case that keeps it quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Project, run_cli

FUTURE = "2027-01-01"
TODAY = "2026-12-06"


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("QMSDOC_TODAY", TODAY)
    return TODAY


@pytest.mark.parametrize("command", [("copy", "QP-03-02"), ("copy", "QP-03"), ("register",)])
def test_a_day_to_come_is_refused_alike_by_every_as_of(repo: Project, today: str, tmp_path: Path,
                                                       command: tuple[str, ...]) -> None:
    """`copy DOC --as-of` a day to come said --as-of is for manuals and pointed at `register --as-of` that same day
    to come, which is refused; the whole manual and the register each said it their own way. Every --as-of now
    refuses a day to come with one answer (exit 2), nothing written."""
    out = tmp_path / ("r.csv" if command == ("register",) else "c.docx")
    result = run_cli(*command, "--as-of", FUTURE, "--out", str(out), cwd=repo.root)
    register = run_cli("register", "--as-of", FUTURE, "--out", str(tmp_path / "other.csv"), cwd=repo.root)
    assert result.returncode == 2 and not out.exists(), result
    assert f"--as-of {FUTURE} 晚于今天（{today}）" in result.stderr, result.stderr
    assert result.stderr == register.stderr  # one message, whatever the command
    assert "register --as-of" not in result.stderr  # no pointer to another command refusing the same day


def test_a_past_day_is_answered_as_before(repo: Project, today: str, tmp_path: Path) -> None:
    """The quiet side: today is no day to come — the register is written, and a document's copy is still told
    that --as-of is for whole manuals (its versions are named with --version)."""
    register = run_cli("register", "--as-of", today, "--out", str(tmp_path / "r.csv"), cwd=repo.root)
    assert register.returncode == 0 and (tmp_path / "r.csv").exists(), register
    document = run_cli("copy", "QP-03-02", "--as-of", today, "--out", str(tmp_path / "c.docx"), cwd=repo.root)
    assert document.returncode == 2 and "--version" in document.stderr and "晚于今天" not in document.stderr
