"""Every kind of page as a staff reader holds it on a 390 px phone, in real Chromium over a real build: the page never
pans sideways, a link standing alone is a touch target at least 24 px high (WCAG 2.5.8), no text is set below
12 px and text stands at least 4.5:1 from its ground (WCAG 1.4.3). On a 1280 px desktop the page keeps its look.

The site: the shipped manuals with QP-02-01 revised (a paragraph moved, so its redline has move badges that are
links) and released as A/1 for two departments to acknowledge, one of them done, and copies of QP-02-02 issued."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import commit, committed_project, run_cli, today_is
from sitebuild import served_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TODAY = "2026-12-06"
PHONE = 390

# One page of each kind staff open (the register is 受控文件清单, acknowledgements 学习确认).
PAGES = {"home": "", "procedure": "qp-hr/QP-02-01/", "work instruction": "lywg/LYWG-002/",
         "job description": "xzbz/XZBZ-03-01/", "form": "forms/QP-02-01-F001/", "manual index": "qp-hr/",
         "register": "register/", "version history and redline": "history/QP-02-01/",
         "old version": "history/QP-02-01/A-0/", "acknowledgements": "acknowledgements/", "recall list": "recall/",
         "obsolete list": "obsolete/", "withdrawn document": "qp-hr/QP-02-04/", "review": "review/",
         "not found": "404.html"}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = committed_project(tmp_path_factory.mktemp("page-types"))
    with today_is(TODAY):
        assert run_cli("revise", "QP-02-01", "--by", "质量专员", cwd=root).returncode == 0
        draft = root / "revisions/manuals/qp-hr/QP-02-01.md"
        moved = "行政人事部统一组织笔试，确定参加面试人员。\n\n"  # 4.1.5 comes before 4.1.4, the two renumbered
        text = draft.read_text("utf-8")
        assert "4.1.5 " + moved in text
        text = text.replace("4.1.5 " + moved, "").replace("4.1.4 ", "4.1.4 " + moved + "4.1.5 ", 1)
        text = text.replace("review_months: 24\n", "review_months: 24\nacknowledge: [行政人事部, 客服部]\n", 1)
        draft.write_text(text, "utf-8")
        released = run_cli("release", "QP-02-01", "--by", "总经理", "--reviewed-by", "行政人事部经理",
                           "--change", "笔试安排在收集求职申请表之前", cwd=root)
        assert released.returncode == 0, released.stdout + released.stderr
        commit(root, "QP-02-01 A/1")
        for words in (("acknowledge", "QP-02-01", "--by", "张三", "--department", "行政人事部"),
                      ("issue", "QP-02-02", "--to", "客服部", "--copies", "2")):
            done = run_cli(*words, cwd=root)
            assert done.returncode == 0, done.stdout + done.stderr
        commit(root, "read and issued")
    with served_site(root, TODAY) as url:
        yield url


# What a reader meets on the page as laid out. A link in the running text of a document's body (its parent has text
# of its own) is exempt from the target size (WCAG 2.5.8's inline exception); every other link or button in the
# content is a target. Contrast blends the text's colour, faded by its own and its ancestors' opacity, onto the first
# opaque ground behind it; large text (24 px, or 18.66 px bold) needs 3:1.
_MEASURE = """(selector) => {
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const ownText = e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const name = e => `${e.tagName.toLowerCase()}.${e.className} «${e.textContent.trim().slice(0, 16)}»`;
  const inline = a => a.closest('.qms-body') && ownText(a.parentElement);
  const targets = [...document.querySelectorAll(selector)].filter(a => shown(a) && !inline(a));
  const small = targets.map(a => [name(a), Math.round(a.getBoundingClientRect().height * 10) / 10])
    .filter(([, height]) => height < 24);
  const texts = [...document.querySelectorAll('body *')].filter(e => shown(e) && ownText(e));
  const tiny = texts.map(e => [name(e), parseFloat(getComputedStyle(e).fontSize)]).filter(([, size]) => size < 12);
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const ground = e => { for (let x = e; x; x = x.parentElement) { const c = rgb(getComputedStyle(x).backgroundColor);
    if (c.length === 3 || c[3] > 0.5) return c; } return [255, 255, 255]; };
  const lum = c => c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const faint = [...document.querySelectorAll('.md-content *')].filter(e => shown(e) && ownText(e)).map(e => {
    const style = getComputedStyle(e), colour = rgb(style.color), back = ground(e);
    let alpha = colour.length > 3 ? colour[3] : 1;
    for (let x = e; x; x = x.parentElement) alpha *= parseFloat(getComputedStyle(x).opacity);
    const fore = colour.slice(0, 3).map((v, i) => v * alpha + back[i] * (1 - alpha));
    const [hi, lo] = [lum(fore), lum(back)].sort((p, q) => q - p);
    const size = parseFloat(style.fontSize), large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight) >= 700);
    return [name(e), Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100, large ? 3 : 4.5];
  }).filter(([, ratio, least]) => ratio < least);
  return {scroll: document.documentElement.scrollWidth, width: innerWidth, small, tiny, faint,
          targets: targets.length};
}"""
_CONTENT = ".md-content a[href], .md-content button"


def _phone(browser: Any) -> Any:
    """A tab laid out as a 390 px phone with its touch screen (a page wider than the window widens the layout, as
    a phone's browser zooms out to show it)."""
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, is_mobile=True, device_scale_factor=2)
    return context.new_page()


@pytest.fixture(scope="module")
def on_the_phone(site_url: str, browser: Any) -> dict[str, dict[str, Any]]:
    tab = _phone(browser)
    measured = {}
    for kind, uri in PAGES.items():
        tab.goto(site_url + uri)
        measured[kind] = tab.evaluate(_MEASURE, _CONTENT)
    tab.context.close()
    return measured


@pytest.mark.parametrize("kind", PAGES)
def test_the_page_fits_the_phone(on_the_phone: dict[str, dict[str, Any]], kind: str) -> None:
    """Nothing pans the whole page sideways: a table wider than the phone scrolls inside its own box."""
    shown = on_the_phone[kind]
    assert shown["scroll"] <= PHONE and shown["width"] == PHONE, shown


@pytest.mark.parametrize("kind", PAGES)
def test_every_link_standing_alone_is_a_24_px_target(on_the_phone: dict[str, dict[str, Any]], kind: str) -> None:
    """A form's control block named its procedure in a link 21 px high, a document's own table its forms in 19 px,
    the acknowledgement line its two links in 21 px."""
    assert not on_the_phone[kind]["small"], on_the_phone[kind]["small"]


def test_the_audit_measures_links_on_every_page_that_has_them(on_the_phone: dict[str, dict[str, Any]]) -> None:
    """The target test is not quiet for want of targets: the pages with a control block, a download line, a listing
    of links or the acknowledgement line were measured with their links."""
    linked = ("procedure", "work instruction", "job description", "form", "manual index", "register",
              "version history and redline", "old version", "acknowledgements", "obsolete list")
    empty = [kind for kind in linked if not on_the_phone[kind]["targets"]]
    assert not empty, empty


@pytest.mark.parametrize("kind", PAGES)
def test_no_text_is_set_below_12_px(on_the_phone: dict[str, dict[str, Any]], kind: str) -> None:
    """A reference's version in a listing read 10.2 px, its number 11.6 px, a date under a signature 10.9 px."""
    assert not on_the_phone[kind]["tiny"], on_the_phone[kind]["tiny"]


@pytest.mark.parametrize("kind", PAGES)
def test_text_stands_at_least_4_5_to_1_from_its_ground(on_the_phone: dict[str, dict[str, Any]], kind: str) -> None:
    """The acknowledgements' link to a version's changes, faded as Material fades <small>, read 3.9:1."""
    assert not on_the_phone[kind]["faint"], on_the_phone[kind]["faint"]


def test_a_redline_move_badge_is_a_target(site_url: str, browser: Any) -> None:
    """The redline's badge linking a moved paragraph to where it went is a target like any other link."""
    tab = _phone(browser)
    tab.goto(site_url + PAGES["version history and redline"])
    heights = tab.eval_on_selector_all(".qms-rl-badge a", "links => links.map(a => a.getBoundingClientRect().height)")
    tab.context.close()
    assert heights and min(heights) >= 24, heights


def test_search_results_fit_the_phone(site_url: str, browser: Any) -> None:
    """Material's search grows a circle to 45 times its size to cover the page: laid out it was some 1,200 px wide,
    the phone widened the page to it and the results and the close button were cut off on the right."""
    tab = _phone(browser)
    tab.goto(site_url)
    tab.evaluate("document.getElementById('__search').checked = true")
    tab.fill("input.md-search__input", "离职")
    tab.locator(".md-search-result__item").first.wait_for(timeout=15000)
    tab.wait_for_timeout(500)  # the cover's transition
    shown = tab.evaluate(_MEASURE, ".md-search-result a")
    close = tab.locator(".md-search__options button[type=reset]").bounding_box()
    tab.context.close()
    assert shown["scroll"] <= PHONE and shown["width"] == PHONE, shown
    assert close is not None and close["x"] + close["width"] <= PHONE, close
    assert shown["targets"] and not shown["small"], shown


# A desktop keeps its look: a control block's link, the acknowledgement line's and a body paragraph's reference
# are inline text; a reference in running text on a phone is too; small print under a signature stays faded.
_LOOK = """() => ({
  control: getComputedStyle(document.querySelector('table.qms-control a, .qms-ack-line a')).display,
  body: getComputedStyle(document.querySelector('.qms-body p a.qms-ref')).display,
  signed: getComputedStyle(document.querySelector('table.qms-signoff small')).opacity,
  text: getComputedStyle(document.querySelector('.qms-body p')).fontSize,
  scroll: document.documentElement.scrollWidth})"""


def test_a_desktop_keeps_its_inline_links_and_faded_small_print(site_url: str, browser: Any) -> None:
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.goto(site_url + PAGES["procedure"])
    look = tab.evaluate(_LOOK)
    tab.close()
    assert look == {"control": "inline", "body": "inline", "signed": "0.75", "text": "16px", "scroll": 1280}, look


def test_a_reference_in_running_text_stays_inline_on_the_phone(site_url: str, browser: Any) -> None:
    tab = _phone(browser)
    tab.goto(site_url + PAGES["procedure"])
    look = tab.evaluate(_LOOK)
    tab.context.close()
    assert look["body"] == "inline" and look["signed"] == "0.75" and look["control"] == "inline-block", look


# Each link of the acknowledgement line under a document's control block: its text and the lines that text takes.
_ACK_LINKS = """() => [...document.querySelectorAll('.qms-ack-line a')].map(a => {
  const range = document.createRange(); range.selectNodeContents(a);
  return [a.textContent, new Set([...range.getClientRects()].map(r => Math.round(r.top))).size]; })"""


@pytest.mark.parametrize("width", (1280, PHONE))
def test_each_link_of_the_acknowledgement_line_reads_as_one_word(site_url: str, browser: Any, width: int) -> None:
    """At 1280 px the line broke its link to the change as 本 at one line's end and 次修订对照 on the next."""
    tab = browser.new_page(viewport={"width": width, "height": 900})
    tab.goto(site_url + PAGES["procedure"])
    links = tab.evaluate(_ACK_LINKS)
    line = tab.evaluate("document.querySelector('.qms-ack-line').getClientRects()[0].height")
    tab.close()
    assert [text for text, _ in links] == ["本次修订对照", "各部门确认情况"], links
    assert all(lines == 1 for _, lines in links), links
    assert line > 40, line  # the line as a whole still wraps in its column
