"""What every file `--out` does with folders not there yet, decided once (history_commands._write_new) and
documented in README: `copy`, `redline` and `register --as-of` create them, as `docx|pdf --out` create their
folder, and remove those they made when the file is refused, so a refused command leaves no empty folder."""

from __future__ import annotations

from conftest import Project, run_cli


def test_register_creates_the_missing_folders_out_names(repo: Project) -> None:
    out = repo.root.parent / "audit" / "2026"
    listed = run_cli("register", "--as-of", "2026-06-01", "--out", str(out / "r.xlsx"), cwd=repo.root)
    assert listed.returncode == 0, listed
    assert (out / "r.xlsx").is_file()


def test_a_refused_out_leaves_no_folder_behind(project: Project) -> None:
    out = project.root.parent / "audit" / "2026"
    run_cli("register", "--as-of", "2026-06-01", "--out", str(out / "r.xlsx"), cwd=project.root)
    fresh = project.root.parent / "fresh" / "x"
    result = run_cli("copy", "QP-02-03", "--version", "A/1", "--format", "docx", "--out", str(fresh / "c.pdf"),
                     cwd=project.root)
    assert result.returncode == 2 and "QD321" in result.stderr, result
    assert not (project.root.parent / "fresh").exists()
