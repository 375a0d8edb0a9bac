"""An audit of a manual's index page through its life, found false and fixed: while the page's approved A/1
waits for its effective date, a whole-manual copy of A/0 (`qmsdoc issue QP-03 --in-force`, the page in force) made
stale by a document of the manual released since was 「已被 A/1 替代，现行版本为 A/0」 in `qmsdoc verify` and
「已换版（现行版本 A/1）」 in the 回收清单 — superseded by a version not yet in force, in force as itself — and the
文件发放回收记录 had the copy of A/1 「已发放（已批准，… 起生效）」 while the 回收清单 listed it for recall; and the
build's whole manual in force (build/docx/manuals/in-force) was 「制作于手册变更之前（QP-03 A/0 → A/1、…）」, a
change of its page not yet made. Each now names what made them stale: the document's new version."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import commit, committed_project, copied, release_later, run_cli, today_is
from pending_projects import APPROVED, EFFECTIVE, verdict

MEMBER = "QP-03-02"
CHANGED = f"手册内文件已变更（{MEMBER} A/0 → A/1）"
pytestmark = pytest.mark.usefixtures("approval_day")


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project in git: the index page QP-03 A/1 approved to take effect later, a copy of its A/0 in force
    issued to 品质部 and one of the waiting A/1 to 客服部, all committed; and the Word copies built."""
    root = committed_project(tmp_path_factory.mktemp("issued"))
    with today_is(APPROVED):
        release_later(root, "QP-03", EFFECTIVE)
        for words in (("--in-force", "--to", "品质部"), ("--to", "客服部")):
            done = run_cli("issue", "QP-03", *words, cwd=root)
            assert done.returncode == 0, done
        commit(root, "QP-03 issued")
        built = run_cli("build", "--only", "word,records", cwd=root)
        assert built.returncode == 0, built
    return root


def _member_released(issued: Path, tmp_path: Path) -> Path:
    """A copy of the project where QP-03-02, a document of the manual, is released at A/1 in force today."""
    root = copied(issued, tmp_path)
    release_later(root, MEMBER, None)
    return root


def _records(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The build's 回收清单 (分发号 → 现状) and 文件发放回收记录 (分发号 → 状态)."""
    done = run_cli("build", "--only", "records", cwd=root)
    assert done.returncode == 0, done
    with (root / "build" / "recall-list.csv").open(encoding="utf-8-sig") as file:
        recall = {row[0]: row[4] for row in list(csv.reader(file))[1:]}
    from openpyxl import load_workbook

    book = load_workbook(root / "build" / "register.xlsx", read_only=True)
    sheet = next(s for s in book.worksheets if s.title == "文件发放回收记录")
    rows = [[str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return recall, {row[0]: row[10] for row in rows if row[0].startswith("QP-03-A")}


def test_the_page_in_force_made_stale_by_a_document_is_not_superseded_by_the_waiting_page(
        issued: Path, tmp_path: Path) -> None:
    root = _member_released(issued, tmp_path)
    code, said = verdict(root, "issued/QP-03-A_0-001.docx")
    assert code == 1 and CHANGED in said and "已被" not in said, said
    recall, register = _records(root)
    assert recall["QP-03-A/0-001"] == CHANGED, recall
    assert register["QP-03-A/0-001"] == f"待回收（{CHANGED}）", register


def test_a_copy_of_the_waiting_page_made_stale_by_a_document_is_to_be_recalled_in_every_record(
        issued: Path, tmp_path: Path) -> None:
    root = _member_released(issued, tmp_path)
    recall, register = _records(root)
    assert recall["QP-03-A/1-001"] == CHANGED, recall
    assert register["QP-03-A/1-001"] == f"待回收（{CHANGED}）", register


def test_with_no_document_changed_the_page_in_force_stays_current_until_the_waiting_one(
        issued: Path, tmp_path: Path) -> None:
    """The quiet side: nothing released since the copies were made, the copy of A/0 is in force until 2027-01-01
    and the copy of A/1 waits; neither is to be recalled."""
    root = copied(issued, tmp_path)
    code, said = verdict(root, "issued/QP-03-A_0-001.docx")
    assert code == 0 and EFFECTIVE in said, said
    recall, register = _records(root)
    assert "QP-03-A/1-001" not in recall, recall
    assert register["QP-03-A/1-001"] == f"已发放（已批准，{EFFECTIVE} 起生效）", register
    assert "待回收" not in register["QP-03-A/0-001"], register


def test_the_built_manual_in_force_is_stale_by_its_document_not_by_the_waiting_page(issued: Path,
                                                                                    tmp_path: Path) -> None:
    root = _member_released(issued, tmp_path)
    built = root / "build" / "docx" / "manuals" / "in-force" / "QP-03-A-0.docx"
    code, said = verdict(root, built)
    assert code == 1 and f"（{MEMBER} A/0 → A/1）" in said and "QP-03 A/0 → A/1" not in said, said
    with today_is(EFFECTIVE):  # the quiet side: from the page's effective date its change is one too
        code, said = verdict(root, built)
    assert code == 1 and f"QP-03 A/0 → A/1、{MEMBER} A/0 → A/1" in said, said


def test_a_copy_of_the_page_in_force_is_the_manual_in_force_not_a_historical_one(issued: Path, tmp_path: Path) -> None:
    """`qmsdoc copy QP-03 --version A/0` while A/1 waits wrote the manual as it stood the day A/0 took effect, marked
    历史版本、非受控 — of the version in force, as a document's version in force is never called. It is the build's
    whole manual in force now; from A/1's effective date, A/0 is history again (the quiet side)."""
    root = copied(issued, tmp_path)
    done = run_cli("copy", "QP-03", "--version", "A/0", "--out", str(tmp_path / "now.docx"), cwd=root)
    assert done.returncode == 0 and f"现行版本，有效至 {EFFECTIVE}" in done.stdout, done
    built = root / "build" / "docx" / "manuals" / "in-force" / "QP-03-A-0.docx"
    assert (tmp_path / "now.docx").read_bytes() == built.read_bytes()
    with today_is(EFFECTIVE):
        done = run_cli("copy", "QP-03", "--version", "A/0", "--out", str(tmp_path / "then.docx"), cwd=root)
    assert done.returncode == 0 and "历史副本" in done.stdout and "现行版本" not in done.stdout, done
