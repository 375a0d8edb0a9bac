"""build/manifest.json: every HTML page and Word copy of the build with its SHA-256, id and version (from the
model, never by reading the outputs). `qmsdoc verify` (qmsdoc/verify/) judges copies against it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..core.distribution import manual_contents
from ..core.errors import UsageError
from ..core.i18n import t
from ..core.model import Corpus, Form
from ..core.paths import DOCX_DIR, MANIFEST, PDF_DIR, SITE_DIR, CopyKind, PageId, copy_relative
from .hashes import FileHashes


def copy_ids(corpus: Corpus) -> dict[str, str]:
    """Each Word and PDF copy's path (relative to build/: build/docx, build/pdf and their links under build/site)
    → its id, from the model and core/paths.py (never by opening the copies)."""
    copies: list[tuple[str, CopyKind]] = [(t.id, "form" if isinstance(t, Form) else "document")
                                          for t in corpus.sorted_targets()]
    copies += [(m.id, "manual") for m in corpus.manuals]
    return {f"{folder}/{copy_relative(code, kind, '.' + fmt)}": code
            for code, kind in copies for fmt in (DOCX_DIR, PDF_DIR) for folder in (fmt, f"{SITE_DIR}/{fmt}")}


def _listed(build_dir: Path) -> list[tuple[str, os.stat_result]]:
    """Every page and copy under `build_dir` (relative, `/`-separated) with its stat, in path order. One scandir
    a folder and the stat it read kept for the hash cache: os.walk with an isfile and then a stat for each of the
    7,000 files cost half a second of a one-edit rebuild at 2,000 documents. Symlinked folders are not entered;
    a symlinked file is listed as the file it points to."""
    found: list[tuple[tuple[str, ...], os.stat_result]] = []
    folders: list[tuple[str, tuple[str, ...]]] = [(str(build_dir), ())]
    while folders:
        folder, parts = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, (*parts, entry.name)))
                elif entry.name.endswith((".html", ".docx", ".pdf")) and entry.is_file():
                    found.append(((*parts, entry.name), entry.stat()))
            except OSError:  # gone or unreadable since the folder was listed
                continue
    found.sort(key=lambda item: item[0])
    return [("/".join(parts), stat) for parts, stat in found]


def build_manifest(corpus: Corpus, build_dir: Path, site_pages: dict[str, PageId],
                   hashes: FileHashes | None = None, acknowledgements: list[dict[str, object]] | None = None) -> Path:
    """`site_pages` maps a page file (relative to build/) to the id it shows (and the version, for the page
    of an earlier version: listed `superseded`); `hashes` spares re-reading the files that did not change
    since they were last hashed; `acknowledgements` lists each reading assignment of a version in force
    (core/training.py `Assignment.record`)."""
    hashes = hashes or FileHashes(build_dir)
    entries: list[dict[str, object]] = []
    page_ids: dict[str, PageId] = {**{path: (code, None) for path, code in copy_ids(corpus).items()}, **site_pages}
    for relative, stat in _listed(build_dir):
        code, old = page_ids.get(relative, (None, None))
        target = corpus.lookup(code) if code else None
        entry: dict[str, object] = {"path": relative, "sha256": hashes.sha256(build_dir / relative, stat), "id": code,
                                    "version": old or (str(target.version) if target and target.version else None)}
        if old:
            entry["superseded"] = True
        manual = corpus.manual(code) if code and target is None else None
        if manual is not None:  # a whole manual: its page's version and the documents it holds, for verify
            entry["version"], entry["documents"] = manual.version or None, manual_contents(manual, corpus)
        entries.append(entry)
    out = build_dir / MANIFEST
    content: dict[str, object] = {"files": entries, "acknowledgements": acknowledgements or []}
    out.write_text(json.dumps(content, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    return out


class ManifestError(UsageError):
    """manifest.json is missing or unreadable: verify cannot judge anything (the CLI exits 2)."""

    def show(self) -> str:
        return str(self)


def load_manifest(build_dir: Path) -> dict[str, dict[str, object]]:
    """The manifest's entries by SHA-256; ManifestError when there is none or it is corrupt."""
    manifest = build_dir / MANIFEST
    if not manifest.is_file():
        raise ManifestError(t("manifest.missing", path=manifest))
    try:
        files = json.loads(manifest.read_text("utf-8"))["files"]
        return {str(e["sha256"]): e for e in files if isinstance(e, dict)}
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ManifestError(t("manifest.corrupt", path=manifest)) from exc
