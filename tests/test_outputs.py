"""Output folders are dedicated to qmsdoc: a careless `build_dir` or `--out` never deletes a user's files
or sources. Refused with exit 2 and a Chinese message naming the folder; everything stays byte-identical."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qmsdoc.build import _remove_stale_staging, swap_in
from qmsdoc.core import ConfigError, load_config
from qmsdoc.core.outputs import (
    COPY_NAMES,
    MARKER,
    SHOWN_STRAYS,
    WRITTEN,
    add_written,
    claim,
    mark,
    record_written,
    refuse_strays,
    refuse_unsafe,
    remove_output,
    replace_folder,
    strays,
)

from conftest import Project, run_cli


def _tree(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(path.relative_to(folder).as_posix().encode())
        if path.is_file() and not path.is_symlink():
            h.update(path.read_bytes())
    return h.hexdigest()


def _run(project: Project, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qmsdoc.cli", *args], cwd=cwd or project.root,
                          capture_output=True, text=True, timeout=300)


def _refused(result: subprocess.CompletedProcess[str], folder_name: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "配置错误" in result.stderr and folder_name in result.stderr, result.stderr


@pytest.mark.parametrize("build_dir", [".", "manuals", "manuals/qp-hr", "controlled_forms", ".."])
def test_build_dir_overlapping_the_project_is_refused(project: Project, build_dir: str) -> None:
    project.replace("qmsdoc.yml", "build_dir: build", f"build_dir: {build_dir}")
    before = _tree(project.root.parent)
    result = _run(project, "build")
    _refused(result, build_dir)
    assert _tree(project.root.parent) == before


def test_build_dir_holding_user_files_is_refused(project: Project) -> None:
    project.replace("qmsdoc.yml", "build_dir: build", "build_dir: 质量记录")
    project.write("质量记录/2025年内审报告.md", "重要的内审记录\n")
    before = _tree(project.root)
    result = _run(project, "build")
    _refused(result, "质量记录")
    assert _tree(project.root) == before


@pytest.mark.parametrize("out", ["manuals", "controlled_forms", ".", "..", "Desktop"])
def test_docx_out_onto_user_folders_is_refused(project: Project, out: str) -> None:
    project.write("Desktop/个人文件.txt", "不要删除\n")
    before = _tree(project.root.parent)
    result = _run(project, "docx", "--out", out)
    _refused(result, out)
    assert _tree(project.root.parent) == before


def test_outputs_are_marked_and_replaced_on_the_next_export(project: Project) -> None:
    assert _run(project, "docx", "QP-02-03", "--out", "导出").returncode == 0
    assert (project.path("导出") / MARKER).is_file()
    result = _run(project, "docx", "QP-02-01", "--out", "导出")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in project.path("导出").rglob("*.docx")] == ["QP-02-01.docx"]
    assert not [p for p in project.root.iterdir() if ".old" in p.name or p.name.startswith(".docx-")]


def test_only_marked_folders_are_ever_removed(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "a.txt").write_text("x", "utf-8")
    assert not remove_output(theirs) and (theirs / "a.txt").is_file()
    ours = tmp_path / "ours"
    ours.mkdir()
    mark(ours)
    (ours / "page.html").write_text("x", "utf-8")
    assert remove_output(ours) and not ours.exists()
    # A leftover that looks like a killed build's staging folder but was not made by qmsdoc stays.
    stale = tmp_path / ".build-999999999-abc"
    stale.mkdir()
    (stale / "keep.txt").write_text("x", "utf-8")
    _remove_stale_staging(tmp_path)
    assert (stale / "keep.txt").is_file()


def test_a_killed_builds_set_aside_output_is_cleared_once_its_process_is_gone(tmp_path: Path) -> None:
    dead = tmp_path / ".build.old-999999999"  # no such process
    alive = tmp_path / f".build.old-{os.getpid()}"
    for folder in (dead, alive):
        folder.mkdir()
        mark(folder)
    _remove_stale_staging(tmp_path, "build")
    assert not dead.exists() and alive.is_dir()


def test_swap_keeps_an_unmarked_previous_folder(tmp_path: Path) -> None:
    final, staging = tmp_path / "build", tmp_path / ".build-1-x"
    final.mkdir()
    (final / "user.txt").write_text("mine", "utf-8")
    staging.mkdir()
    mark(staging)
    swap_in(staging, final)
    assert (final / MARKER).is_file()
    left = [p for p in tmp_path.iterdir() if p != final]
    assert len(left) == 1 and (left[0] / "user.txt").read_text("utf-8") == "mine"


def test_refuse_unsafe_accepts_new_empty_and_marked_folders(project: Project) -> None:
    config = load_config(project.root)
    assert refuse_unsafe(project.path("new"), config, "x") == project.path("new").resolve()
    project.path("empty").mkdir()
    refuse_unsafe(project.path("empty"), config, "x")
    project.write("ours/a.html", "x")
    mark(project.path("ours"))
    refuse_unsafe(project.path("ours"), config, "x")
    project.write("file.txt", "x")
    with pytest.raises(ConfigError, match="是一个文件"):
        refuse_unsafe(project.path("file.txt"), config, "x")


def test_plain_mkdocs_build_refuses_a_site_dir_holding_user_files(project: Project) -> None:
    project.replace("mkdocs.yml", "site_dir: build/site", "site_dir: 我的文件")
    project.write("我的文件/合同.txt", "不要删除\n")
    before = _tree(project.root)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project.root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode != 0 and "我的文件" in result.stderr and "不是 qmsdoc 生成的" in result.stderr
    assert _tree(project.root) == before


@pytest.mark.slow  # a whole site build or whole-corpus export
def test_plain_mkdocs_build_marks_its_output_so_qmsdoc_build_may_replace_it(project: Project) -> None:
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project.root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (project.path("build") / MARKER).is_file()
    result = _run(project, "build")
    assert result.returncode == 0, result.stderr


def test_default_docx_export_leaves_build_replaceable(project: Project) -> None:
    assert _run(project, "docx", "QP-02-03").returncode == 0
    assert (project.path("build") / MARKER).is_file() and (project.path("build/docx") / MARKER).is_file()
    refuse_unsafe(project.path("build"), load_config(project.root), "x")  # `qmsdoc build` may now replace it


def _earlier_build(project: Project) -> Path:
    """build/ as qmsdoc wrote it before output folders carried the marker."""
    project.write("build/manifest.json", '{"files": []}\n')
    project.write("build/register.csv", "文件编号\n")
    project.write("build/site/index.html", "<html>旧网站</html>")
    project.write("build/docx/documents/QP-02-03.docx", "PK")
    return project.path("build")


@pytest.mark.slow  # a whole site build or whole-corpus export
def test_an_unmarked_build_written_by_an_earlier_version_is_replaced(project: Project) -> None:
    build = _earlier_build(project)
    assert not (build / MARKER).exists()
    result = _run(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (build / MARKER).is_file() and "旧网站" not in (build / "site" / "index.html").read_text("utf-8")


def test_an_earlier_build_with_a_user_file_in_it_is_still_refused(project: Project) -> None:
    build = _earlier_build(project)
    project.write("build/年度预算.xlsx", "用户的文件")
    before = _tree(project.root)
    _refused(_run(project, "build"), "build")
    assert _tree(project.root) == before and (build / "年度预算.xlsx").is_file()


def _small_project(root: Path) -> None:
    from test_config_values import NAMES, PLAIN
    from test_hostile_pages import write_project

    write_project(root, {**PLAIN, **NAMES})
    config = root / "qmsdoc.yml"
    config.write_text(config.read_text("utf-8").replace("manuals_dir: manuals", "manuals_dir: 受控 文件")
                      .replace("build_dir: build", "build_dir: 输出 目录/最新"), "utf-8")
    (root / "manuals").rename(root / "受控 文件")  # mkdocs.yml still says docs_dir: manuals


def test_the_site_is_built_from_the_folders_qmsdoc_yml_names(tmp_path: Path) -> None:
    _small_project(tmp_path)
    result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build", "--only", "site"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    page = tmp_path / "输出 目录" / "最新" / "site" / "m1" / "QP-01-01" / "index.html"
    assert "文本title" in page.read_text("utf-8") and not (tmp_path / "build").exists()


def test_a_failed_first_build_leaves_no_folder_and_names_the_configured_one(tmp_path: Path) -> None:
    _small_project(tmp_path)
    (tmp_path / "mkdocs.yml").write_text((tmp_path / "mkdocs.yml").read_text("utf-8") + "nav: [index.md]\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build", "--only", "site"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "输出 目录/最新" in result.stderr and "build/" not in result.stderr, result.stderr
    assert not (tmp_path / "输出 目录").exists()


def _disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as write() raises it: no file named


def test_a_full_disk_names_the_build_folder_and_what_it_still_holds(project: Project,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk mid-build said only 「文件系统错误：磁盘空间已满」: not where, nor whether the output was kept."""
    from qmsdoc import pipeline

    monkeypatch.setattr(pipeline, "run", _disk_full)
    result = run_cli("build", cwd=project.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"文件系统错误：{project.root / 'build'}：磁盘空间已满" in result.stderr, result.stderr
    assert "未写出任何输出" in result.stderr and not project.path("build").exists()


def test_a_file_system_error_naming_its_file_keeps_that_name(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsdoc import pipeline

    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(project.root / "build" / "x"))

    monkeypatch.setattr(pipeline, "run", refused)
    result = run_cli("build", cwd=project.root)
    assert result.returncode == 1 and f"{project.root / 'build' / 'x'}：" in result.stderr, result.stderr


def test_a_file_the_user_put_into_a_marked_build_is_never_deleted_with_it(project: Project) -> None:
    """build/ carries the marker, so a build swapped it out whole — and build/notes.txt, the user's, went with it
    without a word. Now the build is refused (exit 2, at build_dir's line) naming the file, and nothing is touched."""
    project.path("build").mkdir()
    mark(project.path("build"))
    project.write("build/register.csv", "文件编号\n")
    project.write("build/notes.txt", "我的笔记\n")
    before = _tree(project.root)
    result = _run(project, "build")
    _refused(result, "build")
    assert "notes.txt" in result.stderr and "qmsdoc.yml:" in result.stderr
    assert _tree(project.root) == before and project.read("build/notes.txt") == "我的笔记\n"


def test_what_qmsdoc_writes_into_build_is_no_stray(tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    mark(build)
    for name in ("site", "docx", "pdf", "manifest.json", "register.xlsx", ".qmsdoc-parse-cache.pickle",
                 "..qmsdoc-render-cache.json.k2j4h5.tmp", ".register.xlsx.a8d.tmp"):  # writes killed before the rename
        (build / name).write_text("x")
    assert strays(build) == [] and strays(tmp_path / "none") == []
    (build / ".notes.tmp").write_text("mine")
    assert strays(build) == [".notes.tmp"]


def test_what_a_file_browser_leaves_in_build_is_no_stray(tmp_path: Path) -> None:
    """A reader who opened build/ in Finder or Explorer left .DS_Store or Thumbs.db there: no one's work, and a
    build refused for it until someone found and deleted a hidden file would only teach people to delete build/."""
    build = tmp_path / "build"
    build.mkdir()
    mark(build)
    for name in (".DS_Store", "._register.xlsx", "Thumbs.db", "desktop.ini", "~$register.xlsx",
                 ".~lock.register.xlsx#"):  # (the last two: Word's and LibreOffice's, beside a file they opened)
        (build / name).write_text("x")
    (build / "DS_Store.txt").write_text("mine")
    assert strays(build) == ["DS_Store.txt"]


def _recorded_build(tmp_path: Path) -> Path:
    """build/ as a build leaves it: the site, a marked docx folder replaced whole inside it, each with its record."""
    build = tmp_path / "build"
    for relative in ("site/index.html", "site/assets/qmsdoc.css", "manifest.json", "docx/documents/QP-02-03.docx",
                     "docx/.qmsdoc-jobs.json"):
        (build / relative).parent.mkdir(parents=True, exist_ok=True)
        (build / relative).write_text("x")
    mark(build)
    mark(build / "docx")
    record_written(build / "docx")
    record_written(build)
    return build


def test_a_file_the_user_put_deeper_into_build_is_a_stray(tmp_path: Path) -> None:
    """The build swaps build/ out whole: build/site/notes.txt and build/docx/mine.docx went with it unseen, as only
    the top of build/ was looked at. What the last build wrote is recorded; anything else below the top is named."""
    build = _recorded_build(tmp_path)
    (build / "site/notes.txt").write_text("mine")
    (build / "docx/documents/mine.docx").write_text("mine")
    (build / "site/mine").mkdir()
    (build / "site/mine/a.txt").write_text("mine")
    assert strays(build) == ["docx/documents/mine.docx", "site/mine/a.txt", "site/notes.txt"]
    assert strays(build / "docx", COPY_NAMES) == ["documents/mine.docx"]  # `qmsdoc docx` replaces it whole


def test_what_qmsdoc_wrote_below_the_top_of_build_is_no_stray(tmp_path: Path) -> None:
    build = _recorded_build(tmp_path)
    assert json.loads((build / WRITTEN).read_text("utf-8")) == ["manifest.json", "site/assets/qmsdoc.css",
                                                                 "site/index.html"]  # docx/ keeps its own record
    (build / "site/.DS_Store").write_text("x")  # a file browser's, at any depth
    (build / "site/assets/._qmsdoc.css").write_text("x")
    (build / "docx/documents/Thumbs.db").write_text("x")
    (build / ".qmsdoc-parse-cache.pickle").write_text("x")  # a cache `qmsdoc check` rewrites in place
    (build / "docx/..qmsdoc-jobs.json.a1.tmp").write_text("x")  # a rewrite of the jobs record killed mid-way
    (build / "docx/documents/QP-02-04.docx").write_text("x")  # a dirty rebuild's copy, written in place
    add_written(build / "docx", ["documents/QP-02-04.docx"])
    claim(build)  # `qmsdoc docx` claims build/ again: the record of the last build stays
    assert strays(build) == []
    (build / "site/notes.txt").write_text("mine")
    mark(build)  # plain `mkdocs build` wrote into build/site in place: what qmsdoc wrote there is no longer known
    assert not (build / WRITTEN).exists() and strays(build) == []


def test_a_build_without_a_record_is_judged_by_its_top_alone(tmp_path: Path) -> None:
    """A build/ from before the record (or written in place since) is not refused over files the build wrote."""
    build = tmp_path / "build"
    (build / "site").mkdir(parents=True)
    mark(build)
    (build / "site/index.html").write_text("x")
    assert strays(build) == []


def test_the_refusal_names_the_first_few_strays_and_their_count(tmp_path: Path) -> None:
    build = _recorded_build(tmp_path)
    for n in range(SHOWN_STRAYS + 2):
        (build / f"site/n{n}.txt").write_text("mine")
    with pytest.raises(ConfigError) as refused:
        refuse_strays(build, None, "输出目录")
    message = str(refused.value)
    assert "site/n0.txt" in message and f"site/n{SHOWN_STRAYS}.txt" not in message, message
    assert f"共 {SHOWN_STRAYS + 2} 项" in message, message


@pytest.mark.parametrize(("code", "restored"), [("en", "git checkout ."), ("zh-CN", "版本控制"), ("zh-TW", "版本控制")])
def test_the_refusal_of_files_an_older_record_omits_does_not_say_qmsdoc_never_wrote_them(
        tmp_path: Path, code: str, restored: str) -> None:
    """build/ kept in git and put back with `git checkout .`: a later build's page is in it, its record is the older
    one. Who wrote the page cannot be told, only that the record does not list it; deleting build/ is the way out."""
    from qmsdoc.core import i18n

    build = _recorded_build(tmp_path)
    older = (build / WRITTEN).read_bytes()
    (build / "site/added.html").write_text("x")
    record_written(build)  # the later build wrote the page and listed it
    assert strays(build) == []
    (build / WRITTEN).write_bytes(older)  # the older record comes back from git
    with i18n.using(code), pytest.raises(ConfigError) as refused:
        refuse_strays(build, None, "build")
    message = str(refused.value)
    assert "site/added.html" in message and WRITTEN in message and restored in message, message
    assert ".gitignore" in message and "did not write" not in message and "不是 qmsdoc" not in message, message


def test_a_build_folder_its_record_lists_whole_is_not_refused(tmp_path: Path) -> None:
    build = _recorded_build(tmp_path)
    refuse_strays(build, None, "build")  # nothing raised: every file below the top is listed


def test_replacing_a_copies_folder_keeps_a_file_the_user_put_in_it(tmp_path: Path) -> None:
    """Every way a folder is replaced whole (`qmsdoc docx --out`, plain `mkdocs build`'s copies) goes through
    replace_folder: it refuses before anything is written, and the user's file stays."""
    out = tmp_path / "导出"
    replace_folder(out, ".docx-", lambda staging: (staging / "forms").mkdir())
    assert strays(out, COPY_NAMES) == []
    replace_folder(out, ".docx-", lambda staging: (staging / "forms").mkdir())  # the second export replaces the first
    (out / "forms/keep.txt").write_text("mine")
    with pytest.raises(ConfigError, match="forms/keep.txt"):
        replace_folder(out, ".docx-", lambda staging: None)
    assert (out / "forms/keep.txt").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["导出"]  # no staging folder left


@pytest.mark.slow  # two builds and two exports of the project
def test_a_build_and_a_copies_export_refuse_to_delete_a_user_file_below_the_top(project: Project) -> None:
    assert run_cli("build", cwd=project.root).returncode == 0
    assert run_cli("docx", cwd=project.root).returncode == 0  # replaces build/docx whole, with its own record
    assert run_cli("build", cwd=project.root).returncode == 0, "what qmsdoc wrote is no stray"
    project.write("build/site/notes.txt", "我的笔记\n")
    project.write("build/docx/mine.docx", "PK")
    before = _tree(project.root)
    result = run_cli("build", cwd=project.root)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "qmsdoc.yml:" in result.stderr and "site/notes.txt" in result.stderr and "docx/mine.docx" in result.stderr
    result = run_cli("docx", cwd=project.root)
    assert result.returncode == 2 and "mine.docx" in result.stderr and "qmsdoc.yml:" in result.stderr, result.stderr
    assert _tree(project.root) == before


def test_docx_out_refuses_to_delete_a_user_file_inside_its_last_export(project: Project) -> None:
    assert run_cli("docx", "QP-02-03", "--out", "导出", cwd=project.root).returncode == 0
    project.write("导出/documents/备注.txt", "我的\n")
    result = run_cli("docx", "QP-02-03", "--out", "导出", cwd=project.root)
    assert result.returncode == 2 and "documents/备注.txt" in result.stderr, result.stderr
    assert project.read("导出/documents/备注.txt") == "我的\n"


@pytest.mark.slow  # a whole site build, then plain `mkdocs build`
def test_plain_mkdocs_build_refuses_to_empty_a_site_folder_holding_a_user_file(project: Project) -> None:
    """MkDocs empties site_dir before it builds: build/site/notes.txt went without a word."""
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    assert run_cli("build", cwd=project.root).returncode == 0
    project.write("build/site/notes.txt", "我的笔记\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project.root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode != 0 and "site/notes.txt" in result.stderr and "Traceback" not in result.stderr
    assert project.read("build/site/notes.txt") == "我的笔记\n"
    project.path("build/site/notes.txt").unlink()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project.root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr  # what the build wrote there is no stray
