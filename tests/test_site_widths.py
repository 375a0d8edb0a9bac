"""Every page of the English example, crawled from its home page in a real Chromium, fits a phone, a tablet and a
desktop: no page scrolls sideways. English labels are longer than Chinese ones, so this is where a listing's
headings, a register's columns or an earlier version's status outgrow their column first."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest
from browsers import chromium
from test_english import _copy

from conftest import commit, run_cli
from sitebuild import served_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (390, 768, 1280)
# An address with no place to break in it, added by the revision: the table of changes must wrap it in its cell.
LONG_ADDRESS = "https://www.example.com/guides/" + "0123456789" * 9


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The English example with QM-03 revised and released, so its earlier version A/0 has a page of its own."""
    root = _copy(tmp_path_factory.mktemp("widths"), committed=True)
    assert run_cli("revise", "QM-03", "--by", "Quality Manager", "--date", "2026-11-01", cwd=root).returncode == 0
    draft = root / "revisions" / "manuals" / "qm" / "QM-03.md"
    draft.write_text(draft.read_text("utf-8").replace("| 3 years |", "| 5 years |", 1)
                     + f"\nThe audit guide is kept at {LONG_ADDRESS}.\n", "utf-8")
    released = run_cli("release", "QM-03", "--by", "Managing Director", "--reviewed-by", "Operations Director",
                       "--change", "Audit reports kept 5 years", "--date", "2026-11-20", cwd=root)
    assert released.returncode == 0, released.stderr
    commit(root, "Release QM-03 A/1")
    with served_site(root) as url:
        yield url


def _every_page(site_url: str) -> Iterator[tuple[int, str, Any]]:
    """(width, the page's address within the site, the tab showing it) for every page reached by following the
    site's links from its home, at each of WIDTHS."""
    with chromium() as browser:
        for width in WIDTHS:
            tab = browser.new_page(viewport={"width": width, "height": 900})
            queue, seen = [site_url], set()
            while queue:
                url = queue.pop()
                if url in seen:
                    continue
                seen.add(url)
                tab.goto(url)
                yield width, url[len(site_url):], tab
                links = tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
                queue += [page for page in (urldefrag(link)[0] for link in links)
                          if page.startswith(site_url) and page.endswith("/")]
            tab.close()


def test_no_page_of_the_english_site_scrolls_sideways(site_url: str) -> None:
    too_wide: dict[str, int] = {}
    reached: set[str] = set()
    for width, uri, tab in _every_page(site_url):
        reached.add(uri)
        scrolled = tab.evaluate("document.documentElement.scrollWidth")
        if scrolled > width:
            too_wide[f"{width}:{uri}"] = scrolled
    assert "history/QM-03/A-0/" in reached  # every page kind was reached
    assert not too_wide, too_wide


# Each table of the page: its class, the width it needs and the width of the box it scrolls in.
TABLE_WIDTHS = """() => [...document.querySelectorAll('article table')].map(t =>
  [t.className, t.scrollWidth, (t.closest('.md-typeset__scrollwrap') || t.parentElement).clientWidth])"""


def test_the_table_of_changes_fits_its_column_with_an_address_in_it(site_url: str) -> None:
    """At 1280 px the address widened the After column past the page: the table scrolled inside its box and its
    Change column was out of sight. Every table of a history page (revision history, table of changes) fits."""
    too_wide: dict[str, list[int]] = {}
    with chromium() as browser:
        for width in WIDTHS:
            tab = browser.new_page(viewport={"width": width, "height": 900})
            tab.goto(site_url + "history/QM-03/")
            shown = tab.evaluate("() => document.querySelector('article').innerText")
            assert LONG_ADDRESS in shown.replace("\n", "")  # the address is in the table of changes
            for name, wide, room in tab.evaluate(TABLE_WIDTHS):
                if wide > room + 1:
                    too_wide[f"{width}:{name}"] = [wide, room]
            tab.close()
    assert not too_wide, too_wide


def test_a_printed_page_not_in_force_says_so_in_every_running_header(site_url: str, tmp_path: Path) -> None:
    """A printed withdrawn document or earlier version carries its state beside the version in the header of every
    page, as the Word and PDF copies carry their watermark: page 2 of a printout used to read like the version in
    force."""
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        printed = {}
        for uri in ("qm/QM-08/", "history/QM-03/A-0/", "qm/QM-03/"):
            tab.goto(site_url + uri)
            tab.emulate_media(media="print")
            out = tmp_path / "printed.pdf"
            tab.pdf(path=str(out), format="A4", prefer_css_page_size=True)
            # the top margin alone (A4, its 2.5 cm margin in points): the running header of each page
            top = ["-x", "0", "-y", "0", "-W", "600", "-H", "70"]
            text = subprocess.run(["pdftotext", "-layout", *top, str(out), "-"], capture_output=True, text=True,
                                  check=True).stdout
            headers = [re.sub(r"\s+", " ", page) for page in text.split("\f") if page.strip()]
            assert len(headers) > 1 and all("Page" in header for header in headers), (uri, headers)
            printed[uri] = headers
            tab.emulate_media(media="screen")
    assert all(re.search(r"QM-08 · Version A/\d · Obsolete", line) for line in printed["qm/QM-08/"]), printed
    assert all("QM-03 · Version A/0 · Earlier version" in line for line in printed["history/QM-03/A-0/"]), printed
    assert not any("Obsolete" in line or "Earlier" in line for line in printed["qm/QM-03/"]), printed


SPLIT_DATES = r"""() => {
  const found = [], walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent.closest('.qms-body, code, pre') || !parent.getClientRects().length) continue;  // the author's text
    for (const match of node.data.matchAll(/\d{4}-\d{2}-\d{2}/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + 10);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
      if (getComputedStyle(parent).whiteSpace !== 'nowrap' || lines > 1)
        found.push([match[0], parent.tagName, lines, node.data.slice(0, 40)]);
    }
  }
  return found;
}"""


def test_a_date_qmsdoc_writes_in_a_sentence_is_never_split_at_its_hyphens(site_url: str) -> None:
    """The as-of dates of the acknowledgements and review pages, a review banner's due date and the print mark's
    date are one word, as in the tables: the acknowledgements page wrapped 2026-12- above 05 on a desktop."""
    split: dict[str, object] = {}
    with chromium() as browser:
        for width in WIDTHS:
            tab = browser.new_page(viewport={"width": width, "height": 900})
            for uri, media in (("acknowledgements/", "screen"), ("review/", "screen"), ("qm/QM-03/", "print")):
                tab.emulate_media(media=media)
                tab.goto(site_url + uri)
                tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # writes the print mark
                if found := tab.evaluate(SPLIT_DATES):
                    split[f"{width}:{uri}:{media}"] = found
            tab.close()
    assert not split, split


SMALL_TARGETS = """() => [...document.querySelectorAll(
    'table.qms-list td a, table.qms-history td a, table.qms-register td a')]
  .map(a => [a.textContent.trim(), a.getBoundingClientRect()])
  .filter(([, box]) => box.width && (box.width < 23.5 || box.height < 23.5))
  .map(([text, box]) => [text, Math.round(box.width), Math.round(box.height)])"""


def test_every_link_in_a_listing_card_is_a_touch_target_on_a_phone(site_url: str) -> None:
    """On a phone the listings are cards; each link in them (a register card's number, a revision record's redline,
    a form's owner) is at least 24 × 24 CSS px (WCAG 2.5.8): the register's QM link was 22 × 16."""
    small: dict[str, object] = {}
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": 390, "height": 844})
        for uri in ("qm/", "register/", "forms/", "obsolete/", "review/", "acknowledgements/", "history/QM-03/"):
            tab.goto(site_url + uri)
            if found := tab.evaluate(SMALL_TARGETS):
                small[uri] = found
    assert not small, small


SPLIT_NUMBERS = r"""() => [...document.querySelectorAll(
    'article .qms-ref-id, article .qms-ref-version, article .qms-id, article td a')]
  .filter(e => e.getClientRects().length && !/\s/.test(e.textContent.trim()) && /\d/.test(e.textContent))
  .map(e => { const r = document.createRange(); r.selectNodeContents(e);
              return [e.textContent.trim(), new Set([...r.getClientRects()].map(x => Math.round(x.top))).size]; })
  .filter(([, lines]) => lines > 1)"""


def test_no_control_number_is_split_at_its_hyphens(site_url: str) -> None:
    """Every page, every width: a document or form number (a reference's, a listing's first cell, a control block's)
    is one word — a phone showed QM-02 as "QM-" above "02" in a paragraph, a tablet QM-04-F01 in the forms index."""
    split: dict[str, object] = {}
    for width, uri, tab in _every_page(site_url):
        if found := tab.evaluate(SPLIT_NUMBERS):
            split[f"{width}:{uri}"] = found
    assert not split, split


@pytest.mark.parametrize("scheme", ("default", "slate"))
def test_the_english_examples_links_are_readable_in_either_scheme(site_url: str, scheme: str) -> None:
    """Material colours links with the palette's primary colour: the example's teal gave qmsdoc's cross-references,
    download and history links 3.8:1 on white (WCAG AA asks 4.5:1 of text)."""
    from test_colour_schemes import AA, CONTRASTS, _show

    with chromium() as browser:
        tab = browser.new_page(viewport={"width": 390, "height": 900})
        _show(tab, site_url + "qm/QM-04/", scheme, specimen=False)
        found = tab.evaluate(CONTRASTS, ".md-content :is(a.qms-ref, a.qms-pdf, a.qms-docx, a.qms-history-link)")
    assert len(found) >= 3
    assert not [f for f in found if f["ratio"] < AA], found
