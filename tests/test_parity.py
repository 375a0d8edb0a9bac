"""Differential audit of the three outputs of one body: the site's page (the one render), the Word copy and the
PDF copy must show the same words, in the same order, with the same link targets, whatever mix of constructs
a writer uses. Every word of a generated body is a unique marker (m001, m002, …) so a word lost, duplicated,
glued to another or moved is seen in any output; hypothesis combines the constructs other teams write."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import itertools
import re
import subprocess
from collections import Counter
from html import unescape
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qmsdoc.core import check, load_config
from qmsdoc.core.copybody import walk_body
from qmsdoc.core.copyjobs import DocumentJob
from qmsdoc.core.htmltree import Node, parse_html
from qmsdoc.core.i18n import using
from qmsdoc.core.refs import rooted_path
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.core.status import Status
from qmsdoc.pdf.body import TypstBody
from qmsdoc.pdf.copies import document_pdf
from qmsdoc.word.document import build_document

from conftest import REPO

MARKER = re.compile(r"(?<![A-Za-z0-9])m\d{3}(?!\d)")
# a long code line the PDF wraps may split a marker: "m0" at a line's end, "12" at the next line's start
_SPLIT = re.compile(r"(?<=[^A-Za-z0-9]m)\n|(?<=[^A-Za-z0-9]m\d)\n|(?<=[^A-Za-z0-9]m\d\d)\n")
_BREAKS = frozenset({"br", "p", "div", "li", "td", "th", "tr", "dt", "dd", "pre", "summary", "caption",
                     "h1", "h2", "h3", "h4", "h5", "h6"})


@functools.cache
def _renderer() -> tuple[CorpusRenderer, str]:
    config = load_config(REPO)
    result = check(config)
    return CorpusRenderer(result.corpus, config), result.corpus.manuals[0].path


def _render(markdown: str) -> str:
    renderer, source = _renderer()
    return renderer.text(markdown, source).html


@pytest.fixture(scope="module")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A manuals folder holding the picture `pic.png` the bodies show (where the render points it)."""
    from PIL import Image

    root = tmp_path_factory.mktemp("parity")
    src = re.search(r'src="([^"]+)"', _render("![a](pic.png)")).group(1)  # type: ignore[union-attr]
    picture = root / str(rooted_path(src))
    picture.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 20), (0, 90, 0)).save(picture)
    return root


def _job(html: str, assets_root: Path) -> DocumentJob:
    return DocumentJob(id="QP-09-01", title="测试规程", version="A/0", status=Status("effective"),
                       type_label="程序文件", department="质量部", effective_date="2026-03-01",
                       html=html, organisation="测试物业公司", signoffs=(("编制", "甲", "2026-02-01"),),
                       history=(("A/0", "2026-02-03", "甲", "首次发布"),), approval_date=dt.date(2026, 2, 3),
                       assets_root=str(assets_root))


def _site_text(node: Node) -> str:
    """The page's visible text, blocks apart (a picture's alt is not shown: its caption is)."""
    out: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            out.append(child)
        else:
            out += [" ", _site_text(child), " "] if child.tag in _BREAKS else [_site_text(child)]
    return "".join(out)


def _word_text(data: bytes) -> str:
    body = docx.Document(io.BytesIO(data)).element.body
    return "".join((e.text or "") if e.tag == qn("w:t") else " " for e in body.iter()
                   if e.tag in (qn("w:t"), qn("w:br"), qn("w:p"), qn("w:tab")))


@dataclasses.dataclass
class Outputs:
    site: list[str]
    word: list[str]
    pdf: list[str]
    links: tuple[set[str], set[str], set[str]]  # the external targets of the page, the Word and the PDF copy


def outputs(markdown: str, assets_root: Path, tmp_path: Path) -> Outputs:
    html = _render(markdown)
    job = _job(html, assets_root)
    word = build_document(job)
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(job))
    pdf = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    urls = subprocess.run(["pdfinfo", "-url", str(path)], capture_output=True, text=True, check=True).stdout
    site_links = {unescape(h) for h in re.findall(r'href="([^"]+)"', html)  # as the browser reads the attribute
                  if h.lower().startswith(("http:", "https:", "mailto:"))}
    word_links = {r.target_ref for r in docx.Document(io.BytesIO(word)).part.rels.values() if r.is_external}
    pdf_links = {line.split(None, 2)[2] for line in urls.splitlines()[1:] if line.strip()}  # page, type, URL
    return Outputs(MARKER.findall(_site_text(parse_html(html))), MARKER.findall(_word_text(word)),
                   MARKER.findall(_SPLIT.sub("", pdf)), (site_links, word_links, pdf_links))


def assert_in_step(markdown: str, assets_root: Path, tmp_path: Path) -> Outputs:
    shown = outputs(markdown, assets_root, tmp_path)
    assert shown.site == shown.word, ("word", shown.site, shown.word)
    # pdftotext reads a table by lines, not cells (a cell spanning rows, a wrapped cell): count, not order
    assert Counter(shown.site) == Counter(shown.pdf), ("pdf", Counter(shown.site) - Counter(shown.pdf),
                                                       Counter(shown.pdf) - Counter(shown.site))
    assert shown.links[0] == shown.links[1] == shown.links[2], shown.links
    return shown


# -- what the bodies are made of: "§" is replaced by a unique marker ------------------------------------------

INLINE = st.sampled_from([
    "§", "**§**", "*§*", "`§`", "[§](https://example.com/L§)", "~~§~~", "==§==", "^^§^^", "~§~", "<sup>§</sup>",
    "<sub>§</sub>", "<mark>§</mark>", "<kbd>§</kbd>", '<abbr title="t">§</abbr>', "§，全角。", "（一）§", "1）§", "① §",
    "§\u200b", "שלום §", "[§][ref]", "§[^n§]", "§  \n§", "§\\\n§", "<span>§</span>", "![§](pic.png)",
    "x![§](pic.png)y§", '![§](pic.png "t"){: width="20" }', "<https://example.com/a>", "H~2~O §", "𝐀 §",
    '<a id="t1"></a>§', '<span id="t2">§</span>', "[§](#t1)", "[§](#t2)", "[§](#t3)", "[§](#fn:n§)"])
RAW_TABLE = ('<table><caption>§</caption><tr><th colspan="2">§</th></tr><tr><td rowspan="2">§<br>§</td><td>§</td>'
             "</tr><tr><td>§</td></tr></table>")


def _indented(lines: list[str], by: int) -> list[str]:
    return [" " * by + line if line else "" for line in lines]


def _joined(blocks: list[list[str]]) -> list[str]:
    return [line for block in blocks for line in (*block, "")]


def _list(kind: str, items: list[tuple[list[str], list[str]]]) -> list[str]:
    out = []
    for number, (line, inner) in enumerate(items, start=1):
        marker = {"ul": "- ", "ol": f"{number}. ", "task": "- [x] " if number % 2 else "- [ ] "}[kind]
        out.append(marker + " ".join(line))
        out += ["", *_indented(inner, 4)] if inner else []
    return out


def _blocks(depth: int) -> st.SearchStrategy[list[str]]:
    plain = [st.lists(INLINE, min_size=1, max_size=3).map(lambda parts: [" ".join(parts)]),
             st.just(["```", "§ code", "```"]),
             st.booleans().map(lambda rows: ["| § | § |", "|---|---|", *(["| § |  |", "| | § |"] if rows else [])]),
             st.just(["§ term", ":   § one", ":   § two"]),
             st.just([RAW_TABLE]),
             st.just(["<details><summary>§</summary>", "§ body", "</details>"]),
             st.just(["<div markdown>", "§ in div", "</div>"]),
             st.just(["> § quote", "> § more"]),
             st.just(['<div id="t3" markdown>', "§ in div", "</div>"])]
    if depth >= 3:
        return st.one_of(plain)
    inner = st.lists(_blocks(depth + 1), min_size=1, max_size=2).map(_joined)
    item = st.tuples(st.lists(INLINE, min_size=1, max_size=2), st.one_of(st.just([]), inner))
    return st.one_of(
        *plain,
        st.builds(_list, st.sampled_from(["ul", "ol", "task"]), st.lists(item, min_size=1, max_size=3)),
        st.builds(lambda kind, body: [f'{kind} note "§ title"', *_indented(body, 4)],
                  st.sampled_from(["!!!", "???", "???+"]), inner),
        inner.map(lambda body: ["## § heading `§`", "", *body]))


def _numbered(blocks: list[list[str]]) -> str:
    counter = itertools.count(1)
    text = re.sub("§", lambda _: f"m{next(counter):03d}", "\n".join(_joined(blocks)))
    text += "\n[ref]: https://example.com/ref\n"
    for note in re.findall(r"\[\^(nm\d{3})\]", text):
        text += f"\n[^{note}]: m9{note[-2:]} note\n\n    m8{note[-2:]} more\n"
    return text


BODIES = st.lists(_blocks(0), min_size=1, max_size=4).map(_numbered)


@settings(max_examples=70, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(markdown=BODIES)
# text after a nested list in an item was glued to the item's first line ("m001m003") in both copies
@example(markdown="<ul><li>m001<ul><li>m002</li></ul>m003 <b>m004</b></li></ul>\n")
@example(markdown="- m001\n    - m002\n\n    <ol><li>m003<ul><li>m004</li></ul>m005</li></ol>\n")
# a block inside a heading, a term or a summary (and the text after it) was in neither copy, or glued on
@example(markdown="<h2>m001<table><tr><td>m002</td></tr></table>m003</h2>\n")
@example(markdown="<dl><dt>m001<ul><li>m002</li></ul>m003</dt><dd>m004<p>m005</p>m006</dd></dl>\n")
@example(markdown="<details><summary>m001<ul><li>m002</li></ul>m003</summary>m004</details>\n")
# a list right inside a list (<ol><ol>…) was dropped from both copies
@example(markdown="<ol><ol><li>m001</li></ol><li>m002</li><ul><li>m003</li></ul></ol>\n")
# an HTML table's <caption> was in neither copy
@example(markdown='<table><caption>m001 cap</caption><tr><td>m002</td></tr></table>\n')
@example(markdown=f"- m000\n\n    {RAW_TABLE.replace('§', 'm0{}').format(*range(10, 16))}\n")
def test_site_word_and_pdf_show_the_same_words_in_order(markdown: str, assets: Path, tmp_path: Path) -> None:
    assert_in_step(markdown, assets, tmp_path)


HAND_WRITTEN = {
    "nested lists with code and tasks": "- m001\n    1. m002\n\n        m003\n\n        ```python\n"
                                        "        m004\n        ```\n\n        - [x] m005\n            - [ ] m006\n"
                                        "                1. m007\n                    - m008\n",
    "table in a list item and an admonition": "1. m001\n\n    | m002 | m003 |\n    |---|---|\n    | m004 |  |\n\n"
                                              '!!! note "m005"\n\n    | m006 |\n    |---|\n    | m007 |\n',
    "details in a list": '- m001\n\n    ??? info "m002"\n        m003\n\n        - m004\n- m005\n',
    "footnote with paragraphs, a list and code": "m001 a[^a] m002 b[^a].\n\n[^a]: m003\n\n    m004\n\n    - m005\n"
                                                 "    - m006\n\n    ```\n    m007\n    ```\n",
    "reference links and images": "m001 [m002][r] ![m003][i]\n\n[m004][] m005\n\n[r]: https://example.com/r \"T\"\n"
                                  "[i]: pic.png \"t\"\n[m004]: https://example.com/m\n",
    "headings with code, links and emphasis": "## m001 `m002` [m003](https://example.com/h) *m004*\n\n"
                                              "### m005 **m006** ~~m007~~<br>m008\n",
    "definition lists": "m001\nm002\n:   m003\n:   m004\n\n    m005\n\n"
                        "<dl><dt>m006</dt><dd>m007</dd><dd>m008</dd></dl>\n",
    "hard breaks and a long URL": "m001  \nm002\\\nm003 https://example.com/" + "a" * 300 + " m004\n",
    "RTL, zero-width and full-width text": ("m001 עברית m002 العربية\u200b m003\u200d\u2060\ufeff"
                                            "（一）m004：「m005」；①m006\n"),
    "empty cells, a head-only table": "| m001 | |\n|---|---|\n| | m002 |\n\n| m003 | m004 |\n|---|---|\n\nm005\n",
    "inline HTML": "m001 <sup>m002</sup> <sub>m003</sub> <mark>m004</mark> <kbd>m005</kbd>"
                   " <abbr title=\"x\">m006</abbr> <q>m007</q> <small>m008</small> <ins>m009</ins>\n",
    "Chinese numbering": "（一）m001\n\n（二）m002\n\n1）m003\n2）m004\n\n1. m005\n\n   （1）m006\n",
    "links of every kind": "[m001](HTTPS://EXAMPLE.COM/Y) <a href='mailto:a@b.c?subject=主题'>m002</a>"
                           " www.example.com/x [m003](<https://example.com/a b>) [m004](https://例子.中国/路径?q=中文#frag)\n",
    "abbreviations defined under the text": "m001 CAPA m002 [m003 CAPA](https://example.com/c)\n\n"
                                            "*[CAPA]: Corrective and preventive action\n\nm004\n",
    "lists pasted from GitHub and Typora": "1. m001\n    - m002\n\n        m003\n\n        1. m004\n2. m005\n\n"
                                           "- m006\n  ```python\n  m007\n  ```\n- m008\n  ## m009\n  > m010\n\n"
                                           "  !!! note \"m011\"\n      m012\n- m013\n  | m014 | m015 |\n  |---|---|\n"
                                           "  | m016 | m017 |\n- m018\n",
    "nested HTML table": "<table><tr><td>m001<table><tr><td>m002</td></tr></table></td><td>m003</td></tr></table>\n",
    "trailing hashes, entities, CJK emphasis, emoji": "## m001 ##\n\n### m002 #####\n\n"
                                                        "**重要：**m003 *注意，*m004 a&nbsp;m005 &amp; "
                                                        "&lt;m006&gt; &copy; ⚠️ 😀 m007\n",
    "quotes holding lists, a list from 3, pipes in code": "> m001\n>\n> - m002\n>     1. m003\n>\n> 3. m004\n"
                                                          "> 4. m005\n\n| `m006 \\| m007` | `a|b` m008 |\n"
                                                          "|---|---|\n| m009 | m010 |\n",
    "a list item with two paragraphs and a table, three levels": "3. m001\n\n    m002\n\n    | m003 | m004 |\n"
                                                                 "    |---|---|\n    | m005 | m006 |\n\n"
                                                                 "    - m007\n        1. m008\n4. m009\n",
}


@pytest.mark.parametrize("markdown", list(HAND_WRITTEN.values()), ids=list(HAND_WRITTEN))
def test_constructs_other_teams_write_are_in_step(markdown: str, assets: Path, tmp_path: Path) -> None:
    shown = assert_in_step(markdown, assets, tmp_path)
    assert sorted(set(shown.site)) == sorted(set(MARKER.findall(markdown)))  # every marker shown, none twice


def test_a_picture_without_alt_that_no_copy_can_embed_is_named_by_its_file(tmp_path: Path) -> None:
    """Not by the render's internal `qmsroot:` address."""
    html = _render("m001 ![](gone-picture.png) m002\n")
    job = _job(html, tmp_path)
    word = _word_text(build_document(job))
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(job))
    pdf = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for text in (word, pdf):
        assert "gone-picture.png］" in text and "qmsroot" not in text, text


def test_a_link_the_page_follows_is_a_link_in_both_copies(assets: Path, tmp_path: Path) -> None:
    """A scheme in capitals and a scheme-relative address (`//host/…`, the site's https) link out on the page:
    they did in neither copy."""
    shown = outputs("[m001](HTTPS://EXAMPLE.COM/UPPER) and [m002](//example.com/relative)\n", assets, tmp_path)
    _, word, pdf = shown.links
    assert word == pdf == {"HTTPS://EXAMPLE.COM/UPPER", "https://example.com/relative"}, shown.links


def test_a_link_to_any_place_of_the_page_jumps_there_in_word_and_pdf(tmp_path: Path) -> None:
    """`[x](#id)` to a raw anchor, a `<div id>`, a table cell's text or a heading jumps on the page; in the copies
    it jumped only to a heading, and an id written twice made the PDF fail (a label placed twice). Each link
    lands on a bookmark (Word) and a destination (PDF); one to an id nothing written carries is plain text."""
    html = _render('[m001](#raw) [m002](#box) [m003](#cell) [m004](#twice) [m005](#item)\n\n'
                   '<a id="raw"></a>Raw anchor text.\n\n<div id="box" markdown>\nBoxed text.\n</div>\n\n'
                   '<table><tr><td id="cell">Cell text.</td></tr></table>\n\n'
                   '<h2 id="twice">First</h2>\n\n<h2 id="twice">Second</h2>\n\n- <span id="item">line only</span>\n')
    body = docx.Document(io.BytesIO(build_document(_job(html, tmp_path)))).element.body
    marks = {m.get(qn("w:name")): "".join(t.text or "" for t in m.getparent().iter(qn("w:t")))
             for m in body.iter(qn("w:bookmarkStart"))}
    links = {"".join(t.text or "" for t in h.iter(qn("w:t"))): h.get(qn("w:anchor"))
             for h in body.iter(qn("w:hyperlink"))}
    landing = {text: marks.get(anchor or "") for text, anchor in links.items()}
    assert landing == {"m001": "Raw anchor text.", "m002": "Boxed text.", "m003": "Cell text.", "m004": "First"}, (
        links, marks)
    assert document_pdf(_job(html, tmp_path)).startswith(b"%PDF")  # each label placed once: Typst lays it out
    markup = TypstBody().blocks(walk_body(html, scope="QP-09-01"))
    jumps = re.findall(r'#link\(label\("([^"]+)"\)\)\[#"(m\d+)"\]', markup)
    assert [marker for _, marker in jumps] == ["m001", "m002", "m003", "m004"], markup
    assert all(markup.count(f'#label("{label}")') == 1 for label, _ in jumps), markup


def _copy_texts(markdown: str, tmp_path: Path) -> tuple[str, str]:
    """The Word and the PDF copy's text of a body, each on one line."""
    job = _job(_render(markdown), tmp_path)
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(job))
    pdf = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(_word_text(build_document(job)).split()), " ".join(pdf.split())


def test_an_abbreviation_is_spelt_out_at_its_first_use_in_both_copies(tmp_path: Path) -> None:
    """`*[CAPA]: …` is what the page shows when the reader points at CAPA; a printed copy cannot be pointed at,
    and the expansion the writer wrote was in neither copy."""
    markdown = "m001 CAPA m002 CAPA m003\n\n*[CAPA]: Corrective and preventive action\n"
    for text in _copy_texts(markdown, tmp_path):
        assert "m001 CAPA（Corrective and preventive action） m002 CAPA m003" in text, text
    with using("en"):
        for text in _copy_texts(markdown, tmp_path):
            assert "CAPA (Corrective and preventive action) m002 CAPA m003" in text, text


def test_an_abbreviation_the_text_spells_out_itself_is_not_spelt_out_again(tmp_path: Path) -> None:
    markdown = "m001 Corrective and preventive action (CAPA) m002 CAPA\n\n*[CAPA]: Corrective and preventive action\n"
    for text in _copy_texts(markdown, tmp_path):
        assert text.count("Corrective and preventive action") == 1 and "(CAPA) m002 CAPA" in text, text


def _pdf_text(job: DocumentJob, tmp_path: Path) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(job))
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_table_foot_written_before_its_body_is_at_the_bottom_in_both_copies(tmp_path: Path) -> None:
    """HTML 4 wrote `<tfoot>` before `<tbody>` (and tools that export HTML still do); the page shows the first
    `<thead>` on top and the first `<tfoot>` at the bottom wherever they stand. The copies wrote the rows in
    source order: the totals row stood between the head and the body."""
    html = _render("<table><tfoot><tr><td>m004 合计</td></tr></tfoot><tbody><tr><td>m002</td></tr>"
                   "<tr><td>m003</td></tr></tbody><thead><tr><th>m001</th></tr></thead></table>\n")
    job = _job(html, tmp_path)
    word = docx.Document(io.BytesIO(build_document(job)))
    assert [row.cells[0].text for row in word.tables[0].rows] == ["m001", "m002", "m003", "m004 合计"]
    assert word.tables[0].rows[0]._tr.trPr is not None  # the head is repeated on each page, as before
    assert MARKER.findall(_pdf_text(job, tmp_path)) == ["m001", "m002", "m003", "m004"]


def test_table_row_groups_in_source_order_stay_in_source_order(tmp_path: Path) -> None:
    """A head, two bodies and a foot written where the page shows them, and a second `<thead>` (shown in place,
    as a body), keep their order."""
    html = _render("<table><thead><tr><th>m001</th></tr></thead><tbody><tr><td>m002</td></tr></tbody>"
                   "<thead><tr><td>m003</td></tr></thead><tbody><tr><td>m004</td></tr></tbody>"
                   "<tfoot><tr><td>m005</td></tr></tfoot></table>\n")
    job = _job(html, tmp_path)
    word = docx.Document(io.BytesIO(build_document(job)))
    assert [row.cells[0].text for row in word.tables[0].rows] == ["m001", "m002", "m003", "m004", "m005"]
    assert MARKER.findall(_pdf_text(job, tmp_path)) == ["m001", "m002", "m003", "m004", "m005"]


def _word_numbers(data: bytes) -> list[str]:
    """The number Word shows before each numbered paragraph: each list instance (`w:numId`) counts on from its
    `w:startOverride` (qmsdoc writes one level per instance)."""
    import zipfile

    numbering = zipfile.ZipFile(io.BytesIO(data)).read("word/numbering.xml").decode()
    counters = {int(n): int(v) for n, v in re.findall(
        r'<w:num w:numId="(\d+)">(?:(?!</w:num>).)*?<w:startOverride w:val="(\d+)"/>', numbering)}
    shown = []
    for num in docx.Document(io.BytesIO(data)).element.body.iter(qn("w:numId")):
        number = int(num.get(qn("w:val")))
        shown.append(f"{counters[number]}.")
        counters[number] += 1
    return shown


@pytest.mark.parametrize(("markdown", "numbers"), [
    ("3. m001\n4. m002\n\n    7. m003\n    8. m004\n\n        1. m005\n", ["3.", "4.", "7.", "8.", "1."]),
    ("> 3. m001\n> 4. m002\n", ["3.", "4."]),
    ("- m000\n\n    3. m001\n    4. m002\n", ["3.", "4."]),
    ("1. m001\n2. m002\n\nm003\n\n3. m004\n4. m005\n", ["1.", "2.", "3.", "4."]),
    # counted down or jumping: the page numbers by <ol reversed> and <li value>; the copies counted up from 1
    ("<ol reversed><li>m001</li><li>m002</li><li>m003</li></ol>\n", ["3.", "2.", "1."]),
    ('<ol reversed start="10"><li>m001</li><li value="4">m002</li><li>m003</li></ol>\n', ["10.", "4.", "3."]),
    ('<ol start="3"><li>m001</li><li value="7">m002</li><li>m003</li></ol>\n\n- m004\n\n'
     '    <ol><li value="5">m005</li></ol>\n', ["3.", "7.", "8.", "5."]),
])
def test_each_numbered_item_shows_the_pages_number_at_every_depth_in_both_copies(markdown: str, numbers: list[str],
                                                                                  tmp_path: Path) -> None:
    """The number the page shows (`<ol start>`, `<ol reversed>`, `<li value>`): Word's numbering instance starts
    there, the PDF prints it."""
    job = _job(_render(markdown), tmp_path)
    assert _word_numbers(build_document(job)) == numbers
    assert re.findall(r"^(\d+\.) ?m0\d\d", _pdf_text(job, tmp_path), re.M) == numbers
