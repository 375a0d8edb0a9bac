"""A document page whose approved version waits for its effective date links the page and the copies of the version
in force until then, which git's release of that version gives: a clone made shallow holds none, so the banner
names that version without a link. Deepened (`git fetch --unshallow`), the release is there and a full build links
both; a dirty build (`mkdocs build --dirty`, `qmsdoc serve`) must too, though neither the source nor the model
changed. A dirty build after no change still keeps the page."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import committed_project, release_later, today_is
from pending_projects import APPROVED, EFFECTIVE
from sitebuild import copied_build, dirty_and_full, dirty_build, mkdocs_build

pytestmark = pytest.mark.slow

CODE = "QP-03-04"


def _page(root: Path) -> Path:
    return root / "build" / "site" / "qp-service" / CODE / "index.html"


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of depth 1 of the shipped project with QP-03-04 A/1 waiting (A/0 in force), built in full."""
    folder = tmp_path_factory.mktemp("inforcedirty")
    with today_is(APPROVED):
        origin = committed_project(folder)
        release_later(origin, CODE, EFFECTIVE)
        shallow = folder / "shallow"
        _git(folder, "clone", "-q", "--depth", "1", f"file://{origin}", str(shallow))
        built = mkdocs_build(shallow, "--no-strict")
        assert built.returncode == 0, built.stderr[-3000:]
    assert "history/QP-03-04/A-0" not in _page(shallow).read_text("utf-8")
    return shallow


def test_a_deepened_history_links_the_version_in_force_in_a_dirty_build(base: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", APPROVED)
    root = copied_build(base, tmp_path)
    _git(root, "fetch", "-q", "--unshallow")
    reference = dirty_and_full(root, tmp_path)
    expected = _page(reference).read_text("utf-8")
    assert "history/QP-03-04/A-0" in expected  # the banner links the page of the version in force
    assert _page(root).read_text("utf-8") == expected


def test_a_dirty_build_after_no_change_keeps_the_page(base: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", APPROVED)
    root = copied_build(base, tmp_path)
    written = _page(root).stat().st_mtime_ns
    dirty_build(root)
    assert _page(root).stat().st_mtime_ns == written  # not written again: its fingerprint matched
