"""A manual index page that does not load (broken YAML, a field its schema refuses) hid its `acknowledge` list, and
every answer then said the manual's documents needed no acknowledgement (不要求学习确认): false, and an auditor
reading it would take it. The answers now say the list could not be read, and where; the check does not add a
warning that an acknowledgement on record was not required."""

from __future__ import annotations

import pytest
from test_acknowledgements import MANUAL, REGISTER, qmsdoc, today

from conftest import Project

NOT_REQUIRED = "不要求学习确认"
BREAKS = [("order: 2\n", "order: abc\n"), ("version: A/0\n", "version: [A/0\n"),
          ("acknowledge: [客服部]\n", "acknowledge: [客服部, 3]\n")]


def _manual_names_a_department(project: Project) -> None:
    project.replace(MANUAL, "order: 2\n", "order: 2\nacknowledge: [客服部]\n")


@pytest.mark.parametrize(("good", "broken"), BREAKS)
def test_a_broken_index_page_is_not_read_as_nobody_must_acknowledge(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                                    good: str, broken: str) -> None:
    today(monkeypatch, "2026-06-01")
    _manual_names_a_department(project)
    project.replace(MANUAL, good, broken)
    asked = qmsdoc(project, "acknowledgements", "QP-03-02")
    told = qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部")
    for run in (asked, told):
        said = run.stdout + run.stderr
        assert run.returncode == 1, said
        assert NOT_REQUIRED not in said and MANUAL in said, said
    assert not project.path(REGISTER).exists() or "张三" not in project.read(REGISTER)


def test_the_check_does_not_call_a_recorded_acknowledgement_unrequired(project: Project,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    today(monkeypatch, "2026-06-01")
    _manual_names_a_department(project)
    done = qmsdoc(project, "acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部")
    assert done.returncode == 0, done.stdout + done.stderr
    project.replace(MANUAL, "order: 2\n", "order: abc\n")
    checked = qmsdoc(project, "check")
    said = checked.stdout + checked.stderr
    assert f"{MANUAL}:" in said, said  # the page's own error
    assert NOT_REQUIRED not in said, said


def test_a_readable_manual_still_answers_as_before(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quiet side: with no list anywhere the answer is still 'not required'; with the manual's list readable, its
    department is asked to read the document."""
    today(monkeypatch, "2026-06-01")
    none = qmsdoc(project, "acknowledgements", "QP-03-02")
    assert none.returncode == 0 and NOT_REQUIRED in none.stdout, none.stdout + none.stderr
    _manual_names_a_department(project)
    listed = qmsdoc(project, "acknowledgements", "QP-03-02")
    assert listed.returncode == 0 and "客服部" in listed.stdout and NOT_REQUIRED not in listed.stdout, listed.stdout
