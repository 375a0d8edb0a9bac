"""A value a user wrote is repeated in a message cut to a few dozen characters and an ellipsis (core/errors.py
`echoed`, `shown`): a 5,000-character name in the acknowledgements register made QD222 echo it whole, and the
command line, the registers and the configuration each cut a value at their own length, without saying so."""

from __future__ import annotations

import pytest
from test_acknowledgement_stray_reasons import DOC, _stray
from test_acknowledgements import findings, require, today

from qmsdoc.core.errors import SHOWN_LIMIT

from conftest import Project, run_cli


@pytest.mark.parametrize("field", ["document", "version", "date", "entered", "person", "department"])
def test_a_register_line_s_5000_character_value_is_named_cut(
        project: Project, monkeypatch: pytest.MonkeyPatch, field: str) -> None:
    """Each field of an acknowledgements line, 5,000 characters long: the finding names it in a few dozen."""
    require(project, "acknowledge: [客服部]")
    today(monkeypatch, "2026-03-20")
    values = {"document": "QP-03-02", "version": "A/0", "department": "客服部", "person": "张三",
              "date": "2026-02-27", "entered": "2026-02-27", field: "Q" * 5000}
    project.write("acknowledgements.yaml", "acknowledgements:\n  - {" + ", ".join(
        f"{key}: {value}" for key, value in values.items()) + "}\n")
    said = [f for f in findings(project, "QD220", "QD221", "QD222", "QD223") if "Q" * 10 in f.message]
    assert said and all(len(f.message) < 400 and "Q" * SHOWN_LIMIT + "…" in f.message for f in said), [
        f.message[:200] for f in said]


def test_qd222_names_a_short_person_whole(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    require(project, "acknowledge: [客服部]")
    [message] = _stray(project, monkeypatch, DOC, "客服部", "2026-02-20")
    assert "张三" in message and "…" not in message.split("张三")[0], message


@pytest.mark.parametrize(("value", "expected"), [
    ("张三", "'张三'"),
    ("a\nb\x00\u202e", "'a\\nb\\x00\\u202e'"),
    ("x" * 5000, repr("x" * SHOWN_LIMIT + "…")),
])
def test_echoed_is_quoted_escaped_and_cut(value: str, expected: str) -> None:
    from qmsdoc.core.errors import echoed

    assert echoed(value) == expected


def test_a_command_line_name_is_echoed_cut(project: Project) -> None:
    """`--by` 5,000 characters with a line break: refused (exit 2), the name cut in the message."""
    run = run_cli("review", "QP-03-02", "--by", "甲" + "乙" * 5000, cwd=project.root)
    err = run.stderr
    assert run.returncode == 2 and "甲" + "乙" * (SHOWN_LIMIT - 1) + "…'" in err and len(err) < 600, err[:700]
