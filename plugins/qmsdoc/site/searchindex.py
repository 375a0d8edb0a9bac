"""A complete search index after a dirty rebuild. Material's search plugin indexes the pages it is shown, and
`mkdocs build --dirty` shows it only the pages it rebuilds: its search_index.json then lists those pages alone
(2,000 documents, one edit: 15 entries instead of 31,000). Each page's entries are kept here, serialised the way
Material writes them, by page; a build writes the index from this build's pages and the kept entries of the pages
it did not rebuild, in MkDocs' page order — the bytes a full build writes. A page whose entries are not kept is
rebuilt (plugin.py), so the index never lacks a page.

A page that is not rebuilt has the same HTML, title and table of contents as when it was indexed (the dirty
fingerprints say so), so its entries are the same too; the cache's salt adds what else shapes them: Material's
version and the Chinese segmentation's dictionaries. On disk a pickle of plain strings, read with no class allowed."""

from __future__ import annotations

import io
import json
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.paths import SEARCH_ENTRIES

CACHE_NAME = SEARCH_ENTRIES


class _NoClasses(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the search entry cache")


def _entries_json(entries: Sequence[object]) -> str:
    """Entries as they appear inside Material's `"docs":[…]` (json.dumps is compositional: joined with commas,
    the parts are exactly the list's serialisation)."""
    return ",".join(json.dumps(entry, separators=(",", ":"), default=str) for entry in entries)


class SearchEntries:
    """Each page's search entries (by source URI) from earlier builds and from this one."""

    def __init__(self, index: Any, salt: str) -> None:
        self.index = index  # Material's SearchIndex
        self.salt = salt
        self.previous: dict[str, str] = {}
        self.current: dict[str, str] = {}
        self.order: list[str] = []  # the pages of this build, in the order MkDocs builds (and Material indexes) them
        self.reused = 0  # pages whose entries came from an earlier build in the last index written
        self._seen = 0

    def load(self, path: Path) -> None:
        try:
            stored = _NoClasses(io.BytesIO(path.read_bytes())).load()
        except Exception:  # noqa: BLE001 - an unreadable or foreign cache is not used: every page is rebuilt
            return
        pages = stored.get("pages") if isinstance(stored, dict) and stored.get("salt") == self.salt else None
        if isinstance(pages, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in pages.items()):
            self.previous = pages

    def has(self, src_uri: str) -> bool:
        return src_uri in self.previous

    def page_indexed(self, src_uri: str) -> None:
        """Material has just indexed this page: the entries it added since the last page are this page's."""
        entries = self.index.entries[self._seen:]
        self._seen = len(self.index.entries)
        self.current[src_uri] = _entries_json(entries)

    def pages(self) -> dict[str, str]:
        """Every page of this build with its entries: rebuilt now, or kept from the build that last indexed it."""
        return {uri: self.current[uri] if uri in self.current else self.previous.get(uri, "") for uri in self.order}

    def install(self) -> None:
        """Have Material write the whole index (its own `generate_search_index`, with the kept entries)."""
        def generate(_previous: object) -> str:
            config = {key: self.index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
            pages = self.pages()
            self.reused = sum(1 for uri in self.order if uri not in self.current and uri in self.previous)
            docs = ",".join(part for part in pages.values() if part)
            return '{"config":' + json.dumps(config, separators=(",", ":"), default=str) + ',"docs":[' + docs + "]}"

        self.index.generate_search_index = generate

    def save(self, path: Path) -> None:
        """Atomically; a failure only costs the next dirty build a rebuild of every page."""
        try:
            fd, tmp = tempfile.mkstemp(prefix=".search-entries-", dir=path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump({"salt": self.salt, "pages": self.pages()}, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
