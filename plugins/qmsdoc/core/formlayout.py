"""How a blank form is laid out on paper, decided once for every renderer (site page, Word, PDF):
label/blank pairs two to a row, a full-width field on a row of its own, then the repeating table
and the signature rows."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import page
from .colwidths import text_units
from .model import FormField

FIELDS_PER_ROW = 2
LINE_HEIGHT_EM = 1.8  # one handwriting line on the site; the copies use FIELD_LINE_CM for the same line

# The handwriting room of a printed blank form, the same in its Word and PDF copies: never less.
FIELD_LINE_CM = 0.9
"""One handwriting line of a field (a field of three lines is three times as tall)."""
TABLE_ROW_CM = 0.8
"""One blank row of the repeating table."""
SIGNATURE_ROW_CM = 1.2
"""One signature row: a name and a date written by hand."""
BLOCK_GAP_CM = 0.3
"""Between the field grid, the repeating table and the signature rows (Word: an empty paragraph this tall): the
room a landscape form needs for 12 rows and two signatures on one page comes from here, never from handwriting."""

SIGNATURES_KEEP_ROWS = 2
"""The last rows of the table before the signature rows (the repeating table, else the field grid) that go to
the next page with them when the form runs long: signatures never stand alone on a page, detached from what they
sign. The rows before them may break between pages, and a continued repeating table repeats its column heads."""


def kept_rows(count: int) -> int:
    """How many of a table's last `count` rows keep with the signature rows after it."""
    return min(count, SIGNATURES_KEEP_ROWS)


BODY_TOP_CM = page.TOP_MARGIN_CM
"""Above the body of a blank form's page, in the Word and the PDF copy alike: a form is headed by one line
(copylabels.form_header), not the four-row controlled header table, whose extra 2.3 cm on a landscape page
(16 cm of body) would push a 12-row form's signature rows onto a second page — useless to fill in by hand."""


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
