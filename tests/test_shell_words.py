"""A command qmsdoc suggests with a user's own value in it (a department, a recipient) must paste into a shell as
one argument: `--department Facilities & Security` runs `Security` as a second command in every shell, and
`--to O'Brien's Team` opens a quote that never closes. Plain words (客服部, QA) stay unquoted."""

from __future__ import annotations

import hashlib
import shlex

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.commandline import shell_word

from conftest import Project, run_cli

DOC = "manuals/qp-service/QP-03-02.md"


@pytest.mark.parametrize("value", ["Customer Service", "Facilities & Security", "O'Brien's Team", "R&D; Lab (2)",
                                   "50% $HOME `x` \"q\" back\\slash", "-x", "王　五"])
def test_a_value_a_shell_would_split_or_read_is_quoted_as_one_word(value: str) -> None:
    word = shell_word(value)
    assert word != value
    assert shlex.split(f"qmsdoc x {word}") == ["qmsdoc", "x", value]


@pytest.mark.parametrize("value", ["客服部", "QA", "HR.PR.03", "管家服务中心", "Quality_Dept-2"])
def test_a_plain_word_is_shown_as_written(value: str) -> None:
    assert shell_word(value) == value


def test_an_overdue_acknowledgement_tells_a_command_that_names_the_department_as_one_word(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.replace(DOC, "review_months: 24\n", "review_months: 24\nacknowledge: [Facilities & Security, 客服部]\n")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-06-10")
    project.replace(DOC, "review_months: 24\n", "review_months: 36\n")  # a change to release
    released = run_cli("release", "QP-03-02", "--by", "总经理", "--change", "明确滞纳金计算", "--date", "2026-06-10",
                       "--keep-review", cwd=project.root)
    assert released.returncode == 0, released.stdout + released.stderr
    monkeypatch.setenv("QMSDOC_TODAY", "2026-06-25")
    late = {f.message for f in check(load_config(project.root)).findings if f.code == "QD221"}
    assert len(late) == 2, late
    assert any('--department "Facilities & Security"' in message for message in late), late
    assert any("--department 客服部" in message for message in late), late


@pytest.mark.parametrize(("recipient", "shown"), [("Facilities & Security", '--to "Facilities & Security"'),
                                                  ("客服部", "--to 客服部")])
def test_a_recall_before_the_new_version_takes_effect_names_the_holder_as_one_word(
        project: Project, monkeypatch: pytest.MonkeyPatch, recipient: str, shown: str) -> None:
    copy = project.write("held/QP-03-01-A_0-001.txt", "QP-03-01 A/0")
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    project.write("distribution.yaml", "copies:\n  - {number: QP-03-01-A/0-001, document: QP-03-01, version: A/0, "
                  f"recipient: {recipient}, date: 2025-06-01, issued_by: 文控员, format: docx, sha256: {digest}}}\n")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-02-27")  # A/1 approved, in force from 2026-03-01
    recalled = run_cli("recall", "QP-03-01-A/0-001", "--by", "文控员", cwd=project.root)
    assert recalled.returncode == 0, recalled.stdout + recalled.stderr
    assert f"qmsdoc issue QP-03-01 --in-force {shown}" in recalled.stdout, recalled.stdout
