"""PDF export driver: the same copy plan as the Word export, written (in parallel for large sets) into
`build/pdf/{documents,forms,manuals}/<stem>.pdf`, the folder swapped in whole; a copy whose inputs
(job, writer, Typst, fonts, pictures) are unchanged is taken from the previous build."""

from __future__ import annotations

import functools
import multiprocessing
from functools import partial
from importlib import metadata
from pathlib import Path

from ..core.copyjobs import CopyJob, DocumentJob, FormJob
from ..core.copyplan import CopyPlan
from ..core.copyreuse import code_salt, export_copies, shared_modules, update_copies
from ..core.copywriter import Task, write_copies
from .copies import document_pdf, form_pdf, manual_pdf
from .fonts import FontChoice, choose

PARALLEL_THRESHOLD = 60  # a PDF takes a few milliseconds once the fonts are loaded (~0.1 s per process)
# Typst keeps every layout it made in a process-wide cache that nothing evicts (typst-py offers no eviction): a
# worker that made thousands of copies held gigabytes and took twice as long per copy. Workers are renewed.
# 400 documents' worth per worker: at 2,000 documents the PDF stage took 55 s instead of 77 s, and a worker at
# most 0.9 GB instead of 2.8 GB (200: 62 s, 0.6 GB; 1,000: 58 s, 2.1 GB).
TASKS_PER_WORKER = 400
SUFFIX = ".pdf"


def build_pdf(job: CopyJob, fonts: FontChoice) -> bytes:
    if isinstance(job, DocumentJob):
        return document_pdf(job, fonts)
    if isinstance(job, FormJob):
        return form_pdf(job, fonts)
    return manual_pdf(job, fonts)


@functools.cache
def salt(fonts: FontChoice) -> str:
    """The PDF writer's code, the shared body walk and labels, Typst's version and the chosen fonts' files."""
    here = Path(__file__).resolve().parent
    return f"{code_salt(here, *shared_modules())}\0{metadata.version('typst')}\0{choose(fonts).identity}"


def _run(tasks: list[Task], workers: int | None, fonts: FontChoice) -> list[str]:
    # Workers start afresh (not forked): Typst's threads, already running here, do not survive a fork.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return write_copies(partial(build_pdf, fonts=fonts), tasks, workers=workers, threshold=PARALLEL_THRESHOLD,
                        chunksize=8, start_method=method, tasks_per_worker=TASKS_PER_WORKER)


def write_pdfs(plan: CopyPlan, out_dir: Path, *, fonts: FontChoice | None = None, workers: int | None = None,
               previous: Path | None = None) -> list[str]:
    """Write every planned PDF into a fresh folder beside `out_dir`, then swap it in; an existing
    `out_dir` is replaced only if qmsdoc made it. With `previous` (the last build's pdf folder),
    unchanged copies are taken from it."""
    choice = fonts or FontChoice()
    return export_copies(plan.files(SUFFIX), out_dir, suffix=SUFFIX, salt=salt(choice), previous=previous,
                         run=partial(_run, workers=workers, fonts=choice))


def update_pdfs(plan: CopyPlan, out_dir: Path, *, fonts: FontChoice | None = None,
                workers: int | None = None) -> list[str]:
    """Rewrite only the planned PDFs in place (dirty rebuilds)."""
    choice = fonts or FontChoice()
    return update_copies(plan.files(SUFFIX), out_dir, salt=salt(choice),
                         run=partial(_run, workers=workers, fonts=choice))
