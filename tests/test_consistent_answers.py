"""Answers that one command gave and another gave differently, each now decided in one place: a day to come asked
of with --as-of, and (below) the periodic review of an approved document and the reading of a document on the day
it was withdrawn. Each with the case that makes it fire and the case that keeps it quiet."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from test_acknowledgement_life import _withdrawn
from test_acknowledgements import REGISTER

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
    """The quiet side: today is no day to come — the register is written, and so is a document's copy of the
    version in force today."""
    register = run_cli("register", "--as-of", today, "--out", str(tmp_path / "r.csv"), cwd=repo.root)
    assert register.returncode == 0 and (tmp_path / "r.csv").exists(), register
    document = run_cli("copy", "QP-03-02", "--as-of", today, "--out", str(tmp_path / "c.docx"), cwd=repo.root)
    assert document.returncode == 0 and (tmp_path / "c.docx").exists() and "晚于今天" not in document.stderr


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


def _in_register_as_of(repo: Project, day: str, tmp_path: Path) -> bool:
    """Whether `register --as-of day` lists QP-03-02 among the documents in force that day."""
    out = tmp_path / f"register-{day}.csv"
    assert run_cli("register", "--as-of", day, "--out", str(out), cwd=repo.root).returncode == 0
    with open(out, encoding="utf-8-sig", newline="") as handle:
        return any(row[:1] == ["QP-03-02"] and row[3:4] == ["A/0"] for row in csv.reader(handle))


def _stray_lines(repo: Project) -> list[str]:
    return [f.message for f in check(load_config(repo.root)).findings if f.code == "QD222" and "李四" in f.message]


def test_a_reading_dated_on_the_withdrawal_day_is_refused_as_register_as_of_leaves_it_out(
        repo: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """QP-03-02 A/0 withdrawn on 2026-04-01: `register --as-of 2026-04-01` leaves it out (withdrawn that day), yet
    `acknowledge --version A/0 --date 2026-04-01` recorded a reading of it, and the check counted such a line.
    Both now answer the withdrawal's day as the register does: out of force, nothing written, QD222 on the line."""
    _withdrawn(repo, monkeypatch)
    monkeypatch.setenv("QMSDOC_TODAY", "2026-04-10")
    assert not _in_register_as_of(repo, "2026-04-01", tmp_path)
    before = repo.read(REGISTER)
    said = run_cli("acknowledge", "QP-03-02", "--version", "A/0", "--by", "李四", "--department", "客服部",
                   "--date", "2026-04-01", cwd=repo.root)
    assert said.returncode == 1 and "已作废（2026-04-01 作废）" in said.stdout + said.stderr, said
    assert repo.read(REGISTER) == before
    repo.write(REGISTER, before + "  - {document: QP-03-02, version: A/0, department: 客服部, person: 李四, "
                                  "date: 2026-04-01}\n")
    assert len(_stray_lines(repo)) == 1, _stray_lines(repo)


def test_a_reading_dated_the_day_before_the_withdrawal_still_counts(
        repo: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The quiet side: on 2026-03-31 A/0 was in force (the register lists it), the reading is recorded, with
    --version or without, and the check counts it."""
    _withdrawn(repo, monkeypatch)
    monkeypatch.setenv("QMSDOC_TODAY", "2026-04-10")
    assert _in_register_as_of(repo, "2026-03-31", tmp_path)
    for person, more in (("李四", ("--version", "A/0")), ("王五", ())):
        said = run_cli("acknowledge", "QP-03-02", *more, "--by", person, "--department", "客服部",
                       "--date", "2026-03-31", cwd=repo.root)
        assert said.returncode == 0 and person in repo.read(REGISTER), said
    assert _stray_lines(repo) == []
