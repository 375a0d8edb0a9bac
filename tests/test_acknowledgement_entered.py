"""A reading entered in the register later than it was done (补录) never reads as known earlier: each new line
records the day it was entered (`entered`), every view shows both days when they differ, and a past day's answer
(QMSDOC_TODAY) between the reading and its entry does not count it, but says it was read and entered later. Lines
written before `entered` existed say nothing and count from their date, as before."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from test_acknowledgement_followup import _found, _page
from test_acknowledgements import REGISTER, findings, qmsdoc, report, require, today

from qmsdoc.core.acknowledgements import Acknowledgement

from conftest import Project, configure

LINE = "  - {document: QP-03-02, version: A/0, department: 客服部, person: 张三, date: 2026-03-02%s}\n"


def _late(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A/0 (released 2026-02-25, due 2026-03-11) to be read by 客服部; 张三 read it on 2026-03-02, and it was
    entered on 2026-03-20."""
    require(project, "acknowledge: [客服部]")
    today(monkeypatch, "2026-03-20")
    done = qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部", "--date", "2026-03-02")
    assert done.returncode == 0, done.stdout + done.stderr


def _csv(project: Project) -> dict[str, list[str]]:
    assert qmsdoc(project, "build", "--only", "records").returncode == 0
    with open(project.path("build/acknowledgements.csv"), encoding="utf-8-sig", newline="") as handle:
        return {row[3]: row for row in list(csv.reader(handle))[1:]}


def test_a_new_line_records_the_day_it_was_entered(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    _late(project, monkeypatch)
    assert project.read(REGISTER).endswith(LINE % ", entered: 2026-03-20")


def test_a_late_entry_shows_both_days_in_every_view(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Today's view: still met, on time (read before its due date) — only the wording adds the entry day."""
    _late(project, monkeypatch)
    text = report(project)
    assert "客服部：已确认\n" in text, text
    assert "张三　2026-03-02（2026-03-20 补录）（acknowledgements.yaml 第 4 行）" in text, text
    assert _csv(project)["客服部"][4:7] == ["已确认", "张三", "2026-03-02（2026-03-20 补录）"]
    page = _page(project)
    assert '<time class="qms-date" datetime="2026-03-02">2026-03-02</time>（<time class="qms-date" ' \
           'datetime="2026-03-20">2026-03-20</time> 补录）' in page, page
    assert "qms-ack-confirmed" in page and "尚未登记" not in page
    assert findings(project, "QD221", "QD222") == []
    assert qmsdoc(project, "build", "--only", "records").returncode == 0
    manifest = json.loads(project.read("build/manifest.json"))
    assert {"person": "张三", "date": "2026-03-02", "entered": "2026-03-20"} in [
        p for a in manifest["acknowledgements"] for p in a["acknowledged"]]


@pytest.mark.parametrize("day", ["2026-03-10", "2026-03-15"])
def test_a_past_day_before_the_entry_does_not_count_it_and_says_it_was_read(
        project: Project, monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    """Asked for a day between the reading and its entry, the answer was 「客服部：已确认 … 张三 2026-03-02」: a state
    the register did not hold that day. It is the state on record then (pending, then overdue after 03-11), with
    the reading named as read and entered later; QD221 that day as the check gave it then."""
    _late(project, monkeypatch)
    today(monkeypatch, day)
    text = report(project)
    state = "待确认" if day == "2026-03-10" else "逾期"
    assert f"客服部：{state}" in text and "已确认" not in text.split("\n", 2)[2], text
    assert (f"张三　2026-03-02 已学习，{day} 尚未登记，不计入当日状态（2026-03-20 补录，acknowledgements.yaml 第 4 行）"
            in text), text
    late = findings(project, "QD221")
    assert len(late) == (day == "2026-03-15"), late
    assert all("（张三 2026-03-02 已学习，当日尚未登记，2026-03-20 补录）" in f.message for f in late), late
    page = _page(project, dt.date.fromisoformat(day))
    assert f"qms-ack-{'pending' if state == '待确认' else 'overdue'}" in page and "尚未登记" in page, page
    assert [a.unrecorded for a in _found(project)][0][0].person == "张三"


def test_a_day_after_the_entry_counts_it(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    _late(project, monkeypatch)
    today(monkeypatch, "2026-03-21")
    text = report(project)
    assert "客服部：已确认" in text and "尚未登记" not in text and "2026-03-20 补录" in text, text


def test_entered_the_day_it_was_read_says_nothing_more(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    require(project, "acknowledge: [客服部]")
    today(monkeypatch, "2026-03-02")
    assert qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部").returncode == 0
    assert project.read(REGISTER).endswith(LINE % ", entered: 2026-03-02")
    for day in ("2026-03-02", "2026-03-20"):
        today(monkeypatch, day)
        text = report(project)
        assert "张三　2026-03-02（acknowledgements.yaml 第 4 行）" in text and "补录" not in text, text


def test_a_line_written_before_entry_days_counts_from_its_date_and_says_nothing(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """No entry day: nothing tells when it was entered (git is not asked: see README), so it reads as before."""
    require(project, "acknowledge: [客服部]")
    project.write(REGISTER, "acknowledgements:\n" + LINE % "")
    for day in ("2026-03-05", "2026-03-20"):
        today(monkeypatch, day)
        text = report(project)
        assert "客服部：已确认" in text and "张三　2026-03-02（acknowledgements.yaml 第 2 行）" in text, text
        assert "补录" not in text and "尚未登记" not in text, text


@pytest.mark.parametrize(("entered", "said"), [
    ("2026-13-01", "录入日期 '2026-13-01' 无效"),
    ("", "录入日期 '' 无效"),  # read as the word None before
    ("2026-03-01", "录入日期 2026-03-01 早于确认日期 2026-03-02"),
])
def test_a_bad_entry_day_is_qd220_at_its_line(project: Project, monkeypatch: pytest.MonkeyPatch, entered: str,
                                              said: str) -> None:
    require(project, "acknowledge: [客服部]")
    today(monkeypatch, "2026-03-20")
    project.write(REGISTER, "acknowledgements:\n" + LINE % f", entered: {entered}")
    found = findings(project, "QD220")
    assert [(f.path, f.line) for f in found] == [(REGISTER, 2)] and said in found[0].message, found


def test_english_and_traditional_say_it_in_their_words(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    _late(project, monkeypatch)
    configure(project, language="en")
    assert "2026-03-02 (entered 2026-03-20)" in report(project)
    today(monkeypatch, "2026-03-10")
    assert "read on 2026-03-02, not yet recorded on 2026-03-10" in report(project)
    configure(project, language="zh-TW")
    assert "2026-03-02 已學習，2026-03-10 尚未登記" in report(project)


def test_an_acknowledgement_without_entry_day_writes_none() -> None:
    entry = Acknowledgement("QP-03-02", "A/0", "客服部", "张三", dt.date(2026, 3, 2))
    assert "entered" not in entry.record() and entry.when() == "2026-03-02" and entry.on_record(dt.date(2026, 3, 2))


def test_a_past_days_check_is_silent_about_a_line_written_after_that_day(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked on 2026-03-01 (QMSDOC_TODAY), a reading dated and entered on 2026-03-02 was not in the register that
    day; the answer still called it 「确认日期 2026-03-02 晚于今天（2026-03-01）：未计入，请核对日期」 (QD222) — a
    wrong date the auditor was told to correct in a line that was right, and that did not yet exist."""
    require(project, "acknowledge: [客服部]")
    project.write(REGISTER, "acknowledgements:\n" + LINE % ", entered: 2026-03-02")
    today(monkeypatch, "2026-03-01")
    assert findings(project, "QD222") == []
    text = report(project)
    assert "晚于今天" not in text and "请核对日期" not in text, text
    assert "客服部：待确认" in text, text


def test_a_line_on_record_dated_after_today_is_still_a_wrong_date(project: Project,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: a line written by hand before `entered` existed is on record from its date on — dated
    2026-03-02 and read on 2026-03-01, it is still told to check the date (a line entered before its date is QD220)."""
    require(project, "acknowledge: [客服部]")
    project.write(REGISTER, "acknowledgements:\n" + LINE % "")
    today(monkeypatch, "2026-03-01")
    stray = findings(project, "QD222")
    assert len(stray) == 1 and "晚于今天（2026-03-01）" in stray[0].message, stray
