"""Dirty rebuilds (`mkdocs build --dirty`, `mkdocs serve --dirty`): which qmsdoc pages must be rebuilt.

Each page gets a fingerprint of its inputs — its own source plus what it shows of other documents
(titles, versions, statuses of references and backlinks) — computed from the corpus without rendering.
A page is rebuilt only if its fingerprint changed since the last build, so an edit to one document
rebuilds that page and exactly the pages that show something of it (backlinks, register, …)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from importlib.metadata import entry_points
from pathlib import Path

from mkdocs import __version__ as mkdocs_version
from mkdocs.config.defaults import MkDocsConfig

from ..core.config import INTERNAL, Config
from ..core.model import Document, Form, Target
from ..core.parsecache import code_version
from ..core.paths import DIRTY_CACHE

CACHE_NAME = DIRTY_CACHE
SITE_CONFIG = "\0mkdocs"  # the key of the site's configuration (site_stamp): never a page's source URI
SITE_WIDE = "\0site"  # the key of the site-wide files' inputs (sitemap, 404 page): never a page's source URI
SITE_WIDE_TEMPLATES = ("sitemap.xml", "404.html")


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)  # made once: json.dumps with options makes one a call


def fingerprint(*parts: object) -> str:
    return hashlib.sha256(_ENCODER.encode(parts).encode("utf-8")).hexdigest()


@functools.cache
def page_code() -> str:
    """The digest of the code that writes the pages (every module and template of qmsdoc): a dirty build after
    an upgrade of qmsdoc writes every page again, not the old markup beside the new."""
    package = Path(__file__).resolve().parent.parent
    return code_version(sorted(p for p in package.rglob("*") if p.suffix in (".py", ".html") and p.is_file()))



TEMPLATE_SUFFIXES = (".html", ".htm", ".xml", ".j2", ".jinja", ".jinja2")
INLINED_SUFFIXES = (*TEMPLATE_SUFFIXES, ".svg")
"""What of the theme's `custom_dir` a page holds: its templates, and the icons (`.icons/…/*.svg`) Material writes
into the page's markup (theme.icon, the palette's toggles, emoji). Its stylesheets and pictures are linked, not
held: MkDocs copies them when they change."""


def template_stamp(folder: str | None) -> str:
    """The digest of the site's own theme templates (mkdocs.yml's `theme.custom_dir`): every page is made with
    them, so a dirty build after an edit to one (an announcement, a footer) writes every page again — the
    preview kept every page as the old template made it."""
    if not folder or not os.path.isdir(folder):
        return ""
    parts: list[tuple[str, str]] = []
    for path in sorted(Path(folder).rglob("*")):
        if path.suffix.lower() in INLINED_SUFFIXES and path.is_file():
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:  # being replaced as we read: the next save is another update
                digest = ""
            parts.append((path.relative_to(folder).as_posix(), digest))
    return fingerprint(parts)


def settings_stamp(config: Config) -> str:
    """The digest of the project's settings (qmsdoc.yml): pages show them — the organisation on every page and
    copy, the review warning window on 定期评审, the periods, the drafts — so a dirty build after an edit to
    qmsdoc.yml writes every page again, as a full build would."""
    return fingerprint([(f.name, getattr(config, f.name)) for f in dataclasses.fields(config)
                        if f.name not in INTERNAL])  # where the project lies, the day (in the salt) …


UNSHOWN_SITE_SETTINGS = frozenset({
    # where the project lies (absolute paths: a project copied or moved shows the same pages); docs_dir must be the
    # manuals folder (the plugin refuses another), and a page missing from a new site_dir is rebuilt as missing
    "config_file_path", "docs_dir", "site_dir",
    # the preview server's address and what it watches (`mkdocs serve` makes site_url of dev_addr: that is held)
    "dev_addr", "watch",
    # what MkDocs warns of or stops on, and where `gh-deploy` pushes: no page shows them
    "strict", "validation", "remote_branch", "remote_name",
    # a hand-written nav is refused, and qmsdoc's own is in every page's fingerprint (navtree.shown_around);
    # the plugin sets `nav` after the fingerprints are taken, so it would differ between builds of one config
    "nav", "pages",
})
"""mkdocs.yml's settings no page shows: a change to one of them rebuilds nothing. Everything else the loaded
configuration holds is in `site_stamp`, so a setting added by a later MkDocs is held until it is known unshown."""

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _plain(value: object) -> object:
    """`value` as JSON the same for the same setting in every process: mappings (MkDocs' Config objects, an
    extra_javascript entry's type/defer/async) and sequences item by item; anything else (a pathspec of
    exclude_docs, a function named in an extension's options) by its repr without the object's address."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Mapping):
        return [[str(key), _plain(item)] for key, item in value.items()]
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_plain(item)) for item in value)
    return _ADDRESS.sub("", repr(value))


@functools.cache
def _distribution(group: str, name: str) -> str:
    """The package and version that provide MkDocs theme or plugin `name` (its templates and code write the
    pages: an upgraded Material renders every page anew), "" when none is registered."""
    for point in entry_points(group=group, name=name):
        dist = point.dist
        if dist is not None:
            return f"{dist.name} {dist.version}"
    return ""


def _source_digest(module: object) -> str:
    """The digest of a hook module's file (`hooks:` in mkdocs.yml): its code may write into every page."""
    try:
        return hashlib.sha256(Path(str(getattr(module, "__file__", ""))).read_bytes()).hexdigest()
    except OSError:
        return ""


def site_stamp(config: MkDocsConfig) -> str:
    """The digest of the site's configuration as loaded (mkdocs.yml and what the plugins made of it): every page
    qmsdoc generates is rendered with it — the site name and copyright in each header and footer, site_url in each
    page's canonical link, the theme's palette, features, logo and language, `extra`, the extension options the
    theme reads (toc's title), the stylesheets and scripts every page links — so a dirty build after an edit to
    mkdocs.yml writes every page again, as a full build would. Taken deliberately, not as the object is: the theme
    by its options and the package that provides it (custom_dir is `template_stamp`'s), the plugins by name,
    package and options (an instance holds a build's state), the hooks by their files' digests, and nothing of
    UNSHOWN_SITE_SETTINGS."""
    held: list[object] = [mkdocs_version]
    for key in sorted(config.keys()):
        if key in UNSHOWN_SITE_SETTINGS or key in ("theme", "plugins", "hooks"):
            continue
        held.append([key, _plain(config.get(key))])
    theme = config.theme
    held.append(["theme", theme.name, _distribution("mkdocs.themes", theme.name or ""), _plain(dict(theme))])
    held.append(["plugins", [[name, _distribution("mkdocs.plugins", name), _plain(getattr(plugin, "config", None))]
                             for name, plugin in config.plugins.items()]])
    hooks = config.get("hooks") or {}
    held.append(["hooks", [[name, _source_digest(module)] for name, module in sorted(hooks.items())]])
    return fingerprint(held)


def _content(target: Target) -> str:
    """The source as read: the hash of its bytes stands for the text decoded from them (cheaper to hash again)."""
    return "sha256:" + target.source.sha256 if target.source.sha256 else target.source.text


def summary(target: Target | None) -> tuple[object, ...]:
    """What a page shows of another document or form it names (pages.ref, successor_ref): its number, title,
    version, status, and while an approved version waits, the version in force until its effective date (and the
    later day it came into force on the line, `Document.landed`, which git holds and the source does not)."""
    if target is None:
        return ()
    waiting = (target.in_force_before, str(target.effective_date), target.landed) \
        if isinstance(target, Document) else ()
    return (target.id, target.title, str(target.version), target.status, *waiting)


def document_inputs(document: Document, refs: list[Target | None], citing: list[Document],
                    successor: Document | None, overdue: bool, salt: str) -> str:
    # the next review comes from the project's period too (qmsdoc.yml), and the day the version came into force on
    # the line from git (its effective-date note, `Document.landed`): the source's bytes hold neither
    return fingerprint(_content(document), [summary(r) for r in refs], [summary(d) for d in citing],
                       summary(successor), overdue, str(document.next_review), document.effective_note, salt)


def form_inputs(form: Form, owner: Document | None, citing: list[Document], salt: str) -> str:
    return fingerprint(_content(form), summary(owner), [summary(d) for d in citing], salt)


def model_of(target: Target) -> tuple[object, ...]:
    """Everything the model holds of `target` but its text: every field (type, department, sign-offs, 修订记录,
    reviews, withdrawal …) and its manual by id. The listing pages (register, forms, 作废文件, 定期评审) render rows
    from these, each a column or a state (pending, waiting, overdue) derived from them and the day: a dirty build
    that fingerprinted some of them kept a page whose other columns changed (a draft's type in the register)."""
    held = tuple((f.name, getattr(target, f.name)) for f in dataclasses.fields(target)
                 if f.name not in ("source", "manual"))
    manual = getattr(target, "manual", None)
    return held + (getattr(manual, "id", None), str(getattr(target, "next_review", "")))


def listing_inputs(targets: Sequence[Target], salt: str,
                   encoded: dict[int, tuple[Target, str]] | None = None) -> str:
    """`fingerprint([model_of(t) for t in targets], salt)`, byte for byte: JSON without indentation is the
    concatenation of its items' encodings, so each target's `model_of` is encoded once into `encoded` (by the
    target's id, within one fingerprinting pass) and reused — a document is a row of the listings and of its
    manual's page, and encoding every model twice took 0.6 s of a 2,000-document rebuild."""
    if encoded is None:
        encoded = {}
    parts: list[str] = []
    for target in targets:
        known = encoded.get(id(target))
        if known is None or known[0] is not target:  # (the target held too: an id is never another's here)
            known = encoded[id(target)] = (target, _ENCODER.encode(model_of(target)))
        parts.append(known[1])
    return hashlib.sha256(f"[[{', '.join(parts)}], {_ENCODER.encode(salt)}]".encode()).hexdigest()


class DirtyCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.previous: dict[str, str] = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.current: dict[str, str] = {}

    def changed(self, key: str, fingerprint: str) -> bool:
        self.current[key] = fingerprint
        return self.previous.get(key) != fingerprint

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.current, sort_keys=True), "utf-8")
