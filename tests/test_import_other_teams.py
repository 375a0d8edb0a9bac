"""`qmsdoc import` of other teams' manuals: headings that join section names (「目的和适用范围」「记录表单」),
forms listed under a 附件 heading, a Word file with no text. Each file is written here (python-docx for Word)."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from qmsdoc.cli import main
from qmsdoc.core import load_config
from qmsdoc.importer.blocks import Block
from qmsdoc.importer.clauses import text_blocks
from qmsdoc.importer.plan import ImportPlan, plan_import
from qmsdoc.importer.text_reader import Line

from conftest import REPO


def _blocks(*lines: str) -> list[tuple[str, str]]:
    blocks: list[Block] = text_blocks([Line(number, text) for number, text in enumerate(lines, 1)])
    return [(b.kind, b.text) for b in blocks]


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir(parents=True)
    shutil.copy(REPO / "qmsdoc.yml", root / "qmsdoc.yml")
    return root


def _plan(tmp_path: Path, text: str) -> ImportPlan:
    root = _project(tmp_path)
    source = tmp_path / "程序.txt"
    source.write_text(text, encoding="utf-8")
    return plan_import(load_config(root), [source], "QP")


@pytest.mark.parametrize("heading", ["目的和适用范围", "职责与权限", "记录表单", "职责分工"])
def test_a_heading_that_goes_on_from_a_section_name_stays_whole(heading: str) -> None:
    """It was cut at the section name it starts with: 「## 1.0 目的」 and a paragraph 「和适用范围」, 「## 3.0 记录」
    and a list item 「表单」 reported as a reference not found."""
    blocks = _blocks(f"1.0 {heading}", "正文第一句。")
    assert blocks[0] == ("heading", f"1.0 {heading}") and [text for _, text in blocks[1:]] == ["正文第一句。"], blocks


def test_a_section_name_with_its_text_glued_on_is_still_split() -> None:
    assert _blocks("1.0目的规范回访。") == [("heading", "1.0 目的"), ("para", "规范回访。")]
    assert _blocks("3.0 职责：前台负责登记") == [("heading", "3.0 职责"), ("para", "前台负责登记")]


def test_a_procedure_whose_purpose_heading_joins_its_scope_is_a_procedure(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "来访管理规定\n1.0 目的和适用范围\n规范来访。\n2.0 要点\n前台负责登记。\n")
    assert [d.type for d in plan.drafts] == ["procedure"]
    quiet = _plan(tmp_path / "quiet", "来访管理规定\n1.0 目的\n规范来访。\n2.0 要点\n前台负责登记。\n")
    assert [d.type for d in quiet.drafts] == ["manual-section"]


@pytest.mark.parametrize("heading", ["附件", "记录表单", "相关记录", "支持性文件和质量记录"])
def test_forms_listed_under_an_attachments_or_forms_heading_become_form_drafts(tmp_path: Path, heading: str) -> None:
    plan = _plan(tmp_path, f"来访管理程序\n1.0 目的\n规范来访。\n2.0 {heading}\n"
                           "QR-01 来访登记表\nQR-02 访客证发放记录\n")
    assert [(s.code, s.title) for s in plan.forms] == [("QR-01", "来访登记表"), ("QR-02", "访客证发放记录")]
    body = "\n".join(b.text for b in plan.drafts[0].blocks)
    assert f"2.0 {heading}" in body and "[[QR-01]]" in body and "[[QR-02]]" in body
    # a heading check does not read as a records section (record_sections: 质量记录, 相关记录, 记录表单, 使用表单,
    # 记录 — alone or joined with another) is reported with what to do
    unread = [n.message for n in plan.notes if "record_sections" in n.message]
    assert bool(unread) == (heading == "附件"), unread


def test_a_document_listed_with_the_forms_is_a_reference_not_a_form_draft(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "来访管理程序\n1.0 目的\n规范来访。\n2.0 附件\nQP-09 采购控制程序\nWI-03 来访接待作业规程\n"
                           "QR-01 来访登记表\n")
    assert [s.code for s in plan.forms] == ["QR-01"]
    assert "[[QP-09]]" in "\n".join(b.text for b in plan.drafts[0].blocks)


def test_a_section_that_lists_no_forms_makes_no_form_draft(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "来访管理程序\n1.0 目的\n规范来访。\n2.0 程序\nQR-01 来访登记表由前台填写。\n")
    assert plan.forms == []


def _word(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "文件编号：QP-08"
    if paragraphs:
        document.add_heading(paragraphs[0], 1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_a_word_file_with_no_text_imports_nothing_and_says_why(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """It wrote a draft named after the file with an empty body, and said the whole file was one document."""
    root = _project(tmp_path)
    source = _word(tmp_path / "空白.docx")
    assert main(["import", str(source), "--manual", "QP", "--path", str(root)]) == 1
    err = capsys.readouterr().err
    assert "没有文字" in err and "整个文件作为一份文件导入" not in err
    assert not (root / "manuals" / "qp").exists()


def test_a_word_file_with_text_is_imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path)
    source = _word(tmp_path / "程序.docx", "来访接待管理程序", "1.0 目的", "规范来访人员的接待与登记。")
    assert main(["import", str(source), "--manual", "QP", "--path", str(root)]) == 0
    assert "没有文字" not in capsys.readouterr().err
    assert "规范来访人员的接待与登记。" in (root / "manuals" / "qp" / "QP-08.md").read_text(encoding="utf-8")


def _cover_docx(path: Path, rows: list[tuple[str, str]]) -> Path:
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=2)
    for index, (label, value) in enumerate(rows):
        table.cell(index, 0).text, table.cell(index, 1).text = label, value
    document.add_heading("Control of Nonconforming Product", 1)
    document.add_heading("Purpose", 2)
    document.add_paragraph("This procedure defines how nonconforming product is handled.")
    document.save(str(path))
    return path


def test_a_date_row_under_a_sign_off_row_of_a_cover_table_is_that_sign_offs_date(tmp_path: Path) -> None:
    """The date was lost: each row was read alone, and a bare `Date` belongs to no one by itself."""
    source = _cover_docx(tmp_path / "sop.docx", [("Document No", "SOP-QA-012"), ("Approved by", "Jane Smith"),
                                                 ("Date", "2024-03-15")])
    plan = plan_import(load_config(_project(tmp_path)), [source], "SOP")
    assert [(d.id, d.signoffs) for d in plan.drafts] == [("SOP-QA-012", {"approved": ("Jane Smith", "2024-03-15")})]


def test_a_date_row_under_no_sign_off_row_is_no_sign_off_date(tmp_path: Path) -> None:
    source = _cover_docx(tmp_path / "sop.docx", [("Approved by", "Jane Smith"), ("Document No", "SOP-QA-012"),
                                                 ("Date", "2024-03-15")])
    plan = plan_import(load_config(_project(tmp_path)), [source], "SOP")
    assert [(d.id, d.signoffs) for d in plan.drafts] == [("SOP-QA-012", {"approved": ("Jane Smith", "")})]


def _preamble_notes(tmp_path: Path, *before: str) -> list[str]:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Document No", "SOP-QA-012"
    table.cell(1, 0).text, table.cell(1, 1).text = "Revision", "3"
    for text in before:
        document.add_paragraph(text)
    document.add_heading("Control of Nonconforming Product", 1)
    document.add_paragraph("This procedure defines how nonconforming product is handled.")
    document.save(str(tmp_path / "sop.docx"))
    plan = plan_import(load_config(_project(tmp_path)), [tmp_path / "sop.docx"], "SOP")
    assert [(d.id, d.version) for d in plan.drafts] == [("SOP-QA-012", "A/3")]
    return [f"{n.line}: {n.message}" for n in plan.notes if "第一个一级标题之前" in n.message]


def test_text_beside_a_cover_table_before_the_first_heading_is_reported_not_dropped_silently(tmp_path: Path) -> None:
    """With a cover table above it, the paragraph was dropped and nothing said so."""
    assert _preamble_notes(tmp_path, "This procedure supersedes SOP-QA-011.") == [
        "2: 第一个一级标题之前的 1 段不属于任何文件，未导入"], "the cover table is paragraph 1"


def test_a_cover_table_alone_before_the_first_heading_is_no_lost_text(tmp_path: Path) -> None:
    assert _preamble_notes(tmp_path) == []


@pytest.mark.parametrize(("item", "code", "title"), [
    ("来访登记表（QR-01）", "QR-01", "来访登记表"), ("访客证发放记录 QR-02", "QR-02", "访客证发放记录"),
    ("Nonconformance Report (NCR-01)", "NCR-01", "Nonconformance Report"),
    ("Training Record – HR-F03", "HR-F03", "Training Record")])
def test_a_records_item_naming_its_form_after_the_title_is_that_form(tmp_path: Path, item: str, code: str,
                                                                    title: str) -> None:
    """The number was not read, and the report said the item names no known number."""
    plan = _plan(tmp_path, f"来访管理程序\n1.0 目的\n规范来访。\n2.0 质量记录\n{item}\n")
    assert [(s.code, s.title) for s in plan.forms] == [(code, title)]
    assert plan.drafts[0].blocks[-1].text == f"[[{code}]]"
    assert not [n for n in plan.notes if "找不到对应" in n.message]


@pytest.mark.parametrize("item", ["《钥匙借用登记表》", "Calibration Form A1", "记录保存期限为3年"])
def test_a_records_item_without_a_form_number_after_its_title_stays_text_and_is_reported(tmp_path: Path,
                                                                                       item: str) -> None:
    plan = _plan(tmp_path, f"来访管理程序\n1.0 目的\n规范来访。\n2.0 质量记录\n{item}\n")
    assert plan.forms == [] and plan.drafts[0].blocks[-1].text == item
    assert [n for n in plan.notes if "找不到对应" in n.message]


def _header_docx(path: Path, header: str) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = header
    document.add_heading("Calibration", 1)
    document.add_heading("Purpose", 2)
    document.add_paragraph("Keep gauges accurate.")
    document.save(str(path))
    return path


@pytest.mark.parametrize("header", ["Doc No. SOP-QA-012 Rev 3", "Document No.: SOP-QA-012  Rev: 3",
                                    "Doc. No. SOP-QA-012 Revision 3"])
def test_a_page_header_naming_number_and_revision_without_colons_is_read(tmp_path: Path, header: str) -> None:
    """「Doc No. SOP-QA-012 Rev 3」 was not read (labels needed a colon; `Rev:` was no label, so the number took
    「SOP-QA-012  Rev: B」): the draft got a new number and version A/0."""
    source = _header_docx(tmp_path / "sop.docx", header)
    plan = plan_import(load_config(_project(tmp_path)), [source], "SOP")
    assert [(d.id, d.version) for d in plan.drafts] == [("SOP-QA-012", "A/3")]


@pytest.mark.parametrize("header", ["Document Number is pending", "Revision of Contracts", "Document No. 5 applies"])
def test_a_page_header_that_only_mentions_a_number_or_revision_gives_none(tmp_path: Path, header: str) -> None:
    source = _header_docx(tmp_path / "sop.docx", header)
    plan = plan_import(load_config(_project(tmp_path)), [source], "SOP")
    assert [(d.id, d.version) for d in plan.drafts] == [("SOP-001", "A/0")]
