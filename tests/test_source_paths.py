"""Where the sources may be (the "other paths" audit): `manuals_dir` and `forms_dir` are read, published and
compared with git's history, so they lie inside the project, apart from each other; any spelling of the same
folder (`./manuals`, `manuals/`, `x/../manuals`, its absolute path) means the same thing. A setting that cannot
work stops every command with exit 2 naming it — never a traceback, never findings about files that are fine."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import Project, configure, copy_project, git, png, run_cli


@pytest.mark.parametrize("spelling", ["./manuals", "manuals/", "x/../manuals", "{root}/manuals", "{root}/./manuals/"])
def test_any_spelling_of_the_manuals_folder_checks_clean(project: Project, spelling: str) -> None:
    # The manuals folder's name was matched as text against each page's path: `./manuals` or an absolute
    # manuals_dir made every relative link of the home page QD163 (…/manuals/manuals/forms/index.md).
    configure(project, manuals_dir=spelling.format(root=project.root))
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "QD163" not in result.stdout


def test_sources_in_nested_folders_with_spaces_and_cjk_check_clean(project: Project) -> None:
    (project.root / "受控 文件/源").mkdir(parents=True)
    shutil.move(project.root / "manuals", project.root / "受控 文件/源/手册 #1")
    shutil.move(project.root / "controlled_forms", project.root / "受控 文件/表单 & 记录")
    configure(project, manuals_dir="受控 文件/源/手册 #1", forms_dir="受控 文件/表单 & 记录", build_dir="输出 [x]/构建")
    result = run_cli("check", cwd=project.root / "受控 文件")  # from a sub-folder: the project is found above
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("setting", ["manuals_dir", "forms_dir"])
@pytest.mark.parametrize("where", ["../outside", "{outside}"])
def test_a_sources_folder_outside_the_project_is_refused_naming_it(project: Project, setting: str,
                                                                   where: str) -> None:
    # manuals_dir: ../outside reached git's history of the sources and raised ValueError (a traceback).
    folder = "manuals" if setting == "manuals_dir" else "controlled_forms"
    outside = project.root.parent / "outside"
    shutil.copytree(project.root / folder, outside)
    configure(project, **{setting: where.format(outside=outside)})
    for command in (["check"], ["build"], ["docx"]):
        result = run_cli(*command, cwd=project.root)
        assert result.returncode == 2, result.stdout + result.stderr
        assert setting in result.stderr and str(outside) in result.stderr, result.stderr
    assert not (project.root / "build" / "site").exists()


@pytest.mark.parametrize(("settings", "named"), [
    ({"manuals_dir": "."}, "manuals_dir"), ({"forms_dir": ""}, "forms_dir"),
    ({"forms_dir": "manuals"}, "forms_dir"), ({"forms_dir": "manuals/forms"}, "forms_dir"),
    ({"manuals_dir": "controlled_forms/manuals"}, "manuals_dir")])
def test_sources_folders_at_the_root_or_inside_each_other_are_refused(project: Project, settings: dict[str, str],
                                                                      named: str) -> None:
    # forms_dir: manuals read every manual as forms (76 findings about files that are fine)
    configure(project, **settings)
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert named in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("folder", ["manuals", "controlled_forms"])
def test_a_sources_folder_that_is_a_symlink_out_of_the_project_is_refused(project: Project, folder: str) -> None:
    # manuals -> ../elsewhere: each source's path reached git's history outside the project (ValueError).
    outside = project.root.parent / "elsewhere"
    shutil.move(project.root / folder, outside)
    (project.root / folder).symlink_to(outside, target_is_directory=True)
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert str(outside) in result.stderr and ("manuals_dir" if folder == "manuals" else "forms_dir") in result.stderr


def test_a_sources_folder_that_is_a_symlink_inside_the_project_checks_clean(project: Project) -> None:
    (project.root / "src").mkdir()
    shutil.move(project.root / "manuals", project.root / "src/manuals")
    (project.root / "manuals").symlink_to("src/manuals", target_is_directory=True)
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_forms_folder_linked_to_the_manuals_folder_is_refused(project: Project) -> None:
    (project.root / "same").symlink_to("manuals", target_is_directory=True)
    configure(project, forms_dir="same")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2 and "forms_dir" in result.stderr, result.stdout + result.stderr


def test_a_working_revisions_folder_outside_the_project_is_refused(project: Project) -> None:
    # revise wrote the revision there, then reached git's history with it: ValueError (a traceback).
    outside = project.root.parent / "修订 outside"
    configure(project, revisions_dir=str(outside))
    result = run_cli("revise", "QP-02-03", "--by", "质量专员", cwd=project.root)
    assert result.returncode == 2 and "revisions_dir" in result.stderr, result.stdout + result.stderr
    assert not outside.exists()


def test_a_working_revisions_folder_nested_inside_the_project_is_quiet(project: Project) -> None:
    configure(project, revisions_dir=str(project.root / "工作 区/修订 #1"))
    result = run_cli("revise", "QP-02-03", "--by", "质量专员", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project.root / "工作 区/修订 #1/manuals/qp-hr/QP-02-03.md").is_file()
    assert run_cli("check", cwd=project.root).returncode == 0


def _stray_in_repository(tmp_path: Path, folder: str) -> Path:
    """The shipped sources at `folder` of a new git repository, with one stray file (QD009)."""
    repository = tmp_path / "repo"
    project = copy_project(repository / folder if folder else repository)
    project.write("manuals/kf/stray.txt", "x")
    git(repository, "init", "-q")
    return project.root


def test_ci_formats_name_files_as_the_repository_does_when_the_project_is_in_a_sub_folder(tmp_path: Path) -> None:
    # The annotations named manuals/kf/stray.txt, a file the repository does not have at its root: GitHub, GitLab
    # and SARIF viewers showed nothing at the line; SARIF's uri held `#` and spaces unescaped (a fragment).
    root = _stray_in_repository(tmp_path, "sub dir/质量 #1")
    github = run_cli("check", "--format", "github", cwd=root).stdout
    assert "::error file=sub dir/质量 #1/manuals/kf/stray.txt,line=1," in github, github
    gitlab = json.loads(run_cli("check", "--format", "gitlab", cwd=root).stdout)
    assert gitlab[0]["location"]["path"] == "sub dir/质量 #1/manuals/kf/stray.txt"
    sarif = json.loads(run_cli("check", "--format", "sarif", cwd=root).stdout)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == quote("sub dir/质量 #1/manuals/kf/stray.txt") and "#" not in uri and " " not in uri
    text = run_cli("check", cwd=root).stdout
    assert "\nmanuals/kf/stray.txt:1: error QD009" in "\n" + text  # the text format stays the project's


def test_ci_formats_of_a_project_at_the_repository_root_are_unprefixed(tmp_path: Path) -> None:
    root = _stray_in_repository(tmp_path, "")
    assert "::error file=manuals/kf/stray.txt,line=1," in run_cli("check", "--format", "github", cwd=root).stdout


def test_the_default_output_in_a_sources_folder_names_no_option_the_user_never_gave(repo: Project) -> None:
    # Run from manuals/qp-hr without --out, `register --as-of` was refused with 「--out …/清单.xlsx 位于…」.
    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    result = run_cli("register", "--as-of", day, cwd=repo.root / "manuals/qp-hr")
    assert result.returncode == 2 and "manuals_dir" in result.stderr, result.stdout + result.stderr
    assert "未给 --out" in result.stderr and not result.stderr.split("：", 1)[1].startswith("--out"), result.stderr
    assert not any(repo.path("manuals/qp-hr").glob("*.xlsx"))
    given = run_cli("register", "--as-of", day, "--out", "r.xlsx", cwd=repo.root / "manuals/qp-hr")
    assert given.returncode == 2 and "命令行 --out: " in given.stderr  # where the user wrote it is named, once


def test_a_current_folder_that_is_gone_is_a_clear_refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # After `qmsdoc build` run from inside build/site (which the build replaces), the next command said only
    # 「文件系统错误：No such file or directory」, naming nothing.
    from qmsdoc.cli import main

    gone = tmp_path / "gone"
    gone.mkdir()
    previous = os.getcwd()
    os.chdir(gone)
    gone.rmdir()
    try:
        code = main(["check"])
    finally:
        os.chdir(previous)
    assert code == 2 and "当前文件夹已不存在" in capsys.readouterr().err


@pytest.mark.parametrize(("setting", "value", "said"), [("manuals_dir", "受控 文件", "不存在"),
                                                        ("manuals_dir", "mkdocs.yml", "是文件而不是文件夹"),
                                                        ("forms_dir", "qmsdoc.yml", "是文件而不是文件夹")])
def test_a_sources_folder_that_is_not_there_is_refused_naming_the_setting(project: Project, setting: str,
                                                                          value: str, said: str) -> None:
    # A mistyped manuals_dir was read as an empty folder: check reported every form's owner missing (QD150)
    # and never the setting; build stopped on those findings.
    configure(project, **{setting: value})
    for command in ("check", "build"):
        result = run_cli(command, cwd=project.root)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "qmsdoc.yml:" in result.stderr and setting in result.stderr and value in result.stderr, result.stderr
        assert said in result.stderr and "QD150" not in result.stdout, result.stdout + result.stderr
    assert not (project.root / "build").exists()


def test_a_project_without_forms_yet_checks_without_a_forms_folder(project: Project) -> None:
    """A forms folder qmsdoc.yml names may not be made yet: a project with no blank forms is no mistake."""
    configure(project, forms_dir="表单 待建")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 1 and "forms_dir" not in result.stderr, result.stdout + result.stderr
    assert "QD150" not in result.stdout  # no form read, so none names a missing owner


def test_path_settings_written_with_backslashes_name_the_same_folders(project: Project) -> None:
    # Written on Windows (`记录\发放 记录.yaml`), each setting was one file name on Linux: no form was read (76
    # findings of forms "missing"), the distribution register read as empty, and `..\输出\构建` was built as a
    # folder of that name inside the project.
    (project.root / "源/表单").mkdir(parents=True)
    shutil.move(project.root / "controlled_forms", project.root / "源/表单/现行")
    (project.root / "记录").mkdir()
    configure(project, forms_dir="源\\表单\\现行", distribution="记录\\发放 记录.yaml", build_dir="..\\输出\\构建")
    (project.root / "记录/发放 记录.yaml").write_text("copies: [oops\n", "utf-8")  # read: an error at its line
    result = run_cli("check", cwd=project.root)
    assert "QD152" not in result.stdout and "发放 记录.yaml" in result.stdout + result.stderr, result.stdout
    (project.root / "记录/发放 记录.yaml").write_text("copies: []\n", "utf-8")
    result = run_cli("docx", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project.root.parent / "输出/构建/docx").is_dir(), result.stdout
    assert [p.name for p in project.root.iterdir() if "\\" in p.name] == []


def test_path_settings_written_with_forward_slashes_are_quiet(project: Project) -> None:
    (project.root / "源/表单").mkdir(parents=True)
    shutil.move(project.root / "controlled_forms", project.root / "源/表单/现行")
    configure(project, forms_dir="源/表单/现行", distribution="记录/发放 记录.yaml")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0 and "QD" not in result.stdout, result.stdout + result.stderr


DRAFT = """---
id: QP-02-09
title: 链接测试
type: policy
version: A/0
status: draft
department: 行政人事部
prepared: {by: 质量专员, date: 2026-01-05}
---
## 第一章 总则

第一条 见下。
"""


def test_raw_html_and_draft_links_out_of_the_manuals_folder_are_qd201(project: Project) -> None:
    # `<img src="../qmsdoc.yml">` and `<a href="/etc/passwd">` on a published page, and any link out of the
    # manuals folder in a draft a publish_drafts build shows, were dead on the site with no finding at all.
    home = project.read("manuals/index.md")
    project.write("manuals/index.md", home + '\n<img src="../qmsdoc.yml" alt="x">\n\n<a href="/etc/passwd">y</a>\n')
    at = len(home.splitlines()) + 2
    project.write("manuals/qp-hr/QP-02-09.md", DRAFT + "\n[表单](../../controlled_forms/QP-02-01-F001.yaml)\n")
    result = run_cli("check", cwd=project.root)
    assert f"manuals/index.md:{at}: error QD201" in result.stdout, result.stdout
    assert f"manuals/index.md:{at + 2}: error QD201" in result.stdout, result.stdout
    assert "manuals/qp-hr/QP-02-09.md:14: warning QD201" in result.stdout, result.stdout


def test_links_inside_the_manuals_folder_from_drafts_revisions_and_tags_are_quiet(project: Project) -> None:
    home = project.read("manuals/index.md")
    project.write("manuals/index.md", home + '\n<a href="qp-hr/index.md">人事</a> <img src="qp-hr/a.png" alt="">\n')
    (project.root / "manuals/qp-hr/a.png").write_bytes(png())
    project.write("manuals/qp-hr/QP-02-09.md", DRAFT + "\n[服务](../qp-service/QP-03-01.md) ![图](a.png)\n")
    assert run_cli("revise", "QP-02-03", "--by", "质量专员", cwd=project.root).returncode == 0
    revision = project.root / "revisions/manuals/qp-hr/QP-02-03.md"  # read from where it will be released
    revision.write_text(revision.read_text("utf-8") + '\n<a href="../qp-service/QP-03-01.md">服务</a>\n', "utf-8")
    result = run_cli("check", cwd=project.root)
    assert "QD201" not in result.stdout, result.stdout


def test_a_link_or_picture_written_with_backslashes_is_told_the_slashes_it_needs(project: Project) -> None:
    # `..\qp-service\QP-03-01.md` (as Windows spells a path) was "missing at manuals/qp-hr/..\qp-service\…",
    # with the advice to check its upper and lower case.
    (project.root / "manuals/qp-hr/img").mkdir()
    (project.root / "manuals/qp-hr/img/流程 图.png").write_bytes(png())
    body = "\n[服务](..\\qp-service\\QP-03-01.md)\n\n![图](img\\流程 图.png)\n"
    project.write("manuals/qp-hr/QP-02-09.md", DRAFT + body)
    result = run_cli("check", cwd=project.root)
    assert "QP-02-09.md:14: warning QD163" in result.stdout and "请写成 ../qp-service/QP-03-01.md" in result.stdout
    assert "QP-02-09.md:16: warning QD162" in result.stdout and "请写成 img/流程 图.png" in result.stdout, result.stdout


def test_a_backslash_path_to_no_file_keeps_the_missing_file_message(project: Project) -> None:
    project.write("manuals/qp-hr/QP-02-09.md", DRAFT + "\n[服务](..\\qp-service\\QP-03-99.md)\n")
    result = run_cli("check", cwd=project.root)
    assert "QP-02-09.md:14: warning QD163" in result.stdout and "请写成" not in result.stdout, result.stdout
