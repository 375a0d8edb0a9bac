"""Not only Linux: the console, process and folder-swap paths Windows and macOS take (core/portable.py), run here.
The whole fast tier also runs once more with them forced (QMSDOC_PORTABLE=1, CRLF sources, a temporary folder
with a space and Chinese characters in its name: scripts/test.sh's portable pass)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qmsdoc.core import portable

from conftest import Project, commit, git

DOC = "manuals/qp-hr/QP-02-03.md"
# 한 (Hangul): GBK has no code for it, and the PDF fonts draw it (𠀀, Extension B, was GBK-less too, but the CJK
# fonts lack it, and QD023 now refuses what no PDF font draws)
RARE = "\ud55c"


def gbk_run(project: Project, *args: str, code: int = 0) -> str:
    """`qmsdoc ARGS` in a fresh interpreter whose console is GBK (cp936), as in a Chinese Windows cmd.exe; its
    output must decode as GBK, strictly, and hold no traceback."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    done = subprocess.run([sys.executable, "-m", "qmsdoc.cli", *args], cwd=project.root, capture_output=True,
                          env=env, timeout=600)
    out, err = done.stdout.decode("gbk"), done.stderr.decode("gbk")
    assert "Traceback" not in out + err, err
    assert done.returncode == code, out + err
    return out + err


@pytest.mark.slow
def test_every_command_prints_on_a_gbk_console(project: Project, tmp_path: Path) -> None:
    project.revise(DOC, "title: 员工离职管理工作规程", f"title: 员工离职管理工作规程{RARE}")
    git(project.root, "init", "-q")
    commit(project.root, "初始文件")
    repo = project
    assert "检查完成" in gbk_run(repo, "check")
    shown = gbk_run(repo, "issue", "QP-02-03", "--to", "客服部", "--date", "2026-06-01")
    assert "\\ud55c" in shown and "已发放 QP-02-03" in shown  # the rare character shown escaped, not a crash
    copy = next(repo.path("issued").glob("*.docx"))
    assert "现行受控副本" in gbk_run(repo, "verify", str(copy))
    assert "已建立" in gbk_run(repo, "revise", "QP-02-03", "--by", "质量专员")
    assert "修订对照" in gbk_run(repo, "redline", "QP-02-03", "--out", str(tmp_path / "r.docx"))
    assert "受控文件清单" in gbk_run(repo, "register", "--as-of", "2026-06-30", "--out", str(tmp_path / "r.xlsx"))
    assert "已构建" in gbk_run(repo, "build", "--only", "word,records")
    draft = "revisions/" + DOC
    repo.write(draft, repo.read(draft).replace("规范员工离职的审批", "规范员工辞职、辞退的审批", 1))  # a change
    assert "审核" in gbk_run(repo, "release", "QP-02-03", "--by", "总经理", "--change", "x", code=1)  # no review
    assert "用法错误：QD320 没有 no-such-command 这个命令" in gbk_run(repo, "no-such-command", code=2)


def test_a_running_process_is_alive_and_a_finished_one_is_not() -> None:
    assert portable.process_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not portable.process_alive(child.pid)
    assert not portable.process_alive(0) and not portable.process_alive(-1)


def test_forcing_the_portable_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(portable.PORTABLE_ENV, raising=False)
    assert portable.can_exchange() == sys.platform.startswith("linux") and portable.worker_start_method() is None
    monkeypatch.setenv(portable.PORTABLE_ENV, "1")
    assert not portable.can_exchange() and portable.worker_start_method() == "spawn"


def test_a_build_replaces_the_previous_one_without_renameat2(project: Project,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import run_cli

    monkeypatch.setenv(portable.PORTABLE_ENV, "1")
    assert run_cli("build", "--only", "records", cwd=project.root).returncode == 0
    first = project.path("build/manifest.json").read_bytes()
    assert run_cli("build", "--only", "records", cwd=project.root).returncode == 0
    assert project.path("build/manifest.json").read_bytes() == first
    assert [p.name for p in project.root.iterdir() if p.name.startswith(".build")] == []


@pytest.mark.slow
def test_copies_written_by_spawned_workers_equal_forked_ones(project: Project, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows and macOS start workers with spawn: nothing a worker needs may come from the parent's memory."""
    from qmsdoc.core import check, load_config
    from qmsdoc.core.render import CorpusRenderer
    from qmsdoc.word.export import PARALLEL_THRESHOLD, plan_export, write_files

    result = check(load_config(project.root))
    plan = plan_export(result, CorpusRenderer(result.corpus, result.context.config), "测试", None)
    assert len(plan.files(".docx")) >= PARALLEL_THRESHOLD  # the shipped set is exported in worker processes
    monkeypatch.delenv(portable.PORTABLE_ENV, raising=False)
    write_files(plan, tmp_path / "forked", workers=2)
    monkeypatch.setenv(portable.PORTABLE_ENV, "1")
    write_files(plan, tmp_path / "spawned", workers=2)
    forked = {p.relative_to(tmp_path / "forked"): p.read_bytes() for p in (tmp_path / "forked").rglob("*.docx")}
    spawned = {p.relative_to(tmp_path / "spawned"): p.read_bytes() for p in (tmp_path / "spawned").rglob("*.docx")}
    assert len(forked) > 5 and forked == spawned
