"""The PDF engine's answer to the check's question (core/glyphs.py, rule QD023): which characters no font of the
copies can draw. One small Typst page holding the characters, set exactly as a copy's body is (layout.preamble,
the same fonts and fallback), through the same PDF/A glyph check the copies go through."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.config import Config
from .engine import MissingGlyphError, PdfError, compile_pdf
from .fonts import FontChoice, FontsMissing, choose
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
        text = " ".join(asked)  # a space between: a combining mark is asked on its own
        try:
            compile_pdf(f"{preamble(fonts)}\n#text({string(text)})\n", choice=choice, root="", date=None,
                        name=lambda _chars: "")
        except MissingGlyphError as missing:
            return frozenset(missing.chars) & frozenset(asked)
        except PdfError:
            return frozenset()  # no answer: the build gives its own
        return frozenset()


def install() -> None:
    """Let every check of this process ask Typst (a face calls this once)."""
    from ..core.glyphs import install as install_glyphs

    install_glyphs(TypstGlyphs())
