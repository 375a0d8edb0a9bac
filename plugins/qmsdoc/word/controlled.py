"""The parts every controlled copy shares: the bordered page header with page X of Y, the footer
with 受控状态 and 分发号, the watermark, the 修订记录 table and the 编制/审核/批准 block."""

from __future__ import annotations

from collections.abc import Sequence

from ..core import copylabels as labels
from ..core import page
from .package import WordFile
from .styles import heading_font
from .template import text_width_emu
from .wml import Cell, Font, Paragraph, Table, cm, equal_widths, field_runs, pt, watermark_run


def small() -> Font:
    """The header table's and the footer's text (core/page.py's size, as the PDF's)."""
    return Font(size=page.SMALL_PT)


def fill(cell: Cell, text: str, *, bold: bool = False, size: float | None = None, center: bool = False) -> Paragraph:
    """One line of text in a table cell, set tight (no space after); small text (page.SMALL_PT) unless `size`."""
    size = page.SMALL_PT if size is None else size
    paragraph = cell.paragraph
    paragraph.space_after = 0
    if center:
        paragraph.align = "center"
    paragraph.add(text, Font(bold=bold, size=size))
    return paragraph


def page_header(file: WordFile, *, organisation: str, title: str, code: str, version: str, effective: str,
                department: str, watermark: str | None, manual: bool = False) -> str:
    """受控文件 page header: organisation, 文件名称, 文件编号, 版本/修订, 生效日期, 第 X 页 共 Y 页 (of the
    section it heads: a whole manual gives each member document a section of its own). Returns the
    header's relationship id for the section. `manual`: the header of a whole manual's own pages, which
    names the manual (labels.header_rows)."""
    lines = labels.header_rows(title, code, version, effective, department, manual=manual)
    table = Table.empty(4, [cm(w) for w in labels.header_widths_cm(lines)])
    table.align = "center"
    table.tight = True  # under BODY_TOP_CM, as the PDF's header (1 mm, not the body's cell padding)
    top = table.merge_row(0, 0, 3)
    top.paragraph.space_after = 0
    top.paragraph.align = "center"
    top.paragraph.add(organisation, Font(bold=True, size=page.ORGANISATION_PT, east_asian=heading_font()))
    for row, (l1, v1, l2, v2) in zip(table.rows[1:], lines, strict=True):
        cells = row.cells
        fill(cells[0], l1, bold=True)
        fill(cells[1], v1)
        fill(cells[2], l2, bold=True)
        if v2 is None:
            cells[3].paragraph.space_after = 0  # set tight, as `fill` sets the other cells
            add_page_of(cells[3].paragraph, labels.page_of(), small())
        else:
            fill(cells[3], v2)
    spacer = Paragraph(style=file.style("Header"))
    if watermark:
        spacer.content.append(watermark_run(watermark))
    return file.add_header([spacer, table])


def watermark_header(file: WordFile, watermark: str) -> str:
    """A header holding only the watermark: a cover page that shows no header table is still marked."""
    return file.add_header([Paragraph(style=file.style("Header"), content=[watermark_run(watermark)])])


def page_footer(file: WordFile, *, controlled: bool, copy_number: str, state: str = "", paged: bool = False) -> str:
    """The footer (受控状态, 分发号), and with `paged` 第 X 页 共 Y 页 after it (a copy whose header has no 页码 cell);
    returns its relationship id."""
    paragraph = Paragraph(style=file.style("Footer"), align="center")
    paragraph.add(labels.footer(controlled=controlled, copy_number=copy_number, state=state), small())
    if paged:
        add_page_of(paragraph, labels.footer_page_of(), small())
    return file.add_footer([paragraph])


def add_page_of(paragraph: Paragraph, words: tuple[str, str, str], font: Font) -> Paragraph:
    """第 X 页 共 Y 页 at the end of `paragraph`: the page number and the page count as fields between `words`
    (labels.page_of in the header's 页码 cell, labels.footer_page_of after a footer's own line)."""
    before, middle, after = words
    paragraph.add(before, font)
    paragraph.content += field_runs("PAGE", font=font)
    paragraph.add(middle, font)
    paragraph.content += field_runs("NUMPAGES", font=font)
    if after:
        paragraph.add(after, font)
    return paragraph


GRID_PT = 10.5  # the text of a bordered table (`grid`)


def grid(file: WordFile, headers: Sequence[str], rows: Sequence[Sequence[str]],
         widths_cm: Sequence[float] | None = None, min_height_cm: float | None = None, *,
         landscape: bool = False) -> Table:
    """A bordered table: a bold centred header row, repeated on each page the table runs onto, then `rows` of
    text (at least `min_height_cm` high); without `widths_cm` the columns share the text width equally."""
    widths = [cm(w) for w in widths_cm] if widths_cm else equal_widths(text_width_emu(landscape), len(headers))
    table = Table.empty(1 + len(rows), widths, file.style("Table Grid"))
    table.rows[0].header = True
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        fill(cell, text, bold=True, size=GRID_PT, center=True).keep_next = True  # never alone at a page's foot
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            fill(cell, text, size=GRID_PT)
        if min_height_cm:
            row.height = cm(min_height_cm)
    return table


def heading(file: WordFile, text: str, level: int) -> Paragraph:
    paragraph = Paragraph(style=file.style(f"Heading {level}"), keep_next=True)
    paragraph.add(text)
    return paragraph


def history_block(file: WordFile, history: Sequence[tuple[str, str, str, str]], level: int = 2) -> None:
    """修订记录: its title, head row and first page.HISTORY_KEPT_ROWS revisions kept together; the rest may
    break onto the next page under the repeated head row, as the PDF's."""
    table = grid(file, labels.history_columns(), history or [("", "", "", "")], (*page.HISTORY_COLUMNS_CM, page.text_width_cm() - sum(page.HISTORY_COLUMNS_CM)))
    for row in table.rows:
        row.cant_split = True  # one revision's line is never divided between two pages
    for row in table.rows[:page.HISTORY_KEPT_ROWS]:  # the head row (grid keeps it) and the kept rows but the last
        for cell in row.cells:
            for paragraph in cell.paragraphs():
                paragraph.keep_next = True
    file.body += [heading(file, labels.HISTORY, level), table]


def approval_block(file: WordFile, signoffs: Sequence[tuple[str, str, str]], level: int = 2) -> None:
    """审批: 编制/审核/批准 with who and when, the first rows kept with the last. Where the language words
    the meaning of each signature (an English copy: "Author: responsible for the content"), a row says it."""
    meanings = labels.signoff_meanings(len(signoffs))
    heads = ["", labels.SIGNATURE, labels.DATE]
    if meanings:
        heads.append(labels.MEANING)
    share = (page.text_width_cm() - page.APPROVAL_LABEL_CM) / len(signoffs)
    table = Table.empty(len(heads), [cm(page.APPROVAL_LABEL_CM)] + [cm(share)] * len(signoffs), file.style("Table Grid"))
    for row in table.rows:
        row.cant_split = True
    for row in table.rows[:-1]:
        for cell in row.cells:
            cell.paragraph.keep_next = True
    rows = [row.cells for row in table.rows]
    for cells, label in zip(rows, heads, strict=True):
        fill(cells[0], label, bold=True, size=page.BODY_PT, center=True)
    for index, (label, by, day) in enumerate(signoffs, start=1):
        fill(rows[0][index], label, bold=True, size=page.BODY_PT, center=True)
        fill(rows[1][index], by, size=page.BODY_PT, center=True)
        fill(rows[2][index], day, size=page.BODY_PT, center=True)
        if meanings:
            fill(rows[3][index], meanings[index - 1], center=True)
    file.body += [heading(file, labels.APPROVAL, level), table]


def centred_title(text: str, *, size: float, bold: bool = True) -> Paragraph:
    """A centred 黑体 line (form titles, manual covers, 目录) that is not a heading in the TOC."""
    paragraph = Paragraph(align="center")
    paragraph.add(text, Font(bold=bold, size=size, east_asian=heading_font()))
    return paragraph


def title_line(text: str) -> Paragraph:
    """A copy's title that is not Heading 1 (a blank form's, a manual's index page's): as the PDF's title block
    (pdf/layout.title_block), its space below page.heading_space_pt(1)'s, not Normal's paragraph gap."""
    paragraph = centred_title(text, size=page.TITLE_PT)
    paragraph.space_after = pt(page.heading_space_pt(1)[1])
    return paragraph
