"""`qmsdoc register --as-of DAY --copies`: who held numbered copies on a past day and whether they were current
then — distribution.yaml as that day held it, judged by the register of that day (`register_as_of`)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from qmsdoc.records.register import TEXT_GUARD

from conftest import commit, first_released, on, release_later, run_cli

DRAFTED, FIRST, RETURNED, APPROVED, EFFECTIVE, AUDITED = (
    "2025-01-02", "2025-01-10", "2025-02-01", "2025-03-01", "2025-03-10", "2025-12-31")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM-01 A/0 released on FIRST, copies 001 (客服部) and 002 (品质部) issued that day and a whole-manual copy of QM;
    002 returned on RETURNED; A/1 approved on APPROVED to take effect on EFFECTIVE; 001 never recalled."""
    folder = tmp_path_factory.mktemp("copies")
    root = first_released(folder, DRAFTED, FIRST)
    with on(FIRST):  # (the day of the first releases)
        assert run_cli("build", cwd=root).returncode == 0
        for department in ("客服部", "=品质部"):
            done = run_cli("issue", "QM-01", "--to", department, cwd=root)
            assert done.returncode == 0, done
        assert run_cli("issue", "QM", "--to", "管理部", cwd=root).returncode == 0
        commit(root, "copies issued")
    with on(RETURNED):
        assert run_cli("recall", "QM-01-A/0-002", cwd=root).returncode == 0
        commit(root, "002 returned")
    with on(APPROVED):
        release_later(root, "QM-01", EFFECTIVE)
    return root


def _held(root: Path, day: str, tmp_path: Path) -> dict[str, list[str]]:
    out = tmp_path / f"held-{day}.csv"
    with on(AUDITED):
        done = run_cli("register", "--as-of", day, "--copies", "--format", "csv", "--out", str(out), cwd=root)
    assert done.returncode == 0, done
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["分发号", "文件编号", "文件名称", "版本", "领用部门", "发放日期", "当日状态"], rows[0]
    return {row[0]: row for row in rows[1:]}


def test_copies_out_on_a_day_are_listed_with_their_holders_and_current(root: Path, tmp_path: Path) -> None:
    held = _held(root, "2025-01-20", tmp_path)
    assert set(held) == {"QM-01-A/0-001", "QM-01-A/0-002", "QM-A/0-001"}, held  # 002 returned only later
    assert held["QM-01-A/0-001"][4] == "客服部" and held["QM-01-A/0-001"][6] == "现行"
    assert held["QM-01-A/0-002"][4] == TEXT_GUARD + "=品质部"  # CSV-safe: no formula from a recipient's name
    assert held["QM-A/0-001"][6] == "现行"


def test_a_returned_copy_is_no_longer_held_and_an_old_one_not_current(root: Path, tmp_path: Path) -> None:
    waiting = _held(root, "2025-03-05", tmp_path)  # A/1 approved, A/0 still in force: 001 still current
    assert set(waiting) == {"QM-01-A/0-001", "QM-A/0-001"} and waiting["QM-01-A/0-001"][6] == "现行", waiting
    later = _held(root, "2025-06-01", tmp_path)
    assert later["QM-01-A/0-001"][6] == "非现行（当日现行版本 A/1）", later
    assert later["QM-A/0-001"][6].startswith("非现行（") and "QM-01" in later["QM-A/0-001"][6], later


def test_the_copies_are_a_sheet_of_the_day_in_a_workbook(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "held.xlsx"
    with on(AUDITED):
        done = run_cli("register", "--as-of", "2025-06-01", "--copies", "--out", str(out), cwd=root)
    assert done.returncode == 0, done
    assert "当日在外 2 份，其中非现行 2 份" in done.stdout, done.stdout
    assert out.read_bytes()[:2] == b"PK"
