"""The 学习确认 page of a dirty build (`mkdocs build --dirty`, `qmsdoc serve`) is the full build's. A reading moved
to the other department of a person the roster lists in both changes no assignment's data (the same person, day
and state in each row), only which row says 「（登记为 …）」: the page's fingerprint held the data, so a dirty build —
or a build/ with that fingerprint put back — kept the page as it was. A dirty build after no change still keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_history_shapes import DOC, commit, qmsdoc, start

from conftest import Project
from sitebuild import copied_build, dirty_and_full, dirty_build, mkdocs_build

pytestmark = pytest.mark.slow

TODAY = "2025-03-05"
REGISTER = "acknowledgements.yaml"


def _page(root: Path) -> Path:
    found = [p for p in (root / "build" / "site").rglob("index.html") if p.parent.name == "acknowledgements"]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM-01 A/1 to be read by 质量管理部 and 生产部; the roster lists 张三 in both; 张三's reading recorded under
    质量管理部 (so it counts for 生产部 too); built in full on TODAY."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", TODAY)
        project = start(tmp_path_factory.mktemp("ackdirty") / "qms")
        project.write(DOC, project.read(DOC).replace("status: ", "acknowledge: [质量管理部, 生产部]\nstatus: ", 1))
        project.write("roster.yaml", "质量管理部: [张三]\n生产部: [李四, 张三]\n")
        commit(project.root, "who must read QM-01", "2025-03-02T10:00:00+08:00")
        code, out, err = qmsdoc(project, "acknowledge", "QM-01", "--by", "张三", "--department", "质量管理部",
                                "--date", TODAY)
        assert code == 0, out + err
        commit(project.root, "acknowledged", f"{TODAY}T10:00:00+08:00")
        built = mkdocs_build(project.root, "--no-strict")
        assert built.returncode == 0, built.stderr[-3000:]
    assert "质量管理部" in _page(project.root).read_text("utf-8")
    return project.root


def test_a_reading_moved_to_the_other_department_rewrites_the_page_in_a_dirty_build(
        base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", TODAY)
    root = copied_build(base, tmp_path)
    project = Project(root)
    assert project.read(REGISTER).count("department: 质量管理部") == 1
    project.replace(REGISTER, "department: 质量管理部", "department: 生产部")
    reference = dirty_and_full(root, tmp_path)
    expected = _page(reference).read_text("utf-8")
    assert expected != _page(base).read_text("utf-8")  # the move shows on the page: the dirty build had work
    assert _page(root).read_text("utf-8") == expected


def test_a_dirty_build_after_no_change_keeps_the_page(base: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", TODAY)
    root = copied_build(base, tmp_path)
    page = _page(root)
    written = page.stat().st_mtime_ns
    dirty_build(root)
    assert page.stat().st_mtime_ns == written  # not written again: its fingerprint matched
