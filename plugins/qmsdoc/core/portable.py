"""What differs between Linux, Windows and macOS, decided in one place.

- Whether a process still runs: `os.kill(pid, 0)` asks on POSIX, but on Windows `os.kill` *terminates* the
  process — there the question is asked through OpenProcess.
- The atomic folder swap (Linux `renameat2`); elsewhere the build sets the old output aside and moves the new
  one in (`build.swap_in`).
- How copy workers start: `fork` inherits the prepared template and the frozen corpus on Linux; Windows and
  macOS (and Python 3.14's default on Linux) start them with `spawn`/`forkserver`, which must work too.
- A symlink that leads round in a loop: `Path.resolve()` raises RuntimeError before Python 3.13 and leaves the
  loop unresolved from 3.13; `resolved` answers the 3.13 way on every version (the link's own absolute path).
- An advisory lock on an open file (one officer's act at a time, one build at a time): `fcntl.flock` on POSIX,
  `msvcrt.locking` of its first byte on Windows; neither waits here (`try_lock` answers at once).
- A console that cannot print every character (a GBK `cmd.exe`): output replaces what it cannot encode
  instead of stopping with a traceback.

`QMSDOC_PORTABLE=1` forces the non-Linux paths on Linux (no renameat2, spawned workers), so the test suite
exercises them on every run."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import sys
from pathlib import Path
from typing import TextIO

PORTABLE_ENV = "QMSDOC_PORTABLE"


def resolved(path: Path) -> Path:
    """`path` with its symlinks followed, absolute; a link in a loop (or a name too long for the file system)
    is left where it stands: whoever reads it then meets ELOOP as an unreadable file, never a traceback."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: 'Symlink loop' before Python 3.13
        return Path(os.path.abspath(path))


def symlink_loop(exc: RuntimeError) -> OSError | None:
    """The ELOOP error `exc` stands for when it is `Path.resolve()`'s 'Symlink loop from …' (before Python 3.13;
    from 3.13 the file system's own OSError reaches whoever reads the link); None for any other RuntimeError."""
    prefix = "Symlink loop from "
    message = str(exc)
    if not message.startswith(prefix):
        return None
    name = message.removeprefix(prefix)
    path = name[1:-1] if len(name) > 1 and name[0] == name[-1] and name[0] in "'\"" else name
    return OSError(errno.ELOOP, os.strerror(errno.ELOOP), path)


def forced() -> bool:
    """The non-Linux paths are forced (tests, and anyone who wants the portable behaviour)."""
    return os.environ.get(PORTABLE_ENV, "") not in ("", "0")


def can_exchange() -> bool:
    """Whether the atomic directory exchange (Linux renameat2) may be tried."""
    return sys.platform.startswith("linux") and not forced()


def worker_start_method() -> str | None:
    """The multiprocessing start method for copy workers: None (the platform's default) unless forced."""
    return "spawn" if forced() else None


def process_alive(pid: int) -> bool:
    """Whether a process with this id is running (never signals or ends it)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        synchronize, still_active = 0x00100000, 259
        kernel = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000 | synchronize, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            return bool(kernel.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == still_active
        finally:
            kernel.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it runs, under another user
        return True
    except OSError:
        return False
    return True


def try_lock(fd: int) -> bool:
    """Take an exclusive lock on the open file `fd` without waiting: False when another open file (another process,
    or another thread's) holds it. The lock goes with the file's closing (or the process's end, however it ends)."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # a file system without advisory locks (ENOLCK, EOPNOTSUPP on some network shares): go on
        return True
    return True


def tolerant_console(*streams: TextIO) -> None:
    """Let the console streams replace characters their encoding lacks (a GBK console and a title in a rarer
    script) instead of raising UnicodeEncodeError in the middle of the output."""
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                reconfigure(errors="backslashreplace")
