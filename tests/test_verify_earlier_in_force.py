"""`qmsdoc verify` of the copy in force a build made of a version while its approved successor waited for its
effective date (`in-force/QM-01-A-0`, saying under its title until when): once the successor is in force, the copy
is held against that version rebuilt with the same notice (verify/earlier.py), so a genuine one is told genuine and
an altered one never is."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import commit, initialised, release_later, released_first, run_cli
from pending_projects import verdict

FIRST, APPROVED, EFFECTIVE, LATER = "2026-12-01", "2026-12-03", "2026-12-08", "2026-12-10"
COPIES = ("docx/documents/in-force/QM-01-A-0.docx", "pdf/documents/in-force/QM-01-A-0.pdf")


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, folder of QM-01 A/0's copies in force): A/0 released; A/1 approved to take effect later, built, the
    copies in force of A/0 kept; built again once A/1 is in force."""
    base = tmp_path_factory.mktemp("in-force")
    root, keep = base / "qms", base / "kept"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QMSDOC_TODAY", FIRST)
        initialised(base, "本程序规定文件的控制方法。")
        released_first(root, "QM", "QM-01-F01", "QM-01")
        commit(root, "首次发布")
        patch.setenv("QMSDOC_TODAY", APPROVED)
        release_later(root, "QM-01", EFFECTIVE)
        assert run_cli("build", cwd=root).returncode == 0
        keep.mkdir()
        for copy in COPIES:
            shutil.copy(root / "build" / copy, keep / Path(copy).name)
        patch.setenv("QMSDOC_TODAY", LATER)
        assert run_cli("build", cwd=root).returncode == 0
    return root, keep


def _verdict(root: Path, path: Path) -> tuple[int, str]:
    return verdict(root, path, on=LATER)


@pytest.mark.parametrize("name", [Path(copy).name for copy in COPIES])
def test_a_genuine_copy_in_force_of_a_version_since_replaced_is_told_genuine(kept: tuple[Path, Path],
                                                                            name: str) -> None:
    root, keep = kept
    assert not (root / "build" / next(c for c in COPIES if c.endswith(name))).exists()  # no copy in force now
    code, text = _verdict(root, keep / name)
    assert code == 1, text  # never the copy in force
    assert "真实副本" in text and "版本 A/0" in text and "A/1" in text and EFFECTIVE in text, text


def test_an_altered_copy_in_force_of_a_version_since_replaced_is_not_called_genuine(kept: tuple[Path, Path],
                                                                                   tmp_path: Path) -> None:
    """Its Word copy with the day of its notice changed, and its PDF with bytes appended."""
    root, keep = kept
    altered = tmp_path / "QM-01-A-0.docx"
    with zipfile.ZipFile(keep / altered.name) as old, zipfile.ZipFile(altered, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "word/document.xml":
                assert EFFECTIVE.encode() in data
                data = data.replace(EFFECTIVE.encode(), LATER.encode())
            new.writestr(info, data)
    pdf = tmp_path / "QM-01-A-0.pdf"
    pdf.write_bytes((keep / pdf.name).read_bytes() + b"\n% appended\n")
    for copy in (altered, pdf):
        code, text = _verdict(root, copy)
        assert code == 1 and "A/0" in text, text
        assert "真实" not in text and "无法确认其内容" in text, text
