"""A PDF copy's diagonal watermark stays on the page whatever its word: set at one size, English's SUPERSEDED and
OBSOLETE ran off both edges of an A4 page where Chinese 作废 fits with room to spare."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest
from test_pdf import _job

from qmsdoc.core.i18n import using
from qmsdoc.pdf.copies import document_pdf

_WORD = re.compile(r'<page width="([\d.]+)" height="([\d.]+)"|<word xMin="([-\d.]+)" yMin="([-\d.]+)" '
                   r'xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>')


def _boxes(pdf: bytes, tmp_path: Path) -> tuple[tuple[float, float], list[tuple[float, float, float, float, str]]]:
    """The first page's size and every word pdftotext finds on it, with its box."""
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    size, words = (0.0, 0.0), []
    for m in _WORD.finditer(out):
        if m.group(1):
            size = (float(m.group(1)), float(m.group(2)))
        else:
            words.append((float(m.group(3)), float(m.group(4)), float(m.group(5)), float(m.group(6)), m.group(7)))
    return size, words


def _mark_glyphs(words: list[tuple[float, float, float, float, str]], mark: str) -> list[tuple[float, ...]]:
    """The watermark comes out one glyph a word (it is rotated): the boxes of its letters."""
    return [w[:4] for w in words if len(w[4]) == 1 and w[4] in mark]


@pytest.mark.parametrize("superseded", ["A/1", ""])
def test_an_english_watermark_stays_on_the_page(tmp_path: Path, superseded: str) -> None:
    with using("en"):
        job = dataclasses.replace(_job(paragraphs=3, status="obsolete", title="Control of Records"),
                                  superseded=superseded)
        mark = str(job.watermark)  # SUPERSEDED (a copy of an earlier version), OBSOLETE
        (width, height), words = _boxes(document_pdf(job), tmp_path)
    glyphs = _mark_glyphs(words, mark)
    assert len(glyphs) >= len(mark)
    assert all(x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height for x0, y0, x1, y1 in glyphs), glyphs


def test_a_chinese_watermark_keeps_its_full_size(tmp_path: Path) -> None:
    (width, height), words = _boxes(document_pdf(_job(paragraphs=3, status="obsolete")), tmp_path)
    glyphs = _mark_glyphs(words, "作废")
    assert len(glyphs) == 2
    assert all(x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height for x0, y0, x1, y1 in glyphs)
    assert all(x1 - x0 > 90 for x0, _, x1, _ in glyphs)  # 110 pt characters turned 35°, not shrunk
