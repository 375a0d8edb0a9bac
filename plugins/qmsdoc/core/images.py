"""What an image file is, read from its header alone: format, pixel size and the resolution a Word copy
sizes it by. The one small reader the rules use to say, at check time, whether every copy can show an
image as the page does (core/rules/media.py) — the site shows any image a browser can; the Word copy
embeds PNG, JPEG, GIF and BMP through python-docx, which sizes it by its recorded resolution."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from .i18n import t
from .limits import pixels_problem

HEADER_BYTES = 256 * 1024  # a JPEG's size marker may follow up to 64 KB of EXIF data, and more APPn segments
WORD_FORMATS = frozenset({"png", "jpeg", "gif", "bmp"})
_JPEG_SIZE = frozenset({*range(0xC0, 0xC4), *range(0xC5, 0xC8), *range(0xC9, 0xCC), *range(0xCD, 0xD0)})


@dataclass(frozen=True)
class ImageHeader:
    format: str  # png | jpeg | gif | bmp | webp
    width: int
    height: int
    dpi: int | None = None  # the resolution python-docx reads (PNG pHYs, JFIF density); None: 72 assumed


def _png(data: bytes) -> ImageHeader | None:
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    dpi = None
    position = 8
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        if kind == b"pHYs" and position + 17 <= len(data):
            per_unit, _, unit = struct.unpack(">IIB", data[position + 8:position + 17])
            dpi = int(round(per_unit * 0.0254)) if unit == 1 and per_unit else None
        if kind in (b"IDAT", b"IEND"):
            break
        position += 12 + length
    return ImageHeader("png", width, height, dpi)


def _jpeg(data: bytes) -> ImageHeader | None:
    position, dpi = 2, None
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2:position + 4])
        segment = data[position + 4:position + 2 + length]
        if marker == 0xE0 and segment[:5] == b"JFIF\x00" and len(segment) >= 12:
            units, density = segment[7], struct.unpack(">H", segment[8:10])[0]
            dpi = density if units == 1 else int(round(density * 2.54)) if units == 2 else None
        if marker in _JPEG_SIZE and len(segment) >= 5:
            height, width = struct.unpack(">HH", segment[1:5])
            return ImageHeader("jpeg", width, height, dpi)
        if length < 2:
            return None
        position += 2 + length
    return None


def image_header(path: Path) -> ImageHeader | None:
    """The header of the image at `path`, or None when it is no image of a known format (or is cut short)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(HEADER_BYTES)
    except OSError:
        return None
    return read_header(data)


def read_header(data: bytes) -> ImageHeader | None:
    """The header of an image from its first bytes (HEADER_BYTES are enough), or None when it is no image of a
    known format (or is cut short)."""
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png(data)
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data)
        if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
            width, height = struct.unpack("<HH", data[6:10])
            return ImageHeader("gif", width, height)
        if data.startswith(b"BM") and len(data) >= 26:
            width, height = struct.unpack("<ii", data[18:26])
            return ImageHeader("bmp", abs(width), abs(height))
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp(data)
    except struct.error:
        return None
    return None


def _webp(data: bytes) -> ImageHeader | None:
    kind = data[12:16]
    if kind == b"VP8X" and len(data) >= 30:
        return ImageHeader("webp", 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little"))
    if kind == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return ImageHeader("webp", 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF))
    if kind == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return ImageHeader("webp", width & 0x3FFF, height & 0x3FFF)
    return ImageHeader("webp", 0, 0)


def copy_problem(path: Path, display: str) -> tuple[str, str] | None:
    """(code, why) when a copy cannot show the image at `path` as the page does — over the pixel limit
    (QD018), or no image the Word copy can embed (QD164) — or None when every output shows it."""
    return header_problem(image_header(path), display)


def header_problem(header: ImageHeader | None, display: str) -> tuple[str, str] | None:
    """`copy_problem` of an image whose header was read already (None: no image of a known format)."""
    if header is None:
        return "QD164", t("image.unreadable", image=display)
    problem = pixels_problem(header.width, header.height, display)
    if problem:
        return "QD018", problem
    if header.format not in WORD_FORMATS:
        return "QD164", t("image.format", image=display, format=header.format.upper())
    if header.width == 0 or header.height == 0:
        return "QD164", t("image.empty", image=display)
    if header.dpi == 0:
        return "QD164", t("image.no_dpi", image=display)
    return None
