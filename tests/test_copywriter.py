"""Writing copies: the export's memory stays flat however large the corpus held in memory beside it."""

from __future__ import annotations

import os
import subprocess
import sys
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
