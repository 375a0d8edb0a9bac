"""One at a time: the cross-process locks of a project.

A quality office has several officers, and a preview may run while someone builds. Two things must never be
done by two processes at once:

- editing the project's records — the distribution register, the acknowledgements register, a source being
  released, revised or stamped: each act reads them, decides (the next 分发号, the next version) and writes them
  back, and two acts interleaved would hand out one 分发号 twice or lose one's line. Every act that edits them
  holds `records_lock` from its first reading to its last write; a second one waits (`RECORDS_WAIT` seconds at
  most) and then refuses, having changed nothing.
- building into build_dir: `build_lock` is held by a build from its check to its swap; a second build refuses at
  once (exit 1), leaving the first one's output, and its staging folder, whole. (`qmsdoc serve` renders into a
  folder of its own, so a build beside it needs nothing.)

A lock is a file beside what it guards holding the holder's process id, locked with the platform's advisory lock
(core/portable.py `try_lock`), so a killed holder frees it with its end; it is removed on release, and whoever
takes it checks that the file it locked is still the one in place (a holder releasing meanwhile removed it)."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from .config import Config
from .errors import PROJECT_LOCKED, QmsdocError
from .i18n import t
from .portable import try_lock

RECORDS_LOCK = ".qmsdoc.lock"
BUILD_LOCK = ".qmsdoc-build.lock"
RECORDS_WAIT = 60.0
"""Seconds an act waits for another one editing the same project's records (an act takes a few)."""
_POLL = 0.05

P = ParamSpec("P")
R = TypeVar("R")

_held = threading.local()  # the locks this thread holds (path → depth): an act calling another takes it once
_open_fds: set[int] = set()  # the lock files this process holds open, whatever thread took them


def _close_in_child() -> None:
    """A process forked while a lock is held (a copy worker) must not hold it: an flock goes with the open file,
    which the child shares, so a worker orphaned by a killed build kept every later build refused."""
    for fd in _open_fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    _open_fds.clear()


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=_close_in_child)


class LockedError(QmsdocError):
    """Another qmsdoc process holds the lock: nothing was done (exit 1)."""

    code = PROJECT_LOCKED


def _holder(path: Path) -> str:
    with contextlib.suppress(OSError, ValueError):
        return str(int(path.read_text("ascii").strip()))
    return "?"


_UNLOCKED = -1
"""What `_take` answers where no lock file can be made (a read-only checkout built into a build_dir elsewhere, a
file system without advisory locks): the act goes on unlocked, as it did before locks, rather than not at all."""


def _take(path: Path) -> int | None:
    """The open, locked lock file, or None while another holds it (`_UNLOCKED` where none can be made)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return _UNLOCKED
        raise
    try:
        if not try_lock(fd):
            os.close(fd)
            return None
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if not same:  # the holder before us removed it as we opened it: lock the one in place now
            os.close(fd)
            return None
        # the holder's pid only names it in another's refusal: a full disk leaves the lock held and the file empty,
        # and the act itself then says what it could not write and that nothing changed
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode("ascii"))
    except BaseException:
        os.close(fd)
        raise
    _open_fds.add(fd)
    return fd


@contextlib.contextmanager
def holding(path: Path, wait: float, refusal: str) -> Iterator[None]:
    """Hold the lock file `path` for the block, waiting at most `wait` seconds for another holder (0: not at all);
    LockedError with `refusal` (formatted with the holder's `pid` and the lock's `path`) when it stays held.
    Taking a lock this thread already holds is free."""
    key = str(path.absolute())
    depth: dict[str, int] = _held.__dict__.setdefault("depth", {})
    if depth.get(key):
        depth[key] += 1
        try:
            yield
        finally:
            depth[key] -= 1
        return
    deadline = time.monotonic() + wait
    while (fd := _take(path)) is None:
        if time.monotonic() >= deadline:
            raise LockedError(t(refusal, pid=_holder(path), path=path))
        time.sleep(_POLL)
    depth[key] = 1
    try:
        yield
    finally:
        depth.pop(key, None)
        if fd != _UNLOCKED:
            with contextlib.suppress(OSError):  # Windows cannot remove a file another process has open: it stays
                os.unlink(path)
            _open_fds.discard(fd)
            os.close(fd)


def records_lock(root: Path, wait: float | None = None) -> contextlib.AbstractContextManager[None]:
    """The project's records (registers and sources) for one act (waiting `RECORDS_WAIT` seconds unless told)."""
    return holding(root / RECORDS_LOCK, RECORDS_WAIT if wait is None else wait, "lock.records")


def edits_records(act: Callable[Concatenate[Config, P], R]) -> Callable[Concatenate[Config, P], R]:
    """An act that edits the records of the project it is given (its first argument): run holding `records_lock`."""

    @functools.wraps(act)
    def locked(config: Config, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with records_lock(config.root):
            return act(config, *args, **kwargs)

    return locked


def build_lock(root: Path) -> contextlib.AbstractContextManager[None]:
    """The project's build_dir for one build (the lock lies in the project's folder, which is there before the
    build makes build_dir's parents): a second build refuses at once."""
    return holding(root / BUILD_LOCK, 0.0, "lock.build")
