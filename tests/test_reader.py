"""The reader's site in a real Chromium (issue #16): every page kind fits a 390 px phone, search puts the
document a reader means first, and a printed page is a marked, uncontrolled copy with a running header.

Expected pages come from the shipped corpus (the checked model), never from a table of outputs."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import site_dir, site_url  # noqa: F401  (module-scoped fixtures: one build; Chromium: conftest.browser)

from qmsdoc.core import check, load_config
from qmsdoc.core.codes import file_stem
from qmsdoc.core.model import Document, Form
from qmsdoc.search import IndexWriter, PageRecord, Section, indexed, read_pages, search_language
from qmsdoc.search.tokens import Tokenizer, jieba_segmenter

from conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
UNCONTROLLED = "非受控（打印件），以网站现行版本为准"


# -- the corpus the site was built from ---------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus() -> Any:
    result = check(load_config(REPO))
    assert result.ok
    return result.corpus


def doc_url(document: Document) -> str:
    """Site path of a document page: its source path under the manuals folder, without `.md`."""
    relative = Path(document.path).relative_to(load_config(REPO).manuals_dir)
    return posixpath.join(relative.parent.as_posix(), relative.stem) + "/"


def form_url(form: Form) -> str:
    return f"forms/{file_stem(form.id)}/"


def effective(corpus: Any) -> list[Document]:
    return [d for d in corpus.sorted_documents() if d.status == "effective"]


def with_forms(corpus: Any) -> Document:
    """The first effective procedure that owns forms (a document page and its forms side by side)."""
    owners = {f.owner for f in corpus.forms.values()}
    return next(d for d in effective(corpus) if d.id in owners and d.manual is not None)


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:  # noqa: F811
    page = browser.new_page(viewport=PHONE)
    yield page
    page.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:  # noqa: F811
    page = browser.new_page(viewport=DESKTOP)
    yield page
    page.close()


def page_kinds(corpus: Any) -> dict[str, str]:
    document = with_forms(corpus)
    form = next(f for f in corpus.sorted_forms() if f.owner == document.id)
    manual = document.manual
    assert manual is not None
    manual_url = posixpath.dirname(doc_url(document).rstrip("/")) + "/"
    assert Path(manual.path).name == "index.md"
    return {"document": doc_url(document), "form": form_url(form), "form-index": "forms/", "register": "register/",
            "manual": manual_url, "obsolete": "obsolete/", "review": "review/",
            "history": f"history/{file_stem(document.id)}/", "home": ""}


# -- 1. phones ------------------------------------------------------------------------------------------
def test_every_page_kind_fits_a_phone(site_url: str, phone: Any, desktop: Any, corpus: Any,  # noqa: F811
                                      artifacts: Path) -> None:
    """No page scrolls sideways at 390 px, each has one <h1>, and screenshots of both sizes are kept."""
    widths = {}
    for kind, url in page_kinds(corpus).items():
        phone.goto(site_url + url)
        widths[kind] = phone.evaluate("document.documentElement.scrollWidth")
        assert phone.locator("article h1").count() == 1, kind
        phone.screenshot(path=str(artifacts / f"reader-{kind}-390.png"), full_page=True)
        desktop.goto(site_url + url)
        desktop.screenshot(path=str(artifacts / f"reader-{kind}-1280.png"))
    assert all(width <= PHONE["width"] for width in widths.values()), widths


def test_phone_keeps_the_key_columns_in_view(site_url: str, phone: Any, corpus: Any) -> None:  # noqa: F811
    """On a form page 版本 and 保存期限 are on screen; in the register each row shows 编号/名称/版本/状态."""
    kinds = page_kinds(corpus)
    phone.goto(site_url + kinds["form"])
    for label in ("版本", "保存期限"):
        box = phone.locator("table.qms-control th", has_text=label).bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"], label
    phone.goto(site_url + kinds["register"])
    row = phone.locator("#qms-register tbody tr").first
    for column in (1, 2, 4, 5):
        box = row.locator(f"td:nth-child({column})").bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], column
    # ...and the folded columns are below that first line, not beside it.
    first = row.locator("td:nth-child(1)").bounding_box()
    folded = row.locator("td:nth-child(6)").bounding_box()
    assert first is not None and folded is not None and folded["y"] > first["y"]


# -- 2. search -----------------------------------------------------------------------------------------
def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


def first_result(tab: Any, site_url: str, query: str) -> tuple[str, str]:  # noqa: F811
    """Type the query into Material's search box as a reader would; the first result's page and text."""
    tab.goto(site_url)
    tab.click("label.md-search__icon, .md-search__input")
    tab.fill("input.md-search__input", query)
    tab.keyboard.press("End")  # Material searches on keyup
    first = tab.locator(".md-search-result__item").first
    first.wait_for(timeout=15000)
    tab.wait_for_timeout(500)  # results arrive item by item; let the list settle
    link = tab.locator(".md-search-result__item").first.locator("a").first
    href = link.get_attribute("href") or ""
    return href.removeprefix(site_url).split("?")[0].split("#")[0], link.inner_text()


def search_cases(corpus: Any) -> list[tuple[str, set[str]]]:
    """(query, pages any of which may come first), from the corpus."""
    document = with_forms(corpus)
    slashed = next(d for d in effective(corpus) if "/" in d.id)
    form = next(f for f in corpus.sorted_forms() if f.owner == document.id)
    manual = document.manual
    assert manual is not None
    manual_page = posixpath.dirname(doc_url(document).rstrip("/")) + "/"
    cases: list[tuple[str, set[str]]] = [
        (document.id, {doc_url(document)}),
        (document.id.lower(), {doc_url(document)}),
        (full_width(document.id), {doc_url(document)}),
        (document.id.replace("-", " "), {doc_url(document)}),
        (slashed.id, {doc_url(slashed)}),
        (slashed.id.lower(), {doc_url(slashed)}),
        (full_width(slashed.id.lower()), {doc_url(slashed)}),
        (form.id, {form_url(form)}),
        (full_width(form.id), {form_url(form)}),
        (manual.id, {manual_page}),
        (document.title[:-2], {doc_url(document)}),  # a title fragment
    ]
    # Common words: the first result is an effective document (not a form or a listing) titled with the word.
    for word in ("离职", "投诉", "消防"):
        titled = {doc_url(d) for d in effective(corpus) if word in d.title}
        assert titled, word
        cases.append((word, titled))
    return cases


def test_search_puts_the_meant_document_first(site_url: str, desktop: Any, corpus: Any,  # noqa: F811
                                              artifacts: Path) -> None:
    cases = search_cases(corpus)
    assert len(cases) >= 12
    misses = []
    for query, expected in cases:
        got, _ = first_result(desktop, site_url, query)
        if got not in expected:
            misses.append((query, got, sorted(expected)))
    desktop.screenshot(path=str(artifacts / "reader-search.png"))
    assert not misses


def result_pages(tab: Any, site_url: str, query: str) -> list[str]:  # noqa: F811
    """Every page in the result list for `query` (each page once, in order)."""
    first_result(tab, site_url, query)
    pages: list[str] = []
    for href in tab.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)"):
        page = href.removeprefix(site_url).split("?")[0].split("#")[0]
        if page not in pages:
            pages.append(page)
    return pages


def page_texts(site_dir: Path) -> dict[str, str]:  # noqa: F811
    """Each indexed page's title and text (every section), as the site's search index holds them."""
    return {page.url: page.title + "".join(s.title + s.text for s in page.sections) for page in read_pages(site_dir)}


def test_two_character_word_is_not_matched_by_its_first_character(site_url: str, site_dir: Path,  # noqa: F811
                                                                   desktop: Any, corpus: Any) -> None:
    """请假 finds the pages that say 请假, not every page with 请 (the query is cut into words of the index, as
    jieba cut the pages)."""
    word = "请假"
    texts = page_texts(site_dir)
    saying = {page for page, text in texts.items() if word in text}
    first_only = {page for page, text in texts.items() if word[0] in text and word not in text}
    assert saying and first_only  # the corpus can tell the two apart
    pages = result_pages(desktop, site_url, word)
    assert pages and set(pages) <= saying, set(pages) - saying
    assert pages[0] in {doc_url(d) for d in effective(corpus) if word in d.body}


SEARCH = """async ([site, query]) => {
  const index = new qmsdocSearch.Index(site), search = new qmsdocSearch.Search(index);
  const found = await search.query(query);
  return Promise.all(found.pages.map(n => index.page(n).then(page => page.url)));
}"""


def test_exact_control_number_leads_the_whole_result_list(site_url: str, site_dir: Path,  # noqa: F811
                                                          desktop: Any) -> None:
    """Thirty pages share the parts of QP-02-03 and outrank it; the page tagged exactly QP-02-03 still comes
    first — from the site's own search script, in every spelling, before the first results are drawn."""
    language = search_language(load_config(REPO))
    tokenizer = Tokenizer(language, jieba_segmenter())
    writer = IndexWriter.of(language)
    pages = [PageRecord(f"qp-{i}/", f"规程 {i}", (f"QP-02-03{i:02d}",), 8.0,
                        (Section("", f"规程 {i}", "QP 02 03 规程"),)) for i in range(30)]
    pages.append(PageRecord("exact/", "规程", ("QP-02-03",), 0.2, (Section("", "规程", "规程"),)))
    for page in pages:
        writer.add(indexed(page, tokenizer))
    writer.write(site_dir / "synthetic")
    desktop.goto(site_url)
    for query in ("QP-02-03", "qp 02 03", full_width("qp-02-03")):
        order = desktop.evaluate(SEARCH, [site_url + "synthetic/", query])
        assert len(order) == 31 and order[0] == "exact/", (query, order[:12])
    assert desktop.evaluate(SEARCH, [site_url + "synthetic/", "QP-02-0301"])[0] == "qp-1/"


def test_obsolete_documents_rank_below_and_say_so(site_url: str, site_dir: Path, desktop: Any,  # noqa: F811
                                                  corpus: Any) -> None:
    """A word of an obsolete document's title that its successor's text also uses: the effective successor
    comes first, and the obsolete page's search text starts by saying 作废."""
    obsolete = next(d for d in corpus.sorted_documents() if d.status == "obsolete" and d.superseded_by)
    successor = corpus.documents[obsolete.superseded_by]
    word = next(w for w in (obsolete.title[i:i + 2] for i in range(len(obsolete.title) - 1))
                if w in successor.body and w not in successor.title)
    got, _ = first_result(desktop, site_url, word)
    assert got == doc_url(successor), word
    entry = next(p for p in read_pages(site_dir) if p.url == doc_url(obsolete))
    assert "作废" in entry.title and "作废" in entry.sections[0].text[:20]


def test_search_text_is_the_documents_own_content(site_dir: Path, corpus: Any) -> None:  # noqa: F811
    """The control block, sign-off table and download line are not search text: the snippet starts with
    the document's own words."""
    document = with_forms(corpus)
    pages = {p.url: p for p in read_pages(site_dir)}
    entry = pages[doc_url(document)]
    text = "".join(s.text for s in entry.sections)
    for control in ("文件编号", "下载 Word", "版本历史与差异", "生效日期", "下次评审"):
        assert control not in text, control
    first = next(s for s in entry.sections if s.text)  # what the result shows first
    for control in ("编制", document.id):
        assert control not in first.text, control
    assert first.text[:8] in re.sub(r"\s+", " ", document.body)
    assert entry.tags == (document.id,)
    form = pages[form_url(corpus.forms[next(f.id for f in corpus.sorted_forms() if f.owner == document.id)])]
    assert entry.boost > form.boost


# -- 3. printing ---------------------------------------------------------------------------------------
def print_pdf(tab: Any, url: str, out: Path) -> tuple[str, int]:
    tab.goto(url)
    tab.emulate_media(media="print")
    tab.pdf(path=str(out), format="A4", prefer_css_page_size=True)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    return text, pages


def page_numbers(text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", text)]


def test_printed_document_is_a_marked_copy(site_url: str, desktop: Any, corpus: Any,  # noqa: F811
                                          artifacts: Path) -> None:
    document = max(effective(corpus), key=lambda d: len(d.body))  # the longest: several printed pages
    organisation = load_config(REPO).organisation
    text, pages = print_pdf(desktop, site_url + doc_url(document), artifacts / "reader-print-document.pdf")
    flat = re.sub(r"[ \t]+", " ", text)
    assert pages > 1  # the running header matters on pages 2 and later
    assert page_numbers(text) == [(n, pages) for n in range(1, pages + 1)]
    header = f"文件编号 {document.id} 版本 {document.version}"
    assert flat.count(header) >= pages and flat.count(organisation) >= pages
    assert flat.count(UNCONTROLLED) >= pages and f"打印日期 {dt.date.today().isoformat()}" in flat
    for screen_only in ("下载 Word", "版本历史与差异"):
        assert screen_only not in flat, screen_only


def test_printed_form_is_one_full_width_page(site_url: str, desktop: Any, corpus: Any,  # noqa: F811
                                            artifacts: Path) -> None:
    document = with_forms(corpus)
    form = next(f for f in corpus.sorted_forms() if f.owner == document.id)
    text, pages = print_pdf(desktop, site_url + form_url(form), artifacts / "reader-print-form.pdf")
    assert pages == 1 and page_numbers(text) == [(1, 1)]
    assert f"表单编号 {form.id}" in re.sub(r"[ \t]+", " ", text) and UNCONTROLLED in text
    assert "下载 Word" not in text and "使用本表单的文件" not in text
    # The sheet spans the printed text width (it printed half-width before).
    ratio = desktop.evaluate("document.querySelector('table.qms-blank').getBoundingClientRect().width"
                             " / document.querySelector('.md-content__inner').getBoundingClientRect().width")
    assert ratio > 0.95
    for label in ("签名", "日期"):  # the signature cell keeps its words whole
        assert label in text.replace(" ", ""), label
    # Every shipped form fits one printed A4 page, as its Word form does.
    longer = []
    for other in corpus.sorted_forms():
        _, count = print_pdf(desktop, site_url + form_url(other), artifacts / "reader-print-form-each.pdf")
        if count != 1:
            longer.append((other.id, count))
    assert not longer


def test_printed_register_is_a_clean_table(site_url: str, desktop: Any, corpus: Any,  # noqa: F811
                                          artifacts: Path) -> None:
    text, pages = print_pdf(desktop, site_url + "register/", artifacts / "reader-print-register.pdf")
    assert page_numbers(text) == [(n, pages) for n in range(1, pages + 1)]
    current = effective(corpus)
    assert all(d.id in text for d in current)
    assert "全部状态" not in text and "筛选" not in text  # no filter box on paper
    # A table, not cards: a row's id, title and version share a printed line.
    assert any(current[0].id in line and current[0].title in line and str(current[0].version) in line
               for line in text.splitlines())


# -- 4. the small things -------------------------------------------------------------------------------
def test_history_page_lists_the_revision_record(site_url: str, desktop: Any, corpus: Any) -> None:  # noqa: F811
    """Every 修订记录 entry (version, date, 修订人, change) is on the history page, even without git."""
    document = max(effective(corpus), key=lambda d: len(d.history))
    assert len(document.history) > 1
    desktop.goto(site_url + f"history/{file_stem(document.id)}/")
    rows = desktop.locator("table.qms-history tbody tr").all_inner_texts()
    assert len(rows) == len(document.history)
    for row, entry in zip(rows, document.history, strict=True):
        assert entry.raw_version in row and entry.by in row and entry.change.split()[0] in row
        assert entry.date is not None and entry.date.isoformat() in row


def test_form_index_links_every_form_in_word_and_pdf(site_url: str, desktop: Any, corpus: Any) -> None:  # noqa: F811
    desktop.goto(site_url + "forms/")
    for kind, magic in (("docx", b"PK"), ("pdf", b"%PDF")):
        links = desktop.locator(f"table.qms-list a.qms-{kind}[download]")
        assert links.count() == len(corpus.forms)
        href = links.last.get_attribute("href") or ""
        with urllib.request.urlopen(site_url + "forms/" + href) as response:  # the link reaches a real copy
            assert response.read(len(magic)) == magic


def test_organisation_is_in_every_footer(site_url: str, desktop: Any, corpus: Any) -> None:  # noqa: F811
    organisation = load_config(REPO).organisation
    for url in page_kinds(corpus).values():
        desktop.goto(site_url + url)
        assert desktop.locator(".md-footer .md-copyright").inner_text().startswith(organisation), url


def test_manual_page_offers_the_whole_manual_and_each_document_in_word_and_pdf(site_url: str, desktop: Any,  # noqa: F811
                                                                      corpus: Any) -> None:
    kinds = page_kinds(corpus)
    manual = with_forms(corpus).manual
    assert manual is not None
    desktop.goto(site_url + kinds["manual"])
    for kind, magic in (("Word", b"PK"), ("PDF", b"%PDF")):  # the default build writes both copies
        whole = desktop.locator(".qms-download a[download]", has_text=f"整本手册 {kind}")
        with urllib.request.urlopen(site_url + kinds["manual"] + (whole.get_attribute("href") or "")) as response:
            assert response.read(len(magic)) == magic
    listed = desktop.locator("#qms-contents + table tbody tr")
    for kind in ("docx", "pdf"):
        assert listed.count() > 0 and desktop.locator(f"#qms-contents + table a.qms-{kind}").count() == listed.count()
    # The navigation names the manual whose home page it links ("手册首页" alone was ambiguous).
    assert desktop.locator('.md-nav a[href="./"]', has_text=f"{manual.title} 首页").count() >= 1


# The lines a heading's text takes: the rects of its text alone (a sort button around the text has a box of its own,
# which is not a line).
HEADING_LINES = """() => [...document.querySelectorAll(
    'article table.qms-list th, article table.qms-history th, article table.qms-register th')]
  .filter(e => e.getClientRects().length)
  .map(e => { const tops = new Set(), walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
              for (let node = walk.nextNode(); node; node = walk.nextNode()) {
                const r = document.createRange(); r.selectNodeContents(node);
                for (const x of r.getClientRects()) if (x.width) tops.add(Math.round(x.top));
              }
              return [e.textContent.trim(), tops.size]; })"""


@pytest.mark.parametrize("width", [768, 1024, 1280])
def test_a_short_listing_heading_never_splits(site_url: str, browser: Any, corpus: Any, width: int) -> None:  # noqa: F811
    """A register's, listing's or revision record's short heading (版本, 文件编号, 修订说明) stays on one line, as
    core/colwidths.py keeps it in the copies: the register's 版本 column printed 版 over 本 on a desktop."""
    from qmsdoc.core.colwidths import one_line

    document = max(effective(corpus), key=lambda d: len(d.history))
    tab = browser.new_page(viewport={"width": width, "height": 900})
    split = {}
    for uri in ("register/", "forms/", "obsolete/", "review/", "recall/", "acknowledgements/",
                f"history/{file_stem(document.id)}/", doc_url(document).split("/")[0] + "/"):
        tab.goto(site_url + uri)
        if found := [text for text, lines in tab.evaluate(HEADING_LINES) if lines > 1 and one_line(text)]:
            split[uri] = found
    tab.close()
    assert not split, split


def test_an_unknown_address_leads_on_to_the_register_in_the_sites_language(site_url: str, site_dir: Path,  # noqa: F811
                                                                           phone: Any) -> None:
    """The 404 page (a server shows it at any address, e.g. an old link to a renumbered document) speaks the
    project's language and links the register and the obsolete documents: it said "404 - Not found" and no more."""
    missing = site_url + "qp-hr/QP-02-99/"
    phone.route(missing, lambda route: route.fulfill(status=404, content_type="text/html; charset=utf-8",
                                                     body=(site_dir / "404.html").read_bytes()))
    phone.goto(missing)
    assert phone.locator("article h1").inner_text() == "404：找不到页面"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    links = phone.locator("article p a")
    assert links.all_inner_texts() == ["受控文件清单", "作废文件"]
    links.first.click()
    phone.wait_for_url(site_url + "register/")
    assert phone.locator("article h1").inner_text() == "受控文件清单"
