"""A document's file renamed in place (git mv in its own folder, its number and content the same, committed) is the
same controlled document: its earlier versions are still its own, read from the commits that released them at the
old name, and no rule calls the rename a change. A real edit after the rename is still caught at the new name."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_history_shapes import as_of, commit, commit_of, git, qmsdoc, start

from conftest import Project

OLD, NEW = "manuals/qm/QM-01.md", "manuals/qm/qm-01.md"  # the number QM-01 either way (QD103 reads it so)


@pytest.fixture
def renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("QMSDOC_TODAY", "2025-06-01")
    project = start(tmp_path / "qms")
    git(project.root, "mv", OLD, NEW)
    commit(project.root, "rename", "2025-04-01T10:00:00+08:00")
    return project


def test_a_file_renamed_in_place_keeps_its_history_and_draws_no_finding(renamed: Project, tmp_path: Path) -> None:
    code, out, err = qmsdoc(renamed, "check")
    assert code == 0 and "0 个错误，0 个警告" in out, out + err
    row = as_of(renamed, "2025-02-01", tmp_path)["QM-01"]
    assert row[3:6] == ["A/0", "2025-01-10", "总经理 2025-01-10"] and commit_of(renamed, "A/0") in row[7]
    code, out, err = qmsdoc(renamed, "copy", "QM-01", "--version", "A/0", "--out", str(tmp_path / "a0.docx"))
    assert code == 0 and "A/1" in out, out + err  # the earlier version, superseded by A/1


def test_an_unapproved_edit_after_the_rename_is_still_caught(renamed: Project) -> None:
    renamed.replace(NEW, "第一版正文。", "改过的正文。")
    commit(renamed.root, "edit", "2025-04-02T10:00:00+08:00")
    code, out, _ = qmsdoc(renamed, "check")
    assert code == 1 and f"{NEW}:{renamed.line_of(NEW, '改过的正文。')}: error QD190" in out
