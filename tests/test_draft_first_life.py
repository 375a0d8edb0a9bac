"""A document's first life, before it is ever approved, told truthfully: a document in review asks for no 修订记录 it
cannot have yet, and with publish_drafts its page offers a draft copy, never a 受控副本, and its version history
says it was never released — not that git lost it, nor that its version is the current one."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.core import check, load_config

from conftest import commit, git, run_cli

APPROVER = {"zh-CN": "总经理", "en": "Managing Director"}
PLACEHOLDER = {"zh-CN": "（待编写）", "en": "(to be written)"}


def _ok(*args: str, cwd: Path) -> str:
    run = run_cli(*args, cwd=cwd)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def _project(tmp_path: Path, language: str) -> Path:
    """init's project: QM, QM-01-F01 and QM-01 released, and a new procedure QM-02 drafted; all committed."""
    root = tmp_path / "qms"
    _ok("init", str(root), "--language", language, cwd=tmp_path)
    procedure = root / "manuals" / "qm" / "QM-01.md"
    procedure.write_text(procedure.read_text("utf-8").replace(PLACEHOLDER[language], "Text."), "utf-8")
    git(root, "init", "-q")
    commit(root, "init")
    by, change = APPROVER[language], "First issue"
    _ok("release", "QM", "--by", by, "--change", change, cwd=root)
    _ok("release", "QM-01-F01", "--by", by, "--change", change, cwd=root)
    _ok("release", "QM-01", "--by", by, "--reviewed-by", "QA", "--change", change, cwd=root)
    _ok("new", "--manual", "QM", "--title", "Internal Audit", "--department", "QA", "--by", "QA", cwd=root)
    commit(root, "released, and a new draft")
    return root


def _findings(root: Path, code: str) -> list[str]:
    return [f.path for f in check(load_config(root)).findings if f.code == code]


def test_a_document_in_review_is_not_asked_for_a_revision_history_before_its_release(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    root = _project(tmp_path, "zh-CN")
    draft = root / "manuals" / "qm" / "QM-02.md"
    text = draft.read_text("utf-8").replace("（待编写）", "内容。")
    draft.write_text(text.replace("status: draft", "status: review"), "utf-8")
    assert _findings(root, "QD111") == []  # its first 修订记录 entry is what its release writes
    # a document claiming approval without one is still asked for it
    draft.write_text(text.replace("status: draft", "status: approved"), "utf-8")
    assert _findings(root, "QD111") == ["manuals/qm/QM-02.md"]
