"""Emphasis in Chinese text reads the same on the page as in the copies: the CJK characters with dots under them
(着重号), Latin text italic. The one decision is core/emphasis.py's; the page gets it as a `qms-dots` span."""

from __future__ import annotations

import pytest

from qmsdoc.core import i18n
from qmsdoc.core.copybody import walk_body
from qmsdoc.core.render import render_markdown

DOTS = '<span class="qms-dots">'


def _html(markdown: str) -> str:
    return render_markdown(markdown, lambda code: None).html


@pytest.mark.parametrize(("markdown", "dotted"), [
    ("交接时*务必核对钥匙*。", ["务必核对钥匙"]),
    ("按 *ISO 9001 质量体系* 执行", ["质量体系"]),  # the Latin words stay italic, outside the span
    ("***加粗强调***", ["加粗强调"]),
    ("_下划线强调_", ["下划线强调"]),
    ("<em>原始强调</em>与<i>斜体标签</i>", ["原始强调", "斜体标签"]),
    ("*见 [投诉处理](https://example.com/) 一节*", ["见", "投诉处理", "一节"]),
    ("[*质量手册*](https://example.com/)", ["质量手册"]),
    ("## *重点* Key 事项", ["重点"]),
    ("*運行 `檢查命令` 後*", ["運行", "後"]),  # code inside emphasis is code: never dotted
])
def test_emphasised_cjk_text_is_wrapped_for_its_dots(markdown: str, dotted: list[str]) -> None:
    """The page slanted emphasised Chinese (a browser's fake italic of a font that has none) while Word and the PDF
    dot it: every CJK run inside emphasis is now in a `qms-dots` span, and nothing else is."""
    html = _html(markdown)
    found = [part.split("</span>", 1)[0] for part in html.split(DOTS)[1:]]
    assert found == dotted, html


@pytest.mark.parametrize("language", ["zh-CN", "zh-TW", "en"])
def test_text_outside_emphasis_latin_emphasis_and_code_are_left_as_they_were(language: str) -> None:
    """Quiet: no span in an English project's emphasis, in code, or around CJK text that is not emphasised."""
    i18n.set_language(language)
    html = _html("Keep *the keys* and _the log_; 交接时核对 `钥匙 *标记*`；*run `命令`*\n\n```\n*代码块*\n```\n")
    assert DOTS not in html, html


def test_the_copies_read_the_page_s_span_as_the_text_it_holds() -> None:
    """The span is the page's only: the copies' walk reads `按 ISO 9001 质量体系` as one italic run, as before."""
    html = _html("按 *ISO 9001 质量体系* 执行")
    assert DOTS in html
    (block,) = walk_body(html)
    runs = [(span.text, span.style.italic) for span in block.inlines]  # type: ignore[union-attr]
    assert runs == [("按 ", False), ("ISO 9001 质量体系", True), (" 执行", False)], runs


def test_an_attribute_s_text_inside_emphasis_is_left_whole() -> None:
    """A title or alt holding `>` and Chinese inside emphasis is the tag's: only the text shown gets the span."""
    html = _html('*见 <abbr title="甲>乙 质量">QMS</abbr> ![图>片 质量](x.png)*')
    assert 'title="甲&gt;乙 质量"' in html and 'alt="图&gt;片 质量"' in html, html
    assert html.count(DOTS) == 1, html
