"""Moving an existing system to signed mode (#33): `qmsdoc sign` adds each approver's signature to the
approval records whose content still matches their fingerprint — no new version, no new 修订记录,
`signed: <date>` in the record — and git provenance accepts the commit that adds only signatures."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qmsdoc.core.approval import sign, signing_payload
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


# --- attacks on signed mode: each caught by check at the record, with a message that says what happened ---------

def _signed_mode(project: Project, keys: dict[str, Path], day: str = "2026-12-04") -> None:
    """QP-02-03 signed by 总经理 on `day`, every other record unsigned, and `approvals: signed` on."""
    _signers(project, keys)
    result = run_cli("sign", "QP-02-03", "--by", "总经理", "--key", str(keys["总经理"]), "--date", day,
                     cwd=project.root)
    assert result.returncode == 0, result.stderr
    project.replace("qmsdoc.yml", "issued_dir: issued", "issued_dir: issued\napprovals: signed")


def _qd193(project: Project, path: str = DOC) -> list[str]:
    result = run_cli("check", cwd=project.root)
    assert "Traceback" not in result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if line.startswith(f"{path}:") and "QD193" in line]


def _valid_before(project: Project, day: str) -> None:
    text = project.read(".qmsdoc/allowed_signers")
    project.write(".qmsdoc/allowed_signers", text.replace('总经理 namespaces="qmsdoc"',
                                                          f'总经理 namespaces="qmsdoc",valid-before="{day}"'))


def test_a_key_retired_after_it_signed_keeps_its_signatures_valid(project: Project, keys: dict[str, Path]) -> None:
    """allowed_signers' valid-before retires a key: what it signed while valid stays signed. ssh-keygen checked the
    key against the day check ran, so retiring a key voided every approval it ever signed."""
    _signed_mode(project, keys)
    _valid_before(project, "20261205")  # signed 2026-12-04, retired the next day
    assert _qd193(project) == []


def test_a_signature_made_after_the_key_expired_is_refused_naming_the_day(project: Project,
                                                                         keys: dict[str, Path]) -> None:
    _signed_mode(project, keys)
    _valid_before(project, "20261201")  # expired three days before the record says it was signed
    found = _qd193(project)
    assert len(found) == 1 and "2026-12-04" in found[0] and "valid-before" in found[0], found
    assert found[0].startswith(f"{DOC}:{project.line_of(DOC, 'approved:')}:")


def test_a_signature_by_another_approvers_key_names_whose_key_it_is(project: Project, keys: dict[str, Path]) -> None:
    """张三's key signing what 李四 approved: the signature is genuine, only not the approver's — say whose it is."""
    _signed_mode(project, keys)
    text = project.read(DOC)
    stamp = re.search(r"fingerprint: ([0-9a-f]{64})", text)
    assert stamp is not None
    forged = sign(keys["中心主任"], signing_payload("QP-02-03", stamp.group(1)))
    project.write(DOC, re.sub(r"signature: [A-Za-z0-9+/=]+", f"signature: {forged}", text, count=1))
    found = _qd193(project)
    assert len(found) == 1 and "中心主任" in found[0] and "总经理" in found[0], found


def test_a_signature_copied_from_another_record_is_named_a_copy(project: Project, keys: dict[str, Path]) -> None:
    _signed_mode(project, keys)
    other = "manuals/qp-hr/QP-02-01.md"
    assert run_cli("sign", "QP-02-01", "--by", "总经理", "--key", str(keys["总经理"]), cwd=project.root).returncode == 0
    copied = re.search(r"signature: ([A-Za-z0-9+/=]+)", project.read(other))
    assert copied is not None
    project.write(DOC, re.sub(r"signature: [A-Za-z0-9+/=]+", f"signature: {copied.group(1)}", project.read(DOC)))
    found = _qd193(project)
    assert len(found) == 1 and "复制" in found[0], found
    assert _qd193(project, other) == []


def test_without_ssh_keygen_check_says_so_once(project: Project, keys: dict[str, Path], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Not every record's signature called invalid, each asking for a re-signing that cannot help."""
    _signed_mode(project, keys)
    empty = tmp_path / "no-tools"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run_cli("check", cwd=project.root)
    found = [line for line in result.stdout.splitlines() if "QD193" in line]
    assert len(found) == 1 and found[0].startswith("qmsdoc.yml:1:") and "ssh-keygen" in found[0], result.stdout
    result = run_cli("sign", "QP-02-01", "--by", "总经理", "--key", str(keys["总经理"]), cwd=project.root)
    assert result.returncode == 1 and "OpenSSH" in result.stderr and "Errno" not in result.stderr


def test_a_passphrase_key_without_a_terminal_is_refused_clearly_and_at_once(project: Project, tmp_path: Path) -> None:
    """CI has no terminal to type a passphrase on: refuse, say how (ssh-agent), never wait for input."""
    key = tmp_path / "locked"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "geheim", "-f", str(key)], check=True)
    project.write(".qmsdoc/allowed_signers", f'总经理 namespaces="qmsdoc" {key.with_suffix(".pub").read_text()}')
    plugins = str(Path(__file__).resolve().parents[1] / "plugins")
    result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "sign", "QP-02-03", "--by", "总经理", "--key",
                             str(key)], cwd=project.root, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=60, start_new_session=True,  # no controlling terminal, as in CI
                            env={**os.environ, "PYTHONPATH": plugins})
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "ssh-add" in result.stderr and str(key) in result.stderr, result.stderr
    assert "signature:" not in project.read(DOC)


def test_a_huge_signature_is_refused_without_echoing_it(project: Project, keys: dict[str, Path]) -> None:
    """A malformed value is quoted in its finding cut short: a 100 kB signature must not become a 100 kB message."""
    _signed_mode(project, keys)
    junk = "!" + "A" * 100_000
    project.write(DOC, re.sub(r"signature: [A-Za-z0-9+/=]+", f"signature: '{junk}'", project.read(DOC), count=1))
    result = run_cli("check", cwd=project.root)
    lines = [line for line in result.stdout.splitlines() if line.startswith(f"{DOC}:")]
    assert {"QD004", "QD193"} <= {line.split()[2] for line in lines}, lines
    assert all(len(line) < 1000 for line in lines), [len(line) for line in lines]


@pytest.mark.parametrize(("day", "words"), [("2099-01-01", "晚于今天"), ("2020-01-01", "早于批准日期")])
def test_a_signing_date_that_cannot_be_true_is_refused(project: Project, keys: dict[str, Path], day: str,
                                                       words: str) -> None:
    """`signed` decides the day the key must have been valid: moved to before the approval (to slip in under a
    retired key's valid-before) or past today, it is no day the signature could have been made."""
    _signed_mode(project, keys)
    project.write(DOC, project.read(DOC).replace("signed: 2026-12-04", f"signed: {day}"))
    found = _qd193(project)
    assert len(found) == 1 and words in found[0] and day in found[0], found


def test_qmsdoc_sign_refuses_a_date_before_the_approval_and_writes_nothing(project: Project,
                                                                           keys: dict[str, Path]) -> None:
    _signers(project, keys)
    project.replace("qmsdoc.yml", "issued_dir: issued", "issued_dir: issued\napprovals: signed")
    before = project.read(DOC)
    result = run_cli("sign", "QP-02-03", "--by", "总经理", "--key", str(keys["总经理"]), "--date", "2020-01-01",
                     cwd=project.root)  # a day in the future is a usage error already (exit 2)
    assert result.returncode == 1 and "早于批准日期" in result.stderr + result.stdout, result
    assert project.read(DOC) == before
