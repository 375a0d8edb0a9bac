"""`verify --as-of DAY` judges a whole manual by the documents that stood in it that day, deleted since or not: the
one source list `register --as-of` reads (core/versions.py `manual_sources`), so a whole-manual copy issued before
a member was withdrawn and its file deleted is judged with that member."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import commit, first_released, git, on, run_cli, second_released

DRAFTED, FIRST, ISSUED, DELETED, AUDITED = "2025-01-05", "2025-01-10", "2025-02-01", "2025-06-01", "2025-12-31"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM holding QM-01 (FIRST) and QM-02 (first approved on ISSUED), the whole manual's copy QM-A/0-001 issued on
    ISSUED; on DELETED QM-02 is withdrawn and its file deleted."""
    root = first_released(tmp_path_factory.mktemp("membership-deleted"), DRAFTED, FIRST)
    with on(ISSUED):
        second_released(root)
        assert run_cli("issue", "QM", "--to", "客服部", cwd=root).returncode == 0
        commit(root, "whole manual issued")
    with on(DELETED):
        done = run_cli("obsolete", "QM-02", "--no-successor", "--reason", "业务取消", "--date", DELETED, cwd=root)
        assert done.returncode == 0, done
        commit(root, "QM-02 withdrawn")
        git(root, "rm", "-q", "manuals/qm/QM-02.md")
        commit(root, "QM-02 deleted")
    return root


def _asked(root: Path, day: str | None = None) -> tuple[int, str]:
    with on(AUDITED):
        done = run_cli("verify", str(root / "issued/QM-A_0-001.docx"), *(("--as-of", day) if day else ()), cwd=root)
    return done.returncode, done.stdout + done.stderr


def test_a_whole_manual_issued_before_a_member_was_deleted_was_current_that_day(root: Path) -> None:
    code, said = _asked(root, ISSUED)
    assert code == 0 and "现行受控副本" in said and "QM-02" not in said, said


def test_the_same_copy_is_stale_once_its_member_was_deleted(root: Path) -> None:
    code, said = _asked(root)
    assert code == 1 and "QM-02" in said and "现行受控副本" not in said, said
