"""An English team's files saved as ANSI: Excel's "CSV (Comma delimited)" and Notepad on a Western Windows write
Windows-1252, not UTF-8. Read as GB18030 (a Chinese project's Windows), "Müller" came out with a Chinese character
for "ü" and the letter after it, and a sheet or text with "José" or an en dash before a space was refused."""

from __future__ import annotations

from pathlib import Path

from test_english import CJK
from test_import_english import _english_project, _import

from qmsdoc.acts.signsheet import read_sheet
from qmsdoc.core import i18n
from qmsdoc.importer.blocks import Note
from qmsdoc.importer.text_reader import decode

SHEET = "Name,Department,Date\nBob Müller,Operations,2026-12-05\nJosé O’Brien,Quality Department,2026-12-05\n"
PEOPLE = [("Bob Müller", "Operations"), ("José O’Brien", "Quality Department")]
TEXT = ("WI-05 Cleaning the Test Bench\n\n1. Purpose\n\nTo keep the bench clean “every day” – no exceptions.\n\n"
        "2. Instructions\n\nWipe it down with the operator’s cloth.\n")


def test_an_ansi_sign_in_sheet_is_read_as_windows_1252_in_an_english_project(tmp_path: Path) -> None:
    sheet = tmp_path / "signin.csv"
    sheet.write_bytes(SHEET.encode("cp1252"))
    with i18n.using("en"):
        rows, problems = read_sheet(sheet, 100_000)
    assert not problems and [(row.person, row.department) for row in rows] == PEOPLE, problems


def test_a_utf8_sign_in_sheet_of_an_english_project_is_not_read_as_windows_1252(tmp_path: Path) -> None:
    sheet = tmp_path / "signin.csv"
    sheet.write_bytes(SHEET.encode("utf-8"))  # Windows-1252 would read its bytes too, as "MÃ¼ller"
    with i18n.using("en"):
        rows, problems = read_sheet(sheet, 100_000)
    assert not problems and [(row.person, row.department) for row in rows] == PEOPLE, problems


def test_an_ansi_text_file_is_imported_in_an_english_project(tmp_path: Path) -> None:
    root = _english_project(tmp_path)
    old = tmp_path / "bench.txt"
    old.write_bytes(TEXT.encode("cp1252"))
    code, said = _import(root, str(old), "--manual", "WI", "--title", "Work Instructions")
    assert code == 0 and "read as Windows-1252 (ANSI) text" in said, said
    draft = (root / "manuals" / "wi" / "WI-05.md").read_text("utf-8")
    assert "To keep the bench clean “every day” – no exceptions." in draft and "operator’s cloth" in draft, draft
    assert not CJK.search(draft), draft


def test_an_english_utf8_text_file_is_read_without_a_note_and_gbk_stays_gbk_in_chinese() -> None:
    notes: list[Note] = []
    with i18n.using("en"):
        assert decode(TEXT.encode("utf-8"), "bench.txt", notes) == TEXT
    assert not notes, notes
    chinese = "采购管理程序\n1.0 目的\n确保采购的产品符合要求。\n"
    with i18n.using("zh-CN"):
        assert decode(chinese.encode("gbk"), "采购.txt", notes) == chinese
    assert "GB18030" in notes[0].message, notes
