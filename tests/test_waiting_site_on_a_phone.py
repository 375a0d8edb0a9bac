"""The site as a staff reader sees it on a phone while a version is approved and waiting for its effective date:
the register's cards name each document in a title that reads across, not down, and a page in force today names
that document by the version staff work to today."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browsers import chromium

from conftest import commit, committed_project, release_later, run_cli, today_is
from sitebuild import served_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TODAY = "2026-12-06"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped manuals with QP-02-01 A/1 approved today to take effect on 2027-01-01 (its register status is the
    longest one: 已批准（2027-01-01 起生效；现行仍为 A/0）), a copy of its A/0 issued (to collect on that day) and a
    copy of QP-02-02 replaced for loss."""
    root = committed_project(tmp_path_factory.mktemp("phone-register"))
    with today_is(TODAY):
        release_later(root, "QP-02-01", "2027-01-01")
        for words in (("QP-02-01", "--to", "行政人事部", "--in-force"), ("QP-02-02", "--to", "客服部", "--copies", "2"),
                      ("QP-02-02", "--to", "客服部", "--replaces", "QP-02-02-A/2-002", "--reason", "遗失")):
            issued = run_cli("issue", *words, cwd=root)
            assert issued.returncode == 0, issued
    commit(root, "copies issued")
    with served_site(root, TODAY) as url:
        yield url


# Each register card: its number, how many lines its title takes, whether its status shares the number's line.
_CARDS = """() => [...document.querySelectorAll('table.qms-register tbody tr')].map(tr => {
  const [number, title, type] = tr.querySelectorAll('td');
  const status = tr.querySelector('.qms-status');
  const linesOf = cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  };
  const lines = linesOf(title), typeLines = linesOf(type);
  const [n, s] = [number.getBoundingClientRect(), status.getBoundingClientRect()];
  return {number: number.textContent.trim(), title: title.textContent, lines, type: type.textContent, typeLines,
          statusBesideNumber: s.top < n.bottom && s.bottom > n.top};
})"""


def evaluated(url: str, width: int, script: str) -> Any:
    """`script` evaluated on the page at `url` laid out `width` px wide (a phone below 500, as staff hold it, with
    its touch screen)."""
    with chromium() as browser:
        phone = width < 500
        context = browser.new_context(viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone,
                                      device_scale_factor=2 if phone else 1)
        page = context.new_page()
        page.goto(url)
        found = page.evaluate(script)
    return found


def _register(site_url: str, width: int) -> list[dict[str, Any]]:
    """The register's rows as laid out `width` px wide (a phone: 390, as staff read it)."""
    found: list[dict[str, Any]] = evaluated(site_url + "register/", width, _CARDS)
    return found


@pytest.fixture(scope="module")
def cards(site_url: str) -> list[dict[str, Any]]:
    return _register(site_url, 390)


def test_a_long_status_never_squeezes_the_title_to_a_column_of_single_characters(
        cards: list[dict[str, Any]]) -> None:
    """The waiting version's status pill took the card's first line and left its title one character wide: 招/聘/与/
    录/… read downwards over eleven lines. No register title takes more than three lines on a phone."""
    assert any(c["number"] == "QP-02-01" for c in cards)
    squeezed = [f"{c['number']} {c['title']}: {c['lines']} lines" for c in cards if c["lines"] > 3]
    assert not squeezed, squeezed


def test_a_short_status_stays_on_the_cards_first_line(cards: list[dict[str, Any]]) -> None:
    """现行有效 still fits beside number, title and version: only a status too long for that line moves below it."""
    in_force = [c for c in cards if c["number"] == "QP-02-02"]
    assert in_force and in_force[0]["statusBesideNumber"], in_force
    assert sum(c["statusBesideNumber"] for c in cards) >= len(cards) - 3


def test_an_auditors_desktop_register_gives_titles_the_width_a_long_status_took(site_url: str) -> None:
    """At 1280 px the waiting version's unwrapped status widened its column so far that every title wrapped
    (管家服务中心客户服务工作规程 in three lines) and every 岗位说明书 read 岗位说明/书."""
    rows = _register(site_url, 1280)
    assert any(r["number"] == "QP-02-01" for r in rows)
    squeezed = [f"{r['number']} {r['title']}: {r['lines']} lines" for r in rows if r["lines"] > 2]
    assert not squeezed, squeezed
    broken = [f"{r['number']} {r['type']}" for r in rows if r["typeLines"] > 1]
    assert not broken, broken


# Every control number or 分发号 in a cell (a word with a digit and a hyphen, alone in its element) and the lines its
# text takes (the text's own boxes: a link's box is not a line).
_SPLIT = r"""() => [...document.querySelectorAll('article td, article td a, article td span')]
  .filter(e => e.getClientRects().length && e.childNodes.length === 1 && e.firstChild.nodeType === Node.TEXT_NODE
               && !/\s/.test(e.textContent.trim()) && /\d-|-\d/.test(e.textContent))
  .map(e => { const r = document.createRange(); r.selectNodeContents(e.firstChild);
              return [e.textContent.trim(), new Set([...r.getClientRects()].map(x => Math.round(x.top))).size]; })
  .filter(([, lines]) => lines > 1)"""


@pytest.mark.parametrize("width", (1280, 1024, 390))
def test_the_recall_lists_numbers_are_never_broken_at_their_hyphens(site_url: str, width: int) -> None:
    """回收清单 on a desktop showed the 分发号 as "QP-02-01-A/0-" above "001" and the document as "QP-02-" above "01"
    in the table of copies to collect when the approved version takes effect."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(site_url + "recall/")
        shown = page.locator("article").inner_text()
        split = page.evaluate(_SPLIT)
    assert "QP-02-01-A/0-001" in shown and "QP-02-02-A/2-003" in shown, shown  # both tables are there
    assert not split, split


def _owner_cell(site_url: str, form: str) -> str:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{site_url}forms/{form}/")
        cell: str = page.locator("table.qms-control tr", has_text="归口文件").locator("td").first.inner_text()
        used: str = page.locator("ul.qms-backlinks").inner_text()
    return f"{cell} | {used}"


def test_a_form_in_force_names_its_owner_by_the_version_in_force_today(site_url: str) -> None:
    """人员需求表's page said its owner was QP-02-01 A/1 — approved, not in force until 2027-01-01, while staff fill in
    the form under A/0. It names A/0 and when A/1 takes effect, where it is owner and where it is a user."""
    shown = _owner_cell(site_url, "QP-02-01-F001")
    assert shown.count("QP-02-01 A/0（已批准的 A/1 2027-01-01 起生效）") == 2, shown
    assert "QP-02-01 A/1" not in shown.replace("的 A/1", ""), shown


def test_a_form_whose_owner_waits_for_nothing_names_its_version_plainly(site_url: str) -> None:
    shown = _owner_cell(site_url, "QP-02-02-F001")
    assert "QP-02-02 A/2" in shown and "起生效" not in shown, shown
