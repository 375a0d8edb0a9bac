"""The other front-matter fields with hostile or mistyped values: each refusal says the value as the author wrote it
(YAML's true, null, [a]) and what to write instead, in the project's language — never Python's True/None or
jsonschema's own English."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from qmsdoc.core import check, load_config

from conftest import REPO, Project

EXAMPLE = REPO / "examples" / "en-quality-manual"
WITHDRAWN = "manuals/qm/QM-08.md"
WITHDRAWAL = ("withdrawn: {by: Managing Director, date: 2026-08-25, "
              "reason: Replaced by the procedure for documented information}")
PYTHON_WORDS = ("True", "False", "None", "expected", "['", "{'")


@pytest.fixture
def english(tmp_path: Path) -> Project:
    root = tmp_path / "en"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "issued"))
    return Project(root)


def qd004(project: Project, path: str, needle: str) -> str:
    line = project.line_of(path, needle)
    hits = [f.format() for f in check(load_config(project.root)).findings
            if f.code == "QD004" and f.path == path and f.line == line]
    assert hits, f"no QD004 at {path}:{line}"
    return hits[0]


@pytest.mark.parametrize("value,shown", [("true", "true"), ("null", "null"), ("[a, 1]", "[a, 1]")])
def test_a_withdrawal_marked_replaced_names_the_value_and_the_one_allowed(english: Project, value: str,
                                                                          shown: str) -> None:
    """`replaced:` may only be false: jsonschema's "False was expected" reached an English and a Chinese check."""
    english.replace(WITHDRAWN, WITHDRAWAL, WITHDRAWAL[:-1] + f", replaced: {value}}}")
    hit = qd004(english, WITHDRAWN, "withdrawn:")
    assert f"withdrawn.replaced = {shown} is not allowed" in hit and "only be false" in hit, hit
    assert not any(word in hit for word in PYTHON_WORDS), hit


def test_a_choice_refused_in_chinese_lists_the_choices_as_yaml_writes_them(project: Project) -> None:
    manual = "manuals/qp-hr/index.md"
    project.replace(manual, "\ntitle:", "\nclause_numbering: true\ntitle:")
    hit = qd004(project, manual, "clause_numbering:")
    assert "的值 true 不在允许范围内" in hit and "off、false 之一" in hit, hit
    assert not any(word in hit for word in PYTHON_WORDS), hit


def test_a_withdrawal_with_replaced_false_and_a_choice_written_right_are_quiet(english: Project) -> None:
    english.replace(WITHDRAWN, "superseded_by: QM-02\n", "")
    english.revise(WITHDRAWN, WITHDRAWAL, WITHDRAWAL[:-1] + ", replaced: false}")
    english.replace("manuals/qm/index.md", "\ntitle:", "\nclause_numbering: false\ntitle:")
    found = [f.format() for f in check(load_config(english.root)).findings if f.code == "QD004"]
    assert found == []


def test_a_roster_entry_that_is_not_a_name_is_quoted_as_written(project: Project) -> None:
    """A blank, list or mapping entry in roster.yaml was quoted as Python's 'None', "['张三']", "{'a': 'b'}"."""
    project.write("roster.yaml", "客服部:\n  - null\n  - [张三]\n  - {a: b}\n  - 李四\n")
    broken = {f.line: f.message for f in check(load_config(project.root)).findings if f.code == "QD224"}
    assert set(broken) == {2, 3, 4}, broken
    assert "第 1 人 null 不是" in broken[2] and "第 2 人 [张三] 不是" in broken[3]
    assert "第 3 人 {a: b} 不是" in broken[4]
    assert not any(word in message for message in broken.values() for word in PYTHON_WORDS), broken


def test_a_roster_of_names_is_quiet(project: Project) -> None:
    project.write("roster.yaml", "客服部:\n  - 张三\n  - '0123'\n  - 'null'\n")
    assert [f for f in check(load_config(project.root)).findings if f.code == "QD224"] == []


def _workbook(tmp_path: Path, days: list[str], stamp: dt.date) -> list[tuple[object, str]]:
    """The date column of a one-sheet workbook as openpyxl reads it back: (value, cell type) per row."""
    import openpyxl

    from qmsdoc.records.xlsx import Sheet, to_xlsx

    path = tmp_path / "dates.xlsx"
    path.write_bytes(to_xlsx([Sheet("清单", ["编号", "日期"], [["QM", day] for day in days], (10, 12), dates=(1,))],
                             stamp))
    book = openpyxl.load_workbook(path)
    assert book.properties.created == dt.datetime(stamp.year, stamp.month, stamp.day)
    return [(row[1].value, row[1].data_type) for row in book.active.iter_rows(min_row=2)]


def test_a_day_no_spreadsheet_can_count_stays_text_and_the_workbook_opens(tmp_path: Path) -> None:
    """register --as-of 0001-01-01 wrote the year as "1-01-01T00:00:00Z" (openpyxl refused the workbook) and a day
    before 1900 as a negative serial (####); before March 1900 Excel's serials are a day off."""
    cells = _workbook(tmp_path, ["0001-01-01", "1899-12-31", "1900-02-28"], dt.date(1, 1, 1))
    assert cells == [("0001-01-01", "s"), ("1899-12-31", "s"), ("1900-02-28", "s")]


def test_days_from_march_1900_on_are_real_dates(tmp_path: Path) -> None:
    cells = _workbook(tmp_path, ["1900-03-01", "2026-12-05", "2200-12-31"], dt.date(2026, 12, 5))
    assert cells == [(dt.datetime(1900, 3, 1), "d"), (dt.datetime(2026, 12, 5), "d"), (dt.datetime(2200, 12, 31), "d")]


FORM = "controlled_forms/QP-02-03-F001.yaml"


@pytest.mark.parametrize("day", ["0001-01-01", "1066-10-14", "9999-12-31"])
def test_a_form_approved_on_a_day_outside_1900_to_2200_is_qd004(project: Project, day: str) -> None:
    """A document's dates were held to 1900–2200, a form's approval date to any four digits."""
    text = project.read(FORM)
    approved = next(line for line in text.splitlines() if line.startswith("approved:"))
    old = approved.split("date: ")[1][:10]
    project.replace(FORM, approved, approved.replace(f"date: {old}", f"date: {day}"))
    hit = qd004(project, FORM, "approved:")
    assert f"approved.date 的值 '{day}' 不是有效日期" in hit and "1900–2200" in hit, hit


DOC = "manuals/qp-service/QP-03-02.md"


@pytest.mark.parametrize("value,shown", [("20260301", "20260301"), ("[2026-03-01]", "['2026-03-01']")])
def test_a_date_written_as_a_number_or_a_list_is_told_how_a_date_is_written(project: Project, value: str,
                                                                             shown: str) -> None:
    """Not "must be text": the author wrote a date, and hears how one is written."""
    text = project.read(DOC)
    old = next(line for line in text.splitlines() if line.startswith("effective_date:"))
    project.replace(DOC, old, f"effective_date: {value}")
    hit = qd004(project, DOC, "effective_date:")
    assert f"effective_date 的值 {shown} 不是有效日期" in hit and "2024-03-01" in hit, hit


@pytest.mark.parametrize("value,message", [("2026/03/01", "应写作 2026-03-01"), ("", "不能为空")])
def test_an_effective_date_written_wrong_is_one_finding_not_also_missing(project: Project, value: str,
                                                                        message: str) -> None:
    """QD004 names the value; QD121 "缺少生效日期" is for a document that has none, not a second finding for it."""
    text = project.read(DOC)
    old = next(line for line in text.splitlines() if line.startswith("effective_date:"))
    project.replace(DOC, old, f"effective_date: {value}".rstrip())
    findings = check(load_config(project.root)).findings
    assert message in qd004(project, DOC, "effective_date:")
    assert not [f for f in findings if f.code == "QD121" and f.path == DOC]


def test_an_effective_document_with_no_effective_date_is_qd121(project: Project) -> None:
    text = project.read(DOC)
    project.replace(DOC, next(line for line in text.splitlines() if line.startswith("effective_date:")) + "\n", "")
    findings = check(load_config(project.root)).findings
    assert [f for f in findings if f.code == "QD121" and f.path == DOC and "effective_date" in f.message]


@pytest.mark.parametrize("written", ["approved: {date: 2026-02-20}", "approved: 张三"])
def test_a_signoff_written_wrong_is_one_finding_not_also_missing(project: Project, written: str) -> None:
    """QD004 names what the approval lacks; QD121 "缺少批准" is for a document that has none, not a second finding
    for the line the author did write."""
    text = project.read(DOC)
    project.replace(DOC, next(line for line in text.splitlines() if line.startswith("approved:")), written)
    findings = check(load_config(project.root)).findings
    assert [f for f in findings if f.code == "QD004" and f.path == DOC]
    assert not [f for f in findings if f.code == "QD121" and f.path == DOC], [f.message for f in findings]


def test_a_document_with_no_approval_is_qd121(project: Project) -> None:
    text = project.read(DOC)
    project.replace(DOC, next(line for line in text.splitlines() if line.startswith("approved:")) + "\n", "")
    findings = check(load_config(project.root)).findings
    assert [f for f in findings if f.code == "QD121" and f.path == DOC and "批准" in f.message]


@pytest.mark.parametrize("field,value,meant", [("status", "现行有效", "effective"),
                                               ("status", "EFFECTIVE", "effective"), ("type", "程序文件", "procedure"),
                                               ("type", "Work instruction", "work-instruction")])
def test_a_status_or_type_written_as_its_label_is_told_the_value_to_write(project: Project, field: str, value: str,
                                                                          meant: str) -> None:
    """An author writes what the site shows (现行有效, 程序文件; Effective in an English project): the finding
    names the value that means it."""
    text = project.read(DOC)
    old = next(line for line in text.splitlines() if line.startswith(f"{field}:"))
    project.replace(DOC, old, f"{field}: {value}")
    assert f"应写作 {meant}（" in qd004(project, DOC, f"{field}:")


def test_a_status_that_is_no_label_lists_the_allowed_values(project: Project) -> None:
    text = project.read(DOC)
    project.replace(DOC, next(line for line in text.splitlines() if line.startswith("status:")), "status: 生效")
    hit = qd004(project, DOC, "status:")
    assert "应写作" not in hit and "应为 draft、review、approved、effective、obsolete 之一" in hit, hit


def test_a_list_item_is_counted_as_its_author_counts_it(project: Project, english: Project) -> None:
    """The third field's misspelt `lable:` was reported as `fields.2` — the validator counts from 0, a quality
    officer reads "the second field" and looks in the wrong place. Items are counted from 1, in the project's
    language; a key inside a mapping keeps its dotted name (approved.date, above)."""
    text = project.read(FORM)
    third = [line for line in text.splitlines() if line.startswith("  - ")][2]
    project.replace(FORM, third, third.replace("label:", "lable:"))
    hit = qd004(project, FORM, third.replace("label:", "lable:"))
    assert "fields[第 3 项] 有未知字段 lable" in hit and "fields.2" not in hit, hit
    form = next(p for p in sorted((english.root / "controlled_forms").glob("*.yaml"))
                if "signatures: [" in p.read_text("utf-8"))
    relative = form.relative_to(english.root).as_posix()
    signatures = next(line for line in form.read_text("utf-8").splitlines() if line.startswith("signatures: ["))
    english.replace(relative, signatures, signatures.replace("[", "[7, ", 1))
    hit = qd004(english, relative, "signatures:")
    assert "signatures[item 1]" in hit and "signatures.0" not in hit, hit
