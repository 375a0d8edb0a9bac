"""The 修订对照表 of a blank form named the clause of every change 文件信息 (document details), a field added to fill
in or a signer changed too: an approver reading the 条款 column could not tell a change of what people fill in from
one of the form's title or retention. A row of what is filled in or signed is now named by what it is (its label:
填写项, 签字栏); the form's own details (title, owner, retention, orientation) stay 文件信息."""

from __future__ import annotations

from qmsdoc.core import check, load_config
from qmsdoc.core.compare import compare
from qmsdoc.core.redline import item_blocks
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.core.source import SourceText, parse_yaml_file

from conftest import Project

FORM = "controlled_forms/QP-02-01-F001.yaml"


def _rows(project: Project, old: str, new: str) -> list[tuple[str, str, str]]:
    """The 修订对照表 rows (clause, before, after) between the form and the form with `old` replaced by `new`."""
    result = check(load_config(project.root))
    renderer = CorpusRenderer(result.corpus, result.context.config)
    text = project.read(FORM)
    assert old in text, old
    before, after = (parse_yaml_file(SourceText(FORM, body)) for body in (text, text.replace(old, new)))
    rows = compare(item_blocks("form", before, renderer), item_blocks("form", after, renderer),
                   old_label="A/0", new_label="A/1").table_rows
    return [(row.clause, row.before, row.after) for row in rows]


def _label(cell: str) -> str:
    """What a field row's cell names before its value: 「填写项：岗位级别」 → 填写项."""
    return cell.partition("：")[0]


def test_a_field_added_or_a_signer_changed_is_named_by_what_it_is(project: Project) -> None:
    added = _rows(project, "  - {label: 到岗时间}\n", "  - {label: 到岗时间}\n  - {label: 岗位级别}\n")
    assert len(added) == 1 and added[0][0] == _label(added[0][2]) and "岗位级别" in added[0][2], added
    signer = _rows(project, "[部门主管, ", "[部门负责人, ")
    assert signer and all(clause == _label(after or before) for clause, before, after in signer), signer
    assert {_label(after) for _, _, after in added} != {_label(after or before) for _, before, after in signer}


def test_the_forms_own_details_are_still_its_details(project: Project) -> None:
    retention = _rows(project, "retention: 3 年", "retention: 5 年")
    title = _rows(project, "title: 人员需求表", "title: 人员需求申请表")
    assert len(retention) == 1 and len(title) == 1, (retention, title)
    assert retention[0][0] == title[0][0] != _label(retention[0][2])
