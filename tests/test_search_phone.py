"""The site search as staff use it on a phone, over the shipped manuals in real Chromium: each result names its
document by number and title, a control number is marked whole, and nothing errors in the console."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import site_dir, site_url  # noqa: F401, F811

from conftest import watched_tab

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:  # noqa: F811
    with watched_tab(browser, 390, 844) as page:
        yield page


def results(phone: Any, site_url: str, query: str) -> Any:  # noqa: F811
    phone.goto(site_url)
    phone.evaluate("document.getElementById('__search').checked = true")
    phone.fill("input.md-search__input", query)
    first = phone.locator(".md-search-result__item").first
    first.wait_for(timeout=15000)
    return phone.locator(".md-search-result__item")


def test_a_result_names_the_document_by_number_and_title(site_url: str, phone: Any,  # noqa: F811
                                                         artifacts: Path) -> None:
    """A document's result showed its title alone (a form's showed its number): staff tell procedures apart by
    number, and a search for one shows which it is."""
    items = results(phone, site_url, "离职")
    phone.screenshot(path=str(artifacts / "search-phone-word.png"))
    titles = items.locator("h2.qmsdoc-search-page").all_inner_texts()
    assert titles[0] == "QP-02-03 员工离职管理工作规程", titles
    assert "QP-02-03-F001 员工离职申请表" in titles  # a form's number not shown twice
    assert phone.errors == []


@pytest.mark.parametrize("spelling", ["QP-02-03", "qp0203", "QP 02 03"])
def test_a_control_number_is_marked_whole_in_the_results(site_url: str, phone: Any, spelling: str,  # noqa: F811
                                                         artifacts: Path) -> None:
    items = results(phone, site_url, spelling)
    phone.screenshot(path=str(artifacts / "search-phone-number.png"))
    assert items.first.locator("h2.qmsdoc-search-page").inner_text() == "QP-02-03 员工离职管理工作规程"
    marks = set(phone.locator(".md-search-result__item mark").all_inner_texts())
    assert marks == {"QP-02-03"}, marks  # not QP and 02 of QP-02-01
    assert phone.errors == []


def test_a_query_while_the_index_loads_says_it_is_loading_then_answers(site_url: str, phone: Any) -> None:  # noqa: F811
    """On a slow line the box said "type to start searching" to a reader who had typed, until the index came."""
    phone.goto(site_url)
    placeholder = phone.evaluate("JSON.parse(document.getElementById('__config').textContent)"
                                 ".translations['search.result.placeholder']")
    release: list[Any] = []
    phone.route("**/search/index.js", lambda route: release.append(route))
    phone.evaluate("document.getElementById('__search').checked = true")
    phone.fill("input.md-search__input", "门岗")
    phone.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim() !== ''")
    phone.wait_for_timeout(400)
    waiting = phone.locator(".md-search-result__meta").inner_text()
    assert release and waiting and waiting != placeholder
    release[0].continue_()
    phone.locator(".md-search-result__item").first.wait_for(timeout=15000)
    title = phone.locator(".md-search-result__item h2.qmsdoc-search-page").first
    assert title.inner_text() == "DY/AQ-010 大堂门岗工作规程"
    assert phone.errors == []


def test_a_short_word_finds_the_pages_holding_it_inside_a_longer_word(site_url: str, phone: Any) -> None:  # noqa: F811
    """jieba keeps 消防系统 and 信息系统 one word each: a reader who typed 系统 found only the page with the word
    alone. Every page holding it is found, the page with the word itself first."""
    items = results(phone, site_url, "系统")
    phone.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length >= 3",
                            timeout=15000)
    titles = items.locator("h2.qmsdoc-search-page").all_inner_texts()
    assert titles[0] == "QP-02-01 招聘与录用管理工作规程", titles
    assert {"DY/AQ-002 安全管理部职责", "ZWFW-004 窗口工作人员培训制度"} <= set(titles), titles
    marks = set(phone.locator(".md-search-result__item mark").all_inner_texts())
    assert marks == {"系统"}, marks
    assert phone.errors == []


def test_a_page_opened_from_a_result_on_a_simplified_site_is_marked_without_fetching_the_index(
        site_url: str, phone: Any) -> None:  # noqa: F811
    """Only a Traditional site's page needs the index's fold table to mark the query's words (?h=): a Simplified
    site's page fetched the index's directory for nothing each time a result was opened."""
    fetched: list[str] = []
    phone.on("request", lambda request: fetched.append(request.url))
    phone.goto(site_url + "qp-hr/QP-02-01/?h=%E7%B3%BB%E7%BB%9F")  # ?h=系统
    phone.locator(".md-content article mark").first.wait_for(timeout=15000)
    assert set(phone.locator(".md-content article mark").all_inner_texts()) == {"系统"}
    assert not [url for url in fetched if "/search/" in url], fetched
    assert phone.errors == []


@pytest.mark.parametrize("char", ["诉", "表"])
def test_one_character_finds_every_document_holding_it_inside_a_word(site_url: str, site_dir: Path,  # noqa: F811
                                                                     phone: Any, char: str) -> None:
    """A reader's one character found only the words it begins: 表 missed 来访登记表 and 巡逻记录表, 诉 found
    nothing at all (the manuals say it only inside 投诉)."""
    from qmsdoc.search import read_pages

    holding = {page.title for page in read_pages(site_dir)
               if char in page.title + "".join(s.title + s.text for s in page.sections)}
    results(phone, site_url, char)
    meta = phone.locator(".md-search-result__meta").inner_text()
    assert str(len(holding)) in meta, (meta, len(holding))
    titles = phone.locator(".md-search-result__item h2.qmsdoc-search-page").all_inner_texts()
    assert char in titles[0] and set(titles) <= holding, titles
    assert set(phone.locator(".md-search-result__item mark").all_inner_texts()) == {char}
    assert phone.errors == []


def test_a_query_no_page_answers_whole_shows_the_pages_lacking_a_word_under_its_name(
        site_url: str, phone: Any, artifacts: Path) -> None:  # noqa: F811
    """请假 单子 (a leave form, in a reader's words) found nothing once a result had to hold every word: the pages
    holding 请假 are shown, below a line saying no page has every word and one naming the word they lack."""
    items = results(phone, site_url, "请假 单子")
    phone.screenshot(path=str(artifacts / "search-phone-partial.png"))
    assert phone.locator(".md-search-result__meta").inner_text() == "没有完全符合的结果"
    rows = phone.locator(".md-search-result__list > li")
    assert rows.first.inner_text() == "以下页面不含「单子」"
    assert rows.first.get_attribute("class") == "qmsdoc-search-partial"
    assert "ZWFW/QR-01 请假单" in items.locator("h2.qmsdoc-search-page").all_inner_texts()
    assert set(phone.locator(".md-search-result__item mark").all_inner_texts()) == {"请假"}  # not the 单 of 单位
    assert phone.errors == []


def test_a_query_a_page_answers_whole_shows_its_results_unlabelled(site_url: str, phone: Any) -> None:  # noqa: F811
    items = results(phone, site_url, "请假 单")
    assert items.count() and phone.locator(".qmsdoc-search-partial").count() == 0
    assert phone.locator(".md-search-result__meta").inner_text() != "没有完全符合的结果"


@pytest.mark.parametrize("width", [390, 1280])
def test_a_query_no_page_answers_shows_the_pages_holding_most_of_its_words(
        site_url: str, browser: Any, artifacts: Path, width: int) -> None:  # noqa: F811
    """离职 流程 合格: no page writes all three: the pages holding 离职 and 合格 are shown under the word they lack.
    (It was 离职 流程 表格, answered by a page holding 表 and 格 apart: no page writes 表格.)"""
    page = browser.new_page(viewport={"width": width, "height": 844})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        items = results(page, site_url, "离职 流程 合格")
        page.screenshot(path=str(artifacts / f"search-most-{width}.png"))
        rows = page.locator(".md-search-result__list > li")
        assert rows.first.inner_text() == "以下页面不含「流程」"
        assert items.locator("h2.qmsdoc-search-page").all_inner_texts()[0] == "QP-02-03 员工离职管理工作规程"
        assert errors == []
    finally:
        page.close()
