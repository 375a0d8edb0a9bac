"""What the tests of an approved version waiting for its effective date (`qmsdoc release … --effective`) share: the
two days, the English example with a version waiting, a build of a waiting project on a day, and the text of the
copies and the verdicts of `qmsdoc verify` they read."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from test_english import _copy

from conftest import copied, release_later, run_cli, today_is

APPROVED, EFFECTIVE = "2026-12-06", "2027-01-01"
ADDED = "补充一条新的要求。"  # the line a waiting version adds (release_later's)
ENGLISH_PEOPLE = ("Quality Manager", "Managing Director", "Operations Director")  # drafts, approves, reviews


def english_waiting(folder: Path, code: str, line: str, effective: str = EFFECTIVE) -> Path:
    """The English example copied to `folder`/en and committed, then `code` (a document or the manual's index page)
    revised with `line` added and approved today to take effect on `effective`, committed."""
    root = _copy(folder, committed=True)
    release_later(root, code, effective, line, people=ENGLISH_PEOPLE, change="Added")
    return root


def waiting_copy(project: Path, folder: Path, *releases: tuple[str, str, str]) -> Path:
    """A copy of `project` in `folder`/project where each of `releases` (code, effective date, line added) is
    approved on APPROVED to take effect later, committed."""
    root = copied(project, folder)
    with today_is(APPROVED):
        for code, effective, line in releases:
            release_later(root, code, effective, line)
    return root


def built_on(project: Path, folder: Path, day: str, *options: str) -> tuple[Path, str]:
    """A copy of `project` in `folder`/project built on `day` (`qmsdoc build` with `options`): (the copy's folder,
    what the build said on stderr)."""
    root = folder / "project"
    shutil.copytree(project, root)
    with today_is(day):
        done = run_cli("build", *options, cwd=root)
    assert done.returncode == 0, done
    return root, done.stderr


def copies_of(root: Path, code: str) -> None:
    """`qmsdoc docx code` and `qmsdoc pdf code` in the project at `root`: the Word and PDF copies, written today."""
    for kind in ("docx", "pdf"):
        done = run_cli(kind, code, cwd=root)
        assert done.returncode == 0, done


def word_text(path: Path, cell_gap: str | None = None) -> str:
    """The paragraphs of a Word copy, a line each; with `cell_gap`, then each row of its header tables, the cells
    joined by `cell_gap`."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    if cell_gap is not None:
        for section in document.sections:
            for table in section.header.tables:
                texts += [cell_gap.join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(texts)


def pdf_text(path: Path) -> str:
    """The text of a PDF copy as `pdftotext -raw` reads it, without its spaces."""
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "")


def verdict(root: Path, path: Path | str, *, on: str | None = None) -> tuple[int, str]:
    """`qmsdoc verify path` in the project at `root` (`on`: asked that day, QMSDOC_TODAY): (exit code, all it said)."""
    with pytest.MonkeyPatch.context() as patch:
        if on is not None:
            patch.setenv("QMSDOC_TODAY", on)
        done = run_cli("verify", str(path), cwd=root)
    return done.returncode, done.stdout + done.stderr
