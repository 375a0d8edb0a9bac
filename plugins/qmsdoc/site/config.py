"""Typed configuration of the `qmsdoc` MkDocs plugin."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.i18n import t
from ..core.source import screen_yaml_file

MAX_SITE_CONFIG_BYTES = 1024 * 1024  # mkdocs.yml (the shipped one is 2 KB)


class QmsdocPluginConfig(base.Config):
    project_dir = c.Optional(c.Type(str))
    """Folder holding `qmsdoc.yml`; defaults to the folder of `mkdocs.yml`."""

    # Moved to qmsdoc.yml (one configuration for every output): still recognised, to say where they went.
    publish_drafts = c.Optional(c.Type(bool))
    docx = c.Optional(c.Type(bool))


MOVED_OPTIONS = {"publish_drafts": "publish_drafts", "docx": "word_copies"}
"""Plugin options that now live in qmsdoc.yml, by the name they have there."""


def located(config_file: str | None, key: str, message: str) -> str:
    """A refusal of an mkdocs.yml value after where the file writes it (`…/mkdocs.yml:12: `), as a refusal of a
    qmsdoc.yml value is told: the file alone when `key` is not written in it (its default, or INHERIT's). The file
    is read again only here, when something is refused."""
    if not config_file:
        return message
    src = screen_yaml_file(Path(config_file), config_file, MAX_SITE_CONFIG_BYTES)
    line = src.lines.get((key,))
    return t("config.at", path=f"{config_file}:{line}" if line else config_file, message=message)
