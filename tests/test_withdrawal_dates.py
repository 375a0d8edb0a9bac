"""A withdrawal (`qmsdoc obsolete`) is numbered as a version but was never in force: every output that shows a
withdrawn document's effective date says which version that date belongs to, and only there."""

from __future__ import annotations

import datetime as dt
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


def _history_page(root: Path, code: str) -> str:
    from qmsdoc.core.approval import load_history
    from qmsdoc.core.render import CorpusRenderer
    from qmsdoc.site.history import HistoryIndex

    corpus = check(load_config(root)).corpus
    document = corpus.documents[code]
    index = HistoryIndex([document], load_history(root, corpus))
    return index.page(document, CorpusRenderer(corpus), "back", lambda v: v)


def _release_rows(page: str) -> dict[str, str]:
    """Each row of the history table, by its version (the first cell), as the row's HTML."""
    import re

    return {m.group(1): m.group(0) for m in re.finditer(r'<tr><td data-label="[^"]*">([^<]*)</td>.*?</tr>', page)}


def test_a_withdrawal_is_not_in_force_from_the_date_of_the_version_it_withdrew(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The history page of a withdrawn document said of the withdrawal record "in force from 2026-03-01", the
    effective date of the version it withdrew: false (a withdrawal is never in force) and before its own date."""
    from qmsdoc.core.approval import load_history
    from qmsdoc.core.versions import releases

    from conftest import commit

    _withdrawn(repo, monkeypatch)
    commit(repo.root, "withdraw QP-03-03")
    corpus = check(load_config(repo.root)).corpus
    document = corpus.documents["QP-03-03"]
    found = releases("document", document.path, load_history(repo.root, corpus).versions[document.path])
    assert [r.status.is_obsolete for r in found] == [False, True]
    assert found[0].in_force_from == document.effective_date  # the version withdrawn: from its effective date
    assert found[1].in_force_from is None
    rows = _release_rows(_history_page(repo.root, "QP-03-03"))
    withdrew, withdrawal = rows[str(found[0].version)], rows[str(document.version)]
    assert "2026-11-20" in withdrawal and "2026-03-01" not in withdrawal
    assert "2026-03-01" in withdrew  # the version withdrawn keeps "in force from" its effective date


def test_a_version_git_never_saw_is_in_force_from_the_effective_date_recorded_for_it(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A document withdrawn before git (QM-08 of the English example): `register --as-of` had its last version in
    force from its approval (2026-02-25) though the register, the page and the copies give its effective date
    (2026-03-01, "version A/0"); the history page's row of that version did not say when it came into force."""
    from qmsdoc.core.approval import load_history
    from qmsdoc.records.asof import register_as_of

    from conftest import commit, git

    _withdrawn(project, monkeypatch)
    git(project.root, "init", "-q")
    commit(project.root, "withdrawn before git")
    corpus = check(load_config(project.root)).corpus
    document = corpus.documents["QP-03-03"]
    history = load_history(project.root, corpus)
    assert document.withdrew == "A/0" and str(document.effective_date) == "2026-03-01"
    approved_only = register_as_of(corpus, history, dt.date(2026, 2, 27))
    assert "QP-03-03" not in [row[0] for row in approved_only.rows]
    assert "QP-03-03" in [row[0] for row in approved_only.left_out]
    effective = register_as_of(corpus, history, dt.date(2026, 3, 1))
    row = next(row for row in effective.rows if row[0] == "QP-03-03")
    assert row[3:5] == ["A/0", "2026-03-01"]
    rows = _release_rows(_history_page(project.root, "QP-03-03"))
    assert "2026-03-01" in rows["A/0"] and "2026-03-01" not in rows[str(document.version)]


def test_an_effective_version_approved_and_in_force_the_same_day_has_no_second_date(project: Project) -> None:
    """The quiet case: a version git never saw (no git here) whose effective date is its approval date shows that
    date once, and is in force from it."""
    from qmsdoc.core.approval import load_history
    from qmsdoc.records.asof import register_as_of

    project.revise("manuals/qp-service/QP-03-03.md", "effective_date: 2026-03-01", "effective_date: 2026-02-25")
    corpus = check(load_config(project.root)).corpus
    history = load_history(project.root, corpus)
    row = next(r for r in register_as_of(corpus, history, dt.date(2026, 2, 25)).rows if r[0] == "QP-03-03")
    assert row[3:5] == ["A/0", "2026-02-25"]
    assert _release_rows(_history_page(project.root, "QP-03-03"))["A/0"].count("2026-02-25<") == 1
