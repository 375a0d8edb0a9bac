"""The English site's listings, as a quality team reads them on a desktop, a tablet and a phone: a word or a date
in a listing is never cut in two — the acknowledgements page showed "Intern" above "al Audit" at 1280 px, and a
manual's contents, beside a version approved and waiting, "Document" / "ed Informatio" / "n" and "2026-" above
"12-07" — and a name with no break in it still never makes a page scroll sideways."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from browsers import chromium

from conftest import REPO, commit, git, run_cli
from sitebuild import served_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLE = REPO / "examples" / "en-quality-manual"
WIDTHS = (390, 768, 1280)
TODAY = "2026-12-06"
# A department with no place to break: the page must wrap it inside its cell rather than widen.
LONG_DEPARTMENT = "MetrologyAndCalibrationLaboratoryOfTheHarbourRoadSite"
PAGES = ("acknowledgements/", "qm/", "register/")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The English example on TODAY with QM-04 to be read by two departments, one of them having acknowledged it,
    and QM-05 A/1 approved today to take effect later (a long status in the listings)."""
    root = tmp_path_factory.mktemp("listing-layout") / "en"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "issued"))
    page = root / "manuals" / "qm" / "QM-04.md"
    text = page.read_text("utf-8")
    page.write_text(text.replace("\nreview_months:", f"\nacknowledge: [Quality Department, {LONG_DEPARTMENT}]"
                                 "\nreview_months:", 1), "utf-8")
    git(root, "init", "-q")
    commit(root, "English example, QM-04 to be acknowledged")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        recorded = run_cli("acknowledge", "QM-04", "--by", "Tom Reed", "--department", "Quality Department", cwd=root)
        assert recorded.returncode == 0, recorded.stdout + recorded.stderr
        assert run_cli("revise", "QM-05", "--by", "Quality Manager", cwd=root).returncode == 0
        draft = root / "revisions" / "manuals" / "qm" / "QM-05.md"
        draft.write_text(draft.read_text("utf-8") + "\nCustomer complaints are handled the same way.\n", "utf-8")
        released = run_cli("release", "QM-05", "--by", "Managing Director", "--reviewed-by", "Operations Director",
                           "--change", "Complaints included", "--effective", "2026-12-07", cwd=root)
        assert released.returncode == 0, released.stdout + released.stderr
    commit(root, "Tom Reed read QM-04; QM-05 A/1 released to take effect tomorrow")
    with served_site(root, TODAY) as url:
        yield url


# Each English word or ISO date in the page's listings whose characters sit on more than one line.
CUT_WORDS = r"""() => {
  const cut = [], cells = document.querySelectorAll('article table.qms-list td, article table.qms-register td');
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\d{4}-\d{2}-\d{2}|[A-Za-z]{2,}/g)) {
        if (match[0].length > 20) continue;  // the department made to have no break in it
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        if (new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1) cut.push(match[0]);
      }
    }
  }
  return cut;
}"""


def _at_each_width(site_url: str, script: str) -> dict[str, object]:
    """`script`'s answer on each of PAGES at each of WIDTHS, by "width:page"."""
    seen: dict[str, object] = {}
    with chromium() as browser:
        for width in WIDTHS:
            tab = browser.new_page(viewport={"width": width, "height": 900})
            for uri in PAGES:
                tab.goto(site_url + uri)
                assert tab.locator("article table td").count(), f"{uri} lists something"
                seen[f"{width}:{uri}"] = tab.evaluate(script)
            tab.close()
    return seen


def test_the_listings_show_the_waiting_version_and_the_acknowledgement(site_url: str) -> None:
    """The fixture's state reaches the pages the other tests look at."""
    with chromium() as browser:
        tab = browser.new_page()
        tab.goto(site_url + "qm/")
        waiting = tab.locator("article table.qms-list .qms-status-approved").inner_text()
        tab.goto(site_url + "acknowledgements/")
        read = tab.locator("article table.qms-acknowledgements").inner_text()
    assert "2026-12-07" in waiting and "Tom Reed" in read and LONG_DEPARTMENT in read


def test_no_word_or_date_in_a_listing_is_cut_in_two(site_url: str) -> None:
    cut = {where: words for where, words in _at_each_width(site_url, CUT_WORDS).items() if words}
    assert not cut, cut


def test_a_name_without_a_break_does_not_widen_a_listing_page(site_url: str) -> None:
    widths = _at_each_width(site_url, "document.documentElement.scrollWidth")
    assert all(isinstance(scrolled, int) and scrolled <= int(where.split(":")[0])
               for where, scrolled in widths.items()), widths


# Each listing of the page, its rows naming `long` left out (a name with no break in it scrolls in the box, by
# design): the width it needs and the width of the box it scrolls in.
LISTING_WIDTHS = """long => {
  for (const row of document.querySelectorAll('article tr')) if (row.textContent.includes(long)) row.hidden = true;
  return [...document.querySelectorAll('article table.qms-list, article table.qms-register')].map(t =>
    [t.className, t.scrollWidth, t.clientWidth]);
}"""


def test_every_column_of_a_listing_is_in_sight_on_a_desktop(site_url: str) -> None:
    """At 1280 px the acknowledgements' nine English columns needed 999 px of a 936 px box: the table scrolled in
    its box and its last column (the sign-in sheet) was cut off at the edge, with nothing showing that it scrolls."""
    too_wide: dict[str, list[int]] = {}
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        for uri in PAGES:
            tab.goto(site_url + uri)
            for name, wide, room in tab.evaluate(LISTING_WIDTHS, LONG_DEPARTMENT):
                if wide > room + 1:
                    too_wide[f"{uri}:{name}"] = [wide, room]
    assert not too_wide, too_wide
