"""Saving .docx reproducibly: fixed core properties and zip entry times, so the same sources give
byte-identical files (an auditor can rebuild a release and compare hashes)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.document import Document as DocxDocument

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def set_properties(doc: DocxDocument, *, title: str, subject: str, author: str, keywords: str,
                   category: str, date: dt.date | None) -> None:
    stamp = dt.datetime.combine(date or dt.date(2000, 1, 1), dt.time())
    props = doc.core_properties
    props.title, props.subject, props.keywords, props.category = title, subject, keywords, category
    props.author = props.last_modified_by = author
    props.comments = ""
    props.revision = 1
    props.created = props.modified = props.last_printed = stamp


def to_bytes(doc: DocxDocument) -> bytes:
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
