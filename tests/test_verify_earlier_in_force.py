"""`qmsdoc verify` of the copy in force a build made of a version while its approved successor waited for its
effective date (`in-force/QM-01-A-0`, saying under its title until when): once the successor is in force, the copy
is held against that version rebuilt with the same notice (verify/earlier.py), so a genuine one is told genuine and
an altered one never is."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import kept_while_waiting
from pending_projects import verdict

FIRST, APPROVED, EFFECTIVE, LATER = "2026-12-01", "2026-12-03", "2026-12-08", "2026-12-10"
COPIES = ("docx/documents/in-force/QM-01-A-0.docx", "pdf/documents/in-force/QM-01-A-0.pdf")


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, folder of QM-01 A/0's copies in force): A/0 released; A/1 approved to take effect later, built, the
    copies in force of A/0 kept; built again once A/1 is in force."""
    return kept_while_waiting(tmp_path_factory.mktemp("in-force"), "QM-01", {c: Path(c).name for c in COPIES},
                              (FIRST, APPROVED, EFFECTIVE, LATER))


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
