"""`qmsdoc import` reads a Markdown source in the project's dialect (qmsdoc.yml `markdown_extensions`,
Config.dialect), as check and the page read the draft it writes: what the page shows as code is not relinked and
lists no forms, whatever the default dialect would make of it."""

from __future__ import annotations

from pathlib import Path

from test_import_english import _import
from test_import_markdown import SOP_004, _draft, _findings, _write

# Under `!!! note` the indented lines are the note's text with `admonition`, an indented code block without it.
NOTED = """---
title: Incoming Inspection
doc_id: SOP-006
---
# Incoming Inspection

## Purpose

Inspect goods on arrival.

!!! note

    See [supplier evaluation](sop-004.md).

## Records

!!! note

    - QR-07 Receiving Log
"""


def _project(tmp_path: Path, extensions: list[str] | None) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    listed = "" if extensions is None else "markdown_extensions: [" + ", ".join(extensions) + "]\n"
    (root / "qmsdoc.yml").write_text("language: en\n" + listed, "utf-8")
    return root


def _imported(tmp_path: Path, extensions: list[str] | None) -> tuple[Path, str]:
    root = _project(tmp_path, extensions)
    src = tmp_path / "src"
    files = [_write(src, "sop-004.md", SOP_004), _write(src, "sop-006.md", NOTED)]
    code, report = _import(root, "--manual", "SOP", *map(str, files))
    assert code == 0, report
    return root, _draft(root / "manuals" / "sop" / "SOP-006.md")[2]


def test_a_project_without_admonitions_keeps_the_code_under_a_note_as_written(tmp_path: Path) -> None:
    root, body = _imported(tmp_path, ["tables", "toc", "pymdownx.superfences"])
    assert "    See [supplier evaluation](sop-004.md).\n" in body, body  # code on its page: not relinked
    assert "    - QR-07 Receiving Log\n" in body, body  # and no form listed
    assert not (root / "controlled_forms" / "QR-07.yaml").exists()


def test_the_default_dialect_reads_the_note_s_text_and_its_records(tmp_path: Path) -> None:
    root, body = _imported(tmp_path, None)
    assert "    See [[SOP-004]].\n" in body, body
    assert "[[QR-07]]" in body, body
    assert (root / "controlled_forms" / "QR-07.yaml").exists()
    assert _findings(root) == []


def test_the_draft_read_in_a_project_without_admonitions_checks_clean(tmp_path: Path) -> None:
    root, _ = _imported(tmp_path, ["tables", "toc", "pymdownx.superfences"])
    assert _findings(root) == []
