"""A Markdown link to another controlled document's file (`[离职程序](QP-02-03.md)`) is a live link on the site; on
paper it showed only its text, so a reader of the Word or PDF copy could not tell which document was meant. The
copies (core/copybody.py's one walk) write the control number after it, as a `[[ID]]` reference shows one
(《title》（ID）): read back from the real .docx (python-docx) and PDF (pdftotext)."""

from __future__ import annotations

import re
from pathlib import Path

from test_copy_body import _job, _pdf_text, _word_paragraphs

from qmsdoc.core import check, i18n, load_config
from qmsdoc.core.copyblocks import Para, Span
from qmsdoc.core.copybody import walk_body
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.pdf.copies import document_pdf
from qmsdoc.word.document import build_document

from conftest import REPO

# in force, obsolete, draft, with a #fragment; one line each, so pdftotext keeps each on its line
NAMED = ("L1 见[离职程序](QP-02-03.md)。\n\nL2 见[辞退规定](QP-02-04.md)。\n\n"
         "L3 见[首问](../zwfw/ZWFW-007.md)。\n\nL4 见[离职职责](QP-02-03.md#30-职责)。\n")
QUIET = ("L5 见[QP-02-03 离职程序](QP-02-03.md)。\n\nL6 见[标准](https://www.iso.org/standard/62085.html)。\n\n"
         "L7 见[流程图文件](flow.png)。\n\nL8 见[[QP-02-03]]。\n\nL9 见[qp-02-03 离职](QP-02-03.md)。\n")


def _html(markdown: str) -> str:
    """The body as the one render makes it for a document of the shipped QP-02 manual."""
    config = load_config(REPO)
    return CorpusRenderer(check(config).corpus, config).text(markdown, "manuals/qp-hr/QP-02-02.md").html


def _lines(markdown: str, tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Each `Ln` line of the Word copy and of the PDF copy, by its `Ln` (the PDF's with pdftotext's spaces out)."""
    job = _job(_html(markdown))
    word = {p.split(" ", 1)[0]: p for p in _word_paragraphs(build_document(job)) if re.match(r"L\d ", p)}
    shown = [line.strip() for line in _pdf_text(document_pdf(job), tmp_path, raw=False).splitlines()]
    pdf = {line.split(" ", 1)[0]: re.sub(r"\s", "", line) for line in shown if re.match(r"L\d ", line)}
    return word, pdf


def test_a_link_to_a_documents_file_names_its_number_in_word_and_pdf(tmp_path: Path) -> None:
    word, pdf = _lines(NAMED, tmp_path)
    expected = {"L1": "离职程序（QP-02-03）。", "L2": "辞退规定（QP-02-04）。", "L3": "首问（ZWFW-007）。",
                "L4": "离职职责（QP-02-03）。"}
    for key, shown in expected.items():
        assert word[key].endswith(shown), word
        assert pdf[key].endswith(shown), pdf


def test_a_link_naming_its_number_or_to_no_document_is_written_as_before(tmp_path: Path) -> None:
    word, pdf = _lines(QUIET, tmp_path)
    expected = {"L5": "见QP-02-03离职程序。", "L6": "见标准。", "L7": "见流程图文件。",
                "L8": "见《员工离职管理工作规程》（QP-02-03）。", "L9": "见qp-02-03离职。"}
    for key, shown in expected.items():
        assert word[key].replace(" ", "").endswith(shown), word
        assert pdf[key].endswith(shown), pdf


def test_the_number_is_part_of_the_link_that_jumps_in_a_whole_manual_and_english_brackets_it() -> None:
    """In a whole manual the target is in the same file: the text and its number jump to its bookmark together."""
    html = _html("See [the exit procedure](QP-02-03.md) and [QP-02-01](QP-02-01.md).\n")
    i18n.set_language("en")  # after the project's configuration, which sets its own
    blocks = walk_body(html, anchors={"QP-02-03", "QP-02-01"})
    para = blocks[0]
    assert isinstance(para, Para)
    linked = [(span.text, span.anchor) for span in para.inlines if isinstance(span, Span) and span.anchor]
    assert linked == [("the exit procedure (QP-02-03)", "QP-02-03"), ("QP-02-01", "QP-02-01")], para.inlines
