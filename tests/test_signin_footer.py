"""The footer of a printed sign-in sheet named a file no build writes — `--from-sheet signin.xlsx` (签到表.xlsx,
簽到表.xlsx) — while the sheet itself is written as a Word file (docx/signin/QP-03-02.docx) and --from-sheet reads
the rows typed from it into an .xlsx or CSV file. Each file the footer names must be one the build wrote."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from qmsdoc.core import i18n
from qmsdoc.core.copyjobs import SigninJob
from qmsdoc.core.copyplan import CopyPlan
from qmsdoc.word.export import write_files

# A file's name as a footer would write one: letters (CJK too), digits, / . - before an extension.
NAMED_FILE = re.compile(r"[\w/.-]*\w\.(?:xlsx|xls|docx|pdf|csv)\b", re.IGNORECASE)


def _written_sheet(build: Path) -> tuple[list[str], str]:
    """The build-relative files the Word export wrote for one sheet, and its footer's text."""
    job = SigninJob(id="QP-03-02", title="催收工作规程", version="A/1", organisation="示例物业", department="客服部",
                    change="明确足额收取", released="2026-06-10", due="2026-06-24", departments=("客服部",),
                    approval_date=None)
    write_files(CopyPlan(signins=[job]), build / "docx", workers=1)
    written = sorted(p.relative_to(build).as_posix() for p in build.rglob("*.docx"))
    with zipfile.ZipFile(build / written[0]) as book:
        footers = [book.read(name).decode("utf-8") for name in book.namelist() if name.startswith("word/footer")]
    return written, "".join(re.sub(r"<[^>]+>", "", xml) for xml in footers)


@pytest.mark.parametrize("code", sorted(i18n.languages()))
def test_the_footer_names_only_files_the_build_wrote(code: str, tmp_path: Path) -> None:
    with i18n.using(code):
        written, footer = _written_sheet(tmp_path)
    named = NAMED_FILE.findall(footer)
    assert named, footer  # it says which file this sheet is
    assert set(named) <= set(written), (named, written, footer)


@pytest.mark.parametrize("code", sorted(i18n.languages()))
def test_the_footer_still_says_how_to_record_the_sheet(code: str, tmp_path: Path) -> None:
    """The quiet side: the command to enter the signed sheet is still there, and it is not told to read the Word
    sheet itself (--from-sheet reads a spreadsheet)."""
    with i18n.using(code):
        _written, footer = _written_sheet(tmp_path)
    assert "qmsdoc acknowledge QP-03-02 --from-sheet" in footer, footer
    assert not re.search(r"--from-sheet \S+\.docx", footer), footer
