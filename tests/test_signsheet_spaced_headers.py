"""A sign-in sheet's headings are read as names are (names.name_key): a Chinese sheet lines its headings up with
full-width spaces — 「姓　名」 「部　门」 「日　期」 — and a heading typed on a Chinese keyboard may come out full-width
(「Ｎａｍｅ」); each is the column it says, where they were refused as a sheet with no header (QD220). The names
under them are kept as typed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qmsdoc.acts.signsheet import read_sheet


def _read(tmp_path: Path, text: str) -> list[tuple[str, str, dt.date | None]]:
    sheet = tmp_path / "签到表.csv"
    sheet.write_bytes(text.encode("utf-8-sig"))  # as Excel saves 「CSV UTF-8」: with a BOM
    rows, problems = read_sheet(sheet, 100_000)
    assert problems == [], problems
    return [(r.person, r.department, r.date) for r in rows]


@pytest.mark.parametrize("header", ["姓　名,部　门,日　期", "姓 名,部 门,日 期",
                                    "Ｎａｍｅ,Ｄｅｐａｒｔｍｅｎｔ,Ｄａｔｅ", "姓　名,部　門,簽到日期"])
def test_spaced_or_full_width_headings_are_the_columns_they_say(tmp_path: Path, header: str) -> None:
    assert _read(tmp_path, f"{header}\r\n张　三,客服部,2026-03-01\r\n") == [("张　三", "客服部", dt.date(2026, 3, 1))]


def test_plain_headings_and_excel_quoting_are_read_as_before(tmp_path: Path) -> None:
    """The quiet side: plain headings in either language, a quoted cell with a comma, a cell whose quotes hold a
    line break after the name, and a blank row."""
    text = 'Name,Department,Date\r\n"Li, Ming",客服部,2026-03-01\r\n\r\n"王五\n",客服部,2026-03-02\r\n'
    assert _read(tmp_path, text) == [("Li, Ming", "客服部", dt.date(2026, 3, 1)),
                                     ("王五", "客服部", dt.date(2026, 3, 2))]
    assert _read(tmp_path, "姓名,部门,日期\n张三,客服部,2026-03-01\n") == [("张三", "客服部", dt.date(2026, 3, 1))]


def test_a_heading_that_names_no_column_is_still_refused(tmp_path: Path) -> None:
    sheet = tmp_path / "签到表.csv"
    sheet.write_text("签　名,部　门,日　期\n张三,客服部,2026-03-01\n", "utf-8")
    rows, problems = read_sheet(sheet, 100_000)
    assert rows == [] and [p.code for p in problems] == ["QD220"] and "姓名" in problems[0].message
