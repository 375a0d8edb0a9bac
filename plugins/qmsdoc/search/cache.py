"""What the search index is made from, kept between builds (build/.qmsdoc-search-cache.json, and in memory
under `mkdocs serve`): each page's record and words by the fingerprint of what the page shows, jieba's cuts by
run of text (in memory only: within a build and across `mkdocs serve` rebuilds), and the hashes of the page
files last written into the site. An unchanged page is neither read again nor cut again; a dirty build writes
the whole index from the pages it rebuilt and the kept ones. The salt (format, language, jieba's version)
changing starts afresh."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..core.cachefile import json_writer, save_cache
from .index import FORMAT, PageTerms
from .language import SearchLanguage
from .records import PageRecord


def salt(language: SearchLanguage) -> str:
    try:
        import jieba

        version = str(getattr(jieba, "__version__", "")) if language.segment_han else "no-segmentation"
    except ImportError:
        version = "no-jieba"
    return f"{FORMAT}|{language.code}|{version}|{sorted(language.stop_words)}"


def record_hash(record: PageRecord) -> str:
    return hashlib.sha256(json.dumps(record.as_json(), ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


class SearchCache:
    def __init__(self, salt: str) -> None:
        self.salt = salt
        self.pages: dict[str, dict[str, Any]] = {}
        """Source URI → {"key": fingerprint, "hash": record hash, "record": …, "terms": …}."""
        self.cuts: dict[str, list[str]] = {}
        self.written: dict[str, str] = {}
        self.site = ""
        """The site folder `written` describes (page files are reused only when writing into the same one)."""

    def load(self, path: Path) -> None:
        try:
            stored = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(stored, dict) or stored.get("salt") != self.salt:
            return
        pages, written = stored.get("pages"), stored.get("written")
        if isinstance(pages, dict):
            self.pages.update({k: v for k, v in pages.items()
                               if isinstance(v, dict) and isinstance(v.get("hash"), str)})
        if isinstance(written, dict) and isinstance(stored.get("site"), str):
            self.written, self.site = {str(k): str(v) for k, v in written.items()}, stored["site"]

    def record(self, uri: str, key: str | None) -> PageRecord | None:
        """The page's record from an earlier build, if it was made from what the page shows now (`key`)."""
        kept = self.pages.get(uri)
        if kept is None or (key is not None and kept.get("key") != key):
            return None
        try:
            return PageRecord.from_json(kept["record"])
        except (KeyError, TypeError, ValueError):
            return None

    def terms(self, uri: str, digest: str) -> PageTerms | None:
        kept = self.pages.get(uri)
        if kept is None or kept.get("hash") != digest:
            return None
        try:
            return PageTerms.from_json(kept["terms"])
        except (KeyError, TypeError, ValueError):
            return None

    def keep(self, uri: str, key: str | None, record: PageRecord, digest: str, terms: PageTerms) -> None:
        self.pages[uri] = {"key": key, "hash": digest, "record": record.as_json(), "terms": terms.as_json()}

    def save(self, path: Path, pages: set[str]) -> None:
        """Keep the `pages` of this site."""
        self.pages = {k: v for k, v in self.pages.items() if k in pages}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        save_cache(path, json_writer({"salt": self.salt, "pages": self.pages, "written": self.written,
                                      "site": self.site}))
