"""The fonts a PDF copy is set in: chosen from `pdf_fonts` in qmsdoc.yml (or the defaults below) among
the fonts installed on this machine (the system's font folders) and in the folders the configuration
names — never downloaded. A machine with none of them cannot make PDF copies: FontsMissing says what
to install."""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import PDF_REFUSED, QmsdocError
from ..core.i18n import DEFAULT, current, join, languages, t

# First installed family wins: Debian/Ubuntu (fonts-noto-cjk), Source Han, Windows (宋体/黑体), macOS.
DEFAULT_BODY = ("Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "NSimSun", "Songti SC", "STSong")
DEFAULT_HEADING = languages()[DEFAULT].heading_fonts  # the Simplified forms, as the site's code (one list)
# Code and the few symbols CJK fonts lack (☐ ☑): DejaVu Sans Mono is built into Typst itself.
MONO = ("DejaVu Sans Mono",)
# Emphasis: CJK fonts have no italic face and Typst slants nothing itself, so an emphasised Latin word is set in
# a serif that has one (built into Typst: the same on every machine); Chinese keeps the body font.
ITALIC = ("Libertinus Serif",)


class FontsMissing(QmsdocError):
    """None of the configured CJK fonts is installed: this machine cannot make PDF copies."""

    code = PDF_REFUSED


@dataclass(frozen=True)
class FontChoice:
    """How to find fonts (hashable: one Typst font book per process and choice)."""

    body: tuple[str, ...] = DEFAULT_BODY
    heading: tuple[str, ...] = DEFAULT_HEADING
    paths: tuple[str, ...] = ()  # extra font folders (absolute)
    system: bool = True  # also the fonts installed on this machine

    @classmethod
    def from_config(cls, pdf_fonts: dict[str, Any], root: Path) -> FontChoice:
        """From `pdf_fonts` in qmsdoc.yml (validated by the configuration loader)."""
        def names(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
            value = pdf_fonts.get(key)
            if value is None:
                return default
            return (value,) if isinstance(value, str) else tuple(value)

        paths = tuple(str((root / p).resolve()) for p in names("paths", ()))
        language = current()  # the language's own script forms first (a Traditional copy in TC fonts)
        body = tuple(dict.fromkeys((*language.pdf_body_fonts, *DEFAULT_BODY)))
        heading = tuple(dict.fromkeys((*language.heading_fonts, *DEFAULT_HEADING)))
        return cls(names("body", body), names("heading", heading), paths, bool(pdf_fonts.get("system", True)))


@dataclass(frozen=True)
class Fonts:
    body: str
    heading: str
    identity: str  # what the chosen fonts' files are (reuse: a changed font file makes new PDFs)


@functools.cache
def font_book(choice: FontChoice) -> Any:
    """Typst's fonts for `choice` (the system's folders are scanned once per process)."""
    import typst

    return typst.Fonts(include_system_fonts=choice.system, include_embedded_fonts=True,
                       font_paths=list(choice.paths))


def _identity(book: Any, families: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for info in sorted(book.fonts(), key=lambda f: (f.family, f.weight, str(f.style), f.path or "", f.index)):
        if info.family in families:
            digest.update(f"{info.family}\0{info.weight}\0{info.style}\0{info.path}\0{info.index}\0".encode())
            try:
                stat = os.stat(info.path) if info.path else None
            except OSError:
                stat = None
            digest.update(f"{stat.st_size if stat else 0}\0{stat.st_mtime_ns if stat else 0}\n".encode())
    return digest.hexdigest()


@functools.cache
def choose(choice: FontChoice) -> Fonts:
    """The body and heading fonts this machine has for `choice`; FontsMissing if it has neither."""
    book = font_book(choice)
    have = set(book.families())
    body = next((f for f in choice.body if f in have), None)
    heading = next((f for f in choice.heading if f in have), None)
    if body is None and heading is None:
        wanted = join(list(dict.fromkeys((*choice.body, *choice.heading))))
        raise FontsMissing(t("pdf.fonts.missing", wanted=wanted, hint=t("pdf.fonts.hint")))
    body = body or heading or ""
    heading = heading or body
    return Fonts(body, heading, _identity(book, (body, heading, *MONO, *ITALIC)))
