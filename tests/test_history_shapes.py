"""What qmsdoc reads from git on histories of unusual but real shapes: a project in a folder with spaces and
Chinese in its name, a moved document, releases on branches and in merge commits, a version label approved
twice, a repository without commits. Each answer is the true one, or qmsdoc says it cannot know."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import Project, run_cli

DOC = "manuals/qm/QM-01.md"


def git(root: Path, *args: str, when: str = "2025-01-01T10:00:00+08:00", committed: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": committed or when}
    return subprocess.run(["git", "-c", "user.name=QA", "-c", "user.email=qa@example.invalid", *args], cwd=root,
                          env=env, capture_output=True, text=True, check=True).stdout


def commit(root: Path, message: str, when: str, committed: str | None = None) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message, when=when, committed=committed)


def qmsdoc(project: Project, *args: str) -> tuple[int, str, str]:
    result = run_cli(*args, cwd=project.root)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


def release(project: Project, code: str, day: str, *more: str) -> None:
    code_, out, err = qmsdoc(project, "release", code, "--by", "总经理", "--change", f"发布 {day}", "--date", day,
                             *more)
    assert code_ == 0, out + err


def bump(project: Project, day: str, text: str) -> None:
    """A revision of QM-01 whose first paragraph reads `text`, released on `day` (not committed)."""
    assert qmsdoc(project, "revise", "QM-01", "--by", "质量经理", "--date", day)[0] == 0
    draft = next(project.path("revisions").rglob("QM-01.md"))
    draft.write_text(re.sub(r"(## 1\.0 目的\n\n)[^\n]*", rf"\g<1>{text}", draft.read_text("utf-8"), count=1),
                     "utf-8")
    release(project, "QM-01", day, "--reviewed-by", "经理")


def start(root: Path, init: bool = True) -> Project:
    """A new project whose QM-01 A/0 is released on 2025-01-10 and A/1 on 2025-03-01, each committed."""
    assert run_cli("init", str(root), "--organisation", "示例公司", cwd=root.parent).returncode == 0
    project = Project(root)
    text = project.read(DOC).replace("（待编写）", "正文内容。")
    project.write(DOC, re.sub(r"date: \d{4}-\d{2}-\d{2}", "date: 2025-01-01", text))
    if init:
        git(root, "init", "-q")
    commit(root, "init", "2025-01-01T10:00:00+08:00")
    release(project, "QM", "2025-01-02")
    release(project, "QM-01-F01", "2025-01-02")
    release(project, "QM-01", "2025-01-10", "--reviewed-by", "经理")
    commit(root, "A/0", "2025-01-10T10:00:00+08:00")
    bump(project, "2025-03-01", "第一版正文。")
    commit(root, "A/1", "2025-03-01T10:00:00+08:00")
    return project


@pytest.fixture
def small(tmp_path: Path) -> Project:
    return start(tmp_path / "qms")


def as_of(project: Project, day: str, tmp_path: Path) -> dict[str, list[str]]:
    out = tmp_path / f"as-of-{day}-{len(list(tmp_path.glob('as-of-*')))}.csv"
    code, stdout, stderr = qmsdoc(project, "register", "--as-of", day, "--format", "csv", "--out", str(out))
    assert code == 0, stdout + stderr
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    return {row[0]: row for row in rows[1:]}


def copy_text(project: Project, version: str, out: Path) -> tuple[str, str]:
    """The first paragraph of QM-01's copy of `version`, and what the command said of it."""
    code, stdout, stderr = qmsdoc(project, "copy", "QM-01", "--version", version, "--out", str(out))
    assert code == 0, stdout + stderr
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return re.findall(r"<w:t[^>]*>([^<]*正文[^<]*)</w:t>", xml)[0], stdout


def commit_of(project: Project, message: str) -> str:
    return git(project.root, "log", "--format=%H", f"--grep=^{message}$").split()[0][:10]


def test_a_project_in_a_folder_named_with_spaces_and_chinese_reads_its_history(tmp_path: Path) -> None:
    """git quotes such paths in its output (core.quotepath): the history must still be found, not answered
    from the 修订记录 as if git had never seen the file."""
    outer = tmp_path / "集团"
    outer.mkdir()
    git(outer, "init", "-q")
    (outer / "README").write_text("group\n", "utf-8")
    commit(outer, "root", "2024-12-01T10:00:00+08:00")
    project = start(outer / "质量 体系", init=False)
    row = as_of(project, "2025-02-01", tmp_path)["QM-01"]
    assert row[3:6] == ["A/0", "2025-01-10", "总经理 2025-01-10"]
    assert commit_of(project, "A/0") in row[7]
    assert copy_text(project, "A/0", tmp_path / "a0.docx")[0] == "正文内容。"


def test_a_moved_document_keeps_its_earlier_versions(small: Project, tmp_path: Path) -> None:
    """A manual folder renamed (git mv, then an edit in the same commit): the number is the same document, so
    its versions at the old path are still its earlier versions, read from the commits that released them."""
    git(small.root, "mv", "manuals/qm", "manuals/quality")
    bump(small, "2025-04-01", "搬家后的正文。")
    commit(small.root, "move and A/2", "2025-04-01T10:00:00+08:00")
    assert qmsdoc(small, "check")[0] == 0
    row = as_of(small, "2025-02-01", tmp_path)["QM-01"]
    assert row[3:6] == ["A/0", "2025-01-10", "总经理 2025-01-10"] and commit_of(small, "A/0") in row[7]
    assert commit_of(small, "A/1") in as_of(small, "2025-03-05", tmp_path)["QM-01"][7]
    text, said = copy_text(small, "A/0", tmp_path / "a0.docx")
    assert text == "正文内容。" and "A/1" in said


def test_a_release_on_a_branch_committed_with_an_earlier_date_follows_its_parent(small: Project,
                                                                                 tmp_path: Path) -> None:
    """A/2 released on a branch whose commit date is before A/1's commit (a wrong clock), merged: A/2 is in force
    after the merge, not A/1 because git listed the branch commit first."""
    git(small.root, "checkout", "-qb", "feature")
    bump(small, "2025-04-01", "分支上的正文。")
    commit(small.root, "A/2 on a branch", "2025-04-01T10:00:00+08:00", committed="2025-02-01T10:00:00+08:00")
    git(small.root, "checkout", "-q", "-")
    small.write("manuals/index.md", small.read("manuals/index.md") + "\n另一处修改。\n")
    commit(small.root, "other work", "2025-03-05T10:00:00+08:00")
    git(small.root, "merge", "-q", "--no-ff", "feature", "-m", "merge", when="2025-04-02T10:00:00+08:00")
    assert as_of(small, "2025-05-01", tmp_path)["QM-01"][3:5] == ["A/2", "2025-04-02"]  # from the merge


def test_a_release_made_in_a_merge_commit_is_a_release(small: Project, tmp_path: Path) -> None:
    """Two branches each released A/2; the merge resolves the conflict by releasing A/3 in the merge commit.
    A/3 is in force from then on, and the merge is a proper release (no QD191 naming the working copy)."""
    git(small.root, "checkout", "-qb", "feature")
    bump(small, "2025-04-05", "分支 B 的正文。")
    commit(small.root, "A/2 B", "2025-04-05T10:00:00+08:00")
    git(small.root, "checkout", "-q", "-")
    bump(small, "2025-04-01", "主线的正文。")
    commit(small.root, "A/2 M", "2025-04-01T10:00:00+08:00")
    merged = subprocess.run(["git", "-c", "user.name=QA", "-c", "user.email=qa@example.invalid", "merge", "-q",
                             "--no-ff", "feature"], cwd=small.root, capture_output=True, text=True)
    assert merged.returncode != 0  # the conflict
    git(small.root, "checkout", "-q", "--ours", DOC)
    bump(small, "2025-04-10", "合并后的正文。")
    commit(small.root, "merge, A/3", "2025-04-10T10:00:00+08:00")
    code, stdout, stderr = qmsdoc(small, "check")
    assert code == 0 and "QD191" not in stdout, stdout + stderr
    row = as_of(small, "2025-05-01", tmp_path)["QM-01"]
    assert row[3:5] == ["A/3", "2025-04-10"] and commit_of(small, "merge, A/3") in row[7]
    assert as_of(small, "2025-04-07", tmp_path)["QM-01"][3] == "A/2"


def test_a_version_label_approved_twice_answers_with_each_approval_in_its_time(small: Project,
                                                                                tmp_path: Path) -> None:
    """A/1 approved again over other text without a new version (QD191 reports it): until then the first
    approval was in force, from then on the second; `copy --version A/1` is the text the label now names."""
    from conftest import restamped

    text = small.read(DOC).replace("第一版正文。", "第一版正文（改）。").replace(
        "approved: {by: 总经理, date: 2025-03-01", "approved: {by: 副总经理, date: 2025-05-01").replace(
        "effective_date: 2025-03-01", "effective_date: 2025-05-01")
    small.write(DOC, restamped(DOC, text))
    commit(small.root, "A/1 again", "2025-05-01T10:00:00+08:00")
    assert "QD191" in qmsdoc(small, "check")[1]
    assert as_of(small, "2025-04-01", tmp_path)["QM-01"][3:6] == ["A/1", "2025-03-01", "总经理 2025-03-01"]
    assert as_of(small, "2025-06-01", tmp_path)["QM-01"][3:6] == ["A/1", "2025-05-01", "副总经理 2025-05-01"]
    text, said = copy_text(small, "A/1", tmp_path / "a1.docx")
    assert text == "第一版正文（改）。" and "现行版本" in said


def test_a_repository_without_commits_says_so(tmp_path: Path) -> None:
    root = tmp_path / "qms"
    assert run_cli("init", str(root), "--organisation", "示例公司", cwd=tmp_path).returncode == 0
    git(root, "init", "-q")
    code, stdout, stderr = qmsdoc(Project(root), "check")
    assert "还没有提交" in stderr, stdout + stderr


def test_a_document_deleted_and_committed_again_was_not_in_force_in_between(small: Project, tmp_path: Path) -> None:
    """Deleted (QD142) and restored two months later as the QD142 message says: the days between answer
    'deleted', not the version that no file held."""
    kept = small.read(DOC)
    small.path(DOC).unlink()
    commit(small.root, "delete", "2025-04-01T10:00:00+08:00")
    assert "QD142" in qmsdoc(small, "check")[1]
    small.write(DOC, kept)
    commit(small.root, "restore", "2025-06-01T10:00:00+08:00")
    between = as_of(small, "2025-05-01", tmp_path)["QM-01"]
    assert between[3] == "（已删除）" and "2025-04-01" in between[7] and "2025-06-01" in between[7]
    assert as_of(small, "2025-06-02", tmp_path)["QM-01"][3] == "A/1"
    assert as_of(small, "2025-03-31", tmp_path)["QM-01"][3] == "A/1"


def test_a_release_merged_from_a_branch_is_in_force_from_the_merge_not_before(small: Project, tmp_path: Path) -> None:
    """A/2 approved and effective 04-01, committed on a branch that day, merged on 04-20: until the merge the line
    (what every user read) held A/1, so A/1 was in force on 04-10 and A/2 from 04-20 — not from its effective date
    while it sat on the branch. A release committed on the line a few days after its approval keeps its effective
    date (test_history_nonlinear: the linear case)."""
    git(small.root, "checkout", "-qb", "feature")
    bump(small, "2025-04-01", "分支上的正文。")
    commit(small.root, "A/2 on a branch", "2025-04-01T10:00:00+08:00")
    git(small.root, "checkout", "-q", "-")
    small.write("manuals/index.md", small.read("manuals/index.md") + "\n另一处修改。\n")
    commit(small.root, "other work", "2025-04-05T10:00:00+08:00")
    git(small.root, "merge", "-q", "--no-ff", "feature", "-m", "merge", when="2025-04-20T10:00:00+08:00")
    assert as_of(small, "2025-04-10", tmp_path)["QM-01"][3] == "A/1"
    assert as_of(small, "2025-04-21", tmp_path)["QM-01"][3:5] == ["A/2", "2025-04-20"]
    assert "2025-04-20" in history_page(small, "QM-01")  # the version history page says the same


def history_page(project: Project, code: str) -> str:
    """The version-history page the site publishes for `code`."""
    from qmsdoc.core import check, load_config
    from qmsdoc.core.render import CorpusRenderer
    from qmsdoc.site.history import HistoryIndex

    result = check(load_config(project.root))
    document = result.corpus.documents[code]
    index = HistoryIndex([document], result.context.history)
    return index.page(document, CorpusRenderer(result.corpus, result.context.config), "#", lambda v: v)


def test_two_documents_that_swapped_files_keep_their_own_histories(small: Project, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """QM-01 and QM-02 swap files (QD103 says each name is wrong): each keeps the versions its number had — no
    QD191 comparing one document's record with the other's, and the copy of QM-01 A/0 is QM-01's text, not that of
    the QM-02 A/0 its file now held."""
    monkeypatch.setenv("QMSDOC_TODAY", "2025-03-02")
    assert qmsdoc(small, "new", "--manual", "QM", "--title", "第二个文件", "--department", "质量部", "--by", "质量经理",
                  "--id", "QM-02")[0] == 0
    other = "manuals/qm/QM-02.md"
    small.write(other, small.read(other).replace("（待编写）", "第二个文件的正文。"))
    release(small, "QM-02", "2025-03-02", "--reviewed-by", "经理")
    monkeypatch.delenv("QMSDOC_TODAY")
    commit(small.root, "QM-02 A/0", "2025-03-02T10:00:00+08:00")
    first, second = small.read(DOC), small.read(other)
    small.write(DOC, second)
    small.write(other, first)
    commit(small.root, "swap", "2025-04-01T10:00:00+08:00")
    out = qmsdoc(small, "check")[1]
    assert "QD103" in out and "QD191" not in out, out
    assert commit_of(small, "A/1") in as_of(small, "2025-03-15", tmp_path)["QM-01"][7]
    assert copy_text(small, "A/0", tmp_path / "a0.docx")[0] == "正文内容。"


def test_a_version_approved_before_it_took_effect_is_not_listed_in_between(repo: Project, tmp_path: Path) -> None:
    """QP-03-02 A/0 was approved on 2026-02-25 (its 修订记录 line) and takes effect on 2026-03-01 (its effective
    date, git's answer from that day on). The register of 2026-02-27 listed it in force, dated 2026-02-25, from
    the 修订记录 of git's earliest text: a version in force before its effective date."""
    between = as_of(repo, "2026-02-27", tmp_path)["QP-03-02"]
    assert between[3] != "A/0" and "2026-03-01" in between[-1], between
    on = as_of(repo, "2026-03-01", tmp_path)["QP-03-02"]  # the quiet side: from its effective date it is in force
    assert on[3:5] == ["A/0", "2026-03-01"], on
    older = as_of(repo, "2026-02-27", tmp_path)["QP-02-03"]  # a version before git's: the 修订记录 still answers
    assert older[3] == "A/0", older
