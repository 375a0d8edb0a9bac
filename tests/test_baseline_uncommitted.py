"""`qmsdoc baseline` certifies an approval made before qmsdoc, as git holds it: a 批准 record (approver, date)
edited in the working tree and not committed was recorded as if it were the original approval, with nothing in the
history showing who changed it. It is refused until the correction is committed (or undone); committed, it is
baselined as it stands."""

from __future__ import annotations

import re

import pytest

from qmsdoc.core import check, load_config

from conftest import Project, commit, git, run_cli

DOC = "manuals/qp-service/QP-03-02.md"
APPROVED = "approved: {by: 总经理, date: 2026-02-25"


@pytest.fixture
def legacy(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """QP-03-02 committed with its approval (总经理, 2026-02-25) but no fingerprint: a manual brought to qmsdoc."""
    project.write(DOC, re.sub(r", baselined: [^,]*, fingerprint: [0-9a-f]{64}", "", project.read(DOC)))
    assert APPROVED + "}" in project.read(DOC)
    git(project.root, "init", "-q")
    commit(project.root, "导入旧手册")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-11-01")
    return project


@pytest.mark.parametrize("edited", ["approved: {by: 总经理, date: 2026-03-01",
                                    "approved: {by: 副总经理, date: 2026-02-25"])
def test_an_uncommitted_approval_record_is_not_baselined(legacy: Project, edited: str) -> None:
    legacy.replace(DOC, APPROVED, edited)
    before = legacy.read(DOC)
    approver = re.search(r"by: (\S+),", edited)
    assert approver is not None
    done = run_cli("baseline", "QP-03-02", "--by", approver.group(1), cwd=legacy.root)
    assert done.returncode == 1
    assert "QP-03-02（批准记录未提交" in done.stderr and "批准日期 2026-02-25" in done.stderr
    assert "git commit" in done.stderr and 'git checkout -- ":/manuals/qp-service/QP-03-02.md"' in done.stderr
    assert legacy.read(DOC) == before  # no fingerprint written over the edit


def test_a_committed_correction_of_the_approval_record_is_baselined(legacy: Project) -> None:
    legacy.replace(DOC, APPROVED, "approved: {by: 总经理, date: 2026-03-01")
    commit(legacy.root, "更正批准日期（按纸质批准记录）")
    done = run_cli("baseline", "QP-03-02", "--by", "总经理", cwd=legacy.root)
    assert done.returncode == 0, done.stderr
    assert "approved: {by: 总经理, date: 2026-03-01, baselined: 2026-11-01, fingerprint: " in legacy.read(DOC)
    assert check(load_config(legacy.root)).findings == []


def test_an_unchanged_committed_approval_is_baselined(legacy: Project) -> None:
    done = run_cli("baseline", "QP-03-02", "--by", "总经理", cwd=legacy.root)
    assert done.returncode == 0, done.stderr
    assert APPROVED + ", baselined: 2026-11-01, fingerprint: " in legacy.read(DOC)
