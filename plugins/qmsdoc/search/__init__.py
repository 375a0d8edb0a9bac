"""qmsdoc's own site search: records of the pages (records.py), words cut as the browser cuts a query
(tokens.py, language.py), an index a query downloads a piece at a time (index.py) and the browser side
(assets/search.js). Free of MkDocs: the site adapter hands it pages (site/search.py)."""

from __future__ import annotations

from .index import IndexedPage, IndexWriter, indexed, read_pages
from .language import SearchLanguage, search_language
from .records import PageRecord, Section, record

__all__ = ["IndexWriter", "IndexedPage", "PageRecord", "SearchLanguage", "Section", "indexed", "read_pages", "record",
           "search_language"]
