"""Rendered bodies are kept across builds and used only while every answer they were made with holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core import render as render_module
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.core.rendercache import CACHE_NAME, RenderCache

from conftest import Project

CITED, CITING, UNRELATED = "QP-02-01", "QP-02-03", "QP-03-01"


def _render_all(project: Project, cache: RenderCache) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    result = check(load_config(project.root))
    renderer = CorpusRenderer(result.corpus, result.context.config, cache)
    return {code: (r.html, r.toc_tokens) for code, d in result.corpus.documents.items()
            for r in [renderer.document(d)]}


def test_a_second_render_comes_from_the_cache_and_is_the_same(project: Project, tmp_path: Path) -> None:
    fresh = _render_all(project, RenderCache())
    cache = RenderCache()
    first = _render_all(project, cache)
    assert cache.hits == 0 and cache.misses == len(first)
    cache.save(tmp_path / CACHE_NAME)
    loaded = RenderCache(tmp_path / CACHE_NAME)  # the next build, another process
    again = _render_all(project, loaded)
    assert loaded.hits == len(first) and loaded.misses == 0
    assert again == first == fresh
    assert set(loaded.raw) == set(loaded.entries)  # each render's place in the file, to copy it from there
    loaded.remember("new", "<p>新</p>", [], [("ref", "QP-01", "x")])
    loaded.save(tmp_path / "again.json", prune=False)  # the kept renders copied, the new one encoded
    assert (tmp_path / "again.json").read_bytes() == _written_afresh(loaded, tmp_path / "fresh.json")


def _written_afresh(cache: RenderCache, path: Path) -> bytes:
    from qmsdoc.core.cachefile import json_writer, save_cache

    entries = {k: [v.html, v.toc_tokens, [list(a) for a in v.answers]] for k, v in cache.entries.items()}
    assert save_cache(path, json_writer({"salt": cache.salt, "entries": entries}))
    return path.read_bytes()


def test_a_cited_document_retitled_renders_its_citers_again(project: Project, tmp_path: Path) -> None:
    cache = RenderCache()
    before = _render_all(project, cache)
    assert "招聘与录用管理工作规程" in before[CITING][0]
    project.revise(f"manuals/qp-hr/{CITED}.md", "title: 招聘与录用管理工作规程", "title: 员工招聘管理工作规程")
    cache.used.clear()
    cache.hits = cache.misses = 0
    after = _render_all(project, cache)
    assert "员工招聘管理工作规程" in after[CITING][0] and "招聘与录用管理工作规程" not in after[CITING][0]
    assert after[UNRELATED] == before[UNRELATED]
    citing = sum(1 for code, (html, _) in before.items() if f'data-ref="{CITED}"' in html)
    assert cache.misses == citing >= 2  # the citing documents, and only they, were converted again


def test_an_edited_body_or_another_dialect_is_converted_again(project: Project) -> None:
    cache = RenderCache()
    _render_all(project, cache)
    project.revise(f"manuals/qp-hr/{CITING}.md", "## 1.0 目的", "## 1.0 目的\n\n新增的一句话。")
    cache.hits = cache.misses = 0
    edited = _render_all(project, cache)
    assert cache.misses == 1 and "新增的一句话" in edited[CITING][0]
    result = check(load_config(project.root))
    other = CorpusRenderer(result.corpus, result.context.config, cache)
    other.extensions = (*other.extensions, "pymdownx.caret")
    cache.hits = cache.misses = 0
    other.document(result.corpus.documents[UNRELATED])
    assert cache.misses == 1


def test_a_damaged_or_foreign_cache_file_is_ignored(project: Project, tmp_path: Path) -> None:
    path = tmp_path / CACHE_NAME
    for text in ("{not json", '{"salt": "other", "entries": {}}', '{"salt": 1, "entries": [1]}', "[]"):
        path.write_text(text, "utf-8")
        cache = RenderCache(path)
        assert cache.entries == {}
    cache = RenderCache()
    _render_all(project, cache)
    cache.save(path)
    text = path.read_text("utf-8")
    path.write_text(text.replace('"entries": {', '"entries": {"x": [1, 2], ', 1), "utf-8")
    assert len(RenderCache(path).entries) == len(cache.entries)  # the malformed entry alone is dropped


@pytest.mark.slow  # two whole builds
def test_a_second_qmsdoc_build_renders_nothing_again_and_writes_the_same_pages(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.cli import main

    converted: list[str] = []
    real = render_module.render_markdown

    def counting(body: str, *args: Any, **kwargs: Any) -> Any:
        converted.append(body)
        return real(body, *args, **kwargs)

    monkeypatch.setattr(render_module, "render_markdown", counting)
    assert main(["build", str(project.root)]) == 0
    first = _pages(project)
    documents = len(check(load_config(project.root)).corpus.documents)
    assert len(converted) >= documents and (project.path("build") / CACHE_NAME).is_file()
    converted.clear()
    assert main(["build", str(project.root)]) == 0
    second = _pages(project)
    assert converted == [] and second == first


def _pages(project: Project) -> dict[str, bytes]:
    site = project.path("build/site")
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


def test_a_new_reading_of_references_renders_every_body_again() -> None:
    """The pattern the render reads `[[ID]]` with lives in mdlinks.py: a kept render made before it read
    `［［ID］］` would go on showing the brackets as typed after an upgrade."""
    import sys

    from qmsdoc.core import rendercache

    module = sys.modules[render_module.reference_written.__module__].__file__
    assert module is not None and Path(module).resolve() in rendercache.render_modules()


def test_every_module_the_render_imports_salts_the_kept_renders() -> None:
    """A hand-kept list of the render's modules missed fences.py, inline_prefilter.py and emphasis.py: a change
    there showed pages rendered before it. Every qmsdoc module loaded by rendering a body salts the cache."""
    import sys

    from qmsdoc.core import rendercache

    render_module.render_markdown("*强调* [[QP-02-03]]\n\n```\ncode\n```\n", lambda code: None)
    core = Path(rendercache.__file__).resolve().parent
    loaded = {Path(m.__file__).resolve() for m in list(sys.modules.values())
              if getattr(m, "__file__", None) and Path(m.__file__).resolve().is_relative_to(core)}
    assert loaded and loaded <= set(rendercache.render_modules()), loaded - set(rendercache.render_modules())
