"""A Word file's 目录 goes through the text rules' one 目录 reader (`toc.apply`), as the same lines of a text file:
typed as paragraphs, or Word's own table of contents (TOC-styled paragraphs, each entry a hyperlink with a PAGEREF
field, the whole inside a TOC field) — the import says and drafts the same as for the text."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from test_import import _run

from conftest import Project

# A 目录 one entry a line listing forms (drafted blank, owner 待填写), a document not in the copy, a full-width code.
LINES = ["客服部工作手册", "目录", "1 客服部来访接待工作规程 KF0399……3", "2 员工培训管理制度 KF0497……8",
         "3 管理制度 KF04……7", "4 《回访记录表》 QRKF0605……9", "5 《投诉登记表》 ＱＲＫＦ０６０６……10",
         "客服部来访接待工作规程 KF0399", "1.0 目的", "规范来访接待。"]
ENTRIES = range(2, 7)


def _run_of(*children: object) -> object:
    run = OxmlElement("w:r")
    for child in children:
        run.append(child)
    return run


def _element(tag: str, text: str | None = None, **attributes: str) -> object:
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(key), value)
    if text is not None:
        element.text = text
    return element


def _field_entry(paragraph: object, number: int, line: str) -> None:
    """One entry as Word writes it: a hyperlink to the heading's bookmark, the title, a tab, a PAGEREF field."""
    title, _, page = line.partition("……")
    link = _element("w:hyperlink", **{"w:anchor": f"_Toc{number}", "w:history": "1"})
    link.append(_run_of(_element("w:t", title, **{"xml:space": "preserve"})))
    link.append(_run_of(_element("w:tab")))
    link.append(_run_of(_element("w:fldChar", **{"w:fldCharType": "begin"})))
    link.append(_run_of(_element("w:instrText", f" PAGEREF _Toc{number} \\h ", **{"xml:space": "preserve"})))
    link.append(_run_of(_element("w:fldChar", **{"w:fldCharType": "separate"})))
    link.append(_run_of(_element("w:t", page)))
    link.append(_run_of(_element("w:fldChar", **{"w:fldCharType": "end"})))
    paragraph._p.append(link)  # type: ignore[attr-defined]


def _word(path: Path, *, field: bool) -> Path:
    document = docx.Document()
    document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    for number, line in enumerate(LINES):
        if not field or number not in ENTRIES:
            document.add_paragraph(line)
            continue
        paragraph = document.add_paragraph(style="toc 1")
        if number == ENTRIES[0]:
            for child in (_element("w:fldChar", **{"w:fldCharType": "begin"}),
                          _element("w:instrText", ' TOC \\o "1-3" \\h \\z \\u ', **{"xml:space": "preserve"}),
                          _element("w:fldChar", **{"w:fldCharType": "separate"})):
                paragraph._p.append(_run_of(child))
        _field_entry(paragraph, number, line)
        if number == ENTRIES[-1]:
            paragraph._p.append(_run_of(_element("w:fldChar", **{"w:fldCharType": "end"})))
    document.save(str(path))
    return path


def _report(project: Project, source: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert _run(project.root, "import", str(source), "--manual", "KF", "--dry-run") == 0
    return capsys.readouterr().out.replace(str(source), "SOURCE").replace(source.name, "SOURCE")


@pytest.mark.parametrize("field", [False, True], ids=["paragraphs", "word-toc-field"])
def test_a_word_files_contents_page_is_read_as_the_same_text_is(
        project: Project, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], field: bool) -> None:
    """Fires (word-toc-field): Word's TOC-styled entries were dropped by the Word reader, counted only — no form
    drafted, no missing document named, where the same text drafted QRKF0605 and QRKF0606."""
    text = tmp_path / "手册.txt"
    text.write_text("\n".join(LINES) + "\n", "utf-8")
    expected = _report(project, text, capsys)
    assert "  - QRKF0605 回访记录表\n  - QRKF0606 投诉登记表" in expected and "KF0497 员工培训管理制度" in expected
    assert _report(project, _word(tmp_path / "手册.docx", field=field), capsys) == expected


def test_word_toc_entries_the_text_rules_do_not_read_as_a_contents_page_stay_out_of_the_body(
        tmp_path: Path) -> None:
    """Quiet: TOC-styled paragraphs no 目录 reader takes (no 目录 heading, no leaders) are still no body text."""
    from qmsdoc.importer.blocks import Note
    from qmsdoc.importer.plan import read_file

    document = docx.Document()
    document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("钥匙管理工作规程")
    document.add_paragraph("随便一行", style="toc 1")
    for line in ("1.0 目的", "规范钥匙的借用。", "2.0 适用范围", "本中心。"):
        document.add_paragraph(line)
    path = tmp_path / "钥匙.docx"
    document.save(str(path))
    notes: list[Note] = []
    chunks = read_file(path, path.name, notes)
    assert [c.title for c in chunks] == ["钥匙管理工作规程"]
    assert all("随便一行" not in b.text for c in chunks for b in c.blocks)
    assert [(n.line, n.message) for n in notes if "目录" in n.message] == [(2, "目录（1 项，第 2–2 行）未写入正文")]
