"""A banner's label in an English site: "Obsolete" over a withdrawn document was set letter-spaced as Chinese labels
are (作 废), so it read "O b s o l e t e". Only a Chinese label is spaced; an English one reads as a word."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import test_waiting_site_on_a_phone as waiting
from test_english import _copy

from sitebuild import served_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_LABEL = """() => { const label = document.querySelector('.qms-banner strong');
  return {text: label.textContent, spacing: getComputedStyle(label).letterSpacing}; }"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The English example (QM-08 withdrawn) built and served."""
    with served_site(_copy(tmp_path_factory.mktemp("en-banner"))) as url:
        yield url


@pytest.mark.parametrize("width", (1280, 390))
def test_an_english_banner_label_is_not_letter_spaced(site_url: str, width: int) -> None:
    label = waiting.evaluated(f"{site_url}qm/QM-08/", width, _LABEL)
    assert label == {"text": "Obsolete", "spacing": "normal"}, label
