"""Measure, in one run and on the same generated corpus, qmsdoc against what a user would do
instead and against the floors; print a table of times and ratios and write it as JSON."""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from qmsdoc.core.parsecache import CACHE_NAME as PARSE_CACHE

from .corpus import generate, reapproved, without_copies
from .importdoc import write_legacy_manual

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def compiled_like_installed() -> None:
    """Byte-compile qmsdoc's own modules, as `pip install` does, before anything is timed: MkDocs and Material
    load compiled code from site-packages, while qmsdoc run from a checkout under PYTHONDONTWRITEBYTECODE
    recompiled its 280 modules on every run (0.33 s against 0.21 s to import the plugin) — a cost no installed
    qmsdoc pays, charged to every ratio. `__pycache__` is ignored by git."""
    import compileall

    import qmsdoc

    compileall.compile_dir(Path(qmsdoc.__file__).parent, quiet=1)
DEFAULT_MATERIAL = "site_name: 基准\ndocs_dir: manuals\nsite_dir: {out}\ntheme:\n  name: material\n"


@dataclass
class Measured:
    seconds: float
    peak_mb: float = 0.0


@dataclass
class SizeResult:
    documents: int
    forms: int
    times: dict[str, Measured] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    """HTML pages each site build published (the qmsdoc site also has form, history and register pages)."""
    pdf: dict[str, object] = field(default_factory=dict)
    """The PDF row (bench/pdfstage.py): Word and PDF stages, the warm PDF stage, the engine comparison."""
    search: dict[str, dict[str, object]] = field(default_factory=dict)
    """Per site ("qmsdoc_site", "plain"): bytes and seconds to the first result of SEARCH_QUERY, cold cache."""
    runs: dict[str, list[float]] = field(default_factory=dict)
    """Every run's seconds of a row measured several times (the row is the median run)."""


SEARCH_QUERY = "离职"


def search_timeout(documents: int) -> float:
    """Seconds a site's search may take to answer SEARCH_QUERY: a minute, and more for the larger indexes
    Material's search worker loads whole (300 s at 10,000 documents). A search that finds nothing says so at once
    (bench/searchbytes.py); this bounds only one that never answers."""
    return min(300.0, 60.0 + 0.024 * documents)


def measure_search(result: SizeResult, label: str, site: Path, timeout_s: float | None = None) -> None:
    """The first result of SEARCH_QUERY in Chromium on the built site (bench/searchbytes.py); nothing when the
    browser is missing, and a first result "" when the site's search finds nothing or gives no answer in
    `timeout_s` (by default search_timeout of the size)."""
    from .searchbytes import measure as first_results

    if timeout_s is None:
        timeout_s = search_timeout(result.documents)
    try:
        first = first_results(site, (SEARCH_QUERY,), timeout_s=timeout_s)[0]
    except Exception as exc:  # a missing Chromium, or a search that never answers: a blank cell
        print(f"search on {label} not measured: {exc}"[:300], file=sys.stderr)
        return
    result.search[label] = {"bytes": first.bytes, "seconds": first.seconds, "requests": first.requests,
                            "first": first.first}


def measure_serve(result: SizeResult, root: Path, edits: int = 10) -> None:
    """`qmsdoc serve`'s edit-to-page latency, the median of `edits` saves (bench/serve.py)."""
    import statistics

    from .serve import edit_latencies

    try:
        latencies = edit_latencies(root, edits)
    except (RuntimeError, OSError) as exc:
        print(f"qmsdoc serve not measured: {exc}", file=sys.stderr)
        return
    result.times["serve_edit"] = Measured(statistics.median(latencies))


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


def run_timed(command: list[str], cwd: Path) -> Measured:
    """Wall time and peak RSS of a command, measured by a fresh wrapper process."""
    wrapper = ("import json,resource,subprocess,sys,time\n"
               "t=time.perf_counter(); r=subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
               "stderr=subprocess.PIPE, text=True)\n"
               "e=time.perf_counter()-t\n"
               "if r.returncode: sys.stderr.write(r.stderr[-3000:]); sys.exit(r.returncode)\n"
               "print(json.dumps([e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024]))")
    out = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=cwd, env=ENV, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{out.stderr}")
    seconds, peak = json.loads(out.stdout.strip().splitlines()[-1])
    return Measured(seconds, peak)


def floor(kind: str, root: Path) -> Measured:
    out = subprocess.run([sys.executable, "-m", "bench.floor", kind, str(root)], capture_output=True, text=True,
                         env=ENV, cwd=Path(__file__).resolve().parent.parent)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return Measured(json.loads(out.stdout.strip().splitlines()[-1])["seconds"])


def _config(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.write_text(text, "utf-8")
    return path


PLAIN_SEARCH = "\n  - search:\n      lang: zh\n"
"""What a plain MkDocs + Material site searches with: Material's search plugin (Chinese, with jieba)."""


def _without_plugin(shipped: str) -> str:
    """The shipped mkdocs.yml as a plain Material site: Material's search plugin in place of qmsdoc."""
    return re.sub(r"\n  - qmsdoc:?\n(      .*\n)*", PLAIN_SEARCH, shipped)


def _plain_config(root: Path) -> Path:
    """The generated project's mkdocs.yml without the qmsdoc plugin (and with Material's search, which qmsdoc
    replaces), building into out/plain."""
    shipped = (root / "mkdocs.yml").read_text("utf-8")
    return _config(root, "plain.yml", _without_plugin(shipped).replace("site_dir: build/site", "site_dir: out/plain"))


@contextmanager
def _site_only(root: Path) -> Iterator[None]:
    """The project's qmsdoc.yml with `word_copies: false` while the block runs (a site-only build)."""
    project = (root / "qmsdoc.yml").read_text("utf-8")
    without_copies(root)
    try:
        yield
    finally:
        (root / "qmsdoc.yml").write_text(project, "utf-8")


def _ms(seconds: float | None) -> str:
    return "—" if not seconds else f"{seconds * 1000:.0f} ms"


def pandoc_per_document(root: Path, sample: int) -> float | None:
    try:
        import pypandoc  # type: ignore[import-untyped]

        pandoc = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return None
    sources = sorted(p for p in (root / "manuals").rglob("*.md") if p.name != "index.md")[:sample]
    out = root / "bench-pandoc"
    out.mkdir(exist_ok=True)
    started = time.perf_counter()
    for path in sources:  # one process per document, as a user scripting pandoc would
        subprocess.run([pandoc, "-f", "markdown", "-t", "docx", "-o", str(out / (path.stem + ".docx")), str(path)],
                       check=True, capture_output=True)
    return (time.perf_counter() - started) / max(1, len(sources))


def measure_scale(size: int, work: Path, *, full_build: bool) -> SizeResult:
    """The scale point (10,000 documents): the plain build, the qmsdoc site and (unless `full_build` is
    False) the full `qmsdoc build` only — time per document and peak memory at scale, not the whole table."""
    root = work / f"corpus-{size}"
    stats = generate(root, size)
    result = SizeResult(size, stats["forms"])
    mk = [sys.executable, "-m", "mkdocs", "build", "-q"]
    result.times["plain"] = run_timed([*mk, "-f", str(_plain_config(root))], root)
    result.pages["plain"] = count_pages(root / "out" / "plain")
    measure_search(result, "plain", root / "out" / "plain")
    shutil.rmtree(root / "out", ignore_errors=True)
    with _site_only(root):
        result.times["qmsdoc_site"] = run_timed([*mk, "--strict", "-f", str(root / "mkdocs.yml")], root)
    result.pages["qmsdoc_site"] = count_pages(root / "build" / "site")
    measure_search(result, "qmsdoc_site", root / "build" / "site")
    if full_build:
        shutil.rmtree(root / "build")  # a cold build: no cache the site build left (the bench wrote build/)
        result.times["qmsdoc_build"] = run_timed([sys.executable, "-m", "qmsdoc.cli", "build", str(root)], root)
    shutil.rmtree(root, ignore_errors=True)
    return result


def pdf_row(root: Path, sample: int) -> dict[str, object]:
    """The PDF row, in a fresh interpreter (bench/pdfstage.py)."""
    out = subprocess.run([sys.executable, "-m", "bench.pdfstage", str(root), str(sample)], capture_output=True,
                         text=True, env=ENV, cwd=Path(__file__).resolve().parent.parent)
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    row: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return row


def _repeat_cold_sites(result: SizeResult, root: Path, commands: dict[str, list[str]], repeat: int) -> None:
    """The plain and the qmsdoc site builds `repeat` times in all, taking turns, each cold (what the last one
    left, caches included, moved aside first); each row is then the median run. One run of each swings by a
    quarter on this machine, and a folder of thousands of files just deleted slows the next build's writes, so
    what the runs leave is deleted only after the last of them."""
    import statistics

    aside = root / ".bench-aside"
    runs = {label: [result.times[label]] for label in commands}
    for turn in range(repeat - 1):
        for label, command in commands.items():
            left = root / ("out/plain" if label == "plain" else "build")
            if left.exists():
                aside.mkdir(exist_ok=True)
                left.rename(aside / f"{label}-{turn}")
            runs[label].append(run_timed(command, root))
    for label, measured in runs.items():
        middle = statistics.median_low([m.seconds for m in measured])
        result.times[label] = next(m for m in measured if m.seconds == middle)
        result.runs[label] = [round(m.seconds, 2) for m in measured]
    shutil.rmtree(aside, ignore_errors=True)


def measure(size: int, work: Path, *, pandoc_sample: int, default_material: bool,
            pdf_sample: int = 40, repeat: int = 3) -> tuple[SizeResult, float | None]:
    root = work / f"corpus-{size}"
    stats = generate(root, size)
    result = SizeResult(size, stats["forms"])
    configs = {"plain": _plain_config(root),
               "qmsdoc_site": _config(root, "qmsdoc-site.yml", (root / "mkdocs.yml").read_text("utf-8"))}
    mk = [sys.executable, "-m", "mkdocs", "build", "-q"]
    if default_material:
        cfg = _config(root, "default.yml", DEFAULT_MATERIAL.format(out="out/default"))
        result.times["default_material"] = run_timed([*mk, "-f", str(cfg)], root)
    # Each dirty rebuild follows a full build with the same configuration, as a user's edit would.
    edited = sorted((root / "manuals").rglob("BM-01-002.md"))[0]
    original = edited.read_text("utf-8")
    with _site_only(root):
        cold = {"plain": [*mk, "-f", str(configs["plain"])],
                "qmsdoc_site": [*mk, "--strict", "-f", str(configs["qmsdoc_site"])]}
        for label, cfg in configs.items():
            result.times[label] = run_timed(cold[label], root)
            site = root / ("out/plain" if label == "plain" else "build/site")
            result.pages[label] = count_pages(site)
            # The search is measured on the full build: `mkdocs build --dirty` makes Material's search plugin write
            # an index of the rebuilt pages only (one page here), where the query finds nothing.
            measure_search(result, label, site)
            # An edit to approved content is released with it (the fingerprint follows), as a quality officer does.
            edited.write_text(reapproved(original.replace("## 2.0", "本条已修订。\n\n## 2.0", 1)), "utf-8")
            result.times["dirty_" + ("qmsdoc" if label == "qmsdoc_site" else label)] = run_timed(
                [*mk, "--dirty", "-f", str(cfg)], root)
            edited.write_text(original, "utf-8")
        _repeat_cold_sites(result, root, cold, repeat)
        measure_serve(result, root)
    # The first full build is cold: none of the caches the site builds above left in build/ (the bench wrote it).
    shutil.rmtree(root / "build")
    result.times["qmsdoc_build"] = run_timed([sys.executable, "-m", "qmsdoc.cli", "build", str(root)], root)
    # The same build again, nothing changed: what the caches in build/ save a repeated `qmsdoc build`.
    result.times["qmsdoc_build_warm"] = run_timed([sys.executable, "-m", "qmsdoc.cli", "build", str(root)], root)
    # `qmsdoc check` without and with its parse cache (build/ now holds the cache the build left).
    (root / "build" / PARSE_CACHE).unlink(missing_ok=True)
    result.times["check_cold"] = run_timed([sys.executable, "-m", "qmsdoc.cli", "check", str(root)], root)
    result.times["check_warm"] = run_timed([sys.executable, "-m", "qmsdoc.cli", "check", str(root)], root)
    result.times["floor_markdown"] = floor("markdown", root)
    result.times["floor_yaml"] = floor("yaml", root)
    result.times["check"] = floor("check", root)
    repo = Path(__file__).resolve().parent.parent
    result.times["docx"] = run_timed([sys.executable, "-m", "bench.floor", "docx", str(root)], repo)
    if pdf_sample:
        result.pdf = pdf_row(root, pdf_sample)
        for key in ("word_stage", "pdf_stage", "pdf_stage_warm"):
            result.times[key] = Measured(float(result.pdf[key]))  # type: ignore[arg-type]
        for engine in result.pdf["engines"]:  # type: ignore[attr-defined]
            result.times[f"pdf_sample_{engine['engine']}"] = Measured(engine["seconds"])
    legacy = work / "import-legacy"
    word, text = write_legacy_manual(legacy)
    result.times["import_100_pages_docx"] = run_timed(
        [sys.executable, "-m", "qmsdoc.cli", "import", str(word), "--manual", "IM-01", "--path", str(legacy)], repo)
    result.times["import_100_pages_text"] = run_timed(
        [sys.executable, "-m", "qmsdoc.cli", "import", str(text), "--manual", "IM-02", "--path", str(legacy)], repo)
    shutil.rmtree(legacy, ignore_errors=True)
    per_doc_pandoc = pandoc_per_document(root, pandoc_sample) if pandoc_sample else None
    shutil.rmtree(root, ignore_errors=True)
    return result, per_doc_pandoc


@dataclass
class OneManual:
    """All documents in one manual: what a page carries must not grow with the manual."""

    documents: int
    pages: int  # document pages published (drafts and obsolete ones are not in the navigation)
    seconds: float
    page_bytes_median: int
    page_bytes_max: int
    site_bytes: int


def measure_one_manual(size: int, work: Path) -> OneManual:
    root = work / f"one-manual-{size}"
    generate(root, size, one_manual=True)
    without_copies(root)
    cfg = _config(root, "qmsdoc-site.yml", (root / "mkdocs.yml").read_text("utf-8"))
    timed = run_timed([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(cfg)], root)
    site = root / "build" / "site"
    pages = sorted(p.stat().st_size for p in site.glob("m01/BM-*/index.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    shutil.rmtree(root, ignore_errors=True)
    return OneManual(size, len(pages), timed.seconds, pages[len(pages) // 2], pages[-1], total)


Ratio = tuple[str, str, float | None, str]  # key (stable across runs), name, value, target


def one_manual_ratios(series: list[OneManual]) -> list[Ratio]:
    if len(series) < 2:
        return []
    small, large = series[0], series[-1]
    return [
        ("one_manual_page_bytes", f"one manual: per-page bytes {large.documents} / {small.documents}",
         large.page_bytes_median / small.page_bytes_median, "≤ 1.5"),
        ("one_manual_time_per_document", f"one manual: time per document {large.documents} / {small.documents}",
         (large.seconds / large.documents) / (small.seconds / small.documents), "≤ 1.3"),
    ]


def met(value: float | None, target: str) -> bool | None:
    """Whether a ratio meets its target ("≤ 3", "≥ 5"); None when unmeasured or only reported."""
    if value is None or not target or target[0] not in "≤≥":
        return None
    limit = float(target[1:].strip())
    return value <= limit if target.startswith("≤") else value >= limit


REFERENCE_SIZE = 2000
"""The issue's targets are stated at 2,000 documents (time per document and memory at 10,000)."""


def ratios(results: list[SizeResult], pandoc: dict[int, float | None]) -> list[Ratio]:
    complete = [r for r in results if "floor_markdown" in r.times]
    large = next((r for r in complete if r.documents == REFERENCE_SIZE), complete[-1])
    small, scale = results[0], results[-1]
    t = large.times

    def per_document(result: SizeResult, name: str) -> float | None:
        return result.times[name].seconds / result.documents if name in result.times else None

    def growth(name: str) -> float | None:
        first, last = per_document(small, name), per_document(scale, name)
        return last / first if first and last and scale is not small else None

    engines = {e["engine"]: e for e in large.pdf.get("engines", [])}  # type: ignore[attr-defined]
    typst_copy = engines.get("typst", {}).get("seconds_per_copy")
    weasy_copy = engines.get("weasyprint", {}).get("seconds_per_copy")
    docs_per_s = large.documents / t["docx"].seconds
    pandoc_seconds = pandoc.get(large.documents)
    pandoc_rate = 1 / pandoc_seconds if pandoc_seconds else None
    return [
        ("site_floor", f"site build / Python-Markdown floor ({large.documents} docs)",
         t["qmsdoc_site"].seconds / t["floor_markdown"].seconds, "≤ 3"),
        ("full_build_floor", f"full qmsdoc build / Python-Markdown floor ({large.documents} docs)",
         t["qmsdoc_build"].seconds / t["floor_markdown"].seconds, "≤ 6"),
        ("plugin_overhead", f"qmsdoc site / plain MkDocs + Material, same documents ({large.documents})",
         t["qmsdoc_site"].seconds / t["plain"].seconds, "≤ 1.0"),  # issue #32
        ("plugin_overhead_per_page", f"qmsdoc site / plain build, per published page ({large.documents})",
         (t["qmsdoc_site"].seconds / large.pages["qmsdoc_site"]) / (t["plain"].seconds / large.pages["plain"])
         if large.pages.get("qmsdoc_site") and large.pages.get("plain") else None, "(report)"),
        ("time_per_document", f"site time per document {scale.documents} / {small.documents}",
         growth("qmsdoc_site"), "≤ 1.3"),
        ("time_per_document_build", f"full build time per document {scale.documents} / {small.documents}",
         growth("qmsdoc_build"), "≤ 1.3"),
        ("check_floor", f"qmsdoc check / read + C-YAML floor ({large.documents})",
         t["check"].seconds / t["floor_yaml"].seconds, "≤ 3"),
        ("check_warm_cold", f"qmsdoc check warm (parse cache) / cold ({large.documents})",
         t["check_warm"].seconds / t["check_cold"].seconds, "(report)"),
        ("build_warm_cold", f"qmsdoc build again, nothing changed / first build ({large.documents})",
         t["qmsdoc_build_warm"].seconds / t["qmsdoc_build"].seconds if "qmsdoc_build_warm" in t else None,
         "(report)"),
        ("word_pandoc", f"Word export throughput / pandoc throughput ({large.documents})",
         docs_per_s / pandoc_rate if pandoc_rate else None, "≥ 5"),
        ("dirty_edit", f"one-edit rebuild: qmsdoc dirty / plain dirty ({large.documents})",
         t["dirty_qmsdoc"].seconds / t["dirty_plain"].seconds, "≤ 1.5"),
        ("dirty_edit_seconds", f"one-edit rebuild, seconds ({large.documents})", t["dirty_qmsdoc"].seconds, "≤ 2"),
        ("pdf_word_stage", f"PDF stage / Word stage of a cold build, same copy plan ({large.documents})",
         t["pdf_stage"].seconds / t["word_stage"].seconds if "pdf_stage" in t else None, "≤ 3"),
        ("pdf_warm_cold", f"PDF stage rebuilt with nothing changed / cold ({large.documents})",
         t["pdf_stage_warm"].seconds / t["pdf_stage"].seconds if "pdf_stage" in t else None, "≤ 0.05"),
        ("pdf_engine", f"WeasyPrint / Typst, time per copy, same copy jobs ({large.documents})",
         weasy_copy / typst_copy if weasy_copy and typst_copy else None, "≥ 5"),
        ("memory_site", f"peak memory: qmsdoc site / plain build ({scale.documents})",
         scale.times["qmsdoc_site"].peak_mb / scale.times["plain"].peak_mb, "≤ 1.5"),  # issue #32, at 10,000 documents
        ("memory_word", f"peak memory: Word export / plain build ({large.documents})",
         t["docx"].peak_mb / t["plain"].peak_mb if t["docx"].peak_mb else None, "(report)"),
        ("serve_edit_to_page", f"qmsdoc serve: edit to page, median of 10 saves ({large.documents})",
         t["serve_edit"].seconds if "serve_edit" in t else None, "≤ 1"),
        ("search_first_result_kb", f"search: KB downloaded for the first result of {SEARCH_QUERY}, cold "
         f"({large.documents})", _search(large, "qmsdoc_site", "bytes", 1 / 1024), "≤ 300"),
        ("search_first_result_kb_scale", f"search: KB downloaded for the first result of {SEARCH_QUERY}, cold "
         f"({scale.documents if scale is not large else 'the --full size: not run'})",
         _search(scale, "qmsdoc_site", "bytes", 1 / 1024) if scale is not large else None,
         "≤ 300"),
        ("search_bytes_vs_material", f"search: bytes for the first result, qmsdoc / Material's search "
         f"({large.documents})", _ratio(_search(large, "qmsdoc_site", "bytes"), _search(large, "plain", "bytes")),
         "(report)"),
        ("search_first_result_seconds", f"search: seconds to the first result in Chromium ({large.documents})",
         _search(large, "qmsdoc_site", "seconds"), "(report)"),
        ("search_first_result_seconds_material", f"search: seconds to the first result, Material's search "
         f"({large.documents})", _search(large, "plain", "seconds"), "(report)"),
    ]


def _figure(value: float | None) -> str:
    """Two decimals; two significant digits for a small ratio (qmsdoc / Material's search bytes, 0.0037)."""
    if value is None:
        return "n/a"
    return f"{value:.2f}" if value == 0 or abs(value) >= 0.1 else f"{value:.2g}"


def _search(result: SizeResult, label: str, what: str, scale: float = 1.0) -> float | None:
    value = result.search.get(label, {}).get(what)
    return float(value) * scale if isinstance(value, (int, float)) else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def render_table(results: list[SizeResult], pandoc: dict[int, float | None], rows: list[Ratio],
                 series: list[OneManual]) -> str:
    names = list(results[0].times)
    lines = ["| measurement | " + " | ".join(f"{r.documents} docs ({r.forms} forms)" for r in results) + " |",
             "| --- | " + " | ".join("---" for _ in results) + " |"]
    for name in names:
        cells = []
        for r in results:
            m = r.times.get(name)
            cells.append("—" if m is None else f"{m.seconds:.2f} s" + (f", {m.peak_mb:.0f} MB" if m.peak_mb else ""))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| pages published (plain / qmsdoc site) | " + " | ".join(
        f"{r.pages.get('plain', '—')} / {r.pages.get('qmsdoc_site', '—')}" for r in results) + " |")
    lines.append(f"| search: first result of {SEARCH_QUERY} (qmsdoc / Material), cold | " + " | ".join(
        " / ".join(_search_cell(r, label) for label in ("qmsdoc_site", "plain")) for r in results) + " |")
    lines.append("| pandoc per document | " + " | ".join(
        _ms(pandoc.get(r.documents)) for r in results) + " |")
    lines += pdf_table(results)
    if series:
        lines += ["", "| one manual | build | per page (median) | per page (max) | site |",
                  "| --- | --- | --- | --- | --- |"]
        lines += [f"| {m.documents} docs | {m.seconds:.1f} s | {m.page_bytes_median / 1024:.0f} KB | "
                  f"{m.page_bytes_max / 1024:.0f} KB | {m.site_bytes / 2**20:.0f} MB |" for m in series]
    lines += ["", "| ratio | measured | target | met |", "| --- | --- | --- | --- |"]
    verdict = {True: "yes", False: "**no**", None: "—"}
    lines += [f"| {name} | {_figure(value)} | {target} | {verdict[met(value, target)]} |"
              for _, name, value, target in rows]
    return "\n".join(lines)


def pdf_table(results: list[SizeResult]) -> list[str]:
    """The engine comparison: time per copy and fidelity (copies passing each check / copies)."""
    rows = []
    for r in results:
        for engine in r.pdf.get("engines", []):  # type: ignore[attr-defined]
            checks = ", ".join(f"{k} {v}/{engine['copies']}" for k, v in engine["fidelity"].items())
            per_copy, size = engine["seconds_per_copy"] * 1000, engine["mean_bytes"] / 1024
            rows.append(f"| {r.documents} docs | {engine['engine']} | {engine['copies']} | {per_copy:.0f} ms | "
                        f"{size:.0f} KB | {checks} |")
    if not rows:
        return []
    return ["", "| PDF engines | engine | copies | per copy | mean size | fidelity (copies passing) |",
            "| --- | --- | --- | --- | --- | --- |", *rows]


def _search_cell(result: SizeResult, label: str) -> str:
    found = result.search.get(label)
    if not found:
        return "—"
    return f"{float(found['bytes']) / 1024:,.0f} KB, {float(found['seconds']):.2f} s"  # type: ignore[arg-type]


def machine() -> str:
    return (f"{platform.node() or 'host'}: {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.platform()}")


def _commit() -> str | None:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).resolve().parent.parent,
                         capture_output=True, text=True)
    return out.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--full", action="store_true",
                        help="also 10,000 documents (plain build, qmsdoc site and full build only)")
    parser.add_argument("--scale-size", type=int, default=10_000, help=argparse.SUPPRESS)
    parser.add_argument("--scale-site-only", action="store_true",
                        help="at 10,000 documents measure the plain build and the qmsdoc site, not the full build")
    parser.add_argument("--pandoc-sample", type=int, default=60, help="documents converted by pandoc (0: skip)")
    parser.add_argument("--no-default-material", action="store_true", help="skip the slow default Material build")
    parser.add_argument("--pdf-sample", type=int, default=40,
                        help="documents (and half as many forms) in the PDF engine comparison (0: no PDF row)")
    parser.add_argument("--one-manual", type=int, nargs="*", default=[100, 1000],
                        help="documents in one manual for the page-size series (none: skip)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="cold builds of the plain and the qmsdoc site at each size, taking turns (the median)")
    parser.add_argument("--work", default="/tmp/qmsdoc-bench")
    parser.add_argument("--json", default="bench/results.json")
    args = parser.parse_args(argv)
    compiled_like_installed()
    sizes = sorted(set(args.sizes))
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results, pandoc = [], {}
    for size in sizes:
        print(f"measuring {size} documents …", file=sys.stderr, flush=True)
        result, per_doc = measure(size, work, pandoc_sample=args.pandoc_sample,
                                  default_material=not args.no_default_material, pdf_sample=args.pdf_sample,
                                  repeat=max(1, args.repeat))
        results.append(result)
        pandoc[size] = per_doc
    if args.full:
        print(f"measuring {args.scale_size} documents (scale point) …", file=sys.stderr, flush=True)
        results.append(measure_scale(args.scale_size, work, full_build=not args.scale_site_only))
    series = []
    for size in sorted(set(args.one_manual)):
        print(f"measuring one manual of {size} documents …", file=sys.stderr, flush=True)
        series.append(measure_one_manual(size, work))
    rows = ratios(results, pandoc) + one_manual_ratios(series)
    table = render_table(results, pandoc, rows, series)
    print(table)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps({
        "schema": 2,
        "machine": machine(),
        "commit": _commit(),
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "sizes": [{"documents": r.documents, "forms": r.forms, "pages": r.pages, "search": r.search,
                   "times": {k: vars(v) for k, v in r.times.items()}, "runs": r.runs, "pdf": r.pdf}
                  for r in results],
        "one_manual": [vars(m) for m in series],
        "pandoc_seconds_per_document": pandoc,
        "ratios": [{"key": k, "name": n, "value": v, "target": t, "met": met(v, t)} for k, n, v, t in rows],
        "table": table,
    }, ensure_ascii=False, indent=1), "utf-8")
    return 0
