"""A document's first life, before it is ever approved, told truthfully: a document in review asks for no 修订记录 it
cannot have yet, and with publish_drafts its page offers a draft copy, never a 受控副本, and its version history
says it was never released — not that git lost it, nor that its version is the current one."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.i18n import t, using
from qmsdoc.core.versions import latest_label

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


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_a_published_drafts_page_and_history_never_call_it_controlled_or_current(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    root = _project(tmp_path, language)
    config = root / "qmsdoc.yml"
    config.write_text(config.read_text("utf-8").replace("publish_drafts: false", "publish_drafts: true"), "utf-8")
    _ok("build", "--strict", "--only", "site,word", cwd=root)
    site = root / "build" / "site"

    def shown(uri: str) -> str:
        return (site / uri / "index.html").read_text("utf-8")

    with using(language):
        draft, released = shown("qm/QM-02"), shown("qm/QM-01")
        assert t("page.download.draft", format="Word") in draft
        assert t("page.download.copy", format="Word") not in draft
        assert t("page.download.copy", format="Word") in released  # the released one's copy is controlled
        assert t("page.download.draft", format="Word") not in released

        history, kept = shown("history/QM-02"), shown("history/QM-01")
        status = t("status.draft")
        assert t("history.back_unapproved", id="QM-02", version="A/0", status=status) in history
        assert t("history.unreleased_text") in history and t("history.no_git_text") not in history
        assert t("history.back", id="QM-02", version="A/0") not in history
        assert t("history.back", id="QM-01", version="A/0") in kept
        assert t("history.unreleased_text") not in kept and t("history.current") in kept

        # the register lists the draft, but does not count it among the controlled documents and forms
        register = shown("register")
        assert t("page.register.count", count=3) in register  # the manual QM, QM-01 and QM-01-F01
        assert t("page.register.unapproved", count=1) in register

        corpus = check(load_config(root)).corpus
        assert latest_label(corpus.documents["QM-02"]) == t("history.unapproved_latest", status=status)
        assert latest_label(corpus.documents["QM-01"]) == t("history.current")


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_a_first_release_ahead_of_its_day_says_no_version_is_in_force_until_then(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    root = _project(tmp_path, language)
    draft = root / "manuals" / "qm" / "QM-02.md"
    draft.write_text(draft.read_text("utf-8").replace(PLACEHOLDER[language], "Text."), "utf-8")
    commit(root, "written")
    said = _ok("release", "QM-02", "--by", APPROVER[language], "--reviewed-by", "QA", "--change", "First issue",
               "--effective", "2026-12-20", cwd=root)
    with using(language):
        assert t("act.release.effective_from_first", date="2026-12-20") in said
        assert t("act.release.effective_from", date="2026-12-20") not in said  # there was no version before
    commit(root, "QM-02 A/0")
    _ok("revise", "QM-02", "--by", "QA", cwd=root)
    revision = root / "revisions" / "manuals" / "qm" / "QM-02.md"
    revision.write_text(revision.read_text("utf-8").replace("Text.", "More text.", 1), "utf-8")
    commit(root, "revised")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-21")
    said = _ok("release", "QM-02", "--by", APPROVER[language], "--reviewed-by", "QA", "--change", "Second",
               "--effective", "2026-12-30", cwd=root)
    with using(language):  # a later release ahead of its day: A/0 stays in force until then
        assert t("act.release.effective_from", date="2026-12-30") in said
        assert t("act.release.effective_from_first", date="2026-12-30") not in said
