"""A row of links (pages.py `link_row`: a page's download line, the acknowledgement line, a listing's copies) as a
reader of the English site sees it in Chromium: on a 390 px phone, where each link is a 24 px target, the gap " · "
never stands at a line's end or on a line of its own — a withdrawn document's page read "(QM-08 A/1) ·" above
"Version history and changes" — and on a desktop the row keeps its gaps between the links on one line. Which copy
the links give, "(QM-08 A/1)", reads in one piece: a desktop line broke it as "(QM-08" above "A/1)"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitecrawl import served
from test_english import _copy

from conftest import commit, run_cli, today_is

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TODAY = "2026-12-06"
PHONE = 390
# A withdrawn document, a document to acknowledge, a form, a manual's contents and the forms index (copies in cells).
PAGES = ("qm/QM-08/", "qm/QM-04/", "forms/QM-04-F01/", "qm/", "forms/")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The English example built whole (its pages offer Word and PDF copies), QM-04 to be read by two departments,
    one of them done."""
    root = _copy(tmp_path_factory.mktemp("link-rows"), committed=True)
    page = root / "manuals" / "qm" / "QM-04.md"
    page.write_text(page.read_text("utf-8").replace(
        "\nreview_months:", "\nacknowledge: [Quality Department, Operations]\nreview_months:", 1), "utf-8")
    commit(root, "QM-04 to be acknowledged")
    with today_is(TODAY):
        done = run_cli("acknowledge", "QM-04", "--by", "Tom Reed", "--department", "Quality Department", cwd=root)
        assert done.returncode == 0, done.stdout + done.stderr
        commit(root, "Tom Reed read QM-04")
        built = run_cli("build", cwd=root)
        assert built.returncode == 0, built.stdout + built.stderr
    with served(Path(root) / "build" / "site") as url:
        yield url


# Each separator a reader sees in a row of links (its box not clipped away), with the middles of the characters
# either side of it: a separator belongs on the line of what precedes it and what follows it.
_ROWS = r"""() => {
  const rows = document.querySelectorAll('.md-content :is(.qms-download, .qms-ack-line, td)');
  const middle = (node, at) => { const r = document.createRange(); r.setStart(node, at); r.setEnd(node, at + 1);
    const box = r.getBoundingClientRect(); return box.width ? (box.top + box.bottom) / 2 : null; };
  const separators = [];
  for (const row of rows) {
    if (!row.getClientRects().length) continue;
    const chars = [], walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      for (let at = 0; at < node.data.length; at++) if (node.data[at].trim()) chars.push([node, at]);
    chars.forEach(([node, at], i) => {
      if (node.data[at] !== '\u00b7') return;
      const shown = node.parentElement.getBoundingClientRect().height > 0 && middle(node, at) !== null;
      if (!shown) return;
      const side = chars[i - 1] && middle(...chars[i - 1]), next = chars[i + 1] && middle(...chars[i + 1]);
      separators.push({row: row.className || row.tagName, before: row.textContent.slice(0, 40),
                       prev: side, self: middle(node, at), next: next});
    });
  }
  return {separators, scroll: document.documentElement.scrollWidth};
}"""


def _rows(browser: Any, url: str, width: int) -> dict[str, Any]:
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone,
                                  device_scale_factor=2 if phone else 1)
    tab = context.new_page()
    tab.goto(url)
    found: dict[str, Any] = tab.evaluate(_ROWS)
    context.close()
    return found


def _apart(separator: dict[str, Any]) -> bool:
    """A separator not on the line of the character before it or of the one after it (half a line apart)."""
    return any(other is None or abs(other - separator["self"]) > 6 for other in (separator["prev"], separator["next"]))


@pytest.mark.parametrize("page", PAGES)
def test_no_separator_of_a_link_row_stands_apart_on_a_phone(site_url: str, browser: Any, page: str) -> None:
    """The withdrawn document's download line left " · " after "(QM-08 A/1)" with the next link on the next line;
    the acknowledgement line's after its states. The page still fits the phone."""
    found = _rows(browser, site_url + page, PHONE)
    apart = [s for s in found["separators"] if _apart(s)]
    assert not apart, apart
    assert found["scroll"] <= PHONE, found["scroll"]


@pytest.mark.parametrize("page", ("qm/QM-08/", "qm/QM-04/"))
def test_a_desktop_keeps_the_separators_between_its_links(site_url: str, browser: Any, page: str) -> None:
    """At 1280 px the download line and the acknowledgement line still read "… · …", each gap shown and on the line
    of what it follows (a long line may end after a gap, as after a comma)."""
    found = _rows(browser, site_url + page, 1280)
    assert len(found["separators"]) >= 2, found
    assert all(s["prev"] is not None and abs(s["prev"] - s["self"]) <= 6 for s in found["separators"]), found


# Which copy the download line's links give, "(QM-08 A/1)": the tops of the lines its characters stand on.
_WHICH = r"""() => [...document.querySelectorAll('.md-content .qms-download')].map(row => {
  const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT), tops = new Set();
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.search(/\([A-Z0-9-]+ [A-Z0-9./]+\)/);
    if (at < 0) continue;
    const end = node.data.indexOf(')', at) + 1;
    for (let i = at; i < end; i++) { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
      const box = r.getBoundingClientRect(); if (box.width) tops.add(Math.round(box.top)); }
    text = node.data.slice(at, end);
  }
  return [text, tops.size]; })"""


@pytest.mark.parametrize("width", (1280, 1024, 768, PHONE))
def test_which_copy_reads_in_one_piece(site_url: str, browser: Any, width: int) -> None:
    """"(QM-08 A/1)" after the withdrawn document's two long links broke as "(QM-08" above "A/1)"."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    shown = []
    for page in ("qm/QM-08/", "qm/QM-04/", "forms/QM-04-F01/", "qm/"):
        tab.goto(site_url + page)
        shown += tab.evaluate(_WHICH)
    context.close()
    assert shown and all(text for text, _ in shown), shown
    assert all(lines == 1 for _, lines in shown), shown
