"""An underline (`---`, `===`) at an outer list item's text, right under a nested item's paragraph, reads as
CommonMark reads it on the page, in the Word copy and in the PDF copy (the one parse feeds all three): no setext
heading across the nested list — `---` is a thematic break in the outer item, `===` more of the nested item's text —
while an underline in the paragraph's own container still makes it a heading."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from test_copy_body import _job, _pdf_text, _word_paragraphs

from qmsdoc.core.copyblocks import Heading, ListBlock, Rule
from qmsdoc.core.copybody import walk_body
from qmsdoc.core.render import render_markdown
from qmsdoc.pdf.copies import document_pdf
from qmsdoc.word.document import build_document

BREAKS = {
    "two-space nesting": "- 甲项\n  - 乙项\n  ---\n",
    "four-space nesting": "- 甲项\n    - 乙项\n    ---\n",
    "under a numbered item": "1. 甲项\n   - 乙项\n   ---\n",
    "three levels, back one": "- 甲项\n  - 乙项\n    - 丙项\n    ---\n",
    "the nested item's second line": "- 甲项\n  - 乙项\n    续行\n  ---\n",
}
HEADINGS = {  # the underline is in the paragraph's own item: CommonMark's setext heading
    "the item's own text": ("- 甲项\n  乙项\n  ---\n", "甲项 乙项"),
    "the nested item's own text": ("- 甲项\n  - 乙项\n    ---\n", "乙项"),
    "a paragraph of the outer item": ("- 甲项\n  - 乙项\n\n  段落\n  ---\n", "段落"),
}


def _html(markdown: str) -> str:
    return render_markdown(markdown, lambda code: None).html


def _word_rules(data: bytes) -> int:
    """How many paragraphs of a Word copy are drawn as a thematic break (a bottom border and no text)."""
    body = docx.Document(io.BytesIO(data)).element.body
    return sum(1 for p in body.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None
               and not "".join(t.text or "" for t in p.iter(qn("w:t"))).strip())


def _outer_item_blocks(html: str) -> tuple[object, ...]:
    outer = next(block for block in walk_body(html) if isinstance(block, ListBlock))
    return outer.items[0].blocks


def _breaks_after_lists(blocks: tuple[object, ...]) -> int:
    """How many items among `blocks` (at any depth) end in a nested list and then a thematic break."""
    found = 0
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                tail = item.blocks[-2:]
                found += len(tail) == 2 and isinstance(tail[0], ListBlock) and isinstance(tail[1], Rule)
                found += _breaks_after_lists(item.blocks)
    return found


@pytest.mark.parametrize("markdown", BREAKS.values(), ids=list(BREAKS))
def test_a_break_under_a_nested_item_is_a_break_in_the_outer_item_everywhere(markdown: str, tmp_path: Path) -> None:
    html = _html(markdown)
    assert not re.search(r"<h[1-6]", html) and "<hr>" in html
    assert html.index("</ul>") < html.index("<hr>") < html.rindex("</li>")  # after the nested list, in the outer item
    assert _breaks_after_lists(walk_body(html)) == 1
    job = _job(html)
    word = build_document(job)
    assert not any("- 乙项" in text for text in _word_paragraphs(word))
    assert _word_rules(word) > _word_rules(build_document(_job(_html(markdown.replace("---", "")))))
    pdf = _pdf_text(document_pdf(job), tmp_path)
    assert "乙项" in pdf and "- 乙项" not in pdf


@pytest.mark.parametrize("marks", ["===", "--"])
def test_an_equals_underline_under_a_nested_item_is_more_of_its_text_everywhere(marks: str, tmp_path: Path) -> None:
    html = _html(f"- 甲项\n  - 乙项\n  {marks}\n")
    assert not re.search(r"<h[1-6]", html)
    blocks = _outer_item_blocks(html)
    nested = next(block for block in blocks if isinstance(block, ListBlock))
    assert "".join(getattr(span, "text", "") for span in nested.items[0].inlines).split() == ["乙项", marks]
    job = _job(html)
    assert f"乙项 {marks}" in _word_paragraphs(build_document(job))
    assert f"乙项 {marks}" in _pdf_text(document_pdf(job), tmp_path)


@pytest.mark.parametrize(("markdown", "shown"), HEADINGS.values(), ids=list(HEADINGS))
def test_an_underline_in_the_paragraphs_own_item_still_makes_a_heading(markdown: str, shown: str) -> None:
    html = _html(markdown)
    assert f">{shown}</h2>" in html and "<hr>" not in html
    assert shown in _headings(walk_body(html))  # the copies' heading too (Word and PDF write these blocks)


def _headings(blocks: tuple[object, ...] | list[object]) -> list[str]:
    """The text of every heading among `blocks`, an item's own heading and the blocks in items among them."""
    found: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            found.append("".join(getattr(span, "text", "") for span in block.inlines))
        elif isinstance(block, ListBlock):
            for item in block.items:
                found += _headings([item.heading] if item.heading else []) + _headings(item.blocks)
    return found
