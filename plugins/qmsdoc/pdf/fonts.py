"""The fonts every PDF copy is set in, named explicitly, and the check that each character of a copy
is in them: a character the fonts lack would print as an empty box, so it stops the build instead."""

from __future__ import annotations

import functools
import html
import re
import subprocess
import unicodedata
from collections.abc import Iterable

from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]

from ..core.errors import QmsdocError

BODY_FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"
FAMILIES = (BODY_FONT, HEADING_FONT)
CSS_FAMILIES = ", ".join(f'"{name}"' for name in FAMILIES)

_TAG = re.compile(r"<[^>]*>")


class MissingGlyphError(QmsdocError):
    """A copy holds a character its fonts cannot draw."""


class FontMissingError(QmsdocError):
    """The named font is not installed."""


def _font_file(family: str) -> str:
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", f"{family}:style=Regular"], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise FontMissingError(f"找不到字体 {family}（需要 fontconfig 与 Debian 软件包 fonts-noto-cjk）："
                               f"{exc}") from exc
    return out.strip()


@functools.cache
def coverage(family: str = BODY_FONT) -> frozenset[int]:
    """The code points the installed font `family` has glyphs for (read from its cmap)."""
    path = _font_file(family)
    fonts: list[TTFont] = list(TTCollection(path).fonts) if path.lower().endswith(".ttc") else [TTFont(path)]
    for font in fonts:
        names = {record.toUnicode() for record in font["name"].names if record.nameID in (1, 16)}
        if family in names:
            return frozenset(font.getBestCmap())
    raise FontMissingError(f"字体文件 {path} 中没有 {family}：请安装 Debian 软件包 fonts-noto-cjk")


def covered() -> frozenset[int]:
    """Code points at least one of the named fonts draws (the CSS lists both, so either serves)."""
    return frozenset().union(*(coverage(family) for family in FAMILIES))


def _drawn(char: str) -> bool:
    """Whether a character puts ink on the page (spaces, controls and joiners draw nothing)."""
    return not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"))


def html_text(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", markup))


def check_glyphs(what: str, texts: Iterable[str]) -> None:
    """Raise MissingGlyphError naming `what` and each character the fonts lack (at most a few)."""
    have = covered()
    missing: dict[str, None] = {}
    for text in texts:
        for char in text:
            if ord(char) not in have and _drawn(char):
                missing[char] = None
    if missing:
        shown = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in list(missing)[:5])
        more = f" 等 {len(missing)} 个字符" if len(missing) > 5 else ""
        raise MissingGlyphError(f"{what} 含有字体 {BODY_FONT}/{HEADING_FONT} 没有的字符 {shown}{more}："
                                "PDF 中会显示为空框。请改用常用汉字或符号，或以图片表示")
