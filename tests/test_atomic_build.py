"""`qmsdoc build` is atomic and reproducible: killed at random moments, build/ is always the previous
complete output or the new one; two builds of the same sources are byte-identical."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import Project

DOC = "manuals/qp-hr/QP-02-03.md"


def _build(project: Project) -> float:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build"], cwd=project.root, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return time.monotonic() - started


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file():
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def test_two_builds_are_byte_identical(project: Project) -> None:
    _build(project)
    first = {p.relative_to(project.root).as_posix(): p.read_bytes() for p in project.path("build").rglob("*")
             if p.is_file()}
    _build(project)
    second = {p.relative_to(project.root).as_posix(): p.read_bytes() for p in project.path("build").rglob("*")
              if p.is_file()}
    assert first.keys() == second.keys()
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == []
    assert any(n.endswith(".docx") for n in first) and "build/manifest.json" in first and "build/register.xlsx" in first


def test_killed_builds_leave_old_or_new_complete_output(project: Project) -> None:
    _build(project)
    duration = _build(project)  # warm (jieba cache, imports): the kill window below is within a build
    old = tree_digest(project.path("build"))
    project.replace(DOC, "title: 员工离职管理工作规程", "title: 员工离职与交接管理工作规程")
    project.restamp(DOC)  # released with the new title
    rng = random.Random(20261122)
    seen = []
    killed_midway = 0
    for _ in range(20):
        process = subprocess.Popen([sys.executable, "-m", "qmsdoc.cli", "build"], cwd=project.root,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0, duration * 0.9))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the whole group: qmsdoc and its mkdocs child
        killed_midway += process.wait() == -signal.SIGKILL
        seen.append(tree_digest(project.path("build")))
    _build(project)
    new = tree_digest(project.path("build"))
    assert new != old
    assert set(seen) <= {old, new}, "build/ was found half-written"
    assert killed_midway >= 10  # the kills really landed while builds were running
    assert "员工离职与交接管理工作规程" in project.read("build/site/qp-hr/QP-02-03/index.html")
    assert not list(project.root.glob(".build-*")), "stale staging folders are cleaned by the next build"
