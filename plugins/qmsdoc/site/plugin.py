"""The `qmsdoc` MkDocs plugin: a thin adapter that renders the build context's corpus as pages.

Under `qmsdoc build` the pipeline hands the plugin a context whose corpus is already checked and whose
Word copies and records the pipeline writes itself. Under plain `mkdocs build`/`serve` the plugin makes
the context (checking once: errors fail the build, warnings go through the plugin logger so `--strict`
counts them) and asks the pipeline for the Word copies and records after the site is written."""

from __future__ import annotations

import json
import logging
import posixpath
import re
from html import escape
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from ..core import ConfigError, Severity, check, i18n, load_config
from ..core.config import Config as ProjectConfig
from ..core.context import BuildContext
from ..core.dialect import ALIASES, MKDOCS_BUILTIN, canonical_name
from ..core.findings import summary
from ..core.gcpause import collector_paused, skip_final_collection
from ..core.i18n import t
from ..core.outputs import mark, refuse_unsafe
from ..core.parsecache import CACHE_NAME as PARSE_CACHE
from ..core.parsecache import ParseCache
from ..core.paths import DOCX_DIR, RENDER_CACHE
from ..core.refs import LINK_ATTRIBUTE
from ..core.rendercache import RenderCache
from . import jiebadict
from .config import MOVED_OPTIONS, QmsdocPluginConfig
from .navcache import NavCache
from .navcache import install as install_nav_cache
from .searchindex import SearchEntries
from .searchworker import patch_site
from .segcache import CACHE_NAME as SEGMENTS_NAME
from .segcache import SegmentCache, dictionary_salt
from .segcache import install as install_segments
from .site_model import SiteModel, page_title

log = get_plugin_logger(__name__)

ASSETS = ("qmsdoc.css", "qmsdoc.js")
ASSET_DIR = "assets/qmsdoc"
_PARSE_CACHES: dict[Path, ParseCache] = {}
_RENDER_CACHES: dict[Path, RenderCache] = {}
_SEGMENT_CACHES: dict[Path, SegmentCache] = {}


class QmsdocPlugin(BasePlugin[QmsdocPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: ProjectConfig | None = None
        self.site: SiteModel | None = None
        self.dirty = False
        self.context: BuildContext | None = None
        """Set by the pipeline (`qmsdoc build`); None under plain `mkdocs build`/`serve`."""
        self._standalone: BuildContext | None = None
        self.segments: SegmentCache | None = None
        self.nav: Navigation | None = None
        self.nav_cache: NavCache | None = None
        self.search_entries: SearchEntries | None = None
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty
        self.serving = command == "serve"

    @event_priority(100)  # before Material's search reads the theme's language for its defaults
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _quiet_jieba()
        self.configure(config)
        return config

    def configure(self, config: MkDocsConfig) -> None:
        """Load the project and refuse a site configuration qmsdoc cannot honour (PluginError). `qmsdoc build`
        calls this before building, so such a mistake is a configuration error (exit 2), not a failed build."""
        root = Path(self.config.project_dir or Path(config.config_file_path).parent)
        try:
            self.project = load_config(root)
        except ConfigError as exc:
            raise PluginError(t("site.plugin_config_error", error=exc)) from exc
        moved = [(old, new) for old, new in MOVED_OPTIONS.items() if self.config.get(old) is not None]
        if moved:
            raise PluginError(t("site.options_moved", options=t("site.sep").join(
                t("site.option_moved", old=old, new=new) for old, new in moved)))
        if config.nav is not None:
            # The navigation follows the manuals and the control numbers; a hand-written one would go stale.
            raise PluginError(t("site.nav_refused"))
        if Path(config.docs_dir).resolve() != self.project.manuals_path.resolve():
            raise PluginError(t("site.docs_dir", folder=self.project.manuals_dir))
        _speak(config)
        _warn_dialect(config, self.project)
        if self.context is None:  # plain mkdocs: `qmsdoc build` checked its own folders already
            try:  # MkDocs empties site_dir and we replace build/docx: both must be folders qmsdoc owns
                build_dir = refuse_unsafe(self.project.build_path, self.project, t("folder.build_dir"))
                refuse_unsafe(build_dir / DOCX_DIR, self.project, t("folder.word"))
                site_dir = Path(config.site_dir).resolve()
                if not site_dir.is_relative_to(build_dir):
                    refuse_unsafe(site_dir, self.project, t("folder.site_dir"))
            except ConfigError as exc:
                raise PluginError(t("site.plugin_config_error", error=exc)) from exc
        if not config.copyright:  # the organisation in every page's footer (and the printed header)
            config.copyright = self.project.organisation
        css, js = (f"{ASSET_DIR}/{name}" for name in ASSETS)
        if css not in config.extra_css:
            config.extra_css.append(css)
        if js not in config.extra_javascript:
            config.extra_javascript.append(js)

    def _standalone_context(self, config: MkDocsConfig) -> BuildContext:
        """Plain `mkdocs build`/`serve`: check once here, as `qmsdoc build` would before the site."""
        assert self.project is not None
        site_dir = Path(config.site_dir).resolve()
        build_dir = self.project.build_path.resolve()
        in_build = site_dir.is_relative_to(build_dir)
        # `mkdocs serve` makes a new plugin per rebuild: the parse cache lives in the process, per project;
        # `mkdocs build` (and --dirty) reads and keeps it in build/, as `qmsdoc check` and `qmsdoc build` do.
        key = self.project.root.resolve()
        cache = _PARSE_CACHES.get(key)
        if cache is None or cache.version != ParseCache.current_version():  # e.g. `language:` changed while serving
            cache = ParseCache(build_dir / PARSE_CACHE if in_build else None)
        _PARSE_CACHES[key] = cache
        result = check(self.project, cache)
        if in_build:
            cache.save()
        cache.prune()
        for finding in result.findings:
            if finding.severity is Severity.WARNING:
                log.warning(finding.format())
        if not result.ok:
            errors = [f.format() for f in result.findings if f.severity is Severity.ERROR]
            raise PluginError(t("site.check_failed") + "\n" + "\n".join(errors) + "\n" + summary(result.findings))
        # build/ when the site goes there; for `mkdocs serve` (a temporary site folder) a sibling of it,
        # so serving never touches build/.
        out_dir = build_dir if in_build else site_dir.with_name(site_dir.name + "-qmsdoc")
        remembered = _RENDER_CACHES.get(key)
        if remembered is None or remembered.salt != RenderCache.current_salt():
            remembered = RenderCache(build_dir / RENDER_CACHE if in_build else None)
        _RENDER_CACHES[key] = remembered
        return BuildContext(self.project, result, out_dir, remembered=remembered)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        with collector_paused():  # the corpus and every page's File: long-lived objects, no cycles
            return self._files(files, config)

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.project is not None
        if self.context is None:
            self._standalone = self._standalone_context(config)
        context = self.context or self._standalone
        assert context is not None
        self.site = SiteModel(context, site_dir=Path(config.site_dir), dirty=self.dirty)
        for name in ASSETS:
            content = resources.files(__package__).joinpath(f"assets/{name}").read_text("utf-8")
            if name.endswith(".js"):  # the words the script shows, in the project's language
                content = _script_text() + content
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=content))
        self.site.attach(files, config)
        config.nav = self.site.navigation()
        self.segments = _segment_cache(self.project, context, config)
        if install_segments(config.plugins, self.segments, segment=i18n.current().segment_han) and \
                i18n.current().segment_han:  # jieba only for a Chinese site
            jiebadict.install(self._cache_folders(context), _search_config(config))
        self.search_entries = self._search_entries(config, context, files)
        return files

    def _search_entries(self, config: MkDocsConfig, context: BuildContext, files: Files) -> SearchEntries | None:
        """Keep every page's search entries, so the index of a dirty build lists every page (searchindex.py)."""
        index = getattr(config.plugins.get("material/search"), "search_index", None)
        if index is None or not isinstance(getattr(index, "entries", None), list) or self.segments is None:
            return None
        entries = SearchEntries(index, self.segments)
        if self.dirty:
            for file in files.documentation_pages():
                if not entries.has(file.src_uri):  # no entries kept for it: rebuild it to index it
                    file.is_modified = _rebuild  # type: ignore[method-assign]
        entries.install()
        return entries

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.search_entries is not None:  # the pages MkDocs builds, in its order (Material indexes them so)
            inclusion = InclusionLevel.is_in_serve if self.serving else InclusionLevel.is_included
            self.search_entries.order = [f.src_uri for f in files.documentation_pages(inclusion=inclusion)]
        if self.site is not None and self.nav is not None:
            self.nav_cache = NavCache(self.nav)
            install_nav_cache(env, self.nav_cache)
        return env

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    @event_priority(-100)  # after Material's search has indexed the page
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self.search_entries is not None:
            self.search_entries.page_indexed(page.file.src_uri)
        return context

    def _cache_folders(self, context: BuildContext) -> list[Path]:
        """Where an earlier build left its caches: build/ and this build's output folder."""
        assert self.project is not None
        return list(dict.fromkeys([context.out_dir, self.project.build_path]))

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Our pages are rendered from the core's parse; hand MkDocs nothing to parse twice.
        if self.site and self.site.owns(page.file.src_uri):
            # Material reads `status` from page meta as its own nav badge; ours means document status.
            page.meta.pop("status", None)
            if "title" in page.meta:  # Material puts meta titles into <title> and the header unescaped
                page.meta["title"] = page_title(page.meta["title"])
            page.meta.update(self.site.search_meta.get(page.file.src_uri, {}))
            return ""
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not (self.site and self.site.owns(page.file.src_uri)):
            return html
        content, toc_tokens = self.site.page_html(page.file.src_uri)
        page.toc = get_toc(toc_tokens)  # type: ignore[arg-type]  # MkDocs' _TocToken is a TypedDict of these keys
        return _relative_md_links(self._resolve_links(content, page), page, files)

    def _resolve_links(self, html: str, page: Page) -> str:
        assert self.site is not None
        urls = self.site.urls

        def replace(match: re.Match[str]) -> str:
            attribute, scheme, target = match.groups()
            target, hash_, fragment = target.partition("#")
            if scheme == "qmsroot":
                return f'{attribute}="{get_relative_url(target, page.url)}{hash_}{fragment}"'
            url = urls.get(target)
            if url is None:  # an unpublished draft: keep the text, drop the link
                return f'href="#" aria-disabled="true" title="{escape(t("site.unpublished"))}"'
            return f'href="{get_relative_url(url, page.url)}{hash_}{fragment}"'

        return LINK_ATTRIBUTE.sub(replace, html)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # MkDocs holds every page's HTML from the first page read to the end of the build; once a page is
        # written nothing reads it again (anchors are checked from what rendering recorded): let it go.
        if self.site and self.site.owns(page.file.src_uri):
            page.content = None
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.site:
            return
        if i18n.current().segment_han:
            _correct_search_worker(Path(config.site_dir))
        self.site.dirty_cache.save()
        if self.segments is not None:
            self.segments.save(self.site.context.out_dir / SEGMENTS_NAME, prune=not self.dirty)
            jiebadict.keep(self.site.context.out_dir, _search_config(config), self._cache_folders(self.site.context))
        context = self._standalone
        if context is None:  # under `qmsdoc build` the pipeline writes the Word copies and records itself
            return
        from .. import pipeline

        site_dir = Path(config.site_dir).resolve()
        if context.with_docx:
            pipeline.export_word(context, only=self.site.changed_ids() if self.dirty else None)
            pipeline.publish_copies(context, site_dir)
        if site_dir.is_relative_to(context.out_dir):  # not for `mkdocs serve` (a temporary site)
            prefix = site_dir.relative_to(context.out_dir).as_posix()
            pipeline.export_records(context, {f"{prefix}/{path}": code for path, code in self.site.page_ids().items()},
                                    remember_hashes=True)
        # Accepted in on_config: mark the output folders so later builds may replace them.
        for folder in (context.out_dir, site_dir):
            if folder.is_dir():
                mark(folder)
        if site_dir.is_relative_to(context.out_dir):
            context.keep_renders(prune=not self.dirty)
        elif context.remembered is not None and not self.dirty:  # `mkdocs serve`: in memory only
            context.remembered.prune()

    def on_shutdown(self) -> None:
        skip_final_collection()  # `mkdocs build`/`serve` ends here: nothing runs after this but the exit

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        # Forms, qmsdoc.yml and the distribution register live outside docs_dir; edits to them must rebuild too.
        if self.project:
            if self.project.forms_path.is_dir():
                server.watch(str(self.project.forms_path))
            for watched in (self.project.root / "qmsdoc.yml", self.project.root / self.project.distribution):
                if watched.is_file():  # the distribution register feeds the 回收清单 page
                    server.watch(str(watched))
        return server


def _warn_dialect(config: MkDocsConfig, project: ProjectConfig) -> None:
    """Controlled documents are parsed by the core with qmsdoc.yml's dialect; extensions listed only in
    mkdocs.yml would be silently ignored for them, so say so (a failure under --strict)."""
    ours = {ALIASES.get(name, name) for name in project.markdown_extensions}
    listed = [canonical_name(name) for name in config.markdown_extensions if isinstance(name, str)]
    missing = [name for name in listed if name not in MKDOCS_BUILTIN and ALIASES.get(name, name) not in ours]
    if missing:
        log.warning(t("site.dialect_ignored", names=", ".join(missing)))


def _speak(config: MkDocsConfig) -> None:
    """The site speaks the project's language: Material's theme language and search language (lunr's stemmer
    and stop words) follow qmsdoc.yml's `language:`, whatever mkdocs.yml says."""
    language = i18n.current()
    config.theme["language"] = language.theme
    search = config.plugins.get("material/search")
    if search is not None and hasattr(search, "config"):
        search.config.lang = list(language.search)


def _script_text() -> str:
    """The words qmsdoc.js shows (register count, print header and mark), as `window.qmsdocText`."""
    text = {"shown": t("script.shown"), "idLabel": t("label.id"), "version": t("label.version"),
            "gap": t("page.gap"), "pageOf": t("script.page_of"), "uncontrolled": t("script.uncontrolled")}
    return f"window.qmsdocText = {json.dumps(text, ensure_ascii=True)};\n"


_MD_LINK = re.compile(r'href="([^":?#]+\.md)(#[^"]*)?"')


def _relative_md_links(html: str, page: Page, files: Files) -> str:
    """Links written as `[清单](register.md)` (the home page, manual pages): to the published page's URL,
    as MkDocs does for the pages it renders itself."""
    folder = posixpath.dirname(page.file.src_uri)

    def replace(match: re.Match[str]) -> str:
        target = files.get_file_from_path(posixpath.normpath(posixpath.join(folder, match.group(1))))
        if target is None:
            return match.group(0)
        return f'href="{get_relative_url(target.url, page.url)}{match.group(2) or ""}"'

    return _MD_LINK.sub(replace, html)


def _rebuild() -> bool:
    return True


def _search_config(config: MkDocsConfig) -> Any:
    """Material's search plugin options (None without the plugin)."""
    return getattr(config.plugins.get("material/search"), "config", None)


def _segment_cache(project: ProjectConfig, context: BuildContext, config: MkDocsConfig) -> SegmentCache:
    """The search segmentation cache of this project: in memory across `mkdocs serve` rebuilds, read from
    build/ (or this build's output folder) the first time."""
    salt = dictionary_salt(_search_config(config)) + "|" + i18n.current().code
    key = project.root.resolve()
    cache = _SEGMENT_CACHES.get(key)
    if cache is None or cache.salt != salt:
        cache = _SEGMENT_CACHES[key] = SegmentCache(salt)
        for folder in {project.build_path, context.out_dir}:
            cache.load(folder / SEGMENTS_NAME)
    return cache


def _correct_search_worker(site_dir: Path) -> None:
    """Two-character Chinese queries must not match on their first character (see searchworker)."""
    result = patch_site(site_dir)
    for worker in result.unknown:
        log.warning(t("site.worker_unpatched", name=worker.name, version=_material_version()))


def _material_version() -> str:
    try:
        return metadata.version("mkdocs-material")
    except metadata.PackageNotFoundError:
        return "?"


def _quiet_jieba() -> None:
    """jieba (Material's Chinese search segmentation) logs four English start-up lines at DEBUG to its
    own stderr handler; they tell a quality officer nothing."""
    try:
        import jieba
    except ImportError:  # search without segmentation still works
        return
    jieba.setLogLevel(logging.WARNING)

