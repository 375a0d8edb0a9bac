"""`qmsdoc verify` of a Word or PDF copy an earlier build made of a version since superseded: the manifest holds
only the last build's copies, so such a copy is held against that version rebuilt from git, byte for byte
(verify/earlier.py). A genuine one is said to be genuine and for reference only; a file whose bytes differ is never
called genuine, whatever it claims."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import commit, initialised, release_later, released_first, run_cli
from pending_projects import verdict

FIRST, LATER = "2026-12-01", "2026-12-05"
COPIES = ("docx/documents/QM-01.docx", "pdf/documents/QM-01.pdf")


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, folder of its A/0 copies): a new project with QM-01 A/0 built and its Word and PDF copies kept;
    then QM-01 A/1 released (in force at once) and the manual's index page A/1 too (another document's change),
    and built again."""
    base = tmp_path_factory.mktemp("earlier")
    root, keep = base / "qms", base / "kept"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", FIRST)
        initialised(base, "本程序规定文件的控制方法。")
        released_first(root, "QM", "QM-01-F01", "QM-01")
        commit(root, "首次发布")
        assert run_cli("build", cwd=root).returncode == 0
        keep.mkdir()
        for copy in COPIES:
            shutil.copy(root / "build" / copy, keep / Path(copy).name)
        patch.setenv("QMSDOC_TODAY", LATER)
        release_later(root, "QM-01", None)
        release_later(root, "QM", None)
        assert run_cli("build", cwd=root).returncode == 0
    return root, keep


def _verdict(root: Path, path: Path) -> tuple[int, str]:
    return verdict(root, path, on=LATER)


@pytest.mark.parametrize("name", [Path(copy).name for copy in COPIES])
def test_a_genuine_copy_of_an_earlier_version_from_an_earlier_build_is_told_genuine(kept: tuple[Path, Path],
                                                                                   name: str) -> None:
    root, keep = kept
    assert (keep / name).read_bytes() != (root / "build" / next(c for c in COPIES if c.endswith(name))).read_bytes()
    code, text = _verdict(root, keep / name)
    assert code == 1, text  # never the copy in force
    assert "真实副本" in text and "仅供查阅" in text, text
    assert "版本 A/0" in text and "A/1" in text and LATER in text, text


def _altered_docx(source: Path, out: Path) -> Path:
    """`source` with one word of its body changed, every other part as it was: the same claims, other bytes."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "word/document.xml":
                assert "文件的控制方法".encode() in data
                data = data.replace("文件的控制方法".encode(), "文件的管理方法".encode())
            new.writestr(info, data)
    return out


def _altered(keep: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The kept A/0 Word copy with a word changed, and its PDF copy with bytes appended (still read as A/0)."""
    pdf = tmp_path / "QM-01.pdf"
    pdf.write_bytes((keep / "QM-01.pdf").read_bytes() + b"\n% appended\n")
    return _altered_docx(keep / "QM-01.docx", tmp_path / "QM-01.docx"), pdf


def test_an_altered_copy_of_an_earlier_version_is_still_not_called_genuine(kept: tuple[Path, Path],
                                                                          tmp_path: Path) -> None:
    root, keep = kept
    for copy in _altered(keep, tmp_path):
        code, text = _verdict(root, copy)
        assert code == 1 and "A/0" in text and "A/1" in text, text
        assert "真实" not in text and "仅供查阅" not in text, text


def test_an_altered_copy_of_an_earlier_version_is_said_to_match_no_rebuilt_copy(kept: tuple[Path, Path],
                                                                               tmp_path: Path) -> None:
    root, keep = kept
    for copy in _altered(keep, tmp_path):
        code, text = _verdict(root, copy)
        assert code == 1 and "旧版本" in text and "不一致" in text and "无法确认其内容" in text, text
