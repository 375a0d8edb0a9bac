"""Python-Markdown's raw HTML reader without the slip a `&#` that starts no character reference made (`&#xZZ;`,
`&#;`, `&#12ab;` with a `;` after it). The standard HTML parser stops its pass at such a `&#` and drops the text
it has read, while Python-Markdown goes on finding each later tag's text by line offsets into the text before the
cut: every tag after it came out as text copied from elsewhere (`<span title="a">t</span>` became a stretch of the
page further down, repeated), in the site, the Word and the PDF copy alike, since all three take the one parse.
Here the same parser code runs with a character-reference pattern that also takes a lone `&#`, read as the text
it is, so the pass never stops."""

from __future__ import annotations

import re
import threading
import types
from typing import Any

import markdown
from markdown import htmlparser as md_html
from markdown.extensions import md_in_html
from markdown.preprocessors import Preprocessor

# Python-Markdown's own copy of the standard parser module (its patches in it), which its reader runs on.
_PARSER_MODULE: Any = md_html.htmlparser  # type: ignore[attr-defined]
# The standard pattern, or else a lone `&#` (matched only where no character reference starts).
_CHARREF = re.compile(_PARSER_MODULE.charref.pattern + "|&#")
_GOAHEAD: Any = types.FunctionType(_PARSER_MODULE.HTMLParser.goahead.__code__,
                                   {**vars(_PARSER_MODULE), "charref": _CHARREF})


class _Extractor(md_html.HTMLExtractor):
    goahead = _GOAHEAD

    def handle_charref(self, name: str) -> None:
        # A lone `&#` matches with no name; the parser then moves past its `&` only: text, as written.
        if name:
            super().handle_charref(name)
        else:
            self.handle_data("&")


class _ExtractorExtra(_Extractor, md_in_html.HTMLExtractorExtra):
    """md_in_html's reader (`markdown="1"`), the same way."""


class _HtmlBlocks(Preprocessor):
    """Python-Markdown's `html_block` step (md_in_html's when that extension is on) with the reader above."""

    def __init__(self, md: markdown.Markdown, extractor: type[md_html.HTMLExtractor]) -> None:
        super().__init__(md)
        self.extractor = extractor

    def run(self, lines: list[str]) -> list[str]:
        parser = self.extractor(self.md)
        parser.feed("\n".join(lines))
        parser.close()
        return "".join(parser.cleandoc).split("\n")


def install(md: markdown.Markdown) -> None:
    """Read `md`'s raw HTML blocks with the reader above, md_in_html's kind if that is the one registered."""
    extra = isinstance(md.preprocessors["html_block"], md_in_html.HtmlBlockPreprocessor)
    md.preprocessors.register(_HtmlBlocks(md, _ExtractorExtra if extra else _Extractor), "html_block", 20)


def reads_markdown_inside(md: markdown.Markdown) -> bool:
    """Whether `md` reads Markdown inside an element with a `markdown` attribute (md_in_html registered)."""
    if "html_block" not in md.preprocessors:  # (a Registry has no `get`)
        return False
    reader = md.preprocessors["html_block"]
    return isinstance(reader, md_in_html.HtmlBlockPreprocessor) or getattr(reader, "extractor", None) is _ExtractorExtra


_READER = markdown.Markdown()  # only its raw HTML block reader is used (raw_blocks)
install(_READER)
_READER_LOCK = threading.Lock()
# An element whose inside is Markdown again with md_in_html (`<div markdown="1">`).
MARKDOWN_ATTRIBUTE = re.compile(r"^<[A-Za-z][^<>]*\smarkdown\b", re.I)


def raw_blocks(fed: list[str]) -> list[tuple[int, int, str]]:
    """The raw HTML blocks Python-Markdown's own block reader finds in `fed` (lines as the parse has them at that
    step: tabs expanded, code already taken out): (index of the first line, of the last, the block's text). The
    one reading of where raw HTML stands, for the check's line readers (mdlinks) and the list rewrite (dialect),
    which runs before the parse's own step and must leave those lines as written."""
    text = "\n".join(fed)
    found: list[tuple[int, int, str]] = []
    with _READER_LOCK:
        _READER.reset()
        _READER.preprocessors["html_block"].run(list(fed))
        blocks = list(_READER.htmlStash.rawHtmlBlocks)
    position = 0
    for raw in blocks:
        if not isinstance(raw, str) or (start := text.find(raw, position)) < 0:
            continue
        position = start + len(raw)
        first = text.count("\n", 0, start)
        found.append((first, first + raw.rstrip("\n").count("\n"), raw))
    return found
