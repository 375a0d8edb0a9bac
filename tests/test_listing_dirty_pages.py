"""Every generated listing page of a dirty build (`mkdocs build --dirty`, `qmsdoc serve`) — 受控文件清单, 定期评审,
表单, 作废文件, 回收清单, 学习确认 — is fingerprinted by its own text (site_model.py `listing_page`), written once a
build for the page and its fingerprint: a withdrawal rewrites the pages that show it as a full build writes them,
and a dirty build after no change writes none of them again."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_history_shapes import commit, qmsdoc, start

from conftest import Project
from sitebuild import copied_build, dirty_and_full, dirty_build, mkdocs_build

pytestmark = pytest.mark.slow

TODAY = "2025-06-01"
LISTINGS = ("register", "review", "forms", "obsolete", "recall", "acknowledgements")


def _page(root: Path, name: str) -> Path:
    return root / "build" / "site" / name / "index.html"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small project, committed and built in full on TODAY."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        project = start(tmp_path_factory.mktemp("listingdirty") / "qms")
        built = mkdocs_build(project.root, "--no-strict")
        assert built.returncode == 0, built.stderr[-3000:]
    return project.root


def test_a_withdrawal_rewrites_the_listings_as_a_full_build_does(base: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", TODAY)
    root = copied_build(base, tmp_path)
    assert "QM-01" not in _page(root, "obsolete").read_text("utf-8")
    code, out, err = qmsdoc(Project(root), "obsolete", "QM-01", "--no-successor", "--by", "总经理",
                            "--reason", "合并", "--date", TODAY)
    assert code == 0, out + err
    commit(root, "QM-01 withdrawn", f"{TODAY}T10:00:00+08:00")
    reference = dirty_and_full(root, tmp_path)
    assert "QM-01" in _page(reference, "obsolete").read_text("utf-8")
    for name in LISTINGS:
        assert _page(root, name).read_text("utf-8") == _page(reference, name).read_text("utf-8"), name


def test_a_dirty_build_after_no_change_keeps_every_listing(base: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", TODAY)
    root = copied_build(base, tmp_path)
    written = {name: _page(root, name).stat().st_mtime_ns for name in LISTINGS}
    dirty_build(root)
    assert {name: _page(root, name).stat().st_mtime_ns for name in LISTINGS} == written  # fingerprints matched
