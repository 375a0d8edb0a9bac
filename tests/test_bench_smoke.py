"""The benchmark code keeps working: generator and runner at a tiny size. No timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.corpus import generate
from qmsdoc.core import check, load_config

from conftest import REPO


def test_generated_corpus_is_a_valid_qms(tmp_path: Path) -> None:
    stats = generate(tmp_path / "corpus", 250)
    result = check(load_config(tmp_path / "corpus"))
    assert result.findings == [], [f.format() for f in result.findings][:5]
    assert stats == {"documents": 250, "manuals": 2, "forms": len(result.corpus.forms)}
    statuses = [d.status for d in result.corpus.documents.values()]
    assert "obsolete" in statuses and "draft" in statuses
    assert sum(len(result.context.structure(d).references) for d in result.corpus.documents.values()) > 500


def test_runner_end_to_end_at_tiny_size(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = subprocess.run([sys.executable, "-m", "bench", "--sizes", "6", "10", "--pandoc-sample", "2",
                             "--one-manual", "8", "12", "--full", "--scale-size", "14", "--pdf-sample", "2",
                             "--repeat", "2", "--work", str(tmp_path / "work"), "--json", str(out)],
                            cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads(out.read_text("utf-8"))
    assert [s["documents"] for s in data["sizes"]] == [6, 10, 14]
    # The scale point measures time per document and memory only: plain build, qmsdoc site, full build.
    assert set(data["sizes"][2]["times"]) == {"plain", "qmsdoc_site", "qmsdoc_build"}
    by_key = {r["key"]: r for r in data["ratios"]}
    assert "14 / 6" in by_key["time_per_document_build"]["name"] and by_key["time_per_document_build"]["value"] > 0
    # The qmsdoc site publishes more pages than the plain build (forms, history, registers), counted in the build.
    assert all(0 < s["pages"]["plain"] < s["pages"]["qmsdoc_site"] for s in data["sizes"])
    assert by_key["plugin_overhead_per_page"]["value"] > 0
    assert "(14)" in by_key["memory_site"]["name"] and "(10 docs)" in by_key["site_floor"]["name"]
    names = {r["name"].split(" (")[0] for r in data["ratios"]}
    assert any(n.startswith("site build / Python-Markdown floor") for n in names)
    assert all(r["value"] is None or r["value"] > 0 for r in data["ratios"])
    measured = set(data["sizes"][0]["times"])
    # Both site builds twice, taking turns, cold each time: the row is one of the runs (the median, low).
    for label in ("plain", "qmsdoc_site"):
        runs = data["sizes"][0]["runs"][label]
        assert len(runs) == 2 and round(data["sizes"][0]["times"][label]["seconds"], 2) == min(runs)
    assert {"default_material", "plain", "qmsdoc_site", "qmsdoc_build", "floor_markdown", "floor_yaml", "check",
            "docx", "dirty_plain", "dirty_qmsdoc"} <= measured
    assert "| ratio | measured | target | met |" in result.stdout
    assert data["schema"] == 2 and [m["documents"] for m in data["one_manual"]] == [8, 12]
    for series in data["one_manual"]:
        assert 0 < series["pages"] <= series["documents"]
        assert 1000 < series["page_bytes_median"] <= series["page_bytes_max"] < series["site_bytes"]
    keys = {r["key"] for r in data["ratios"]}
    assert {"site_floor", "full_build_floor", "check_warm_cold", "one_manual_page_bytes"} <= keys
    assert all(r["met"] in (True, False, None) for r in data["ratios"])
    assert {"check_cold", "check_warm"} <= measured
    # The PDF row: both stages of the same plan, the warm rebuild, and the engines on the same sampled jobs.
    assert {"word_stage", "pdf_stage", "pdf_stage_warm", "pdf_sample_typst"} <= measured
    pdf = data["sizes"][0]["pdf"]
    typst_run = next(e for e in pdf["engines"] if e["engine"] == "typst")
    assert typst_run["copies"] == 3 and all(v == 3 for v in typst_run["fidelity"].values()), typst_run
    assert by_key["pdf_word_stage"]["target"] == "≤ 3" and by_key["pdf_word_stage"]["value"] > 0
    assert "| PDF engines |" in result.stdout
    # The search row: what Chromium fetched for the first result on each site, and the query found a document.
    for size in data["sizes"]:
        for label in ("qmsdoc_site", "plain"):
            found = size["search"][label]
            assert found["bytes"] > 0 and found["seconds"] > 0 and found["first"], (label, found)
    assert by_key["search_first_result_kb"]["value"] > 0 and by_key["search_first_result_kb"]["target"] == "≤ 300"
