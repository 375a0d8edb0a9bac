"""Real-browser test: Debian's Chromium driven by Playwright over the built site on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sitecrawl import served

from qmsdoc.core.codes import natural_key

from conftest import copy_project
from sitebuild import mkdocs_build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped manuals built by plain `mkdocs build --strict` (one build per test module)."""
    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    result = mkdocs_build(project.root)
    assert result.returncode == 0, result.stderr[-2000:]
    return project.root / "build" / "site"


@pytest.fixture(scope="module")
def site_url(site_dir: Path) -> Iterator[str]:
    with served(site_dir) as url:
        yield url


@pytest.fixture
def tab(browser: object) -> Iterator[object]:
    page = browser.new_page(viewport={"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    yield page
    page.close()


def test_search_in_chinese_reaches_the_resignation_procedure(site_url: str, tab: object, artifacts: Path) -> None:
    tab.goto(site_url)  # type: ignore[attr-defined]
    tab.click("label.md-search__icon, .md-search__input")  # type: ignore[attr-defined]
    tab.fill("input.md-search__input", "离职")  # type: ignore[attr-defined]
    # Material searches on keyup; an IME commits Chinese text with a key event, fill() sends none.
    tab.keyboard.press("End")  # type: ignore[attr-defined]
    result = tab.locator(".md-search-result__item a", has_text="员工离职管理工作规程").first  # type: ignore[attr-defined]
    result.wait_for(timeout=15000)
    tab.screenshot(path=str(artifacts / "site-search.png"))  # type: ignore[attr-defined]
    result.click()
    tab.wait_for_url("**/qp-hr/QP-02-03/**")  # type: ignore[attr-defined]
    assert tab.locator("h1.qms-title").inner_text() == "员工离职管理工作规程"  # type: ignore[attr-defined]
    # search.highlight: the page the result opened marks the word searched for
    marks = tab.locator("article mark[data-md-highlight]").all_inner_texts()  # type: ignore[attr-defined]
    assert marks and set(marks) == {"离职"}


def test_follow_a_reference_link(site_url: str, tab: object, artifacts: Path) -> None:
    tab.goto(site_url + "qp-hr/QP-02-03/")  # type: ignore[attr-defined]
    assert tab.locator(".qms-control .qms-id").inner_text() == "QP-02-03"  # type: ignore[attr-defined]
    tab.screenshot(path=str(artifacts / "site-document.png"), full_page=True)  # type: ignore[attr-defined]
    tab.locator('.qms-body a.qms-ref[data-ref="QP-02-01"]').first.click()  # type: ignore[attr-defined]
    tab.wait_for_url("**/qp-hr/QP-02-01/")  # type: ignore[attr-defined]
    assert tab.locator("h1.qms-title").inner_text() == "招聘与录用管理工作规程"  # type: ignore[attr-defined]
    tab.locator('.qms-body a.qms-ref[data-ref="QP-02-01-F001"]').first.click()  # type: ignore[attr-defined]
    tab.wait_for_url("**/forms/QP-02-01-F001/")  # type: ignore[attr-defined]
    assert "人员需求表" in tab.locator("h1.qms-title").inner_text()  # type: ignore[attr-defined]


def test_a_control_blocks_values_stand_clear_of_their_labels(site_url: str, tab: object) -> None:
    # Material pads only tables without a class: each value touched its shaded label (文件编号|QP-02-03).
    tab.goto(site_url + "qp-hr/QP-02-03/")  # type: ignore[attr-defined]
    gaps = tab.evaluate("""() => [...document.querySelectorAll('.qms-control tr')].flatMap(row => {
        const label = row.querySelector('th'), value = row.querySelector('td');
        const range = document.createRange(); range.selectNodeContents(value);
        const text = range.getBoundingClientRect();
        return text.width ? [text.left - label.getBoundingClientRect().right] : [];
    })""")  # type: ignore[attr-defined]
    assert gaps and min(gaps) >= 6, gaps


def test_register_filters_and_sorts(site_url: str, tab: object, artifacts: Path) -> None:
    tab.goto(site_url + "register/")  # type: ignore[attr-defined]
    rows = tab.locator("#qms-register tbody tr")  # type: ignore[attr-defined]
    total = rows.count()
    assert total >= 12
    tab.fill("#qms-register-filter", "离职")  # type: ignore[attr-defined]
    visible = tab.locator("#qms-register tbody tr:not([hidden])")  # type: ignore[attr-defined]
    texts = visible.all_inner_texts()
    assert 0 < len(texts) < total and all("离职" in t for t in texts)
    assert tab.locator("#qms-register-count").inner_text() == f"显示 {len(texts)} / {total}"  # type: ignore[attr-defined]
    tab.screenshot(path=str(artifacts / "site-register.png"), full_page=True)  # type: ignore[attr-defined]
    tab.fill("#qms-register-filter", "")  # type: ignore[attr-defined]
    header = tab.locator("#qms-register th[data-col='0']")  # type: ignore[attr-defined]
    header.click()
    ids = tab.locator("#qms-register tbody tr td:first-child").all_inner_texts()  # type: ignore[attr-defined]
    assert len(ids) == total and ids == sorted(ids, key=natural_key)
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert tab.locator("#qms-register tbody tr td:first-child").all_inner_texts() == ids[::-1]  # type: ignore[attr-defined]


def test_search_results_are_reached_with_the_keyboard(site_url: str, tab: object) -> None:
    """As in Material: `/` opens the search, the arrow keys walk the results, Enter opens one, Escape closes."""
    tab.goto(site_url)  # type: ignore[attr-defined]
    tab.keyboard.press("/")  # type: ignore[attr-defined]
    tab.keyboard.type("投诉")  # type: ignore[attr-defined]
    tab.locator(".md-search-result__item").first.wait_for(timeout=15000)  # type: ignore[attr-defined]
    tab.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
    first = tab.locator(".md-search-result__link").first  # type: ignore[attr-defined]
    assert first.evaluate("link => link === document.activeElement")
    target = (first.get_attribute("href") or "").split("?")[0]
    tab.keyboard.press("Enter")  # type: ignore[attr-defined]
    tab.wait_for_url(target + "**")  # type: ignore[attr-defined]
    assert not tab.evaluate("document.getElementById('__search').checked")  # type: ignore[attr-defined]
    tab.keyboard.press("s")  # type: ignore[attr-defined]
    assert tab.evaluate("document.getElementById('__search').checked")  # type: ignore[attr-defined]
    tab.keyboard.press("Escape")  # type: ignore[attr-defined]
    assert not tab.evaluate("document.getElementById('__search').checked")  # type: ignore[attr-defined]


def test_a_nested_ordered_list_is_numbered_as_in_the_copies(site_url: str, tab: object) -> None:
    """Word and PDF number every level 1, 2, 3 as written; the page must not say a, b or i, ii instead."""
    tab.goto(site_url + "qp-hr/QP-02-03/")  # type: ignore[attr-defined]
    styles = tab.evaluate("""() => {
        const holder = document.querySelector('.md-content .md-typeset');
        holder.insertAdjacentHTML('beforeend', '<ol><li>a<ol><li>b<ol><li>c</li></ol></li></ol></li></ol>');
        return [...holder.querySelectorAll('ol')].slice(-3).map(ol => getComputedStyle(ol).listStyleType);
    }""")  # type: ignore[attr-defined]
    assert styles == ["decimal", "decimal", "decimal"], styles


def test_an_ordered_task_list_is_numbered_as_in_the_copies(site_url: str, tab: object) -> None:
    """Word and PDF print `1. [ ] step` as 1. ☐ step: the page shows the number too, its box after it, not over it;
    a bulleted task list's box stays its marker."""
    tab.goto(site_url + "qp-hr/QP-02-03/")  # type: ignore[attr-defined]
    shown = tab.evaluate("""() => {
        const holder = document.querySelector('.md-content .md-typeset');
        holder.insertAdjacentHTML('beforeend', '<ol class="task-list" id="t-ol"><li class="task-list-item">'
            + '<input type="checkbox" disabled> one</li></ol><ol><li>a<ol class="task-list"><li class="task-list-item">'
            + '<input type="checkbox" disabled> two</li></ol></li></ol><ul class="task-list" id="t-ul">'
            + '<li class="task-list-item"><input type="checkbox" disabled> three</li></ul>');
        const item = s => document.querySelector(s + ' > li');
        const box = s => item(s).querySelector('input');
        return {
            ol: getComputedStyle(item('#t-ol')).listStyleType,
            nested: getComputedStyle(item('ol > li > ol.task-list')).listStyleType,
            ul: getComputedStyle(item('#t-ul')).listStyleType,
            olBoxInside: box('#t-ol').getBoundingClientRect().left >= item('#t-ol').getBoundingClientRect().left,
            ulBox: getComputedStyle(box('#t-ul')).position,
        };
    }""")  # type: ignore[attr-defined]
    assert shown == {"ol": "decimal", "nested": "decimal", "ul": "none", "olBoxInside": True,
                     "ulBox": "absolute"}, shown


@pytest.fixture
def phone(browser: object) -> Iterator[object]:
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    yield page
    page.close()


# Each blank form's label/blank pairs as laid out: the widths of the label, of its blank and of the row.
_PAIRS = """() => [...document.querySelectorAll('table.qms-fields tr')].flatMap(tr => {
  const row = tr.getBoundingClientRect().width;
  return [...tr.querySelectorAll('th')].map(th => {
    const blank = th.nextElementSibling;
    return {label: th.textContent, row, th: th.getBoundingClientRect().width,
            td: blank ? blank.getBoundingClientRect().width : 0};
  });
})"""


def test_a_blank_form_leaves_room_to_write_on_a_phone(site_url: str, phone: object, artifacts: Path) -> None:
    """One label/blank pair a line on a phone: the label took its share of a pair on paper, which for a long
    label (人员需求表's 任职要求（学历、经验、技能）) was 2/3 of the line, leaving a third of a phone to write in."""
    phone.goto(site_url + "forms/")  # type: ignore[attr-defined]
    forms = phone.eval_on_selector_all(  # type: ignore[attr-defined]
        "table.qms-list td:first-child a", "links => [...new Set(links.map(a => a.href))]")
    assert len(forms) >= 20
    narrow = []
    for url in forms:
        phone.goto(url)  # type: ignore[attr-defined]
        pairs = phone.evaluate(_PAIRS)  # type: ignore[attr-defined]
        assert pairs, url
        narrow += [f"{url} {p['label']}: label {p['th']:.0f}px, blank {p['td']:.0f}px of {p['row']:.0f}px"
                   for p in pairs if p["th"] > 0.42 * p["row"] or p["td"] < 0.55 * p["row"]]
    phone.goto(site_url + "forms/QP-02-01-F001/")  # type: ignore[attr-defined]
    phone.screenshot(path=str(artifacts / "phone-blank-form.png"), full_page=True)  # type: ignore[attr-defined]
    assert not narrow, "\n".join(narrow[:10])


def test_a_redline_table_scrolls_in_its_box_not_the_page_on_a_phone(site_url: str, phone: object) -> None:
    """A screen reader's words for a change (［新增开始］…) are laid out of sight, 1 px each: placed by the page
    instead of by their mark, those of a wide table's cells scrolled out of view stood beyond the table's scroll box
    and made the whole page pan sideways on a phone."""
    from qmsdoc.core.compare import blocks, compare
    from qmsdoc.site.redline import redline_body

    def table(row: str) -> str:
        return ("<table><thead><tr>" + "".join(f"<th>第{i}列标题</th>" for i in range(8)) + "</tr></thead><tbody>"
                + row + "</tbody></table>")
    wide = "<tr>" + "".join(f"<td>新增的内容{i}号</td>" for i in range(8)) + "</tr>"
    comparison = compare(blocks("<p>前言。</p>" + table("")), blocks("<p>前言。</p>" + table(wide)),
                         old_label="A/1", new_label="A/2")
    phone.goto(site_url + "history/QP-02-04/")  # type: ignore[attr-defined]
    width = phone.evaluate("""(markup) => {
        document.querySelector('article.md-typeset').insertAdjacentHTML('beforeend', markup);
        return [document.documentElement.scrollWidth, document.documentElement.clientWidth];
    }""", redline_body(comparison))  # type: ignore[attr-defined]
    inserted = phone.locator(".qms-redline ins").last  # type: ignore[attr-defined]
    assert inserted.evaluate("i => i.getBoundingClientRect().right") > width[1]  # the table is wider than a phone
    assert width[0] <= width[1], f"the page is {width[0]}px wide on a {width[1]}px phone"


def test_a_record_table_heading_breaks_between_words_on_a_phone(site_url: str, phone: object) -> None:
    """The repeating rows of a blank form scroll inside the sheet on a phone, so a heading need not break inside a
    word: an English form's "Nonconformity or observation" read "Nonconfor" over "mity"."""
    phone.goto(site_url + "forms/DY_AQ-QR-002/")  # type: ignore[attr-defined]
    split = phone.evaluate("""() => {
        const heads = [...document.querySelectorAll('table.qms-blank-rows th')];
        const words = ['Nonconformity or observation', 'Corrective action requested', 'Responsibility',
                       'Acknowledgement signature', 'Identification', 'Documentation', 'Verification', 'Remarks'];
        heads.forEach((th, i) => {
            th.innerHTML = words[i % words.length].split(' ').map(w => `<span>${w}</span>`).join(' ');
        });
        return [heads.length, [...document.querySelectorAll('table.qms-blank-rows th span')]
            .filter(word => word.getClientRects().length > 1).map(word => word.textContent)];
    }""")  # type: ignore[attr-defined]
    assert split[0] >= 6, split
    assert not split[1], f"words broken across lines: {split[1]}"
