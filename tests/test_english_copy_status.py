"""The copy status an English copy prints on its cover and in its footer reads as a label's value does: a historical
whole-manual copy (qmsdoc copy MANUAL --as-of DAY) printed "Copy status: historical copy (in force …), uncontrolled"
beside every other copy's "Copy status: Controlled" or "Uncontrolled"; and a copy printed before still verifies."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from qmsdoc.verify import copies

from conftest import REPO, commit, git, run_cli

EXAMPLE = REPO / "examples" / "en-quality-manual"


def _footer_states(path: Path) -> list[str]:
    """What each footer line of the Word copy at `path` gives after its first label ("Copy status: …")."""
    lines = [paragraph.text for section in docx.Document(str(path)).sections
             for paragraph in section.footer.paragraphs if ":" in paragraph.text]
    return [line.split(":", 1)[1].strip() for line in lines]


def test_a_historical_english_manual_copy_states_its_status_with_a_capital(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "en"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build", "issued"))
    git(root, "init", "-q")
    commit(root, "English example")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-06")
    historical = tmp_path / "QM-as-of.docx"
    made = run_cli("copy", "QM", "--as-of", "2026-10-01", "--out", str(historical), cwd=root)
    assert made.returncode == 0, made.stdout + made.stderr
    states = _footer_states(historical)
    assert states and all("2026-10-01" in state for state in states), states  # the footer is the as-of one
    assert all(state[0].isupper() for state in states), states


def test_an_english_copy_printed_before_with_the_lowercase_status_still_shows_its_day() -> None:
    """Copies handed out before the capital keep verifying as the historical copies they are."""
    printed = "Copy status: historical copy (in force 2026-10-01), uncontrolled      Copy No.: ________"
    assert copies.as_of_in(printed) == "2026-10-01"
