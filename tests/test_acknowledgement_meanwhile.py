"""The version in force while the next one waits for its effective date: its reading assignments stay open — and
overdue — until the next version takes effect (training.in_force_meanwhile), beside those of the version read ahead;
and `acknowledgements --as-of TODAY` answers exactly what `acknowledgements` answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import on, run_cli, successor_waits

DRAFTED, FIRST, APPROVED, LATE, EFFECTIVE, AFTER = (
    "2025-01-02", "2025-01-10", "2025-03-01", "2025-03-10", "2025-04-01", "2025-04-05")
DAYS = (FIRST, "2025-01-30", APPROVED, LATE, EFFECTIVE, AFTER)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM-01 (客服部 to read it) released A/0 on FIRST and never read; A/1 approved on APPROVED to take effect on
    EFFECTIVE."""
    folder = tmp_path_factory.mktemp("meanwhile")
    return successor_waits(folder, (DRAFTED, FIRST, APPROVED, EFFECTIVE))


def _said(root: Path, day: str, *words: str) -> str:
    with on(day):
        done = run_cli(*words, cwd=root)
    assert done.returncode == 0, done
    return done.stdout + done.stderr


def test_the_version_in_force_is_still_overdue_while_the_next_waits(root: Path) -> None:
    said = _said(root, LATE, "acknowledgements", "QM-01")
    head, _, waiting = said.partition("版本 A/1（")
    assert "现行版本 A/0 需 客服部 学习确认：0/1 已确认，1 个部门逾期" in head, said
    assert "客服部：逾期（2025-01-10 起待确认，截止 2025-01-24，已逾期 45 天）" in head, said
    assert "至 2025-04-01 由已批准、尚未生效的版本 A/1 替代" in head, said
    assert "客服部：待确认（2025-03-01 起待确认，截止 2025-03-15）" in waiting, said  # A/1 read ahead


def test_the_check_warns_of_the_version_in_force_while_the_next_waits(root: Path) -> None:
    said = _said(root, LATE, "check")
    assert "QD221 QM-01《文件控制程序》版本 A/0（2025-01-10 发布）应由 客服部 在 2025-01-24 前学习确认，已逾期 45 天" \
        in said


def test_once_the_next_version_is_in_force_the_earlier_one_is_no_longer_overdue(root: Path) -> None:
    said = _said(root, AFTER, "acknowledgements", "QM-01")
    assert "A/0" not in said.partition("\n")[0] and "现行版本 A/0" not in said, said
    checked = _said(root, AFTER, "check")
    assert "版本 A/0" not in checked and "QD221" in checked, checked  # A/1's own assignment is overdue by then


@pytest.mark.parametrize("day", DAYS)
def test_as_of_today_answers_what_the_plain_question_answers(root: Path, day: str) -> None:
    plain = _said(root, day, "acknowledgements", "QM-01")
    heading, _, asked = _said(root, day, "acknowledgements", "QM-01", "--as-of", day).partition("\n")
    assert heading.startswith(f"以下为 {day} 当日的状态"), heading
    assert asked == plain


def test_the_site_and_the_register_show_both_versions_while_the_next_waits(root: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "qms"
    shutil.copytree(root, copy)
    with on(LATE):
        assert run_cli("build", cwd=copy).returncode == 0
    page = (copy / "build/site/qm/QM-01/index.html").read_text("utf-8")
    assert "现行版本 A/0 需 客服部 学习确认：0/1 已确认，1 个部门逾期" in page  # its own line, before A/1's
    assert page.index("现行版本 A/0") < page.index("本版本需 客服部 学习确认：0/1 已确认")
    rows = (copy / "build/acknowledgements.csv").read_text("utf-8-sig").splitlines()
    assert any(r.startswith("QM-01,文件控制程序,A/0,客服部,逾期,") for r in rows), rows


def test_the_version_in_force_has_no_links_of_the_version_waiting(root: Path, tmp_path: Path) -> None:
    import re
    import shutil

    copy = tmp_path / "qms"
    shutil.copytree(root, copy)
    with on(LATE):
        assert run_cli("build", cwd=copy).returncode == 0
    page = (copy / "build/site/acknowledgements/index.html").read_text("utf-8")
    rows = re.findall(r"<tr>.*?</tr>", page, re.S)
    earlier, waiting = (next(r for r in rows if f">{v}<" in r or f">{v}<br>" in r) for v in ("A/0", "A/1"))
    assert "download>" not in earlier and "本次修订对照" not in earlier, earlier  # A/1's sheet and redline
    assert "download>" in waiting and "逾期" in earlier


def test_asked_by_version_the_version_in_force_is_told_as_it_stands(root: Path) -> None:
    asked = _said(root, LATE, "acknowledgements", "QM-01", "--version", "A/0")
    assert "客服部：逾期（2025-01-10 起待确认，截止 2025-01-24，已逾期 45 天）" in asked, asked
    assert asked.strip() in _said(root, LATE, "acknowledgements", "QM-01"), asked  # the plain answer's A/0 block
    ended = _said(root, AFTER, "acknowledgements", "QM-01", "--version", "A/0")  # replaced: as on its last day
    assert "以该版本现行的最后一天 2025-03-31 计" in ended and "已逾期 66 天" in ended, ended


def test_recording_the_waiting_version_tells_only_its_own_open_assignments(root: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "qms"
    shutil.copytree(root, copy)
    said = _said(copy, LATE, "acknowledge", "QM-01", "--by", "王五", "--department", "客服部")
    assert "A/1" in said and "逾期" not in said, said  # A/0's overdue assignment is not A/1's
