"""One page for every copy (core/page.py): the Word and PDF copies of a blank form and of a document with a table have
the same margins and the same column widths, read back from the files — Word's w:pgMar and w:gridCol, the PDF's
table rules found in a 200 dpi render (pdftoppm) — never from the code that wrote them."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from qmsdoc.core import formlayout, page
from qmsdoc.core.colwidths import blank_column_widths, column_widths, content_minimum
from qmsdoc.core.copyjobs import DocumentJob, FormJob
from qmsdoc.core.status import Status
from qmsdoc.pdf.copies import document_pdf, form_pdf
from qmsdoc.word.document import build_document
from qmsdoc.word.forms import build_form

from conftest import office_profile

DPI = 200
TWIPS_PER_CM = 1440 / 2.54
LONG = "申请人所在部门及其上级主管部门负责人对本次人员需求的审核意见包括岗位编制人数到岗时间任职要求以及预算"
FORM = FormJob(id="QP-09-01-F001", title="人员需求表", version="A/0", owner="QP-09-01", retention="3 年",
               landscape=False, fields=(("需求部门", 1, ""), (LONG, 2, ""), ("理由", 3, "full")),
               columns=("序号", LONG, "Remarks of the reviewer"), rows=3, signatures=("申请人", "审批人"),
               organisation="测试物业公司", date=dt.date(2026, 2, 25), copy_number="")
TABLE = ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in ("序号", "检查项目", "检查内容及标准", "Result",
                                                                  "Responsible person"))
         + "</tr></thead><tbody><tr><td>1</td><td>消防设施</td>"
         "<td>消防通道畅通，无堆放杂物；灭火器压力正常，在有效期内</td>"
         "<td>Satisfactory</td><td>Maintenance supervisor</td></tr></tbody></table>")
DOCUMENT = DocumentJob(id="QP-09-01", title="招聘与录用管理工作规程", version="A/0", status=Status("effective"),
                       type_label="程序文件", department="行政人事部", effective_date="2026-03-01",
                       html=TABLE, organisation="测试物业公司",
                       signoffs=(("编制", "质量专员", "2026-02-10"), ("审核", "部门经理", "2026-02-20"),
                                 ("批准", "总经理", "2026-02-25")),
                       history=(("A/0", "2026-02-25", "质量专员", "首次发布"),), approval_date=dt.date(2026, 2, 25),
                       copy_number="", assets_root="")


def _word(data: bytes) -> tuple[dict[str, float], list[list[float]]]:
    """The margins (cm) and each body table's column widths (cm) of a Word file."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    margins = {k: int(v) / TWIPS_PER_CM for k, v in re.findall(r'w:(top|right|bottom|left)="(\d+)"',
                                                                re.search(r"<w:pgMar [^>]*>", xml).group(0))}  # type: ignore[union-attr]
    grids = [[int(w) / TWIPS_PER_CM for w in re.findall(r'<w:gridCol w:w="(\d+)"', grid)]
             for grid in re.findall(r"<w:tblGrid>(.*?)</w:tblGrid>", xml)]
    return margins, grids


def _pdf(data: bytes, tmp_path: Path, name: str) -> tuple[float, list[list[float]]]:
    """The left edge (cm) of the page's tables and the column widths (cm) of each table row of page 1, read
    just under each horizontal rule (inside the cell's inset, where no text is: only vertical rules are dark)."""
    from PIL import Image

    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp_path / name)], check=True)
    image = Image.open(tmp_path / f"{name}.png").convert("L")
    width, height = image.size
    pixels = image.load()
    per_cm = DPI / 2.54

    def dark(y: int) -> list[int]:
        return [x for x in range(width) if pixels[x, y] < 128]  # type: ignore[index]

    rows: list[list[float]] = []
    lefts: list[float] = []
    y = 0
    while y < height - 4:
        if len(dark(y)) > width // 5:  # a horizontal rule: step below it
            while y < height - 4 and len(dark(y)) > width // 5:
                y += 1
            runs: list[list[int]] = []
            for x in dark(y + 2):
                if runs and x - runs[-1][1] <= 1:
                    runs[-1][1] = x
                else:
                    runs.append([x, x])
            centres = [(a + b) / 2 for a, b in runs]
            widths = [(b - a) / per_cm for a, b in zip(centres, centres[1:], strict=False)]
            if len(widths) >= 2 and min(widths) >= 0.5:  # table columns, not a line of text
                rows.append(widths)
                lefts.append(centres[0] / per_cm)
        y += 1
    return min(lefts), rows


def _close(a: list[float], b: list[float], tolerance: float = 0.05) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_word_and_pdf_copies_share_the_page_and_the_column_widths(tmp_path: Path) -> None:
    for name, word, pdf in (("form", build_form(FORM), form_pdf(FORM)),
                            ("document", build_document(DOCUMENT), document_pdf(DOCUMENT))):
        margins, grids = _word(word)
        left, rows = _pdf(pdf, tmp_path, name)
        assert abs(margins["left"] - page.SIDE_MARGIN_CM) < 0.01 and abs(margins["right"] - page.SIDE_MARGIN_CM) < 0.01
        assert abs(margins["bottom"] - page.BOTTOM_MARGIN_CM) < 0.01
        assert abs(left - page.SIDE_MARGIN_CM) <= 0.05, (name, left)  # the PDF's tables start at the same margin
        for grid in grids:  # every Word table is drawn in the PDF with the same columns
            assert any(_close(grid, row) for row in rows), (name, [round(w, 2) for w in grid],
                                                           [[round(w, 2) for w in r] for r in rows])
            assert abs(sum(grid) - page.text_width_cm()) <= 0.05 or name == "document"  # a form's tables fill the line


def test_the_page_is_a4_with_the_text_width_tables_are_divided_in() -> None:
    assert page.page_cm() == (21.0, 29.7) and page.page_cm(landscape=True) == (29.7, 21.0)
    assert page.text_width_cm() == round(21.0 - 2 * page.SIDE_MARGIN_CM, 2)
    assert page.text_units() == int(page.text_width_cm() / (10.5 / 2 / 72 * 2.54))
    assert sum(column_widths([["a" * 200], ["b" * 200]])) == 1.0


def test_a_short_heading_between_long_ones_keeps_one_line_in_a_blank_form() -> None:
    long = "审" * 100
    shares = blank_column_widths(["序号", long, long], available_units=40)
    assert shares[0] * 40 >= content_minimum(["序号"]) == 4  # 序号: two characters, one line
    assert abs(shares[1] - shares[2]) < 1e-9 and abs(sum(shares) - 1) < 1e-9
    assert max(blank_column_widths(["日期", "检查项目", "签名"])) - 1 / 3 < 1e-9  # room for all: equal


def _sizes_pt(pdf: Path, words: Sequence[str]) -> dict[str, float]:
    """The size each of `words` is printed at on page 1: the height of its box (pdftotext -bbox), which is the font
    size for the fonts the copies use."""
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    found = {word: float(y1) - float(y0) for y0, y1, word
             in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', boxes)}
    return {word: round(found[word], 1) for word in words}


def test_word_and_pdf_print_the_body_title_and_headings_at_the_same_sizes(tmp_path: Path) -> None:
    """A Word copy set in 小四 and its PDF in 五号 paginate differently and wrap a column sized for 五号 (序号 on two
    lines): the Word styles carry the sizes the PDF prints."""
    import docx

    job = replace(DOCUMENT, html="<h2>Purpose</h2><p>Sampler</p><h3>Lists</h3><h4>Minor</h4>", title="Sizes")
    pdf = tmp_path / "sizes.pdf"
    pdf.write_bytes(document_pdf(job))
    printed = _sizes_pt(pdf, ("Sizes", "Purpose", "Sampler", "Lists", "Minor"))
    styles = docx.Document(io.BytesIO(build_document(job))).styles
    word = {"Sizes": styles["Heading 1"].font.size.pt, "Purpose": styles["Heading 2"].font.size.pt,
            "Sampler": styles["Normal"].font.size.pt, "Lists": styles["Heading 3"].font.size.pt,
            "Minor": styles["Heading 4"].font.size.pt}
    assert word == printed
    assert printed["Sampler"] == page.BODY_PT
    assert printed["Sizes"] > printed["Purpose"] > printed["Lists"] > printed["Minor"] > printed["Sampler"]


@pytest.mark.office
@pytest.mark.slow  # LibreOffice
def test_a_word_table_starts_at_the_margin_and_keeps_a_short_heading_on_one_line(tmp_path: Path) -> None:
    """Printed by LibreOffice: the body table's left rule at the side margin, as the PDF's (Word 2010's table indent
    is measured to the first cell's text, so without one the rule hangs into the margin by the cell padding), and
    序号 on one line in its column (the cell padding is the PDF's, the one colwidths allows for)."""
    docx_file = tmp_path / "table.docx"
    docx_file.write_bytes(build_document(DOCUMENT))
    subprocess.run(["soffice", office_profile(tmp_path), "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(docx_file)], capture_output=True, check=True, timeout=240)
    left, _rows = _pdf((tmp_path / "table.pdf").read_bytes(), tmp_path, "word-table")
    assert abs(left - page.SIDE_MARGIN_CM) <= 0.05, left
    printed = subprocess.run(["pdftotext", "-layout", str(tmp_path / "table.pdf"), "-"], capture_output=True,
                             text=True, check=True).stdout
    assert "序号" in printed, printed


URL_TABLE = ("<table><thead><tr><th>No</th><th>Reference</th><th>Notes</th></tr></thead><tbody>"
             "<tr><td>1</td><td>https://www.example.com/a/very/long/path/that/never/breaks/anywhere/at/all/index.html</td>"
             "<td>Supercalifragilisticexpialidociousness</td></tr>"
             "<tr><td>2</td><td>Antidisestablishmentarianism</td><td>ok</td></tr></tbody></table>")


def _boxes(pdf: Path) -> list[tuple[str, float, float]]:
    """Each word of page 1 with its left and right edge (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [(word, float(x0), float(x1)) for x0, x1, word
            in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>', out)]


@pytest.mark.office
@pytest.mark.slow  # LibreOffice
def test_a_long_url_leaves_a_short_heading_its_width_in_both_copies(tmp_path: Path) -> None:
    """An 85-character URL in one column and a short capitalised heading (No) in the next: the URL wraps, No stays
    one word clear of Reference in the PDF and in Word as LibreOffice prints it (not N/o, nor over its neighbour)."""
    job = replace(DOCUMENT, html=URL_TABLE)
    pdf = tmp_path / "url.pdf"
    pdf.write_bytes(document_pdf(job))
    docx_file = tmp_path / "url.docx"
    docx_file.write_bytes(build_document(job))
    subprocess.run(["soffice", office_profile(tmp_path), "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path / "word"), str(docx_file)], capture_output=True, check=True,
                   timeout=240)
    for printed in (pdf, tmp_path / "word" / "url.pdf"):
        words = _boxes(printed)
        heading = next((w for w in words if w[0] == "No"), None)
        reference = next((w for w in words if w[0] == "Reference"), None)
        assert heading and reference and heading[2] + 3 <= reference[1], (printed.name, words[:40])


def _lines(pdf: Path) -> tuple[int, list[float]]:
    """The page count of a PDF and the distances (pt) between consecutive lines of body text on each page: the lines
    (pdftotext -bbox-layout) of the commonest height (the font's box, the same for every body line of a font),
    measured foot to foot, so the distance is the line pitch, whatever font each copy was printed in."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = out.split("<page ")[1:]
    lines = [[(round(float(y1) - float(y0), 1), float(y1)) for y0, y1
              in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">', text)]
             for text in pages]
    heights = [h for page_lines in lines for h, _ in page_lines]
    body = max(set(heights), key=heights.count)
    gaps: list[float] = []
    for page_lines in lines:
        feet: list[float] = []
        for y in sorted(y for h, y in page_lines if abs(h - body) <= 0.2):
            if not feet or y - feet[-1] > 2:  # two boxes of one line (a table's cells) stand level
                feet.append(y)
        gaps += [b - a for a, b in zip(feet, feet[1:], strict=False)]
    return len(pages), gaps


def _pitch(gaps: list[float]) -> float:
    """The commonest distance between consecutive body lines (to half a point): a line's pitch inside a paragraph."""
    steps = [round(g * 2) / 2 for g in gaps]
    return max(set(steps), key=steps.count)


LONG_SECTIONS = "".join(
    f"<h2>{n}.0 第{n}项管理要求</h2>"
    f"<p>{'各服务中心应按本规程的要求组织实施，并做好记录，发现问题及时纠正，确保服务质量持续满足业主的需求。' * 3}</p>"
    f"<h3>{n}.1 实施要求</h3><ul><li>管家每日巡查一次，记录巡查结果。</li><li>主管每周抽查一次，签字确认。</li></ul>"
    f"<p>{'检查结果应于当日录入系统，月底汇总分析，形成改进措施并跟踪落实。' * 4}</p>"
    for n in range(1, 13))


@pytest.mark.office
@pytest.mark.slow  # LibreOffice
def test_word_and_pdf_copies_of_a_long_document_set_lines_alike_and_paginate_alike(tmp_path: Path) -> None:
    """The line model (core/page.py LINE_EM): a multi-page Chinese document printed from Word (by LibreOffice) and its
    PDF have the same line pitch and the same number of pages — Word's line spacing as a multiple of its font's own
    line set the lines about 20% further apart than the PDF's, and the Word copy ran a page or more longer, so 第 3
    页 共 5 页 held different text in the two copies of one version."""
    job = replace(DOCUMENT, html=LONG_SECTIONS, title="服务质量检查管理规程")
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(document_pdf(job))
    docx_file = tmp_path / "long.docx"
    docx_file.write_bytes(build_document(job))
    subprocess.run(["soffice", office_profile(tmp_path), "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path / "word"), str(docx_file)], capture_output=True, check=True, timeout=240)
    pdf_pages, pdf_gaps = _lines(pdf)
    word_pages, word_gaps = _lines(tmp_path / "word" / "long.pdf")
    assert pdf_pages >= 3  # long enough for the pages to tell
    pdf_pitch, word_pitch = _pitch(pdf_gaps), _pitch(word_gaps)
    assert abs(word_pitch - pdf_pitch) <= 0.05 * pdf_pitch, (word_pitch, pdf_pitch)
    assert abs(pdf_pitch - page.BODY_PT * 1.5) <= 1.0, pdf_pitch  # readable: 1.5 lines for 五号, not crammed
    assert word_pages == pdf_pages, (word_pages, pdf_pages)


def _overlapping(pdf: Path, below_pt: float) -> list[tuple[str, str]]:
    """Each pair of words of page 1 above `below_pt` whose boxes (pdftotext -bbox) overlap: two lines of a wrapped
    cell set on top of each other."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    boxes = [(word, float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', out)
        if float(y1) <= below_pt]
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if min(a[3], b[3]) - max(a[1], b[1]) > 0.5 and min(a[4], b[4]) - max(a[2], b[2]) > 0.5]


@pytest.mark.parametrize("length", [30, 60, 100])  # QD019 allows up to 100 characters
def test_a_long_title_wraps_in_the_pdf_header_without_its_lines_overlapping(tmp_path: Path, length: int) -> None:
    """The header table's small lines are tight (the body's leading is 0, each line's box a whole line): a title
    wrapped over two or four lines of its cell was printed with its lines on top of each other."""
    title = (LONG * 2)[:length]
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(document_pdf(replace(DOCUMENT, title=title)))
    header_pt = page.BODY_TOP_CM / 2.54 * 72
    words = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-y", "0", "-H", str(int(header_pt)), "-W", "600",
                            str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert title[:8] in words.replace("\n", "")  # the wrapped title is in the header
    assert _overlapping(pdf, header_pt) == []


CODE = "\n".join(f"line{n} = value{n}  # 第{n}行" for n in range(1, 9))
SMALL_TEXT = (f"<p>{'各服务中心应按本规程的要求组织实施，并做好记录。' * 4}</p><pre><code>{CODE}</code></pre>"
              f"<p>只有<code>inline</code>一处代码。</p><ul><li><code>code_only_item</code></li></ul>")


def _document_xml(data: bytes, part: str = "word/document.xml") -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(part).decode("utf-8")


def _paragraph(xml: str, text: str) -> str:
    """The w:p holding `text`."""
    found = next((p for p in re.findall(r"<w:p>.*?</w:p>|<w:p .*?</w:p>", xml) if text in p), None)
    assert found is not None, text
    return found


def test_word_sets_text_of_a_size_of_its_own_on_lines_of_that_size() -> None:
    """The line model (core/page.py LINE_EM) is LINE_EM times a line's own text size in the PDF; Word's Normal line is
    the body's (15.75 pt) whatever a run's size, so a paragraph wholly in smaller (9 pt code, a form's info line) or
    larger text (a form's title) gets its own at-least line. Text of the body's size, a paragraph with some body
    text, a list item (its style's line) and the page header's small lines keep theirs."""
    data = build_document(replace(DOCUMENT, html=SMALL_TEXT))
    xml = _document_xml(data)
    own = f'w:line="{round(page.line_pt(page.CODE_PT) * 20)}" w:lineRule="atLeast"'
    assert own in _paragraph(xml, "line1 = value1")
    for kept in ("各服务中心应按本规程", "inline", "code_only_item", "修订内容"):
        assert "w:lineRule" not in _paragraph(xml, kept), kept
    header = next(name for name in zipfile.ZipFile(io.BytesIO(data)).namelist() if name.startswith("word/header"))
    assert "w:lineRule" not in _document_xml(data, header)
    form = _document_xml(build_form(FORM))
    assert own in _paragraph(form, "QP-09-01")  # the 9 pt 编号 版本 归口文件 保存期限 line
    assert f'w:line="{round(page.line_pt(page.TITLE_PT) * 20)}" w:lineRule="atLeast"' in _paragraph(form, "人员需求表")


def _code_pitch(pdf: Path) -> float:
    """The distance (pt) between consecutive lines of SMALL_TEXT's code block on page 1, foot to foot (pdftotext
    -bbox-layout), to half a point."""
    out = subprocess.run(["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    feet = sorted({float(y1) for y1, words in re.findall(
        r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">\s*<word [^>]*>(line\d)', out)})
    assert len(feet) == 8, feet
    return _pitch([b - a for a, b in zip(feet, feet[1:], strict=False)])


def _ink(pdf: Path, tmp_path: Path, name: str, below_cm: float) -> list[tuple[float, float]]:
    """The rows of ink of page 1 below `below_cm` (the top and foot of each line of text, in pt, 200 dpi render): the
    same glyphs in both copies, so their ink stands where their baselines do, whichever box a PDF writer gave them."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp_path / name)], check=True)
    image = Image.open(tmp_path / f"{name}.png").convert("L")
    width, height = image.size
    pixels = image.load()
    runs: list[list[int]] = []
    for y in range(round(below_cm / 2.54 * DPI), height):
        if any(pixels[x, y] < 128 for x in range(width)):  # type: ignore[index]
            if runs and y - runs[-1][1] <= 1:
                runs[-1][1] = y
            else:
                runs.append([y, y])
    return [(top * 72 / DPI, foot * 72 / DPI) for top, foot in runs]


def _word_pdf(data: bytes, tmp_path: Path, name: str) -> Path:
    """A Word copy printed by LibreOffice."""
    docx_file = tmp_path / f"{name}.docx"
    docx_file.write_bytes(data)
    subprocess.run(["soffice", office_profile(tmp_path), "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path / "word"), str(docx_file)], capture_output=True, check=True, timeout=240)
    return tmp_path / "word" / f"{name}.pdf"


@pytest.mark.office
@pytest.mark.slow  # LibreOffice
def test_word_and_pdf_set_lines_of_smaller_text_alike(tmp_path: Path) -> None:
    """A code block's 9 pt lines stood 15.75 pt apart in Word (Normal's at-least line, whatever the run's size) and
    13.5 pt in the PDF (LINE_EM of their own size): both now LINE_EM times the code's size."""
    job = replace(DOCUMENT, html=SMALL_TEXT)
    pdf = tmp_path / "small.pdf"
    pdf.write_bytes(document_pdf(job))
    word = _word_pdf(build_document(job), tmp_path, "small")
    pdf_pitch, word_pitch = _code_pitch(pdf), _code_pitch(word)
    assert abs(pdf_pitch - page.line_pt(page.CODE_PT)) <= 0.5, pdf_pitch
    assert abs(word_pitch - pdf_pitch) <= 0.5, (word_pitch, pdf_pitch)


@pytest.mark.office
@pytest.mark.slow  # LibreOffice
def test_the_title_and_the_lines_under_it_stand_alike_in_word_and_pdf(tmp_path: Path) -> None:
    """Under the header, a document's title, the line under it and the first line of the body, and a blank form's
    title, its info line and its first table's rule, stand within 3 pt of each other in the two copies: Word's
    Heading 1 kept 12 pt of space before at the top of the page (the PDF none) and set the Word title 13 pt lower; a
    form's 9 pt info line set on Normal's 15.75 pt line under a title with Normal's 3 pt after moved what followed."""
    document = replace(DOCUMENT, html=LONG_SECTIONS[LONG_SECTIONS.index("<p>"):LONG_SECTIONS.index("</p>") + 4])
    for name, word, pdf_data, below_cm in (
            ("document", build_document(document), document_pdf(document), page.BODY_TOP_CM),
            ("form", build_form(FORM), form_pdf(FORM), formlayout.BODY_TOP_CM)):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(pdf_data)
        printed = _ink(pdf, tmp_path, f"{name}-pdf", below_cm)[:3]
        from_word = _ink(_word_pdf(word, tmp_path, name), tmp_path, f"{name}-word", below_cm)[:3]
        assert len(printed) == len(from_word) == 3, (name, printed, from_word)
        assert all(abs(a[0] - b[0]) <= 3 for a, b in zip(printed, from_word, strict=True)), (name, printed, from_word)
