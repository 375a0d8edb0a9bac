"""The check reads where a paragraph ends as the one parse does (core/mdlinks.py `_paragraphs`): a line under a
paragraph line either ends it or goes on with it, and a link written over the two is a link on the page or text.
Each line start is compared with what the parse renders, not written down."""

from __future__ import annotations

import html
import re

import pytest
from test_check_sees_render import _RENDERED_HEADING, ANCHOR, DOC, _codes, _rendered

from qmsdoc.core.dialect import DEFAULT_EXTENSIONS
from qmsdoc.core.mdlinks import item_lines, targets
from qmsdoc.core.render import render_unsanitised
from qmsdoc.core.structure import scan

from conftest import Project

# The lines that began a block to the check but go on with the paragraph on the page (the link over them is a link)
GOES_ON = ["!!! note", '!!! note "t"', "??? note", "???+ note", "!!!", "!!!note", "  !!! note", "  ??? x",
           "| a | b", "| a | b |", "|", "||", "```\ncode\n```", "~~~\nx\n~~~"]
# The lines that end the paragraph on the page but were more of it to the check (the link is text)
ENDS = [": def", ":   def", "[^1]: fn", "---", "***", "___", "===", "<!-- c -->", "  <!-- c -->", "[r]: x.md",
        "*[AB]: abbr", "a | b\n--- | ---", "| a | b |\n|---|---|",
        "  # h", "   ## h"]  # a heading indented up to 3 spaces (CommonMark): the page read it as text
# Agreed before: each read the same on both sides
AGREED = ["<div>", "<div>x</div>", "<p>", "<span>", "```", "~~~", "- - -", "* * *", "# h", "## h", "#h", "> q",
          ">q", "   > q", "    > q", "- item", "1. item", "2. item", "a. item", "    ind", ":::tip", "> [!NOTE]",
          "a | b", "- [ ] task", "> ```\n> x\n> ```"]


def _bodies(line: str) -> list[str]:
    """The link's text over the line, and with the line holding the link's end."""
    return [f"见[说明\n{line}\n附件](缺失.md)\n", f"见[说明\n{line} 附件](缺失.md)\n"]


_SHOWN = re.compile(r'<(a|img)\b[^>]*?\s(?:href|src)="([^"]*)"')


def _same(body: str, dialect: tuple[str, ...] = DEFAULT_EXTENSIONS) -> None:
    """The check reads the links and images the page renders of `body` in `dialect`."""
    rendered = _rendered(body) if dialect == DEFAULT_EXTENSIONS else sorted(
        (m.group(1), html.unescape(m.group(2))) for m in _SHOWN.finditer(render_unsanitised(body, extensions=dialect))
        if not m.group(2).startswith("#fn"))
    assert sorted((t.kind, t.target) for t in targets(body, 1, dialect)) == rendered, body


@pytest.mark.parametrize("line", GOES_ON + ENDS + AGREED)
def test_the_check_ends_a_paragraph_where_the_page_does(line: str) -> None:
    for body in _bodies(line):
        _same(body)


@pytest.mark.parametrize("body", [
    "> 见[说明\n> !!! note 附件](缺失.md)\n", "> 见[说明\n> # h 附件](缺失.md)\n", "> 见[说明\n> > q 附件](缺失.md)\n",
    "> 见[说明\n附件](缺失.md)\n", "> 见[说明\n> | a | b |\n附件](缺失.md)\n",
    "> 见[说明\n> <!-- c --> 附件](缺失.md)\n", "> 见[说明\n>\n> 附件](缺失.md)\n", "> 见[说明\n> \n> 附件](缺失.md)\n",
    "- 见[说明\n  !!! note 附件](缺失.md)\n", "- 见[说明\n  | a | b |\n  附件](缺失.md)\n",
    "1. 见[说明\n   ```\n   x\n   ```\n   附件](缺失.md)\n", "见[说明\n> ```\n> x\n> ```\n附件](缺失.md)\n",
    "[见\n说明](缺失.md)\n: def\n", "见[说明\n: def\n    附件](缺失.md)\n", ": 见[说明\n    附件](缺失.md)\n",
    ": 见[说明\n附件](缺失.md)\n", "前\n: 见[说明\n附件](缺失.md)\n", "前\n: 见[说明\n  附件](缺失.md)\n",
    "[^1]: 见[说明\n附件](缺失.md)\n\n正文[^1]\n",
    "a\n见[说明\n===\n附件](缺失.md)\n", "# h\n===\n[a](缺失.md)\n", "```\nx\n```\n见[说明\n附件](缺失.md)\n",
    "见[说明\n```\ncode\n```\n\n附件](缺失.md)\n", "a | b\n--|--\n[x\ny](缺失.md)\n",
])
def test_the_check_ends_a_paragraph_in_quotes_items_and_after_blocks_where_the_page_does(body: str) -> None:
    _same(body)


@pytest.mark.parametrize("line", ["!!! note", "??? note", ": def", "[^1]: fn", "| a | b |\n|---|---|"])
def test_a_line_ends_a_paragraph_only_with_the_extension_that_reads_it(line: str) -> None:
    """Without admonition, details, def_list, footnotes or tables in the project's dialect, the line is text."""
    bare = tuple(name for name in DEFAULT_EXTENSIONS
                 if name not in ("admonition", "pymdownx.details", "def_list", "footnotes", "tables"))
    for body in _bodies(line):
        _same(body, bare)


def test_a_link_over_an_admonition_looking_line_to_a_missing_file_is_qd163(project: Project) -> None:
    project.replace(DOC, ANCHOR, ANCHOR + "见[说明\n!!! note 附件](缺失.md)")
    found = _codes(project, "QD163")
    assert [f.split(":")[:2] for f in found] == [[DOC, str(project.line_of(DOC, "见[说明"))]], found


def test_a_link_broken_by_an_admonition_is_no_qd163(project: Project) -> None:
    project.replace(DOC, ANCHOR, ANCHOR + "见[说明\n!!! note\n    附件](缺失.md)")
    assert _codes(project, "QD163") == []


@pytest.mark.parametrize("body", [
    "段落\n***\n目的\n===\n", "段落\n[r]: x.md\n目的\n===\n", "段落\n- - -\n目的\n---\n",
    "段落\n<!-- c -->\n目的\n===\n", "段落\n!!! note 附件\n目的\n===\n", "段落\n??? note\n目的\n===\n",
    # quiet: an underline inside a paragraph or under a table's row is text
    "段落\n目的\n---\n", "| a |\n|---|\n| b |\n目的\n===\n", "段落\n!!! note 附件](a.md)\n目的\n===\n",
    "段落\n> q\n目的\n===\n", "段落\n```\nx\n```\n目的\n---\n", "目的\n---\n",
])
def test_the_check_reads_a_setext_heading_where_the_page_does(body: str) -> None:
    rendered = [(int(m.group(1)), html.unescape(m.group(2)))
                for m in _RENDERED_HEADING.finditer(render_unsanitised(body))]
    assert [(h.level, h.text) for h in scan(body, 1).headings] == rendered


@pytest.mark.parametrize("body, shown", [
    # fires: an underline at an item's text makes the item's own line its heading (CommonMark); a `---` at the
    # list's indent under a bulleted item, or under a thematic break, is a thematic break of its own
    ("- 目的\n  ---\n- 范围\n", "<ul><li><h2>目的</h2></li><li>范围</li></ul>"),
    ("1. 目的\n   ===\n2. 范围\n", "<ol><li><h1>目的</h1></li><li>范围</li></ol>"),
    ("- 目的\n---\n", "<ul><li>目的</li></ul><hr>"),
    ("- 目的\n===\n", "<ul><li>目的===</li></ul>"),
    ("---\n---\n", "<hr><hr>"),
    ("段落\n\n***\n---\n", "<p>段落</p><hr><hr>"),
    ("- a\n\n  ---\n  ---\n", "<ul><li><p>a</p><hr><hr></li></ul>"),
    # quiet: a paragraph's underline, and `2. Scope` over `===` (the section English teams write)
    ("段落\n---\n---\n", "<h2>段落</h2><hr>"),
    ("2. Scope\n===\n", "<h1>2. Scope</h1>"),
    ("- a\n\n  目的\n  ---\n", "<ul><li><p>a</p><h2>目的</h2></li></ul>"),
])
def test_an_underline_in_or_under_a_list_item_reads_as_commonmark_on_the_page_and_in_the_check(
        body: str, shown: str) -> None:
    page = render_unsanitised(body)
    assert re.sub(r"\s+", "", re.sub(r" id=\"[^\"]*\"", "", page)) == re.sub(r"\s+", "", shown), page
    rendered = [(int(m.group(1)), html.unescape(m.group(2))) for m in _RENDERED_HEADING.finditer(page)]
    assert [(h.level, h.text) for h in scan(body, 1).headings] == rendered


def _page_and_check_agree(body: str, shown: str) -> str:
    """The page of `body` is `shown` (ids and white space aside), and the check reads its headings, links and
    images as the page renders them."""
    page = render_unsanitised(body)
    assert re.sub(r"\s+", "", re.sub(r" id=\"[^\"]*\"", "", page)) == re.sub(r"\s+", "", shown), page
    rendered = [(int(m.group(1)), html.unescape(m.group(2))) for m in _RENDERED_HEADING.finditer(page)]
    assert [(h.level, h.text) for h in scan(body, 1).headings] == rendered, body
    _same(body)
    return page


@pytest.mark.parametrize("body, shown, items", [
    # fires: `- - -` and `* * *` are thematic breaks, not items whose text the lines under them were
    ("1. a\n- - -\n  x\n", "<ol><li>a</li></ol><hr><p>x</p>", [1]),
    ("- - -\n  见[说明](缺失.md)\n", '<hr><p>见<a href="缺失.md">说明</a></p>', []),
    ("* * *\n  - a\n", "<hr><ul><li>a</li></ul>", [2]),
    ("- a\n* * *\n  见[说明](缺失.md)\n", '<ul><li>a</li></ul><hr><p>见<a href="缺失.md">说明</a></p>', [1]),
    # quiet: a break inside an item, an item holding a break, a break under a paragraph
    ("- a\n\n  - - -\n", "<ul><li><p>a</p><hr></li></ul>", [1]),
    ("- * * *\n", "<ul><li><hr></li></ul>", [1]),
    ("段落\n- - -\n", "<p>段落</p><hr>", []),
    ("- - - x\n", "<ul><li><ul><li><ul><li>x</li></ul></li></ul></li></ul>", [1]),
])
def test_a_thematic_break_written_like_an_item_is_a_break_on_the_page_and_in_the_check(
        body: str, shown: str, items: list[int]) -> None:
    _page_and_check_agree(body, shown)
    assert sorted(item_lines(body, 1)) == items


@pytest.mark.parametrize("body, shown", [
    # fires: an item's text over several lines above an underline at its text is the item's heading (CommonMark),
    # where the page showed the underline as more of the item's text and the check read no heading
    ("- Foo\n  bar\n  ---\n", "<ul><li><h2>Foo bar</h2></li></ul>"),
    ("- 目的\n  范围\n  职责\n  ===\n- 其他\n", "<ul><li><h1>目的 范围 职责</h1></li><li>其他</li></ul>"),
    ("1. 4.1 目的\n   范围\n   ---\n", "<ol><li><h2>4.1 目的 范围</h2></li></ol>"),
    ("> - Foo\n>   bar\n>   ---\n", "<blockquote><ul><li><h2>Foo bar</h2></li></ul></blockquote>"),
    # quiet: an underline at the list's indent is a thematic break, and a blank line parts the item's text
    ("- Foo\n  bar\n---\n", "<ul><li>Foo bar</li></ul><hr>"),
    ("- Foo\n  bar\n\n  baz\n  ---\n", "<ul><li><p>Foo bar</p><h2>baz</h2></li></ul>"),
])
def test_an_items_text_over_several_lines_above_an_underline_is_its_heading_on_the_page_and_in_the_check(
        body: str, shown: str) -> None:
    _page_and_check_agree(body, shown)


@pytest.mark.parametrize("body", [
    "!!! note\n    说明\n    ```\n    code\n    ```\n",
    "[^v]: 说明\n    ```\n    VALVE-7 OPEN\n    ```\n\n正文[^v]\n",
    "[^v]:\n    说明\n    ```\n    code\n    ```\n\n正文[^v]\n",
    "???+ tip \"提示\"\n    说明\n    ```\n    code\n    ```\n",
])
def test_a_fence_at_a_containers_text_under_its_paragraph_is_code(body: str) -> None:
    """A fence four spaces in under a line of an admonition's or a footnote's text stands at that block's own
    text column: the block's code, as superfences reads it — a reading of 'four spaces in under a paragraph' that
    did not see the container made it text (``` shown, the code run into the paragraph)."""
    page = render_unsanitised(body)
    assert '<div class="highlight">' in page and "```" not in page, page
