"""`verify --as-of DAY` answers with the versions approved by that day, never with one approved since: a copy of A/1
approved to take effect later is not current before its effective date because A/2 was approved months after it,
A/0 was not superseded on a day A/1 still waited, and a build's copy of a version approved after the day asked was
no copy in force that day. The version in force on a day is git's (core/versions.py `approved_by`), as
`register --as-of` reads it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import commit, initialised, on, release_later, released_first, run_cli

FIRST, BEFORE_A1, APPROVED_A1, WAITING, EFFECTIVE_A1, IN_FORCE_A1, APPROVED_A2, AUDITED = (
    "2025-01-10", "2025-02-01", "2025-03-01", "2025-03-05", "2025-03-10", "2025-03-20", "2025-04-15", "2025-12-31")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM-01 A/0 and its form QM-01-F01 A/0 released on FIRST and a copy of each (A/0-001) issued; A/1 approved on
    APPROVED_A1 to take effect on EFFECTIVE_A1, copy A/1-001 issued that day and the build's Word copy of A/1 kept,
    the form's A/1 approved that day too (a blank form is in force from its approval); A/2 approved on APPROVED_A2,
    in force at once."""
    folder = tmp_path_factory.mktemp("asofapprovals")
    with on(FIRST):
        root = initialised(folder, "按本程序控制文件。")
        commit(root, "drafts")
        released_first(root, "QM", "QM-01-F01", "QM-01")
        commit(root, "first releases")
        for code in ("QM-01", "QM-01-F01"):
            assert run_cli("issue", code, "--to", "客服部", cwd=root).returncode == 0
        commit(root, "copies A/0-001 issued")
    with on(APPROVED_A1):
        release_later(root, "QM-01", EFFECTIVE_A1)
        assert run_cli("issue", "QM-01", "--to", "客服部", cwd=root).returncode == 0
        commit(root, "copy A/1-001 issued")
        assert run_cli("build", "--only", "word,records", cwd=root).returncode == 0
        shutil.copy(next((root / "build/docx").rglob("QM-01.docx")), folder / "build-A1.docx")
        assert run_cli("revise", "QM-01-F01", "--by", "张三", cwd=root).returncode == 0
        form = next(root.joinpath("revisions").rglob("*.yaml"))
        form.write_text(form.read_text("utf-8").replace("title: ", "title: 修订的", 1), "utf-8")
        done = run_cli("release", "QM-01-F01", "--by", "总经理", "--change", "修订", cwd=root)
        assert done.returncode == 0, done
        commit(root, "QM-01-F01 A/1 approved, in force at once")
    with on(APPROVED_A2):
        release_later(root, "QM-01", None, "再补充一条要求。")
        assert run_cli("build", "--only", "word,records", cwd=root).returncode == 0
    return root


def _asked(root: Path, copy: str, day: str | None = None) -> tuple[int, str]:
    found = next(root.rglob(copy)) if "/" not in copy else Path(copy)
    with on(AUDITED):
        done = run_cli("verify", str(found), *(("--as-of", day) if day else ()), cwd=root)
    return done.returncode, done.stdout + done.stderr


def test_a_version_waiting_for_its_effective_date_is_not_current_though_approved_before(root: Path) -> None:
    code, said = _asked(root, "QM-01-A_1-001.docx", WAITING)
    assert code == 1 and "已批准、尚未生效" in said and "2025-03-10" in said, said  # not "现行（至 2025-04-15 前）"


def test_the_version_before_stays_current_until_the_waiting_one_takes_effect(root: Path) -> None:
    code, said = _asked(root, "QM-01-A_0-001.docx", WAITING)
    assert code == 0 and "现行受控副本（至 2025-03-10 前）" in said and "A/2" not in said, said


def test_an_approval_made_after_the_day_asked_is_never_named(root: Path) -> None:
    for day in (FIRST, BEFORE_A1):  # the day it was issued, and a day before A/1 was approved
        code, said = _asked(root, "QM-01-A_0-001.docx", day)
        assert code == 0 and "现行受控副本：QM-01" in said and "A/1" not in said and "A/2" not in said, said


def test_a_build_copy_of_a_version_approved_later_is_no_copy_of_that_day(root: Path) -> None:
    code, said = _asked(root, str(root.parent / "build-A1.docx"), BEFORE_A1)
    assert code == 1 and "当日尚未批准：其 Word 文档属性标明此文件为 QM-01" in said, said
    assert "当日现行版本为 A/0" in said, said


def test_a_copy_in_force_on_the_day_asked_is_not_told_of_an_approval_made_later(root: Path) -> None:
    code, said = _asked(root, "QM-01-A_1-001.docx", IN_FORCE_A1)
    assert code == 0 and "现行受控副本：QM-01" in said and "A/2" not in said, said


def test_what_was_current_then_and_what_is_superseded_now_are_unchanged(root: Path) -> None:
    assert _asked(root, "QM-01-A_1-001.docx", IN_FORCE_A1)[0] == 0
    code, said = _asked(root, "QM-01-A_1-001.docx")
    assert code == 1 and "已被 A/2 替代" in said, said
    code, said = _asked(root, "QM-01-A_0-001.docx", EFFECTIVE_A1)
    assert code == 1 and "已被 A/1 替代" in said, said
    code, said = _asked(root, str(root.parent / "build-A1.docx"), IN_FORCE_A1)
    assert code == 1 and "已被 A/2 替代" not in said, said  # the build's pending copy of A/1: never current


def test_a_form_copy_current_before_its_next_version_was_approved_is_current_then(root: Path) -> None:
    code, said = _asked(root, "QM-01-F01-A_0-001.docx", BEFORE_A1)
    assert code == 0 and "现行受控副本：QM-01-F01" in said and "A/1" not in said and "修订的" not in said, said


def test_a_form_copy_superseded_since_is_superseded_from_the_approval(root: Path) -> None:
    for day in (APPROVED_A1, None):
        code, said = _asked(root, "QM-01-F01-A_0-001.docx", day)
        assert code == 1 and "已被 A/1 替代" in said, said


@pytest.fixture(scope="module")
def earlier_copy(root: Path) -> Path:
    """`qmsdoc copy QM-01 --version A/1`: A/1 written for reference, marked historical and uncontrolled."""
    out = root.parent / "copy-A1.docx"
    with on(AUDITED):
        assert run_cli("copy", "QM-01", "--version", "A/1", "--out", str(out), cwd=root).returncode == 0
    return out


def test_an_uncontrolled_copy_of_a_version_in_force_on_the_day_asked_is_said_historical(earlier_copy: Path,
                                                                                        root: Path) -> None:
    code, said = _asked(root, str(earlier_copy), IN_FORCE_A1)  # not "does not match: changed or another build"
    assert code == 1 and "历史版本副本（仅供查阅）" in said and "A/2" not in said, said  # approved a month later
    assert f"{IN_FORCE_A1} 当日现行版本正是 A/1" in said, said
    assert "其 Word 文档属性标明此文件为 QM-01" in said and "此为 QM-01" not in said, said


def test_an_uncontrolled_copy_of_an_earlier_version_is_said_historical_today(earlier_copy: Path, root: Path) -> None:
    code, said = _asked(root, str(earlier_copy))
    assert code == 1 and "历史版本副本（仅供查阅）" in said, said


@pytest.fixture(scope="module")
def history_page(root: Path) -> Path:
    """The site's page of A/1 in QM-01's version history, saved from the browser."""
    with on(AUDITED):
        assert run_cli("build", "--only", "site,word,records", cwd=root).returncode == 0
    out = root.parent / "history-A1.html"
    shutil.copy(next((root / "build/site/history").rglob("A-1/index.html")), out)
    return out


def test_a_history_page_is_historical_on_a_day_its_version_was_in_force(history_page: Path, root: Path) -> None:
    code, said = _asked(root, str(history_page), IN_FORCE_A1)  # written after A/2 replaced it: never that day's copy
    assert code == 1 and "历史版本（仅供查阅）" in said and "现行受控副本" not in said, said


def test_a_history_page_is_historical_today(history_page: Path, root: Path) -> None:
    code, said = _asked(root, str(history_page))
    assert code == 1 and "历史版本（仅供查阅）" in said and "现行版本为 A/2" in said, said


def test_a_copy_approved_later_names_the_version_in_force_that_day_not_the_one_approved(root: Path) -> None:
    code, said = _asked(root, str(root / "build/docx/documents/QM-01.docx"), WAITING)  # A/2; A/1 waits
    assert code == 1 and "当日尚未批准" in said and "当日现行版本为 A/0" in said, said
