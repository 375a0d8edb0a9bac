"""The register's filter box shows its whole hint (「筛选：编号、名称、部门…」, "Filter: number, title, department…")
on a desktop and on a phone, in each catalogue: the English hint was cut after "depa" at 390 px and after
"department" at 1280 px, the box being narrower than its own words."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
import test_waiting_site_on_a_phone as waiting
from test_english import _copy

from conftest import copy_project
from sitebuild import served_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (1280, 390)
LANGUAGES = ("zh-CN", "zh-TW", "en")

# The hint's width as the box sets it (its font) against the room inside the box; where the box and the status
# menu stand.
_FIT = """() => { const box = document.querySelector('#qms-register-filter'), style = getComputedStyle(box);
  const probe = document.createElement('span');
  for (const key of ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'letterSpacing'])
    probe.style[key] = style[key];
  probe.style.whiteSpace = 'pre'; probe.style.position = 'absolute'; probe.textContent = box.placeholder;
  document.body.appendChild(probe); const hint = probe.getBoundingClientRect().width; probe.remove();
  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const menu = document.querySelector('#qms-register-status').getBoundingClientRect();
  return {hint, room, placeholder: box.placeholder, boxTop: box.getBoundingClientRect().top, menuTop: menu.top,
          right: Math.max(box.getBoundingClientRect().right, menu.right), page: document.documentElement.clientWidth};
}"""


@pytest.fixture(scope="module")
def site_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The shipped manuals in simplified and in traditional Chinese, and the English example, built and served."""
    chinese = copy_project(tmp_path_factory.mktemp("filter-zh") / "project")
    traditional = copy_project(tmp_path_factory.mktemp("filter-tw") / "project")
    settings = traditional.read("qmsdoc.yml")
    traditional.write("qmsdoc.yml", "\n".join(line for line in settings.splitlines()
                                              if not line.startswith("language:")) + "\nlanguage: zh-TW\n")
    english = _copy(tmp_path_factory.mktemp("filter-en"))
    with ExitStack() as stack:
        yield {language: stack.enter_context(served_site(root))
               for language, root in (("zh-CN", chinese.root), ("zh-TW", traditional.root), ("en", english))}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_filter_shows_its_whole_hint(site_urls: dict[str, str], language: str, width: int) -> None:
    found: Any = waiting.evaluated(f"{site_urls[language]}register/", width, _FIT)
    assert found["hint"] <= found["room"], found
    assert found["right"] <= found["page"], found  # and nothing goes past the page's edge


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_desktop_the_filter_and_the_status_menu_stay_on_one_line(site_urls: dict[str, str],
                                                                       language: str) -> None:
    """Quiet: the room the hint needs is not taken from the desktop's row."""
    found: Any = waiting.evaluated(f"{site_urls[language]}register/", 1280, _FIT)
    assert abs(found["boxTop"] - found["menuTop"]) < 8, found
