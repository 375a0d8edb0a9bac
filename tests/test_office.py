"""Real LibreOffice: the Word outputs convert to PDF without error; first pages kept as PNG artifacts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Project
from sitebuild import export_docx as export

pytestmark = pytest.mark.office

SAMPLES = ("documents/QP-02-03.docx", "forms/QP-02-02-F002.docx", "manuals/QP-02.docx")


def _pdf_text(pdf: Path, first: int = 1, last: int = 1) -> str:
    return subprocess.run(["pdftotext", "-f", str(first), "-l", str(last), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_libreoffice_converts_samples_and_first_pages_render(project: Project, tmp_path: Path,
                                                             artifacts: Path) -> None:
    assert shutil.which("soffice") and shutil.which("pdftoppm"), "run the README test command to install them"
    out = export(project)
    pdf_dir = tmp_path / "pdf"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(pdf_dir), *[str(out / s) for s in SAMPLES]],
        capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    for sample in SAMPLES:
        pdf = pdf_dir / (Path(sample).stem + ".pdf")
        assert pdf.stat().st_size > 5000, sample
        png = artifacts / f"word-{Path(sample).stem}"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)],
                       check=True)
        assert png.with_suffix(".png").stat().st_size > 10_000
    document = _pdf_text(pdf_dir / "QP-02-03.pdf")
    assert "员工离职管理工作规程" in document and "QP-02-03" in document and "1.0 目的" in document
    assert re.search(r"第\s*1\s*页\s*共\s*[1-9]\d*\s*页", document)  # PAGE/NUMPAGES evaluated by a real renderer
    assert "受控状态：受控" in document
    form = _pdf_text(pdf_dir / "QP-02-02-F002.pdf")
    assert "物品领用清单" in form and "领用人签名" in form
    manual = _pdf_text(pdf_dir / "QP-02.pdf", 1, 3)  # cover, index page, 目录
    assert "管家服务中心人事工作规程" in manual and "QP-02-01" in manual
    _manual_contents_point_at_member_pages(pdf_dir / "QP-02.pdf")


def _manual_contents_point_at_member_pages(pdf: Path) -> None:
    """LibreOffice, which never updates a TOC field, prints the 目录 page numbers (PAGEREF fields), and
    the page each names carries that document's own 文件编号 in its header."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    contents = next(page for page in pages if re.search(r"目\s*录", page))
    entries = re.findall(r"(QP-02-0\d)\s+\S+?\.{3,}\s*(\d+)", contents)
    assert [code for code, _ in entries] == ["QP-02-01", "QP-02-02", "QP-02-03"], contents
    for code, number in entries:
        header = re.sub(r"\s+", "", pages[int(number) - 1])
        assert f"文件编号{code}" in header and f"第{number}页" in header, (code, number)
    assert "受控号" not in re.sub(r"\s+", "", pages[0]) and re.search(r"分\s*发\s*号", pages[0])
