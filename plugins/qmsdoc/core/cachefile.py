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


_DECODER = json.JSONDecoder()


class KeptText:
    """A JSON cache file `{"salt":…,"<members>":{…}}` as `json_writer` wrote it, read member by member, so a save
    can copy the members that did not change from the file's own text instead of encoding them again (the
    search and render caches of a one-edit rebuild hold thousands of pages, one of them new)."""

    def __init__(self, text: str = "", salt: Any = None, members: dict[str, tuple[Any, int, int]] | None = None):
        self.text = text
        self.salt = salt
        self.members = members or {}
        """Key → (its value, where its member — `"key":value` — starts and stops in `text`)."""

    @classmethod
    def read(cls, text: str, name: str) -> KeptText | None:
        """`text` as `json_writer({"salt": …, name: {…}})` writes it (no space between tokens, the salt first);
        None for any other JSON (to be read whole) or anything damaged."""
        head, middle = '{"salt":', f',"{name}":{{'
        if not text.startswith(head):
            return None
        try:
            salt, end = _DECODER.raw_decode(text, len(head))
            if not text.startswith(middle, end):
                return None
            end += len(middle)
            members: dict[str, tuple[Any, int, int]] = {}
            while text[end] != "}":
                start = end
                key, end = _DECODER.raw_decode(text, end)
                if not isinstance(key, str) or text[end] != ":":
                    return None
                value, end = _DECODER.raw_decode(text, end + 1)
                members[key] = (value, start, end)
                if text[end] != ",":
                    break
                end += 1
                if text[end] != '"':  # a comma before the closing brace: not JSON
                    return None
            if text[end:] != "}}":
                return None
        except (ValueError, IndexError):
            return None
        return cls(text, salt, members)

    def writer(self, salt: Any, name: str, members: dict[str, Any],
               unchanged: dict[str, tuple[int, int]]) -> Callable[[BinaryIO], None]:
        """What `json_writer({"salt": salt, name: members})` writes, byte for byte, if each key in `unchanged`
        (→ its member's span in `text`) has the value written there; runs of them side by side there are
        copied at once."""
        text = self.text

        def write(out: BinaryIO) -> None:
            out.write(b'{"salt":' + json_text(salt) + b"," + json_text(name) + b":{")
            run: list[int] = []  # [start, stop] in `text` of members side by side there, in this order here
            comma = b""
            for key, value in members.items():
                span = unchanged.get(key)
                if span is not None and run and span[0] == run[1] + 1:  # the next member there too, after a comma
                    run[1] = span[1]
                    continue
                if run:
                    out.write(comma + text[run[0]:run[1]].encode("utf-8", "surrogatepass"))
                    comma, run = b",", []
                if span is not None:
                    run = list(span)
                    continue
                out.write(comma + json_text(key) + b":" + json_text(value))
                comma = b","
            if run:
                out.write(comma + text[run[0]:run[1]].encode("utf-8", "surrogatepass"))
            out.write(b"}}")

        return write
