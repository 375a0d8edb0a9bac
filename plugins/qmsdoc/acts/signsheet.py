"""Reading a sign-in sheet (学习签到表) typed up after a training meeting: a CSV file or an Excel workbook (.xlsx,
read by sheetbook.py) with a header row naming 姓名, 部门 and 日期 (in any order; other columns such as 签名 or 备注
are ignored), one person per row. Rows above the header — the sheet's title, the meeting's time and place — are not
read, and in a workbook the first worksheet holding the header is (a cover sheet may come first). Both give cells to one reading of header, columns and rows.

Spreadsheets save CSV in different ways, and all are read: UTF-8 with or without BOM, GB18030/GBK (Excel on a
Chinese Windows; Big5 first in a Traditional Chinese project, i18n.Language.legacy_encoding), UTF-16 with tabs (Excel's 「Unicode 文本」); commas, tabs or semicolons; dates as 2026-03-01,
2026/3/1, 2026.3.1, 2026年3月1日, 民國 years in a Traditional Chinese project (115/3/1), full-width too (２０２６年３月１日) (a time after it, 2026/3/1 9:30, is not read), or with the month's English name (1 March 2026, Mar 1, 2026: 01/03/2026 is
refused, since it reads as a different day in the UK and the US; a day number such as 46082, from a date cell
formatted as a number, is refused with the day it stands for). The file is read with a size limit; problems are findings at the row's line (a workbook's row number)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.acknowledgements import MALFORMED
from ..core.days import half_width, typed_day
from ..core.errors import os_reason
from ..core.findings import Finding, Severity
from ..core.i18n import join, languages, legacy_encodings, t
from ..core.names import name_key
from .sheetbook import OLE2_MAGIC, ZIP_MAGIC, BookProblem, read_book, serial_date

COLUMN_KEYS = {"person": "acks.field.person", "department": "acks.field.department", "date": "label.date"}
# Other header words people type for each column, Simplified and Traditional (a sheet printed in one language may be
# typed up in another); every catalogue's own printed heading (COLUMN_KEYS) is read too, first (`header_words`).
# English sheets, printed by a training office or an HR system, head the columns many ways: Employee Name, Print
# Name, Dept., Team, Date of Training … (a header none of these names is QD220, saying which column it lacks).
TYPED = {"person": ("名字", "人员", "人員", "name", "person", "full name", "employee name", "employee", "staff name",
                    "print name", "printed name", "name (print)", "name (printed)", "attendee", "attendee name",
                    "trainee", "trainee name", "participant", "participant name"),
         "department": ("部门/岗位", "部門/職務", "岗位", "職務", "崗位", "department", "dept", "dept.", "department/role",
                        "role", "department/team", "team", "section", "department name"),
         "date": ("确认日期", "確認日期", "学习日期", "學習日期", "培训日期", "培訓日期", "签到日期", "簽到日期", "date",
                  "training date", "date of training", "date trained", "date signed", "date completed",
                  "completion date", "date read")}


@functools.cache
def header_words() -> dict[str, tuple[str, ...]]:
    """The header words of each column, plainest first: the heading every catalogue prints on the sheet
    (word/signin.py) — a language added is read back with no list to extend —, then the words people type."""
    out: dict[str, tuple[str, ...]] = {}
    for key, typed in TYPED.items():
        printed = [language.messages[COLUMN_KEYS[key]] for language in languages().values()]
        out[key] = tuple(dict.fromkeys([*printed, *typed]))
    return out
MAX_ROWS = 10_000
_SERIAL = re.compile(r"^\s*\d{5}\s*$")
_FIRST_SERIAL, _LAST_SERIAL = 36_526, 73_050  # 2000-01-01 and 2099-12-31 in the 1900 date system


@dataclass(frozen=True)
class SheetRow:
    """One person's line of the sheet (line: where it starts in the file)."""

    line: int
    person: str
    department: str
    date: dt.date | None
    raw_date: str


def serial_day(text: str) -> dt.date | None:
    """The day a date column's whole number of five digits stands for, as a spreadsheet counts days (a date cell whose
    format became 常规/General shows 46361 for 2026-12-05), from 2000 to 2099 (None otherwise). Not read as the date:
    the sheet shows a number, and the record must say what the sheet shows; the finding names the day instead."""
    text = half_width(text)
    if _SERIAL.match(text) and _FIRST_SERIAL <= int(text) <= _LAST_SERIAL:
        return serial_date(int(text), date1904=False)
    return None


def _decode(raw: bytes) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", *legacy_encodings()):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _columns(header: list[str], names: tuple[str, ...]) -> list[int]:
    """The columns headed by the first of `names` the header uses (`header_words` lists the plainest first, so a
    sheet with both 部门 and 岗位 is read by its 部门 column, wherever the 岗位 column stands). A heading is read as a
    name is (names.name_key): 「姓　名」 spaced out to line up on the printed sheet, 「Ｎａｍｅ」 typed full-width and
    「部門」 in Traditional characters are the columns they say."""
    cells = [name_key(cell) for cell in header]
    for name in names:
        found = [index for index, cell in enumerate(cells) if cell == name_key(name)]
        if found:
            return found
    return []


def read_sheet(path: Path, max_bytes: int, *, default_date: dt.date | None = None
               ) -> tuple[list[SheetRow], list[Finding]]:
    """The sheet's rows (blank rows skipped), or the findings that make it unreadable (rows with bad values
    are returned for the caller to judge; a row without a date takes `default_date`). A CSV file and an Excel
    workbook (.xlsx, told by its content) give their cells to the same reading of header and rows."""
    shown = str(path)

    def problem(line: int, message: str) -> Finding:
        return Finding(shown, line, MALFORMED, Severity.ERROR, message)

    try:
        # Opened without blocking and checked on the descriptor: a FIFO or device named like a sheet never waits.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return [], [problem(1, t("acks.sheet.not_file"))]
            raw = handle.read(max_bytes + 1)
    except IsADirectoryError:  # a folder opens, but is no file: the same finding as a FIFO's, not "Is a directory"
        return [], [problem(1, t("acks.sheet.not_file"))]
    except OSError as exc:
        return [], [problem(1, t("acks.sheet.unreadable", error=os_reason(exc)))]
    if len(raw) > max_bytes:
        return [], [problem(1, t("acks.sheet.too_large", limit=max_bytes))]
    if raw.startswith(OLE2_MAGIC):
        return [], [problem(1, t("acks.book.old_binary"))]
    if raw.startswith(ZIP_MAGIC):
        first_sheet: tuple[list[SheetRow], list[Finding]] | None = None
        try:  # what a workbook inflates to is capped too: ten times the file limit
            for lines in read_book(raw, max_bytes * 10, MAX_ROWS):
                read = _sheet_rows(lines, problem, default_date)
                if _header_at(lines) is not None:  # the first sheet with the header is the sign-in sheet
                    return read
                first_sheet = first_sheet or read
        except BookProblem as exc:
            return [], [problem(exc.line, exc.message)]
        return first_sheet or ([], [])  # no sheet has the header: the first sheet's finding says what it lacks
    text = _decode(raw)
    if text is None or "\x00" in text:
        return [], [problem(1, t("acks.sheet.not_text"))]
    first = text.split("\n", 1)[0]
    delimiter = max(("\t", ",", ";", "，"), key=first.count) if any(c in first for c in "\t,;，") else ","
    try:
        reader = csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n"), newline=""),
                            delimiter=delimiter)
        lines = []
        start = 1
        for cells in reader:
            lines.append((start, dict(enumerate(cells))))
            start = reader.line_num + 1
            if len(lines) > MAX_ROWS + 1:
                return [], [problem(start, t("acks.sheet.too_many_rows", limit=MAX_ROWS))]
    except csv.Error as exc:
        return [], [problem(start, t("acks.sheet.not_csv", error=exc))]
    return _sheet_rows(lines, problem, default_date)


def _header_at(lines: list[tuple[int, dict[int, str]]]) -> int | None:
    """Where the header is among the non-blank `lines`: the first row naming all three columns. A sheet printed for
    signing has a title above it (often merged across the columns), the meeting's date and place, blank rows."""
    for position, (_, cells) in enumerate(lines):
        header = list(cells.values())
        if all(_columns(header, names) for names in header_words().values()):
            return position
    return None


def _sheet_rows(lines: list[tuple[int, dict[int, str]]], problem: Callable[[int, str], Finding],
                default_date: dt.date | None) -> tuple[list[SheetRow], list[Finding]]:
    """The rows under the header, whichever file the cells (by column index, 0 = A) came from."""
    lines = [(line, cells) for line, cells in lines if any(c.strip() for c in cells.values())]
    if not lines:
        return [], []
    position = _header_at(lines)
    if position is None:  # say what the row most like a header lacks (the first such row; the first row if none)
        def named(cells: dict[int, str]) -> int:
            return sum(bool(_columns(list(cells.values()), names)) for names in header_words().values())
        position = max(range(len(lines)), key=lambda index: (named(lines[index][1]), -index))
    header_line, cells = lines[position]
    header = [cells.get(index, "") for index in range(max(cells) + 1)]
    found = {key: _columns(header, names) for key, names in header_words().items()}
    absent = [t(COLUMN_KEYS[key]) for key, indexes in found.items() if not indexes]
    if absent:
        return [], [problem(header_line, t("acks.sheet.no_header", columns=join(absent)))]
    twice = [header[indexes[0]].strip() for indexes in found.values() if len(indexes) > 1]
    if twice:  # which of two 姓名 columns is the reader? Guessing would record the wrong people
        return [], [problem(header_line, t("acks.sheet.column_twice", columns=join(twice)))]
    columns = {key: indexes[0] for key, indexes in found.items()}
    rows = []
    for line, cells in lines[position + 1:]:
        person, department, raw_date = (cells.get(columns[key], "").strip() for key in ("person", "department", "date"))
        day = typed_day(raw_date) if raw_date else default_date
        rows.append(SheetRow(line, person, department, day, raw_date))
    return rows, []
