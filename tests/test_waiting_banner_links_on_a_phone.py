"""A waiting version's banner as staff read it on a 390 px phone, in real Chromium over a real build with Word and PDF
copies: the banner names the copies of the version in force on a line of its own with their links side by side, and
a link after them starts a line of its own too — stacked one a line like a download line's, "Word" stood above "PDF。"
in the middle of the banner's sentence and the A/0 page's "查阅已批准的新版本 A/1" ran on after "PDF。". The page never
pans sideways and every banner link is a 24 px target. A desktop keeps the phrase in the banner's sentence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitecrawl import served

from conftest import committed_project, release_later, run_cli, today_is

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TODAY = "2026-12-06"
PHONE = 390
# The approved version waiting (its banner names A/0's copies) and A/0's page (then links the approved version).
WAITING, IN_FORCE = "qp-hr/QP-02-01/", "history/QP-02-01/A-0/"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped manuals with QP-02-01 A/1 approved today to take effect on 2027-01-01, built whole (the copies of
    A/0 in force until then are made in Word and PDF)."""
    root = committed_project(tmp_path_factory.mktemp("waiting-banner"))
    with today_is(TODAY):
        release_later(root, "QP-02-01", "2027-01-01")
        built = run_cli("build", cwd=root)
        assert built.returncode == 0, built.stdout + built.stderr
    with served(Path(root) / "build" / "site") as url:
        yield url


# The banner as laid out: each link's box and text, the copies' links, the middles of the copies phrase's first
# character and of the one before it (the sentence before it), and the width the page scrolls to.
_BANNER = """(phrase) => {
  const banner = document.querySelector('.md-content .qms-banner');
  const box = e => { const r = e.getBoundingClientRect();
    return {text: e.textContent.trim(), top: Math.round(r.top), bottom: Math.round(r.bottom),
            height: Math.round(r.height * 10) / 10, width: Math.round(r.width * 10) / 10}; };
  const chars = [], walker = document.createTreeWalker(banner, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode())
    for (let at = 0; at < node.data.length; at++) if (node.data[at].trim()) chars.push([node, at]);
  const middle = ([node, at]) => { const r = document.createRange(); r.setStart(node, at); r.setEnd(node, at + 1);
    const b = r.getBoundingClientRect(); return Math.round((b.top + b.bottom) / 2); };
  const text = chars.map(([node, at]) => node.data[at]).join('');
  const first = text.indexOf(phrase.replace(/\\s/g, ''));
  return {links: [...banner.querySelectorAll('a')].map(box),
          copies: [...banner.querySelectorAll('a[download]')].map(box),
          phrase: first > 0 ? middle(chars[first]) : null, before: first > 0 ? middle(chars[first - 1]) : null,
          scroll: document.scrollingElement.scrollWidth, width: document.scrollingElement.clientWidth};
}"""
PHRASE = "现行版本 A/0 受控副本"


def _banner(browser: Any, url: str, width: int) -> dict[str, Any]:
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": 844 if phone else 800}, is_mobile=phone,
                                  device_scale_factor=2 if phone else 1)
    tab = context.new_page()
    tab.goto(url)
    found: dict[str, Any] = tab.evaluate(_BANNER, PHRASE)
    context.close()
    return found


@pytest.fixture(scope="module")
def on_the_phone(site_url: str, browser: Any) -> dict[str, dict[str, Any]]:
    return {uri: _banner(browser, site_url + uri, PHONE) for uri in (WAITING, IN_FORCE)}


@pytest.mark.parametrize("uri", (WAITING, IN_FORCE))
def test_the_copies_links_stand_side_by_side(on_the_phone: dict[str, dict[str, Any]], uri: str) -> None:
    copies = on_the_phone[uri]["copies"]
    assert [c["text"] for c in copies] == ["Word", "PDF"], copies
    word, pdf = copies
    assert word["top"] == pdf["top"], copies


@pytest.mark.parametrize("uri", (WAITING, IN_FORCE))
def test_the_copies_start_a_line_of_their_own(on_the_phone: dict[str, dict[str, Any]], uri: str) -> None:
    shown = on_the_phone[uri]
    assert shown["before"] is not None and shown["phrase"] > shown["before"], shown


def test_the_link_after_the_copies_starts_a_line_of_its_own(on_the_phone: dict[str, dict[str, Any]]) -> None:
    links = on_the_phone[IN_FORCE]["links"]
    assert links[-1]["text"].startswith("查阅已批准的新版本 A/1"), links
    pdf = next(link for link in links if link["text"] == "PDF")
    assert links[-1]["top"] >= pdf["top"] + pdf["height"] / 2, links  # below PDF's line (targets' paddings overlap)


@pytest.mark.parametrize("uri", (WAITING, IN_FORCE))
def test_the_page_fits_and_every_banner_link_is_a_24_px_target(on_the_phone: dict[str, dict[str, Any]],
                                                               uri: str) -> None:
    shown = on_the_phone[uri]
    assert shown["scroll"] <= shown["width"] == PHONE, shown
    small = [link for link in shown["links"] if link["height"] < 24 or link["width"] < 24]
    assert not small, small


def test_a_desktop_keeps_the_copies_in_the_banners_sentence(site_url: str, browser: Any) -> None:
    """Quiet: at 1280 px the phrase runs on in the sentence before it, its links on one line."""
    shown = _banner(browser, site_url + WAITING, 1280)
    word, pdf = shown["copies"]
    assert shown["before"] is not None and shown["phrase"] == shown["before"], shown
    assert word["top"] == pdf["top"] and shown["scroll"] == 1280, shown
