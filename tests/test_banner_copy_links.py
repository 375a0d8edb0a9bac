"""The banner of a page whose approved version waits links the copies of the version in force until then
(「现行版本 A/0 受控副本：Word PDF。」): its links are joined by `pages.link_row`, the one joiner of link rows, whose
gap a phone hides while it stacks the links — not by a plain gap in the text, which ended a line on its own."""

from __future__ import annotations

from types import SimpleNamespace

from qmsdoc.site.pages import Copies, link_row

GAP = '<span class="qms-gap">'


def _waiting() -> SimpleNamespace:
    return SimpleNamespace(id="QP-02-01", in_force_before="A/0")


def test_the_document_banner_joins_word_and_pdf_as_a_link_row() -> None:
    said = Copies(word=True, pdf=True, in_force_copied=frozenset({"QP-02-01"})).in_force(_waiting())  # type: ignore[arg-type]
    word, pdf = said.index('class="qms-docx"'), said.index('class="qms-pdf"')
    assert GAP in said[word:pdf], said


def test_the_manual_banner_joins_word_and_pdf_as_a_link_row() -> None:
    manual = SimpleNamespace(id="QP-02")
    version, said = Copies(word=True, pdf=True, manuals_in_force=(("QP-02", "A/0"),)).manual_in_force(manual)  # type: ignore[arg-type]
    word, pdf = said.index('class="qms-docx"'), said.index('class="qms-pdf"')
    assert version == "A/0" and GAP in said[word:pdf], said


def test_one_format_has_no_gap_and_no_copy_no_links() -> None:
    """Quiet: a build of Word copies only links one copy with no gap; a version with no copy made links none."""
    said = Copies(word=True, in_force_copied=frozenset({"QP-02-01"})).in_force(_waiting())  # type: ignore[arg-type]
    assert 'class="qms-docx"' in said and GAP not in said and 'class="qms-pdf"' not in said
    assert Copies(word=True, pdf=True).in_force(_waiting()) == ""  # type: ignore[arg-type]
    assert link_row(["a"]) == "a"
