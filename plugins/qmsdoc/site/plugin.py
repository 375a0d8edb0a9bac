"""The site adapter: the MkDocs plugin events that render the build context's corpus as pages.

Under `qmsdoc build` (and `qmsdoc serve`) the caller hands the plugin a context whose corpus is already checked.
Under plain `mkdocs build`/`serve` the plugin makes the context itself (checking once: errors fail the build,
warnings go through the plugin logger so `--strict` counts them), and `export_outputs` — empty here — is where
the face above the pipeline (qmsdoc/plugin.py, the `qmsdoc` entry point) writes the Word and PDF copies and records. This
module never imports the pipeline: the pipeline drives the site exporter, which drives this."""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections.abc import Callable
from html import escape, unescape
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment
from markupsafe import escape as markup_escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from ..core import ConfigError, Severity, check, i18n, load_config
from ..core.config import Config as ProjectConfig
from ..core.context import BuildContext
from ..core.dialect import ALIASES, MKDOCS_BUILTIN, canonical_name
from ..core.errors import SITE_CONFIG, echoed, shown_path
from ..core.findings import summary
from ..core.gcpause import collector_paused, skip_final_collection
from ..core.i18n import t
from ..core.mdlinks import forget_readings
from ..core.names import SETTING_LIMIT, name_problem, text_problem
from ..core.outputs import COPY_NAMES, mark, refuse_record_paths, refuse_strays, refuse_unsafe
from ..core.parsecache import CACHE_NAME as PARSE_CACHE
from ..core.parsecache import ParseCache
from ..core.paths import DOCX_DIR, PDF_DIR, RENDER_CACHE
from ..core.refs import LINK_ATTRIBUTE, file_path, ref_target
from ..core.rendercache import RenderCache
from ..core.sanitize import refusals
from ..pdf.coverage import install as install_glyphs
from ..search import jiebadict
from .config import MOVED_OPTIONS, QmsdocPluginConfig, located
from .dirty import SITE_WIDE_TEMPLATES
from .generated_files import GeneratedFiles
from .navcache import NavCache
from .navcache import install as install_nav_cache
from .pages import stylesheet
from .searchpages import SiteSearch, add_script, switch_off_material_search
from .site_model import OBSOLETE, REGISTER, SiteModel, page_title
from .theme import COMPILED as COMPILED_TEMPLATES
from .theme import PREFIX as THEME_PREFIX
from .theme import TEMPLATES, name_palette_toggles, not_found_from_its_root
from .theme import install as install_theme

log = get_plugin_logger(__name__)

ASSETS = ("qmsdoc.css", "qmsdoc.js")
ASSET_DIR = "assets/qmsdoc"
_PARSE_CACHES: dict[Path, ParseCache] = {}
_RENDER_CACHES: dict[Path, RenderCache] = {}
_GENERATED_FILES: dict[Path, GeneratedFiles] = {}  # a preview's (`serve`) generated pages, build to build


SearchIndexWrite = Callable[[Callable[[], bool] | None], bool]
"""Writes a build's search index unless `stop()` says, while pages are being cut, that it should not (then
nothing is written): whether it was written."""


class SitePlugin(BasePlugin[QmsdocPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: ProjectConfig | None = None
        self.site: SiteModel | None = None
        self.dirty = False
        self.context: BuildContext | None = None
        """Set by the pipeline (`qmsdoc build`); None under plain `mkdocs build`/`serve`."""
        self._standalone: BuildContext | None = None
        self.nav: Navigation | None = None
        self.nav_cache: NavCache | None = None
        self.search: SiteSearch | None = None
        self.search_order: list[str] = []
        """The pages of this build in MkDocs' order (the search index numbers them so)."""
        self.defer_search = False
        """`qmsdoc serve`: the search index is written after the edited page is on screen (`search_index`)."""
        self.search_index: SearchIndexWrite | None = None
        self.serving = False
        self.outputs: frozenset[str] = frozenset()
        """The site's files this build writes (their paths under the site folder): `qmsdoc serve` removes
        what a dirty build no longer makes (a renamed manual's old pages, a released revision's page)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty
        self.serving = command == "serve"

    @event_priority(100)  # before Material reads the theme's language for its defaults
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        install_glyphs()  # plain `mkdocs build` checks as `qmsdoc check` does (QD023)
        self.configure(config)
        return config

    def configure(self, config: MkDocsConfig, *, writes_build_dir: bool = True) -> None:
        """Load the project and refuse a site configuration qmsdoc cannot honour (PluginError). `qmsdoc build`
        calls this before building, so such a mistake is a configuration error (exit 2), not a failed build.
        Not `writes_build_dir` (`qmsdoc serve`, which writes only its temporary folder): build_dir is not refused —
        a build/ holding the user's files stopped the preview, which never writes there."""
        root = Path(self.config.project_dir or Path(config.config_file_path).parent)
        try:
            self.project = load_config(root)
        except ConfigError as exc:
            raise PluginError(t("site.plugin_config_error", error=exc.coded())) from exc
        moved = [(old, new) for old, new in MOVED_OPTIONS.items() if self.config.get(old) is not None]
        if moved:
            raise PluginError(located(config.config_file_path, ("plugins", "qmsdoc", moved[0][0]), t("site.options_moved", options=t(
                "site.sep").join(t("site.option_moved", old=old, new=new) for old, new in moved))))
        if config.nav is not None:
            # The navigation follows the manuals and the control numbers; a hand-written one would go stale.
            raise PluginError(located(config.config_file_path, "nav", t("site.nav_refused")))
        if Path(config.docs_dir).resolve() != self.project.manuals_path.resolve():
            raise PluginError(located(config.config_file_path, "docs_dir",
                                      t("site.docs_dir", folder=shown_path(self.project.manuals_dir))))
        _speak(config)
        _warn_dialect(config, self.project)
        if self.context is None and writes_build_dir:  # plain mkdocs: `qmsdoc build` checked its own folders already
            try:  # MkDocs empties site_dir and we replace build/docx: both must be folders qmsdoc owns
                build_dir = refuse_unsafe(self.project.build_path, self.project, t("folder.build_dir"),
                                          key="build_dir")
                for folder, what in ((DOCX_DIR, t("folder.word")), (PDF_DIR, t("folder.pdf"))):
                    refuse_unsafe(build_dir / folder, self.project, what, key="build_dir")
                    # replaced whole after the site (core/outputs.py replace_folder): refused now, not half-way
                    refuse_strays(build_dir / folder, self.project, what, key="build_dir", own=COPY_NAMES)
                site_dir = Path(config.site_dir).resolve()
                if site_dir.is_relative_to(build_dir) and site_dir != build_dir and not self.dirty:
                    # MkDocs empties site_dir before a build: a file the last build did not write there is refused
                    refuse_strays(build_dir, self.project, t("folder.site_dir"), key="build_dir",
                                  within=site_dir.relative_to(build_dir).as_posix())
                if not site_dir.is_relative_to(build_dir):
                    try:
                        refuse_unsafe(site_dir, self.project, t("folder.site_dir"))
                    except ConfigError as exc:  # mkdocs.yml's value: its line there
                        raise ConfigError(located(config.config_file_path, "site_dir", str(exc)),
                                          code=SITE_CONFIG) from exc
                refuse_record_paths(self.project, (site_dir,))
            except ConfigError as exc:
                raise PluginError(t("site.plugin_config_error", error=exc.coded())) from exc
        _refuse_markup(config)
        _refuse_missing_extras(config)
        _refuse_shadowed_templates(config)
        offline = config.plugins.get("material/offline")
        if offline is not None and getattr(offline, "config", {}).get("enabled", True):
            # Made for Material's search (which qmsdoc's replaces), it adds a script from the internet to every page;
            # a site opened from its folder needs only use_directory_urls: false (search/wrapped.py).
            raise PluginError(located(config.config_file_path, ("plugins", "material/offline"),
                                      t("site.offline_refused")))
        switch_off_material_search(config)  # qmsdoc's own search replaces it (site/searchpages.py)
        if not config.copyright:  # the organisation in every page's footer: Material prints it as HTML
            config.copyright = html.escape(self.project.organisation)
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
        if not self.serving:  # a preview re-checks with them; a build has no use for them from here on
            forget_readings()
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
        return BuildContext(self.project, result, out_dir, with_pdf=self.with_pdf(), remembered=remembered)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        # the corpus and every page's File: long-lived objects, no cycles, kept to the end of a build
        with collector_paused(lasting=not self.serving):
            return self._files(files, config)

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.project is not None
        # MkDocs keeps one plugin instance per process for every build of the same configuration (its plugin
        # cache): a context made by an earlier plain `mkdocs build` must never stand in for this build's.
        self._standalone = self._standalone_context(config) if self.context is None else None
        context = self.context or self._standalone
        assert context is not None
        generated = _GENERATED_FILES.setdefault(self.project.root.resolve(), GeneratedFiles()) if self.serving else None
        self.site = SiteModel(context, site_dir=Path(config.site_dir), dirty=self.dirty, generated=generated)
        for name in ASSETS:
            if name.endswith(".js"):  # the words the script shows, in the project's language
                content = _script_text() + resources.files(__package__).joinpath(f"assets/{name}").read_text("utf-8")
            else:  # with the printed page, the table headings' least widths, small text as core decides them
                content = stylesheet()
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=content))
        self.site.attach(files, config)
        add_script(files, config)
        self._refuse_left_out(files, config)
        config.nav = self.site.nav
        folders = self._cache_folders(context)
        self.search = SiteSearch(self.project, self.site.search_pages, folders, context.out_dir, dirty=self.dirty)
        self.search.set_keys(self.site.dirty_cache.current)
        if self.dirty:
            for uri in self.search.unkept():  # no record kept for what it shows: rebuild it to index it
                file = files.src_uris.get(uri)
                if file is not None:
                    file.is_modified = _rebuild  # type: ignore[method-assign]
        if self.search.language.segment_han:
            jiebadict.install(folders)
        return files

    def _refuse_left_out(self, files: Files, config: MkDocsConfig) -> None:
        """mkdocs.yml's `exclude_docs` or `draft_docs` matching a page qmsdoc builds (a document, a manual's home,
        the register, a history page…), a file it generates (its script and styles) or a picture in docs_dir:
        MkDocs would leave it out of the site while every other page links to it. A configuration error; the
        Markdown files qmsdoc does not publish may be left out freely, and so may dot-files and what dot-folders
        hold, which MkDocs leaves out of every site and the check skips (a Finder's .DS_Store, an editor's lock or
        swap file beside a document were refused as an exclude_docs rule in mkdocs.yml no one wrote)."""
        assert self.site is not None
        set_exclusions(files, config)  # what MkDocs does next: the generated files' inclusion, decided now
        docs_dir = Path(config.docs_dir).resolve()
        for key, level in (("exclude_docs", InclusionLevel.EXCLUDED), ("draft_docs", InclusionLevel.DRAFT)):
            left_out = sorted(f.src_uri for f in files if f.inclusion is level and (
                self.site.owns(f.src_uri) or f.generated_by is not None
                or (not f.is_documentation_page() and f.abs_src_path is not None
                    and Path(f.abs_src_path).resolve().is_relative_to(docs_dir)
                    and not any(part.startswith(".") for part in f.src_uri.split("/")))))
            if left_out:
                shown = t("site.sep").join(left_out[:5]) + ("…" if len(left_out) > 5 else "")
                message = located(config.config_file_path, key,
                                  t("site.left_out", key=key, count=len(left_out), files=shown))
                # `qmsdoc build`/`serve`: a configuration error (exit 2); plain MkDocs reports a plugin's own
                raise ConfigError(message, code=SITE_CONFIG) if self.context is not None else PluginError(message)

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        # The pages MkDocs builds, in its order: the search index numbers them so.
        inclusion = InclusionLevel.is_in_serve if self.serving else InclusionLevel.is_included
        pages = files.documentation_pages(inclusion=inclusion)
        self.search_order = [f.src_uri for f in pages]
        self.outputs = frozenset(f.dest_uri for f in files if f.inclusion.is_included())  # as MkDocs' build writes
        listings = {name: file.url for name, path in (("register", REGISTER), ("obsolete", OBSOLETE))
                    if (file := files.get_file_from_path(path)) is not None}
        install_theme(env, search=self.search is not None, listing_urls=listings)
        if self.dirty and self.site is not None and not self.site.site_wide_changed:
            # MkDocs renders the sitemap and the 404 page on every dirty build, over every page (a second at
            # 2,000 documents): written already, and showing what they showed, they are left as they are.
            site_dir = Path(config.site_dir)
            config.theme.static_templates.difference_update(
                name for name in SITE_WIDE_TEMPLATES if (site_dir / name).is_file())
        if self.site is not None:
            COMPILED_TEMPLATES.read(self._cache_folders(self.site.context))
        if self.site is not None and self.nav is not None:
            self.nav_cache = NavCache(self.nav)
            install_nav_cache(env, self.nav_cache)
        return env

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def _cache_folders(self, context: BuildContext) -> list[Path]:
        """Where an earlier build left its caches: build/ and this build's output folder."""
        assert self.project is not None
        return list(dict.fromkeys([context.out_dir, self.project.build_path]))

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Our pages are rendered from the core's parse; hand MkDocs nothing to parse twice.
        if self.site and self.site.owns(page.file.src_uri):
            # Material reads `status` from page meta as its own nav badge; ours means document status.
            page.meta.pop("status", None)
            retitled = self.site.retitled.get(page.file.src_uri)
            if retitled is not None:
                page.meta["title"] = retitled
            if "title" in page.meta:  # Material puts meta titles into <title> and the header unescaped
                page.meta["title"] = page_title(page.meta["title"])
            page.render = _rendered_by_us(page)  # type: ignore[method-assign,assignment]
            return ""
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not (self.site and self.site.owns(page.file.src_uri)):
            return html
        content, toc_tokens = self.site.page_html(page.file.src_uri, page.title or "")
        if self.search is not None:
            self.search.page_built(page.file.src_uri, content, page.title, page.url)
        page.toc = get_toc(toc_tokens)  # type: ignore[arg-type]  # MkDocs' _TocToken is a TypedDict of these keys
        return _relative_md_links(self._resolve_links(content, page, files), page, files)

    def _resolve_links(self, html: str, page: Page, files: Files) -> str:
        assert self.site is not None
        urls, version_urls = self.site.urls, self.site.version_urls

        def replace(match: re.Match[str]) -> str:
            # The attribute as written (`&amp;`, `&#x27;`: a `#` that ends no path) read as the URL it is, written
            # back escaped.
            attribute, scheme, written = match.groups()
            target, hash_, fragment = unescape(written).partition("#")
            if scheme == "qmsroot":
                if target.endswith(".md") and (linked := files.get_file_from_path(file_path(target))) is not None:
                    target = linked.url  # a page by its source: its URL, with use_directory_urls or without
                return f'{attribute}="{escape(get_relative_url(target, page.url) + hash_ + fragment)}"'
            code, version = ref_target(target)  # a version's page: the one in force while its successor waits
            url = version_urls.get((code, version)) or urls.get(code)
            if url is None:  # an unpublished draft: keep the text, drop the link
                return f'href="#" aria-disabled="true" title="{escape(t("site.unpublished"))}"'
            return f'href="{escape(get_relative_url(url, page.url) + hash_ + fragment)}"'

        return LINK_ATTRIBUTE.sub(replace, html)

    def on_template_context(self, context: Any, /, *, template_name: str, config: MkDocsConfig) -> Any:
        if template_name == "404.html":
            not_found_from_its_root(context, config.site_url)
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # MkDocs holds every page's HTML from the first page read to the end of the build; once a page is
        # written nothing reads it again (anchors are checked from what rendering recorded): let it go.
        if self.site and self.site.owns(page.file.src_uri):
            page.content = None
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.site:
            return
        self.site.dirty_cache.save()
        COMPILED_TEMPLATES.keep(self.site.context.out_dir)
        if self.search is not None:
            self.search_index = functools.partial(self._write_search, self.search, self.search_order,
                                                  Path(config.site_dir))
            if not self.defer_search:
                self.search_index(None)
        context = self._standalone
        if context is None:  # under `qmsdoc build` the pipeline writes the Word copies and records itself
            return
        site_dir = Path(config.site_dir).resolve()
        self.export_outputs(context, site_dir)
        # Accepted in on_config: mark the output folders so later builds may replace them.
        for folder in (context.out_dir, site_dir):
            if folder.is_dir():
                mark(folder)
        if site_dir.is_relative_to(context.out_dir):
            context.keep_renders(prune=not self.dirty)
        elif context.remembered is not None and not self.dirty:  # `mkdocs serve`: in memory only
            context.remembered.prune()

    def with_pdf(self) -> bool:
        """Plain `mkdocs build`/`serve`: whether PDF copies will be written (qmsdoc/plugin.py decides)."""
        return False

    def export_outputs(self, context: BuildContext, site_dir: Path) -> None:
        """Plain `mkdocs build`/`serve`, after the site: the other outputs (qmsdoc/plugin.py writes them)."""

    def _write_search(self, search: SiteSearch, order: list[str], site_dir: Path,
                      stop: Callable[[], bool] | None = None) -> bool:
        if not search.write(order, site_dir, stop):
            return False
        if search.language.segment_han and self.site is not None:
            jiebadict.keep(self.site.context.out_dir, self._cache_folders(self.site.context))
        return True

    def on_shutdown(self) -> None:
        skip_final_collection()  # `mkdocs build`/`serve` ends here: nothing runs after this but the exit

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        # Forms, qmsdoc.yml and the registers live outside docs_dir; edits to them must rebuild too.
        if self.project:
            if self.project.forms_path.is_dir():
                server.watch(str(self.project.forms_path))
            for watched in (self.project.root / "qmsdoc.yml", self.project.root / self.project.distribution,
                            self.project.root / self.project.acknowledgements, self.project.root / self.project.roster):
                if watched.is_file():  # the registers feed the 回收清单 and 学习确认 pages
                    server.watch(str(watched))
        return server


def _rendered_by_us(page: Page) -> Callable[[MkDocsConfig, Files], None]:
    """`Page.render` for a page whose HTML comes from the core (`on_page_content`): what MkDocs' own render of
    its empty Markdown leaves — no content, no table of contents (ours is set with the content), no title from a
    heading, no anchors or links — without building a Markdown converter with every extension of mkdocs.yml
    for each of the site's pages (at 2,000 documents 6,950 of them: a twentieth of the site build)."""
    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""
        page.toc = get_toc([])
        page._title_from_render = None
        page.present_anchor_ids = set()
        page.links_to_anchors = {}
    return render


def _warn_dialect(config: MkDocsConfig, project: ProjectConfig) -> None:
    """Controlled documents are parsed by the core with qmsdoc.yml's dialect; extensions listed only in
    mkdocs.yml would be silently ignored for them, so say so (a failure under --strict)."""
    ours = {ALIASES.get(name, name) for name in project.markdown_extensions}
    listed = [canonical_name(name) for name in config.markdown_extensions if isinstance(name, str)]
    missing = [name for name in listed if name not in MKDOCS_BUILTIN and ALIASES.get(name, name) not in ours]
    if missing:
        log.warning(t("site.dialect_ignored", names=", ".join(missing)))


def _speak(config: MkDocsConfig) -> None:
    """The site speaks the project's language: Material's theme language follows qmsdoc.yml's `language:`,
    whatever mkdocs.yml says (qmsdoc's own search takes its language from the project: search/language.py).
    Material's footer notice 「Made with Material for MkDocs」 is English whatever the theme language: a site in
    another language leaves it out (`extra.generator: false`) unless mkdocs.yml asks for it. The palette's
    light/dark switch is named in that language too."""
    config.theme["language"] = i18n.current().theme
    name_palette_toggles(config.theme)
    if i18n.current().theme != "en" and "generator" not in config.extra:
        config.extra["generator"] = False


def _script_text() -> str:
    """The words qmsdoc.js and search.js show (register count, print header and mark, a search that could not
    read the index or, opened from a folder, lacks a file of it, a query no page answers whole), as
    `window.qmsdocText`."""
    text = {"shown": t("script.shown"), "idLabel": t("label.id"), "version": t("label.version"),
            "gap": t("page.gap"), "pageOf": t("script.page_of"), "uncontrolled": t("script.uncontrolled"),
            "searchFailed": t("script.search_failed"), "searchStale": t("script.search_stale"),
            "searchPartial": t("script.search_partial"),
            "searchLacking": t("script.search_lacking"), "searchLackingJoin": t("script.search_lacking_join")}
    return f"window.qmsdocText = {json.dumps(text, ensure_ascii=True)};\n"


# What Material prints from mkdocs.yml as HTML, unescaped, on every page.
_SHOWN_AS_HTML = ("site_name", "site_description", "site_author")


def _refuse_markup(config: MkDocsConfig) -> None:
    """mkdocs.yml values Material prints unescaped: plain one-line text, or (the copyright, which Material
    documents as HTML) HTML the documents' allow-list accepts; anything else stops the build (exit 2).
    The plain ones are then escaped once, as Markup: Material prints them inside attributes too
    (`aria-label="{{ config.site_name }}"`, `<meta content=…>`), where a `"` would end the attribute, while its
    `| e` leaves Markup as it is (no `&amp;amp;`)."""
    for key in _SHOWN_AS_HTML:
        value = config.get(key)
        problem = name_problem(value, limit=SETTING_LIMIT) if isinstance(value, str) else None
        if problem:
            raise PluginError(located(config.config_file_path, key, t("site.mkdocs_value_bad", key=key,
                                                                      value=echoed(str(value)), problem=problem)))
        if isinstance(value, str):
            config[key] = markup_escape(value)  # a Markup value (a second on_config) is kept as it is
    copyright_html = config.get("copyright")
    if isinstance(copyright_html, str):
        problem = text_problem(copyright_html, limit=SETTING_LIMIT)
        refused = refusals(copyright_html)
        if problem or refused:
            reason = problem or refused[0].reason
            raise PluginError(located(config.config_file_path, "copyright", t(
                "site.mkdocs_copyright_bad", value=echoed(copyright_html), problem=reason)))


def _refuse_missing_extras(config: MkDocsConfig) -> None:
    """A local stylesheet or script of mkdocs.yml's `extra_css`/`extra_javascript` that neither docs_dir nor the
    theme's folders (theme.custom_dir first) hold: every page would link to a file the site lacks (exit 2)."""
    folders = [Path(config.docs_dir), *(Path(folder) for folder in config.theme.dirs)]
    for key in ("extra_css", "extra_javascript"):
        for entry in config[key]:
            path = str(entry)
            parts = urlsplit(path)
            if parts.scheme or parts.netloc or not parts.path or path.startswith("/"):
                continue  # another server's, or the web server's root: not the site's to hold
            if path.startswith(f"{ASSET_DIR}/") or any((folder / unquote(parts.path)).is_file() for folder in folders):
                continue
            raise PluginError(located(config.config_file_path, key, t("site.extra_missing", key=key, path=path)))


def _refuse_shadowed_templates(config: MkDocsConfig) -> None:
    """A template of mkdocs.yml's `theme.custom_dir` named as one of qmsdoc's own (partials/header.html,
    partials/footer.html, 404.html): qmsdoc's is found first, and the adopter's would be silently unused (exit 2).
    A template of qmsdoc's that wraps the theme's own (partials/nav.html) takes the adopter's inside: no clash."""
    if not config.theme.custom_dir:
        return
    custom = Path(config.theme.custom_dir)
    for template in sorted(TEMPLATES.rglob("*.html")):
        name = template.relative_to(TEMPLATES).as_posix()
        if (custom / name).is_file() and f'"{THEME_PREFIX}/{name}"' not in template.read_text("utf-8"):
            raise PluginError(located(config.config_file_path, ("theme", "custom_dir"),
                                      t("site.template_shadowed", name=name, path=custom / name)))


_MD_LINK = re.compile(r'href="([^"]*)"')


def _relative_md_links(html: str, page: Page, files: Files) -> str:
    """Links written as `[清单](register.md)` (the home page, manual pages): to the published page's URL,
    as MkDocs does for the pages it renders itself. The attribute is read as written (`&amp;`, `%23`)."""
    folder = posixpath.dirname(page.file.src_uri)

    def replace(match: re.Match[str]) -> str:
        path, hash_, fragment = unescape(match.group(1)).partition("#")
        if not path.endswith(".md") or "?" in path or urlsplit(path).scheme or path.startswith("/"):
            return match.group(0)
        target = files.get_file_from_path(posixpath.normpath(posixpath.join(folder, file_path(path))))
        if target is None:
            return match.group(0)
        return f'href="{escape(get_relative_url(target.url, page.url) + hash_ + fragment)}"'

    return _MD_LINK.sub(replace, html)


def _rebuild() -> bool:
    return True
