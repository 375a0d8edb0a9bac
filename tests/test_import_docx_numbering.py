"""`qmsdoc import` of what Word writes but does not show: hidden text (w:vanish), which Word does not print."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE

from qmsdoc.core.i18n import t
from qmsdoc.importer.docx_reader import DocxFile, read_docx


def _read(document: docx.document.Document, tmp_path: Path) -> DocxFile:
    path = tmp_path / "sop.docx"
    document.save(str(path))
    return read_docx(path, path.name)


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
