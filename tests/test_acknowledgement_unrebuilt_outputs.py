"""Without git history, the version still in force beside one waiting for its effective date cannot be read back
(training.meanwhile_unknown): the 学习确认 page, the document page's line and the acknowledgements register say so
in the one wording `acknowledgements` gives (the check says once that it reads no history) — none leaves that
version out, which an auditor would read as it having had no reading assignment. With git, none says it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import on, run_cli, successor_waits

DRAFTED, FIRST, APPROVED, LATE, EFFECTIVE = "2025-01-02", "2025-01-10", "2025-03-01", "2025-03-10", "2025-04-01"
UNKNOWN = "现行版本 A/0（2025-04-01 前仍为现行）的学习确认要求与记录从 git 历史读出，此处无法重建：未找到 git 仓库"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM-01 (客服部 to read it) released A/0 on FIRST; A/1 approved on APPROVED to take effect on EFFECTIVE."""
    folder = tmp_path_factory.mktemp("unrebuilt")
    return successor_waits(folder, (DRAFTED, FIRST, APPROVED, EFFECTIVE))


def _outputs(root: Path) -> dict[str, str]:
    with on(LATE):
        checked = run_cli("check", cwd=root)
        built = run_cli("build", cwd=root)
    assert built.returncode == 0, built
    site = root / "build/site"
    return {"check": checked.stdout + checked.stderr,
            "page": (site / "acknowledgements/index.html").read_text("utf-8"),
            "line": (site / "qm/QM-01/index.html").read_text("utf-8"),
            "csv": (root / "build/acknowledgements.csv").read_text("utf-8-sig")}


@pytest.fixture(scope="module")
def plain(root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    copy = tmp_path_factory.mktemp("unrebuilt-plain") / "project"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git", "build"))
    return _outputs(copy)


@pytest.mark.parametrize("where", ["page", "line", "csv"])
def test_without_history_every_output_says_the_version_in_force_is_unknown(plain: dict[str, str],
                                                                            where: str) -> None:
    assert UNKNOWN in plain[where], plain[where][-3000:]


def test_without_history_the_check_says_once_it_reads_none_and_warns_for_no_document(plain: dict[str, str]) -> None:
    """A QD221 warning per waiting document would fail every `--strict` build in a shallow CI clone; the check's
    one note that it reads no git history stands for them all."""
    assert "git" in plain["check"] and not any(UNKNOWN in line for line in plain["check"].splitlines()), \
        plain["check"]


def test_without_history_the_page_row_says_it_cannot_be_checked(plain: dict[str, str]) -> None:
    page = plain["page"]
    assert "此处无法核对" in page and page.index(UNKNOWN) < page.index("客服部"), page  # A/0's row before A/1's


def test_with_history_no_output_says_it(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("build"))
    said = _outputs(copy)
    for where, text in said.items():
        assert "无法重建" not in text and "此处无法核对" not in text, (where, text[-3000:])
    assert "现行版本 A/0 需 客服部 学习确认" in said["line"], said["line"]
