"""The collector's pauses (core/gcpause.py): a block whose objects last to the end of the process sets them aside
(frozen) before the collector resumes, so its runs never scan them again; any other block leaves them to it. A
site build's model lasts (plain `mkdocs build`), a preview's does not (`mkdocs serve` replaces it on every save)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.config import load_config as load_mkdocs_config
from mkdocs.structure.files import get_files

from qmsdoc.core.gcpause import collector_paused

from conftest import Project


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Nothing set aside before the test (an earlier build's shutdown freezes what it leaves), nor after it."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def _made() -> list[dict[str, int]]:
    return [{"n": n} for n in range(2_000)]


def test_a_lasting_block_sets_aside_what_it_made(unfrozen: None) -> None:
    with collector_paused(lasting=True):
        kept = _made()
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept)


def test_a_passing_block_leaves_its_objects_to_the_collector(unfrozen: None) -> None:
    with collector_paused():
        kept = _made()
    assert gc.isenabled() and kept
    assert gc.get_freeze_count() == 0


def test_the_outermost_block_decides(unfrozen: None) -> None:
    with collector_paused():
        with collector_paused(lasting=True):
            kept = _made()
        assert not gc.isenabled()  # the inner block neither resumes the collector nor sets anything aside
    assert gc.isenabled() and kept
    assert gc.get_freeze_count() == 0


def _files_event(project: Project, command: str, site_dir: Path) -> None:
    """MkDocs' events up to `on_files`, where the plugin checks the sources and attaches its pages."""
    config = load_mkdocs_config(str(Path(project.root) / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command=command, dirty=False)  # no on_shutdown: it sets everything aside (the exit)
    config = config.plugins.on_config(config)
    config.plugins.on_files(get_files(config), config=config)
    assert gc.isenabled()


def test_a_site_build_sets_its_model_aside(project: Project, unfrozen: None) -> None:
    _files_event(project, "build", Path(project.root) / "build" / "site")
    assert gc.get_freeze_count() > 10_000  # the corpus, the model and every page's File


def test_a_preview_leaves_its_model_to_the_collector(project: Project, tmp_path: Path, unfrozen: None) -> None:
    _files_event(project, "serve", tmp_path / "served")
    assert gc.get_freeze_count() == 0
