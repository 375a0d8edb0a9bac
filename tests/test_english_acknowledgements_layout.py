"""The English acknowledgements page, as a quality team reads it on a desktop, a tablet and a phone: a word in
its table is never cut in two (the Title column showed "Intern" above "al Audit" at 1280 px), and a name with
no break in it still never makes the page scroll sideways."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from test_browser import CHROMIUM, FLAGS, _QuietHandler

from conftest import REPO, commit, git, run_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLE = REPO / "examples" / "en-quality-manual"
WIDTHS = (390, 768, 1280)
# A department with no place to break: the page must wrap it inside its cell rather than widen.
LONG_DEPARTMENT = "MetrologyAndCalibrationLaboratoryOfTheHarbourRoadSite"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The English example with QM-04 to be read by two departments, one of them having acknowledged it."""
    root = tmp_path_factory.mktemp("ack-layout") / "en"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "issued"))
    page = root / "manuals" / "qm" / "QM-04.md"
    text = page.read_text("utf-8")
    page.write_text(text.replace("\nreview_months:", f"\nacknowledge: [Quality Department, {LONG_DEPARTMENT}]"
                                 "\nreview_months:", 1), "utf-8")
    git(root, "init", "-q")
    commit(root, "English example, QM-04 to be acknowledged")
    recorded = run_cli("acknowledge", "QM-04", "--by", "Tom Reed", "--department", "Quality Department",
                       "--date", "2026-09-02", cwd=root)
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    commit(root, "Tom Reed read QM-04")
    built = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build", "--only", "site"], cwd=root,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    handler = functools.partial(_QuietHandler, directory=str(root / "build" / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/acknowledgements/"
    server.shutdown()


# Each English word in the page's table whose letters sit on more than one line.
CUT_WORDS = r"""() => {
  const cut = [], table = document.querySelector('article table.qms-acknowledgements');
  const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/[A-Za-z]{2,}/g)) {
      if (match[0].length > 20) continue;  // the department made to have no break in it
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1) cut.push(match[0]);
    }
  }
  return cut;
}"""


def _at_each_width(site_url: str, script: str) -> dict[int, object]:
    from playwright.sync_api import sync_playwright

    seen: dict[int, object] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for width in WIDTHS:
            tab = browser.new_page(viewport={"width": width, "height": 900})
            tab.goto(site_url)
            assert tab.locator("article table.qms-acknowledgements td").count(), "the table has rows"
            seen[width] = tab.evaluate(script)
            tab.close()
        browser.close()
    return seen


def test_no_word_in_the_acknowledgements_table_is_cut_in_two(site_url: str) -> None:
    cut = {width: words for width, words in _at_each_width(site_url, CUT_WORDS).items() if words}
    assert not cut, cut


def test_a_name_without_a_break_does_not_widen_the_acknowledgements_page(site_url: str) -> None:
    widths = _at_each_width(site_url, "document.documentElement.scrollWidth")
    assert all(isinstance(scrolled, int) and scrolled <= width for width, scrolled in widths.items()), widths
