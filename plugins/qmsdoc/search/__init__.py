"""qmsdoc's own site search: records of the pages (records.py), words cut as the browser cuts a query
(tokens.py, language.py), an index a query downloads a piece at a time (index.py) and the browser side
(assets/search.js). Free of MkDocs: the site adapter hands it pages (site/search.py).

The names below are imported when first asked for: the package's one fold of Traditional to Simplified characters
(hant.py) is read by core (names.name_key) without loading the index and jieba for every `qmsdoc check`."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .index import IndexedPage, IndexWriter, indexed, read_pages
    from .language import SearchLanguage, search_language
    from .records import PageRecord, Section, record

__all__ = ["IndexWriter", "IndexedPage", "PageRecord", "SearchLanguage", "Section", "indexed", "read_pages", "record",
           "search_language"]
_FROM = {"IndexWriter": ".index", "IndexedPage": ".index", "indexed": ".index", "read_pages": ".index",
         "SearchLanguage": ".language", "search_language": ".language", "PageRecord": ".records",
         "Section": ".records", "record": ".records"}


def __getattr__(name: str) -> Any:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module, __name__), name)
