"""The redline of a blank form and of a manual index page names every change its approver signs for: a form's
paper orientation, a field's size, its owner document; a manual page's owner and numbering rules."""

from __future__ import annotations

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.compare import compare
from qmsdoc.core.redline import item_blocks
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.core.source import SourceText, parse_markdown, parse_yaml_file

from conftest import Project, configure

FORM = "controlled_forms/QP-02-01-F001.yaml"
MANUAL = "manuals/qp-hr/index.md"


def _rows(project: Project, kind: str, relative: str, *changes: str) -> list[tuple[str, str]]:
    """The 修订对照表 rows (before, after) between the file and the file with each (old, new) pair replaced."""
    result = check(load_config(project.root))
    renderer = CorpusRenderer(result.corpus, result.context.config)
    text = changed = project.read(relative)
    for old, new in zip(changes[::2], changes[1::2], strict=True):
        assert old in changed, old
        changed = changed.replace(old, new)

    def read(body: str) -> SourceText:
        if kind == "form":
            return parse_yaml_file(SourceText(relative, body))
        return parse_markdown(body, relative)

    before, after = read(text), read(changed)
    rows = compare(item_blocks(kind, before, renderer), item_blocks(kind, after, renderer),
                   old_label="A/0", new_label="A/1").table_rows
    return [(row.before, row.after) for row in rows]


def test_a_form_turned_landscape_is_a_change_in_the_redline(project: Project) -> None:
    rows = _rows(project, "form", FORM, "retention: 3 年\n", "retention: 3 年\norientation: landscape\n")
    assert rows == [("纸张方向：纵向", "纸张方向：横向")], rows


def test_a_field_given_more_lines_or_the_full_width_is_a_change_in_the_redline(project: Project) -> None:
    rows = _rows(project, "form", FORM, "{label: 需求原因, lines: 2, width: full}", "{label: 需求原因, lines: 4}")
    assert rows == [("填写项：需求原因（2 行、通栏）", "填写项：需求原因（4 行）")], rows


def test_a_form_moved_to_another_owner_document_is_a_change_in_the_redline(project: Project) -> None:
    rows = _rows(project, "form", FORM, "owner: QP-02-01", "owner: QP-02-02")
    assert rows == [("归口文件：QP-02-01", "归口文件：QP-02-02")], rows


def test_a_form_written_out_otherwise_with_the_same_content_shows_no_change(project: Project) -> None:
    rows = _rows(project, "form", FORM, "  - {label: 需求原因, lines: 2, width: full}\n",
                 "  - label: 需求原因\n    width: full\n    lines: 2\n")
    assert rows == [], rows


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("owner: 行政人事部", "owner: 综合管理部", ("归口部门：行政人事部", "归口部门：综合管理部")),
    ("form: '^QP-\\d{2}-\\d{2}-F\\d{3}$'", "form: '^QP-\\d{2}-\\d{2}-R\\d{3}$'",
     ("表单编号规则：^QP-\\d{2}-\\d{2}-F\\d{3}$", "表单编号规则：^QP-\\d{2}-\\d{2}-R\\d{3}$")),
    ("order: 1\n", "order: 1\nclause_numbering: 'off'\n", ("（无）", "条款编号：off")),
])
def test_a_manual_pages_owner_and_numbering_are_changes_in_the_redline(project: Project, old: str, new: str,
                                                                      expected: tuple[str, str]) -> None:
    assert _rows(project, "manual", MANUAL, old, new) == [expected]


def test_a_manual_page_with_only_its_text_changed_shows_only_the_text(project: Project) -> None:
    rows = _rows(project, "manual", MANUAL, "适用于管家服务中心及", "适用于管家服务中心、客服中心及")
    assert len(rows) == 1 and "客服中心" in rows[0][1] and "归口部门" not in rows[0][1], rows


def test_an_english_projects_form_redline_says_it_in_english(project: Project) -> None:
    configure(project, language="en")
    rows = _rows(project, "form", FORM, "{label: 需求原因, lines: 2, width: full}",
                 "{label: 需求原因, lines: 1, width: full}", "retention: 3 年\n",
                 "retention: 3 年\norientation: landscape\n")
    assert rows == [("Paper orientation: portrait", "Paper orientation: landscape"),
                    ("Field: 需求原因 (2 lines, full width)", "Field: 需求原因 (full width)")], rows


DOCUMENT = "manuals/qp-hr/QP-02-03.md"
# What a release records about itself, compared as the versions' labels, dates and reasons, not as fields.
RECORD_KEYS = {"id", "code", "version", "history", "prepared", "reviewed", "approved", "status", "effective_date",
               "revision", "withdrawn", "superseded_by", "reviews", "acknowledge", "acknowledge_all",
               "acknowledge_days"}
# A second value for every field an approver signs for, per kind of source.
CHANGED = {
    "document": {"title": "另一个标题", "type": "policy", "department": "工程部", "review_months": 6,
                 "external": [{"code": "GB/T 19001-2016", "title": "质量管理体系 要求",
                               "issuer": "国家标准化管理委员会"}]},
    "manual": {"title": "另一本手册", "owner": "工程部", "numbering": {"document": "^QP-\\d{3}$"},
               "clause_numbering": "off", "order": 7},
    "form": {"title": "另一张表", "owner": "QP-02-02", "retention": "10 年", "orientation": "landscape",
             "fields": [{"label": "新填写项"}], "table": {"columns": ["甲", "乙"], "rows": 3},
             "signatures": ["经办人"]},
}
SOURCES = {"document": DOCUMENT, "manual": MANUAL, "form": FORM}


def test_every_field_the_approver_signs_for_has_a_second_value_above() -> None:
    """A field added to a schema must be shown by the redline: the test below changes each of these."""
    from qmsdoc.core import schemas

    for kind, changed in CHANGED.items():
        assert set(schemas.fields(kind)) - RECORD_KEYS == set(changed), kind


@pytest.mark.parametrize(("kind", "key"), [(kind, key) for kind, changed in CHANGED.items() for key in changed])
def test_a_change_to_any_field_the_approver_signs_for_is_in_the_redline(project: Project, kind: str,
                                                                       key: str) -> None:
    result = check(load_config(project.root))
    renderer = CorpusRenderer(result.corpus, result.context.config)
    relative = SOURCES[kind]
    text = project.read(relative)

    def read() -> SourceText:
        return parse_yaml_file(SourceText(relative, text)) if kind == "form" else parse_markdown(text, relative)

    before, after = read(), read()
    assert after.data.get(key) != CHANGED[kind][key]
    after.data[key] = CHANGED[kind][key]
    rows = compare(item_blocks(kind, before, renderer), item_blocks(kind, after, renderer),
                   old_label="A/0", new_label="A/1").table_rows
    assert rows, f"{kind} {key}: no change shown"


GROUPED_TABLE = "table:\n  columns: [序号, {group: 检查结果, columns: [合格, 不合格]}]\n  rows: 3\n"


def test_a_column_group_renamed_is_a_change_in_the_redline_naming_its_columns(project: Project) -> None:
    """A group of heads reads as its label and its columns (检查结果（合格、不合格）), not as a Python dict."""
    project.replace(FORM, "approved:", GROUPED_TABLE + "approved:")
    rows = _rows(project, "form", FORM, "group: 检查结果", "group: 检验结论")
    assert len(rows) == 1, rows
    assert "检查结果（合格、不合格）" in rows[0][0] and "检验结论（合格、不合格）" in rows[0][1], rows
    assert "{" not in rows[0][0] + rows[0][1]


def test_a_form_with_an_unchanged_column_group_shows_no_change(project: Project) -> None:
    project.replace(FORM, "approved:", GROUPED_TABLE + "approved:")
    assert _rows(project, "form", FORM, "{group: 检查结果, columns: [合格, 不合格]}",
                 "{columns: [合格, 不合格], group: 检查结果}") == []
