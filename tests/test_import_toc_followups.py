"""A 目录's entries meet the text a little apart from how it lists them: a coded entry's heading whose title differs
by a word (seed 004: 目錄 「客服經理助理崗位說明書」, heading 「客服部經理助理崗位說明書」), forms it lists that the
text does not hold (drafted as blank forms), and a heading glued to its text under a 目录 without page numbers."""

from __future__ import annotations

from pathlib import Path

from test_import_toc_listing import CONTENTS, FIRST
from test_import_web_copy import _read, _said

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
