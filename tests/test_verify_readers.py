"""`verify` reads a Word copy's core properties through one reader (verify/verdict.py `_core_properties`): what
names the document and version (`identify`), the day (`copy_date`) and the organisation (`copy_organisation`)
come from the same bounded read."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from qmsdoc.verify import verdict
from qmsdoc.verify.copies import Printed

CORE = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject>{subject}</dc:subject>'
        '<cp:keywords>{keywords}</cp:keywords></cp:coreProperties>')


def _docx(path: Path, subject: str, keywords: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("docProps/core.xml", CORE.format(subject=subject, keywords=keywords))
    return path


def test_identify_reads_a_word_copy_through_the_one_core_properties_reader(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _docx(tmp_path / "QM-01.docx", "QM-01", "A/0")
    read: list[Path] = []

    def reader(path: Path) -> ElementTree.Element | None:
        read.append(path)
        return ElementTree.fromstring(CORE.format(subject="QM-09", keywords="B/2"))

    monkeypatch.setattr(verdict, "_core_properties", reader)
    assert verdict.identify(Printed(copy)) == ("QM-09", "B/2") and read == [copy]


def test_identify_gives_what_the_properties_name_and_nothing_for_an_unreadable_copy(tmp_path: Path) -> None:
    assert verdict.identify(Printed(_docx(tmp_path / "QM-01.docx", "QM-01", "A/0"))) == ("QM-01", "A/0")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip archive")
    assert verdict.identify(Printed(broken)) == (None, None)
