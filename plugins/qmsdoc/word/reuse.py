"""Content-addressed Word copies: a copy is written again only when what it is made from changed.

Each copy's job (core/copyjobs.py: every field the copy shows) is hashed together with everything else
its bytes depend on — the Word writer's code, python-docx's version and template, and, for a body with
pictures, the pictures in the manuals folder — and the digest is recorded beside the copies
(`.qmsdoc-jobs.json` in the docx folder, swapped in with it). A full `qmsdoc build` then takes an
unchanged copy from the previous build (a hard link, or a copy) instead of building it again; copies are
byte-reproducible, so the result is the same file. Anything unreadable, missing or different is built."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from ..core import i18n
from ..core.cachefile import json_writer, save_cache
from ..core.copyjobs import CopyJob
from ..core.parsecache import code_version

RECORD = ".qmsdoc-jobs.json"


@functools.cache
def _salt() -> str:
    """The writer's code and python-docx (version and the template every copy starts from)."""
    import docx

    here = Path(__file__).resolve().parent
    files = [*sorted(here.glob("*.py")), here.parent / "core" / "reproducible.py", here.parent / "core" / "xmltext.py",
             *sorted((Path(docx.__file__).resolve().parent / "templates").glob("*"))]
    return f"{code_version(files)}\0{metadata.version('python-docx')}"


def _pictures(assets_root: str) -> str:
    """Every file in the manuals folder that is not Markdown (the pictures a body may show), by content."""
    digest = hashlib.sha256()
    root = Path(assets_root)
    for folder, folders, names in sorted(os.walk(root)):
        folders.sort()
        for name in sorted(names):
            if name.endswith(".md"):
                continue
            path = Path(folder) / name
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"unreadable")
    return digest.hexdigest()


class Digests:
    """Job digests for one export. The pictures are read once per export, never remembered across
    exports (a `mkdocs serve` process outlives many edits of them)."""

    def __init__(self) -> None:
        self._pictures: dict[str, str] = {}

    def __call__(self, job: CopyJob) -> str:
        described = repr(job)  # frozen dataclasses of strings, numbers, dates and tuples: every field, in order
        pictures = ""
        if "<img" in described:
            root = str(getattr(job, "assets_root", ""))
            if root not in self._pictures:
                self._pictures[root] = _pictures(root)
            pictures = self._pictures[root]
        # the labels every copy carries are in the project's language
        return hashlib.sha256(f"{_salt()}\0{i18n.fingerprint()}\0{described}\0{pictures}".encode()).hexdigest()


def load_record(folder: Path) -> dict[str, str]:
    try:
        stored = json.loads((folder / RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    jobs = stored.get("jobs") if isinstance(stored, dict) else None
    if not isinstance(jobs, dict):
        return {}
    return {k: v for k, v in jobs.items() if isinstance(k, str) and isinstance(v, str)}


def save_record(folder: Path, jobs: dict[str, str]) -> None:
    """Atomically; a failure only costs the next build time (nothing is reused without a record)."""
    save_cache(folder / RECORD, json_writer({"version": 1, "jobs": dict(sorted(jobs.items()))}))


def reuse_unchanged(tasks: Iterable[tuple[str, str]], previous: Path, into: Path) -> set[str]:
    """Link (or copy) into `into` every copy of `previous` whose recorded digest is the task's
    (`(relative path, digest)` pairs); the relative paths reused."""
    earlier = load_record(previous)
    reused = set()
    for relative, digest in tasks:
        source = previous / relative
        if earlier.get(relative) != digest or source.is_symlink() or not source.is_file():
            continue
        target = into / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        reused.add(relative)
    return reused
