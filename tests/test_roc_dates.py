"""Taiwan's 民國 years (民國115年 is 2026): Excel in Taiwan shows a date as 115/12/07, and a sign-in sheet typed up
there said so; read in a Traditional Chinese project, with three digits only (26/12/07 may be 2026 or 民國26年), and
refused as before in a Simplified Chinese or English one."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.core import i18n
from qmsdoc.core.days import typed_day
from qmsdoc.core.errors import UsageError


@pytest.mark.parametrize(("typed", "day"), [
    ("115/12/07", "2026-12-07"), ("115/12/7", "2026-12-07"), ("115-12-07", "2026-12-07"), ("115.12.7", "2026-12-07"),
    ("115年12月7日", "2026-12-07"), ("民國115年12月7日", "2026-12-07"), ("民國 115/12/07", "2026-12-07"),
    ("１１５／１２／７", "2026-12-07"), ("100/1/1", "2011-01-01"), ("115/12/7 9:30", "2026-12-07"),
    ("2026/12/7", "2026-12-07"),  # the Western year, still read
])
def test_a_traditional_chinese_project_reads_a_min_guo_year(typed: str, day: str) -> None:
    with i18n.using("zh-TW"):
        assert str(typed_day(typed)) == day


@pytest.mark.parametrize("typed", [
    "26/12/07",  # two digits: 2026 or 民國26年 (1937)?
    "99/12/07", "215/12/07", "115/13/07", "115/02/30", "民國115年", "公元115年12月7日",
])
def test_a_traditional_chinese_project_refuses_a_day_no_reading_makes_sure(typed: str) -> None:
    with i18n.using("zh-TW"):
        assert typed_day(typed) is None


@pytest.mark.parametrize("code", ["zh-CN", "en"])
def test_other_languages_still_refuse_a_three_digit_year(code: str) -> None:
    with i18n.using(code):
        assert typed_day("115/12/07") is None
        assert str(typed_day("2026/12/7")) == "2026-12-07"


def test_a_big5_sign_in_sheet_dated_in_min_guo_years_is_read(tmp_path: Path) -> None:
    from qmsdoc.acts.signsheet import read_sheet

    sheet = tmp_path / "簽到表.csv"
    sheet.write_bytes("姓名,部門,日期\n王大明,品保部,115/12/07\n李小華,製造部,2026/12/7\n陳美玲,財務部,26/12/07\n"
                      .encode("cp950"))
    with i18n.using("zh-TW"):
        rows, problems = read_sheet(sheet, 100_000)
    assert not problems, problems
    assert [(row.person, str(row.date)) for row in rows] == [
        ("王大明", "2026-12-07"), ("李小華", "2026-12-07"), ("陳美玲", "None")]


def test_a_refused_day_in_a_traditional_chinese_project_shows_the_min_guo_form() -> None:
    from qmsdoc.core.days import day_given

    with i18n.using("zh-TW"):
        with pytest.raises(UsageError) as refused:
            day_given("26/12/07")
        assert str(day_given("115/12/07")) == "2026-12-07"
    assert "民國" in str(refused.value), refused.value
