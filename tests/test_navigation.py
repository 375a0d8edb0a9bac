"""A page's navigation stays bounded however large a manual grows; small manuals keep their flat list."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config as load_mkdocs_config
from mkdocs.structure.files import get_files

from bench.corpus import generate, without_copies
from qmsdoc.core import check, load_config
from qmsdoc.core.context import BuildContext
from qmsdoc.site.navtree import NAV_LIMIT, NavEntry, count_entries, split
from qmsdoc.site.site_model import SiteModel

from conftest import Project
from sitebuild import mkdocs_build, page


def _entries(count: int, series: int = 1) -> list[NavEntry]:
    per = -(-count // series)
    codes = [f"QP-{s + 1:02d}-{n + 1:03d}" for s in range(series) for n in range(per)][:count]
    return [NavEntry(code, f"{code} 标题", f"m/{code}.md") for code in codes]


def _pages(nav: list[Any]) -> dict[str, list[list[Any]]]:
    """Each page → the lists of siblings on its path (what a pruned page renders)."""
    out: dict[str, list[list[Any]]] = {}

    def walk(items: list[Any], path: list[list[Any]]) -> None:
        for item in items:
            for value in item.values():
                if isinstance(value, list):
                    walk(value, [*path, value])
                else:
                    out[value] = path
    walk(nav, [nav])
    return out


def _rendered_entries(nav: list[Any]) -> int:
    """The most nav entries any one page carries under navigation.prune."""
    return max(sum(len(level) for level in levels) for levels in _pages(nav).values())


@pytest.mark.parametrize(("count", "series"), [(100, 1), (1000, 5), (3000, 15), (3000, 1), (20_000, 100)])
def test_large_manual_navigation_is_bounded_per_page(count: int, series: int) -> None:
    entries = _entries(count, series)
    nav = split(entries)
    pages = _pages(nav)
    assert sorted(pages) == sorted(e.uri for e in entries)  # every document still reachable, once
    assert _rendered_entries(nav) <= 3 * NAV_LIMIT
    assert all(len(items) <= NAV_LIMIT for levels in pages.values() for items in levels)
    assert count_entries(nav) > count  # split into sections, not one flat list


def test_series_are_sections_named_by_the_middle_group() -> None:
    nav = split(_entries(90, 3))
    assert [next(iter(item)) for item in nav] == ["QP-01 系列（30 份）", "QP-02 系列（30 份）", "QP-03 系列（30 份）"]
    ranges = split(_entries(100, 1))
    assert next(iter(ranges[0])) == "QP-01-001 至 QP-01-034"
    assert next(iter(ranges[-1])) == "QP-01-069 至 QP-01-100"


def test_small_manual_keeps_its_flat_list() -> None:
    entries = _entries(NAV_LIMIT, 2)
    assert split(entries) == [{e.label: e.uri} for e in entries]


def _site_navigation(root: Path, tmp_path: Path) -> list[Any]:
    """The navigation the plugin gives MkDocs, computed in-process."""
    config = load_config(root)
    config.word_copies = False
    result = check(config)
    assert result.ok, [f.format() for f in result.findings][:5]
    mk = load_mkdocs_config(str(root / "mkdocs.yml"))
    site = SiteModel(BuildContext(config, result, tmp_path / "out"),
                     site_dir=tmp_path / "site")
    mk.plugins._current_plugin = "qmsdoc"  # type: ignore[attr-defined]  # as MkDocs sets it during on_files
    site.attach(get_files(mk), mk)
    return site.navigation()


def test_shipped_manuals_navigation_is_flat(project: Project, tmp_path: Path) -> None:
    nav = _site_navigation(project.root, tmp_path)
    manuals = [item for item in nav if isinstance(next(iter(item.values())), list)]
    assert len(manuals) >= 2
    for manual in manuals:
        items = next(iter(manual.values()))
        assert all(isinstance(next(iter(item.values())), str) for item in items)  # no sub-sections
        assert len(items) >= 2  # the manual's home page and its documents (供水 and 鲁能 hold one each)


def test_one_large_manual_is_split_in_process(tmp_path: Path) -> None:
    generate(tmp_path / "corpus", 450, one_manual=True)
    nav = _site_navigation(tmp_path / "corpus", tmp_path)
    manual = next(value for item in nav for key, value in item.items() if key.startswith("基准手册"))
    labels = [next(iter(item)) for item in manual[1:]]
    assert [label.split(" ")[0] for label in labels] == ["BM-01", "BM-02", "BM-03"]
    in_nav = sum(int(re.findall(r"（(\d+) 份）", label)[0]) for label in labels)
    assert 430 < in_nav < 450 and len(_pages(manual[1:])) == in_nav  # drafts/obsolete left out
    assert _rendered_entries(nav) <= 3 * NAV_LIMIT


@pytest.mark.slow
def test_pruned_page_carries_a_bounded_navigation(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    generate(root, 150, one_manual=True)
    without_copies(root)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    html = page(root, "m01/BM-01-120")
    links = len(re.findall(r'class="md-nav__link', html))
    assert 20 < links < 100, links  # the flat navigation carried all ~145 documents on every page
    assert "BM-01-120 基准程序文件" in html and "BM-01-001 基准程序文件" not in html


def test_section_labels_are_escaped_for_html() -> None:
    entries = [NavEntry(f"X<i>-{n:03d}", f"X&lt;i&gt;-{n:03d}", f"m/{n}.md") for n in range(NAV_LIMIT + 5)]
    labels = [next(iter(item)) for item in split(entries)]
    assert labels and all("<" not in label and "&lt;i&gt;" in label for label in labels)


def _site(root: Path, site_dir: str) -> tuple[Any, dict[str, bytes]]:
    from mkdocs.commands.build import build

    config = load_mkdocs_config(str(root / "mkdocs.yml"), site_dir=str(root / site_dir))
    build(config)
    pages = {p.relative_to(root / site_dir).as_posix(): p.read_bytes() for p in (root / site_dir).rglob("*.html")}
    return config.plugins["qmsdoc"], pages


@pytest.mark.slow
def test_pages_outside_the_navigation_share_the_theme_navigation_byte_for_byte(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.site import plugin as plugin_module

    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    plugin, cached = _site(project.root, "build/cached")
    hits, misses, spliced = plugin.nav_cache.hits, plugin.nav_cache.misses, plugin.nav_cache.spliced
    monkeypatch.setattr(plugin_module, "install_nav_cache", lambda env, cache: None)  # Material's own, every page
    _, theme = _site(project.root, "build/theme")
    assert cached.keys() == theme.keys() and cached == theme
    outside = sum(1 for name in cached if name.startswith(("forms/", "history/")) and name.count("/") == 2)
    assert hits >= outside - 4 > 50  # the forms and the histories each rendered it twice (learnt, then checked)
    # a manual's documents: rendered whole twice per section (learnt, then checked), the rest spliced
    assert spliced > 20 and misses + spliced <= len(cached) - outside + 4


_PAGE_IN_EVERY_ENTRY = ('<a href="{{ nav_item.url | url }}" class="md-nav__link">',
                        '<a href="{{ nav_item.url | url }}" class="md-nav__link" data-shown-on="{{ page.url }}">')


@pytest.mark.slow
def test_a_theme_whose_entries_differ_from_page_to_page_is_rendered_whole(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A custom_dir override whose every entry names the page shown: no splice may hold, the check catches it."""
    from material import templates

    from qmsdoc.site import plugin as plugin_module

    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    theme_item = (Path(templates.__file__).parent / "partials" / "nav-item.html").read_text(encoding="utf-8")
    assert theme_item.count(_PAGE_IN_EVERY_ENTRY[0]) == 1
    project.write("overrides/partials/nav-item.html", theme_item.replace(*_PAGE_IN_EVERY_ENTRY))
    project.replace("mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    plugin, cached = _site(project.root, "build/cached")
    spliced, refused = plugin.nav_cache.spliced, plugin.nav_cache.refused()
    monkeypatch.setattr(plugin_module, "install_nav_cache", lambda env, cache: None)
    _, theme = _site(project.root, "build/theme")
    assert cached == theme and any("data-shown-on=" in html.decode() for html in cached.values())
    assert spliced == 0 and refused > 0


def _nav(first_title: str) -> list[Any]:
    return [{"首页": "index.md"},
            {"人事": [{"人事 首页": "hr/index.md"}, {f"HR-01 {first_title}": "hr/HR-01.md"},
                      {"HR-02 离职": "hr/HR-02.md"}, {"HR-03 考勤": "hr/HR-03.md"}]},
            {"客服": [{"客服 首页": "kf/index.md"}, {"KF-01 接待": "kf/KF-01.md"}, {"KF-02 回访": "kf/KF-02.md"}]},
            {"文件清单": "register.md"}]


def test_what_the_navigation_shows_follows_a_title_only_where_it_is_shown() -> None:
    """A page's dirty fingerprint holds what its menu and 上一页/下一页 links show: a retitled document rebuilds
    its section's pages and its neighbours (a page elsewhere, with navigation.prune, keeps its markup); without
    navigation.prune every page carries the whole menu."""
    from qmsdoc.site.navtree import shown_around

    before, before_elsewhere = shown_around(_nav("招聘"), pruned=True)
    after, after_elsewhere = shown_around(_nav("招聘与录用"), pruned=True)
    changed = sorted(uri for uri in before if before[uri] != after[uri])
    assert changed == ["hr/HR-01.md", "hr/HR-02.md", "hr/HR-03.md", "hr/index.md"]
    assert before_elsewhere == after_elsewhere  # the top level is the same
    renamed = _nav("招聘")
    renamed[2] = {"客户服务": renamed[2]["客服"]}
    assert shown_around(renamed, pruned=True)[1] != before_elsewhere  # a section's title is on every page

    whole, whole_elsewhere = shown_around(_nav("招聘"), pruned=False)
    assert whole == {} and whole_elsewhere != shown_around(_nav("招聘与录用"), pruned=False)[1]
