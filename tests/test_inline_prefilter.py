"""The inline pass that passes over patterns a text cannot hold gives Python-Markdown's own output, byte for byte."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from bench.corpus import generate
from qmsdoc.core import inline_prefilter, render
from qmsdoc.core.dialect import DEFAULT_EXTENSIONS, SUPPORTED
from qmsdoc.core.inline_prefilter import PrefilteredInline, first_characters

from conftest import REPO

EVERY_EXTENSION = tuple(SUPPORTED)


def _pair(extensions: tuple[str, ...]) -> tuple[object, object]:
    """Our parser, and the same parser with Python-Markdown's own inline pass put back."""
    ours = render._Parser(extensions).md
    theirs = render._Parser(extensions).md
    theirs.treeprocessors.register(InlineProcessor(theirs), "inline", 20)
    assert type(ours.treeprocessors["inline"]) is PrefilteredInline
    assert type(theirs.treeprocessors["inline"]) is InlineProcessor
    return ours, theirs


def _same(extensions: tuple[str, ...], texts: Iterator[str] | list[str]) -> int:
    ours, theirs = _pair(extensions)
    count = 0
    for text in texts:
        assert ours.reset().convert(text) == theirs.reset().convert(text), text[:300]  # type: ignore[attr-defined]
        count += 1
    return count


def _bodies(*roots: Path) -> Iterator[str]:
    for root in roots:
        for path in sorted(root.rglob("*.md")):
            yield path.read_text("utf-8", errors="replace")


@pytest.mark.parametrize("extensions", [DEFAULT_EXTENSIONS, EVERY_EXTENSION], ids=["default", "every"])
def test_shipped_manuals_and_fixtures_render_as_python_markdown_renders_them(extensions: tuple[str, ...]) -> None:
    assert _same(extensions, _bodies(REPO / "manuals", REPO / "tests" / "fixtures")) > 40


def test_the_benchmark_corpus_renders_as_python_markdown_renders_it(tmp_path: Path) -> None:
    generate(tmp_path, 120)
    assert _same(DEFAULT_EXTENSIONS, _bodies(tmp_path / "manuals")) > 120


# One text for each inline pattern of the dialect, each also run into CJK text without spaces.
SNIPPETS = ["`code`", "``a`b``", "\\`not code`", "**bold**", "__strong__", "*em*", "_em_", "~~del~~", "^^ins^^",
            "==mark==", "H~2~O", "2^10^", "[link](x.md)", "![img](y.png)", "[ref][1]\n\n[1]: z",
            "[short]\n\n[short]: z", "![img][1]\n\n[1]: z.png", "<https://a.cn/x>", "<ftp://a.cn>", "<a@b.cn>",
            "https://a.cn/x", "HTTP://A.CN",
            "www.a.cn", "ftp.a.cn", "a@b.cn", "&amp; &#169; &#xA9;", "<b>x</b>", "<span class=\"x\">y</span>",
            "line  \nbreak", "a\\\nb", "\\*not em*", "x[^1]\n\n[^1]: note", "[[QP-01-01]]", "[[QP-01-01|别名]]",
            "- [ ] task\n- [x] done", "*a **b** c*", "[a `b` c](d)", "<!-- c --> x"]


@pytest.mark.parametrize("extensions", [DEFAULT_EXTENSIONS, EVERY_EXTENSION], ids=["default", "every"])
def test_each_inline_pattern_renders_as_python_markdown_renders_it(extensions: tuple[str, ...]) -> None:
    around = [snippet for text in SNIPPETS for snippet in (text, f"质量{text}手册", f"第一条：{text}。\n\n第二条")]
    assert _same(extensions, around) == 3 * len(SNIPPETS)


MARKUP = list("[]()!<>&*_~^=`\\:#|-+.@/\"' \n\t") + ["http://", "www.", "[[QP-01-01]]", "&amp;", "<b>", "</b>",
                                                 "  \n", "{: .x }", "[^1]", "++", "==", "ftp.", "a@b.cn"]
texts = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(alphabet="abcKk\u212aſ质量0１", max_size=4)),
                 max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_markup_renders_as_python_markdown_renders_it(text: str) -> None:
    _same(EVERY_EXTENSION, [text])


def test_first_characters_of_an_expression() -> None:
    assert first_characters(re.compile(r"(?<!\!)\[")).pattern == r"\["  # type: ignore[union-attr]
    assert first_characters(re.compile(r"a*")) is None  # may match the empty string anywhere
    assert first_characters(re.compile(r"(.)x")) is None  # begins with any character
    assert first_characters(re.compile(r"(?:ab|\d+|[x-z])q")) is not None
    both = first_characters(re.compile(r"(?:ht|f)tps?://", re.IGNORECASE))
    assert both is not None and both.search("HTTP") and both.search("F") and not both.search("tps://")
    kelvin = first_characters(re.compile("k", re.IGNORECASE))  # case folds exactly as the pattern's own
    assert kelvin is not None and kelvin.search("\u212a") and re.compile("k", re.IGNORECASE).search("\u212a")


def test_a_plain_sentence_is_not_tried_against_every_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    ours, theirs = _pair(DEFAULT_EXTENSIONS)
    tried = {"n": 0}
    original = InlineProcessor._InlineProcessor__applyPattern  # type: ignore[attr-defined]

    def counting(self: InlineProcessor, *args: object) -> object:
        tried["n"] += 1
        return original(self, *args)

    monkeypatch.setattr(InlineProcessor, "_InlineProcessor__applyPattern", counting)
    text = "本程序规定了客户投诉的受理、处理和回访要求。\n\n各部门应当按时完成。"
    counts = []
    for md in (ours, theirs):
        tried["n"] = 0
        md.reset().convert(text)  # type: ignore[attr-defined]
        counts.append(tried["n"])
    assert counts[0] * 3 < counts[1]
    plain = inline_prefilter.PrefilteredInline  # the parser every render uses carries it
    assert isinstance(render._local.get(DEFAULT_EXTENSIONS).md.treeprocessors["inline"], plain)


LINKY = ["![a](b.png) " * 40, "[a](b) [c] " * 30, "[a](b) [x " * 30, "[[a](b)] [c](d) ![e](f)] [g](h " * 12,
         "[a]\n\n[a]: http://x.example\n\n" + "[a] [b](c) " * 25, "[a](<b c>) [d](e 'f') [g](h \"i\") " * 10,
         "\\[a](b) [c\\](d) [e](f\\)) " * 10, "[" * 30 + "a](b) " * 30]


@pytest.mark.parametrize("extensions", [DEFAULT_EXTENSIONS, EVERY_EXTENSION])
def test_a_paragraph_of_many_links_renders_as_python_markdown_renders_it(extensions: tuple[str, ...]) -> None:
    assert _same(extensions, LINKY) == len(LINKY)


def test_a_paragraph_of_many_links_is_read_for_brackets_once_not_once_per_link(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each link Python-Markdown replaces hands its bracket search a new text: read again in full per link, a
    paragraph of thousands of links took minutes (`![a](b.png) ` 4,000 times: 45 s)."""
    from markdown.inlinepatterns import LinkInlineProcessor

    reads = {"n": 0}
    original = LinkInlineProcessor._findBracketEnds

    def counting(data: str) -> list[int | None]:
        reads["n"] += 1
        return original(data)  # type: ignore[no-any-return]

    monkeypatch.setattr(LinkInlineProcessor, "_findBracketEnds", staticmethod(counting))
    ours, theirs = _pair(DEFAULT_EXTENSIONS)
    links = 200
    ours.reset().convert("![a](b.png) [c](d) " * links)  # type: ignore[attr-defined]
    assert reads["n"] < 10, reads
    reads["n"] = 0
    theirs.reset().convert("![a](b.png) [c](d) " * links)  # type: ignore[attr-defined]
    assert reads["n"] >= links  # the count above measures what it claims to
