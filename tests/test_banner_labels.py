"""A banner's bold label (pages.py `banner_label`): a label naming a version is not letter-spaced and keeps the colon
its text opens with, in every language; a plain label (作废) stays spaced and apart from its text."""

from __future__ import annotations

import pytest

from qmsdoc.core import i18n
from qmsdoc.core.i18n import t
from qmsdoc.site.pages import banner


def _in_force_banner() -> str:
    return banner("review", t("history.still_in_force", version="A/0"), t(
        "history.still_in_force_text", id="QP-02-01", version="A/0", new="A/1", date="2027-01-01"))


@pytest.mark.parametrize(("language", "label"), [("zh-CN", "现行版本 A/0："), ("zh-TW", "現行版本 A/0："),
                                                 ("en", "Version in force A/0:")])
def test_a_label_with_a_version_keeps_its_colon_and_is_not_spaced(language: str, label: str) -> None:
    """"现 行 版 本 A / 0 ：" on the page of the version in force while its successor waits: the colon was the text's,
    after the label's gap, and the version was letter-spaced."""
    with i18n.using(language):
        shown = _in_force_banner()
    assert f'<strong class="qms-plain">{label}</strong> ' in shown, shown
    assert "：：" not in shown and "::" not in shown, shown


def test_a_label_followed_by_a_bracket_takes_no_gap_before_it() -> None:
    shown = banner("obsolete", t("history.earlier", version="A/0"),
                   t("history.earlier_text", replaced="已被 A/1 替代", id="QP-02-01", version="A/0"))
    assert '<strong class="qms-plain qms-attached">历史版本 A/0</strong>（已被 A/1 替代，仅供查阅）：' in shown, shown


def test_a_plain_label_stays_spaced_and_apart() -> None:
    shown = banner("obsolete", t("page.banner.obsolete"), t("page.banner.obsolete_text", successor=""))
    assert shown.startswith('<div class="qms-banner qms-banner-obsolete" role="note"><strong>作废</strong> 本'), shown
