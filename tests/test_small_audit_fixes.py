"""Small defects found by audits, each with the case that makes it fire and the case that keeps it quiet."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from test_acknowledgement_life import _withdrawn
from test_acknowledgements import REGISTER, today
from test_draft_forms import _revise_with_new_form
from test_history_shapes import DOC, commit, qmsdoc, start
from test_hostile_follow import REVISION, _not_a_file

from conftest import Project, restamped, run_cli


@pytest.fixture
def small(tmp_path: Path) -> Project:
    """QM-01 A/0 released on 2025-01-10 and A/1 on 2025-03-01, each committed that day."""
    return start(tmp_path / "qms")


def _approve_again(project: Project, relative: str, old: str, new: str) -> None:
    """`relative` approved again at the same version over other words (QD191), committed."""
    project.write(relative, restamped(relative, project.read(relative).replace(old, new, 1)))
    commit(project.root, "approved again", "2025-05-01T10:00:00+08:00")


def test_the_versions_to_choose_from_name_each_version_once(small: Project, tmp_path: Path) -> None:
    """A/1 approved again over other words is a release of its own: a copy of a version that never was listed
    "可选：A/0、A/1、A/1"."""
    _approve_again(small, DOC, "第一版正文。", "第一版正文（改）。")
    code, _, err = qmsdoc(small, "copy", "QM-01", "--version", "Z/9", "--out", str(tmp_path / "z.docx"))
    assert code == 1 and "（可选：A/0、A/1）" in err, err


def test_the_versions_to_choose_from_of_a_whole_manual_name_each_once(small: Project, tmp_path: Path) -> None:
    index = "manuals/qm/index.md"
    body = small.read(index).split("---\n", 2)[2]
    _approve_again(small, index, body, body + "\n补充说明。\n")
    code, _, err = qmsdoc(small, "copy", "QM", "--version", "Z/9", "--out", str(tmp_path / "z.docx"))
    assert code == 1 and "Z/9" in err and err.count("A/0") == 1 and "A/0、A/0" not in err, err


def test_the_versions_to_choose_from_keep_each_distinct_version_in_order(small: Project, tmp_path: Path) -> None:
    code, _, err = qmsdoc(small, "copy", "QM-01", "--version", "Z/9", "--out", str(tmp_path / "z.docx"))
    assert code == 1 and "（可选：A/0、A/1）" in err, err


def _draft_copies(project: Project, organisation: str | None) -> dict[str, str]:
    """The headers of the Word copies a build with publish_drafts writes, by file name, with a new draft document
    QM-02 and QM-01's revision adding draft form QM-01-F02; qmsdoc.yml names `organisation`, or none (the
    fallback)."""
    lines = [line for line in project.read("qmsdoc.yml").splitlines()
             if not line.startswith(("organisation:", "publish_drafts:"))]
    named = [f"organisation: {organisation}"] if organisation else []
    project.write("qmsdoc.yml", "\n".join([*lines, "publish_drafts: true", *named]) + "\n")
    drafted = qmsdoc(project, "new", "--manual", "QM", "--title", "新规程", "--department", "质量部",
                     "--by", "质量经理")
    assert drafted[0] == 0, drafted
    _revise_with_new_form(project.root)  # QM-01's revision adds form QM-01-F02 in draft
    code, out, err = qmsdoc(project, "build", "--only", "word")
    assert code == 0, out + err
    headers = {}
    for path in (project.root / "build").rglob("*.docx"):
        with zipfile.ZipFile(path) as word:
            headers[str(path.relative_to(project.root / "build"))] = "".join(
                word.read(n).decode("utf-8") for n in word.namelist() if n.startswith("word/header"))
    return headers



@pytest.mark.parametrize("organisation", [None, "示例公司"])
def test_a_drafts_copy_never_calls_itself_controlled(small: Project, organisation: str | None) -> None:
    """With no organisation in qmsdoc.yml a copy is headed 「受控文件」: a draft's copy (publish_drafts) said so too.
    A draft document's and a draft form's copy are headed as unapproved drafts; a named organisation stays."""
    headers = _draft_copies(small, organisation)
    for name in ("docx/documents/QM-02.docx", "docx/forms/QM-01-F02.docx"):
        assert "受控" not in headers[name], name
        assert (organisation or "未批准的文件草稿") in headers[name], name


def test_a_copy_in_force_keeps_the_fallback_heading(small: Project) -> None:
    """The quiet side: the copies of what is approved are still headed 「受控文件」 when no organisation is named."""
    headers = _draft_copies(small, None)
    for name in ("docx/documents/QM-01.docx", "docx/forms/QM-01-F01.docx"):
        assert "受控文件" in headers[name] and "未批准" not in headers[name], name


@pytest.mark.parametrize(("kind", "says"), [("folder", "是一个文件夹"), ("pipe", "是一个管道、设备或套接字"),
                                            ("link", "是一个指向 ")])
def test_revise_onto_what_is_not_a_file_says_what_is_there(project: Project, kind: str, says: str) -> None:
    """A folder, pipe or broken link at the revision's path: `revise --by` said it could not write the revision
    (a pipe: that one already existed, to discard — which refuses it). It says what is there, that nothing was
    written or removed, and how to go on, as `--discard` does; the thing and the file in force stay as they were."""
    path = _not_a_file(project, kind)
    before = project.read("manuals/qp-hr/QP-02-03.md")
    result = run_cli("revise", "QP-02-03", "--by", "质量经理", cwd=project.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result
    assert f"{REVISION} {says}" in result.stderr and "未写入也未删除" in result.stderr, result.stderr
    assert "qmsdoc revise QP-02-03" in result.stderr and "--discard" not in result.stderr, result.stderr
    assert os.path.lexists(path) and project.read("manuals/qp-hr/QP-02-03.md") == before
    if kind == "folder":
        assert (path / "笔记" / "keep.txt").read_text(encoding="utf-8") == "保留"


def test_revise_with_nothing_or_a_revision_there_answers_as_before(project: Project) -> None:
    """The quiet side: nothing there, the revision is written; a revision there (a file), QD231 as before."""
    assert run_cli("revise", "QP-02-03", "--by", "质量经理", cwd=project.root).returncode == 0
    again = run_cli("revise", "QP-02-03", "--by", "质量经理", cwd=project.root)
    assert again.returncode == 1 and "QD231" in again.stdout + again.stderr and "未写入" not in again.stderr, again


def _acknowledge_withdrawn(repo: Project, day: str, *more: str) -> str:
    """`acknowledge QP-03-02` by 李四 of 客服部 on `day`, no --version, asked on 2026-04-10 of QP-03-02 withdrawn on
    2026-04-01 (A/0 released 2026-02-25, read by 张三 on 2026-03-20): exit status and what it said."""
    result = run_cli("acknowledge", "QP-03-02", "--by", "李四", "--department", "客服部", "--date", day, *more,
                     cwd=repo.root)
    assert "Traceback" not in result.stderr, result.stderr
    return f"{result.returncode}\n{result.stdout}{result.stderr}"


def test_an_old_reading_of_a_withdrawn_document_is_recorded_for_the_version_then_in_force(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sign-in dated while A/0 was in force, entered after the withdrawal with no --version, was refused asking for
    --version though only A/0 was in force that day: it is recorded for A/0, as --version A/0 records it."""
    _withdrawn(repo, monkeypatch)
    today(monkeypatch, "2026-04-10")
    said = _acknowledge_withdrawn(repo, "2026-03-21")
    assert said.startswith("0\n"), said
    assert "李四" in repo.read(REGISTER) and "--version" not in said, said
    entry = next(line for line in repo.read(REGISTER).splitlines() if "李四" in line)
    assert "A/0" in entry and "2026-03-21" in entry, entry


@pytest.mark.parametrize("day", ["2026-04-05", "2026-04-01", "2026-01-05"])
def test_a_reading_of_a_withdrawn_document_on_a_day_nothing_was_in_force_still_asks_for_the_version(
        repo: Project, monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    """The quiet side: after the withdrawal (or on its day), or before any version was released, nothing is
    recorded and --version is asked for as before."""
    _withdrawn(repo, monkeypatch)
    today(monkeypatch, "2026-04-10")
    said = _acknowledge_withdrawn(repo, day)
    assert said.startswith("1\n") and "--version" in said and "已作废" in said, said
    assert "李四" not in repo.read(REGISTER)


def test_an_old_sign_in_sheet_of_a_withdrawn_document_is_recorded_or_refused_whole(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet's rows all dated while A/0 was in force are recorded for A/0; one row after the withdrawal and the
    sheet is refused asking for --version, nothing written."""
    _withdrawn(repo, monkeypatch)
    today(monkeypatch, "2026-04-10")
    late = repo.write("late.csv", "姓名,部门,日期\n王五,客服部,2026-03-22\n赵六,客服部,2026-04-03\n")
    refused = run_cli("acknowledge", "QP-03-02", "--from-sheet", str(late), cwd=repo.root)
    assert refused.returncode == 1 and "--version" in refused.stdout + refused.stderr, refused
    assert "王五" not in repo.read(REGISTER)
    sheet = repo.write("old.csv", "姓名,部门,日期\n王五,客服部,2026-03-22\n赵六,客服部,2026-03-23\n")
    done = run_cli("acknowledge", "QP-03-02", "--from-sheet", str(sheet), cwd=repo.root)
    assert done.returncode == 0, done
    rows = [line for line in repo.read(REGISTER).splitlines() if "王五" in line or "赵六" in line]
    assert len(rows) == 2 and all("A/0" in row for row in rows), rows


def _new_draft(project: Project) -> None:
    """QP-03-06, a new draft procedure in QP-03 (never released)."""
    drafted = run_cli("new", "--manual", "QP-03", "--title", "新规程", "--department", "客服部", "--by", "质量专员",
                      cwd=project.root)
    assert drafted.returncode == 0 and project.path("manuals/qp-service/QP-03-06.md").exists(), drafted


@pytest.mark.parametrize("args", [(), ("--version", "A/5")])
def test_the_acknowledgements_of_a_draft_never_released_say_so_without_a_version_hint(
        project: Project, args: tuple[str, ...]) -> None:
    """A draft never released was answered 「曾经现行的版本请用 --version 查询」 (or, asked for a version,
    「请用 --version 指定发布过的版本」 with none): it has no version to ask for. It says none was released yet."""
    _new_draft(project)
    result = run_cli("acknowledgements", "QP-03-06", *args, cwd=project.root)
    said = result.stdout + result.stderr
    assert result.returncode == (1 if args else 0), said
    assert "尚未发布过任何版本" in said and "--version" not in said, said


def test_the_acknowledgements_of_a_version_never_released_of_a_released_document_name_the_versions(
        project: Project) -> None:
    """The quiet side: a document released before is still told its released versions, to name with --version."""
    result = run_cli("acknowledgements", "QP-03-02", "--version", "A/5", cwd=project.root)
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "发布过的版本：A/0" in said and "--version" in said, said
    assert "尚未发布过任何版本" not in said, said
