"""A spreadsheet in Taiwan's words: a column is 欄 and a row 列 (the mainland's 列 is Taiwan's column's opposite), a
cell 儲存格 (not 單元格), Excel's General format 通用格式 (not 常規), a paper copy 紙本 (not 紙質). OpenCC's
conversion kept the mainland words, so a Taiwan officer told a sign-in sheet lacked its 部門 「列」 looked for a row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qmsdoc.core import i18n

# Mainland spreadsheet words a Taiwan reader misreads: a column as 列 after a column's name, cells, Excel's format.
MAINLAND_SHEET_WORDS = re.compile(r"單元格|单元格|紙質|纸质|常規|常规|各列|多餘的一列|多余的一列"
                                  r"|\} 列(?![出印為为表舉举入])")


def test_the_traditional_catalogue_writes_no_mainland_spreadsheet_word() -> None:
    found = {key: MAINLAND_SHEET_WORDS.findall(text) for key, text in i18n.languages()["zh-TW"].messages.items()}
    assert not {key: words for key, words in found.items() if words}


def test_the_simplified_catalogue_keeps_the_mainlands_words() -> None:
    """The detector finds them where they belong: the mainland's catalogue says 单元格 and 列 for a column."""
    said = i18n.languages()["zh-CN"].messages
    assert MAINLAND_SHEET_WORDS.search(said["acks.sheet.no_header"]), said["acks.sheet.no_header"]
    assert MAINLAND_SHEET_WORDS.search(said["import.merged_cells"]), said["import.merged_cells"]


@pytest.mark.parametrize(("code", "column"), [("zh-TW", "欄"), ("zh-CN", "列")])
def test_a_sheet_lacking_a_column_names_it_as_the_readers_spreadsheet_does(tmp_path: Path, code: str,
                                                                             column: str) -> None:
    from qmsdoc.acts.signsheet import read_sheet

    sheet = tmp_path / "signin.csv"
    sheet.write_bytes("姓名,日期\n王大明,2026-12-07\n".encode(i18n.languages()[code].legacy_encoding))
    with i18n.using(code):
        _, problems = read_sheet(sheet, 100_000)
    said = " ".join(problem.message for problem in problems)
    assert re.search(rf"缺少 \S+ {column}", said), said
