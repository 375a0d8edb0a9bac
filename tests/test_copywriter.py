"""Writing copies: the export's memory stays flat however large the corpus held in memory beside it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = r"""
import gc, sys, weakref
from pathlib import Path
from qmsdoc.core.copywriter import write_copies

corpus = [[i] for i in range(1_500_000)]  # the checked corpus: a large long-lived heap
gc.collect()
alive = weakref.WeakSet()

class Tree:  # like a python-docx document: a reference cycle holding a large buffer
    pass

def build(job):
    tree = Tree()
    tree.me, tree.xml = tree, bytearray(200_000)
    alive.add(tree)
    scratch = [[n] for n in range(3_000)]  # a job's many objects: the tree is promoted before it dies
    return str(len(alive) + 0 * len(scratch)).encode()  # how many trees this process holds now

out = Path(sys.argv[1])
workers = int(sys.argv[2])
write_copies(build, [(out, f"copy-{n}.bin", None) for n in range(300)], workers=workers, threshold=1)
"""


@pytest.mark.parametrize("workers", [1, 2])
def test_an_export_frees_each_copy_as_it_goes(tmp_path: Path, workers: int) -> None:
    # The freeze is inherited by forked workers: this measures that path (spawned workers are
    # tests/test_portable.py's), so the portable pass's QMSDOC_PORTABLE is not passed on.
    env = {k: v for k, v in os.environ.items() if k != "QMSDOC_PORTABLE"}
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), str(workers)], capture_output=True,
                            text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    held = [int(path.read_text()) for path in tmp_path.glob("copy-*.bin")]
    assert len(held) == 300
    # Without the freeze a process held up to 100 dead trees (20 MB) at once; a 10,000-document build's
    # workers grew by gigabytes.
    assert max(held) < 30, max(held)


RENEWED = r"""
import os, sys
from pathlib import Path
from qmsdoc.core.copywriter import write_copies

def build(job):
    return str(os.getpid()).encode()  # which worker wrote the copy

if __name__ == "__main__":  # spawned workers import this file again
    out = Path(sys.argv[1])
    per_worker = int(sys.argv[2]) or None
    write_copies(build, [(out, f"copy-{n}.bin", None) for n in range(24)], workers=2, threshold=1, chunksize=2,
                 start_method="spawn", tasks_per_worker=per_worker)
"""


@pytest.mark.parametrize(("per_worker", "fewest", "most"), [(0, 1, 2), (3, 4, 8)])
def test_workers_are_renewed_after_their_share_of_copies(tmp_path: Path, per_worker: int, fewest: int,
                                                         most: int) -> None:
    """A library whose cache never shrinks (Typst's) is given fresh workers: 24 copies at 3 per worker take
    four pools, each starting its own workers; without a share, at most the two first workers write them all."""
    script = tmp_path / "renewed.py"
    script.write_text(RENEWED, "utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, str(script), str(out), str(per_worker)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    writers = {path.read_text() for path in out.glob("copy-*.bin")}
    assert len(list(out.glob("copy-*.bin"))) == 24
    assert fewest <= len(writers) <= most and str(os.getpid()) not in writers, writers


def test_a_manual_weighs_as_its_documents_in_a_workers_share() -> None:
    from qmsdoc.core.copyjobs import ManualJob
    from qmsdoc.core.copywriter import _batches

    manual = ManualJob.__new__(ManualJob)
    object.__setattr__(manual, "documents", tuple(range(5)))
    tasks = [(Path("."), "manual", manual), *[(Path("."), f"doc-{n}", None) for n in range(6)]]
    sizes = [[task[1] for task in batch] for batch in _batches(tasks, 6)]  # type: ignore[arg-type]
    assert sizes == [["manual", "doc-0"], ["doc-1", "doc-2", "doc-3", "doc-4", "doc-5"]]


def _labelled(job: object) -> bytes:
    """A builder that writes what a copy's header cell says: the label in the worker's language."""
    from qmsdoc.core.i18n import t

    return t("label.id").encode()


@pytest.mark.parametrize(("language", "label"), [("en", "Document No."), ("zh-CN", "文件编号")])
@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_a_worker_started_afresh_writes_in_the_projects_language(tmp_path: Path, language: str, label: str,
                                                                 method: str) -> None:
    """An English project's 60th PDF (the PDF's workers start afresh) and its 40th Word copy on Windows or macOS
    (spawn) were headed 文件编号 / 第1页共2页: the workers had read no qmsdoc.yml and spoke the default language."""
    from qmsdoc.core import i18n
    from qmsdoc.core.copywriter import write_copies

    with i18n.using(language):
        written = write_copies(_labelled, [(tmp_path, f"copy-{n}.bin", None) for n in range(6)],
                               workers=2, threshold=1, start_method=method)
    assert len(written) == 6
    assert {path.read_text("utf-8") for path in tmp_path.glob("copy-*.bin")} == {label}


BESIDE = r"""
import os, sys, time
from pathlib import Path
from qmsdoc.core.copyjobs import ManualJob
from qmsdoc.core.copywriter import write_copies

def build(job):
    if isinstance(job, ManualJob) and len(sys.argv) > 3:
        raise ValueError("the manual failed")
    if isinstance(job, ManualJob):  # waits (at most 20 s) for the last of the documents' copies
        last = Path(sys.argv[1]) / "doc-11.bin"
        deadline = time.monotonic() + 20
        while not last.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return b"beside" if last.exists() else b"alone"
    return str(os.getpid()).encode()

if __name__ == "__main__":
    out = Path(sys.argv[1])
    manual = ManualJob("M-01", "", "", "", "", "", (), documents=tuple(range(int(sys.argv[2]))))
    tasks = [(out, "manual.bin", manual), *[(out, f"doc-{n}.bin", None) for n in range(12)]]
    write_copies(build, tasks, workers=2, threshold=1, start_method="spawn", tasks_per_worker=3)
"""


def test_a_manual_heavier_than_a_workers_share_is_written_beside_the_other_copies(tmp_path: Path) -> None:
    """A 10-document manual at 3 documents a worker: in a batch of its own it left the other worker idle, and
    the documents' copies waited for it; now they are written while it is."""
    script = tmp_path / "beside.py"
    script.write_text(BESIDE, "utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, str(script), str(out), "10"], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert (out / "manual.bin").read_bytes() == b"beside"
    assert len(list(out.glob("doc-*.bin"))) == 12


def test_only_a_task_heavier_than_a_workers_share_is_written_alone() -> None:
    from qmsdoc.core.copyjobs import ManualJob
    from qmsdoc.core.copywriter import _heavy

    def manual(documents: int) -> ManualJob:
        return ManualJob("M", "", "", "", "", "", (), documents=tuple(range(documents)))  # type: ignore[arg-type]

    big, small = (Path("."), "big", manual(10)), (Path("."), "small", manual(3))
    tasks = [big, small, *[(Path("."), f"doc-{n}", None) for n in range(6)]]
    assert _heavy(tasks, 2, 3) == [big]  # type: ignore[arg-type]
    assert _heavy(tasks, 1, 3) == []  # type: ignore[arg-type]  # one core: nothing to write beside it
    assert _heavy(tasks, 2, None) == []  # type: ignore[arg-type]  # no renewal: one pool for all
    assert _heavy(tasks, 2, 10) == []  # type: ignore[arg-type]  # within a worker's share


def test_a_manual_written_beside_the_other_copies_still_fails_the_export(tmp_path: Path) -> None:
    script = tmp_path / "beside.py"
    script.write_text(BESIDE, "utf-8")
    result = subprocess.run([sys.executable, str(script), str(tmp_path / "out"), "10", "fail"], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode != 0 and "ValueError: the manual failed" in result.stderr, result.stderr
    assert not (tmp_path / "out" / "manual.bin").exists()


ORPHANED = r"""
import os, sys, time
from pathlib import Path
from qmsdoc.core.copywriter import write_copies

out = Path(sys.argv[1])

def build(job):
    (out / f"worker-{os.getpid()}").touch()
    time.sleep(float(sys.argv[2]))  # a long copy (a whole manual's PDF)
    return b"copy"

write_copies(build, [(out, f"copy-{n}.bin", None) for n in range(2)], workers=2, threshold=1)
print("done", flush=True)
"""


def _workers_started(folder: Path, count: int) -> list[int]:
    for _ in range(600):
        pids = [int(p.name.split("-")[1]) for p in folder.glob("worker-*")]
        if len(pids) >= count:
            return pids
        time.sleep(0.05)
    raise AssertionError("no worker started")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_workers_end_when_the_export_that_started_them_is_killed(tmp_path: Path) -> None:
    """kill -9 of a build left its copy workers waiting for ever (each with its share of the corpus's memory)."""
    env = {k: v for k, v in os.environ.items() if k != "QMSDOC_PORTABLE"}
    export = subprocess.Popen([sys.executable, "-c", ORPHANED, str(tmp_path), "600"], env=env,
                              start_new_session=True)
    try:
        workers = _workers_started(tmp_path, 2)
        export.kill()
        export.wait()
        deadline = time.monotonic() + 10
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_alive, workers))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(export.pid, signal.SIGKILL)


def test_workers_of_a_live_export_finish_their_copies(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "QMSDOC_PORTABLE"}
    result = subprocess.run([sys.executable, "-c", ORPHANED, str(tmp_path), "2.5"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and result.stdout == "done\n", result.stderr
    assert sorted(p.name for p in tmp_path.glob("copy-*")) == ["copy-0.bin", "copy-1.bin"]
