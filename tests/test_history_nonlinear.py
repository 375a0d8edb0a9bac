"""What qmsdoc answers from histories that are not a straight line of one release per commit: a release
reverted with `git revert`, several releases committed at once, uncommitted edits, no git. Each answer
is the one that was true that day, or says it cannot be read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_history_shapes import DOC, as_of, bump, commit, commit_of, git, qmsdoc, release, start

from conftest import Project, run_cli


@pytest.fixture
def small(tmp_path: Path) -> Project:
    """QM-01 A/0 released on 2025-01-10 and A/1 on 2025-03-01, each committed that day."""
    return start(tmp_path / "qms")


def test_a_reverted_release_was_in_force_until_its_revert(small: Project, tmp_path: Path) -> None:
    """A/2 committed on 04-01 and reverted on 04-05: A/2 was in force between, A/1 again from the revert (its
    old effective date must not put A/1 back over the days A/2 was in force)."""
    bump(small, "2025-04-01", "第二版正文。")
    commit(small.root, "A/2", "2025-04-01T10:00:00+08:00")
    git(small.root, "revert", "--no-edit", "HEAD", when="2025-04-05T10:00:00+08:00")
    assert as_of(small, "2025-03-15", tmp_path)["QM-01"][3] == "A/1"
    assert commit_of(small, "A/1") in as_of(small, "2025-03-15", tmp_path)["QM-01"][7]
    assert as_of(small, "2025-04-02", tmp_path)["QM-01"][3:5] == ["A/2", "2025-04-01"]
    assert as_of(small, "2025-04-06", tmp_path)["QM-01"][3:5] == ["A/1", "2025-04-05"]


def test_a_linear_history_answers_each_version_from_its_own_commit(small: Project, tmp_path: Path) -> None:
    """The normal case stays as it was: each version in force from its effective date, read from its commit."""
    bump(small, "2025-04-01", "第二版正文。")
    commit(small.root, "A/2", "2025-04-03T10:00:00+08:00")
    assert as_of(small, "2025-03-15", tmp_path)["QM-01"][3:6] == ["A/1", "2025-03-01", "总经理 2025-03-01"]
    row = as_of(small, "2025-04-02", tmp_path)["QM-01"]
    assert row[3:6] == ["A/2", "2025-04-01", "总经理 2025-04-01"]
    assert commit_of(small, "A/2") in row[7] and "未提交" not in row[7]


def test_two_releases_in_one_commit_answer_the_first_between_them(small: Project, tmp_path: Path) -> None:
    """A/2 (04-01) and A/3 (05-01) committed together on 05-20: on 04-10 A/2 was in force, not A/1 — its text and
    approver were never committed, and the row says so instead of naming one."""
    bump(small, "2025-04-01", "第二版正文。")
    bump(small, "2025-05-01", "第三版正文。")
    commit(small.root, "A/2+A/3", "2025-05-20T10:00:00+08:00")
    row = as_of(small, "2025-04-10", tmp_path)["QM-01"]
    assert row[3:5] == ["A/2", "2025-04-01"]
    assert "未单独提交" in row[5] and "总经理" not in row[5]
    assert as_of(small, "2025-05-10", tmp_path)["QM-01"][3:6] == ["A/3", "2025-05-01", "总经理 2025-05-01"]
    assert as_of(small, "2025-03-15", tmp_path)["QM-01"][3] == "A/1"


def test_a_register_without_git_is_refused_as_a_shallow_clones_is(small: Project, tmp_path: Path) -> None:
    """An export without .git has only the 修订记录, dated by approval: it refuses (QD320) as a shallow clone does
    (test_past_day_without_history.py) rather than hand an auditor a register that may be false."""
    import shutil

    export = tmp_path / "export"
    shutil.copytree(small.root, export, ignore=shutil.ignore_patterns(".git"))
    out = tmp_path / "export.xlsx"
    done = run_cli("register", "--as-of", "2025-03-15", "--out", str(out), cwd=export)
    assert done.returncode == 2 and "QD320" in done.stderr and not out.exists(), done


def test_a_register_of_a_full_clone_answers(small: Project, tmp_path: Path) -> None:
    assert as_of(small, "2025-03-15", tmp_path)["QM-01"][3] == "A/1"


def test_an_uncommitted_release_in_the_working_tree_is_named_beside_gits_answer(small: Project,
                                                                                  tmp_path: Path) -> None:
    """A/2 released on disk but not committed: the register (read from commits) says A/1 and that the working
    tree holds A/2 in force since 04-01 — not a silent A/1 while every other output shows A/2."""
    bump(small, "2025-04-01", "第二版正文。")
    row = as_of(small, "2025-04-02", tmp_path)["QM-01"]
    assert row[3] == "A/1" and "未提交" in row[7] and "A/2" in row[7] and "2025-04-01" in row[7]
    assert "未提交" not in as_of(small, "2025-03-15", tmp_path)["QM-01"][7]  # not yet in force that day


def _revise_manual_page(project: Project, day: str, line: str) -> None:
    """A revision of the manual page QM with `line` added, released on `day` (not committed)."""
    assert qmsdoc(project, "revise", "QM", "--by", "质量经理", "--date", day)[0] == 0
    draft = next(project.path("revisions").rglob("index.md"))
    draft.write_text(draft.read_text("utf-8") + f"\n{line}\n", "utf-8")
    release(project, "QM", day)


def test_a_manual_page_released_twice_in_one_commit_is_not_copied_from_the_wrong_version(small: Project,
                                                                                         tmp_path: Path) -> None:
    """QM A/1 (04-01) and A/2 (05-01) committed together: on 04-10 the register names A/1 from the 修订记录,
    and the whole-manual copy of that day is refused as unreadable, not written with A/0's page."""
    _revise_manual_page(small, "2025-04-01", "第二版首页。")
    _revise_manual_page(small, "2025-05-01", "第三版首页。")
    commit(small.root, "QM A/1+A/2", "2025-05-20T10:00:00+08:00")
    row = as_of(small, "2025-04-10", tmp_path)["QM"]
    assert row[3:5] == ["A/1", "2025-04-01"] and "未单独提交" in row[5]
    code, out, err = qmsdoc(small, "copy", "QM", "--as-of", "2025-04-10", "--out", str(tmp_path / "qm.docx"))
    assert code == 1 and "QM A/1" in err and "未单独提交" in err and not (tmp_path / "qm.docx").exists()
    code, out, err = qmsdoc(small, "copy", "QM", "--as-of", "2025-05-21", "--out", str(tmp_path / "qm2.docx"))
    assert code == 0 and "A/2" in out


def test_a_reverted_withdrawal_leaves_the_days_it_stood_withdrawn(small: Project, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """QM-01 withdrawn on 04-01 (committed that day), the withdrawal reverted on 04-10: withdrawn between, A/1 in
    force again from the revert — not in force all along by its old effective date."""
    monkeypatch.setenv("QMSDOC_TODAY", "2025-04-01")
    code, out, err = qmsdoc(small, "obsolete", "QM-01", "--no-successor", "--reason", "合并", "--date", "2025-04-01")
    assert code == 0, out + err
    monkeypatch.delenv("QMSDOC_TODAY")
    commit(small.root, "withdraw", "2025-04-01T10:00:00+08:00")
    git(small.root, "revert", "--no-edit", "HEAD", when="2025-04-10T10:00:00+08:00")
    assert as_of(small, "2025-03-15", tmp_path)["QM-01"][3] == "A/1"
    assert "作废" in as_of(small, "2025-04-05", tmp_path)["QM-01"][3]
    assert as_of(small, "2025-04-11", tmp_path)["QM-01"][3:5] == ["A/1", "2025-04-10"]
    code, out, err = qmsdoc(small, "check")  # undoing a withdrawal is no tampering, and is told as what it was
    assert code == 0 and "error QD191" not in out, out + err
    assert "作废（A/2）已被撤销" in next(line for line in out.splitlines() if "warning QD191" in line)


def _manual_copy_members(project: Project, manual: str, day: str, out: Path) -> str:
    code, said, err = qmsdoc(project, "copy", manual, "--as-of", day, "--out", str(out))
    assert code == 0, said + err
    return said.split("（", 1)[1] if "（" in said else said


def test_a_document_moved_to_another_manual_is_in_each_manuals_copy_of_its_own_days(small: Project,
                                                                                     tmp_path: Path,
                                                                                     monkeypatch: pytest.MonkeyPatch
                                                                                     ) -> None:
    """QM-01 moved from manual QM to manual WI on 05-01 (git mv, no new version): the whole-manual copy of QM on
    04-01 holds it and WI's of that day does not; from the move on, the other way round."""
    index = small.read("manuals/qm/index.md").replace("id: QM\n", "id: WI\n").replace("质量手册", "作业指导书")
    small.write("manuals/wi/index.md", index)
    monkeypatch.setenv("QMSDOC_TODAY", "2025-01-03")
    release(small, "WI", "2025-01-03")
    monkeypatch.delenv("QMSDOC_TODAY")
    commit(small.root, "WI", "2025-03-02T10:00:00+08:00")
    git(small.root, "mv", "manuals/qm/QM-01.md", "manuals/wi/QM-01.md")
    commit(small.root, "move", "2025-05-01T10:00:00+08:00")
    assert "QM-01 A/1" in _manual_copy_members(small, "QM", "2025-04-01", tmp_path / "qm-0401.docx")
    assert "QM-01" not in _manual_copy_members(small, "WI", "2025-04-01", tmp_path / "wi-0401.docx")
    assert "QM-01" not in _manual_copy_members(small, "QM", "2025-05-02", tmp_path / "qm-0502.docx")
    assert "QM-01 A/1" in _manual_copy_members(small, "WI", "2025-05-02", tmp_path / "wi-0502.docx")


def test_a_document_never_moved_is_in_its_manuals_copy(small: Project, tmp_path: Path) -> None:
    assert "QM-01 A/0" in _manual_copy_members(small, "QM", "2025-02-01", tmp_path / "qm-0201.docx")
    assert "QM-01 A/1" in _manual_copy_members(small, "QM", "2025-03-02", tmp_path / "qm-0302.docx")


def test_the_acknowledgements_of_a_reverted_release_answer_for_the_days_it_was_in_force(small: Project) -> None:
    """A/2 committed on 04-01 and reverted on 04-05: the 修订记录 no longer lists it, but it was released and in
    force — not "never released"."""
    bump(small, "2025-04-01", "第二版正文。")
    commit(small.root, "A/2", "2025-04-01T10:00:00+08:00")
    git(small.root, "revert", "--no-edit", "HEAD", when="2025-04-05T10:00:00+08:00")
    code, out, err = qmsdoc(small, "acknowledgements", "QM-01", "--version", "A/2")
    assert code == 0 and "2025-04-01 起现行，自 2025-04-05 起不再现行" in out and "从未发布" not in out + err


def test_the_acknowledgements_of_a_version_never_released_are_refused(small: Project) -> None:
    code, out, err = qmsdoc(small, "acknowledgements", "QM-01", "--version", "A/9")
    assert code != 0 and "从未发布" in err


def test_a_deletion_rebased_onto_the_line_counts_from_the_day_it_was_committed_there(small: Project,
                                                                                       tmp_path: Path) -> None:
    """A deletion authored on 04-01 and rebased onto the branch on 04-20 (author date kept): the file was there
    until 04-20, not gone from 04-01."""
    (small.root / DOC).unlink()
    commit(small.root, "delete", "2025-04-01T10:00:00+08:00", committed="2025-04-20T10:00:00+08:00")
    assert as_of(small, "2025-04-05", tmp_path)["QM-01"][3] == "A/1"
    row = as_of(small, "2025-04-21", tmp_path)["QM-01"]
    assert "删除" in row[3] and "2025-04-20" in row[7]


def test_check_reads_a_reverted_release_as_a_withdrawal_of_that_version_not_as_tampering(small: Project) -> None:
    """A/2 committed and reverted with `git revert`: A/1's record is back exactly as it was released, so check
    passes (no QD191 error for a version label going back) and warns that A/2 was withdrawn by the revert and the
    修订记录 no longer lists it."""
    bump(small, "2025-04-01", "第二版正文。")
    commit(small.root, "A/2", "2025-04-01T10:00:00+08:00")
    git(small.root, "revert", "--no-edit", "HEAD", when="2025-04-05T10:00:00+08:00")
    code, out, err = qmsdoc(small, "check")
    assert code == 0 and "error QD191" not in out, out + err
    warning = next(line for line in out.splitlines() if "warning QD191" in line)
    assert "A/2" in warning and "A/1" in warning and "撤回" in warning


def test_a_record_changed_back_to_an_earlier_version_by_hand_is_still_reported(small: Project) -> None:
    """Only a return to a record exactly as released before is a revert: an earlier label over a new record
    (edited by hand) is still QD191."""
    from conftest import restamped

    text = small.read(DOC).replace("version: A/1", "version: A/0").replace("第一版正文。", "手改的正文。")
    small.write(DOC, restamped(DOC, text))
    commit(small.root, "back by hand", "2025-04-05T10:00:00+08:00")
    assert "QD191" in qmsdoc(small, "check")[1]


def test_a_copy_of_a_version_released_but_not_yet_committed_says_to_commit_it(small: Project, tmp_path: Path) -> None:
    """A/2 released in the working tree, not committed: not "no such version" but that it is not committed yet
    and what to do."""
    bump(small, "2025-04-01", "第二版正文。")
    code, out, err = qmsdoc(small, "copy", "QM-01", "--version", "A/2", "--out", str(tmp_path / "a2.docx"))
    assert code != 0 and "尚未提交" in err and "git commit" in err, out + err
    assert not (tmp_path / "a2.docx").exists()


def test_a_copy_in_a_repository_without_commits_says_there_is_no_history_yet(tmp_path: Path) -> None:
    root = tmp_path / "qms"
    assert run_cli("init", str(root), "--organisation", "示例公司", cwd=tmp_path).returncode == 0
    git(root, "init", "-q")
    project = Project(root)
    text = project.read(DOC).replace("（待编写）", "正文内容。")
    project.write(DOC, re.sub(r"date: \d{4}-\d{2}-\d{2}", "date: 2025-01-01", text))
    release(project, "QM-01", "2025-01-10", "--reviewed-by", "经理")
    code, out, err = qmsdoc(project, "copy", "QM-01", "--version", "A/0", "--out", str(tmp_path / "a0.docx"))
    refusal = err.strip().splitlines()[-1]
    assert code != 0 and "还没有任何提交" in refusal and "git commit" in refusal, err
    assert "没有已发布的版本" not in refusal


def test_the_history_page_lists_a_reverted_release_as_its_own_revision_record_gave_it(small: Project) -> None:
    """A/2 approved on 04-01 by 总经理, committed on 04-03, reverted on 04-05: the page's row for it (the 修订记录 no
    longer has one) gives its approval date and reviser from its own record, not the commit's day and no one; A/1's
    row says it is in force again from the revert."""
    from test_history_shapes import history_page

    bump(small, "2025-04-01", "第二版正文。")
    commit(small.root, "A/2", "2025-04-03T10:00:00+08:00")
    git(small.root, "revert", "--no-edit", "HEAD", when="2025-04-05T10:00:00+08:00")
    page = history_page(small, "QM-01").split("<tr>")
    row = next(r for r in page if ">A/2<" in r)
    assert "2025-04-01" in row and "2025-04-03" not in row and "质量经理" in row, row
    assert "2025-04-05" in next(r for r in page if ">A/1<" in r)  # in force again from the revert, as register says


def _paper_manual(tmp_path: Path) -> Project:
    """QM-01 A/1, approved on paper on 02-20 (A/0 in 2024 before it, only in its 修订记录), effective 03-01, committed
    on 03-05 with no fingerprint: a manual brought into qmsdoc at its current version."""
    root = tmp_path / "qms"
    assert run_cli("init", str(root), "--organisation", "示例公司", cwd=tmp_path).returncode == 0
    project = Project(root)
    text = re.sub(r"date: \d{4}-\d{2}-\d{2}", "date: 2025-01-01", project.read(DOC).replace("（待编写）", "正文内容。"))
    text = text.replace("version: A/0", "version: A/1").replace("status: draft", "status: effective")
    assert "status: effective\n" in text  # the draft `qmsdoc init` wrote, put in force
    text = text.replace("status: effective\n", "status: effective\neffective_date: 2025-03-01\n"
                        "reviewed: {by: 经理, date: 2025-02-18}\napproved: {by: 总经理, date: 2025-02-20}\n"
                        "history:\n  - {version: A/0, date: 2024-05-06, by: 质量经理, change: 首次发布}\n"
                        "  - {version: A/1, date: 2025-02-20, by: 质量经理, change: 第二版}\n")
    project.write(DOC, text)
    git(root, "init", "-q")
    commit(root, "paper manual", "2025-03-05T10:00:00+08:00")
    return project


def test_an_approval_recorded_later_is_the_same_release_in_force_from_before(tmp_path: Path) -> None:
    """A/1 approved on paper (effective 03-01) and committed on 03-05 before qmsdoc recorded approvals; its
    fingerprint recorded by `qmsdoc baseline` on a branch merged on 06-10. The recording changed no word of what
    was approved: the history page called the baselined text a version of its own, compared A/1 → A/1 and said
    A/1 came into force on the merge day — while `register --as-of` (rightly) had it in force from 03-01."""
    from test_history_shapes import history_page

    from qmsdoc.core import check, load_config
    from qmsdoc.core.versions import releases

    project = _paper_manual(tmp_path)
    root = project.root
    git(root, "checkout", "-qb", "record")
    code, out, err = qmsdoc(project, "baseline", "QM-01", "--by", "总经理", "--date", "2025-06-01")
    assert code == 0, out + err
    commit(root, "baseline", "2025-06-01T10:00:00+08:00")
    git(root, "checkout", "-q", "-")
    project.write("manuals/index.md", project.read("manuals/index.md") + "\n另一处修改。\n")
    commit(root, "other work", "2025-06-05T10:00:00+08:00")
    git(root, "merge", "-q", "--no-ff", "record", "-m", "merge", when="2025-06-10T10:00:00+08:00")

    result = check(load_config(root))
    found = releases("document", DOC, result.context.history.versions.get(DOC, []))
    assert [(r.version, r.committed) for r in found] == [("A/1", "2025-03-05")]
    assert "fingerprint" in found[0].data["approved"]  # read as recorded: today's file is this release's text
    page = history_page(project, "QM-01")
    assert "2025-06-10" not in page and "A/1 → A/1" not in page
    assert as_of(project, "2025-04-01", tmp_path)["QM-01"][3:5] == ["A/1", "2025-03-01"]


def test_a_version_label_approved_again_over_changed_words_is_still_a_release_of_its_own(small: Project) -> None:
    """The quiet side: a baseline-like record over different words is not the same approval (QD191's case)."""
    from qmsdoc.core.fingerprint import same_approval

    data = {"id": "QM-01", "version": "A/1", "approved": {"by": "总经理", "date": "2025-03-01"}}
    recorded = {**data, "approved": {**data["approved"], "baselined": "2025-06-01", "fingerprint": "0" * 64}}
    assert same_approval(data, "正文。\n", recorded, "正文。\n\n")
    assert not same_approval(data, "正文。", recorded, "改过的正文。")
    assert not same_approval(data, "正文。", {**recorded, "approved": {**recorded["approved"], "by": "别人"}}, "正文。")


def test_a_copy_of_a_version_released_before_git_kept_the_manual_says_where_it_is(tmp_path: Path) -> None:
    """A/0 is in the 修订记录 of a manual brought into qmsdoc at A/1: asked for a copy of it, qmsdoc said only that
    git has no released A/0 — to an auditor, as if there never was one. It says the version came before git kept
    the manual and where its text is (the archived controlled copy); a version no record names gets the old answer."""
    project = _paper_manual(tmp_path)
    code, out, err = qmsdoc(project, "copy", "QM-01", "--version", "A/0", "--out", str(tmp_path / "a0.docx"))
    assert code == 1 and "2024-05-06" in err and "早于 git 中保存的第一个版本 A/1" in err and "存档" in err, err
    assert not (tmp_path / "a0.docx").exists()
    code, out, err = qmsdoc(project, "copy", "QM-01", "--version", "A/7", "--out", str(tmp_path / "a7.docx"))
    assert code == 1 and "没有已发布的版本 A/7（可选：A/1）" in err and "早于" not in err, err
