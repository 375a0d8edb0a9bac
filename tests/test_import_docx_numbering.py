"""`qmsdoc import` of what Word shows but does not write as text, and what it writes but does not show: lists that
follow one another (two lists, not one), the automatic numbers of headings and clauses linked to a multilevel list
(「1.0 目的」「3.1 …」), and hidden text (w:vanish), which Word does not print. Built with python-docx and, where it
has no API, by writing the numbering part's XML."""

from __future__ import annotations

from pathlib import Path

import docx
import markdown
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from qmsdoc.core.i18n import t
from qmsdoc.importer.docx_reader import DocxFile, read_docx
from qmsdoc.importer.markdown import body

W = nsdecls("w")


def _read(document: docx.document.Document, tmp_path: Path) -> DocxFile:
    path = tmp_path / "sop.docx"
    document.save(str(path))
    return read_docx(path, path.name)


def _numbered(paragraph: object, num_id: int, level: int) -> None:
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()  # type: ignore[attr-defined]
    numbering.get_or_add_ilvl().val, numbering.get_or_add_numId().val = level, num_id


def _another_list(document: docx.document.Document, num_id: int, *, restart: bool) -> None:
    """A second numbering instance of 「List Number」's definition; `restart`: Word's 「重新开始于 1」."""
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
    numbering.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{override}'
                               '</w:num>'))


def _html_lists(text: str) -> int:
    html = markdown.markdown(text, extensions=["sane_lists"])
    return html.count("<ol") + html.count("<ul")


def test_adjacent_word_lists_stay_separate_lists(tmp_path: Path) -> None:
    document = docx.Document()
    for text, style in (("one", "List Number"), ("two", "List Number"), ("dot", "List Bullet")):
        document.add_paragraph(text, style=style)
    _another_list(document, 98, restart=True)
    for text in ("again one", "again two"):
        _numbered(document.add_paragraph(text, style="List Number"), 98, 0)
    text = body(_read(document, tmp_path).blocks)
    assert text == "1. one\n2. two\n\n<!-- -->\n\n- dot\n\n<!-- -->\n\n1. again one\n2. again two\n"
    assert _html_lists(text) == 3


def test_a_list_word_counts_on_stays_one_list(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("one", style="List Number")
    _another_list(document, 97, restart=False)  # another instance without a restart: Word counts on
    _numbered(document.add_paragraph("two", style="List Number"), 97, 0)
    document.add_paragraph("two a", style="List Number 2")
    document.add_paragraph("three", style="List Number")
    text = body(_read(document, tmp_path).blocks)
    assert text == "1. one\n2. two\n    1. two a\n3. three\n"
    assert _html_lists(text) == 2  # the list and the list nested in it


def _multilevel(document: docx.document.Document) -> None:
    """Abstract numbering 90 (「%1.0」 / 「%1.%2」 / 「%1.%2.%3」) as numbering 90, linked to Heading 1 and 2."""
    numbering = document.part.numbering_part.element
    levels = "".join(f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                     f'<w:lvlText w:val="{text}"/></w:lvl>'
                     for n, text in enumerate(("%1.0", "%1.%2", "%1.%2.%3")))
    numbering.insert(0, parse_xml(f'<w:abstractNum {W} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for name, level in (("Heading 1", 0), ("Heading 2", 1)):
        style = document.styles[name].element
        style.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="90"/>'
                                                '</w:numPr>'))


def test_automatic_heading_and_clause_numbers_are_imported_as_word_shows_them(tmp_path: Path) -> None:
    document = docx.Document()
    _multilevel(document)
    document.add_paragraph("文件控制程序", style="Title")
    for text, level in (("目的", 1), ("规范文件的控制。", 0), ("范围", 1), ("程序", 1), ("文件编写", 2),
                        ("文件审批", 2), ("记录", 1)):
        document.add_heading(text, level) if level else document.add_paragraph(text)
    _numbered(document.add_paragraph("记录由质量部保存。", style="List Paragraph"), 90, 1)  # a clause number
    _numbered(document.add_paragraph("保存三年。", style="List Paragraph"), 90, 2)
    read = _read(document, tmp_path)
    assert [(b.kind, b.text) for b in read.blocks] == [
        ("heading", "文件控制程序"), ("heading", "1.0 目的"), ("para", "规范文件的控制。"), ("heading", "2.0 范围"),
        ("heading", "3.0 程序"), ("heading", "3.1 文件编写"), ("heading", "3.2 文件审批"), ("heading", "4.0 记录"),
        ("para", "4.1 记录由质量部保存。"), ("para", "4.1.1 保存三年。")]


def test_heading_numbers_in_chinese_and_legal_formats_start_where_word_starts_them(tmp_path: Path) -> None:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="91">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/>'
        '<w:pStyle w:val="Heading1"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="3"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1.%2"/>'
        '<w:isLgl/><w:pStyle w:val="Heading2"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    for name in ("Heading 1", "Heading 2"):  # the style names the numbering, the numbering's level names the style
        document.styles[name].element.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W}><w:numId w:val="91"/></w:numPr>'))
    for text, level in (("总则", 1), ("目的", 2), ("范围", 2), ("管理要求", 1), ("职责", 2)):
        document.add_heading(text, level)
    assert [b.text for b in _read(document, tmp_path).blocks] == [
        "第一章 总则", "1.3 目的", "1.4 范围", "第二章 管理要求", "2.3 职责"]


def test_headings_without_automatic_numbers_keep_their_text(tmp_path: Path) -> None:
    document = docx.Document()
    _multilevel(document)
    document.add_heading("1. Purpose", 3)  # a heading style with no numbering
    switched_off = document.add_heading("Scope", 1)  # Heading 1 is numbered, this paragraph switches it off
    _numbered(switched_off, 0, 0)
    document.add_paragraph("Step one", style="List Number")
    read = _read(document, tmp_path)
    assert [(b.kind, b.text) for b in read.blocks] == [("heading", "1. Purpose"), ("heading", "Scope"),
                                                       ("item", "Step one")]


def test_hidden_text_is_left_out_and_reported(tmp_path: Path) -> None:
    document = docx.Document()
    secret = document.styles.add_style("Secret", WD_STYLE_TYPE.CHARACTER)
    secret.font.hidden = True
    hidden_paragraphs = document.styles.add_style("Hidden Note", WD_STYLE_TYPE.PARAGRAPH)
    hidden_paragraphs.font.hidden = True
    document.add_paragraph("Shown first.")
    paragraph = document.add_paragraph("Weigh ")
    paragraph.add_run("(old value 5 kg) ").font.hidden = True
    paragraph.add_run("the sample.")
    styled = document.add_paragraph("Sign ")
    styled.add_run("internal remark ", style="Secret")
    styled.add_run("the record.")
    document.add_paragraph("Author's note to self.", style="Hidden Note")
    shown_anyway = document.add_paragraph(style="Hidden Note")
    shown_anyway.add_run("Shown in a hidden style.").font.hidden = False
    read = _read(document, tmp_path)
    assert [b.text for b in read.blocks] == ["Shown first.", "Weigh the sample.", "Sign the record.",
                                             "Shown in a hidden style."]
    assert [(n.line, n.message) for n in read.notes] == [(line, t("import.hidden_text")) for line in (2, 3, 4)]


def test_an_ordinary_document_reports_no_hidden_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Purpose", 1)
    paragraph = document.add_paragraph("Weigh ")
    paragraph.add_run("the sample").bold = True
    paragraph.add_run(".").font.hidden = False
    read = _read(document, tmp_path)
    assert [b.text for b in read.blocks] == ["Purpose", "Weigh **the sample**."]
    assert read.notes == []
