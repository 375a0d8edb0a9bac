"""Without git history, the version still in force beside one waiting for its effective date cannot be read back
(training.meanwhile_unknown): the 学习确认 page, the document page's line and the acknowledgements register say so
in the one wording `acknowledgements` gives (the check says once that it reads no history) — none leaves that
version out, which an auditor would read as it having had no reading assignment. With git, none says it."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import on, run_cli, successor_waits

DRAFTED, FIRST, APPROVED, LATE, EFFECTIVE = "2025-01-02", "2025-01-10", "2025-03-01", "2025-03-10", "2025-04-01"
NOTE = "未找到 git 仓库：只核对了指纹，未核对批准记录的变更经过（请在 git 仓库中运行 check）"  # history.note.no_git
UNKNOWN = f"现行版本 A/0（2025-04-01 前仍为现行）的学习确认要求与记录从 git 历史读出，此处无法重建：{NOTE}"
STATE = "此处无法核对"  # acks.state.unknown: the one word every output gives the state


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QM-01 (客服部 to read it) released A/0 on FIRST; A/1 approved on APPROVED to take effect on EFFECTIVE."""
    folder = tmp_path_factory.mktemp("unrebuilt")
    return successor_waits(folder, (DRAFTED, FIRST, APPROVED, EFFECTIVE))


def _outputs(root: Path) -> dict[str, str]:
    with on(LATE):
        checked = run_cli("check", cwd=root)
        built = run_cli("build", cwd=root)
        answer = run_cli("acknowledgements", "QM-01", cwd=root)
    assert built.returncode == 0, built
    site = root / "build/site"
    return {"check": checked.stdout + checked.stderr, "answer": answer.stdout + answer.stderr,
            "manifest": (root / "build/manifest.json").read_text("utf-8"),
            "page": (site / "acknowledgements/index.html").read_text("utf-8"),
            "line": (site / "qm/QM-01/index.html").read_text("utf-8"),
            "csv": (root / "build/acknowledgements.csv").read_text("utf-8-sig")}


@pytest.fixture(scope="module")
def plain(root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    copy = tmp_path_factory.mktemp("unrebuilt-plain") / "project"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git", "build"))
    return _outputs(copy)


@pytest.mark.parametrize("where", ["page", "line", "csv", "answer", "manifest"])
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
        assert "无法重建" not in text and STATE not in text, (where, text[-3000:])
    assert "现行版本 A/0 需 客服部 学习确认" in said["line"], said["line"]
    assert "另有" not in _summary(said["page"]), said["page"]
    assert "2 项部门学习任务：已确认 0，待确认 1，逾期 1" in _summary(said["page"]), said["page"]
    entries = json.loads(said["manifest"])["acknowledgements"]
    assert [(e["version"], e["state"]) for e in entries] == [("A/0", "overdue"), ("A/1", "pending")], entries


def _summary(page: str) -> str:
    return next(p for p in page.split("<p>") if p.startswith("共 "))


def test_without_history_the_page_tally_counts_the_unknown_version_apart_with_why(plain: dict[str, str]) -> None:
    """A/1 (客服部, open) is the one department task; A/0, whose departments cannot be known, is counted on its own
    with the reason — neither dropped nor taken as met or open."""
    summary = _summary(plain["page"])
    assert "1 项部门学习任务：已确认 0，待确认 1，逾期 0" in summary, summary
    assert f"另有 1 个现行版本的学习确认{STATE}，未计入上述任务（见下表）：{NOTE}。" in summary, summary


def test_without_history_the_register_row_states_it_as_the_page_does(plain: dict[str, str]) -> None:
    rows = list(csv.reader(io.StringIO(plain["csv"])))
    header, unknown = rows[0], next(r for r in rows[1:] if r[2] == "A/0")
    assert unknown[header.index("状态")] == STATE and unknown[header.index("确认人")] == UNKNOWN, unknown
    assert f'qms-ack-unknown">{STATE}</span>' in plain["page"], plain["page"]


def test_without_history_the_manifest_lists_the_unknown_version_before_its_successor(plain: dict[str, str]) -> None:
    entries = json.loads(plain["manifest"])["acknowledgements"]
    assert [(e["version"], e["state"], e["department"]) for e in entries] == [
        ("A/0", "unknown", None), ("A/1", "pending", "客服部")], entries
    assert entries[0]["status"] == STATE and entries[0]["reason"] == UNKNOWN and entries[0]["note"] == NOTE, entries
    assert entries[0]["in_force_until"] == EFFECTIVE, entries
