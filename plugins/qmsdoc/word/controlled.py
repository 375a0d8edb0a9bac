"""The parts every controlled copy shares: the bordered page header with page X of Y, the footer
with 受控状态 and 分发号, the watermark, the 修订记录 table and the 编制/审核/批准 block."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.section import Section
from docx.shared import Cm, Length, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from .fields import add_field, add_watermark, set_table_borders, set_widths
from .styles import HEADING_FONT, set_fonts


def _fill(cell: _Cell, text: str, *, bold: bool = False, size: float = 9, center: bool = False) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(size)
    return paragraph


def page_header(doc: DocxDocument, *, organisation: str, title: str, code: str, version: str,
                effective: str, department: str, watermark: str | None, section: Section | None = None) -> None:
    """受控文件 page header: organisation, 文件名称, 文件编号, 版本/修订, 生效日期, 第 X 页 共 Y 页 (of
    `section`, default the first: a whole manual gives each member document a section of its own)."""
    section = section or doc.sections[0]
    header = section.header
    header.is_linked_to_previous = False
    width = Length((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))
    table = header.add_table(rows=4, cols=4, width=width)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_borders(table)
    rows = [row.cells for row in table.rows]
    top = rows[0][0].merge(rows[0][3])
    org = _fill(top, organisation, bold=True, size=12, center=True)
    set_fonts(org.runs[0]._r, HEADING_FONT)
    for cells, (l1, v1, l2, v2) in zip(rows[1:], (("文件名称", title, "文件编号", code),
                                                   ("版本/修订", version, "生效日期", effective),
                                                   ("归口部门", department, "页　　码", None)), strict=True):
        _fill(cells[0], l1, bold=True)
        _fill(cells[1], v1)
        _fill(cells[2], l2, bold=True)
        if v2 is None:
            paragraph = _fill(cells[3], "第 ")
            add_field(paragraph, "PAGE")
            paragraph.add_run(" 页 共 ")
            add_field(paragraph, "NUMPAGES")
            paragraph.add_run(" 页")
            for run in paragraph.runs:
                run.font.size = Pt(9)
        else:
            _fill(cells[3], v2)
    set_widths(table, [2.2, 7.0, 2.2, 5.2])
    spacer = header.paragraphs[0]
    if watermark:
        add_watermark(spacer, watermark)


def page_footer(doc: DocxDocument, *, controlled: bool, copy_number: str) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    status = "受控" if controlled else "非受控"
    copy = copy_number or "＿＿＿＿"
    run = paragraph.add_run(f"受控状态：{status}　　　分发号：{copy}")
    run.font.size = Pt(9)


def grid(doc: DocxDocument, headers: Sequence[str], rows: Sequence[Sequence[str]],
         widths: Sequence[float] | None = None, min_height_cm: float | None = None) -> object:
    table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = doc.styles["Table Grid"]
    set_table_borders(table)
    all_rows = [row.cells for row in table.rows]
    for cell, text in zip(all_rows[0], headers, strict=True):
        _fill(cell, text, bold=True, size=10.5, center=True)
    for cells, values in zip(all_rows[1:], rows, strict=True):
        for cell, text in zip(cells, values, strict=True):
            _fill(cell, text, size=10.5)
    if widths:
        set_widths(table, list(widths))
    if min_height_cm:
        for row in table.rows[1:]:
            row.height = Cm(min_height_cm)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    return table


def keep_with_next(table: object) -> None:
    """Every paragraph of the table kept with what follows: the 修订记录 and 审批 tables travel
    together with the end of the body, so no page holds only an approval table."""
    for row in table.rows:  # type: ignore[attr-defined]
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def history_block(doc: DocxDocument, history: Sequence[tuple[str, str, str, str]], level: int = 2) -> None:
    if doc.paragraphs:  # the body's last paragraph stays on the page with the blocks after it
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    doc.add_heading("修订记录", level=level).paragraph_format.keep_with_next = True
    keep_with_next(grid(doc, ("版本", "日期", "修订人", "修订内容"), history or [("", "", "", "")],
                        (2.0, 3.0, 3.0, 8.6)))


def approval_block(doc: DocxDocument, signoffs: Sequence[tuple[str, str, str]], level: int = 2) -> None:
    doc.add_heading("审批", level=level).paragraph_format.keep_with_next = True
    table = doc.add_table(rows=3, cols=len(signoffs) + 1)
    for row in table.rows[:-1]:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
    table.style = doc.styles["Table Grid"]
    set_table_borders(table)
    rows = [row.cells for row in table.rows]
    for cells, label in zip(rows, ("", "签名", "日期"), strict=True):
        _fill(cells[0], label, bold=True, size=10.5, center=True)
    set_widths(table, [2.6] + [14.0 / len(signoffs)] * len(signoffs))
    for index, (label, by, day) in enumerate(signoffs, start=1):
        _fill(rows[0][index], label, bold=True, size=10.5, center=True)
        _fill(rows[1][index], by, size=10.5, center=True)
        _fill(rows[2][index], day, size=10.5, center=True)
