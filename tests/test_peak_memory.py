"""A build lets go of the check's memoised body readings once checked (issue #32, peak memory); a check alone
(what a preview re-runs on every save) keeps them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as load_mkdocs_config

from qmsdoc.cli import main
from qmsdoc.core import check, load_config, mdlinks
from qmsdoc.core.dialect import ListReading
from qmsdoc.core.parsecache import ParseCache

from conftest import Project


def _held() -> int:
    """How many readings mdlinks' memos hold, all of them together."""
    return sum(_memos().values())


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


BODY = "# 目的\n\n- 第一项\n- 第二项\n\n```\ncode\n```\n"


def _memos() -> dict[str, int]:
    """Every memoised reading of mdlinks, with how many readings it holds."""
    return {name: memo.cache_info().currsize for name, memo in vars(mdlinks).items() if hasattr(memo, "cache_info")}


def test_forget_readings_empties_every_reading_of_mdlinks() -> None:
    mdlinks.item_lines(BODY, 1)
    mdlinks.parted_fences(BODY, 1)
    assert mdlinks._list_reading.cache_info().currsize > 0
    mdlinks.forget_readings()
    assert {name: held for name, held in _memos().items() if held} == {}


@pytest.fixture
def fresh_readings() -> Iterator[None]:
    """No reading held before the test, and none it made (a faked one) left for the tests after it."""
    mdlinks.forget_readings()
    yield
    mdlinks.forget_readings()


def _fake_reading(lines: list[str], fancy: bool) -> ListReading:
    # a fence closing on the body's 6th line, where BODY's is not
    return ListReading({}, frozenset({5}), frozenset(), frozenset(), frozenset(), frozenset(), frozenset())


@pytest.mark.usefixtures("fresh_readings")
def test_a_list_reading_is_read_anew_after_forget_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    mdlinks.parted_fences(BODY, 1)  # memoised as the parse reads it
    monkeypatch.setattr(mdlinks, "list_reading", _fake_reading)
    mdlinks.forget_readings()
    assert mdlinks.parted_fences(BODY, 1) == frozenset({6})


@pytest.mark.usefixtures("fresh_readings")
def test_a_list_reading_stays_memoised_until_forget_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    kept = mdlinks.parted_fences(BODY, 1)
    monkeypatch.setattr(mdlinks, "list_reading", _fake_reading)
    assert mdlinks.parted_fences(BODY, 1) == kept != frozenset({6})
