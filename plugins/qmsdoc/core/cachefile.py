"""Writing qmsdoc's own cache files in build/: one rename, best effort.

A cache that cannot be written costs only the next build's time, so a failure is silent and leaves
no temporary file; a reader ignores a cache it cannot read, so no fsync is paid for one."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, BinaryIO


def save_cache(path: Path, write: Callable[[BinaryIO], object]) -> bool:
    """Replace `path` with what `write` writes, in one rename (the folder must exist); False when it
    could not be written (an OSError, or a value JSON cannot hold: no cache rather than a wrong one)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        Path(tmp).unlink(missing_ok=True)
        return False
    return True


def json_writer(data: dict[str, Any], depth: int = 2) -> Callable[[BinaryIO], None]:
    """`data` as UTF-8 JSON, streamed a member at a time (`depth` levels of dicts deep) through the C encoder:
    `json.dump` would stream through the pure-Python one (about 5× slower on the multi-megabyte caches a
    dirty build rewrites) and `json.dumps` of the whole would hold the file twice over in memory. A small
    cache of many small members (the output hashes) is best written at `depth` 1: one encoder call."""

    def write(out: BinaryIO) -> None:
        _write_members(out, data, depth)

    return write


def _as_json(value: Any) -> Any:
    """A kept object that says how it is written (`as_json`), such as a page's search postings."""
    as_json = getattr(value, "as_json", None)
    if callable(as_json):
        return as_json()
    raise TypeError(f"cache value {type(value).__name__} is not JSON")


# One encoder for every member: `json.dumps` with options builds a new one a call (a tenth of writing the search
# cache's 5,000 pages). What it writes is what json.dumps(value, ensure_ascii=False, default=_as_json) writes.
_ENCODE = json.JSONEncoder(ensure_ascii=False, default=_as_json).encode


def json_text(value: Any) -> bytes:
    """One member as `json_writer` writes it (a kept object by its `as_json`)."""
    return _ENCODE(value).encode("utf-8")


def _write_members(out: BinaryIO, data: Any, depth: int) -> None:
    if depth == 0 or not isinstance(data, dict):
        out.write(_ENCODE(data).encode("utf-8"))
        return
    out.write(b"{")
    for n, (key, value) in enumerate(data.items()):
        if not isinstance(key, str):
            raise TypeError(f"cache key {key!r} is not a string")
        out.write(b"," if n else b"")
        out.write(encode_basestring(key).encode("utf-8") + b":")
        _write_members(out, value, depth - 1)
    out.write(b"}")
