"""Adopting qmsdoc for a legacy manual, as an auditor sees it: `qmsdoc baseline` records only what was approved
(not a text edited after the approval git holds, not on a day before the approval), and `qmsdoc sign` dates a
signature no earlier than the fingerprint it signs."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

from qmsdoc.core.source import parse_markdown

from conftest import Project, commit, git, run_cli

DOC = "manuals/qp-service/QP-03-02.md"
OTHER = "manuals/qp-service/QP-03-01.md"
RECORD = re.compile(r", baselined: [^,]*, fingerprint: [0-9a-f]{64}")


def _imported(repo: Project) -> None:
    """The shipped project as a legacy manual imported without fingerprints: one commit, no approval records."""
    for relative in (DOC, OTHER):
        repo.write(relative, RECORD.sub("", repo.read(relative)))
    shutil.rmtree(repo.path(".git"))
    git(repo.root, "init", "-q")
    commit(repo.root, "导入旧手册")


def _approval_day(repo: Project, relative: str) -> str:
    return str(parse_markdown(repo.read(relative), relative).data["approved"]["date"])


def test_baseline_refuses_a_text_edited_after_its_approval_was_committed(repo: Project) -> None:
    _imported(repo)
    repo.write(DOC, repo.read(DOC) + "\n另：夜间可不巡逻。\n")
    approved_commit = git(repo.root, "rev-parse", "HEAD").strip()[:10]
    commit(repo.root, "改正文")
    before = repo.read(DOC)
    result = run_cli("baseline", "QP-03-02", "--by", "总经理", cwd=repo.root)
    assert result.returncode == 1, result.stdout
    assert "QP-03-02" in result.stderr and approved_commit in result.stderr and "qmsdoc release" in result.stderr
    assert repo.read(DOC) == before  # nothing written
    # without ids the edited one is listed and the untouched one is baselined
    result = run_cli("baseline", "--by", "总经理", cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert OTHER in result.stdout and DOC not in result.stdout.split("\n", 1)[0]
    assert "fingerprint:" in repo.read(OTHER) and repo.read(DOC) == before


def test_baseline_of_an_uncommitted_edit_is_refused_and_of_the_approved_text_done(repo: Project) -> None:
    _imported(repo)
    approved = repo.read(DOC)
    repo.write(DOC, approved.replace("title: ", "title: 新", 1))
    assert run_cli("baseline", "QP-03-02", "--by", "总经理", cwd=repo.root).returncode == 1
    repo.write(DOC, approved)
    result = run_cli("baseline", "QP-03-02", "--by", "总经理", cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert "fingerprint:" in repo.read(DOC)


def test_baseline_dated_before_the_approval_is_refused(repo: Project) -> None:
    _imported(repo)
    approved = _approval_day(repo, DOC)
    earlier = (dt.date.fromisoformat(approved) - dt.timedelta(days=1)).isoformat()
    before = repo.read(DOC)
    result = run_cli("baseline", "QP-03-02", "--by", "总经理", "--date", earlier, cwd=repo.root)
    assert result.returncode == 1 and earlier in result.stderr and approved in result.stderr, result.stderr
    assert repo.read(DOC) == before
    result = run_cli("baseline", "QP-03-02", "--by", "总经理", "--date", approved, cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert f"baselined: {approved}" in repo.read(DOC)


def _key(folder: Path) -> Path:
    key = folder / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    return key


def test_sign_dated_before_the_baseline_it_signs_is_refused(repo: Project, tmp_path: Path) -> None:
    _imported(repo)
    between = _approval_day(repo, DOC)  # signed on the approval day, but before the fingerprint was recorded
    baselined = (dt.date.fromisoformat(between) + dt.timedelta(days=10)).isoformat()
    assert run_cli("baseline", "QP-03-02", "--by", "总经理", "--date", baselined, cwd=repo.root).returncode == 0
    key = _key(tmp_path)
    repo.write(".qmsdoc/allowed_signers", f'总经理 namespaces="qmsdoc" {key.with_suffix(".pub").read_text().strip()}\n')
    commit(repo.root, "基线与公钥")
    before = repo.read(DOC)
    result = run_cli("sign", "QP-03-02", "--by", "总经理", "--key", str(key), "--date", between, cwd=repo.root)
    assert result.returncode == 1 and baselined in result.stderr and "--date" in result.stderr, result.stderr
    assert repo.read(DOC) == before
    result = run_cli("sign", "QP-03-02", "--by", "总经理", "--key", str(key), "--date", baselined, cwd=repo.root)
    assert result.returncode == 0, result.stderr
    assert f"signed: {baselined}" in repo.read(DOC)
