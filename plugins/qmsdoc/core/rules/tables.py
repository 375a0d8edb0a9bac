"""QD166: a table row with more cells than its table has columns. The page shows each row as many cells as the
delimiter row (`|---|---|`) has, as GFM does, and drops the rest without a word: text of a controlled document gone
from the site, the Word and the PDF copy alike (they take the one parse)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..i18n import join, t
from ..mdlinks import lost_table_cells
from ..model import Document
from . import Context, Rule, per_file, shown_severity
from .safety import Page, _bodies


@per_file("QD166", Severity.ERROR, "表格的某行单元格多于表头的列数（多出的单元格在网站和副本中都不显示）", per=_bodies)
def lost_cells(self: Rule, ctx: Context, document: Document | Page) -> Iterator[Finding]:
    severity = shown_severity(document) if isinstance(document, Document) else Severity.ERROR
    for line, columns, lost in lost_table_cells(document.body, document.source.body_line, ctx.config.dialect):
        shown = join([t("rule.QD166.cell", text=cell[:40]) for cell in lost if cell][:3])
        yield self.at(document.path, line, t("rule.QD166.message", columns=columns, count=columns + len(lost),
                                             lost=shown), severity)
