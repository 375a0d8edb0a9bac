"""Emphasis in Chinese, Japanese and Korean text: dots under the characters (着重号), Latin text italic.

CJK fonts have no italic (a browser and Word slant the glyphs, Typst slants nothing), and Chinese typesetting marks
emphasis with dots under the characters. Which characters are set so is decided here once (`parts`, over
page.EMPHASIS_MARKED_RANGES): Word marks them `w:em underDot` (word/wml.py), the PDF a dotted line (pdf/layout.py,
a Typst regex), and the page wraps them in a `qms-dots` span (`dot_emphasis`, run on the one parse's HTML) that the
site's stylesheet dots. Code inside emphasis is code: never dotted, and its CJK text upright (`upright`: Typst slants
no CJK font, so the page and Word do not slant it either); bold applies to code in every output. Punctuation among
them carries no dot (a browser and Word skip it; the PDF's line is drawn under page.EMPHASIS_DOTTED_RANGES only)."""

from __future__ import annotations

import re

from . import page
from .copyblocks import INLINE_STYLES

MARKED = re.compile("([" + "".join(f"{chr(low)}-{chr(high)}" for low, high in page.EMPHASIS_MARKED_RANGES) + "]+)")
"""A run of characters emphasis marks with dots (CJK ideographs and punctuation, kana, Hangul, full-width forms)."""

DOTS_CLASS = "qms-dots"
"""The page's span around emphasised CJK text (site/assets/qmsdoc.css sets its dots); the copies' walk reads through
it as through any plain span."""


def dotted(italic: bool, code: bool) -> bool:
    """Whether emphasis marks CJK text in a span with dots: an emphasised span's, unless the span is code (a
    command, a file name: the reader types it as it is, so it is never marked)."""
    return italic and not code


def upright(italic: bool, code: bool) -> bool:
    """Whether emphasis leaves a span's CJK text upright, neither dotted nor slanted: code's (CJK fonts have no
    italic — a browser and Word would fake the slant the PDF cannot)."""
    return italic and code


UPRIGHT_CLASS = "qms-upright"
"""The page's span around CJK text of code inside emphasis (site/assets/qmsdoc.css sets it upright)."""


def parts(text: str) -> list[tuple[str, bool]]:
    """`text` cut where dotted (CJK) text starts and ends: each part, and whether emphasis dots it."""
    return [(part, bool(index % 2)) for index, part in enumerate(MARKED.split(text)) if part]


# A tag of nh3's output: attribute values quoted, and a `>` or CJK text inside one (a title, an alt) is the tag's.
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>""")
# The page's elements for a span's `italic` and `code` (the copies' walk reads the same table), and a code block.
_EMPHASIS = frozenset(tag for tag, flag in INLINE_STYLES.items() if flag == "italic")
_CODE = frozenset(tag for tag, flag in INLINE_STYLES.items() if flag == "code") | {"pre"}


def dot_emphasis(html_text: str) -> str:
    """`html_text` (sanitised) with every dotted part (`parts`) of text inside `<em>` or `<i>`, and not inside code
    (`dotted`), wrapped in `<span class="qms-dots">`; inside code too (`upright`), in `<span class="qms-upright">`."""
    if "<em" not in html_text and "<i" not in html_text:
        return html_text  # the common case: one scan
    out: list[str] = []
    emphasis = code = 0
    position = 0
    for tag in _TAG.finditer(html_text):
        text = html_text[position:tag.start()]
        out.append(_marked(text, emphasis > 0, code > 0))
        step = -1 if tag.group(1) else 1
        name = tag.group(2).lower()
        if name in _EMPHASIS:
            emphasis = max(emphasis + step, 0)
        elif name in _CODE:
            code = max(code + step, 0)
        out.append(tag.group(0))
        position = tag.end()
    rest = html_text[position:]
    out.append(_marked(rest, emphasis > 0, code > 0))
    return "".join(out)


def _marked(text: str, italic: bool, code: bool) -> str:
    if not text or not (dotted(italic, code) or upright(italic, code)):
        return text
    return MARKED.sub(rf'<span class="{DOTS_CLASS if dotted(italic, code) else UPRIGHT_CLASS}">\1</span>', text)
