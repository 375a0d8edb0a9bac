"""PDF controlled copies of a document, a blank form and a whole manual (Typst), drawn from the same copy
jobs and the same body walk as the Word copies: the same header table on every page, footer, 审批 block,
修订记录 and watermark. PDF/A-2b; two renders of one job give identical bytes (the date is the approval's)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..core import copylabels as labels
from ..core import formlayout, page
from ..core.copybody import walk_body
from ..core.copyjobs import DocumentJob, FormJob, ManualJob, manual_date
from ..core.formhead import HeadCell, head_rows, head_widths, leaf_columns
from ..core.formlayout import (
    FIELD_LINE_CM,
    FIELDS_PER_ROW,
    SIGNATURE_ROW_CM,
    TABLE_ROW_CM,
    block_gap_cm,
    field_rows,
    kept_rows,
    label_width_cm,
)
from ..core.i18n import t
from ..core.model import FormField
from . import layout
from .body import TypstBody, anchor_label
from .engine import compile_pdf
from .fonts import FontChoice, choose
from .markup import array, breakable, string, text


def options(config: object) -> dict[str, object]:
    """The writers' keyword arguments for a project's copies: the fonts its configuration names (`pdf_fonts`)."""
    from ..core.config import Config

    return {"fonts": FontChoice.from_config(config.pdf_fonts, config.root)} if isinstance(config, Config) else {}


def _texts_holder(what: str, sections: list[tuple[str, str]]) -> Callable[[list[str]], str]:
    """Which part of a copy holds characters (`sections`: each part's name and source)."""
    def name(chars: list[str]) -> str:
        for part, source in sections:
            if any(c in source for c in chars):
                return part
        return what
    return name


def _document_section(job: DocumentJob, body: TypstBody, anchors: frozenset[str] = frozenset(),
                      *, bookmark: bool = False) -> str:
    """Title, body, 修订记录 and 审批 of one document."""
    out = ""
    if bookmark:  # the PDF outline entry and the place `[[ID]]` links jump to; the title below is what shows
        out += (f"#place(hide(heading(level: 1, outlined: false, bookmarked: true)[{text(job.id + t('page.gap') + job.title)}]))"
                f"#label({string(anchor_label(job.id))})\n")
    out += layout.title_block(job.title, job.meta_line, job.notice)
    out += body.blocks(walk_body(job.html, anchors=anchors, assets_root=job.assets_root, scope=job.id))
    return out + layout.history_block(job.history) + layout.approval_block(job.signoffs)


def _document_header(job: DocumentJob, organisation: str) -> str:
    return layout.page_header(organisation=organisation, title=job.title, code=job.id, version=job.version,
                              effective=job.effective_date, department=job.department)


def document_pdf(job: DocumentJob, fonts: FontChoice | None = None) -> bytes:
    """The PDF copy of one document."""
    choice = fonts or FontChoice()
    chosen = choose(choice)
    source = (layout.preamble(chosen)
              + layout.metadata(title=job.title, code=job.id, version=job.version, organisation=job.organisation,
                                copy_number=job.copy_number, project_id=job.project_id)
              + layout.page_setup(header=_document_header(job, job.organisation),
                                  footer=layout.page_footer(controlled=job.controlled, copy_number=job.copy_number),
                                  background=layout.watermark(job.watermark))
              + _document_section(job, TypstBody(job.assets_root), bookmark=True))
    return compile_pdf(source, choice=choice, root=job.assets_root, date=job.approval_date,
                       name=lambda _chars: t("pdf.part.document", id=job.id), item=job.id)


@dataclass(frozen=True)
class _FormTable:
    """One table of a blank form in Typst: its columns, its column heads ("" for none), its rows (each its
    cells, comma-joined) and the height of a blank row (None: as tall as its content)."""

    columns: str
    head: str
    rows: tuple[str, ...]
    row_cm: float | None = None
    head_rows: int = 1  # two under a group of heads (core/formhead.py)

    def typst(self, rows: Sequence[str], *, head: bool = True) -> str:
        """A table of `rows` of this one (a Typst expression), under the column heads if `head`."""
        args = [f"columns: {self.columns}"]
        if self.row_cm is not None:
            args.append(f"rows: ({'auto, ' * self.head_rows}{self.row_cm}cm)" if head and self.head else f"rows: {self.row_cm}cm")
        args += [f"table.header({self.head})"] if head and self.head else []
        return f"table({', '.join([*args, *rows])})"


def _head_cell(cell: HeadCell) -> str:
    """One head of a form's repeating table (core/formhead.py): a group's label across its columns, an ungrouped
    head of a two-row header down both rows, halfway down."""
    if cell.rowspan > 1:
        return f"table.cell(align: center + horizon, rowspan: {cell.rowspan})[#strong[{breakable(cell.label)}]]"
    span = f", colspan: {cell.colspan}" if cell.colspan > 1 else ""
    return f"table.cell(align: center{span})[#strong[{breakable(cell.label)}]]"


def _form_tables(job: FormJob, pair_columns: str) -> list[_FormTable]:
    """The field grid (label, blank, label, blank) and the repeating table, those the form has."""
    tables = []
    grid = []
    for row in field_rows([FormField(label, lines, width) for label, lines, width in job.fields]):
        blank = layout.at_least(10 * FIELD_LINE_CM * row.lines)  # taller when a long label wraps
        if row.full:
            cells = [f"[#strong[{breakable(row.fields[0].label)}]]",
                     f"table.cell(colspan: {2 * FIELDS_PER_ROW - 1}){blank}"]
        else:
            cells = []
            for position, field in enumerate(row.fields):
                cells += [f"[#strong[{breakable(field.label)}]]", blank if position == 0 else "[]"]
            cells += ["[]", "[]"] * (FIELDS_PER_ROW - len(row.fields))
        grid.append(", ".join(cells))
    if grid:
        tables.append(_FormTable(pair_columns, "", tuple(grid)))
    if job.columns:
        heads = head_rows(job.columns)
        head = ", ".join(_head_cell(cell) for row in heads for cell in row)
        shares = array(f"{share:.4f}fr" for share in head_widths(job.columns, page.text_units(job.landscape)))
        blank = ", ".join(["[]"] * len(leaf_columns(job.columns)))
        tables.append(_FormTable(shares, head, (blank,) * job.rows, TABLE_ROW_CM, len(heads)))
    return tables


def _kept_tail(table: _FormTable, rows: Sequence[str]) -> str:
    """The last rows of a table that went on past a page (a Typst expression): under the column heads again when
    they open a new page, as the rows before them are."""
    if not table.head:
        return table.typst(rows)
    top = f"{formlayout.BODY_TOP_CM + 0.05:.2f}cm"  # the block opens a page: it starts at the body's top
    # Typst's first layout pass knows no position yet (y is 0): taken for a page's top, it chose the heads, the block
    # grew by their row, no longer fitted and went over, where the heads then belonged — a form that fits one page
    # printed its last rows and signatures alone on a second. Only a real position (under the top margin) counts.
    return (f"context if here().position().y > 0.5cm and here().position().y < {top} {{ {table.typst(rows)} }} "
            f"else {{ {table.typst(rows, head=False)} }}")


def _form_body(job: FormJob) -> str:
    pair_cm = page.text_width_cm(job.landscape) / FIELDS_PER_ROW
    label_cm = label_width_cm([label for label, _, _ in job.fields] + list(job.signatures), pair_cm)
    pair_columns = array([f"{label_cm}cm", "1fr"] * FIELDS_PER_ROW)
    tables = _form_tables(job, pair_columns)
    # formlayout.block_gap_cm under each table (Word's spacer paragraph between two tables); the first table follows the line
    # under the title at a paragraph's gap, as Word's does (no spacer there): Typst keeps the larger of two spacings.
    out = (f"#show table: set block(above: {page.PARAGRAPH_GAP_PT}pt, below: {block_gap_cm(job)}cm)\n"
           "#set table.cell(breakable: false)\n"  # no row divided between two pages (Word's w:cantSplit)
           + layout.title_block(job.title, labels.form_info(job.id, job.version, job.owner, job.retention),
                                job.notice, form=True))
    if not job.signatures:
        return out + "".join(f"#{table.typst(table.rows)}\n" for table in tables)
    sign = []
    for who in job.signatures:
        sign += [f"[#strong[{breakable(who)}]]", layout.at_least(10 * SIGNATURE_ROW_CM), f"[#strong[{text(labels.DATE)}]]",
                 "[]"]
    kept = [f"table(columns: {pair_columns}, {', '.join(sign)})"]
    above = ""
    if tables:  # the last rows before the signatures go to the next page with them (formlayout.kept_rows)
        *before, last = tables
        out += "".join(f"#{table.typst(table.rows)}\n" for table in before)
        split = len(last.rows) - kept_rows(len(last.rows))
        if split:  # the rows above may break between pages; the two parts join without a gap
            out += f"#block(below: 0pt, {last.typst(last.rows[:split])})\n"
            kept.insert(0, _kept_tail(last, last.rows[split:]))
            above = ", above: 0pt"
        else:
            kept.insert(0, last.typst(last.rows))
    return out + f"#block(breakable: false{above}, {{ {'; '.join(kept)} }})\n"


def form_pdf(job: FormJob, fonts: FontChoice | None = None) -> bytes:
    """The PDF of one blank quality-record form, landscape if the form says so."""
    choice = fonts or FontChoice()
    chosen = choose(choice)
    source = (layout.preamble(chosen, landscape=job.landscape)
              + layout.metadata(title=job.title, code=job.id, version=job.version, organisation=job.organisation,
                                copy_number=job.copy_number, project_id=job.project_id)
              + layout.form_margins()
              + layout.page_setup(header=layout.form_header(labels.form_header(job.organisation, job.id, job.version)),
                                  footer=layout.page_footer(controlled=job.controlled, copy_number=job.copy_number,
                                                            paged=True),
                                  background=layout.watermark(job.watermark))
              + f"#place(hide(heading(level: 1, outlined: false, bookmarked: true)[{text(job.id + t('page.gap') + job.title)}]))\n"
              + _form_body(job))
    return compile_pdf(source, choice=choice, root="", date=job.date, name=lambda _chars: t("pdf.part.form", id=job.id),
                       item=job.id)


def _cover(job: ManualJob) -> str:
    rows = labels.cover_rows(job.signoffs, effective=job.effective_date, version=job.version, state=job.state,
                             copy_number=job.copy_number)
    cells = ", ".join(f"[#strong[{breakable(k)}]], [{breakable(v)}]" for k, v in rows)
    return ("#page(header: none)[#v(30mm)"
            f"#align(center, text(size: {page.COVER_LINE_PT}pt, font: heading-fonts)[{text(job.organisation)}])\n"
            f"#align(center, block(above: 8mm, below: 8mm, text(size: {page.COVER_TITLE_PT}pt, font: heading-fonts, "
            "weight: \"bold\")"
            f"[{breakable(job.title)}]))\n"
            f"#align(center)[{breakable(labels.manual_code(job.id))}]\n#v(20mm)\n"
            f"#align(center, table(columns: {array(f'{w}cm' for w in page.COVER_TABLE_CM)}, rows: {page.COVER_ROW_CM}cm, "
            f"align: horizon, {cells}))]\n")


def _contents(job: ManualJob) -> str:
    """One line per document: a link to its title, a dotted leader and the page it starts on."""
    lines = []
    for member in job.documents:
        where = f"locate(label({string(anchor_label(member.id))}))"
        lines.append(f"#context {{ let loc = {where}; link(loc)[{breakable(job.contents_line(member))}"
                     f"#box(width: 1fr, repeat[.])#str(counter(page).at(loc).first())] }}\n\n")
    bookmark = f"#place(hide(heading(level: 1, outlined: false, bookmarked: true)[{text(labels.CONTENTS_BOOKMARK)}]))\n"
    title = (f"#align(center, block(below: 8mm, text(size: {page.COVER_LINE_PT}pt, font: heading-fonts, weight: \"bold\")"
             f"[{text(labels.CONTENTS)}]))\n")
    return "#pagebreak(weak: true)\n" + bookmark + title + "".join(lines)


def manual_pdf(job: ManualJob, fonts: FontChoice | None = None) -> bytes:
    """The whole manual: cover, the manual's own index page (scope, 发布声明), a 目录 with page numbers,
    then every in-force document on new pages under its own header; PDF bookmarks for each, and
    `[[ID]]` references between them as jumps inside the file."""
    choice = fonts or FontChoice()
    chosen = choose(choice)
    anchors = frozenset(d.id for d in job.documents)
    body = TypstBody(job.assets_root)
    manual_header = layout.page_header(organisation=job.organisation, title=job.title, code=job.id,
                                       version=job.version, effective=job.effective_date, department=job.owner,
                                       manual=True)
    intro = ""
    if job.intro_html or job.history:  # the 修订记录 where a document's copy shows its own: after the text
        intro = (f"#place(hide(heading(level: 1, outlined: false, bookmarked: true)[{text(job.title)}]))\n"
                 + layout.title_block(job.title, job.meta_line)
                 + body.blocks(walk_body(job.intro_html, anchors=anchors, assets_root=job.assets_root, scope=job.id))
                 + (layout.history_block(job.history) if job.history else "")
                 + layout.approval_block(job.signoffs))
    sections = [(t("pdf.part.manual", id=job.id), intro + _cover(job))]
    members = []
    for member in job.documents:
        part = (f"#[{layout.page_setup(header=_document_header(member, job.organisation))}"
                f"{_document_section(member, body, anchors, bookmark=True)}]\n")
        sections.append((t("pdf.part.member", manual=job.id, id=member.id), part))
        members.append(part)
    source = (layout.preamble(chosen)
              + layout.metadata(title=job.title, code=job.id, version=job.version, organisation=job.organisation,
                                copy_number=job.copy_number, project_id=job.project_id)
              + layout.page_setup(header=manual_header,
                                  footer=layout.page_footer(controlled=job.controlled, copy_number=job.copy_number,
                                                            state=job.state),
                                  background=layout.watermark(job.watermark) if job.watermark else None)
              + _cover(job) + intro + _contents(job) + "".join(members))
    return compile_pdf(source, choice=choice, root=job.assets_root, date=manual_date(job),
                       name=_texts_holder(t("pdf.part.manual", id=job.id), sections), item=job.id)
