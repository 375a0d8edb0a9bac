"""Every command qmsdoc suggests works from the folder the user typed theirs in: run from outside the project
(`--path`), a suggestion carries `--path` to the project as the user can type it from there (quoted when it has
a space), and the files an act names are found from there too; run in the project, the suggestions are as they
were, with no `--path`."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from conftest import CliRun, Project, commit, configure, copy_project, git, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"
REVISION = "revisions/" + DOC


def _project(folder: Path) -> Project:
    project = copy_project(folder)
    git(project.root, "init", "-q")
    commit(project.root, "初始文件")
    return project


def _suggested(output: str, command: str) -> list[str]:
    """The words of the `qmsdoc COMMAND …` the output suggests (`…` for the user to fill in: a value), as the
    shell splits them: the line is meant to be copied into one."""
    found = re.search(rf"qmsdoc ({command}\b[^；;，,（(\n]*)", output)
    assert found is not None, output
    return shlex.split(found.group(1).replace("…", "x").rstrip("。. "))


def _revise_from_outside(tmp_path: Path, name: str = "my proj") -> tuple[Project, CliRun]:
    project = _project(tmp_path / name)
    started = run_cli("revise", "QP-02-03", "--by", "张三", "--path", name, cwd=tmp_path)
    assert started.returncode == 0, started.stdout + started.stderr
    return project, started


def test_from_another_folder_the_suggested_discard_works_as_printed(tmp_path: Path) -> None:
    project, started = _revise_from_outside(tmp_path)
    words = _suggested(started.stdout, "revise")
    assert words[words.index("--path") + 1] == "my proj", started.stdout  # the space kept by the quotes
    discarded = run_cli(*words, cwd=tmp_path)
    assert discarded.returncode == 0, discarded.stdout + discarded.stderr
    assert not project.path(REVISION).exists()
    assert f"my proj/{REVISION}" in discarded.stdout, discarded.stdout  # removed, named where it was


def test_from_another_folder_the_suggested_release_works_and_the_revision_is_named_from_there(tmp_path: Path) -> None:
    project, started = _revise_from_outside(tmp_path)
    assert f"my proj/{REVISION}" in started.stdout, started.stdout  # the file to edit, as found from tmp_path
    assert (tmp_path / "my proj" / REVISION).is_file()
    project.replace(REVISION, "## 1.0 目的", "## 1.0 目的\n\n本规程同样适用于实习人员。\n")
    released = run_cli(*_suggested(started.stdout, "release"), cwd=tmp_path)
    assert released.returncode == 0, released.stdout + released.stderr
    assert not project.path(REVISION).exists()


def test_in_the_project_no_path_is_added(tmp_path: Path) -> None:
    project = _project(tmp_path / "my proj")
    started = run_cli("revise", "QP-02-03", "--by", "张三", cwd=project.root)
    assert started.returncode == 0, started.stdout + started.stderr
    assert "--path" not in started.stdout, started.stdout
    assert f"请修改 {REVISION}；" in started.stdout
    assert _suggested(started.stdout, "revise") == ["revise", "QP-02-03", "--discard"]


def test_an_english_project_suggests_the_path_too(tmp_path: Path) -> None:
    project = _project(tmp_path / "p1")
    configure(project, language="en")
    commit(project.root, "English")
    started = run_cli("revise", "QP-02-03", "--by", "QA officer", "--path", "p1", cwd=tmp_path)
    assert started.returncode == 0, started.stdout + started.stderr
    assert "qmsdoc redline --path p1 QP-02-03" in started.stdout, started.stdout
    discarded = run_cli(*_suggested(started.stdout, "revise"), cwd=tmp_path)
    assert discarded.returncode == 0, discarded.stdout + discarded.stderr


def test_a_findings_hint_from_another_folder_runs_there(tmp_path: Path) -> None:
    """QD190's hint (draft a revision) from a check run one folder up: the command it names works from there."""
    project = _project(tmp_path / "my proj")
    project.replace(DOC, "## 1.0 目的", "## 1.0 目的\n\n本规程同样适用于实习人员。\n")
    checked = run_cli("check", "--path", "my proj", cwd=tmp_path)
    assert checked.returncode == 1 and "QD190" in checked.stdout, checked.stdout
    assert 'qmsdoc revise --path "my proj" QP-02-03' in checked.stdout, checked.stdout
    words = _suggested(checked.stdout, "revise")  # `… --by 编制人 起草修订稿`: the sentence goes on after it
    revised = run_cli(*words[:words.index("--by") + 2], cwd=tmp_path)
    assert revised.returncode == 0, revised.stdout + revised.stderr
    assert project.path(REVISION).is_file()


def test_inits_next_steps_name_the_new_project_from_where_it_was_made(tmp_path: Path) -> None:
    made = run_cli("init", "new qms", cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    assert 'qmsdoc check --path "new qms"' in made.stdout, made.stdout
    checked = run_cli(*_suggested(made.stdout, "check"), cwd=tmp_path)
    assert checked.returncode in (0, 1) and "qmsdoc.yml" not in checked.stderr, checked.stdout + checked.stderr


def test_with_project_names_only_commands_and_writes_the_path_once() -> None:
    from qmsdoc.core.commandline import with_project

    assert with_project("qmsdoc revise QP-01 --discard", None) == "qmsdoc revise QP-01 --discard"
    assert with_project("用 qmsdoc revise QP-01 起草", "../p 1") == '用 qmsdoc revise --path "../p 1" QP-01 起草'
    once = with_project("qmsdoc review QP-01", "p1")
    assert with_project(once, "p1") == once == "qmsdoc review --path p1 QP-01"
    for prose in ("qmsdoc 项目", "qmsdoc reads it", "qmsdoc release/baseline --key 私钥"):
        assert with_project(prose, "p1") == prose


def test_an_issue_from_another_folder_names_its_copies_and_register_from_there(tmp_path: Path) -> None:
    _project(tmp_path / "p1")
    issued = run_cli("issue", "QP-02-03", "--to", "人力资源部", "--path", "p1", cwd=tmp_path)
    assert issued.returncode == 0, issued.stdout + issued.stderr
    copy = re.search(r"(p1/issued/\S+\.docx)", issued.stdout)
    assert copy is not None and (tmp_path / copy.group(1)).is_file(), issued.stdout
    assert "p1/distribution.yaml" in issued.stdout, issued.stdout


def test_a_git_restore_from_another_folder_runs_in_the_project(tmp_path: Path) -> None:
    """QD142's restore (`git checkout … -- ":/manuals/…"`) from outside the repository: `git -C` the project."""
    import subprocess

    project = _project(tmp_path / "my proj")
    project.path(DOC).unlink()
    checked = run_cli("check", "--path", "my proj", cwd=tmp_path)
    assert "QD142" in checked.stdout, checked.stdout
    found = re.search(r"(git -C .*?\":/[^\"]+\")", checked.stdout)
    assert found is not None, checked.stdout
    subprocess.run(shlex.split(found.group(1)), cwd=tmp_path, check=True, capture_output=True)
    assert project.path(DOC).is_file()


def test_a_git_restore_in_the_project_is_as_it_was() -> None:
    from qmsdoc.core.commandline import git_command, with_project

    restore = git_command("checkout", "--", path="manuals/a b.md")
    assert with_project(restore, None) == restore == 'git checkout -- ":/manuals/a b.md"'
    assert with_project(restore, "../p 1") == 'git -C "../p 1" checkout -- ":/manuals/a b.md"'
    assert with_project("git is used", "p1") == "git is used"


def test_an_import_from_another_folder_names_its_drafts_and_next_check_from_there(tmp_path: Path) -> None:
    _project(tmp_path / "my proj")
    (tmp_path / "visit.md").write_text("# 来访接待管理程序\n\n## 1.0 目的\n\n规范来访人员的接待与登记。\n", "utf-8")
    imported = run_cli("import", "visit.md", "--manual", "QP-02", "--path", "my proj", cwd=tmp_path)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    draft = re.search(r"(my proj/manuals/\S+\.md)", imported.stdout)
    assert draft is not None and (tmp_path / draft.group(1)).is_file(), imported.stdout
    words = _suggested(imported.stdout, "check")  # `… 后逐条修正`: the sentence goes on after it
    assert words[:3] == ["check", "--path", "my proj"], imported.stdout
    checked = run_cli(*words[:3], cwd=tmp_path)
    assert checked.returncode == 1 and draft.group(1) in checked.stdout, checked.stdout + checked.stderr


def test_a_refused_build_names_its_folder_from_where_it_ran(tmp_path: Path) -> None:
    project = _project(tmp_path / "my proj")
    project.path("build").mkdir()
    project.replace(DOC, "## 1.0 目的", "## 1.0 目的\n\n本规程同样适用于实习人员。\n")  # QD190: the build stops
    built = run_cli("build", "--path", "my proj", cwd=tmp_path)
    assert built.returncode == 1, built.stdout + built.stderr
    assert "（my proj/build 保持不变）" in built.stderr, built.stderr
    in_project = run_cli("build", cwd=project.root)
    assert "（build 保持不变）" in in_project.stderr, in_project.stderr


def test_an_acknowledgement_from_another_folder_names_the_register_from_there(tmp_path: Path) -> None:
    project = _project(tmp_path / "my proj")
    doc = "manuals/qp-service/QP-03-02.md"  # who must read it is no approved content: no release needed
    project.replace(doc, "review_months: 24\n", "review_months: 24\nacknowledge: [客服部]\n")
    done = run_cli("acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部", "--path", "my proj",
                   cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "请提交 my proj/acknowledgements.yaml" in done.stdout, done.stdout
    again = run_cli("acknowledge", "QP-03-02", "--by", "李四", "--department", "客服部", cwd=project.root)
    assert "请提交 acknowledgements.yaml" in again.stdout, again.stdout


def test_a_missing_signers_file_is_named_where_to_write_it_from_there(tmp_path: Path) -> None:
    project = _project(tmp_path / "my proj")
    outside = run_cli("sign", "--by", "总经理", "--key", "k", "--path", "my proj", cwd=tmp_path)
    assert outside.returncode == 1 and "my proj/.qmsdoc/allowed_signers" in outside.stderr, outside.stderr
    inside = run_cli("sign", "--by", "总经理", "--key", "k", cwd=project.root)
    assert inside.returncode == 1 and "文件 .qmsdoc/allowed_signers：" in inside.stderr, inside.stderr


def test_from_a_folder_inside_the_project_no_path_is_added(tmp_path: Path) -> None:
    """qmsdoc finds the project upwards from any of its folders: `--path ..` would be noise."""
    project = _project(tmp_path / "my proj")
    inside = project.path("manuals")
    started = run_cli("revise", "QP-02-03", "--by", "张三", cwd=inside)
    assert started.returncode == 0, started.stdout + started.stderr
    assert "--path" not in started.stdout and f"请修改 ../{REVISION}；" in started.stdout, started.stdout
    discarded = run_cli(*_suggested(started.stdout, "revise"), cwd=inside)
    assert discarded.returncode == 0 and not project.path(REVISION).exists(), discarded.stdout + discarded.stderr
