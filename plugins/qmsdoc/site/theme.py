"""qmsdoc's template overrides, in front of the theme's: partials/nav.html (the navigation rendered once per
folder, navcache.py) and partials/header.html with partials/qmsdoc-search.html (Material's header and search box,
driven by qmsdoc's search). The theme's own templates stay reachable as `qmsdoc-theme/…`.

MkDocs makes a new Jinja environment for every build, which parses and compiles every template again (a third
of a second of each `qmsdoc serve` update): the compiled templates are kept for the process, by template and
checksum of its source (Jinja's bytecode cache), so an edited template is compiled afresh."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parent / "templates"
PREFIX = "qmsdoc-theme"


class _CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache in memory: each bucket is keyed by template and file, and Jinja discards one
    whose source checksum differs."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._kept.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._kept[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledTemplates()


def install(env: jinja2.Environment, *, search: bool) -> None:
    if env.bytecode_cache is None:
        env.bytecode_cache = COMPILED
    theme = env.loader
    assert theme is not None
    env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(TEMPLATES)), theme,
                                      jinja2.PrefixLoader({PREFIX: theme})])
    env.globals["qmsdoc_search"] = search  # the header shows qmsdoc's search box
    env.filters["qmsdoc_nav_keep"] = _unchanged  # until a navigation cache is installed (navcache.py)


def _unchanged(rendered: str, key: str, page: object = None) -> Markup:
    return Markup(rendered)
