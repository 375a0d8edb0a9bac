"""A project that does not sit at the root of its own repository with its folders as `qmsdoc init` names them:
a folder of a larger repository, a manuals folder that is a symlink. What qmsdoc reads from git and the git
commands it tells the user to run must hold there as at the root."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from test_history_shapes import as_of, bump, commit, git, start

from conftest import Project, run_cli
from conftest import commit as commit_all

DOC = "manuals/qm/QM-01.md"


def _restore_command(project: Project, cwd: Path) -> tuple[str, str]:
    """QM-01 deleted and committed: QD142's location and the restore command it prints, run from `cwd`."""
    git(project.root, "rm", "-q", DOC)
    commit(project.root, "delete", "2025-03-06T10:00:00+08:00")
    result = run_cli("check", "--path", str(project.root), cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    line = next(line for line in result.stdout.splitlines() if "QD142" in line)
    found = re.search(r"""git (?:-C \S+ )?checkout \S+ -- "[^"]*\"""", line)  # -C: run from outside the project
    assert found, line
    return line.split(":")[0], found.group(0)


def _paste(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True)


def _in_repository_folder(tmp_path: Path) -> tuple[Path, Project]:
    outer = tmp_path / "repo"
    outer.mkdir()
    git(outer, "init", "-q")
    (outer / "README").write_text("other things\n", "utf-8")
    commit(outer, "root", "2024-12-01T10:00:00+08:00")
    return outer, start(outer / "qms", init=False)


def test_qd142s_restore_command_works_from_the_repository_root_above_the_project(tmp_path: Path) -> None:
    outer, project = _in_repository_folder(tmp_path)
    where, restore = _restore_command(project, outer)
    assert where == DOC
    ran = _paste(restore, outer)
    assert ran.returncode == 0 and project.path(DOC).is_file(), (restore, ran.stderr)


def test_qd142s_restore_command_works_from_a_folder_inside_the_project(tmp_path: Path) -> None:
    project = start(tmp_path / "qms")
    where, restore = _restore_command(project, project.root)
    assert where == DOC
    ran = _paste(restore, project.path("manuals"))
    assert ran.returncode == 0 and project.path(DOC).is_file(), (restore, ran.stderr)


def test_qd142s_restore_command_still_works_from_the_project_root(tmp_path: Path) -> None:
    project = start(tmp_path / "qms")
    _, restore = _restore_command(project, project.root)
    ran = _paste(restore, project.root)
    assert ran.returncode == 0 and project.path(DOC).is_file(), (restore, ran.stderr)


def _linked_manuals(tmp_path: Path) -> Project:
    """manuals_dir `manuals` is a symlink to src/manuals (inside the project, committed as a link)."""
    project = start(tmp_path / "qms")
    project.path("src").mkdir()
    project.path("manuals").rename(project.path("src/manuals"))
    project.path("manuals").symlink_to("src/manuals", target_is_directory=True)
    commit(project.root, "linked", "2025-03-02T10:00:00+08:00")
    return project


def test_a_document_deleted_from_a_linked_manuals_folder_is_named_through_manuals_dir(tmp_path: Path) -> None:
    """QD142 names the file as every other finding does (manuals/…, what qmsdoc.yml calls the folder), and its
    restore command names the place git holds it (git does not follow a symlink in a pathspec)."""
    project = _linked_manuals(tmp_path)
    git(project.root, "rm", "-q", "src/" + DOC)
    commit(project.root, "delete", "2025-03-06T10:00:00+08:00")
    result = run_cli("check", cwd=project.root)
    line = next(line for line in result.stdout.splitlines() if "QD142" in line)
    assert line.split(":")[0] == DOC, line
    restore = re.search(r"""git checkout \S+ -- "[^"]*\"""", line)
    assert restore, line
    ran = _paste(restore.group(0), project.root)
    assert ran.returncode == 0 and project.path(DOC).is_file(), (restore.group(0), ran.stderr)


def test_a_linked_manuals_folder_keeps_its_history(tmp_path: Path) -> None:
    """Quiet: versions released through the link are read from git through it — no QD142, an earlier version
    copied."""
    project = _linked_manuals(tmp_path)
    bump(project, "2025-04-01", "第二版正文。")
    commit(project.root, "A/2", "2025-04-01T10:00:00+08:00")
    bump(project, "2025-05-01", "第三版正文。")
    commit(project.root, "A/3", "2025-05-01T10:00:00+08:00")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0 and "QD142" not in result.stdout, result.stdout + result.stderr
    out = tmp_path / "a2.docx"
    copied = run_cli("copy", "QM-01", "--version", "A/2", "--out", str(out), cwd=project.root)
    assert copied.returncode == 0 and out.is_file(), copied.stdout + copied.stderr


def test_verify_s_git_log_of_a_rewritten_register_works_from_a_folder_inside_the_project(repo: Project) -> None:
    """The command told to the document controller shows the register's history wherever it is pasted: from
    manuals/ a path relative to the project named nothing (git: ambiguous argument)."""
    from test_distribution import FIRST, REGISTER, SECOND, issue_two, issued, register_line

    issue_two(repo)
    commit_all(repo.root, "发放")
    assert run_cli("recall", FIRST, "--by", "张文控", "--date", "2026-06-05", cwd=repo.root).returncode == 0
    commit_all(repo.root, "回收")
    _, line = register_line(repo, FIRST)
    unreturned = line.replace(", returned: 2026-06-05, returned_by: 张文控", "")
    assert unreturned != line
    repo.write(REGISTER, repo.read(REGISTER).replace(line, unreturned))
    said = run_cli("verify", str(issued(repo, FIRST)), cwd=repo.root).stdout
    found = re.search(r"""git log -p -- "[^"]*\"""", said)
    assert found, said
    for cwd in (repo.root, repo.path("manuals")):
        ran = _paste(found.group(0), cwd)
        assert ran.returncode == 0 and "returned: 2026-06-05" in ran.stdout, (found.group(0), cwd, ran.stderr)
    kept = run_cli("verify", str(issued(repo, SECOND)), cwd=repo.root).stdout  # quiet: its line is as committed
    assert "git log" not in kept, kept


def _renamed_manuals(tmp_path: Path) -> Project:
    """The manuals folder renamed with git mv (qmsdoc.yml and mkdocs.yml told) after QM-01's A/0 and A/1."""
    project = start(tmp_path / "qms")
    git(project.root, "mv", "manuals", "程序 文件")
    project.replace("qmsdoc.yml", "manuals_dir: manuals", "manuals_dir: 程序 文件")
    project.replace("mkdocs.yml", "docs_dir: manuals", "docs_dir: 程序 文件")
    commit(project.root, "rename", "2025-04-01T10:00:00+08:00")
    return project


def test_a_renamed_manuals_folder_keeps_its_documents_earlier_versions(tmp_path: Path) -> None:
    """Released at manuals/, kept at 程序 文件/: A/0 is still in git, and copy and register --as-of find it
    (they said it was released before qmsdoc and git had none of it)."""
    project = _renamed_manuals(tmp_path)
    out = tmp_path / "a0.docx"
    copied = run_cli("copy", "QM-01", "--version", "A/0", "--out", str(out), cwd=project.root)
    assert copied.returncode == 0 and out.is_file(), copied.stdout + copied.stderr
    assert as_of(project, "2025-02-01", tmp_path)["QM-01"][3] == "A/0"


def test_a_renamed_manuals_folder_deletes_nothing(tmp_path: Path) -> None:
    """Quiet: the files gone from the old place are the same documents, not documents deleted in force."""
    project = _renamed_manuals(tmp_path)
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0 and "QD142" not in result.stdout, result.stdout + result.stderr
    assert as_of(project, "2025-04-02", tmp_path)["QM-01"][3] == "A/1"


def _moved_into_a_folder(tmp_path: Path) -> Project:
    """A project at its repository's root after A/0 and A/1, then moved with git mv into qms/ (the repository
    about to hold other things) and its manuals folder renamed there."""
    start(tmp_path / "repo")
    outer = tmp_path / "repo"
    (outer / "qms").mkdir()
    top = sorted({name.split("/")[0] for name in git(outer, "ls-files").splitlines()})
    git(outer, "mv", *top, "qms/")
    commit(outer, "move", "2025-04-01T10:00:00+08:00")
    project = Project(outer / "qms")
    git(project.root, "mv", "manuals", "程序文件")
    project.replace("qmsdoc.yml", "manuals_dir: manuals", "manuals_dir: 程序文件")
    project.replace("mkdocs.yml", "docs_dir: manuals", "docs_dir: 程序文件")
    commit(outer, "rename", "2025-04-02T10:00:00+08:00")
    return project


def test_a_project_moved_into_a_folder_of_its_repository_keeps_its_history(tmp_path: Path) -> None:
    project = _moved_into_a_folder(tmp_path)
    out = tmp_path / "a0.docx"
    copied = run_cli("copy", "QM-01", "--version", "A/0", "--out", str(out), cwd=project.root)
    assert copied.returncode == 0 and out.is_file(), copied.stdout + copied.stderr
    assert as_of(project, "2025-02-01", tmp_path)["QM-01"][3] == "A/0"


def test_a_project_moved_into_a_folder_of_its_repository_deletes_nothing(tmp_path: Path) -> None:
    """Quiet: what the moves took from the earlier places is no document deleted in force."""
    project = _moved_into_a_folder(tmp_path)
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0 and "QD142" not in result.stdout, result.stdout + result.stderr
