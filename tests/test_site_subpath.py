"""A site published where quality teams put it: under a path of an intranet server (http://intranet/qms/manual/),
with or without mkdocs.yml's `site_url` saying so, and opened from a file share. Every page names its addresses
relative to itself, so they hold anywhere; the 404 page, served at any address, is the one that must find the
site's root (site/theme.py, templates/404.html): MkDocs names its addresses from "/", the server's root."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from urllib.request import urlopen

import pytest
from sitecrawl import served

from conftest import run_cli

pytestmark = pytest.mark.browser

MOUNT = "/qms/manual/"


def _site(root: Path, site_url: str | None = None) -> Path:
    """A new project's site (the manual QM and its form released), with `site_url` in mkdocs.yml if given."""
    assert run_cli("init", str(root), cwd=root.parent).returncode == 0
    if site_url:
        settings = root / "mkdocs.yml"
        settings.write_text(settings.read_text("utf-8") + f"site_url: {site_url}\n", "utf-8")
    for item in ("QM", "QM-01-F01"):
        assert run_cli("release", item, "--by", "总经理", "--change", "首次发布", cwd=root).returncode == 0
    built = run_cli("build", "--only", "site", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    return root / "build" / "site"


def _not_found(browser: Any, address: str) -> tuple[Any, list[tuple[int, str]]]:
    """The page at `address` open in a tab, and every answer the tab got: (status, URL)."""
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    answers: list[tuple[int, str]] = []
    tab.on("response", lambda response: answers.append((response.status, response.url)))
    tab.goto(address)
    tab.wait_for_load_state("load")
    return tab, answers


_LINKS = """() => [...document.querySelectorAll('a[href], link[href], script[src], img[src]')]
                     .map(e => e.href || e.src)"""


def test_the_404_page_of_a_site_under_a_path_without_site_url_stays_in_the_site(tmp_path: Path,
                                                                              browser: Any) -> None:
    """Fire: built without `site_url` and served under /qms/manual/, the 404 page's styles, scripts, menu and
    its way on to the register were all named from "/" (outside the site: not found), and its search read its
    index from there."""
    site = _site(tmp_path / "qms")
    with served(site, MOUNT, not_found_page=True) as base:
        tab, answers = _not_found(browser, base + "no/such/page/")
        links = [link for link in tab.evaluate(_LINKS) if link.startswith("http")]
        register = tab.evaluate("() => document.querySelector('article a').href")
        tab.fill(".md-search__input", "QM-01")
        tab.wait_for_selector(".md-search-result__link", timeout=10000)
        results = tab.evaluate("() => [...document.querySelectorAll('.md-search-result__link')].map(a => a.href)")
        styled = tab.evaluate("() => [...document.styleSheets].filter(s => s.href && s.cssRules.length).length")
        assert [url for _, url in answers if not url.startswith(base)] == []
        assert [link for link in links if not link.startswith(base)] == []
        assert register == base + "register/"
        assert [url for url in results if not url.startswith(base)] == []
        assert any(url.startswith(base + "forms/QM-01-F01/") for url in results), results
        assert styled >= 2
        with served(site, MOUNT) as again:  # each named address is there (an answer 200, not the 404 page)
            # (the page's own places, its skip link to the title, stay at the address asked: not the site's)
            for link in {re.sub(r"[?#].*", "", link) for link in links if not link.startswith(base + "no/such/page/")}:
                with urlopen(again + link[len(base):], timeout=10) as answer:  # noqa: S310 — local server
                    assert answer.status == 200, link


def test_the_404_page_opened_from_the_sites_folder_finds_its_styles_and_listings(tmp_path: Path,
                                                                               browser: Any) -> None:
    """Fire: a site opened from a file share (file://): its 404.html named file:///assets/… and file:///register/."""
    site = _site(tmp_path / "qms")
    tab, _ = _not_found(browser, (site / "404.html").as_uri())
    links = [link for link in tab.evaluate(_LINKS) if link.startswith("file:")]
    assert links and [link for link in links if not link.startswith(site.as_uri() + "/")] == []
    for link in links:
        assert Path(unquote(re.sub(r"[?#].*", "", link[len("file://"):]))).exists(), link  # a folder with a space


def test_a_site_url_under_a_path_keeps_mkdocs_addresses_and_needs_no_script(tmp_path: Path, browser: Any) -> None:
    """Quiet: with `site_url` the root is known; the 404 page names it as MkDocs does (works without
    JavaScript), finds nothing, and stays in the site at any address under it."""
    site = _site(tmp_path / "qms", "http://intranet/qms/manual/")
    page = (site / "404.html").read_text("utf-8")
    assert "XMLHttpRequest" not in page
    assert 'href="/qms/manual/register/"' in page
    with served(site, MOUNT, not_found_page=True) as base:
        tab, answers = _not_found(browser, base + "no/such/page/")
        assert tab.evaluate("() => document.querySelector('article a').href") == base + "register/"
        assert [url for _, url in answers if not url.startswith(base)] == []
        assert [status for status, url in answers if url != base + "no/such/page/" and status != 200] == []


def test_a_site_at_the_servers_root_without_site_url_keeps_its_404_page_working(tmp_path: Path,
                                                                               browser: Any) -> None:
    """Quiet: MkDocs' own case (no `site_url`, served at "/") still works: the page finds "/" as the root."""
    site = _site(tmp_path / "qms")
    with served(site, "/", not_found_page=True) as base:
        tab, answers = _not_found(browser, base + "deep/no/such/page/")
        assert tab.evaluate("() => document.querySelector('article a').href") == base + "register/"
        loaded = {url for status, url in answers if status == 200}
        assert base + "register/" not in loaded  # not fetched, only named
        assert any(url.startswith(base + "assets/stylesheets/") for url in loaded), answers
