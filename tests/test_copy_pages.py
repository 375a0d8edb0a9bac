"""Word and PDF copies paginate by the same decisions (core/page.py, core/formlayout.py, core/copylabels.py): the
修订记录 is not chained to the body, a form that would fill its page keeps a safe margin, a form's footer numbers
its pages, and an English header label fits its column."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import docx
import pytest
from PIL import ImageFont

from qmsdoc.core import copylabels, formlayout, page
from qmsdoc.core.copyjobs import DocumentJob, FormJob, SigninJob
from qmsdoc.core.i18n import using
from qmsdoc.core.status import Status
from qmsdoc.pdf import layout
from qmsdoc.word.document import build_document
from qmsdoc.word.forms import build_form
from qmsdoc.word.signin import build_signin

SIGNOFFS = (("编制", "质量专员", "2026-02-10"), ("审核", "部门经理", "2026-02-20"), ("批准", "总经理", "2026-02-25"))


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def _document(history_rows: int) -> str:
    history = tuple((f"A/{n}", "2026-02-25", "质量专员", f"第 {n} 次修订") for n in range(history_rows))
    job = DocumentJob(id="QP-09-01", title="文件", version="A/0", status=Status("effective"), type_label="程序文件",
                      department="行政人事部", effective_date="2026-03-01", html="<p>正文最后一段。</p>",
                      organisation="测试公司", signoffs=SIGNOFFS, history=history, approval_date=dt.date(2026, 2, 25))
    return _part(build_document(job), "word/document.xml")


def _keeps(xml: str) -> bool:
    return "<w:keepNext/>" in xml


def test_word_history_keeps_head_and_first_rows_only_and_the_body_is_not_chained() -> None:
    xml = _document(history_rows=4)
    body_end = re.search(r"<w:p>(?:(?!<w:p>).)*?正文最后一段.*?</w:p>", xml, re.S)
    assert body_end and not _keeps(body_end.group(0)), "the body's last line is not kept with the history"
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S)
    history = re.findall(r"<w:tr>.*?</w:tr>", next(t for t in tables if "修订人" in t), re.S)
    kept = [_keeps(row) for row in history]
    assert kept == [True] * page.HISTORY_KEPT_ROWS + [False] * (len(history) - page.HISTORY_KEPT_ROWS)
    approval = re.findall(r"<w:tr>.*?</w:tr>", next(t for t in tables if "总经理" in t), re.S)
    assert [_keeps(row) for row in approval] == [True] * (len(approval) - 1) + [False], "the 审批 block stays whole"


def test_pdf_history_heading_sticks_to_its_table() -> None:
    source = layout.history_block((("A/0", "2026-02-25", "质量专员", "首次发布"),))
    assert source.startswith("#block(sticky: true)[#heading(")


def _form(rows: int, *, landscape: bool = True) -> FormJob:
    columns = ("序号", "培训项目", "培训对象", "培训形式", "计划时间", "课时")
    return FormJob(id="QRKF0401", title="年度员工培训计划表", version="A/0", owner="员工培训管理制度（KF0401）",
                   retention="3 年", landscape=landscape, fields=(("部门", 1, "half"), ("计划年度", 1, "half")),
                   columns=columns, rows=rows, signatures=("编制（客服部经理）", "批准（总经理）"),
                   organisation="某公司",
                   date=None)


def test_a_form_that_would_fill_its_page_gets_tight_gaps() -> None:
    full = _form(12)
    room = formlayout.body_height_cm(True)
    assert room - formlayout.planned_height_cm(full) < formlayout.SAFE_MARGIN_CM
    assert formlayout.block_gap_cm(full) == formlayout.TIGHT_GAP_CM
    assert room - formlayout.planned_height_cm(full, formlayout.TIGHT_GAP_CM) >= formlayout.SAFE_MARGIN_CM
    gap = round(formlayout.TIGHT_GAP_CM / 2.54 * 1440)
    assert f'w:line="{gap}"' in _part(build_form(full), "word/document.xml")


def test_a_form_with_room_to_spare_or_too_tall_keeps_its_gaps() -> None:
    for job in (_form(8), _form(30), _form(12, landscape=False)):
        assert formlayout.block_gap_cm(job) == formlayout.BLOCK_GAP_CM, job.rows
    gap = round(formlayout.BLOCK_GAP_CM / 2.54 * 1440)
    assert f'w:line="{gap}"' in _part(build_form(_form(8)), "word/document.xml")


def test_form_footers_number_their_pages_documents_keep_theirs_in_the_header() -> None:
    footer = _part(build_form(_form(8)), "word/footer1.xml")
    assert "NUMPAGES" in footer and copylabels.footer_page_of()[1].strip() in footer
    assert "NUMPAGES" not in _part(build_document(DocumentJob(
        id="QP-09-01", title="文件", version="A/0", status=Status("effective"), type_label="程序文件",
        department="行政人事部", effective_date="2026-03-01", html="<p>正文。</p>", organisation="测试公司",
        signoffs=SIGNOFFS, history=(), approval_date=dt.date(2026, 2, 25))), "word/footer1.xml")
    assert "counter(page)" in layout.page_footer(controlled=True, copy_number="", paged=True)
    assert "counter(page)" not in layout.page_footer(controlled=True, copy_number="")
    with using("en"):
        assert copylabels.footer_page_of()[0].strip() == "Page"


def _dejavu_cm(label: str) -> float:
    font = ImageFont.truetype("DejaVuSans-Bold.ttf", 900)
    return font.getlength(label) / 100 * 2.54 / 72


def test_english_header_labels_fit_their_column_in_the_widest_face() -> None:
    with using("en"):
        rows = copylabels.header_rows("Control of Records", "QM-03", "A/0", "2026-09-01", "Quality Department")
        first, _, third, _ = copylabels.header_widths_cm(rows)
    padding = 2 * page.CELL_INSET_X_MM / 10
    assert first >= max(_dejavu_cm(row[0]) for row in rows) + padding
    assert third >= max(_dejavu_cm(row[2]) for row in rows) + padding


def test_chinese_header_labels_keep_the_narrow_column() -> None:
    rows = copylabels.header_rows("文件", "QP-01", "A/0", "2026-09-01", "行政人事部")
    assert copylabels.header_widths_cm(rows)[0] == copylabels.HEADER_WIDTHS_CM[0]


PAGE_OF = {"zh_CN": "\u3000\u3000\u3000第 1 页 共 1 页", "en": "      Page 1 of 1",
           "zh_TW": "\u3000\u3000\u3000第 1 頁 共 1 頁"}
SHEET_LINE = {"zh_CN": "本表 docx/signin/QP-03-02.docx。", "en": "Sheet docx/signin/QP-03-02.docx.",
              "zh_TW": "本表 docx/signin/QP-03-02.docx。"}


def _footer_text(data: bytes, part: str = "footer") -> str:
    """The first footer's (or header's) text as Word shows it before it updates its fields (python-docx)."""
    return "".join(str(p.text) for p in getattr(docx.Document(io.BytesIO(data)).sections[0], part).paragraphs)


def _signin() -> SigninJob:
    return SigninJob(id="QP-03-02", title="催收工作规程", version="A/1", organisation="某公司", department="客服部",
                     change="明确足额收取", released="2026-02-25", due="2026-03-11", departments=("客服部",),
                     approval_date=dt.date(2026, 2, 25))


@pytest.mark.parametrize("language", sorted(PAGE_OF))
def test_the_sign_in_sheet_numbers_its_pages_in_the_form_footers_words(language: str) -> None:
    with using(language):
        sheet, form = _footer_text(build_signin(_signin())), _footer_text(build_form(_form(8)))
    assert sheet.endswith(PAGE_OF[language]) and form.endswith(PAGE_OF[language]), (sheet, form)


@pytest.mark.parametrize("language", sorted(PAGE_OF))
def test_the_sign_in_sheet_footer_opens_with_its_own_line_and_says_its_page_once(language: str) -> None:
    with using(language):
        sheet = _footer_text(build_signin(_signin()))
        header = _footer_text(build_signin(_signin()), "header")
    page_word = PAGE_OF[language].strip().split(" ")[0]
    assert sheet.startswith(SHEET_LINE[language]) and sheet.count(page_word) == 1, sheet
    assert page_word not in header, header
