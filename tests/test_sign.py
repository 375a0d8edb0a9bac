"""Moving an existing system to signed mode (#33): `qmsdoc sign` adds each approver's signature to the
approval records whose content still matches their fingerprint — no new version, no new 修订记录,
`signed: <date>` in the record — and git provenance accepts the commit that adds only signatures."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from qmsdoc.core.fingerprint import fingerprint
from qmsdoc.core.source import parse_markdown

from conftest import Project, commit, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"
APPROVERS = ("总经理", "中心主任")


def _key(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


def _signers(project: Project, keys: dict[str, Path]) -> None:
    lines = [f'{who} namespaces="qmsdoc" {key.with_suffix(".pub").read_text().strip()}' for who, key in keys.items()]
    project.write(".qmsdoc/allowed_signers", "\n".join(lines) + "\n")


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "keys"
    folder.mkdir()
    return {who: _key(folder, f"key{index}") for index, who in enumerate(APPROVERS)}


@pytest.mark.slow  # ~150 ssh-keygen runs: signing and verifying every approval of the shipped system
def test_the_shipped_system_moves_to_signed_mode_and_checks_clean(repo: Project, keys: dict[str, Path]) -> None:
    """The issue's case: `approvals: signed` on the shipped system gave 72 × QD193 and no way forward but
    re-releasing everything. Now: commit the public keys, sign per approver, commit, switch — check is clean."""
    _signers(repo, keys)
    commit(repo.root, "批准人公钥")
    before = {p: p.read_text("utf-8") for p in repo.root.rglob("*.md")} | {
        p: p.read_text("utf-8") for p in repo.root.rglob("*.yaml")}
    for who, key in keys.items():
        result = run_cli("sign", "--by", who, "--key", str(key), "--date", "2026-12-04", cwd=repo.root)
        assert result.returncode == 0, result.stdout + result.stderr
    commit(repo.root, "补加批准签名")
    repo.replace("qmsdoc.yml", "issued_dir: issued", "issued_dir: issued\napprovals: signed")
    commit(repo.root, "启用签名模式")
    result = run_cli("check", cwd=repo.root)
    assert result.returncode == 0 and "QD19" not in result.stdout, result.stdout
    signed = 0
    for path, old in before.items():
        new = path.read_text("utf-8")
        if "fingerprint:" not in old:
            continue  # a draft's 批准 sign-off without an approval record: nothing to sign
        signed += 1
        assert "signed: 2026-12-04" in new and "signature: U1NIU0lH" in new, path
        # only the approval record's line changed: no version, 修订记录 or body change
        assert len(old.splitlines()) == len(new.splitlines())
        changed = [(a, b) for a, b in zip(old.splitlines(), new.splitlines(), strict=True) if a != b]
        assert len(changed) == 1 and changed[0][1].lstrip().startswith("approved:"), (path, changed)
    assert signed >= 70


def test_signing_leaves_the_fingerprint_valid(project: Project, keys: dict[str, Path]) -> None:
    _signers(project, keys)
    assert run_cli("sign", "QP-02-03", "--by", "总经理", "--key", str(keys["总经理"]), cwd=project.root).returncode == 0
    src = parse_markdown(project.read(DOC), DOC)
    assert fingerprint(src.data, src.body) == src.data["approved"]["fingerprint"]
    assert run_cli("check", cwd=project.root).returncode == 0


def test_a_record_whose_content_changed_is_refused_and_listed(project: Project, keys: dict[str, Path]) -> None:
    _signers(project, keys)
    project.replace(DOC, "4.4.3 归还办公用品。", "4.4.3 归还全部办公用品。")
    before = project.read("manuals/qp-hr/QP-02-01.md")
    result = run_cli("sign", "QP-02-03", "QP-02-01", "--by", "总经理", "--key", str(keys["总经理"]), cwd=project.root)
    assert result.returncode == 1 and "QP-02-03" in result.stderr and "qmsdoc release" in result.stderr
    assert project.read("manuals/qp-hr/QP-02-01.md") == before  # with ids: all or nothing
    result = run_cli("sign", "--by", "总经理", "--key", str(keys["总经理"]), cwd=project.root)
    assert result.returncode == 0 and "不能签名" in result.stdout and "QP-02-03" in result.stdout
    assert "signature:" not in project.read(DOC) and "signature:" in project.read("manuals/qp-hr/QP-02-01.md")


def test_a_key_not_the_approvers_is_refused_and_nothing_stays_written(project: Project,
                                                                      keys: dict[str, Path]) -> None:
    _signers(project, keys)
    before = project.read(DOC)
    result = run_cli("sign", "--by", "总经理", "--key", str(keys["中心主任"]), cwd=project.root)
    assert result.returncode == 1 and "总经理" in result.stderr
    assert project.read(DOC) == before and "signature:" not in "".join(
        p.read_text("utf-8") for p in project.root.rglob("*.md"))


def test_signing_needs_allowed_signers_and_a_key(project: Project, keys: dict[str, Path]) -> None:
    result = run_cli("sign", "--by", "总经理", "--key", str(keys["总经理"]), cwd=project.root)
    assert result.returncode == 1 and "allowed_signers" in result.stderr
    _signers(project, keys)
    result = run_cli("sign", "--by", "总经理", cwd=project.root)
    assert result.returncode == 1 and "--key" in result.stderr


def test_provenance_still_catches_a_changed_record_after_signing(repo: Project, keys: dict[str, Path]) -> None:
    """Only signatures may be added outside a release: a hand-made fingerprint in a signing commit is QD191."""
    _signers(repo, keys)
    run_cli("sign", "QP-02-03", "--by", "总经理", "--key", str(keys["总经理"]), cwd=repo.root)
    repo.replace(DOC, "4.4.3 归还办公用品。", "4.4.3 归还全部办公用品。")
    repo.restamp(DOC)
    commit(repo.root, "签名并改动")
    result = run_cli("check", cwd=repo.root)
    assert f"{DOC}:" in result.stdout and "QD191" in result.stdout, result.stdout


def test_baseline_with_a_key_points_to_sign(project: Project, keys: dict[str, Path]) -> None:
    """The issue's dead end: `baseline --key` on a baselined system said only 「没有需要基线的内容」."""
    result = run_cli("baseline", "--by", "总经理", "--key", str(keys["总经理"]), cwd=project.root)
    assert result.returncode == 1 and "qmsdoc sign" in result.stderr, result.stderr
