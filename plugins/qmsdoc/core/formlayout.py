"""How a blank form is laid out on paper, decided once for every renderer (site page, Word, PDF):
label/blank pairs two to a row, a full-width field on a row of its own, then the repeating table
and the signature rows."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import page
from .colwidths import text_units
from .model import FormField

if TYPE_CHECKING:
    from .copyjobs import FormJob

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


SAFE_MARGIN_CM = 0.5
"""The room a blank form leaves at its page's foot: LibreOffice sets a Word table's rows a little taller than Typst
does, so a landscape form of 12 rows and two signatures that the PDF fitted with 1 mm to spare printed its last rows
and signatures on a second page from the Word copy."""
TIGHT_GAP_CM = 0.05
"""BLOCK_GAP_CM on a form that would otherwise come within SAFE_MARGIN_CM of its page's foot (block_gap_cm)."""


def _pt_cm(points: float) -> float:
    return points * 2.54 / 72


def planned_height_cm(job: FormJob, gap_cm: float = BLOCK_GAP_CM) -> float:
    """The height the form's body takes on paper with `gap_cm` between its blocks, from the sizes both writers set:
    the title and the line under it, the field rows, the table's head rows and blank rows and the signature rows
    (a label that wraps only makes it taller)."""
    from .formhead import head_rows

    cell_cm = _pt_cm(page.line_pt(page.BODY_PT)) + 2 * page.CELL_INSET_Y_MM / 10
    height = _pt_cm(page.line_pt(page.TITLE_PT) + page.heading_space_pt(1)[1])
    height += _pt_cm(page.line_pt(page.SMALL_PT) + page.PARAGRAPH_GAP_PT)
    if job.notice:
        height += _pt_cm(page.line_pt(page.BODY_PT) + page.PARAGRAPH_GAP_PT)
    blocks = []
    rows = field_rows([FormField(label, lines, width) for label, lines, width in job.fields])
    if rows:
        blocks.append(sum(max(FIELD_LINE_CM * row.lines, cell_cm) for row in rows))
    if job.columns:
        blocks.append(len(head_rows(job.columns)) * cell_cm + job.rows * max(TABLE_ROW_CM, cell_cm))
    if job.signatures:
        blocks.append(len(job.signatures) * SIGNATURE_ROW_CM)
    return height + sum(blocks) + gap_cm * (len(blocks) - 1)


def body_height_cm(landscape: bool) -> float:
    """The height between a blank form's top and bottom margins."""
    return page.page_cm(landscape)[1] - BODY_TOP_CM - page.BOTTOM_MARGIN_CM


def block_gap_cm(job: FormJob) -> float:
    """The space between the form's blocks, Word's and the PDF's: BLOCK_GAP_CM, or TIGHT_GAP_CM where that gives a
    form that would fill its page (less than SAFE_MARGIN_CM to spare) the margin, so it stays on one page in both
    copies. A form with room to spare keeps its gaps; one too tall either way runs on to a second page in both."""
    room = body_height_cm(job.landscape)
    if room - planned_height_cm(job) >= SAFE_MARGIN_CM:
        return BLOCK_GAP_CM
    return TIGHT_GAP_CM if room - planned_height_cm(job, TIGHT_GAP_CM) >= SAFE_MARGIN_CM else BLOCK_GAP_CM
