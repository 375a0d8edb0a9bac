"""Content-addressed controlled copies (Word and PDF alike): a copy is written again only when what it
is made from changed.

Each copy's job (core/copyjobs.py: every field the copy shows) is hashed together with everything else
its bytes depend on — the writer's salt (its code, its library's version and template or fonts) and,
for a body with pictures, the pictures in the manuals folder — and the digest is recorded beside the
copies (`.qmsdoc-jobs.json` in the docx or pdf folder, swapped in with it). A full `qmsdoc build` then takes an
unchanged copy from the previous build (a hard link, or a copy) instead of building it again; copies are
byte-reproducible, so the result is the same file. Anything unreadable, missing or different is built."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from . import i18n
from .cachefile import json_writer, save_cache
from .copyjobs import FileJob
from .copywriter import Task
from .outputs import add_written, replace_folder
from .parsecache import code_version
from .paths import COPY_RECORD
from .revision import fingerprint as scheme_fingerprint

RECORD = COPY_RECORD


def shared_modules() -> list[Path]:
    """The modules a copy's bytes may depend on: every module of qmsdoc, catalogues included. A hand-kept list
    (the body walk, its blocks, widths, labels …) missed page.py's sizes, the glyph tables and the name
    normalisation (search/hant.py), so a change there reused the copies written before it; hashing the package
    costs milliseconds, a stale controlled copy an audit."""
    return sorted(Path(__file__).resolve().parent.parent.rglob("*.py"))


def code_salt(folder: Path, *extra: Path) -> str:
    """The digest of a writer's code: every module of its package and the shared modules it names."""
    return code_version([*sorted(folder.glob("*.py")), *sorted(folder.glob("*.typ")), *extra])


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
    """Job digests for one export, under the writer's `salt`. The pictures are read once per export,
    never remembered across exports (a `mkdocs serve` process outlives many edits of them)."""

    def __init__(self, salt: str) -> None:
        self.salt = salt
        self._pictures: dict[str, str] = {}

    def __call__(self, job: FileJob) -> str:
        described = repr(job)  # frozen dataclasses of strings, numbers, dates and tuples: every field, in order
        pictures = ""
        if "<img" in described:
            root = str(getattr(job, "assets_root", ""))
            if root not in self._pictures:
                self._pictures[root] = _pictures(root)
            pictures = self._pictures[root]
        # the labels every copy carries are in the project's language, its versions in the project's scheme
        said = f"{i18n.fingerprint()}\0{scheme_fingerprint()}"
        return hashlib.sha256(f"{self.salt}\0{said}\0{described}\0{pictures}".encode()).hexdigest()


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


Run = Callable[[list[Task]], list[str]]  # writes the tasks' files (core/copywriter.py), returns their paths


Files = Sequence[tuple[str, FileJob]]  # (relative path, job): one format's files of a plan


def export_copies(tasks: Files, out_dir: Path, *, suffix: str, salt: str, run: Run,
                  previous: Path | None = None) -> list[str]:
    """Write every file (`suffix`: .docx, .pdf) into a fresh folder beside `out_dir`, then swap
    it in. An existing `out_dir` is replaced only if qmsdoc made it (callers check the folder with
    `refuse_unsafe` first). With `previous` (the last build's folder of this format), copies whose
    inputs are unchanged are taken from it."""
    digest = Digests(salt)
    digests = {relative: digest(job) for relative, job in tasks}

    def fill(staging: Path) -> list[str]:
        reused = reuse_unchanged(digests.items(), previous, staging) if previous is not None else set()
        run([(staging, relative, job) for relative, job in tasks if relative not in reused])
        save_record(staging, digests)
        return [relative for relative, _ in tasks]

    return replace_folder(out_dir, f".{suffix.lstrip('.')}-", fill)


def update_copies(tasks: Files, out_dir: Path, *, salt: str, run: Run) -> list[str]:
    """Rewrite only these files, in place (dirty rebuilds: the rest of out_dir is current), and
    their digests in the folder's record."""
    digest = Digests(salt)
    record = {relative: earlier for relative, earlier in load_record(out_dir).items()
              if relative not in {r for r, _ in tasks}}
    save_record(out_dir, record)  # first forget them: a rewrite cut short must not leave a wrong digest
    written = run([(out_dir, relative, job) for relative, job in tasks])
    save_record(out_dir, {**record, **{relative: digest(job) for relative, job in tasks}})
    add_written(out_dir, written)  # written in place: not strays to the next replacement
    return written
