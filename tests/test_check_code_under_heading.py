"""Indented code right under a heading or a thematic break (no blank line between) is code to the check as it is
on the page (CommonMark: neither goes on as a paragraph): no heading and no reference is read in it. Under a
paragraph line the same indent is more of the paragraph, on the page and to the check."""

from __future__ import annotations

import re

import pytest

from qmsdoc.core.render import render_markdown
from qmsdoc.core.structure import scan

CODE = "# 代码 [[QP-01-01]]"
BODIES = {"heading": f"# 总则\n    {CODE}\n", "closed heading": f"## 总则 ##\n    {CODE}\n",
          "break": f"---\n    {CODE}\n", "starred break": f"* * *\n    {CODE}\n",
          "setext heading": f"总则\n---\n    {CODE}\n", "quoted heading": f"> # 总则\n>     {CODE}\n",
          "tab": f"# 总则\n\t{CODE}\n"}


@pytest.mark.parametrize("body", BODIES.values(), ids=list(BODIES))
def test_code_under_a_heading_or_break_holds_no_heading_nor_reference(body: str) -> None:
    html = render_markdown(body, lambda code: None).html
    assert f"<pre><code>{CODE}" in html  # the page's reading: code
    found = scan(body, 1)
    assert not found.references
    assert [heading.text for heading in found.headings] == re.findall(r"<h\d[^>]*>(.*?)</h\d>", html)


def test_under_a_paragraph_line_the_indented_line_is_more_of_the_paragraph() -> None:
    body = "总则说明\n    见 [[QP-01-01]]\n"
    assert "<pre>" not in render_markdown(body, lambda code: None).html
    assert [reference.code for reference in scan(body, 1).references] == ["QP-01-01"]
