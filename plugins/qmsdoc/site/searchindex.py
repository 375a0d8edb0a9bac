"""A complete search index after a dirty rebuild. Material's search plugin indexes the pages it is shown, and
`mkdocs build --dirty` shows it only the pages it rebuilds: its search_index.json then lists those pages alone
(2,000 documents, one edit: 15 entries instead of 31,000). The search cache (segcache.py) keeps each page's
entries and which entries each page had last; a build writes the index from this build's pages and the kept
entries of the pages it did not rebuild, in MkDocs' page order — the bytes a full build writes. A page whose
entries are not kept is rebuilt (plugin.py), so the index never lacks a page.

A page that is not rebuilt has the same HTML, title and table of contents as when it was indexed (the dirty
fingerprints say so), so its entries are the same too."""

from __future__ import annotations

import json
from typing import Any

from .segcache import Entries, SegmentCache


class SearchEntries:
    """Each page's search entries (by source URI): from this build, or kept by the search cache."""

    def __init__(self, index: Any, cache: SegmentCache) -> None:
        self.index = index  # Material's SearchIndex
        self.cache = cache
        self.current: dict[str, Entries] = {}
        self.order: list[str] = []  # the pages of this build, in the order MkDocs builds (and Material indexes) them
        self.reused = 0  # pages whose entries came from an earlier build in the last index written
        self._seen = 0

    def kept(self, src_uri: str) -> Entries | None:
        return self.cache.entries_of(src_uri)

    def has(self, src_uri: str) -> bool:
        return self.kept(src_uri) is not None

    def page_indexed(self, src_uri: str) -> None:
        """Material has just indexed this page: the entries it added since the last page are this page's."""
        self.current[src_uri] = self.index.entries[self._seen:]
        self._seen = len(self.index.entries)

    def install(self) -> None:
        """Have Material write the whole index (as its own `generate_search_index` does, with the kept entries)."""
        def generate(_previous: object) -> str:
            config = {key: self.index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
            docs: Entries = []
            self.reused = 0
            for uri in self.order:
                entries = self.current.get(uri)
                if entries is None:
                    entries = self.kept(uri)
                    self.reused += entries is not None
                docs += entries or []
            return json.dumps({"config": config, "docs": docs}, separators=(",", ":"), default=str)

        self.index.generate_search_index = generate
