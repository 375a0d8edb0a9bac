"""Export driver: plan the Word files from a checked corpus, write them (in parallel for large sets)
into `build/docx`, swapping the folder in whole so readers never see half an export."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..core.check import CheckResult
from ..core.config import ConfigError
from ..core.copyjobs import DocumentJob, FormJob, ManualJob
from ..core.copyplan import CopyPlan, plan_copies
from ..core.outputs import MARKER, mark, remove_output, replaceable, set_aside_name
from ..core.paths import copy_relative
from ..core.render import CorpusRenderer
from .document import build_document
from .forms import build_form
from .manual import build_manual

PARALLEL_THRESHOLD = 40  # below this, process start-up costs more than it saves

Job = DocumentJob | FormJob | ManualJob


@dataclass
class ExportPlan(CopyPlan):
    """The copy plan with the Word file each job is written to."""

    def jobs(self) -> list[tuple[str, Job]]:
        out: list[tuple[str, Job]] = [(copy_relative(j.id, "document"), j) for j in self.documents]
        out += [(copy_relative(j.id, "form"), j) for j in self.forms]
        out += [(copy_relative(j.id, "manual"), j) for j in self.manuals]
        return out


def plan_export(result: CheckResult, renderer: CorpusRenderer, organisation: str,
                only: Iterable[str] | None = None) -> ExportPlan:
    plan = plan_copies(result, renderer, organisation, only)
    return ExportPlan(plan.documents, plan.forms, plan.manuals)


def _build(job: Job) -> bytes:
    if isinstance(job, DocumentJob):
        return build_document(job)
    if isinstance(job, FormJob):
        return build_form(job)
    return build_manual(job)


def _write(task: tuple[Path, str, Job]) -> str:
    folder, relative, job = task
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_build(job))
    return relative


def _run(tasks: list[tuple[Path, str, Job]], workers: int | None, progress: bool) -> list[str]:
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers > 1 and len(tasks) >= PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return _progress(pool.map(_write, tasks, chunksize=8), len(tasks), progress)
    return _progress(map(_write, tasks), len(tasks), progress)


def update_files(plan: ExportPlan, out_dir: Path, *, workers: int | None = None) -> list[str]:
    """Rewrite only the planned files, in place (dirty rebuilds: the rest of out_dir is current)."""
    return _run([(out_dir, relative, job) for relative, job in plan.jobs()], workers, False)


def write_files(plan: ExportPlan, out_dir: Path, *, workers: int | None = None, progress: bool = False) -> list[str]:
    """Write every planned file into a fresh folder beside `out_dir`, then swap it in. An existing
    `out_dir` is replaced only if qmsdoc made it (callers check the folder with `refuse_unsafe` first)."""
    if out_dir.exists() and not replaceable(out_dir):
        raise ConfigError(f"输出目录 {out_dir} 不是 qmsdoc 生成的（缺少 {MARKER} 标记），拒绝替换：请指定新的或空的文件夹")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".docx-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the published folder must be readable
    mark(staging)
    try:
        done = _run([(staging, relative, job) for relative, job in plan.jobs()], workers, progress)
        old = set_aside_name(out_dir)
        if out_dir.exists():
            out_dir.rename(old)
        staging.rename(out_dir)
        remove_output(old)
        return done
    except BaseException:
        remove_output(staging)
        raise


def _progress(results: Iterable[str], total: int, show: bool) -> list[str]:
    done = []
    for index, relative in enumerate(results, start=1):
        done.append(relative)
        if show and (index % 10 == 0 or index == total):
            print(f"\r导出 Word 文件 {index}/{total}", end="" if index < total else "\n", file=sys.stderr, flush=True)
    return done

