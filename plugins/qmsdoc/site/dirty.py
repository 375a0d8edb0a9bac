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
from collections.abc import Sequence
from pathlib import Path

from ..core.config import Config
from ..core.model import Document, Form, Target
from ..core.parsecache import code_version
from ..core.paths import DIRTY_CACHE

CACHE_NAME = DIRTY_CACHE
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


def template_stamp(folder: str | None) -> str:
    """The digest of the site's own theme templates (mkdocs.yml's `theme.custom_dir`): every page is made with
    them, so a dirty build after an edit to one (an announcement, a footer) writes every page again — the
    preview kept every page as the old template made it."""
    if not folder or not os.path.isdir(folder):
        return ""
    parts: list[tuple[str, str]] = []
    for path in sorted(Path(folder).rglob("*")):
        if path.suffix.lower() in TEMPLATE_SUFFIXES and path.is_file():
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:  # being replaced as we read: the next save is another update
                digest = ""
            parts.append((path.relative_to(folder).as_posix(), digest))
    return fingerprint(parts)


UNSHOWN_SETTINGS = ("root", "today", "written")  # where the project lies, the day (in the salt), how paths were spelled


def settings_stamp(config: Config) -> str:
    """The digest of the project's settings (qmsdoc.yml): pages show them — the organisation on every page and
    copy, the review warning window on 定期评审, the periods, the drafts — so a dirty build after an edit to
    qmsdoc.yml writes every page again, as a full build would."""
    return fingerprint([(f.name, getattr(config, f.name)) for f in dataclasses.fields(config)
                        if f.name not in UNSHOWN_SETTINGS])


def _content(target: Target) -> str:
    """The source as read: the hash of its bytes stands for the text decoded from them (cheaper to hash again)."""
    return "sha256:" + target.source.sha256 if target.source.sha256 else target.source.text


def summary(target: Target | None) -> tuple[object, ...]:
    """What a page shows of another document or form it names (pages.ref, successor_ref): its number, title,
    version, status, and while an approved version waits, the version in force until its effective date."""
    if target is None:
        return ()
    waiting = (target.in_force_before, str(target.effective_date)) if isinstance(target, Document) else ()
    return (target.id, target.title, str(target.version), target.status, *waiting)


def document_inputs(document: Document, refs: list[Target | None], citing: list[Document],
                    successor: Document | None, overdue: bool, salt: str) -> str:
    # the next review comes from the project's period too (qmsdoc.yml), which the source's bytes do not hold
    return fingerprint(_content(document), [summary(r) for r in refs], [summary(d) for d in citing],
                       summary(successor), overdue, str(document.next_review), salt)


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


def listing_inputs(targets: Sequence[Target], salt: str) -> str:
    return fingerprint([model_of(t) for t in targets], salt)


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
