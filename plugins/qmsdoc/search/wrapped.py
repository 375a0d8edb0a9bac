"""The one format of the search index's files on disk: a line of JavaScript handing the file's content to the page.

    qmsdocSearchData("c/0123456789abcdef","<the gzip bytes>");

A page opened from a folder (file://) may not fetch() files, but may load them with <script> tags: search.js
defines the callback and loads each file as a script read as windows-1252, an encoding that maps each of the
256 byte values to one character, so the string hands over the gzip bytes unchanged (four bytes escaped: quote,
backslash, line feed and carriage return; about 2 % more bytes than the bare .gz files, where base64 took 36 %
more). Over http(s) search.js keeps fetch() with its cache modes and reads the same bytes out of the wrapper,
stripping the fixed prefix and suffix (no eval). The directory's JSON is ASCII (non-ASCII as \\u escapes), so it
reads the same in any encoding: `qmsdocSearchData("index",{...});`."""

from __future__ import annotations

import json
from typing import Any

CALLBACK = "qmsdocSearchData"
EXTENSION = ".js"
SUFFIX = b");\n"
_ESCAPES = {0x22: b'\\"', 0x5C: b"\\\\", 0x0A: b"\\n", 0x0D: b"\\r"}
_ESCAPE_MAP = {byte: text.decode("ascii") for byte, text in _ESCAPES.items()}
_UNESCAPES = {b"\\" + bytes([text[1]]): bytes([byte]) for byte, text in _ESCAPES.items()}


class NotWrapped(ValueError):
    """A file that is not a search file named `name` (a damaged, planted or earlier build's file)."""


def prefix(name: str) -> bytes:
    """The fixed start of the file called `name` (its path under search/ without the extension: c/<hash>, p/12,
    index), the callback's first argument by which search.js tells which file has arrived."""
    return f'{CALLBACK}("{name}",'.encode("ascii")


def wrap_bytes(name: str, data: bytes) -> bytes:
    """The file `name` holding `data` (gzip bytes) as a JavaScript string read as windows-1252."""
    body = data.decode("latin-1").translate(_ESCAPE_MAP).encode("latin-1")
    return prefix(name) + b'"' + body + b'"' + SUFFIX


def wrap_json(name: str, value: Any) -> bytes:
    """The file `name` holding `value` as JSON (ASCII: the same text in any encoding the browser reads it with)."""
    return prefix(name) + json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii") + SUFFIX


def _payload(name: str, data: bytes) -> bytes:
    head = prefix(name)
    if not data.startswith(head) or not data.endswith(SUFFIX):
        raise NotWrapped(f"not the search file {name}")
    return data[len(head):-len(SUFFIX)]


def unwrap_bytes(name: str, data: bytes) -> bytes:
    """The bytes `wrap_bytes` wrapped; NotWrapped for anything else."""
    body = _payload(name, data)
    if len(body) < 2 or body[:1] != b'"' or body[-1:] != b'"':
        raise NotWrapped(f"the search file {name} holds no string")
    body, out, at = body[1:-1], bytearray(), 0
    while (slash := body.find(b"\\", at)) >= 0:
        byte = _UNESCAPES.get(body[slash:slash + 2])
        if byte is None:
            raise NotWrapped(f"the search file {name} holds an unknown escape")
        out += body[at:slash] + byte
        at = slash + 2
    return bytes(out + body[at:])


def unwrap_json(name: str, data: bytes) -> Any:
    """The value `wrap_json` wrapped; NotWrapped for anything else."""
    try:
        return json.loads(_payload(name, data))
    except ValueError as error:
        raise NotWrapped(f"the search file {name} holds no JSON") from error
