"""Material's search work cached across builds: each page's index entries by what they are made from
(its HTML, table of contents, address and search meta), so a rebuild neither re-parses nor re-segments
an unchanged page, and the Chinese segmentation (jieba) by text hash, so a changed page segments only
its new text (and text repeated across pages is segmented once). Kept on disk beside the dirty cache
(JSON) and in memory for `mkdocs serve`. The salt holds jieba's and Material's versions and the
dictionaries Material was told to load: any of them changing starts afresh."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from ..core.cachefile import json_writer, save_cache
from ..core.paths import SEARCH_SEGMENTS

CACHE_NAME = SEARCH_SEGMENTS
Segment = Callable[[str], str]
Entries = list[dict[str, Any]]


def dictionary_salt(search_config: Any) -> str:
    """What the entries depend on besides the page: jieba's and Material's versions, configured dictionaries."""
    try:
        import jieba

        parts = [str(getattr(jieba, "__version__", ""))]
    except ImportError:
        parts = ["no-jieba"]
    try:
        parts.append(metadata.version("mkdocs-material"))
    except metadata.PackageNotFoundError:
        parts.append("no-material")
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
        self.pages: dict[str, Entries] = {}
        self.used_pages: set[str] = set()
        self.page_keys: dict[str, str] = {}  # each page (source URI) → the key of the entries it had last
        self.seen_uris: set[str] = set()
        self.page_hits = self.page_misses = 0

    def load(self, path: Path) -> None:
        """Entries from an earlier build; anything unreadable or made with other dictionaries is ignored."""
        try:
            stored = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(stored, dict) or stored.get("salt") != self.salt:
            return
        entries, pages, keys = stored.get("entries"), stored.get("pages"), stored.get("page_keys")
        if isinstance(entries, dict):
            self.entries.update({k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, str)})
        if isinstance(pages, dict):
            self.pages.update({k: v for k, v in pages.items() if isinstance(v, list)
                               and all(isinstance(e, dict) and isinstance(e.get("location"), str) for e in v)})
        if isinstance(keys, dict):
            self.page_keys.update({k: v for k, v in keys.items() if isinstance(k, str) and isinstance(v, str)})

    def entries_of(self, src_uri: str) -> Entries | None:
        """The entries the page had when it was last indexed, if they are kept."""
        key = self.page_keys.get(src_uri)
        return self.pages.get(key) if key is not None else None

    def page_entries(self, src_uri: str, key: str, index: Callable[[], Entries]) -> Entries:
        """The search entries of the page described by `key`: remembered, or made by `index`."""
        self.page_keys[src_uri] = key
        self.seen_uris.add(src_uri)
        self.used_pages.add(key)
        hit = self.pages.get(key)
        if hit is not None:
            self.page_hits += 1
            return hit
        self.page_misses += 1
        self.pages[key] = made = index()
        return made

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
        """Write atomically; `prune` (a full build) drops pages and texts the site no longer has."""
        if prune:
            self.page_keys = {k: v for k, v in self.page_keys.items() if k in self.seen_uris}
            self.pages = {k: v for k, v in self.pages.items() if k in self.used_pages}
            # A remembered page segmented nothing this time: its segmented texts stay for its next edit.
            shown = {entry.get(part) for entries in self.pages.values() for entry in entries for part in ("title", "text")}
            self.entries = {k: v for k, v in self.entries.items() if k in self.used or v in shown}
        self.used, self.used_pages, self.seen_uris = set(), set(), set()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        save_cache(path, json_writer({"salt": self.salt, "entries": self.entries, "pages": self.pages,
                                     "page_keys": self.page_keys}))


def page_key(page: Any) -> str:
    """Everything Material's search reads of a page to make its entries (search.add_entry_from_context)."""
    meta = page.meta
    described = [page.url, str(page.title), meta.get("title"), meta.get("tags"), meta.get("search"),
                 _toc(page.toc), page.content]
    return hashlib.sha256(json.dumps(described, ensure_ascii=False, default=str).encode("utf-8",
                                                                                      "surrogatepass")).hexdigest()


def _toc(items: Any) -> list[Any]:
    return [[item.id, item.url, item.title, _toc(item.children)] for item in items]


def install(plugins: Any, cache: SegmentCache, *, segment: bool = True) -> bool:
    """Route Material's search indexing of each page, and its segmentation, through `cache`; False when
    the search plugin is absent (segmentation is routed only where jieba is installed). `segment=False`
    (a site not in Chinese): Material's jieba segmentation is switched off."""
    search = plugins.get("material/search") if hasattr(plugins, "get") else None
    index = getattr(search, "search_index", None)
    add = getattr(index, "add_entry_from_context", None)
    if index is None or add is None or not isinstance(getattr(index, "entries", None), list):
        return False
    add = getattr(add, "__wrapped__", add)

    def add_entries(page: Any) -> None:
        start = len(index.entries)

        def made() -> Entries:
            add(page)
            return list(index.entries[start:])  # what Material's own indexing appended

        entries = cache.page_entries(page.file.src_uri, page_key(page), made)
        if len(index.entries) == start:  # remembered: Material's indexing did not run
            index.entries.extend(entries)

    add_entries.__wrapped__ = add  # type: ignore[attr-defined]
    index.add_entry_from_context = add_entries
    if not segment:
        index._segment_chinese = _unsegmented
        return True
    segmenter = getattr(index, "_segment_chinese", None)
    try:
        import jieba  # noqa: F401 - Material segments only with jieba
    except ImportError:
        return True
    if segmenter is not None:
        index._segment_chinese = cache.wrap(getattr(segmenter, "__wrapped__", segmenter))
    return True


def _unsegmented(data: str) -> str:
    return data
