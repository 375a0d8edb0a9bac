"""`qmsdoc import` of a Traditional Chinese manual (a Taiwan service centre's: 適用範圍, 職責, 品質紀錄) reads its
sections as it reads a Simplified one's — numbered 「1.適用範圍」 with no space, 「一、職責」, a section's text glued
to its name — and keeps the headings as written. Each on a .txt or .docx made here, beside its Simplified twin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qmsdoc.importer.clauses import text_blocks
from qmsdoc.importer.markdown import body
from qmsdoc.importer.plan import read_file
from qmsdoc.importer.recognise import draft_from
from qmsdoc.importer.text_reader import Line
from qmsdoc.search.hant import simplified_usage


def _body(text: str) -> str:
    return body(text_blocks([Line(number, line) for number, line in enumerate(text.splitlines(), 1)]))


SIMPLIFIED = ("离职管理工作规程\n1.目的\n为规范员工离职管理。\n2.适用范围\n本中心全体员工。\n3.0 职责与权限\n"
              "3.1 行政人事部负责办理。\n4.程序\n4.1 员工提出申请。\n4.2 记录应保存三年。\n5.质量记录\n"
              "QP-02-04-F001 离职申请表\n")
TRADITIONAL = ("離職管理工作規程\n1.目的\n為規範員工離職管理。\n2.適用範圍\n本中心全體員工。\n3.0 職責與權限\n"
               "3.1 行政人事部負責辦理。\n4.程序\n4.1 員工提出申請。\n4.2 紀錄應保存三年。\n5.品質紀錄\n"
               "QP-02-04-F001 離職申請表\n")


def test_unspaced_traditional_section_headings_are_headings_as_the_simplified_ones_are() -> None:
    text = _body(TRADITIONAL)
    assert "## 2.0 適用範圍\n" in text and "## 5.0 品質紀錄\n\n- QP-02-04-F001 離職申請表\n" in text
    assert "## 3.0 職責與權限\n" in text  # goes on after 與 as 职责与权限 does after 与: one name
    assert simplified_usage(text) == _body(SIMPLIFIED)  # the same document, line for line


def test_traditional_chinese_numbered_sections_with_text_glued_on_split_as_simplified_ones_do() -> None:
    traditional = ("一、目的為規範窗口工作。\n二、適用範圍全體窗口人員。\n三、職責\n綜合業務科負責檢查。\n"
                   "四、品質紀錄\n1. 窗口服務登記表\n")
    simplified = ("一、目的为规范窗口工作。\n二、适用范围全体窗口人员。\n三、职责\n综合业务科负责检查。\n"
                  "四、质量记录\n1. 窗口服务登记表\n")
    text = _body(traditional)
    assert text.startswith("## 一、目的\n\n為規範窗口工作。\n\n## 二、適用範圍\n\n全體窗口人員。\n\n## 三、職責\n")
    assert text.endswith("## 四、品質紀錄\n\n- 窗口服務登記表\n")  # a list of forms, not a numbered list
    assert simplified_usage(text) == _body(simplified)


def test_a_traditional_word_file_becomes_a_procedure_numbered_from_its_quality_records(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    for line in TRADITIONAL.splitlines():
        doc.add_paragraph(line)
    path = tmp_path / "離職管理.docx"
    doc.save(str(path))
    notes: list[Any] = []
    drafts = [draft_from(chunk, notes) for chunk in read_file(path, path.name, notes)]
    assert [(d.title, d.type, d.id) for d in drafts] == [("離職管理工作規程", "procedure", "QP-02-04")]
    assert body(drafts[0].blocks).endswith("## 5.0 品質紀錄\n\n- [[QP-02-04-F001]]\n")


def test_a_traditional_text_file_reads_as_its_simplified_twin(tmp_path: Path) -> None:
    drafts = []
    for name, text in (("繁體.txt", TRADITIONAL), ("简体.txt", SIMPLIFIED)):
        (tmp_path / name).write_text(text, "utf-8")
        notes: list[Any] = []
        drafts += [draft_from(chunk, notes) for chunk in read_file(tmp_path / name, name, notes)]
    traditional, simplified = drafts
    assert (traditional.type, traditional.id) == (simplified.type, simplified.id) == ("procedure", "QP-02-04")
    assert simplified_usage(body(traditional.blocks)) == body(simplified.blocks)


def test_unspaced_english_section_headings_are_headings() -> None:
    text = _body("1.Purpose\nTo control leavers.\n2.Scope\nAll staff.\n3.Records\nQP-02-04-F001 Leaving form\n")
    assert text == ("## 1. Purpose\n\nTo control leavers.\n\n## 2. Scope\n\nAll staff.\n\n## 3. Records\n\n"
                    "- QP-02-04-F001 Leaving form\n")


def test_words_of_a_section_name_inside_traditional_text_make_no_heading() -> None:
    """紀錄 and 職責 in a clause's sentence, and a numbered sentence starting with 目的, stay text."""
    text = _body("4.程序\n4.1 紀錄應保存三年。\n4.2 職責分明，各負其責。\n1. 目的在於服務業主。\n")
    assert text == ("## 4.0 程序\n\n4.1 紀錄應保存三年。\n\n4.2 職責分明，各負其責。\n\n"
                    "1. 目的在於服務業主。\n")


def test_the_usage_fold_keeps_every_position_of_the_text() -> None:
    """Matches on the fold are cut from the text as written: each word and its Simplified one are as long."""
    from qmsdoc.search.hant import USAGE

    assert all(len(traditional) == len(simple) for traditional, simple in USAGE)
    assert simplified_usage("5.品質紀錄與適用範圍") == "5.质量记录与适用范围"
    assert simplified_usage("Records 目的") == "Records 目的"
