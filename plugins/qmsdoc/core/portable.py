"""What differs between Linux, Windows and macOS, decided in one place.

- Whether a process still runs: `os.kill(pid, 0)` asks on POSIX, but on Windows `os.kill` *terminates* the
  process — there the question is asked through OpenProcess.
- The atomic folder swap (Linux `renameat2`); elsewhere the build sets the old output aside and moves the new
  one in (`build.swap_in`).
- How copy workers start: `fork` inherits the prepared template and the frozen corpus on Linux; Windows and
  macOS (and Python 3.14's default on Linux) start them with `spawn`/`forkserver`, which must work too.
- A console that cannot print every character (a GBK `cmd.exe`): output replaces what it cannot encode
  instead of stopping with a traceback.

`QMSDOC_PORTABLE=1` forces the non-Linux paths on Linux (no renameat2, spawned workers), so the test suite
exercises them on every run."""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from typing import TextIO

PORTABLE_ENV = "QMSDOC_PORTABLE"


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


def tolerant_console(*streams: TextIO) -> None:
    """Let the console streams replace characters their encoding lacks (a GBK console and a title in a rarer
    script) instead of raising UnicodeEncodeError in the middle of the output."""
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                reconfigure(errors="backslashreplace")
