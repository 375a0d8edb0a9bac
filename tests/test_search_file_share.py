"""The site opened from a file share (`build/site/index.html` double-clicked, file://, built with
`use_directory_urls: false`): a browser lets such a page fetch() nothing, so search.js loads the index's files with
script tags (search/wrapped.py). A query finds its pages and a result opens its page; a file missing from the
folder is said as such, never as "no matching documents"."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitecrawl import served

import qmsdoc

from conftest import copy_project, run_cli, watched_tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SEARCH_JS = Path(qmsdoc.__file__).parent / "search" / "assets" / "search.js"


@pytest.fixture(scope="module")
def share(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped manuals' site as a file share holds it."""
    project = copy_project(tmp_path_factory.mktemp("share") / "project")
    project.replace("mkdocs.yml", "use_directory_urls: true", "use_directory_urls: false")
    result = run_cli("build", "--only", "site", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    return project.root / "build" / "site"


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    with watched_tab(browser, 1280, 900) as page:
        yield page


def _ask(tab: Any, site: Path, query: str) -> Any:
    tab.goto((site / "index.html").as_uri())
    tab.evaluate("document.getElementById('__search').checked = true")
    tab.fill("input.md-search__input", query)
    return tab.locator(".md-search-result__meta")


def test_a_site_opened_from_its_folder_finds_pages_and_a_result_opens_its_page(
        share: Path, tab: Any, artifacts: Path) -> None:
    """Quiet where it works: the box said the search could not be used from a folder (no fetch() from file://)."""
    _ask(tab, share, "离职")
    items = tab.locator(".md-search-result__item")
    items.first.wait_for(timeout=15000)
    tab.screenshot(path=str(artifacts / "search-file-share.png"))
    assert items.first.locator("h2.qmsdoc-search-page").inner_text() == "QP-02-03 员工离职管理工作规程"
    link = items.first.locator("a.md-search-result__link").first
    assert link.get_attribute("href").startswith(share.as_uri() + "/")
    link.click()
    tab.wait_for_load_state()
    assert tab.locator("h1.qms-title").inner_text() == "员工离职管理工作规程"
    assert tab.url.split("?")[0] == (share / "qp-hr" / "QP-02-03.html").as_uri()
    assert tab.errors == []


def test_a_file_missing_from_the_folder_says_the_index_is_incomplete_not_that_nothing_was_found(
        share: Path, tab: Any, tmp_path: Path) -> None:
    """A share copied in part (or built again while a reader had it open): a chunk the directory names is not
    there. 「没有找到」 would tell staff that a document in force does not exist."""
    from qmsdoc.core.i18n import t
    from qmsdoc.search.index import read_directory

    site = tmp_path / "site"
    shutil.copytree(share, site)
    chunks = read_directory(site)["chunks"]
    (site / "search" / "c" / [name for first, name in chunks if first <= "离职"][-1]).unlink()
    meta = _ask(tab, site, "离职")
    stale = t("script.search_stale")
    tab.wait_for_function("text => document.querySelector('.md-search-result__meta').textContent === text",
                          arg=stale, timeout=10000)
    assert meta.inner_text() == stale and tab.locator(".md-search-result__item").count() == 0
    assert stale != t("script.search_failed")


@pytest.mark.parametrize("transport", ["file", "http"])
def test_every_byte_arrives_as_written_from_a_folder_and_over_http(
        transport: str, tab: Any, tmp_path: Path) -> None:
    """The bytes of a gzip file in a string read as windows-1252 (from a folder) or fetched and unescaped (http):
    a byte value mapped wrongly would leave one chunk in 256 unreadable."""
    from qmsdoc.search.wrapped import wrap_bytes

    data = bytes(range(256)) * 2 + bytes(range(255, -1, -1))
    (tmp_path / "search" / "c").mkdir(parents=True)
    (tmp_path / "search" / "c" / "all.js").write_bytes(wrap_bytes("c/all", data))
    shutil.copy(SEARCH_JS, tmp_path / "search.js")
    (tmp_path / "index.html").write_text('<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">'
                                         '<script src="search.js"></script>', "utf-8")
    read = "site => new qmsdocSearch.Index(site).file('c/all.js').then(b => Array.from(new Uint8Array(b)))"
    if transport == "file":
        tab.goto((tmp_path / "index.html").as_uri())
        assert bytes(tab.evaluate(read, tmp_path.as_uri() + "/")) == data
    else:
        with served(tmp_path) as site:
            tab.goto(site + "index.html")
            assert bytes(tab.evaluate(read, site)) == data
    assert tab.errors == []
