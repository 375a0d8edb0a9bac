"""Accessibility (WCAG 2.1 AA) of the markup qmsdoc writes into its pages, checked in real Chromium through the
accessibility tree a screen reader reads: tables named, header cells scoped, the register's sort buttons and
live counts, at desktop and phone widths."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import site_dir, site_url  # noqa: F401  (module-scoped: one build; Chromium: conftest.browser)

from qmsdoc.core import check, load_config
from qmsdoc.core.codes import natural_key
from qmsdoc.core.i18n import t
from qmsdoc.core.status import Status
from qmsdoc.site import pages

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)
# One page of each kind qmsdoc generates in the shipped manuals (recall, review and acknowledgement listings are
# empty there: their tables are checked from the page functions below).
PAGES = ("qp-hr/QP-02-01/", "qp-hr/", "register/", "forms/", "forms/DY_AQ-QR-001/", "history/QP-02-01/", "obsolete/")



@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def tab(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:  # noqa: F811
    page = browser.new_page(viewport={"width": request.param, "height": 900})  # type: ignore[attr-defined]
    yield page
    page.close()


# Per table qmsdoc wrote: its accessible name, header cells without a scope, and the control block's row headings
# that are not scope="row".
_TABLES = """() => [...document.querySelectorAll('.md-content table[class*="qms-"]')].map(table => ({
  css: table.className,
  named: !!(table.caption || table.getAttribute('aria-label') ||
            (table.getAttribute('aria-labelledby') || '').split(' ').some(id => document.getElementById(id))),
  unscoped: [...table.querySelectorAll('th')].filter(th => !th.getAttribute('scope')).map(th => th.textContent),
  notRowHeads: table.matches('.qms-control') ?
    [...table.querySelectorAll('th')].filter(th => th.getAttribute('scope') !== 'row').map(th => th.textContent) : [],
}))"""


@pytest.mark.parametrize("uri", PAGES)
def test_every_qmsdoc_table_is_named_and_its_header_cells_scoped(site_url: str, tab: object, uri: str) -> None:  # noqa: F811
    """A screen reader lists tables by name and reads each cell with its heading: the control block's headings
    (文件编号, 版本, …) head their rows, a listing's head its columns."""
    tab.goto(site_url + uri)  # type: ignore[attr-defined]
    tables = tab.evaluate(_TABLES)  # type: ignore[attr-defined]
    assert tables
    for table in tables:
        assert table["named"], table["css"]
        assert not table["unscoped"], table
        assert not table["notRowHeads"], table


def test_the_control_block_is_read_as_row_headers(site_url: str, tab: object) -> None:  # noqa: F811
    """What the accessibility tree gives a screen reader for the control block: 文件编号 as a row header."""
    tab.goto(site_url + "qp-hr/QP-02-01/")  # type: ignore[attr-defined]
    snapshot = tab.locator("table.qms-control").aria_snapshot()  # type: ignore[attr-defined]
    assert f'- rowheader "{t("label.id")}"' in snapshot, snapshot
    assert snapshot.startswith("- table ")


@pytest.mark.parametrize("html", [
    pages.recall_page([]), pages.review_page([], dt.date(2026, 1, 1), 30), pages.obsolete_page([], {})])
def test_an_empty_listing_says_so_without_a_table(html: str) -> None:
    assert "<table" not in html


def test_a_listing_table_names_itself_and_scopes_its_columns() -> None:
    """recall, review, acknowledgements and forms listings all come through `_table`."""
    html = pages._table(("甲", "乙"), [("1", "2")], "qms-list", t("page.recall.title"))
    assert f'aria-label="{t("page.recall.title")}"' in html
    assert html.count('scope="col"') == 2


def test_register_sort_headers_are_buttons_that_announce_the_order(site_url: str, tab: object) -> None:  # noqa: F811
    """Sorting is reached by keyboard (Tab, then Enter or Space) on a real button, and aria-sort on the column's
    heading says which column is sorted and which way; the other columns carry no aria-sort."""
    tab.goto(site_url + "register/")  # type: ignore[attr-defined]
    buttons = tab.locator("#qms-register thead th button")  # type: ignore[attr-defined]
    assert buttons.count() == tab.locator("#qms-register thead th").count() == 8  # type: ignore[attr-defined]
    first = buttons.nth(0)
    first.focus()
    tab.keyboard.press("Space")  # type: ignore[attr-defined]
    heads = tab.locator("#qms-register thead th")  # type: ignore[attr-defined]
    assert heads.nth(0).get_attribute("aria-sort") == "ascending"
    tab.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert heads.nth(0).get_attribute("aria-sort") == "descending"
    assert all(heads.nth(i).get_attribute("aria-sort") is None for i in range(1, 8))
    ids = tab.locator("#qms-register tbody tr td:first-child").all_inner_texts()  # type: ignore[attr-defined]
    assert ids[::-1] == sorted(ids, key=natural_key)
    # the focus ring shows where the keyboard is
    outline = first.evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline not in ("", "none")
    box = first.bounding_box()
    assert box and box["height"] >= 24 and box["width"] >= 24


def test_register_count_is_announced(site_url: str, tab: object) -> None:  # noqa: F811
    """「显示 n / m」 changes as the reader types: a polite live region says it without moving the focus."""
    tab.goto(site_url + "register/")  # type: ignore[attr-defined]
    count = tab.locator("#qms-register-count")  # type: ignore[attr-defined]
    assert count.get_attribute("role") == "status" or count.get_attribute("aria-live") == "polite"


def test_search_result_count_is_announced(site_url: str, tab: object) -> None:  # noqa: F811
    tab.goto(site_url)  # type: ignore[attr-defined]
    meta = tab.locator(".md-search-result__meta")  # type: ignore[attr-defined]
    assert meta.get_attribute("role") == "status" or meta.get_attribute("aria-live") == "polite"


def test_search_results_keep_the_page_to_one_h1(site_url: str, tab: object) -> None:  # noqa: F811
    """One <h1> per page (the page's title): each result's page title was another <h1> and its sections <h2>s, so
    a screen reader's list of headings read a dozen page titles with the panel open."""
    tab.goto(site_url + "qp-hr/QP-02-01/")  # type: ignore[attr-defined]
    tab.evaluate("document.getElementById('__search').checked = true")  # type: ignore[attr-defined]
    tab.fill("input.md-search__input", "离职")  # type: ignore[attr-defined]
    results = tab.locator(".md-search-result__item")  # type: ignore[attr-defined]
    # the results arrive as the index's shards do: wait for the second (a timeout fails the test) instead of
    # counting the instant the first shows (a loaded machine counted 1)
    tab.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 1",  # type: ignore[attr-defined]
                          timeout=15000)
    assert tab.locator("h1").count() == 1  # type: ignore[attr-defined]
    assert results.first.locator("h2").count() == 1 and results.locator("h3").count() >= 1


def test_every_page_says_the_projects_language_tag(site_dir: Path) -> None:  # noqa: F811
    """<html lang> is the project's BCP 47 tag (qmsdoc.yml's language: zh-CN), not Material's catalogue name
    "zh", which names neither script nor region: a screen reader picks its voice by it."""
    wrong = {path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html")
             if '<html lang="zh-CN"' not in path.read_text("utf-8")[:400]}
    assert not wrong, sorted(wrong)[:5]


@pytest.mark.parametrize("uri", ("qp-hr/QP-02-01/", "zwfw/ZWFW-003/", "xzbz/XZBZ-03-01/"))
def test_a_documents_own_tables_head_their_columns(site_url: str, tab: object, uri: str) -> None:  # noqa: F811
    """A Markdown table's heading cells (its <thead>, the row the copies repeat on each page) carry scope="col":
    they had none, while every table qmsdoc writes itself had."""
    tab.goto(site_url + uri)  # type: ignore[attr-defined]
    heads = tab.evaluate("""() => [...document.querySelectorAll('.qms-body thead th')]
        .map(th => th.getAttribute('scope'))""")  # type: ignore[attr-defined]
    assert heads and set(heads) == {"col"}, heads


def test_the_search_dialog_is_named(site_url: str, tab: object) -> None:  # noqa: F811
    """ARIA requires a dialog to have a name (WCAG 4.1.2): the search overlay was announced as "dialog"."""
    tab.goto(site_url)  # type: ignore[attr-defined]
    name = tab.locator("[data-qmsdoc-search]").get_attribute("aria-label")  # type: ignore[attr-defined]
    assert name and name == tab.locator(".md-search__input").get_attribute("aria-label")  # type: ignore[attr-defined]


def test_register_filter_and_status_have_names(site_url: str, tab: object) -> None:  # noqa: F811
    tab.goto(site_url + "register/")  # type: ignore[attr-defined]
    snapshot = tab.locator(".qms-filter").aria_snapshot()  # type: ignore[attr-defined]
    assert f'searchbox "{t("page.register.filter_label")}"' in snapshot, snapshot
    assert f'combobox "{t("page.register.status_label")}"' in snapshot, snapshot


def test_a_redline_says_what_was_inserted_and_deleted(tab: object) -> None:
    """Underline, strike-through and colour show a change to the eye; a screen reader does not announce <ins>
    and <del>, so it hears where each insertion and deletion starts and ends (WCAG 1.3.1) — and a copied or
    searched text has none of those words."""
    from qmsdoc.core.compare import blocks, compare
    from qmsdoc.site.redline import redline_body

    comparison = compare(blocks("<p>主管提前 20 天提出。</p>"), blocks("<p>主管提前 30 天提出。</p>"),
                         old_label="A/1", new_label="A/2")
    css = Path(pages.__file__).parent / "assets" / "qmsdoc.css"
    markup = f'<html lang="zh"><body><div class="md-typeset">{redline_body(comparison)}</div></body></html>'
    tab.set_content(markup)  # type: ignore[attr-defined]
    tab.add_style_tag(path=str(css))  # type: ignore[attr-defined]
    spoken = tab.locator(".qms-redline").aria_snapshot()  # type: ignore[attr-defined]
    for key in ("redline.spoken.inserted", "redline.spoken.inserted_end", "redline.spoken.deleted",
                "redline.spoken.deleted_end"):
        assert t(key) in spoken, spoken
    assert t("redline.spoken.inserted") not in tab.locator(".qms-redline").inner_text()  # type: ignore[attr-defined]
    inserted = tab.locator(".qms-redline ins")  # type: ignore[attr-defined]
    marks = inserted.evaluate("i => getComputedStyle(i, '::before').clipPath")
    assert marks != "none"  # heard, not seen


def test_a_redline_says_in_words_where_only_the_formatting_changed(tab: object) -> None:
    """A word made bold or a heading moved a level reads as it did: the redline marked nothing there, so neither
    an eye nor a screen reader learnt of a real change. Its badge is seen and heard; a changed word has none."""
    from qmsdoc.core.compare import blocks, compare
    from qmsdoc.site.redline import redline_body

    comparison = compare(blocks("<h2>5.0 记录</h2><p>提前 30 天。</p><p>保存两年。</p>"),
                         blocks("<h3>5.0 记录</h3><p>提前 <strong>30</strong> 天。</p><p>保存三年。</p>"),
                         old_label="A/1", new_label="A/2")
    css = Path(pages.__file__).parent / "assets" / "qmsdoc.css"
    tab.set_content(f'<html lang="zh"><body><div class="md-typeset">{redline_body(comparison)}</div></body></html>')  # type: ignore[attr-defined]
    tab.add_style_tag(path=str(css))  # type: ignore[attr-defined]
    badge = t("redline.formatting")
    spoken = tab.locator(".qms-redline").aria_snapshot()  # type: ignore[attr-defined]
    assert spoken.count(badge) == 2, spoken
    seen = [tab.locator(".qms-redline > *").nth(i).inner_text() for i in range(3)]  # type: ignore[attr-defined]
    assert [badge in line for line in seen] == [True, True, False], seen


@pytest.mark.parametrize("control", ["#qms-register-filter", "#qms-register-status"])
def test_register_controls_show_the_keyboard_focus(site_url: str, tab: object, control: str) -> None:  # noqa: F811
    """Material's reset takes the outline off inputs: the filter box showed no sign of having the focus."""
    tab.goto(site_url + "register/")  # type: ignore[attr-defined]
    field = tab.locator(control)  # type: ignore[attr-defined]
    field.focus()
    style = field.evaluate("e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]")
    assert style[0] not in ("", "none") and float(style[1].removesuffix("px")) >= 2, style


@pytest.mark.parametrize("uri", (*PAGES, "404.html"))
def test_qmsdoc_headings_skip_no_level_and_badges_are_words(site_url: str, tab: object, uri: str) -> None:  # noqa: F811
    """The headings qmsdoc writes (outside a document's own body) step down one level at a time, and a status
    badge or overdue mark says its state in words, never by colour alone."""
    tab.goto(site_url + uri)  # type: ignore[attr-defined]
    levels = tab.evaluate("""() => [...document.querySelectorAll('.md-content :is(h1, h2, h3, h4, h5, h6)')]
        .filter(h => !h.closest('.qms-body')).map(h => +h.tagName[1])""")  # type: ignore[attr-defined]
    assert levels and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    badges = tab.locator(".qms-status, .qms-overdue").all_inner_texts()  # type: ignore[attr-defined]
    assert all(text.strip() for text in badges)


def test_no_page_interrupts_a_screen_reader_as_it_loads(site_dir: Path) -> None:  # noqa: F811
    """role="alert" is for news that breaks in while one reads: on a banner written into the page (obsolete, draft,
    review due, an earlier version) a screen reader cut in with it at every page load. The banners are notes."""
    built = {path: path.read_text("utf-8") for path in site_dir.rglob("*.html")}
    assert sum('class="qms-banner ' in text for text in built.values()) >= 2  # an obsolete document, the list
    assert not [str(path.relative_to(site_dir)) for path, text in built.items() if 'role="alert"' in text]
    corpus = check(load_config(site_dir.parent.parent)).corpus
    document = corpus.documents["QP-02-03"]
    preview = pages.revision_page(document, document, "<p>正文</p>", "", "../../qp-hr/QP-02-03/")
    draft = pages.banners(dataclasses.replace(document, status=Status.DRAFT), None, dt.date(2026, 1, 1))
    for markup in (preview, draft):
        assert 'class="qms-banner qms-banner-draft" role="note"' in markup, markup[:300]


@pytest.mark.parametrize("uri", ("qp-hr/QP-02-04/", "obsolete/"))
def test_a_banner_is_a_note_read_where_it_stands(site_url: str, tab: object, uri: str) -> None:  # noqa: F811
    tab.goto(site_url + uri)  # type: ignore[attr-defined]
    banner = tab.locator(".qms-banner")  # type: ignore[attr-defined]
    assert banner.count() == 1 and banner.is_visible()
    spoken = banner.aria_snapshot()
    assert spoken.startswith("- note:") and t("page.banner.obsolete") in spoken, spoken


def test_a_redlined_table_heads_its_columns() -> None:
    """A table of the document as the redline shows it: its heading row heads the columns (scope, in a <thead>, so
    a screen reader reads 30 天 as 时间 and a printed redline longer than a page repeats the headings), its other
    rows are body rows — as the document's own table on its page."""
    from qmsdoc.core.compare import blocks, compare
    from qmsdoc.site.redline import redline_body

    table = "<table><thead><tr><th>类别</th><th>时间</th></tr></thead><tbody>{}</tbody></table>"
    added = "<tr><td>保安</td><td>15 天</td></tr>"
    comparison = compare(blocks(table.format("<tr><td>主管</td><td>20 天</td></tr>")),
                         blocks(table.format("<tr><td>主管</td><td>30 天</td></tr>" + added)),
                         old_label="A/1", new_label="A/2")
    html = redline_body(comparison)
    assert '<thead><tr class="qms-rl-equal"><th scope="col">类别</th><th scope="col">时间</th></tr></thead>' in html
    body = html.split("<tbody>", 1)[1]
    assert "<th" not in body and body.count("<tr ") == 2, html


def test_a_redlined_table_without_headings_has_no_head() -> None:
    from qmsdoc.core.compare import blocks, compare
    from qmsdoc.site.redline import redline_body

    comparison = compare(blocks("<table><tbody><tr><td>甲</td><td>1</td></tr></tbody></table>"),
                         blocks("<table><tbody><tr><td>甲</td><td>2</td></tr></tbody></table>"),
                         old_label="A/1", new_label="A/2")
    html = redline_body(comparison)
    assert "<thead>" not in html and "<th" not in html and "<tbody><tr " in html


@pytest.mark.parametrize("uri", (*PAGES, "qp-hr/QP-02-04/", "recall/", "review/", "acknowledgements/", "404.html"))
def test_the_skip_link_is_first_and_lands_on_the_title(site_url: str, tab: object, uri: str) -> None:  # noqa: F811
    """WCAG 2.4.1: the first Tab reaches Material's skip link (跳转至) and Enter moves the reader to the page's <h1>.
    It went to the first heading of a document's body, past an obsolete document's banner and its control block,
    and the pages qmsdoc writes with no body headings (register, forms, history, listings) had none."""
    tab.goto(site_url + uri)  # type: ignore[attr-defined]
    tab.keyboard.press("Tab")  # type: ignore[attr-defined]
    focused = tab.evaluate(  # type: ignore[attr-defined]
        "() => [document.activeElement.matches('.md-skip'), document.activeElement.getAttribute('href')]")
    # the 404 page, served at any address, bases its addresses on the site's root and writes its own places whole
    assert focused[0] and focused[1] in ("#qms-title", site_url + uri + "#qms-title"), focused
    skip = tab.locator("a.md-skip")  # type: ignore[attr-defined]
    assert skip.is_visible() and skip.evaluate("a => getComputedStyle(a).outlineStyle") != "none"
    tab.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert tab.evaluate("() => location.hash") == "#qms-title"  # type: ignore[attr-defined]
    title = tab.locator("h1")  # type: ignore[attr-defined]
    assert title.count() == 1 and title.get_attribute("id") == "qms-title"
    # nothing qmsdoc writes above the title: its banners and control block are read after it
    assert tab.evaluate("""() => [...document.querySelectorAll('.qms-banner, .qms-control')].every(e =>
        document.getElementById('qms-title').compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING)""")  # type: ignore[attr-defined]


def test_a_document_page_still_lists_its_sections_beside_it(site_url: str, tab: object) -> None:  # noqa: F811
    """The title heads the table of contents and holds the rest: the sections show as before, the title once."""
    tab.goto(site_url + "qp-hr/QP-02-01/")  # type: ignore[attr-defined]
    entries = tab.locator("nav.md-nav--secondary a.md-nav__link").all_inner_texts()  # type: ignore[attr-defined]
    assert entries[0].strip() == "1.0 目的" and entries[-1].strip() == t("label.cited_by"), entries
    assert not [entry for entry in entries if "招聘与录用管理工作规程" in entry], entries
