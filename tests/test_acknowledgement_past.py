"""A past day's answer (QMSDOC_TODAY) about reading assignments when the version in force that day was an earlier
release than today's file: the assignments are those of the version in force then — its `acknowledge` list, its
release and due date, the acknowledgements recorded for it — in `qmsdoc acknowledgements` and the check's QD221
alike; before the document's first release it had no version in force."""

from __future__ import annotations

import pytest
from test_acknowledgements import DOC, REGISTER, _commit_on, findings, qmsdoc, report, require, today

from conftest import Project, configure


def _released_again(repo: Project, monkeypatch: pytest.MonkeyPatch, then: str = "客服部", now: str = "客服部") -> None:
    """A/0 (released 2026-02-25) to be read by `then`, committed 2026-02-24; A/1, to be read by `now`, released and
    committed 2026-06-10."""
    require(repo, f"acknowledge: [{then}]")
    _commit_on(repo, monkeypatch, "2026-02-24", f"QP-03-02 须由{then}学习确认")
    today(monkeypatch, "2026-06-10")
    assert qmsdoc(repo, "revise", "QP-03-02", "--by", "张三").returncode == 0
    draft = next(repo.root.joinpath("revisions").rglob("QP-03-02.md"))
    text = draft.read_text("utf-8").replace("按时收取各项费用", "按时、足额收取各项费用")
    draft.write_text(text.replace(f"acknowledge: [{then}]", f"acknowledge: [{now}]"), "utf-8")
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                      "--change", "明确足额收取", "--date", "2026-06-10")
    assert released.returncode == 0, released.stdout + released.stderr
    assert "version: A/1" in repo.read(DOC)
    _commit_on(repo, monkeypatch, "2026-06-10", "发布 QP-03-02 A/1")


def test_a_day_before_the_current_release_answers_for_the_version_in_force_then(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked for 2026-05-01, the answer was about A/1 — 「版本 A/1 已批准、2026-06-10 起生效，尚未生效 … 客服部：待确认
    （2026-06-10 起）」 — and the check was quiet; on that day A/0 was in force and 客服部 had been late with it since
    2026-03-11 (released 2026-02-25, 14 days)."""
    _released_again(repo, monkeypatch)
    today(monkeypatch, "2026-05-01")
    text = report(repo)
    assert "版本 A/0（2026-02-25 发布，学习期限 14 天，截止 2026-03-11；以 2026-05-01 计）" in text, text
    assert "客服部：逾期（2026-02-25 起待确认，截止 2026-03-11，已逾期 51 天）" in text, text
    assert "A/1" in text and "尚未生效" not in text and "2026-06-10 起待确认" not in text, text
    late = findings(repo, "QD221")
    assert len(late) == 1 and "A/0" in late[0].message and "逾期 51 天" in late[0].message, late
    assert (late[0].path, late[0].line) == (DOC, repo.line_of(DOC, "acknowledge: [客服部]")), late


def test_an_acknowledgement_of_the_version_then_counts_on_that_day(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The acknowledgements the day's answer counts are those recorded for A/0 by then: met, no QD221."""
    _released_again(repo, monkeypatch)
    repo.write(REGISTER, "acknowledgements:\n"
               "  - {document: QP-03-02, version: A/0, department: 客服部, person: 张三, date: 2026-03-05}\n")
    today(monkeypatch, "2026-05-01")
    text = report(repo)
    assert "客服部：已确认" in text and "张三　2026-03-05" in text, text
    assert findings(repo, "QD221") == []


def test_a_day_after_the_release_is_answered_for_todays_version(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: on 2026-06-20 A/1 is the version in force, opened on its release, not late yet."""
    _released_again(repo, monkeypatch)
    today(monkeypatch, "2026-06-20")
    text = report(repo)
    assert "版本 A/1（2026-06-10 发布，学习期限 14 天，截止 2026-06-24；以 2026-06-20 计）" in text, text
    assert "客服部：待确认（2026-06-10 起待确认，截止 2026-06-24）" in text and "A/0" not in text, text
    assert findings(repo, "QD221") == []


def test_a_day_before_the_first_release_had_no_version_in_force(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """On 2026-01-15 QP-03-02 had not been released (A/0: 2026-02-25): nobody could have been late reading it."""
    _released_again(repo, monkeypatch)
    today(monkeypatch, "2026-01-15")
    text = report(repo)
    assert "2026-01-15" in text and "尚未发布" in text and "待确认" not in text and "逾期" not in text, text
    assert findings(repo, "QD221") == []


def test_without_git_history_the_working_tree_answers(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: no repository, no earlier version to find — the file's version answers, as before."""
    require(project, "acknowledge: [客服部]")
    today(monkeypatch, "2026-02-20")
    text = report(project)
    assert "版本 A/0（2026-02-25 发布" in text and "客服部：待确认" in text, text


def test_the_departments_named_for_the_version_then_are_the_ones_asked(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A/0 was to be read by 品质部, A/1 by 客服部. On 2026-05-01 品质部 was late with A/0; 客服部 had nothing to read
    yet. QD221 points at today's version line (today's file names 客服部 only)."""
    _released_again(repo, monkeypatch, then="品质部", now="客服部")
    today(monkeypatch, "2026-05-01")
    text = report(repo)
    assert "品质部：逾期（2026-02-25 起待确认，截止 2026-03-11，已逾期 51 天）" in text and "客服部" not in text, text
    late = findings(repo, "QD221")
    assert [(f.path, f.line) for f in late] == [(DOC, repo.line_of(DOC, "version:"))], late
    assert "品质部" in late[0].message and "A/0" in late[0].message, late


def test_an_english_project_is_told_the_same(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """`language: en`: the same answers, in English."""
    _released_again(repo, monkeypatch)
    configure(repo, language="en")
    today(monkeypatch, "2026-05-01")
    text = report(repo)
    assert "version A/0 (released 2026-02-25, 14 days to acknowledge, due 2026-03-11; as of 2026-05-01)" in text, text
    assert "the version in force that day was A/0" in text and "51 days overdue" in text, text
    today(monkeypatch, "2026-01-15")
    assert "had not been released on 2026-01-15" in report(repo)


def test_asking_for_a_version_released_after_the_day_says_it_was_not_released_yet(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--version A/1` asked for 2026-05-01: it was released on 2026-06-10, nobody had to read it then (it was
    shown with assignments 「2026-06-10 起待确认」); `--version A/0` that day is the version in force, with its
    assignments."""
    _released_again(repo, monkeypatch)
    today(monkeypatch, "2026-05-01")
    text = report(repo, "--version", "A/1")
    assert "版本 A/1：2026-05-01 尚未发布（2026-06-10 发布）" in text and "待确认" not in text, text
    assert "客服部：逾期（2026-02-25 起待确认" in report(repo, "--version", "A/0")
    today(monkeypatch, "2026-06-20")
    assert "客服部：待确认（2026-06-10 起待确认，截止 2026-06-24）" in report(repo, "--version", "A/1")


def _acknowledged(repo: Project, *args: str) -> str:
    done = qmsdoc(repo, "acknowledge", "QP-03-02", *args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_an_acknowledgement_dated_before_the_current_release_is_of_the_version_then(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Last month's reading, typed up after A/1 was released: recorded for A/0 (not refused as before A/1's release),
    and the output says so."""
    _released_again(repo, monkeypatch)
    today(monkeypatch, "2026-06-20")
    out = _acknowledged(repo, "--by", "张三", "--department", "客服部", "--date", "2026-03-05")
    assert "版本 A/0" in out and "现行版本 A/1" in out, out
    assert "version: A/0" in repo.read(REGISTER) and "A/1" not in repo.read(REGISTER), repo.read(REGISTER)
    assert findings(repo, "QD220", "QD222") == []


def test_a_sheet_across_the_release_records_each_row_for_its_version(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    _released_again(repo, monkeypatch)
    today(monkeypatch, "2026-06-20")
    sheet = repo.write("签到表.csv", "姓名,部门,日期\n张三,客服部,2026-03-05\n李四,客服部,2026-06-15\n")
    out = _acknowledged(repo, "--from-sheet", str(sheet))
    lines = repo.read(REGISTER)
    assert "version: A/0, department: 客服部, person: 张三" in lines, lines
    assert "version: A/1, department: 客服部, person: 李四" in lines, lines
    assert "张三（客服部）对 QP-03-02" in out and "版本 A/0" in out and "现行版本 A/1" in out, out
    assert "李四（客服部）对 QP-03-02" in out and "版本 A/1 的学习确认。请提交" in out, out


def test_an_acknowledgement_dated_after_the_release_is_of_the_current_version(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: dated on or after A/1's release, it is A/1's, and nothing is said of an earlier version."""
    _released_again(repo, monkeypatch)
    today(monkeypatch, "2026-06-20")
    out = _acknowledged(repo, "--by", "张三", "--department", "客服部", "--date", "2026-06-10")
    assert "版本 A/1 的学习确认" in out and "A/0" not in out and "早于" not in out, out
    assert "version: A/1" in repo.read(REGISTER) and "A/0" not in repo.read(REGISTER)


def test_an_asked_version_is_kept_whatever_the_date(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--version A/1` with a date before its release: still refused as before A/1's release, never moved."""
    _released_again(repo, monkeypatch)
    today(monkeypatch, "2026-06-20")
    done = qmsdoc(repo, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部", "--date", "2026-03-05",
                  "--version", "A/1")
    assert done.returncode == 1 and "早于" in done.stdout and "--version" not in done.stdout, done
    assert not repo.path(REGISTER).exists()


def test_without_git_history_a_date_before_the_release_is_refused_naming_version(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """No repository: which version was read cannot be told from git: refused, told to give --version A/0."""
    require(project, "acknowledge: [客服部]")
    today(monkeypatch, "2026-06-10")
    assert qmsdoc(project, "revise", "QP-03-02", "--by", "张三").returncode == 0
    draft = next(project.root.joinpath("revisions").rglob("QP-03-02.md"))
    draft.write_text(draft.read_text("utf-8").replace("按时收取各项费用", "按时、足额收取各项费用"), "utf-8")
    assert qmsdoc(project, "release", "QP-03-02", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                  "--change", "明确足额收取", "--date", "2026-06-10").returncode == 0
    today(monkeypatch, "2026-06-20")
    done = qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部", "--date", "2026-03-05")
    assert done.returncode == 1 and "早于" in done.stdout and "--version" in done.stdout and "A/0" in done.stdout, done
    assert not project.path(REGISTER).exists()
    configure(project, language="en")
    done = qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部", "--date", "2026-03-05")
    assert done.returncode == 1 and "name it with --version" in done.stdout and "A/0" in done.stdout, done
    assert _acknowledged(project, "--by", "张三", "--department", "客服部", "--date", "2026-03-05",
                         "--version", "A/0")


def test_a_row_of_the_version_then_is_checked_against_the_departments_named_then(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A/0 was to be read by 品质部, A/1 by 客服部: 品质部's March reading is A/0's; 客服部's March row is refused (A/0
    did not ask it), and nothing is written."""
    _released_again(repo, monkeypatch, then="品质部", now="客服部")
    today(monkeypatch, "2026-06-20")
    sheet = repo.write("签到表.csv", "姓名,部门,日期\n王五,客服部,2026-03-05\n")
    refused = qmsdoc(repo, "acknowledge", "QP-03-02", "--from-sheet", str(sheet))
    assert refused.returncode == 1 and "不要求 客服部" in refused.stdout, refused
    assert not repo.path(REGISTER).exists()
    out = _acknowledged(repo, "--by", "张三", "--department", "品质部", "--date", "2026-03-05")
    assert "版本 A/0" in out and "version: A/0, department: 品质部" in repo.read(REGISTER), out
    assert findings(repo, "QD220", "QD222") == []
