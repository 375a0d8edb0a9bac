"""The theme's primary navigation rendered once per folder or section instead of once per page.

Material renders the whole navigation for every page. Two kinds of page share most of it:

- Pages that are not in it (blank forms, document histories, withdrawn documents): nothing in the
  navigation is active, and every link in it is relative to the page's folder, so pages side by side in
  one folder show the same navigation, byte for byte, as long as no navigation page lies inside their own
  folder. It is rendered once per folder and recalled, once the folder's second page rendered the same.
- Pages that are in it, side by side in one section and at one folder depth (a manual's documents): their
  navigations differ only in the page's own entry, which is active and carries the page's contents. The
  navigation is rendered whole for the first of them; for the others the theme's own entry macro
  (partials/nav-item.html) renders the entries that differ, and they are spliced in. The splice is checked
  against a whole render on the section's second page; where it differs, or an entry is not found exactly
  once, the section's pages are rendered whole as before.

The theme's own templates still do all the rendering (a custom_dir override of them included); this only
remembers what they wrote. Installed on the build's Jinja environment (our partials/nav.html, in front of
the theme's by theme.py, asks it); nothing is kept across builds."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

ITEM_TEMPLATE = "partials/nav-item.html"


@dataclass(frozen=True)
class _Spot:
    """Where a page's entry sits in the navigation: the arguments nav.html gives the entry macro."""

    path: str
    level: int
    parent: Any  # the section holding it; None at the top level (the macro's `parent` then undefined)
    group: tuple[int, bool, str]


@dataclass
class _Section:
    """The navigation shared by the pages of one section and folder depth, while it is being learnt."""

    pages: list[Any]
    first: Any = None
    first_active: str = ""  # the first page's own entry, as its whole render holds it
    whole: str = ""  # the first page's whole render
    inactive: dict[int, str] = field(default_factory=dict)  # each page's entry when another page is shown
    checking: Any = None  # the second page, whose whole render checks the splice made for it
    candidate: str = ""  # that splice
    unchecked: str = ""  # the shared navigation it was made from
    shared: str = ""  # the navigation with every page of the section inactive: ready once checked
    broken: bool = False


class NavCache:
    def __init__(self, nav: Any) -> None:
        nav_urls = [page.url for page in getattr(nav, "pages", [])]
        self._in_nav = set(nav_urls)
        # every folder that holds a navigation page: a page whose own folder is one of them is not cached
        self._occupied = {url[:i + 1] for url in nav_urls for i, char in enumerate(url) if char == "/"}
        # the folders holding a navigation page below their own: their pages' links differ from their neighbours'
        inside = {url[:i + 1] for url in nav_urls for i, char in enumerate(url[:-1]) if char == "/"}
        self._occupied.update(nav_urls)
        self._rendered: dict[str, str] = {}
        self._checked: set[str] = set()  # folders whose second page rendered what the first did
        self._differs: set[str] = set()
        self._spots: dict[int, _Spot] = {}
        pages: dict[int, list[Any]] = {}  # each page, as often as the navigation lists it
        self._place(getattr(nav, "items", []), "", 1, None, inside, pages)
        groups: dict[tuple[int, bool, str], list[Any]] = {}
        for key, listed in pages.items():
            if len(listed) > 1:  # one page twice in the navigation: rendered whole
                del self._spots[key]
            else:
                groups.setdefault(self._spots[key].group, []).append(listed[0])
        self._sections = {group: _Section(pages) for group, pages in groups.items() if len(pages) > 1}
        self.hits = self.misses = self.spliced = 0

    # pages outside the navigation: one render per folder

    def key(self, page: Any) -> str:
        """The folder whose pages share this page's navigation; "" when it is not shareable."""
        url = getattr(page, "url", None)
        if not isinstance(url, str) or url in self._in_nav or url in self._occupied:
            return ""
        return posixpath.dirname(url.rstrip("/")) + "/"

    def has(self, key: str) -> bool:
        return bool(key) and key in self._checked

    def recall(self, key: str) -> Markup:
        self.hits += 1
        return Markup(self._rendered[key])  # the theme's own rendered navigation

    def keep(self, rendered: str, key: str, page: Any = None) -> Markup:
        """The whole render of a page's navigation: remembered for its folder or its section.

        A folder's render is recalled once the folder's second page rendered it the same: a theme override
        that shows the page in its navigation keeps every page of the folder rendered whole."""
        self.misses += 1
        if key and key not in self._differs:
            kept = self._rendered.get(key)
            if kept is None:
                self._rendered[key] = str(rendered)
            elif kept == rendered:
                self._checked.add(key)
            else:
                self._differs.add(key)
        elif not key and page is not None:
            self._learn(page, str(rendered))
        return Markup(rendered)

    # pages in the navigation: one render per section, the page's own entry spliced in

    def refused(self) -> int:
        """The folders and sections whose shared render did not hold: their pages are rendered whole."""
        return len(self._differs) + sum(section.broken for section in self._sections.values())

    @jinja2.pass_context
    def splice(self, context: jinja2.runtime.Context, page: Any) -> str:
        """The page's navigation from its section's shared render; "" when it must be rendered whole."""
        spot = self._spots.get(id(page))
        section = self._sections.get(spot.group) if spot is not None else None
        if spot is None or section is None or section.broken or section.checking is not None:
            return ""
        entry = self._entries(context)
        if entry is None:
            section.broken = True
            return ""
        if section.shared:
            self.spliced += 1
            return Markup(section.shared.replace(section.inactive[id(page)], entry(page), 1))
        if section.first is None:  # the first page: remember every other page's entry as it shows now
            section.first, section.first_active = page, entry(page)
            section.inactive = {id(other): entry(other) for other in section.pages if other is not page}
        elif section.whole and section.first is not page:  # the second: make the splice, to be checked
            section.inactive[id(section.first)] = entry(section.first)
            shared = self._replace_once(section.whole, section.first_active, section.inactive[id(section.first)])
            if shared is None or any(shared.count(text) != 1 for text in section.inactive.values()):
                section.broken = True
                return ""
            section.checking, section.unchecked = page, shared
            section.candidate = shared.replace(section.inactive[id(page)], entry(page), 1)
        return ""

    def _learn(self, page: Any, rendered: str) -> None:
        spot = self._spots.get(id(page))
        section = self._sections.get(spot.group) if spot is not None else None
        if section is None or section.broken:
            return
        if section.first is page and not section.whole:
            section.whole = rendered
            if rendered.count(section.first_active) != 1:
                section.broken = True
        elif section.checking is page:
            section.shared, section.broken = (section.unchecked, False) if rendered == section.candidate else ("", True)
            section.checking, section.candidate, section.unchecked = None, "", ""

    def _entries(self, context: jinja2.runtime.Context) -> Any:
        """A function rendering a page's entry with the theme's macro, in this page's context."""
        try:
            module = context.environment.get_template(ITEM_TEMPLATE).make_module(context.get_all(), True)
        except jinja2.TemplateNotFound:
            return None
        macro = getattr(module, "render", None)
        if not callable(macro):
            return None

        def entry(page: Any) -> str:
            spot = self._spots[id(page)]
            if spot.parent is None:
                return str(macro(page, spot.path, spot.level))
            return str(macro(page, spot.path, spot.level, spot.parent))
        return entry

    @staticmethod
    def _replace_once(text: str, old: str, new: str) -> str | None:
        return text.replace(old, new, 1) if text.count(old) == 1 else None

    def _place(self, items: Sequence[Any], prefix: str, level: int, parent: Any, inside: set[str],
               pages: dict[int, list[Any]]) -> None:
        """Each page's spot, numbered as nav.html and nav-item.html number them."""
        for index, item in enumerate(items, 1):
            path = f"{prefix}_{index}" if prefix else f"__nav_{index}"
            children = getattr(item, "children", None)
            if children:
                self._place(children, path, level + 1, item, inside, pages)
                continue
            url = getattr(item, "url", None)
            if not getattr(item, "is_page", False) or not isinstance(url, str) or not url or url in inside:
                continue
            pages.setdefault(id(item), []).append(item)
            directory = url.endswith("/")
            group = (id(parent), directory, posixpath.dirname(url.rstrip("/") if directory else url))
            self._spots[id(item)] = _Spot(path, level, parent, group)


def install(env: jinja2.Environment, cache: NavCache) -> None:
    """Give our partials/nav.html the cache (without it, the template renders the theme's navigation)."""
    env.globals["qmsdoc_nav"] = cache
    env.filters["qmsdoc_nav_keep"] = cache.keep
