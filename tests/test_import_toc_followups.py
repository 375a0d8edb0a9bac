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
