"""Loading a corpus creates hundreds of thousands of long-lived objects (parsed sources, the model, the site's
pages) and almost no reference cycles. While they pile up, the cyclic collector runs again and again and each
full run scans all of them: a quarter of a warm check at 2,000 documents. Those phases pause it; the objects
stay collectable (nothing is frozen), and the collector resumes with its usual thresholds afterwards."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (nested blocks: the outermost one resumes it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def skip_final_collection() -> None:
    """The process is about to exit: leave what is alive out of the collection Python runs at exit. That run
    scans every object still alive (a second after a 2,000-document build) and frees nothing the exit would not;
    finalizers are not promised at exit anyway. Only for the very end of a command (`on_shutdown`)."""
    gc.freeze()
