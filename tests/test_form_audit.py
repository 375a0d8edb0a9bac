"""Blank forms written to stretch the model (the forms audit): a table too wide for its page, a table without
blank rows, a bad text named by where its author counts it. Each is a coded finding at file:line; the
shipped forms stay quiet."""

from __future__ import annotations

from qmsdoc.core import check, load_config

from conftest import Project

FORM = "controlled_forms/QP-02-03-F001.yaml"
SIGNATURES = "signatures: [申请人, 部门主管, 管家服务中心经理, 公司领导]"


def _found(project: Project, code: str) -> list[str]:
    return [f.format() for f in check(load_config(project.root)).findings if f.code == code]


def _table(project: Project, table: str, orientation: str = "") -> None:
    project.replace(FORM, SIGNATURES, f"{orientation}table:\n{table}{SIGNATURES}")


def test_thirty_columns_on_a_portrait_page_is_qd156_asking_for_landscape(project: Project) -> None:
    columns = ", ".join(f"第{i}列" for i in range(1, 19))
    _table(project, f"  columns: [{columns}]\n  rows: 10\n")
    found = _found(project, "QD156")
    assert found == [f"{FORM}:{project.line_of(FORM, '  columns:')}: warning QD156 " + found[0].split(" QD156 ", 1)[1]]
    assert "orientation: landscape" in found[0] and "18 列" in found[0]


def test_too_wide_even_for_landscape_is_qd156_at_the_orientation_line(project: Project) -> None:
    columns = ", ".join(f"第{i}列" for i in range(1, 31))
    _table(project, f"  columns: [{columns}]\n  rows: 10\n", "orientation: landscape\n")
    found = _found(project, "QD156")
    assert len(found) == 1 and found[0].startswith(f"{FORM}:{project.line_of(FORM, 'orientation:')}: warning QD156")
    assert "横向 A4 页面也只有" in found[0] and "拆成两张表单" in found[0]


def test_a_table_a_page_holds_is_quiet(project: Project) -> None:
    _table(project, "  columns: [序号, 物品名称, 数量, 归还日期, 接收人, 备注]\n  rows: 10\n")
    columns = ", ".join(f"第{i}列" for i in range(1, 19))  # too wide for portrait, held by landscape
    project.replace("controlled_forms/QP-02-03-F002.yaml", "owner: QP-02-03",
                    f"owner: QP-02-03\norientation: landscape\ntable:\n  columns: [{columns}]\n  rows: 5")
    assert _found(project, "QD156") == []


def test_a_table_without_rows_is_qd004_naming_rows(project: Project) -> None:
    """Its page drew no blank row under the heads, its Word copy none, its PDF copy one: nothing to write on."""
    _table(project, "  columns: [序号, 物品名称]\n")
    found = _found(project, "QD004")
    line = project.line_of(FORM, "table:")
    assert any(f.startswith(f"{FORM}:{line}: error QD004 ") and "rows" in f for f in found), found


def test_a_table_with_rows_is_quiet(project: Project) -> None:
    _table(project, "  columns: [序号, 物品名称]\n  rows: 8\n")
    assert [f for f in _found(project, "QD004") if "rows" in f] == []


def test_a_bad_label_column_or_signature_is_named_as_its_author_counts_it(project: Project) -> None:
    """QD020 and QD130 said `fields.0.label` and `table.columns.5`, counting from 0, where QD004 says
    `fields[第 1 项].label`: the first field read as the `0`th, the sixth column as the fifth."""
    project.replace(FORM, "{label: 姓名}", "{label: " + "长" * 120 + "}")
    _table(project, "  columns: [序号, 物品, 数量, 日期, 接收人, '[[QP-02-01]]']\n  rows: 5\n")
    qd020 = _found(project, "QD020")
    assert any("fields[第 1 项].label" in f for f in qd020), qd020
    qd130 = _found(project, "QD130")
    assert any("table.columns[第 6 项]" in f for f in qd130), qd130
    assert not any("fields.0" in f or "columns.5" in f for f in qd020 + qd130)


def test_a_number_or_yes_where_text_belongs_is_told_to_be_quoted(project: Project) -> None:
    """`code: 0301` is YAML's octal 193 and `signatures: [yes]` its true: QD004 said only 类型错误（应为文字）."""
    project.replace(FORM, "retention: 3 年", "retention: 0301")
    project.replace(FORM, SIGNATURES, "signatures: [yes]")
    found = _found(project, "QD004")
    quoted = [f for f in found if "加引号" in f]
    assert any(f.startswith(f"{FORM}:{project.line_of(FORM, 'retention:')}: ") and "数字（193）" in f
               for f in quoted), found
    assert any(f.startswith(f"{FORM}:{project.line_of(FORM, 'signatures:')}: ") and "是非值（true）" in f
               for f in quoted), found


def test_a_decimal_version_is_not_told_to_be_a_whole_number(project: Project) -> None:
    """`version: 1.0` was told 「这里应写整数（如 12）」: a version is text, so the message says to quote it."""
    project.replace(FORM, "version: A/1", "version: 1.0")
    found = [f for f in _found(project, "QD004") if f.startswith(f"{FORM}:{project.line_of(FORM, 'version:')}: ")]
    assert found and "请加引号" in found[0] and "版本号" in found[0] and "应写整数" not in found[0], found


def test_a_quoted_text_field_is_quiet(project: Project) -> None:
    project.replace(FORM, "retention: 3 年", "retention: '0301'")
    assert _found(project, "QD004") == []
