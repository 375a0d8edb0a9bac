"""An adopter's own mkdocs.yml: the MkDocs and Material settings people commonly use, each tried on the small
factory-made project (bench/corpus.py). Each either builds a site whose every link and picture resolves and whose
qmsdoc pages are there, or is refused as a configuration error (exit 2) that says what to change."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import sitecrawl
from browsers import chromium

from bench.corpus import generate
from qmsdoc.search.index import read_directory, read_pages

from conftest import run_cli
from sitebuild import mkdocs_build

DOCUMENTS = 6
_ATTRIBUTE = re.compile(r'\s(?:href|src)="([^"]*)"')


def unresolved_links(site: Path, root: str = "/") -> list[tuple[str, str]]:
    """Every relative or root-absolute href/src of the site's HTML pages that names neither a file nor a folder
    holding index.html, as (page, link); `root` is the path the site is served under (site_url's)."""
    found: list[tuple[str, str]] = []
    for page in sorted(site.rglob("*.html")):
        for match in _ATTRIBUTE.finditer(page.read_text("utf-8")):
            link = match.group(1)
            parts = urlsplit(link.replace("&amp;", "&"))
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site's, or this page's own anchor
            path = unquote(parts.path)
            if path.startswith("/"):
                target = site / path[len(root):] if path.startswith(root) else None
            else:
                target = page.parent / path
            if target is None or not (target.is_file() or (target / "index.html").is_file()):
                found.append((page.relative_to(site).as_posix(), link))
    return found


def test_the_link_checker_finds_a_missing_page_a_missing_picture_and_a_link_outside_the_site(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<a href="../b/">b</a><img src="p.png"><a href="/qms/a/">a</a><a href="/other/">o</a>'
        '<a href="#top">t</a><a href="https://x.example/">x</a><link href="../s.css">', "utf-8")
    (tmp_path / "s.css").write_text("", "utf-8")
    assert unresolved_links(tmp_path, "/qms/") == [("a/index.html", "../b/"), ("a/index.html", "p.png"),
                                                   ("a/index.html", "/other/")]
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text("", "utf-8")
    (tmp_path / "a" / "p.png").write_bytes(b"")
    assert unresolved_links(tmp_path, "/") == [("a/index.html", "/qms/a/"), ("a/index.html", "/other/")]


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The factory's sources, generated once: each test builds a copy with its own mkdocs.yml."""
    root = tmp_path_factory.mktemp("factory") / "project"
    generate(root, DOCUMENTS)
    return root


def _project(factory: Path, where: Path, edit: Callable[[str], str]) -> Path:
    root = where / "project"
    shutil.copytree(factory, root)
    mkdocs_yml = root / "mkdocs.yml"
    text = mkdocs_yml.read_text("utf-8")
    edited = edit(text)
    assert edited != text, "the setting was not written"
    mkdocs_yml.write_text(edited, "utf-8")
    return root


def _features(*names: str) -> Callable[[str], str]:
    added = "".join(f"    - {name}\n" for name in names)
    return lambda text: text.replace("    - navigation.prune\n", added + "    - navigation.prune\n")


def _site_works(root: Path, url_root: str = "/") -> Path:
    """The site of `root`, built; every link resolves and qmsdoc's own pages are there."""
    site = root / "build" / "site"
    assert unresolved_links(site, url_root) == []
    register = (site / "register" / "index.html").read_text("utf-8")
    assert register.count('<tr data-status="') > DOCUMENTS // 2
    document = next(site.glob("m01/BM-01-*/index.html")).read_text("utf-8")
    assert 'class="qms-control"' in document and 'data-qmsdoc-search' in document
    for name in ("obsolete", "recall", "review", "acknowledgements", "forms"):
        assert (site / name / "index.html").is_file(), name
    assert read_directory(site)["chunks"]
    assert '<html lang="zh-CN"' in document  # qmsdoc.yml's language (BCP 47), whatever theme.language says
    return site


SETTINGS: dict[str, Callable[[str], str]] = {
    "layout features": _features("navigation.tabs", "navigation.sections", "navigation.indexes", "toc.integrate"),
    "instant loading": _features("navigation.instant", "navigation.instant.prefetch"),
    "markdown extensions": lambda text: text.replace(
        "  - tables\n", "  - tables\n  - admonition\n  - pymdownx.details\n  - pymdownx.superfences\n"
                       "  - attr_list\n  - footnotes\n"),
    "theme language en": lambda text: text.replace("  language: zh\n", "  language: en\n"),
    "not strict": lambda text: text.replace("strict: true", "strict: false"),
    "search plugin listed": lambda text: text.replace("  - qmsdoc\n", "  - search\n  - qmsdoc\n"),
    "offline plugin switched off": lambda text: text.replace("  - qmsdoc\n", "  - offline:\n      enabled: false\n"
                                                                      "  - qmsdoc\n"),
    "exclude and not_in_nav of files qmsdoc does not publish": lambda text: text + (
        "exclude_docs: |\n  *.tmp\n  drafts/\nnot_in_nav: |\n  m01/BM-01-002.md\n"),
}


@pytest.mark.parametrize("setting", sorted(SETTINGS))
def test_a_common_setting_builds_a_whole_site(setting: str, factory: Path, tmp_path: Path) -> None:
    root = _project(factory, tmp_path, SETTINGS[setting])
    result = run_cli("build", "--strict", "--only", "site", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    _site_works(root)


def test_a_site_url_with_a_sub_path_reaches_every_page_from_links_sitemap_and_search(
        factory: Path, tmp_path: Path) -> None:
    base = "https://intranet.example/qms/"
    root = _project(factory, tmp_path, lambda text: f"site_url: {base}\n" + text)
    result = run_cli("build", "--strict", "--only", "site", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = _site_works(root, "/qms/")
    register = (site / "register" / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{base}register/">' in register
    sitemap = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text("utf-8"))
    assert f"{base}register/" in sitemap and any("/m01/BM-01-" in loc for loc in sitemap)
    for loc in sitemap:
        assert loc.startswith(base), loc
        assert (site / loc[len(base):] / "index.html").is_file(), loc
    urls = [page.url for page in read_pages(site)]
    assert len(urls) > DOCUMENTS // 2
    for url in urls:  # relative to the site's root, which search.js takes from the page (never "/")
        assert not url.startswith("/") and (site / url / "index.html").is_file(), url


REFUSED: dict[str, tuple[Callable[[str], str], str]] = {
    "exclude_docs of a document": (lambda text: text + "exclude_docs: |\n  m01/BM-01-002.md\n", "m01/BM-01-002.md"),
    "exclude_docs of qmsdoc's generated pages": (lambda text: text + "exclude_docs: |\n  forms/\n",
                                                 "forms/BM-01-001-F001.md"),
    "draft_docs of a document": (lambda text: text + "draft_docs: |\n  m01/BM-01-001.md\n", "m01/BM-01-001.md"),
    "extra_css naming a file the site lacks": (
        lambda text: text + "extra_css: [extra/site.css]\n", "extra/site.css"),
    "a nav of the user's": (lambda text: text + "nav:\n  - index.md\n", "nav"),
    "the offline plugin": (lambda text: text.replace("  - qmsdoc\n", "  - offline\n  - qmsdoc\n"), "offline"),
}


@pytest.mark.parametrize("setting", sorted(REFUSED))
def test_a_setting_qmsdoc_cannot_honour_is_a_configuration_error(setting: str, factory: Path, tmp_path: Path) -> None:
    edit, named = REFUSED[setting]
    root = _project(factory, tmp_path, edit)
    result = run_cli("build", "--strict", "--only", "site", cwd=root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and named in result.stderr and "mkdocs.yml" in result.stderr
    assert not (root / "build").exists()


def _hidden_files(root: Path) -> None:
    """What a desktop and an editor leave beside the sources: the check skips dot-files, MkDocs leaves them out."""
    (root / "manuals" / "m01" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (root / "manuals" / "m01" / ".~lock.BM-01-001.md#").write_text("officer,host,01.01.2026 10:00;", "utf-8")
    (root / "manuals" / ".thumbnails").mkdir()
    (root / "manuals" / ".thumbnails" / "a.png").write_bytes(b"")


def test_dot_files_in_the_manuals_folder_are_left_out_without_a_word(factory: Path, tmp_path: Path) -> None:
    root = _project(factory, tmp_path, lambda text: text + "\n")
    _hidden_files(root)
    result = run_cli("build", "--strict", "--only", "site", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = _site_works(root)
    assert not list(site.rglob(".*"))


def test_an_exclude_docs_rule_leaving_out_a_picture_is_refused_beside_dot_files(factory: Path, tmp_path: Path) -> None:
    root = _project(factory, tmp_path, lambda text: text + "exclude_docs: |\n  *.png\n")
    _hidden_files(root)
    (root / "manuals" / "m01" / "flow.png").write_bytes(b"")
    result = run_cli("build", "--strict", "--only", "site", cwd=root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "m01/flow.png" in result.stderr and "DS_Store" not in result.stderr and "thumbnails" not in result.stderr


def test_plain_mkdocs_refuses_a_left_out_page_with_its_message(factory: Path, tmp_path: Path) -> None:
    root = _project(factory, tmp_path, REFUSED["exclude_docs of a document"][0])
    result = mkdocs_build(root)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "exclude_docs" in result.stderr and "m01/BM-01-002.md" in result.stderr


def test_extra_css_and_javascript_from_the_theme_folder_are_linked_from_every_page(
        factory: Path, tmp_path: Path) -> None:
    root = _project(factory, tmp_path, lambda text: text.replace(
        "  font: false\n", "  font: false\n  custom_dir: overrides\n")
        + "extra_css: [extra/site.css, 'https://cdn.example/x.css']\nextra_javascript: [extra/site.js]\n")
    (root / "overrides" / "extra").mkdir(parents=True)
    (root / "overrides" / "extra" / "site.css").write_text("body { }\n", "utf-8")
    (root / "overrides" / "extra" / "site.js").write_text("window.adopter = 1;\n", "utf-8")
    result = run_cli("build", "--strict", "--only", "site", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = _site_works(root)
    page = (site / "register" / "index.html").read_text("utf-8")
    assert 'href="../extra/site.css"' in page and 'src="../extra/site.js"' in page


# -- navigation.instant in a browser ------------------------------------------------------------------------

@pytest.fixture
def served(factory: Path, tmp_path: Path) -> Iterator[str]:
    """The factory's site with `navigation.instant`, at /qms/ of a local server. Material takes a link as one of
    the site's by the sitemap, whose addresses it matches by host and path but not port: site_url names the
    server's port, so the site is served (at the folder `_project` builds it in) before it is built."""
    with sitecrawl.served(tmp_path / "project" / "build" / "site", "/qms/") as base:
        edit = _features("navigation.instant", "navigation.instant.prefetch")
        root = _project(factory, tmp_path, lambda text: f"site_url: {base}\n" + edit(text))
        result = run_cli("build", "--strict", "--only", "site", cwd=root)
        assert result.returncode == 0, result.stdout + result.stderr
        yield base


@pytest.mark.browser
@pytest.mark.slow
def test_qmsdocs_scripts_work_after_an_instant_navigation(served: str) -> None:
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": 1280, "height": 1000})
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(served)
        tab.wait_for_load_state("networkidle")  # Material swaps only the pages its sitemap.xml, read now, lists
        tab.evaluate("window.qmsdocLoaded = 1")  # gone if a click loads a page instead of swapping it
        tab.locator(".md-nav--primary a[href*='register']").first.click()
        tab.wait_for_url("**/qms/register/")
        # the URL changes before the page arrives: its register table, set up by qmsdoc.js (data-ready)
        tab.locator("#qms-register[data-ready]").wait_for(state="attached", timeout=10000)
        assert tab.evaluate("window.qmsdocLoaded") == 1
        rows = tab.locator("#qms-register tbody tr").count()
        tab.fill("#qms-register-filter", "BM-01-001")  # the register's script ran on the swapped page
        tab.locator("#qms-register tbody tr[hidden]").first.wait_for(state="attached", timeout=5000)
        assert 0 < tab.locator("#qms-register tbody tr:not([hidden])").count() < rows
        tab.click("label.md-search__icon, .md-search__input")
        tab.fill("input.md-search__input", "程序")
        tab.keyboard.press("End")
        result = tab.locator(".md-search-result__item a").first
        result.wait_for(timeout=15000)
        # the click as the page receives it: Material's instant navigation takes it from the document. A pointer
        # click was refused now and then (CI, another suite beside it) by Playwright's hit test, the result list
        # scrolled under the search box for a moment: a flaky test of the browser's layout, not of qmsdoc.
        result.dispatch_event("click")
        tab.wait_for_url("**/qms/m01/BM-01-*/?h=*")
        assert tab.evaluate("window.qmsdocLoaded") == 1
        # search.highlight: the page the result opened, swapped in, marks the words searched for
        tab.locator("article mark[data-md-highlight]").first.wait_for(timeout=5000)
        assert set(tab.locator("article mark[data-md-highlight]").all_inner_texts()) == {"程序"}
        tab.goto(tab.url)  # the same page loaded whole: marked once, not twice
        tab.locator("article mark[data-md-highlight]").first.wait_for(timeout=5000)
        assert tab.locator("article mark[data-md-highlight] mark").count() == 0
        assert errors == []


@pytest.mark.parametrize(("key", "value", "used"),
                         [("docs_dir", "docs", "manuals"), ("site_dir", "public", "build/site")])
def test_qmsdoc_build_says_it_does_not_use_mkdocs_yml_s_own_folder(
        key: str, value: str, used: str, factory: Path, tmp_path: Path) -> None:
    shipped = {"docs_dir": "docs_dir: manuals\n", "site_dir": "site_dir: build/site\n"}[key]
    root = _project(factory, tmp_path, lambda text: text.replace(shipped, f"{key}: {value}\n"))
    result = run_cli("build", "--only", "site", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    said = [line for line in result.stderr.splitlines() if f"mkdocs.yml 的 {key} 是 {value}" in line]
    assert len(said) == 1 and f"请把 {key} 改为 {used}" in said[0], result.stderr
    _site_works(root)  # built from qmsdoc.yml's folders, as before
    assert not (root / value).exists()


def test_folders_mkdocs_yml_names_as_qmsdoc_yml_does_are_not_mentioned(factory: Path, tmp_path: Path) -> None:
    root = _project(factory, tmp_path,
                    lambda text: text.replace("site_dir: build/site\n", "site_dir: ./build//site/\n"))
    result = run_cli("build", "--only", "site", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "mkdocs.yml 的" not in result.stderr, result.stderr


@pytest.mark.browser
@pytest.mark.slow
def test_a_search_that_cannot_read_the_index_says_so_and_not_that_nothing_was_found(
        factory: Path, tmp_path: Path) -> None:
    """A server that does not serve the index (published without its search folder): the answer names the failure;
    「没有找到」 would tell staff that a document in force does not exist. (A site opened from its folder reads its
    index: tests/test_search_file_share.py.)"""
    from qmsdoc.core.i18n import t

    root = _project(factory, tmp_path, _features("navigation.path"))
    result = run_cli("build", "--only", "site", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.rmtree(root / "build" / "site" / "search")
    with chromium() as browser, sitecrawl.served(root / "build" / "site") as site:
        tab = browser.new_page()
        tab.goto(site + "index.html")
        tab.click("label.md-search__icon, .md-search__input")
        tab.fill("input.md-search__input", "程序")
        tab.keyboard.press("End")
        meta = tab.locator(".md-search-result__meta")
        failed = t("script.search_failed")
        tab.wait_for_function("text => document.querySelector('.md-search-result__meta').textContent === text",
                              arg=failed, timeout=10000)
        assert meta.inner_text() == failed and tab.locator(".md-search-result__item").count() == 0


def test_toc_integrate_shows_each_page_its_own_headings_in_the_cached_navigation(
        factory: Path, tmp_path: Path) -> None:
    """qmsdoc renders the navigation once per folder (navcache.py); with toc.integrate the active page's table of
    contents lives inside it: each document page must show its own headings there, never a neighbour's."""
    root = _project(factory, tmp_path, _features("toc.integrate"))
    result = run_cli("build", "--strict", "--only", "site", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    shown: dict[str, list[str]] = {}
    for page in sorted((root / "build" / "site" / "m01").glob("BM-01-*/index.html")):
        html = page.read_text("utf-8")
        nav = html.split('class="md-sidebar md-sidebar--primary"', 1)[1].split('<div class="md-content"', 1)[0]
        anchors = re.findall(r'href="#([^"]+)"', nav)
        if anchors:
            headings = set(re.findall(r'<h[23] id="([^"]+)"', html))
            assert set(anchors) <= headings, page
            shown[page.parent.name] = anchors
    assert len(shown) >= 2 and len({tuple(anchors) for anchors in shown.values()}) == len(shown)


@pytest.mark.parametrize("name", ["partials/footer.html", "partials/header.html", "404.html"])
def test_a_custom_dir_template_qmsdoc_replaces_is_refused_not_ignored(
        name: str, factory: Path, tmp_path: Path) -> None:
    root = _project(factory, tmp_path, lambda text: text.replace("  font: false\n", "  font: false\n"
                                                                 "  custom_dir: overrides\n"))
    (root / "overrides" / name).parent.mkdir(parents=True, exist_ok=True)
    (root / "overrides" / name).write_text("<div>ADOPTER</div>\n", "utf-8")
    result = run_cli("build", "--only", "site", cwd=root)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stdout + result.stderr
    assert f"theme.custom_dir 中的 {name}" in result.stderr and "main.html" in result.stderr


def test_custom_dir_main_html_and_nav_partial_are_used(factory: Path, tmp_path: Path) -> None:
    root = _project(factory, tmp_path, lambda text: text.replace("  font: false\n", "  font: false\n"
                                                                 "  custom_dir: overrides\n"))
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}<footer>ADOPTER-FOOTER</footer>{% endblock %}\n', "utf-8")
    (root / "overrides" / "partials" / "nav.html").write_text("<nav>ADOPTER-NAV</nav>\n", "utf-8")
    result = run_cli("build", "--strict", "--only", "site", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (root / "build" / "site" / "register" / "index.html").read_text("utf-8")
    assert "ADOPTER-FOOTER" in page and "ADOPTER-NAV" in page
