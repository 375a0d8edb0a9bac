"""The cells of a sign-in sheet saved as an Excel workbook (.xlsx, by Excel, WPS or LibreOffice), read with the
standard library: each worksheet in the workbook's order (the reader takes the first that holds the header: a
cover or instructions sheet may come before it), its text (shared or inline strings), numbers, and
dates stored as serial numbers with a date format (1900 or 1904 date system) given as ISO dates, and a merged
range's value in each cell it covers (a 部门 or 日期 written once for several people, as the sheet shows it).

The workbook is untrusted: the bytes inflated are capped (a zip bomb stops at the cap), a part with a DTD is refused
(SpreadsheetML has none), and every way the package can be broken is a `BookProblem`, never a traceback."""

from __future__ import annotations

import bisect
import datetime as dt
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree as ET

from ..core.i18n import t

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls, or an .xlsx saved with a password to open
ZIP_MAGIC = b"PK\x03\x04"
MAX_COLUMN = 16_384  # XFD, the last column a spreadsheet has
# Built-in number formats that show a date: 14–22 everywhere, 27–36 and 50–58 the CJK date forms (yyyy年m月d日 …).
_DATE_FORMATS = frozenset((*range(14, 23), *range(27, 37), *range(50, 59)))
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
_EPOCH_1900 = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)
_WORKBOOK = "xl/workbook.xml"
_MERGE_CELLS = 1_000_000  # cells merged ranges may fill: 10,000 rows of 100 columns


class BookProblem(Exception):
    """The workbook cannot be read: `message` for the user, at the spreadsheet's row `line`."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _local(tag: str) -> str:
    """An element's name without its namespace (transitional and strict SpreadsheetML name them differently)."""
    return tag.rsplit("}", 1)[-1]


def _attribute(element: ET.Element, name: str) -> str | None:
    """An attribute by its local name, in any namespace (r:id is namespaced, r="B3" is not)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


class _Package:
    """The workbook's parts, inflated within one shared budget of bytes."""

    def __init__(self, raw: bytes, budget: int) -> None:
        self.budget = budget
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(raw))
            self.names = set(self.zip.namelist())
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
            raise BookProblem(1, t("acks.book.corrupt", error=exc)) from None
        if _WORKBOOK not in self.names:  # a .docx, .ods or any other zip: a workbook is told by its content
            raise BookProblem(1, t("acks.book.not_workbook"))

    def part(self, name: str, *, required: bool = True) -> bytes | None:
        if name not in self.names:
            if required:
                raise BookProblem(1, t("acks.book.missing_part", part=name))
            return None
        info = self.zip.getinfo(name)
        if info.flag_bits & 0x1:
            raise BookProblem(1, t("acks.book.encrypted"))
        try:
            with self.zip.open(info) as handle:
                data = handle.read(self.budget + 1)  # the header's sizes may lie: count what inflates
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError,
                RuntimeError) as exc:
            raise BookProblem(1, t("acks.book.corrupt", error=exc)) from None
        if len(data) > self.budget:
            raise BookProblem(1, t("acks.book.too_large"))
        self.budget -= len(data)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # SpreadsheetML declares no entities: refuse expansion
            raise BookProblem(1, t("acks.book.corrupt", error=f"{name}: DTD"))
        return data

    def xml(self, name: str, *, required: bool = True) -> ET.Element | None:
        data = self.part(name, required=required)
        if data is None:
            return None
        try:
            return ET.fromstring(data)
        except ET.ParseError as exc:
            raise BookProblem(1, t("acks.book.corrupt", error=f"{name}: {exc}")) from None

    def relations(self, part: str) -> dict[str, tuple[str, str]]:
        """The part's relationships: id → (type, target part name)."""
        folder, name = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", name + ".rels"), required=False)
        found: dict[str, tuple[str, str]] = {}
        for rel in root.iter() if root is not None else ():
            target = rel.get("Target")
            if _local(rel.tag) != "Relationship" or target is None or rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[rel.get("Id", "")] = (rel.get("Type", ""), path)
        return found


def _text_of(item: ET.Element) -> str:
    """The text of a shared or inline string: its <t>, or its runs' <t>s (phonetic guides left out)."""
    parts = []
    for child in item:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts += [grand.text or "" for grand in child if _local(grand.tag) == "t"]
    return "".join(parts)


def _is_date_format(code: str) -> bool:
    """A custom number format that shows a date: a year or day part outside quoted text and [..] sections."""
    bare = _QUOTED.sub("", code).lower()
    return "y" in bare or "d" in bare


def _date_styles(package: _Package, styles_part: str | None) -> set[int]:
    """The indexes of the cell formats (cellXfs) that show numbers as dates."""
    root = package.xml(styles_part, required=False) if styles_part else None
    if root is None:
        return set()
    custom = {int(f.get("numFmtId", "-1")): f.get("formatCode", "")
              for f in root.iter() if _local(f.tag) == "numFmt" and (f.get("numFmtId") or "").isdigit()}
    cell_formats = next((e for e in root if _local(e.tag) == "cellXfs"), None)
    dates = set()
    for index, xf in enumerate(x for x in (cell_formats if cell_formats is not None else ()) if _local(x.tag) == "xf"):
        number = int(xf.get("numFmtId", "0")) if (xf.get("numFmtId") or "0").isdigit() else 0
        if number in _DATE_FORMATS or (number in custom and _is_date_format(custom[number])):
            dates.add(index)
    return dates


def serial_date(serial: float, date1904: bool) -> dt.date | None:
    """The day a spreadsheet serial number stands for (None before the system's first day, or for 1900-02-29,
    which Excel counts but which never was)."""
    if date1904:
        return _EPOCH_1904 + dt.timedelta(days=int(serial)) if 0 <= serial < 2_958_000 else None
    if not 1 <= serial < 2_958_466:
        return None
    whole = int(serial)
    if whole == 60:
        return None
    return _EPOCH_1900 + dt.timedelta(days=whole + (1 if whole < 60 else 0))


def _column(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _number(text: str, *, is_date: bool, date1904: bool) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    if is_date and (day := serial_date(value, date1904)) is not None:
        return day.isoformat()
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def read_book(raw: bytes, budget: int, max_rows: int) -> Iterator[list[tuple[int, dict[int, str]]]]:
    """Each worksheet's non-empty rows of the zip `raw`, in the workbook's order (read as asked for, so a sheet after
    the one used is never inflated): each row its number as the spreadsheet shows it and its cells by column index
    (0 = A), every value as text; raises BookProblem (a zip without xl/workbook.xml is not a workbook, whatever its
    name)."""
    package = _Package(raw, budget)
    workbook = package.xml(_WORKBOOK)
    if workbook is None:  # never: a required part is there or a BookProblem
        raise BookProblem(1, t("acks.book.missing_part", part=_WORKBOOK))
    relations = package.relations(_WORKBOOK)
    properties = next((e for e in workbook.iter() if _local(e.tag) == "workbookPr"), None)
    date1904 = properties is not None and (properties.get("date1904") or "").lower() in ("1", "true")
    if not relations:  # without them no part of the workbook can be found
        raise BookProblem(1, t("acks.book.missing_part", part="xl/_rels/workbook.xml.rels"))
    sheet_ids = [_attribute(e, "id") for e in workbook.iter() if _local(e.tag) == "sheet"]
    if not sheet_ids or sheet_ids[0] is None or sheet_ids[0] not in relations:
        raise BookProblem(1, t("acks.book.missing_part", part="xl/worksheets/sheet1.xml"))
    by_type = {kind.rsplit("/", 1)[-1]: path for kind, path in relations.values()}
    strings_root = package.xml(by_type.get("sharedStrings", "xl/sharedStrings.xml"), required=False)
    strings = [_text_of(si) for si in strings_root if _local(si.tag) == "si"] if strings_root is not None else []
    dates = _date_styles(package, by_type.get("styles", "xl/styles.xml"))
    for sheet_id in sheet_ids:
        if sheet_id is None or sheet_id not in relations:
            continue  # a later sheet the package lost: the ones before it were read
        kind, sheet_part = relations[sheet_id]
        if not kind.endswith("/worksheet"):
            continue  # a chart sheet or dialog sheet has no cells
        data = package.part(sheet_part)
        if data is None:
            raise BookProblem(1, t("acks.book.missing_part", part=sheet_part))
        yield _rows(data, strings, dates, date1904, max_rows)


def _rows(data: bytes, strings: list[str], dates: set[int], date1904: bool, max_rows: int
          ) -> list[tuple[int, dict[int, str]]]:
    rows: list[tuple[int, dict[int, str]]] = []
    merged: list[tuple[int, int, int, int]] = []
    row_number = 0
    try:
        for _, element in ET.iterparse(io.BytesIO(data)):
            name = _local(element.tag)
            if name == "mergeCell" and (span := _span(element.get("ref") or "")) is not None:
                merged.append(span)
            if name != "row":
                continue
            given = element.get("r")
            row_number = int(given) if given and given.isdigit() else row_number + 1
            cells = _cells(element, row_number, strings, dates, date1904)
            element.clear()
            if not cells:
                continue
            rows.append((row_number, cells))
            if len(rows) > max_rows + 1:
                raise BookProblem(row_number, t("acks.sheet.too_many_rows", limit=max_rows))
    except ET.ParseError as exc:
        raise BookProblem(row_number + 1, t("acks.book.corrupt", error=exc)) from None
    _fill_merged(rows, merged)
    return rows


def _span(ref: str) -> tuple[int, int, int, int] | None:
    """A merged range A2:A5 as (first row, last row, first column, last column), or None if it is not one."""
    ends = [_REF.match(end) for end in ref.split(":")]
    if len(ends) != 2 or ends[0] is None or ends[1] is None:
        return None
    (c1, r1), (c2, r2) = ((_column(m[1]), int(m[2])) for m in ends if m is not None)
    return min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)


def _fill_merged(rows: list[tuple[int, dict[int, str]]], merged: list[tuple[int, int, int, int]]) -> None:
    """Each merged range's value in every cell it covers, as the sheet shows it: a 部门 or 日期 written once and
    merged down the rows of the people it applies to is theirs. Rows with nothing else in them are not made up, a
    range is spread only over the columns the rows use, and ranges overlapping without end (which no spreadsheet
    saves) stop at a cap of cells: a hostile file costs no more than a large sheet."""
    if not merged or not rows:
        return
    numbers = [number for number, _ in rows]  # ascending, as a worksheet stores its rows
    by_number = dict(rows)
    widest = max(max(cells) for cells in by_number.values())
    budget = _MERGE_CELLS
    for first_row, last_row, first_column, last_column in merged:
        value = by_number.get(first_row, {}).get(first_column)
        if value is None:
            continue
        for number in numbers[bisect.bisect_left(numbers, first_row):bisect.bisect_right(numbers, last_row)]:
            columns = range(first_column, min(last_column, widest) + 1)
            budget -= len(columns)
            if budget < 0:
                raise BookProblem(first_row, t("acks.book.corrupt", error="mergeCells"))
            for column in columns:
                by_number[number].setdefault(column, value)


def _cells(row: ET.Element, row_number: int, strings: list[str], dates: set[int], date1904: bool) -> dict[int, str]:
    cells: dict[int, str] = {}
    column = -1
    for cell in row:
        if _local(cell.tag) != "c":
            continue
        ref = _REF.match(cell.get("r") or "")
        column = _column(ref[1]) if ref else column + 1
        if column >= MAX_COLUMN:
            raise BookProblem(row_number, t("acks.book.corrupt", error=f"r={cell.get('r')!r}"))
        kind = cell.get("t", "n")
        value = next((c.text or "" for c in cell if _local(c.tag) == "v"), None)
        if kind == "inlineStr":
            inline = next((c for c in cell if _local(c.tag) == "is"), None)
            text = _text_of(inline) if inline is not None else ""
        elif value is None:
            continue
        elif kind == "s":
            index = int(value) if value.strip().isdigit() else -1
            if not 0 <= index < len(strings):
                raise BookProblem(row_number, t("acks.book.corrupt", error=f"{cell.get('r')}: <v>{value}</v>"))
            text = strings[index]
        elif kind == "n":
            style = cell.get("s", "0")
            text = _number(value, is_date=style.isdigit() and int(style) in dates, date1904=date1904)
        elif kind == "d":  # an ISO 8601 date cell (strict workbooks)
            text = value[:10]
        elif kind == "b":
            text = "TRUE" if value.strip() == "1" else "FALSE"
        else:  # str (a formula's text), e (an error such as #N/A)
            text = value
        if text.strip():
            cells[column] = text
    return cells
