"""In-process measurements, run in a fresh interpreter by the runner: python -m bench.floor KIND DIR."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _sources(root: Path) -> list[Path]:
    return sorted(p for p in (root / "manuals").rglob("*.md") if p.name != "index.md")


def markdown_floor(root: Path) -> float:
    import markdown

    md = markdown.Markdown(extensions=["tables", "toc", "sane_lists", "admonition"])
    started = time.perf_counter()
    for path in _sources(root):
        text = path.read_text("utf-8")
        md.reset().convert(text.split("\n---\n", 1)[-1])
    return time.perf_counter() - started


def yaml_floor(root: Path) -> float:
    import yaml

    started = time.perf_counter()
    for path in [*_sources(root), *sorted((root / "controlled_forms").glob("*.yaml"))]:
        text = path.read_text("utf-8")
        front = text.split("\n---\n", 1)[0].removeprefix("---\n") if path.suffix == ".md" else text
        yaml.load(front, Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def check_time(root: Path) -> float:
    from qmsdoc.core import check, load_config

    started = time.perf_counter()
    result = check(load_config(root))
    elapsed = time.perf_counter() - started
    assert result.ok, [f.format() for f in result.findings][:5]
    return elapsed


def docx_time(root: Path) -> float:
    from qmsdoc.core import check, load_config
    from qmsdoc.core.render import CorpusRenderer
    from qmsdoc.word.export import plan_export, write_files

    started = time.perf_counter()
    result = check(load_config(root))
    plan = plan_export(result, CorpusRenderer(result.corpus), "基准")
    plan.forms, plan.manuals = [], []  # documents only: the same set pandoc converts
    write_files(plan, root / "bench-docx")
    return time.perf_counter() - started


KINDS = {"markdown": markdown_floor, "yaml": yaml_floor, "check": check_time, "docx": docx_time}

if __name__ == "__main__":
    kind, folder = sys.argv[1], Path(sys.argv[2])
    print(json.dumps({"seconds": KINDS[kind](folder)}))
