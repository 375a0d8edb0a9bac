"""`qmsdoc verify` of a copy the last build made before a successor was approved to take effect later (no rebuild
since): the build's own copy of the version still in force. It is no copy of the approved version, and it is this
build's file: verify names the version it is, until when it stays in force, and to rebuild for the copy that says so."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from browsers import chromium

from conftest import commit, initialised, office_profile, release_later, released_first, run_cli
from pending_projects import verdict

FILLED = "本程序规定文件的控制方法。"
LATER = "2026-12-20"


@pytest.fixture()
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new project (`qmsdoc init`) with its manual page, procedure and form released (A/0) and built."""
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    root = initialised(tmp_path, FILLED)
    released_first(root, "QM", "QM-01-F01", "QM-01")
    commit(root, "首次发布")
    assert run_cli("build", cwd=root).returncode == 0
    return root


def test_the_builds_copy_of_a_document_made_before_its_successor_was_approved_is_named_as_such(built: Path) -> None:
    release_later(built, "QM-01", LATER)  # A/1 approved, in force from LATER; not rebuilt
    code, text = verdict(built, built / "build/docx/documents/QM-01.docx")
    assert code == 1 and "A/0" in text and "A/1" in text and LATER in text
    assert "不是本次构建的副本" not in text  # it is: the build's manifest holds its bytes as QM-01 A/0
    assert "qmsdoc build" in text


def test_a_copy_of_the_version_in_force_the_build_does_not_hold_still_cannot_be_confirmed(built: Path,
                                                                                         tmp_path: Path) -> None:
    foreign = tmp_path / "QM-01.docx"  # the build's A/0 copy, rezipped: same claims, other bytes
    unpacked = tmp_path / "unpacked"
    shutil.unpack_archive(built / "build/docx/documents/QM-01.docx", unpacked, "zip")
    shutil.make_archive(str(tmp_path / "rezipped"), "zip", unpacked)
    shutil.move(tmp_path / "rezipped.zip", foreign)
    release_later(built, "QM-01", LATER)
    code, text = verdict(built, foreign)
    assert code == 1 and "A/0" in text and "不是本次构建的副本" in text


def test_the_builds_whole_manual_made_before_its_page_was_approved_is_not_called_the_approved_version(
        built: Path) -> None:
    release_later(built, "QM", LATER)  # the manual's index page A/1 approved, in force from LATER; not rebuilt
    for copy in ("build/docx/manuals/QM.docx", "build/site/qm/index.html"):
        code, text = verdict(built, built / copy)
        assert code == 1, copy
        assert "版本 A/0" in text and LATER in text, text  # it was: 「版本 A/1 … 此前现行版本：无」
        assert "版本 A/1 自" not in text and "无）" not in text, text


def test_the_rebuilt_whole_manual_in_force_and_the_approved_one_keep_their_answers(built: Path) -> None:
    release_later(built, "QM", LATER)
    assert run_cli("build", cwd=built).returncode == 0
    code, text = verdict(built, built / "build/docx/manuals/in-force/QM-A-0.docx")
    assert code == 0 and LATER in text  # the copy in force until the approved page takes effect
    code, text = verdict(built, built / "build/docx/manuals/QM.docx")
    assert code == 1 and "A/1" in text and LATER in text  # approved, not yet in force


def test_a_page_of_the_site_that_is_no_document_is_not_called_foreign(built: Path, tmp_path: Path) -> None:
    for page in ("build/site/history/QM-01/index.html", "build/site/register/index.html"):
        code, text = verdict(built, built / page)
        assert code == 1 and "不是本系统生成" not in text and "不是受控副本" in text, (page, text)
    foreign = tmp_path / "other.html"  # a page no build of this project made
    foreign.write_text("<html><body>供方资料</body></html>", "utf-8")
    code, text = verdict(built, foreign)
    assert code == 1 and "不是本系统生成" in text


def _issued(root: Path, *extra: str) -> Path:
    done = run_cli("issue", "QM-01", "--to", "质量部", *extra, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    commit(root, "发放")
    return max(root.joinpath("issued").iterdir(), key=lambda path: path.stat().st_mtime_ns)


def test_an_issued_word_copy_saved_as_pdf_is_a_conversion_not_a_forgery(built: Path, tmp_path: Path) -> None:
    issued = _issued(built)
    subprocess.run(["soffice", office_profile(tmp_path), "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path / "converted"), str(issued)], check=True, capture_output=True, timeout=180)
    converted = tmp_path / "converted" / f"{issued.stem}.pdf"
    code, text = verdict(built, converted)
    assert code == 1 and "伪造" not in text and "转换件" in text and "docx" in text, text
    # the 分发号 is read from its printed text, the document and version from the register: no claim of the file's
    assert f"页面文字印有分发号 {issued.stem.replace('_', '/')}" in text and "自称" not in text, text


def test_an_issued_copy_altered_in_its_own_format_is_still_called_modified_or_forged(built: Path,
                                                                                     tmp_path: Path) -> None:
    issued = _issued(built, "--format", "pdf")
    altered = tmp_path / issued.name
    altered.write_bytes(issued.read_bytes() + b"\n%altered\n")  # the same PDF, one comment more
    code, text = verdict(built, altered)
    assert code == 1 and "伪造" in text and "转换件" not in text and "页面文字印有" not in text, text


def _printed_page(page: Path, out: Path) -> Path:
    """`page` printed to PDF by Chromium, as a browser's print dialog does (the site's print header and mark)."""
    with chromium() as browser:
        tab = browser.new_page()
        tab.goto(page.as_uri())
        tab.pdf(path=str(out))
    return out


def test_a_page_of_the_site_printed_to_pdf_is_a_printout_of_that_version_not_a_foreign_file(built: Path,
                                                                                            tmp_path: Path) -> None:
    printout = _printed_page(built / "build/site/qm/QM-01/index.html", tmp_path / "printed.pdf")
    code, text = verdict(built, printout)
    assert code == 1 and "不是本系统生成" not in text and "打印" in text and "QM-01" in text and "A/0" in text, text
    assert "其页眉印有 QM-01" in text, text  # the version is what its running head prints, not a fact
    release_later(built, "QM-01", None)  # A/1 in force at once: the printout names it
    code, text = verdict(built, printout)
    assert code == 1 and "A/1" in text, text


def test_a_pdf_printed_of_a_page_no_build_made_is_still_foreign(built: Path, tmp_path: Path) -> None:
    page = tmp_path / "other.html"
    page.write_text("<html><body><p>文件编号 QM-01 版本 A/0</p></body></html>", "utf-8")  # no print mark
    code, text = verdict(built, _printed_page(page, tmp_path / "other.pdf"))
    assert code == 1 and "不是本系统生成" in text, text


def _drop_form(root: Path, effective: str | None) -> None:
    """QM-01 revised to list its form QM-01-F01 no more, released (in force at once, or from `effective`)."""
    assert run_cli("revise", "QM-01", "--by", "张三", cwd=root).returncode == 0
    draft = root / "revisions/manuals/qm/QM-01.md"
    draft.write_text(draft.read_text("utf-8").replace("- [[QM-01-F01]]\n", "- 无\n"), "utf-8")
    later = ("--effective", effective) if effective else ()
    done = run_cli("release", "QM-01", "--by", "总经理", "--reviewed-by", "经理", "--change", "不再使用表单", *later,
                   cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    commit(root, "QM-01 drops its form")


def test_a_form_the_owners_version_in_force_dropped_is_not_current(built: Path) -> None:
    issued = _issued_form(built)
    _drop_form(built, None)
    for copy in (built / "build/docx/forms/QM-01-F01.docx", built / "build/pdf/forms/QM-01-F01.pdf", issued):
        code, text = verdict(built, copy)
        assert code == 1 and "QD151" in text and "QM-01" in text, (copy, text)


def test_a_form_the_owners_waiting_version_drops_stays_current_until_that_day(built: Path) -> None:
    issued = _issued_form(built)
    _drop_form(built, LATER)  # the version in force lists it until LATER
    for copy in (built / "build/docx/forms/QM-01-F01.docx", issued):
        code, text = verdict(built, copy)
        assert code == 0 and "QD151" not in text, (copy, text)


def _issued_form(root: Path) -> Path:
    done = run_cli("issue", "QM-01-F01", "--to", "质量部", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    commit(root, "发放表单")
    return max(root.joinpath("issued").iterdir(), key=lambda path: path.stat().st_mtime_ns)
