"""Raw HTML an author writes shows the same text in the same lines on the page, in the Word copy and in the PDF copy
(the one parse, core/copybody.py's walk): read back from the real .docx (python-docx) and PDF (pdftotext)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH as JC
from docx.oxml.ns import qn
from test_copy_body import _job, _pdf_text, _render, _word_paragraphs

from qmsdoc.core import page
from qmsdoc.core.copyblocks import ListBlock
from qmsdoc.core.copybody import walk_body
from qmsdoc.pdf.copies import document_pdf
from qmsdoc.word.document import build_document


def _copies(markdown: str, tmp_path: Path) -> tuple[list[str], list[str]]:
    """The body's lines in the Word copy (its paragraphs) and in the PDF copy (pdftotext's lines), blank ones left
    out, each with its spaces as written."""
    job = _job(_render(markdown))
    word = [p for p in _word_paragraphs(build_document(job)) if p.strip()]
    pdf = [line for line in _pdf_text(document_pdf(job), tmp_path).splitlines() if line.strip()]
    return word, pdf


def _between(lines: list[str], first: str, last: str) -> list[str]:
    """The lines from the one starting with `first` to the one ending with `last`."""
    start = next(n for n, line in enumerate(lines) if line.startswith(first))
    end = next(n for n, line in enumerate(lines) if n >= start and line.endswith(last))
    return lines[start:end + 1]


def test_a_figure_caption_and_a_centred_block_start_lines_of_their_own_in_word_and_pdf(tmp_path: Path) -> None:
    markdown = ("## 程序\n\n<figure>图体文字<figcaption>图的说明</figcaption></figure>\n"
                "<center>居中文字</center>\n<dl><dt>术语</dt><dd>定义</dd></dl>\n\n下一段落。\n")
    word, pdf = _copies(markdown, tmp_path)
    expected = ["图体文字", "图的说明", "居中文字", "术语", "定义", "下一段落。"]
    assert _between(word, "图体文字", "下一段落。") == expected
    assert _between(pdf, "图体文字", "下一段落。") == expected


def test_inline_elements_stay_in_their_line_in_word_and_pdf(tmp_path: Path) -> None:
    markdown = "## 程序\n\n甲<span>乙</span><small>丙</small><mark>丁</mark>戊。\n\n下一段落。\n"
    word, pdf = _copies(markdown, tmp_path)
    assert _between(word, "甲", "下一段落。") == ["甲乙丙丁戊。", "下一段落。"]
    assert [re.sub(r"\s", "", line) for line in _between(pdf, "甲", "下一段落。")] == ["甲乙丙丁戊。", "下一段落。"]


def _word_markers(data: bytes) -> dict[str, str]:
    """What each numbered paragraph of a Word copy shows before its text, by its text: its numbering instance's level
    text (the template's `%1.` unless overridden) with the number counted from the instance's start (digits)."""
    document = docx.Document(io.BytesIO(data))
    levels = {}
    for num in document.part.numbering_part.element.iter(qn("w:num")):
        start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        text = num.find(f"{qn('w:lvlOverride')}/{qn('w:lvl')}/{qn('w:lvlText')}")
        levels[num.get(qn("w:numId"))] = (int(start.get(qn("w:val"))) if start is not None else 1,
                                         text.get(qn("w:val")) if text is not None else "%1.")
    counted: dict[str, int] = {}
    shown = {}
    for paragraph in document.paragraphs:
        num_id = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None and paragraph.text:
            key = num_id.get(qn("w:val"))
            start, text = levels[key]
            shown[paragraph.text] = text.replace("%1", str(start + counted.get(key, 0)))
            counted[key] = counted.get(key, 0) + 1
    return shown


def _pdf_markers(pdf: str, texts: list[str]) -> dict[str, str]:
    """The marker pdftotext reads before each of `texts` on its line of the PDF copy."""
    return {text: found.group(1) for text in texts if (found := re.search(rf"^(\S+)\s*{text}$", pdf, re.M))}


# As Chromium shows them (the list markers of its accessibility tree): negative numbers and 0 as they are, letters
# and roman numerals for numbers below 1 in digits, `start` read as HTML reads a number (" -3 ", "+3", "3.5"), letters
# past z counting aa, ab.
NEGATIVE_LISTS = ('<ol start="-2"><li>甲</li><li>乙</li><li>丙</li><li>丁</li></ol>\n\n'
                  '<ol type="a" start="-1"><li>戊</li><li>己</li><li>庚</li></ol>\n\n'
                  '<ol><li value="-1">辛</li><li>壬</li></ol>\n\n'
                  '<ol reversed start="1"><li>子</li><li>丑</li><li>寅</li></ol>\n\n'
                  '<ol start=" -3 "><li>卯</li></ol>\n\n<ol start="+3"><li>辰</li></ol>\n\n'
                  '<ol start="3.5"><li>巳</li></ol>\n\n<ol type="a" start="27"><li>午</li><li>未</li></ol>\n')
CHROMIUM_MARKERS = {"甲": "-2.", "乙": "-1.", "丙": "0.", "丁": "1.", "戊": "-1.", "己": "0.", "庚": "a.",
                    "辛": "-1.", "壬": "0.", "子": "1.", "丑": "0.", "寅": "-1.", "卯": "-3.", "辰": "3.", "巳": "3.",
                    "午": "aa.", "未": "ab."}  # Word's letters go on aa, bb


def test_a_list_counting_below_zero_or_past_z_shows_the_pages_numbers_in_word_and_pdf(tmp_path: Path) -> None:
    job = _job(_render("## 程序\n\n" + NEGATIVE_LISTS))
    assert _word_markers(build_document(job)) == CHROMIUM_MARKERS
    assert _pdf_markers(_pdf_text(document_pdf(job), tmp_path), list(CHROMIUM_MARKERS)) == CHROMIUM_MARKERS


def test_a_list_counting_from_one_or_more_keeps_the_writers_own_numbering(tmp_path: Path) -> None:
    html = _render('## 程序\n\n<ol start="2"><li>甲</li><li>乙</li></ol>\n\n<ol type="a"><li>丙</li><li>丁</li></ol>\n')
    lists = [block for block in walk_body(html) if isinstance(block, ListBlock)]
    assert [(block.start, block.numbering, block.markers) for block in lists] == [(2, "1", ()), (1, "a", ())]
    assert _word_markers(build_document(_job(html))) == {"甲": "2.", "乙": "3.", "丙": "1.", "丁": "2."}  # a. b.
    pdf = _pdf_text(document_pdf(_job(html)), tmp_path)
    assert _pdf_markers(pdf, ["甲", "乙", "丙", "丁"]) == {"甲": "2.", "乙": "3.", "丙": "a.", "丁": "b."}


INLINE_SAMPLE = """## 程序

按<kbd>Ctrl</kbd>+<kbd>C</kbd>复制。

水H<sub>2</sub>O，面积10m<sup>2</sup>。

<abbr title="纠正和预防措施">CAPA</abbr>按期关闭。

这是<mark>重点</mark>，<ins>新增</ins>与<del>删除</del>和<s>作废</s>，<u>下划线</u>，<small>小字</small>。

word&nbsp;joined soft&shy;hyphen end.

| 项目 | 说明 |
| --- | --- |
| 甲<br>乙 | first<br>second |

最后一段。
"""
# What the page shows of it (Chromium's innerText), but the abbreviation, which paper spells out at its first use.
INLINE_LINES = ["按Ctrl+C复制。", "水H2O，面积10m2。", "CAPA（纠正和预防措施）按期关闭。",
                "这是重点，新增与删除和作废，下划线，小字。", "word\xa0joined soft\xadhyphen end."]


def test_inline_elements_keep_their_text_in_order_in_word_and_pdf(tmp_path: Path) -> None:
    job = _job(_render(INLINE_SAMPLE))
    document = docx.Document(io.BytesIO(build_document(job)))
    texts = [p.text for p in document.paragraphs]
    start = texts.index(INLINE_LINES[0])
    assert [text.replace("\xad", "") for text in texts[start:start + 5]] == [
        line.replace("\xad", "") for line in INLINE_LINES]
    assert [cell.text for cell in document.tables[0].rows[1].cells] == ["甲\n乙", "first\nsecond"]
    pdf = _pdf_text(document_pdf(job), tmp_path)
    words = re.sub(r"\s", "", pdf.replace("\xad", ""))
    assert "".join(re.sub(r"\s", "", line.replace("\xad", "")) for line in INLINE_LINES) in words
    assert re.search(r"^甲\n乙$", pdf, re.M) and re.search(r"^first\nsecond$", pdf, re.M), pdf  # the cells' <br>


def test_a_soft_hyphen_is_words_own_soft_hyphen_not_a_visible_one(tmp_path: Path) -> None:
    # Word shows a U+00AD written in w:t as a hyphen (jgm/pandoc#3691); the page and the PDF show none mid-line
    body = docx.Document(io.BytesIO(build_document(_job(_render(INLINE_SAMPLE))))).element.body
    assert not [t.text for t in body.iter(qn("w:t")) if "\xad" in (t.text or "")]
    run = next(r for r in body.iter(qn("w:r")) if r.find(qn("w:softHyphen")) is not None)
    assert [child.tag for child in run if child.tag != qn("w:rPr")] == [qn("w:t"), qn("w:softHyphen"), qn("w:t")]
    assert "soft-hyphen" not in _pdf_text(document_pdf(_job(_render(INLINE_SAMPLE))), tmp_path)


def test_a_typed_hyphen_and_a_no_break_space_stay_text_in_word() -> None:
    body = docx.Document(io.BytesIO(build_document(_job(_render("## 程序\n\nQP-03-01&nbsp;规程\n"))))).element.body
    assert "QP-03-01\xa0规程" in [t.text for t in body.iter(qn("w:t"))]
    assert next(body.iter(qn("w:softHyphen")), None) is None


def test_a_centred_blocks_lines_are_centred_in_word_and_pdf(tmp_path: Path) -> None:
    html = _render("## 程序\n\n<center>居中文字</center>\n\n左起文字。\n")
    document = docx.Document(io.BytesIO(build_document(_job(html))))
    aligns = {p.text: p.alignment for p in document.paragraphs if p.text in ("居中文字", "左起文字。")}
    assert aligns["居中文字"] == JC.CENTER and aligns["左起文字。"] != JC.CENTER
    path = tmp_path / "centred.pdf"
    path.write_bytes(document_pdf(_job(html)))
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    left = {word: float(x) for x, word in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', bbox)}
    assert left["居中文字"] > left["左起文字。"] + 100  # centred on an A4 text width, not at its left edge


SMALL_SAMPLE = ("## 程序\n\nnormal words <small>tiny words</small> normal again.\n\n"
                "### Scope <small>informative</small>\n")


def _pdf_word_heights(pdf: bytes, tmp_path: Path) -> dict[str, float]:
    """Each word of the PDF → the height pdftotext gives its box (its font size, near enough)."""
    path = tmp_path / "small.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return {m[4]: float(m[3]) - float(m[1]) for m in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)}


def test_small_text_is_smaller_in_word_and_pdf_as_on_the_page(tmp_path: Path) -> None:
    """<small> is smaller on the page; each copy sets it page.SMALL_EM of the text it sits in (Word, knowing no
    relative size, in points of its paragraph's: a heading's too), the one table of inline styles deciding it."""
    job = _job(_render(SMALL_SAMPLE))
    document = docx.Document(io.BytesIO(build_document(job)))
    sizes = {r.text.strip(): r.font.size.pt if r.font.size else None for p in document.paragraphs for r in p.runs}
    assert sizes.get("tiny words") == page.small_pt(page.BODY_PT) == 8.5
    heading = next(p for p in document.paragraphs if p.text.startswith("Scope"))
    level = int(heading.style.name.split()[-1])
    assert sizes["informative"] == page.small_pt(page.heading_pt(level)) < page.heading_pt(level)
    heights = _pdf_word_heights(document_pdf(job), tmp_path)
    assert heights["tiny"] < 0.9 * heights["normal"], heights
    # quiet: the text around it keeps its paragraph's size in both
    assert sizes["normal words"] is None and sizes["normal again."] is None
    assert abs(heights["again."] - heights["normal"]) < 0.1, heights


def _word_hanging_starts(data: bytes) -> dict[str, int]:
    """Where each list paragraph's first line (its marker) starts in a Word copy, in twips, by its text."""
    document = docx.Document(io.BytesIO(data))
    starts = {}
    for paragraph in document.paragraphs:
        ind = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        if ind is not None and paragraph.text:
            starts[paragraph.text] = int(ind.get(qn("w:left"), "0")) - int(ind.get(qn("w:hanging"), "0"))
    return starts


def test_a_task_list_after_a_numbered_list_is_a_list_of_its_own_in_word_and_pdf(tmp_path: Path) -> None:
    """The page draws a task item's box where a bullet or number stands and its text where the others' text starts:
    after `3. 完成。` the boxes stand under the 3., not under 完成 as a paragraph of the third step."""
    job = _job(_render("## 程序\n\n1. 登记\n2. 审核\n3. 完成。\n\n- [ ] 待办\n- [x] 已办\n"))
    data = build_document(job)
    assert {k: v for k, v in _word_markers(data).items() if k in ("完成。", "待办", "已办")} == {
        "完成。": "3.", "待办": "☐", "已办": "☑"}
    starts = _word_hanging_starts(data)
    assert starts["待办"] == starts["已办"] == starts["完成。"], starts
    pdf = _pdf_text(document_pdf(job), tmp_path, raw=False)
    columns = {text: line.index(marker) for line in pdf.splitlines()
               for marker, text in (("3.", "完成。"), ("☐", "待办"), ("☑", "已办")) if text in line and marker in line}
    assert columns["待办"] == columns["已办"] == columns["完成。"], pdf
    texts = {text: line.index(text) for line in pdf.splitlines() for text in ("完成。", "待办", "已办") if text in line}
    assert texts["待办"] == texts["已办"] and abs(texts["待办"] - texts["完成。"]) <= 1, pdf  # -layout's columns


def test_a_bulleted_list_after_a_numbered_list_keeps_its_bullets_in_word_and_pdf(tmp_path: Path) -> None:
    job = _job(_render("## 程序\n\n1. 登记\n2. 完成。\n\n- 要点\n"))
    data = build_document(job)
    document = docx.Document(io.BytesIO(data))
    point = next(p for p in document.paragraphs if p.text == "要点")
    assert point.style.name == "List Bullet" and point._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is None
    starts = _word_hanging_starts(data)
    assert starts["要点"] == starts["完成。"], starts
    pdf = _pdf_text(document_pdf(job), tmp_path, raw=False)
    assert re.search(r"(?m)^\s*•\s+要点$", pdf), pdf
