"""`qmsdoc import` of what Word files other teams write hold besides plain paragraphs: content controls (Word's
table of contents, cover pages), tables nested in cells, text boxes (written twice by Word), tracked changes left
in the file, footnotes, comments, pictures, non-breaking hyphens. Each is built with python-docx and, where
python-docx cannot, by writing its XML; the draft must keep every word as the file reads, in order, once."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from qmsdoc.importer.blocks import Note, place
from qmsdoc.importer.docx_reader import DocxFile, read_docx
from qmsdoc.importer.plan import read_file

from conftest import png

W = nsdecls("w")
MC = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')


def _body_xml(document: docx.document.Document, xml: str) -> None:
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(xml))  # before the section properties


def _read(document: docx.document.Document, tmp_path: Path) -> DocxFile:
    path = tmp_path / "sop.docx"
    document.save(str(path))
    return read_docx(path, path.name)


def _words(read: DocxFile) -> list[str]:
    text = " ".join(b.text if b.kind != "table" else " ".join(" ".join(r) for r in b.rows) for b in read.blocks)
    return re.findall(r"[\w-]+", text)


def _messages(read: DocxFile) -> str:
    return "\n".join(n.message for n in read.notes)


def test_content_controls_keep_their_paragraphs_rows_and_cells(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("alpha before")
    _body_xml(document, f'<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>bravo inside</w:t></w:r></w:p>'
                        '</w:sdtContent></w:sdt>')
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "charlie"
    tbl = table._tbl
    tbl.append(parse_xml(f'<w:sdt {W}><w:sdtContent><w:tr><w:tc><w:p><w:r><w:t>delta row</w:t></w:r></w:p></w:tc>'
                         '</w:tr></w:sdtContent></w:sdt>'))
    document.add_paragraph("echo after")
    assert _words(_read(document, tmp_path)) == ["alpha", "before", "bravo", "inside", "charlie", "delta", "row",
                                                 "echo", "after"]


def test_a_table_nested_in_a_cell_keeps_its_words_in_the_cell(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Step", "Form"
    inner = table.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "QP-01-F001"
    read = _read(document, tmp_path)
    assert [b.rows for b in read.blocks] == [[["Step", "Form QP-01-F001"]]]


def test_a_text_box_is_read_once_after_its_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Mike before.")
    paragraph._p.append(parse_xml(
        f'<w:r {W} {MC}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        '<a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>November boxed</w:t></w:r></w:p>'
        '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>November boxed</w:t></w:r>'
        '</w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    paragraph.add_run(" Oscar after.")
    read = _read(document, tmp_path)
    assert [b.text for b in read.blocks] == ["Mike before. Oscar after.", "November boxed"]


def test_tracked_changes_read_as_accepted_and_are_reported(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Applies to delta")
    change = 'w:author="A" w:date="2024-01-01T00:00:00Z"'
    for xml in (f'<w:ins {W} w:id="1" {change}><w:r><w:t xml:space="preserve"> echo</w:t></w:r></w:ins>',
                f'<w:del {W} w:id="2" {change}><w:r><w:delText xml:space="preserve"> gone</w:delText></w:r></w:del>',
                f'<w:moveFrom {W} w:id="3" {change}><w:r><w:t xml:space="preserve"> moved</w:t></w:r></w:moveFrom>'):
        paragraph._p.append(parse_xml(xml))
    paragraph.add_run(" hotel.")
    document.add_paragraph("Plain.")
    read = _read(document, tmp_path)
    assert [b.text for b in read.blocks] == ["Applies to delta echo hotel.", "Plain."]
    assert "tracked changes" in _messages(read) or "修订" in _messages(read)


def test_a_file_without_tracked_changes_comments_or_pictures_says_nothing_of_them(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Plain text, nothing tracked.")
    assert _read(document, tmp_path).notes == []


def test_footnotes_become_markdown_footnotes_next_to_their_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    notes = (f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:t>See ISO 9001 clause 7.5.</w:t></w:r></w:p></w:footnote>'
             '</w:footnotes>').encode()
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", notes,
                document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    paragraph = document.add_paragraph("Tango has a note")
    paragraph._p.append(parse_xml(f'<w:r {W}><w:footnoteReference w:id="1"/></w:r>'))
    paragraph.add_run(" uniform.")
    orphan = document.add_paragraph("No such note")  # a reference to a note the file lacks: no marker at all
    orphan._p.append(parse_xml(f'<w:r {W}><w:footnoteReference w:id="9"/></w:r>'))
    read = _read(document, tmp_path)
    assert [b.text for b in read.blocks] == ["Tango has a note[^1] uniform.", "[^1]: See ISO 9001 clause 7.5.",
                                             "No such note"]


def test_run_characters_read_as_they_print(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("ISO")
    paragraph._p.append(parse_xml(f'<w:r {W}><w:noBreakHyphen/><w:t xml:space="preserve">9001 con</w:t>'
                                  '<w:softHyphen/><w:t>trol</w:t><w:tab/><w:t>end</w:t><w:cr/><w:t>line</w:t></w:r>'))
    assert [b.text for b in _read(document, tmp_path).blocks] == ["ISO-9001 control end line"]


def test_comments_are_reported_and_a_picture_kept_where_it_is(tmp_path: Path) -> None:
    image = tmp_path / "flow.png"
    image.write_bytes(png(pixel=b"\0"))
    document = docx.Document()
    document.add_paragraph("Flow chart:")
    document.add_picture(str(image))
    paragraph = document.add_paragraph("Romeo commented.")
    paragraph._p.append(parse_xml(f'<w:r {W}><w:commentReference w:id="5"/></w:r>'))
    read = _read(document, tmp_path)
    assert [b.kind for b in read.blocks] == ["para", "picture", "para"]
    assert [b.line for b in read.blocks if b.picture and b.picture.data == png(pixel=b"\0")] == [2]
    assert not [n for n in read.notes if "picture" in n.message or "图片" in n.message]
    assert any("comment" in n.message or "批注" in n.message for n in read.notes)


def test_bold_numbered_paragraphs_are_the_headings_of_a_file_without_heading_styles(tmp_path: Path) -> None:
    from qmsdoc.importer.markdown import body
    from qmsdoc.importer.plan import read_file
    from qmsdoc.importer.recognise import draft_from

    document = docx.Document()
    document.add_paragraph().add_run("Handling of Nonconforming Product").bold = True
    for text, bold in (("1. PURPOSE", True), ("To define handling.", False), ("1.1 Scope", True),
                       ("All sites.", False), ("Never ship it.", True), ("2. PROCEDURE", True), ("Tag it.", False)):
        document.add_paragraph().add_run(text).bold = bold
    path = tmp_path / "ncr.docx"
    document.save(str(path))
    notes: list[object] = []
    drafts = [draft_from(chunk, notes) for chunk in read_file(path, path.name, notes)]  # type: ignore[arg-type]
    assert [(d.title, d.type) for d in drafts] == [("Handling of Nonconforming Product", "procedure")]
    assert body(drafts[0].blocks) == ("## 1. PURPOSE\n\nTo define handling.\n\n### 1.1 Scope\n\nAll sites.\n\n"
                                      "**Never ship it.**\n\n## 2. PROCEDURE\n\nTag it.\n")  # a bold sentence stays


def _drafts(document: docx.document.Document, path: Path) -> list[object]:
    from qmsdoc.importer.plan import read_file
    from qmsdoc.importer.recognise import draft_from

    document.save(str(path))
    notes: list[object] = []
    return [draft_from(chunk, notes) for chunk in read_file(path, path.name, notes)]  # type: ignore[arg-type]


def test_an_sop_whose_sections_are_heading_1_under_its_title_is_one_document(tmp_path: Path) -> None:
    from qmsdoc.importer.markdown import body

    document = docx.Document()
    cover_table = document.add_table(rows=2, cols=2)
    for row, (key, value) in enumerate((("Document No.", "SOP-QA-001"), ("Revision", "B"))):
        cover_table.cell(row, 0).text, cover_table.cell(row, 1).text = key, value
    document.add_paragraph("Control of Documents Procedure", style="Title")
    for text, level in (("1. Purpose", 1), ("To control documents.", 0), ("2. Scope", 1), ("2.1 Sites", 2),
                        ("All sites.", 0)):
        document.add_heading(text, level) if level else document.add_paragraph(text)
    drafts = _drafts(document, tmp_path / "sop.docx")
    assert [(d.id, d.title, d.type) for d in drafts] == [  # type: ignore[attr-defined]
        ("SOP-QA-001", "Control of Documents Procedure", "procedure")]
    assert body(drafts[0].blocks) == ("## 1. Purpose\n\nTo control documents.\n\n## 2. Scope\n\n"  # type: ignore[attr-defined]
                                      "### 2.1 Sites\n\nAll sites.\n")


def test_documents_under_heading_1_with_sections_under_heading_2_still_split(tmp_path: Path) -> None:
    document = docx.Document()
    for title in ("Control of Documents", "Control of Records"):
        document.add_heading(title, 1)
        document.add_heading("1. Purpose", 2)
        document.add_paragraph("To control them.")
    drafts = _drafts(document, tmp_path / "manual.docx")
    assert [d.title for d in drafts] == ["Control of Documents", "Control of Records"]  # type: ignore[attr-defined]


def test_a_records_section_written_as_a_table_names_its_forms(tmp_path: Path) -> None:
    from qmsdoc.importer.markdown import body

    document = docx.Document()
    document.add_paragraph("不合格品控制程序", style="Title")
    for head, text in (("1 目的", "规范不合格品的处置。"), ("2 范围", "适用于所有产品。")):
        document.add_heading(head, 2)
        document.add_paragraph(text)
    rows = (("表单编号", "表单名称", "保存期限"), ("QP-08-01-F001", "不合格品记录表", "三年"),
            ("无编号", "返工单", "一年"))
    for head in ("3 程序", "4 质量记录"):  # the same table under 程序 is body text only
        document.add_heading(head, 2)
        table = document.add_table(rows=3, cols=3)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    drafts = _drafts(document, tmp_path / "程序.docx")
    assert [(d.id, d.records) for d in drafts] == [  # type: ignore[attr-defined]
        ("QP-08-01", [("QP-08-01-F001", "不合格品记录表")])]
    text = body(drafts[0].blocks)  # type: ignore[attr-defined]
    assert "## 3 程序\n\n| 表单编号 | 表单名称 | 保存期限 |\n| --- | --- | --- |\n| QP-08-01-F001 |" in text
    assert text.endswith("| [[QP-08-01-F001]] | 不合格品记录表 | 三年 |\n| 无编号 | 返工单 | 一年 |\n")


def test_a_document_number_in_a_page_header_or_footer_line_is_read(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Document No.: SOP-QA-007\tRevision: C"
    document.sections[0].footer.paragraphs[0].text = "Page 1 of 3"  # no label: nothing read from it
    document.add_paragraph("Body.")
    assert _read(document, tmp_path).header_fields == {"id": "SOP-QA-007", "version": "C"}


def test_numbered_lists_number_as_word_shows_them(tmp_path: Path) -> None:
    from qmsdoc.importer.markdown import body

    document = docx.Document()
    for text, style in (("one", "List Number"), ("two", "List Number"), ("two a", "List Number 2"),
                        ("two b", "List Number 2"), ("bullet", "List Bullet 2")):
        document.add_paragraph(text, style=style)
    document.add_paragraph("A paragraph between: Word counts on.")
    document.add_paragraph("three", style="List Number")
    document.add_paragraph("A list Word restarted:")
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    numbering.append(parse_xml(f'<w:num {W} w:numId="99"><w:abstractNumId w:val="{abstract}"/>'
                               '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    for text in ("again one", "again two"):
        numbered = document.add_paragraph(text, style="List Number")._p.get_or_add_pPr().get_or_add_numPr()
        numbered.get_or_add_ilvl().val, numbered.get_or_add_numId().val = 0, 99
    read = _read(document, tmp_path)
    assert body(read.blocks) == (
        "1. one\n2. two\n    1. two a\n    2. two b\n    - bullet\n\nA paragraph between: Word counts on.\n\n"
        "3. three\n\nA list Word restarted:\n\n1. again one\n2. again two\n")


def test_word_table_of_contents_entries_are_no_body_text(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    for name in ("toc 1", "TOC 2"):
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    for entry, style in (("1. Purpose\t1", "toc 1"), ("1.1 Sites\t1", "TOC 2")):
        document.add_paragraph(entry, style=style)
    document.add_heading("1. Purpose", 1)
    document.add_paragraph("Torque\t5 Nm")  # a tab and a number in body text: kept
    read = _read(document, tmp_path)
    assert [(b.kind, b.text) for b in read.blocks] == [("heading", "1. Purpose"), ("para", "Torque 5 Nm")]
    # kept aside, their tab drawn as the leader Word shows, for the text rules' 目录 reader (test_import_docx_toc)
    assert [(b.line, b.text) for b in read.contents] == [(1, "1. Purpose……1"), (2, "1.1 Sites……1")]
    notes: list[Note] = []
    read_file(tmp_path / "sop.docx", "sop.docx", notes)  # split by its heading: the entries are said, not read
    assert [(n.line, n.message) for n in notes if "目录" in n.message] == [(1, "目录（2 项，第 1–2 行）未写入正文")]


def test_a_soft_hyphen_typed_into_the_text_is_no_character_of_the_word(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Document con\u00adtrol, ISO\u20119001.")  # the non-breaking hyphen is a character: kept
    assert [b.text for b in _read(document, tmp_path).blocks] == ["Document control, ISO\u20119001."]


def test_a_picture_in_a_table_cell_stays_in_its_cell_and_a_deleted_row_is_gone(tmp_path: Path) -> None:
    image = tmp_path / "logo.png"
    image.write_bytes(png(pixel=b"\0"))
    document = docx.Document()
    table = document.add_table(rows=3, cols=1)
    table.cell(0, 0).text, table.cell(1, 0).text, table.cell(2, 0).text = "Step", "Weigh", "Deleted row"
    table.cell(1, 0).paragraphs[0].add_run().add_picture(str(image))
    table.rows[2]._tr.get_or_add_trPr().append(parse_xml(f'<w:del {W} w:id="7" w:author="A"/>'))
    document.add_paragraph("After.")
    read = _read(document, tmp_path)
    assert [b.rows or b.text or b.kind for b in read.blocks] == [[["Step"], [f"Weigh{place(0)}"]], "After."]
    assert [p.data for p in read.blocks[0].pictures] == [png(pixel=b"\0")]
