"""The column heads of a blank form's repeating table, laid out once for every renderer (site page, Word, PDF):
which columns there are, how wide each is, and the one or two header rows over them. A column is a head of its own
(`日期`) or one of a group (`{group: 检查结果, columns: [合格, 不合格]}`): a form with a group has two header rows,
the group's label over its columns and every ungrouped head spanning both rows. One level of grouping only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .colwidths import CELL_PADDING_UNITS, blank_column_minimums, content_minimum, equal_shares


@dataclass(frozen=True)
class ColumnGroup:
    """Columns written under one head: `label` spans them in the first header row, theirs stand in the second."""

    label: str
    columns: tuple[str, ...]


Column = str | ColumnGroup
"""One entry of `table.columns` as the source writes it."""


@dataclass(frozen=True)
class HeadCell:
    """One cell of a header row: `label` over `colspan` leaf columns from column `first`, `rowspan` rows tall;
    `group` when it heads a group of columns (HTML scope="colgroup")."""

    label: str
    first: int
    colspan: int = 1
    rowspan: int = 1
    group: bool = False


def leaf_columns(columns: Sequence[Column]) -> tuple[str, ...]:
    """The columns a row of the table is written in, left to right: each ungrouped head and each group's columns."""
    return tuple(leaf for column in columns
                 for leaf in (column.columns if isinstance(column, ColumnGroup) else (column,)))


def head_rows(columns: Sequence[Column]) -> tuple[tuple[HeadCell, ...], ...]:
    """The header rows: one of leaf heads for a table without a group; else two, the groups' labels and the
    ungrouped heads (spanning both rows) over the groups' columns."""
    if not any(isinstance(column, ColumnGroup) for column in columns):
        return (tuple(HeadCell(label, index) for index, label in enumerate(leaf_columns(columns))),) if columns else ()
    top: list[HeadCell] = []
    below: list[HeadCell] = []
    first = 0
    for column in columns:
        if isinstance(column, ColumnGroup):
            top.append(HeadCell(column.label, first, colspan=len(column.columns), group=True))
            below += [HeadCell(label, first + offset) for offset, label in enumerate(column.columns)]
            first += len(column.columns)
        else:
            top.append(HeadCell(column, first, rowspan=2))
            first += 1
    return tuple(top), tuple(below)


def head_minimums(columns: Sequence[Column]) -> list[int]:
    """The least width of each leaf column in half-em units: its head kept whole (colwidths.blank_column_minimums),
    and a group's columns together at least as wide as the group's label, the extra shared equally among them."""
    minimum: list[int] = []
    for column in columns:
        if not isinstance(column, ColumnGroup):
            minimum += blank_column_minimums([column])
            continue
        members = blank_column_minimums(column.columns)
        short = content_minimum([column.label]) + CELL_PADDING_UNITS - sum(members)
        if short > 0 and members:
            each, rest = divmod(short, len(members))
            members = [width + each + (index < rest) for index, width in enumerate(members)]
        minimum += members
    return minimum


def head_widths(columns: Sequence[Column], available_units: int | None = None) -> tuple[float, ...]:
    """Each leaf column's share of the table's width: handwriting space, shared equally, no column below its
    head_minimums (colwidths.equal_shares)."""
    return equal_shares(head_minimums(columns), available_units)
