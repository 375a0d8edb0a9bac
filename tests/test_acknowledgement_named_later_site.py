"""A department named to read a document only after the day the site is built for (QMSDOC_TODAY) had not been asked
then: the 学习确认 page and the document page say when it was named — the line `acknowledgements` prints
(training.named_later_text) — instead of leaving it out silently. On a day after it was named, neither says it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import commit, first_released, name_readers, on, run_cli

DRAFTED, FIRST, ASKED, NAMED, AFTER = "2025-01-02", "2025-01-10", "2025-01-20", "2025-02-01", "2025-02-10"
LATER = "客服部于 2025-02-01 才列入 acknowledge（要求学习的部门），晚于 2025-01-20"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM-01 released on FIRST with nobody to read it; its manual names 客服部 on NAMED."""
    root = first_released(tmp_path_factory.mktemp("named-later-site"), DRAFTED, FIRST)
    with on(NAMED):
        name_readers(root, "客服部")
        commit(root, "客服部 to read the manual")
    return root


def _pages(root: Path, day: str) -> tuple[str, str, str]:
    with on(day):
        said = run_cli("acknowledgements", "QM-01", cwd=root)
        built = run_cli("build", cwd=root)
    assert built.returncode == 0, built
    site = root / "build/site"
    return (said.stdout, (site / "acknowledgements/index.html").read_text("utf-8"),
            (site / "qm/QM-01/index.html").read_text("utf-8"))


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_the_site_says_a_department_named_after_the_day_shown(root: Path) -> None:
    said, page, line = _pages(root, ASKED)
    assert LATER in said, said  # the answer's wording, which the site repeats
    assert "QM-01" in _text(page) and LATER in _text(page), page
    assert LATER in _text(line), line


def test_after_it_was_named_the_site_says_nothing_of_it(root: Path) -> None:
    _, page, line = _pages(root, AFTER)
    assert "才列入" not in page and "才列入" not in line, page
    assert "客服部" in _text(page), page
