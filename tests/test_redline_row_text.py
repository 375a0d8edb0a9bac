"""A table row in the 修订对照表 (site, Word, `qmsdoc redline`) reads as its cells joined by ` | ` (core/compare.py's
`row_text`): a `|` inside a cell is written `\\|`, so a bare `|` is always a cell's edge, never an extra column."""

from __future__ import annotations

import io
import re

import docx

from qmsdoc.core.compare import Comparison, blocks, compare
from qmsdoc.site.redline import change_table
from qmsdoc.word.redline import RedlineJob, build_redline


def _compared(old_cell: str, new_cell: str) -> Comparison:
    table = "<h2>4 职责</h2><table><tr><th>岗位</th><th>说明</th></tr><tr><td>主管</td><td>{}</td></tr></table>"
    return compare(blocks(table.format(old_cell)), blocks(table.format(new_cell)), old_label="A/1", new_label="A/2")


def _word_change_cells(comparison: Comparison) -> list[list[str]]:
    data = build_redline(RedlineJob("QP-02-03", "员工离职管理规定", "示例", comparison, "质量专员", "2026-11-25"))
    document = docx.Document(io.BytesIO(data))
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def _columns(row: str) -> list[str]:
    """A row's cells as a reader splits it: at each `|` not written `\\|`."""
    return re.split(r" (?<!\\)\| ", row)


def test_a_pipe_inside_a_cell_is_no_extra_column_on_the_site_or_in_word() -> None:
    comparison = _compared("甲|<b>乙</b>", "甲|<b>丙</b>")
    [row] = comparison.table_rows
    assert (row.before, row.after) == ("主管 | 甲\\|乙", "主管 | 甲\\|丙")
    assert len(_columns(row.before)) == len(_columns(row.after)) == 2
    # the spans (bold 乙) read as the text does, so the site and Word write them, escape and all
    assert "".join(s.text for s in row.before_spans) == row.before
    site = change_table(comparison)
    assert '修订前">主管 | 甲\\|乙</td>' in site and '修订后">主管 | 甲\\|丙</td>' in site, site
    assert any(cells[1:3] == ["主管 | 甲\\|乙", "主管 | 甲\\|丙"] for cells in _word_change_cells(comparison))


def test_a_row_without_a_pipe_reads_as_before() -> None:
    comparison = _compared("20 天", "30 天")
    [row] = comparison.table_rows
    assert (row.before, row.after) == ("主管 | 20 天", "主管 | 30 天")
    assert "\\" not in change_table(comparison)
    assert any(cells[1:3] == ["主管 | 20 天", "主管 | 30 天"] for cells in _word_change_cells(comparison))
