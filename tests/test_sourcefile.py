"""Source edits are atomic and faithful: line endings, BOM and body bytes survive; a failed write
leaves the original byte-identical and says so, without a traceback."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qmsdoc.acts.yamledit import FrontMatterEditor
from qmsdoc.cli import main
from qmsdoc.core.sourcefile import SourceFile, SourceWriteError, remove_stale_temps, write_atomic

from conftest import Project

DOC = "manuals/qp-service/QP-03-02.md"


def _release(project: Project) -> int:
    return main(["release", "QP-03-02", "--by", "总经理", "--reviewed-by", "客服经理", "--change", "测试修订",
                 "--date", "2026-11-01", "--path", str(project.root)])


def test_front_matter_edit_keeps_crlf_bom_and_body_bytes(tmp_path: Path) -> None:
    path = tmp_path / "X.md"
    body = b"## 1.0 \xe7\x9b\xae\xe7\x9a\x84\r\n\r\nmixed\nendings  \r\n"
    path.write_bytes(b"\xef\xbb\xbf---\r\nid: X\r\nstatus: draft # keep\r\n---\r\n" + body)
    source = SourceFile.read(path)
    editor = FrontMatterEditor(source.text)
    editor.set("status", "effective")
    data = source.with_front_matter(editor.text())
    assert data == b"\xef\xbb\xbf---\r\nid: X\r\nstatus: effective # keep\r\n---\r\n" + body


def test_release_of_a_crlf_file_changes_only_front_matter_lines(project: Project) -> None:
    path = project.path(DOC)
    original = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n").replace(
        b"review_months: 24", b"review_months: 36")  # a change to release
    path.write_bytes(original)
    body = original.split(b"\r\n---\r\n", 1)[1]
    assert _release(project) == 0
    after = path.read_bytes()
    assert after.split(b"\r\n---\r\n", 1)[1] == body
    assert b"\n" not in after.replace(b"\r\n", b"")  # no bare LF introduced
    assert b"A/1" in after or b"A/2" in after


def test_full_disk_leaves_the_source_byte_identical(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    project.replace(DOC, "review_months: 24", "review_months: 36")  # a change to release
    before = project.path(DOC).read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    assert _release(project) == 1
    assert project.path(DOC).read_bytes() == before
    assert not [p for p in project.path(DOC).parent.iterdir() if p.name.endswith(".tmp")]
    err = capsys.readouterr().err
    assert "原文件未改动" in err and "Traceback" not in err


def test_exclusive_write_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"user's file")
    with pytest.raises(SourceWriteError):
        write_atomic(path, b"new", exclusive=True)
    assert path.read_bytes() == b"user's file"
    write_atomic(tmp_path / "b.md", b"new", exclusive=True)
    assert (tmp_path / "b.md").read_bytes() == b"new"


def test_a_write_to_a_symlink_goes_to_the_file_it_names(tmp_path: Path) -> None:
    kept = tmp_path / "records" / "register.yaml"
    kept.parent.mkdir()
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    link = tmp_path / "register.yaml"
    link.symlink_to("records/register.yaml")
    write_atomic(link, b"new")
    assert link.is_symlink() and kept.read_bytes() == b"new" and kept.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in kept.parent.iterdir()) == ["register.yaml"]  # no temporary file left


def test_a_dangling_symlink_is_not_written_through(tmp_path: Path) -> None:
    link = tmp_path / "register.yaml"
    link.symlink_to(tmp_path / "gone" / "register.yaml")
    with pytest.raises(SourceWriteError):
        write_atomic(link, b"new", exclusive=True)
    assert link.is_symlink() and not (tmp_path / "gone").exists()


KILLED_MID_WRITE = r"""
import os, sys, time
from pathlib import Path
from qmsdoc.core import sourcefile

def stuck(temp, path):  # the rename never comes: the writer is killed between the fsync and it
    Path(sys.argv[2]).touch()
    time.sleep(600)

os.replace = stuck
sourcefile.write_atomic(Path(sys.argv[1]), b"half of the new register")
"""


def _killed_mid_write(path: Path) -> None:
    """Run write_atomic of `path` in a process and SIGKILL it once its temporary file is written, before the rename
    (when it says so: deterministic, no timing)."""
    ready = path.parent.parent / "ready"
    writer = subprocess.Popen([sys.executable, "-c", KILLED_MID_WRITE, str(path), str(ready)], start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert ready.exists(), "the writer never reached its rename"
    finally:
        os.killpg(writer.pid, signal.SIGKILL)
        writer.wait()


def test_the_next_write_removes_the_temporary_file_a_killed_write_left(tmp_path: Path) -> None:
    """kill -9 between a register's temporary file and its rename left `.distribution.yaml.….tmp` in the project
    for ever (QD212 in issued/, an untracked file beside the sources): the next write of that file removes it."""
    (tmp_path / "project").mkdir()
    register = tmp_path / "project" / "distribution.yaml"
    register.write_bytes(b"old register")
    _killed_mid_write(register)
    left = [p.name for p in register.parent.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and register.read_bytes() == b"old register"  # the kill: the old file, whole
    write_atomic(register, b"new register")
    assert sorted(p.name for p in register.parent.iterdir()) == ["distribution.yaml"]
    assert register.read_bytes() == b"new register"


def test_a_temporary_file_of_a_running_writer_or_of_the_user_stays(tmp_path: Path) -> None:
    register = tmp_path / "distribution.yaml"
    register.write_bytes(b"old")
    running = tmp_path / f".distribution.yaml.{os.getppid()}-abcd1234.tmp"  # a live process's (our parent's) write
    theirs = [tmp_path / ".distribution.yaml.notes.tmp", tmp_path / ".distribution.yaml.1-x.txt",
              tmp_path / ".other.yaml.99999999-abcd.tmp", tmp_path / ".distribution.yaml.abc-1.tmp"]
    for path in (running, *theirs):
        path.write_bytes(b"keep")
    assert remove_stale_temps(register) == []
    write_atomic(register, b"new")
    assert all(p.read_bytes() == b"keep" for p in (running, *theirs))
