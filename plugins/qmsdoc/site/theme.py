"""qmsdoc's template overrides, in front of the theme's: partials/nav.html (the navigation rendered once per
folder, navcache.py) and partials/header.html with partials/qmsdoc-search.html (Material's header and search box,
driven by qmsdoc's search). The theme's own templates stay reachable as `qmsdoc-theme/…`."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parent / "templates"
PREFIX = "qmsdoc-theme"


def install(env: jinja2.Environment, *, search: bool) -> None:
    theme = env.loader
    assert theme is not None
    env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(TEMPLATES)), theme,
                                      jinja2.PrefixLoader({PREFIX: theme})])
    env.globals["qmsdoc_search"] = search  # the header shows qmsdoc's search box
    env.filters["qmsdoc_nav_keep"] = _unchanged  # until a navigation cache is installed (navcache.py)


def _unchanged(rendered: str, key: str) -> Markup:
    return Markup(rendered)
