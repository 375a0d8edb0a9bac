"""`qmsdoc serve` updates: the search index is written once the preview is idle, never between a save and the
next one (a run of saves is not held up by it), and an index skipped because a save came first is made up by
the next one (the pages it rendered have no kept search record, so they are rendered and indexed again); the
theme's templates are compiled once per process, and an edited one again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest

from qmsdoc.core import load_config
from qmsdoc.core.outputs import claim
from qmsdoc.search import read_pages
from qmsdoc.site.serve import Preview

from conftest import Project, restamped

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _collectable_afterwards() -> Any:
    """A preview's update freezes what is alive; the tests after these must find their objects collectable."""
    import gc

    yield
    gc.unfreeze()

FIRST, SECOND = "manuals/qp-hr/QP-02-03.md", "manuals/qp-hr/QP-02-01.md"


def _words(site: Path) -> str:
    return "\n".join(section.text for page in read_pages(site) for section in page.sections)


def _preview(project: Project, tmp_path: Path) -> Preview:
    """A preview of the project (without Word copies) in a folder of the test's, not yet updated."""
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    work = tmp_path / "serve"
    work.mkdir()
    preview = Preview(load_config(project.root), project.root / "mkdocs.yml", work, report=lambda _line: None)
    claim(preview.site_dir)
    return preview


def _added(project: Project, relative: str, sentence: str) -> None:
    project.revise(relative, "## 2.0 适用范围", f"{sentence}\n\n## 2.0 适用范围")


def test_the_index_waits_for_an_idle_preview_and_a_skipped_one_is_made_up(project: Project, tmp_path: Path) -> None:
    preview = _preview(project, tmp_path)
    assert preview.update(full=True).ok
    assert preview.search_pending
    preview.catch_up_search()
    assert not preview.search_pending and "离职" in _words(preview.site_dir)

    _added(project, FIRST, "本程序第一次预览修订的句子。")
    assert preview.update().ok
    assert preview.search_pending
    assert "第一次预览修订" not in _words(preview.site_dir)  # not yet: the next save comes before the preview idles

    _added(project, SECOND, "本程序第二次预览修订的句子。")
    assert preview.update().ok
    preview.catch_up_search()
    words = _words(preview.site_dir)
    assert "第二次预览修订" in words
    assert "第一次预览修订" in words  # the skipped index is made up



def test_saves_faster_than_the_idle_wait_never_render_every_page_again(project: Project, tmp_path: Path) -> None:
    """Saves that come before the preview is ever idle: each update renders only what changed — the pages of
    the first build, whose index was never written, wait with their records instead of counting as unindexed —
    and the index written at last holds every page."""
    preview = _preview(project, tmp_path)
    assert preview.update(full=True).ok and preview.search_pending  # no index yet: the next save comes first
    untouched = preview.site_dir / "qp-hr" / "QP-02-01" / "index.html"
    before = untouched.stat().st_mtime_ns
    _added(project, FIRST, "本程序尚未空闲时保存的句子。")
    assert preview.update().ok
    assert untouched.stat().st_mtime_ns == before  # not rendered again
    preview.catch_up_search()
    words = _words(preview.site_dir)
    assert "尚未空闲时保存" in words and "离职" in words and "招聘" in words

def test_a_build_after_a_preview_in_the_same_process_writes_its_search_index(project: Project,
                                                                             tmp_path: Path) -> None:
    """MkDocs keeps one instance of the plugin per process: the preview's deferred index must not carry over."""
    from qmsdoc.cli import main

    preview = _preview(project, tmp_path)
    assert preview.update(full=True).ok
    assert main(["build", "--path", str(project.root), "--only", "site"]) == 0
    assert (project.root / "build" / "site" / "search" / "index.js").is_file()

def test_templates_are_compiled_once_per_process_and_again_when_edited(project: Project, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace("mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    announced = '{%% extends "base.html" %%}{%% block announce %%}%s{%% endblock %%}'
    override = project.write("overrides/main.html", announced % "第一版公告")
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: Any, name: str | None = None, filename: str | None = None,
                *args: Any, **kwargs: Any) -> Any:
        compiled.append(name or "")
        return compile_template(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    preview = _preview(project, tmp_path)
    page = preview.site_dir / "qp-hr" / "QP-02-03" / "index.html"
    assert preview.update(full=True).ok and "第一版公告" in page.read_text("utf-8")
    assert "main.html" in compiled  # the theme's own templates may have been compiled by an earlier build here

    compiled.clear()
    assert preview.update(full=True).ok  # a new Jinja environment, as MkDocs makes for every build
    assert compiled == []

    override.write_text(announced % "第二版公告", "utf-8")
    assert preview.update(full=True).ok
    assert compiled == ["main.html"]
    assert "第二版公告" in page.read_text("utf-8")


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_an_update_freezes_the_model_and_the_idle_preview_collects(project: Project, tmp_path: Path) -> None:
    """After an update what is alive is out of the collector's automatic runs (they would scan the whole resident
    model inside the next update); what the update left behind is collected once the preview is idle (`tidy`)."""
    import gc
    import weakref

    preview = _preview(project, tmp_path)
    was_enabled = gc.isenabled()
    gc.disable()  # no automatic run between here and the update: the test decides when anything is collected
    try:
        left = _Cycle()
        gone = weakref.ref(left)
        del left  # garbage now, as the model an update replaces is
        assert preview.update(full=True).ok
        gc.collect()  # an automatic run would do no more: the update froze what it found
        assert gone() is not None
        preview.tidy()
        assert gone() is None
        assert gc.get_freeze_count() > 0  # the model is frozen again after the collection
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def test_saves_that_never_let_the_preview_idle_still_have_their_garbage_collected(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays bounded when the preview is never idle (an editor saving every moment): after
    UNTIDY_UPDATES updates the next one collects first."""
    import gc
    import weakref

    from qmsdoc.site import serve

    monkeypatch.setattr(serve, "UNTIDY_UPDATES", 2)
    preview = _preview(project, tmp_path)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        left = _Cycle()
        gone = weakref.ref(left)
        del left
        assert preview.update(full=True).ok
        _added(project, FIRST, "第一次连续保存。")
        assert preview.update().ok
        assert gone() is not None  # two updates, no idle moment: not yet
        _added(project, SECOND, "第二次连续保存。")
        assert preview.update().ok
        assert gone() is None  # the third collected before it began
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def test_the_theme_is_listed_once_and_again_when_a_file_is_added_to_it(tmp_path: Path) -> None:
    """MkDocs lists the theme's ~14,000 files on every build to find its static files: the preview lists them
    once, and again when one of the theme's folders changes (a stylesheet added to `custom_dir`)."""
    from mkdocs.structure.files import Files
    from mkdocs.theme import Theme

    from qmsdoc.site.serve import ThemeListing

    custom = tmp_path / "overrides"
    (custom / "css").mkdir(parents=True)
    (custom / "css" / "a.css").write_text("a{}", "utf-8")
    listing = ThemeListing()
    walks: list[int] = []

    def static_files() -> set[str]:
        theme = Theme(name="mkdocs", custom_dir=str(custom))
        plain = set(Files([]).src_uris)
        config: Any = type("Config", (), {"theme": theme, "site_dir": str(tmp_path / "site"),
                                           "use_directory_urls": True})()
        made = theme.get_env
        theme.get_env = lambda: env_of_made(made)  # type: ignore[method-assign]
        listing.install(theme)
        files = Files([])
        files.add_files_from_theme(theme.get_env(), config)
        return set(files.src_uris) - plain

    def env_of_made(made: Any) -> jinja2.Environment:  # counts MkDocs' own listings of the theme's folders
        env: jinja2.Environment = made()
        loader = env.loader
        assert isinstance(loader, jinja2.FileSystemLoader)
        real = loader.list_templates
        loader.list_templates = lambda: walks.append(1) or real()  # type: ignore[method-assign]
        return env

    first = static_files()
    assert "css/a.css" in first and walks == [1]
    assert static_files() == first and walks == [1]  # listed from memory
    (custom / "css" / "b.css").write_text("b{}", "utf-8")
    second = static_files()
    assert second == first | {"css/b.css"} and walks == [1, 1]


def test_a_generated_page_keeps_its_file_while_it_shows_the_same_and_gets_a_new_one_when_it_changes(
        project: Project, tmp_path: Path) -> None:
    """The preview hands MkDocs last build's File of a generated page (a form's) when its path and stub are
    unchanged, reset as new; a form whose title changed gets a new File and its page shows the new title."""
    from mkdocs.structure.files import InclusionLevel

    from qmsdoc.site import plugin

    preview = _preview(project, tmp_path)
    assert preview.update(full=True).ok
    kept = plugin._GENERATED_FILES[project.root.resolve()]
    same, renamed = "forms/DY_AQ-QR-002", "forms/DY_AQ-QR-001"
    before = {uri: kept.handed_out(uri + ".md") for uri in (same, renamed)}
    assert all(before.values())

    project.revise("controlled_forms/DY_AQ-QR-001.yaml", "title: 安管员交接班记录", "title: 安管员交接班登记表")
    _added(project, FIRST, "本次保存只改了一个表单的名称和一句话。")
    assert preview.update().ok
    after = {uri: kept.handed_out(uri + ".md") for uri in (same, renamed)}
    assert after[same] is before[same]
    assert after[renamed] is not before[renamed]
    reused = after[same]
    assert reused is not None and reused.page is not None and reused.page.file is reused  # this build's page
    assert reused.inclusion is not InclusionLevel.UNDEFINED  # MkDocs worked its exclusions out again
    assert "安管员交接班登记表" in (preview.site_dir / renamed / "index.html").read_text("utf-8")


def test_a_file_handed_out_again_is_reset_as_new_and_one_not_asked_for_is_let_go(tmp_path: Path) -> None:
    from mkdocs.config import load_config as load_site
    from mkdocs.structure.files import InclusionLevel

    from qmsdoc.site.generated_files import GeneratedFiles

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    config = load_site(str(tmp_path / "mkdocs.yml"))
    config.plugins._current_plugin = None  # as outside any plugin's event (MkDocs sets it around each)
    files = GeneratedFiles()
    files.start()
    first, gone = files.file(config, "a.md", "# A"), files.file(config, "b.md", "# B")
    first.inclusion = InclusionLevel.NOT_IN_NAV  # what a build leaves on it
    first.is_modified = lambda: False  # type: ignore[method-assign]
    files.start()
    again = files.file(config, "a.md", "# A")
    assert again is first
    assert again.inclusion is InclusionLevel.UNDEFINED
    assert "is_modified" not in vars(again)  # the class's answer again, not the last build's
    assert files.file(config, "a.md", "# A changed") is not first  # asked twice in one build: a new one
    files.start()
    assert files.handed_out("b.md") is None and files.file(config, "b.md", "# B") is not gone


def test_a_save_while_the_index_is_cut_stops_it_unwritten_and_the_next_one_writes_it_whole(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first index of a large site takes seconds to cut: a save arriving meanwhile (`stop()` true) is not kept
    waiting — nothing is written — and the next catch-up writes the index a never-stopped one would have."""
    from qmsdoc.site import searchpages

    monkeypatch.setattr(searchpages, "STOP_EVERY", 1)
    preview = _preview(project, tmp_path)
    assert preview.update(full=True).ok
    asked: list[int] = []

    def a_save_after_three_pages() -> bool:
        asked.append(1)
        return len(asked) > 3

    preview.catch_up_search(stop=a_save_after_three_pages)
    assert len(asked) == 4 and preview.search_pending
    assert not (preview.site_dir / "search" / "index.js").exists()
    preview.catch_up_search(stop=lambda: False)
    assert not preview.search_pending

    (tmp_path / "whole").mkdir()
    whole = Preview(load_config(project.root), project.root / "mkdocs.yml", tmp_path / "whole", report=lambda _: None)
    claim(whole.site_dir)
    assert whole.update(full=True).ok
    whole.catch_up_search()
    assert list(read_pages(preview.site_dir)) == list(read_pages(whole.site_dir))


def test_a_preview_links_no_word_copy_since_it_writes_none(project: Project, tmp_path: Path) -> None:
    """With `word_copies: true` every previewed page offered its Word copy, which the preview never writes: a 404."""
    assert "word_copies: true" in project.read("qmsdoc.yml")
    work = tmp_path / "serve"
    work.mkdir()
    preview = Preview(load_config(project.root), project.root / "mkdocs.yml", work, report=lambda _line: None)
    claim(preview.site_dir)
    assert preview.update(full=True).ok
    page = (preview.site_dir / "qp-hr" / "QP-02-03" / "index.html").read_text("utf-8")
    assert "1.0 目的" in page and ".docx" not in page


def test_pages_the_sources_no_longer_make_are_not_served_as_current(project: Project, tmp_path: Path) -> None:
    """A dirty update writes what changed and removes nothing: a renamed manual folder's old pages (a branch
    checked out, a manual renamed) stayed in the preview's site and were served as current."""
    preview = _preview(project, tmp_path)
    assert preview.update(full=True).ok
    site = preview.site_dir
    old, kept = site / "qp-hr" / "QP-02-03" / "index.html", site / "qp-service" / "index.html"
    assert old.is_file() and kept.is_file()
    (project.root / "manuals" / "qp-hr").rename(project.root / "manuals" / "qp-renshi")
    assert preview.update().ok
    assert (site / "qp-renshi" / "QP-02-03" / "index.html").is_file()
    assert not old.exists() and not (site / "qp-hr").exists()  # not even an empty folder
    # What the sources still make stays: other manuals, the form pages, the theme's files, the 404 page.
    assert kept.is_file()
    assert (site / "forms" / "QP-02-03-F002" / "index.html").is_file()
    assert (site / "assets" / "qmsdoc" / "qmsdoc.css").is_file() and (site / "404.html").is_file()


def _add(project: Project) -> None:
    text = project.read(FIRST).replace("id: QP-02-03", "id: QP-02-05").replace("员工离职管理工作规程", "新增工作规程")
    project.write("manuals/qp-hr/QP-02-05.md", restamped("manuals/qp-hr/QP-02-05.md", text))


def _retitle_manual(project: Project) -> None:
    manual = "manuals/qp-hr/index.md"
    project.write(manual, restamped(manual, project.read(manual).replace("title: 管家服务中心人事工作规程",
                                                                         "title: 人事工作规程")))


def _site(folder: Path) -> dict[str, bytes]:
    return {str(f.relative_to(folder)): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


EDITS: dict[str, Callable[[Project], None]] = {
    "added": _add,
    "deleted": lambda p: p.path("manuals/qp-hr/QP-02-04.md").unlink(),
    "retitled": lambda p: p.revise(FIRST, "title: 员工离职管理工作规程", "title: 员工离职与交接管理工作规程"),
    "manual retitled": _retitle_manual,
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_update_leaves_the_site_as_a_full_build_makes_it(project: Project, tmp_path: Path, edit: str) -> None:
    """A dirty update left the site-wide files as the first build wrote them (the sitemap without an added
    document, with a deleted one) and the other pages' menus and 上一页/下一页 links naming a document by its old
    title: every file of the updated site — sitemap, search index, 404 page, menus — is now a full build's."""
    project.replace("mkdocs.yml", "site_name:", "site_url: https://qms.example.com/\nsite_name:")  # a listed sitemap
    preview = _preview(project, tmp_path)
    assert preview.update(full=True).ok
    preview.catch_up_search()
    EDITS[edit](project)
    assert preview.update().ok
    preview.catch_up_search()
    fresh = Preview(load_config(project.root), project.root / "mkdocs.yml", tmp_path / "fresh", report=lambda _: None)
    (tmp_path / "fresh").mkdir()
    claim(fresh.site_dir)
    assert fresh.update(full=True).ok
    fresh.catch_up_search()
    updated, full = _site(preview.site_dir), _site(fresh.site_dir)
    assert sorted(updated) == sorted(full)
    assert [name for name in full if updated[name] != full[name]] == []
    sitemap = full["sitemap.xml"].decode("utf-8")
    assert ("QP-02-05" in sitemap) == (edit == "added") and ("QP-02-04" in sitemap) == (edit != "deleted")


def test_an_edit_that_changes_no_page_s_name_or_place_leaves_the_sitemap_and_404_page(project: Project,
                                                                                      tmp_path: Path) -> None:
    """MkDocs renders the sitemap and the 404 page on every dirty build; an update whose pages, titles and
    menus are the last build's leaves them as written (a second at 2,000 documents)."""
    preview = _preview(project, tmp_path)
    assert preview.update(full=True).ok
    written = {name: (preview.site_dir / name).stat().st_mtime_ns for name in ("sitemap.xml", "404.html")}
    _added(project, FIRST, "本程序只改正文的句子。")
    assert preview.update().ok
    assert {name: (preview.site_dir / name).stat().st_mtime_ns for name in written} == written
    assert "只改正文" in (preview.site_dir / "qp-hr" / "QP-02-03" / "index.html").read_text("utf-8")


def _themed(project: Project, text: str) -> Path:
    project.replace("mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    return project.write("overrides/main.html", '{% extends "base.html" %}{% block announce %}' + text
                         + "{% endblock %}")


def test_an_edited_theme_template_is_on_every_page_after_an_update(project: Project, tmp_path: Path) -> None:
    """A dirty update rendered no page again after an edit to mkdocs.yml's theme.custom_dir: every page kept the
    old announcement until the preview was restarted."""
    template = _themed(project, "第一版公告")
    preview = _preview(project, tmp_path)
    assert preview.update(full=True).ok
    template.write_text('{% extends "base.html" %}{% block announce %}第二版公告{% endblock %}', "utf-8")
    assert preview.update().ok
    for page in ("qp-hr/QP-02-03/index.html", "register/index.html", "404.html"):
        assert "第二版公告" in (preview.site_dir / page).read_text("utf-8"), page


@pytest.mark.parametrize(("language", "words", "page"), [("zh-CN", "第 1 行有误", "qp-hr/QP-02-03/index.html"),
                                                      ("en", "line 1, has an error", "qm/QM-02/index.html")])
def test_a_broken_theme_template_is_shown_and_the_next_good_save_recovers(project: Project, tmp_path: Path,
                                                                          language: str, words: str,
                                                                          page: str) -> None:
    """A theme template saved with a misspelt tag, as non-UTF-8 or including one that is not there ended the
    preview with a traceback; each is now the page's and the terminal's message, in the project's language."""
    import shutil

    from conftest import REPO

    if language == "en":  # the English example project
        shutil.copytree(REPO / "examples" / "en-quality-manual", tmp_path / "en",
                        ignore=shutil.ignore_patterns("build", "issued"))
        project = Project(tmp_path / "en")
    template = _themed(project, "公告")
    preview = _preview(project, tmp_path)
    assert preview.update(full=True).ok, preview.state.findings[:3]
    template.write_text('{% extends "base.html" %}{% block announce %}x{% endblok %}', "utf-8")
    state = preview.update(full=True)
    assert not state.ok and "main.html" in state.failure and words in state.failure, state.failure
    template.write_bytes(b'{% extends "base.html" %}\xff\xfe')
    state = preview.update(full=True)
    assert not state.ok and "main.html" in state.failure and "UTF-8" in state.failure, state.failure
    template.write_text('{% extends "base.html" %}{% block announce %}{% include "gone.html" %}{% endblock %}',
                        "utf-8")
    state = preview.update(full=True)
    assert not state.ok and "gone.html" in state.failure and "custom_dir" in state.failure, state.failure
    template.write_text('{% extends "base.html" %}{% block announce %}修好的公告{% endblock %}', "utf-8")
    assert preview.update().ok
    assert "修好的公告" in (preview.site_dir / page).read_text("utf-8")


def test_the_preview_takes_the_site_s_path_from_mkdocs_yml_as_it_is_now(project: Project, tmp_path: Path) -> None:
    """site_url edited while serving: the pages are served under its path from the next update on."""
    preview = _preview(project, tmp_path)
    assert preview.update(full=True).ok and preview.mount == "/"
    project.write("mkdocs.yml", "site_url: https://intranet.example.com/质量 手册/\n" + project.read("mkdocs.yml"))
    state = preview.update(full=True)
    assert state.ok and preview.mount == "/质量 手册/", state.failure
    assert "/质量 手册/assets/" in (preview.site_dir / "404.html").read_text("utf-8")


def test_the_address_said_at_the_start_and_after_an_edit_is_where_the_pages_are(project: Project,
                                                                                 tmp_path: Path) -> None:
    """The start line named http://host:port/ while the pages were served under site_url's path (the root only
    redirected there); an edited site_url moved the pages without a word."""
    project.write("mkdocs.yml", "site_url: https://intranet.example.com/qms/\n" + project.read("mkdocs.yml"))
    printed: list[str] = []
    preview = _preview(project, tmp_path)
    preview.report, preview.address = printed.append, "127.0.0.1:8123"
    preview.first_mount()
    assert preview.url() == "http://127.0.0.1:8123/qms/"
    assert preview.update(full=True).ok and not [line for line in printed if "http://" in line]  # not moved
    project.write("mkdocs.yml", project.read("mkdocs.yml").replace("/qms/", "/质量 手册/"))
    assert preview.update(full=True).ok and preview.update(full=True).ok
    moved = [line for line in printed if "http://" in line]
    assert moved == ["预览地址已改为 http://127.0.0.1:8123/%E8%B4%A8%E9%87%8F%20%E6%89%8B%E5%86%8C/"
                     "（mkdocs.yml 的 site_url 已修改）"], moved


def test_an_ipv6_address_is_said_in_brackets(project: Project, tmp_path: Path) -> None:
    preview = _preview(project, tmp_path)
    preview.address = "::1:8123"
    preview.first_mount()
    assert preview.url() == "http://[::1]:8123/"


def test_a_dev_addr_in_mkdocs_yml_the_preview_cannot_take_says_how_to_restart(project: Project, tmp_path: Path) -> None:
    """`mkdocs serve` takes mkdocs.yml's dev_addr; the preview takes --dev-addr and cannot move while running:
    an edited dev_addr went unheeded without a word."""
    printed: list[str] = []
    preview = _preview(project, tmp_path)
    preview.report, preview.address = printed.append, "127.0.0.1:8123"
    settings = project.read("mkdocs.yml")
    assert preview.update(full=True).ok
    assert not [line for line in printed if "dev_addr" in line]  # none written: nothing to say
    project.write("mkdocs.yml", "dev_addr: 127.0.0.1:8123\n" + settings)
    assert preview.update(full=True).ok
    assert not [line for line in printed if "dev_addr" in line]  # the address served: nothing to say
    project.write("mkdocs.yml", "dev_addr: 0.0.0.0:8080\n" + settings)
    assert preview.update(full=True).ok and preview.update(full=True).ok
    told = [line for line in printed if "dev_addr" in line]
    assert len(told) == 1 and "qmsdoc serve --dev-addr 0.0.0.0:8080" in told[0] and "127.0.0.1:8123" in told[0], told
