"""Ctrl-C in the middle of an act that edits sources or registers: nothing stays half-done. An act is either
reported done, or everything it wrote is put back — never "已中断" over an edit that took effect."""

from __future__ import annotations

import importlib
import importlib.abc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qmsdoc.acts import common, issuance, revise
from qmsdoc.core import sourcefile

from conftest import CliRun, Project, run_cli

DOC = "manuals/qp-hr/QP-02-01.md"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project but git's and the build's, by path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not {".git", "build"} & set(p.relative_to(root).parts)}


def interrupted_at(calls: int, real: Callable[..., Any]) -> Callable[..., Any]:
    """`real`, except that its `calls`-th call is a Ctrl-C."""
    count = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count == calls:
            raise KeyboardInterrupt
        return real(*args, **kwargs)
    return wrapper


def interrupted(project: Project, *args: str) -> CliRun:
    before = snapshot(project.root)
    result = run_cli(*args, cwd=project.root)
    assert result.returncode == 130 and "Traceback" not in result.stderr, result
    after = snapshot(project.root)
    assert {p for p in after if after[p] != before.get(p)} | (set(before) - set(after)) == set(), args
    return result


def everywhere(monkeypatch: pytest.MonkeyPatch, wrapper: Callable[..., Any], *modules: str) -> None:
    """`wrapper` as the atomic write of core/sourcefile.py and of each of `modules` (one count for all)."""
    monkeypatch.setattr(sourcefile, "write_atomic", wrapper)
    for module in modules:
        monkeypatch.setattr(f"{module}.write_atomic", wrapper, raising=False)


def test_ctrl_c_during_the_recheck_of_a_release_puts_the_file_back(repo: Project,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "check", interrupted_at(1, common.check))
    doc = "manuals/qp-hr/QP-02-01.md"
    repo.replace(doc, "review_months: 24", "review_months: 36")  # a change to release (unchanged, none is made)
    interrupted(repo, "release", "QP-02-01", "--by", "总经理", "--reviewed-by", "经理", "--change", "改")
    repo.replace(doc, "review_months: 36", "review_months: 24")
    monkeypatch.setattr(common, "check", interrupted_at(1, common.check))
    interrupted(repo, "review", "QP-02-01", "--by", "总经理")  # its first check goes through common too
    monkeypatch.setattr(common, "check", interrupted_at(2, common.check))
    interrupted(repo, "review", "QP-02-01", "--by", "总经理")


def test_ctrl_c_during_a_withdrawal_puts_the_rewritten_citations_back(repo: Project,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("obsolete", "QP-03-01", "--superseded-by", "QP-03-02", "--by", "总经理", "--update-references")
    monkeypatch.setattr(common, "check", interrupted_at(2, common.check))  # after the citations were rewritten
    interrupted(repo, *args)
    everywhere(monkeypatch, interrupted_at(2, sourcefile.write_atomic), "qmsdoc.acts.obsolete")  # the 2nd
    interrupted(repo, *args)


def test_ctrl_c_during_revise_leaves_no_revision(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(revise, "check", interrupted_at(2, revise.check))
    interrupted(repo, "revise", "QP-02-01", "--by", "质量专员")
    assert not repo.path("revisions/" + DOC).exists()


def test_ctrl_c_while_issuing_copies_leaves_no_copy_the_register_does_not_list(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(issuance, "sha256_file", interrupted_at(3, issuance.sha256_file))
    interrupted(project, "issue", "QP-02-01", "--to", "客服部", "--copies", "5")
    assert not project.path("issued").exists() or not any(project.path("issued").iterdir())
    monkeypatch.undo()
    result = run_cli("issue", "QP-02-01", "--to", "客服部", "--copies", "2", cwd=project.root)  # and it goes on
    assert result.returncode == 0 and "QP-02-01-A/0-001" in result.stdout, result


def test_ctrl_c_while_writing_a_file_leaves_no_temporary_file(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "QP-02-01.md"
    target.write_bytes(b"old")
    monkeypatch.setattr(sourcefile.os, "replace", interrupted_at(1, sourcefile.os.replace))
    with pytest.raises(KeyboardInterrupt):
        sourcefile.write_atomic(target, b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["QP-02-01.md"] and target.read_bytes() == b"old"


def test_ctrl_c_during_a_baseline_records_nothing(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_fails_whole import BASELINED, unbaselined

    from qmsdoc.acts import baseline

    unbaselined(project, *BASELINED)
    args = ("baseline", "--by", "总经理", "--date", "2026-11-01")
    everywhere(monkeypatch, interrupted_at(2, sourcefile.write_atomic), "qmsdoc.acts.baseline")  # the 2nd file
    interrupted(project, *args)
    monkeypatch.undo()
    monkeypatch.setattr(baseline, "check", interrupted_at(2, baseline.check))  # the re-check
    interrupted(project, *args)


SIGNATURE = "U1NIU0lH" + "A" * 60


def signing_without_keys(project: Project, monkeypatch: pytest.MonkeyPatch, calls: int = 0,
                         signature: str = SIGNATURE) -> None:
    """`qmsdoc sign` with a `signature` ssh-keygen accepts (no key made): its `calls`-th signing is a Ctrl-C."""
    from qmsdoc.acts import sign

    project.write(".qmsdoc/allowed_signers", '总经理 namespaces="qmsdoc" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA\n')
    monkeypatch.setattr(sign, "verify_signature", lambda *args: None)  # a key the signers file lists
    monkeypatch.setattr(sign, "sign", interrupted_at(calls, lambda key, payload: signature))


def test_ctrl_c_while_signing_the_second_record_signs_none(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    signing_without_keys(project, monkeypatch, 2)
    interrupted(project, "sign", "QP-02-01", "QP-02-03", "--by", "总经理", "--key", str(project.root / "key"))


def test_signing_keeps_crlf_and_bom(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_fails_whole import kept_style, windows_style

    windows_style(project, DOC)
    signing_without_keys(project, monkeypatch)
    result = run_cli("sign", "QP-02-01", "--by", "总经理", "--key", str(project.root / "key"), cwd=project.root)
    assert result.returncode == 0 and result.stderr == "", result
    data = project.path(DOC).read_bytes()
    assert kept_style(data) and f"signature: {SIGNATURE}".encode() in data


def test_a_signature_the_recheck_refuses_is_taken_back_from_every_record(project: Project,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    signing_without_keys(project, monkeypatch, signature="U1NIU0lH")  # too short to be an SSH signature: QD004
    before = snapshot(project.root)
    result = run_cli("sign", "QP-02-01", "QP-02-03", "--by", "总经理", "--key", str(project.root / "key"),
                     cwd=project.root)
    assert result.returncode == 1 and f"{DOC}:12: error QD004" in result.stdout and "已撤销修改" in result.stderr
    assert snapshot(project.root) == before  # neither record keeps the refused signature


def test_ctrl_c_during_the_check_of_a_new_draft_leaves_no_draft(project: Project,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.acts import drafting

    args = ("new", "--manual", "QP-02", "--title", "培训管理程序", "--department", "人力资源部", "--by", "质量专员")
    monkeypatch.setattr(drafting, "check", interrupted_at(2, drafting.check))  # the check after the write
    interrupted(project, *args)
    monkeypatch.undo()
    result = run_cli(*args, cwd=project.root)  # the same number is free again
    assert result.returncode == 0 and project.path("manuals/qp-hr/QP-02-05.md").is_file(), result


def test_ctrl_c_during_an_import_leaves_no_file_nor_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_import import SEEDS, _empty_project

    project = _empty_project(tmp_path)
    everywhere(monkeypatch, interrupted_at(3, sourcefile.write_atomic), "qmsdoc.importer.writer")
    interrupted(project, "import", str(SEEDS / "001_084431b69d8c305a.txt"), "--manual", "QP-02")
    assert sorted(p.name for p in project.root.iterdir()) == ["qmsdoc.yml"]


def test_ctrl_c_as_a_new_file_is_linked_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "QP-02-05.md"
    monkeypatch.setattr(sourcefile, "_fsync_folder", interrupted_at(1, sourcefile._fsync_folder))
    with pytest.raises(KeyboardInterrupt):
        sourcefile.write_atomic(target, b"new", exclusive=True)
    assert list(tmp_path.iterdir()) == []


class _CtrlCOnImport(importlib.abc.MetaPathFinder):
    """A Ctrl-C while `name` is imported: the moment a user presses it just after Enter."""

    def __init__(self, name: str) -> None:
        self.name = name

    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        if fullname == self.name:
            raise KeyboardInterrupt
        return None


def test_ctrl_c_while_the_command_loads_is_no_traceback(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """cli.py's imports run before main() can catch anything: a Ctrl-C in that first half-second was a traceback."""
    for name in ("qmsdoc.cli", "qmsdoc.cliparser"):
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_CtrlCOnImport("qmsdoc.cliparser"), *sys.meta_path])
    with pytest.raises(SystemExit) as stopped:
        importlib.import_module("qmsdoc.cli")
    assert stopped.value.code == 130 and "已中断" in capsys.readouterr().err


def test_ctrl_c_before_the_command_runs_is_no_traceback(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """…nor in main() before its handler: reading the project's language, the glyph tables, the parser."""
    from qmsdoc import cli

    def stopped() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", stopped)
    assert cli.main(["check"]) == 130 and "已中断" in capsys.readouterr().err


def test_a_command_that_loads_and_runs_uninterrupted_says_nothing_of_it(project: Project) -> None:
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0 and "已中断" not in result.stderr
