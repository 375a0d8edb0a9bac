"""A blank form too tall for one page continues onto a second, and the signature rows never stand alone there:
the last rows of the table before them (formlayout.SIGNATURES_KEEP_ROWS) go with them, under the column heads
again, in the PDF copy and in the Word copy as a real LibreOffice prints it. Read back with poppler."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from qmsdoc.cli import main
from qmsdoc.core import formlayout

from conftest import Project, office_profile
from sitebuild import export_docx

# Landscape forms whose handwriting rows (never shrunk) need more than one A4 page.
TALL = ("XZBZ-01-F01", "QP-02-02-F003", "LYWG_QR-046", "DY_AQ-QR-002")
SIGNATURES = {"XZBZ-01-F01": "编制（项目经理）", "QP-02-02-F003": "填表人", "LYWG_QR-046": "办公室主任",
              "DY_AQ-QR-002": "安全队长检查"}
HEADS = {"XZBZ-01-F01": "序号", "QP-02-02-F003": "序号", "LYWG_QR-046": "使用时段", "DY_AQ-QR-002": "来访人姓名"}


def _page(pdf: Path, number: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _signatures_keep_company(pdf: Path, code: str) -> None:
    assert _pages(pdf) == 2, code
    second = _page(pdf, 2)
    assert SIGNATURES[code] in second, code  # the signatures are on the last page...
    assert HEADS[code] in second, code  # ...under the repeated column heads of the rows that went with them
    assert SIGNATURES[code] not in _page(pdf, 1), code


def test_tall_forms_pdf_keep_their_last_rows_with_the_signatures(project: Project) -> None:
    assert main(["build", str(project.root), "--only", "pdf"]) == 0
    for code in TALL:
        _signatures_keep_company(project.root / "build" / "pdf" / "forms" / f"{code}.pdf", code)


def test_word_form_keeps_its_last_rows_with_the_signatures_and_repeats_its_heads(project: Project) -> None:
    out = export_docx(project, only=["XZBZ-01-F01"])
    read = docx.Document(io.BytesIO((out / "forms" / "XZBZ-01-F01.docx").read_bytes()))
    fields, table, sign = read.tables
    rows = table._tbl.tr_lst
    kept = formlayout.SIGNATURES_KEEP_ROWS
    assert rows[0].xpath("./w:trPr/w:tblHeader")
    assert all(row.xpath("./w:trPr/w:cantSplit") for row in rows)

    def keeps(row: object) -> bool:
        return all(p.xpath("./w:pPr/w:keepNext") for p in row.xpath(".//w:p"))  # type: ignore[attr-defined]

    # the heads keep with the first row (never alone at a page's foot), the last rows with the signatures
    assert [keeps(row) for row in rows] == [True] + [False] * (len(rows) - kept - 1) + [True] * kept
    assert [keeps(row) for row in sign._tbl.tr_lst] == [True, True, False]
    assert not any(keeps(row) for row in fields._tbl.tr_lst)


@pytest.mark.office
def test_tall_forms_word_as_libreoffice_prints_them(project: Project, tmp_path: Path) -> None:
    assert shutil.which("soffice"), "run the README test command to install them"
    out = export_docx(project)
    result = subprocess.run(
        ["soffice", office_profile(tmp_path), "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *[str(out / "forms" / f"{code}.docx") for code in TALL]],
        capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    for code in TALL:
        _signatures_keep_company(tmp_path / "pdf" / f"{code}.pdf", code)
