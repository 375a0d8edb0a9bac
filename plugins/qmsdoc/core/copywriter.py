"""Writing the controlled copies of a plan, one file per job — in worker processes for large sets. The
Word and the PDF export each bring only their builder (job → bytes).

The exporting process holds the whole checked corpus, and workers are forked from it. python-docx
leaves reference cycles holding whole XML trees, which only a full garbage collection frees, and full
collections run in proportion to the long-lived heap: with a 10,000-document corpus in that heap they
almost never ran, and each worker grew by gigabytes. For the length of an export the corpus is frozen
(`gc.freeze`, inherited by the forked workers): not counted, not scanned, and its pages not copied by
the collector touching them."""

from __future__ import annotations

import gc
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from .copyjobs import FileJob, ManualJob
from .portable import worker_start_method

Builder = Callable[[FileJob], bytes]  # a module-level function: worker processes receive it by name
Task = tuple[Path, str, FileJob]  # (folder, relative path, job: a copy, or a 学习签到表)


def _freeze() -> None:
    """Exempt every object alive now from collection (until `gc.unfreeze`), and collect once so the
    collector's measure of the long-lived heap no longer counts them."""
    gc.freeze()
    gc.collect()


def _write(build: Builder, task: Task) -> str:
    """One copy, written to a temporary file and renamed over the target: a copy that is a hard link
    (to the site's download, or to the previous build's file it was reused from) is replaced, never
    rewritten in place, and a reader never sees half a file."""
    folder, relative, job = task
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    data = build(job)
    fd, tmp = tempfile.mkstemp(prefix=".copy-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return relative


def available_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def write_copies(build: Builder, tasks: list[Task], *, workers: int | None, threshold: int, chunksize: int = 1,
                 collect: Callable[[Iterable[str], int], list[str]] = lambda done, _total: list(done),
                 start_method: str | None = None) -> list[str]:
    """Every task's file, written with `build`; in `workers` processes (default: one per core) when there
    are at least `threshold` tasks. `collect` receives the relative paths as they finish (progress).
    `start_method` ("forkserver", "spawn"): workers that must not be forked from this process (a library
    with threads of its own, such as Typst, does not survive a fork)."""
    workers = workers if workers is not None else available_cores()
    write = partial(_write, build)
    _freeze()  # the corpus: not scanned during the export, here or in the workers forked from here
    try:
        if workers > 1 and len(tasks) >= threshold:
            # the largest (manuals) first, so no worker is left with one long job at the end
            tasks = sorted(tasks, key=lambda t: not isinstance(t[2], ManualJob))
            # spawn where fork is unsafe or missing (Windows/macOS, or forced by QMSDOC_PORTABLE=1), else the
            # writer's own choice (a library with threads of its own), else fork
            method = worker_start_method() or start_method
            context = multiprocessing.get_context(method) if method else None
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                try:
                    return collect(pool.map(write, tasks, chunksize=chunksize), len(tasks))
                except BaseException:  # e.g. a missing glyph in a PDF: stop at once rather than write the rest
                    pool.shutdown(cancel_futures=True)
                    raise
        return collect(map(write, tasks), len(tasks))
    finally:
        gc.unfreeze()
