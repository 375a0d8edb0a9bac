"""A day typed on the command line is read as a sign-in sheet's date column reads it (core/days.py): `acknowledge
--date 2026/3/1` was refused while a sheet with 2026/3/1 in it was recorded, and `register --as-of` and the acts'
`--date` had each their own ISO-only reading."""

from __future__ import annotations

import time

import pytest
from test_acknowledgements import DOC, REGISTER, qmsdoc, require, today

from qmsdoc.core import i18n
from qmsdoc.core.days import day_given, typed_day
from qmsdoc.core.errors import UsageError
from qmsdoc.core.revision import asked

from conftest import Project


@pytest.mark.parametrize("typed", ["2026/3/1", "2026.3.1", "2026年3月1日", "２０２６年３月１日", "1 March 2026"])
def test_acknowledge_takes_a_day_typed_as_a_sheet_has_it(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                          typed: str) -> None:
    """Each of these is 1 March 2026 to a reader, and a sign-in sheet's row with it is recorded as that day."""
    today(monkeypatch, "2026-06-01")
    require(project)
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部", "--date", typed)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2026-03-01" in project.read(REGISTER), project.read(REGISTER)


def test_a_sheet_and_the_command_line_record_the_same_day(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same text, once on a sheet and once after --date, is one day in the register."""
    today(monkeypatch, "2026-06-01")
    require(project)
    sheet = project.root / "签到表.csv"
    sheet.write_text("姓名,部门,日期\n李四,客服部,2026年3月2日\n", encoding="utf-8")
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--from-sheet", str(sheet)).returncode == 0
    typed = qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部",
                   "--date", "2026年3月2日")
    assert typed.returncode == 0, typed.stdout + typed.stderr
    assert project.read(REGISTER).count("2026-03-02") == 2, project.read(REGISTER)


def test_register_as_of_and_release_date_take_the_same_forms(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    today(monkeypatch, "2026-06-01")
    asked = qmsdoc(repo, "register", "--as-of", "2026/3/1", "--out", str(repo.root.parent / "清单.xlsx"))
    assert asked.returncode == 0, asked.stdout + asked.stderr
    repo.replace(DOC, "按时收取各项费用", "按时、足额收取各项费用")
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                      "--change", "明确足额收取", "--date", "2026年5月20日")
    assert released.returncode == 0, released.stdout + released.stderr
    assert "2026-05-20" in repo.read(DOC), repo.read(DOC)


@pytest.mark.parametrize("bad", ["2026/13/1", "01/03/2026", "yesterday", "2026-02-30"])
def test_a_day_that_is_none_is_refused_alike_everywhere(repo: Project, monkeypatch: pytest.MonkeyPatch,
                                                        bad: str) -> None:
    """The quiet side: what a sheet refuses every option refuses, exit 2, with one message."""
    today(monkeypatch, "2026-06-01")
    require(repo)
    runs = [qmsdoc(repo, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部", "--date", bad),
            qmsdoc(repo, "register", "--as-of", bad, "--out", str(repo.root.parent / "清单.xlsx")),
            qmsdoc(repo, "review", "QP-03-02", "--by", "总经理", "--date", bad)]
    assert [run.returncode for run in runs] == [2, 2, 2], [run.stdout + run.stderr for run in runs]
    messages = {next(line for line in (run.stdout + run.stderr).splitlines() if repr(bad) in line) for run in runs}
    assert len(messages) == 1, messages
    assert not repo.path(REGISTER).exists() or "张三" not in repo.read(REGISTER)


@pytest.mark.parametrize("far", ["2999-01-01", "1066-10-14", "２９９９年１月１日", "1 March 2300"])
def test_a_real_day_outside_the_years_a_record_may_bear_is_named_out_of_range(far: str) -> None:
    """`--as-of 2999-01-01` was told to write its date as 2026-03-01 — as it had: the day is real but outside the
    schema's years (1900–2200), and the message says so and which days may be written."""
    with pytest.raises(UsageError) as refused:
        day_given(far)
    message = str(refused.value)
    assert repr(far) in message and "1900-01-01" in message and "2200-12-31" in message, message
    assert "2026-03-01" not in message, message


@pytest.mark.parametrize("bad", ["2026-02-30", "2026/13/1", "yesterday"])
def test_a_day_that_is_none_is_still_told_how_to_write_one(bad: str) -> None:
    with pytest.raises(UsageError) as refused:
        day_given(bad)
    assert "2026-03-01" in str(refused.value) and "1900" not in str(refused.value)


@pytest.mark.parametrize("option", ["--as-of", "--version"])
def test_a_pasted_50_kb_value_is_named_not_echoed_whole(option: str) -> None:
    """A 50 kB value pasted after --as-of or --version was repeated whole in its one-line message."""
    pasted = "2026-01-0" + "Q" * 50_000 if option == "--as-of" else "A/" + "Q" * 50_000
    with pytest.raises(UsageError) as refused:
        day_given(pasted) if option == "--as-of" else asked(pasted, option)
    message = str(refused.value)
    assert len(message) < 200 and pasted[:40] in message and "…" in message, message[:300]


def test_a_value_of_ordinary_length_is_named_whole() -> None:
    with pytest.raises(UsageError) as refused:
        asked("A/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0")  # 39 characters: within the limit
    assert "'A/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0'" in str(refused.value)


@pytest.mark.parametrize("code", ["zh-CN", "zh-TW"])
@pytest.mark.parametrize("day", ["2026/1/1", "115/1/1"])
def test_a_day_trailed_by_a_long_run_of_spaces_is_refused_at_once(code: str, day: str) -> None:
    # each split of the run between `\s*日?`, the time's `\s+` and `\s*$` was tried: 10,000 spaces took seconds
    with i18n.using(code):
        started = time.perf_counter()
        assert typed_day(day + " " * 10_000 + "x") is None
        assert time.perf_counter() - started < 1


@pytest.mark.parametrize("typed", ["2026/1/1" + " " * 10_000, "\u3000 2026/1/1 日 ", "2026/1/1 9:30\t"])
def test_a_day_with_spaces_about_it_is_still_read(typed: str) -> None:
    assert str(typed_day(typed)) == "2026-01-01"


def test_a_min_guo_year_in_digits_of_another_script_is_refused_as_the_western_year_is() -> None:
    # NFKC keeps Arabic-Indic digits: int() read 1٠٥ as 105 while 2026 so written was refused
    with i18n.using("zh-TW"):
        assert typed_day("1\u0660\u0665/1/1") is None
        assert typed_day("\u0662\u0660\u0662\u0666/1/1") is None
