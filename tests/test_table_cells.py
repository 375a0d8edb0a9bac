"""QD166: a table row with more cells than its table has columns. The parse shows as many cells as the delimiter row
has (GFM too) and drops the rest: the site, the Word and the PDF copy all lose that text without a word."""

from __future__ import annotations

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.render import render_markdown

from conftest import Project

DOC = "manuals/qp-hr/QP-02-03.md"
ANCHOR = "4.4.3 归还办公用品。"


def _qd166(project: Project) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in check(load_config(project.root)).findings if f.code == "QD166"]


def test_the_dropped_cells_are_named_at_their_row(project: Project) -> None:
    project.replace(DOC, ANCHOR, ANCHOR + "\n\n物品 | 归还人\n--|--\n工牌 | 本人 | 交人事部 | 当日\n钥匙 | 本人\n")
    assert "交人事部" not in render_markdown(project.read(DOC).split("---", 2)[2], lambda c: None).html  # the page
    found = _qd166(project)
    assert [line for line, _ in found] == [project.line_of(DOC, "工牌 | 本人")], found
    assert "「交人事部」" in found[0][1] and "「当日」" in found[0][1] and "2 列" in found[0][1], found


@pytest.mark.parametrize("rows", [
    "| 工牌 | 本人 |\n| 钥匙 |",  # fewer cells: the page fills them
    "| 工牌 | `a|b` |\n| 钥匙 | 甲 \\| 乙 |",  # a pipe in code or escaped parts no cell
    "| 工牌 | 本人 | |",  # an empty cell past the last column: nothing lost
], ids=["fewer", "pipes", "empty"])
def test_rows_the_page_shows_whole_are_quiet(project: Project, rows: str) -> None:
    project.replace(DOC, ANCHOR, ANCHOR + f"\n\n| 物品 | 归还人 |\n|---|---|\n{rows}\n")
    assert _qd166(project) == []


def test_a_table_in_code_is_no_table(project: Project) -> None:
    project.replace(DOC, ANCHOR, ANCHOR + "\n\n```\n| 物品 | 归还人 |\n|---|---|\n| 工牌 | 本人 | 交人事部 |\n```\n")
    assert _qd166(project) == []
