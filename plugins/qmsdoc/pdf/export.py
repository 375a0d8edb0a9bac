"""PDF export driver: the same copy plan as the Word export, written (in parallel for large sets) into
`build/pdf/{documents,forms,manuals}/<stem>.pdf`, the folder swapped in whole."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..core.copyjobs import CopyJob, DocumentJob, FormJob, ManualJob
from ..core.copyplan import CopyPlan
from ..core.outputs import replace_folder
from .copies import document_pdf, form_pdf, manual_pdf

PARALLEL_THRESHOLD = 12  # a PDF takes ~0.3 s to lay out, far more than a worker takes to start

def build_pdf(job: CopyJob) -> bytes:
    if isinstance(job, DocumentJob):
        return document_pdf(job)
    if isinstance(job, FormJob):
        return form_pdf(job)
    return manual_pdf(job)


def _write(task: tuple[Path, str, CopyJob]) -> str:
    folder, relative, job = task
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build_pdf(job))
    return relative


def _run(tasks: list[tuple[Path, str, CopyJob]], workers: int | None) -> list[str]:
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers > 1 and len(tasks) >= PARALLEL_THRESHOLD:
        # the largest (manuals) first, so no worker is left with one long job at the end
        tasks = sorted(tasks, key=lambda t: not isinstance(t[2], ManualJob))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            try:
                return list(pool.map(_write, tasks))
            except BaseException:  # a missing glyph: stop at once rather than lay out the rest
                pool.shutdown(cancel_futures=True)
                raise
    return list(map(_write, tasks))


def write_pdfs(plan: CopyPlan, out_dir: Path, *, workers: int | None = None) -> list[str]:
    """Write every planned PDF into a fresh folder beside `out_dir`, then swap it in; an existing
    `out_dir` is replaced only if qmsdoc made it."""
    return replace_folder(out_dir, ".pdf-", lambda staging: _run(
        [(staging, relative, job) for relative, job in plan.files(".pdf")], workers))
