"""Table column widths from their content, decided once for every output (Word, PDF, the site): how a table's
width is shared, and the least a column may take — its longest word whole, a short heading on one line."""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import page


def text_units(text: str) -> int:
    """Width of text in half-em units: a CJK or full-width character is two, others one."""
    return sum(2 if ord(c) >= 0x1100 and not 0x2000 <= ord(c) < 0x2E80 else 1 for c in text)


_WORD = re.compile(r"[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+")
MAX_LINE_UNITS = 60  # a cell longer than this wraps anyway: it asks for no more
SHORT_UNITS = 12  # a cell up to this wide (labels like 检查项目, 序号) stays on one line
CELL_PADDING_UNITS = 2


LONG_RUN = 25
"""A run of this many characters without a space or a CJK character (a URL, a path, a long compound) is broken
wherever its line ends: by the PDF (pdf/markup.breakable) and by Word at the cell's edge. It asks for no wider
column than a shorter word: taken whole, an 85-character URL squeezed its neighbours' short headings (No, 序号)
below their own width when the table is shared out in proportion to its minimums."""


def _word_units(word: str) -> int:
    """A word's width in half-em units: a capital letter is about 0.7 em, wider than the half an em of text_units."""
    return line_units(word)


def line_units(text: str) -> int:
    """A line's width in half-em units, its capital letters counted about 0.7 em (text_units counts half an em)."""
    return text_units(text) + (sum(1 for c in text if "A" <= c <= "Z") + 1) // 2


def _longest_word(text: str) -> int:
    """The widest piece a line cannot break inside: a Latin word or number (CJK breaks anywhere; a run of LONG_RUN
    characters or more is broken where its line ends)."""
    return max((_word_units(word) if len(word) < LONG_RUN else _word_units(word[:LONG_RUN - 1])
                for word in _WORD.findall(text)), default=1 if text else 0)


def _widest_line(texts: list[str]) -> int:
    return max((min(text_units(line), MAX_LINE_UNITS) for t in texts for line in t.split("\n")), default=0)


def content_minimum(texts: Iterable[str]) -> int:
    """The least width (half-em units, without the cell's padding) a column holding `texts` may take: its
    longest word whole and a short text on one line; a longer text wraps at SHORT_UNITS, never narrower."""
    listed = list(texts)
    return max(max((_longest_word(t) for t in listed), default=0), min(_widest_line(listed), SHORT_UNITS), 1)


def one_line(text: str) -> bool:
    """Whether a cell's text is short enough to stay on one line in every output (its column is at least that wide)."""
    return _widest_line([text]) <= SHORT_UNITS


def column_widths(columns: Iterable[Iterable[str]], available_units: int | None = None) -> tuple[float, ...]:
    """Each column's share of the width from the text of its cells (`columns`: per column, the text
    of each cell), as an automatic table layout does: every column gets at least its content_minimum
    and what is left goes to the columns whose text wraps, in proportion to how much more they would take.
    `available_units`: the width in half-em units, the page's text width (core/page.py) unless given."""
    available = page.text_units() if available_units is None else available_units
    natural: list[int] = []
    minimum: list[int] = []
    for cells in columns:
        texts = list(cells)
        minimum.append(content_minimum(texts) + CELL_PADDING_UNITS)
        natural.append(max(max(_widest_line(texts), 1) + CELL_PADDING_UNITS, minimum[-1]))  # No: capitals
    if not natural:
        return ()
    total = sum(natural)
    if total <= available:
        return tuple(n / total for n in natural)
    return _above_minimums(minimum, [n - m for n, m in zip(natural, minimum, strict=True)], available)


def squeezed_runs(columns: Iterable[Iterable[str]], widths: Iterable[float],
                  available_units: int | None = None) -> tuple[int, ...]:
    """Per column of a table shared out as `widths`: 0 when its longest word fits its share, else the longest run
    of characters its share holds. A table too wide for the page (every column's minimum together wider than
    the text) gives some columns less than their longest word: Word breaks such a word at the cell's edge, the
    PDF must be told where it may (pdf/body.py), or it sets the word past the cell, over the next column."""
    available = page.text_units() if available_units is None else available_units
    runs = []
    for cells, share in zip(columns, widths, strict=True):
        room = share * available - CELL_PADDING_UNITS
        runs.append(0 if max((_longest_word(t) for t in cells), default=0) <= room else max(int(room), 2))
    return tuple(runs)


def blank_column_minimums(headings: Iterable[str]) -> list[int]:
    """The least width of each of a blank form's repeating columns, in half-em units: its heading kept whole (a
    short heading on one line). More than a page's text width and the heads break a character a line (QD156)."""
    return [content_minimum([h]) + CELL_PADDING_UNITS for h in headings]


def blank_column_widths(headings: Iterable[str], available_units: int | None = None) -> tuple[float, ...]:
    """The shares of a blank form's repeating columns: handwriting space, so shared equally, except that no
    column is narrower than its heading's content_minimum (序号 between two long headings keeps one line)."""
    return equal_shares(blank_column_minimums(headings), available_units)


def equal_shares(minimum: list[int], available_units: int | None = None) -> tuple[float, ...]:
    """Shares of columns whose least widths (half-em units) are `minimum`: equal, except that no column is narrower
    than its minimum; all minimums in proportion when they alone fill the width (the page's text unless given)."""
    available = page.text_units() if available_units is None else available_units
    if not minimum or sum(minimum) >= available:
        return tuple(m / (sum(minimum) or 1) for m in minimum)
    fixed: set[int] = set()  # columns held at their minimum; the others share what is left equally
    while True:
        free = [i for i in range(len(minimum)) if i not in fixed]
        each = (available - sum(minimum[i] for i in fixed)) / len(free)
        held = {i for i in free if minimum[i] > each}
        if not held:
            return tuple((minimum[i] if i in fixed else each) / available for i in range(len(minimum)))
        fixed |= held


def _above_minimums(minimum: list[int], wants: list[int], available: int) -> tuple[float, ...]:
    """Shares giving each column its minimum and the rest of `available` in proportion to `wants`; all
    minimums in proportion when they alone fill it."""
    floor = sum(minimum)
    if floor >= available:
        return tuple(m / floor for m in minimum)
    spare, want = available - floor, sum(wants) or 1
    return tuple((m + spare * w / want) / available for m, w in zip(minimum, wants, strict=True))
