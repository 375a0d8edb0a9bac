"""`qmsdoc import` of what Word shows but does not write as text, and what it writes but does not show: lists that
follow one another (two lists, not one), and hidden text (w:vanish), which Word does not print.
Built with python-docx and, where it has no API, by writing the numbering part's XML."""

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
