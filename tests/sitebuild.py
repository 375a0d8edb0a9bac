"""Helpers for tests that run the real `mkdocs build` on a project copy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def mkdocs_build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra], cwd=root,
                          capture_output=True, text=True, env=_env())


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def page(root: Path, uri: str) -> str:
    return (root / "build" / "site" / uri / "index.html").read_text("utf-8")
