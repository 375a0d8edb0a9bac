"""How a blank form is laid out on paper, decided once for every renderer (site page, Word, PDF):
label/blank pairs two to a row, a full-width field on a row of its own, then the repeating table
and the signature rows."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .colwidths import text_units
from .model import FormField

FIELDS_PER_ROW = 2
LINE_HEIGHT_EM = 1.8  # one handwriting line on the site; Word uses its own unit for the same line


@dataclass(frozen=True)
class FieldRow:
    """One row of the form's field grid: one full-width field, or up to two half-width fields."""

    fields: tuple[FormField, ...]

    @property
    def full(self) -> bool:
        return len(self.fields) == 1 and self.fields[0].width == "full"

    @property
    def lines(self) -> int:
        """Handwriting lines the row needs: its tallest field."""
        return max(f.lines for f in self.fields)


def field_rows(fields: Sequence[FormField]) -> list[FieldRow]:
    """Half-width fields pair up in order; a full-width field ends the pair before it (a lone half
    field keeps an empty partner) and takes a row of its own."""
    rows: list[FieldRow] = []
    pending: list[FormField] = []
    for field in fields:
        if field.width == "full":
            if pending:
                rows.append(FieldRow(tuple(pending)))
                pending = []
            rows.append(FieldRow((field,)))
            continue
        pending.append(field)
        if len(pending) == FIELDS_PER_ROW:
            rows.append(FieldRow(tuple(pending)))
            pending = []
    if pending:
        rows.append(FieldRow(tuple(pending)))
    return rows


LABEL_MIN_CM = 3.2  # a short label's column: room for 四个字 and the pen
LABEL_MAX_SHARE = 0.65  # of a label-and-blank pair: the blank keeps at least a third
UNIT_CM = 0.19  # half an em of 10.5 pt bold text (a CJK character is two)
LABEL_PADDING_CM = 0.45


def label_width_cm(labels: Iterable[str], pair_cm: float) -> float:
    """The width of a form's label columns: the longest label on one line (a long English label no
    longer wraps one word a line), at least LABEL_MIN_CM, at most LABEL_MAX_SHARE of a label-and-blank
    pair of columns `pair_cm` wide."""
    widest = max((text_units(label) for label in labels), default=0)
    width = min(max(widest * UNIT_CM + LABEL_PADDING_CM, LABEL_MIN_CM), pair_cm * LABEL_MAX_SHARE)
    return math.floor(width * 100) / 100


def label_share(labels: Iterable[str], pair_cm: float) -> float:
    """The label column's share of a label-and-blank pair `pair_cm` wide (label_width_cm as a fraction),
    for a renderer that sizes columns relative to its width, as the site page does."""
    return label_width_cm(labels, pair_cm) / pair_cm
