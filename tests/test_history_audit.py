"""What `register --as-of` tells an auditor about a day the file committed on the line was not the approved text:
an approved file edited by hand (QD190) and committed — alone, or in another item's release commit — was what
every user read from then on. The register names the version in force and, beside it, that edit and its days."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sitecrawl import badge_texts
from test_history_shapes import DOC, as_of, bump, commit, commit_of, qmsdoc, start

from conftest import Project, configure

FORM = "controlled_forms/QM-01-F01.yaml"
NOTE = "与其批准记录不符"


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("QMSDOC_TODAY", "2025-06-01")
    return start(tmp_path / "qms")


def test_an_edit_committed_without_approval_is_named_for_the_days_it_stood(small: Project, tmp_path: Path) -> None:
    approved = small.read(DOC)
    small.write(DOC, approved.replace("第一版正文。", "未经批准改过的正文。"))
    commit(small.root, "silent", "2025-04-01T10:00:00+08:00")
    small.write(DOC, approved)
    commit(small.root, "undo", "2025-04-10T10:00:00+08:00")
    assert qmsdoc(small, "check")[0] == 0  # the working tree is clean again: only the history holds the edit
    during = as_of(small, "2025-04-05", tmp_path)["QM-01"]
    assert during[3] == "A/1" and NOTE in during[7] and commit_of(small, "silent") in during[7]
    assert "2025-04-01" in during[7] and "2025-04-10" in during[7]
    assert NOTE in as_of(small, "2025-04-01", tmp_path)["QM-01"][7]
    for day in ("2025-03-31", "2025-04-10"):  # before the edit, and from the day the approved text came back
        row = as_of(small, day, tmp_path)["QM-01"]
        assert row[3] == "A/1" and NOTE not in row[7] and "注意" not in row[7]


def test_a_release_commit_that_also_edits_another_approved_file_names_that_edit(small: Project,
                                                                               tmp_path: Path) -> None:
    bump(small, "2025-04-01", "第二版正文。")
    small.write(FORM, small.read(FORM).replace("title: 文件更改申请单", "title: 文件更改申请表"))
    commit(small.root, "A/2 and a hand edit", "2025-04-01T10:00:00+08:00")
    after = as_of(small, "2025-04-02", tmp_path)
    assert after["QM-01"][3] == "A/2" and NOTE not in after["QM-01"][7]  # the release itself was approved
    form = after["QM-01-F01"]
    assert form[3] == "A/0" and NOTE in form[7] and commit_of(small, "A/2 and a hand edit") in form[7]
    assert "最新提交" in form[7]  # never put right since
    assert NOTE not in as_of(small, "2025-03-31", tmp_path)["QM-01-F01"][7]


def test_a_manual_page_edited_by_hand_is_named_in_english_too(small: Project, tmp_path: Path) -> None:
    configure(small, language="en")
    commit(small.root, "english", "2025-03-02T10:00:00+08:00")
    small.write("manuals/qm/index.md", small.read("manuals/qm/index.md") + "\nA line added by hand.\n")
    commit(small.root, "page edit", "2025-04-01T10:00:00+08:00")
    row = as_of(small, "2025-04-02", tmp_path)["QM"]
    assert row[3] == "A/0" and "does not match its approval record" in row[7]
    assert "approval record" not in as_of(small, "2025-03-31", tmp_path)["QM"][7]


def test_a_history_of_releases_only_has_no_such_note(small: Project, tmp_path: Path) -> None:
    bump(small, "2025-04-01", "第二版正文。")
    commit(small.root, "A/2", "2025-04-01T10:00:00+08:00")
    rows = as_of(small, "2025-04-02", tmp_path)
    assert rows["QM-01"][3] == "A/2" and all(NOTE not in row[7] for row in rows.values())
    assert os.environ["QMSDOC_TODAY"] == "2025-06-01"


def test_the_history_page_says_when_a_version_approved_to_take_effect_later_took_effect(small: Project,
                                                                                       tmp_path: Path) -> None:
    """A/2 approved on 04-01 to take effect on 05-01: its 修订记录 row is dated 04-01 (the approval), and the page
    says from when it was in force, as `register --as-of` answers — not a page an auditor reads as 04-01."""
    from test_history_shapes import history_page, release

    assert qmsdoc(small, "revise", "QM-01", "--by", "质量经理", "--date", "2025-04-01")[0] == 0
    draft = next(small.path("revisions").rglob("QM-01.md"))
    draft.write_text(draft.read_text("utf-8").replace("第一版正文。", "第二版正文。"), "utf-8")
    release(small, "QM-01", "2025-04-01", "--reviewed-by", "经理", "--effective", "2025-05-01")
    commit(small.root, "A/2", "2025-04-01T10:00:00+08:00")
    assert as_of(small, "2025-04-15", tmp_path)["QM-01"][3] == "A/1"
    assert as_of(small, "2025-05-01", tmp_path)["QM-01"][3:5] == ["A/2", "2025-05-01"]
    rows = history_page(small, "QM-01").split("<tr>")
    later = next(r for r in rows if ">A/2<" in r)
    assert "2025-04-01" in later and "2025-05-01 起生效" in re.sub("<[^>]+>", "", later), later
    assert '<time class="qms-date" datetime="2025-05-01">' in later  # one piece in a narrow column
    same_day = next(r for r in rows if ">A/1<" in r)  # approved and in force on the same day: one date, no note
    assert "2025-03-01" in same_day and "起生效" not in same_day, same_day


def _withdraw_and_delete(small: Project) -> None:
    """QM-01 withdrawn (no successor) on 04-01, its file deleted on 04-15 — a withdrawn document's file cleared."""
    assert qmsdoc(small, "obsolete", "QM-01", "--no-successor", "--reason", "不再需要", "--date", "2025-04-01")[0] == 0
    commit(small.root, "withdraw", "2025-04-01T10:00:00+08:00")
    small.path(DOC).unlink()
    commit(small.root, "rm", "2025-04-15T10:00:00+08:00")


def test_a_withdrawn_documents_deleted_file_is_not_called_deleted_without_withdrawal(small: Project,
                                                                                    tmp_path: Path) -> None:
    _withdraw_and_delete(small)
    row = as_of(small, "2025-04-20", tmp_path)["QM-01"]
    assert row[3] == "（已作废）" and "2025-04-01 作废" in row[7] and "2025-04-15" in row[7], row
    assert "未经作废" not in row[7]
    assert "2025-04-01 作废" in as_of(small, "2025-04-05", tmp_path)["QM-01"][7]  # withdrawn, file still there


def test_a_withdrawn_number_given_to_a_new_draft_is_still_withdrawn_while_its_file_was_gone(small: Project,
                                                                                           tmp_path: Path) -> None:
    _withdraw_and_delete(small)
    assert qmsdoc(small, "new", "--manual", "QM", "--title", "新程序", "--department", "质量管理部", "--by", "质量经理",
                  "--id", "QM-01")[0] == 0
    commit(small.root, "new QM-01", "2025-05-01T10:00:00+08:00")
    row = as_of(small, "2025-04-20", tmp_path)["QM-01"]
    assert row[3] == "（已作废）" and "未经作废" not in row[7] and "2025-05-01" in row[7], row


def test_a_document_deleted_while_in_force_is_still_called_deleted_without_withdrawal(small: Project,
                                                                                     tmp_path: Path) -> None:
    small.path(DOC).unlink()
    commit(small.root, "rm", "2025-04-15T10:00:00+08:00")
    row = as_of(small, "2025-04-20", tmp_path)["QM-01"]
    assert row[3] == "（已删除）" and "未经作废" in row[7], row


def test_a_copy_of_the_withdrawal_says_withdrawn_when_a_new_draft_holds_the_number(small: Project,
                                                                                 tmp_path: Path) -> None:
    """QM-01's withdrawal (A/2) is not 'replaced by A/0' because a new draft QM-01 A/0 was begun since."""
    _withdraw_and_delete(small)
    assert qmsdoc(small, "new", "--manual", "QM", "--title", "新程序", "--department", "质量管理部", "--by", "质量经理",
                  "--id", "QM-01")[0] == 0
    commit(small.root, "new QM-01", "2025-05-01T10:00:00+08:00")
    code, said, _ = qmsdoc(small, "copy", "QM-01", "--version", "A/2", "--out", str(tmp_path / "a2.docx"))
    assert code == 0 and "2025-04-01 作废，无替代文件" in said and "被 A/0 替代" not in said, said
    code, said, _ = qmsdoc(small, "copy", "QM-01", "--version", "A/0", "--out", str(tmp_path / "a0.docx"))
    assert code == 0 and "已被 A/1 替代，该文件已于 2025-04-01 作废" in said, said  # the old A/1, later withdrawn


def test_a_commit_counts_on_its_committers_day_in_its_own_time_zone(small: Project, tmp_path: Path) -> None:
    """A/2 released on a branch, merged at 00:30 +08:00 on 04-05 (16:30 UTC on 04-04), the merge's author date a
    week before (a rebased merge): in force from 04-05, in the register and on the history page alike."""
    from test_history_shapes import git, history_page

    git(small.root, "checkout", "-qb", "feature")
    bump(small, "2025-04-01", "分支上的正文。")
    commit(small.root, "A/2 on a branch", "2025-04-01T10:00:00+08:00")
    git(small.root, "checkout", "-q", "-")
    small.write("manuals/index.md", small.read("manuals/index.md") + "\n另一处修改。\n")
    commit(small.root, "other work", "2025-03-05T10:00:00+08:00")
    git(small.root, "merge", "-q", "--no-ff", "feature", "-m", "merge", when="2025-03-29T10:00:00+08:00",
        committed="2025-04-05T00:30:00+08:00")
    assert as_of(small, "2025-04-04", tmp_path)["QM-01"][3] == "A/1"
    assert as_of(small, "2025-04-05", tmp_path)["QM-01"][3:5] == ["A/2", "2025-04-05"]
    row = next(r for r in history_page(small, "QM-01").split("<tr>") if ">A/2<" in r)
    assert "2025-04-05" in row and "2025-04-04" not in row and "2025-03-29" not in row, row


def _manual_page_released(small: Project, effective: str) -> None:
    """QM's index page revised, approved on 04-01 to take effect on `effective`, committed."""
    assert qmsdoc(small, "revise", "QM", "--by", "质量经理", "--date", "2025-04-01")[0] == 0
    draft = next(small.path("revisions").rglob("index.md"))
    draft.write_text(draft.read_text("utf-8") + "\n新的一段。\n", "utf-8")
    assert qmsdoc(small, "release", "QM", "--by", "总经理", "--change", "补充", "--date", "2025-04-01",
                  "--effective", effective)[0] == 0
    commit(small.root, "QM A/1", "2025-04-01T10:00:00+08:00")


@pytest.mark.parametrize(("today", "current"), [("2025-04-15", False), ("2025-05-01", True)])
def test_verify_does_not_call_a_whole_manual_current_while_its_page_waits_to_take_effect(
        small: Project, monkeypatch: pytest.MonkeyPatch, today: str, current: bool) -> None:
    """The build's whole-manual copy holds page A/1, approved on 04-01 to take effect on 05-01: before then A/0
    is in force (as register --as-of says), and the copy is not the current one."""
    _manual_page_released(small, "2025-05-01")
    monkeypatch.setenv("QMSDOC_TODAY", today)
    assert qmsdoc(small, "build")[0] == 0
    code, said, _ = qmsdoc(small, "verify", str(small.path("build/docx/manuals/QM.docx")))
    if current:
        assert code == 0 and "现行受控副本" in said, said
    else:
        assert code == 1 and "尚未生效" in said and "2025-05-01" in said and "A/0" in said, said


@pytest.mark.parametrize(("today", "status"),
                         [("2025-04-15", "已批准（2025-05-01 起生效；现行仍为 A/0）"), ("2025-05-01", "现行有效")])
def test_the_registers_do_not_call_a_manual_page_waiting_to_take_effect_current(
        small: Project, monkeypatch: pytest.MonkeyPatch, today: str, status: str) -> None:
    """register.csv, the site's 受控文件清单 and the manual's own page said 现行有效 (or nothing) for QM A/1 on 04-15,
    approved to take effect on 05-01."""
    import csv

    _manual_page_released(small, "2025-05-01")
    monkeypatch.setenv("QMSDOC_TODAY", today)
    assert qmsdoc(small, "build")[0] == 0
    rows = {r[0]: r for r in csv.reader(small.read("build/register.csv").lstrip("\ufeff").splitlines())}
    assert rows["QM"][3:5] == ["A/1", status], rows["QM"]
    page = next(p for p in small.path("build/site").rglob("index.html")
                if "qms-register-filter" in p.read_text("utf-8"))
    row = next(r for r in page.read_text("utf-8").split("<tr") if ">QM</a>" in r)
    assert status in badge_texts(row), row
    own = small.read("build/site/qm/index.html")  # the manual's own page: a banner while its page waits
    waiting = re.search(r'<div class="qms-banner qms-banner-review"[^>]*>.*?</div>', own)
    if status == "现行有效":
        assert waiting is None, waiting
    else:
        assert waiting is not None and "尚未生效" in waiting.group(0) and "A/0" in waiting.group(0), own[:2000]
