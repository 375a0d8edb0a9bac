"""While an approved version of a document in a manual waits for its effective date, the whole-manual copy (Word and
PDF, as the build, `qmsdoc docx`/`pdf` and `qmsdoc issue MANUAL --in-force` make it) holds the version in force of
each member — the copy of it the build makes for the document alone, with the same notice — so staff handed the
manual work to what is in force. The manifest records what it holds, and `qmsdoc verify` answers it current until
the day the next version takes effect, out of date from then. `qmsdoc issue MANUAL` without `--in-force` issues the
manual as approved (each waiting document saying so on its face) and says so, as for a single document."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import committed_project, copied, release_later, run_cli
from pending_projects import (
    ADDED,
    APPROVED,
    EFFECTIVE,
    copies_of,
    english_waiting,
    pdf_text,
    verdict,
    waiting_copy,
    word_text,
)

LATER = "2027-02-01"
ADDED_LATER = "另一条新的规定。"
GAP = "\u3000"  # page.gap, between a copy's number, version and kind
pytestmark = pytest.mark.usefixtures("approval_day")


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project in git, nothing waiting."""
    return committed_project(tmp_path_factory.mktemp("committed"))


@pytest.fixture(scope="module")
def one_waiting(committed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """… then QP-03-04 (in manual QP-03) A/1 approved on 2026-12-06, effective 2027-01-01."""
    return waiting_copy(committed, tmp_path_factory.mktemp("one"), ("QP-03-04", EFFECTIVE, ADDED))


@pytest.fixture(scope="module")
def two_waiting(one_waiting: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """… and QP-03-02 A/1 approved the same day, effective 2027-02-01."""
    return waiting_copy(one_waiting, tmp_path_factory.mktemp("two"), ("QP-03-02", LATER, ADDED_LATER))


def _word_text(path: Path) -> str:
    """The Word copy's paragraphs, then each row of its header tables, the cells apart by GAP."""
    return word_text(path, GAP)


def _manual_copies(root: Path) -> tuple[str, str]:
    """The whole manual QP-03 as `qmsdoc docx` and `qmsdoc pdf` write it today: (Word text, PDF text)."""
    copies_of(root, "QP-03")
    return (_word_text(root / "build/docx/manuals/QP-03.docx"), pdf_text(root / "build/pdf/manuals/QP-03.pdf"))


def _manifest_entry(root: Path, path: str) -> dict[str, object]:
    entries = {e["path"]: e for e in json.loads((root / "build/manifest.json").read_text("utf-8"))["files"]}
    entry = entries[path]
    assert isinstance(entry, dict)
    return entry


# -- the copy ----------------------------------------------------------------------------------------------------

def test_the_manual_copy_holds_the_version_in_force_of_a_member_whose_successor_waits(one_waiting: Path,
                                                                                      tmp_path: Path) -> None:
    word, pdf = _manual_copies(copied(one_waiting, tmp_path))
    assert ADDED not in word and ADDED.rstrip("。") not in pdf  # A/0's text, from its release in git
    assert f"QP-03-04{GAP}A/0{GAP}程序文件" in word and f"QP-03-04{GAP}A/1" not in word
    notice = "本副本为现行版本 A/0：已批准的 A/1 自 2027-01-01 起生效"
    assert notice in word and notice.replace(" ", "") in pdf
    assert "在此之前不得据此执行" not in word and "在此之前不得据此执行" not in pdf  # no waiting version in it
    assert f"QP-03-01{GAP}A/1" in word  # the others as they are


def test_the_manual_copy_holds_each_member_at_its_version_in_force_on_the_day(two_waiting: Path, tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = copied(two_waiting, tmp_path)
    word, pdf = _manual_copies(root)
    for text in (word, pdf):
        assert ADDED.rstrip("。") not in text and ADDED_LATER.rstrip("。") not in text
    assert f"QP-03-04{GAP}A/0" in word and f"QP-03-02{GAP}A/0" in word
    monkeypatch.setenv("QMSDOC_TODAY", "2027-01-15")  # QP-03-04 A/1 in force, QP-03-02 A/1 still waiting
    word, pdf = _manual_copies(root)
    assert ADDED in word and ADDED_LATER not in word
    assert ADDED.rstrip("。") in pdf and ADDED_LATER.rstrip("。") not in pdf
    assert f"QP-03-04{GAP}A/1" in word and f"QP-03-02{GAP}A/0" in word
    assert "本副本为现行版本 A/0：已批准的 A/1 自 2027-02-01 起生效" in word


def test_with_nothing_waiting_the_manual_copy_holds_the_approved_versions(committed: Path, tmp_path: Path) -> None:
    word, pdf = _manual_copies(copied(committed, tmp_path))
    assert "本副本为现行版本" not in word and "本副本为现行版本" not in pdf
    assert f"QP-03-04{GAP}A/0{GAP}程序文件" in word


def test_from_the_effective_date_the_manual_copy_holds_the_new_version(one_waiting: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    word, pdf = _manual_copies(copied(one_waiting, tmp_path))
    assert ADDED in word and ADDED.rstrip("。") in pdf
    assert f"QP-03-04{GAP}A/1{GAP}程序文件" in word
    assert "本副本为现行版本" not in word and "已批准，自" not in word


# -- manifest and verify -----------------------------------------------------------------------------------------

def test_the_manifest_records_what_the_manual_copy_holds_and_verify_answers_it_current_until_then(
        one_waiting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copied(one_waiting, tmp_path)
    built = run_cli("build", "--pdf", cwd=root)
    assert built.returncode == 0, built
    for path in ("docx/manuals/QP-03.docx", "pdf/manuals/QP-03.pdf"):
        documents = _manifest_entry(root, path)["documents"]
        assert isinstance(documents, dict) and documents["QP-03-04"] == "A/0", documents
        code, text = verdict(root, f"build/{path}")
        assert code == 0 and "现行受控副本（至 2027-01-01 前）" in text and "QP-03-04 A/1" in text, text
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)  # A/1 in force: that copy no longer holds what is
    code, text = verdict(root, "build/docx/manuals/QP-03.docx")
    assert code != 0 and "QP-03-04 A/0 → A/1" in text, text


def test_with_nothing_waiting_verify_answers_the_manual_copy_current_without_a_day(committed: Path,
                                                                                   tmp_path: Path) -> None:
    root = copied(committed, tmp_path)
    assert run_cli("build", cwd=root).returncode == 0
    code, text = verdict(root, "build/docx/manuals/QP-03.docx")
    assert code == 0 and text.startswith("现行受控副本：整本手册 QP-03") and "至" not in text.split("：")[0], text


def test_a_build_without_the_version_in_force_in_git_records_the_waiting_one_and_verify_says_so(
        one_waiting: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", one_waiting.as_uri(), str(shallow)], check=True,
                   capture_output=True)
    built = run_cli("build", cwd=shallow)
    assert built.returncode == 0, built
    word = _word_text(shallow / "build/docx/manuals/QP-03.docx")
    assert ADDED in word and "在此之前不得据此执行" in word  # the approved version, saying so on its face
    documents = _manifest_entry(shallow, "docx/manuals/QP-03.docx")["documents"]
    assert isinstance(documents, dict) and documents["QP-03-04"] == "A/1"
    code, text = verdict(shallow, "build/docx/manuals/QP-03.docx")
    assert code != 0 and "尚未生效" in text and "QP-03-04 A/1" in text and "QP-03-04 A/0" in text, text


# -- issue -------------------------------------------------------------------------------------------------------

def test_issue_manual_in_force_issues_the_copy_in_force_until_then(one_waiting: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = copied(one_waiting, tmp_path)
    done = run_cli("issue", "QP-03", "--to", "客服部", "--in-force", cwd=root)
    assert done.returncode == 0, done
    assert "现行版本 QP-03-04 A/0，有效至 QP-03-04 A/1 于 2027-01-01 生效为止" in done.stdout
    assert "QP-03-04 A/0; QP-03-05" in (root / "distribution.yaml").read_text("utf-8")
    issued = "issued/QP-03-A_0-001.docx"
    assert ADDED not in _word_text(root / issued)
    code, text = verdict(root, issued)
    assert code == 0 and "现行受控副本（至 2027-01-01 前）" in text, text
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    code, text = verdict(root, issued)
    assert code != 0 and "QP-03-04 A/0 → A/1" in text, text
    monkeypatch.setenv("QMSDOC_TODAY", APPROVED)
    recall = run_cli("recall", "QP-03-A/0-001", cwd=root)  # still in force: its holder needs another until then
    assert recall.returncode == 0, recall
    assert "2027-01-01 新版本生效前仍应使用" in recall.stdout
    assert "qmsdoc issue QP-03 --in-force --to 客服部" in recall.stdout


def test_issue_manual_without_in_force_issues_it_as_approved_and_says_so(one_waiting: Path, tmp_path: Path) -> None:
    root = copied(one_waiting, tmp_path)
    done = run_cli("issue", "QP-03", "--to", "客服部", cwd=root)
    assert done.returncode == 0, done
    assert "QP-03-04 A/1 已批准、2027-01-01 起生效，尚未生效" in done.stdout
    assert "qmsdoc issue QP-03 --in-force" in done.stdout
    assert "QP-03-04 A/1; QP-03-05" in (root / "distribution.yaml").read_text("utf-8")
    issued = "issued/QP-03-A_0-001.docx"
    assert ADDED in _word_text(root / issued)
    code, text = verdict(root, issued)
    assert code != 0 and "已批准、尚未生效" in text and "2027-01-01" in text, text


def test_issue_manual_in_force_is_refused_and_issue_says_nothing_when_nothing_waits(committed: Path,
                                                                                    tmp_path: Path) -> None:
    root = copied(committed, tmp_path)
    refused = run_cli("issue", "QP-03", "--to", "客服部", "--in-force", cwd=root)
    assert refused.returncode != 0 and "--in-force 只用于" in refused.stdout + refused.stderr, refused
    done = run_cli("issue", "QP-03", "--to", "客服部", cwd=root)
    assert done.returncode == 0 and "尚未生效" not in done.stdout and "--in-force" not in done.stdout, done
    code, text = verdict(root, "issued/QP-03-A_0-001.docx")
    assert code == 0 and "至" not in text.split("：")[0], text


def test_an_english_manual_copy_holds_the_version_in_force_and_verify_says_so_in_english(tmp_path: Path) -> None:
    root = english_waiting(tmp_path, "QM-04", "One more requirement.")
    assert run_cli("build", cwd=root).returncode == 0
    word = _word_text(root / "build/docx/manuals/QM.docx")
    assert "One more requirement" not in word
    assert "This copy is of version A/0, the version in force: the approved A/1 takes effect on 2027-01-01" in word
    code, text = verdict(root, "build/docx/manuals/QM.docx")
    assert code == 0 and text.startswith("Current controlled copy (until 2027-01-01): the whole manual QM"), text
    issued = run_cli("issue", "QM", "--to", "Sales", cwd=root)
    assert issued.returncode == 0 and "Note: QM-04 A/1 is approved and takes effect on 2027-01-01" in issued.stdout


def test_a_manual_copy_issued_before_the_release_stays_in_use_until_the_effective_date(
        committed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copied(committed, tmp_path)
    assert run_cli("issue", "QP-03", "--to", "客服部", cwd=root).returncode == 0
    release_later(root, "QP-03-04", EFFECTIVE, ADDED)
    code, text = verdict(root, "issued/QP-03-A_0-001.docx")
    assert code == 0 and "现行受控副本（至 2027-01-01 前）" in text and "QP-03-04 A/1" in text, text
    from qmsdoc.core import check, load_config
    from qmsdoc.core.distribution import recall_list

    config = load_config(root)
    result = check(config)
    due = [(r.entry.number, r.due) for r in recall_list(result.context.distribution, result.corpus, config.today)]
    assert [(number, str(day)) for number, day in due] == [("QP-03-A/0-001", EFFECTIVE)]  # collected then, not yet
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    code, text = verdict(root, "issued/QP-03-A_0-001.docx")
    assert code != 0 and "QP-03-04 A/0 → A/1" in text, text
