"""Reading assignments of a release merged onto the line from a branch after the day its front matter dates it:
the version was in force — and could be read — only from the merge (Release.in_force_from, what
`register --as-of` and the history page answer), so its assignment opens on the merge day and falls due
acknowledge_days later, and an acknowledgement dated before the merge is of the version in force then."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_history_shapes import DOC, as_of, bump, commit, git, qmsdoc, start

from conftest import Project, configure

REGISTER = "acknowledgements.yaml"


def _released_a2(tmp_path: Path, merged: bool, reverted: bool = False) -> Project:
    """QM-01 to be read by 客服部 in 14 days (named 2025-03-02, after A/1); A/2 released on 2025-04-01 — on a
    branch merged with --no-ff on 2025-04-20 (`merged`), else committed on the line that day (and reverted on
    2025-04-05: A/1 in force again)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", "2025-06-15")
        project = start(tmp_path / "qms")
        text = project.read(DOC)
        project.write(DOC, re.sub(r"\nversion:", "\nacknowledge: [客服部]\nacknowledge_days: 14\nversion:", text,
                                  count=1))
        commit(project.root, "QM-01 须由客服部学习确认", "2025-03-02T10:00:00+08:00")
        if merged:
            git(project.root, "checkout", "-qb", "feature")
        bump(project, "2025-04-01", "第二版正文。")
        commit(project.root, "A/2", "2025-04-01T10:00:00+08:00")
        if merged:
            git(project.root, "checkout", "-q", "-")
            project.write("manuals/index.md", project.read("manuals/index.md") + "\n另一处修改。\n")
            commit(project.root, "other work", "2025-04-05T10:00:00+08:00")
            git(project.root, "merge", "-q", "--no-ff", "feature", "-m", "merge", when="2025-04-20T10:00:00+08:00")
        if reverted:
            git(project.root, "revert", "--no-edit", "HEAD", when="2025-04-05T10:00:00+08:00")
    assert f"version: A/{1 if reverted else 2}" in project.read(DOC) and "acknowledge: [客服部]" in project.read(DOC)
    return project


def _answer(project: Project) -> str:
    code, out, err = qmsdoc(project, "acknowledgements", "QM-01")
    assert code == 0, out + err
    return out


def _late(project: Project) -> str:
    code, out, err = qmsdoc(project, "check")
    assert "Traceback" not in err
    return "\n".join(line for line in out.splitlines() if "QD221" in line)


def _acknowledge_on(project: Project, day: str) -> str:
    code, out, err = qmsdoc(project, "acknowledge", "QM-01", "--by", "张三", "--department", "客服部", "--date", day)
    assert code == 0, out + err
    return project.read(REGISTER)


def test_a_merged_release_is_due_from_the_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dated 04-01 on the branch, on the line from 04-20: on 04-25 客服部 is not late (due 05-04, not 04-15)."""
    project = _released_a2(tmp_path, merged=True)
    monkeypatch.setenv("QMSDOC_TODAY", "2025-04-25")
    assert as_of(project, "2025-04-10", tmp_path)["QM-01"][3] == "A/1"  # what the line held on 04-10
    text = _answer(project)
    assert "客服部：待确认（2025-04-20 起待确认，截止 2025-05-04）" in text, text
    assert "版本 A/2（2025-04-20 发布，学习期限 14 天，截止 2025-05-04" in text, text
    assert "逾期" not in text and "2025-04-15" not in text, text
    assert _late(project) == ""  # the check agrees: nobody is late
    monkeypatch.setenv("QMSDOC_TODAY", "2025-04-15")  # before the merge the version in force was A/1
    assert "版本 A/1" in _answer(project)


def test_an_acknowledgement_dated_before_the_merge_is_of_the_version_then(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet signed on 04-10 was a reading of A/1, the version in force that day by the line — and counts."""
    project = _released_a2(tmp_path, merged=True)
    monkeypatch.setenv("QMSDOC_TODAY", "2025-04-25")
    register = _acknowledge_on(project, "2025-04-10")
    assert "version: A/1, department: 客服部, person: 张三, date: 2025-04-10" in register, register
    assert "A/2" not in register, register
    code, out, _ = qmsdoc(project, "check")
    assert "QD222" not in out, out
    assert "客服部：待确认（2025-04-20 起待确认" in _answer(project)


def test_a_release_committed_on_the_line_keeps_its_front_matter_dates(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: A/2 committed on the line on 04-01 opened then, late since 04-15; a reading on 04-10 is
    of A/2."""
    project = _released_a2(tmp_path, merged=False)
    monkeypatch.setenv("QMSDOC_TODAY", "2025-04-25")
    text = _answer(project)
    assert "客服部：逾期（2025-04-01 起待确认，截止 2025-04-15，已逾期 10 天）" in text, text
    assert "QM-01" in _late(project) and "2025-04-15" in _late(project)
    register = _acknowledge_on(project, "2025-04-10")
    assert "version: A/2, department: 客服部, person: 张三, date: 2025-04-10" in register, register
    assert "客服部：已确认" in _answer(project)


def test_an_english_project_is_told_the_merge_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _released_a2(tmp_path, merged=True)
    configure(project, language="en")
    monkeypatch.setenv("QMSDOC_TODAY", "2025-04-25")
    text = _answer(project)
    assert ": Pending (since 2025-04-20, due 2025-05-04)" in text and "2025-04-15" not in text, text


def test_a_day_while_a_reverted_release_was_in_force_is_answered_for_it(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A/2 in force from 04-01 until its revert on 04-05 put A/1 back: asked for 04-03, the answer is about A/2, as
    `register --as-of 2025-04-03` says — not A/1, whose front matter dates it 03-01."""
    project = _released_a2(tmp_path, merged=False, reverted=True)
    monkeypatch.setenv("QMSDOC_TODAY", "2025-04-03")
    assert as_of(project, "2025-04-03", tmp_path)["QM-01"][3] == "A/2"
    text = _answer(project)
    assert "版本 A/2（2025-04-01 发布" in text, text
    monkeypatch.setenv("QMSDOC_TODAY", "2025-04-25")  # the quiet side: after the revert A/1 is the one to read
    assert "版本 A/1（2025-03-01 发布" in _answer(project)
