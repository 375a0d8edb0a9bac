"""A Word file split by its 「标题 1」 headings reads its 目录 with the text rules' one 目录 reader, as a file split by
the text rules does: the forms it lists are drafted (owner 待填写) and the documents it lists that the file does not
hold are named, as for the same text — while the headings, not the 目录, decide where each document begins."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from test_import_docx_toc import ENTRIES, LINES, _field_entry, _report

from conftest import Project

HEADING = LINES.index("客服部来访接待工作规程 KF0399")


def _word(path: Path, *, field: bool) -> Path:
    """LINES as a Word file whose document starts at a 标题 1, its 目录 typed or Word's own."""
    document = docx.Document()
    document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    for number, line in enumerate(LINES):
        if number == HEADING:
            document.add_heading(line, level=1)
        elif field and number in ENTRIES:
            _field_entry(document.add_paragraph(style="toc 1"), number, line)
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


@pytest.mark.parametrize("field", [False, True], ids=["paragraphs", "word-toc-field"])
def test_a_heading_split_word_files_contents_page_is_reported_as_the_same_text_is(
        project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], field: bool) -> None:
    """Fires: the 目录 was only counted (「目录（5 项…）未写入正文」) — QRKF0605 and QRKF0606 were not drafted, KF0497
    not named as missing, the cover above the 目录 was text no document takes, and the heading's KF0399 was left in
    its title (the document numbered KF-001), where the same text did each."""
    text = tmp_path / "手册.txt"
    text.write_text("\n".join(LINES) + "\n", "utf-8")
    expected = _report(project, text, capsys)
    assert "  - QRKF0605 回访记录表\n  - QRKF0606 投诉登记表" in expected and "KF0497 员工培训管理制度" in expected
    assert _report(project, _word(tmp_path / "手册.docx", field=field), capsys) == expected


def test_the_headings_not_the_contents_page_split_a_word_file(tmp_path: Path) -> None:
    """Quiet: a 目录 of chapters under a 标题 1 cuts nothing — the chapters stay in the one document, the 目录's
    lines in none."""
    from qmsdoc.importer.blocks import Note
    from qmsdoc.importer.plan import read_file

    document = docx.Document()
    document.add_heading("服务手册", level=1)
    for line in ("目录", "第一章 总则……1", "第二章 服务规范……3", "第一章 总则", "1.1 本手册适用于服务中心。",
                 "第二章 服务规范", "2.1 接待来访。"):
        document.add_paragraph(line)
    path = tmp_path / "服务手册.docx"
    document.save(str(path))
    notes: list[Note] = []
    chunks = read_file(path, path.name, notes)
    assert [c.title for c in chunks] == ["服务手册"]
    body = [b.text for b in chunks[0].blocks]
    assert "第一章 总则……1" not in body and "本手册适用于服务中心" in "".join(body) and "接待来访" in "".join(body)
