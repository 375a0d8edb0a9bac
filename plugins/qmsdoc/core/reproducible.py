"""Byte-reproducible zip containers (.docx, .xlsx): fixed entry times and permissions."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    return entry


def write_zip(parts: Mapping[str, bytes]) -> bytes:
    """A zip of these parts, in this order, with fixed entry times and permissions."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(_entry(name), content)
    return out.getvalue()


def normalise_zip(data: bytes, rewrite: Mapping[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """Re-pack with fixed entry times; `rewrite` may patch named entries (e.g. a clock-stamped part)."""
    rewrite = rewrite or {}
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        for info in source.infolist():
            content = source.read(info.filename)
            parts[info.filename] = rewrite[info.filename](content) if info.filename in rewrite else content
    return write_zip(parts)
