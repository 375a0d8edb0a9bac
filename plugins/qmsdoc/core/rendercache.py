"""Rendered bodies kept across builds, so a rebuild converts only the documents whose rendering changed.

A body's HTML is a function of its text, its folder (relative links), the dialect, the renderer's
code, and the answers the render got from the corpus: what each `[[ID]]` shows (title, version) and
which document a relative link's file is. The key holds the first four; the answers are recorded
with the result and asked again before it is used — a cited document retitled or re-versioned, a
file renamed, and the body is converted afresh. Stored as JSON in build/ (nothing in it can run)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import i18n
from .cachefile import KeptText, save_cache
from .parsecache import code_version
from .paths import RENDER_CACHE
from .revision import fingerprint as scheme_fingerprint

CACHE_NAME = RENDER_CACHE

_PACKAGES = ("markdown", "pymdown-extensions", "nh3")
Answer = tuple[str, str, Any]  # (question: "ref" or "path", what was asked, what the corpus answered)


def render_modules() -> list[Path]:
    """The modules a kept render may depend on: every module of the core, catalogues included. A hand-kept list
    (render.py, dialect.py, refs.py …) missed each module the render came to read through — the fences' walk, the
    inline prefilter, the emphasis split — so a change there showed pages rendered before it; hashing the core costs
    milliseconds, a page showing what the render no longer makes an audit."""
    return sorted(Path(__file__).resolve().parent.rglob("*.py"))


def _salt() -> str:
    versions = []
    for package in _PACKAGES:
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            versions.append("-")
    # a reference shows 《title》（ID） or "title (ID)": the language is part of every render, the version scheme too
    return (code_version(render_modules()) + "|" + "|".join(versions) + "|" + i18n.fingerprint()
            + "|" + scheme_fingerprint())


@dataclass
class Remembered:
    html: str
    toc_tokens: list[dict[str, Any]]
    answers: list[Answer]


class RenderCache:
    @staticmethod
    def current_salt() -> str:
        """What a cache made now would be salted with (the render's code and packages, the language)."""
        return _salt()

    def __init__(self, path: Path | None = None) -> None:
        self.salt = self.current_salt()
        self.entries: dict[str, Remembered] = {}
        self.used: set[str] = set()
        self.hits = self.misses = 0
        self.file = KeptText()
        """The cache file last loaded (its entries written again from it)."""
        self.raw: dict[str, tuple[Remembered, int, int]] = {}
        """Key → (the entry loaded from `file`, where its member starts and stops there): written again as it
        was while `entries` holds that same entry."""
        if path is not None:
            self.load(path)

    def key(self, body: str, base: str, extensions: tuple[str, ...]) -> str:
        described = json.dumps([self.salt, list(extensions), base, body], ensure_ascii=False)
        return hashlib.sha256(described.encode("utf-8", "surrogatepass")).hexdigest()

    def load(self, path: Path) -> None:
        """Entries from an earlier build; anything unreadable or made by other code is ignored."""
        try:
            text = path.read_text("utf-8")
            file = KeptText.read(text, "entries")
            stored = json.loads(text) if file is None else {
                "salt": file.salt, "entries": {k: v for k, (v, *_) in file.members.items()}}
        except (OSError, ValueError):
            return
        current = isinstance(stored, dict) and stored.get("salt") == self.salt
        if not current or not isinstance(stored.get("entries"), dict):
            return
        for key, value in stored["entries"].items():
            if (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)
                    and isinstance(value[1], list) and isinstance(value[2], list)
                    and all(isinstance(a, list) and len(a) == 3 for a in value[2])):
                self.entries[key] = Remembered(value[0], value[1], [(a[0], a[1], a[2]) for a in value[2]])
                if file is not None:  # where it is in the file, to write it again as it is there
                    self.raw[key] = (self.entries[key], *file.members[key][1:])
        if file is not None:
            self.file = file

    def recall(self, key: str, ask: Callable[[str, str], Any]) -> Remembered | None:
        """The remembered render, if the corpus still gives every answer it was made with."""
        self.used.add(key)
        entry = self.entries.get(key)
        if entry is not None and all(ask(question, asked) == answer for question, asked, answer in entry.answers):
            self.hits += 1
            return entry
        self.misses += 1
        return None

    def remember(self, key: str, html: str, toc_tokens: list[dict[str, Any]], answers: list[Answer]) -> None:
        self.used.add(key)
        self.entries[key] = Remembered(html, toc_tokens, answers)

    def prune(self) -> None:
        """Forget the renders this build did not use (old versions of edited documents)."""
        self.entries = {k: v for k, v in self.entries.items() if k in self.used}
        self.used = set()

    def save(self, path: Path, *, prune: bool = True) -> None:
        """Write atomically (a failure costs only the next build's time); `prune` first, unless this build
        rendered only some pages (a dirty rebuild keeps the others' renders)."""
        if prune:
            self.prune()
        unchanged = {k: (start, stop) for k, (entry, start, stop) in self.raw.items() if self.entries.get(k) is entry}
        entries = {k: None if k in unchanged else [v.html, v.toc_tokens, [list(a) for a in v.answers]]
                   for k, v in self.entries.items()}
        # the renders kept since they were read are copied from the file's text (`KeptText`), not encoded again
        save_cache(path, self.file.writer(self.salt, "entries", entries, unchanged))
        self.file, self.raw = KeptText(), {}  # what is written now is the file from here on
