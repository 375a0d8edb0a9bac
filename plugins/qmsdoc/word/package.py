"""Saving .docx reproducibly: fixed core properties and zip entry times, so the same sources give
byte-identical files (an auditor can rebuild a release and compare hashes)."""

from __future__ import annotations

import datetime as dt
import io

from docx.document import Document as DocxDocument

from ..core.reproducible import normalise_zip


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
    return normalise_zip(raw.getvalue())
