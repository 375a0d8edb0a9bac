"""qmsdoc's own colours in Material's light (`default`) and dark (`slate`) schemes, and under Windows' high-contrast
mode (forced colours), in a real Chromium at a desktop's and a phone's width: every status badge, banner,
acknowledgement state and redline mark is readable (WCAG AA, 4.5:1 against what is behind it), and in forced colours
(which drop every background) a badge is still a badge and an insertion still differs from a deletion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_browser import site_dir, site_url  # noqa: F401  (module-scoped: one build; Chromium: conftest.browser)

from qmsdoc.core.status import Status
from qmsdoc.core.training import CONFIRMED, OVERDUE, PENDING
from qmsdoc.site.pages import _status, banner

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (1280, 390)
SCHEMES = ("default", "slate")
AA = 4.5

# One of each of qmsdoc's coloured marks, written by the functions the pages use where there is one: the shipped
# manuals hold no draft, no acknowledgement and no missing reference, yet a reader's site may.
SPECIMEN = "".join([
    *(_status(status.value, status.value) for status in Status),
    _status("superseded", "superseded"),
    '<span class="qms-status qms-status-superseded">superseded by <a href="#">A/2</a></span>',  # history.py's
    *(banner(kind, kind, "text") for kind in ("obsolete", "draft", "review")),
    *(f'<span class="qms-ack qms-ack-{state}">{state}</span>' for state in (CONFIRMED, PENDING, OVERDUE)),
    '<p class="qms-ack-line">line</p><p class="qms-ack-line qms-ack-late">late</p>',
    '<span class="qms-overdue">overdue</span><span class="qms-ref qms-ref-missing">[[QP-99]]</span>',
    '<div class="qms-redline"><p>kept <ins>inserted</ins> <del>deleted</del> <span class="qms-rl-fmt">restyled</span>'
    ' <span class="qms-rl-badge">formatting</span></p></div>',
    '<p class="qms-rl-legend"><ins>inserted</ins> <del>deleted</del> <span class="qms-rl-badge">formatting</span></p>',
    '<div class="qms-rl-table"><table><tbody><tr class="qms-rl-insert"><td>row in</td></tr>',
    '<tr class="qms-rl-delete"><td>row out</td></tr></tbody></table></div>',
    '<div class="qms-diff"><table class="diff"><tbody><tr><td><span class="diff_add">added</span>',
    '<span class="diff_chg">changed</span><span class="diff_sub">removed</span></td></tr></tbody></table></div>',
])
MARKS = (".qms-status, .qms-banner, .qms-banner strong, .qms-banner a, .qms-banner .qms-ref-version, .qms-ack, "
         ".qms-overdue, .qms-ref-missing, .qms-redline ins, .qms-redline del, .qms-rl-legend ins, "
         ".qms-rl-legend del, tr.qms-rl-insert td, tr.qms-rl-delete td, .qms-diff span, .qms-ack-line, "
         ".qms-redline .qms-rl-fmt, .qms-rl-badge, .qms-status a")

# The colour behind an element, composited up to the first opaque background (the page's), and the ratio of two.
_COLOUR = """
  const parse = (value) => {
    const m = value.match(/^rgba?\\(([\\d.]+),\\s*([\\d.]+),\\s*([\\d.]+)(?:,\\s*([\\d.]+))?\\)$/);
    if (!m) throw new Error("unparsed colour " + value);
    return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
  };
  const over = (top, below) => [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3])).concat([1]);
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const behind = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255, 1]);
  };
  const ratio = (one, two) => {
    const [hi, lo] = [luminance(one), luminance(two)].sort((a, b) => b - a);
    return (hi + 0.05) / (lo + 0.05);
  };
"""

# Each mark's text colour over the colours behind it.
CONTRASTS = """(selector) => {""" + _COLOUR + """
  return [...document.querySelectorAll(selector)].map(el => {
    const bg = behind(el);
    const fg = over(parse(getComputedStyle(el).color), bg);
    return {mark: el.className || el.tagName.toLowerCase(), text: el.textContent.trim().slice(0, 30),
            ratio: ratio(fg, bg), dark_text: luminance(fg) < luminance(bg),
            fg: fg.slice(0, 3).map(Math.round), bg: bg.slice(0, 3).map(Math.round)};
  });
}"""


# Pages holding the marks as the shipped manuals do: a badge in force and an obsolete one (register), an obsolete
# document's banner, a redline (history of QP-02-04) and a blank form.
PAGES = ("register/", "qp-hr/QP-02-04/", "history/QP-02-04/", "forms/QP-02-01-F001/")


def _show(tab: Any, url: str, scheme: str, specimen: bool = True) -> None:
    """The page in `scheme`, as Material's palette (a `scheme:` of its own, a toggle or a system preference) sets
    it: the attribute on <body>. The specimen goes into the article, under Material's typeset styles."""
    tab.goto(url)
    tab.evaluate("""([scheme, specimen]) => {
        // as Material's own switch does: no transitions meanwhile, or a link is measured halfway between schemes
        document.body.setAttribute("data-md-color-switching", "");
        document.body.setAttribute("data-md-color-scheme", scheme);
        if (!specimen) return;
        const box = document.createElement("div");
        box.id = "qms-specimen";
        box.innerHTML = specimen;
        document.querySelector("article.md-typeset").append(box);
    }""", [scheme, SPECIMEN if specimen else ""])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_qmsdoc_mark_is_readable_in_either_scheme(site_url: str, browser: Any, artifacts: Path,  # noqa: F811
                                                        scheme: str, width: int) -> None:
    tab = browser.new_page(viewport={"width": width, "height": 900})
    failed: dict[str, None] = {}  # one line for each kind of mark on each page, however often it recurs
    seen = 0
    for page in PAGES:
        _show(tab, site_url + page, scheme, specimen=page == PAGES[0])
        for found in tab.evaluate(CONTRASTS, MARKS):
            seen += 1
            where = f"{page} {found['mark']} fg {found['fg']} on {found['bg']}"
            if found["ratio"] < AA:
                failed[f"{where}: {found['ratio']:.2f}:1"] = None
            # a dark page has no light boxes: each mark is lighter text on a darker ground, as the page is
            if scheme == "slate" and found["dark_text"]:
                failed[f"{where}: a light box on a dark page"] = None
        tab.screenshot(path=str(artifacts / f"scheme-{scheme}-{width}-{page.strip('/').replace('/', '-')}.png"),
                       full_page=True)
    tab.close()
    assert seen > len(PAGES) + 20
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("width", WIDTHS)
def test_forced_colours_keep_badges_and_redline_apart(site_url: str, browser: Any, width: int) -> None:  # noqa: F811
    """Windows high contrast replaces every colour with the system's few and drops backgrounds: an insertion is
    underlined and a deletion struck through, a badge or banner keeps a frame, an obsolete badge is struck."""
    tab = browser.new_page(viewport={"width": width, "height": 900})
    tab.emulate_media(forced_colors="active")
    _show(tab, site_url + "history/QP-02-04/", "default")
    style = """(selector) => [...document.querySelectorAll(selector)].map(el => {
        const s = getComputedStyle(el);
        return {line: s.textDecorationLine, border: s.borderTopStyle + " " + s.borderLeftStyle};
    })"""
    for selector, line in ((".qms-redline ins, .qms-rl-legend ins, .qms-diff .diff_add", "underline"),
                           (".qms-redline del, .qms-rl-legend del, .qms-diff .diff_sub", "line-through"),
                           (".qms-status-obsolete", "line-through")):
        found = tab.evaluate(style, selector)
        assert found and all(line in each["line"] for each in found), (selector, found)
    linked = tab.evaluate(style, "#qms-specimen .qms-status a, #qms-specimen .qms-banner a")  # not by colour alone
    assert all("underline" in each["line"] for each in linked), linked
    restyled = tab.evaluate(style, "#qms-specimen .qms-redline .qms-rl-fmt")  # kept text formatted otherwise
    assert restyled and all("underline" in each["line"] for each in restyled), restyled
    framed = tab.evaluate(style, "#qms-specimen .qms-status, #qms-specimen .qms-ack, #qms-specimen .qms-banner, "
                                 "#qms-specimen .qms-rl-badge")
    assert framed and all(each["border"] != "none none" for each in framed), framed
    tab.close()


def test_a_reader_whose_system_is_dark_gets_the_dark_scheme(site_url: str, browser: Any) -> None:  # noqa: F811
    """The shipped mkdocs.yml follows the reader's system preference (Material's palette `media`), with a toggle."""
    tab = browser.new_page(viewport={"width": 390, "height": 844}, color_scheme="dark")
    tab.goto(site_url)
    assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    switch = tab.locator("form[data-md-component=palette] label:visible")
    assert switch.get_attribute("title") == "切换到浅色模式"  # named by qmsdoc, in the project's language
    switch.click()
    assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    tab.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ("light", "dark"))
def test_a_search_result_is_readable_in_either_scheme(site_url: str, browser: Any, scheme: str, width: int) -> None:  # noqa: F811
    """The words a search matched, in qmsdoc's results, read at 4.5:1 on the results panel (shipped palette)."""
    tab = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    tab.goto(site_url)
    tab.click("label.md-header__button[for=__search]" if width < 600 else ".md-search__input")
    tab.fill("input.md-search__input", "离职")
    tab.keyboard.press("End")
    tab.locator(".md-search-result mark").first.wait_for(timeout=15000)
    tab.mouse.move(0, 0)  # no result under the pointer: its hover tint is Material's
    # the count of results too ("12 个符合条件的结果"): Material's light text on its tint read 4.1:1 in slate
    found = tab.evaluate(CONTRASTS, ".md-search-result mark, .md-search-result__meta")
    tab.close()
    assert any(each["mark"] == "md-search-result__meta" for each in found)
    assert found and all(each["ratio"] >= AA for each in found), [each for each in found if each["ratio"] < AA][:3]


# The register's filter box and status list: the ratio of the hint (placeholder) and of the typed text to the box's
# ground, and of the box's edge to the page's.
_FIELDS = """(selector) => {""" + _COLOUR + """
  return [...document.querySelectorAll(selector)].map(el => {
    const ground = behind(el), page = behind(el.parentElement), style = getComputedStyle(el);
    const hint = el.placeholder ? ratio(over(parse(getComputedStyle(el, '::placeholder').color), ground), ground) : 99;
    return {id: el.id, text: ratio(over(parse(style.color), ground), ground), hint,
            edge: ratio(over(parse(style.borderTopColor), page), page)};
  });
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", ("light", "dark"))
def test_the_register_filter_is_readable_in_either_scheme(site_url: str, browser: Any, scheme: str, width: int) -> None:  # noqa: F811
    """Chromium's dark form controls put the filter's hint, #757575, on #3b3b3b (2.4:1) in slate: the hint and the
    typed text read at 4.5:1 in the box, and the box's edge stands out from the page at 3:1 (WCAG 1.4.11)."""
    tab = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    tab.goto(site_url + "register/")
    found = tab.evaluate(_FIELDS, ".qms-filter input, .qms-filter select")
    tab.close()
    assert [each["id"] for each in found] == ["qms-register-filter", "qms-register-status"]
    for each in found:
        assert each["hint"] >= AA and each["text"] >= AA and each["edge"] >= 3, each
