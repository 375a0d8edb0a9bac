"""An English sign-in sheet is typed up under the headings its training office prints — Employee Name, Dept.,
Date of Training — not only Name, Department, Date: each is read as its column; a sheet without a column for
the person's name is still refused, saying so (QD220)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qmsdoc.acts.signsheet import read_sheet


@pytest.mark.parametrize("header", ["Employee Name,Dept.,Date of Training", "Print Name,Team,Date Trained",
                                    "Trainee Name,Department/Team,Date Signed,Signature",
                                    "Name,Department,Date"])
def test_an_english_sheet_is_read_under_the_headings_people_print(tmp_path: Path, header: str) -> None:
    sheet = tmp_path / "sign-in.csv"
    sheet.write_text(f"{header}\nSiobhán O'Brien,Facilities & Security,2026-12-01\n", "utf-8")
    rows, problems = read_sheet(sheet, 100_000)
    assert problems == []
    assert [(r.person, r.department, r.date) for r in rows] == [
        ("Siobhán O'Brien", "Facilities & Security", dt.date(2026, 12, 1))]


def test_a_sheet_with_no_column_for_the_name_is_still_refused(tmp_path: Path) -> None:
    sheet = tmp_path / "sign-in.csv"
    sheet.write_text("Signature,Dept.,Date of Training\nS. O'Brien,Facilities & Security,2026-12-01\n", "utf-8")
    rows, problems = read_sheet(sheet, 100_000)
    assert rows == [] and [p.code for p in problems] == ["QD220"]
