"""A line 4 or more columns in is read by the check as the page shows it, measured from its list item's text (not
the margin) and inside its quote: indented code after a heading, a thematic break, a setext underline, a comment
closing its line or a blank line — no heading, no reference in it — and text going on with the paragraph above it
(a lazy line) — no heading, its references read. Compared with the page for many generated bodies."""

from __future__ import annotations

import html
import itertools
import re

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.render import render_unsanitised
from qmsdoc.core.structure import scan

from conftest import Project

_DOC = "manuals/qp-hr/QP-02-03.md"
_ANCHOR = "4.4.3 归还办公用品。"

_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
_LINE = "# C [[QP-01-01]]"
# (lines above the item, the item's marker, the item's text column): none, items at several levels, `1.` and `10.`
# items, a quote and an item in a quote
_CONTEXTS = [("", "", 0), ("", "- ", 2), ("", "1. ", 3), ("", "10. ", 4), ("- a\n  ", "- ", 4),
             ("1. a\n   ", "1. ", 6), ("- a\n  - b\n    ", "- ", 6), ("> ", "", 0), ("> ", "- ", 2)]
_ABOVE = ["# T", "## T ##", "---", "T\n===", "<!-- c -->", "a"]


def _bodies() -> list[str]:
    bodies = []
    for (outer, marker, column), above, gap, extra in itertools.product(_CONTEXTS, _ABOVE, ("", "\n"),
                                                                      (0, 2, 3, 4, 5, 6, 8)):
        quote = "> " if outer.startswith(">") else ""
        head = outer + marker + above.replace("\n", "\n" + quote + " " * column)
        bodies.append(head + ("\n" + quote.rstrip() if gap else "") + "\n" + quote + " " * (column + extra) + _LINE)
    # right under a tight item's text: a line shaped as a block of its own (`#`, `>`) is set apart as code on the page,
    # plain text goes on with the item's text (a lazy line) — with the item's text or another item under it too
    for (outer, marker, column), deep, below in itertools.product(
            [context for context in _CONTEXTS if context[1]], ("# C [[QP-01-01]]", "> C [[QP-01-01]]",
                                                               "C [[QP-01-01]]"), ("", "text", "item")):
        quote = "> " if outer.startswith(">") else ""
        for extra in (4, 6):
            tail = {"": "", "text": "\n" + quote + " " * column + "t [[QP-01-02]]",
                    "item": "\n" + quote + marker + "t [[QP-01-02]]"}[below]
            bodies.append(outer + marker + "a\n" + quote + " " * (column + extra) + deep + tail)
    bodies += ["a\nb\n===\n    " + _LINE, "<!--\nc\n-->\n    " + _LINE, "<!-- c --> t\n    " + _LINE,
               "x <!-- c -->\n    " + _LINE, "- <!--\n  c -->\n      " + _LINE]
    return bodies


def _page(body: str) -> tuple[list[tuple[int, str]], int]:
    shown = render_unsanitised(body)
    headings = [(int(m.group(1)), html.unescape(re.sub(r"<[^>]+>", "", m.group(2))))
                for m in _HEADING.finditer(shown)]
    return headings, shown.count("qms-ref-missing")


@pytest.mark.parametrize("body", _bodies())
def test_the_check_reads_a_deep_line_as_the_page_shows_it(body: str) -> None:
    found = scan(body, 1)
    assert ([(h.level, h.text) for h in found.headings], len(found.references)) == _page(body)


@pytest.mark.parametrize("body", ["- # T\n      " + _LINE, "a\n    " + _LINE, "<!-- c -->\n    " + _LINE])
def test_the_known_cases_differ_from_a_heading_at_the_margin(body: str) -> None:
    """The cases the check read as a heading: the page shows none (code or text); at the item's text it does."""
    assert ("C", 1) not in [(h.text[:1], h.level) for h in scan(body, 1).headings]
    shallow = body.replace("      #", "  #").replace("    #", "#")
    assert [h.text for h in scan(shallow, 1).headings][-1].startswith("C")


def test_a_reference_the_page_shows_as_code_under_a_tight_item_is_not_qd130(project: Project) -> None:
    """`# 注 [[QP-02-99]]` 4 columns past a tight item's text: the list rewrite sets it apart, the page shows code
    (no missing reference); `注 [[QP-02-99]]` there goes on with the item's text and is one."""
    project.replace(_DOC, _ANCHOR, _ANCHOR + "\n\n- 条目\n      # 注 [[QP-02-99]]\n")
    found = [f for f in check(load_config(project.root)).findings if f.code == "QD130"]
    assert found == []
    project.replace(_DOC, "      # 注 [[QP-02-99]]", "      注 [[QP-02-99]]")
    found = [f for f in check(load_config(project.root)).findings if f.code == "QD130"]
    assert [(f.path, f.line) for f in found] == [(_DOC, project.line_of(_DOC, "注 [[QP-02-99]]"))], found
