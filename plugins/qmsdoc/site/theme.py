"""qmsdoc's template overrides, in front of the theme's: partials/nav.html (the navigation rendered once per
folder, navcache.py), partials/header.html with partials/qmsdoc-search.html (Material's header and search box,
driven by qmsdoc's search), partials/footer.html (titles read as text) and 404.html (in the project's language,
with the way to the register). The theme's own templates stay reachable as `qmsdoc-theme/…`.

MkDocs makes a new Jinja environment for every build, which parses and compiles every template again (a third
of a second of each `qmsdoc serve` update, and of each `mkdocs build --dirty`): the compiled templates are kept
for the process and in the build folder between processes, by template and checksum of its source (Jinja's
bytecode cache), so an edited template is compiled afresh."""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping, MutableMapping
from html import escape
from pathlib import Path
from typing import Any, BinaryIO

import jinja2
from markupsafe import Markup
from mkdocs.utils import normalize_url

from ..core.cachefile import save_cache
from ..core.i18n import current, t
from ..core.paths import TEMPLATE_CACHE
from .pages import TITLE_ANCHOR, title_heading

TEMPLATES = Path(__file__).resolve().parent / "templates"
PREFIX = "qmsdoc-theme"
_MAGIC = b"qmsdoc-templates 1\n"
_LENGTH = struct.Struct("<I")


class _CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache in memory, read from and kept in the build folder: each bucket is keyed by
    template and file, and Jinja discards one whose source checksum or Python version differs."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}
        self._used: set[str] = set()  # what this process's environments asked for: what the file keeps
        self._read: set[Path] = set()
        self._added = False  # compiled since the file was last written

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._used.add(bucket.key)
        data = self._kept.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._kept[bucket.key] = bucket.bytecode_to_string()
        self._added = True

    def read(self, folders: Iterable[Path]) -> None:
        """What an earlier process kept in the first of `folders` holding the file (once per folder)."""
        for folder in folders:
            path = folder.resolve() / TEMPLATE_CACHE
            if path in self._read:
                return
            try:
                data = path.read_bytes()
            except OSError:
                continue
            self._read.add(path)
            for key, value in _entries(data):
                self._kept.setdefault(key, value)
            return

    def keep(self, folder: Path) -> None:
        """Into `folder` (one qmsdoc writes), when a template was compiled or the folder lacks the file."""
        path = folder.resolve() / TEMPLATE_CACHE
        kept = {key: self._kept[key] for key in sorted(self._used) if key in self._kept}
        if not kept or (not self._added and path.is_file()):
            return

        def write(out: BinaryIO) -> None:
            out.write(_MAGIC)
            for key, value in kept.items():
                encoded = key.encode("utf-8")
                out.write(_LENGTH.pack(len(encoded)) + encoded + _LENGTH.pack(len(value)) + value)

        if save_cache(path, write):
            self._read.add(path)
            self._added = False


def _entries(data: bytes) -> Iterable[tuple[str, bytes]]:
    """The file's (key, bytecode) pairs; nothing of a file not whole (a reader keeps none of a damaged one)."""
    if not data.startswith(_MAGIC):
        return []
    found: list[tuple[str, bytes]] = []
    at = len(_MAGIC)
    try:
        while at < len(data):
            (size,) = _LENGTH.unpack_from(data, at)
            key = data[at + 4:at + 4 + size].decode("utf-8")
            at += 4 + size
            (size,) = _LENGTH.unpack_from(data, at)
            value = data[at + 4:at + 4 + size]
            if len(value) != size:
                return []
            at += 4 + size
            found.append((key, value))
    except (struct.error, UnicodeDecodeError):
        return []
    return found


COMPILED = _CompiledTemplates()


def install(env: jinja2.Environment, *, search: bool, listing_urls: Mapping[str, str]) -> None:
    """`listing_urls`: the URLs of the register and obsolete pages by name (`register`, `obsolete`), as MkDocs
    gave them (with or without `use_directory_urls`), for the 404 page's way on."""
    if env.bytecode_cache is None:
        env.bytecode_cache = COMPILED
    theme = env.loader
    assert theme is not None
    env.loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(TEMPLATES)), theme,
                                      jinja2.PrefixLoader({PREFIX: theme})])
    env.globals["qmsdoc_search"] = search  # the header shows qmsdoc's search box
    env.globals["qmsdoc_html_lang"] = current().html_lang  # <html lang>: the project's tag (partials/language.html)
    # 404.html, served at any address: the theme's "404 - Not found" said nothing in the project's language and
    # offered no way on to the version in force
    # its <h1> the skip link's target, as on every page qmsdoc writes
    env.globals["qmsdoc_not_found"] = {"title": Markup(title_heading(escape(t("page.not_found.title")))),
                                       "skip": f"#{TITLE_ANCHOR}", "text": t("page.not_found.text"),
                                       "register": t("page.register.title"), "obsolete": t("page.obsolete.title"),
                                       "register_url": listing_urls.get("register", ""),
                                       "obsolete_url": listing_urls.get("obsolete", "")}
    env.filters["qmsdoc_nav_keep"] = _unchanged  # until a navigation cache is installed (navcache.py)


def not_found_from_its_root(context: MutableMapping[str, Any], site_url: str | None) -> None:
    """The 404 page's addresses, for a site whose mkdocs.yml has no `site_url`: MkDocs names them from "/", the
    server's root, which leads out of a site published under a path (http://intranet/qms/manual/: its styles,
    scripts and every link not found) and out of the site's folder opened from a file share. Written relative to
    the site's root instead, the page resolves them from that root, which it finds where it is served
    (`qmsdoc_not_found_root`, templates/404.html). With a `site_url` the root is known and MkDocs' addresses
    hold."""
    if site_url:
        return
    context["base_url"] = "."  # what MkDocs' `url` filter joins every theme address to when there is no page
    config = context["config"]
    context["extra_css"] = [normalize_url(path, None, ".") for path in config.extra_css]
    context["extra_javascript"] = [normalize_url(str(script), None, ".") for script in config.extra_javascript]
    context["qmsdoc_not_found_root"] = True


def _unchanged(rendered: str, key: str, page: object = None) -> Markup:
    return Markup(rendered)


# Material's palette toggle: the icon a toggle shows by the scheme it switches to (Material's own examples').
_TOGGLE_ICONS = {"slate": "material/brightness-4", "default": "material/brightness-7"}


def name_palette_toggles(theme: MutableMapping[str, Any]) -> None:
    """Each toggle of mkdocs.yml's `theme.palette` that has no `name` (its tooltip, and what a screen reader says)
    or no `icon` gets them from the scheme it switches to, the name in the project's language: mkdocs.yml stays
    language-free, as its theme language does (qmsdoc.yml's `language:` decides). Material switches from each
    option to the next, the last back to the first."""
    palette = theme.get("palette")
    options = [palette] if isinstance(palette, dict) else palette if isinstance(palette, list) else []
    for at, option in enumerate(options):
        toggle = option.get("toggle") if isinstance(option, dict) else None
        if not isinstance(toggle, dict):
            continue
        following = options[(at + 1) % len(options)]
        scheme = following.get("scheme") if isinstance(following, dict) else None
        dark = scheme == "slate"
        toggle.setdefault("name", t("site.palette.to_dark" if dark else "site.palette.to_light"))
        toggle.setdefault("icon", _TOGGLE_ICONS["slate" if dark else "default"])
