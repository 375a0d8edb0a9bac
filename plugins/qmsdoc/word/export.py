"""Export driver: plan the Word files from a checked corpus, write them (in parallel for large sets)
into `build/docx`, swapping the folder in whole so readers never see half an export."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from ..core.check import CheckResult
from ..core.copyjobs import DocumentJob, FileJob, FormJob, SigninJob
from ..core.copyplan import CopyPlan, plan_copies
from ..core.copyreuse import Files, export_copies, update_copies
from ..core.copywriter import Task, write_copies
from ..core.i18n import t
from ..core.render import CorpusRenderer
from .document import build_document
from .forms import build_form
from .manual import build_manual
from .reuse import salt
from .signin import build_signin
from .template import template

PARALLEL_THRESHOLD = 40  # below this, process start-up costs more than it saves
SUFFIX = ".docx"


def plan_export(result: CheckResult, renderer: CorpusRenderer, organisation: str,
                only: Iterable[str] | None = None) -> CopyPlan:
    return plan_copies(result, renderer, organisation, only)


def _build(job: FileJob) -> bytes:
    if isinstance(job, SigninJob):
        return build_signin(job)
    if isinstance(job, DocumentJob):
        return build_document(job)
    if isinstance(job, FormJob):
        return build_form(job)
    return build_manual(job)


def _files(plan: CopyPlan) -> Files:
    """Every Word file of the plan: the controlled copies and the 学习签到表 of the versions in force."""
    return [*plan.files(SUFFIX), *plan.signin_files(SUFFIX)]


def _run(tasks: list[Task], workers: int | None, progress: bool) -> list[str]:
    if tasks:
        template()  # prepared here once: worker processes forked from this one inherit it
    return write_copies(_build, tasks, workers=workers, threshold=PARALLEL_THRESHOLD, chunksize=8,
                        collect=partial(_progress, show=progress))


def update_files(plan: CopyPlan, out_dir: Path, *, workers: int | None = None) -> list[str]:
    """Rewrite only the planned files, in place (dirty rebuilds: the rest of out_dir is current), and
    their digests in the folder's record."""
    return update_copies(_files(plan), out_dir, salt=salt(), run=partial(_run, workers=workers, progress=False))


def write_files(plan: CopyPlan, out_dir: Path, *, workers: int | None = None, progress: bool = False,
                previous: Path | None = None) -> list[str]:
    """Write every planned file into a fresh folder beside `out_dir`, then swap it in. An existing
    `out_dir` is replaced only if qmsdoc made it (callers check the folder with `refuse_unsafe` first).
    With `previous` (the last build's docx folder), copies whose inputs are unchanged are taken from it."""
    return export_copies(_files(plan), out_dir, suffix=SUFFIX, salt=salt(), previous=previous,
                         run=partial(_run, workers=workers, progress=progress))


def _progress(results: Iterable[str], total: int, show: bool) -> list[str]:
    done = []
    for index, relative in enumerate(results, start=1):
        done.append(relative)
        if show and (index % 10 == 0 or index == total):
            print("\r" + t("progress.word", index=index, total=total), end="" if index < total else "\n", file=sys.stderr,
                  flush=True)
    return done
