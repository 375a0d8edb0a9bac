"""The approval fingerprint: SHA-256 of everything an approver signs for.

It covers the body (normalised so that line endings, trailing spaces and runs of blank lines do not
count) and every front-matter field as parsed values (so YAML re-formatting does not count either):
id, title, type, version, status, department, dates, review_months, 编制/审核/批准 (who and when),
修订记录, superseded_by, 作废 data, external references; for a form its fields, table, signature rows
and owner; for a manual index its numbering and sign-offs. Left out are only the record of the
fingerprint itself (`approved.fingerprint`, `approved.signature`, `approved.signed`), `reviews` (periodic reviews
with no change are records about the document, not a new approval) and who must acknowledge it
(`acknowledge`, `acknowledge_days`, `acknowledge_all`: who has to read the text is not the text, and naming
one more department must not make a new version)."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

UNCOVERED_KEYS = ("reviews", "acknowledge", "acknowledge_days", "acknowledge_all")
# The record of the fingerprint and of the approver's signature over it (`signed`: when `qmsdoc sign` added
# the signature to an existing record) are about the approval, not what was approved.
UNCOVERED_APPROVAL_KEYS = ("fingerprint", "signature", "signed")


def normalise_body(body: str) -> list[str]:
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text.split("\n")


def covered_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The front-matter data the fingerprint covers."""
    fields = {key: value for key, value in data.items() if key not in UNCOVERED_KEYS}
    approved = fields.get("approved")
    if isinstance(approved, dict):
        fields["approved"] = {k: v for k, v in approved.items() if k not in UNCOVERED_APPROVAL_KEYS}
    return fields


def fingerprint(data: dict[str, Any], body: str = "") -> str:
    payload = json.dumps(covered_fields(data), ensure_ascii=False, sort_keys=True, default=str) + "\n" + "\n".join(
        normalise_body(body))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# When a paper approval was recorded (`qmsdoc baseline`): about the record of the approval, not what was approved.
RECORD_KEYS = ("baselined",)


def same_approval(old: dict[str, Any], old_body: str, new: dict[str, Any], new_body: str) -> bool:
    """Whether two texts hold the same approval of the same content, the later one only recording it (the
    fingerprint and day `qmsdoc baseline` adds to an approval made before qmsdoc, a signature `qmsdoc sign`
    adds): one release, in force from the first."""

    def approved(data: dict[str, Any]) -> dict[str, Any]:
        fields = covered_fields(data)
        record = fields.get("approved")
        if isinstance(record, dict):
            fields["approved"] = {k: v for k, v in record.items() if k not in RECORD_KEYS}
        return fields

    return approved(old) == approved(new) and normalise_body(old_body) == normalise_body(new_body)


def recorded_fingerprint(data: object) -> str | None:
    approved = data.get("approved") if isinstance(data, dict) else None
    value = approved.get("fingerprint") if isinstance(approved, dict) else None
    return value if isinstance(value, str) else None


def first_changed_key(old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """The first top-level covered field that differs between two versions (in the new file's order)."""
    before, after = covered_fields(old), covered_fields(new)
    for key in [*after, *before]:
        if before.get(key) != after.get(key):
            return key
    return None


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
