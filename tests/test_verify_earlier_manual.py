"""`qmsdoc verify` of a whole-manual copy an earlier build made (build/docx/manuals/QM.docx of a past day): the
manifest holds only the last build's, so it is held against the manual as a build of each past day made it, rebuilt
from git (verify/manualearlier.py) — a genuine one is told genuine and not in force, an altered one never is."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import commit, initialised, kept_while_waiting, release_later, released_first, run_cli
from pending_projects import verdict

FIRST, APPROVED, EFFECTIVE, LATER = "2026-12-01", "2026-12-03", "2026-12-08", "2026-12-10"
COPIES = ("docx/manuals/QM.docx", "pdf/manuals/QM.pdf")


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, folder of its whole-manual copies of past days): QM with QM-01 A/0 built on FIRST (`first-QM.*`);
    QM-01 A/1 approved to take effect on EFFECTIVE, built on APPROVED (`waiting-QM.docx`: QM-01 A/0 in force, saying
    until when); built again on LATER, QM-01 A/1 in force. The manual's index page stays at A/0 throughout."""
    base = tmp_path_factory.mktemp("manual")
    root, keep = base / "qms", base / "kept"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", FIRST)
        initialised(base, "本程序规定文件的控制方法。")
        released_first(root, "QM", "QM-01-F01", "QM-01")
        commit(root, "首次发布")
        assert run_cli("build", cwd=root).returncode == 0
        keep.mkdir()
        for copy in COPIES:
            shutil.copy(root / "build" / copy, keep / f"first-{Path(copy).name}")
        patch.setenv("QMSDOC_TODAY", APPROVED)
        release_later(root, "QM-01", EFFECTIVE)
        assert run_cli("build", cwd=root).returncode == 0
        shutil.copy(root / "build" / COPIES[0], keep / "waiting-QM.docx")
        patch.setenv("QMSDOC_TODAY", LATER)
        assert run_cli("build", cwd=root).returncode == 0
    return root, keep


def _verdict(root: Path, path: Path) -> tuple[int, str]:
    return verdict(root, path, on=LATER)


@pytest.mark.parametrize(("name", "day"), [("first-QM.docx", FIRST), ("first-QM.pdf", FIRST),
                                           ("waiting-QM.docx", APPROVED)])
def test_a_genuine_whole_manual_copy_of_an_earlier_build_is_told_genuine(kept: tuple[Path, Path], name: str,
                                                                        day: str) -> None:
    root, keep = kept
    assert (keep / name).read_bytes() != (root / "build" / next(c for c in COPIES if c.endswith(name[-4:])
                                                                 )).read_bytes()
    code, text = _verdict(root, keep / name)
    assert code == 1, text  # never the copy in force
    assert "真实副本" in text and "QM" in text and "A/0" in text and day in text, text


def test_an_altered_whole_manual_copy_of_an_earlier_build_is_not_called_genuine(kept: tuple[Path, Path],
                                                                               tmp_path: Path) -> None:
    """The first Word copy with a word of QM-01's text changed, and its PDF with bytes appended."""
    root, keep = kept
    altered = tmp_path / "QM.docx"
    with zipfile.ZipFile(keep / "first-QM.docx") as old, zipfile.ZipFile(altered, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "word/document.xml":
                assert "文件的控制方法".encode() in data
                data = data.replace("文件的控制方法".encode(), "文件的管理方法".encode())
            new.writestr(info, data)
    pdf = tmp_path / "QM.pdf"
    pdf.write_bytes((keep / "first-QM.pdf").read_bytes() + b"\n% appended\n")
    for copy in (altered, pdf):
        code, text = _verdict(root, copy)
        assert code == 1 and "QM" in text, text
        assert "真实" not in text and "不一致" in text, text


@pytest.fixture(scope="module")
def page_waited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, folder of its whole-manual Word copies of a past day): QM's index page A/1 approved on APPROVED to
    take effect on EFFECTIVE, built on APPROVED — `waiting-QM.docx` (A/1, saying it waits until EFFECTIVE) and
    `in-force-QM.docx` (A/0, saying it is in force until then); built again on LATER, A/1 in force."""
    return kept_while_waiting(tmp_path_factory.mktemp("page"), "QM", {
        "docx/manuals/QM.docx": "waiting-QM.docx", "docx/manuals/in-force/QM-A-0.docx": "in-force-QM.docx"},
        (FIRST, APPROVED, EFFECTIVE, LATER))


@pytest.mark.parametrize(("name", "version"), [("waiting-QM.docx", "A/1"), ("in-force-QM.docx", "A/0")])
def test_a_whole_manual_copy_built_while_its_index_page_waited_is_told_genuine(page_waited: tuple[Path, Path],
                                                                              name: str, version: str) -> None:
    """Both copies a build writes while the approved index page waits bear a notice on their face (copyplan.py
    `manual_page_notice`, `in_force_manual_job`): rebuilt with it, each is the copy that build made."""
    root, keep = page_waited
    code, text = _verdict(root, keep / name)
    assert code == 1, text  # neither is the copy in force on LATER
    assert "真实副本" in text and f"首页版本 {version}" in text and APPROVED in text, text


def test_a_copy_built_while_its_index_page_waited_with_its_notice_struck_is_not_genuine(
        page_waited: tuple[Path, Path], tmp_path: Path) -> None:
    """The copy in force with the sentence saying until when struck out: it matches no copy a build made."""
    root, keep = page_waited
    altered = tmp_path / "QM.docx"
    with zipfile.ZipFile(keep / "in-force-QM.docx") as old, zipfile.ZipFile(altered, "w",
                                                                           zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "word/document.xml":
                assert "起本副本作废".encode() in data
                data = data.replace("起本副本作废".encode(), "起仍可使用".encode())
            new.writestr(info, data)
    code, text = _verdict(root, altered)
    assert code == 1 and "真实" not in text and "不一致" in text, text
