"""The theme's primary navigation rendered once per folder for the pages that are not in it.

Material renders the whole navigation for every page, and most pages of a large site are not in it
(blank forms, document histories, withdrawn documents). For such a page nothing in the navigation is
active, and every link in it is relative to the page's folder: pages side by side in one folder show
the same navigation, byte for byte, as long as no navigation page lies inside their own folder. The
theme's own template still does the rendering (a custom_dir override of it included); this only
remembers what it wrote. Installed on the build's Jinja environment (our partials/nav.html, in front of the
theme's by theme.py, asks it); nothing is kept across builds."""

from __future__ import annotations

import posixpath
from typing import Any

import jinja2
from markupsafe import Markup


class NavCache:
    def __init__(self, nav: Any) -> None:
        nav_urls = [page.url for page in getattr(nav, "pages", [])]
        self._in_nav = set(nav_urls)
        # every folder that holds a navigation page: a page whose own folder is one of them is not cached
        self._occupied = {url[:i + 1] for url in nav_urls for i, char in enumerate(url) if char == "/"}
        self._occupied.update(nav_urls)
        self._rendered: dict[str, str] = {}
        self.hits = self.misses = 0

    def key(self, page: Any) -> str:
        """The folder whose pages share this page's navigation; "" when it is not shareable."""
        url = getattr(page, "url", None)
        if not isinstance(url, str) or url in self._in_nav or url in self._occupied:
            return ""
        return posixpath.dirname(url.rstrip("/")) + "/"

    def has(self, key: str) -> bool:
        return bool(key) and key in self._rendered

    def recall(self, key: str) -> Markup:
        self.hits += 1
        return Markup(self._rendered[key])  # the theme's own rendered navigation

    def keep(self, rendered: str, key: str) -> Markup:
        self.misses += 1
        if key:
            self._rendered[key] = rendered
        return Markup(rendered)


def install(env: jinja2.Environment, cache: NavCache) -> None:
    """Give our partials/nav.html the cache (without it, the template renders the theme's navigation)."""
    env.globals["qmsdoc_nav"] = cache
    env.filters["qmsdoc_nav_keep"] = cache.keep
