"""`qmsdoc issue` while an approved version waits for its effective date speaks of the copies it issued in their
number: one copy of the version in force was "These copies are of A/0 … recall them then" in English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, commit, git, run_cli

EXAMPLE = REPO / "examples" / "en-quality-manual"


@pytest.fixture
def waiting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The English example with QM-05 A/1 approved on 2026-12-06 to take effect on 2026-12-20 (today 2026-12-06)."""
    root = tmp_path / "en"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "issued"))
    git(root, "init", "-q")
    commit(root, "English example")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-06")
    assert run_cli("revise", "QM-05", "--by", "Quality Manager", cwd=root).returncode == 0
    draft = root / "revisions" / "manuals" / "qm" / "QM-05.md"
    draft.write_text(draft.read_text("utf-8") + "\nCustomer complaints are handled the same way.\n", "utf-8")
    commit(root, "QM-05 revised")
    released = run_cli("release", "QM-05", "--by", "Managing Director", "--reviewed-by", "Operations Director",
                       "--change", "Complaints included", "--effective", "2026-12-20", cwd=root)
    assert released.returncode == 0, released.stdout + released.stderr
    commit(root, "Release QM-05 A/1")
    return root


def _note(root: Path, *words: str) -> str:
    """What `issue` says after its record line: the note about the version waiting."""
    issued = run_cli("issue", "QM-05", "--to", "Production", *words, cwd=root)
    assert issued.returncode == 0, issued.stdout + issued.stderr
    lines = issued.stdout.strip().splitlines()
    assert "2026-12-20" in lines[-1], lines  # the last line is the note on the waiting version
    return lines[-1]


@pytest.mark.parametrize("words", [("--in-force",), ()], ids=["version in force", "approved version"])
def test_one_copy_issued_while_a_version_waits_is_spoken_of_as_one(waiting: Path, words: tuple[str, ...]) -> None:
    note = _note(waiting, *words)
    if words:  # the whole note is about the copies issued
        assert not {"These", "copies", "them"} & set(note.replace(";", " ").replace("(", " ").split()), note
    else:  # only its "(the copies say so)" is; the advice to issue other copies stays plural
        assert "the copies say" not in note, note


def test_two_copies_issued_while_a_version_waits_are_spoken_of_as_two(waiting: Path) -> None:
    note = _note(waiting, "--in-force", "--copies", "2")
    assert "copies" in note.split() and "them" in note.split(), note
