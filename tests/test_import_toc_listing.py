"""`qmsdoc import` reads every 目录 through one reader of its entries (`importer.listing`): a coded 目錄 behind a
manual's cover, alone on its line, or one entry a line with leaders and page numbers; the entries the copy does
not hold are reported grouped — documents, then forms (each drafted blank), one a line, never a group heading."""

from __future__ import annotations

from pathlib import Path

from test_import_web_copy import _read, _said

from qmsdoc.core import i18n

# Seed 004 verbatim: its 目錄 (序號 文件名稱 編碼 頁碼 pasted into one line, numbers glued to codes), here on a line
# of its own with no cover before it, and its first job description's head.
CONTENTS = ("目 錄序號文件名稱編碼頁碼一組織架構(gòu)KF 01二部門職責(zé)KF 02三崗位說明書KF 031客服部經(jīng)理"
            "崗位說明書KF03012客服經(jīng)理助理崗位說明書KF03023客服環(huán)境保潔主管崗位說明書KF03034客服部前臺"
            "崗位說明書KF03045客服部管家崗位說明書KF03056客服部保潔領(lǐng)班崗位說明書KF03067客服部保潔員崗位"
            "說明書KF0307")
FIRST = ("客服部經(jīng)理崗位說明書 KF0301職位名稱客服部經(jīng)理所屬部門客服部直接上級總經(jīng)理直接下級客服"
         "助理、環(huán)境主管定編1人")
# Seed 004 verbatim: two groups of its 目錄 — 管理制度 (KF04) and the records list (KF06) with its forms.
GROUPS = ("四管理制度KF 041員工培訓(xùn)管理制度KF0401客服部前臺值班管理制度KF04022客服部員工行為規(guī)范KF0403"
          "六質(zhì)量記錄清單(附表樣)KF 061 《報事、報修記錄表》QRKF06012 《項目派工單》QRKF0602 3 《郵件簽收登記表》"
          "QRKF0603")


def test_a_coded_contents_page_on_a_line_of_its_own_names_each_document_the_copy_does_not_hold(
        tmp_path: Path) -> None:
    """Fires: with no cover before it, seed 004's 目錄 became a document of its own (titled 「目錄序號文件名稱…」) and
    the six job descriptions it lists that the copy does not hold were never named."""
    chunks, notes = _read(tmp_path, f"客服部工作手冊\n{CONTENTS}\n{FIRST}\n")
    assert [c.title for c in chunks] == ["客服部經理崗位說明書"]
    assert _said(notes, "目录（10 项）未写入正文")
    missing = _said(notes, "目录列出的 8 份文件在正文中没有找到")
    assert len(missing) == 1 and missing[0].line == 2
    lines = missing[0].message.split("\n")[1:]  # one entry a line
    assert lines == ["  - KF01 組織架構", "  - KF02 部門職責", "  - KF0302 客服經理助理崗位說明書",
                     "  - KF0303 客服環境保潔主管崗位說明書", "  - KF0304 客服部前臺崗位說明書",
                     "  - KF0305 客服部管家崗位說明書", "  - KF0306 客服部保潔領班崗位說明書",
                     "  - KF0307 客服部保潔員崗位說明書"]  # KF03 heads the KF03xx group: no missing document


def test_a_contents_page_one_entry_a_line_with_codes_and_leaders_names_what_is_missing(tmp_path: Path) -> None:
    """Fires: a 目录 laid out one entry a line (code, leader dots, page) was only counted; the documents and the
    form it lists that the copy does not hold were never named."""
    text = ("客服部工作手册\n目录\n1 客服部经理岗位说明书 KF0301……3\n2 客服经理助理岗位说明书 KF0302……5\n"
            "3 管理制度 KF04……7\n4 员工培训管理制度 KF0401……8\n5 《回访记录表》 QRKF0605……9\n"
            "客服部经理岗位说明书 KF0301\n职位名称客服部经理所属部门客服部直接上级总经理\n")
    chunks, notes = _read(tmp_path, text)
    assert [c.title for c in chunks] == ["客服部经理岗位说明书"]
    documents = _said(notes, "目录列出的 2 份文件在正文中没有找到")
    assert len(documents) == 1 and documents[0].line == 2
    assert documents[0].message.endswith("：\n  - KF0302 客服经理助理岗位说明书\n  - KF0401 员工培训管理制度")
    forms = _said(notes, "目录列出的 1 个表单在正文中没有找到：已按目录生成空白表单草稿")
    assert len(forms) == 1 and forms[0].message.endswith("：\n  - QRKF0605 回访记录表")


def test_missing_entries_are_grouped_into_documents_and_forms_without_their_group_headings(tmp_path: Path) -> None:
    """Fires: seed 004's missing entries were one line mixing documents, group headings (KF04 管理制度, KF06 質量
    記錄清單) and forms (QRKF0601…); now documents and forms each have a note, one entry a line."""
    chunks, notes = _read(tmp_path, f"{CONTENTS[:13]}{GROUPS}\n{FIRST}\n")
    assert [c.title for c in chunks] == ["客服部經理崗位說明書"]
    missing = _said(notes, "在正文中没有找到")
    assert [n.message for n in missing] == [
        "目录列出的 3 份文件在正文中没有找到，未导入：\n  - KF0401 員工培訓管理制度\n  - KF0402 客服部前臺值班管理制度"
        "\n  - KF0403 客服部員工行為規范",
        "目录列出的 3 个表单在正文中没有找到：已按目录生成空白表单草稿（状态 draft），请按纸质表单补全："
        "\n  - QRKF0601 報事、報修記錄表\n  - QRKF0602 項目派工單"
        "\n  - QRKF0603 郵件簽收登記表"]
    with i18n.using("en"):
        _, english = _read(tmp_path, f"{CONTENTS[:13]}{GROUPS}\n{FIRST}\n")
    with i18n.using("zh_TW"):
        _, traditional = _read(tmp_path, f"{CONTENTS[:13]}{GROUPS}\n{FIRST}\n")
    assert _said(english, "3 documents the table of contents lists were not found in the text", "\n  - KF0401")
    assert _said(english, "3 forms the table of contents lists were not found in the text: a blank form draft")
    assert _said(traditional, "目錄列出的 3 份文件在正文中沒有找到", "\n  - KF0401")
    assert _said(traditional, "目錄列出的 3 個表單在正文中沒有找到：已按目錄產生空白表單草稿")


def test_a_coded_contents_page_whose_documents_are_all_held_and_a_sentence_naming_the_contents_say_nothing(
        tmp_path: Path) -> None:
    """Quiet: every code the 目錄 lists is in the text (a group heading's own code need not be); a sentence that
    names the 目錄 is text, not a 目錄."""
    contents = "目錄序號文件名稱編碼頁碼三崗位說明書KF 031客服部經理崗位說明書KF03012客服經理助理崗位說明書KF0302"
    assistant = "客服部經理助理崗位說明書 KF0302職位名稱經理助理所屬部門客服部直接上級客服部經理"
    chunks, notes = _read(tmp_path, f"{contents}\n{FIRST}\n{assistant}\n詳見本手冊目錄第3頁。\n")
    assert [c.title for c in chunks] == ["客服部經理崗位說明書", "客服部經理助理崗位說明書"]
    assert _said(notes, "目录（3 项）未写入正文")
    assert not _said(notes, "没有找到")
    assert "詳見本手冊目錄第3頁。" in "".join(b.text for b in chunks[1].blocks)


# Seed 000 verbatim (line 87, its 目录 shortened to four entries): a 目录 that gives each code before its title
# (编号 标题), the first document's code and title after it.
SAFETY = ("万国城MOMA长沙服务中心安全管理工作手册\n"
          "DY/AQ 安全管理工作手册目录版号/状态:A/0 编号标题DY/AQ—001 安全组织架构图DY/AQ—002 安全管理部职责DY/AQ—004 "
          "安全队长职责DY/AQ—005 安管员职责DY/AQ—001 安全组织架构图版号/状态:A/0长一、监督、检查各客户服务中心安管队"
          "履行安全管理职责,认真抓好和落实安全工作。\n")


def test_a_contents_page_giving_codes_before_titles_is_cut_out_and_names_the_documents_missing(
        tmp_path: Path) -> None:
    """Fires: seed 000's 安全管理工作手册 kept its 目录 (「编号标题DY/AQ—001 安全组织架构图DY/AQ—002 …」) as the body of
    a document named after the manual, and never said that 27 of the 28 documents it lists are not in the copy."""
    chunks, notes = _read(tmp_path, SAFETY)
    assert [c.title for c in chunks] == ["安全组织架构图"]
    kept = "".join(b.text for b in chunks[0].blocks)
    assert "DY/AQ—002" not in kept and "目录" not in kept and "监督、检查各客户服务中心安管队" in kept
    missing = _said(notes, "目录列出的 3 份文件在正文中没有找到")
    assert len(missing) == 1 and missing[0].line == 2
    # named by their canonical codes (core.codes.narrowed), as a form draft of such a 目录 is numbered
    assert missing[0].message.split("\n")[1:] == ["  - DY/AQ-002 安全管理部职责", "  - DY/AQ-004 安全队长职责",
                                                  "  - DY/AQ-005 安管员职责"]


def test_a_document_the_contents_page_lists_is_found_whatever_dash_its_code_is_written_with(tmp_path: Path) -> None:
    """Quiet: the 目录 writes DY/AQ—002 with a long dash, the text 「DY/AQ-002 安全管理部职责」 with a hyphen: held."""
    chunks, notes = _read(tmp_path, f"{SAFETY}DY/AQ-002 安全管理部职责一、负责安管员的招聘工作。\n")
    assert [c.title for c in chunks] == ["安全组织架构图", "安全管理部职责"]
    missing = _said(notes, "目录列出的 2 份文件在正文中没有找到")
    assert len(missing) == 1 and "DY/AQ—002" not in missing[0].message
