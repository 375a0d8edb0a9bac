"""The 回收清单 page of a dirty build (`mkdocs build --dirty`, `qmsdoc serve`) is the full build's. Its fingerprint
held the copies' register entries alone, so a release that retitles a document whose superseded copies are still
out (the entries unchanged; the page names the document by its title now and the version now in force) left the
page as it was. A dirty build after no change still keeps it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_history_shapes import DOC, bump, commit, qmsdoc, release, start

from conftest import Project
from sitebuild import copied_build, dirty_and_full, dirty_build, mkdocs_build

pytestmark = pytest.mark.slow

TODAY = "2025-04-10"


def _ok(project: Project, *args: str) -> None:
    code, out, err = qmsdoc(project, *args)
    assert code == 0, out + err


def _page(root: Path) -> Path:
    return root / "build" / "site" / "recall" / "index.html"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of QM-01 A/1 issued, A/2 released since (the copy to be recalled), built in full on TODAY."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        project = start(tmp_path_factory.mktemp("recalldirty") / "qms")
        _ok(project, "issue", "QM-01", "--to", "质量管理部", "--by", "张三", "--date", "2025-03-02")
        commit(project.root, "issued", "2025-03-02T10:00:00+08:00")
        bump(project, "2025-04-01", "第二版正文。")
        commit(project.root, "A/2", "2025-04-01T10:00:00+08:00")
        built = mkdocs_build(project.root, "--no-strict")
        assert built.returncode == 0, built.stderr[-3000:]
    return project.root


def test_a_retitled_document_rewrites_the_recall_page_in_a_dirty_build(base: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", TODAY)
    root = copied_build(base, tmp_path)
    project = Project(root)
    title = re.findall(r"(?m)^title: (.*)$", project.read(DOC))[0]
    assert title in _page(root).read_text("utf-8")
    _ok(project, "revise", "QM-01", "--by", "质量经理", "--date", TODAY)
    draft = next(project.path("revisions").rglob("QM-01.md"))
    draft.write_text(draft.read_text("utf-8").replace(f"title: {title}", "title: 受控文件管理程序", 1), "utf-8")
    release(project, "QM-01", TODAY, "--reviewed-by", "经理")
    commit(root, "A/3 retitled", f"{TODAY}T10:00:00+08:00")
    reference = dirty_and_full(root, tmp_path)
    expected = _page(reference).read_text("utf-8")
    assert "受控文件管理程序" in expected and title not in expected  # the copy still to recall, by its title now
    assert _page(root).read_text("utf-8") == expected


def test_a_dirty_build_after_no_change_keeps_the_recall_page(base: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", TODAY)
    root = copied_build(base, tmp_path)
    written = _page(root).stat().st_mtime_ns
    dirty_build(root)
    assert _page(root).stat().st_mtime_ns == written  # not written again: its fingerprint matched
