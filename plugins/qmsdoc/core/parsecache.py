"""A cache per source file, keyed by its content hash: a warm `qmsdoc check` re-parses only the files
whose bytes changed, and re-runs the per-file rules only for them (rules/__init__.py says which rules
are per-file and what else their key holds). The file is always read (the hash is of the bytes read
now), so the cache can never describe another version of a source; rules across files (references,
registers, git history, the file system) run over the whole current corpus on every check.

On disk it is a restricted pickle (only the classes below load), so a tampered or corrupt cache is
ignored, never fatal and never a way to run code."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import stat
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from . import i18n
from .cachefile import save_cache
from .config import Config, ConfigError
from .i18n import t
from .outputs import claim, is_marked, refuse_unsafe
from .paths import PARSE_CACHE
from .revision import fingerprint as scheme_fingerprint
from .source import SourceText, read_text

# A file whose status was taken at least this long after it was last written is not re-read while its status is
# unchanged: any later write gives it a newer time (git's rule against "racy" files; two seconds covers the
# coarsest file-system clocks).
SETTLED_NS = 2_000_000_000

CACHE_NAME = PARSE_CACHE
T = TypeVar("T")
_ALLOWED = {("qmsdoc.core.source", "SourceText"), ("qmsdoc.core.findings", "Finding"),
            ("qmsdoc.core.findings", "Severity"), ("builtins", "set"), ("builtins", "frozenset"),
            ("qmsdoc.core.mdlinks", "Target"),
            *(("qmsdoc.core.structure", name) for name in ("Structure", "Heading", "Reference", "Clause", "BareCode"))}
_CODE = ("source.py", "schemas.py", "findings.py", "schema/document.json", "schema/form.json", "schema/manual.json")


def code_version(files: Iterable[Path]) -> str:
    """Changes whenever one of these source files changes: results cached under it are then dropped."""
    digest = hashlib.sha256()
    for path in files:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(str(path).encode())
    return digest.hexdigest()


def _code_version() -> str:
    """The parser's and the schemas' version."""
    here = Path(__file__).resolve().parent
    # findings are worded in the language, and a version is valid (QD004) and read in the project's scheme
    return code_version(here / name for name in _CODE) + i18n.fingerprint() + scheme_fingerprint()


class _Restricted(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the parse cache")


def _loads(blob: bytes) -> object:
    return _Restricted(io.BytesIO(blob)).load()


def copied(kept: T, **changes: object) -> T:
    """A shallow copy of a kept model object (a dataclass without slots) with `changes`: what
    `dataclasses.replace` gives, without running `__init__` again — a check copies thousands of them."""
    copy: T = object.__new__(type(kept))
    copy.__dict__.update(kept.__dict__)
    copy.__dict__.update(changes)
    return copy


def _own_findings(src: SourceText) -> SourceText:
    """A copy of a cached source sharing its parse but not its list of findings (the loader adds to it)."""
    return copied(src, findings=list(src.findings))


class ParseCache:
    """Parsed-and-validated sources by (kind, path, sha256). Entries are stored pickled, and every hit
    is a fresh copy, so a caller mutating a SourceText never changes the cache.

    A `resident` cache (the preview's, kept in memory for the life of the process) also keeps every entry it
    decoded, untouched, and hands out copies of it without decoding again: a source's copy shares the parsed
    data (nothing mutates it after the parse) but has its own list of findings (the loader adds to it); a list
    is copied; other values (a document's structure) are handed out as they are, read only by the rules.
    It also remembers what it read (`read`): a file whose status has not changed since is not read again, and
    the model the loader built from a source's bytes (`built`)."""

    def __init__(self, path: Path | None = None, *, resident: bool = False) -> None:
        self.path = path
        self.version = self.current_version()
        self.entries: dict[str, bytes] = {}
        self.decoded: dict[str, object] | None = {} if resident else None
        self.reads: dict[str, tuple[tuple[int, ...], str, str]] | None = {} if resident else None
        self.read_now: set[str] = set()  # the files this run asked `read` for (the others are forgotten)
        self.models: dict[str, object] = {}
        self.used: set[str] = set()
        self.hits = self.misses = 0
        self.rechecked: list[str] = []  # sources whose per-file rules ran in this check (not from the cache)
        if path is not None:
            self._load(path)

    @staticmethod
    def current_version() -> str:
        """What a cache made now would be keyed by (the parser's code and the language of its messages)."""
        return _code_version()

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

    def read(self, path: Path, display: str, max_bytes: int) -> SourceText:
        """`read_text(path, display, max_bytes)`. A resident cache answers from what it read before when the
        file's status (device, inode, size, modification and change times) is the one it had then and that
        read came after the file had settled (SETTLED_NS): only files written since are read again."""
        if self.reads is None:
            return read_text(path, display, max_bytes)
        now = time.time_ns()
        try:
            info = os.stat(path)
        except OSError:
            return read_text(path, display, max_bytes)
        status = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, max_bytes)
        self.read_now.add(display)
        known = self.reads.get(display)
        if known is not None and known[0] == status and stat.S_ISREG(info.st_mode):
            return SourceText(display, text=known[1], sha256=known[2])
        src = read_text(path, display, max_bytes)
        settled = now - max(info.st_mtime_ns, info.st_ctime_ns) >= SETTLED_NS
        if settled and not src.findings and src.sha256 and stat.S_ISREG(info.st_mode):
            self.reads[display] = (status, src.text, src.sha256)
        else:
            self.reads.pop(display, None)
        return src

    def parsed(self, raw: SourceText, kind: str, parse: Callable[[SourceText], tuple[SourceText, bool]]
               ) -> tuple[SourceText, bool]:
        """`parse(raw)` (the parsed source and whether it parsed cleanly), from the cache when these
        exact bytes were parsed before. `raw` carries the bytes' hash from this read."""
        if raw.findings or not raw.sha256:
            return parse(raw)
        key = f"{kind}\0{raw.path}\0{raw.sha256}"
        self.used.add(key)
        entry = self._decode(key)
        if (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], SourceText)
                and entry[0].sha256 == raw.sha256 and isinstance(entry[1], bool)):
            self.hits += 1
            return _own_findings(entry[0]), entry[1]
        self.misses += 1
        src, ok = parse(raw)
        self._store(key, (src, ok))
        return src, ok  # the cache holds a snapshot in bytes: the caller may mutate this object

    def _decode(self, key: str) -> object:
        """The entry under `key`, decoded (None if there is none or it is damaged); a resident cache decodes
        each entry once."""
        if self.decoded is not None and key in self.decoded:
            return self.decoded[key]
        blob = self.entries.get(key)
        if blob is None:
            return None
        try:
            value = _loads(blob)
        except Exception:  # noqa: BLE001 - a damaged entry is computed again
            return None
        if self.decoded is not None:
            self.decoded[key] = value
        return value

    def built(self, kind: str, src: SourceText, build: Callable[[], T], keep: Callable[[T], T],
              rebind: Callable[[T], T]) -> T:
        """`build()`, the model of a parsed source. A resident cache keeps `keep(model)` (what it may hold on to,
        e.g. without the manual of this load) when building added no finding to `src`, and answers
        `rebind(kept)` (joined to this load's source and manual) while these bytes are read again."""
        if self.decoded is None or not src.sha256:
            return build()
        key = f"built\0{kind}\0{src.path}\0{src.sha256}"
        self.used.add(key)
        kept = self.models.get(key)
        if kept is not None:
            return rebind(kept)  # type: ignore[arg-type]  # stored under this kind by this method
        found = len(src.findings)
        model = build()
        if len(src.findings) == found:
            self.models[key] = keep(model)
        return model

    def recall(self, key: str, kind: type[T]) -> T | None:
        """What `remember` stored under `key`, if it is still there and of the expected type."""
        self.used.add(key)
        value = self._decode(key)
        if isinstance(value, list):
            value = list(value)
        return value if isinstance(value, kind) else None

    def source(self, kind: str, path: str, sha256: str) -> SourceText | None:
        """The parse of an earlier version of a source (these bytes, read by an earlier check), kept while asked for."""
        entry = self.recall(f"{kind}\0{path}\0{sha256}", tuple)
        if entry and len(entry) == 2 and isinstance(entry[0], SourceText) and entry[0].sha256 == sha256:
            return _own_findings(entry[0])
        return None

    def remember(self, key: str, value: object) -> None:
        self.used.add(key)
        self._store(key, value)

    def _store(self, key: str, value: object) -> None:
        """Keep a snapshot of `value`; a resident cache decodes it at once (the first check after a preview
        starts decoded every entry the starting build had stored: half a second more for the first saved edit
        at 2,000 documents). Decoded from the bytes, it is untouched by what the caller does to `value`."""
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if self.entries.get(key) == blob and self.decoded is not None and key in self.decoded:
            return  # remembered again as it was (each check remembers which bytes matched an approval)
        self.entries[key] = blob
        if self.decoded is not None:
            self.decoded[key] = _loads(blob)

    def prune(self) -> None:
        """Forget entries this run did not use (old versions of edited files), e.g. between serve rebuilds."""
        self.entries = {k: v for k, v in self.entries.items() if k in self.used}
        if self.decoded is not None:
            self.decoded = {k: v for k, v in self.decoded.items() if k in self.used}
            self.models = {k: v for k, v in self.models.items() if k in self.used}
        if self.reads is not None:  # files no longer read (deleted, renamed) are forgotten
            self.reads = {k: v for k, v in self.reads.items() if k in self.read_now}
        self.used, self.read_now = set(), set()

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
        except OSError:
            return
        data = {"version": self.version, "entries": self.entries}
        save_cache(target, lambda out: pickle.dump(data, out, protocol=pickle.HIGHEST_PROTOCOL))


def build_dir_cache(config: Config) -> ParseCache:
    """The cache kept in build/ beside the dirty cache; in memory only when build/ is not ours to write."""
    try:
        folder = refuse_unsafe(config.build_path, config, t("folder.build_dir"), config.spelled("build_dir"),
                               key="build_dir")
    except ConfigError:
        return ParseCache(None)
    return ParseCache(folder / CACHE_NAME)
