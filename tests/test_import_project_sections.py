"""`qmsdoc import` reads the project's own section names — qmsdoc.yml's `record_sections` and `required_sections` —
as it reads its built-in ones, in text, Word and Markdown files alike."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from qmsdoc.core import load_config
from qmsdoc.importer.plan import ImportPlan, plan_import

from conftest import REPO

CHINESE = REPO / "qmsdoc.yml"
ENGLISH = REPO / "examples" / "en-quality-manual" / "qmsdoc.yml"

ZH_TEXT = """采购控制程序
1.0 目的
规范采购。
2.0 职责
采购部负责采购。
3.0 工作程序
采购部按计划采购。
4.0 表单清单
4.1 QR-20-01 供应商评价表
4.2 QR-20-02 采购申请单
"""

EN_MARKDOWN = """# Purchasing Procedure

## Purpose

How goods are bought.

## Scope

All purchases.

## Controlled Forms

- PF-01 Supplier Evaluation
- PF-02 Purchase Request
"""


def _project(tmp_path: Path, yml: Path, **settings: str) -> Path:
    """A project with `yml`'s settings, each of `settings` (a top-level key) replaced by the YAML given."""
    root = tmp_path / "project"
    root.mkdir(parents=True)
    text = yml.read_text("utf-8")
    for key, value in settings.items():
        text, count = re.subn(rf"^{key}:(?: .*)?\n(?:[ #].*\n)*", f"{key}: {value}\n", text, flags=re.MULTILINE)
        if not count:
            text += f"{key}: {value}\n"
    (root / "qmsdoc.yml").write_text(text, "utf-8")
    return root


def _plan(tmp_path: Path, yml: Path, name: str, content: str | None = None, **settings: str) -> ImportPlan:
    root = _project(tmp_path, yml, **settings)
    source = tmp_path / name
    if content is not None:
        source.write_text(content, encoding="utf-8")
    return plan_import(load_config(root), [source], "QP")


def _forms(plan: ImportPlan) -> list[str]:
    assert not plan.errors, plan.errors
    return [form.code for form in plan.forms]


def _word(path: Path, heading: str, items: list[str]) -> None:
    document = docx.Document()
    document.add_heading("采购控制程序", level=1)
    for name, text in (("目的", "规范采购。"), ("职责", "采购部负责采购。")):
        document.add_heading(name, level=2)
        document.add_paragraph(text)
    document.add_heading(heading, level=2)
    for item in items:
        document.add_paragraph(item, style="List Bullet")
    document.save(str(path))


def test_a_text_file_s_records_section_named_by_record_sections_gives_form_drafts(tmp_path: Path) -> None:
    plan = _plan(tmp_path, CHINESE, "采购.txt", ZH_TEXT, record_sections="[表单清单]")
    assert _forms(plan) == ["QR-20-01", "QR-20-02"]
    assert "[[QR-20-01]]" in [b.text for b in plan.drafts[0].blocks]


def test_without_the_setting_the_same_text_file_has_no_form_drafts(tmp_path: Path) -> None:
    assert _forms(_plan(tmp_path, CHINESE, "采购.txt", ZH_TEXT)) == []


def test_the_built_in_names_still_count_beside_the_project_s(tmp_path: Path) -> None:
    text = ZH_TEXT.replace("表单清单", "质量记录")
    assert _forms(_plan(tmp_path, CHINESE, "采购.txt", text, record_sections="[表单清单]")) == ["QR-20-01", "QR-20-02"]


@pytest.mark.parametrize(("settings", "expected"), [({"record_sections": "[表单清单]"}, ["QR-20-01", "QR-20-02"]),
                                                    ({}, [])], ids=["configured", "default"])
def test_a_word_file_s_records_section_named_by_record_sections(tmp_path: Path, settings: dict[str, str],
                                                                 expected: list[str]) -> None:
    _word(tmp_path / "采购.docx", "表单清单", ["QR-20-01 供应商评价表", "QR-20-02 采购申请单"])
    assert _forms(_plan(tmp_path, CHINESE, "采购.docx", **settings)) == expected


@pytest.mark.parametrize(("settings", "expected"), [({"record_sections": "[Controlled Forms]"}, ["PF-01", "PF-02"]),
                                                    ({}, [])], ids=["configured", "default"])
def test_an_english_markdown_file_s_records_section_named_by_record_sections(
        tmp_path: Path, settings: dict[str, str], expected: list[str]) -> None:
    assert _forms(_plan(tmp_path, ENGLISH, "purchasing.md", EN_MARKDOWN, **settings)) == expected


@pytest.mark.parametrize(("settings", "expected"), [({"record_sections": "[Controlled Forms]"}, ["PF-01", "PF-02"]),
                                                    ({}, [])], ids=["configured", "default"])
def test_an_english_text_file_s_numbered_records_section_named_by_record_sections(
        tmp_path: Path, settings: dict[str, str], expected: list[str]) -> None:
    text = ("Purchasing Procedure\n1. Purpose\nHow goods are bought.\n2. Scope\nAll purchases.\n"
            "3. Controlled Forms\nPF-01 Supplier Evaluation\nPF-02 Purchase Request\n")
    assert _forms(_plan(tmp_path, ENGLISH, "purchasing.txt", text, **settings)) == expected


def test_forms_stays_a_records_section_in_an_english_project_that_names_it(tmp_path: Path) -> None:
    text = EN_MARKDOWN.replace("Controlled Forms", "Forms")
    assert _forms(_plan(tmp_path, ENGLISH, "purchasing.md", text, record_sections="[Forms]")) == ["PF-01", "PF-02"]


REQUIRED = "\n  procedure:\n    - [目标]\n    - [工作要求]\n    - [表单清单]\n"
TYPED = ("# 供应商管理\n\n## 目标\n\n选好供应商。\n\n## 工作要求\n\n采购部每年评价供应商。\n\n"
         "## 表单清单\n\n- QR-21-01 供应商评价表\n")


@pytest.mark.parametrize(("settings", "expected"), [({"required_sections": REQUIRED}, "procedure"),
                                                    ({}, "manual-section")], ids=["configured", "default"])
def test_the_project_s_required_sections_type_the_document(tmp_path: Path, settings: dict[str, str],
                                                            expected: str) -> None:
    plan = _plan(tmp_path, CHINESE, "供应商.md", TYPED, record_sections="[表单清单]", **settings)
    assert [draft.type for draft in plan.drafts] == [expected]


@pytest.mark.parametrize(("settings", "expected"), [
    ({"required_sections": "\n  work-instruction:\n    - [Aim]\n    - [Method]\n"}, "work-instruction"),
    ({}, "manual-section")], ids=["configured", "default"])
def test_an_english_project_s_required_sections_type_the_document(tmp_path: Path, settings: dict[str, str],
                                                                   expected: str) -> None:
    text = "# Goods In\n\n## Aim\n\nCheck what arrives.\n\n## Method\n\nCount it.\n"
    assert [draft.type for draft in _plan(tmp_path, ENGLISH, "goods.md", text, **settings).drafts] == [expected]


def test_a_latin_project_name_is_a_heading_only_as_a_whole_word() -> None:
    """A project name `Process` is no heading `1.0 Process` cut out of a clause that starts "Processing …"."""
    from qmsdoc.importer.clauses import text_blocks
    from qmsdoc.importer.cover import ProjectSections
    from qmsdoc.importer.text_reader import Line

    project = ProjectSections(required=(("procedure", (("Process",),)),))
    blocks = text_blocks([Line(1, "1.0 Processing"), Line(2, "1.0 Process: Goods are counted.")], project=project)
    assert [(b.kind, b.text) for b in blocks] == [("heading", "1.0 Processing"), ("heading", "1.0 Process"),
                                                  ("para", "Goods are counted.")]


@pytest.mark.parametrize(("settings", "expected"), [({"record_sections": "[表单清单]"}, ["QR-20-01", "QR-20-02"]),
                                                    ({}, [])], ids=["configured", "default"])
def test_a_records_section_numbered_4_dot_is_read_by_its_project_name(tmp_path: Path, settings: dict[str, str],
                                                                       expected: list[str]) -> None:
    """「4. 表单清单」 is clause 4.0 as 「4. 质量记录」 is, its lines the forms it lists."""
    text = ZH_TEXT.replace("4.0 表单清单\n4.1 ", "4. 表单清单\n").replace("4.2 ", "")
    assert _forms(_plan(tmp_path, CHINESE, "采购.txt", text, **settings)) == expected
