"""Emphasis in Chinese, Japanese and Korean text: dots under the characters (着重号), Latin text italic.

CJK fonts have no italic (a browser and Word slant the glyphs, Typst slants nothing), and Chinese typesetting marks
emphasis with dots under the characters. Which characters are set so is decided here once (`parts`, over
page.EMPHASIS_MARKED_RANGES): Word marks them `w:em underDot` (word/wml.py), the PDF a dotted line (pdf/layout.py,
the same ranges as a Typst regex). Code inside emphasis is code: never dotted."""

from __future__ import annotations

import re

from . import page

MARKED = re.compile("([" + "".join(f"{chr(low)}-{chr(high)}" for low, high in page.EMPHASIS_MARKED_RANGES) + "]+)")
"""A run of characters emphasis marks with dots (CJK ideographs and punctuation, kana, Hangul, full-width forms)."""

def dotted(italic: bool, code: bool) -> bool:
    """Whether emphasis marks CJK text in a span with dots: an emphasised span's, unless the span is code (a
    command, a file name: the reader types it as it is, so it is never marked)."""
    return italic and not code


def parts(text: str) -> list[tuple[str, bool]]:
    """`text` cut where dotted (CJK) text starts and ends: each part, and whether emphasis dots it."""
    return [(part, bool(index % 2)) for index, part in enumerate(MARKED.split(text)) if part]

