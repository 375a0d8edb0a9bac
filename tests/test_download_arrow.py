"""A download link's arrow (qmsdoc.css `a[download]::before`) stays on the line of the link's first word: on a phone
the form page of an English site read "… Word form · ⬇" and "Download the blank PDF form" on the next line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import test_waiting_site_on_a_phone as waiting
from sitecrawl import served
from test_english import _copy

from conftest import run_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Each download link: its first line (where the arrow is: from the top of the link's first box, inside its padding,
# one line high — on a phone the link is an inline-block 24 px target, one box with padding) and the middle of its
# first letter, which must stand in that line.
_LINES = """() => [...document.querySelectorAll('.qms-download a[download]')].map(link => {
  const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node && !node.textContent.trim()) node = walker.nextNode();
  const start = node.textContent.search(/\\S/), letter = document.createRange();
  letter.setStart(node, start); letter.setEnd(node, start + 1);
  const style = getComputedStyle(link), box = letter.getBoundingClientRect();
  const top = link.getClientRects()[0].top + parseFloat(style.paddingTop) + parseFloat(style.borderTopWidth);
  return {text: link.textContent.trim(), top: top, line: parseFloat(style.lineHeight),
          middle: (box.top + box.bottom) / 2, joined: getComputedStyle(link, '::before').content.endsWith('\\u00a0"')};
})"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The English example built whole (the pages offer its Word and PDF copies) and served."""
    root = _copy(tmp_path_factory.mktemp("en-arrow"))
    built = run_cli("build", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    with served(root / "build" / "site") as url:
        yield url


@pytest.mark.parametrize("width", (390, 1280))
@pytest.mark.parametrize("page", ("forms/QM-04-F01/", "qm/QM-04/"))
def test_a_download_arrow_stays_with_its_words(site_url: str, page: str, width: int) -> None:
    links = waiting.evaluated(f"{site_url}{page}", width, _LINES)
    assert links and all(link["top"] <= link["middle"] <= link["top"] + link["line"] for link in links), links
    # where the link is inline (a desktop, a tablet) a line may end after the arrow: only a no-break space after it
    # keeps it with the first word (on a phone the link is one inline-block box and moves as a whole)
    assert all(link["joined"] for link in links), links
