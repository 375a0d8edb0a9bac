"""What qmsdoc refuses in mkdocs.yml as written, without MkDocs: the one screen `qmsdoc build` (site/exporter.py,
before MkDocs loads the file) and `qmsdoc check` (before checking) share, so a project `check` passes is not
refused by `build` for its site configuration (exit 2, 「配置错误」). MkDocs' own refusals of a value (a theme it
cannot find, a plugin's option) stay with the build: they need MkDocs."""

from __future__ import annotations

from pathlib import Path

import yaml

from .config import ConfigError
from .errors import SITE_CONFIG
from .i18n import t
from .source import screen_yaml_file, yaml_error_line

SITE_CONFIG_FILE = "mkdocs.yml"
MAX_SITE_CONFIG_BYTES = 1024 * 1024  # mkdocs.yml (the shipped one is 2 KB)


def yaml_syntax_refusal(config_file: Path | str, exc: yaml.MarkedYAMLError) -> ConfigError:
    """mkdocs.yml that is not YAML, told as qmsdoc.yml's is: its line, the problem, what to check (QD302)."""
    return ConfigError(t("site.config_invalid", path=f"{config_file}:{yaml_error_line(exc) + 1}",
                         error=t("load.QD003.line", problem=exc.problem)), code=SITE_CONFIG)


def site_config_refusal(config_file: Path) -> ConfigError | None:
    """Why qmsdoc refuses `config_file` as written, or None: not a regular file (a folder in its place), not UTF-8,
    too big or deep, not YAML, not `key: value` settings, a key written twice, an alias bomb (the shared reader's
    code: QD001, QD004, QD005, QD011; QD302 for YAML), or a hand-written `nav:` (QD302). A file that is not there
    is not refused here: the caller decides whether it needs one."""
    if not config_file.exists() and not config_file.is_symlink():
        return None
    src = screen_yaml_file(config_file, str(config_file), MAX_SITE_CONFIG_BYTES)
    for finding in src.findings:
        return ConfigError.of_finding(finding, t("site.config_invalid", path=f"{config_file}:{finding.line}",
                                                 error=finding.message))
    try:  # the screen leaves a syntax error to the reader: any YAML loader meets it where the composer does
        yaml.compose(src.text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        if exc.problem_mark is not None and exc.problem:
            return yaml_syntax_refusal(config_file, exc)
        return ConfigError(t("site.config_invalid", path=config_file, error=str(exc)), code=SITE_CONFIG)
    except yaml.YAMLError as exc:
        return ConfigError(t("site.config_invalid", path=config_file, error=str(exc)), code=SITE_CONFIG)
    nav = src.lines.get(("nav",))
    if nav is not None:  # the navigation follows the manuals and control numbers: a hand-written one would go stale
        return ConfigError(t("config.at", path=f"{config_file}:{nav}", message=t("site.nav_refused")),
                           code=SITE_CONFIG)
    return None
