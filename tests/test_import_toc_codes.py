"""A heading a 目录 lists keeps the number it stands with: the 目录 cuts the text there, and the document is that
number's, not the next free one."""

from __future__ import annotations

from pathlib import Path

from test_import_web_copy import _read

CONTENTS = ("客服部工作手册\n目录\n1 客服部经理岗位说明书 KF0399……3\n2 客服经理助理岗位说明书 KF0398……5\n"
            "3 员工培训管理制度 KF0497……8\n")


def test_a_heading_a_coded_contents_page_cuts_at_keeps_its_number(tmp_path: Path) -> None:
    """Fires: the document was cut at 「客服部经理岗位说明书 KF0399」 with no number, and imported as KF0402, the
    manual's next free one (「没有文件编号：已分配 KF0402」)."""
    chunks, _ = _read(tmp_path, f"{CONTENTS}客服部经理岗位说明书 KF0399\n1.0 目的\n规范。\n")
    assert [(c.title, c.fields.get("id")) for c in chunks] == [("客服部经理岗位说明书", "KF0399")]


def test_a_heading_a_contents_page_cuts_at_without_a_number_gets_none(tmp_path: Path) -> None:
    chunks, _ = _read(tmp_path, "服务手册\n目录\n第一章 总则……1\n第二章 服务规范……3\n第一章 总则\n1.0 目的\n规范。\n"
                                "第二章 服务规范\n2.1 接待\n微笑。\n")
    assert [(c.title, c.fields.get("id")) for c in chunks] == [("总则", None), ("服务规范", None)]
