"""A form's table may group its column heads (`{group: 检查结果, columns: [合格, 不合格]}`): one layout in core
(core/formhead.py) gives the leaf columns, their widths and the two header rows, and the site page, the Word copy
and the PDF copy each draw those rows — merged cells, the heads repeated on each page. A group written wrongly is
QD157 at its line; QD156 measures the leaf columns; a group is approved content like any other field."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from qmsdoc.core import check, load_config
from qmsdoc.core.approval import content_fingerprint
from qmsdoc.core.colwidths import blank_column_minimums, content_minimum
from qmsdoc.core.copyjobs import form_job
from qmsdoc.core.formhead import ColumnGroup, head_minimums, head_rows, head_widths, leaf_columns
from qmsdoc.core.loader import form_from
from qmsdoc.core.model import Form, FormField
from qmsdoc.core.revision import Revision
from qmsdoc.core.source import SourceText
from qmsdoc.pdf.copies import _form_body, form_pdf
from qmsdoc.site.pages import blank_form
from qmsdoc.word.forms import build_form

from conftest import Project

GROUPED = ["日期", ColumnGroup("检查结果", ("合格", "不合格")), "备注"]
FORM = "controlled_forms/QP-02-03-F001.yaml"
SIGNATURES = "signatures: [申请人, 部门主管, 管家服务中心经理, 公司领导]"


def _form(columns: list[str | ColumnGroup], orientation: str = "portrait") -> Form:
    return Form(id="QP-01-01-F001", raw_id="QP-01-01-F001", title="巡检记录表", version=Revision(0, 0), owner=None,
                source=SourceText("controlled_forms/QP-01-01-F001.yaml"), fields=[FormField("班组")],
                columns=columns, rows=3, signatures=["检查人"], orientation=orientation)


# -- the one layout ---------------------------------------------------------------------------------------------

def test_a_group_makes_two_header_rows_over_the_leaf_columns() -> None:
    assert leaf_columns(GROUPED) == ("日期", "合格", "不合格", "备注")
    top, below = head_rows(GROUPED)
    assert [(c.label, c.first, c.colspan, c.rowspan, c.group) for c in top] == [
        ("日期", 0, 1, 2, False), ("检查结果", 1, 2, 1, True), ("备注", 3, 1, 2, False)]
    assert [(c.label, c.first) for c in below] == [("合格", 1), ("不合格", 2)]


def test_a_table_without_a_group_keeps_its_one_header_row_and_widths() -> None:
    flat = ["序号", "物品名称", "数量"]
    assert len(head_rows(flat)) == 1 and [c.label for c in head_rows(flat)[0]] == flat
    assert head_minimums(flat) == blank_column_minimums(flat)


def test_a_group_label_wider_than_its_columns_widens_them() -> None:
    wide = ["序号", ColumnGroup("首次检验与复检结论汇总", ("是", "否"))]
    label_needs = blank_column_minimums(["首次检验与复检结论汇总"])[0]
    assert sum(head_minimums(wide)[1:]) == label_needs > sum(blank_column_minimums(["是", "否"]))
    narrow = ["序号", ColumnGroup("结论", ("合格品数量", "不合格品数量"))]  # the columns already hold the label
    assert head_minimums(narrow) == blank_column_minimums(leaf_columns(narrow))
    assert content_minimum(["结论"]) < sum(head_minimums(narrow)[1:])
    assert len(head_widths(wide)) == 3 and abs(sum(head_widths(wide)) - 1) < 1e-9


# -- the site page -----------------------------------------------------------------------------------------------

def _rows_table(html: str) -> str:
    return re.search(r'<table class="qms-blank qms-blank-rows".*?</table>', html, re.S).group(0)  # type: ignore[union-attr]


def test_site_draws_the_merged_head_with_scopes_and_column_groups() -> None:
    table = _rows_table(blank_form(_form(GROUPED)))
    head = re.search(r"<thead>(.*)</thead>", table, re.S).group(1)  # type: ignore[union-attr]
    rows = re.findall(r"<tr>(.*?)</tr>", head)
    cells = [re.findall(r"<th([^>]*)>([^<]*)</th>", row) for row in rows]
    assert [(label, re.findall(r'(colspan|rowspan|scope)="([^"]+)"', attrs)) for label, attrs in
            ((label, attrs) for attrs, label in cells[0])] == [
        ("日期", [("rowspan", "2"), ("scope", "col")]), ("检查结果", [("colspan", "2"), ("scope", "colgroup")]),
        ("备注", [("rowspan", "2"), ("scope", "col")])]
    assert [(label, 'scope="col"' in attrs) for attrs, label in cells[1]] == [("合格", True), ("不合格", True)]
    groups = re.findall(r"<colgroup>(.*?)</colgroup>", table)
    assert [g.count("<col ") for g in groups] == [1, 2, 1]  # 检查结果's colgroup holds its two columns
    body = table.split("<tbody>", 1)[1]
    assert body.count("<tr>") == 3 and all(row.count("<td>") == 4 for row in body.split("<tr>")[1:])


def test_site_table_without_a_group_has_one_head_row_and_one_colgroup() -> None:
    table = _rows_table(blank_form(_form(["序号", "物品名称", "数量"])))
    assert table.count("<colgroup>") == 1 and "colspan" not in table and "rowspan" not in table
    assert re.search(r"<thead>(.*)</thead>", table).group(1).count("<tr>") == 1  # type: ignore[union-attr]


# -- the Word copy -----------------------------------------------------------------------------------------------

def _word_rows_table(form: Form) -> docx.table.Table:
    return docx.Document(io.BytesIO(build_form(form_job(form, None, "测试公司")))).tables[1]


def _cell_props(row: docx.table._Row) -> list[tuple[str, str | None, str | None]]:
    """Each w:tc of a row: its text, its w:gridSpan and its w:vMerge (None when absent, "" for a continuation)."""
    found = []
    for tc in row._tr.findall(qn("w:tc")):
        span, merge = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}"), tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
        text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
        found.append((text, None if span is None else span.get(qn("w:val")),
                      None if merge is None else merge.get(qn("w:val"), "")))
    return found


def test_word_merges_the_group_across_and_the_ungrouped_heads_down_both_rows() -> None:
    table = _word_rows_table(_form(GROUPED, "landscape"))
    assert _cell_props(table.rows[0]) == [("日期", None, "restart"), ("检查结果", "2", None), ("备注", None, "restart")]
    assert _cell_props(table.rows[1]) == [("", None, ""), ("合格", None, None), ("不合格", None, None), ("", None, "")]
    headers = [row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in table.rows]
    assert headers == [True, True, False, False, False]  # both head rows repeat on each page, no blank row does
    assert len(table.columns) == 4 and all(len(row._tr.findall(qn("w:tc"))) == 4 for row in table.rows[2:])


def test_word_table_without_a_group_has_one_head_row_and_no_merge() -> None:
    table = _word_rows_table(_form(["序号", "物品名称", "数量"]))
    assert _cell_props(table.rows[0]) == [("序号", None, None), ("物品名称", None, None), ("数量", None, None)]
    assert [row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in table.rows] == [
        True, False, False, False]


# -- the PDF copy ------------------------------------------------------------------------------------------------

def test_typst_heads_span_and_both_rows_are_the_repeated_header() -> None:
    source = _form_body(form_job(_form(GROUPED, "landscape"), None, "测试公司"))
    header = re.search(r"table\.header\((.*?)\), \[\]", source).group(1)  # type: ignore[union-attr]
    assert re.findall(r'(rowspan|colspan): (\d)\)\[#strong\[#"([^"]+)"\]', header) == [
        ("rowspan", "2", "日期"), ("colspan", "2", "检查结果"), ("rowspan", "2", "备注")]
    assert header.endswith('[#strong[#"合格"]], table.cell(align: center)[#strong[#"不合格"]]')
    assert "rows: (auto, auto, 0.8cm)" in source and source.count("[], [], [], []") >= 3


def test_typst_table_without_a_group_keeps_one_header_row() -> None:
    source = _form_body(form_job(_form(["序号", "物品名称"]), None, "测试公司"))
    assert "rows: (auto, 0.8cm)" in source and "colspan: 2)[#strong[" not in source and "rowspan" not in source


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is not installed")
def test_the_pdf_prints_the_group_above_its_columns(tmp_path: object) -> None:
    pdf = form_pdf(form_job(_form(GROUPED, "landscape"), None, "测试公司"))
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    lines = text.decode("utf-8").splitlines()
    group = next(i for i, line in enumerate(lines) if "检查结果" in line)
    leaves = next(i for i, line in enumerate(lines) if "不合格" in line)
    assert leaves > group and lines[leaves].index("不合格") > lines[leaves].index("合格")


# -- check ---------------------------------------------------------------------------------------------------------

def _found(project: Project, code: str) -> list[str]:
    return [f.format() for f in check(load_config(project.root)).findings if f.code == code]


def _table(project: Project, table: str, orientation: str = "") -> None:
    project.replace(FORM, SIGNATURES, f"{orientation}table:\n{table}{SIGNATURES}")


def test_an_empty_a_nested_and_a_twice_written_head_are_qd157_at_their_lines(project: Project) -> None:
    _table(project, "  columns:\n    - 日期\n    - group: 检查结果\n      columns: []\n"
                    "    - group: 复检\n      columns:\n        - 结论\n        - {group: 明细, columns: [甲, 乙]}\n"
                    "        - 结论\n    - 日期\n  rows: 5\n")
    found = _found(project, "QD157")
    assert [f.split(" QD157 ")[0] for f in found] == [
        f"{FORM}:{project.line_of(FORM, '      columns: []')}: error",
        f"{FORM}:{project.line_of(FORM, '{group: 明细')}: error",
        f"{FORM}:{project.line_of(FORM, '        - 结论') + 2}: error",
        f"{FORM}:{project.line_of(FORM, '    - 日期') + 8}: error"]
    assert "「检查结果」没有列" in found[0] and "「明细」" in found[1] and "只能一层" in found[1]
    assert "「结论」在同一行写了两次" in found[2] and "「日期」" in found[3]


def test_well_formed_groups_are_quiet_and_may_repeat_their_column_names(project: Project) -> None:
    _table(project, "  columns: [日期, {group: 初检, columns: [合格, 不合格]},\n"
                    "            {group: 复检, columns: [合格, 不合格]}]\n  rows: 5\n")
    assert _found(project, "QD157") == [] and [f for f in _found(project, "QD004") if FORM in f] == []


def test_qd156_counts_the_leaf_columns_of_groups(project: Project) -> None:
    groups = ", ".join(f"{{group: 第{i}组, columns: [甲项, 乙项, 丙项]}}" for i in range(1, 7))
    _table(project, f"  columns: [{groups}]\n  rows: 5\n")
    found = _found(project, "QD156")
    assert len(found) == 1 and "18 列" in found[0], found  # six heads in the first row, eighteen columns to fill


# -- approval ------------------------------------------------------------------------------------------------------

SOURCE = """code: QP-01-01-F001
title: 巡检记录表
version: A/0
owner: QP-01-01
fields:
  - {label: 班组}
table:
  columns: [日期, {group: 检查结果, columns: [合格, 不合格]}, 备注]
  rows: 5
"""


def test_an_edit_to_a_group_changes_the_fingerprint() -> None:
    before = content_fingerprint("form", SOURCE)
    assert content_fingerprint("form", SOURCE.replace("[合格, 不合格]", "[合格, 让步接收, 不合格]")) != before
    assert content_fingerprint("form", SOURCE.replace("group: 检查结果", "group: 检验结果")) != before


def test_a_group_written_in_block_style_is_the_same_content() -> None:
    block = SOURCE.replace("  columns: [日期, {group: 检查结果, columns: [合格, 不合格]}, 备注]\n",
                           "  columns:\n    - 日期\n    - group: 检查结果\n      columns: [合格, 不合格]\n    - 备注\n")
    assert block != SOURCE and content_fingerprint("form", block) == content_fingerprint("form", SOURCE)


def test_the_loader_reads_a_group_as_a_column_group() -> None:
    data = yaml.safe_load(SOURCE)
    form = form_from(SourceText("controlled_forms/QP-01-01-F001.yaml", data=data), data)
    assert form.columns == ["日期", ColumnGroup("检查结果", ("合格", "不合格")), "备注"]
