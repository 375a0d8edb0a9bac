"""The one walk over the rendered body that both copy writers draw (core/copybody.py): wrapped source lines,
table column widths from content, form label widths — read back from the real Word and PDF copies."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH as JC
from docx.oxml.ns import qn

from qmsdoc.core import check, load_config, page
from qmsdoc.core.captions import add_captions
from qmsdoc.core.colwidths import column_widths, text_units
from qmsdoc.core.copyblocks import Box, Code, ListBlock, Para, Span, TableBlock, inline_text, plain_text
from qmsdoc.core.copybody import walk_body
from qmsdoc.core.copyjobs import DocumentJob, FormJob
from qmsdoc.core.dialect import DEFAULT_EXTENSIONS
from qmsdoc.core.formlayout import LABEL_MIN_CM, label_width_cm
from qmsdoc.core.render import CorpusRenderer, render_markdown, render_unsanitised
from qmsdoc.core.status import Status
from qmsdoc.pdf.copies import document_pdf, form_pdf
from qmsdoc.pdf.layout import TIGHT_LEADING
from qmsdoc.word.document import build_document
from qmsdoc.word.forms import build_form
from qmsdoc.word.template import text_width_twips
from qmsdoc.word.wml import CELL_MARGIN_TWIPS, cm

from conftest import REPO, office_profile

WRAPPED = """1. 第一项，很长的一行
   被换行的续行
   第三行

- 子弹项
    续行缩进四格

> 引用第一行
  引用续行
"""
ENGLISH = ("Responsibility", "Verification", "Documentation")
CHECKLIST_HEAD = ("序号", "检查项目", "检查内容及标准", "Result", "Responsible person", "Remarks")


def _render(markdown: str) -> str:
    """The body as the one render makes it (the shipped project's dialect)."""
    config = load_config(REPO)
    result = check(config)
    return CorpusRenderer(result.corpus, config).text(markdown, result.corpus.manuals[0].path).html


def _job(html: str, **changes: object) -> DocumentJob:
    job = DocumentJob(id="QP-09-01", title="测试规程", version="A/0", status=Status("effective"), type_label="程序文件",
                      department="质量部", effective_date="2026-03-01", html=html,
                      organisation="测试物业公司",
                      signoffs=(("编制", "甲", "2026-02-01"), ("审核", "乙", "2026-02-02"),
                                ("批准", "丙", "2026-02-03")),
                      history=(("A/0", "2026-02-03", "甲", "首次发布"),), approval_date=dt.date(2026, 2, 3))
    return dataclasses.replace(job, **changes)  # type: ignore[arg-type]


def _word_paragraphs(data: bytes) -> list[str]:
    body = docx.Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def _pdf_text(pdf: bytes, tmp_path: Path, *, raw: bool = True) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-raw" if raw else "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_a_wrapped_source_line_is_one_space_in_the_walk_word_and_pdf(tmp_path: Path) -> None:
    html = _render(WRAPPED)
    assert "\n    " in html  # the render keeps the source's line break and indentation
    texts = ["".join(i.text for i in b.inlines if isinstance(i, Span)) for b in _paras(walk_body(html))]
    assert "第一项，很长的一行 被换行的续行 第三行" in texts and "子弹项 续行缩进四格" in texts
    assert "引用第一行 引用续行" in texts
    word = _word_paragraphs(build_document(_job(html)))
    for line in ("第一项，很长的一行 被换行的续行 第三行", "子弹项 续行缩进四格", "引用第一行 引用续行"):
        assert line in word, word
    assert not any("  " in p for p in word), [p for p in word if "  " in p]
    pdf = _pdf_text(document_pdf(_job(html)), tmp_path)
    assert "子弹项 续行缩进四格" in pdf and "引用第一行 引用续行" in pdf
    assert not re.search(r"续行\s{2,}第三行|子弹项\s{2,}", pdf)


def test_spaces_typed_inside_a_line_and_code_lines_are_kept() -> None:
    blocks = walk_body("<p>a\tb</p><pre><code>x\n    y\n</code></pre>")
    para = next(iter(_paras(blocks)))
    assert "".join(i.text for i in para.inlines if isinstance(i, Span)) == "a\tb"
    code = blocks[1]
    assert isinstance(code, Box) and code.kind == "code" and code.blocks == (Code("x\n    y"),)


def _paras(blocks: object) -> list[Para]:
    """Every paragraph of the blocks, however deep (lists, boxes, table cells)."""
    found: list[Para] = []

    def visit(node: object) -> None:
        if isinstance(node, Para):
            found.append(node)
        elif isinstance(node, tuple | list):
            for child in node:
                visit(child)
        elif dataclasses.is_dataclass(node):
            for f in dataclasses.fields(node):
                if f.name in ("blocks", "items", "rows"):
                    visit(getattr(node, f.name))
                elif f.name == "inlines" and not isinstance(node, Para):
                    found.append(Para(getattr(node, f.name)))
    visit(blocks)
    return found


def _checklist(rows: int = 40) -> str:
    head = "".join(f"<th>{h}</th>" for h in CHECKLIST_HEAD)
    body = "".join(f"<tr><td>{n}</td><td>消防设施</td><td>消防通道畅通，无堆放杂物；灭火器压力正常，在有效期内，"
                   f"摆放位置符合要求</td><td>合格</td><td>{ENGLISH[n % 3]} officer</td>"
                   f"<td>{ENGLISH[(n + 1) % 3]}</td></tr>" for n in range(1, rows + 1))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def test_column_widths_come_from_content_and_never_split_a_word() -> None:
    widths = column_widths([["序号", "1", "40"], ["消防通道畅通，无堆放杂物；灭火器压力正常，在有效期内" * 2],
                            ["Responsibility"], ["合格"]], available_units=90)
    assert abs(sum(widths) - 1) < 1e-9
    number, text, word, short = (w * 90 for w in widths)
    assert text > 3 * number and text == max(number, text, word, short)
    assert word >= text_units("Responsibility")  # the longest word fits whole
    assert short >= text_units("合格")
    assert column_widths([["a"], ["b"]]) == (0.5, 0.5)  # equal content, equal columns


def test_word_table_grid_follows_content(tmp_path: Path) -> None:
    table = next(b for b in walk_body(_checklist()) if isinstance(b, TableBlock))
    assert table.header_rows == 1 and len(set(table.widths)) > 2
    document = docx.Document(io.BytesIO(build_document(_job(_checklist()))))
    grid = [int(c.get(qn("w:w"))) for c in document.element.body.iter(qn("w:gridCol"))]
    checklist = grid[:6]
    assert checklist[0] < checklist[2] and checklist[2] == max(checklist), checklist  # 序号 narrow, 内容 widest
    twips_per_unit = 10.5 * 20 / 2  # half an em of 五号 text
    assert checklist[4] >= len("Responsibility") * twips_per_unit  # no word split inside the column
    assert sum(checklist) == text_width_twips()  # the columns fill the width between the margins


def test_pdf_checklist_keeps_words_whole_on_few_pages(tmp_path: Path) -> None:
    pdf = document_pdf(_job(_checklist(60)))
    text = _pdf_text(pdf, tmp_path, raw=False)
    for word in ENGLISH:
        assert word in text
    assert "Responsi\n" not in text and "Verificat\n" not in text
    path = tmp_path / "copy.pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 8, info  # type: ignore[union-attr]


def _form(labels: tuple[str, ...]) -> FormJob:
    return FormJob(id="QP-09-01-F001", title="Inspection record", version="A/0", owner="QP-09-01", retention="",
                   landscape=False, fields=tuple((label, 1, "") for label in labels), columns=(), rows=0,
                   signatures=("Inspector",), organisation="Test Co.", date=dt.date(2026, 2, 3))


def test_form_label_column_widens_for_long_labels() -> None:
    short = label_width_cm(["姓名", "部门"], 8.3)
    long = label_width_cm(["Employee identification number", "部门"], 8.3)
    assert short == LABEL_MIN_CM and LABEL_MIN_CM < long <= 8.3 * 0.65
    document = docx.Document(io.BytesIO(build_form(_form(("Employee identification number", "Date of inspection")))))
    first = int(document.element.body.find(f".//{qn('w:gridCol')}").get(qn("w:w")))
    assert first > round(LABEL_MIN_CM / 2.54 * 1440) + 100


def test_form_pdf_long_label_is_not_one_word_a_line(tmp_path: Path) -> None:
    text = _pdf_text(form_pdf(_form(("Employee identification number", "Date of inspection"))), tmp_path, raw=False)
    assert "Employee identification" in text and "Date of inspection" in text


@pytest.mark.office
@pytest.mark.slow
def test_libreoffice_keeps_the_header_table_off_the_body_on_later_pages(tmp_path: Path) -> None:
    """LibreOffice lays out the Word copy: on page 2 the first body line sits clearly below the header table."""
    assert shutil.which("soffice")
    html = "".join(f"<p>第 {i} 段：各部门根据职位空缺情况填写人员需求表，报人事部审核。</p>" for i in range(90))
    source = tmp_path / "doc.docx"
    source.write_bytes(build_document(_job(html)))
    subprocess.run(["soffice", office_profile(tmp_path), "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], capture_output=True, timeout=240, check=True)
    bbox = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-bbox", str(tmp_path / "doc.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = _words(bbox)
    header_bottom = max(y_max for y_min, y_max, word in words if word.startswith("归口部门"))
    body_top = min(y_min for y_min, y_max, word in words if word.startswith("第") and y_min > header_bottom
                   and "页" not in word)
    assert body_top - header_bottom >= 12, (header_bottom, body_top)  # points: a clear gap, not touching


def _words(bbox: str) -> list[tuple[float, float, str]]:
    return [(float(a), float(b), w) for a, b, w in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', bbox)]


def test_an_image_neither_copy_can_embed_is_named_in_both_not_a_failed_build(tmp_path: Path) -> None:
    """A file that is no PNG/JPEG/GIF (here text named .png, and an SVG) is read by neither writer: both copies
    say which image is missing; a real PNG beside it is embedded in both."""
    from PIL import Image

    (tmp_path / "fake.png").write_text("not a picture", "utf-8")
    (tmp_path / "flow.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", "utf-8")
    Image.new("RGB", (30, 12), (0, 90, 0)).save(tmp_path / "real.png")
    html = add_captions('<p><img src="qmsroot:fake.png" alt="假图"><img src="qmsroot:flow.svg" alt="矢量图">'
                        '<img src="qmsroot:real.png" alt="真图"></p>')  # as the render writes it: with captions
    job = _job(html, assets_root=str(tmp_path))
    word = "".join(_word_paragraphs(build_document(job)))
    assert "［图片：假图］" in word and "［图片：矢量图］" in word and "真图" in word
    assert word.count("假图") == word.count("矢量图") == word.count("真图") == 1  # a named picture has no caption
    with zipfile.ZipFile(io.BytesIO(build_document(job))) as archive:
        assert sum(name.startswith("word/media/") for name in archive.namelist()) == 1
    pdf = _pdf_text(document_pdf(job), tmp_path)
    assert "［图片：假图］" in pdf and "［图片：矢量图］" in pdf and "真图" in pdf
    assert pdf.count("假图") == pdf.count("矢量图") == pdf.count("真图") == 1


def test_a_caption_is_written_once_under_its_picture_in_word_and_pdf(tmp_path: Path) -> None:
    """The render's captions (core/captions.py, the site's too) are the copies' captions: once, under a picture in
    a paragraph, a list item's text (before its sub-list) and a table cell; a picture no copy can embed is named
    once (［图片：alt］) and has no caption besides."""
    from PIL import Image

    Image.new("RGB", (40, 20), (0, 90, 0)).save(tmp_path / "flow.png")
    body = ("![图1 服务流程](flow.png)\n\n- 步骤 ![图2 步骤图](flow.png)\n    - 子项\n\n"
            "| 列 |\n|---|\n| 格 ![图3 表内图](flow.png) |\n\n![图4 缺图](gone.png)\n")
    html = render_markdown(body, lambda code: None).html
    assert html.count('class="qms-caption"') == 4
    job = _job(html, assets_root=str(tmp_path))
    word = _word_paragraphs(build_document(job))
    pdf = re.sub(r"\s", "", _pdf_text(document_pdf(job), tmp_path))  # pdftotext spaces 图 1 out
    for caption in ("图1 服务流程", "图2 步骤图", "图3 表内图"):
        assert [p for p in word if caption in p] == [caption], caption  # a paragraph of its own, once
        assert pdf.count(caption.replace(" ", "")) == 1, caption
    assert word.index("图2 步骤图") < next(i for i, p in enumerate(word) if "子项" in p)
    assert [p for p in word if "缺图" in p] == ["［图片：图4 缺图］"] and pdf.count("缺图") == 1


def test_an_ordered_list_starting_at_3_is_numbered_from_3_in_word_and_pdf(tmp_path: Path) -> None:
    html = _render("Steps, continued:\n\n3. three\n4. four\n\nThen:\n\n1. one again\n")
    assert '<ol start="3">' in html  # the page numbers it from 3
    lists = [b for b in walk_body(html) if isinstance(b, ListBlock)]
    assert [(b.start, len(b.items)) for b in lists] == [(3, 2), (1, 1)]
    data = build_document(_job(html))
    document = docx.Document(io.BytesIO(data))
    starts = {}
    for num in document.part.numbering_part.element.iter(qn("w:num")):
        override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        starts[num.get(qn("w:numId"))] = override.get(qn("w:val")) if override is not None else None
    used = []
    for paragraph in document.paragraphs:
        num_id = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None and paragraph.text in ("three", "four", "one again"):
            used.append((paragraph.text, starts[num_id.get(qn("w:val"))]))
    assert used == [("three", "3"), ("four", "3"), ("one again", "1")], used
    pdf = _pdf_text(document_pdf(_job(html)), tmp_path)
    assert re.search(r"3\.\s*three\s+4\.\s*four\s+Then:\s+1\.\s*one again", pdf), pdf


def test_a_list_inside_a_footnote_stays_a_list_in_word_and_pdf(tmp_path: Path) -> None:
    html = _render("Text[^n].\n\n[^n]: The note:\n\n    - first point\n    - second point\n")
    assert "<li>first point</li>" in html  # the page shows the list
    blocks = walk_body(html)
    assert [[inline_text(i.inlines) for i in b.items] for b in blocks if isinstance(b, ListBlock)] == [
        ["first point", "second point"]]
    word = _word_paragraphs(build_document(_job(html)))
    assert "first point" in word and "second point" in word, word
    assert not any("first point" in p and "second point" in p for p in word), word
    pdf = _pdf_text(document_pdf(_job(html)), tmp_path)
    assert re.search(r"• first point\s+• second point", pdf), pdf


def _x_words(bbox: str) -> dict[str, tuple[float, float]]:
    return {w: (float(a), float(b)) for a, b, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', bbox)}


def test_table_column_alignment_is_kept_in_word_and_pdf(tmp_path: Path) -> None:
    html = _render("| Item | Qty | Price |\n|:-----|:---:|------:|\n| Bolts, long and strong | onequantity "
                   "| ninetynine |\n| Nuts | twoqty | five |\n")
    table = next(b for b in walk_body(html) if isinstance(b, TableBlock))
    assert [[c.align for c in row] for row in table.rows] == [["left", "center", "right"]] * 3
    document = docx.Document(io.BytesIO(build_document(_job(html))))
    cells = [[c.paragraphs[0].alignment for c in row.cells] for row in document.tables[0].rows]
    assert cells == [[JC.LEFT, JC.CENTER, JC.RIGHT]] * 3, cells
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(_job(html)))
    x = _x_words(subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                                check=True).stdout)
    assert abs(x["ninetynine"][1] - x["five"][1]) < 1 and x["five"][0] > x["ninetynine"][0] + 10  # right
    middle = (x["onequantity"][0] + x["onequantity"][1]) / 2
    assert abs((x["twoqty"][0] + x["twoqty"][1]) / 2 - middle) < 1 and x["twoqty"][0] > x["onequantity"][0] + 5
    assert abs(x["Nuts"][0] - x["Bolts,"][0]) < 1  # left


def test_a_long_unbroken_word_or_url_wraps_inside_the_pdf_page_and_its_table_cell(tmp_path: Path) -> None:
    word = "Supercalifragilisticexpialidocious" * 4
    url = "https://example.com/" + "averyveryverylongpathsegment" * 5
    html = _render(f"Before {word} after.\n\n| Word | Next |\n|---|---|\n| {word} | neighbour |\n| {url} | x |\n")
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(_job(html)))
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))  # type: ignore[union-attr]
    boxes = [(float(a), float(b), float(y), w) for a, y, b, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', bbox)]
    assert max(x_max for _, x_max, _, _ in boxes) < width - 30, boxes  # nothing runs into the margin
    neighbour, _, row, _ = next(b for b in boxes if b[3] == "neighbour")
    beside = [x_max for _, x_max, y, w in boxes if abs(y - row) < 1 and w != "neighbour"]
    assert beside and max(beside) < neighbour, (beside, neighbour)  # the long word stays in its own cell
    flat = re.sub(r"[\s\xad]", "", _pdf_text(path.read_bytes(), tmp_path))
    assert flat.count(word) == 2 and url in flat and "\u200b" not in flat  # all of it, nothing added


WIDE_WORDS = ("alphabetical", "bewilderment", "catastrophic", "disagreement", "embroidering", "fundamentals",
              "gravitations", "hypothetical", "illustrating", "jurisdiction", "kindergarten", "lexicography")


def _wide_table(words: tuple[str, ...]) -> str:
    """A table of one column per word, headed c1, c2 …, and a long URL in a first column of its own."""
    heads = ["c0"] + [f"c{i + 1}" for i in range(len(words))]
    return (f"| {' | '.join(heads)} |\n|{'---|' * len(heads)}\n"
            f"| https://example.com/a/long/path/that/breaks/anywhere/at/all | {' | '.join(words)} |\n")


def _cells_overrun(html: str, tmp_path: Path) -> list[str]:
    """The words of the PDF copy's table body that reach past the left edge of the next column (its heading)."""
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(_job(html)))
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    boxes = [(float(a), float(b), w) for a, b, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', bbox)]
    starts = sorted(x_min for x_min, _, w in boxes if re.fullmatch(r"c\d+", w))
    return [w for x_min, x_max, w in boxes if any(w in word for word in WIDE_WORDS)
            and any(x_min < start <= x_max for start in starts)]


def test_a_table_too_wide_for_the_page_breaks_its_long_words_inside_their_pdf_cells(tmp_path: Path) -> None:
    """Thirteen columns whose words together are wider than the page: each column gets less than its word, and
    the PDF set the word whole, over the next cells and past the table's edge (Word breaks it at the cell's)."""
    html = _render(_wide_table(WIDE_WORDS))
    assert _cells_overrun(html, tmp_path) == []
    table = next(b for b in walk_body(html) if isinstance(b, TableBlock))
    assert all(table.squeezed[1:]), table.squeezed  # every word column is narrower than its word


def test_a_table_that_fits_keeps_its_words_whole_in_the_pdf(tmp_path: Path) -> None:
    html = _render(_wide_table(WIDE_WORDS[:4]))
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(_job(html)))
    words = _pdf_text(path.read_bytes(), tmp_path).split()
    assert all(word in words for word in WIDE_WORDS[:4]), words  # each on one line, none broken
    assert _cells_overrun(html, tmp_path) == []


def _left_indents(html: str) -> dict[str, int]:
    """Each paragraph of the Word copy of `html`, by its text: its own left indent in twips (0 if it sets none)."""
    body = docx.Document(io.BytesIO(build_document(_job(html)))).element.body
    indents = {}
    for p in body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        ind = p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        indents[text] = int(ind.get(qn("w:left"))) if ind is not None else 0
    return indents


def test_a_list_items_further_paragraphs_and_code_stay_under_the_item_in_word() -> None:
    html = _render("1. First step\n\n    More about the first step.\n\n    ```\n    run it\n    ```\n\n"
                   "2. Second step\n    - a point\n\n        Its second paragraph.\n\nAfter the list.\n")
    indents = _left_indents(html)
    assert indents["More about the first step."] == 360, indents  # where "First step" starts (List Number)
    assert indents["run it"] > 360, indents  # the code box, inside the item
    assert indents["Its second paragraph."] == 720, indents  # under "a point" (List Bullet 2)
    assert indents["After the list."] == 0, indents


MERGED = ("<table><thead><tr><th colspan=\"2\">Merged head</th><th>Third</th></tr></thead>"
          "<tbody><tr><td rowspan=\"2\">Tall</td><td>b1</td><td>c1</td></tr><tr><td>b2</td><td>c2</td></tr>"
          "<tr><td>a4</td><td colspan=\"2\">wide</td></tr></tbody></table>")


def test_cells_spanning_columns_and_rows_keep_the_other_cells_in_their_columns(tmp_path: Path) -> None:
    html = _render(MERGED)
    assert 'rowspan="2"' in html and 'colspan="2"' in html  # the page keeps the spans
    table = next(b for b in walk_body(html) if isinstance(b, TableBlock))
    assert table.columns == 3
    shown = [[inline_text(c.inlines or ()) if not c.covered else c.covered for c in row] for row in table.rows]
    assert shown == [["Merged head", "left", "Third"], ["Tall", "b1", "c1"], ["above", "b2", "c2"],
                     ["a4", "wide", "left"]], shown
    document = docx.Document(io.BytesIO(build_document(_job(html))))
    word = document.tables[0]
    # python-docx reads the grid back: a merged cell is the same cell in every place it covers
    assert [[c.text for c in row.cells] for row in word.rows] == [
        ["Merged head", "Merged head", "Third"], ["Tall", "b1", "c1"], ["Tall", "b2", "c2"], ["a4", "wide", "wide"]]
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(_job(html)))
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    x = {w: float(a) for a, w in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="[\d.]+">'
                                            r"([^<]*)</word>", bbox)}
    assert abs(x["b2"] - x["b1"]) < 1 and abs(x["c2"] - x["c1"]) < 1 and abs(x["Third"] - x["c1"]) < 1
    assert abs(x["wide"] - x["b1"]) < 1 and abs(x["a4"] - x["Tall"]) < 1


def test_a_list_in_a_quote_keeps_its_markers_inside_the_quote_and_its_levels_in_word() -> None:
    html = _render("> Before approving, check that:\n> * the scope is right;\n>   * each role exists;\n"
                   ">     More on roles.\n")
    left = _left_indents(html)
    quote = left["Before approving, check that:"]
    hanging = 360  # the list levels' hanging indent: the marker sits this far left of the text
    assert left["the scope is right;"] - hanging >= quote, left  # the bullet inside the quote's bar
    assert left["each role exists; More on roles."] == left["the scope is right;"] + 360, left  # one level deeper


def test_a_task_item_in_a_list_mixing_tasks_and_points_has_its_box_for_a_bullet(tmp_path: Path) -> None:
    html = _render("- [ ] open task\n- plain point\n- [x] done task\n")
    word = docx.Document(io.BytesIO(build_document(_job(html))))
    styles = {p.text: p.style.name for p in word.paragraphs if "task" in p.text or "point" in p.text}
    assert styles == {"open task": "List Bullet", "plain point": "List Bullet", "done task": "List Bullet"}
    pdf = _pdf_text(document_pdf(_job(html)), tmp_path)
    assert re.search(r"(?m)^☐ open task\n• plain point\n☑ done task$", pdf), pdf


def test_paragraphs_inside_an_inline_wrapper_are_not_lost_in_word_and_pdf(tmp_path: Path) -> None:
    """<center markdown> (md_in_html) or a <span> around a list holds blocks in an element the walk
    reads as inline: its paragraphs and list items must still reach both copies."""
    html = _render("<center markdown>\nCentred **first** para\n\nSecond centred para\n</center>\n\n"
                   "- item <span><p>para in span</p></span>\n")
    assert "<p>Second centred para</p>" in html and "para in span" in html
    texts = [inline_text(p.inlines) for p in _paras(walk_body(html))]
    assert "Centred first para" in texts and "Second centred para" in texts and "para in span" in texts, texts
    word = _word_paragraphs(build_document(_job(html)))
    assert {"Centred first para", "Second centred para", "para in span"} <= set(word), word
    pdf = _pdf_text(document_pdf(_job(html)), tmp_path)
    assert "Centred first para" in pdf and "Second centred para" in pdf and "para in span" in pdf, pdf


def test_an_image_sized_on_the_page_is_sized_alike_in_word_and_pdf(tmp_path: Path) -> None:
    """`<img width>` (or attr_list's `{: width }`) sizes a picture on the page; both copies scale it from
    their own size of the picture by the same factor, as they place an unsized one."""
    from PIL import Image

    Image.new("RGB", (40, 20), (200, 0, 0)).save(tmp_path / "small.png")
    html = ('<p><img src="qmsroot:small.png" alt="" width="200"> <img src="qmsroot:small.png" alt="" height="10">'
            ' <img src="qmsroot:small.png" alt="" width="50%"></p>')
    job = _job(html, assets_root=str(tmp_path))
    document = docx.Document(io.BytesIO(build_document(job)))
    extents = [int(e.get("cx")) for e in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")]
    natural = extents[2]  # a percentage is the page's layout: the picture's own size
    assert extents[0] == 5 * natural and abs(extents[1] - natural // 2) <= 1, extents
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(job))
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    ppi = [int(line.split()[12]) for line in listing.splitlines()[2:]]  # x-ppi: pixels per inch as placed
    assert len(ppi) == 3 and abs(ppi[0] * 5 - ppi[2]) <= 5 and abs(ppi[1] - 2 * ppi[2]) <= 5, listing


def _number_formats(document: Any, *texts: str) -> dict[str, str]:
    """The Word numbering format (lowerLetter, upperRoman, decimal …) each list paragraph of `texts` is numbered
    with, as its numbering instance overrides it."""
    formats = {}
    for num in document.part.numbering_part.element.iter(qn("w:num")):
        fmt = num.find(f"{qn('w:lvlOverride')}/{qn('w:lvl')}/{qn('w:numFmt')}")
        formats[num.get(qn("w:numId"))] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
    return {p.text: formats[p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))]
            for p in document.paragraphs if p.text in texts}


def test_an_html_list_counting_in_letters_or_roman_numerals_counts_so_in_word_and_pdf(tmp_path: Path) -> None:
    html = _render('<ol type="a"><li>alpha</li><li>beta</li></ol>\n\n<ol type="I" start="3"><li>gamma</li></ol>\n')
    assert [(b.numbering, b.start) for b in walk_body(html) if isinstance(b, ListBlock)] == [("a", 1), ("I", 3)]
    document = docx.Document(io.BytesIO(build_document(_job(html))))
    used = _number_formats(document, "alpha", "beta", "gamma")
    assert used == {"alpha": "lowerLetter", "beta": "lowerLetter", "gamma": "upperRoman"}, used
    pdf = _pdf_text(document_pdf(_job(html)), tmp_path)
    assert re.search(r"a\.\s*alpha\s+b\.\s*beta\s+III\.\s*gamma", pdf), pdf


def test_a_lettered_or_roman_markdown_list_counts_so_on_the_page_in_word_and_pdf(tmp_path: Path) -> None:
    """`a.` `b)` `ii.` items (procedures number sub-items so, and clauses cite them: 见 b)) keep their letters
    on the site, in the Word copy and in the PDF copy alike — not 1. 2. 3., nor paragraphs of text."""
    html = _render("作业要求如下：\na) alpha\nb) beta\n\n正文。\n\ni. gamma\nii. delta\n")
    assert '<ol type="a">' in html and '<ol type="i">' in html, html
    document = docx.Document(io.BytesIO(build_document(_job(html))))
    used = _number_formats(document, "alpha", "beta", "gamma", "delta")
    assert used == {"alpha": "lowerLetter", "beta": "lowerLetter", "gamma": "lowerRoman", "delta": "lowerRoman"}
    pdf = _pdf_text(document_pdf(_job(html)), tmp_path)
    assert re.search(r"a\.\s*alpha\s+b\.\s*beta\s+.*i\.\s*gamma\s+ii\.\s*delta", pdf, re.S), pdf


def test_text_that_only_looks_lettered_parses_as_it_did_without_fancylists() -> None:
    """A heading-like `A. 总则` line (one space), a letter inside a paragraph, a paragraph that only begins like
    an item at another marker than a list's first (`c. 3 次`, `v. 2`, `IV. Scope`), numbered and bulleted lists:
    the dialect with fancylists reads them exactly as the dialect without it did."""
    body = ("A. 总则\n\nB. 范围\n\n本条款见\nc. 项的规定，e.g. 表格。\n\n1. 第一步\n2) 第二步\n    - 子项\n\n"
            "- 甲\n- 乙\n\n> 1. 引用\n\nc. 3 次为限\n\nv. 2 released\n\nIV. Scope\n\n> x. y\n")
    without = tuple(name for name in DEFAULT_EXTENSIONS if name != "pymdownx.fancylists")
    assert "pymdownx.fancylists" in DEFAULT_EXTENSIONS
    assert render_unsanitised(body) == render_unsanitised(body, extensions=without)


# Prose whose line only begins like an item: an abbreviation (`i. e.`, `e. g.`), a version (`v. 2`), a date or a
# number (`2025. 6`, `3.`) under a paragraph line, in an item's text too — each a paragraph's words, not a list.
PROSE_LIKE_ITEMS = ("The record is kept\ni. e. for three years r1.\n\nUse a form\ne. g. the F001 form r2.\n\n"
                    "本版本于\n2025. 6 发布 r3。\n\n见下列\n3. 第三项 r4。\n\n- item text\n  e. g. a form r5\n"
                    "- i. e. the first r6\n\n1. Install\n   v. 2 of the tool r7.\n")


def test_a_line_that_only_begins_like_an_item_is_text_on_the_page_in_word_and_pdf(tmp_path: Path) -> None:
    """`i. e.` under a paragraph line was a roman list holding a lettered list from e, `2025. 6` a list from 2025,
    and `e. g.` or `v. 2` in an item's text a list inside the item — on the page, numbered so in the Word copy
    (lowerLetter from 5) and in the PDF copy."""
    html = _render(PROSE_LIKE_ITEMS)
    assert "<ol" not in html.split("<ul>")[0] and html.count("<ol") == 1 and "<li>" in html, html
    for shown in ("i. e. for three years r1", "e. g. the F001 form r2", "2025. 6 发布 r3", "3. 第三项 r4",
                  "e. g. a form r5", "i. e. the first r6", "v. 2 of the tool r7"):
        assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).count(shown) == 1, (shown, html)
    document = docx.Document(io.BytesIO(build_document(_job(html))))
    shown = [(p.text, p.style.name) for p in document.paragraphs if re.search(r"\br\d", p.text)]
    assert shown == [("The record is kept i. e. for three years r1.", "Normal"),
                     ("Use a form e. g. the F001 form r2.", "Normal"), ("本版本于 2025. 6 发布 r3。", "Normal"),
                     ("见下列 3. 第三项 r4。", "Normal"), ("item text e. g. a form r5", "List Bullet"),
                     ("i. e. the first r6", "List Bullet"), ("Install v. 2 of the tool r7.", "List Number")], shown
    assert _number_formats(document, "Install v. 2 of the tool r7.") == {"Install v. 2 of the tool r7.": "decimal"}
    pdf = " ".join(_pdf_text(document_pdf(_job(html)), tmp_path).split())
    for shown in ("kept i. e. for three years r1", "form e. g. the F001 form r2", "本版本于 2025. 6 发布 r3",
                  "见下列 3. 第三项 r4", "item text e. g. a form r5", "• i. e. the first r6",
                  "1. Install v. 2 of the tool r7"):
        assert shown in pdf, (shown, pdf)


def test_a_picture_inside_a_link_is_a_link_in_word_and_pdf(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (30, 12), (0, 90, 0)).save(tmp_path / "logo.png")
    html = '<p><a href="https://example.com/home"><img src="qmsroot:logo.png" alt=""></a> and text</p>'
    job = _job(html, assets_root=str(tmp_path))
    body = docx.Document(io.BytesIO(build_document(job))).element.body
    links = [h for h in body.iter(qn("w:hyperlink"))
             if any(d.tag.endswith("}drawing") for d in h.iter())]
    assert len(links) == 1  # the picture's run sits inside the hyperlink
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(job))
    urls = subprocess.run(["pdfinfo", "-url", str(path)], capture_output=True, text=True, check=True).stdout
    assert "https://example.com/home" in urls, urls


def test_a_table_in_a_list_item_or_a_quote_is_indented_with_it_in_word() -> None:
    html = _render("1. Step with a table:\n\n    | A | B |\n    |---|---|\n    | 1 | 2 |\n\n"
                   "> | C | D |\n> |---|---|\n> | 3 | 4 |\n\n| E | F |\n|---|---|\n| 5 | 6 |\n")
    body = docx.Document(io.BytesIO(build_document(_job(html)))).element.body
    tables = [t for t in body.iter(qn("w:tbl")) if next(t.iter(qn("w:t"))).text in ("A", "C", "E")]
    indents = []
    for table in tables:
        ind = table.find(f"{qn('w:tblPr')}/{qn('w:tblInd')}")
        grid = sum(int(c.get(qn("w:w"))) for c in table.iter(qn("w:gridCol")))
        # Word 2010's table indent is measured to the first cell's text: the border is the cell padding before it
        indents.append((int(ind.get(qn("w:w"))) - CELL_MARGIN_TWIPS if ind is not None else 0, grid))
    width = text_width_twips()
    assert indents == [(360, width - 360), (340, width - 340), (0, width)], indents


def test_a_long_path_in_code_wraps_inside_the_pdf_page(tmp_path: Path) -> None:
    url = "https://example.com/" + "segment" * 25
    html = _render(f"```\ncurl {url}\n\n    indented line\n```\n\nInline `{url}` code.\n")
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(_job(html)))
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))  # type: ignore[union-attr]
    assert max(float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)) < width - 30  # nothing past the margin
    text = _pdf_text(path.read_bytes(), tmp_path, raw=False)
    flat = re.sub(r"\s", "", text)
    assert flat.count(url) == 2, text  # the block's and the span's, whole
    assert re.search(r"\n\s*\n\s*indented line", text.split("curl", 1)[1]), text  # the empty line and indent kept


def test_a_link_to_a_heading_of_the_same_document_jumps_there_in_word_and_pdf(tmp_path: Path) -> None:
    filler = "".join(f"Paragraph {n} of the purpose, long enough to fill the page with plain words.\n\n"
                     for n in range(60))
    html = _render(f"See [the scope section](#scope) and [nowhere](#missing).\n\n## Purpose\n\n{filler}"
                   "## Scope\n\nThe scope text.\n")
    assert 'href="#scope"' in html and 'id="scope"' in html
    body = docx.Document(io.BytesIO(build_document(_job(html)))).element.body
    marks = {m.get(qn("w:name")): "".join(t.text or "" for t in m.getparent().iter(qn("w:t")))
             for m in body.iter(qn("w:bookmarkStart"))}
    links = {"".join(t.text or "" for t in h.iter(qn("w:t"))): h.get(qn("w:anchor"))
             for h in body.iter(qn("w:hyperlink"))}
    assert marks.get(links.get("the scope section", "")) == "Scope", (links, marks)
    assert "nowhere" not in links  # no heading of that name: plain text, as no jump can land
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(_job(html)))
    pages = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    scope_page = next(n for n, page in enumerate(pages, start=1) if "The scope text." in page)
    assert scope_page > 1
    page_html = subprocess.run(["pdftohtml", "-i", "-s", "-stdout", "-noframes", str(path)], capture_output=True,
                               text=True, check=True).stdout
    assert re.findall(r'<a href="[^"#]*#(\d+)">the scope section', page_html) == [str(scope_page)], page_html[:3000]


def test_a_footnote_marker_jumps_to_its_note_in_word_and_pdf(tmp_path: Path) -> None:
    """The page's marker is a link to its note; so is the copies' (a Word bookmark, a PDF destination)."""
    filler = "".join(f"Paragraph {n} of the body, long enough to fill the page with plain words.\n\n"
                     for n in range(60))
    html = _render(f"The rule applies[^scope] to all sites.\n\n{filler}"
                   "[^scope]: Sites leased for less than a year excepted.\n")
    assert 'class="footnote-ref" href="#fn:scope"' in html
    body = docx.Document(io.BytesIO(build_document(_job(html)))).element.body
    marks = {m.get(qn("w:name")): "".join(t.text or "" for t in m.getparent().iter(qn("w:t")))
             for m in body.iter(qn("w:bookmarkStart"))}
    links = {"".join(t.text or "" for t in h.iter(qn("w:t"))): h.get(qn("w:anchor"))
             for h in body.iter(qn("w:hyperlink"))}
    assert "Sites leased for less than a year excepted." in marks.get(links.get("1", ""), ""), (links, marks)
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(_job(html)))
    pages = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    note_page = next(n for n, page in enumerate(pages, start=1) if "Sites leased" in page)
    assert note_page > 1
    page_html = subprocess.run(["pdftohtml", "-i", "-s", "-stdout", "-noframes", str(path)], capture_output=True,
                               text=True, check=True).stdout
    # (pdftohtml names a link by the words its box touches on the line: those around the raised marker)
    assert re.search(rf'<a href="[^"#]*#{note_page}">[^<]*1[^<]*to all sites', page_html), page_html[-3000:]


def test_a_thematic_break_is_a_line_across_the_text_in_word_and_pdf(tmp_path: Path) -> None:
    from PIL import Image

    html = _render("Above the break.\n\n---\n\nMiddle part.\n\n***\n\nBelow the break.\n")
    assert html.count("<hr") == 2
    body = docx.Document(io.BytesIO(build_document(_job(html)))).element.body
    assert sum(b.find(qn("w:bottom")) is not None for b in body.iter(qn("w:pBdr"))) == 2  # one under each break
    path = tmp_path / "copy.pdf"
    path.write_bytes(document_pdf(_job(html)))
    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
                   check=True)
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    y = {w: float(v) for v, w in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(Above|Middle|Below)<', bbox)}
    width = page.size[0]

    def lines_between(top: float, bottom: float) -> int:  # rows that are grey across most of the text width
        return sum(1 for row in range(int(top) + 12, int(bottom))
                   if sum(page.getpixel((x, row)) < 220 for x in range(0, width)) > width * 0.6)

    assert lines_between(y["Above"], y["Middle"]) >= 1 and lines_between(y["Middle"], y["Below"]) >= 1


def test_a_word_table_row_is_as_tall_as_its_text_with_no_space_under_its_last_line() -> None:
    """Normal's 3 pt after each paragraph stood under every cell's text (the table style's 0 loses to the paragraph
    style in Word): each row a millimetre taller than the PDF's, a long table a page longer. The paragraphs of the
    text keep Normal's spacing."""
    rows = "".join(f"| {n} | Item {n} |\n" for n in range(1, 6))
    html = _render("Before the table.\n\n| Row | Item |\n|---|---|\n" + rows)
    document = docx.Document(io.BytesIO(build_document(_job(html))))
    table = next(t for t in document.tables if t.cell(0, 0).text == "Row")
    lasts = [cell.paragraphs[-1] for row in table.rows for cell in row.cells]
    assert len(lasts) == 12 and all(p.paragraph_format.space_after == 0 for p in lasts)
    before = next(p for p in document.paragraphs if p.text == "Before the table.")
    assert before.paragraph_format.space_after is None  # Normal's, from the style


def _long_item(depth: int) -> str:
    """A list item's text that wraps onto a second line at any level: words d<depth>w00, d<depth>w01, …"""
    return " ".join(f"d{depth}w{i:02d}" for i in range(30))


def _nested(marker: str, levels: int) -> str:
    return "".join(f"{'    ' * depth}{marker} {_long_item(depth)}\n" for depth in range(levels)) + "\nAfter d9w00.\n"


def _list_lines(pdf: Path) -> dict[int, tuple[float, float]]:
    """Per list level (0 = the outermost), from the rendered page: where its first line starts (the marker) and
    where its wrapped second line starts (the hanging indent: the item's text), in points from the text's edge."""
    bbox = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = [(float(x), float(y), w) for x, y, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', bbox)]
    edge = page.SIDE_MARGIN_CM / 2.54 * 72
    out = {}
    for depth in range(10):
        first_y = next((y for _, y, w in words if f"d{depth}w00" in w), None)
        if first_y is None:
            continue
        marker_x = min(x for x, y, _ in words if abs(y - first_y) < 1)
        second_y = min((y for _, y, w in words if f"d{depth}w" in w and y > first_y + 1), default=first_y)
        text_x = min(x for x, y, _ in words if abs(y - second_y) < 1)  # a line of its own: where it starts
        out[depth] = (round(marker_x - edge, 1), round(text_x - edge, 1))
    return out


def test_list_levels_indent_by_the_one_list_step_in_word_and_pdf(tmp_path: Path) -> None:
    """Each level's marker hangs at its start, its text (wrapped lines too) one page.LIST_STEP_CM in, the next level
    a step further — in the Word copy (its paragraphs' indents, and LibreOffice's page) and in the PDF alike."""
    assert shutil.which("soffice")
    step = cm(page.LIST_STEP_CM)
    step_pt = page.LIST_STEP_CM / 2.54 * 72
    for marker in ("1.", "-"):
        html = _render(_nested(marker, 4))  # the 4th level is past Word's three list styles
        word = build_document(_job(html))
        body = docx.Document(io.BytesIO(word)).element.body
        for p in body.iter(qn("w:p")):
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            ind = p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
            found = re.match(r"d(\d)w00", text)
            if found:
                depth = int(found.group(1))
                assert ind is not None and int(ind.get(qn("w:left"))) == step * (depth + 1), (marker, text[:5])
                assert int(ind.get(qn("w:hanging"))) == step, (marker, text[:5])
        (tmp_path / "doc.docx").write_bytes(word)
        (tmp_path / "copy.pdf").write_bytes(document_pdf(_job(html)))
        subprocess.run(["soffice", office_profile(tmp_path), "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(tmp_path / "doc.docx")], capture_output=True, timeout=240,
                       check=True)
        pdf, office = _list_lines(tmp_path / "copy.pdf"), _list_lines(tmp_path / "doc.pdf")
        for depth in range(4):
            assert abs(pdf[depth][1] - step_pt * (depth + 1)) < 0.5, (marker, pdf)  # the text, wrapped lines too
            assert abs(office[depth][1] - pdf[depth][1]) < 0.5, (marker, office, pdf)
            if marker == "1.":  # (LibreOffice writes Word's bullet in a symbol font pdftotext does not read)
                assert abs(pdf[depth][0] - step_pt * depth) < 0.5, (marker, pdf)  # the marker, a step left
                assert abs(office[depth][0] - pdf[depth][0]) < 0.5, (marker, office, pdf)
        assert abs(pdf[9][0]) < 0.5 and abs(office[9][0]) < 0.5, (pdf, office)  # the paragraph after the list


def test_a_list_of_one_level_indents_its_text_one_step_and_the_text_after_it_none(tmp_path: Path) -> None:
    """Quiet: one level is one step in both copies, and a paragraph after the list is not indented."""
    html = _render(f"1. {_long_item(0)}\n\nAfter d9w00 the list.\n")
    indents = _left_indents(html)
    assert indents[f"{_long_item(0)}"] == cm(page.LIST_STEP_CM), indents
    assert indents["After d9w00 the list."] == 0, indents
    (tmp_path / "copy.pdf").write_bytes(document_pdf(_job(html)))
    lines = _list_lines(tmp_path / "copy.pdf")
    step_pt = page.LIST_STEP_CM / 2.54 * 72
    assert abs(lines[0][0]) < 0.5 and abs(lines[0][1] - step_pt) < 0.5, lines
    assert 9 in lines and abs(lines[9][0]) < 0.5, lines


BOXED = ("> Quote q1w00 text.\n>\n> > Inner q2w00 quote.\n\n```\ncode c1w00 line\n```\n\n!!! note \"n1w00 title\"\n"
         "    Note n1w01 text.\n\nPlain p0w00 text.[^1]\n\n[^1]: Foot f1w00 text.\n")


def _starts(pdf: Path, tokens: tuple[str, ...]) -> dict[str, float]:
    """Where the line holding each token starts, in points from the text's edge."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = [(float(x), float(y), w) for x, y, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', bbox)]
    edge = page.SIDE_MARGIN_CM / 2.54 * 72
    out = {}
    for token in tokens:
        y = next(y for _, y, w in words if token in w)
        out[token] = round(min(x for x, wy, _ in words if abs(wy - y) < 1) - edge, 1)
    return out


def test_quotes_notes_code_and_footnotes_start_their_text_one_indent_in_in_word_and_pdf(tmp_path: Path) -> None:
    """A box's text starts page.INDENT_CM in from the text around it (a box in a box two), as a footnote's text:
    the Word copy's paragraph indents, and the PDF's page, say the same."""
    html = _render(BOXED)
    indents = {token: left for text, left in _left_indents(html).items() for token in re.findall(r"[a-z]\dw\d\d", text)}
    one = cm(page.INDENT_CM)
    assert indents["q1w00"] == one and indents["q2w00"] == 2 * one and indents["c1w00"] == one, indents
    assert indents["n1w01"] == one and indents["f1w00"] == one, indents
    (tmp_path / "copy.pdf").write_bytes(document_pdf(_job(html)))
    starts = _starts(tmp_path / "copy.pdf", ("q1w00", "q2w00", "c1w00", "n1w00", "n1w01", "f1w00"))
    one_pt = page.INDENT_CM / 2.54 * 72
    assert abs(starts["q2w00"] - 2 * one_pt) < 0.5, starts
    for token in ("q1w00", "c1w00", "n1w00", "n1w01"):
        assert abs(starts[token] - one_pt) < 0.5, (token, starts)
    assert abs(starts["f1w00"] - one_pt) < 0.5, starts  # the footnote's number, where its text is indented to


def test_text_outside_a_box_is_not_indented_in_word_or_pdf(tmp_path: Path) -> None:
    """Quiet: the paragraph after the boxes starts at the text's edge in both copies."""
    html = _render(BOXED)
    assert _left_indents(html)["Plain p0w00 text.1"] == 0
    (tmp_path / "copy.pdf").write_bytes(document_pdf(_job(html)))
    assert abs(_starts(tmp_path / "copy.pdf", ("p0w00",))["p0w00"]) < 0.5


def _both(monkeypatch: pytest.MonkeyPatch, html: str = "<p>Body b0w00 text.</p>") -> tuple[zipfile.ZipFile, str]:
    """The Word copy (its package) and the PDF copy's Typst source of one document."""
    import qmsdoc.pdf.copies as copies

    sources: list[str] = []
    real = copies.compile_pdf
    monkeypatch.setattr(copies, "compile_pdf", lambda source, **kw: sources.append(source) or real(source, **kw))
    copies.document_pdf(_job(html))
    return zipfile.ZipFile(io.BytesIO(build_document(_job(html)))), sources[0]


def _sizes(xml: str) -> set[float]:
    return {int(half) / 2 for half in re.findall(r'<w:sz w:val="(\d+)"/>', xml)}


def test_header_footer_history_and_approval_follow_core_page_in_word_and_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The header table's and footer's sizes, the 修订记录 and 审批 columns are core/page.py's: changed there, both
    copies change (neither writer keeps a number of its own)."""
    for name, value in (("SMALL_PT", 8.0), ("ORGANISATION_PT", 13.0), ("APPROVAL_LABEL_CM", 3.1),
                        ("HISTORY_COLUMNS_CM", (2.5, 3.5, 2.5))):
        monkeypatch.setattr(page, name, value, raising=False)
    word, typst = _both(monkeypatch)
    header = "".join(word.read(n).decode() for n in word.namelist() if n.startswith("word/header"))
    footer = "".join(word.read(n).decode() for n in word.namelist() if n.startswith("word/footer"))
    assert _sizes(header) == {8.0, 13.0}, _sizes(header)
    assert _sizes(footer) == {8.0}, _sizes(footer)
    tight = 'top-edge: "cap-height", bottom-edge: "baseline"'  # the header's and footer's lines stay tight
    assert f"text(size: 8.0pt, {tight}, table(" in typst and "#text(size: 13.0pt, font: heading-fonts" in typst
    assert f"align(center, {{ set par(leading: {TIGHT_LEADING}); text(size: 8.0pt, {tight})[" in typst  # the footer
    body = docx.Document(io.BytesIO(build_document(_job("<p>x</p>"))))
    history, approval = body.tables[-2], body.tables[-1]
    grid = [int(c.get(qn("w:w"))) for c in history._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert grid[:3] == [cm(2.5), cm(3.5), cm(2.5)], grid
    assert int(approval._tbl.tblGrid.find(qn("w:gridCol")).get(qn("w:w"))) == cm(3.1)
    assert "columns: (2.5cm, 3.5cm, 2.5cm, 1fr)" in typst and "table(columns: (3.1cm, 1fr, 1fr, 1fr)" in typst


def test_the_small_text_size_does_not_reach_the_body_or_the_approval_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """Quiet: page.SMALL_PT sizes the furniture only; the body and the 审批 names stay body text in both copies."""
    monkeypatch.setattr(page, "SMALL_PT", 8.0, raising=False)
    word, typst = _both(monkeypatch)
    document = word.read("word/document.xml").decode()
    paragraph = next(p for p in re.findall(r"<w:p>.*?</w:p>", document) if "b0w00" in p)
    assert _sizes(paragraph) == set(), paragraph  # Normal's size: page.BODY_PT
    approval = document[document.rindex("<w:tbl>"):]
    assert _sizes(approval) == {page.BODY_PT}, _sizes(approval)  # names, dates and labels (no meanings in Chinese)
    body_line = next(line for line in typst.splitlines() if "b0w00" in line)
    assert "size:" not in body_line, body_line
    assert "8.0pt" not in typst[typst.rindex("#block(breakable: false)"):]  # the 审批 block


def _line_of(pdf: Path, token: str) -> tuple[float, float]:
    """Where the line holding `token` starts (points from the text's edge) and how tall its words are set."""
    bbox = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = [(float(x), float(y), float(y2), w) for x, y, y2, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', bbox)]
    _, top, bottom, _ = [word for word in words if token in word[3]][-1]  # (the page header names it first)
    return min(x for x, y, _, _ in words if abs(y - top) < 1) - page.SIDE_MARGIN_CM / 2.54 * 72, bottom - top


def test_a_forms_line_under_its_title_is_small_text_from_the_left_edge_in_word_and_pdf(tmp_path: Path) -> None:
    """编号 版本 归口文件 保存期限 under a blank form's title: page.SMALL_PT, left-aligned, in both copies (the PDF
    set it centred in body text), under a title of page.TITLE_PT (the Word form wrote its own 18)."""
    job = _form(("Date",))
    document = docx.Document(io.BytesIO(build_form(job)))
    info = next(p for p in document.paragraphs if "QP-09-01-F001" in p.text)
    assert info.alignment is None and {r.font.size.pt for r in info.runs} == {page.SMALL_PT}
    title = next(p for p in document.paragraphs if p.text == "Inspection record")
    assert {r.font.size.pt for r in title.runs} == {page.TITLE_PT}
    (tmp_path / "form.pdf").write_bytes(form_pdf(job))
    start, height = _line_of(tmp_path / "form.pdf", "QP-09-01-F001")
    assert abs(start) < 0.5 and abs(height - page.SMALL_PT) < 0.5, (start, height)


def test_a_documents_line_under_its_title_stays_centred_body_text_in_the_pdf(tmp_path: Path) -> None:
    """Quiet: a document's 编号 版本 类别 line is centred body text (the form's small line is the form's alone)."""
    (tmp_path / "copy.pdf").write_bytes(document_pdf(_job("<p>Body b0w00 text.</p>")))
    start, height = _line_of(tmp_path / "copy.pdf", "程序文件")  # the type: on that line alone
    assert start > 100 and abs(height - page.BODY_PT) < 0.5, (start, height)  # centred, far from the edge


JUSTIFY = ("Every member of staff reads the procedure before starting work, signs the training record with the date "
           "and keeps a copy at the point of use so that anyone can check the latest version quickly.\n\n"
           "| Note |\n|---|\n| a cell with enough words in it to wrap onto a second line inside its narrow column "
           "of the table, left flush |\n\n```\ncode stays left\n```\n")


def _first_line_end(pdf: Path, token: str) -> float:
    """How far short of the right edge of the text the line holding `token` ends, in points."""
    bbox = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = [(float(y), float(x2), w) for y, x2, w in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', bbox)]
    top = next(y for y, _, w in words if w == token)
    right = (page.PAPER_CM[0] - page.SIDE_MARGIN_CM) / 2.54 * 72
    return right - max(x2 for y, x2, _ in words if abs(y - top) < 1)


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_body_text_is_justified_in_word_as_in_the_pdf_where_the_language_sets_it_so(tmp_path: Path,
                                                                                     language: str) -> None:
    """page.justified(): a wrapped body paragraph's first line reaches the right edge in the PDF and in the Word copy
    as LibreOffice sets it (Word's Normal said nothing, so its lines ended ragged); Normal says so in styles.xml.
    An English copy is set flush left in both: justified without hyphenation, its lines gaped between words."""
    from qmsdoc.core.i18n import using

    assert shutil.which("soffice")
    html = _render(JUSTIFY)  # (loads a Chinese project: its configuration sets the language)
    with using(language):
        justified = page.justified()
        word = build_document(_job(html))
        (tmp_path / "copy.pdf").write_bytes(document_pdf(_job(html)))
    assert justified is (language == "zh-CN")
    normal = zipfile.ZipFile(io.BytesIO(word)).read("word/styles.xml").decode().split(
        'w:styleId="Normal"')[1].split("</w:style>")[0]
    assert ('<w:jc w:val="both"/>' in normal) is justified
    (tmp_path / "doc.docx").write_bytes(word)
    subprocess.run(["soffice", office_profile(tmp_path), "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "doc.docx")], capture_output=True, timeout=240,
                   check=True)
    for pdf in (tmp_path / "copy.pdf", tmp_path / "doc.pdf"):  # (LibreOffice rounds the margin)
        assert (abs(_first_line_end(pdf, "Every")) < 1.5) is justified, (pdf.name, _first_line_end(pdf, "Every"))


def test_table_cells_and_code_stay_flush_left_in_word_as_in_the_pdf() -> None:
    """Quiet: justification is the body's; a table's cells and a code block are flush left in both copies."""
    document = docx.Document(io.BytesIO(build_document(_job(_render(JUSTIFY)))))
    cell = document.tables[0].rows[1].cells[0].paragraphs[0]
    code = next(p for p in document.paragraphs if p.text == "code stays left")
    assert cell.alignment == JC.LEFT and code.alignment == JC.LEFT, (cell.alignment, code.alignment)
    assert "#show table: set par(justify: false)" in layout_preamble()


def layout_preamble() -> str:
    from qmsdoc.pdf import layout
    from qmsdoc.pdf.fonts import FontChoice, choose

    return layout.preamble(choose(FontChoice()))


def test_a_bullet_in_the_pdf_is_as_big_as_words_bullet(tmp_path: Path) -> None:
    """The CJK body fonts draw • (U+2022) as a dot no bigger than 「·」: a PDF list read as punctuation beside Word's
    bullets. Measured on the page: the marker's ink is a solid dot of about a third of the line, not two pixels."""
    from PIL import Image

    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(document_pdf(_job(_render("- 客服部经理负责全面工作\n- 客服助理协助经理\n"))))
    bbox = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    x0, y0, x1, y1 = (float(v) for v in re.search(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">•</word>', bbox).groups())  # type: ignore[union-attr]
    dpi = 150
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    scale = dpi / 72
    marker = image.crop((int(x0 * scale), int(y0 * scale), int(x1 * scale) + 1, int(y1 * scale) + 1))
    rows = [y for y in range(marker.height) if any(marker.getpixel((x, y)) < 128 for x in range(marker.width))]
    assert rows and rows[-1] - rows[0] + 1 >= 5, rows  # 10.5 pt at 150 dpi: a line is 22 px; the old dot was 2–3


def test_a_footnote_ends_with_its_text_not_the_space_before_its_dropped_back_link(tmp_path: Path) -> None:
    """The page writes a no-break space before a note's ↩ (two before a note referenced twice); the copies drop the
    ↩, and its space with it: the note's last paragraph ends with its text, in Word and PDF. A no-break space the
    writer typed in the text stays."""
    html = _render("One[^a] two[^b] and again[^b].\n\n[^a]: First note.\n\n    Second paragraph.\n\n"
                   "[^b]: Kept&nbsp;space.\n")
    assert re.search(r'(\xa0|&#160;|&nbsp;)<a class="footnote-backref"', html), html  # the page's space before ↩
    texts = [inline_text(b.inlines) for b in walk_body(html) if isinstance(b, Para)]
    assert any(t.endswith("Second paragraph.") for t in texts), texts
    assert any(t.endswith("Kept\xa0space.") for t in texts), texts
    word = _word_paragraphs(build_document(_job(html)))
    assert any(p.endswith("Second paragraph.") for p in word) and any(p.endswith("Kept\xa0space.") for p in word), word
    assert not any(p.endswith("\xa0") for p in word), word


@pytest.mark.parametrize("note", ["Check the valve:\n\n    ```\n    VALVE-7 OPEN\n    ```\n",
                                  "\n    ```\n    VALVE-7 OPEN\n    ```\n"])
def test_a_footnote_ending_in_code_shows_no_back_link_arrow_in_word_or_pdf(note: str, tmp_path: Path) -> None:
    """A note that ends with a code block: the page puts its ↩ loose after the block (the highlighter's placeholder
    paragraph); the copies drop the ↩ there as after any other note, and keep the note's number and its code."""
    html = _render(f"The rule applies[^v].\n\n[^v]: {note}")
    assert re.search(r"</div>\s*(\xa0|&nbsp;|&#160;)?<a class=\"footnote-backref\"", html), html  # the page's
    blocks = walk_body(html)
    assert "↩" not in plain_text(blocks) and "VALVE-7 OPEN" in plain_text(blocks), blocks
    word = _word_paragraphs(build_document(_job(html)))
    assert not any("↩" in p for p in word) and "VALVE-7 OPEN" in word, word
    assert any(p.startswith("1\u3000") for p in word), word  # the note's number
    pdf = _pdf_text(document_pdf(_job(html)), tmp_path)
    assert "↩" not in pdf and "VALVE-7 OPEN" in pdf, pdf


def _listed(data: bytes) -> list[tuple[str, str, bool]]:
    """Each Word paragraph of the body: (its style, its text, whether a list numbers it)."""
    document = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text, p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None)
            for p in document.paragraphs]


@pytest.mark.parametrize("markdown, shown, pdf", [
    # fires: the item's line is its heading (`<li><h2>`): one numbered Heading paragraph, no empty item above it
    ("- ## 目的\n- 范围\n", [("Heading 2", "目的", True), ("List Bullet", "范围", True)], r"• 目的\s+• 范围"),
    ("- 目的\n  ---\n", [("Heading 2", "目的", True)], r"• 目的"),
    ("1. Scope\n   ---\n2. 职责\n   ===\n3. 其他\n",
     [("Heading 3", "Scope", True), ("Heading 2", "职责", True), ("List Number", "其他", True)],
     r"1\.\s*Scope\s+2\.\s*职责\s+3\.\s*其他"),
    # quiet: a heading under the item's own text is a heading of the item, numbered by nothing (an `#` heading in
    # the body makes `##` the copy's Heading 3, else Heading 2)
    ("- a\n\n  Foo\n  ---\n", [("List Bullet", "a", True), ("Heading 2", "Foo", False)], r"• a\s+Foo"),
])
def test_a_list_items_heading_is_the_items_own_line_in_word_and_pdf(
        tmp_path: Path, markdown: str, shown: list[tuple[str, str, bool]], pdf: str) -> None:
    html = _render(f"前言\n\n{markdown}\n正文\n")
    data = build_document(_job(html))
    body = _listed(data)
    body = body[body.index(("Normal", "前言", False)) + 1:body.index(("Normal", "正文", False))]
    # (a bulleted item is numbered by its List Bullet style: python-docx reads the paragraph's own numPr only)
    assert [(style, text, numbered or style == "List Bullet") for style, text, numbered in body] == shown, body
    assert re.search(pdf, _pdf_text(document_pdf(_job(html)), tmp_path))
