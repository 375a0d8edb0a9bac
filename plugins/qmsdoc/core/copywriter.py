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
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from .copyjobs import FileJob, ManualJob
from .gcpause import collector_paused
from .i18n import current, set_language
from .portable import process_alive, worker_start_method
from .revision import scheme, set_scheme

Builder = Callable[[FileJob], bytes]  # a module-level function: worker processes receive it by name
Task = tuple[Path, str, FileJob]  # (folder, relative path, job: a copy, or a 学习签到表)


def _freeze() -> None:
    """Exempt every object alive now from collection (until `gc.unfreeze`), and collect once so the
    collector's measure of the long-lived heap no longer counts them."""
    gc.freeze()
    gc.collect()


def _write(build: Builder, language: str, version_scheme: str, task: Task) -> str:
    """One copy, written to a temporary file and renamed over the target: a copy that is a hard link
    (to the site's download, or to the previous build's file it was reused from) is replaced, never
    rewritten in place, and a reader never sees half a file. In `language`, the exporting process's: a worker
    started afresh (the PDF's, and every worker where fork is unsafe) has read no qmsdoc.yml and spoke the
    default language, so an English project's copies carried Chinese labels once there were enough to share out.
    In the exporting process's `version_scheme` too, for the same reason (a 1.1 would be spelled B/1)."""
    if current().code != language:
        set_language(language)
    if scheme().name != version_scheme:
        set_scheme(version_scheme)
    folder, relative, job = task
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with collector_paused():  # full collections rescanning a copy's growing tree made a 20,000-row table's Word
        data = build(job)  # copy 2.4x slower at twice the rows (gcpause.py)
    # ...but a python-docx tree is a reference cycle, and the next copy pauses the collector again before it ever
    # runs: its garbage, all still in the youngest generation, is freed here (else a worker held every dead tree)
    gc.collect(0)
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


def _weight(task: Task) -> int:
    """What a task costs a worker, in documents: a whole manual weighs as its documents."""
    job = task[2]
    return max(1, len(job.documents)) if isinstance(job, ManualJob) else 1


def _batches(tasks: list[Task], capacity: int) -> Iterator[list[Task]]:
    """Consecutive runs of tasks weighing at most `capacity` documents (a heavier single task alone)."""
    batch: list[Task] = []
    load = 0
    for task in tasks:
        weight = _weight(task)
        if batch and load + weight > capacity:
            yield batch
            batch, load = [], 0
        batch.append(task)
        load += weight
    if batch:
        yield batch


def _leave_with(exporter: int) -> None:
    """A worker's initializer: end the worker once the process that started the export has gone. A worker waits
    for work on a pipe it holds both ends of, so a build killed (kill -9, a closed terminal) left its workers
    waiting for ever, with their memory."""

    def watch() -> None:
        while process_alive(exporter):
            time.sleep(_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="qmsdoc-exporter-watch", daemon=True).start()


_WATCH_SECONDS = 1.0


def _pool(workers: int, context: Any) -> ProcessPoolExecutor:
    """A pool of `workers` processes started by `context` that end with this process, however it ends."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_leave_with,
                               initargs=(os.getpid(),))


def _pooled(write: Callable[[Task], str], batches: Iterable[list[Task]], *, workers: int, context: Any,
            chunksize: int) -> Generator[str, None, None]:
    """The tasks' results from pools of `workers` processes, a fresh pool for each batch: a writer whose library
    keeps a cache that never shrinks (Typst's: a 200-document manual leaves about 300 MB in it) stays bounded in
    memory, and fast. (The pool's own `max_tasks_per_child` deadlocks on Python 3.11 once a worker retires.) A
    failure cancels what is pending."""
    for batch in batches:
        pool = _pool(workers, context)
        try:
            # a few heavy tasks (manuals) are handed out one by one, so every worker takes its share
            yield from pool.map(write, batch, chunksize=max(1, min(chunksize, len(batch) // (workers * 4))))
        except BaseException:  # e.g. a missing glyph in a PDF, or the consumer stopped: write no more
            pool.shutdown(cancel_futures=True)
            raise
        pool.shutdown()


def _heavy(tasks: list[Task], workers: int, tasks_per_worker: int | None) -> list[Task]:
    """The tasks written beside the rest, each in a process of its own: those heavier than a worker's share
    (a whole manual), when there is another core to write the rest on."""
    if workers < 2 or not tasks_per_worker:
        return []
    return [task for task in tasks if _weight(task) > tasks_per_worker]


def _alone(write: Callable[[Task], str], tasks: list[Task], *, context: Any, stop: threading.Event) -> list[str]:
    """Each task in a fresh one-worker pool of its own, one after another, until `stop` is set (the rest failed)."""
    done: list[str] = []
    for task in tasks:
        if stop.is_set():
            break
        pool = _pool(1, context)
        try:
            done.append(pool.submit(write, task).result())
        finally:
            pool.shutdown(cancel_futures=True)
    return done


def _beside(write: Callable[[Task], str], heavy: list[Task], light: Generator[str, None, None], *,
            context: Any) -> Iterator[str]:
    """`light`'s results while the `heavy` tasks (manuals heavier than a worker's share) are written beside them,
    each in a process of its own: in a batch of its own such a manual left every other worker idle for as long as
    it took (a 500-document manual: 8 s of one core's time, the longest single task of the PDF stage). A failure
    on either side stops the other from starting more (a task already running is waited for: it writes into the
    folder the caller is about to remove)."""
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as side:
        heavy_done: Future[list[str]] = side.submit(_alone, write, heavy, context=context, stop=stop)
        try:
            for relative in light:
                if heavy_done.done() and heavy_done.exception() is not None:
                    light.close()  # its pool cancels what is pending
                    break
                yield relative
            yield from heavy_done.result()
        except BaseException:
            stop.set()
            raise


def write_copies(build: Builder, tasks: list[Task], *, workers: int | None, threshold: int, chunksize: int = 1,
                 collect: Callable[[Iterable[str], int], list[str]] = lambda done, _total: list(done),
                 start_method: str | None = None, tasks_per_worker: int | None = None) -> list[str]:
    """Every task's file, written with `build`; in `workers` processes (default: one per core) when there
    are at least `threshold` tasks. `collect` receives the relative paths as they finish (progress).
    `start_method` ("forkserver", "spawn"): workers that must not be forked from this process (a library
    with threads of its own, such as Typst, does not survive a fork). `tasks_per_worker`: workers are renewed
    after about that many documents' worth of files (and a large set is written in a worker even on one core)."""
    workers = workers if workers is not None else available_cores()
    write = partial(_write, build, current().code, scheme().name)
    _freeze()  # the corpus: not scanned during the export, here or in the workers forked from here
    try:
        renew = tasks_per_worker is not None and sum(map(_weight, tasks)) > tasks_per_worker
        if (workers > 1 and len(tasks) >= threshold) or renew:
            # the largest (manuals) first, so no worker is left with one long job at the end
            tasks = sorted(tasks, key=lambda t: not isinstance(t[2], ManualJob))
            # spawn where fork is unsafe or missing (Windows/macOS, or forced by QMSDOC_PORTABLE=1), else the
            # writer's own choice (a library with threads of its own), else fork
            method = worker_start_method() or start_method
            context = multiprocessing.get_context(method) if method else None
            heavy = _heavy(tasks, workers, tasks_per_worker)
            light = [t for t in tasks if not any(t is h for h in heavy)]
            batches = _batches(light, workers * tasks_per_worker) if tasks_per_worker else iter([light])
            done = _pooled(write, batches, workers=workers, context=context, chunksize=chunksize)
            return collect(_beside(write, heavy, done, context=context) if heavy else done, len(tasks))
        return collect(map(write, tasks), len(tasks))
    finally:
        gc.unfreeze()
