"""An admonition's kind shows in the Word and PDF copies as on the site: the one walk (core/copybody.py) carries
the kind, core/boxlooks.py groups the kinds into a few looks (a danger box's heavy red border, a warning's
orange one, a tip's green one, a note's blue-grey one), and both writers draw that look — read back from the
Word copy's paragraph XML, the PDF writer's Typst source and the PDF's pixels."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from test_copy_body import _job, _render

from qmsdoc.core import copylabels as labels
from qmsdoc.core.boxlooks import KIND_LOOKS, LOOKS
from qmsdoc.core.copyblocks import Box, Para, inline_text
from qmsdoc.core.copybody import walk_body
from qmsdoc.core.i18n import message
from qmsdoc.pdf.body import TypstBody
from qmsdoc.pdf.copies import document_pdf
from qmsdoc.word.document import build_document


def _admonitions(*kinds: str, fence: str = "!!!") -> str:
    """One admonition of each kind, its body text the token `k<n>x` (n its place)."""
    return "".join(f"{fence} {kind}\n    k{n}x body.\n\n" for n, kind in enumerate(kinds)) + "After a0x text.\n"


def _word_looks(html: str) -> dict[str, str]:
    """Each Word paragraph's text → its border and shading XML (what makes a box look as it does)."""
    body = docx.Document(io.BytesIO(build_document(_job(html)))).element.body
    looks = {}
    for p in body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        props = p.find(qn("w:pPr"))
        parts = [] if props is None else [props.find(qn(tag)) for tag in ("w:pBdr", "w:shd")]
        looks[text] = "".join(etree.tostring(part, encoding=str) for part in parts if part is not None)
    return looks


def _box_look(looks: dict[str, str], token: str) -> str:
    return next(look for text, look in looks.items() if token in text)


# -- the walk -------------------------------------------------------------------------------------------
def test_the_walk_carries_an_admonitions_kind_and_a_details_blocks() -> None:
    html = _render(_admonitions("danger", "Tip") + _admonitions("error", fence="???") + "Term\n:   Its d9x text.\n")
    boxes = [b for b in walk_body(html) if isinstance(b, Box)]
    assert [b.admonition for b in boxes] == ["danger", "tip", "error", None], boxes  # a definition is no admonition


def test_an_untitled_admonition_gets_its_kinds_word_and_an_empty_title_none_on_the_site_or_in_the_copies() -> None:
    html = _render('!!! danger\n    k0x body.\n\n!!! danger ""\n    k1x body.\n')
    assert html.count('class="admonition-title"') == 1, html  # the site: `""` shows no title line
    first, second = (b for b in walk_body(html) if isinstance(b, Box))
    assert isinstance(first.blocks[0], Para) and inline_text(first.blocks[0].inlines) == message("admonition.danger")
    assert [inline_text(b.inlines) for b in second.blocks if isinstance(b, Para)] == ["k1x body."]
    paragraphs = list(_word_looks(html))
    assert paragraphs.count(str(message("admonition.danger"))) == 1, paragraphs  # Word: one title line
    assert "k1x body." in paragraphs and second.admonition == "danger"


def test_every_material_kind_and_alias_has_a_look_and_a_word_in_every_language() -> None:
    from qmsdoc.core.i18n import en, zh_CN, zh_TW

    assert set(KIND_LOOKS.values()) <= set(LOOKS)
    for catalogue in (en.MESSAGES, zh_CN.MESSAGES, zh_TW.MESSAGES):
        assert [k for k in KIND_LOOKS if f"admonition.{k}" not in catalogue] == []


# -- Word -----------------------------------------------------------------------------------------------
def test_word_draws_a_danger_box_unlike_a_note_and_each_group_alike() -> None:
    kinds = ("danger", "note", "error", "bug", "info", "example", "warning", "caution", "tip", "success", "custom")
    looks = _word_looks(_render(_admonitions(*kinds)))
    look = {kind: _box_look(looks, f"k{n}x") for n, kind in enumerate(kinds)}
    assert len({look["danger"], look["note"], look["warning"], look["tip"]}) == 4, look
    assert look["danger"] == look["error"] == look["bug"], look
    assert look["note"] == look["info"] == look["example"] == look["custom"], look
    assert look["warning"] == look["caution"] and look["tip"] == look["success"], look
    assert 'w:color="C62828"' in look["danger"] and 'w:sz="24"' in look["danger"], look  # heavy and red
    assert _box_look(looks, "a0x") == "", looks  # the text after the boxes is no box


def test_word_titles_and_bodies_of_one_box_share_its_look() -> None:
    looks = _word_looks(_render(_admonitions("danger")))
    assert looks[str(message("admonition.danger"))] == _box_look(looks, "k0x") != ""


# -- PDF ------------------------------------------------------------------------------------------------
def _typst(markdown: str) -> str:
    return TypstBody().blocks(walk_body(_render(markdown)), 0)


def test_the_pdf_writer_strokes_each_kind_by_its_group() -> None:
    danger, error, note, warning, tip = (_box_header(_admonitions(kind))
                                         for kind in ("danger", "error", "note", "warning", "tip"))
    assert 'stroke: (left: 3pt + rgb("#C62828"))' in danger and 'fill: rgb("#FDECEA")' in danger, danger
    assert danger == error, (danger, error)  # the same group: the same look
    assert len({danger, note, warning, tip}) == 4, (danger, note, warning, tip)


def _box_header(markdown: str) -> str:
    """The Typst block a box is drawn as, without its content."""
    found = re.search(r"#block\([^\[]*\)", _typst(markdown))
    assert found is not None
    return found.group(0)


def _reddish(pdf: bytes, tmp_path: Path) -> int:
    """Pixels of the PDF's first page in the danger border's red."""
    from PIL import Image

    (tmp_path / "copy.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(tmp_path / "copy.pdf"),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    pixels = image.tobytes()
    return sum(1 for at in range(0, len(pixels), 3)
               if pixels[at] > 150 and pixels[at + 1] < 90 and pixels[at + 2] < 90)


@pytest.mark.parametrize(("kind", "red"), [("danger", True), ("note", False)])
def test_the_pdf_copy_shows_a_danger_border_in_red_and_a_note_none(tmp_path: Path, kind: str, red: bool) -> None:
    html = _render("".join(f"!!! {kind}\n    k{n}x line one.\n\n    k{n}x line two.\n\n" for n in range(3)))
    found = _reddish(document_pdf(_job(html)), tmp_path)
    assert (found > 30) is red, found


def test_the_typst_source_names_its_colours_as_the_word_copy_does() -> None:
    """One table: the PDF's border colour and width are Word's (the one look both read)."""
    word = _box_look(_word_looks(_render(_admonitions("warning"))), "k0x")
    typst = _typst(_admonitions("warning"))
    colour = re.search(r'w:left w:val="single" w:sz="(\d+)" w:space="8" w:color="([0-9A-F]{6})"', word)
    assert colour is not None, word
    assert f'stroke: (left: {int(colour.group(1)) / 8:g}pt + rgb("#{colour.group(2)}"))' in typst, typst


def test_both_copies_of_every_kind_are_byte_identical_across_two_builds() -> None:
    html = _render(_admonitions(*KIND_LOOKS, "custom") + _admonitions("danger", fence="???"))
    assert build_document(_job(html)) == build_document(_job(html))
    assert document_pdf(_job(html)) == document_pdf(_job(html))


# -- a title stays with what it heads ---------------------------------------------------------------------
def _word_keep_next(html: str) -> dict[str, bool]:
    body = docx.Document(io.BytesIO(build_document(_job(html)))).element.body
    return {"".join(t.text or "" for t in p.iter(qn("w:t"))): p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
            for p in body.iter(qn("w:p"))}


def test_an_admonitions_title_and_a_definitions_term_keep_with_what_follows_in_both_copies() -> None:
    """A box's title alone at a page's foot, its text on the next page, reads as a box with nothing in it: the
    walk marks the title (and a definition list's term) to keep with the next line — Word's keepNext, Typst's
    sticky block — and the body text after it is not held."""
    markdown = '!!! warning "t0x title"\n    k0x body.\n\nT1x term\n:   d1x text.\n\nAfter a0x text.\n'
    kept = _word_keep_next(_render(markdown))
    assert kept["t0x title"] and kept["T1x term"], kept
    assert not kept["k0x body."] and not kept["d1x text."], kept
    typst = _typst(markdown)
    assert typst.count("#block(sticky: true)") == 2, typst
    held = typst.split("#block(sticky: true)")
    assert "t0x title" in held[1] and "T1x term" in held[2], held


# -- other teams' callouts -------------------------------------------------------------------------------
def test_github_and_docusaurus_callouts_look_as_the_admonitions_they_are_in_word_and_pdf() -> None:
    """`> [!CAUTION]` and `:::danger[标题]` were a grey quote bar and plain paragraphs with ::: lines in both copies;
    they are the caution (warning's orange) and danger (red) boxes, titled as written or by the kind's word."""
    html = _render("> [!CAUTION]\n> k0x body.\n\n:::danger[标题 t1]\nk1x body.\n:::\n\n"
                   + _admonitions("caution", "danger").replace("k0x", "k2x").replace("k1x", "k3x"))
    looks = _word_looks(html)
    assert _box_look(looks, "k0x") == _box_look(looks, "k2x") == looks[str(message("admonition.caution"))]
    assert _box_look(looks, "k1x") == _box_look(looks, "k3x") == looks["标题 t1"] != _box_look(looks, "k0x")
    assert not any("[!" in text or ":::" in text for text in looks), looks
    typst = TypstBody().blocks(walk_body(html), 0)
    assert 'stroke: (left: 3pt + rgb("#C62828"))' in typst and "[!CAUTION]" not in typst and ":::" not in typst


# -- a definition list ----------------------------------------------------------------------------------
DEFINITION = "Term\n:   Its d0x text.\n"


def test_a_definition_is_indented_and_unshaded_in_both_copies_as_on_the_page() -> None:
    """The page (Material) indents a definition under its term; the copies set it in a light-blue box as well."""
    html = _render(DEFINITION)
    assert "<dd>" in html and "style" not in html.split("<dd>")[1].split("</dd>")[0]  # the page: indent only
    body = docx.Document(io.BytesIO(build_document(_job(html)))).element.body
    text = next(p for p in body.iter(qn("w:p")) if "d0x" in "".join(t.text or "" for t in p.iter(qn("w:t"))))
    props = text.find(qn("w:pPr"))
    assert props is not None and props.find(qn("w:shd")) is None and props.find(qn("w:pBdr")) is None
    indent = props.find(qn("w:ind"))
    assert indent is not None and int(indent.get(qn("w:left")) or indent.get(qn("w:start")) or 0) > 0
    header = re.findall(r"#block\(width[^\[]*\)", _typst(DEFINITION))[0]  # after its term's sticky block
    assert "fill: none" in header and "stroke" not in header and "inset: (left: 0.6cm" in header, header


def test_a_definition_in_a_note_shows_the_notes_shade_in_word_as_in_the_pdf() -> None:
    """The PDF's unshaded block lets its note's shade through; Word's paragraph takes it."""
    looks = _word_looks(_render("!!! note\n    Term\n    :   Its d1x text.\n\n    k0x body.\n"))
    assert _box_look(looks, "d1x") == _box_look(looks, "k0x") != "", looks
    assert 'fill: rgb("#EEF3FB")' in _box_header("!!! note\n    k0x body.\n")  # a note keeps its shade


def test_a_terms_weight_is_the_same_on_the_page_as_in_both_copies(browser: Any) -> None:
    """The copies set a term in bold; the page (Material) set it as plain text."""
    from qmsdoc.core.copyblocks import Span
    from qmsdoc.site import pages

    html = _render(DEFINITION)
    term = next(b for b in walk_body(html) if isinstance(b, Para) and inline_text(b.inlines) == "Term")
    assert all(i.style.bold for i in term.inlines if isinstance(i, Span))  # both copies write this walk
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        tab.set_content(f'<html lang="en"><body><div class="md-typeset">{html}</div></body></html>')
        tab.add_style_tag(content=pages.stylesheet())
        weights = [tab.locator(tag).first.evaluate("e => getComputedStyle(e).fontWeight") for tag in ("dt", "dd")]
    finally:
        tab.close()
    assert weights == ["700", "400"], weights


def test_the_footnotes_label_keeps_with_its_first_note_in_both_copies() -> None:
    """The Word copy set 注： alone at a page's foot and its note at the top of the next (the revision history
    keeps with the body's last line, and that chain took the note along): the label keeps with the note."""
    markdown = "Body b0x text[^1].\n\nAfter a1x text.\n\n[^1]: n1x note.\n"
    kept = _word_keep_next(_render(markdown))
    label = next(text for text in kept if text.strip() == labels.NOTES)
    assert kept[label], kept
    assert not kept["Body b0x text1."] and not kept["After a1x text."], kept  # the body's text is not held
    typst = _typst(markdown)
    held = typst.split("#block(sticky: true)")
    assert len(held) == 2 and labels.NOTES in held[1].split("\n")[0], typst
