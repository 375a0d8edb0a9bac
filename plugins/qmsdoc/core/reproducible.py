"""Byte-reproducible zip containers (.docx, .xlsx): fixed entry times and permissions."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalise_zip(data: bytes, rewrite: Mapping[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """Re-pack with fixed entry times; `rewrite` may patch named entries (e.g. a clock-stamped part)."""
    rewrite = rewrite or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename in rewrite:
                content = rewrite[info.filename](content)
            target.writestr(entry, content)
    return out.getvalue()
