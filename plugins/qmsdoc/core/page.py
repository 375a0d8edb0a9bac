"""The printed page, decided once for every copy (Word, PDF) and for the site's blank-form sheet and printed pages:
A4, its margins, where the header and footer sit, and the text width tables and form labels are divided in.

Why these margins: a controlled copy is punched and filed in the point-of-use binder (受控文件夹), and a landscape
form is punched on whichever edge the binder takes, so both sides keep the same 2.2 cm — clear of a two- or
four-hole punch (6 mm holes 12 mm in: the paper is gone up to 15 mm from the edge) with a finger's width to spare,
and of any office printer's unprintable edge. That leaves 16.6 cm (A4 less 4.4 cm, about 46 CJK characters of
10.5 pt, 五号) for text: wide enough for a two-pair form grid, where GB/T 9704's 15.6 cm (a government letter's
block, with its 28 mm 订口 for a stitched binding) is not. 2.5 cm top and bottom with the header and footer 1.2 cm
from the edge are Word's usual Chinese page; under the controlled header table (four rows) the body starts lower."""

from __future__ import annotations

import unicodedata

from .i18n import current

PAPER = "a4"
PAPER_CM = (21.0, 29.7)
SIDE_MARGIN_CM = 2.2
TOP_MARGIN_CM = 2.5
"""Above the body of a page whose header is one line (a Word blank form, a sign-in sheet, a printed site page)."""
BOTTOM_MARGIN_CM = 2.5
BODY_TOP_CM = 4.8
"""Above the body of a page headed by the controlled header table: the table (about 3 cm) starts HEADER_CM down,
and LibreOffice sets the first line against it when the body starts any higher."""
HEADER_CM = 1.2
"""From the top edge of the page to the header."""
FOOTER_CM = 1.2
"""From the bottom edge of the page to the foot of the footer."""
HEADER_GAP_CM = 0.5
"""Between the foot of the header table and the body."""

def justified() -> bool:
    """Body text is set flush to both edges in the project's language when its catalogue says so (两端对齐, a Chinese
    document's usual paragraph; core/i18n `Language.justified`), in Word (Normal) as in the PDF; a table's cells and a
    code block are set flush left in both, so a short cell's words are not pulled apart."""
    return current().justified
BODY_PT = 10.5  # 五号, the copies' body text
"""The body text of every copy, Word and PDF alike: the same size on paper, the same lines per page, and the size
table columns are measured in (HALF_EM_CM), so a column sized for a word holds it in both."""
TITLE_PT = 18.0
"""A copy's title (Word's Heading 1, the PDF's title block); body headings below it shrink by level (heading_pt)."""
_HEADING_PT = {1: TITLE_PT, 2: 14.0, 3: 12.0}
MINOR_HEADING_PT = 11.0
"""Headings from level 4 down."""
CODE_PT = 9.0
"""Code, inline and in blocks: monospace runs wider than the body font, so smaller keeps a line of code to the text."""
CELL_INSET_X_MM = 1.5
"""The padding left and right inside a table cell, Word's w:tblCellMar and the PDF's inset alike: a column sized for
a word (core/colwidths.py allows CELL_PADDING_UNITS for it) holds that word on one line in both."""
SMALL_PT = 9.0
"""The controlled header table's text, the footer's and a blank form's one-line header, and the meaning of each
signature in the 审批 table."""
ORGANISATION_PT = 12.0
"""The organisation's name across the top of the controlled header table."""
APPROVAL_LABEL_CM = 2.6
"""The 审批 table's first column (签名, 日期); the signatures share the rest of the text width."""
HISTORY_KEPT_ROWS = 1
"""How the blocks after the body break between pages, one decision for Word and the PDF: the 修订记录's title, its
head row and its first HISTORY_KEPT_ROWS revisions stay together, the rest of the table may go on to the next page
(its head row repeated there, a row never divided), and the 审批 block stays whole. Neither is kept with the body's
last line: a chain from the body through the whole history to the signatures moved it all to a new page in Word
and left a third of a page empty where the PDF, breaking the table, printed one page fewer."""
HISTORY_COLUMNS_CM = (2.0, 2.8, 4.6)
"""The 修订记录 table's 版本, 日期 and 修订人 columns (room for "Metrology Technician" on one line in Word and the
PDF); 修订内容 takes the rest of the text width."""
WATERMARK_BOX_PT = (420.0, 140.0)
"""The box a copy's diagonal watermark (草稿, 作废, SUPERSEDED) is drawn in: Word's text path fits the word to it
(word/wml.py), the PDF sets the word WATERMARK_PT high and shrinks a word wider than the box to its width, so a long
English word stays on the page as a three-character Chinese one does."""
WATERMARK_PT = 110.0
"""The PDF watermark's size when the word fits the box."""
COVER_TITLE_PT = 26.0
"""A whole manual's title on its cover."""
COVER_LINE_PT = 16.0
"""The organisation's name on a manual's cover, and the 目录 page's title."""
COVER_TABLE_CM = (4.0, 8.0)
"""The columns of the table on a manual's cover (版本, 生效日期, 编制/审核/批准 …)."""
COVER_ROW_CM = 1.0
"""The height of each of its rows."""
CAPTION_PT = 9.0
"""A picture's or table's caption."""
SMALL_EM = 0.83
"""`<small>` text against the text around it (a browser's `smaller`): the PDF sets it so much of its paragraph's size,
Word (which knows no relative size) so much of the size of the paragraph or run it sits in (`small_pt`)."""
INDENT_CM = 0.6
"""One step of indent: where the text of a quote, a note or a code block starts from the edge of the text around it
(a box in a box: two steps), and a footnote's text. Word indents the box's paragraphs so far, the PDF insets its
box's text so far from the box's edge; both run the text to the same right edge (Word's paragraphs have no right
indent, so the PDF's box has no right inset), so a line breaks at the same word in both."""
LIST_STEP_CM = 0.635
"""How far in each level of a list starts (a quarter inch, Word's own list step): a level's marker hangs at its start
and its text, wrapped lines too, starts LIST_STEP_CM further in (Word's hanging indent, the PDF's marker box), so
level n's text starts (n + 1) steps from the edge of the text — in both copies, whatever the marker (•, 9., 10.)."""
# The lines of the page, one model for both copies, so a Word copy printed and the PDF of the same version break their
# pages at the same text ("第 3 页 共 5 页" holds the same clauses in both).
LINE_EM = 1.5
"""The line model: how far apart lines are, and the room around paragraphs, headings, list items and table cells.

A line is LINE_EM times its text's size from the line above it, baseline to baseline: 15.75 pt for 五号 body text
(line_pt), the common 1.5 of a Chinese document. Both writers state this as an absolute height, never as a multiple of
the font's own line, which differs between fonts (宋体, Noto CJK, DejaVu) and so between Word, LibreOffice and the PDF:

- Word: `w:spacing w:line` in twips (twentieths of a point) with `w:lineRule="atLeast"` on Normal and each heading
  style (word/styles.py): every line of text is line_pt high, a line holding something taller (a picture) grows.
  Normal's line is the body's whatever a run's size, so a paragraph wholly in a size of its own (9 pt code, a
  caption, a form's info line, a form's 18 pt title) is given at-least line_pt of that size (word/wml.own_lines).
  `auto` (a multiple) would scale the font's ascent plus descent — 1.45 em for Noto Sans CJK, 1.0 em for 宋体.
- Typst: `leading` is the gap BETWEEN one line's bottom edge and the next line's top edge, not the line height. The PDF
  sets each line's box to the whole line (text `top-edge`/`bottom-edge`: TOP_EDGE_EM above the baseline, LINE_EM less
  that below, as Word sets an ideograph near the foot of its line) and the leading to 0, so the pitch is line_pt
  whatever the font's ascent and descent; a line holding something taller grows, as Word's does.

Space between blocks is added below one and above the next (Word adds a paragraph's after to the next one's before;
Typst collapses them, so the PDF states the sum): PARAGRAPH_GAP_PT under a body paragraph, heading_space_pt above and
below a heading, LIST_ITEM_GAP_PT between the items of a list (Word's list styles are contextual: no space between
items), and CELL_INSET_Y_MM above and below a table cell's text (Word's top and bottom w:tblCellMar, Typst's inset)."""
TOP_EDGE_EM = 1.15
"""Where a line's box starts above the baseline in the PDF (an ideograph stands 0.88 em above it): the rest of
LINE_EM is below the baseline."""
PARAGRAPH_GAP_PT = 3.0
"""The space under a body paragraph, before the next."""
LIST_ITEM_GAP_PT = 0.0
"""The space between two items of a list: none, the items stand line_pt apart as the lines of a paragraph do."""
TITLE_SPACE_PT = (0.0, 6.0)
"""Above and below the copy's title (Word's Heading 1, the PDF's title block). The title is the first line of its page
(a copy's, a member's of a whole manual, a redline's), and the body already starts HEADER_GAP_CM under the header:
none above it. Typst drops space at the top of a page, but Word and LibreOffice keep a first paragraph's space
before, and 12 pt there set the Word copy's title, and all that followed, 13 pt lower than the PDF's."""
HEADING_SPACE_PT = (8.0, 6.0)
"""Above and below a body heading (level 2 down)."""
CELL_INSET_Y_MM = 0.6
"""The padding above and below the text in a table cell of the body, of the 修订记录 and 审批 tables and of a form; the
controlled header table is tight (the body starts BODY_TOP_CM down under it)."""
HALF_EM_CM = BODY_PT / 2 * 2.54 / 72
"""Half an em of body text: the unit table columns are measured in (a CJK character is two)."""


def heading_pt(level: int) -> float:
    """The size of a heading at `level` (1: the copy's title, 2: a body `##`), the same in Word and PDF."""
    return _HEADING_PT.get(level, MINOR_HEADING_PT)


def small_pt(size_pt: float) -> float:
    """The size of `<small>` text inside text `size_pt` high (SMALL_EM of it), to Word's half point."""
    return round(size_pt * SMALL_EM * 2) / 2


def line_pt(size_pt: float) -> float:
    """The distance between the baselines of two lines of text `size_pt` high (LINE_EM: 15.75 pt for the body)."""
    return round(size_pt * LINE_EM, 2)


def heading_space_pt(level: int) -> tuple[float, float]:
    """The space (pt) above and below a heading at `level`, Word's space before and after alike."""
    return TITLE_SPACE_PT if level == 1 else HEADING_SPACE_PT


def page_cm(landscape: bool = False) -> tuple[float, float]:
    """Width and height of the sheet as it is read."""
    return (PAPER_CM[1], PAPER_CM[0]) if landscape else PAPER_CM


def text_width_cm(landscape: bool = False) -> float:
    """The width between the side margins."""
    return round(page_cm(landscape)[0] - 2 * SIDE_MARGIN_CM, 2)


def text_units(landscape: bool = False) -> int:
    """The text width in half-em units of body text (core/colwidths.py divides tables in these)."""
    return int(text_width_cm(landscape) / HALF_EM_CM)

# Emphasis in Chinese, Japanese and Korean text: their fonts have no italic (Word slants a CJK run it is told to
# italicise, Typst slants nothing), and Chinese typesetting marks emphasis with dots under the characters (着重号).
# Both copies and the page mark these characters so (core/emphasis.py: the PDF a dotted underline, Word its emphasis
# mark, the page CSS text-emphasis); Latin text stays italic.
EMPHASIS_MARKED_RANGES = ((0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3130, 0x318F), (0x31F0, 0x31FF),
                          (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
                          (0xFF00, 0xFFEF), (0x20000, 0x3134F))
"""Hangul jamo, CJK radicals, CJK punctuation, kana, the ideographs (extension A, the unified block, compatibility,
extensions B–G), Hangul syllables and full-width forms."""


def _dotted_ranges(ranges: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """`ranges` without the characters an emphasis mark skips: punctuation and spaces (Unicode's P* and Z*), as CSS
    text-emphasis (CSS Text Decoration 3, §3.1) and Word's w:em draw no dot under 「，」「。」「（」 or 「　」."""
    kept: list[tuple[int, int]] = []
    for low, high in ranges:
        start = None
        for code in range(low, high + 2):
            marks = code <= high and unicodedata.category(chr(code))[0] not in "PZ"
            if marks and start is None:
                start = code
            elif not marks and start is not None:
                kept.append((start, code - 1))
                start = None
    return tuple(kept)


EMPHASIS_DOTTED_RANGES = _dotted_ranges(EMPHASIS_MARKED_RANGES)
"""The characters of EMPHASIS_MARKED_RANGES that carry a dot: a copy draws none under CJK punctuation, as the page
and Word draw none (the PDF draws its dotted line under these only, pdf/layout.py)."""
