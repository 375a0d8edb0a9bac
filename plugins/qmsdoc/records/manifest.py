"""build/manifest.json: every HTML page and Word copy of the build with its SHA-256, id and version (from the
model, never by reading the outputs). `qmsdoc verify` (qmsdoc/verify/) judges copies against it."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from json.encoder import encode_basestring
from pathlib import Path

from ..core.distribution import manual_contents
from ..core.errors import UsageError
from ..core.i18n import t
from ..core.model import Corpus, Document, Form
from ..core.paths import (
    DOCX_DIR,
    MANIFEST,
    PDF_DIR,
    PREVIEW,
    SITE_DIR,
    CopyKind,
    PageId,
    copy_relative,
    in_force_relative,
)
from .hashes import FileHashes


def copy_ids(corpus: Corpus) -> dict[str, str]:
    """Each Word and PDF copy's path (relative to build/: build/docx, build/pdf and their links under build/site)
    → its id, from the model and core/paths.py (never by opening the copies)."""
    copies: list[tuple[str, CopyKind]] = [(t.id, "form" if isinstance(t, Form) else "document")
                                          for t in corpus.sorted_targets()]
    copies += [(m.id, "manual") for m in corpus.manuals]
    return {f"{folder}/{copy_relative(code, kind, '.' + fmt)}": code
            for code, kind in copies for fmt in (DOCX_DIR, PDF_DIR) for folder in (fmt, f"{SITE_DIR}/{fmt}")}


def in_force_copies(waits: Mapping[str, tuple[str, str, CopyKind]]) -> dict[str, tuple[str, str, str]]:
    """Each path (relative to build/, as `copy_ids`) the copy of a version in force would have while its approved
    successor waits for its effective date (`waits`, as `waiting_on` computes them) → (id, that version, the
    successor's effective date). A build without git for that version made no such file: nothing is listed for it,
    the manifest listing only the files there are."""
    out: dict[str, tuple[str, str, str]] = {}
    for code, (before, effective, kind) in waits.items():
        for fmt in (DOCX_DIR, PDF_DIR):
            relative = in_force_relative(code, before, "." + fmt, kind)
            for folder in (fmt, f"{SITE_DIR}/{fmt}"):
                out[f"{folder}/{relative}"] = (code, before, effective)
    return out


def waiting_on(corpus: Corpus, today: dt.date,
               manual_pages: Mapping[str, str] | None = None) -> dict[str, tuple[str, str, CopyKind]]:
    """Each document and manual whose approved version waits for its effective date on `today` → (the version in
    force until then, that date, its kind): a version with no known one before it (a first release) is left out.
    `manual_pages`: each manual whose index page waits so → the page's version in its whole copy in force
    (core/copyplan.py `manual_pages_in_force`)."""
    waiting: list[tuple[str, str, dt.date | None, CopyKind]] = [
        (d.id, d.in_force_before, d.effective_date, "document") for d in corpus.sorted_documents()
        if d.pending_on(today)]
    waiting += [(m.id, (manual_pages or {}).get(m.id, ""), m.effective_date, "manual") for m in corpus.sorted_manuals()
                if m.pending_on(today)]
    return {code: (before, effective.isoformat(), kind) for code, before, effective, kind in waiting
            if before and effective is not None}


def _listed(build_dir: Path) -> list[tuple[str, os.stat_result]]:
    """Every page and copy under `build_dir` (relative, `/`-separated) with its stat, in path order."""
    return FileHashes(build_dir).listing()


def build_manifest(corpus: Corpus, build_dir: Path, site_pages: dict[str, PageId],
                   hashes: FileHashes | None = None, acknowledgements: list[dict[str, object]] | None = None,
                   listed: list[tuple[str, os.stat_result]] | None = None, today: dt.date | None = None,
                   manual_held: Mapping[str, str] | None = None,
                   manual_pages: Mapping[str, str] | None = None) -> Path:
    """`site_pages` maps a page file (relative to build/) to the id it shows (and the version, for the page
    of an earlier version: listed `superseded`); `hashes` spares re-reading the files that did not change
    since they were last hashed (and `listed`, its `listing` of `build_dir` just taken, a second walk);
    `acknowledgements` lists each reading assignment of a version in force
    (core/training.py `Assignment.record`), and each version in force that cannot be checked without git history
    (`Unrebuilt.record`, state `unknown`); `today`, the build's day: a copy of the version in force while its
    successor waits (and the page of that version) is listed with that version and `in_force_until` the successor's
    effective date, a copy of the approved successor with `in_force_from` that date; the current
    version of a document that came into force on the line later than its effective date with `in_force_from`;
    `manual_held`, each document a whole-manual copy holds at that version in force instead of its approved one
    (core/copyplan.py `manual_held`): the manual's entry records what its copy holds; `manual_pages`, each manual
    whose index page waits → its page's version in the whole manual in force the build made (`in_force_copies`)."""
    hashes = hashes or FileHashes(build_dir)
    entries: list[dict[str, object]] = []
    page_ids: dict[str, PageId] = {**{path: (code, None) for path, code in copy_ids(corpus).items()}, **site_pages}
    waits = waiting_on(corpus, today, manual_pages) if today is not None else {}  # computed once, read twice
    held = in_force_copies(waits)
    for relative, stat in hashes.listing() if listed is None else listed:
        code, old = page_ids.get(relative, (None, None))
        if old == PREVIEW:  # a working revision's preview: no copy of anything (id null), marked so for verify
            entries.append({"path": relative, "sha256": hashes.digest(relative, stat), "id": None, "version": None,
                            "preview": code})
            continue
        if relative in held:  # the copy of a document's, or a whole manual's, version in force
            code = held[relative][0]
        target = corpus.lookup(code) if code else None
        if isinstance(target, Document):  # its last version in force while its withdrawal waits: what its copy is of
            target = target.listed_on(today)
        entry: dict[str, object] = {"path": relative, "sha256": hashes.digest(relative, stat), "id": code,
                                    "version": old or (str(target.version) if target and target.version else None)}
        if relative in held:  # the version in force until its successor's effective date: no earlier version
            entry["id"], entry["version"], entry["in_force_until"] = held[relative]
        elif old and code in waits and waits[code][0] == old:
            # the page of the version in force while its approved successor waits: not superseded before that day
            entry["in_force_until"] = waits[code][1]
        elif old:
            entry["superseded"] = True
        elif code in waits and isinstance(target, Document) and entry["version"] == str(target.version):
            # the approved version that waits: in force from its effective date, not yet on the build's day
            entry["in_force_from"] = waits[code][1]
        elif isinstance(target, (Document, Form)) and target.landed is not None:
            # its version came into force on the line later than its effective date (merged, restored by a revert):
            # the day `register --as-of` answers with and its page and copies give beside the effective date
            entry["in_force_from"] = target.landed.day.isoformat()
        manual = corpus.manual(code) if code and target is None else None
        if manual is not None:  # a whole manual: its page's version and the documents it holds, for verify
            # at the version in force where another one waits, and without one whose first version waits ("")
            holds = {code: shown for code, version in manual_contents(manual, corpus, today).items()
                     if (shown := (manual_held or {}).get(code, version))}
            entry["version"] = held[relative][1] if relative in held else manual.version or None
            entry["documents"] = holds
            if manual.landed is not None and relative not in held:  # its index page landed later, as a document
                entry["in_force_from"] = manual.landed.day.isoformat()
        entries.append(entry)
    out = build_dir / MANIFEST
    content: dict[str, object] = {"files": entries, "acknowledgements": acknowledgements or []}
    out.write_text(indented_json(content) + "\n", "utf-8")
    return out


def indented_json(value: object) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)`, character for character, for values of
    dicts with string keys, lists, strings, ints, booleans and None (anything else goes to `json.dumps`). The
    `indent` argument turns json's C encoder off: its Python one took 0.17 s on the 7,000 files of a one-edit
    rebuild at 2,000 documents, where strings are still escaped here by the C function."""
    parts: list[str] = []
    try:
        _indented(value, "\n", parts)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    return "".join(parts)


def _indented(value: object, newline: str, parts: list[str]) -> None:
    if isinstance(value, str):
        parts.append(encode_basestring(value))
    elif value is None:
        parts.append("null")
    elif value is True or value is False:
        parts.append("true" if value else "false")
    elif type(value) is int:
        parts.append(int.__repr__(value))
    elif isinstance(value, dict) and all(isinstance(key, str) for key in value):
        if not value:
            parts.append("{}")
            return
        inner = newline + " "
        parts.append("{")
        for n, key in enumerate(sorted(value)):
            parts.append((inner if not n else "," + inner) + encode_basestring(key) + ": ")
            _indented(value[key], inner, parts)
        parts.append(newline + "}")
    elif isinstance(value, list):
        if not value:
            parts.append("[]")
            return
        inner = newline + " "
        parts.append("[")
        for n, item in enumerate(value):
            parts.append(inner if not n else "," + inner)
            _indented(item, inner, parts)
        parts.append(newline + "]")
    else:  # floats (json writes NaN and infinities its own way), tuples, anything else
        raise TypeError(type(value).__name__)


class ManifestError(UsageError):
    """manifest.json is missing or unreadable: verify cannot judge anything (the CLI exits 2, 「用法错误」 before
    the message as every exit 2 says it)."""


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
