"""Loading a corpus creates hundreds of thousands of long-lived objects (parsed sources, the model, the site's
pages) and almost no reference cycles. While they pile up, the cyclic collector runs again and again and each
full run scans all of them: a quarter of a warm check at 2,000 documents. Those phases pause it; the objects
stay collectable (nothing is frozen), and the collector resumes with its usual thresholds afterwards."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, lasting: bool = False) -> Iterator[None]:
    """No cyclic garbage collection inside the block (nested blocks: the outermost one resumes it).

    `lasting`: what is alive when the block ends lives until the process does (a build's checked corpus, its
    model, every page's File) — set it aside (`gc.freeze`) before the collector resumes. Resumed over it, the
    collector's first run scans everything the block made (0.13–0.16 s at 2,000 documents) and every later full
    run scans it again, while pages are rendered, the search index written and the records made: objects that
    are not garbage. They are still freed when their last reference goes; `gc.unfreeze` returns them to the
    collector. Not for a process that goes on to replace them (a resident preview: `site/serve.py` sets its model
    aside itself and collects what earlier updates left)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if lasting:
                gc.freeze()
            gc.enable()


def skip_final_collection() -> None:
    """The process is about to exit: leave what is alive out of the collection Python runs at exit. That run
    scans every object still alive (a second after a 2,000-document build) and frees nothing the exit would not;
    finalizers are not promised at exit anyway. Only for the very end of a command (`on_shutdown`)."""
    gc.freeze()
