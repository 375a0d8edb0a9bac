"""A controlled copy is reused only while nothing its bytes depend on changed: every qmsdoc module the Word and
PDF writers load is in their salt (core/copyreuse.py), so a change to any of them writes the copies again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from qmsdoc.core.copyreuse import shared_modules

_LOADED = """
import sys
import qmsdoc.word.export, qmsdoc.word.reuse, qmsdoc.pdf.export
for name, module in sorted(sys.modules.items()):
    if name.startswith("qmsdoc.") and getattr(module, "__file__", None):
        print(module.__file__)
"""


def test_every_module_the_copy_writers_load_is_in_their_salt() -> None:
    loaded = subprocess.run([sys.executable, "-c", _LOADED], capture_output=True, text=True, check=True).stdout.split()
    salted = {path.resolve() for path in shared_modules()}
    missing = [path for path in (Path(p).resolve() for p in loaded) if path not in salted]
    assert not missing, missing
