"""A parse cache per source file, keyed by its content hash: a warm `qmsdoc check` re-parses only the
files whose bytes changed. The file is always read (the hash is of the bytes read now), so the cache
can never describe another version of a source; rules still run over the whole corpus, so findings
across files (references, registers) are always computed from the current corpus.

On disk it is a restricted pickle (only the classes below load), so a tampered or corrupt cache is
ignored, never fatal and never a way to run code."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

from .config import Config, ConfigError
from .outputs import claim, is_marked, refuse_unsafe
from .paths import PARSE_CACHE
from .source import SourceText

CACHE_NAME = PARSE_CACHE
_ALLOWED = {("qmsdoc.core.source", "SourceText"), ("qmsdoc.core.findings", "Finding"),
            ("qmsdoc.core.findings", "Severity"), ("builtins", "set"), ("builtins", "frozenset")}
_CODE = ("source.py", "schemas.py", "findings.py", "schema/document.json", "schema/form.json", "schema/manual.json")


def _code_version() -> str:
    """Changes whenever the parser or the schemas change: their cached results are then dropped."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _CODE:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


class _Restricted(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the parse cache")


def _loads(blob: bytes) -> object:
    return _Restricted(io.BytesIO(blob)).load()


class ParseCache:
    """Parsed-and-validated sources by (kind, path, sha256). Entries are stored pickled, and every hit
    is a fresh copy, so a caller mutating a SourceText never changes the cache."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.version = _code_version()
        self.entries: dict[str, bytes] = {}
        self.used: set[str] = set()
        self.hits = self.misses = 0
        if path is not None:
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            blob = path.read_bytes()
            stored = _loads(blob)
        except Exception:  # noqa: BLE001 - any unreadable or foreign cache is simply not used
            return
        if (isinstance(stored, dict) and stored.get("version") == self.version
                and isinstance(stored.get("entries"), dict)
                and all(isinstance(k, str) and isinstance(v, bytes) for k, v in stored["entries"].items())):
            self.entries = stored["entries"]

    def parsed(self, raw: SourceText, kind: str, parse: Callable[[SourceText], tuple[SourceText, bool]]
               ) -> tuple[SourceText, bool]:
        """`parse(raw)` (the parsed source and whether it parsed cleanly), from the cache when these
        exact bytes were parsed before. `raw` carries the bytes' hash from this read."""
        if raw.findings or not raw.sha256:
            return parse(raw)
        key = f"{kind}\0{raw.path}\0{raw.sha256}"
        self.used.add(key)
        blob = self.entries.get(key)
        if blob is not None:
            try:
                entry = _loads(blob)
                if (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], SourceText)
                        and entry[0].sha256 == raw.sha256 and isinstance(entry[1], bool)):
                    self.hits += 1
                    return entry[0], entry[1]
            except Exception:  # noqa: BLE001 - a damaged entry is parsed again
                pass
        self.misses += 1
        src, ok = parse(raw)
        self.entries[key] = pickle.dumps((src, ok), protocol=pickle.HIGHEST_PROTOCOL)
        return src, ok  # the cache holds a snapshot in bytes: the caller may mutate this object

    def prune(self) -> None:
        """Forget entries this run did not use (old versions of edited files), e.g. between serve rebuilds."""
        self.entries = {k: v for k, v in self.entries.items() if k in self.used}
        self.used = set()

    def save(self, into: Path | None = None) -> None:
        """Write the entries this run used (others are dropped) to `into` (default: where it was read),
        atomically, and only into a folder qmsdoc owns; failures are not fatal."""
        target = into or self.path
        if target is None:
            return
        self.prune()
        folder = target.parent
        try:
            if not folder.exists() or (folder.is_dir() and not is_marked(folder) and not any(folder.iterdir())):
                claim(folder)  # a new build/ is marked as ours, as `qmsdoc build` would
            if not is_marked(folder):
                return
            fd, tmp = tempfile.mkstemp(prefix=".parse-cache-", dir=folder)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump({"version": self.version, "entries": self.entries}, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except OSError:
            Path(tmp).unlink(missing_ok=True)


def build_dir_cache(config: Config) -> ParseCache:
    """The cache kept in build/ beside the dirty cache; in memory only when build/ is not ours to write."""
    try:
        folder = refuse_unsafe(config.build_path, config, "输出目录 build_dir", config.build_dir)
    except ConfigError:
        return ParseCache(None)
    return ParseCache(folder / CACHE_NAME)
