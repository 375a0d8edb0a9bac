"""A past day's truth of a withdrawal and of issued copies (QMSDOC_TODAY, the day an auditor asks about): QM-01,
renumbered to QM-05 and withdrawn on WITHDRAWN, was still in force the day before — check said QD155 of its form and
QD211 of its copy, verify said 「已作废（替代文件 QM-05）」, the registers and the site called it 作废 — while a copy
issued after the day asked was described as issued that day. Each reader now asks the document's status on the day
(`Document.withdrawn_on` / `state_on`) and a copy whether it was issued by then (`CopyEntry.issued_on`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_history_shapes import commit, qmsdoc, start
from test_renumber import _new_number

from qmsdoc.core import check, load_config
from qmsdoc.core.distribution import load_register, recall_list
from qmsdoc.records.register import distribution_rows, register_rows

from conftest import Project, today_is

OLD, NEW = "QM-01", "QM-05"
ISSUED, WITHDRAWN, LATER = "2025-04-01", "2025-05-01", "2025-05-02"
BEFORE = "2025-04-30"
OLD_COPY, NEW_COPY = "issued/QM-01-A_1-001.docx", "issued/QM-05-A_0-001.docx"


@pytest.fixture(scope="module")
def lived(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """QM-05 released and a copy of QM-01 A/1 issued on ISSUED; QM-01 withdrawn (superseded by QM-05) on WITHDRAWN,
    recorded the day after, when a copy of QM-05 was issued (LATER)."""
    with today_is(ISSUED):
        project = start(tmp_path_factory.mktemp("future") / "qms")
        _new_number(project)
        commit(project.root, "QM-05", f"{ISSUED}T10:00:00+08:00")
        assert qmsdoc(project, "issue", OLD, "--to", "质量管理部", "--by", "文控", "--date", ISSUED)[0] == 0
    with today_is(LATER):
        code, out, err = qmsdoc(project, "obsolete", OLD, "--superseded-by", NEW, "--by", "总经理", "--reason", "改号",
                                "--date", WITHDRAWN)
        assert code == 0, out + err
        assert qmsdoc(project, "issue", NEW, "--to", "质量管理部", "--by", "文控", "--date", LATER)[0] == 0
        commit(project.root, "renumber", f"{LATER}T10:00:00+08:00")
    return project


def _codes(project: Project, day: str) -> list[str]:
    with today_is(day):
        return [f.code for f in check(load_config(project.root)).findings]


def test_check_on_the_day_before_the_withdrawal_is_quiet(lived: Project) -> None:
    """QD155 (its form listed by QM-05) and QD211 (its copy still out) said QM-01 was withdrawn on BEFORE."""
    codes = _codes(lived, BEFORE)
    assert "QD155" not in codes and "QD211" not in codes, codes


def test_check_from_the_withdrawal_day_tells(lived: Project) -> None:
    codes = _codes(lived, WITHDRAWN)
    assert "QD155" in codes and "QD211" in codes, codes


def test_a_citation_of_a_document_withdrawn_later_is_no_qd131_that_day(lived: Project, tmp_path: Path) -> None:
    import shutil
    copy = Project(tmp_path / "qms")
    shutil.copytree(lived.root, copy.root)
    copy.replace(f"manuals/qm/{NEW}.md", "## 2.0 适用范围", f"见 [[{OLD}]]。\n\n## 2.0 适用范围")
    assert "QD131" not in _codes(copy, BEFORE)
    assert "QD131" in _codes(copy, WITHDRAWN)


def _verify(project: Project, day: str, path: str) -> tuple[int, str]:
    with today_is(day):
        code, out, err = qmsdoc(project, "verify", path)
    return code, out + err


def test_verify_before_the_withdrawal_says_in_force_until_then(lived: Project) -> None:
    code, said = _verify(lived, BEFORE, OLD_COPY)
    assert code == 0 and "已作废" not in said and WITHDRAWN in said and NEW in said, said


def test_verify_from_the_withdrawal_day_says_withdrawn(lived: Project) -> None:
    code, said = _verify(lived, WITHDRAWN, OLD_COPY)
    assert code == 1 and "已作废（替代文件 QM-05）" in said, said


def test_verify_of_a_copy_issued_after_the_day_asked_says_it_did_not_exist(lived: Project) -> None:
    code, said = _verify(lived, BEFORE, NEW_COPY)
    assert code == 1 and "现行受控副本" not in said and "尚无此受控副本" in said and LATER in said, said


def test_verify_of_a_copy_from_its_issue_day_is_current(lived: Project) -> None:
    code, said = _verify(lived, LATER, NEW_COPY)
    assert code == 0 and "现行受控副本" in said, said


def _records(project: Project, day: str) -> tuple[list[list[str]], list[list[str]], list[tuple[str, object]]]:
    with today_is(day):
        config = load_config(project.root)
        corpus = check(config).corpus
        register = load_register(config)
        rows = register_rows(corpus, project.root, project.root / "build" / "docx", config.today)
        copies = distribution_rows(register, corpus, config.today)
        recalls = [(r.entry.number, r.due) for r in recall_list(register, corpus, config.today)]
    return rows, copies, recalls


def test_registers_before_the_withdrawal(lived: Project) -> None:
    rows, copies, recalls = _records(lived, BEFORE)
    old = next(r for r in rows if r[0] == OLD)
    form = next(r for r in rows if r[0] == "QM-01-F01")
    assert old[4].startswith("现行有效") and WITHDRAWN in old[4] and not old[10].startswith("已作废"), old
    assert form[4].startswith("现行有效") and not form[10].startswith("已作废"), form
    assert [c[0] for c in copies] == ["QM-01-A/1-001"]  # QM-05's copy was issued later
    assert "作废" not in copies[0][10] or WITHDRAWN in copies[0][10], copies
    assert recalls == [("QM-01-A/1-001", dt.date.fromisoformat(WITHDRAWN))]  # to collect on that day, not now


def test_registers_from_the_withdrawal(lived: Project) -> None:
    rows, copies, recalls = _records(lived, LATER)
    old = next(r for r in rows if r[0] == OLD)
    assert old[4] == "作废" and old[10] == f"已作废 {WITHDRAWN}", old
    assert [c[0] for c in copies] == ["QM-01-A/1-001", "QM-05-A/0-001"]
    assert recalls == [("QM-01-A/1-001", None)]


def _site(project: Project, day: str, tmp_path: Path) -> tuple[str, str, str]:
    """The built site's page of QM-01, its 受控文件清单 and 作废文件, as a build on `day` writes them."""
    import shutil
    built = Project(tmp_path / day)
    shutil.copytree(project.root, built.root)
    with today_is(day):
        code, out, err = qmsdoc(built, "build")
    assert code == 0, out + err
    site = built.root / "build" / "site"
    page, register, listed = (site / name / "index.html" for name in (f"qm/{OLD}", "register", "obsolete"))
    return page.read_text("utf-8"), register.read_text("utf-8"), listed.read_text("utf-8")


def test_the_site_before_the_withdrawal_shows_it_in_force_with_a_notice(lived: Project, tmp_path: Path) -> None:
    page, register, listed = _site(lived, BEFORE, tmp_path)
    assert "尚未作废" in page and "本文件已作废" not in page and WITHDRAWN in page
    assert 'data-status="obsolete"' not in register
    assert f">{OLD}<" not in listed


def test_the_site_from_the_withdrawal_shows_it_withdrawn(lived: Project, tmp_path: Path) -> None:
    page, register, listed = _site(lived, WITHDRAWN, tmp_path)
    assert "本文件已作废" in page and "尚未作废" not in page
    assert 'data-status="obsolete"' in register
    assert f">{OLD}<" in listed
