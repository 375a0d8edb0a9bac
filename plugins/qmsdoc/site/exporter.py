"""The site exporter: MkDocs driven through its Python API, in the same process as `qmsdoc build`.

The qmsdoc plugin is handed the build context, so the site is rendered from the corpus that was
checked once and from the one Markdown parse; MkDocs' own warnings (and, with --strict, their
count) still decide whether the site is good."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.utils.yaml import yaml_load

from ..core.config import Config as ProjectConfig
from ..core.config import ConfigError
from ..core.context import BuildContext
from ..core.errors import SITE_CONFIG, SITE_REFUSED, QmsdocError, UsageError, shown_path
from ..core.i18n import t
from ..core.paths import PageId
from ..core.siteconfig import site_config_refusal, yaml_syntax_refusal
from .config import setting_at
from .dirty import TEMPLATE_SUFFIXES
from .plugin import SitePlugin


class SiteBuildError(QmsdocError):
    prefix_key = "error.prefix.site"
    code = SITE_REFUSED


def _config_error(config_file: Path, exc: MkDocsException, reasons: list[str]) -> ConfigError:
    """mkdocs.yml refused: a YAML mistake told as qmsdoc.yml's is (its line, the problem, what to check) in the
    project's language — MkDocs' own sentence ("MkDocs encountered an error parsing…") is English, and
    was shown whole to a Chinese team; any other refusal with what MkDocs logged as wrong (`reasons`), not its
    closing 「Aborted with a configuration error!」."""
    cause = exc.__context__  # MkDocs raises its error inside the `except yaml.YAMLError`, without `from`
    if isinstance(cause, yaml.MarkedYAMLError) and cause.problem_mark is not None and cause.problem:
        return yaml_syntax_refusal(config_file, cause)  # an INHERIT'd file's: the screen read mkdocs.yml's own
    error = t("site.sep").join(reasons) if reasons else str(exc)
    named = _MKDOCS_SETTING.search(error)  # the first setting MkDocs names: its line, a plugin's option's own
    path = setting_at(str(config_file), tuple(part for part in named.groups() if part)) if named else config_file
    return ConfigError(t("site.config_invalid", path=path, error=error), code=SITE_CONFIG)


_MKDOCS_SETTING = re.compile(r"Config value '([^']+)'(?:: Plugin '([^']+)' option '([^']+)')?")
"""How MkDocs names a setting it refuses (`Config value 'plugins': Plugin 'material/search' option 'lang': …`)."""


def load_site_config(config_file: Path, site_dir: Path, *, docs_dir: Path, strict: bool,
                     writes_build_dir: bool = True) -> MkDocsConfig:
    """The MkDocs configuration, with the site built from `docs_dir` (qmsdoc.yml's manuals_dir: the folder that
    was checked, whatever mkdocs.yml names) into `site_dir`; a broken file is exit 2: a ConfigError (「配置错误」, core/errors.py) — the file is wrong, not the command line.
    `writes_build_dir` false: the caller writes nothing into build_dir (`qmsdoc serve`), which is not refused."""
    # MkDocs' own loader hangs on an alias bomb and keeps the last of two equal keys: the screen `qmsdoc check`
    # shares first (core/siteconfig.py), so both commands refuse the same file with the same code
    refusal = site_config_refusal(config_file)
    if refusal is not None:
        raise refusal
    if not config_file.is_file():
        raise UsageError(t("site.config_missing", path=shown_path(config_file)))
    reasons: list[str] = []  # what MkDocs logs as wrong before it aborts with 「Aborted with a configuration error!」
    with _mkdocs_log(held=reasons):
        try:
            site_config = load_config(config_file=str(config_file), site_dir=str(site_dir), docs_dir=str(docs_dir),
                                      strict=strict)
        except MkDocsException as exc:
            raise _config_error(config_file, exc, reasons) from exc
        except (ValueError, RecursionError) as exc:  # PyYAML's own: a date like 2025-02-30, nesting too deep
            raise ConfigError(t("site.config_invalid", path=config_file, error=f"{type(exc).__name__}: {exc}"),
                              code=SITE_CONFIG) from exc
        try:
            qmsdoc_plugin(site_config).configure(site_config, writes_build_dir=writes_build_dir)
        except PluginError as exc:
            if isinstance(exc.__cause__, ConfigError):  # qmsdoc.yml's own error, said once (not 「配置错误：qmsdoc 配置错误：」)
                raise exc.__cause__ from exc
            raise ConfigError(str(exc), code=SITE_CONFIG) from exc
    return site_config


def unused_folders(site_config: MkDocsConfig, project: ProjectConfig) -> list[str]:
    """What `qmsdoc build` says of mkdocs.yml's own `docs_dir` and `site_dir` when they name other folders than
    qmsdoc.yml's: the build checks and publishes manuals_dir into build_dir/site whatever mkdocs.yml says, while
    plain `mkdocs build` follows mkdocs.yml (and refuses another docs_dir) — one line each, in place of silence."""
    config_file = Path(site_config.config_file_path or "mkdocs.yml")
    root = config_file.parent
    try:  # as MkDocs read it (its tags, INHERIT): the load this follows succeeded, the folders it overrode
        with config_file.open("rb") as source:
            named = yaml_load(source)
    except (OSError, MkDocsException, yaml.YAMLError, ValueError, RecursionError):
        return []
    said: list[str] = []
    for key, ours, option in (("docs_dir", project.manuals_path, "manuals_dir"),
                              ("site_dir", project.build_path / "site", "build_dir")):
        value = named.get(key)
        if isinstance(value, str) and (root / value).resolve() != ours.resolve():
            said.append(t("site.folder_unused", key=key, value=value, option=option, folder=_shown(ours, root)))
    return said


def _shown(folder: Path, root: Path) -> str:
    resolved = folder.resolve()
    return resolved.relative_to(root.resolve()).as_posix() if resolved.is_relative_to(root.resolve()) else str(folder)


def template_failure(exc: jinja2.TemplateError | UnicodeDecodeError, custom_dir: str | None) -> str:
    """What is wrong with the site's theme templates (mkdocs.yml's `theme.custom_dir`), for the terminal and the
    preview's page: Jinja's own error (a misspelt tag, a template not found) or a template that is not UTF-8."""
    if isinstance(exc, UnicodeDecodeError):
        folder = Path(custom_dir) if custom_dir else None
        unreadable = [path for path in sorted(folder.rglob("*")) if path.suffix.lower() in TEMPLATE_SUFFIXES
                      and path.is_file() and not _utf8(path)] if folder is not None and folder.is_dir() else []
        return t("site.template_not_utf8", path=unreadable[0] if unreadable else custom_dir or "?")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return t("site.template_syntax", path=exc.filename or exc.name or "?", line=exc.lineno, error=exc.message)
    return t("site.template_failed", error=exc.message or type(exc).__name__)


def _utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return True


def qmsdoc_plugin(site_config: MkDocsConfig) -> SitePlugin:
    plugin = site_config.plugins.get("qmsdoc")
    if not isinstance(plugin, SitePlugin):
        raise ConfigError(t("site.plugin_missing"), code=SITE_CONFIG)
    return plugin


def export_site(ctx: BuildContext, site_config: MkDocsConfig) -> dict[str, PageId]:
    """Build the website into `ctx.site_dir`; returns each document/form page file (relative to the
    site) → the id it shows, for the manifest."""
    plugin = qmsdoc_plugin(site_config)
    plugin.context = ctx
    with _mkdocs_log():
        site_config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(site_config)
        except MkDocsException as exc:  # MkDocs has logged the cause already
            raise SiteBuildError(str(exc) or t("site.mkdocs_failed")) from exc
        except (jinja2.TemplateError, UnicodeDecodeError) as exc:
            raise SiteBuildError(template_failure(exc, site_config.theme.custom_dir)) from exc
        finally:
            site_config.plugins.on_shutdown()
            plugin.context = None
    assert plugin.site is not None
    return plugin.site.page_ids()


class _Handler(logging.Handler):
    """MkDocs' warnings and errors, for a person at a terminal: one line each, no INFO chatter. With `held`, the
    errors are kept there instead (the caller says them in its own message)."""

    def __init__(self, level: int, held: list[str] | None = None) -> None:
        super().__init__(level)
        self.held = held

    def emit(self, record: logging.LogRecord) -> None:
        if self.held is not None and record.levelno >= logging.ERROR:
            self.held.append(record.getMessage())
            return
        label = t("log.warning") if record.levelno == logging.WARNING else t("log.error")
        print(t("log.line", label=label, message=record.getMessage()), file=sys.stderr, flush=True)


@contextmanager
def _mkdocs_log(held: list[str] | None = None) -> Iterator[None]:
    """MkDocs' log through `_Handler` while this runs (its errors into `held`, if given). Nested (the preview's
    update loads mkdocs.yml inside its own), the inner one stands in for the outer: each line once."""
    logger = logging.getLogger("mkdocs")
    outer = [h for h in logger.handlers if isinstance(h, _Handler)]
    handler = _Handler(logging.WARNING, held)
    saved = (logger.level, logger.propagate)
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # the root logger's last-resort handler would print each line twice
    for each in outer:
        logger.removeHandler(each)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        for each in outer:
            logger.addHandler(each)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
