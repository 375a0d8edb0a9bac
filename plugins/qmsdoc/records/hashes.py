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


OUTPUT_SUFFIXES = (".html", ".docx", ".pdf")  # the files the manifest lists
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
        self.listed: dict[str, os.stat_result] = {}  # what the last `listing` found
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
            relative = path.relative_to(self.root).as_posix()
        except ValueError:
            return sha256_file(path)
        return self.digest(relative, stat)

    def digest(self, relative: str, stat: os.stat_result | None = None) -> str:
        """The hash of the file at `relative` (`/`-separated, under `root`): by its stat from `stat`, else from
        the last `listing`, else read now. No path object is made for a file the cache knows: 12,000 of them
        (the manifest's files and the register's Word copies) cost a quarter of a second at 2,000 documents."""
        if stat is None:
            stat = self.listed.get(relative)
        if stat is None:
            try:
                stat = os.stat(os.path.join(self.root, relative))
            except OSError:  # no such file (as `sha256_file` says of it)
                return ""
        signature = _signature(stat)
        known = self.known.get(relative)
        if known is not None and known[0] == signature:
            self.now[relative] = known
            return known[1]
        digest = sha256_file(self.root / relative)
        self.read += 1
        if digest and stat.st_ctime_ns < time.time_ns() - RACY_NS:
            self.now[relative] = (signature, digest)
        return digest

    def listing(self, suffixes: tuple[str, ...] = OUTPUT_SUFFIXES) -> list[tuple[str, os.stat_result]]:
        """Every file under `root` whose name ends in one of `suffixes` (relative, `/`-separated) with its
        stat, in path order; the stats are kept for `digest`. One scandir a folder: os.walk with an isfile
        and then a stat for each of the 7,000 files cost half a second of a one-edit rebuild at 2,000
        documents. Symlinked folders are not entered; a symlinked file is listed as the file it points to."""
        found: list[tuple[tuple[str, ...], os.stat_result]] = []
        folders: list[tuple[str, tuple[str, ...]]] = [(str(self.root), ())]
        while folders:
            folder, parts = folders.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((entry.path, (*parts, entry.name)))
                    elif entry.name.endswith(suffixes) and entry.is_file():
                        found.append(((*parts, entry.name), entry.stat()))
                except OSError:  # gone or unreadable since the folder was listed
                    continue
        found.sort(key=lambda item: item[0])
        listed = [("/".join(parts), stat) for parts, stat in found]
        self.listed = dict(listed)
        return listed

    def save(self) -> None:
        """Atomically, into `root` (a folder qmsdoc writes); a failure only costs the next run time."""
        if self.now == self.known and (self.root / HASH_CACHE).is_file():
            return  # the file holds these already (a rebuild that changed no page or copy)
        save_cache(self.root / HASH_CACHE, json_writer({k: [list(v[0]), v[1]] for k, v in sorted(self.now.items())},
                                                       depth=1))
