"""What qmsdoc says about a file's past where the file's path matters: a restore command with a path of the
user's in it that works when pasted, an earlier version of a moved document shown with the pictures it was
released with, and a repository without commits named as such wherever history is shown."""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from test_history_shapes import commit, git, qmsdoc, release, start

from conftest import Project, run_cli

DOC = "manuals/qm/QM-01.md"


@pytest.fixture
def small(tmp_path: Path) -> Project:
    return start(tmp_path / "qms")


# -- the restore command ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, shown", [
    ("manuals/qm/QM-01.md", '":/manuals/qm/QM-01.md"'),
    ("manuals/质量 手册/QM-01 (O'Brien & Co; 旧).md", '":/manuals/质量 手册/QM-01 (O\'Brien & Co; 旧).md"'),
    ("manuals/qm/QM-01[旧].md", '":(top,literal)manuals/qm/QM-01[旧].md"'),
])
def test_a_restore_command_double_quotes_the_path_for_every_shell(path: str, shown: str) -> None:
    from qmsdoc.core.commandline import git_command

    assert git_command("checkout", "abc~1", "--", path=path) == f"git checkout abc~1 -- {shown}"


@pytest.mark.parametrize("path", ["manuals/qm/$HOME.md", 'manuals/qm/a"b.md', "manuals/qm/100%.md",
                                  "manuals/qm/hi!.md", "manuals/qm/a`b`.md", "manuals/qm/“新”.md",
                                  "manuals/qm/it's $x.md"])
def test_a_path_no_quoting_serves_every_shell_for_is_said_so(path: str) -> None:
    from qmsdoc.core.commandline import git_command

    said = git_command("checkout", "--", path=path)
    assert said.startswith("git checkout -- '") and "PowerShell" in said
    command = said[:said.rindex("'") + 1]
    echoed = subprocess.run(["bash", "-c", command.replace("git checkout --", "printf %s", 1)], capture_output=True,
                            text=True, check=True).stdout
    assert echoed == ":/" + path  # top-anchored: the file whatever folder of the repository it is pasted in


def _deleted_in(small: Project, folder: str) -> str:
    """QM-01 moved into `folder` (committed), then deleted (committed): the restore command QD142 prints."""
    small.path(folder).mkdir(parents=True, exist_ok=True)
    git(small.root, "mv", DOC, f"{folder}/QM-01.md")
    commit(small.root, "move", "2025-03-05T10:00:00+08:00")
    git(small.root, "rm", "-q", f"{folder}/QM-01.md")
    commit(small.root, "delete", "2025-03-06T10:00:00+08:00")
    code, out, err = qmsdoc(small, "check")
    message = next(line for line in out.splitlines() if "QD142" in line)
    found = re.search(r"""git checkout \S+ -- (?:"[^"]*"|'(?:[^']|'\\'')*')""", message)
    assert found, message
    return found.group(0)


@pytest.mark.parametrize("shell", ["bash", "sh"])
@pytest.mark.parametrize("folder", ["manuals/质量 手册 (O'Brien & Co)", "manuals/qm $HOME `x`"])
def test_qd142s_restore_command_restores_the_file_when_pasted(small: Project, folder: str, shell: str) -> None:
    restore = _deleted_in(small, folder)
    assert not small.path(f"{folder}/QM-01.md").exists()
    ran = subprocess.run([shell, "-c", restore], cwd=small.root, capture_output=True, text=True)
    assert ran.returncode == 0, restore + ran.stderr
    assert small.path(f"{folder}/QM-01.md").is_file(), (restore, ran.stdout, ran.stderr)


def test_a_document_moved_then_deleted_is_one_deletion(small: Project, tmp_path: Path) -> None:
    """Moved (git mv), then deleted: one document deleted at its last place — QD142 once, naming the deletion,
    and one row in `register --as-of` — not a second deletion at the place it was moved from."""
    from test_history_shapes import as_of

    _deleted_in(small, "manuals/quality")
    out = qmsdoc(small, "check")[1]
    assert [line.split(":")[0] for line in out.splitlines() if "QD142" in line] == ["manuals/quality/QM-01.md"]
    out_csv = tmp_path / "r.csv"
    assert qmsdoc(small, "register", "--as-of", "2025-03-05", "--format", "csv", "--out", str(out_csv))[0] == 0
    assert sum(row.startswith("QM-01,") for row in out_csv.read_text("utf-8-sig").splitlines()) == 1
    assert as_of(small, "2025-02-01", tmp_path)["QM-01"][3] == "A/0"


# -- pictures of a moved document ----------------------------------------------------------------------------

def _revise(project: Project, day: str, edit: Callable[[str], str]) -> None:
    assert qmsdoc(project, "revise", "QM-01", "--by", "质量经理", "--date", day)[0] == 0
    draft = next(project.path("revisions").rglob("QM-01.md"))
    draft.write_text(edit(draft.read_text("utf-8")), "utf-8")
    release(project, "QM-01", day, "--reviewed-by", "经理")


def test_an_earlier_version_of_a_moved_document_shows_the_pictures_it_was_released_with(small: Project,
                                                                                        tmp_path: Path) -> None:
    """A/2 showed img/flow.png beside the document in manuals/qm; the manual was then moved to manuals/quality and
    A/3 shows another picture (the old one deleted). A/2's page and its copy show the picture A/2 was released
    with, read where the document was in A/2's commit — not the new place, which git did not hold then."""
    from test_word_reuse import _png

    small.path("manuals/qm/img").mkdir()
    small.path("manuals/qm/img/flow.png").write_bytes(_png(10))
    _revise(small, "2025-04-01",
            lambda text: text.replace("## 1.0 目的\n\n", "## 1.0 目的\n\n![流程](img/flow.png)\n\n", 1))
    commit(small.root, "A/2", "2025-04-01T10:00:00+08:00")
    git(small.root, "mv", "manuals/qm", "manuals/quality")
    commit(small.root, "move", "2025-04-05T10:00:00+08:00")
    small.path("manuals/quality/img/flow-v3.png").write_bytes(_png(200))
    _revise(small, "2025-05-01", lambda text: text.replace("img/flow.png", "img/flow-v3.png"))
    small.path("manuals/quality/img/flow.png").unlink()
    commit(small.root, "A/3", "2025-05-01T10:00:00+08:00")
    code, out, err = qmsdoc(small, "build", "--only", "site")
    assert code == 0, out + err
    page = small.path("build/site/history/QM-01/A-2")
    images = re.findall(r'<img [^>]*src="([^"]+)"', (page / "index.html").read_text("utf-8"))
    assert [(page / src).resolve().read_bytes() for src in images] == [_png(10)]
    copy = tmp_path / "a2.docx"
    assert qmsdoc(small, "copy", "QM-01", "--version", "A/2", "--out", str(copy))[0] == 0
    with zipfile.ZipFile(copy) as archive:
        assert [archive.read(name) for name in archive.namelist() if name.startswith("word/media/")] == [_png(10)]


# -- a repository without commits -------------------------------------------------------------------------------

@pytest.mark.parametrize("init", [True, False], ids=["git init only", "no git"])
def test_the_history_page_says_why_there_is_no_history_as_check_does(tmp_path: Path, init: bool) -> None:
    """`git init` and nothing committed yet: the version-history page says so, in the words `check` uses,
    not that the file is not in git; without git at all, it says that, as `check` does."""
    root = tmp_path / "qms"
    assert run_cli("init", str(root), "--organisation", "示例公司", cwd=tmp_path).returncode == 0
    project = Project(root)
    project.write(DOC, re.sub(r"date: \d{4}-\d{2}-\d{2}", "date: 2025-01-01",
                              project.read(DOC).replace("（待编写）", "正文内容。")))
    if init:
        git(root, "init", "-q")
    for code in ("QM", "QM-01-F01", "QM-01"):
        release(project, code, "2025-01-10", *(("--reviewed-by", "经理") if code == "QM-01" else ()))
    code, out, err = qmsdoc(project, "build", "--only", "site")
    assert code == 0, out + err
    said = "git 仓库中还没有提交" if init else "未找到 git 仓库"
    assert said in qmsdoc(project, "check")[2]
    page = project.read("build/site/history/QM-01/index.html")
    assert said in page and "没有找到本文件的 git" not in page
