"""A row of links (pages.py `link_row`: a page's download line, the acknowledgement line, a listing's copies) as a
reader of the English site sees it in Chromium: on a 390 px phone, where each link is a 24 px target, the gap " · "
never stands at a line's end or on a line of its own — a withdrawn document's page read "(QM-08 A/1) ·" above
"Version history and changes" — and on a desktop the row keeps its gaps between the links on one line. Which copy
the links give, "(QM-08 A/1)", reads in one piece: a desktop line broke it as "(QM-08" above "A/1)". And every
kind of English page fits the phone with its links 24 px targets, as the Chinese ones do (test_page_types_on_a_phone):
in the Latin fonts a link alone in a list item, a paragraph or a banner was 19 px high."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitecrawl import served
from test_english import _copy
from test_page_types_on_a_phone import _CONTENT, _MEASURE

from conftest import commit, run_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = 390
# A withdrawn document, a document to acknowledge, a form, a manual's contents and the forms index (copies in cells).
PAGES = ("qm/QM-08/", "qm/QM-04/", "forms/QM-04-F01/", "qm/", "forms/")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The English example built whole (its pages offer Word and PDF copies), QM-04 to be read by two departments,
    one of them done, and QM-05 revised and released as A/1 (a version history, an earlier version's page)."""
    root = _copy(tmp_path_factory.mktemp("link-rows"), committed=True)
    page = root / "manuals" / "qm" / "QM-04.md"
    page.write_text(page.read_text("utf-8").replace(
        "\nreview_months:", "\nacknowledge: [Quality Department, Operations]\nreview_months:", 1), "utf-8")
    commit(root, "QM-04 to be acknowledged")
    # on the day the tests run: a reading is due from the day its assignment was committed
    done = run_cli("acknowledge", "QM-04", "--by", "Tom Reed", "--department", "Quality Department", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert run_cli("revise", "QM-05", "--by", "Quality Manager", cwd=root).returncode == 0
    draft = root / "revisions" / "manuals" / "qm" / "QM-05.md"
    draft.write_text(draft.read_text("utf-8") + "\nCustomer complaints are handled the same way.\n", "utf-8")
    released = run_cli("release", "QM-05", "--by", "Managing Director", "--reviewed-by", "Operations Director",
                       "--change", "Complaints included", cwd=root)
    assert released.returncode == 0, released.stdout + released.stderr
    commit(root, "Tom Reed read QM-04; QM-05 A/1")
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


# Every kind of page staff open, in English (the register, the acknowledgements, the recall and obsolete lists …).
ENGLISH_PAGES = {"home": "", "procedure": "qm/QM-04/", "form": "forms/QM-04-F01/", "manual index": "qm/",
                 "forms index": "forms/", "register": "register/", "version history and redline": "history/QM-05/",
                 "old version": "history/QM-05/A-0/", "acknowledgements": "acknowledgements/", "recall list": "recall/",
                 "obsolete list": "obsolete/", "withdrawn document": "qm/QM-08/", "review": "review/",
                 "not found": "404.html"}


@pytest.fixture(scope="module")
def on_the_phone(site_url: str, browser: Any) -> dict[str, dict[str, Any]]:
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, is_mobile=True, device_scale_factor=2)
    tab = context.new_page()
    measured = {}
    for kind, uri in ENGLISH_PAGES.items():
        tab.goto(site_url + uri)
        measured[kind] = tab.evaluate(_MEASURE, _CONTENT)
    context.close()
    return measured


@pytest.mark.parametrize("kind", ENGLISH_PAGES)
def test_every_english_page_fits_the_phone(on_the_phone: dict[str, dict[str, Any]], kind: str) -> None:
    shown = on_the_phone[kind]
    assert shown["scroll"] <= PHONE and shown["width"] == PHONE, shown


@pytest.mark.parametrize("kind", ENGLISH_PAGES)
def test_every_english_link_standing_alone_is_a_24_px_target(on_the_phone: dict[str, dict[str, Any]],
                                                             kind: str) -> None:
    """A procedure's records and a form's documents (a link alone in a list item), the version history's way back
    to the version in force (alone in a paragraph) and an earlier version's banner link were 19 px high."""
    assert on_the_phone[kind]["targets"] or kind in ("recall list", "review"), on_the_phone[kind]
    assert not on_the_phone[kind]["small"], on_the_phone[kind]["small"]


# Each link of the acknowledgement line under QM-04's control block: its text and the lines that text takes.
_ACK_LINKS = """() => [...document.querySelectorAll('.qms-ack-line a')].map(a => {
  const range = document.createRange(); range.selectNodeContents(a);
  return [a.textContent, new Set([...range.getClientRects()].map(r => Math.round(r.top))).size]; })"""


@pytest.mark.parametrize("width", (1280, 1024, 768, PHONE))
def test_each_link_of_the_english_acknowledgement_line_reads_as_one_piece(site_url: str, browser: Any,
                                                                          width: int) -> None:
    """At 1280 px the line broke its link "By department" as "By" at one line's end and "department" on the next:
    as in Chinese (test_page_types_on_a_phone), a label of the line is one piece."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(site_url + "qm/QM-04/")
    links = tab.evaluate(_ACK_LINKS)
    context.close()
    assert [text for text, _ in links] == ["By department", "Sign-in sheet"], links
    assert all(lines == 1 for _, lines in links), links
