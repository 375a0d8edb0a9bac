"""The register workbook written directly as SpreadsheetML (ECMA-376), byte-reproducible.

openpyxl built it cell object by cell object: a second per 5,000 rows, most of a one-edit rebuild's
register time. The workbook is simple and fixed — text and date cells, a bold shaded header row that
is frozen, filtered and repeated on every printed page, landscape A4 one page wide with the sheet's
name and page numbers, columns as wide as their text (a Chinese character counts two) up to a limit
past which the text wraps, so no cell is cut off — so its XML is written here from strings. Every cell is text (an inline string) or a date (a serial number with a
date format): nothing is ever a formula, whatever the text starts with. Characters XML cannot carry
are replaced, never passed through."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from ..core.i18n import t
from ..core.reproducible import write_zip
from ..core.xmltext import xml_text

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# The first day a serial number means in every spreadsheet: Excel counts 1900-02-29, which never was, so its serials
# before March 1900 are a day off from LibreOffice's, and it has none before 1900 at all (a negative one shows ####).
_FIRST_SERIAL_DAY = dt.date(1900, 3, 1)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
HEADER_STYLE, DATE_STYLE, TEXT_STYLE = 1, 2, 3  # indexes into cellXfs below
# The widest a column grows to fit its text (in widths of the digit 0); longer text wraps within it. A column given a
# wider width (a SHA-256) keeps it.
MAX_WIDTH = 50
_LINE_HEIGHT = 15  # points: one line of 11-point text, the sheet's default row height
_DATE_WIDTH = 11  # yyyy-mm-dd and a margin: narrower shows ##########


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its rows, the least width of each column (widened to its text up to MAX_WIDTH), the columns
    holding dates (written as real dates) and how many columns, from the left, are printed (0: all; the columns after
    them, such as SHA-256 fingerprints for machines, stay on screen and would shrink the printed page to unreadable)."""

    title: str
    headers: Sequence[str]
    rows: list[list[str]]
    widths: tuple[int, ...]
    dates: tuple[int, ...] = ()
    printed: int = 0


def _column(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


@functools.lru_cache(maxsize=1 << 16)
def display_width(text: str) -> int:
    """How many widths of the digit 0 `text` takes on one line: a wide (CJK) or full-width character two.
    Asked twice for every cell of the registers (their widths, then their rows' heights), most of them the same
    few names, dates and states: remembered, and ASCII counted at once (a tenth of a one-edit rebuild's records)."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")


def column_widths(sheet: Sheet) -> list[int]:
    """Each column as wide as its widest line of text (the bold header a tenth wider) and a margin, at least its
    given width, at most MAX_WIDTH unless given more; a date column at least a date's width."""
    widths = []
    for index, header in enumerate(sheet.headers):
        given = sheet.widths[index] if index < len(sheet.widths) else 10
        widest = max((display_width(line) for row in sheet.rows for line in row[index].split("\n")), default=0)
        need = max(widest, math.ceil(display_width(header) * 1.1)) + 2
        least = max(given, _DATE_WIDTH) if index in sheet.dates else given
        widths.append(max(least, min(need, MAX_WIDTH)))
    return widths


def _lines(value: str, width: int) -> int:
    """How many lines `value` wraps to in a column `width` wide (a margin of two left for the cell's padding)."""
    room = max(width - 2, 1)
    if "\n" not in value:
        return max(1, math.ceil(display_width(value) / room))
    return sum(max(1, math.ceil(display_width(line) / room)) for line in value.split("\n"))


def _text(value: str) -> str:
    return xml_text(value, "\ufffd")


def _cell(ref: str, value: str, is_date: bool, style: int = 0) -> str:
    if is_date and _ISO_DAY.fullmatch(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if day >= _FIRST_SERIAL_DAY:  # an earlier day stays the text it is
                return f'<c r="{ref}" s="{DATE_STYLE}"><v>{(day - _EXCEL_EPOCH).days}</v></c>'
    if not value:
        return f'<c r="{ref}" s="{style}"/>' if style else ""
    styled = f' s="{style or TEXT_STYLE}"'
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'


def _code_text(template: str, **codes: str) -> str:
    """A header or footer text: its own & doubled (a single & starts a code), then the codes put in."""
    text = template.replace("&", "&&")
    for name, code in codes.items():
        text = text.replace("{" + name + "}", code)
    return text


def _worksheet(sheet: Sheet) -> str:
    columns = [_column(i) for i in range(len(sheet.headers))]
    widths = column_widths(sheet)
    last = f"{columns[-1]}{len(sheet.rows) + 1}"
    dates = set(sheet.dates)
    parts = [_HEAD, f'<worksheet xmlns="{_NS}" xmlns:r="{_REL}">',
             '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>', f'<dimension ref="A1:{last}"/>',
             '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
             ' state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
             '<sheetFormatPr defaultRowHeight="15"/><cols>']
    parts += [f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
              for i, width in enumerate(widths, start=1)]
    parts.append('</cols><sheetData><row r="1">')
    parts += [_cell(f"{column}1", header, False, HEADER_STYLE) for column, header in zip(columns, sheet.headers, strict=True)]
    parts.append("</row>")
    for number, row in enumerate(sheet.rows, start=2):
        lines = max((_lines(value, width) for value, width in zip(row, widths, strict=False)), default=1)
        # A wrapped cell's row is given its height: a spreadsheet keeps the default one line of a row without one
        # (LibreOffice prints the rest cut off), and computes none when it opens a file.
        height = f' ht="{lines * _LINE_HEIGHT:g}" customHeight="1"' if lines > 1 else ""
        parts.append(f'<row r="{number}"{height}>')
        parts += [_cell(f"{column}{number}", value, index in dates)
                  for index, (column, value) in enumerate(zip(columns, row, strict=True))]
        parts.append("</row>")
    parts += ["</sheetData>", f'<autoFilter ref="A1:{last}"/>',
              '<pageMargins left="0.4" right="0.4" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
              '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>',
              # Codes the spreadsheet fills in when it prints: &A the sheet's name, &F the file's, &P and &N the page and
              # pages (not &D, the day of printing: each spreadsheet writes it in its locale's order, 12/05/2026)
              '<headerFooter><oddHeader>&amp;L&amp;A&amp;R&amp;F</oddHeader>'
              f'<oddFooter>{_text("&C" + _code_text(t("register.print.page"), page="&P", pages="&N"))}'
              '</oddFooter></headerFooter></worksheet>']
    return "".join(parts)


_STYLES = (f'{_HEAD}<styleSheet xmlns="{_NS}">'
           '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
           '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
           '</fill><fill><patternFill patternType="solid"><fgColor rgb="00DDDDDD"/><bgColor indexed="64"/>'
           '</patternFill></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"'
           ' applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
           '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1">'
           '<alignment horizontal="left" vertical="top"/></xf>'
           '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1">'
           '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def to_xlsx(sheets: list[Sheet], stamp: dt.date) -> bytes:
    """A workbook auditors can print: real dates, landscape A4 fitted to the width, the header row
    repeated on every page, and text that looks like a formula kept as text. Dated `stamp`."""
    moment = f"{stamp.isoformat()}T00:00:00Z"  # W3CDTF's four-digit year: strftime writes the year 1 as "1"
    count = len(sheets)
    names = "".join(f'<sheet name={quoteattr(s.title)} sheetId="{i}" r:id="rId{i}"/>'
                    for i, s in enumerate(sheets, start=1))
    titles = "".join(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
                     f"{_text(_quoted_sheet(s.title))}!$1:$1</definedName>" for i, s in enumerate(sheets))
    areas = "".join(f'<definedName name="_xlnm.Print_Area" localSheetId="{i}">{_text(_quoted_sheet(s.title))}'
                    f"!$A$1:${_column(s.printed - 1)}${len(s.rows) + 1}</definedName>"
                    for i, s in enumerate(sheets) if 0 < s.printed < len(s.headers))
    filters = "".join(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                      f"{_text(_quoted_sheet(s.title))}!$A$1:${_column(len(s.headers) - 1)}${len(s.rows) + 1}"
                      "</definedName>" for i, s in enumerate(sheets))
    parts = {
        "[Content_Types].xml": (
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, count + 1))
            + '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'),
        "_rels/.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/></Relationships>'),
        "docProps/app.xml": (
            f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>qmsdoc</Application></Properties>"),
        "docProps/core.xml": (
            f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>qmsdoc</dc:creator>'
            "<cp:lastModifiedBy>qmsdoc</cp:lastModifiedBy>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{moment}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{moment}</dcterms:modified></cp:coreProperties>'),
        "xl/workbook.xml": (
            f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{names}</sheets><definedNames>{filters}{areas}{titles}</definedNames></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, count + 1))
            + f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": _STYLES,
    }
    for i, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = _worksheet(sheet)
    return write_zip({name: text.encode("utf-8") for name, text in parts.items()})


def _quoted_sheet(title: str) -> str:
    """A sheet name as a formula reference: quoted, with quotes doubled."""
    return "'" + title.replace("'", "''") + "'"
