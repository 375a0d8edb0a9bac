"""A reference where a link cannot stand — in another link's text, in an image's alt — and <small> in <small> read
alike on the page, in the Word copy and in the PDF copy (the one parse, core/render.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_copy_body import _job, _pdf_text, _render, _word_paragraphs

from qmsdoc.core import page
from qmsdoc.core.copyblocks import Para, Span
from qmsdoc.core.copybody import walk_body
from qmsdoc.pdf.body import TypstBody
from qmsdoc.pdf.copies import document_pdf
from qmsdoc.site import pages
from qmsdoc.word.document import build_document

CITED = "《员工离职管理工作规程》（QP-02-03）"  # how the copies read a reference back: refs.plain_reference


def _spans(html: str) -> list[Span]:
    return [i for b in walk_body(html) if isinstance(b, Para) for i in b.inlines if isinstance(i, Span)]


def test_a_reference_in_a_links_text_is_that_links_text_on_the_page_and_in_both_copies(tmp_path: Path) -> None:
    html = _render("## 1.0 目的\n\n甲 [见 [[QP-02-03]] 的规定](https://example.com/x) 乙。\n")
    # one link on the page: the browser and the allow-list split a link nested in a link into two
    assert len(re.findall(r"<a\b", html)) == 1 and 'href="https://example.com/x"' in html, html
    linked = [s for s in _spans(html) if s.href]
    assert [(s.text, s.href) for s in linked] == [(f"见 {CITED} 的规定", "https://example.com/x")]
    assert f"甲 见 {CITED} 的规定 乙。" in _word_paragraphs(build_document(_job(html)))
    assert f"见 {CITED}" in re.sub(r"\n", "", _pdf_text(document_pdf(_job(html)), tmp_path))


@pytest.mark.parametrize(("written", "shown"), [
    # a raw-HTML link around a reference, as the Markdown link above
    ('<a href="https://example.com/x">见 [[QP-02-03]] 的规定</a>', f"见 {CITED} 的规定"),
    # an autolink and a bare URL (magiclink) in a link's text, Markdown or raw HTML
    ("[见 <https://example.org/y> 的规定](https://example.com/x)", "见 https://example.org/y 的规定"),
    ('<a href="https://example.com/x">见 https://example.org/y 的规定</a>', "见 https://example.org/y 的规定"),
    ('[见 <a href="https://example.org/y">内</a> 的规定](https://example.com/x)', "见 内 的规定"),
    # a footnote's marker in a link's text: a superscript of that link, no jump of its own
    ("[见规定[^n]](https://example.com/x)", "见规定1"),
    ('<a href="https://example.com/x">见规定[^n]</a>', "见规定1"),
])
def test_a_link_in_a_links_text_is_that_links_text_on_the_page_and_in_both_copies(
        written: str, shown: str, tmp_path: Path) -> None:
    """HTML cannot nest a link in a link: the allow-list split the outer one where the inner one opened (core/
    nested_links.py). However either was written, the outer link wins and the inner one reads as its text."""
    html = _render(f"## 1.0 目的\n\n甲 {written} 乙。\n\n[^n]: 注。\n")
    body = html.split('<div class="footnote">')[0]
    assert len(re.findall(r"<a\b", body)) == 1 and 'href="https://example.com/x"' in body, html
    linked = [s for s in _spans(html) if s.href]
    assert {s.href for s in linked} == {"https://example.com/x"} and "".join(s.text for s in linked) == shown, linked
    assert f"甲 {shown} 乙。" in _word_paragraphs(build_document(_job(html)))
    # pdftotext reads no space after a superscript: the words, not the spacing
    assert f"甲{shown}乙。".replace(" ", "") in re.sub(r"\s", "", _pdf_text(document_pdf(_job(html)), tmp_path))


def test_links_side_by_side_and_a_marker_outside_a_link_keep_their_own_targets() -> None:
    html = _render("## 1.0 目的\n\n<a href=\"https://example.com/x\">甲</a> [乙](https://example.org/y) "
                   "<https://example.net/z> 丙[^n]\n\n<a id=\"here\">此处 [丁](https://example.com/d)</a>\n\n"
                   "[^n]: 注。\n")
    hrefs = re.findall(r'<a\b[^>]*href="([^"]*)"', html)
    assert hrefs[:5] == ["https://example.com/x", "https://example.org/y", "https://example.net/z", "#fn:n",
                         "https://example.com/d"], html
    assert 'class="footnote-ref" href="#fn:n"' in html


def test_a_reference_on_its_own_stays_a_link_to_its_document() -> None:
    html = _render("## 1.0 目的\n\n见 [[QP-02-03]]，[别处](https://example.com/x)。\n")
    assert 'class="qms-ref" data-ref="QP-02-03" href="qms:QP-02-03"' in html, html
    assert len(re.findall(r"<a\b", html)) == 2


def test_an_alt_text_reads_a_reference_as_the_copies_read_one(tmp_path: Path) -> None:
    html = _render("## 1.0 目的\n\n![见 [[QP-02-03]]](a.png) ![又 **[[QP-09-99]]**][r]\n\n[r]: b.png\n")
    assert f'alt="见 {CITED}"' in html and 'alt="又 [[QP-09-99]]"' in html, html  # plain text, one form
    assert f">见 {CITED}</span>" in html  # the page's caption
    word = _word_paragraphs(build_document(_job(html)))
    assert any(f"［图片：见 {CITED}］" in p for p in word), word


def test_an_alt_text_without_a_reference_is_as_written() -> None:
    html = _render("## 1.0 目的\n\n![**图1** 流程（见附件）](a.png)\n")
    assert 'alt="图1 流程（见附件）"' in html, html


@pytest.fixture
def tab(browser: object) -> Iterator[object]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    yield page
    page.close()


def _sizes(tab: object, html: str) -> list[float]:
    tab.set_content(f'<html lang="zh"><body><div class="md-typeset">{html}</div></body></html>')  # type: ignore[attr-defined]
    tab.add_style_tag(content=pages.stylesheet())  # type: ignore[attr-defined]  # as a build writes it
    return [float(tab.locator(f"#{n}").evaluate(  # type: ignore[attr-defined]
        "e => parseFloat(getComputedStyle(e).fontSize)")) for n in ("a", "b", "c")]


def test_small_in_small_is_smaller_once_on_the_page_as_in_the_copies(tab: object) -> None:
    """The copies set small text once however deep (copybody's walk: one Style.small flag)."""
    html = _render("## 1.0 目的\n\n正文<small>小<small>更小</small></small>\n")
    assert [s.style.small for s in _spans(html)] == [False, True]  # the copies: once
    text, small, inner = _sizes(tab, '<p id="a">正文<small id="b">小<small id="c">更小</small></small></p>')
    assert inner == small < text
    text, small, inner = _sizes(tab, '<h2 id="a">标题<small id="b">小<small id="c">更小</small></small></h2>')
    assert inner == small < text


def test_small_text_is_still_smaller_than_its_line(tab: object) -> None:
    text, small, _ = _sizes(tab, '<h2 id="a">标题<small id="b">小</small><span id="c"></span></h2>')
    assert small < text


@pytest.mark.parametrize("size", [16, 24])
def test_small_text_is_the_copies_share_of_its_line_on_the_page(tab: object, size: int) -> None:
    """The page set <small> at 80 % of its line, the copies at page.SMALL_EM (0.83): one number, the copies'."""
    text, small, _ = _sizes(tab, f'<p id="a" style="font-size:{size}px">正文<small id="b">小</small><i id="c"></i></p>')
    assert small == pytest.approx(text * page.SMALL_EM, abs=0.05), (text, small)


def test_small_text_on_the_page_is_never_below_12px(tab: object) -> None:
    text, small, _ = _sizes(tab, '<p id="a" style="font-size:13px">正文<small id="b">小</small><i id="c"></i></p>')
    assert (text, small) == (13, 12)


def test_a_picture_stays_on_the_page_of_its_caption_in_both_copies(tmp_path: Path) -> None:
    """The PDF copy set a picture at a page's foot and its caption (its alt) alone at the top of the next."""
    from PIL import Image

    Image.new("RGB", (40, 20), (0, 90, 0)).save(tmp_path / "flow.png")
    html = _render("## 1.0 目的\n\n![图1 流程](flow.png)\n\n正文。\n").replace("qmsroot:dy-aq/", "qmsroot:")
    blocks = walk_body(html, assets_root=tmp_path)
    paras = [b for b in blocks if isinstance(b, Para)]
    assert [p.keep_next for p in paras] == [True, False, False], paras  # picture, its caption, the text
    assert "sticky: true" in TypstBody(str(tmp_path)).blocks(blocks)
