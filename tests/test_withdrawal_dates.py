"""A withdrawal (`qmsdoc obsolete`) is numbered as a version but was never in force: every output that shows a
withdrawn document's effective date says which version that date belongs to, and only there."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.copyjobs import document_job
from qmsdoc.records.register import register_rows
from qmsdoc.site import pages

from conftest import Project, run_cli


def _withdrawn(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", "2026-11-20")
    result = run_cli("obsolete", "QP-03-03", "--superseded-by", "QP-03-04", cwd=project.root)
    assert result.returncode == 0, result.stderr


def test_a_withdrawn_documents_effective_date_names_the_version_it_belongs_to(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    before = check(load_config(project.root)).corpus.documents["QP-03-03"]
    was, since = str(before.version), before.effective_date
    _withdrawn(project, monkeypatch)
    document = check(load_config(project.root)).corpus.documents["QP-03-03"]
    assert str(document.version) != was and document.effective_date == since  # the withdrawal kept the date
    shown = f"{since}（{was} 版）"
    row = next(r for r in register_rows(check(load_config(project.root)).corpus, project.root, Path("none"))
               if r[0] == "QP-03-03")
    assert row[3] == str(document.version) and row[6] == shown
    assert document_job(document, "", "org").effective_date == shown
    block = pages.control_block(document, pages.Copies())
    assert f"（{was} 版）" in block


def test_an_effective_documents_date_stands_alone(project: Project) -> None:
    corpus = check(load_config(project.root)).corpus
    document = corpus.documents["QP-03-04"]
    assert document.withdrew is None and document.effective_note == ""
    row = next(r for r in register_rows(corpus, project.root, Path("none")) if r[0] == "QP-03-04")
    assert row[6] == str(document.effective_date)
    assert "版）" not in pages.control_block(document, pages.Copies())
