"""Byte-reproducible zip containers (.docx, .xlsx): fixed entry times and permissions.

The container is written here rather than through `zipfile` so that a part every file shares (a Word
copy's 800 KB of styles) is compressed once per process and copied into each file as it is: `zipfile`
can only compress what it is given, every time. The layout is plain zip (deflate, no data descriptors,
no extra fields), which `zipfile`, Word, WPS and LibreOffice all read."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
DRAFT_DATE = dt.date(2000, 1, 1)  # what a Word/PDF copy of nothing approved is dated (fixed: rebuilds are identical)
_DOS_TIME = 0  # 00:00:00
_DOS_DATE = (ZIP_EPOCH[0] - 1980) << 9 | ZIP_EPOCH[1] << 5 | ZIP_EPOCH[2]
_VERSION = 20  # deflate, as zipfile writes it
_UNIX = 3  # "made by" system: the permissions below are Unix mode bits
_PERMISSIONS = 0o644 << 16
_DEFLATED = 8


@dataclass(frozen=True, slots=True)
class ZipEntry:
    """One part, already compressed: name, CRC-32 and size of the original bytes, raw deflate data."""

    name: str
    crc: int
    size: int
    data: bytes


def deflated(name: str, content: bytes) -> ZipEntry:
    """The part compressed as `zipfile` does (zlib's default level, raw deflate)."""
    packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return ZipEntry(name, zlib.crc32(content), len(content), packer.compress(content) + packer.flush())


def write_entries(entries: Iterable[ZipEntry]) -> bytes:
    """A zip of these entries, in this order."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for entry in entries:
        name = entry.name.encode("ascii")
        local = struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", _VERSION, 0, 0, _DEFLATED, _DOS_TIME, _DOS_DATE,
                            entry.crc, len(entry.data), entry.size, len(name), 0)
        central.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, 0, _DEFLATED,
                                   _DOS_TIME, _DOS_DATE, entry.crc, len(entry.data), entry.size, len(name), 0, 0, 0,
                                   0, _PERMISSIONS, offset) + name)
        out += (local, name, entry.data)
        offset += len(local) + len(name) + len(entry.data)
        count += 1
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(out) + directory + end


def write_zip(parts: Mapping[str, bytes]) -> bytes:
    """A zip of these parts, in this order, with fixed entry times and permissions."""
    return write_entries(deflated(name, content) for name, content in parts.items())
