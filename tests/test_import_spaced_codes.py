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


@pytest.mark.parametrize(("text", "code"), [("DY/AQ -001", "DY/AQ-001"), ("DY/AQ- 001", "DY/AQ-001"),
                                            ("DY / AQ-001", "DY/AQ-001"), ("DY/AQ 001", "DY/AQ001"),
                                            ("QP -02-03", "QP-02-03")])
def test_a_code_with_a_slash_group_or_a_space_before_its_dash_is_read_whole(text: str, code: str) -> None:
    """Fires: 「DY/AQ -001」 was no code at all to any reader but a 目录's, which kept patterns of its own."""
    for token in (codes.SPACED_CODE_TOKEN, codes.TITLED_CODE_TOKEN):
        match = token.fullmatch(text)
        assert match is not None and codes.normalise(match[0]) == code


@pytest.mark.parametrize("text", ["and / or-1", "and/or -1", "GB/T 19001", "A/B 12", "DY/AQ - 001"])
def test_a_slash_between_words_is_no_spaced_code(text: str) -> None:
    """Quiet: lower-case words, a standard's number, a dash with a space on both sides stay text."""
    spaced, written = codes.SPACED_CODE_TOKEN.match(text), codes.CODE_TOKEN.match(text)
    assert spaced is None or written is not None and spaced[0] == written[0]


@pytest.mark.parametrize("code", ["DY/AQ -001", "QP -02-03", "KF 0301", "DY/AQ-001"])
@pytest.mark.parametrize("before", [True, False])
def test_a_text_heading_over_its_purpose_gives_its_spaced_number_before_or_after_the_title(
        tmp_path: Path, code: str, before: bool) -> None:
    """Fires: 「DY/AQ -001 安全管理制度」 over 1.0 目的 kept the number in its title and the document had none (the
    heading was read for a number after its title only, and 「DY/AQ -001」 not even there)."""
    heading = f"{code} 安全管理制度" if before else f"安全管理制度 {code}"
    (draft,) = _drafts(tmp_path, f"{heading}\n1.0 目的\n规范安全管理。\n")
    assert (draft.title, draft.id) == ("安全管理制度", codes.normalise(code))


def test_a_text_heading_with_a_standard_before_its_title_keeps_it() -> None:
    """Quiet: a standard's number before a title is the title's."""
    from qmsdoc.importer.splitter import heading_number
    assert heading_number("ISO 9001 质量手册") is None


def test_a_word_heading_and_records_table_read_a_slash_code_with_a_space(tmp_path: Path) -> None:
    """Fires: a 标题 1 「安全管理制度 DY/AQ -001」 kept the number in its title, and a 质量记录 table's
    「DY/AQ -001-F01」 was no form."""
    import docx

    document = docx.Document()
    document.add_heading("安全管理制度 DY/AQ -001", level=1)
    for line in ("1.0 目的", "规范。", "2.0 质量记录"):
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ("编号", "名称", "DY/AQ -001-F01", "安全检查表"), strict=True):
        cell.text = text
    source = tmp_path / "安全.docx"
    document.save(str(source))
    notes: list[Note] = []
    (draft,) = [draft_from(chunk, notes) for chunk in read_file(source, source.name, notes)]
    assert (draft.title, draft.id) == ("安全管理制度", "DY/AQ-001")
    assert draft.records == [("DY/AQ-001-F01", "安全检查表")]


def test_a_bare_spaced_code_in_the_body_links_a_known_document() -> None:
    """Fires: 「见 DY/AQ -001」 stayed text though DY/AQ-001 was imported with it."""
    from qmsdoc.importer.blocks import Block
    from qmsdoc.importer.recognise import link

    body = [Block("paragraph", "见 DY/AQ -001 与 ISO 9001。", 3)]
    draft = Draft("a.txt", 1, "安全检查规程", id="DY/AQ-002", blocks=body)
    link(draft, {}, {"DY/AQ-001", "DY/AQ-002"})
    assert draft.blocks[0].text == "见 [[DY/AQ-001]] 与 ISO 9001。"


def test_a_glued_line_is_cut_before_a_title_and_its_spaced_code() -> None:
    """Fires: 「…。安全管理制度 DY/AQ -001 …」 in one long line was not cut there (the glued-title reader had its own
    code pattern)."""
    from qmsdoc.importer.text_reader import TITLED_CODE
    line = "上一文件的末句。安全管理制度 DY/AQ -001 1.0 目的"
    assert [m.start() for m in TITLED_CODE.finditer(line)] == [line.index("安全")]
    assert TITLED_CODE.search("上一文件的末句。质量管理制度 ISO 9001 1.0 目的") is None


OLD_LISTINGS = [  # 目录 shapes the listing reader read with patterns of its own, read the same by the one token
    ("目錄序號文件名稱編碼頁碼一組織架構KF 01二部門職責KF 02三崗位說明書KF 031客服部經理崗位說明書KF03012客服部經理助理"
     "崗位說明書KF03023管家崗位說明書KF0303",
     [("KF01", "組織架構"), ("KF02", "部門職責"), ("KF03", "崗位說明書"), ("KF0301", "客服部經理崗位說明書"),
      ("KF0302", "客服部經理助理崗位說明書"), ("KF0303", "管家崗位說明書")]),
    ("编号标题DY/AQ—001 安全组织架构图DY/AQ—002 安全管理部职责DY/AQ—003 安全员职责", None),
    ("目录版号/状态:A/0 编号标题DY/AQ-001 安全组织架构图DY/AQ-002 安全管理部职责DY/AQ-003 安全员职责DY/AQ-001", None),
    ("编号标题DY / AQ-001 安全组织架构图DY / AQ-002 安全管理部职责DY / AQ-003 安全员职责", None),
    ("1 客服部經理崗位說明書 KF0301……3 2 客服部經理助理崗位說明書 KF0302……5 3 管家崗位說明書 KF0303……7",
     [("KF0301", "客服部經理崗位說明書"), ("KF0302", "客服部經理助理崗位說明書"), ("KF0303", "管家崗位說明書")]),
    ("8《郵件代收發標準作業規程》KF05089《住戶投訴處理標準作業規程》KF050910《回訪標準作業規程》KF0510",
     [("KF0508", "郵件代收發標準作業規程"), ("KF0509", "住戶投訴處理標準作業規程"), ("KF0510", "回訪標準作業規程")]),
    ("一質量記錄清單KF06 1來訪登記表QRKF06012回訪記錄表QRKF—06023投訴登記表ＱＲＫＦ０６０３",
     [("KF06", "質量記錄清單"), ("QRKF0601", "來訪登記表"), ("QRKF-0602", "回訪記錄表"), ("QRKF0603", "投訴登記表")]),
    ("编号标题QP-02-01 文件控制程序QP-02-02 记录控制程序QP-02-03 内部审核程序",
     [("QP-02-01", "文件控制程序"), ("QP-02-02", "记录控制程序"), ("QP-02-03", "内部审核程序")]),
    ("目录第一章 总则……3第二章 服务守则……5第三章 服务流程……9", []),
]
_SAFETY = [("DY/AQ-001", "安全组织架构图"), ("DY/AQ-002", "安全管理部职责"), ("DY/AQ-003", "安全员职责")]


@pytest.mark.parametrize(("text", "entries"), OLD_LISTINGS)
def test_the_listing_reads_the_codes_it_read_before(text: str, entries: list[tuple[str, str]] | None) -> None:
    """Quiet: every 目录 shape the listing's own patterns read gives the same entries through the core token."""
    from qmsdoc.importer.listing import coded_entries
    assert coded_entries(text) == (_SAFETY if entries is None else entries)


@pytest.mark.parametrize("text", [
    "编号标题DY/AQ -001 安全组织架构图DY/AQ -002 安全管理部职责DY/AQ -003 安全员职责",
    "1 安全组织架构图 DY/AQ -001……3 2 安全管理部职责 DY/AQ -002……5 3 安全员职责 DY/AQ -003……7",
    "1 安全组织架构图 DY/AQ-001……3 2 安全管理部职责 DY/AQ-002……5 3 安全员职责 DY/AQ-003……7"])
def test_the_listing_reads_a_slash_code_after_its_title_and_spaced(text: str) -> None:
    """Fires: a 目录 listing 「安全组织架构图 DY/AQ -001……3」 one entry after another was read as no coded 目录."""
    from qmsdoc.importer.listing import coded_entries
    assert coded_entries(text) == _SAFETY


def test_the_listing_takes_no_standard_for_a_code() -> None:
    """Fires: 「一、总则 ISO 9001 二、范围 ISO 9002 …」 was a coded 目录 of ISO9001, ISO9002, ISO9003."""
    from qmsdoc.importer.listing import coded_entries
    assert coded_entries("一、总则 ISO 9001 二、范围 ISO 9002 三、引用 ISO 9003") == []


def _pieces(tmp_path: Path, text: str) -> list[str]:
    from qmsdoc.importer.text_reader import read_lines
    source = tmp_path / "安全手册.txt"
    source.write_text(text, "utf-8")
    return [line.text for line in read_lines(source, source.name, [], None)]


@pytest.mark.parametrize("dash", ["—", " -", ""])
def test_a_code_first_listing_in_a_long_line_is_not_cut_at_its_titles(tmp_path: Path, dash: str) -> None:
    """Fires: 「…DY/AQ—004 大堂门岗工作规程DY/AQ—005 巡逻岗岗位职责…」, a 目录 giving codes first, was cut before
    大堂门岗工作规程 as if a document began there (its title glued to the next entry's code) once the glued-line
    reader read slash codes. Quiet: the same 目录 of KF codes."""
    entries = ["安全组织架构图", "安全管理部职责", "安全队长职责", "大堂门岗工作规程", "巡逻岗岗位职责",
               "巡逻岗工作规程", "消防控制中心管理制度", "停车场工作规程", "对讲机使用管理规定", "应急事故处理",
               "安管员奖惩制度"]
    prefix = "DY/AQ" if dash else "KF"
    listing = "".join(f"{prefix}{dash}{n:03d} {title}" for n, title in enumerate(entries, 1))
    pieces = _pieces(tmp_path, f"安全管理工作手册目录编号标题{listing}{prefix}{dash}001 安全组织架构图\n")
    assert not any(piece.startswith(("大堂门岗", "巡逻岗", "消防控制")) for piece in pieces)


def test_a_document_glued_after_a_group_code_is_still_cut(tmp_path: Path) -> None:
    """Quiet: 「三、崗位說明書 KF03 客服部經理崗位說明書 KF0301職位名稱…」: a group's code before a job description's
    title is no 目录 entry, the description starts there."""
    body = "職位名稱客服部經理所屬部門客服部直接上級總經理。" * 12
    front = "一、組織架構 KF01 二、部門職責 KF02 三、崗位說明書 KF03 "
    pieces = _pieces(tmp_path, f"{front}客服部經理崗位說明書 KF0301{body}\n")
    assert any(piece.startswith("客服部經理崗位說明書 KF0301") for piece in pieces)
