"""A reading recorded for a department before it was named in `acknowledge:` for the version read is one policy,
whether that version is today's or an earlier one as committed then: recorded (a reading done is a fact; refusing it
loses the evidence), and the confirmation says when the department was named and that the reading counts from then —
as `acknowledgements` counts it. A department never named for the version read is still refused (QD220)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import commit, first_released, name_readers, on, release_later, run_cli

DRAFTED, FIRST, READ, NAMED, APPROVED, EFFECTIVE = (
    "2025-01-02", "2025-01-10", "2025-01-20", "2025-02-01", "2025-03-01", "2025-04-01")


def _built(folder: Path, waiting: bool) -> Path:
    """QM-01 released A/0 on FIRST with nobody to read it; its manual names 客服部 on NAMED; `waiting`: A/1 approved
    on APPROVED to take effect on EFFECTIVE (a reading dated READ is then of A/0 as committed that day)."""
    root = first_released(folder, DRAFTED, FIRST)
    with on(NAMED):
        name_readers(root, "客服部")
        commit(root, "客服部 to read the manual")
    if waiting:
        with on(APPROVED):
            release_later(root, "QM-01", EFFECTIVE)
    return root


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    return {waiting: _built(tmp_path_factory.mktemp(f"before-named-{waiting}"), waiting) for waiting in (False, True)}


def _acknowledge(root: Path, tmp_path: Path, department: str) -> tuple[int, str, str]:
    copy = tmp_path / "qms"
    shutil.copytree(root, copy)
    with on("2025-03-10"):
        done = run_cli("acknowledge", "QM-01", "--by", "王五", "--department", department, "--date", READ, cwd=copy)
    register = copy / "acknowledgements.yaml"
    return done.returncode, done.stdout + done.stderr, register.read_text("utf-8") if register.exists() else ""


@pytest.mark.parametrize("waiting", [False, True], ids=["same version", "earlier version"])
def test_a_reading_before_the_department_was_named_is_recorded_and_said_when_it_counts_from(
        projects: dict[bool, Path], tmp_path: Path, waiting: bool) -> None:
    code, said, register = _acknowledge(projects[waiting], tmp_path, "客服部")
    assert code == 0 and "QD220" not in said, said
    assert "王五" in register, register
    assert ("王五（客服部）2025-01-20 学习时，客服部 尚未列入 QM-01 版本 A/0 的 acknowledge（要求学习的部门），"
            "2025-02-01 才列入：已如实登记，计入 客服部 自 2025-02-01 起的学习确认") in said, said
    assert "不计入" not in said, said


@pytest.mark.parametrize("waiting", [False, True], ids=["same version", "earlier version"])
def test_the_answer_counts_the_reading_as_the_confirmation_said(projects: dict[bool, Path], tmp_path: Path,
                                                                waiting: bool) -> None:
    _acknowledge(projects[waiting], tmp_path, "客服部")
    with on("2025-03-10"):
        said = run_cli("acknowledgements", "QM-01", "--version", "A/0", cwd=tmp_path / "qms")
    assert "客服部：已确认" in said.stdout and "王五" in said.stdout, said


@pytest.mark.parametrize("waiting", [False, True], ids=["same version", "earlier version"])
def test_a_department_no_list_names_is_still_refused(projects: dict[bool, Path], tmp_path: Path,
                                                     waiting: bool) -> None:
    code, said, register = _acknowledge(projects[waiting], tmp_path, "品质部")
    assert code != 0 and "QD220" in said and "王五" not in register, said


def test_a_reading_after_it_was_named_says_nothing_of_it(projects: dict[bool, Path], tmp_path: Path) -> None:
    copy = tmp_path / "qms"
    shutil.copytree(projects[False], copy)
    with on("2025-03-10"):
        done = run_cli("acknowledge", "QM-01", "--by", "王五", "--department", "客服部", "--date", "2025-02-05",
                       cwd=copy)
    assert done.returncode == 0 and "尚未被要求" not in done.stdout + done.stderr, done
