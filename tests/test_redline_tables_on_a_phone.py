"""A revised table as staff read it on a 390 px phone and an auditor on a 1280 px desktop, in a real Chromium over a
real build (Material's script has wrapped each table, as it does for a reader): QP-02-01 revised with a paragraph
moved, its table's cells changed and a row added, retitled at length, three departments to acknowledge it,
released and committed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import commit, committed_project, run_cli
from sitebuild import served_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SOURCE = "revisions/manuals/qp-hr/QP-02-01.md"
REDLINE, PAGE = "history/QP-02-01/", "qp-hr/QP-02-01/"
LONG_TITLE = "人员招聘、面试与录用管理工作规程（含试用期转正审批及劳务派遣人员）"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = committed_project(tmp_path_factory.mktemp("rltables"))
    assert run_cli("revise", "QP-02-01", "--by", "质量专员", cwd=root).returncode == 0
    draft = root / SOURCE
    text = draft.read_text("utf-8")
    for old, new in (("title: 招聘与录用管理工作规程", "title: " + LONG_TITLE),
                     ("review_months: 24\n", "review_months: 24\nacknowledge: [行政人事部, 管家服务中心, 客服部]\n"),
                     ("4.3.1 应聘人员", "4.3.2 应聘人员"), ("4.3.2 与其他", "4.3.3 与其他"),
                     ("4.3.3 员工原则上不得二次录用。\n", "4.3.1 员工原则上不得二次录用。\n"),
                     ("| 交验原件 |\n| 3", "| 交验原件并由行政人事部留存 |\n| 3"),
                     ("市级以上医院出具，含内外科常规检查、心电图、乙肝三系统 |",
                      "二级甲等以上医院出具，含内外科常规检查、心电图、胸部X光、乙肝五项及肝功能检查 |\n"
                      "| 5 | 无犯罪记录证明 | 户籍所在地派出所出具 |")):
        assert old in text, old
        text = text.replace(old, new, 1)
    moved = "4.3.1 员工原则上不得二次录用。\n\n"  # the last rule of 4.3 becomes its first
    text = text.replace(moved, "").replace("4.3.2 应聘人员", moved + "4.3.2 应聘人员", 1)
    draft.write_text(text, "utf-8")
    released = run_cli("release", "QP-02-01", "--by", "总经理", "--reviewed-by", "行政人事部经理",
                       "--change", "调整笔试顺序；必备资料增加无犯罪记录证明；标题改为人员招聘、面试与录用管理工作规程",
                       cwd=root)
    assert released.returncode == 0, released.stdout + released.stderr
    commit(root, "QP-02-01 A/1")
    assert run_cli("acknowledge", "QP-02-01", "--by", "张三", "--department", "行政人事部", cwd=root).returncode == 0
    commit(root, "张三 read QP-02-01 A/1")
    with served_site(root) as url:
        yield url


def _measured(browser: Any, url: str, width: int, script: str) -> Any:
    tab = browser.new_page(viewport={"width": width, "height": 900})
    try:
        tab.goto(url)
        return tab.evaluate(script)
    finally:
        tab.close()


# The document's table (on the redline page, the redline's), as laid out: its scroll box, its columns and how many
# lines each heading takes.
_TABLE = """() => {
  const table = document.querySelector('.qms-rl-table table') || document.querySelector('article table:not([class])');
  const box = table.closest('.qms-rl-table');
  const lines = (cell) => { const r = document.createRange(); r.selectNodeContents(cell);
    return new Set([...r.getClientRects()].map(rect => Math.round(rect.top))).size; };
  return {scroll: box ? box.scrollWidth - box.clientWidth : 0, table: table.getBoundingClientRect().width,
          columns: [...table.rows[0].cells].map(c => c.getBoundingClientRect().width),
          headings: Object.fromEntries([...table.rows[0].cells].map(c => [c.textContent, lines(c)]))};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_a_redlined_table_that_fits_does_not_pan_sideways(site_url: str, browser: Any, width: int) -> None:
    """Material wraps each table in a scroll box bled .8rem past the column: inside the redline's own box that
    was 16 px too wide, so the box panned (a scroll bar under every redlined table on a desktop)."""
    table = _measured(browser, site_url + REDLINE, width, _TABLE)
    assert table["scroll"] == 0, f"the redline's table box scrolls {table['scroll']}px at {width}px"


@pytest.mark.parametrize("uri", [PAGE, REDLINE])
def test_a_tables_text_column_has_the_phones_width_and_headings_stay_whole(site_url: str, browser: Any,
                                                                           uri: str) -> None:
    """序号 took 100 px of a 340 px table (Material's least width for every heading) and the 要求 beside it read
    five characters a line; given less, 序号 must still not stand as 序 over 号."""
    table = _measured(browser, site_url + uri, 390, _TABLE)
    number, *_, text = table["columns"]
    assert number < 60 and text > 0.5 * table["table"], table
    assert set(table["headings"].values()) == {1}, table["headings"]


def test_a_desktop_table_keeps_materials_columns(site_url: str, browser: Any) -> None:
    """Wider than a phone the document's table and its redline look as Material lays any table out."""
    page, redline = (_measured(browser, site_url + uri, 1280, _TABLE) for uri in (PAGE, REDLINE))
    assert page["columns"][0] == redline["columns"][0] == 100, (page, redline)
    assert set(page["headings"].values()) == set(redline["headings"].values()) == {1}


# Each moved paragraph's badge and what it could collide with: the lines of its own paragraph and the blocks
# around it.
_BADGES = """() => [...document.querySelectorAll('.qms-rl-moved .qms-rl-badge')].map(badge => {
  const b = badge.getBoundingClientRect(), p = badge.closest('p');
  const others = [p.previousElementSibling, p.nextElementSibling].filter(Boolean).map(e => e.getBoundingClientRect());
  const inside = (r) => b.left >= r.left - 1 && b.right <= r.right + 1
                        && b.top >= r.top - 1 && b.bottom <= r.bottom + 1;
  return {text: badge.textContent, inParagraph: inside(p.getBoundingClientRect()),
          overlaps: others.filter(r => r.top < b.bottom - 1 && b.top < r.bottom - 1).length,
          page: document.documentElement.scrollWidth - innerWidth};
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_a_moved_paragraphs_badges_sit_in_their_paragraph(site_url: str, browser: Any, width: int) -> None:
    badges = _measured(browser, site_url + REDLINE, width, _BADGES)
    assert sorted(b["text"] for b in badges) == ["已移至 4.3.1", "移自 4.3.3"], badges
    assert all(b["inParagraph"] and not b["overlaps"] and b["page"] == 0 for b in badges), badges


# Each row's department, the redline's label and the first person who read it in the 学习确认 table, with how many
# lines each takes.
_ACK_WORDS = """() => [...document.querySelectorAll('table.qms-acknowledgements tbody tr')].flatMap(row => {
  const lines = (node) => { const range = document.createRange(); range.selectNodeContents(node);
    return [node.textContent.trim(), new Set([...range.getClientRects()].map(r => Math.round(r.top))).size]; };
  const person = row.cells[5].firstChild;  // a text node or the name's own mark; "—" while nobody has read it
  return [lines(row.cells[3]), lines(row.cells[2].querySelector('a')), lines(person)];
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_an_acknowledgement_row_never_breaks_a_department_or_its_label(site_url: str, browser: Any,
                                                                       width: int) -> None:
    """An auditor's desktop gave the 版本 and 学习部门 columns what the long title left: 本次修订对照 read
    本次修 over 订对照 and 行政人事部 read 行政人事 over 部."""
    words = dict(_measured(browser, site_url + "acknowledgements/", width, _ACK_WORDS))
    assert set(words) == {"行政人事部", "管家服务中心", "客服部", "张三", "本次修订对照", "—"}, words
    assert set(words.values()) == {1}, words
    assert _measured(browser, site_url + "acknowledgements/", width,
                     "document.documentElement.scrollWidth - innerWidth") == 0


# Each short word (a name, a status, a link's label: up to 8 characters, no space) standing alone in a cell of
# qmsdoc's listings and revision histories that takes more than one line.
_BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('table.qms-list td, table.qms-history td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      if (!text || text.length > 8 || /\\s/.test(text) || node.parentElement.closest('small')) continue;
      const range = document.createRange(); range.selectNodeContents(node);
      if (new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1) broken.push(text);
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("uri", ["qp-hr/", PAGE, REDLINE])
def test_a_short_name_status_or_label_in_a_listing_is_never_broken(site_url: str, browser: Any, uri: str,
                                                                    width: int) -> None:
    """Beside a long title an auditor's desktop read the manual's contents' 现行有效 as 现行 over 有效, and the
    revision history's 质量专员, 现行版本 and 查看修订对照 as 质量专/员, 现行版/本, 查看修订/对照."""
    assert _measured(browser, site_url + uri, width, _BROKEN_WORDS) == []
