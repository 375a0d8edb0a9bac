"""Helpers for tests that run the real `mkdocs build` or Word export on a project copy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from qmsdoc.core import check, load_config
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.word.export import plan_export, write_files


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


def export_docx(project: Any, out: str = "build/docx", only: list[str] | None = None) -> Path:
    result = check(load_config(project.root))
    assert result.ok, [f.format() for f in result.findings]
    plan = plan_export(result, CorpusRenderer(result.corpus, result.context.config), "测试物业公司", only)
    write_files(plan, project.root / out, workers=1)
    return project.root / out
