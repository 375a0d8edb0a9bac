"""受控文件清单 and 外来文件清单 as CSV and XLSX (openpyxl), byte-reproducible."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from pathlib import Path

from ..core.model import Corpus, Document, Form
from ..core.paths import DOCX_DIR, EXTERNAL_REGISTER_CSV, REGISTER_CSV, REGISTER_XLSX, docx_relative
from ..core.reproducible import normalise_zip

HEADERS = ("文件编号", "文件名称", "类别", "版本", "状态", "归口部门", "生效日期", "编制", "审核", "批准", "下次评审日期",
           "源文件 SHA-256", "Word 副本 SHA-256")
EXTERNAL_HEADERS = ("外来文件编号", "名称", "发布单位", "引用文件", "引用文件名称")
WIDTHS = (16, 34, 12, 8, 10, 16, 12, 18, 18, 18, 14, 66, 66)


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in 1 MiB chunks (a huge file is never held in memory)."""
    if not path.is_file():
        return ""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _signoff(document: Document, key: str) -> str:
    signoff = document.signoffs.get(key)
    return f"{signoff.by} {signoff.date or ''}".strip() if signoff else ""


def _review_cell(document: Document, today: dt.date | None) -> str:
    """The 下次评审 column: 作废日期 for a withdrawn document, the due date (marked when overdue) otherwise."""
    if document.status.is_obsolete:
        return f"已作废 {document.withdrawn}" if document.withdrawn else "已作废"
    due = document.next_review
    if today and document.review_overdue(today):
        return f"{due}（评审逾期）"
    return str(due or "")


def register_rows(corpus: Corpus, root: Path, docx_dir: Path, today: dt.date | None = None) -> list[list[str]]:
    rows = []
    for target in corpus.sorted_targets():
        word = sha256_file(docx_dir / docx_relative(target.id, form=isinstance(target, Form)))
        source = target.source.sha256 or sha256_file(root / target.path)  # the bytes this build was made from
        if isinstance(target, Document):
            rows.append([target.id, target.title, target.type_label, str(target.version or ""), target.status_label,
                         target.department, str(target.effective_date or ""), _signoff(target, "prepared"),
                         _signoff(target, "reviewed"), _signoff(target, "approved"), _review_cell(target, today),
                         source, word])
        else:
            rows.append([target.id, target.title, target.type_label, str(target.version or ""), target.status_label,
                         "", "", "", "", "", "", source, word])
    return rows


def external_rows(corpus: Corpus) -> list[list[str]]:
    rows = []
    for document in corpus.sorted_documents():
        for item in document.external:
            rows.append([str(item.get("code", "")), str(item.get("title", "")), str(item.get("issuer", "")),
                         document.id, document.title])
    return sorted(rows)


# Spreadsheets run cells starting with these as formulas (=HYPERLINK(...) leaks data, DDE runs commands).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A CSV cell Excel and WPS show as text: a leading quote before formula characters (OWASP)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(headers: tuple[str, ...], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel and WPS open UTF-8 CSV correctly


def to_xlsx(sheets: list[tuple[str, tuple[str, ...], list[list[str]]]], stamp: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    for default in list(book.worksheets):  # the empty sheet a new workbook starts with
        book.remove(default)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(list(headers))
        for number, row in enumerate(rows, start=2):
            sheet.append(row)
            for cell in sheet[number]:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    cell.data_type = "s"  # stored as text, never as a formula
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDDDDD")
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for index, width in enumerate(WIDTHS[: len(headers)], start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    moment = dt.datetime.combine(stamp, dt.time())
    book.properties.created = book.properties.modified = moment
    book.properties.creator = book.properties.lastModifiedBy = "qmsdoc"
    raw = io.BytesIO()
    book.save(raw)
    # openpyxl stamps dcterms:modified with the clock on save; pin it to the register's date.
    iso = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return normalise_zip(raw.getvalue(), {"docProps/core.xml": lambda xml: re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + iso.encode() + rb"\g<2>", xml)})


def write_registers(corpus: Corpus, root: Path, build_dir: Path, stamp: dt.date,
                    today: dt.date | None = None) -> list[Path]:
    rows = register_rows(corpus, root, build_dir / DOCX_DIR, today)
    external = external_rows(corpus)
    outputs = {
        REGISTER_CSV: to_csv(HEADERS, rows),
        EXTERNAL_REGISTER_CSV: to_csv(EXTERNAL_HEADERS, external),
        REGISTER_XLSX: to_xlsx([("受控文件清单", HEADERS, rows), ("外来文件清单", EXTERNAL_HEADERS, external)], stamp),
    }
    written = []
    for name, data in outputs.items():
        path = build_dir / name
        path.write_bytes(data)
        written.append(path)
    return written


def latest_date(corpus: Corpus) -> dt.date:
    """The register's own date: the newest approval or effective date, so rebuilds are identical."""
    days = [d.effective_date for d in corpus.documents.values() if d.effective_date]
    days += [s.date for d in corpus.documents.values() for s in d.signoffs.values() if s.date]
    return max(days, default=dt.date(2000, 1, 1))
