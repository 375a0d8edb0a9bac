"""A 目录's entries meet the text a little apart from how it lists them: a coded entry's heading whose title differs
by a word (seed 004: 目錄 「客服經理助理崗位說明書」, heading 「客服部經理助理崗位說明書」), forms it lists that the
text does not hold (drafted as blank forms), and a heading glued to its text under a 目录 without page numbers."""

from __future__ import annotations

from pathlib import Path

from test_import import _empty_project
from test_import_toc_lines import FORMS
from test_import_toc_listing import CONTENTS, FIRST, GROUPS
from test_import_web_copy import _read, _said

from qmsdoc.core import load_config
from qmsdoc.importer.plan import ImportPlan, plan_import
from qmsdoc.importer.writer import form_text

from conftest import Project, copy_project

# Seed 004 verbatim: the second job description's head, its title with 部 the 目錄 leaves out.
SECOND = ("相關(guān)說明編制人數(shù)審核人員批準(zhǔn)人員編制日期審核日期批準(zhǔn)日期 "
          "客服部經(jīng)理助理崗位說明書 KF0302職位名稱經(jīng)理助理所屬部門客服部"
          "直接上級客服部經(jīng)理直接下級管家、前臺定編1人")


def test_a_coded_entry_cuts_where_its_code_stands_with_a_title_a_word_apart(tmp_path: Path) -> None:
    """Fires: the 目錄 lists KF0302 as 客服經理助理崗位說明書, the heading says 客服部經理助理崗位說明書: the text was
    not cut there, and the second job description stayed inside the first."""
    chunks, notes = _read(tmp_path, f"客服部工作手冊\n{CONTENTS}\n{FIRST}{SECOND}\n")
    assert [c.title for c in chunks] == ["客服部經理崗位說明書", "客服部經理助理崗位說明書"]
    missing = _said(notes, "目录列出的 7 份文件在正文中没有找到")
    assert len(missing) == 1 and "KF0302" not in missing[0].message


def test_a_coded_entry_does_not_cut_at_its_code_beside_another_title(tmp_path: Path) -> None:
    """Quiet: KF0302 standing beside a title three characters or more apart (here a cross-reference) is no heading."""
    text = f"客服部工作手冊\n{CONTENTS}\n{FIRST}職責詳見客服前臺值班規定 KF0302。\n"
    chunks, _ = _read(tmp_path, text)
    assert [c.title for c in chunks] == ["客服部經理崗位說明書"]


# A 目录 without page numbers, its chapters standing again below it, the later two glued to their first clause.
GLUED = ("服务窗口工作手册\n目录\n第一章 总则\n第二章 服务要求\n第三章 服务规范\n第一章 总则\n"
         "1.1 本手册适用于政务服务中心各窗口。\n第二章 服务要求 2.1 窗口人员应提前十分钟到岗。\n"
         "第三章 服务规范 3.1 着装整洁，佩戴工作牌。\n")


def test_a_heading_glued_to_its_first_clause_counts_as_the_contents_title_coming_back(tmp_path: Path) -> None:
    """Fires: 「第二章 服务要求 2.1 …」 on one line did not count as the title coming back, so the 目录's lines
    were read as text and the three chapters were never cut as its documents."""
    chunks, notes = _read(tmp_path, GLUED)
    assert [c.title for c in chunks] == ["总则", "服务要求", "服务规范"]
    assert _said(notes, "目录（3 项）")


def test_a_line_that_only_begins_with_a_contents_title_is_not_its_heading(tmp_path: Path) -> None:
    """Quiet: a 目录 title glued to text that is no clause (「第二章 服务要求如下：」) does not come back, and a title
    without a number (总则) does not come back at the start of a sentence: the lines stay text, as before."""
    for text in (GLUED.replace("第二章 服务要求 2.1 窗口", "第二章 服务要求如下：窗口"),
                 GLUED.replace("第二章 服务要求", "服务要求")):
        chunks, notes = _read(tmp_path, text)
        assert not _said(notes, "目录（3 项）")


def _plan(project: Project, text: str, manual: str = "GSKF") -> ImportPlan:
    source = project.root / "手册.txt"
    source.write_text(text, "utf-8")
    return plan_import(load_config(project.root), [source], manual)


def test_a_form_the_contents_lists_and_the_text_does_not_hold_gets_a_blank_draft(tmp_path: Path) -> None:
    """Fires: 附表二 水表验收记录表 (and seed 004's 《報事、報修記錄表》 QRKF0601…) were only named as missing: no form
    draft was made, so each had to be written by hand from the report."""
    plan = _plan(_empty_project(tmp_path), FORMS)
    # 附表一 is in the text; a number the import gives names no owner
    assert [(s.code, s.title, s.owner) for s in plan.forms] == [("GSKF-F01", "水表验收记录表", "待填写")]
    written = form_text(plan.forms[0])
    assert "status: draft" in written and "title: 水表验收记录表" in written
    assert "手册.txt:2" in written and "附表二水表验收记录表" in written  # its source: the 目录's line and entry
    drafted = [n for n in plan.notes if "已按目录生成空白表单草稿" in n.message]
    assert len(drafted) == 1 and drafted[0].message.endswith("\n  - 附表二水表验收记录表 → GSKF-F01")
    (tmp_path / "coded").mkdir()
    coded = _plan(_empty_project(tmp_path / "coded"), f"{CONTENTS[:13]}{GROUPS}\n{FIRST}\n", "KF")
    assert [(s.code, s.title, s.owner) for s in coded.forms] == [
        ("QRKF0601", "報事、報修記錄表", "待填写"), ("QRKF0602", "項目派工單", "待填写"),
        ("QRKF0603", "郵件簽收登記表", "待填写")]  # the 目錄 names no owner: the report says to fill it in
    assert any("QRKF0601、QRKF0602、QRKF0603 的归口文件" in n.message for n in coded.notes)


def _listed_in_project(tmp_path: Path) -> ImportPlan:
    text = FORMS.replace("附表二 水表验收记录表", "附表二 业户来访及投诉记录表")
    return _plan(copy_project(tmp_path), text.replace("---- 10", "---- 10附表---- 11"))


def test_a_listed_form_the_project_already_has_or_that_names_no_title_gets_no_draft(tmp_path: Path) -> None:
    """Quiet: a listed form whose title a form of the project has (LNXC-1-02-F01 业户来访及投诉记录表) gets no second
    draft, and a bare 「附表」 names no form to draft — as the shipped 鲁能星城 import's 目录 lists it."""
    plan = _listed_in_project(tmp_path)
    assert plan.forms == []
    assert any("未生成表单草稿" in n.message and n.message.endswith("\n  - 附表") for n in plan.notes)


def test_a_listed_form_the_project_already_has_is_named_with_its_number(tmp_path: Path) -> None:
    """Fires: the report said only that 业户来访及投诉记录表 was not found, not that LNXC-1-02-F01 is that form."""
    plan = _listed_in_project(tmp_path)
    assert any(n.message.endswith("\n  - 附表二业户来访及投诉记录表（已有 LNXC-1-02-F01）") for n in plan.notes)
