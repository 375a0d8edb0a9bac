"""Helpers for tests that run the real `mkdocs build` or Word export on a project copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sitecrawl import served

from qmsdoc.core import check, load_config
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.word.export import plan_export, write_files


def mkdocs_build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra], cwd=root,
                          capture_output=True, text=True, env=_env())


@contextmanager
def served_site(root: Path, today: str | None = None) -> Iterator[str]:
    """The project at `root` built by `qmsdoc build --only site` in an interpreter of its own (on `today` when one is
    given, else on the day the tests run on) and its site served: the site's URL, ending "/"."""
    env = {**os.environ, "QMSDOC_TODAY": today} if today else None
    built = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build", "--only", "site"], cwd=root,
                           capture_output=True, text=True, env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    with served(root / "build" / "site") as url:
        yield url


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def copied_build(base: Path, tmp_path: Path) -> Path:
    """A copy of the built project `base`: its site and dirty fingerprints with it, file times kept."""
    root = tmp_path / "qms"
    shutil.copytree(base, root, symlinks=True)
    return root


def dirty_build(root: Path) -> None:
    """`mkdocs build --dirty` in `root`, which must succeed."""
    dirty = mkdocs_build(root, "--dirty", "--no-strict")
    assert dirty.returncode == 0, dirty.stderr[-3000:]


def dirty_and_full(root: Path, tmp_path: Path) -> Path:
    """A dirty build in `root`, and the reference it must equal: a full build of a copy of its sources (no build/).
    The copy's root."""
    dirty_build(root)
    reference = tmp_path / "reference"
    shutil.copytree(root, reference, symlinks=True, ignore=shutil.ignore_patterns("build"))
    full = mkdocs_build(reference, "--no-strict")
    assert full.returncode == 0, full.stderr[-3000:]
    return reference


def page(root: Path, uri: str) -> str:
    return (root / "build" / "site" / uri / "index.html").read_text("utf-8")


def export_docx(project: Any, out: str = "build/docx", only: list[str] | None = None) -> Path:
    result = check(load_config(project.root))
    assert result.ok, [f.format() for f in result.findings]
    plan = plan_export(result, CorpusRenderer(result.corpus, result.context.config), "测试物业公司", only)
    write_files(plan, project.root / out, workers=1)
    return project.root / out
