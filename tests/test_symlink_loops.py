"""A symlink that leads round in a loop (`ln -s x x`), wherever it stands — a file beside the documents, a
document, the manuals or forms folder, a record file, build/: Python before 3.13 raises RuntimeError from
`Path.resolve()` there, which escaped as a traceback. Each is now a finding at the link, or the file-system
refusal naming the link (exit 1); never a traceback."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import Project, run_cli


def test_a_looping_link_beside_the_documents_is_qd001_at_the_link(project: Project) -> None:
    os.symlink("loop", project.path("manuals/qp-hr/loop"))
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 1, result
    assert "manuals/qp-hr/loop:1: error QD001" in result.stdout and "失效的链接" in result.stdout, result.stdout


def test_a_looping_document_is_qd001_at_the_document(project: Project) -> None:
    os.symlink("QP-02-99.md", project.path("manuals/qp-hr/QP-02-99.md"))
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 1, result
    assert "manuals/qp-hr/QP-02-99.md:1: error QD001" in result.stdout, result.stdout


@pytest.mark.parametrize("target", ["index.md", "gone.md"], ids=["loop", "dangling"])
def test_a_home_page_that_is_a_broken_link_is_qd001_not_no_home_page(project: Project, target: str) -> None:
    project.path("manuals/index.md").unlink()
    os.symlink(target, project.path("manuals/index.md"))
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 1, result
    assert "manuals/index.md:1: error QD001" in result.stdout, result.stdout


@pytest.mark.parametrize(("folder", "setting"), [("manuals", "manuals_dir"), ("controlled_forms", "forms_dir")])
@pytest.mark.parametrize("target", ["itself", "nothing"])
def test_a_broken_sources_folder_link_is_a_configuration_error_naming_the_setting(
        project: Project, folder: str, setting: str, target: str) -> None:
    """The forms folder a link to nothing was read as empty: 76 'no such form' errors, not one naming the cause."""
    shutil.rmtree(project.path(folder))
    os.symlink(folder if target == "itself" else "gone", project.path(folder))
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2, result
    assert f"qmsdoc.yml:{project.line_of('qmsdoc.yml', setting)}" in result.stderr, result.stderr
    assert f"配置项 {setting}“{folder}”是失效的符号链接" in result.stderr, result.stderr


@pytest.mark.parametrize("args", [("check",), ("acknowledgements", "QP-02-03")], ids=["check", "acknowledgements"])
def test_a_looping_record_file_is_no_traceback(project: Project, args: tuple[str, ...]) -> None:
    os.symlink("distribution.yaml", project.path("distribution.yaml"))
    os.symlink("acknowledgements.yaml", project.path("acknowledgements.yaml"))
    result = run_cli(*args, cwd=project.root)
    assert result.returncode in (0, 1), result
    assert "Traceback" not in result.stderr + result.stdout


def test_a_symlink_inside_the_project_is_still_quiet(project: Project) -> None:
    project.path("manuals/qp-hr/assets").mkdir()
    project.path("manuals/qp-hr/assets/a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    os.symlink("assets/a.png", project.path("manuals/qp-hr/b.png"))
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0, result


def test_resolved_follows_links_and_leaves_a_loop_where_it_stands(tmp_path: Path) -> None:
    from qmsdoc.core.portable import resolved

    (tmp_path / "real").mkdir()
    os.symlink("real", tmp_path / "link")
    os.symlink("loop", tmp_path / "loop")
    assert resolved(tmp_path / "link") == (tmp_path / "real").resolve()
    assert resolved(tmp_path / "loop") == Path(os.path.abspath(tmp_path / "loop"))


def test_only_pathlibs_loop_error_is_taken_for_a_loop() -> None:
    from qmsdoc.core.portable import symlink_loop

    loop = symlink_loop(RuntimeError("Symlink loop from '/p/x'"))
    assert loop is not None and loop.filename == "/p/x" and loop.errno is not None
    assert symlink_loop(RuntimeError("dictionary changed size during iteration")) is None
