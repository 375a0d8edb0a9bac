"""The `qmsdoc` MkDocs plugin: checks the corpus, adds the generated pages and renders every document
from the core's single Markdown parse. Errors fail the build; warnings go through the plugin logger."""

from __future__ import annotations

import logging
import os
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from ..core import ConfigError, Severity, check, load_config
from ..core.config import Config as ProjectConfig
from ..core.findings import summary
from .config import QmsdocPluginConfig
from .site_model import SiteModel

log = get_plugin_logger(__name__)

ASSETS = ("qmsdoc.css", "qmsdoc.js")
ASSET_DIR = "assets/qmsdoc"
_LINK = re.compile(r'href="(qms|qmsroot):([^"]*)"')


class QmsdocPlugin(BasePlugin[QmsdocPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: ProjectConfig | None = None
        self.site: SiteModel | None = None
        self.dirty = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _quiet_jieba()
        root = Path(self.config.project_dir or Path(config.config_file_path).parent)
        try:
            self.project = load_config(root)
        except ConfigError as exc:
            raise PluginError(f"qmsdoc 配置错误：{exc}") from exc
        if Path(config.docs_dir).resolve() != self.project.manuals_path.resolve():
            raise PluginError(f"qmsdoc：mkdocs.yml 的 docs_dir 应指向 {self.project.manuals_dir}（qmsdoc.yml 的 manuals_dir）")
        css, js = (f"{ASSET_DIR}/{name}" for name in ASSETS)
        if css not in config.extra_css:
            config.extra_css.append(css)
        if js not in config.extra_javascript:
            config.extra_javascript.append(js)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.project is not None
        result = check(self.project)
        for finding in result.findings:
            if finding.severity is Severity.WARNING:
                log.warning(finding.format())
        if not result.ok:
            errors = [f.format() for f in result.findings if f.severity is Severity.ERROR]
            raise PluginError("受控文件检查未通过，站点未生成：\n" + "\n".join(errors) + "\n" + summary(result.findings))
        progress("生成网站页面")
        self.site = SiteModel(result, self.project, publish_drafts=self.config.publish_drafts,
                              with_docx=self.config.docx, dirty=self.dirty)
        for name in ASSETS:
            content = resources.files(__package__).joinpath(f"assets/{name}").read_text("utf-8")
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=content))
        self.site.attach(files, config)
        config.nav = self.site.navigation(config.nav)
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Our pages are rendered from the core's parse; hand MkDocs nothing to parse twice.
        if self.site and self.site.owns(page.file.src_uri):
            # Material reads `status` from page meta as its own nav badge; ours means document status.
            page.meta.pop("status", None)
            return ""
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not (self.site and self.site.owns(page.file.src_uri)):
            return html
        content, toc_tokens = self.site.page_html(page.file.src_uri)
        page.toc = get_toc(toc_tokens)
        return self._resolve_links(content, page)

    def _resolve_links(self, html: str, page: Page) -> str:
        assert self.site is not None
        urls = self.site.urls

        def replace(match: re.Match[str]) -> str:
            scheme, target = match.groups()
            if scheme == "qmsroot":
                return f'href="{get_relative_url(target, page.url)}"'
            url = urls.get(target)
            if url is None:  # an unpublished draft: keep the text, drop the link
                return 'href="#" aria-disabled="true" title="该文件未发布"'
            return f'href="{get_relative_url(url, page.url)}"'

        return _LINK.sub(replace, html)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.site:
            return
        if self.config.docx:
            from ..word.export import export_for_site

            progress("导出 Word 受控副本")
            export_for_site(self.site, Path(config.site_dir), progress=_progress_wanted())
        self.site.dirty_cache.save()
        build_dir = self.site.project.build_path.resolve()
        site_dir = Path(config.site_dir).resolve()
        if site_dir.is_relative_to(build_dir):  # not for `mkdocs serve`, which builds into a temporary folder
            from ..records.manifest import build_manifest
            from ..records.register import latest_date, write_registers

            progress("写入登记表与清单（register.xlsx、manifest.json）")

            write_registers(self.site.corpus, self.site.project.root, build_dir, latest_date(self.site.corpus),
                            self.site.project.today)
            prefix = site_dir.relative_to(build_dir).as_posix()
            pages = {f"{prefix}/{path}": code for path, code in self.site.page_ids().items()}
            build_manifest(self.site.corpus, build_dir, pages)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        # Forms and qmsdoc.yml live outside docs_dir; edits to them must rebuild too.
        if self.project:
            if self.project.forms_path.is_dir():
                server.watch(str(self.project.forms_path))
            config_file = self.project.root / "qmsdoc.yml"
            if config_file.is_file():
                server.watch(str(config_file))
        return server


def _quiet_jieba() -> None:
    """jieba (Material's Chinese search segmentation) logs four English start-up lines at DEBUG to its
    own stderr handler; they tell a quality officer nothing."""
    try:
        import jieba
    except ImportError:  # search without segmentation still works
        return
    jieba.setLogLevel(logging.WARNING)


def _progress_wanted() -> bool:
    return os.environ.get("QMSDOC_PROGRESS") == "1" and sys.stderr.isatty()


def progress(stage: str) -> None:
    """A stage name for a person watching `qmsdoc build` (set by it; silent for plain `mkdocs`)."""
    if os.environ.get("QMSDOC_PROGRESS") == "1":
        print(f"· {stage}…", file=sys.stderr, flush=True)
