"""Chinese search segmentation (jieba, run by Material's search plugin) cached by text hash, so a
rebuild segments only the sections whose text changed. Kept on disk beside the dirty cache (JSON:
text hash → segmented text) and in memory for `mkdocs serve`. The key includes jieba's version and
the dictionaries Material was told to load, so a new dictionary segments everything afresh."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.paths import SEARCH_SEGMENTS

CACHE_NAME = SEARCH_SEGMENTS
Segment = Callable[[str], str]


def dictionary_salt(search_config: Any) -> str:
    """What segmentation depends on besides the text: jieba's version and any configured dictionaries."""
    try:
        import jieba

        parts = [str(getattr(jieba, "__version__", ""))]
    except ImportError:
        parts = ["no-jieba"]
    for key in ("jieba_dict", "jieba_dict_user"):
        value = search_config.get(key) if hasattr(search_config, "get") else None
        if value:
            try:
                parts.append(hashlib.sha256(Path(value).read_bytes()).hexdigest())
            except OSError:
                parts.append(f"missing:{value}")
    return "|".join(parts)


class SegmentCache:
    def __init__(self, salt: str) -> None:
        self.salt = salt
        self.entries: dict[str, str] = {}
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def load(self, path: Path) -> None:
        """Entries from an earlier build; anything unreadable or made with other dictionaries is ignored."""
        try:
            stored = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return
        entries = stored.get("entries") if isinstance(stored, dict) and stored.get("salt") == self.salt else None
        if isinstance(entries, dict):
            self.entries.update({k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, str)})

    def wrap(self, segment: Segment) -> Segment:
        def cached(data: str) -> str:
            key = hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()
            self.used.add(key)
            hit = self.entries.get(key)
            if hit is not None:
                self.hits += 1
                return hit
            self.misses += 1
            self.entries[key] = result = segment(data)
            return result
        cached.__wrapped__ = segment  # type: ignore[attr-defined]
        return cached

    def save(self, path: Path, *, prune: bool) -> None:
        """Write atomically; `prune` (a full build) drops texts no page has any more."""
        if prune:
            self.entries = {k: v for k, v in self.entries.items() if k in self.used}
        self.used = set()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".segments-", dir=path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"salt": self.salt, "entries": self.entries}, out, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)


def install(plugins: Any, cache: SegmentCache) -> bool:
    """Route Material's search segmentation through `cache`; False when search or jieba is absent."""
    search = plugins.get("material/search") if hasattr(plugins, "get") else None
    index = getattr(search, "search_index", None)
    segment = getattr(index, "_segment_chinese", None)
    if index is None or segment is None:
        return False
    try:
        import jieba  # noqa: F401 - Material segments only with jieba
    except ImportError:
        return False
    original = getattr(segment, "__wrapped__", segment)
    index._segment_chinese = cache.wrap(original)
    return True
