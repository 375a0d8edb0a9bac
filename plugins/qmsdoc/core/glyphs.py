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


def uncommon(text: str) -> set[str]:
    """The characters of `text` whose drawing must be asked of the engine."""
    return {char for char in UNCOMMON.findall(text) if not shapes_only(char)}


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
    """The first five of `chars` as a reader is shown them (“😀”（U+1F600）…), and how many more there are."""
    from .i18n import join, t

    shown = join([t("pdf.glyph.char", char=c, code=f"{ord(c):04X}") for c in chars[:5]])
    return shown, t("pdf.glyph.more", count=len(chars)) if len(chars) > 5 else ""
