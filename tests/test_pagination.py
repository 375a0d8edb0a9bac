"""Pagination of long controlled copies, as a document controller prints them: a table's column heads on every
page it runs onto, short rows never divided, no heading alone at a page's foot, single lines kept with their
paragraph, headings in the PDF outline and Word's navigation pane, and 第 x 页 共 y 页 right on every page.
The Word copy's XML says so; the PDF, and the Word copy printed by LibreOffice, show it (read with poppler)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from qmsdoc.core.copyblocks import KEPT_ROW_LINES, Para, Span, TableBlock, TableCell, unsplit_rows
from qmsdoc.core.copyjobs import DocumentJob, ManualJob
from qmsdoc.core.status import Status
from qmsdoc.pdf.copies import document_pdf, manual_pdf
from qmsdoc.word.document import build_document
from qmsdoc.word.manual import build_manual

from conftest import office_profile

ORG = "测试物业公司"
SIGNOFFS = (("编制", "质量专员", "2026-02-10"), ("审核", "部门经理", "2026-02-20"), ("批准", "总经理", "2026-02-25"))
HEAD_ROW = ("序号", "检查项目", "判定标准")
HEADING = re.compile(r"^(\d+\.0 第 ?\d+ ?节要求|修订记录|审\s*批)$")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _sections(count: int = 60) -> str:
    """`count` headings, each over a section of a different length, so page breaks fall next to headings."""
    return "".join(f"<h2>{n}.0 第{n}节要求</h2><p>本节规定第 {n} 项要求。" + "各部门按要求执行。" * (n % 7 * 3) + "</p>"
                   for n in range(1, count + 1))


def _table(rows: int = 120, tall: str = "") -> str:
    """A checklist table of `rows` rows under a head row; `tall`: one more row holding that much text."""
    body = "".join(f"<tr><td>R{n:03d}</td><td>消防设施</td><td>消防通道畅通，无堆放杂物</td></tr>"
                   for n in range(1, rows + 1))
    if tall:
        body += f"<tr><td>R999</td><td>长条目</td><td>{tall}</td></tr>"
    return (f"<table><thead><tr>{''.join(f'<th>{h}</th>' for h in HEAD_ROW)}</tr></thead><tbody>{body}</tbody></table>")


def _job(code: str = "QP-09-01", *, html: str | None = None, history_rows: int = 40,
         title: str = "长文件") -> DocumentJob:
    history = tuple((f"A/{n}", "2026-02-25", "质量专员", f"第 {n} 次修订") for n in range(history_rows))
    return DocumentJob(id=code, title=title, version="A/0", status=Status("effective"), type_label="程序文件",
                       department="行政人事部", effective_date="2026-03-01",
                       html=_sections() + _table() if html is None else html, organisation=ORG, signoffs=SIGNOFFS,
                       history=history, approval_date=dt.date(2026, 2, 25))


def _manual() -> ManualJob:
    members = (_job("QP-09-01"), _job("QP-09-02", title="第二份长文件", history_rows=3))
    return ManualJob(id="QP-09", title="人事工作规程", version="A/1", owner="行政人事部", effective_date="2026-03-01",
                     organisation=ORG, signoffs=SIGNOFFS, documents=members, intro_html="<p>本手册适用于服务中心。</p>")


# -- reading a printed copy ---------------------------------------------------------------------------
def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def _body_lines(page: str) -> list[str]:
    """The lines of a page between its header table (ending with 第 x 页 共 y 页) and its footer."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    numbered = [i for i, line in enumerate(lines) if re.search(r"第\s*\d+\s*页\s*共", line)]
    start = numbered[0] + 1 if numbered else 0
    return [line for line in lines[start:] if "受控状态" not in line]


def _page_number(page: str) -> tuple[int, int] | None:
    found = re.search(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", page)
    return (int(found.group(1)), int(found.group(2))) if found else None


def _is_head_row(line: str) -> bool:
    return re.sub(r"\s+", " ", line) == " ".join(HEAD_ROW)


def _assert_printed_well(pages: list[str], *, cover: bool = False) -> None:
    """Every page (but a manual's `cover`) shows its own number of the whole count and ends with no heading; a page
    the checklist table runs onto shows the table's head row above its rows, at the top of the page when the
    table began on an earlier one."""
    for number, page in enumerate(pages[1:] if cover else pages, start=2 if cover else 1):
        assert _page_number(page) == (number, len(pages)), f"page {number}: {_page_number(page)}"
        body = _body_lines(page)
        assert body, f"page {number} is empty"
        assert not HEADING.match(re.sub(r"\s+", " ", body[-1])), f"page {number} ends with the heading {body[-1]!r}"
    spanned = [n for n, page in enumerate(pages, start=1) if re.search(r"^\s*R\d{3}\s", page, re.M)]
    assert len(spanned) >= 3, "the planted table must run over several pages"
    for number in spanned:
        body = _body_lines(pages[number - 1])
        first_row = next(i for i, line in enumerate(body) if re.match(r"R\d{3}\s", line))
        assert first_row > 0 and _is_head_row(body[first_row - 1]), f"page {number} lacks the head row: {body[:3]}"
        if number - 1 in spanned and not body[first_row].startswith("R001"):
            assert first_row == 1, f"page {number}: the table goes on under {body[0]!r}"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- the decision ---------------------------------------------------------------------------------------
def _cell(text: str) -> TableCell:
    return TableCell((Para((Span(text),)),))


def test_a_short_row_is_kept_whole_a_tall_one_may_break() -> None:
    table = TableBlock(rows=((_cell("序号"), _cell("内容")), (_cell("1"), _cell("短条目")),
                             (_cell("2"), _cell("很长的条目。" * 400))), header_rows=1, widths=(0.2, 0.8))
    assert unsplit_rows(table) == (True, True, False)
    lines = "\n".join(["一行"] * KEPT_ROW_LINES)
    assert unsplit_rows(TableBlock(rows=((_cell(lines),),), header_rows=0, widths=(1.0,))) == (True,)
    assert unsplit_rows(TableBlock(rows=((_cell(lines + "\n再一行"),),), header_rows=0, widths=(1.0,))) == (False,)


# -- Word: the properties -----------------------------------------------------------------------------
def _docx_part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def _tables(document_xml: str) -> list[str]:
    return re.findall(r"<w:tbl>.*?</w:tbl>", document_xml, re.S)


def _rows(table: str) -> list[str]:
    return re.findall(r"<w:tr>.*?</w:tr>", table, re.S)


def _table_holding(document_xml: str, text: str) -> str:
    return next(table for table in _tables(document_xml) if text in table)


def test_word_tables_repeat_their_head_row_and_keep_short_rows_whole() -> None:
    data = build_document(_job(html=_sections(3) + _table(5, tall="很长的条目。" * 400), history_rows=3))
    xml = _docx_part(data, "word/document.xml")
    checklist = _rows(_table_holding(xml, "R001"))
    assert "<w:tblHeader/>" in checklist[0] and not any("<w:tblHeader/>" in row for row in checklist[1:])
    assert checklist[0].count("<w:keepNext/>") == len(HEAD_ROW), "the heads stay with the first row"
    assert all("<w:cantSplit/>" in row for row in checklist[:-1])
    assert "<w:cantSplit/>" not in checklist[-1], "a row taller than a page may break"
    history = _rows(_table_holding(xml, "修订人"))
    assert "<w:tblHeader/>" in history[0] and all("<w:cantSplit/>" in row for row in history)
    approval = _rows(_table_holding(xml, "总经理"))
    assert all("<w:cantSplit/>" in row for row in approval)
    assert all("<w:keepNext/>" in row for row in approval[:-1])


def test_word_headings_keep_with_next_and_body_text_has_widow_control() -> None:
    data = build_document(_job(html=_sections(3), history_rows=1))
    styles = _docx_part(data, "word/styles.xml")
    defaults = re.search(r"<w:pPrDefault>.*?</w:pPrDefault>", styles, re.S)
    assert defaults and "<w:widowControl/>" in defaults.group(0)
    xml = _docx_part(data, "word/document.xml")
    used = set(re.findall(r'<w:pStyle w:val="(Heading\d)"/>', xml))
    assert {"Heading1", "Heading2"} <= used
    for style_id in used:  # Word's navigation pane lists a paragraph by its outline level
        style = re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles, re.S)
        assert style, style_id
        assert "<w:keepNext/>" in style.group(0) and re.search(r'<w:outlineLvl w:val="\d"/>', style.group(0))


# -- PDF: printed ---------------------------------------------------------------------------------------
def test_pdf_of_a_long_document_paginates_as_printed(tmp_path: Path) -> None:
    pdf = _write(tmp_path, "long.pdf", document_pdf(_job()))
    pages = _pages(pdf)
    _assert_printed_well(pages)
    history = [n for n, page in enumerate(pages, start=1) if re.search(r"第 \d+ 次修订", page)]
    assert len(history) >= 2, "the planted 修订记录 must run over two pages"
    for number in history:
        assert re.search(r"版本\s+日期\s+修订人\s+修订内容", pages[number - 1]), f"page {number} lacks the history head"
    approval = next(n for n, page in enumerate(pages, start=1) if "审批" in page)
    assert all(word in pages[approval - 1] for word in ("编制", "签名", "日期", "总经理"))


def test_pdf_outline_lists_the_body_headings_under_the_document(tmp_path: Path) -> None:
    pdf = _write(tmp_path, "long.pdf", document_pdf(_job(html=_sections(5), history_rows=1)))
    outline = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", str(pdf)], capture_output=True, text=True,
                             check=True).stdout
    items = [text for _, text in re.findall(r'<item page="(\d+)">([^<]*)</item>', outline)]
    assert items[0] == "QP-09-01　长文件"
    assert items[1:] == [f"{n}.0 第{n}节要求" for n in range(1, 6)] + ["修订记录", "审批"]


def test_pdf_of_a_whole_manual_numbers_every_page(tmp_path: Path) -> None:
    _assert_printed_well(_pages(_write(tmp_path, "manual.pdf", manual_pdf(_manual()))), cover=True)


def _wrapped_rows() -> str:
    """A table of rows four or five lines tall, each marked where it starts and where it ends."""
    rows = "".join(f"<tr><td>{n}</td><td>第{n}条起。" + "检查内容及标准的说明文字。" * 14 + f"第{n}条止。</td></tr>"
                   for n in range(1, 41))
    return f"<table><thead><tr><th>序号</th><th>要求</th></tr></thead><tbody>{rows}</tbody></table>"


def _assert_no_row_divided(pages: list[str]) -> None:
    flat = [re.sub(r"\s+", "", page) for page in pages]
    starts = [n for n in range(1, 41) if any(f"第{n}条起" in page for page in flat)]
    assert starts == list(range(1, 41))
    for n in starts:
        assert any(f"第{n}条起" in page and f"第{n}条止" in page for page in flat), f"row {n} is divided"


def test_pdf_keeps_each_short_table_row_on_one_page(tmp_path: Path) -> None:
    _assert_no_row_divided(_pages(_write(tmp_path, "rows.pdf", document_pdf(_job(html=_wrapped_rows())))))


# -- Word, printed by LibreOffice --------------------------------------------------------------------------
def _libreoffice(tmp_path: Path, docx: Path) -> Path:
    assert shutil.which("soffice"), "run the README test command to install LibreOffice"
    result = subprocess.run(["soffice", office_profile(tmp_path), "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    return docx.with_suffix(".pdf")


@pytest.mark.office
@pytest.mark.slow
def test_word_copy_of_a_long_document_prints_as_the_pdf_does(tmp_path: Path) -> None:
    pages = _pages(_libreoffice(tmp_path, _write(tmp_path, "long.docx", build_document(_job()))))
    _assert_printed_well(pages)
    history = [n for n, page in enumerate(pages, start=1) if re.search(r"第 \d+ 次修订", page)]
    for number in history:
        assert re.search(r"版本\s+日期\s+修订人\s+修订内容", pages[number - 1]), f"page {number} lacks the history head"


@pytest.mark.office
@pytest.mark.slow
def test_word_copy_of_a_whole_manual_numbers_every_page(tmp_path: Path) -> None:
    _assert_printed_well(_pages(_libreoffice(tmp_path, _write(tmp_path, "manual.docx", build_manual(_manual())))),
                         cover=True)


@pytest.mark.office
@pytest.mark.slow
def test_word_keeps_each_short_table_row_on_one_page(tmp_path: Path) -> None:
    docx = _write(tmp_path, "rows.docx", build_document(_job(html=_wrapped_rows())))
    _assert_no_row_divided(_pages(_libreoffice(tmp_path, docx)))


def test_every_word_grid_repeats_its_head_row() -> None:
    """The 学习签到表 (a sheet of 60 blank rows) and the blank form's repeating table carry w:tblHeader too:
    they share the one grid writer with the 修订记录."""
    from qmsdoc.core.copyjobs import FormJob, SigninJob
    from qmsdoc.word.forms import build_form
    from qmsdoc.word.signin import build_signin

    sheet = build_signin(SigninJob(id="QP-09-01", title="长文件", version="A/0", organisation=ORG,
                                   department="行政人事部", change="首次发布", released="2026-03-01", due="2026-03-15",
                                   departments=("行政人事部",), approval_date=None, rows=60))
    form = build_form(FormJob(id="QP-09-01-F01", title="检查记录", version="A/0", organisation=ORG, owner="行政人事部",
                              retention="3年", fields=(("日期", 1, "half"),), columns=("序号", "检查项目", "结果"),
                              rows=60, signatures=("检查人",), landscape=False, date=None))
    for data in (sheet, form):
        rows = _rows(_table_holding(_docx_part(data, "word/document.xml"), "序号"))
        assert "<w:tblHeader/>" in rows[0] and not any("<w:tblHeader/>" in row for row in rows[1:])
        assert "<w:keepNext/>" in rows[0]


def _paragraphs() -> str:
    """Paragraphs two to six lines long, each marked where it starts (P7起) and where it ends (P7止)."""
    return "".join(f"<p>P{n}起。" + "各部门根据职位空缺情况填写人员需求表并报审核。" * (2 + n % 5 * 2) + f"P{n}止。</p>"
                   for n in range(1, 81))


def _assert_no_single_lines(pages: list[str]) -> None:
    """No page ends with a paragraph's first line alone, nor starts with its last line alone."""
    for number, page in enumerate(pages, start=1):
        body, whole = _body_lines(page), re.sub(r"\s+", "", page)
        last = re.search(r"P(\d+)\s*起", body[-1])
        assert not last or f"P{last.group(1)}止" in whole, f"page {number} ends with P{last.group(1)}'s first line"
        first = re.search(r"P(\d+)\s*止", body[0])
        assert not first or f"P{first.group(1)}起" in whole, f"page {number} starts with P{first.group(1)}'s last line"


def test_pdf_leaves_no_single_line_of_a_paragraph_alone(tmp_path: Path) -> None:
    pages = _pages(_write(tmp_path, "lines.pdf", document_pdf(_job(html=_paragraphs(), history_rows=1))))
    assert len(pages) >= 4
    _assert_no_single_lines(pages)


@pytest.mark.office
@pytest.mark.slow
def test_word_leaves_no_single_line_of_a_paragraph_alone(tmp_path: Path) -> None:
    docx = _write(tmp_path, "lines.docx", build_document(_job(html=_paragraphs(), history_rows=1)))
    pages = _pages(_libreoffice(tmp_path, docx))
    assert len(pages) >= 4
    _assert_no_single_lines(pages)
