"""A build lets go of the check's memoised body readings once checked (issue #32, peak memory); a check alone
(what a preview re-runs on every save) keeps them."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as load_mkdocs_config

from qmsdoc.cli import main
from qmsdoc.core import check, load_config, mdlinks
from qmsdoc.core.parsecache import ParseCache

from conftest import Project


def _held() -> int:
    return sum(memo.cache_info().currsize for memo in (mdlinks.markdown_lines, mdlinks.raw_html_lines, mdlinks._read))


def test_a_check_keeps_the_readings_for_the_next_one(project: Project) -> None:
    mdlinks.forget_readings()
    check(load_config(project.root), ParseCache())
    assert _held() > 0


def test_qmsdoc_build_forgets_the_readings_once_checked(project: Project) -> None:
    check(load_config(project.root), ParseCache())  # readings held from before, as in a long-lived process
    assert main(["build", str(project.root), "--only", "site"]) == 0
    assert _held() == 0


def test_mkdocs_build_forgets_the_readings_once_checked(project: Project) -> None:
    check(load_config(project.root), ParseCache())
    config = load_mkdocs_config(str(Path(project.root) / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    assert _held() == 0


def test_a_preview_keeps_the_readings_for_its_next_check(project: Project, tmp_path: Path) -> None:
    mdlinks.forget_readings()
    config = load_mkdocs_config(str(Path(project.root) / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    assert _held() > 0
