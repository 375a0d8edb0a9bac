"""A reading of a version already replaced (named with --version, or a withdrawn document's last version) counts
toward a department only if that version named it while it was in force: one added for the next version never had
to read this one. `acknowledge` checked the row against today's file and recorded it, while `acknowledgements
--version` of that version listed no such department — a line no answer counts, confirmed as recorded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import commit, first_released, git, name_readers, on, release_later, run_cli


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM-01 A/0 released 2025-01-10, 客服部 named to read it on 2025-01-11; A/1 in force from 2025-02-01; 品质部
    named beside 客服部 on 2025-03-01, for A/1 only."""
    made = first_released(tmp_path_factory.mktemp("replaced-department"), "2025-01-02", "2025-01-10")
    with on("2025-01-11"):
        name_readers(made, "客服部")
        commit(made, "客服部 to read the manual")
    with on("2025-02-01"):
        release_later(made, "QM-01", None)
    with on("2025-03-01"):
        name_readers(made, "客服部, 品质部")
        commit(made, "品质部 to read the manual too")
    return made


def _acknowledge_a0(root: Path, tmp_path: Path, department: str) -> tuple[int, str, str]:
    copy = tmp_path / "qms"
    shutil.copytree(root, copy)
    with on("2025-03-10"):
        done = run_cli("acknowledge", "QM-01", "--by", "王五", "--department", department, "--version", "A/0",
                       "--date", "2025-01-20", cwd=copy)
    register = copy / "acknowledgements.yaml"
    return done.returncode, done.stdout + done.stderr, register.read_text("utf-8") if register.exists() else ""


def test_a_department_named_only_for_the_next_version_is_refused_for_the_earlier_one(root: Path,
                                                                                   tmp_path: Path) -> None:
    code, said, register = _acknowledge_a0(root, tmp_path, "品质部")
    assert code == 1 and "QD220" in said and "王五" not in register, said
    assert "QM-01 版本 A/0 不要求 品质部 学习确认（应确认的部门：客服部）" in said, said


def test_a_department_named_for_the_earlier_version_is_recorded_for_it(root: Path, tmp_path: Path) -> None:
    code, said, register = _acknowledge_a0(root, tmp_path, "客服部")
    assert code == 0 and "QD220" not in said and "王五" in register and "A/0" in register, said


def test_a_version_released_before_git_is_read_by_the_files_departments(root: Path, tmp_path: Path) -> None:
    """The project came to git at A/1: git cannot say who had to read A/0, so a sign-in sheet of A/0 typed up now
    is checked against the file's list (as `acknowledgements --version A/0` lists it), not refused as read by
    nobody."""
    copy = tmp_path / "qms"
    shutil.copytree(root, copy)
    shutil.rmtree(copy / ".git")
    git(copy, "init", "-q")
    with on("2025-03-05"):
        commit(copy, "The quality system, as it stands, comes to git")
    with on("2025-03-10"):
        done = run_cli("acknowledge", "QM-01", "--by", "王五", "--department", "品质部", "--version", "A/0",
                       "--date", "2025-01-20", cwd=copy)
    assert done.returncode == 0 and "QD220" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert "A/0" in (copy / "acknowledgements.yaml").read_text("utf-8")
