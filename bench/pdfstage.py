"""The PDF row of the bench, run in a fresh interpreter by the runner: python -m bench.pdfstage DIR [SAMPLE].

On one generated corpus and its one copy plan (every document, form and manual, as `qmsdoc build` makes
them), in one process after one check:
- the Word stage and the PDF stage as the build runs them (all cores), then the PDF stage again with the
  first one's folder as the previous build (a warm rebuild: every copy reused);
- the engine comparison: the same SAMPLE copy jobs (documents and forms, each numbered) through Typst (the
  product) and WeasyPrint (the former writer, bench/weasy.py), one process each, with the same fidelity
  checks read back by poppler: the header table with 文件编号 and 第 X 页 共 Y 页 on every page (a blank form: its
  one header line with 表单编号, as its Word copy), the 分发号 in the footer of every page, the 审批 block."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qmsdoc.core.copyjobs import CopyJob, DocumentJob, FormJob


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


def faithful(pdf: Path, job: CopyJob) -> dict[str, bool]:
    """What a reader of the copy checks, per copy (all pages)."""
    pages = _pages(pdf)
    total = len(pages)
    form = isinstance(job, FormJob)  # a blank form's header is its one line, as in its Word copy: no page numbers
    header = f"表单编号：{job.id}" if form else f"文件编号{job.id}"
    return {
        "header_every_page": bool(pages) and all(header in p for p in pages),
        "page_x_of_y": bool(pages) and (form or all(f"第{n}页共{total}页" in p for n, p in enumerate(pages, 1))),
        "copy_number_every_page": bool(pages) and all(f"分发号：{job.copy_number}" in p for p in pages),
        "approval_block": not isinstance(job, DocumentJob) or any("审批" in p and "批准" in p for p in pages),
    }


def engine_run(name: str, build: Callable[[CopyJob], bytes], jobs: list[CopyJob], out: Path) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    build(jobs[0])  # fonts and caches loaded once, as a worker would
    started = time.perf_counter()
    files = []
    for index, job in enumerate(jobs):
        path = out / f"{index:04d}.pdf"
        path.write_bytes(build(job))
        files.append(path)
    seconds = time.perf_counter() - started
    checks = [faithful(path, job) for path, job in zip(files, jobs, strict=True)]
    return {"engine": name, "copies": len(jobs), "seconds": seconds, "seconds_per_copy": seconds / len(jobs),
            "mean_bytes": sum(p.stat().st_size for p in files) / len(files),
            "fidelity": {key: sum(c[key] for c in checks) for key in checks[0]}}


def weasyprint_builder() -> Callable[[CopyJob], bytes] | None:
    try:
        from bench import weasy
    except (ImportError, OSError):  # not installed, or no Pango on this machine
        return None

    def build(job: CopyJob) -> bytes:
        if isinstance(job, DocumentJob):
            return bytes(weasy.document_pdf(job))
        if isinstance(job, FormJob):
            return bytes(weasy.form_pdf(job))
        return bytes(weasy.manual_pdf(job))
    return build


def measure(root: Path, sample: int) -> dict[str, Any]:
    from qmsdoc.core import check, load_config
    from qmsdoc.core.copyplan import plan_copies
    from qmsdoc.core.render import CorpusRenderer
    from qmsdoc.pdf.export import build_pdf, write_pdfs
    from qmsdoc.pdf.fonts import FontChoice
    from qmsdoc.word.export import write_files

    config = load_config(root)
    result = check(config)
    plan = plan_copies(result, CorpusRenderer(result.corpus, config), config.organisation)
    copies = len(plan.documents) + len(plan.forms) + len(plan.manuals)
    out = root / "bench-copies"
    started = time.perf_counter()
    write_files(plan, out / "docx")
    word = time.perf_counter() - started
    started = time.perf_counter()
    write_pdfs(plan, out / "pdf")
    pdf = time.perf_counter() - started
    shutil.copytree(out / "pdf", out / "pdf-previous", copy_function=shutil.copy2)
    started = time.perf_counter()
    write_pdfs(plan, out / "pdf", previous=out / "pdf-previous")
    warm = time.perf_counter() - started
    sampled: list[DocumentJob | FormJob] = [*plan.documents[:sample], *plan.forms[:max(1, sample // 2)]]
    numbered: list[CopyJob] = [dataclasses.replace(j, copy_number=f"BENCH-{i:03d}") for i, j in enumerate(sampled)]
    engines = [engine_run("typst", lambda job: build_pdf(job, FontChoice()), numbered, out / "typst")]
    weasy = weasyprint_builder()
    if weasy is not None:
        engines.append(engine_run("weasyprint", weasy, numbered, out / "weasyprint"))
    shutil.rmtree(out, ignore_errors=True)
    return {"copies": copies, "word_stage": word, "pdf_stage": pdf, "pdf_stage_warm": warm, "engines": engines}


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    print(json.dumps(measure(folder, size)))
