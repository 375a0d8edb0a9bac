"""PDF export driver: the same copy plan as the Word export, written (in parallel for large sets) into
`build/pdf/{documents,forms,manuals}/<stem>.pdf`, the folder swapped in whole."""

from __future__ import annotations

from pathlib import Path

from ..core.copyjobs import CopyJob, DocumentJob, FormJob
from ..core.copyplan import CopyPlan
from ..core.copywriter import Task, write_copies
from ..core.outputs import replace_folder
from .copies import document_pdf, form_pdf, manual_pdf

PARALLEL_THRESHOLD = 12  # a PDF takes ~0.3 s to lay out, far more than a worker takes to start


def build_pdf(job: CopyJob) -> bytes:
    if isinstance(job, DocumentJob):
        return document_pdf(job)
    if isinstance(job, FormJob):
        return form_pdf(job)
    return manual_pdf(job)


def _run(tasks: list[Task], workers: int | None) -> list[str]:
    return write_copies(build_pdf, tasks, workers=workers, threshold=PARALLEL_THRESHOLD)


def write_pdfs(plan: CopyPlan, out_dir: Path, *, workers: int | None = None) -> list[str]:
    """Write every planned PDF into a fresh folder beside `out_dir`, then swap it in; an existing
    `out_dir` is replaced only if qmsdoc made it."""
    return replace_folder(out_dir, ".pdf-", lambda staging: _run(
        [(staging, relative, job) for relative, job in plan.files(".pdf")], workers))
