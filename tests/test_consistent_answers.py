"""Answers that one command gave and another gave differently, each now decided in one place: a day to come asked
of with --as-of, and (below) the periodic review of an approved document and the reading of a document on the day
it was withdrawn. Each with the case that makes it fire and the case that keeps it quiet."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.rules.lifecycle import review_due_soon
from qmsdoc.site.pages import review_page

from conftest import Project, restamped, run_cli

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


DOC = "manuals/qp-service/QP-03-02.md"  # effective 2026-03-01, review_months 24: due 2028-03-01
LONG_PAST = "2028-03-05"


def _status(project: Project, status: str) -> None:
    """QP-03-02 with `status` written by hand, its approval stamped over it (a valid approval)."""
    text = project.read(DOC).replace("status: effective\n", f"status: {status}\n", 1)
    project.write(DOC, restamped(DOC, text))


def _answers(project: Project) -> tuple[list[str], str, str]:
    """What check (QD180 findings of QP-03-02), the register (its 下次评审 cell) and the site's 定期评审 page say."""
    config = load_config(project.root)
    result = check(config)
    overdue = [f.message for f in result.findings if f.code == "QD180" and f.path == DOC]
    assert run_cli("build", "--only", "records", cwd=project.root).returncode == 0
    with open(project.path("build/register.csv"), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    cell = next(row for row in rows if "QP-03-02" in row)[rows[0].index("下次评审日期")]
    due = [(day, result.corpus.documents[code]) for day, code in review_due_soon(result.context)]
    page = review_page(due, config.today, config.review_warning_days)
    return overdue, cell, page


@pytest.mark.parametrize("status", ["approved", "effective"])
def test_a_document_in_force_is_overdue_for_review_whatever_its_status_word(
        project: Project, monkeypatch: pytest.MonkeyPatch, status: str) -> None:
    """`status: approved` written by hand, its review four days past: check, the register and the 定期评审 page said
    nothing and `qmsdoc review` refused it as not 现行. A document approved and in use is reviewed periodically
    (ISO 9001 7.5.2): every answer says overdue, as for `effective`, and the review is recorded."""
    _status(project, status)
    monkeypatch.setenv("QMSDOC_TODAY", LONG_PAST)
    overdue, cell, page = _answers(project)
    assert len(overdue) == 1 and "2028-03-01" in overdue[0], overdue
    assert "评审逾期" in cell and "2028-03-01" in cell, cell
    assert "QP-03-02" in page and "逾期 4 天" in page, page
    done = run_cli("review", "QP-03-02", "--by", "总经理", cwd=project.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not _answers(project)[0]  # reviewed: due again two years on


@pytest.mark.parametrize("status", ["approved", "effective"])
def test_a_review_not_yet_due_is_not_told_overdue(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                  status: str) -> None:
    """The quiet side: before the due date (outside the warning window) nothing is said, in either status."""
    _status(project, status)
    monkeypatch.setenv("QMSDOC_TODAY", "2027-06-01")
    overdue, cell, page = _answers(project)
    assert not overdue and cell == "2028-03-01" and "QP-03-02" not in page, (overdue, cell)

