"""Export driver: plan the Word files from a checked corpus, write them (in parallel for large sets)
into `build/docx`, swapping the folder in whole so readers never see half an export."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.check import CheckResult
from ..core.codes import docx_relative, file_stem
from ..core.model import Document
from ..core.render import CorpusRenderer
from .document import build_document
from .forms import build_form
from .jobs import DocumentJob, FormJob, ManualJob, document_job, form_job, manual_job
from .manual import build_manual

if TYPE_CHECKING:
    from ..site.site_model import SiteModel


PARALLEL_THRESHOLD = 40  # below this, process start-up costs more than it saves
IN_FORCE = ("approved", "effective")

Job = DocumentJob | FormJob | ManualJob


@dataclass
class ExportPlan:
    documents: list[DocumentJob] = field(default_factory=list)
    forms: list[FormJob] = field(default_factory=list)
    manuals: list[ManualJob] = field(default_factory=list)

    def jobs(self) -> list[tuple[str, Job]]:
        out: list[tuple[str, Job]] = [(docx_relative(j.id, form=False), j) for j in self.documents]
        out += [(docx_relative(j.id, form=True), j) for j in self.forms]
        out += [(f"manuals/{file_stem(j.id)}.docx", j) for j in self.manuals]
        return out


def plan_export(result: CheckResult, renderer: CorpusRenderer, organisation: str,
                only: Iterable[str] | None = None) -> ExportPlan:
    corpus = result.corpus
    wanted = set(only) if only is not None else None
    plan = ExportPlan()
    jobs: dict[str, DocumentJob] = {}

    def job_for(document: Document) -> DocumentJob:  # rendered only when some export needs it
        if document.id not in jobs:
            jobs[document.id] = document_job(document, renderer.document(document).html, organisation)
        return jobs[document.id]

    for document in corpus.sorted_documents():
        if wanted is None or document.id in wanted:
            plan.documents.append(job_for(document))
    for form in corpus.sorted_forms():
        if wanted is None or form.id in wanted:
            plan.forms.append(form_job(form, corpus.documents.get(form.owner or ""), organisation))
    for manual in corpus.manuals:
        if wanted is None or manual.id in wanted:
            members = tuple(job_for(d) for d in sorted(manual.documents, key=lambda d: d.sort_key)
                            if d.status in IN_FORCE and corpus.documents.get(d.id) is d)
            plan.manuals.append(manual_job(manual, members, organisation))
    return plan


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
    """Write every planned file into a fresh folder beside `out_dir`, then swap it in."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".docx-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the published folder must be readable
    try:
        done = _run([(staging, relative, job) for relative, job in plan.jobs()], workers, progress)
        old = out_dir.with_name(out_dir.name + ".old")
        if out_dir.exists():
            out_dir.rename(old)
        staging.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)
        return done
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _progress(results: Iterable[str], total: int, show: bool) -> list[str]:
    done = []
    for index, relative in enumerate(results, start=1):
        done.append(relative)
        if show and (index % 10 == 0 or index == total):
            print(f"\r导出 Word 文件 {index}/{total}", end="" if index < total else "\n", file=sys.stderr, flush=True)
    return done


def export_for_site(site: SiteModel, site_dir: Path, *, progress: bool = False) -> None:
    """Called after the site build: the same files as `qmsdoc docx`, linked into the site for download."""
    out_dir = site.project.build_path / "docx"
    if site.dirty and out_dir.is_dir():
        update_files(plan_export(site.result, site.renderer, site.project.organisation, site.changed_ids()), out_dir)
    else:
        write_files(plan_export(site.result, site.renderer, site.project.organisation), out_dir, progress=progress)
    published = site_dir / "docx"
    shutil.rmtree(published, ignore_errors=True)
    # A draft's Word copy stays out of the website unless drafts are published (then it carries 草稿).
    unpublished = {docx_relative(d.id, form=False) for d in site.result.corpus.documents.values()
                   if d.status in ("draft", "review") and not site.publish_drafts}
    for source in out_dir.rglob("*.docx"):
        if source.relative_to(out_dir).as_posix() in unpublished:
            continue
        target = published / source.relative_to(out_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)  # no second copy of the bytes where the file system allows
        except OSError:
            shutil.copy2(source, target)
