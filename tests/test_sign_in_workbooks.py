"""Sign-in sheets saved as Excel workbooks (.xlsx): read by content with the standard library, through the same
header, column and row checks as CSV; dates stored as serial numbers; damaged, old or hostile files refused."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from qmsdoc.acts.signsheet import read_sheet
from qmsdoc.records.xlsx import Sheet, to_xlsx

from conftest import CliRun, Project, copy_project, office_profile, run_cli

DOC = "manuals/qp-service/QP-03-02.md"
REGISTER = "acknowledgements.yaml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
RELS_NS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# 2026-03-12 as a serial number: days since 1899-12-30, or since 1904-01-01 in a 1904 workbook.
SERIAL_1900, SERIAL_1904 = 46093, 44631


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def prepared(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    project.replace(DOC, "review_months: 24\n", "review_months: 24\nacknowledge: [客服部, 管家服务中心]\n")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-03-20")
    return project


def workbook(rows: str, strings: Sequence[str] = (), *, date1904: bool = False, formats: str = "",
             styles: str = '<xf numFmtId="0"/>', extra: dict[str, bytes] | None = None,
             leave_out: str = "", sheet: str | None = None) -> bytes:
    """A workbook as Excel lays it out: the first sheet in the workbook's order is sheet2.xml (so the reader must
    follow the workbook, not file names), shared strings and styles by relationship."""
    system = ' date1904="1"' if date1904 else ""
    sheets = f"{TYPE}worksheet"
    parts = {
        "[Content_Types].xml": "<Types/>",
        "_rels/.rels": f'<Relationships {RELS_NS}><Relationship Id="rId1" Type="{TYPE}officeDocument" '
                       'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {NS} {R_NS}><workbookPr{system}/><sheets>'
                           '<sheet name="签到表" sheetId="2" r:id="rId2"/><sheet name="备用" sheetId="1" r:id="rId1"/>'
                           '</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships {RELS_NS}>'
                                      f'<Relationship Id="rId1" Type="{sheets}" Target="worksheets/sheet1.xml"/>'
                                      f'<Relationship Id="rId2" Type="{sheets}" Target="/xl/worksheets/sheet2.xml"/>'
                                      f'<Relationship Id="rId3" Type="{TYPE}sharedStrings" Target="sharedStrings.xml"/>'
                                      f'<Relationship Id="rId4" Type="{TYPE}styles" Target="styles.xml"/>'
                                      '</Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>不读这张'
                                    '</t></is></c></row></sheetData></worksheet>',
        "xl/worksheets/sheet2.xml": sheet or f"<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>",
        "xl/sharedStrings.xml": f'<sst {NS}>' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>",
        "xl/styles.xml": f'<styleSheet {NS}><numFmts>{formats}</numFmts><cellXfs>{styles}</cellXfs></styleSheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            if name != leave_out:
                book.writestr(name, text.encode("utf-8"))
        for name, data in (extra or {}).items():
            book.writestr(name, data)
    return buffer.getvalue()


def to_zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return buffer.getvalue()


def read(tmp_path: Path, data: bytes, name: str = "签到表.xlsx") -> tuple[list[tuple[int, str, str, str]], list[str]]:
    sheet = tmp_path / name
    sheet.write_bytes(data)
    rows, problems = read_sheet(sheet, 1024 * 1024)
    return ([(r.line, r.person, r.department, str(r.date)) for r in rows],
            [f"{f.line}: {f.message}" for f in problems])


def test_shared_strings_with_an_empty_cell_and_a_gap_keep_columns_and_row_numbers(tmp_path: Path) -> None:
    # 备注 (B) is empty on row 2 and omitted from the XML; row 3 is missing altogether; row 5 has no r= on its cells.
    strings = ["姓名", "备注", "部门", "日期", "李四", "管家服务中心", "2026/3/12", "王五", "客服部", "迟到"]
    rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
            '<c r="D1" t="s"><v>3</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="C2" t="s"><v>5</v></c><c r="D2" t="s"><v>6</v></c></row>'
            '<row r="5"><c t="s"><v>7</v></c><c t="s"><v>9</v></c><c t="s"><v>8</v></c>'
            '<c t="inlineStr"><is><r><t>2026年</t></r><r><t>3月13日</t></r></is></c></row>')
    assert read(tmp_path, workbook(rows, strings)) == (
        [(2, "李四", "管家服务中心", "2026-03-12"), (5, "王五", "客服部", "2026-03-13")], [])


def test_dates_typed_as_real_dates_are_read_by_their_number_format(tmp_path: Path) -> None:
    formats = '<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>' \
              '<numFmt numFmtId="177" formatCode="0.00"/>'
    styles = '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="177"/>'
    rows = ('<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>部门</t></is>'
            '</c><c r="C1" t="inlineStr"><is><t>日期</t></is></c></row>'
            + "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>人{n}</t></is></c><c r="B{n}" t="inlineStr">'
                      f'<is><t>客服部</t></is></c><c r="C{n}" s="{style}"><v>{value}</v></c></row>'
                      for n, style, value in ((2, 1, SERIAL_1900), (3, 2, f"{SERIAL_1900}.5"), (4, 3, SERIAL_1900),
                                              (5, 0, SERIAL_1900))))
    got, problems = read(tmp_path, workbook(rows, formats=formats, styles=styles))
    assert problems == []
    # A number shown as a date is that date; the same number shown as a number is not a date (the row's check says so).
    assert got == [(2, "人2", "客服部", "2026-03-12"), (3, "人3", "客服部", "2026-03-12"),
                   (4, "人4", "客服部", "None"), (5, "人5", "客服部", "None")]

    one_904 = rows.replace(str(SERIAL_1900), str(SERIAL_1904))
    got, problems = read(tmp_path, workbook(one_904, formats=formats, styles=styles, date1904=True), "1904.xlsx")
    assert problems == [] and got[:2] == [(2, "人2", "客服部", "2026-03-12"), (3, "人3", "客服部", "2026-03-12")]


def test_a_workbook_qmsdoc_writes_reads_back(tmp_path: Path) -> None:
    """Inline strings and date cells as records/xlsx.py writes them (the register workbook's writer)."""
    data = to_xlsx([Sheet("签到表", ("序号", "姓名", "部门", "日期"), [["1", "李四", "客服部", "2026-03-12"]],
                          (6, 12, 12, 12), dates=(3,))], dt.date(2026, 3, 20))
    assert read(tmp_path, data, "签到表") == ([(2, "李四", "客服部", "2026-03-12")], [])  # no suffix: read by content


@pytest.mark.parametrize(("data", "message"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 Excel 二进制文件（.xls）"),
    (workbook("")[:300], "已损坏"),
    (b"PK\x03\x04" + b"\x00" * 100, "已损坏"),  # a zip header and nothing after
    (to_zip(dict.fromkeys(("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet2.xml"), b"<x/>"))
     .replace(b"<x/>", b"<y/>"), "已损坏"),  # a part whose bytes no longer match their checksum
    (to_zip({"word/document.xml": b"<w:document/>"}), "不是 Excel 工作簿"),  # a Word file saved as .xlsx
])
def test_old_damaged_and_foreign_files_are_refused_with_a_reason(tmp_path: Path, data: bytes, message: str) -> None:
    rows, problems = read(tmp_path, data)
    assert rows == [] and len(problems) == 1 and problems[0].startswith("1: ") and message in problems[0], problems


def test_a_zip_bomb_stops_at_the_cap_and_missing_parts_are_named(tmp_path: Path) -> None:
    bomb = workbook("", extra={"xl/worksheets/padding.xml": b" " * (12 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # small on disk, twelve times the file limit once inflated
    rows, problems = read(tmp_path, bomb)
    assert rows == [] and problems == [], "an unreferenced part is never inflated"
    bloated = workbook(" " * (12 * 1024 * 1024))
    assert len(bloated) < 1024 * 1024
    rows, problems = read(tmp_path, bloated)
    assert rows == [] and len(problems) == 1 and "解压后过大" in problems[0], problems

    for part in ("xl/worksheets/sheet2.xml", "xl/_rels/workbook.xml.rels"):
        rows, problems = read(tmp_path, workbook("", leave_out=part))
        assert rows == [] and len(problems) == 1 and problems[0].startswith(f"1: 签到表工作簿缺少 {part}"), problems

    # Entities expanding to gigabytes ("billion laughs"): SpreadsheetML has no DTD, so any is refused unexpanded.
    laughs = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>'
              '</sheetData></worksheet>')
    rows, problems = read(tmp_path, workbook("", sheet=laughs))
    assert rows == [] and len(problems) == 1 and "已损坏" in problems[0] and "DTD" in problems[0], problems


def test_too_many_rows_are_refused_at_the_row(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(1, 10_003))
    got, problems = read(tmp_path, workbook(rows))
    assert got == [] and problems == ["10002: 签到表超过 10000 行：请分成几个文件录入"]


def test_a_bad_workbook_row_is_named_by_its_row_number_and_nothing_is_recorded(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    prepared(project, monkeypatch)
    strings = ["姓名", "部门", "日期", "李四", "管家服务中心", "王五", "财务部"]
    rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
            f'<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" s="1"><v>{SERIAL_1900}</v>'
            f'</c></row><row r="5"><c r="A5" t="s"><v>5</v></c><c r="B5" t="s"><v>6</v></c><c r="C5" s="1">'
            f'<v>{SERIAL_1900}</v></c></row>')
    sheet = project.path("签到表.xlsx")
    sheet.write_bytes(workbook(rows, strings, styles='<xf numFmtId="0"/><xf numFmtId="14"/>'))
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-sheet", str(sheet))
    assert result.returncode == 1 and f"{sheet}:5: error QD220 QP-03-02 不要求 财务部 学习确认" in result.stdout, result
    assert f"{sheet}:2:" not in result.stdout and "Traceback" not in result.stderr
    assert not project.path(REGISTER).exists()

    old = project.path("签到表.xls")
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-csv", str(old))  # the old name still works
    assert result.returncode == 1 and f"{old}:1: error QD220" in result.stdout and "另存为" in result.stdout, result
    assert "Traceback" not in result.stderr and not project.path(REGISTER).exists()


def test_a_sheet_as_printed_for_signing_is_read_under_its_title_rows(tmp_path: Path) -> None:
    """A printed sign-in sheet: a title merged across the columns, the meeting's time and place, blank rows, a 序号
    column, then the header; names typed with trailing spaces; dates typed as text in two ways and as a real date."""
    title = ("回访工作规程 学习签到表", "", "", "", "")
    rows = [["培训时间：2026年3月12日", "", "地点：会议室", "", ""], ["", "", "", "", ""],
            ["序号", "姓名", "部门", "日期", "签名"], ["1", "李四  ", "管家服务中心", "2026年3月12日", ""],
            ["", "", "", "", ""], ["2", "王五 ", "客服部", "2026/3/12", ""], ["3", "赵六", "客服部", "2026-03-12", ""]]
    data = to_xlsx([Sheet("签到表", title, rows, (6, 12, 12, 12, 12), dates=(3,))], dt.date(2026, 3, 20))
    assert read(tmp_path, data) == ([(5, "李四", "管家服务中心", "2026-03-12"), (7, "王五", "客服部", "2026-03-12"),
                                     (8, "赵六", "客服部", "2026-03-12")], [])
    csv = "学习签到表,,\n\n姓名,部门,日期\n李四,管家服务中心,2026-03-12\n"
    assert read(tmp_path, csv.encode("gb18030"), "签到表.csv") == ([(4, "李四", "管家服务中心", "2026-03-12")], [])


def test_a_sheet_without_a_header_row_names_the_row_nearest_to_one(tmp_path: Path) -> None:
    rows = [["培训时间：2026年3月12日", "", ""], ["序号", "姓名", "部门"], ["1", "李四", "管家服务中心"]]
    data = to_xlsx([Sheet("签到表", ("学习签到表", "", ""), rows, (12, 12, 12))], dt.date(2026, 3, 20))
    assert read(tmp_path, data) == ([], ["3: 签到表没有表头行（姓名, 部门, 日期）：最接近表头的这一行缺少 日期 列。"
                                         "请在签到人员上方的一行写明各列名称（其上的标题、时间地点等行不读）"])
    got, problems = read(tmp_path, "李四,管家服务中心,2026-03-12\n".encode(), "a.csv")
    assert got == [] and problems[0].startswith("1: 签到表没有表头行") and "姓名、部门、日期" in problems[0]


def test_the_first_worksheet_holding_the_header_is_read_after_a_cover_sheet(tmp_path: Path) -> None:
    cover = Sheet("封面", ("文件学习签到", "2026年3月"), [["说明：每人签一行", ""]], (20, 12))
    sign = Sheet("签到", ("姓名", "部门", "日期"), [["李四", "管家服务中心", "2026-03-12"]], (12, 12, 12), dates=(2,))
    later = Sheet("第二次", ("姓名", "部门", "日期"), [["王五", "客服部", "2026-03-13"]], (12, 12, 12))
    assert read(tmp_path, to_xlsx([cover, sign, later], dt.date(2026, 3, 20))) == (
        [(2, "李四", "管家服务中心", "2026-03-12")], [])
    # No sheet has the header: the finding is the first sheet's.
    got, problems = read(tmp_path, to_xlsx([cover, cover], dt.date(2026, 3, 20)), "b.xlsx")
    assert got == [] and problems[0].startswith("1: 签到表没有表头行") and "姓名、部门、日期" in problems[0]


def test_a_department_and_date_merged_down_the_rows_are_every_row_s(tmp_path: Path) -> None:
    """A sheet writes 客服部 and the day once, merged down the rows of the people they apply to: the spreadsheet
    stores the value in the first cell only. A row the range covers with nothing else in it is no person."""
    def cell(ref: str, text: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    rows = ('<row r="1">' + cell("A1", "学习签到表") + '</row><row r="2">' + cell("A2", "姓名") + cell("B2", "部门")
            + cell("C2", "日期") + '</row><row r="3">' + cell("A3", "李四") + cell("B3", "客服部")
            + cell("C3", "2026/3/12") + '</row><row r="4">' + cell("A4", "王五") + '</row><row r="5">'
            + cell("A5", "赵六") + cell("B5", "管家服务中心") + cell("C5", "2026/3/13") + "</row>")
    merges = '<mergeCells count="4"><mergeCell ref="A1:C1"/><mergeCell ref="B3:B4"/><mergeCell ref="C3:C4"/>' \
             '<mergeCell ref="B5:B9"/></mergeCells>'
    sheet = f"<worksheet {NS}><sheetData>{rows}</sheetData>{merges}</worksheet>"
    assert read(tmp_path, workbook("", sheet=sheet)) == ([(3, "李四", "客服部", "2026-03-12"),
                                                         (4, "王五", "客服部", "2026-03-12"),
                                                         (5, "赵六", "管家服务中心", "2026-03-13")], [])
    # Ranges overlapping over and over (no spreadsheet saves them) stop at a cap, not after hours.
    many = "".join(f'<row r="{n}">' + cell(f"A{n}", f"人{n}") + "</row>" for n in range(6, 3006))
    hostile = sheet.replace("</sheetData>", many + "</sheetData>").replace(
        "</mergeCells>", '<mergeCell ref="A1:XFD1048576"/>' * 120 + "</mergeCells>")
    got, problems = read(tmp_path, workbook("", sheet=hostile), "b.xlsx")
    assert got == [] and problems == ["1: 签到表工作簿已损坏，无法读取（mergeCells）："
                                      "请在表格软件中打开后重新另存为 .xlsx 或 CSV"]


def test_a_day_number_in_the_date_column_is_refused_with_the_day_it_stands_for(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    prepared(project, monkeypatch)
    sheet = project.path("签到表.xlsx")  # a date cell whose format became 常规 shows, and is saved as, its number
    sheet.write_bytes(to_xlsx([Sheet("签到", ("姓名", "部门", "日期"), [["李四", "管家服务中心", str(SERIAL_1900)],
                                                                      ["王五", "客服部", "12345"]], (12, 12, 12))],
                              dt.date(2026, 3, 20)))
    result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-sheet", str(sheet))
    assert result.returncode == 1 and not project.path(REGISTER).exists()
    assert f"{sheet}:2: error QD220 日期 '46093' 是一个数字，不是日期" in result.stdout
    assert "（46093 即 2026-03-12）" in result.stdout
    assert f"{sheet}:3: error QD220 日期 '12345' 无效" in result.stdout  # not a day of this century: no guess


@pytest.mark.office
def test_a_workbook_libreoffice_saves_records_what_its_csv_records(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert shutil.which("soffice"), "run the README test command to install them"
    text = "序号,姓名,部门,日期,签名\n1,李四,管家服务中心,2026-03-12,\n\n2,王五,客服部,2026/3/13,\n3,赵六,客服部,,\n"
    source = tmp_path / "签到表.csv"
    source.write_text(text, "utf-8")
    converted = subprocess.run(
        ["soffice", office_profile(tmp_path), "--headless",
         "--infilter=CSV:44,34,76", "--convert-to", "xlsx", "--outdir", str(tmp_path / "xlsx"), str(source)],
        capture_output=True, text=True, timeout=240)
    assert converted.returncode == 0, converted.stderr
    book = tmp_path / "xlsx" / "签到表.xlsx"
    assert zipfile.is_zipfile(book)

    added = []
    for name, sheet in (("csv", source), ("xlsx", book)):
        project = prepared(copy_project(tmp_path / name), monkeypatch)
        result = qmsdoc(project, "acknowledge", "QP-03-02", "--from-sheet", str(sheet), "--date", "2026-03-14")
        assert result.returncode == 0, (name, result)
        added.append(project.read(REGISTER))
    assert added[0] == added[1]
    assert "person: 李四, date: 2026-03-12" in added[1] and "person: 赵六, date: 2026-03-14" in added[1]


def test_the_help_offers_from_sheet_and_still_the_old_name_in_both_languages(project: Project,
                                                                             tmp_path: Path) -> None:
    from test_english import _copy

    chinese = " ".join(qmsdoc(project, "acknowledge", "--help").stdout.split())  # unwrapped
    english = " ".join(run_cli("acknowledge", "--help", cwd=_copy(tmp_path)).stdout.split())
    assert "--from-sheet 签到表.xlsx, --from-csv 签到表.xlsx" in chinese and "Excel 工作簿 .xlsx 或 CSV" in chinese
    assert "--from-sheet SHEET.xlsx, --from-csv SHEET.xlsx" in english and "Excel workbook .xlsx, or CSV" in english
