"""The CSV registers opened by a real spreadsheet program (LibreOffice): a cell written to look like a formula is
shown as the text written, never run — read by a `,` reader and by a `;` reader (Excel where the list separator is
`;`), in a Chinese and an English project. OWASP's leading quote, which qmsdoc wrote, is hidden by Excel only:
LibreOffice showed `'=HYPERLINK(…)`, and a `,` reader of a title `离职;=1+1;x` saw `离职;'=1+1;x` in every program."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
from pathlib import Path

import pytest

from qmsdoc.core import check, load_config

from conftest import Project, configure, office_profile

pytestmark = pytest.mark.office

DOC = "manuals/qp-hr/QP-02-03.md"
FORM = "controlled_forms/QP-02-03-F001.yaml"
HYPERLINK = '=HYPERLINK("http://x","y")'
SPLIT = "离职;=1+1;x"
GUARD = "\u200b"


def _cells(project: Project, tmp_path: Path, separator: int) -> list[str]:
    """register.csv's cells as LibreOffice shows them when it splits at `separator` (44 `,`, 59 `;`)."""
    from qmsdoc.records.register import write_registers

    out = tmp_path / f"records{separator}"
    out.mkdir()
    write_registers(check(load_config(project.root)).corpus, project.root, out, dt.date(2026, 3, 1))
    reading = f"--infilter=CSV:{separator},34,76,1"  # the separator, `"` quotes, UTF-8, from the first line
    command = ["soffice", office_profile(tmp_path), "--headless", reading, "--convert-to", "html:HTML (StarCalc)",
               "--outdir", str(out / "html"), str(out / "register.csv")]
    converted = subprocess.run(command, capture_output=True, text=True, timeout=240)
    assert converted.returncode == 0, converted.stderr
    page = (out / "html" / "register.html").read_text("utf-8")
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_formula_like_cells_read_as_written_and_never_run(project: Project, tmp_path: Path, language: str) -> None:
    configure(project, language=language)
    project.replace(DOC, "title: 员工离职管理工作规程", "title: '" + HYPERLINK.replace("'", "''") + "'")
    project.replace(DOC, "department: 管家服务中心", "department: '@SUM(1+1)'")
    project.replace(FORM, "title: 员工离职申请表", f"title: '{SPLIT}'")
    comma = [cell.replace(GUARD, "") for cell in _cells(project, tmp_path, 44)]
    assert HYPERLINK in comma and "@SUM(1+1)" in comma and SPLIT in comma, comma[:60]  # as written, no quote
    assert "y" not in comma and not [c for c in comma if c.startswith(("Err:", "#"))]  # nothing evaluated
    semicolon = _cells(project, tmp_path, 59)
    assert f"{GUARD}=1+1" in semicolon and "2" not in semicolon, semicolon  # the cell a `;` reader sees: text
    assert not [c for c in semicolon if c.startswith(("Err:", "#"))], semicolon


def test_a_plain_cell_is_written_as_it_is(project: Project, tmp_path: Path) -> None:
    """The quiet side: a title with a `;` before plain text, and every ordinary cell, carry no guard."""
    project.replace(DOC, "title: 员工离职管理工作规程", "title: '员工离职;管理工作规程'")
    cells = _cells(project, tmp_path, 44)
    assert "员工离职;管理工作规程" in cells and not [c for c in cells if GUARD in c], cells[:40]
