"""Other teams' Markdown and the HTML in it: what the page shows of a construct, the Word and PDF copies show too
(the one walk, core/copybody.py, decides for both)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_copy_body import _job, _pdf_text, _word_paragraphs
from test_parity import _render  # one check of the shipped project for all of them

from qmsdoc.core.copyblocks import ListBlock, Para, inline_text
from qmsdoc.core.copybody import walk_body
from qmsdoc.pdf.copies import document_pdf
from qmsdoc.word.document import build_document

# Raw HTML pasted from a web page or an HTML export: a container holding what it should not (a paragraph or text
# right inside a list, HTML5's <div> grouping a term and its definition). Browsers show all of it.
STRAY = [
    ("<ul><li>first point</li><p>strayparagraph after it</p><li>second point</li></ul>\n", "strayparagraph"),
    ("<ul>loosetext before any item<li>first point</li></ul>\n", "loosetext"),
    ("<ol><li>first point</li><div>straydiv between items</div><li>second point</li></ol>\n", "straydiv"),
    ("<dl><div><dt>groupedterm</dt><dd>groupeddefinition</dd></div></dl>\n", "groupeddefinition"),
    ("<dl><dt>term</dt><p>strayinlist</p><dd>definition</dd></dl>\n", "strayinlist"),
]


@pytest.mark.parametrize(("markdown", "word"), STRAY)
def test_what_a_list_holds_besides_its_items_is_in_word_and_pdf_as_on_the_page(
        markdown: str, word: str, tmp_path: Path) -> None:
    html = _render(markdown)
    assert word in html  # the page shows it
    paragraphs = _word_paragraphs(build_document(_job(html)))
    assert any(word in p for p in paragraphs), paragraphs
    assert word in _pdf_text(document_pdf(_job(html)), tmp_path)


def test_a_paragraph_inside_a_list_stays_in_its_place_under_the_item_before_it() -> None:
    blocks = walk_body(_render(STRAY[0][0]))
    assert len(blocks) == 1 and isinstance(blocks[0], ListBlock)
    first, second = blocks[0].items
    assert (inline_text(first.inlines), inline_text(second.inlines)) == ("first point", "second point")
    assert [inline_text(b.inlines) for b in first.blocks if isinstance(b, Para)] == ["strayparagraph after it"]
    assert second.blocks == ()


def test_lists_and_definitions_as_markdown_writes_them_gain_no_item_or_paragraph() -> None:
    html = _render("- one\n- two\n\n    two more\n\n1. three\n\nterm\n:   definition\n")
    blocks = walk_body(html)
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    assert [[(inline_text(i.inlines), len(i.blocks)) for i in b.items] for b in lists] == [
        [("one", 0), ("two", 1)], [("three", 0)]]
    assert [inline_text(b.inlines) for b in blocks if isinstance(b, Para)] == ["term"]
