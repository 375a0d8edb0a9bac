"""Chinese search segmentation is cached across builds by text hash and gives the same index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config as load_mkdocs_config

from qmsdoc.core.parsecache import CACHE_NAME as PARSE_CACHE
from qmsdoc.site import plugin as plugin_module
from qmsdoc.site.searchindex import SearchEntries
from qmsdoc.site.segcache import CACHE_NAME, SegmentCache

from conftest import Project


def test_cache_returns_what_the_segmenter_returned_and_calls_it_once_per_text(tmp_path: Path) -> None:
    calls: list[str] = []

    def segment(text: str) -> str:
        calls.append(text)
        return text[::-1]

    cache = SegmentCache("salt-a")
    cached = cache.wrap(segment)
    assert [cached("质量记录"), cached("质量记录"), cached("文件控制")] == ["录记量质", "录记量质", "制控件文"]
    assert calls == ["质量记录", "文件控制"]
    cache.save(tmp_path / CACHE_NAME, prune=True)

    again = SegmentCache("salt-a")
    again.load(tmp_path / CACHE_NAME)
    assert again.wrap(segment)("文件控制") == "制控件文" and len(calls) == 2
    other_dictionary = SegmentCache("salt-b")
    other_dictionary.load(tmp_path / CACHE_NAME)
    assert other_dictionary.entries == {}
    (tmp_path / CACHE_NAME).write_text("{not json", "utf-8")
    broken = SegmentCache("salt-a")
    broken.load(tmp_path / CACHE_NAME)
    assert broken.entries == {}


def _build(root: Path) -> tuple[SegmentCache, str]:
    plugin_module._SEGMENT_CACHES.clear()  # a new process: only the cache on disk carries over
    config = load_mkdocs_config(str(root / "mkdocs.yml"))
    build(config)
    segments = config.plugins["qmsdoc"].segments  # type: ignore[attr-defined]
    assert isinstance(segments, SegmentCache)
    return segments, (root / "build" / "site" / "search" / "search_index.json").read_text("utf-8")


@pytest.mark.slow
def test_rebuild_segments_only_changed_text(project: Project) -> None:
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    first, index = _build(project.root)
    assert first.misses > 50
    assert (project.root / "build" / CACHE_NAME).is_file()
    assert (project.root / "build" / PARSE_CACHE).is_file()  # plain `mkdocs build` keeps the parse cache too

    second, index_again = _build(project.root)
    # Every page's entries remembered: nothing parsed or segmented again, and the same index.
    assert first.page_misses > 30 and first.page_hits == 0
    assert second.page_hits == first.page_misses and second.page_misses == 0 and second.misses == 0
    assert json.loads(index_again) == json.loads(index)

    project.revise("manuals/qp-hr/QP-02-01.md", "## 2.0 适用范围", "新增夜班巡逻签到办法。\n\n## 2.0 适用范围")
    third, edited = _build(project.root)
    assert 0 < third.page_misses <= 3  # the edited document's page (and a listing showing it)
    assert 0 < third.misses < first.misses // 5  # and of its text only what is new is segmented
    assert "夜班巡逻签到" in _text(edited) and "夜班巡逻签到" not in _text(index)


def _text(index: str) -> str:
    return "".join(d["text"] for d in json.loads(index)["docs"]).replace("\u200b", "")


def _build_entries(root: Path, *, dirty: bool) -> tuple[SearchEntries, bytes]:
    """A build as `mkdocs build [--dirty]` runs it, in this process."""
    plugin_module._SEGMENT_CACHES.clear()
    # MkDocs warns about any dirty build ("inaccurate navigation"), which strict mode would count.
    config = load_mkdocs_config(str(root / "mkdocs.yml"), strict=not dirty)
    config.plugins.on_startup(command="build", dirty=dirty)
    build(config, dirty=dirty)
    entries = config.plugins["qmsdoc"].search_entries  # type: ignore[attr-defined]
    assert isinstance(entries, SearchEntries)
    return entries, (root / "build" / "site" / "search" / "search_index.json").read_bytes()


@pytest.mark.slow
def test_a_dirty_rebuild_writes_the_whole_search_index(project: Project) -> None:
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    full, _ = _build_entries(project.root, dirty=False)
    assert full.reused == 0 and len(full.current) == len(full.order) > 20

    project.revise("manuals/qp-hr/QP-02-01.md", "## 2.0 适用范围", "新增夜班巡逻签到办法。\n\n## 2.0 适用范围")
    dirty, index = _build_entries(project.root, dirty=True)
    # Material saw only the rebuilt pages; the index still lists every page, the kept ones unchanged.
    assert 0 < len(dirty.current) < len(dirty.order) // 2 and dirty.reused == len(dirty.order) - len(dirty.current)
    assert "夜班巡逻签到" in _text(index.decode("utf-8"))
    _, from_scratch = _build_entries(project.root, dirty=False)
    assert index == from_scratch  # byte for byte what a full build of the same sources writes

    (project.root / "build" / CACHE_NAME).unlink()  # nothing kept: every page is rebuilt and indexed
    project.revise("manuals/qp-hr/QP-02-01.md", "新增夜班巡逻签到办法。", "新增夜班巡逻签到与交接办法。")
    unkept, index = _build_entries(project.root, dirty=True)
    assert unkept.reused == 0 and len(unkept.current) == len(unkept.order)
    assert index == _build_entries(project.root, dirty=False)[1]
