"""A department or person's name in a table cell (pages.py `_name`): a short one is one word (行政人事部, never
行政人事/部), a long one may wrap so its column never outgrows a phone; both escaped."""

from __future__ import annotations

from qmsdoc.site.pages import SHORT_NAME, _name


def test_a_short_name_is_one_word() -> None:
    assert _name("行政人事部") == '<span class="qms-word">行政人事部</span>'
    assert _name("R&D") == '<span class="qms-word">R&amp;D</span>'


def test_a_long_name_may_wrap() -> None:
    long = "管家服务中心客户服务部第一分部"
    assert len(long) > SHORT_NAME and _name(long) == long
