"""The register workbook written directly as SpreadsheetML (ECMA-376), byte-reproducible.

openpyxl built it cell object by cell object: a second per 5,000 rows, most of a one-edit rebuild's
register time. The workbook is simple and fixed — text and date cells, a bold shaded header row that
is frozen, filtered and repeated on every printed page, landscape A4 one page wide — so its XML is
written here from strings. Every cell is text (an inline string) or a date (a serial number with a
date format): nothing is ever a formula, whatever the text starts with. Characters XML cannot carry
are replaced, never passed through."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

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
HEADER_STYLE, DATE_STYLE = 1, 2  # indexes into cellXfs below


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its rows, column widths and the columns holding dates (written as real dates)."""

    title: str
    headers: Sequence[str]
    rows: list[list[str]]
    widths: tuple[int, ...]
    dates: tuple[int, ...] = ()


def _column(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


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
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'


def _worksheet(sheet: Sheet) -> str:
    columns = [_column(i) for i in range(len(sheet.headers))]
    last = f"{columns[-1]}{len(sheet.rows) + 1}"
    dates = set(sheet.dates)
    parts = [_HEAD, f'<worksheet xmlns="{_NS}" xmlns:r="{_REL}">',
             '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>', f'<dimension ref="A1:{last}"/>',
             '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
             ' state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
             '<sheetFormatPr defaultRowHeight="15"/><cols>']
    parts += [f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
              for i, width in enumerate(sheet.widths[: len(sheet.headers)], start=1)]
    parts.append('</cols><sheetData><row r="1">')
    parts += [_cell(f"{column}1", header, False, HEADER_STYLE) for column, header in zip(columns, sheet.headers, strict=True)]
    parts.append("</row>")
    for number, row in enumerate(sheet.rows, start=2):
        parts.append(f'<row r="{number}">')
        parts += [_cell(f"{column}{number}", value, index in dates)
                  for index, (column, value) in enumerate(zip(columns, row, strict=True))]
        parts.append("</row>")
    parts += ["</sheetData>", f'<autoFilter ref="A1:{last}"/>',
              '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>',
              '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>']
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
           '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
           '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
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
            f"<sheets>{names}</sheets><definedNames>{filters}{titles}</definedNames></workbook>"),
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
