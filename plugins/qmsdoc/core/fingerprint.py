"""The approval fingerprint: SHA-256 of a document's controlled content.

Controlled content is the body, normalised so that line endings, trailing spaces and runs of
blank lines do not count, plus the controlled front-matter fields as parsed values (so YAML
re-formatting does not count either). Status, sign-offs and 修订记录 are records about the
content, not the content, and are left out: releasing changes them."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

CONTROLLED_FIELDS = ("id", "title", "type", "version", "department", "effective_date", "review_months",
                     "superseded_by", "external")


def normalise_body(body: str) -> list[str]:
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text.split("\n")


def fingerprint(data: dict[str, Any], body: str) -> str:
    fields = {key: data[key] for key in CONTROLLED_FIELDS if key in data}
    payload = json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str) + "\n" + "\n".join(
        normalise_body(body))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def first_changed_line(old_body: str, new_body: str, new_first_line: int) -> int:
    """The file line of the first body line that differs (blank-line runs and trailing spaces ignored)."""
    raw = new_body.split("\n")
    old = [line.rstrip() for line in old_body.split("\n") if line.strip()]
    index = 0
    for offset, line in enumerate(raw):
        if not line.strip():
            continue
        if index >= len(old) or old[index] != line.rstrip():
            return new_first_line + offset
        index += 1
    return new_first_line + len(raw) - 1
