"""What the search index is made from, kept between builds (build/.qmsdoc-search-cache.json, and in memory
under `mkdocs serve`): each page's record and words by the fingerprint of what the page shows, jieba's cuts by
run of text and the hashes of the page files last written into the site (both in memory only: within a build
and across `mkdocs serve` rebuilds). A page's postings depend on the page alone (index.AVERAGE_WORDS), so a
kept page is added to the next index as it is: an unchanged page is neither read again nor cut again, and a
dirty build writes the whole index from the pages it rebuilt and the kept ones. The salt (format, language,
jieba's version) changing starts afresh."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from ..core.cachefile import KeptText, save_cache
from .encoded import EncodedPostings
from .index import FORMAT, POSTINGS, IndexedPage, Postings
from .jiebadict import load_jieba
from .language import SearchLanguage
from .records import PageRecord


def salt(language: SearchLanguage) -> str:
    if not language.segment_han:
        version = "no-segmentation"
    else:
        jieba = load_jieba()
        version = "no-jieba" if jieba is None else str(getattr(jieba, "__version__", ""))
        if language.traditional:  # cut through the Simplified form: an earlier build's cuts of it are not these
            version += "+simplified-form"
    return f"{FORMAT}.{POSTINGS}|{language.code}|{version}|{sorted(language.stop_words)}"


class SearchCache:
    def __init__(self, salt: str) -> None:
        self.salt = salt
        self.pages: dict[str, dict[str, Any]] = {}
        """Source URI → {"key": fingerprint, "digest": page file hash, "content": page file, "postings": …}."""
        self.cuts: dict[str, list[str]] = {}
        self.written: dict[str, str] = {}
        self.pending: dict[str, tuple[str | None, PageRecord]] = {}
        """Pages built whose words are not in an index yet (memory only: `mkdocs serve`/`qmsdoc serve` write the
        index once idle, and a build that comes first must not render those pages again): source URI → (the
        fingerprint of what the page showed, its record)."""
        self.file = KeptText()
        """The cache file last loaded (its pages written again from it)."""
        self.raw: dict[str, tuple[dict[str, Any], int, int]] = {}
        """Source URI → (the entry loaded from `file`, where its member starts and stops there): written again
        as it was while `pages` holds that same entry."""
        self.site = ""
        self.encoded: EncodedPostings | None = None
        """The last index's postings as encoded (search/encoded.py): the next index encodes only what changed."""
        self.encoded_kept: EncodedPostings | None = None
        """The encoding the postings file holds (loaded or last saved): not written again."""
        """The site folder `written` describes (page files are reused only when writing into the same one, in
        one process: not kept in the file)."""

    def load(self, path: Path) -> None:
        try:
            text = path.read_text("utf-8")
        except (OSError, ValueError):
            return
        file = KeptText.read(text, "pages")
        try:
            stored = json.loads(text) if file is None else {"salt": file.salt,
                                                            "pages": {k: v for k, (v, *_) in file.members.items()}}
        except ValueError:
            return
        if not isinstance(stored, dict) or stored.get("salt") != self.salt:
            return
        pages = stored.get("pages")
        if isinstance(pages, dict):
            kept = {k: v for k, v in pages.items() if _valid(v)}
            self.pages.update(kept)
            if file is not None:  # where each kept page is in the file, to write it again as it is there
                self.file, self.raw = file, {k: (kept[k], *file.members[k][1:]) for k in kept}

    def load_postings(self, path: Path) -> None:
        encoded = EncodedPostings.load(path)
        if encoded is not None and encoded.salt == self.salt:
            self.encoded = self.encoded_kept = encoded

    def postings_by_digest(self) -> dict[str, Postings]:
        """Each kept page's postings by the hash of its page file (a page's postings are made from that file alone,
        under the salt): the postings of the pages the last index was made from, which a patch of it takes out."""
        return {entry["digest"]: entry["postings"] for entry in self.pages.values()}

    def save_postings(self, path: Path, encoded: EncodedPostings) -> None:
        self.encoded = encoded
        if encoded is not self.encoded_kept and encoded.save(path):
            self.encoded_kept = encoded

    def kept(self, uri: str, key: str | None = None, digest: str | None = None) -> IndexedPage | None:
        """The page as an earlier build indexed it, if it was made from what the page shows now (`key`) or has
        the same content (`digest`)."""
        kept = self.pages.get(uri)
        if kept is None or (key is not None and kept.get("key") != key) or (
                digest is not None and kept.get("digest") != digest):
            return None
        try:
            content, postings = kept["content"], kept["postings"]
            return IndexedPage(content.encode("utf-8", "surrogatepass"), str(kept["digest"]), postings)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def wait(self, uri: str, key: str | None, page: PageRecord) -> None:
        """The record of a page just built, until an index holds its words (`keep`)."""
        self.pending[uri] = (key, page)

    def waiting(self, uri: str, key: str | None) -> PageRecord | None:
        """The record of the page as it shows now (`key`), built but not yet in an index."""
        entry = self.pending.get(uri)
        return entry[1] if entry is not None and entry[0] == key else None

    def has(self, uri: str, key: str | None) -> bool:
        """Whether the page, as it shows now (`key`), is indexed or waits to be (nothing to render again)."""
        return self.waiting(uri, key) is not None or self.kept(uri, key) is not None

    def keep(self, uri: str, key: str | None, page: IndexedPage) -> None:
        self.pending.pop(uri, None)
        entry = self.pages.get(uri)
        if entry is not None and entry.get("key") == key and entry.get("digest") == page.digest and entry.get(
                "postings") is page.postings:
            return  # the kept page itself (`kept`): the entry stays, and with it its text in the file (`raw`)
        self.pages[uri] = {"key": key, "digest": page.digest, "content": page.content.decode("utf-8", "surrogatepass"),
                           "postings": page.postings}

    def save(self, path: Path, pages: set[str]) -> None:
        """Keep the `pages` of this site."""
        self.pages = {k: v for k, v in self.pages.items() if k in pages}
        self.pending = {k: v for k, v in self.pending.items() if k in pages}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        # `written` and `site` stay in memory (mkdocs serve writes into one folder): a build writes into a new
        # temporary folder each time, and its cache file must not differ between two builds of the same sources.
        save_cache(path, self._writer())

    def _writer(self) -> Callable[[BinaryIO], None]:
        """The pages kept unchanged since they were read copied from the file's text (`KeptText`): encoding the
        5,000 pages of a 2,000-document site again took 0.2–0.3 s of a one-edit rebuild."""
        unchanged = {uri: (start, stop) for uri, (entry, start, stop) in self.raw.items()
                     if self.pages.get(uri) is entry}
        writer = self.file.writer(self.salt, "pages", self.pages, unchanged)
        self.file, self.raw = KeptText(), {}  # what is written now is the file from here on; a load reads it again
        return writer


def _valid(entry: Any) -> bool:
    """A kept page as this module writes it (a damaged cache entry is dropped, never indexed)."""
    if not (isinstance(entry, dict) and isinstance(entry.get("digest"), str) and isinstance(entry.get("content"), str)):
        return False
    try:
        entry["postings"] = Postings.from_json(entry.get("postings"))
    except ValueError:
        return False
    return True
