"""`verify --as-of DAY` judges a whole manual by the documents that stood in it that day (core/versions.py
`stood_in`, the decision `register --as-of` makes too): a document moved to another manual since was in its old
one, and a manual whose index page was first approved later did not exist yet."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import commit, first_released, git, on, run_cli

DRAFTED, FIRST, MOVED, AUDITED = "2025-01-05", "2025-01-10", "2025-06-01", "2025-12-31"
QP_PAGE = """---
id: QP
title: 程序文件
owner: 质量管理部
order: 2
version: A/0
numbering:
  document: '^Q[MP]-\\d{2}$'
  form: '^Q[MP]-\\d{2}-F\\d{2}$'
  example: QP-01 / QP-01-F01
---
# 程序文件

本册收录各程序文件。
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM holding QM-01 released on FIRST and its whole-manual copy QM-A/0-001 issued; on MOVED a second manual QP
    is first approved and QM-01 moved into it, and the build's whole-manual Word copies kept (kept/moved-*.docx)."""
    folder = tmp_path_factory.mktemp("membership")
    kept = folder / "kept"
    kept.mkdir()
    root = first_released(folder, DRAFTED, FIRST)
    with on(FIRST):
        assert run_cli("issue", "QM", "--to", "客服部", cwd=root).returncode == 0
        commit(root, "whole manual issued")
    with on(MOVED):
        qp = root / "manuals/qp"
        qp.mkdir()
        (qp / "index.md").write_text(QP_PAGE, "utf-8")
        git(root, "mv", "manuals/qm/QM-01.md", "manuals/qp/QM-01.md")
        done = run_cli("release", "QP", "--by", "张三", "--change", "首次发布", cwd=root)
        assert done.returncode == 0, done
        commit(root, "QP first approved, QM-01 moved into it")
        built = run_cli("build", "--only", "word,records", cwd=root)
        assert built.returncode == 0, built
        for code in ("QM", "QP"):
            shutil.copy(root / f"build/docx/manuals/{code}.docx", kept / f"moved-{code}.docx")
    return root


def _asked(root: Path, copy: Path, day: str | None = None) -> tuple[int, str]:
    with on(AUDITED):
        done = run_cli("verify", str(copy), *(("--as-of", day) if day else ()), cwd=root)
    return done.returncode, done.stdout + done.stderr


def test_a_whole_manual_issued_before_a_member_moved_out_was_current_that_day(root: Path) -> None:
    code, said = _asked(root, root / "issued/QM-A_0-001.docx", FIRST)
    assert code == 0 and "现行受控副本" in said and "QM-01" not in said.split("现行受控副本")[0], said


def test_the_same_copy_is_stale_once_its_member_moved_out(root: Path) -> None:
    code, said = _asked(root, root / "issued/QM-A_0-001.docx")
    assert code == 1 and "QM-01" in said and "现行受控副本" not in said, said


def test_a_manual_first_approved_later_did_not_exist_that_day(root: Path) -> None:
    code, said = _asked(root, root.parent / "kept/moved-QP.docx", FIRST)
    assert code == 1 and "当日尚无此文件：QP" in said and MOVED in said, said


def test_the_manual_added_later_is_current_today(root: Path) -> None:
    code, said = _asked(root, root.parent / "kept/moved-QP.docx")
    assert code == 0 and "现行受控副本：整本手册 QP" in said and "当日尚无此文件" not in said, said
