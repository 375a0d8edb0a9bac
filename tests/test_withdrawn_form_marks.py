"""A blank form withdrawn with its owner was 作废 on its page (banner, control block, register) but not in its heading,
its browser tab or its search result, as a withdrawn document's page is (「…（作废）」, ranked lower): a reader
choosing among search results or tabs took it for a form in use (site/site_model.py, site/pages.py `form_page`)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.search.index import read_file
from qmsdoc.site import pages

from conftest import Project, commit, run_cli
from sitebuild import page

DAY = "2026-12-05"
OWNER, FORM, KEPT = "QP-02-03", "QP-02-03-F001", "QP-02-01-F001"  # KEPT: its owner QP-02-01 stays in force


@pytest.fixture
def withdrawn(repo: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("QMSDOC_TODAY", DAY)
    done = run_cli("obsolete", OWNER, "--no-successor", "--by", "总经理", "--reason", "外包", cwd=repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    commit(repo.root, f"{OWNER} 作废")
    return repo


def test_a_form_withdrawn_with_its_owner_is_marked_in_its_heading(withdrawn: Project) -> None:
    corpus = check(load_config(withdrawn.root)).corpus
    shown = pages.form_page(corpus.forms[FORM], corpus.documents[OWNER], [], pages.Copies())
    assert re.search(r'<h1 class="qms-title"[^>]*>[^<]*（作废）</h1>', shown), shown[:300]
    kept = pages.form_page(corpus.forms[KEPT], corpus.documents["QP-02-01"], [], pages.Copies())
    assert "（作废）" not in kept  # quiet: its owner in force


def test_its_browser_tab_and_search_result_say_so(withdrawn: Project) -> None:
    built = run_cli("build", "--only", "site,records", cwd=withdrawn.root)
    assert built.returncode == 0, built.stdout + built.stderr
    title = re.compile(r"<title>(.*?)</title>")
    gone = title.search(page(withdrawn.root, f"forms/{FORM}"))
    kept = title.search(page(withdrawn.root, f"forms/{KEPT}"))
    assert gone and "（作废）" in gone.group(1), gone
    assert kept and "作废" not in kept.group(1), kept
    found = _search_records(withdrawn)
    assert "（作废）" in found[f"forms/{FORM}/"]["title"] and found[f"forms/{FORM}/"]["boost"] < 1, found
    assert "作废" not in found[f"forms/{KEPT}/"]["title"] and found[f"forms/{KEPT}/"]["boost"] == 1


def _search_records(project: Project) -> dict[str, dict[str, Any]]:
    """The search index's page records (site/search/p/*.js), by url."""
    records: dict[str, dict[str, Any]] = {}
    site = project.root / "build" / "site"
    parts = sorted((site / "search" / "p").glob("*.js"))
    assert parts, "no page records in the search index"
    for part in parts:
        for line in read_file(site, f"p/{part.name}").decode("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records[record["url"]] = record
    return records
