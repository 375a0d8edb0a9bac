"""The page furniture of a PDF copy, as Typst: the styles every copy is set in, the 受控 page header
(a table on every page, with 第 X 页 共 Y 页), the footer, the watermark, the metadata, and the 修订记录
and 审批 blocks. Labels come from core/copylabels.py; text enters as string literals (markup.py)."""

from __future__ import annotations

from collections.abc import Sequence

from ..core import copylabels as labels
from ..core import formlayout, page
from ..core.i18n import current
from ..core.projectid import keyword
from .fonts import ITALIC, MONO, Fonts
from .markup import array, breakable, string, text

# The page is core/page.py's, as the Word copies': the body under the header table, the table HEADER_GAP_CM above it
# (Typst hangs the header from the body's top), the footer's foot FOOTER_CM from the bottom edge.
MARGINS = f"(top: {page.BODY_TOP_CM}cm, bottom: {page.BOTTOM_MARGIN_CM}cm, x: {page.SIDE_MARGIN_CM}cm)"
FOOTER_LINE_CM = 0.35  # one 9 pt line: Typst sets the footer from its top
FOOTER_DESCENT_CM = round(page.BOTTOM_MARGIN_CM - page.FOOTER_CM - FOOTER_LINE_CM, 2)
HEADER_LINE_CM = 0.35  # one 9 pt line, as FOOTER_LINE_CM
# The line model (core/page.py LINE_EM): each line's box is the whole line, TOP_EDGE_EM of it above the baseline, and
# the leading (the gap between boxes) is 0, so lines stand page.line_pt apart whatever the font's ascent and descent.
LINE_EDGES = f"top-edge: {page.TOP_EDGE_EM}em, bottom-edge: {round(page.TOP_EDGE_EM - page.LINE_EM, 3)}em"
# The page header's and footer's small lines keep Typst's own tight box (cap height to baseline): the header table
# must fit above BODY_TOP_CM, the footer FOOTER_LINE_CM.
TIGHT_EDGES = 'top-edge: "cap-height", bottom-edge: "baseline"'
# With those edges, the gap between two lines of a wrapped header cell or footer (the body's leading is 0: its boxes
# are whole lines): a long title wrapped in the header table set its lines on top of each other without it. Cap
# height to baseline plus this is about Word's single line spacing.
TIGHT_LEADING = "0.5em"


def _tight(expression: str) -> str:
    """`expression` (Typst code: text in the header's or footer's small size) with the tight lines' gap."""
    return f"{{ set par(leading: {TIGHT_LEADING}); {expression} }}"
# Emphasis: a Latin word is set in an italic face (fonts.ITALIC); CJK text is marked with dots under it instead, in
# a line that wraps with the text, under the characters that carry a dot only (page.EMPHASIS_DOTTED_RANGES: never
# under CJK punctuation, as the page and Word) (Typst's regex: the Rust crate's \x{…} escapes).
EMPHASIS_MARKED = "[" + "".join(f"\\x{{{low:x}}}-\\x{{{high:x}}}" for low, high in page.EMPHASIS_DOTTED_RANGES) + "]+"


def preamble(fonts: Fonts, *, landscape: bool = False) -> str:
    """Fonts, sizes and the look of headings, code, links, lists and tables. A list's marker (Word's • at every
    level, or its number) is set in a box page.LIST_STEP_CM wide, as Word hangs it: its text, wrapped lines too,
    starts a step in from the marker's place, and a nested list starts at its item's text, a step further in. The •
    is DejaVu Sans Mono's (built into Typst), Word's size: the CJK body fonts draw U+2022 as a dot no bigger than
    「·」, which a reader took for punctuation."""
    body = array(string(f) for f in dict.fromkeys((fonts.body, fonts.heading, *MONO)))
    heading = array(string(f) for f in dict.fromkeys((fonts.heading, fonts.body, *MONO)))
    mono = array(string(f) for f in dict.fromkeys((*MONO, fonts.heading, fonts.body)))
    italic = array(string(f) for f in dict.fromkeys((*ITALIC, fonts.body, fonts.heading, *MONO)))
    flipped = "true" if landscape else "false"
    before, below = page.heading_space_pt(2)
    above = before + page.PARAGRAPH_GAP_PT  # Word adds the paragraph's space after to the heading's before
    lang, _, region = current().code.lower().partition("-")  # hyphenation and line breaking follow the project
    return f"""#let body-fonts = {body}
#let heading-fonts = {heading}
#let mono-fonts = {mono}
#set page(paper: "{page.PAPER}", flipped: {flipped}, margin: {MARGINS}, header-ascent: {page.HEADER_GAP_CM}cm,
  footer-descent: {FOOTER_DESCENT_CM}cm)
#set text(font: body-fonts, size: {page.BODY_PT}pt, {LINE_EDGES}, lang: {string(lang)}{f", region: {string(region)}" if region else ""})
#set par(justify: {str(page.justified()).lower()}, leading: 0pt, spacing: {page.PARAGRAPH_GAP_PT}pt)
#set table(stroke: 0.6pt, inset: (x: {page.CELL_INSET_X_MM}mm, y: {page.CELL_INSET_Y_MM}mm))
#show table: set par(justify: false)
#let list-step = {page.LIST_STEP_CM}cm
#let list-number(pattern) = n => box(width: list-step, align(start, numbering(pattern, n)))
#let list-marker(markers) = n => box(width: list-step, align(start, markers.at(n - 1)))
#set list(indent: 0pt, body-indent: 0pt, spacing: {page.LIST_ITEM_GAP_PT}pt, marker: box(width: list-step, align(start, text(font: mono-fonts)[•])))
#set enum(indent: 0pt, body-indent: 0pt, spacing: {page.LIST_ITEM_GAP_PT}pt, numbering: list-number("1."))
#show heading: set text(font: heading-fonts, weight: "bold")
#show heading: set block(above: {above}pt, below: {below}pt)
#show heading.where(level: 2): set text(size: {page.heading_pt(2)}pt)
#show heading.where(level: 3): set text(size: {page.heading_pt(3)}pt)
#show heading: it => if it.level > 3 {{ set text(size: {page.MINOR_HEADING_PT}pt); it }} else {{ it }}
#show raw: set text(font: mono-fonts, size: {page.CODE_PT}pt)
#show emph: it => {{
  show regex({string(EMPHASIS_MARKED)}): marked => underline(stroke: (thickness: 0.7pt, dash: "dotted"), offset: 2.5pt, evade: false, marked)
  set text(font: {italic})
  it
}}
#show link: it => if type(it.dest) in (str, label) {{ underline(text(fill: rgb("#0563C1"), it)) }} else {{ it }}
"""


def metadata(*, title: str, code: str, version: str, organisation: str, copy_number: str,
             project_id: str = "") -> str:
    """Title, subject = control number, keywords = version (and the 分发号 of a numbered copy, and the project's id
    when qmsdoc.yml sets one: core/projectid.py), author = organisation: what `verify`, Explorer and an archive read
    without opening the copy (Typst writes them to the Info dictionary and the XMP metadata alike)."""
    keywords = ([string(version)] + ([string(labels.copy_keyword(copy_number))] if copy_number else [])
                + ([string(keyword(project_id))] if project_id else []))
    return (f"#set document(title: {string(title)}, author: {array([string(organisation)])}, "
            f"description: {string(code)}, keywords: {array(keywords)})\n")


def _cell(value: str, *, bold: bool = False) -> str:
    inner = breakable(value)
    return f"[#strong[{inner}]]" if bold else f"[{inner}]"


def at_least(height_mm: float) -> str:
    """The content of an empty cell that makes its row at least `height_mm` tall: the row still grows when
    another of its cells needs more (a long label wraps), as Word's `atLeast` row height does."""
    return f"[#v({height_mm - 2 * page.CELL_INSET_Y_MM:.2f}mm)]"


def page_number(words: tuple[str, str, str] | None = None) -> str:
    """第 X 页 共 Y 页: this page of the whole file, in the header's 页码 cell's `words` unless given."""
    before, middle, after = words or labels.page_of()
    return (f"context [{text(before)}#counter(page).display(){text(middle)}"
            f"#str(counter(page).final().first()){text(after)}]")


def page_header(*, organisation: str, title: str, code: str, version: str, effective: str, department: str,
                manual: bool = False) -> str:
    """The 受控文件 header table (a Typst expression), repeated on every page it is set for; `manual`: a whole
    manual's own pages, which name the manual (labels.header_rows)."""
    cells = [f"table.cell(colspan: 4, align: center)[#text(size: {page.ORGANISATION_PT}pt, font: heading-fonts, weight: \"bold\")"
             f"[{breakable(organisation)}]]"]
    rows = labels.header_rows(title, code, version, effective, department, manual=manual)
    for l1, v1, l2, v2 in rows:
        cells += [_cell(l1, bold=True), _cell(v1), _cell(l2, bold=True), page_number() if v2 is None else _cell(v2)]
    first, value1, third, value2 = labels.header_widths_cm(rows)  # the labels as wide as the Word header's
    columns = f"({first}cm, {value1}fr, {third}cm, {value2}fr)"
    return ("block(width: 100%, " + _tight(
        f"text(size: {page.SMALL_PT}pt, {TIGHT_EDGES}, table(columns: {columns}, "
        f"inset: (x: {page.CELL_INSET_X_MM}mm, y: 1mm), {', '.join(cells)}))") + ")")


def form_header(line: str) -> str:
    """A blank form's page header (a Typst expression): its one line, right-aligned, as the Word form's."""
    return f"align(right, {_tight(f'text(size: {page.SMALL_PT}pt, {TIGHT_EDGES})[{text(line)}]')})"


def form_margins() -> str:
    """`#set page(...)` for a blank form: the body formlayout.BODY_TOP_CM down, under its one-line header set
    HEADER_CM from the top edge as the Word form's (Typst hangs the header from the body's top)."""
    ascent = round(formlayout.BODY_TOP_CM - page.HEADER_CM - HEADER_LINE_CM, 2)
    return f"#set page(margin: (top: {formlayout.BODY_TOP_CM}cm), header-ascent: {ascent}cm)\n"


def page_footer(*, controlled: bool, copy_number: str, state: str = "", paged: bool = False) -> str:
    """Exactly the text of the Word footer, so `verify` reads both the same way; with `paged`, 第 X 页 共 Y 页 after
    it (a copy whose header has no 页码 cell)."""
    line = f"[{text(labels.footer(controlled=controlled, copy_number=copy_number, state=state))}]"
    if paged:
        line = f"[{line[1:-1]}#{page_number(labels.footer_page_of())}]"
    return f"align(center, {_tight(f'text(size: {page.SMALL_PT}pt, {TIGHT_EDGES}){line}')})"


def watermark(word: str | None) -> str:
    if not word:
        return "none"
    # measured where it is laid out: a word wider than the box (SUPERSEDED at full size ran off the page) shrinks
    mark = f"text(size: {page.WATERMARK_PT}pt, font: heading-fonts, fill: luma(160).transparentize(60%))[{text(word)}]"
    return (f"place(center + horizon, rotate(-35deg, context {{ let mark = {mark}; "
            f"let wide = measure(mark).width; if wide > {page.WATERMARK_BOX_PT[0]}pt "
            f"{{ scale(({page.WATERMARK_BOX_PT[0]}pt / wide) * 100%, reflow: true, mark) }} else {{ mark }} }}))")


def page_setup(*, header: str, footer: str | None = None, background: str | None = None) -> str:
    """`#set page(...)` for the parts given (a whole manual's member sets only its own header)."""
    parts = [f"header: {header}"] + ([f"footer: {footer}"] if footer else []) + (
        [f"background: {background}"] if background else [])
    return f"#set page({', '.join(parts)})\n"


def _grid(columns: str, head: Sequence[str], rows: Sequence[Sequence[str]], *, row_height: str = "auto") -> str:
    cells = ["table.header(" + ", ".join(f"table.cell(align: center)[#strong[{breakable(h)}]]" for h in head) + ")"]
    cells += [_cell(value) for row in rows for value in row]
    # a row is never divided between two pages (Word's w:cantSplit); the head repeats on each page
    return (f"#{{ set table.cell(breakable: false); "
            f"table(columns: {columns}, rows: (auto, {row_height}), {', '.join(cells)}) }}\n")


def heading(title: str, level: int = 2) -> str:
    """修订记录 or 审批: in the PDF outline, as in Word's navigation pane."""
    return f"#heading(level: {level}, outlined: false, bookmarked: true)[{text(title)}]\n"


def history_block(history: Sequence[tuple[str, str, str, str]]) -> str:
    """修订记录 as page.HISTORY_KEPT_ROWS decides, as the Word copy's: its heading sticks to the table (a sticky
    block), Typst keeps the repeated head row with the first row under it and breaks the table between rows."""
    assert page.HISTORY_KEPT_ROWS == 1, "Typst's head row keeps one row with it: more need a table of their own"
    rows = history or [("", "", "", "")]
    return f"#block(sticky: true)[{heading(labels.HISTORY).strip()}]\n" + _grid(array([*(f"{w}cm" for w in page.HISTORY_COLUMNS_CM), "1fr"]), labels.history_columns(), rows)


def approval_block(signoffs: Sequence[tuple[str, str, str]]) -> str:
    """The 编制/审核/批准 table with its heading, kept together (never a page holding only this)."""
    count = len(signoffs)
    cells = ["[]", *(f"table.cell(align: center)[#strong[{text(label)}]]" for label, _, _ in signoffs)]
    cells += [f"table.cell(align: center)[#strong[{text(labels.SIGNATURE)}]]",
              *(f"table.cell(align: center)[{breakable(by)}]" for _, by, _ in signoffs)]
    cells += [f"table.cell(align: center)[#strong[{text(labels.DATE)}]]",
              *(f"table.cell(align: center)[{text(day)}]" for _, _, day in signoffs)]
    meanings = labels.signoff_meanings(count)
    if meanings:  # what each signature means, where the language words it (as the Word copy)
        cells += [f"table.cell(align: center)[#strong[{text(labels.MEANING)}]]",
                  *(f"table.cell(align: center)[#text(size: {page.SMALL_PT}pt)[{text(meaning)}]]" for meaning in meanings)]
    table = f"table(columns: ({page.APPROVAL_LABEL_CM}cm, {', '.join(['1fr'] * count)}), {', '.join(cells)})"
    return f"#block(breakable: false)[{heading(labels.APPROVAL)}#{table}]\n"


def title_block(title: str, meta: str, notice: str = "", *, form: bool = False) -> str:
    """A copy's title, the line under it (编号 版本 类别) and a 作废 notice. A blank `form`'s line (编号 版本 归口文件
    保存期限) is small text from the left edge, as the Word form's."""
    line = f"#text(size: {page.SMALL_PT}pt)[{breakable(meta)}]" if form else f"#align(center)[{breakable(meta)}]"
    above, below = page.heading_space_pt(1)  # Word's Heading 1 (its space after is added to the line under it)
    out = (f"#align(center, block(above: {above}pt, below: {below}pt, text(size: {page.TITLE_PT}pt, font: heading-fonts, weight: \"bold\")"
           f"[{breakable(title)}]))\n{line}\n\n")
    if notice:
        out += f"#align(center)[#strong[{breakable(notice)}]]\n\n"
    return out
