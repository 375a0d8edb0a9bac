"""The site's search, as MkDocs builds it: which pages are searched (SiteModel.search_pages), their records
taken from the HTML qmsdoc wrote for them as each page is built, and the index written after the build
(search/index.py) — from this build's pages and, in a dirty build, the kept records of the pages it did not
rebuild. Material's own search plugin is switched off where a mkdocs.yml still lists it: it would index
every page a second time and show its own box."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core.config import Config as ProjectConfig
from ..core.paths import SEARCH_CACHE, SEARCH_POSTINGS
from ..search import IndexWriter, PageRecord, record, search_language
from ..search.cache import SearchCache, salt
from ..search.index import IndexedPage, page_file, page_postings
from ..search.tokens import Tokenizer, jieba_segmenter

SCRIPT = "assets/qmsdoc/search.js"
_MATERIAL_SEARCH_ASSETS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
_CACHES: dict[Path, SearchCache] = {}


@dataclass(frozen=True)
class SearchPage:
    """A page in the search index: its result title (None: the page's own), control numbers and rank boost."""

    title: str | None
    tags: tuple[str, ...]
    boost: float


def switch_off_material_search(config: MkDocsConfig) -> bool:
    """A mkdocs.yml that still lists Material's `search` plugin: it does nothing (True when it was listed)."""
    plugin = config.plugins.get("material/search")
    options = getattr(plugin, "config", None)
    if options is None:
        return False
    options.enabled = False
    return True


def add_script(files: Files, config: MkDocsConfig) -> None:
    """The browser side of the search, and no copy of Material's search worker and lunr in the site."""
    for file in list(files):
        if file.src_uri.startswith(_MATERIAL_SEARCH_ASSETS) and file.abs_src_path and "material" in file.abs_src_path:
            files.remove(file)
    script = resources.files("qmsdoc.search").joinpath("assets/search.js").read_text("utf-8")
    files.append(File.generated(config, SCRIPT, content=without_comment_lines(script)))
    if SCRIPT not in config.extra_javascript:
        config.extra_javascript.append(SCRIPT)


def without_comment_lines(script: str) -> str:
    """The script as a reader's browser fetches it: without the lines that are comments only (// …, and /* … */
    blocks opening a line), which are a quarter of search.js and were fetched before a first result on a phone."""
    kept: list[str] = []
    in_block = False
    for line in script.splitlines(keepends=True):
        text = line.strip()
        if in_block or text.startswith("/*"):
            in_block = "*/" not in text
        elif not text.startswith("//"):
            kept.append(line)
    return "".join(kept)


STOP_EVERY = 50  # pages cut between two looks at `stop` (the first index of 2,000 documents cuts 5,000 in 3 s)


class SiteSearch:
    def __init__(self, project: ProjectConfig, pages: dict[str, SearchPage], folders: list[Path],
                 out_dir: Path, *, dirty: bool) -> None:
        self.language = search_language(project)
        self.pages = pages
        self.out_dir = out_dir
        self.dirty = dirty
        self.fresh: dict[str, PageRecord] = {}
        self.keys: dict[str, str | None] = {}
        key = project.root.resolve()
        cache = _CACHES.get(key)
        wanted = salt(self.language)
        if cache is None or cache.salt != wanted:
            cache = _CACHES[key] = SearchCache(wanted)
            for folder in folders:
                cache.load(folder / SEARCH_CACHE)
                cache.load_postings(folder / SEARCH_POSTINGS)
        self.cache = cache
        self.segmented = 0

    def set_keys(self, keys: dict[str, str]) -> None:
        """What each page shows (the dirty fingerprints): a kept record is used only for the same."""
        self.keys = {uri: keys.get(uri) for uri in self.pages}

    def unkept(self) -> list[str]:
        """Pages a dirty build must rebuild to index them: no record kept for what they show now."""
        return [uri for uri in self.pages if not self.cache.has(uri, self.keys.get(uri))]

    def page_built(self, uri: str, markup: str, title: Any, url: str) -> None:
        page = self.pages.get(uri)
        if page is None:
            return
        shown = page.title if page.title is not None else html.unescape(str(title or ""))
        self.fresh[uri] = record(url, shown, markup, page.tags, page.boost)
        self.cache.wait(uri, self.keys.get(uri), self.fresh[uri])

    def write(self, order: list[str], site_dir: Path, stop: Callable[[], bool] | None = None) -> bool:
        """The index of the pages in `order` (MkDocs' page order) into `site_dir`/search: pages built now (or by
        an update whose index was never written, `SearchCache.pending`) are cut into words unless their content
        is unchanged; pages a dirty build did not rebuild come as kept. Whether it was written: not when `stop()`
        says so while pages are being cut (a preview's save waits); what was cut so far is kept for the next."""
        segmenter = jieba_segmenter() if self.language.segment_han else None  # English: jieba never loaded
        tokenizer = Tokenizer(self.language, segmenter, self.cache.cuts)
        writer = IndexWriter.of(self.language)
        earlier = self.cache.postings_by_digest()  # the last index's pages, before `keep` replaces the changed
        for looked, uri in enumerate(uri for uri in order if uri in self.pages):
            if stop is not None and looked % STOP_EVERY == 0 and stop():
                self.cache.cuts = tokenizer.cuts
                return False
            key = self.keys.get(uri)
            fresh = self.fresh.get(uri)
            if fresh is None:  # built by an earlier update whose index was never written?
                fresh = self.cache.waiting(uri, key)
            if fresh is None:
                entry = self.cache.kept(uri, key)
                if entry is None:
                    continue
            else:
                content, digest = page_file(fresh)
                kept = self.cache.kept(uri, digest=digest)
                entry = IndexedPage(content, digest, kept.postings if kept else page_postings(fresh, tokenizer))
            self.cache.keep(uri, key, entry)
            writer.add(entry)
        site = str(site_dir.resolve())
        previous = self.cache.written if self.cache.site == site else {}
        encoded = writer.encode(self.cache.salt, self.cache.encoded, earlier.get)
        self.cache.written, self.cache.site = writer.write(site_dir, previous), site
        self.segmented = tokenizer.misses
        self.cache.cuts = tokenizer.cuts
        self.cache.save(self.out_dir / SEARCH_CACHE, set(order) & set(self.pages))
        self.cache.save_postings(self.out_dir / SEARCH_POSTINGS, encoded)
        return True
