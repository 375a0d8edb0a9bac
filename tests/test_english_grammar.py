"""English grammar in what qmsdoc says: counts take the noun's form for their number ("1 item", "7 items") — a count
written straight before a plural noun read "1 more items in the body cannot be published" and "and others (1
people)" — and a label inside a sentence is a word ("pending"), not a heading ("Pending")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_english import _copy

from qmsdoc.core.i18n import languages, t, using

from conftest import commit, run_cli

COUNTED = {  # key, its fields but the count, what it says of one and of two
    "rule.QD200.unlocated": ({"limit": 1000}, "1 more item in the body", "2 more items in the body"),
    "pdf.glyph.more": ({}, "1 character in all", "2 characters in all"),
    "acks.act.and_others": ({}, "(1 person)", "(2 people)"),
    "limits.entries": ({"file": "a.xlsx", "limit": 0, "code": "QD018"}, "has 1 entry,", "has 2 entries,"),
}
# A number field written straight before a plural noun; `limit` is a fixed bound in the thousands, `what`/`name`
# are words (Word, PDF), not numbers.
BARE_COUNT = re.compile(r"\{(?!limit\}|what\}|name\})(\w+)\} (?:more |other )?(?:items|characters|people|entries|"
                        r"documents|copies|days|months|lines|errors|warnings|files|forms|pages|rows|departments|"
                        r"versions|pictures|columns|cells|places)\b")


@pytest.mark.parametrize("key", sorted(COUNTED))
def test_a_count_of_one_takes_the_singular_and_more_the_plural(key: str) -> None:
    fields, one, two = COUNTED[key]
    with using("en"):
        assert one in t(key, count=1, **fields), t(key, count=1, **fields)
        assert two in t(key, count=2, **fields), t(key, count=2, **fields)


def test_no_english_message_writes_a_count_straight_before_a_plural_noun() -> None:
    bare = {key: text for key, text in languages()["en"].messages.items() if BARE_COUNT.search(text)}
    assert not bare, bare
    assert BARE_COUNT.search("{count} more items") and not BARE_COUNT.search("{count} more {count:~item|items}")


def test_the_departments_still_to_acknowledge_name_their_state_in_lower_case(tmp_path: Path) -> None:
    """`qmsdoc acknowledge` of an English project said "Still to acknowledge: Quality Department (Pending, due …)",
    a label's capital in the middle of a sentence."""
    root = _copy(tmp_path, committed=True)
    page = root / "manuals" / "qm" / "QM-02.md"
    page.write_text(page.read_text("utf-8").replace(
        "\ndepartment: Quality Department\n",
        "\ndepartment: Quality Department\nacknowledge: [Operations, Quality Department]\n", 1), "utf-8")
    commit(root, "QM-02 to be read by Operations and Quality Department")
    result = run_cli("acknowledge", "QM-02", "--by", "Bob Lee", "--department", "Operations", cwd=root)
    assert result.returncode == 0, result
    assert "Still to acknowledge: Quality Department (pending, due " in result.stdout, result.stdout


def test_a_state_in_chinese_is_written_as_its_label_inside_the_line() -> None:
    for language in ("zh-CN", "zh-TW"):
        with using(language):
            pending = t("acks.state.pending")
            assert f"（{pending}，" in t("acks.act.open", department="客服部", state=pending, due="2026-12-21")
