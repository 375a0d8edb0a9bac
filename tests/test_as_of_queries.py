"""`verify --as-of DAY` and `acknowledgements --as-of DAY`: an auditor's question about a past day, answered without
QMSDOC_TODAY (a variable meant for tests). Was copy No. 001 current on that day; who had acknowledged the version in
force on that day, and who was overdue then. The day is read as `register --as-of` reads it (exit 2 for no date or
a day to come, exit 1 before anything was in force), and the answer says above it which day it is for."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import commit, initialised, on, release_later, released_first, run_cli

DRAFTED, FIRST, READ, APPROVED, EFFECTIVE, READ_AGAIN, AUDITED = (
    "2025-01-02", "2025-01-10", "2025-01-15", "2025-03-01", "2025-03-10", "2025-04-02", "2025-12-31")
WAITING, OVERDUE = "2025-03-05", "2025-03-30"  # A/1 approved, not yet in force; A/1 in force, 客服部 past its due day


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM-01 (客服部 to read it) released A/0 on FIRST, copy No. 001 issued to 客服部 that day and A/0 read on READ;
    A/1 approved on APPROVED to take effect on EFFECTIVE, read only on READ_AGAIN, after its due day."""
    folder = tmp_path_factory.mktemp("asof")
    with on(DRAFTED):
        root = initialised(folder, "按本程序控制文件。")
        index = root / "manuals/qm/index.md"
        index.write_text(index.read_text("utf-8").replace("order: 1\n", "order: 1\nacknowledge: [客服部]\n"), "utf-8")
        commit(root, "drafts")
    with on(FIRST):
        released_first(root, "QM", "QM-01-F01", "QM-01")
        commit(root, "first releases")
        assert run_cli("build", cwd=root).returncode == 0
        assert run_cli("issue", "QM-01", "--to", "客服部", cwd=root).returncode == 0
        commit(root, "copy 001 issued")
    for day in (READ, READ_AGAIN):
        with on(day):
            if day == READ_AGAIN:
                assert run_cli("build", cwd=root).returncode == 0
            done = run_cli("acknowledge", "QM-01", "--by", "王五", "--department", "客服部", cwd=root)
            assert done.returncode == 0, done
            commit(root, f"read on {day}")
        if day == READ:
            with on(APPROVED):
                release_later(root, "QM-01", EFFECTIVE)
    return root


def _asked(root: Path, *words: str) -> tuple[int, str]:
    with on(AUDITED):
        done = run_cli(*words, cwd=root)
    return done.returncode, done.stdout + done.stderr


def _copy(root: Path) -> str:
    return str(next((root / "issued").rglob("QM-01-A_0-001.docx")))


def test_a_copy_current_on_a_past_day_is_said_current_as_of_that_day(root: Path) -> None:
    code, said = _asked(root, "verify", _copy(root), "--as-of", WAITING)
    assert code == 0, said
    assert said.startswith(f"以下为 {WAITING} 当日的状态"), said  # never taken for today's answer
    assert "现行受控副本" in said and "分发号 QM-01-A/0-001" in said, said
    today_code, today = _asked(root, "verify", _copy(root))
    assert today_code == 1 and "已被 A/1 替代" in today, today
    code, said = _asked(root, "verify", _copy(root), "--as-of", EFFECTIVE)  # the day A/1 took effect: replaced
    assert code == 1 and "已被 A/1 替代" in said, said


def test_verify_as_of_today_answers_as_without_it(root: Path) -> None:
    plain = _asked(root, "verify", _copy(root))
    code, said = _asked(root, "verify", _copy(root), "--as-of", AUDITED)
    heading, _, rest = said.partition("\n")
    assert (code, rest) == plain and AUDITED in heading, said


def test_acknowledgements_of_a_past_day_are_of_the_version_in_force_then(root: Path) -> None:
    code, said = _asked(root, "acknowledgements", "QM-01", "--as-of", WAITING)
    assert code == 0 and said.startswith(f"以下为 {WAITING} 当日的状态"), said
    # A/1 was approved but waited for its effective date: staff worked to A/0, which 客服部 had read
    assert "版本 A/0：2025-01-10 起现行，至 2025-03-10" in said and "王五　2025-01-15" in said, said
    code, said = _asked(root, "acknowledgements", "QM-01", "--as-of", OVERDUE)
    assert code == 0 and "版本 A/1" in said and "客服部：逾期" in said and "尚无人确认" in said, said
    code, today = _asked(root, "acknowledgements", "QM-01")
    assert code == 0 and "1/1 已确认" in today and "王五　2025-04-02" in today, today


def test_acknowledgements_as_of_today_answer_as_without_it(root: Path) -> None:
    plain = _asked(root, "acknowledgements", "QM-01")
    code, said = _asked(root, "acknowledgements", "QM-01", "--as-of", AUDITED)
    heading, _, rest = said.partition("\n")
    assert (code, rest) == plain and AUDITED in heading, said


@pytest.mark.parametrize("command", ["verify", "acknowledgements"])
def test_a_day_that_is_no_date_or_to_come_is_refused_as_register_refuses_it(root: Path, command: str) -> None:
    target = _copy(root) if command == "verify" else "QM-01"
    code, said = _asked(root, command, target, "--as-of", "2025-02-30")
    assert code == 2 and "用法错误：QD320 日期 '2025-02-30' 无效" in said, said
    code, said = _asked(root, command, target, "--as-of", "2026-01-05")
    assert code == 2 and "--as-of 2026-01-05 晚于今天（2025-12-31）" in said, said
    code, said = _asked(root, command, target, "--as-of", "2025-01-05")  # before anything was in force
    assert code == 1 and "2025-01-05 时项目中还没有任何受控文件" in said and "Traceback" not in said, said
