"""Small defects found by audits, each with the case that makes it fire and the case that keeps it quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_history_shapes import DOC, commit, qmsdoc, start

from conftest import Project, restamped


@pytest.fixture
def small(tmp_path: Path) -> Project:
    """QM-01 A/0 released on 2025-01-10 and A/1 on 2025-03-01, each committed that day."""
    return start(tmp_path / "qms")


def _approve_again(project: Project, relative: str, old: str, new: str) -> None:
    """`relative` approved again at the same version over other words (QD191), committed."""
    project.write(relative, restamped(relative, project.read(relative).replace(old, new, 1)))
    commit(project.root, "approved again", "2025-05-01T10:00:00+08:00")


def test_the_versions_to_choose_from_name_each_version_once(small: Project, tmp_path: Path) -> None:
    """A/1 approved again over other words is a release of its own: a copy of a version that never was listed
    "可选：A/0、A/1、A/1"."""
    _approve_again(small, DOC, "第一版正文。", "第一版正文（改）。")
    code, _, err = qmsdoc(small, "copy", "QM-01", "--version", "Z/9", "--out", str(tmp_path / "z.docx"))
    assert code == 1 and "（可选：A/0、A/1）" in err, err


def test_the_versions_to_choose_from_of_a_whole_manual_name_each_once(small: Project, tmp_path: Path) -> None:
    index = "manuals/qm/index.md"
    body = small.read(index).split("---\n", 2)[2]
    _approve_again(small, index, body, body + "\n补充说明。\n")
    code, _, err = qmsdoc(small, "copy", "QM", "--version", "Z/9", "--out", str(tmp_path / "z.docx"))
    assert code == 1 and "Z/9" in err and err.count("A/0") == 1 and "A/0、A/0" not in err, err


def test_the_versions_to_choose_from_keep_each_distinct_version_in_order(small: Project, tmp_path: Path) -> None:
    code, _, err = qmsdoc(small, "copy", "QM-01", "--version", "Z/9", "--out", str(tmp_path / "z.docx"))
    assert code == 1 and "（可选：A/0、A/1）" in err, err
