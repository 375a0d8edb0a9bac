"""A code typed with a space inside (「QRKF 0610」「KF 0301」「QP-02 -03」) is read as the code it is wherever the
importer reads codes — a 质量记录 item, a heading, a Markdown records list — as a 目录 already read it; ordinary
text with a space between letters and a number (「ISO 9001 2015」, 「第 3 条」) is still text."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.core import codes
from qmsdoc.importer.blocks import Note
from qmsdoc.importer.plan import read_file
from qmsdoc.importer.recognise import Draft, draft_from


def _drafts(tmp_path: Path, text: str, suffix: str = ".txt") -> list[Draft]:
    source = tmp_path / f"客服部工作手册{suffix}"
    source.write_text(text, "utf-8")
    notes: list[Note] = []
    return [draft_from(chunk, notes) for chunk in read_file(source, source.name, notes)]


def test_spaced_codes_in_a_records_section_and_a_heading_are_read_as_codes(tmp_path: Path) -> None:
    """Fires: the heading kept 「KF 0301」 in its title and the document had no number; the three 质量记录 items
    stayed text and no form was stubbed."""
    (draft,) = _drafts(tmp_path, "客服部来访接待工作规程 KF 0301\n1.0 目的\n规范来访接待。\n2.0 质量记录\n"
                                 "2.1 QRKF 0610 回访记录表\n2.2 投诉登记表 QP-02 -03\n2.3 KF 0302 接待记录\n")
    assert (draft.title, draft.id) == ("客服部来访接待工作规程", "KF0301")
    assert draft.records == [("QRKF0610", "回访记录表"), ("QP-02-03", "投诉登记表"), ("KF0302", "接待记录")]
    assert [b.text for b in draft.blocks if b.kind == "item"] == ["[[QRKF0610]]", "[[QP-02-03]]", "[[KF0302]]"]


def test_a_spaced_code_in_a_markdown_records_list_is_read_as_a_code(tmp_path: Path) -> None:
    """Fires: 「- QRKF 0610 回访记录表」 under ## 质量记录 was no record."""
    (draft,) = _drafts(tmp_path, "# 客服部来访接待工作规程\n\n## 目的\n\n规范来访接待。\n\n## 质量记录\n\n"
                                 "- QRKF 0610 回访记录表\n", ".md")
    assert draft.records == [("QRKF0610", "回访记录表")]


def test_ordinary_text_with_a_space_before_a_number_is_no_code(tmp_path: Path) -> None:
    """Quiet: a standard's number and year, a clause, a code and a count apart are text, as they were."""
    (draft,) = _drafts(tmp_path, "质量手册 ISO 9001 2015\n1.0 目的\n规范。\n2.0 质量记录\n"
                                 "2.1 ISO 9001 2015 质量管理体系\n2.2 第 3 条 记录保存\n2.3 REV 12 修订单\n")
    assert (draft.title, draft.id) == ("质量手册 ISO 9001 2015", "")
    assert draft.records == []


@pytest.mark.parametrize("text", ["ISO 9001 2015", "ISO 9001", "第 3 条", "A 01", "QR-01 - 2", "Page 01"])
def test_the_spaced_token_reads_no_code_in_ordinary_text(text: str) -> None:
    """Quiet: no spaced reading where the token as written reads none."""
    spaced, written = codes.SPACED_CODE_TOKEN.search(text), codes.CODE_TOKEN.search(text)
    assert spaced is None or written is not None and spaced[0] == written[0]


@pytest.mark.parametrize(("text", "code"), [("QRKF 0610", "QRKF0610"), ("QP-02 -03", "QP-02-03"),
                                            ("KF 0301", "KF0301"), ("QP-02- 03", "QP-02-03"),
                                            ("ＱＲＫＦ　０６１０", "QRKF0610")])
def test_the_spaced_token_reads_a_spaced_code_whole(text: str, code: str) -> None:
    match = codes.SPACED_CODE_TOKEN.fullmatch(text)
    assert match is not None and codes.normalise(match[0]) == code


@pytest.mark.parametrize(("heading", "title", "code"), [
    ("客服部经理岗位说明书 KF 0301", "客服部经理岗位说明书", "KF0301"),
    ("QP-02 -03 文件控制程序", "文件控制程序", "QP-02-03"),
    ("ISO 9001 质量手册", "ISO 9001 质量手册", "")])
def test_a_word_heading_1_gives_the_number_it_stands_with(tmp_path: Path, heading: str, title: str, code: str) -> None:
    """Fires: a Word file's 标题 1 kept its number (spaced or not) in its title and the document had none, where the
    same heading in text was read as title and number. Quiet: a standard's number is no document's."""
    import docx

    document = docx.Document()
    document.add_heading(heading, level=1)
    for line in ("1.0 目的", "规范。"):
        document.add_paragraph(line)
    source = tmp_path / "程序.docx"
    document.save(str(source))
    notes: list[Note] = []
    (draft,) = [draft_from(chunk, notes) for chunk in read_file(source, source.name, notes)]
    assert (draft.title, draft.id) == (title, code)
