"""While a manual's own index page, approved, waits for its effective date (`qmsdoc release QP-03 --effective …`),
the build writes beside the approved whole-manual copy the manual in force — the page's version before, from git,
with each document at its version in force — at manuals/in-force/<ID>-<version> (Word and PDF), listed in the
manifest, answered current by `verify` until the date and linked from the manual page's banner;
`qmsdoc issue MANUAL --in-force` issues it. `qmsdoc copy MANUAL --version NEW` is answered as approved and not yet in
force, as for a document. On and after the effective date, the new page is the manual in force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import committed_project, copied, run_cli
from pending_projects import EFFECTIVE, copies_of, english_waiting, pdf_text, verdict, waiting_copy, word_text

PAGE_LINE = "手册页新增的一段说明。"
IN_FORCE_DOCX, IN_FORCE_PDF = "manuals/in-force/QP-03-A-0.docx", "manuals/in-force/QP-03-A-0.pdf"
IN_FORCE_NOTICE = "本副本为现行版本 A/0：已批准的 A/1 自 2027-01-01 起生效"
PENDING_NOTICE = "本版本 A/1 已批准，自 2027-01-01 起生效，在此之前不得据此执行；在此之前现行版本为 A/0"
pytestmark = pytest.mark.usefixtures("approval_day")


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project in git, nothing waiting (QP-03's page at A/0, no 修订记录 of its own)."""
    return committed_project(tmp_path_factory.mktemp("committed"))


@pytest.fixture(scope="module")
def page_waiting(committed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """… then QP-03's index page A/1 approved on 2026-12-06, effective 2027-01-01."""
    return waiting_copy(committed, tmp_path_factory.mktemp("page"), ("QP-03", EFFECTIVE, PAGE_LINE))


# -- the copies --------------------------------------------------------------------------------------------------

def test_the_build_writes_the_whole_manual_in_force_beside_the_approved_one(page_waiting: Path,
                                                                           tmp_path: Path) -> None:
    root = copied(page_waiting, tmp_path)
    copies_of(root, "QP-03")
    word, pdf = word_text(root / "build/docx" / IN_FORCE_DOCX), pdf_text(root / "build/pdf" / IN_FORCE_PDF)
    assert PAGE_LINE not in word and PAGE_LINE.rstrip("。") not in pdf  # the page's A/0, from its release in git
    assert IN_FORCE_NOTICE in word and IN_FORCE_NOTICE.replace(" ", "") in pdf
    assert "适用范围" in word and "QP-03-04" in word  # the page's text and its documents
    approved = word_text(root / "build/docx/manuals/QP-03.docx")
    assert PAGE_LINE in approved and PENDING_NOTICE in approved  # the approved page says it is not yet in force
    assert PENDING_NOTICE.replace(" ", "") in pdf_text(root / "build/pdf/manuals/QP-03.pdf")


def test_with_nothing_waiting_no_manual_in_force_is_written_and_the_copy_says_nothing(committed: Path,
                                                                                     tmp_path: Path) -> None:
    root = copied(committed, tmp_path)
    copies_of(root, "QP-03")
    assert not (root / "build/docx/manuals/in-force").exists() and not (root / "build/pdf/manuals/in-force").exists()
    word = word_text(root / "build/docx/manuals/QP-03.docx")
    assert "本版本 A/0 已批准" not in word and "本副本为现行版本" not in word and "适用范围" in word


def test_from_the_effective_date_the_manual_copy_is_the_new_page_alone(page_waiting: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    root = copied(page_waiting, tmp_path)
    copies_of(root, "QP-03")
    assert not (root / "build/docx/manuals/in-force").exists()
    word = word_text(root / "build/docx/manuals/QP-03.docx")
    assert PAGE_LINE in word and "已批准，自" not in word and "本副本为现行版本" not in word


# -- manifest, verify, the site ----------------------------------------------------------------------------------

def test_the_manual_in_force_is_listed_answered_current_until_then_and_linked(page_waiting: Path, tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = copied(page_waiting, tmp_path)
    built = run_cli("build", "--pdf", cwd=root)
    assert built.returncode == 0, built
    entries = {e["path"]: e for e in json.loads((root / "build/manifest.json").read_text("utf-8"))["files"]}
    for path in (f"docx/{IN_FORCE_DOCX}", f"pdf/{IN_FORCE_PDF}", f"site/docx/{IN_FORCE_DOCX}"):
        entry = entries[path]
        assert (entry["id"], entry["version"], entry["in_force_until"]) == ("QP-03", "A/0", EFFECTIVE), entry
        assert isinstance(entry["documents"], dict) and entry["documents"]["QP-03-04"] == "A/0", entry
    for path in (f"build/docx/{IN_FORCE_DOCX}", f"build/pdf/{IN_FORCE_PDF}"):
        code, text = verdict(root, path)
        assert code == 0 and "现行受控副本（至 2027-01-01 前）" in text and "QP-03 A/1" in text, text
    code, text = verdict(root, "build/docx/manuals/QP-03.docx")  # the approved page: not yet, A/0 until then
    assert code == 1 and "尚未生效" in text and "此前现行版本：A/0" in text, text
    page = (root / "build/site/qp-service/index.html").read_text("utf-8")
    assert f'href="../docx/{IN_FORCE_DOCX}"' in page and f'href="../pdf/{IN_FORCE_PDF}"' in page
    assert "现行版本 A/0 受控副本" in page
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)  # the new page in force: that copy no longer is
    code, text = verdict(root, f"build/docx/{IN_FORCE_DOCX}")
    assert code == 1 and "QP-03 A/0 → A/1" in text, text


def test_with_nothing_waiting_the_manifest_and_the_page_name_no_manual_in_force(committed: Path,
                                                                              tmp_path: Path) -> None:
    root = copied(committed, tmp_path)
    assert run_cli("build", cwd=root).returncode == 0
    manifest = json.loads((root / "build/manifest.json").read_text("utf-8"))["files"]
    assert not [e for e in manifest if "in_force_until" in e]
    assert "in-force" not in (root / "build/site/qp-service/index.html").read_text("utf-8")


# -- copy --version and issue --in-force --------------------------------------------------------------------------

def test_copy_of_the_waiting_page_version_is_answered_as_approved_not_yet_in_force(page_waiting: Path,
                                                                                   tmp_path: Path) -> None:
    root = copied(page_waiting, tmp_path)
    out = tmp_path / "QP-03-A-1.docx"
    done = run_cli("copy", "QP-03", "--version", "A/1", "--out", str(out), cwd=root)
    assert done.returncode == 0, done
    assert "QP-03 A/1" in done.stdout and "已批准，2027-01-01 起生效" in done.stdout, done
    word = word_text(out)
    assert PAGE_LINE in word and PENDING_NOTICE in word and "历史版本" not in word


def test_copy_of_the_page_version_after_its_effective_date_is_the_manual_as_it_then_stood(
        page_waiting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    root = copied(page_waiting, tmp_path)
    out = tmp_path / "QP-03-A-1.docx"
    done = run_cli("copy", "QP-03", "--version", "A/1", "--out", str(out), cwd=root)
    assert done.returncode == 0 and "已批准" not in done.stdout and "历史副本" in done.stdout, done
    assert PAGE_LINE in word_text(out)


def test_issue_manual_in_force_issues_the_page_before_until_its_successor_takes_effect(
        page_waiting: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copied(page_waiting, tmp_path)
    done = run_cli("issue", "QP-03", "--to", "客服部", "--in-force", cwd=root)
    assert done.returncode == 0, done
    assert "现行版本 QP-03 A/0，有效至 QP-03 A/1 于 2027-01-01 生效为止" in done.stdout, done
    issued = "issued/QP-03-A_0-001.docx"
    assert PAGE_LINE not in word_text(root / issued)
    code, text = verdict(root, issued)
    assert code == 0 and "现行受控副本（至 2027-01-01 前）" in text, text
    monkeypatch.setenv("QMSDOC_TODAY", EFFECTIVE)
    code, text = verdict(root, issued)
    assert code == 1 and "A/1" in text, text


def test_issue_manual_without_in_force_names_the_page_in_force_until_then(page_waiting: Path, tmp_path: Path) -> None:
    root = copied(page_waiting, tmp_path)
    done = run_cli("issue", "QP-03", "--to", "客服部", cwd=root)
    assert done.returncode == 0, done
    assert "QP-03 A/1 已批准、2027-01-01 起生效" in done.stdout and "现行版本为 QP-03 A/0" in done.stdout, done
    assert PAGE_LINE in word_text(root / "issued/QP-03-A_1-001.docx")


def test_an_english_manual_in_force_says_so_in_english(tmp_path: Path) -> None:
    root = english_waiting(tmp_path, "QM", "A new paragraph of the manual page.")
    assert run_cli("docx", "QM", cwd=root).returncode == 0
    word = word_text(root / "build/docx/manuals/in-force/QM-A-0.docx")
    assert "A new paragraph" not in word
    assert "This copy is of version A/0, the version in force: the approved A/1 takes effect on 2027-01-01" in word
    copied = run_cli("copy", "QM", "--version", "A/1", "--out", str(tmp_path / "QM-A-1.docx"), cwd=root)
    assert copied.returncode == 0 and "Approved, in force from 2027-01-01" in copied.stdout, copied
