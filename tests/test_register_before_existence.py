"""`qmsdoc register --as-of DAY` lists what stood on that day: in force, or left out with why (approved but not yet
in force, a draft, withdrawn). A document, manual page or form made after that day — nothing of it dated on or before
it, neither a commit nor its record (编制, 审核, 批准, 修订记录) — was no line of that day's register: it listed every
later one as 尚未生效 / 从未生效, in the CSV and in the workbook alike."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from conftest import committed_project, run_cli


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return committed_project(tmp_path_factory.mktemp("asof"))


def _csv(root: Path, day: str, out: Path) -> dict[str, list[str]]:
    done = run_cli("register", "--as-of", day, "--format", "csv", "--out", str(out), cwd=root)
    assert done.returncode == 0, done
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    return {row[0]: row for row in rows[1:]}


def _xlsx(root: Path, day: str, out: Path) -> list[str]:
    done = run_cli("register", "--as-of", day, "--format", "xlsx", "--out", str(out), cwd=root)
    assert done.returncode == 0, done
    book = openpyxl.load_workbook(out, read_only=True)
    return [str(row[0]) for sheet in book.worksheets for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_nothing_made_after_the_day_is_listed(root: Path, tmp_path: Path) -> None:
    listed = _csv(root, "2025-01-01", tmp_path / "a.csv")
    # KF (approved 2026-02-24), DY/AQ-QR-001 (approved 2026-02-22), QP-03-04 (first dated 2026-02-10): later
    assert not {"KF", "DY/AQ-QR-001", "QP-03-04"} & set(listed), listed
    assert "（尚未生效）" not in {row[3] for row in listed.values()}
    assert listed["QP-02-02"][3] == "A/0"  # in force that day by its 修订记录 (before git): still listed
    numbers = _xlsx(root, "2025-01-01", tmp_path / "a.xlsx")
    assert "QP-02-02" in numbers and not {"KF", "DY/AQ-QR-001", "QP-03-04"} & set(numbers)


def test_what_existed_that_day_but_was_not_in_force_is_still_listed_with_why(root: Path, tmp_path: Path) -> None:
    listed = _csv(root, "2026-02-28", tmp_path / "b.csv")
    assert listed["KF"][3] == "（尚未生效）"  # approved 2026-02-24, in force from 2026-03-01
    assert listed["DY/AQ-QR-001"][3] == "A/0"
    assert "KF" in _xlsx(root, "2026-02-28", tmp_path / "b.xlsx")
