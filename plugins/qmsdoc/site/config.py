"""Typed configuration of the `qmsdoc` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class QmsdocPluginConfig(base.Config):
    project_dir = c.Optional(c.Type(str))
    """Folder holding `qmsdoc.yml`; defaults to the folder of `mkdocs.yml`."""

    # Moved to qmsdoc.yml (one configuration for every output): still recognised, to say where they went.
    publish_drafts = c.Optional(c.Type(bool))
    docx = c.Optional(c.Type(bool))


MOVED_OPTIONS = {"publish_drafts": "publish_drafts", "docx": "word_copies"}
"""Plugin options that now live in qmsdoc.yml, by the name they have there."""
