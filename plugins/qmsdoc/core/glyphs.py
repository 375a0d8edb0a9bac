"""Characters no font of the PDF copies can draw, known when the sources are checked (rule QD023), not first
when a build stops on them.

Whether a character can be drawn depends on the fonts of this machine and on the PDF engine, which the core
does not import: the face that runs a command (the CLI, the MkDocs plugin) installs the engine's answer with
`install`. With none installed (the core used as a library), the question is not asked. Characters every body
font qmsdoc accepts has (ASCII, Latin-1, the common CJK ideographs, CJK and full-width punctuation) are never
asked; the engine's "drawable" answers are kept in the parse cache under the fonts they were given for
(`Glyphs.identity`), while "undrawable" is asked again on every check, so a font installed since counts at
once. A font removed since is the build's to find (it names the character, as before)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Protocol

from .config import Config

# What every accepted body font draws: never asked. The one list of it.
_COMMON = "\x00-\xff\u4e00-\u9fa5\u3000-\u303f\uff01-\uff5e\u2010-\u2027\u2030-\u203b"
UNCOMMON = re.compile(f"[^{_COMMON}]")


def shapes_only(char: str) -> bool:
    """A character that shapes its neighbours and has no glyph of its own (a joiner, a variation selector):
    no font draws it, and none needs to."""
    code = ord(char)
    return char in "\u200c\u200d\u034f" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def _joins(char: str) -> bool:
    """A character drawn as one with the character before it: a combining or enclosing mark (`a\u0301`, the keycap
    of `1\ufe0f\u20e3`), a variation selector, a skin tone (`👍🏽`), an emoji tag."""
    code = ord(char)
    return (shapes_only(char) or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F
            or unicodedata.category(char) in ("Mn", "Me", "Mc"))


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF  # two make a flag (🇨🇳)


def _cluster(text: str, at: int) -> tuple[int, int]:
    """The span of the cluster the character at `at` is drawn in (a grapheme, roughly Unicode's UAX #29): its base
    and the marks, selectors and modifiers after it, joined by a zero-width joiner to the next (👨\u200d👩), a flag's
    two letters (🇨🇳, paired from the start of their run)."""
    start = at
    while start > 0 and (_joins(text[start]) or text[start - 1] == "\u200d"):
        start -= 1  # back to the base (a joiner joins the character after it too)
    end = start + 1
    if _regional(text[start]):
        first = start
        while first > 0 and _regional(text[first - 1]):
            first -= 1
        start -= (start - first) % 2
        end = start + 2 if start + 1 < len(text) and _regional(text[start + 1]) else start + 1
    while end < len(text) and (_joins(text[end]) or text[end - 1] == "\u200d"):
        end += 1
    return start, end


def clusters(text: str) -> list[str]:
    """What of `text` must be asked of the engine, in the order written: each cluster (`_cluster`) holding a
    character outside `_COMMON` that has a glyph of its own — asked as it is drawn, since a font that draws a
    keycap's mark alone may not draw `1️⃣`."""
    found = []
    for match in UNCOMMON.finditer(text):
        if not shapes_only(match.group()):
            start, end = _cluster(text, match.start())
            found.append(text[start:end])
    return found


def uncommon(text: str) -> set[str]:
    """The clusters of `text` whose drawing must be asked of the engine."""
    return set(clusters(text))


class Glyphs(Protocol):
    def identity(self, config: Config) -> str | None:
        """What the answers depend on (engine and font settings), cheaply; None when this machine makes no PDF
        copies for `config` (no font at all: the build says so itself)."""

    def undrawable(self, config: Config, chars: Iterable[str]) -> frozenset[str]:
        """Those of `chars` no font of the copies can draw."""


_installed: list[Glyphs] = []


def install(glyphs: Glyphs) -> None:
    """Let the check ask `glyphs` (a face does this once, before running a command)."""
    _installed[:] = [glyphs]


def installed() -> Glyphs | None:
    return _installed[0] if _installed else None


def listed(chars: list[str]) -> tuple[str, str]:
    """The first five of `chars` (characters or clusters) as a reader is shown them (“😀”（U+1F600）,
    “1️⃣”（U+0031 U+FE0F U+20E3）…), and how many more there are."""
    from .i18n import join, t

    shown = join([t("pdf.glyph.char", char=c, code=" U+".join(f"{ord(one):04X}" for one in c)) for c in chars[:5]])
    return shown, t("pdf.glyph.more", count=len(chars)) if len(chars) > 5 else ""
