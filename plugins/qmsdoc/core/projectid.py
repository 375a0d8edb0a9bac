"""The project identifier (qmsdoc.yml `project_id`): a random token `qmsdoc init` writes once, carried by every
Word copy (a custom document property) and every PDF copy (a keyword, in its Info dictionary and XMP metadata)
under one name, so that `qmsdoc verify` can tell a copy another project issued from its own even when both
name the same organisation. The name is an identifier, the same in every language: a copy of an English
project is read by a Chinese one."""

from __future__ import annotations

import re
import uuid

PROPERTY = "qmsdoc-project-id"
"""The Word custom property's name and the PDF keyword's prefix (`qmsdoc-project-id:<token>`)."""
TOKEN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
"""A token's one spelling: a UUID in lower-case hex, 8-4-4-4-12."""
# read in any case, as a Word copy's property is (verify lower-cases what it reads): an upper-cased id was no id
_KEYWORD = re.compile(re.escape(PROPERTY) + r"\s*:\s*(" + TOKEN.pattern + ")", re.IGNORECASE)


def new_project_id() -> str:
    """A fresh token (a random UUID: two projects never share one)."""
    return str(uuid.uuid4())


def is_project_id(value: str) -> bool:
    """Whether `value` is a token in its one spelling."""
    return TOKEN.fullmatch(value) is not None


def keyword(project_id: str) -> str:
    """The PDF keyword carrying `project_id`."""
    return f"{PROPERTY}:{project_id}"


def in_keywords(keywords: str) -> str | None:
    """The token a PDF's keywords carry (`keyword`), None when they carry none."""
    found = _KEYWORD.search(keywords)
    return found.group(1) if found else None
