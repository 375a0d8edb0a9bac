"""A release's sign-in sheet is one printed page in every language for a usual document: its 20 rows, the note
under them and the footer. The English sheet ran to two pages where the Chinese fitted one — its labels
(「Owner department」, 「To be read by」) and dates wrapped in columns sized for 文件编号 and pushed the last rows and
the note over — measured as LibreOffice prints the Word file (PDF, pdfinfo)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from qmsdoc.core import i18n
from qmsdoc.core.copyjobs import SigninJob
from qmsdoc.core.copyplan import CopyPlan
from qmsdoc.word.export import write_files

from conftest import office_profile

# A usual release: the English example's document control procedure, read by three departments, a change of a
# sentence; and the shipped project's 催收工作规程, in each language's own words.
JOBS = {
    "en": SigninJob(id="QM-02", title="Control of Documented Information", version="A/1",
                    organisation="Northwind Instruments Ltd.", department="Quality Department",
                    change="Replaces the 2019 document control procedure; adds numbered copies and recall",
                    released="2026-08-25", due="2026-09-08",
                    departments=("Quality Department", "Production", "Customer Service"), approval_date=None),
    "zh-CN": SigninJob(id="QP-03-02", title="催收工作规程", version="A/1", organisation="示例物业服务有限公司",
                       department="客服部", change="明确滞纳金的计算方法和足额收取的要求", released="2026-06-10",
                       due="2026-06-24", departments=("客服部", "管家服务中心", "工程部", "品质部"),
                       approval_date=None),
}
JOBS["zh-TW"] = JOBS["zh-CN"]


def _printed_pages(code: str, tmp_path: Path) -> int:
    assert shutil.which("soffice") and shutil.which("pdfinfo"), "run the README test command to install them"
    with i18n.using(code):
        write_files(CopyPlan(signins=[JOBS[code]]), tmp_path / "docx", workers=1)
    sheet = next((tmp_path / "docx").rglob("*.docx"))
    result = subprocess.run(["soffice", office_profile(tmp_path), "--headless", "--convert-to", "pdf", "--outdir",
                             str(tmp_path / "pdf"), str(sheet)], capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    info = subprocess.run(["pdfinfo", str(tmp_path / "pdf" / f"{sheet.stem}.pdf")], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.office
def test_the_english_sheet_prints_on_one_page(tmp_path: Path) -> None:
    assert _printed_pages("en", tmp_path) == 1


@pytest.mark.office
@pytest.mark.parametrize("code", ["zh-CN", "zh-TW"])
def test_the_chinese_sheet_still_prints_on_one_page(code: str, tmp_path: Path) -> None:
    assert _printed_pages(code, tmp_path) == 1
