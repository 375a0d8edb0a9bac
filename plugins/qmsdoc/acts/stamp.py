"""Writing approval records: one editor for Markdown front matter and for form YAML, and the one
function that fills `approved:` with the fingerprint (and, in signed mode, the approver's signature)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..core.approval import SigningError, parse_version, sign, signing_payload
from ..core.config import Config
from ..core.fingerprint import fingerprint
from ..core.i18n import t
from ..core.pictures import RECORD_KEY, page_folder, picture_record
from ..core.source import is_closing
from ..core.sourcefile import BOM, SourceFile
from .yamledit import FrontMatterEditor, flow_mapping

KEY_ENV = "QMSDOC_SIGNING_KEY"


class StampError(Exception):
    """The record could not be written; the message is for the user."""


def editor_for(kind: str, source: SourceFile) -> FrontMatterEditor:
    """A front-matter editor; a form's whole YAML file is edited as if it were front matter."""
    text = source.text
    if kind == "form":
        if any(is_closing(line) for line in text.split("\n")):
            raise StampError(t("act.stamp.separator", path=source.path))
        text = "---\n" + text.rstrip("\n") + "\n---\n"
    try:
        return FrontMatterEditor(text)
    except (ValueError, StopIteration) as exc:
        raise StampError(t("act.stamp.uneditable", path=source.path)) from exc


def edited_bytes(kind: str, source: SourceFile, editor: FrontMatterEditor) -> bytes:
    """The file's new bytes: BOM and line endings kept; for documents and manuals the body bytes too."""
    if kind != "form":
        return source.with_front_matter(editor.text())
    lines = editor.lines[1:editor.end]
    text = "\n".join(lines) + "\n"
    return (BOM if source.bom else b"") + text.replace("\n", source.newline).encode("utf-8")


def signing_key(config: Config, key: str | None) -> Path | None:
    """The approver's private key (`--key`, else $QMSDOC_SIGNING_KEY); required in signed mode only."""
    chosen = key or os.environ.get(KEY_ENV)
    if not config.signed:
        return Path(chosen) if chosen else None
    if not chosen:
        raise StampError(t("act.stamp.need_key", env=KEY_ENV))
    return Path(chosen)


def stamp(config: Config, kind: str, item_id: str, editor: FrontMatterEditor, record: dict[str, Any],
          key: Path | None, *, after: str | None = None, path: str = "") -> str:
    """Write `approved: {…record[, pictures], fingerprint[, signature]}` into the editor; returns the fingerprint.
    `path`: where the page is approved (project-relative), where the pictures its body shows are read from."""
    editor.set("approved", flow_mapping(record), after=after)
    src = parse_version(kind, editor.text() if kind != "form" else "\n".join(editor.lines[1:editor.end]), "")
    if src.findings or not isinstance(src.data, dict):
        raise StampError(t("act.stamp.unparsable"))
    pictures = picture_record(config.manuals_path, page_folder(path, config.manuals_dir), src.body, config.dialect) \
        if kind != "form" and path else {}
    if pictures:  # inside the record the fingerprint covers: the pictures are approved with the words
        record = {**record, RECORD_KEY: pictures}
        editor.set("approved", flow_mapping(record), after=after)
        src = parse_version(kind, editor.text(), "")
    stamp_value = fingerprint(src.data, "" if kind == "form" else src.body)
    full = {**record, "fingerprint": stamp_value}
    if config.signed or key is not None:
        if key is None:
            raise StampError(t("act.stamp.no_key"))
        try:
            full["signature"] = sign(key, signing_payload(item_id, stamp_value))
        except SigningError as exc:
            raise StampError(str(exc)) from exc
    editor.set("approved", flow_mapping(full))
    return stamp_value
