"""The search index through real MkDocs builds: a rebuild reads and cuts only what changed, and a dirty rebuild
writes the index a full build of the same sources writes, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config as load_mkdocs_config

from qmsdoc.core.paths import SEARCH_CACHE
from qmsdoc.search import read_pages
from qmsdoc.search.index import read_directory, read_file
from qmsdoc.site import searchpages
from qmsdoc.site.searchpages import SiteSearch

from conftest import Project

pytestmark = pytest.mark.slow


def _build(root: Path, *, dirty: bool = False) -> SiteSearch:
    """A build as `mkdocs build [--dirty]` runs it, in this process; only the cache on disk carries over."""
    searchpages._CACHES.clear()
    # MkDocs warns about any dirty build ("inaccurate navigation"), which strict mode would count.
    config = load_mkdocs_config(str(root / "mkdocs.yml"), strict=not dirty)
    config.plugins.on_startup(command="build", dirty=dirty)
    build(config, dirty=dirty)
    search = config.plugins["qmsdoc"].search  # type: ignore[attr-defined]
    assert isinstance(search, SiteSearch)
    return search


def _index(root: Path) -> dict[str, bytes]:
    folder = root / "build" / "site" / "search"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _text(root: Path) -> str:
    return "".join(s.text for page in read_pages(root / "build" / "site") for s in page.sections)


def test_a_rebuild_cuts_only_new_text_and_a_dirty_one_writes_the_whole_index(project: Project) -> None:
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    first = _build(project.root)
    assert first.segmented > 50 and (project.root / "build" / SEARCH_CACHE).is_file()
    full = _index(project.root)
    again = _build(project.root)
    assert again.segmented == 0 and _index(project.root) == full  # every page's words remembered

    project.revise("manuals/qp-hr/QP-02-01.md", "## 2.0 适用范围", "新增夜班巡逻签到办法。\n\n## 2.0 适用范围")
    dirty = _build(project.root, dirty=True)
    rebuilt = set(dirty.fresh)
    assert 0 < len(rebuilt) < len(dirty.pages) // 3  # the edited page and the pages that show it
    assert 0 < dirty.segmented < first.segmented // 5  # and of their text only what is new is cut
    assert "夜班巡逻签到" in _text(project.root)
    edited = _index(project.root)
    _build(project.root)
    assert _index(project.root) == edited  # byte for byte what a full build of the same sources writes
    assert edited != full

    (project.root / "build" / SEARCH_CACHE).unlink()  # nothing kept: every page is rebuilt to be indexed
    project.revise("manuals/qp-hr/QP-02-01.md", "新增夜班巡逻签到办法。", "新增夜班巡逻签到与交接办法。")
    unkept = _build(project.root, dirty=True)
    assert set(unkept.fresh) == set(unkept.pages)
    dirty_index = _index(project.root)
    _build(project.root)
    assert _index(project.root) == dirty_index


def test_history_and_earlier_version_pages_are_not_indexed(project: Project) -> None:
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    search = _build(project.root)
    site = project.root / "build" / "site"
    indexed = {page.url for page in read_pages(site)}
    assert any(url.startswith("forms/") for url in indexed) and "register/" in indexed
    assert (site / "history").is_dir() and not any(url.startswith(("history/", "revisions/")) for url in indexed)
    assert len(indexed) == len(search.pages)
    directory = read_directory(site)
    assert "forms" not in directory  # a Chinese site matches words as jieba cut them, with no English forms
    for _, name in directory["chunks"]:
        assert read_file(site, f"c/{name}")  # every chunk named is there
    # Material's search plugin, its index and its worker copy are not in the site.
    assert not (site / "search" / "search_index.json").exists()
    assert not (site / "assets" / "javascripts" / "workers").exists()
    assert not (site / "assets" / "javascripts" / "lunr").exists()
    page = (site / "index.html").read_text("utf-8")
    assert "data-qmsdoc-search" in page and 'data-md-component="search"' not in page
