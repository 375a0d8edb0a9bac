"""The document dialect and the HTML allow-list: lists as people write them, raw HTML sanitised after
entity decoding, QD200/QD162/QD161/QD103 and record sections configurable, no catastrophic regexes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator

import pytest

from qmsdoc.core import ConfigError, check, load_config
from qmsdoc.core.copyblocks import Block, Box, ListBlock, Para, inline_text, plain_text
from qmsdoc.core.copybody import walk_body
from qmsdoc.core.htmltree import Node, parse_html
from qmsdoc.core.i18n import message, using
from qmsdoc.core.links import backlinks
from qmsdoc.core.render import CorpusRenderer, render_markdown
from qmsdoc.core.sanitize import URL_SCHEMES, url_scheme

from conftest import REPO, Project
from sitebuild import mkdocs_build

DOC = "manuals/qp-hr/QP-02-03.md"
ANCHOR = "4.4.3 归还办公用品。"


def _html(body: str) -> str:
    return render_markdown(body, lambda code: None).html


def _urls(node: Node) -> list[str]:
    out = [node.attrs[a] for a in ("href", "src") if a in node.attrs]
    for child in node.elements():
        out += _urls(child)
    return out


def _codes(project: Project, code: str) -> list[tuple[str, int]]:
    return [(f.path, f.line) for f in check(load_config(project.root)).findings if f.code == code]


# -- the allow-list ----------------------------------------------------------------------------

@pytest.mark.parametrize("source", [
    "[点我](jav&#x61;script:alert(2))", "[点我](java&#9;script:alert(2))", "[点我](javascript&colon;alert(2))",
    "[点我](JaVaScRiPt:alert(2))", '<a href="javascript&colon;alert(2)">点我</a>',
    '<a href="jav&#x0A;ascript:x">点我</a>', "![x](data:text/html;base64,PHNjcmlwdD4=)",
    '<img src="x" onerror="alert(3)">', "<https://ok.cn> <javascript:alert(1)>",
])
def test_no_live_script_url_survives_entity_decoding(source: str) -> None:
    html = _html(source)
    schemes = {url_scheme(url) for url in _urls(parse_html(html))} - {None}
    assert schemes <= URL_SCHEMES, html
    assert "onerror" not in html and "alert(3)" not in html


def test_allowed_raw_html_renders_and_comments_vanish() -> None:
    html = _html("行一<br>行二 <sup>1</sup> <u>下划</u> <kbd>Ctrl</kbd>\n\n<!-- 备注 note -->\n\n"
                 "<details><summary>摘要</summary>内容</details>\n\n| a |\n|---|\n| x<br>y |")
    for fragment in ("行一<br>行二", "<sup>1</sup>", "<u>下划</u>", "<kbd>Ctrl</kbd>",
                     "<details><summary>摘要</summary>", "<td>x<br>y</td>"):
        assert fragment in html, fragment
    assert "备注" not in html and "&lt;" not in html


def test_raw_html_keeps_its_lines_as_written() -> None:
    """A raw HTML block's lines reach the page as written: the list rewrite that runs before the parse's own reading
    of them turns neither `  # 注释` in a `<pre>` into a heading (losing its spaces) nor `#1` into `\\#1`, nor a `-`
    line into a list item."""
    html = _html("<pre>\n#1 号楼\n  # 注释\n- 一项\n</pre>\n\n  ## 职责\n\n#2 号楼")
    assert "<pre>#1 号楼\n  # 注释\n- 一项\n</pre>" in html, html  # (the newline after <pre> is HTML's)
    # quiet: outside raw HTML the same lines are Markdown as before — a heading up to 3 spaces in, `#2` as text
    assert "<h2" in html and "职责</h2>" in html and "<p>#2 号楼</p>" in html, html


def test_inside_an_element_marked_markdown_the_lines_are_markdown() -> None:
    """md_in_html: `<div markdown="1">`'s inside is Markdown again, read like any other text."""
    html = _html('<div markdown="1">\n\n  ## 目的\n\n#3号楼\n\n</div>')
    assert "目的</h2>" in html and "#3号楼" in html and "\\#" not in html, html


def test_escapes_and_backslash_breaks() -> None:
    html = _html("请输入 \\<enter role\\>，单价 \\$5\\\n下一行")
    assert "&lt;enter role&gt;" in html and "\\" not in html and "<br>" in html


# -- lists ---------------------------------------------------------------------------------------

def _depth(html: str, needle: str) -> int:
    def walk(node: Node, depth: int) -> int | None:
        for child in node.children:
            if isinstance(child, str) and needle in child:
                return depth
            if isinstance(child, Node):
                found = walk(child, depth + (child.tag in ("ul", "ol")))
                if found is not None:
                    return found
        return None
    return walk(parse_html(html), 0) or 0


def test_lists_nest_at_two_or_four_spaces_and_start_under_a_paragraph() -> None:
    html = _html("步骤如下：\n- 甲 a1\n  - 乙 b2\n    - 丙 c3\n- 丁 d1\n\n1. 一 n1\n    1. 二 n2\n   - 三 n3\n")
    assert [_depth(html, n) for n in ("a1", "b2", "c3", "d1", "n1", "n2", "n3")] == [1, 2, 3, 1, 1, 2, 2]
    assert "<ol>\n<li>二 n2</li>\n</ol>\n<ul>\n<li>三 n3</li>" in html  # another marker kind: a new list
    assert "<p>步骤如下：</p>" in html and "- " not in html


def test_an_item_after_a_deeper_block_goes_back_to_its_own_list() -> None:
    """Pasted lists put a paragraph, code or a table in an item after a blank line and the next outer item
    right under it: Python-Markdown read that item into the deeper list (or the table, or the code's
    paragraph) on the page and in both copies, numbered as a step of the wrong list."""
    html = _html("1. 一 a1\n    - 乙 b2\n\n        段落 p2\n\n        1. 丙 c3\n2. 丁 d1\n")
    assert [_depth(html, n) for n in ("a1", "b2", "p2", "c3", "d1")] == [1, 2, 2, 3, 1], html
    html = _html("1. 甲 e1\n\n    ```\n    code\n    ```\n2. 乙 e2\n\n- 项 t1\n\n    | a | b |\n    |---|---|\n"
                 "    | 1 | 2 |\n- 项 t2\n")
    assert _depth(html, "e2") == 1 and "<li>\n<p>乙 e2</p>" in html, html
    assert _depth(html, "t2") == 1 and "<td>- 项 t2" not in html, html


def test_a_tight_nested_list_stays_tight_when_it_backs_out() -> None:
    html = _html("- 甲 a1\n    - 乙 b2\n        - 丙 c3\n- 丁 d1\n")
    assert [_depth(html, n) for n in ("a1", "b2", "c3", "d1")] == [1, 2, 3, 1]
    assert "<p>" not in html, html  # no blank line was added where none was needed


def test_a_heading_quote_or_table_right_under_an_item_line_is_that_block() -> None:
    """CommonMark lets a heading or a quote interrupt an item's paragraph, and GFM a table any paragraph;
    Python-Markdown showed `## 质量记录`, `> 注意` and the table's pipes as typed (while the rules' line scan
    already read the heading as a section)."""
    html = _html("- 项 i1\n  ## 质量记录\n- 项 i2\n  > 注意 q1\n  > 续 q2\n"
                 "- 项 i3\n  | 列 | 值 |\n  |---|---|\n  | x1 | 2 |\n"
                 "- 项 i4\n\n说明 s1\n| 甲 | 乙 |\n|:--|--:|\n| y1 | 3 |\n")
    for raw in ("## ", "&gt;", "| ", "|---", "|:--"):
        assert raw not in html, raw
    assert '<h2 id="质量记录">质量记录</h2>' in html and "<blockquote>\n<p>注意 q1\n续 q2</p>" in html, html
    assert "<td>x1</td>" in html and '<td style="text-align:left">y1</td>' in html, html
    assert [_depth(html, n) for n in ("i1", "i2", "i3", "i4", "q1", "x1", "s1", "y1")] == [1, 1, 1, 1, 1, 1, 0, 0]


def test_pipes_and_quote_lines_that_open_no_new_block_stay_as_they_were() -> None:
    html = _html("- 项 a | b\n  续 c | d\n\n说明 e | f\n下一行 g | h\n\n> 引 q1\n> 引 q2\n")
    assert html.count("<blockquote>") == 1 and "引 q1\n引 q2" in html, html
    assert "<table" not in html and "项 a | b\n    续 c | d" in html and "说明 e | f\n下一行 g | h" in html, html


@pytest.mark.parametrize("body", ["- ```python\n  print(1)  # CODE1\n  ```\n- 二 next\n",
                                  "1. ~~~\n   print(1)  # CODE1\n   ~~~\n2. 二 next\n",
                                  "- 项\n    - ```\n      print(1)  # CODE1\n      ```\n- 二 next\n",
                                  "> - ```\n>   print(1)  # CODE1\n>   ```\n> - 二 next\n"])
def test_a_fence_on_an_item_s_own_line_is_the_item_s_code_block(body: str) -> None:
    """`- ```python` (GitHub, Typora, CommonMark): the item holds a code block; Python-Markdown showed inline code
    with the language as a word and the next item swallowed, on the page and so in Word and PDF."""
    html = _html(body)
    assert "<pre>" in html and "<code>python" not in html and "```" not in html, html
    blocks = list(_all_blocks(walk_body(html)))
    code = [b for b in blocks if isinstance(b, Box) and b.kind == "code"]
    assert len(code) == 1 and "# CODE1" in plain_text(code), blocks
    outer = next(b for b in blocks if isinstance(b, ListBlock))
    assert inline_text(outer.items[-1].inlines) == "二 next", outer  # the next item, not the code's text


def test_inline_code_on_an_item_s_line_stays_inline() -> None:
    html = _html("- ```x``` y\n- 二\n")
    assert "<pre>" not in html and "<li><code>x</code> y</li>" in html, html


def _all_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Copy blocks and every block inside them (boxes, list items)."""
    for block in blocks:
        yield block
        if isinstance(block, Box):
            yield from _all_blocks(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _all_blocks(item.blocks)


def _paras(blocks: Iterable[Block]) -> Iterator[Para]:
    """Every paragraph of copy blocks, inside boxes (quotes, notes) too."""
    for block in blocks:
        if isinstance(block, Para):
            yield block
        elif isinstance(block, Box):
            yield from _paras(block.blocks)


def test_a_hard_break_in_a_quote_is_a_break_on_the_page_and_in_both_copies() -> None:
    """Two trailing spaces end a line with a break in a quote (nested too) as outside one; the quote rewrite cut
    them, so the page, Word and PDF ran the two lines together. A quote line without them stays one paragraph."""
    html = _html("> 甲 a1  \n> 乙 a2\n\n正文\n\n> > 丙 b1  \n> > 丁 b2\n\n正文\n\n> 戊 c1\n> 己 c2\n")
    assert re.search(r"a1<br ?/?>\s*乙 a2", html) and re.search(r"b1<br ?/?>\s*丁 b2", html), html
    assert "c1\n己 c2" in html and "c1<br" not in html, html
    texts = [inline_text(b.inlines) for b in _paras(walk_body(html))]
    assert "甲 a1\n乙 a2" in texts and "丙 b1\n丁 b2" in texts and "戊 c1 己 c2" in texts, texts


def test_fenced_code_in_an_item_indented_by_two_or_three_spaces_is_a_code_block() -> None:
    """GitHub's and Typora's lists indent an item's code by 2 (or 3) spaces; the list rewrite moved the fence's
    opening line to 4 and left its lines, so the block was inline code on the page and in both copies, its
    language (`python`) shown as a word."""
    html = _html("- 项 a1\n  ```python\n  x = 1\n      deeper\n  ```\n- 项 a2\n\n"
                 "1. 步 b1\n\n   ```\n   code b2\n   ```\n"
                 "2. 步 b3\n")
    assert html.count('<div class="highlight"><pre>') == 2 and "python" not in html, html
    assert "x = 1\n    deeper\n" in re.sub("<[^>]+>", "", html)  # the code keeps its own indent under the fence
    assert [_depth(html, n) for n in ("a1", "a2", "b1", "b2", "b3")] == [1, 1, 1, 1, 1], html


def test_fenced_code_already_where_the_rewrite_puts_it_is_unchanged() -> None:
    html = _html("```\n- not a list\n  two spaces\n```\n\n- 项\n\n    ```\n    four c1\n      six c2\n    ```\n")
    assert "<code>- not a list\n  two spaces\n</code>" in html and "four c1\n  six c2\n</code>" in html, html


def test_an_admonition_or_indented_code_inside_an_item_keeps_its_body() -> None:
    """The list rewrite put every line of an item at the item's own depth, so an admonition's body (4 spaces
    under its `!!!` line) left the box and indented code became a paragraph — on the page and in both copies."""
    html = _html('- 项 a1\n\n  !!! note "标题 t1"\n      正文 b1\n\n- 项 a2\n\n      code c1\n\n'
                 '1. 步 s1\n\n    ??? tip "摘要 t2"\n        正文 b2\n')
    assert '<p class="admonition-title">标题 t1</p>\n<p>正文 b1</p>\n</div>' in html, html
    assert "<pre><code>code c1\n</code></pre>" in html and "<summary>摘要 t2</summary>\n<p>正文 b2</p>" in html, html
    assert [_depth(html, n) for n in ("a1", "b1", "a2", "c1", "s1", "b2")] == [1, 1, 1, 1, 1, 1], html


def test_an_item_line_indented_a_little_more_is_still_its_text() -> None:
    html = _html("- 项 a1\n\n   续 p1\n\n1. 步 s1\n\n     续 p2\n\n    - 子 n1\n\n        续 p3\n")
    assert "<pre>" not in html and [_depth(html, n) for n in ("p1", "p2", "n1", "p3")] == [1, 1, 2, 2], html


def test_a_nested_list_right_under_an_items_second_paragraph_is_a_list() -> None:
    """CommonMark starts the nested list under an item's second paragraph; Python-Markdown showed its markers as
    text of that paragraph (`续 w1 - 子 n1`) on the page and in both copies."""
    html = _html("- 项 a1\n\n  续 w1\n  - 子 n1\n  - 子 n2\n- 项 a2\n\n1. 步 s1\n\n   续 w2\n   1. 子 m1\n")
    assert "- 子" not in html and "1. 子" not in html, html
    assert [_depth(html, n) for n in ("a1", "w1", "n1", "n2", "a2", "s1", "w2", "m1")] == [1, 1, 2, 2, 1, 1, 1, 2], html


def test_a_dash_inside_an_items_wrapped_line_is_text() -> None:
    html = _html("- 项 a1\n  续 w1 - 非 x1\n  2026-03-01 日期 d1\n")
    assert "<li>项 a1\n    续 w1 - 非 x1\n    2026-03-01 日期 d1</li>" in html and html.count("<li>") == 1, html
    assert "<li>项 b1<ul>\n<li>子 b2</li>" in _html("- 项 b1\n  - 子 b2\n")  # a tight list stays tight


def test_a_list_numbered_with_parentheses_is_an_ordered_list() -> None:
    """`1)` is how many teams number steps (CommonMark reads it as a list); Python-Markdown alone made one
    paragraph of the lines, on the page and in both copies. A lettered step under a step is its sub-step (the
    dialect's lettered lists, as Pandoc reads them)."""
    html = _html("操作步骤：\n1) 开机 p1\n2) 登录 p2\n   a) sub-step\n\n> 3) 引用 q3\n\n```\n1) code\n```\n")
    assert "<ol>\n<li>开机 p1</li>\n<li>登录 p2<ol type=\"a\">\n<li>sub-step</li>" in html, html
    assert _depth(html, "sub-step") == 2, html
    assert _depth(html, "p1") == 1 and _depth(html, "q3") == 1 and '<ol start="3">' in html
    assert "1) code" in html  # code keeps what was typed


def test_lists_that_start_or_go_on_where_a_list_may_are_still_lists() -> None:
    """What keeps `i. e.` and `2025. 6` text leaves lists alone: a lettered or roman list started at its first
    marker under a paragraph line and counted on past `i.`, a sub-list at `a.`, a list at 3 after a heading, a
    blank line or code, numbered items that skip a number."""
    html = _html("要求：\na) 甲 l1\nb) 乙 l2\n\n说明：\ni. 一 r1\nii. 二 r2\n\n正文\n\n"
                 "a. 1\nb. 2\nc. 3\nd. 4\ne. 5\nf. 6\ng. 7\nh. 8\ni. 9 h9\nj. 10 h10\n\n"
                 "1. 步 s1\n   a. 子 s2\n3. 步 s3\n\n## 程序\n3. 第三步 n3\n\n正文\n\n4. 第四步 n4\n\n"
                 "```\ncode\n```\n5. 第五步 n5\n")
    assert [_depth(html, n) for n in ("l1", "l2", "r1", "r2", "h9", "h10", "s1", "s2", "s3", "n3", "n4", "n5")] \
        == [1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1], html
    assert '<ol type="a">' in html and '<ol type="i">' in html and "<li>10 h10</li>" in html, html
    for start in ("3", "4", "5"):
        assert f'<ol start="{start}">' in html, (start, html)


def test_a_hash_without_a_space_is_text_as_commonmark_reads_it() -> None:
    """`#3号楼` or `- #tag` is text in every CommonMark editor and in the rules' line scan (QD160 sections);
    Python-Markdown alone made headings of them, even inside a list item or under a paragraph line."""
    html = _html("#3号楼 h1\n\n- #tag h2\n\n说明\n#续 h3\n\n> #引用 h4\n\n1. 步骤\n\n    #内容 h5\n\n"
                 "####### seven h6\n\n```\n#code h7\n```\n")
    assert "<h" not in html.replace("<hr", ""), html
    for shown in ("#3号楼 h1", "#tag h2", "#续 h3", "#引用 h4", "#内容 h5", "####### seven h6", "#code h7"):
        assert shown in html, shown
    assert "\\#" not in html  # the escape never shows
    assert "<h1" in _html("# 目的") and "<h2" in _html("##\t范围") and "<h3" in _html("### 职责 ###")


def test_an_alt_text_is_its_words_without_markup() -> None:
    """The alt is the copies' caption under a picture and what a screen reader says: `**图1** 流程` is 图1 流程
    (CommonMark), an escaped `\\*` stays a star, and a description that looks like a list stays text."""
    alts = re.findall(r'alt="([^"]*)"', _html("![**图1** 流程 ~~旧~~ ==新== \\*注\\* x_y_z](a.png)\n\n"
                                                "![1. 步骤 *一*](b.png) ![a * b](c.png)\n"))
    assert alts == ["图1 流程 旧 新 *注* x_y_z", "1. 步骤 一", "a * b"], alts
    shown = [inline_text(b.inlines) for b in walk_body(_html("![**图1** 流程](missing.png)")) if isinstance(b, Para)]
    assert any("图1 流程" in text for text in shown) and not any("**" in text for text in shown), shown


def test_an_abbreviation_defined_under_the_text_is_marked_and_its_definition_not_shown() -> None:
    """Other teams' Markdown defines `*[CAPA]: …` (Material's abbreviations): the definition line is no text."""
    html = _html("Raise a CAPA.\n\n*[CAPA]: Corrective and preventive action\n")
    assert '<abbr title="Corrective and preventive action">CAPA</abbr>' in html, html
    assert "*[CAPA]" not in html


def test_lists_inside_admonitions_and_code_in_lists_keep_their_shape() -> None:
    html = _html('!!! note "提示"\n    - 甲 a1\n      - 乙 b2\n\n- 项 i1\n\n    ```\n    - not a list\n    ```\n')
    assert _depth(html, "a1") == 1 and _depth(html, "b2") == 2
    assert "- not a list" in html and "<code>" in html


def test_dialect_comes_from_qmsdoc_yml(project: Project) -> None:
    project.replace("qmsdoc.yml", "review_warning_days: 30", "review_warning_days: 30\nmarkdown_extensions: [tables]")
    config = load_config(project.root)
    plain = CorpusRenderer(check(config).corpus, config).text("~~删~~ ==标==")
    assert "~~删~~" in plain.html
    assert "<del>删</del>" in CorpusRenderer(check(config).corpus).text("~~删~~").html
    project.replace("qmsdoc.yml", "markdown_extensions: [tables]", "markdown_extensions: [tables, pymdownx.emoji]")
    with pytest.raises(ConfigError, match="pymdownx.emoji"):
        load_config(project.root)


# -- rules -------------------------------------------------------------------------------------

@pytest.mark.parametrize("planted", [
    "<script>alert(1)</script>", "[点我](jav&#x61;script:alert(2))", "[点我](java&#9;script:x)",
    "[点我](javascript&colon;x)", '<img src="x.png" onerror="alert(3)">', "<font color=red>红</font>",
    "<enter role>", '<div style="position:fixed">遮挡</div>', "<iframe src=https://x.cn></iframe>",
    "[链接](https://a.cn){: onclick=alert(1) }",
])
def test_qd200_fires_on_what_the_allow_list_refuses(project: Project, planted: str) -> None:
    project.replace(DOC, ANCHOR, f"{ANCHOR}{planted}")
    assert (DOC, project.line_of(DOC, planted)) in _codes(project, "QD200")


def test_qd200_quiet_on_allowed_html_escapes_comments_and_code(project: Project) -> None:
    project.replace(DOC, ANCHOR, ANCHOR + "<br>第二行 <sup>注</sup> \\<enter role\\> <https://www.example.com> "
                    "`<script>` <!-- <font> -->\n\n<!--\n<marquee>\n-->\n\n"
                    "<details><summary>摘要</summary>内容</details>\n\n"
                    '<td align="center" style="text-align: center">x</td>\n\n```html\n<script>alert(1)</script>\n```')
    assert _codes(project, "QD200") == []


def test_qd162_quiet_when_the_image_exists(project: Project) -> None:
    shutil.copy(REPO / "tests/fixtures/dialect/manuals/sop/img/flow.png", project.path("manuals/qp-hr/flow.png"))
    project.replace(DOC, ANCHOR, f"{ANCHOR}![流程](flow.png) <img src=\"flow.png\" alt=\"流程\">")
    assert _codes(project, "QD162") == []
    project.replace(DOC, "![流程](flow.png)", "![流程](Flow.png)")
    assert _codes(project, "QD162") == [(DOC, project.line_of(DOC, "Flow.png"))]


def test_qd163_relative_links_must_reach_a_file(project: Project) -> None:
    shutil.copy(REPO / "tests/fixtures/dialect/manuals/sop/img/flow.png", project.path("manuals/qp-hr/flow.png"))
    project.replace(DOC, ANCHOR, f"{ANCHOR}[图](flow.png) [表](../register.md) [程序](QP-02-01.md#10-目的) "
                    '<a href="../qp-hr/">手册</a> [外](https://a.cn/x.md)')
    assert _codes(project, "QD163") == []
    project.replace(DOC, "[图](flow.png)", '<a href="flow.PNG">图</a>')
    assert _codes(project, "QD163") == [(DOC, project.line_of(DOC, "flow.PNG"))]


def test_relative_link_to_a_document_is_a_reference_not_qd170(project: Project) -> None:
    project.replace(DOC, ANCHOR, f"{ANCHOR}[见本程序](QP-02-01.md) [同上](../qp-hr/QP-02-02.md#10-目的)")
    assert _codes(project, "QD170") == []
    config = load_config(project.root)
    result = check(config)
    html = CorpusRenderer(result.corpus, config).document(result.corpus.documents["QP-02-03"]).html
    assert 'href="qms:QP-02-01"' in html and 'href="qms:QP-02-02#10-目的"' in html
    refs = result.context.structure(result.corpus.documents["QP-02-03"]).references
    assert ("QP-02-01.md", "QP-02-01") in [(r.raw, r.code) for r in refs]  # cited, like [[QP-02-01]]
    assert "QP-02-03" in [d.id for d in backlinks(result.context)["QP-02-02"]]
    project.replace("manuals/qp-hr/QP-02-01.md", "status: effective", "status: draft")
    assert (DOC, project.line_of(DOC, "[见本程序](QP-02-01.md)")) in _codes(project, "QD131")


def test_clause_numbering_is_configurable(project: Project) -> None:
    project.replace(DOC, "4.2.3 申请辞职", "4.4.3 申请辞职")  # a jump in a body line, not a heading
    jump = (DOC, project.line_of(DOC, "4.4.3 申请辞职"))
    assert jump in _codes(project, "QD161")
    project.replace("qmsdoc.yml", "review_warning_days: 30",
                    "review_warning_days: 30\nclause_numbering: {default: strict, procedure: headings-only}")
    assert jump not in _codes(project, "QD161")
    project.replace(DOC, "## 5.0 支持性文件", "## 7.0 支持性文件")
    assert (DOC, project.line_of(DOC, "## 7.0")) in _codes(project, "QD161")  # headings still checked
    project.replace("manuals/qp-hr/index.md", "order: 1", "order: 1\nclause_numbering: 'off'")
    assert _codes(project, "QD161") == [] and _codes(project, "QD004") == []
    project.replace("qmsdoc.yml", "procedure: headings-only", "procedure: loose")
    with pytest.raises(ConfigError, match="clause_numbering"):
        load_config(project.root)


def test_record_section_names_are_configurable(project: Project) -> None:
    project.revise(DOC, "## 6.0 质量记录", "## 6.0 表单清单")
    assert _codes(project, "QD151")  # the forms are no longer listed under a records section
    project.replace("qmsdoc.yml", "record_sections: [质量记录, 相关记录, 记录表单, 使用表单, 记录]",
                    "record_sections: [表单清单, 质量记录]")
    project.replace("qmsdoc.yml", "- [质量记录, 相关记录, 记录表单, 使用表单, 记录]", "- [表单清单, 质量记录]")
    assert check(load_config(project.root)).findings == []


def test_qd103_accepts_an_underscore_id(project: Project) -> None:
    text = project.read(DOC).replace("id: QP-02-03", "id: QMS_SOP_001")
    project.path(DOC).unlink()
    project.write("manuals/qp-hr/QMS_SOP_001.md", text)
    assert _codes(project, "QD103") == []
    project.path("manuals/qp-hr/QMS_SOP_001.md").rename(project.path("manuals/qp-hr/QMS_SOP_002.md"))
    messages = [f.message for f in check(load_config(project.root)).findings if f.code == "QD103"]
    assert messages and "QMS_SOP_001.md" in messages[0]


def test_long_space_runs_check_without_hanging(project: Project) -> None:
    project.replace(DOC, "## 5.0 支持性文件", "## 5.0 支持性文件" + " " * 6000 + "。\n\n### 5.1" + "\t " * 3000 + "#x")
    project.replace(DOC, ANCHOR, ANCHOR + "\n\n4.4.4" + " ." * 3000 + "\n\n[" + " " * 5000 + "](" + "(" * 3000
                    + "\n\n[](" + "a.md" * 20000 + "\n\n![](" + "a" * 20000 + "\n\n<img src=" + "x" * 20000
                    + "\n\n{" + "=" * 200000 + "\n\n<a " + " b" * 100000)
    result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "check", "."], cwd=project.root,
                            capture_output=True, text=True, timeout=120)
    assert "检查完成" in result.stdout, result.stdout + result.stderr


@pytest.mark.slow  # a whole site build or whole-corpus export
def test_mkdocs_extensions_outside_the_dialect_are_named(project: Project) -> None:
    project.replace("mkdocs.yml", "  - tables\n", "  - tables\n  - pymdownx.smartsymbols\n  - pymdownx.keys\n")
    result = mkdocs_build(project.root)
    assert result.returncode != 0
    assert all(name in result.stderr for name in ("pymdownx.smartsymbols", "pymdownx.keys", "qmsdoc.yml"))


# -- other teams' callouts: GitHub's alerts, Docusaurus' and VitePress' admonitions ------------------------------

def _boxes(html: str) -> list[tuple[str | None, list[str]]]:
    """Each admonition box of the copies' walk (inside boxes too): its kind and its paragraphs' text."""
    return [(b.admonition, [inline_text(p.inlines) for p in _paras(b.blocks)])
            for b in _all_blocks(walk_body(html)) if isinstance(b, Box) and b.admonition is not None]


@pytest.mark.parametrize(("marker", "kind"), [
    ("NOTE", "note"), ("TIP", "tip"), ("IMPORTANT", "important"), ("WARNING", "warning"), ("CAUTION", "caution"),
    ("Note", "note"), ("warning", "warning"),
])
def test_a_github_alert_is_an_admonition_of_its_kind_on_the_page_and_in_the_copies(marker: str, kind: str) -> None:
    """`> [!NOTE]` showed as a quote starting with a literal [!NOTE], on the site and in both copies."""
    html = _html(f"> [!{marker}]\n> 正文 b1\n")
    assert f'<div class="admonition {kind}">' in html and "[!" not in html and "<blockquote>" not in html, html
    assert _boxes(html) == [(kind, [message(f"admonition.{kind}"), "正文 b1"])]


def test_an_alert_keeps_its_title_and_what_its_body_holds() -> None:
    """Obsidian's title after the marker is the box's title; a list, fenced code, a table and a nested quote in
    the body stay that block inside the box, and a lazy line is more of the body's paragraph."""
    html = _html("> [!warning] 标题 **t1**\n> 正文 b1\n> - 项 i1\n>   - 项 i2\n>\n> ```python\n> x = 1\n> ```\n>\n"
                 "> | 甲 | 乙 |\n> |---|---|\n> | c1 | c2 |\n>\n> > 引 q1\n> 正文 b2\nlazy l1\n\n正文 after\n")
    body = html.split("正文 after")[0]
    assert '<p class="admonition-title">标题 <strong>t1</strong></p>' in html, html
    assert _depth(html, "i2") == 2 and '<td>c1</td>' in body and "<blockquote>" in body, html
    assert '<div class="highlight"><pre>' in body and "python" not in html, html
    assert re.search(r"b2\s*lazy l1</p>\s*</blockquote>\s*</div>", html), html  # the nested quote's lazy line
    assert [kind for kind, _ in _boxes(html)] == ["warning"]


@pytest.mark.parametrize(("source", "kind", "title"), [
    (":::warning[可选标题 t1]\n正文 b1\n:::\n", "warning", "可选标题 t1"),
    (":::tip 标题 t1\n正文 b1\n:::\n", "tip", "标题 t1"),
    ("::: danger 标题 t1\n正文 b1\n:::\n", "danger", "标题 t1"),
    (":::info\n正文 b1\n:::\n", "info", None),
    (":::NOTE[]\n正文 b1\n:::\n", "note", None),
])
def test_a_docusaurus_or_vitepress_admonition_is_an_admonition(source: str, kind: str, title: str | None) -> None:
    """`:::warning[标题]` … `:::` showed as paragraphs with literal ::: lines, on the site and in both copies."""
    html = _html(f"正文 a0\n\n{source}\n正文 a2\n")
    assert ":::" not in html and f'<div class="admonition {kind}">' in html, html
    titles = re.findall(r'<p class="admonition-title">([^<]*)</p>', html)
    assert titles == [title or message(f"admonition.{kind}")], html
    assert re.search(r"正文 b1</p>\s*</div>\s*<p>正文 a2</p>", html), html
    assert _boxes(html) == [(kind, [title or message(f"admonition.{kind}"), "正文 b1"])]


def test_a_container_admonition_keeps_lists_code_tables_and_a_nested_one() -> None:
    html = _html("::::note 外 t1\n正文 b1\n\n- 项 i1\n  - 项 i2\n\n```\n:::\n> [!NOTE]\n```\n\n| 甲 | 乙 |\n|---|---|\n"
                 "| c1 | c2 |\n\n:::danger\n正文 b2\n:::\n正文 b3\n::::\n\n正文 after\n")
    assert _depth(html, "i2") == 2 and "<td>c1</td>" in html, html
    assert "<code>:::\n&gt; [!NOTE]\n</code>" in html, html  # a fence's `:::` neither closes nor opens a box
    assert re.search(r'class="admonition danger">\s*<p class="admonition-title">[^<]+</p>\s*<p>正文 b2</p>\s*</div>'
                     r"\s*<p>正文 b3</p>\s*</div>\s*<p>正文 after", html), html
    assert [kind for kind, _ in _boxes(html)] == ["note", "danger"]


@pytest.mark.parametrize("source", [
    "> [!x] 正文 b1\n> 正文 b2\n",  # a kind no admonition has: a quote, as GitHub shows it
    "> 正文 b1\n> [!NOTE]\n> 正文 b2\n",  # the marker not on the quote's first line
    "> > [!NOTE]\n> > 正文 b1\n",  # inside another quote
    "```\n> [!NOTE]\n> 正文 b1\n```\n",
    "    > [!NOTE]\n    > 正文 b1\n",  # indented code
])
def test_what_is_no_alert_stays_as_written(source: str) -> None:
    html = _html(source)
    assert "admonition" not in html and "[!" in html, html


@pytest.mark.parametrize("source", [
    "正文 a ::: b\n\n正文 c\n:::\n",  # `:::` in running text, and a closing line nothing opened
    ":::note\n正文 b1\n\n正文 b2\n",  # never closed: as written
    ":::details 摘要\n正文 b1\n:::\n",  # a kind no admonition has
    "```\n:::note\n正文 b1\n:::\n```\n",
    "::::note\n正文 b1\n:::\n",  # fewer colons do not close it
])
def test_what_is_no_container_admonition_stays_as_written(source: str) -> None:
    html = _html(source)
    assert "admonition" not in html and ":::" in html, html


def test_the_rules_read_a_callout_at_its_own_lines(project: Project) -> None:
    """The rewrite keeps every line where it was: a dead reference in a callout's title or body is reported at
    its own line; indented code right under the marker is code on the page (the box's body starts a block), so
    its `[[ID]]` is none."""
    project.replace(DOC, ANCHOR, ANCHOR + "\n\n> [!NOTE] 见 [[QP-99-91]]\n> 正文\n>\n> 见 [[QP-99-92]]\n\n"
                    ":::warning[标题]\n正文\n\n- 见 [[QP-99-93]]\n:::\n\n"
                    ":::tip\n    [[QP-99-94]]\n:::\n\n> [!CAUTION]\n>     [[QP-99-95]]\n")
    found = _codes(project, "QD130")
    assert sorted(found) == sorted((DOC, project.line_of(DOC, f"QP-99-9{n}")) for n in (1, 2, 3)), found


def test_qd026_names_a_container_callout_never_closed(project: Project) -> None:
    project.replace(DOC, ANCHOR, ANCHOR + "\n\n:::warning[标题 t1]\n正文")
    line = project.line_of(DOC, ":::warning")
    messages = [f.format() for f in check(load_config(project.root)).findings if f.code == "QD026"]
    assert len(messages) == 1 and messages[0].startswith(f"{DOC}:{line}: warning QD026 "), messages
    assert ":::warning[标题 t1]" in messages[0] and "；请在提示框正文之后加一行 :::" in messages[0], messages


@pytest.mark.parametrize("planted", [
    ":::warning[标题]\n正文\n:::",  # closed
    "::::note\n:::tip\n正文\n:::\n::::",  # nested, each closed
    ":::details 摘要\n正文",  # a kind no admonition has: text, and meant so
    "```\n:::note\n正文\n```",  # code
    "<!--\n:::note\n-->",  # a comment
    "<div>\n:::note\n</div>",  # raw HTML
    "正文 a ::: b",
])
def test_qd026_quiet_on_closed_callouts_code_comments_and_text(project: Project, planted: str) -> None:
    project.replace(DOC, ANCHOR, ANCHOR + "\n\n" + planted + "\n")
    assert _codes(project, "QD026") == []


@pytest.mark.parametrize("language", ["en", "zh-TW", "zh-CN"])
def test_an_untitled_callout_is_titled_in_the_project_language(language: str) -> None:
    with using(language):
        html = _html("> [!IMPORTANT]\n> 正文 b1\n\n:::danger\n正文 b2\n:::\n")
        words = [message("admonition.important"), message("admonition.danger")]
    assert re.findall(r'<p class="admonition-title">([^<]*)</p>', html) == words, html


@pytest.mark.parametrize("stray", ["&#xZZ;", "&#;", "&#12ab;"])
def test_a_stray_ampersand_hash_leaves_the_html_after_it_as_written(stray: str) -> None:
    """`&#` that starts no character reference stopped the standard HTML parser's pass, and Python-Markdown then
    took each later tag's text from the wrong place: the span below came out as text copied from further down,
    on the page and in the Word and PDF copies (the one parse). Every word stays, once, after such a `&#`."""
    body = (f"bad {stray} then <span title=\"a &amp; b\">spanword</span> tail\n\n"
            "<div markdown=\"1\">\n**divbold** divword\n</div>\n\nlast para lastword\n")
    html = _html(body)
    text = plain_text(walk_body(html))
    for word in ("spanword", "tail", "divbold", "divword", "lastword"):
        assert text.count(word) == 1, text
    assert f"bad {stray} then spanword tail" in text, text
    assert "<strong>divbold</strong>" in html and "**" not in text, html


def test_character_references_before_inline_html_still_read_as_characters() -> None:
    """The quiet side: real references (`&#x4E2D;`, `&#65;`, `&amp;`, `&copy;`) are the characters they name,
    and the HTML after them is kept as written."""
    text = plain_text(walk_body(_html("x &#x4E2D; &#65; &amp; &copy; <span>spanword</span> <b>bword</b> end\n")))
    assert "x \u4e2d A & \u00a9 spanword bword end" in text, text
