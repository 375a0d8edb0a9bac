"""Typst (the `typst` package: the compiler in-process, no system libraries), in one place: one compiler
per process and font choice, PDF/A-2b output with a fixed date, and its errors turned into ours. Typst
refuses, under PDF/A, any character no font can draw: that is the glyph check, naming the characters."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any

from ..core.errors import PDF_REFUSED, QmsdocError
from ..core.glyphs import listed, shapes_only
from ..core.i18n import t
from ..core.reproducible import DRAFT_DATE
from .fonts import FontChoice, font_book

PDF_STANDARD = "a-2b"  # archival: fonts embedded, XMP metadata
_UNDRAWABLE = re.compile(r'the text `"((?:[^"\\]|\\.)*)"` could not be displayed')
# Typst shows the text as a string literal: a character it cannot print (a control character, a noncharacter)
# is written `\u{1fffe}`, a quote or backslash escaped.
_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]{1,6})\}|\\(.)", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "\0"}


class MissingGlyphError(QmsdocError):
    """A copy holds a character no font can draw: `chars`, in the copy of `item` (a control number, when known)."""

    code = PDF_REFUSED

    def __init__(self, message: str, chars: tuple[str, ...] = (), item: str = "") -> None:
        super().__init__(message)
        self.args = (message, chars, item)  # all in `args`: it crosses from a worker process whole
        self.chars, self.item = chars, item

    def __str__(self) -> str:
        return str(self.args[0])

    def at(self, where: str) -> MissingGlyphError:
        """The same error, naming the source line (`file:line`) that holds the first such character."""
        return MissingGlyphError(f"{where}: {self.args[0]}", self.chars, self.item)


class PdfError(QmsdocError):
    """Typst could not make a copy (a bug of ours, or a file it could not read)."""

    code = PDF_REFUSED


@functools.cache
def compiler(choice: FontChoice, root: str) -> Any:
    import typst

    return typst.Compiler(root=root or None, font_paths=font_book(choice))


def undrawable(message: str) -> list[str]:
    """The characters Typst's PDF/A check found no glyph for, in order, each once. In 👩‍🔬 Typst names the
    joiner too, which no font draws: a joiner or variation selector is named only if nothing else is."""
    found: dict[str, None] = {}
    for shown in _UNDRAWABLE.findall(message):
        for char in _ESCAPE.sub(_unescape, shown):
            found.setdefault(char, None)
    return [char for char in found if not shapes_only(char)] or list(found)


def _unescape(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        code = int(match.group(1), 16)
        return chr(code) if code <= 0x10FFFF else "\ufffd"
    return _SIMPLE_ESCAPES.get(match.group(2), match.group(2))


def glyph_message(what: str, chars: list[str]) -> str:
    shown, more = listed(chars)
    return t("pdf.glyph", what=what, shown=shown, more=more)


def compile_pdf(source: str, *, choice: FontChoice, root: str, date: dt.date | None,
                name: Callable[[list[str]], str], item: str = "") -> bytes:
    """The PDF of a Typst source (the copy of `item`). `name(chars)` says which document holds characters no
    font draws."""
    import typst

    stamp = dt.datetime.combine(date or DRAFT_DATE, dt.time(), tzinfo=dt.timezone.utc)
    try:
        pdf = compiler(choice, root).compile(input=source.encode("utf-8"), format="pdf",
                                             pdf_standards=[PDF_STANDARD], timestamp=stamp)
    except typst.TypstError as exc:
        detail = f"{exc.message}\n{getattr(exc, 'diagnostic', '')}"
        chars = undrawable(detail)
        if chars:
            raise MissingGlyphError(glyph_message(name(chars), chars), tuple(chars), item) from exc
        raise PdfError(t("pdf.failed", what=name([]), error=exc.message)) from exc
    if not isinstance(pdf, bytes):
        raise PdfError(t("pdf.no_output", what=name([])))
    return pdf
