"""A blank form's page lays the form out as its Word and PDF copies do: the label columns take the share of a
label-and-blank pair that core/formlayout.py decides, long labels (Chinese or Latin, up to 100 characters) wrap
inside them, short ones stay on one line, and no label widens the page or squeezes the blank cells, on a desktop
and on a phone. Measured in a real Chromium over a real `mkdocs build --strict`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browsers import chromium
from sitecrawl import served

from qmsdoc.core.colwidths import SHORT_UNITS, one_line
from qmsdoc.core.formlayout import FIELDS_PER_ROW, LABEL_MAX_SHARE, label_share
from qmsdoc.site.pages import SHEET_CM

from conftest import Project, copy_project
from sitebuild import mkdocs_build

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FORM = "controlled_forms/QP-02-01-F001.yaml"
OWNER = "manuals/qp-hr/QP-02-01.md"
LONG_ZH = ("申请人所在部门及其上级主管部门负责人对本次人员需求的审核意见"
           "（包括岗位编制、人数、到岗时间、任职要求以及预算是否已经落实等内容）"
           "的签署与日期，如有不同意见请在此栏内另行注明理由和处理意见")[:100]
LONG_EN = "Name and signature of the department manager who reviewed the staffing request and confirmed budget"[:100]
LONG_WORD = "Department-identification-reference-number-for-the-internal-audit-programme"
SHORT = ("申请部门", "申请日期", "到岗时间", "需求原因")
SIGNATURES = ("部门主管", "管家服务中心经理", "公司领导")
PHONE_LABEL_CAP = 0.4  # qmsdoc.css: on a phone (one pair a line) a label takes at most 2/5 of the line


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project: Project = copy_project(tmp_path_factory.mktemp("sheets") / "project")
    text = project.read(FORM)
    for old, new in (("需求岗位", LONG_ZH), ("需求人数", LONG_EN), ("任职要求（学历、经验、技能）", LONG_WORD)):
        text = text.replace(f"{{label: {old}", f"{{label: {new}", 1)
    text = text.replace("signatures:", f"table: {{columns: [序号, {LONG_ZH}, {LONG_EN}], rows: 2}}\nsignatures:", 1)
    project.write(FORM, text)
    project.restamp(FORM)
    table = (f"| 序号 | {LONG_ZH} | {LONG_EN} |\n| --- | --- | --- |\n| 1 | 部门主管 | Reviewed |\n\n")
    project.revise(OWNER, "## 5.0 支持性文件", table + "## 5.0 支持性文件")
    built = mkdocs_build(project.root)
    assert built.returncode == 0, built.stderr[-2000:]
    with served(project.root / "build" / "site") as site:
        yield f"{site}forms/QP-02-01-F001/"


MEASURE = """() => {
  const box = e => e.getBoundingClientRect();
  const lines = e => { const r = document.createRange(); r.selectNodeContents(e);
                       return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; };
  const grid = document.querySelector('table.qms-fields');
  const shown = [...grid.querySelectorAll('th, td')].filter(e => getComputedStyle(e).display !== 'none');
  return {page: document.documentElement.scrollWidth, sheet: box(document.querySelector('.qms-sheet')).width,
          grid: box(grid).width,
          tables: [...document.querySelectorAll('.qms-sheet table')].map(t => box(t).right),
          sheetRight: box(document.querySelector('.qms-sheet')).right,
          labels: shown.filter(e => e.tagName === 'TH').map(e => [e.textContent, box(e).width, lines(e)]),
          blanks: shown.filter(e => e.tagName === 'TD' && e.colSpan === 1).map(e => box(e).width)};
}"""


@pytest.mark.parametrize(("width", "pairs_a_line"), [(1280, FIELDS_PER_ROW), (390, 1)])
def test_form_labels_wrap_in_the_copies_label_column(site_url: str, width: int, pairs_a_line: int,
                                                     artifacts: Any) -> None:
    labels = ["申请部门", "申请日期", LONG_ZH, LONG_EN, "到岗时间", "需求原因", LONG_WORD, *SIGNATURES]
    share = label_share(labels, SHEET_CM / FIELDS_PER_ROW)
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": width, "height": 900})
        tab.goto(site_url)
        tab.locator(".qms-sheet").screenshot(path=str(artifacts / f"site-form-long-labels-{width}.png"))
        seen = tab.evaluate(MEASURE)
    assert seen["page"] <= width, seen["page"]  # nothing scrolls sideways
    assert all(right <= seen["sheetRight"] + 1 for right in seen["tables"]), seen
    pair = seen["grid"] / pairs_a_line
    if pairs_a_line == 1:  # a phone's line: the copies' share, but never so much that the blank is too narrow
        share = min(share, PHONE_LABEL_CAP)
    shown = {text: (wide, lines) for text, wide, lines in seen["labels"]}
    assert LONG_ZH in shown and LONG_EN in shown and LONG_WORD in shown
    for text, (wide, lines) in shown.items():
        assert abs(wide - share * pair) <= 2, (text, wide, share * pair)  # formlayout's share of the pair
        if text in SHORT or text in SIGNATURES:
            assert lines == 1, text  # a short label stays on one line
    assert shown[LONG_ZH][1] > 1 and shown[LONG_EN][1] > 1  # a long one wraps in its column
    assert min(seen["blanks"]) >= (1 - LABEL_MAX_SHARE) * pair - 2  # the blank keeps its third of the pair


HEADINGS = """([selector, needle]) => {
  const lines = e => { const r = document.createRange(); r.selectNodeContents(e);
                       return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; };
  const table = [...document.querySelectorAll(selector)].find(t => t.tHead && t.tHead.textContent.includes(needle));
  return [...table.tHead.querySelectorAll('th')].map(e => [e.textContent.trim(), lines(e),
                                                          e.getBoundingClientRect().width,
                                                          parseFloat(getComputedStyle(e).fontSize)]);
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_a_short_heading_between_long_ones_keeps_one_line(site_url: str, width: int, artifacts: Any) -> None:
    """序号 between two 100-character headings, in the form's repeating rows and in a document's table: one line,
    as core/colwidths.py keeps it in the copies; the long headings wrap no narrower than its SHORT_UNITS."""
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": width, "height": 900})
        tab.goto(site_url)
        tab.locator("table.qms-blank-rows").screenshot(path=str(artifacts / f"site-form-rows-{width}.png"))
        rows = tab.evaluate(HEADINGS, ["table.qms-blank-rows", LONG_EN])
        page = tab.evaluate("document.documentElement.scrollWidth")
        tab.goto(tab.eval_on_selector(".qms-backlinks a", "a => a.href"))
        body = tab.evaluate(HEADINGS, [".qms-body table", LONG_EN])
        shot = artifacts / f"site-document-table-{width}.png"
        tab.locator(".qms-body table", has_text=LONG_EN).screenshot(path=str(shot))
    assert page <= width
    for where, headings in (("form", rows), ("document", body)):
        seen = {text: (lines, wide, em) for text, lines, wide, em in headings}
        assert list(seen) == ["序号", LONG_ZH, LONG_EN], (where, seen)
        assert seen["序号"][0] == 1, (where, seen["序号"])  # one line, not 序 over 号
        for text, (lines, wide, em) in seen.items():
            if one_line(text):
                assert lines == 1, (where, text)
            else:  # wraps, at least SHORT_UNITS (6 em) wide
                assert lines > 1 and wide >= SHORT_UNITS / 2 * em, (where, text, wide)


SPILLS = """() => [...document.querySelectorAll('table.qms-blank th')]
  .filter(e => getComputedStyle(e).display !== 'none' && e.scrollWidth > e.clientWidth + 1)
  .map(e => [e.textContent.trim(), e.scrollWidth, e.clientWidth])"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_form_heading_spills_out_of_its_cell(site_url: str, width: int, artifacts: Any) -> None:
    """Every shipped form, the ten-column 业户来访及投诉记录表 among them: a one-line heading keeps its width and
    the record table scrolls inside the sheet; on a phone a fixed layout squeezed 序号 into 日期时间."""
    forms_index = site_url.rsplit("/forms/", 1)[0] + "/forms/"
    spilled: dict[str, list[object]] = {}
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": width, "height": 900})
        tab.goto(forms_index)
        pages = sorted({href for href in tab.eval_on_selector_all("article a[href]", "a => a.map(x => x.href)")
                        if "/forms/" in href and href.rstrip("/") != forms_index.rstrip("/")
                        and not href.endswith((".docx", ".pdf"))})
        assert any("LNXC-1-02-F01" in page for page in pages), pages
        for page in pages:
            tab.goto(page)
            if found := tab.evaluate(SPILLS):
                spilled[page.rsplit("/forms/", 1)[1]] = found
            if "LNXC-1-02-F01" in page:
                tab.locator(".qms-sheet").screenshot(path=str(artifacts / f"site-form-ten-columns-{width}.png"))
                assert tab.evaluate("document.documentElement.scrollWidth") <= width
    assert not spilled, spilled
