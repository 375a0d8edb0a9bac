"""The PDF engine's answer to the check's question (core/glyphs.py, rule QD023): which characters no font of the
copies can draw. One small Typst page holding the characters, set exactly as a copy's body is (layout.preamble,
the same fonts and fallback), through the same PDF/A glyph check the copies go through."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.config import Config
from .engine import MissingGlyphError, PdfError, compile_pdf
from .fonts import FontChoice, Fonts, FontsMissing, choose
from .layout import preamble
from .markup import string


class TypstGlyphs:
    def identity(self, config: Config) -> str | None:
        try:
            import typst
        except ImportError:  # no engine on this machine: the build says so when it makes copies
            return None
        return f"typst {getattr(typst, '__version__', '')}\0{FontChoice.from_config(config.pdf_fonts, config.root)!r}"

    def undrawable(self, config: Config, chars: Iterable[str]) -> frozenset[str]:
        choice = FontChoice.from_config(config.pdf_fonts, config.root)
        try:
            fonts = choose(choice)
        except FontsMissing:
            return frozenset()  # the build says what to install
        asked = list(chars)
        missing = _missing(fonts, choice, asked)
        if len(asked) == 1 or not missing:
            return frozenset(asked) if missing else frozenset()
        # a cluster is drawn by one font as a whole (`1️⃣` names its `1` missing): each suspect asked on its own
        return frozenset(c for c in asked if set(c) & missing and _missing(fonts, choice, [c]))


def _missing(fonts: Fonts, choice: FontChoice, asked: list[str]) -> set[str]:
    """The characters the engine names missing on a page of `asked` (clusters, a space between)."""
    try:
        compile_pdf(f"{preamble(fonts)}\n#text({string(' '.join(asked))})\n", choice=choice, root="", date=None,
                    name=lambda _chars: "")
    except MissingGlyphError as missing:
        return set(missing.chars)
    except PdfError:
        return set()  # no answer: the build gives its own
    return set()


def install() -> None:
    """Let every check of this process ask Typst (a face calls this once)."""
    from ..core.glyphs import install as install_glyphs

    install_glyphs(TypstGlyphs())
