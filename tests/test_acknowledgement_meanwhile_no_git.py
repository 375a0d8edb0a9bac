"""Without git history (a project folder that is no git repository, a shallow clone) the version still in force beside
one waiting for its effective date cannot be read back (training.in_force_meanwhile): `acknowledgements` says so, in
the words of the check's note on missing history, and never answers as if that version had no assignment — nor calls
its departments 未确认 from today's list."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import on, run_cli, successor_waits

DRAFTED, FIRST, APPROVED, LATE, EFFECTIVE = "2025-01-02", "2025-01-10", "2025-03-01", "2025-03-10", "2025-04-01"
UNKNOWN = "现行版本 A/0（2025-04-01 前仍为现行）的学习确认要求与记录从 git 历史读出，此处无法重建："


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM-01 (客服部 to read it) released A/0 on FIRST; A/1 approved on APPROVED to take effect on EFFECTIVE."""
    folder = tmp_path_factory.mktemp("meanwhile-no-git")
    return successor_waits(folder, (DRAFTED, FIRST, APPROVED, EFFECTIVE))


def _without_git(root: Path, tmp_path: Path, how: str) -> Path:
    copy = tmp_path / how
    if how == "plain":
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git"))
    else:
        subprocess.run(["git", "clone", "-q", "--depth", "1", root.as_uri(), str(copy)], check=True)
    return copy


def _said(root: Path, *words: str) -> str:
    with on(LATE):
        done = run_cli(*words, cwd=root)
    assert done.returncode == 0, done
    return done.stdout + done.stderr


@pytest.mark.parametrize("how", ["plain", "shallow"])
def test_without_history_the_version_in_force_is_said_unknown(root: Path, tmp_path: Path, how: str) -> None:
    copy = _without_git(root, tmp_path, how)
    note = "未找到 git 仓库" if how == "plain" else "git 仓库是浅克隆"
    said = _said(copy, "acknowledgements", "QM-01")
    assert UNKNOWN + note in said, said
    assert "本版本需 客服部 学习确认：0/1 已确认" in said, said  # A/1's own assignments, read from the file
    asked = _said(copy, "acknowledgements", "QM-01", "--version", "A/0")
    assert UNKNOWN + note in asked and "未确认" not in asked, asked


def test_with_history_the_version_in_force_is_answered(root: Path) -> None:
    said = _said(root, "acknowledgements", "QM-01")
    assert "无法重建" not in said and "现行版本 A/0 需 客服部 学习确认：0/1 已确认，1 个部门逾期" in said, said
    asked = _said(root, "acknowledgements", "QM-01", "--version", "A/0")
    assert "无法重建" not in asked and "客服部：逾期" in asked, asked
