"""Raw HTML an author writes shows the same text in the same lines on the page, in the Word copy and in the PDF copy
(the one parse, core/copybody.py's walk): read back from the real .docx (python-docx) and PDF (pdftotext)."""

from __future__ import annotations

import re
from pathlib import Path

from test_copy_body import _job, _pdf_text, _render, _word_paragraphs

from qmsdoc.pdf.copies import document_pdf
from qmsdoc.word.document import build_document


def _copies(markdown: str, tmp_path: Path) -> tuple[list[str], list[str]]:
    """The body's lines in the Word copy (its paragraphs) and in the PDF copy (pdftotext's lines), blank ones left
    out, each with its spaces as written."""
    job = _job(_render(markdown))
    word = [p for p in _word_paragraphs(build_document(job)) if p.strip()]
    pdf = [line for line in _pdf_text(document_pdf(job), tmp_path).splitlines() if line.strip()]
    return word, pdf


def _between(lines: list[str], first: str, last: str) -> list[str]:
    """The lines from the one starting with `first` to the one ending with `last`."""
    start = next(n for n, line in enumerate(lines) if line.startswith(first))
    end = next(n for n, line in enumerate(lines) if n >= start and line.endswith(last))
    return lines[start:end + 1]


def test_a_figure_caption_and_a_centred_block_start_lines_of_their_own_in_word_and_pdf(tmp_path: Path) -> None:
    markdown = ("## 程序\n\n<figure>图体文字<figcaption>图的说明</figcaption></figure>\n"
                "<center>居中文字</center>\n<dl><dt>术语</dt><dd>定义</dd></dl>\n\n下一段落。\n")
    word, pdf = _copies(markdown, tmp_path)
    expected = ["图体文字", "图的说明", "居中文字", "术语", "定义", "下一段落。"]
    assert _between(word, "图体文字", "下一段落。") == expected
    assert _between(pdf, "图体文字", "下一段落。") == expected


def test_inline_elements_stay_in_their_line_in_word_and_pdf(tmp_path: Path) -> None:
    markdown = "## 程序\n\n甲<span>乙</span><small>丙</small><mark>丁</mark>戊。\n\n下一段落。\n"
    word, pdf = _copies(markdown, tmp_path)
    assert _between(word, "甲", "下一段落。") == ["甲乙丙丁戊。", "下一段落。"]
    assert [re.sub(r"\s", "", line) for line in _between(pdf, "甲", "下一段落。")] == ["甲乙丙丁戊。", "下一段落。"]
