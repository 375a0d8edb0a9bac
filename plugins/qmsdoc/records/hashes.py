"""SHA-256 of the build's output files, re-read only when a file changed: a `--dirty` rebuild or a
`mkdocs serve` reload rewrites a few pages, and the manifest should not read the thousands it did not.

A file counts as unchanged when its size, modification time, status-change time and inode are those
recorded with its hash (the signature git's index uses). The status-change time cannot be set back by
a program, so a file edited behind qmsdoc's back — even with its modification time restored — is read
again. A file changed in the last seconds before it was hashed is not remembered ("racily clean", as
git calls it: file times are coarse, so a second write in the same tick would keep the same times).
Kept beside the other caches in build/ (JSON); anything unreadable is simply not used."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from ..core.cachefile import json_writer, save_cache
from ..core.paths import HASH_CACHE


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB chunks (a huge file is never held in memory)."""
    if not path.is_file():
        return ""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


RACY_NS = 2_000_000_000  # file times tick in milliseconds; two seconds is far beyond any tick


def _signature(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


class FileHashes:
    """Hashes of files under `root` by their path relative to it; `save` keeps those asked for this run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.known: dict[str, tuple[list[int], str]] = {}
        self.now: dict[str, tuple[list[int], str]] = {}
        self.read = 0  # files hashed in this run (the rest came from the cache)
        try:
            stored = json.loads((root / HASH_CACHE).read_text("utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(stored, dict):
            self.known = {k: (v[0], v[1]) for k, v in stored.items()
                          if isinstance(k, str) and isinstance(v, list) and len(v) == 2 and isinstance(v[1], str)
                          and isinstance(v[0], list) and len(v[0]) == 4 and all(isinstance(n, int) for n in v[0])}

    def sha256(self, path: Path, stat: os.stat_result | None = None) -> str:
        """`stat`: the file's, if the caller has just read it."""
        try:
            stat = stat or path.stat()
            relative = path.relative_to(self.root).as_posix()
        except (OSError, ValueError):
            return sha256_file(path)
        signature = _signature(stat)
        known = self.known.get(relative)
        if known is not None and known[0] == signature:
            self.now[relative] = known
            return known[1]
        digest = sha256_file(path)
        self.read += 1
        if digest and stat.st_ctime_ns < time.time_ns() - RACY_NS:
            self.now[relative] = (signature, digest)
        return digest

    def save(self) -> None:
        """Atomically, into `root` (a folder qmsdoc writes); a failure only costs the next run time."""
        save_cache(self.root / HASH_CACHE, json_writer({k: [list(v[0]), v[1]] for k, v in sorted(self.now.items())}))
