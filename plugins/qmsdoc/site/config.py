"""Typed configuration of the `qmsdoc` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class QmsdocPluginConfig(base.Config):
    project_dir = c.Optional(c.Type(str))
    """Folder holding `qmsdoc.yml`; defaults to the folder of `mkdocs.yml`."""

    publish_drafts = c.Type(bool, default=False)
    """Publish draft and in-review documents for preview, each with a 草稿 banner."""

    docx = c.Type(bool, default=True)
    """Export Word copies into `build/docx` after the site build and link them from each page."""
