"""The site as a reader sees it in Chromium, on a 390 px phone and a desktop, while QP-02-01 A/1 is approved and
waiting (`test_waiting_site_on_a_phone`'s site): the banner of the version in force reads as one label with its
colon, and a department's name in the recall list reads as one word."""

from __future__ import annotations

import pytest
import test_waiting_site_on_a_phone as waiting

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (1280, 390)
site_url = waiting.site_url  # its site, built once for this module
_evaluate = waiting.evaluated


# The banner's label: its text and its letter spacing as laid out.
_LABEL = """() => { const label = document.querySelector('.qms-banner strong');
  return {text: label.textContent, spacing: getComputedStyle(label).letterSpacing}; }"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_banner_of_the_version_in_force_reads_as_one_label_with_its_colon(site_url: str, width: int) -> None:
    """A/0's page while A/1 waits read "现 行 版 本 A / 0 ：": the label letter-spaced and the colon after a gap.
    It reads "现行版本 A/0：", the colon the label's own."""
    label = _evaluate(f"{site_url}history/QP-02-01/A-0/", width, _LABEL)
    assert label["text"] == "现行版本 A/0：", label
    assert label["spacing"] == "normal", label


@pytest.mark.parametrize("width", WIDTHS)
def test_a_label_without_a_version_keeps_its_spacing(site_url: str, width: int) -> None:
    """作废 over a withdrawn document is still set letter-spaced: only a label with a version or a number is not."""
    label = _evaluate(f"{site_url}qp-hr/QP-02-04/", width, _LABEL)
    assert label["text"] == "作废" and label["spacing"] != "normal", label


# Each department's cell in the recall list: its text and the lines it takes; the page's width against the window's.
_RECIPIENTS = """() => ({cells: [...document.querySelectorAll('article table.qms-list tbody tr')].map(tr => {
    const cell = [...tr.querySelectorAll('td')].find(td => td.dataset.label === '领用部门');
    const range = document.createRange();
    range.selectNodeContents(cell);
    return [cell.textContent, new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
  }), scroll: document.documentElement.scrollWidth, width: innerWidth})"""


@pytest.mark.parametrize("width", (1280, 1024, 390))
def test_a_short_department_reads_as_one_word_and_the_recall_list_fits(site_url: str, width: int) -> None:
    """The desktop recall table broke 行政人事部 as 行政人事/部. A short department name is one word and the page
    still fits a 390 px phone: nothing scrolls sideways."""
    shown = _evaluate(f"{site_url}recall/", width, _RECIPIENTS)
    assert ["行政人事部", 1] in shown["cells"], shown
    broken = [cell for cell in shown["cells"] if cell[1] > 1]
    assert not broken, broken
    assert shown["scroll"] <= shown["width"], shown
