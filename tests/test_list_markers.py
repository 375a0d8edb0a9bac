"""The check's and the import's line readers see the list items the page shows: one reading of what line starts
an item (dialect.list_items, the list rewrite's own), so `2025. 6 发布` under a paragraph line and `i. e.` stay a
paragraph's words for every reader, and a lettered `a.` item is an item for every reader."""

from __future__ import annotations

import re

import pytest

from qmsdoc.core.mdlinks import targets
from qmsdoc.core.render import render_unsanitised
from qmsdoc.core.structure import scan

# A link whose text runs over a line that only begins like an item: the page shows the link when that line is
# the paragraph's text, and no link when it starts an item.
LINK_OVER = {
    "a year under a paragraph line": "本程序的[质量手册\n2025. 6 版](QM-01.md)适用。",
    "i. e. under a paragraph line": "见[质量\ni. e. 手册](QM-01.md)",
    "a number other than 1 in a quote": "> 见[质量\n> 3. 6 手册](QM-01.md)",
    "a numbered item under a paragraph line": "见[质量\n1. 手册](QM-01.md)",
    "a lettered item under a paragraph line": "见[质量\na. 手册](QM-01.md)",
    "a numbered item in a quote": "> 引[质量\n> 1. 手册](QM-01.md)",
    "a bullet": "见[质量\n- 手册](QM-01.md)",
}


@pytest.mark.parametrize("body", LINK_OVER.values(), ids=LINK_OVER.keys())
def test_a_link_over_an_item_like_line_is_read_as_the_page_shows_it(body: str) -> None:
    page = re.findall(r'<a href="([^"]+)"', render_unsanitised(body))
    assert [target.target for target in targets(body, 1)] == page


def test_the_readers_items_are_the_rewrites() -> None:
    from qmsdoc.core.dialect import list_items  # here: the other tests run against a tree without it too

    lines = ["本规定于", "2025. 6 发布", "", "a. 第一", "b. 第二", "", "正文", "i. e. 文字", "", "> 引文", "> 1. 一项"]
    assert {index: marker for index, (marker, _) in list_items(lines).items()} == {3: "a.", 4: "b.", 10: "1."}
    assert list_items(lines, fancy=False).keys() == {10}


def _clauses(body: str) -> list[tuple[int, ...]]:
    return [clause.number for clause in scan(body, 1).clauses]


# A clause number where the page starts an item's text is read as where a block starts, whatever the item's marker
# and whether a blank line stands above it; a line the page shows as a paragraph's words holds no clause.
ITEM_CLAUSES = {
    "numbered, after a blank line": ("正文\n\n1. 4.2 范围", [(4, 2)]),
    "numbered, under a paragraph line": ("正文\n1. 4.2 范围", [(4, 2)]),
    "lettered": ("正文\n\na. 4.2 范围", [(4, 2)]),
    "lettered, in a quote": ("> 正文\n>\n> a. 4.2 范围", [(4, 2)]),
    "a year under a paragraph line": ("正文\n2025. 6.1 发布", []),
    "i. e. is no item": ("正文\n\ni. e. 4.2 范围", []),
    "a bullet holds no clause": ("正文\n\n- 4.2 范围", []),
}


@pytest.mark.parametrize(("body", "clauses"), ITEM_CLAUSES.values(), ids=ITEM_CLAUSES.keys())
def test_a_clause_in_an_item_is_read_where_the_page_shows_the_item(body: str, clauses: list[tuple[int, ...]]) -> None:
    assert _clauses(body) == clauses


# The callout's lazy line is read after the list rewrite: an item under an alert's text is outside the box, a line
# that only begins like one is more of the box's paragraph.
ALERT_THEN = {
    "a numbered item": ("> [!NOTE]\n> 注意\n1. 第一", False),
    "a bullet": ("> [!NOTE]\n> 注意\n- 第一", False),
    "a lettered item": ("> [!NOTE]\n> 注意\na. 第一", False),
    "i. e.": ("> [!NOTE]\n> 注意\ni. e. 第一", True),
    "text": ("> [!NOTE]\n> 注意\n第一", True),
}


@pytest.mark.parametrize(("body", "inside"), ALERT_THEN.values(), ids=ALERT_THEN.keys())
def test_a_line_under_an_alert_is_in_the_box_only_when_it_is_no_item(body: str, inside: bool) -> None:
    page = render_unsanitised(body)
    box = page[page.index('class="admonition'):page.index("</div>")]
    assert ("第一" in box) == inside, page
