"""Periodic review (定期评审) tells an auditor the truth: which documents are due or overdue and since when, decided
once (Document.next_review / review_overdue) and said alike by the register, the 定期评审 page and the check."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from qmsdoc.core import check, i18n, load_config
from qmsdoc.core.copyjobs import document_job
from qmsdoc.core.copylabels import NO_DATE
from qmsdoc.core.rules.lifecycle import review_due_soon
from qmsdoc.records.register import register_rows
from qmsdoc.site.pages import review_page

from conftest import Project, configure, release_later, run_cli

DRAFT = "ZWFW-007"  # status draft, with a proposed effective date 2026-03-01 and review_months 24
EFFECTIVE = "QP-03-02"  # effective 2026-03-01, review_months 24: due 2028-03-01
NEXT_REVIEW = 10  # the register's 下次评审日期 column


def _state(project: Project, today: dt.date) -> tuple[dict[str, list[str]], list[tuple[dt.date, str]]]:
    config = load_config(project.root)
    config.today = today
    result = check(config)
    rows = {r[0]: r for r in register_rows(result.corpus, project.root, project.path("build/docx"), today)}
    return rows, review_due_soon(result.context)


def test_a_draft_has_no_review_due_in_any_view(project: Project) -> None:
    """A draft's dates are proposals: the register said 下次评审 2028-03-01 for it, and on 2028-05-01 showed that
    past date unmarked, while the page, the check and the command said nothing was due."""
    today = dt.date(2028, 5, 1)
    corpus = check(load_config(project.root)).corpus
    assert corpus.documents[DRAFT].next_review is None
    rows, due = _state(project, today)
    assert rows[DRAFT][NEXT_REVIEW] == NO_DATE  # none due, written as a manual's and a form's
    assert DRAFT not in [code for _, code in due]


def test_an_effective_document_keeps_its_review_due_in_every_view(project: Project) -> None:
    rows, due = _state(project, dt.date(2028, 5, 1))
    assert rows[EFFECTIVE][NEXT_REVIEW] == "2028-03-01（评审逾期）"
    assert (dt.date(2028, 3, 1), EFFECTIVE) in due
    rows, due = _state(project, dt.date(2028, 3, 1))  # due today: listed, not yet overdue
    assert rows[EFFECTIVE][NEXT_REVIEW] == "2028-03-01" and (dt.date(2028, 3, 1), EFFECTIVE) in due
    rows, due = _state(project, dt.date(2028, 1, 30))  # 31 days ahead: outside the 30-day window
    assert rows[EFFECTIVE][NEXT_REVIEW] == "2028-03-01" and EFFECTIVE not in [code for _, code in due]


def test_the_review_page_says_due_today_not_due_in_zero_days(project: Project) -> None:
    document = check(load_config(project.root)).corpus.documents[EFFECTIVE]
    day = dt.date(2028, 3, 1)
    page = review_page([(day, document)], day, 30)
    assert "今天到期" in page and "0 天后到期" not in page and "qms-overdue" not in page
    i18n.set_language("en")
    page = review_page([(day, document)], day, 30)
    assert "due today" in page and "due in 0 days" not in page


def test_the_review_page_counts_days_either_side_of_the_due_date(project: Project) -> None:
    document = check(load_config(project.root)).corpus.documents[EFFECTIVE]
    day = dt.date(2028, 3, 1)
    assert "逾期 1 天" in review_page([(day, document)], dt.date(2028, 3, 2), 30)
    assert "5 天后到期" in review_page([(day, document)], dt.date(2028, 2, 25), 30)
    i18n.set_language("en")
    assert "1 day overdue" in review_page([(day, document)], dt.date(2028, 3, 2), 30)
    assert "due in 1 day" in review_page([(day, document)], dt.date(2028, 2, 29), 30)


DOC = "manuals/qp-service/QP-03-02.md"


def _with_review(project: Project, day: str) -> None:
    project.replace(DOC, "history:", f"reviews:\n  - {{by: 总经理, date: {day}}}\nhistory:")


def _findings(project: Project, today: dt.date) -> list[tuple[str, int]]:
    config = load_config(project.root)
    config.today = today
    return [(f.code, f.line) for f in check(config).findings if f.path == DOC]


def test_a_review_written_after_today_is_an_error_not_a_silenced_warning(project: Project) -> None:
    """A hand-written review dated 2099 put the next review off to 2101: QD180 went quiet, nothing else spoke."""
    _with_review(project, "2099-01-01")
    found = _findings(project, dt.date(2028, 5, 1))
    assert found == [("QD181", project.line_of(DOC, "- {by: 总经理, date: 2099-01-01}"))]
    configure(project, language="en")  # an English project says it in English
    config = load_config(project.root)
    config.today = dt.date(2028, 5, 1)
    messages = [f.message for f in check(config).findings if f.code == "QD181"]
    assert len(messages) == 1 and "2099-01-01, after today (2028-05-01)" in messages[0]


def test_a_review_on_or_before_today_restarts_the_period_quietly(project: Project) -> None:
    _with_review(project, "2028-05-01")
    assert _findings(project, dt.date(2028, 5, 1)) == []  # reviewed today: no QD181, and QD180 is answered
    assert check(load_config(project.root)).corpus.documents[EFFECTIVE].next_review == dt.date(2030, 5, 1)
    assert _findings(project, dt.date(2030, 5, 2)) == [("QD180", project.line_of(DOC, "review_months"))]


def test_the_review_page_says_when_each_was_last_reviewed_and_by_whom(project: Project) -> None:
    """An auditor asks when each document was last reviewed and by whom: the page said only when it was due."""
    reviews = ("reviews:\n  - {by: 质量专员, date: 2026-05-01}\n  - {by: 总经理, date: 2026-06-01, note: 适用}\n"
               "  - {by: 经理, date: 2026-04-01}\n")  # the latest by date, not the last written
    project.replace(DOC, "history:", reviews + "history:")
    document = check(load_config(project.root)).corpus.documents[EFFECTIVE]
    assert (document.last_review, document.last_reviewer) == (dt.date(2026, 6, 1), "总经理")
    page = review_page([(dt.date(2028, 6, 1), document)], dt.date(2028, 5, 20), 30)
    assert "<th" in page and "上次评审" in page
    cell = '<td data-label="上次评审"><time class="qms-date" datetime="2026-06-01">2026-06-01</time> 总经理</td>'
    assert cell in page


def test_the_review_page_says_no_review_recorded_as_a_dash(project: Project) -> None:
    document = check(load_config(project.root)).corpus.documents[EFFECTIVE]
    assert document.last_review is None and document.last_reviewer == ""
    i18n.set_language("en")
    page = review_page([(dt.date(2028, 3, 1), document)], dt.date(2028, 2, 20), 30)
    assert '<td data-label="Last review">—</td>' in page


def _review(project: Project, *args: str) -> tuple[int, str]:
    done = run_cli("review", "QP-03-02", "--by", "总经理", *args, cwd=project.root)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_a_review_dated_before_the_effective_date_is_early_not_waiting(project: Project, language: str) -> None:
    """QP-03-02 is in force since 2026-03-01; a review dated 2026-02-01 was refused as 「A/0 已批准、2026-03-01 起生效，
    尚未生效」 — false of a version in force for nine months. The date is early, and the message says which date."""
    if language == "en":
        configure(project, language="en")
    before = project.path(DOC).read_bytes()
    code, said = _review(project, "--date", "2026-02-01")
    assert code == 1 and project.path(DOC).read_bytes() == before, said
    assert ("评审日期 2026-02-01 早于 QP-03-02 A/0 的生效日期 2026-03-01" if language == "zh-CN"
            else "the review date 2026-02-01 is before QP-03-02 A/0 took effect (2026-03-01)") in said, said
    assert "尚未生效" not in said and "not yet in force" not in said and "Traceback" not in said
    code, said = _review(project, "--date", "2026-03-01")  # on its effective date: a review of the version in force
    assert code == 0, said


def test_a_version_waiting_for_its_effective_date_is_still_told_waiting(repo: Project) -> None:
    release_later(repo.root, "QP-03-02", "2027-01-01")
    for when in ((), ("--date", "2026-11-30")):
        code, said = _review(repo, *when)
        assert code == 1 and "A/1 已批准、2027-01-01 起生效，尚未生效" in said and "早于" not in said, said


def test_a_review_dated_before_the_last_one_names_the_last_one(project: Project) -> None:
    """The refusal said 「早于生效日期或上次评审日期 2026-11-20」: which of the two, and whose review, left to guess."""
    assert _review(project, "--date", "2026-11-20")[0] == 0
    before = project.path(DOC).read_bytes()
    code, said = _review(project, "--date", "2026-11-10")
    assert code == 1 and project.path(DOC).read_bytes() == before, said
    assert "评审日期 2026-11-10 早于 QP-03-02 已记录的上次评审（2026-11-20，总经理）" in said, said
    assert "生效日期" not in said
    assert _review(project, "--date", "2026-11-21")[0] == 0


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_a_review_dated_long_ago_says_the_next_one_is_past_already(project: Project, language: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Recorded on 2028-06-01 with --date 2026-04-01, QP-03-02's review answered 「下次评审：2028-04-01」 and nothing
    more, while check said QD180 逾期 61 天 at once: the answer says the next review is past already."""
    if language == "en":
        configure(project, language="en")
    monkeypatch.setenv("QMSDOC_TODAY", "2028-06-01")
    code, said = _review(project, "--date", "2026-04-01")
    assert code == 0, said
    assert ("下次评审：2028-04-01，已逾期 61 天（QD180）" if language == "zh-CN"
            else "next review: 2028-04-01, already 61 days overdue (QD180)") in said, said
    assert _findings(project, dt.date(2028, 6, 1)) == [("QD180", project.line_of(DOC, "review_months"))]
    code, said = _review(project, "--date", "2028-05-01")  # within the period: the next review only
    assert code == 0 and ("下次评审：2030-05-01" in said or "next review: 2030-05-01" in said), said
    assert "QD180" not in said


def test_a_review_leaves_the_word_and_pdf_copies_as_they_were(project: Project) -> None:
    """A copy prints no next review, yet its job carried one: every review made each Word and PDF copy of the
    document again (the reuse digest is the job's every field), and the README said the copies show the date."""
    document = check(load_config(project.root)).corpus.documents[EFFECTIVE]
    reviewed = dataclasses.replace(document, last_review=dt.date(2027, 6, 1))
    assert (document.next_review, reviewed.next_review) == (dt.date(2028, 3, 1), dt.date(2029, 6, 1))
    made = [repr(document_job(d, "<p>正文</p>", "某物业服务有限公司")) for d in (document, reviewed)]
    assert made[0] == made[1]
