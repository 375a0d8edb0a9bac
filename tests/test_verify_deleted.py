"""A document's file deleted in git: `check` reports it (QD142) and `register --as-of` lists it 已删除 from that day —
and `verify` of a copy made of it said 未知文件 (“not a controlled copy this system made”), as of a stranger's file.
It now says what became of it, in the words of the register of the day (core/versions.py `gone_state`): deleted
without a withdrawal, or withdrawn first and its file deleted after."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from conftest import Project, commit, git, run_cli

DAY = "2026-12-01"


@pytest.fixture
def built(repo: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The shipped project built (its Word copies and manifest) on DAY."""
    monkeypatch.setenv("QMSDOC_TODAY", DAY)
    done = run_cli("build", "--only", "word,records", cwd=repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    return repo


def _copy(project: Project, name: str) -> Path:
    return project.root / "build" / "docx" / "documents" / name


@pytest.mark.parametrize(("code", "path", "withdraw", "said"), [
    ("ZWFW-003", "manuals/zwfw/ZWFW-003.md", False, ("已删除", "未经作废")),
    ("DY/AQ-001", "manuals/dy-aq/DY_AQ-001.md", True, ("已作废", "源文件被删除")),
])
def test_the_copy_of_a_deleted_document_says_it_was_deleted(built: Project, code: str, path: str, withdraw: bool,
                                                             said: tuple[str, ...]) -> None:
    if withdraw:
        done = run_cli("obsolete", code, "--no-successor", "--by", "总经理", "--reason", "撤销", cwd=built.root)
        assert done.returncode == 0, done.stdout + done.stderr
        commit(built.root, f"{code} 作废")
    git(built.root, "rm", "-q", path)
    commit(built.root, f"删除 {code}")
    result = run_cli("verify", str(_copy(built, code.replace("/", "_") + ".docx")), cwd=built.root)
    assert result.returncode == 1, result
    assert code in result.stdout and all(part in result.stdout for part in said), result.stdout
    assert "未知文件" not in result.stdout


def test_a_copy_of_a_document_in_force_and_a_strangers_file_are_told_as_before(built: Project) -> None:
    git(built.root, "rm", "-q", "manuals/zwfw/ZWFW-003.md")
    commit(built.root, "删除 ZWFW-003")
    kept = run_cli("verify", str(_copy(built, "ZWFW-004.docx")), cwd=built.root)
    assert kept.returncode == 0 and "现行受控副本" in kept.stdout, kept
    stranger = built.root / "build" / "other.docx"
    docx.Document().save(str(stranger))
    unknown = run_cli("verify", str(stranger), cwd=built.root)
    assert unknown.returncode == 1 and "未知文件" in unknown.stdout and "已删除" not in unknown.stdout, unknown


def test_a_numbered_copy_of_a_deleted_document_says_it_was_deleted(built: Project) -> None:
    """The numbered copy's verdict said only 登记的文件已不存在; it now says what became of it, as the build's copy
    and the register of the day do. A numbered copy of a document in force stays current."""
    for code in ("ZWFW-003", "ZWFW-004"):
        done = run_cli("issue", code, "--to", "综合业务科", "--by", "文控", cwd=built.root)
        assert done.returncode == 0, done.stdout + done.stderr
    commit(built.root, "发放副本")
    git(built.root, "rm", "-q", "manuals/zwfw/ZWFW-003.md")
    commit(built.root, "删除 ZWFW-003")
    issued = built.root / "issued"
    gone = run_cli("verify", str(next(issued.glob("ZWFW-003-*.docx"))), cwd=built.root)
    assert gone.returncode == 1 and "已删除" in gone.stdout and "未经作废" in gone.stdout, gone
    kept = run_cli("verify", str(next(issued.glob("ZWFW-004-*.docx"))), cwd=built.root)
    assert kept.returncode == 0 and "已删除" not in kept.stdout, kept
