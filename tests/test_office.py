"""Real LibreOffice: the Word outputs convert to PDF without error; first pages kept as PNG artifacts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Project, office_profile
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
        ["soffice", office_profile(tmp_path), "--headless", "--convert-to", "pdf",
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


def test_libreoffice_reads_and_prints_the_register_workbook(project: Project, tmp_path: Path) -> None:
    """register.xlsx (written as SpreadsheetML by qmsdoc itself) opened by a real spreadsheet program: every
    cell as register.csv has it, formula-like text kept as text, dates as dates, printed landscape with the
    header row on every page."""
    import csv
    import datetime as dt

    from qmsdoc.core import check, load_config
    from qmsdoc.records.register import HEADERS, WIDTHS, register_rows, write_registers
    from qmsdoc.records.xlsx import Sheet, to_xlsx

    formula = '=HYPERLINK("http://x")'
    project.replace("manuals/qp-hr/QP-02-03.md", "title: 员工离职管理工作规程", f"title: '{formula}'")
    result = check(load_config(project.root))
    out = tmp_path / "records"
    out.mkdir()
    write_registers(result.corpus, project.root, out, dt.date(2026, 3, 1))
    profile = office_profile(tmp_path)
    utf8_csv = "csv:Text - txt - csv (StarCalc):44,34,76"
    converted = subprocess.run(["soffice", profile, "--headless", "--convert-to", utf8_csv,
                                "--outdir", str(tmp_path / "csv"), str(out / "register.xlsx")],
                               capture_output=True, text=True, timeout=240)
    assert converted.returncode == 0, converted.stderr
    with (tmp_path / "csv" / "register.csv").open(encoding="utf-8") as handle:
        seen = list(csv.reader(handle))
    with (out / "register.csv").open(encoding="utf-8-sig") as handle:
        written = [[cell.removeprefix("\u200b") for cell in row] for row in csv.reader(handle)]
    assert len(seen) > 40 and seen == written
    assert next(r for r in seen if r[0] == "QP-02-03")[1] == formula  # shown as text, never evaluated

    # Printed: a register of several pages, each landscape and headed by the header row.
    rows = register_rows(result.corpus, project.root, out / "docx", dt.date(2026, 3, 1)) * 6
    long_sheet = Sheet("受控文件清单", HEADERS, rows, WIDTHS, dates=(6, 10), printed=11)
    (tmp_path / "long.xlsx").write_bytes(to_xlsx([long_sheet], dt.date(2026, 3, 1)))
    printed = subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf",
                              "--outdir", str(tmp_path / "pdf"), str(tmp_path / "long.xlsx")],
                             capture_output=True, text=True, timeout=240)
    assert printed.returncode == 0, printed.stderr
    pdf = tmp_path / "pdf" / "long.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
    assert width > height  # landscape
    pages = [page for page in subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                             check=True).stdout.split("\f") if page.strip()]
    assert len(pages) >= 3 and all("文件编号" in page and "下次评审日期" in page for page in pages)
    assert "源文件 SHA-256" not in "".join(pages)  # on screen, not on paper
    # No text cut off by the next column: every 编制/审核/批准 cell is printed whole.
    assert {row[7] for row in rows if row[7]} <= {cell.strip() for page in pages for cell in re.split(r"\s{2,}", page)}
    assert all(code in "".join(pages) for code in ("QP-02-03", "ZWFW-001", "DY/AQ-015"))
