"""Typed configuration of the `qmsdoc` MkDocs plugin."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.i18n import t
from ..core.siteconfig import MAX_SITE_CONFIG_BYTES
from ..core.source import screen_yaml_file


class QmsdocPluginConfig(base.Config):
    project_dir = c.Optional(c.Type(str))
    """Folder holding `qmsdoc.yml`; defaults to the folder of `mkdocs.yml`."""

    # Moved to qmsdoc.yml (one configuration for every output): still recognised, to say where they went.
    publish_drafts = c.Optional(c.Type(bool))
    docx = c.Optional(c.Type(bool))


MOVED_OPTIONS = {"publish_drafts": "publish_drafts", "docx": "word_copies"}
"""Plugin options that now live in qmsdoc.yml, by the name they have there."""


def located(config_file: str | None, key: str | tuple[str, ...], message: str) -> str:
    """A refusal of an mkdocs.yml value after where the file writes it (`…/mkdocs.yml:12: `), as a refusal of a
    qmsdoc.yml value is told (`setting_at`)."""
    if not config_file:
        return message
    return t("config.at", path=setting_at(config_file, key), message=message)


def setting_at(config_file: str, key: str | tuple[str, ...]) -> str:
    """Where mkdocs.yml writes a setting (`…/mkdocs.yml:12`). `key` is the setting, or its path for a nested one
    (`("theme", "custom_dir")`, `("plugins", "search", "lang")`: a list item by its name, Material's plugins
    with or without their `material/`): the line of the deepest part written, the file alone when not even the
    first is (its default, or INHERIT's). The file is read again only here, when something is refused."""
    src = screen_yaml_file(Path(config_file), config_file, MAX_SITE_CONFIG_BYTES)
    found: tuple[str, ...] = ()
    for part in (key,) if isinstance(key, str) else key:
        spellings = (part, part.removeprefix("material/"), f"material/{part}")
        written = next((name for name in spellings if (*found, name) in src.lines), None)
        if written is None:
            break
        found = (*found, written)
    return f"{config_file}:{src.lines[found]}" if found else config_file
