"""A past day's answer (QMSDOC_TODAY) about a numbered copy returned later: on the days before its return the copy
was still in someone's hands — verify says it is to be recalled (or current), the 回收清单 and QD211 list it, the
文件发放回收记录 shows no return yet — as an acknowledgement dated later does not count yet. From the day of the
return on, it is returned."""

from __future__ import annotations

from test_distribution import FIRST, SECOND, issue_two, issued, qd211_lines, qmsdoc, register_line

from qmsdoc.core import check, load_config
from qmsdoc.core.distribution import load_register
from qmsdoc.records.register import distribution_rows

from conftest import Project, git, today_is

RELEASED, BEFORE, RETURNED = "2026-06-10", "2026-06-11", "2026-06-12"


def _lived(repo: Project) -> None:
    """Two copies of QP-03-02 A/0 issued on 2026-06-02, A/1 released on RELEASED, FIRST returned on RETURNED."""
    issue_two(repo)
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-qm", "发放")
    repo.replace("manuals/qp-service/QP-03-02.md", "review_months: 24", "review_months: 36")
    released = qmsdoc(repo, "release", "QP-03-02", "--by", "总经理", "--change", "评审周期", "--date", RELEASED,
                      "--keep-review")
    assert released.returncode == 0, released.stdout + released.stderr
    recalled = qmsdoc(repo, "recall", FIRST, "--by", "张文控", "--date", RETURNED)
    assert recalled.returncode == 0, recalled.stdout + recalled.stderr


def test_a_copy_returned_later_was_still_out_the_day_before(repo: Project) -> None:
    _lived(repo)
    line1, line2 = register_line(repo, FIRST)[0], register_line(repo, SECOND)[0]
    with today_is(BEFORE):
        verdict = qmsdoc(repo, "verify", str(issued(repo, FIRST)))
        listed = qd211_lines(repo)
        config = load_config(repo.root)
        rows = distribution_rows(load_register(config), check(config).corpus, config.today)
    assert verdict.returncode == 1 and "回收未完成" in verdict.stdout and "已回收" not in verdict.stdout, verdict
    assert RETURNED not in verdict.stdout
    assert listed == {line1, line2}
    row = next(r for r in rows if r[0] == FIRST)
    assert row[8] == "" and row[9] == "" and "已回收" not in row[10], row


def test_a_copy_is_returned_from_the_day_of_its_return(repo: Project) -> None:
    """The quiet side: on the day of the return, and after, the copy is returned everywhere."""
    _lived(repo)
    line2 = register_line(repo, SECOND)[0]
    for day in (RETURNED, "2026-06-30"):
        with today_is(day):
            verdict = qmsdoc(repo, "verify", str(issued(repo, FIRST)))
            listed = qd211_lines(repo)
        assert verdict.returncode == 1 and "已回收" in verdict.stdout and RETURNED in verdict.stdout, verdict
        assert listed == {line2}
