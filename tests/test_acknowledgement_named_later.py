"""A department added to `acknowledge` after the day asked about (QMSDOC_TODAY, --as-of) had not been asked to read
the version then: `acknowledgements` says so and when it was named — never "neither the front matter nor the manual
has acknowledge", which the file contradicts — and `acknowledge`'s confirmation never says every department has
acknowledged when none had been asked (training.named_after, the one decision `openings` takes too). Day by day, both
answers agree on how many departments are pending for the version recorded."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import commit, first_released, name_readers, on, release_later, run_cli

DRAFTED, FIRST, NAMED, BEFORE_SECOND, SECOND, APPROVED, EFFECTIVE, AFTER = (
    "2025-01-02", "2025-01-10", "2025-02-01", "2025-02-10", "2025-02-15", "2025-03-01", "2025-04-01", "2025-04-05")
INDEX = "manuals/qm/index.md"


def _built(folder: Path, waiting: bool) -> Path:
    """QM-01 released A/0 on FIRST with nobody to read it; its manual names 客服部 on NAMED and 管家服务中心 too on
    SECOND; `waiting`: A/1 approved on APPROVED to take effect on EFFECTIVE."""
    root = first_released(folder, DRAFTED, FIRST)
    with on(NAMED):
        name_readers(root, "客服部")
        commit(root, "客服部 to read the manual")
    with on(SECOND):
        name_readers(root, "客服部, 管家服务中心")
        commit(root, "管家服务中心 too")
    if waiting:
        with on(APPROVED):
            release_later(root, "QM-01", EFFECTIVE)
    return root


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    """The project without A/1 (False: A/0 answers every day) and with it (True)."""
    return {waiting: _built(tmp_path_factory.mktemp(f"named-later-{waiting}"), waiting) for waiting in (False, True)}


@pytest.fixture(scope="module")
def root(projects: dict[bool, Path]) -> Path:
    return projects[False]


def _said(root: Path, day: str, *words: str) -> str:
    with on(day):
        done = run_cli(*words, cwd=root)
    assert done.returncode == 0, done
    return done.stdout + done.stderr


NOBODY = "不要求学习确认（文件头信息和所属手册中都没有 acknowledge）"


def test_asked_before_the_list_named_anyone_the_answer_says_when_it_did(root: Path) -> None:
    said = _said(root, "2025-01-20", "acknowledgements", "QM-01")
    assert NOBODY not in said, said
    assert "2025-01-20 当日尚无部门须学习确认" in said, said
    assert "客服部于 2025-02-01、管家服务中心于 2025-02-15 才列入 acknowledge（要求学习的部门），晚于 2025-01-20" \
        in said, said
    asked = _said(root, AFTER, "acknowledgements", "QM-01", "--as-of", "2025-01-20")
    assert asked.partition("\n")[2] == said  # --as-of that day answers what that day answered


def test_asked_of_an_earlier_version_as_committed_then_the_answer_says_when_the_list_named_them(
        projects: dict[bool, Path]) -> None:
    said = _said(projects[True], "2025-01-20", "acknowledgements", "QM-01")
    assert NOBODY not in said and "2025-01-20 当日尚无部门须学习确认" in said, said
    assert "客服部于 2025-02-01、管家服务中心于 2025-02-15 才列入 acknowledge" in said, said
    assert "当日现行版本为 A/0" in said, said  # the version read then, as git committed it


def test_a_department_named_after_the_day_asked_is_said_beside_those_asked(root: Path) -> None:
    said = _said(root, BEFORE_SECOND, "acknowledgements", "QM-01")
    assert "本版本需 客服部 学习确认：0/1 已确认" in said, said
    assert "管家服务中心于 2025-02-15 才列入 acknowledge" in said, said


def test_acknowledging_before_anyone_was_asked_never_says_all_have(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "qms"
    shutil.copytree(root, copy)
    said = _said(copy, "2025-01-20", "acknowledge", "QM-01", "--by", "王五", "--department", "客服部")
    assert "均已确认" not in said, said
    assert "2025-01-20 当日尚无部门须学习确认本版本" in said, said
    assert "客服部于 2025-02-01、管家服务中心于 2025-02-15 才列入" in said, said


def test_once_named_the_answers_are_as_before(root: Path, tmp_path: Path) -> None:
    said = _said(root, SECOND, "acknowledgements", "QM-01")
    assert "本版本需 客服部、管家服务中心 学习确认：0/2 已确认" in said and "才列入" not in said, said
    copy = tmp_path / "qms"
    shutil.copytree(root, copy)
    done = _said(copy, SECOND, "acknowledge", "QM-01", "--by", "王五", "--department", "客服部")
    assert "尚待确认：管家服务中心（待确认，截止 2025-03-01）" in done and "才列入" not in done, done


def test_all_asked_have_acknowledged_and_one_named_later_is_said_apart(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "qms"
    shutil.copytree(root, copy)
    done = _said(copy, NAMED, "acknowledge", "QM-01", "--by", "王五", "--department", "客服部")
    assert "本版本要求的部门均已确认\n管家服务中心于 2025-02-15 才列入 acknowledge" in done, done


SUMMARY = re.compile(r"(?:现行版本 (\S+) 需|本版本需) .*? 学习确认：(\d+)/(\d+) 已确认")


def _pending_listed(said: str, version: str) -> int | None:
    """How many departments `acknowledgements --version VERSION` lists as pending (待确认 or 逾期) for it (its own
    block is 本版本需 …, the version in force beside it 现行版本 … 需 …); None when it lists no assignment of it."""
    for earlier, done, total in SUMMARY.findall(said):
        if (earlier or version) == version:
            return int(total) - int(done)
    return None


@settings(max_examples=8, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(dt.date.fromisoformat(FIRST), dt.date.fromisoformat(AFTER)),
       department=st.sampled_from(["客服部", "管家服务中心"]), waiting=st.booleans())
@example(day=dt.date(2025, 1, 20), department="客服部", waiting=False)
@example(day=dt.date(2025, 2, 10), department="管家服务中心", waiting=False)
@example(day=dt.date(2025, 1, 20), department="客服部", waiting=True)
@example(day=dt.date(2025, 3, 10), department="客服部", waiting=True)
def test_every_day_acknowledge_and_acknowledgements_agree_on_what_is_pending(projects: dict[bool, Path], day: dt.date,
                                                                            department: str, waiting: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "qms"
        shutil.copytree(projects[waiting], copy)
        with on(day.isoformat()):
            done = run_cli("acknowledge", "QM-01", "--by", "王五", "--department", department, cwd=copy)
        recorded = done.stdout + done.stderr
        if done.returncode != 0:  # refused: the version read that day did not name the department then
            assert "QD220" in recorded and "不要求" in recorded, recorded
            answer = _said(copy, day.isoformat(), "acknowledgements", "QM-01")
            assert f"{department}：待确认" not in answer and f"{department}：逾期" not in answer, (recorded, answer)
            return
        version = re.search(r"版本 (\S+) 的学习确认", recorded)
        assert version is not None, recorded
        answer = _said(copy, day.isoformat(), "acknowledgements", "QM-01", "--version", version[1])
    listed = _pending_listed(answer, version[1])
    if "尚待确认：" in recorded:
        assert listed == recorded.split("尚待确认：")[1].partition("\n")[0].count("截止"), (recorded, answer)
    if "均已确认" in recorded:
        assert listed == 0, (recorded, answer)  # every department asked has: one was, at least
    if "请提交" in recorded.splitlines()[0] and len(recorded.strip().splitlines()) > 1:  # a confirmation line
        assert bool(listed) == ("尚待确认：" in recorded), (recorded, answer)
