"""`qmsdoc import` of a 目录 laid out one entry a line (`importer.toc`): with page numbers it cuts the text after it
where its chapters begin, as a 目录 on one line does; without page numbers it is a 目录 only when every entry stands
again later as a line of its own; the forms it lists (附表一 …) are named as forms, never cut as documents. Test
data: excerpts of seed 000 (lines 57 and 182), laid out as such a 目录 would be."""

from __future__ import annotations

from pathlib import Path

from test_import_web_copy import _read, _said

from qmsdoc.importer.markdown import body

# Seed 000 line 57: the 目录 of 供水公司客户服务工作手册, one entry a line, and the start of its first chapter.
WATER = ("供水公司客户服务工作手册\n目录\n"
         "第一章客户服务中心服务守则-------------------------------------------- 5\n"
         "1.1 基本道德和技能 5\n"
         "第二章客户服务中心窗口服务规范---------------------------------------- 7\n"
         "第三章客户服务中心电话接线员服务规范-----------------------------------9\n"
         "第一章客户服务中心服务守则\n"
         "为了加强供水服务工作充分体现“以客户为中心”的服务理念规范供水服务行为提升优质服务水平。\n"
         "1.1 服务人员应严格遵守国家法律、法规及本企业规章制度。\n"
         "第二章客户服务中心窗口服务规范\n"
         "1.1 服务人员应严格遵守国家法律、法规及本企业规章制度。\n")
# Seed 000 line 182: the chapters of XX中心员工手册's 目录 without their page numbers, and its chapters' words.
STAFF_CONTENTS = "XX中心员工手册\n目录\n第一章总则\n第二章机构简介\n第三章入职指引\n"
STAFF_TEXT = ("第一章总则\n“用生命影响生命,用真情触动真情。”\n"
              "第二章机构简介\n本手册将向你介绍本机构的运作模式、奉行原则、价值观及相关规章制度等。\n"
              "第三章入职指引\n简要说明你在XX社工的基本权利义务以及待遇等。\n")


def test_a_contents_page_one_entry_a_line_cuts_the_text_at_its_chapters(tmp_path: Path) -> None:
    """Fires: the 目录 was left out, but its chapters stayed one document titled by the manual, and the chapter
    the text does not hold was never named."""
    chunks, notes = _read(tmp_path, WATER)
    assert [c.title for c in chunks] == ["客户服务中心服务守则", "客户服务中心窗口服务规范"]
    assert "目录" not in body(chunks[0].blocks) and "-----" not in body(chunks[0].blocks)
    assert _said(notes, "目录（4 项）未写入正文：按目录拆分其后的文字")
    missing = _said(notes, "目录列出的 1 份文件在正文中没有找到")
    assert len(missing) == 1 and missing[0].line == 2
    assert missing[0].message.endswith("：\n  - 第三章客户服务中心电话接线员服务规范")


def test_a_contents_page_of_clauses_or_english_sections_one_a_line_is_only_left_out(tmp_path: Path) -> None:
    """Quiet: a 目录 whose entries are clauses (1.1, 1.2) lists no documents; English `1. Purpose …… 3` entries are
    sections of one document. Both are left out of the body and cut nothing."""
    chunks, notes = _read(tmp_path, "服务守则\n目录\n1.1 基本道德和技能 5\n1.2 服务态度 6\n"
                                    "1.0 目的\n规范服务。\n2.0 范围\n客户服务中心。\n")
    assert len(chunks) == 1 and "基本道德" not in body(chunks[0].blocks)
    assert _said(notes, "目录（2 项，第 2–4 行）未写入正文")
    assert not _said(notes, "按目录拆分")
    chunks, notes = _read(tmp_path, "Incoming Inspection\nContents\n1. Purpose ........ 1\n2. Scope ........ 1\n"
                                    "3. Procedure ........ 2\n1. Purpose\nInspect goods.\n2. Scope\nAll goods.\n"
                                    "3. Procedure\nCheck each delivery.\n")
    assert [c.title for c in chunks] == ["Incoming Inspection"]
    assert not _said(notes, "按目录拆分")


def test_a_contents_page_without_page_numbers_whose_titles_come_again_cuts_at_them(tmp_path: Path) -> None:
    """Fires: 目录 over its chapters' titles without page numbers became a document of its own, titled 目录, and
    the chapters one document with a placeholder title."""
    chunks, notes = _read(tmp_path, STAFF_CONTENTS + STAFF_TEXT)
    assert [c.title for c in chunks] == ["总则", "机构简介", "入职指引"]
    assert "用生命影响生命" in body(chunks[0].blocks) and "第二章" not in body(chunks[0].blocks)
    assert _said(notes, "目录（3 项）未写入正文：按目录拆分其后的文字")
    assert not _said(notes, "在正文中没有找到")


def test_lines_under_a_contents_heading_that_do_not_all_come_again_stay_text(tmp_path: Path) -> None:
    """Quiet: when one title (第二章机构简介) never stands again as a line, the lines under 目录 are not taken for
    one: nothing is cut by them and their text is kept."""
    text = STAFF_CONTENTS + STAFF_TEXT.replace("第二章机构简介\n", "")
    chunks, notes = _read(tmp_path, text)
    assert not _said(notes, "按目录拆分") and not _said(notes, "未写入正文")
    assert any("机构简介" in body(c.blocks) for c in chunks)  # the lines under 目录, kept as they were


# Seed 000 line 57's first chapters, with forms its 目录 lists after them, as manuals list their 附表.
FORMS = ("供水公司客户服务工作手册\n目录第一章客户服务中心服务守则---- 5第二章客户服务中心窗口服务规范---- 7"
         "附表一 用水登记表---- 9附表二 水表验收记录表---- 10\n"
         "第一章客户服务中心服务守则1.1 服务人员应严格遵守国家法律、法规及本企业规章制度。\n"
         "第二章客户服务中心窗口服务规范1.1 窗口服务人员应按时上岗。\n"
         "附表一 用水登记表\n户名 地址 用水性质\n")


def test_forms_a_contents_page_lists_are_named_as_forms_and_never_cut_as_documents(tmp_path: Path) -> None:
    """Fires: 附表一 用水登记表, which the text holds, became a document titled 「一 用水登记表」 and was never named
    as a form; the one the text does not hold was named as a form already."""
    chunks, notes = _read(tmp_path, FORMS)
    assert [c.title for c in chunks] == ["客户服务中心服务守则", "客户服务中心窗口服务规范"]
    assert "户名 地址 用水性质" in body(chunks[1].blocks)  # the form's text stays where it stands
    held = _said(notes, "目录列出的 1 个表单的内容留在其前一份文件的正文中，未生成表单草稿")
    assert len(held) == 1 and held[0].message.endswith("：\n  - 附表一用水登记表")
    missing = _said(notes, "目录列出的 1 个表单在正文中没有找到：已按目录生成空白表单草稿")
    assert len(missing) == 1 and missing[0].message.endswith("：\n  - 附表二水表验收记录表")
    assert not _said(notes, "份文件在正文中没有找到")


def test_an_annex_that_names_no_form_is_still_a_document_of_its_own(tmp_path: Path) -> None:
    """Quiet: 附录一 服务承诺 names no form: it starts a document, as before."""
    text = FORMS.replace("附表一 用水登记表", "附录一 服务承诺").replace("附表二 水表验收记录表---- 10", "")
    chunks, notes = _read(tmp_path, text.replace("户名 地址 用水性质", "我们承诺按时办结。"))
    assert [c.title for c in chunks][:2] == ["客户服务中心服务守则", "客户服务中心窗口服务规范"]
    assert len(chunks) == 3 and chunks[2].title.endswith("服务承诺")
    assert not _said(notes, "表单")


def test_a_records_list_among_a_contents_page_of_clauses_is_not_reported_as_a_form(tmp_path: Path) -> None:
    """Quiet: seed 000 line 197's 目录 of clauses (which cut nothing) ends with 6. 0服务用心质量记录清单, a section
    listing the forms; it is no form of its own and is not named as a missing one."""
    text = ("1. 0 项目部组织结构 (3)2. 0 服务中心质量目标 (4)3. 0 岗位说明书 (5)5.11绿化管理外委合同(略)"
            "6. 0服务用心质量记录清单 (75)1.0目 的明确项目部组织结构及工作职责.保证项目部工作正常运行。\n")
    _, notes = _read(tmp_path, text)
    assert _said(notes, "目录（5 项）未写入正文")
    assert not _said(notes, "表单")


# Seed 004's 目錄 entries one a line (as test_import_toc_listing lays them out) and two of its job descriptions as
# the seed pastes them, glued into one line: 「…直接下級客服助理、環境主管定編1人 客服部經理助理崗位說明書 KF0302…」.
# (The 目錄 entry takes the title the text has: the seed's 目錄 says 客服經理助理, its heading 客服部經理助理.)
CODED = ("客服部工作手冊\n目錄\n1 客服部經理崗位說明書 KF0301……3\n2 客服部經理助理崗位說明書 KF0302……5\n"
         "3 客服部前臺崗位說明書 KF0304……7\n"
         "客服部經理崗位說明書 KF0301職位名稱客服部經理所屬部門客服部直接上級總經理直接下級客服助理、環境主管定編1人"
         " 客服部經理助理崗位說明書 KF0302職位名稱經理助理所屬部門客服部直接上級客服部經理直接下級管家、前臺定編1人\n")


def test_a_coded_contents_page_one_entry_a_line_cuts_the_text_at_each_code(tmp_path: Path) -> None:
    """Fires: one entry a line, the coded 目錄 was only counted, so the second job description, glued to the first,
    stayed in its 直接下級 cell; on one line it cut the text there already."""
    chunks, notes = _read(tmp_path, CODED)
    assert [c.title for c in chunks] == ["客服部經理崗位說明書", "客服部經理助理崗位說明書"]
    assert "KF0302" not in body(chunks[0].blocks)
    assert _said(notes, "目录（3 项）未写入正文：按目录拆分其后的文字")
    missing = _said(notes, "目录列出的 1 份文件在正文中没有找到")
    assert len(missing) == 1 and missing[0].message.endswith("：\n  - KF0304 客服部前臺崗位說明書")


def test_a_listed_code_at_a_line_s_end_over_a_numbered_line_is_found(tmp_path: Path) -> None:
    """Fires: the lines were read glued, 「…KF0401」 and 「1.0 目的」 as KF04011.0, so 員工培訓管理制度, which the text
    holds, was named as missing."""
    text = CODED.split("客服部經理崗位說明書 KF0301職位")[0].replace("KF0304", "KF0401").replace(
        "客服部前臺崗位說明書", "員工培訓管理制度")
    chunks, notes = _read(tmp_path, text + "員工培訓管理制度 KF0401\n1.0 目的\n規範培訓。\n")
    assert [c.title for c in chunks] == ["員工培訓管理制度"]
    missing = _said(notes, "目录列出的 2 份文件在正文中没有找到")
    assert len(missing) == 1 and "KF0401" not in missing[0].message, missing
