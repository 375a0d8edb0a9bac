"""Table column widths from their content, decided once for every copy writer (Word, PDF)."""

from __future__ import annotations

import re
from collections.abc import Iterable


def text_units(text: str) -> int:
    """Width of text in half-em units: a CJK or full-width character is two, others one."""
    return sum(2 if ord(c) >= 0x1100 and not 0x2000 <= ord(c) < 0x2E80 else 1 for c in text)


_WORD = re.compile(r"[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+")
MAX_LINE_UNITS = 60  # a cell longer than this wraps anyway: it asks for no more
CELL_PADDING_UNITS = 2


def _longest_word(text: str) -> int:
    """The widest piece a line cannot break inside: a Latin word or number (CJK breaks anywhere)."""
    return max((len(word) for word in _WORD.findall(text)), default=1 if text else 0)


def column_widths(columns: Iterable[Iterable[str]], available_units: int = 90) -> tuple[float, ...]:
    """Each column's share of the width from the text of its cells (`columns`: per column, the text
    of each cell), as an automatic table layout does: every column gets at least its longest word (a
    word is never split) and its short cells on one line; what is left goes to the columns whose
    text wraps, in proportion to how much more they would take."""
    natural: list[int] = []
    minimum: list[int] = []
    for cells in columns:
        texts = list(cells)
        widest = max((min(text_units(line), MAX_LINE_UNITS) for t in texts for line in t.split("\n")), default=0)
        word = max((_longest_word(t) for t in texts), default=0)
        short = min(widest, 12)  # labels like 检查项目 stay on one line
        natural.append(max(widest, 1) + CELL_PADDING_UNITS)
        minimum.append(max(word, short, 1) + CELL_PADDING_UNITS)
    if not natural:
        return ()
    total = sum(natural)
    if total <= available_units:
        return tuple(n / total for n in natural)
    floor = sum(minimum)
    if floor >= available_units:
        return tuple(m / floor for m in minimum)
    spare = available_units - floor
    wants = [n - m for n, m in zip(natural, minimum, strict=True)]
    want = sum(wants) or 1
    return tuple((m + spare * w / want) / available_units for m, w in zip(minimum, wants, strict=True))
