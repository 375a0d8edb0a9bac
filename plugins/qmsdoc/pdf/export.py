"""PDF export driver: the same copy plan as the Word export, written (in parallel for large sets) into
`build/pdf/{documents,forms,manuals}/<stem>.pdf`, the folder swapped in whole."""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..core.config import ConfigError
from ..core.copyjobs import DocumentJob, FormJob, ManualJob
from ..core.copyplan import CopyPlan
from ..core.outputs import MARKER, mark, remove_output, replaceable, set_aside_name
from ..core.paths import copy_relative
from .copies import document_pdf, form_pdf, manual_pdf

PARALLEL_THRESHOLD = 12  # a PDF takes ~0.3 s to lay out, far more than a worker takes to start

Job = DocumentJob | FormJob | ManualJob


def pdf_jobs(plan: CopyPlan) -> list[tuple[str, Job]]:
    out: list[tuple[str, Job]] = [(copy_relative(j.id, "document", ".pdf"), j) for j in plan.documents]
    out += [(copy_relative(j.id, "form", ".pdf"), j) for j in plan.forms]
    out += [(copy_relative(j.id, "manual", ".pdf"), j) for j in plan.manuals]
    return out


def build_pdf(job: Job) -> bytes:
    if isinstance(job, DocumentJob):
        return document_pdf(job)
    if isinstance(job, FormJob):
        return form_pdf(job)
    return manual_pdf(job)


def _write(task: tuple[Path, str, Job]) -> str:
    folder, relative, job = task
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build_pdf(job))
    return relative


def _run(tasks: list[tuple[Path, str, Job]], workers: int | None) -> list[str]:
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
    if out_dir.exists() and not replaceable(out_dir):
        raise ConfigError(f"输出目录 {out_dir} 不是 qmsdoc 生成的（缺少 {MARKER} 标记），"
                          "拒绝替换：请指定新的或空的文件夹")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".pdf-", dir=out_dir.parent))
    staging.chmod(0o755)
    mark(staging)
    try:
        done = _run([(staging, relative, job) for relative, job in pdf_jobs(plan)], workers)
        old = set_aside_name(out_dir)
        if out_dir.exists():
            out_dir.rename(old)
        staging.rename(out_dir)
        remove_output(old)
        return done
    except BaseException:
        remove_output(staging)
        raise
