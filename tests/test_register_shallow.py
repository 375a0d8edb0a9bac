"""`register --as-of` in a shallow clone: the commits that date each earlier version are missing, and the 修订记录
dates an entry by its approval, not by the day it took effect — A/1 approved 03-01 to take effect 03-15 would be
listed in force on 03-10, when A/0 was. A false "in force" is worse than no answer: the register refuses, coded,
as `copy --as-of` does, and names the full clone that can answer."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import first_released, on, release_later, run_cli, today_is

WAITING = "2025-03-10"  # A/1 approved on 03-01, in force only from 03-15: A/0 was in force


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = first_released(tmp_path_factory.mktemp("shallow"), "2025-01-02", "2025-01-10")
    with on("2025-03-01"):
        release_later(root, "QM-01", "2025-03-15")
    return root


def _register(root: Path, out: Path) -> tuple[int, str]:
    with today_is("2025-12-31"):
        done = run_cli("register", "--as-of", WAITING, "--format", "csv", "--out", str(out), cwd=root)
    return done.returncode, done.stdout + done.stderr


def test_a_shallow_clone_refuses_a_past_day_register_rather_than_guess(full: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", full.as_uri(), str(shallow)], check=True)
    out = tmp_path / "register.csv"
    code, said = _register(shallow, out)
    assert code == 2 and "QD320" in said and "浅克隆" in said and "完整克隆" in said, said
    assert not out.exists() and "Traceback" not in said, said


def test_a_full_history_answers_the_version_then_in_force(full: Path, tmp_path: Path) -> None:
    out = tmp_path / "register.csv"
    code, said = _register(full, out)
    assert code == 0, said
    row = next(line for line in out.read_text("utf-8-sig").splitlines() if line.startswith("QM-01,"))
    assert ",A/0,2025-01-10," in row, row
