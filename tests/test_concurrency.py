"""Two officers at once: real `qmsdoc` processes started together on one project. Acts that edit the records
(the distribution register, the acknowledgements register, a source) take turns, so no 分发号 is handed out
twice, no register line is lost and neither is refused; a second build at once is refused (exit 1) without
touching the first one's output; a held lock makes an act wait, then refuse having changed nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from conftest import REPO, Project, run_cli

DOC = "DY/AQ-001"


def _start(project: Project, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    return subprocess.Popen([sys.executable, "-m", "qmsdoc.cli", *args], cwd=project.root, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _together(project: Project, *commands: tuple[str, ...]) -> list[tuple[int, str]]:
    """Start every command at once, wait for all: (exit status, output) of each."""
    running = [_start(project, *command) for command in commands]
    done = []
    for process in running:
        out, err = process.communicate(timeout=600)
        done.append((process.returncode, out + err))
    return done


def _numbers(project: Project) -> list[str]:
    return re.findall(r"number: ([^,]+),", project.read("distribution.yaml"))


def test_issues_at_once_hand_out_distinct_numbers_and_lose_no_line(project: Project) -> None:
    results = _together(project, *[("issue", DOC, "--to", name) for name in ("甲", "乙", "丙")])
    assert [code for code, _ in results] == [0, 0, 0], results
    numbers = _numbers(project)
    assert len(numbers) == 3 and len(set(numbers)) == 3, numbers
    assert len(list(project.path("issued").iterdir())) == 3
    assert not list(project.root.glob(".qmsdoc*.lock"))


def test_acknowledgements_at_once_lose_no_line(project: Project) -> None:
    project.replace("manuals/qp-service/QP-03-02.md", "review_months: 24\n",
                    "review_months: 24\nacknowledge: [客服部]\n")
    people = ("张三", "李四", "王五")
    results = _together(project, *[("acknowledge", "QP-03-02", "--by", person, "--department", "客服部")
                                    for person in people])
    assert [code for code, _ in results] == [0, 0, 0], results
    register = project.read("acknowledgements.yaml")
    assert all(register.count(person) == 1 for person in people), register


def test_a_single_issue_is_unaffected(project: Project) -> None:
    done = run_cli("issue", DOC, "--to", "甲", cwd=project.root)
    assert done.returncode == 0, done
    assert len(_numbers(project)) == 1
    assert not list(project.root.glob(".qmsdoc*.lock"))


@contextmanager
def _held_elsewhere(lock: object) -> Iterator[None]:
    """`lock` (a context manager) held by another thread for the block (a thread's own lock is re-entrant)."""
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lock:  # type: ignore[attr-defined]
            taken.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(60)
    try:
        yield
    finally:
        release.set()
        holder.join()


def test_an_act_waits_for_the_records_then_refuses_unchanged(project: Project,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.core import lock

    monkeypatch.setattr(lock, "RECORDS_WAIT", 0.2)
    with _held_elsewhere(lock.records_lock(project.root)):
        done = run_cli("issue", DOC, "--to", "甲", cwd=project.root)
    assert done.returncode == 1, done
    assert "另一个 qmsdoc 命令" in done.stderr and "未做任何改动" in done.stderr, done.stderr
    assert not project.path("distribution.yaml").exists()
    assert not project.path("issued").exists()


def test_a_second_build_at_once_is_refused_and_the_first_output_stays(project: Project) -> None:
    from qmsdoc.core.lock import build_lock

    project.path("build").mkdir()
    (project.path("build") / "register.csv").write_text("the first build's\n", "utf-8")
    (project.path("build") / ".qmsdoc-output").write_text("qmsdoc\n", "utf-8")
    with _held_elsewhere(build_lock(project.root)):
        done = run_cli("build", "--only", "records", cwd=project.root)
    assert done.returncode == 1, done
    assert "另一次构建" in done.stderr, done.stderr
    assert (project.path("build") / "register.csv").read_text("utf-8") == "the first build's\n"
    assert not [p.name for p in project.root.iterdir() if p.name.startswith(".build")]


RELEASED = "manuals/dy-aq/DY_AQ-001.md"
RELEASE = ("release", DOC, "--by", "王经理", "--reviewed-by", "李主管", "--change", "补充要求")


def test_an_editor_saving_while_release_rewrites_the_source_keeps_its_save(repo: Project,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc.core.sourcefile import SourceFile

    repo.write(RELEASED, repo.read(RELEASED) + "补充一条新的要求。\n")
    rewrite = SourceFile.with_front_matter

    def editor_saves_first(self: SourceFile, edited: str) -> bytes:  # after release read the file, before it writes
        self.path.write_text(self.path.read_text("utf-8") + "编辑器刚保存的一行。\n", "utf-8")
        return rewrite(self, edited)

    monkeypatch.setattr(SourceFile, "with_front_matter", editor_saves_first)
    done = run_cli(*RELEASE, cwd=repo.root)
    assert done.returncode == 1, done
    assert "被修改" in done.stderr, done.stderr
    assert "编辑器刚保存的一行。" in repo.read(RELEASED), done.stderr
    assert "补充要求" not in repo.read(RELEASED)


def test_a_release_nobody_edits_beside_is_unaffected(repo: Project) -> None:
    repo.write(RELEASED, repo.read(RELEASED) + "补充一条新的要求。\n")
    done = run_cli(*RELEASE, cwd=repo.root)
    assert done.returncode == 0, done
    assert "补充要求" in repo.read(RELEASED)


def test_a_lock_left_by_a_killed_holder_does_not_stop_the_next_act(project: Project) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
                               "from qmsdoc.core.lock import records_lock\n"
                               "with records_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n"
                               "    time.sleep(600)\n", str(project.root)],
                              env=env, text=True, stdout=subprocess.PIPE)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    holder.kill()  # as a power cut or `kill -9` would: the lock file stays, its lock goes with the process
    holder.wait()
    assert project.path(".qmsdoc.lock").exists()
    done = run_cli("issue", DOC, "--to", "甲", cwd=project.root)
    assert done.returncode == 0, done
    assert not project.path(".qmsdoc.lock").exists()


def test_a_new_project_ignores_the_lock_files(tmp_path: Path) -> None:
    done = run_cli("init", str(tmp_path / "new"), cwd=tmp_path)
    assert done.returncode == 0, done
    assert ".qmsdoc*.lock" in (tmp_path / "new" / ".gitignore").read_text("utf-8").splitlines()


def test_a_folder_no_lock_can_be_made_in_does_not_stop_the_act(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only checkout built into a build_dir elsewhere (the lock file cannot be made): the act goes on, as it
    did before locks; where the lock can be made, it is held for the block and removed after it."""
    import errno
    import os

    from qmsdoc.core import lock

    with lock.records_lock(tmp_path):
        assert (tmp_path / lock.RECORDS_LOCK).is_file()
    assert not (tmp_path / lock.RECORDS_LOCK).exists()

    def refused(*args: object, **kwargs: object) -> int:
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / lock.RECORDS_LOCK))

    monkeypatch.setattr(lock.os, "open", refused)
    ran = []
    with lock.records_lock(tmp_path, wait=0):
        ran.append(True)
    assert ran == [True]
    monkeypatch.setattr(lock.os, "open", os.open)


_STARTED = {"held\n", "child\n"}  # the holder has the lock and its forked worker runs (in either order)
_FORKING_HOLDER = """import os, sys, time
from pathlib import Path
from qmsdoc.core.lock import build_lock
with build_lock(Path(sys.argv[1])):
    if os.fork() == 0:  # a copy worker, forked while the build holds its lock
        os.write(1, b'child\\n')  # past fork's at-fork hooks (the lock's own closes its file here); one write each,
        # so the two processes' lines cannot interleave (print wrote 'held' and its newline apart: 'heldchild')
        time.sleep(600)
        os._exit(0)
    os.write(1, b'held\\n')
    time.sleep(600)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_worker_orphaned_by_a_killed_build_does_not_hold_the_build_lock(project: Project) -> None:
    """`kill -9` of a build left its forked Word-copy workers running, sharing the open lock file: every later
    build was refused as 「另一次构建（进程 <the dead build>）正在写入」 until someone found and killed them."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    holder = subprocess.Popen([sys.executable, "-c", _FORKING_HOLDER, str(project.root)], env=env, text=True,
                              stdout=subprocess.PIPE, start_new_session=True)
    try:
        assert holder.stdout is not None and {holder.stdout.readline(), holder.stdout.readline()} == _STARTED
        holder.kill()
        holder.wait()
        from qmsdoc.core.lock import build_lock

        with build_lock(project.root):  # refused (LockedError) while the orphan held the lock
            pass
    finally:
        with suppress(ProcessLookupError):  # the orphaned child, in the holder's session
            os.killpg(holder.pid, 9)


def test_a_build_lock_held_by_a_live_build_still_refuses_a_second(project: Project) -> None:
    from qmsdoc.core.lock import LockedError, build_lock

    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    holder = subprocess.Popen([sys.executable, "-c", _FORKING_HOLDER, str(project.root)], env=env, text=True,
                              stdout=subprocess.PIPE, start_new_session=True)
    try:
        assert holder.stdout is not None and {holder.stdout.readline(), holder.stdout.readline()} == _STARTED
        with pytest.raises(LockedError), build_lock(project.root):
            pass
    finally:
        with suppress(ProcessLookupError):
            os.killpg(holder.pid, 9)
        holder.wait()


def test_a_full_disk_lets_the_act_say_what_it_could_not_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a full disk the lock's pid could not be written, and the bare OSError ended every act with 「文件系统错误：
    磁盘空间已满」 — no file named, no word that nothing changed — leaving an empty lock file behind. The lock is held
    without its pid instead; the act goes on to the write that names its file (and undoes), and the lock goes."""
    import errno

    from qmsdoc.core import lock

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lock.os, "write", full)
    ran: list[object] = []

    def second() -> None:  # another thread is another holder: it is refused while the first holds the lock
        try:
            with lock.records_lock(tmp_path, wait=0):
                ran.append("second ran")
        except lock.LockedError:
            ran.append("refused")

    with lock.records_lock(tmp_path, wait=0):
        ran.append((tmp_path / lock.RECORDS_LOCK).read_bytes())
        other = threading.Thread(target=second)
        other.start()
        other.join()
    assert ran == [b"", "refused"] and not (tmp_path / lock.RECORDS_LOCK).exists()
