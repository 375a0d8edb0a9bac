"""Every record path is a record (#33): the distribution register, the allowed-signers file, issued_dir, the
acknowledgements register, the roster and the working revisions' folder
may not lie where a build replaces files (build_dir, the site folder), nor be a source, a manual folder, a
configuration file or the project root. One rule decides it for all of them; every command stops with
exit 2 naming the setting, and nothing is written."""

from __future__ import annotations

import pytest

from conftest import Project, configure, run_cli

FILES = ("distribution", "allowed_signers", "acknowledgements", "roster")
FOLDERS = ("issued_dir", "revisions_dir")


@pytest.mark.parametrize("setting", [*FILES, *FOLDERS])
@pytest.mark.parametrize("value", ["build/{name}", "build/site/{name}", "build", "build/docx"])
def test_every_record_path_inside_build_is_refused(project: Project, setting: str, value: str) -> None:
    configure(project, **{setting: value.format(name="records.yaml")})
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert setting in result.stderr and "build_dir" in result.stderr, result.stderr


@pytest.mark.parametrize("setting", [*FILES, *FOLDERS])
@pytest.mark.parametrize("value", [".", "..", "manuals", "manuals/qp-hr", "manuals/qp-hr/QP-02-03.md",
                                   "controlled_forms/QP-02-03-F001.yaml", "controlled_forms/new.yaml", "qmsdoc.yml",
                                   "mkdocs.yml", "revisions/manuals/x.yaml"])
def test_record_paths_on_sources_or_the_project_root_are_refused(project: Project, setting: str, value: str) -> None:
    before = project.read("manuals/qp-hr/QP-02-03.md")
    if setting == "revisions_dir" and value.startswith("revisions/"):
        value = "manuals/qp-hr/drafts"  # (records inside the working revisions' folder: the other settings' case)
    configure(project, **{setting: value})
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2 and setting in result.stderr, result.stdout + result.stderr
    assert project.read("manuals/qp-hr/QP-02-03.md") == before


@pytest.mark.parametrize("setting", ["issued_dir", "distribution"])
def test_a_refused_record_path_is_named_as_qmsdoc_yml_writes_it(project: Project, setting: str) -> None:
    """`issued_dir: ..` was shown as 「issued_dir“/tmp/…”」, its canonical absolute path, and not as written."""
    configure(project, **{setting: ".."})
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2 and f"{setting}“..”（{project.root.parent}）" in result.stderr, result.stderr


def test_a_refused_record_path_written_plainly_is_named_once(project: Project) -> None:
    configure(project, issued_dir="manuals")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2 and f"issued_dir“manuals”（{project.root / 'manuals'}）" in result.stderr


def test_record_inside_a_moved_build_dir_is_refused(project: Project) -> None:
    configure(project, build_dir="out", distribution="out/distribution.yaml")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2 and "distribution" in result.stderr and "build_dir" in result.stderr


def test_two_records_in_one_place_are_refused(project: Project) -> None:
    configure(project, distribution="records/a.yaml", allowed_signers="records/a.yaml")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2 and "allowed_signers" in result.stderr


def test_issue_with_the_register_in_build_writes_nothing(project: Project) -> None:
    """The issue's case: `qmsdoc issue` recorded copies in build/, and the next build deleted the register."""
    configure(project, distribution="build/distribution.yaml")
    result = run_cli("issue", "QP-03-02", "--to", "客服部", cwd=project.root)
    assert result.returncode == 2 and "distribution" in result.stderr
    assert not project.path("build/distribution.yaml").exists() and not project.path("issued").exists()


def test_record_paths_in_their_own_places_are_accepted(project: Project) -> None:
    configure(project, distribution="records/distribution.yaml", allowed_signers="keys/allowed_signers",
              issued_dir="records/issued", acknowledgements="records/acks.yaml", roster="records/roster.yaml",
              revisions_dir="records/revisions")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
