"""Word exports read back with python-docx: nothing lost, header/approval values, fonts, watermarks,
blank forms, the whole manual, byte-identical re-exports."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import subprocess
import sys
from html import escape
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from qmsdoc.core import check, load_config, page
from qmsdoc.core.copyjobs import DocumentJob, FormJob, ManualJob
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.core.status import Status
from qmsdoc.word.document import build_document
from qmsdoc.word.export import PARALLEL_THRESHOLD, plan_export, write_files
from qmsdoc.word.forms import build_form
from qmsdoc.word.manual import build_manual

from conftest import Project, copy_project
from sitebuild import export_docx as export

DOC = "manuals/qp-hr/QP-02-03.md"
MD_INLINE = re.compile(r"\*\*|(?<!\*)\*(?!\*)|`")


def body_texts(document: docx.document.Document) -> list[str]:
    """Paragraph and table-cell texts in body order."""
    out: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            for cell in child.iter(qn("w:tc")):
                out.append("".join(t.text or "" for t in cell.iter(qn("w:t"))))
    return [t for t in out if t.strip()]


def source_fragments(project: Project, relative: str) -> list[str]:
    """What a reader must find, derived from the Markdown source itself (not from our renderer)."""
    corpus = check(load_config(project.root)).corpus
    body = project.read(relative).split("\n---\n", 1)[1]
    fragments: list[str] = []
    for line in body.splitlines():
        line = line.strip()
        if not line or re.fullmatch(r"\|?[\s:|-]+\|?", line):
            continue
        line = re.sub(r"^(#+|[-*+]|\d+\.)\s+", "", line)
        line = re.sub(r"\[\[([^\]]+)\]\]", lambda m: f"《{corpus.lookup(m.group(1)).title}》（{m.group(1)}）", line)
        line = MD_INLINE.sub("", line)
        cells = [c.strip() for c in line.strip("|").split("|")] if line.startswith("|") or "|" in line else [line]
        fragments.extend(c for c in cells if c)
    return fragments


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path]:
    """The shipped manuals exported once for every test that only reads the copies."""
    project = copy_project(tmp_path_factory.mktemp("word") / "project")
    return project, export(project)


def test_every_source_block_appears_in_order(shipped: tuple[Project, Path]) -> None:
    project, out = shipped
    for relative in ("manuals/qp-hr/QP-02-01.md", "manuals/qp-hr/QP-02-02.md", DOC):
        stem = Path(relative).stem
        texts = body_texts(docx.Document(str(out / "documents" / f"{stem}.docx")))
        position = 0
        for fragment in source_fragments(project, relative):
            while position < len(texts) and fragment not in texts[position]:
                position += 1
            assert position < len(texts), f"{stem}: {fragment!r} missing or out of order"


def test_header_footer_history_and_approval(shipped: tuple[Project, Path]) -> None:
    _, out = shipped
    document = docx.Document(str(out / "documents" / "QP-02-03.docx"))
    header = document.sections[0].header
    cells = [c.text for row in header.tables[0].rows for c in row.cells]
    for expected in ("测试物业公司", "员工离职管理工作规程", "QP-02-03", "A/1", "2026-03-01", "管家服务中心"):
        assert expected in cells
    header_xml = header._element.xml
    assert "PAGE" in header_xml and "NUMPAGES" in header_xml and "第" in "".join(cells)
    assert "受控状态：受控" in document.sections[0].footer.paragraphs[0].text
    tables = document.tables
    history = [[c.text for c in row.cells] for row in tables[-2].rows]
    assert history[0] == ["版本", "日期", "修订人", "修订内容"]
    assert history[1:] == [["A/0", "2025-01-05", "质量专员", "首次发布"],
                           ["A/1", "2026-02-25", "质量专员", "增加辞退条款及离职面谈要求"]]
    approval = [[c.text for c in row.cells] for row in tables[-1].rows]
    assert approval[0][1:] == ["编制", "审核", "批准"]
    assert approval[1][1:] == ["质量专员", "管家服务中心经理", "总经理"]
    assert approval[2][1:] == ["2026-02-10", "2026-02-20", "2026-02-25"]
    assert document.core_properties.subject == "QP-02-03" and document.core_properties.keywords == "A/1"


def test_east_asian_fonts_on_the_styles_used(shipped: tuple[Project, Path]) -> None:
    document = docx.Document(str(shipped[1] / "documents" / "QP-02-03.docx"))
    used = {p.style.name for p in document.paragraphs}
    assert {"Normal", "Heading 1", "Heading 2", "Heading 3", "List Bullet"} <= used
    for name in used:
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        expected = "黑体" if name.startswith("Heading") else "宋体"
        assert fonts.get(qn("w:eastAsia")) == expected, name
        assert not any(fonts.get(qn(a)) for a in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme")), name
    assert document.styles["Normal"].font.size.pt == page.BODY_PT  # the PDF's body size
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_ordered_lists_restart_and_nest(shipped: tuple[Project, Path]) -> None:
    document = docx.Document(str(shipped[1] / "documents" / "QP-02-02.docx"))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered][:2] == ["管理不善；", "多次重复违反公司标准作业规程，但未造成严重后果；"]
    num_ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(num_ids) == 1  # one list, one numbering instance (restarting at 1)


@pytest.mark.parametrize(("status", "mark", "footer"), [("draft", "草稿", "非受控"), ("obsolete", "作废", "非受控"),
                                                         ("effective", None, "受控")])
def test_watermarks_and_control_status(project: Project, status: str, mark: str | None, footer: str) -> None:
    if status == "draft":
        project.replace(DOC, "status: effective", "status: draft")
    elif status == "obsolete":
        project.revise(DOC, "status: effective", "status: obsolete\nsuperseded_by: QP-02-01")
    document = docx.Document(str(export(project, only=["QP-02-03"]) / "documents" / "QP-02-03.docx"))
    xml = document.sections[0].header._element.xml
    if mark:
        assert f'string="{mark}"' in xml
    else:
        assert "QmsWatermark" not in xml
    assert f"受控状态：{footer}" in document.sections[0].footer.paragraphs[0].text


def test_blank_form_layout(shipped: tuple[Project, Path]) -> None:
    _, out = shipped
    form = docx.Document(str(out / "forms" / "QP-02-02-F002.docx"))
    assert "表单编号：QP-02-02-F002" in form.sections[0].header.paragraphs[0].text
    assert form.paragraphs[0].text == "物品领用清单"
    cells = [[c.text for c in row.cells] for table in form.tables for row in table.rows]
    assert ["姓名", "", "部门", ""] in cells
    assert ["序号", "物品名称", "数量", "领用日期", "领用人签名", "归还日期", "经办人签名"] in cells
    assert cells.count([""] * 7) == 10
    assert ["部门主管", "", "日期", ""] in cells
    full = docx.Document(str(out / "forms" / "QP-02-03-F001.docx"))
    reason = next(r for t in full.tables for r in t.rows if r.cells[0].text == "离职原因")
    assert reason.height.cm >= 2.6  # three handwriting lines
    landscape = docx.Document(str(out / "forms" / "QP-02-02-F003.docx")).sections[0]
    assert landscape.page_width > landscape.page_height


def test_manual_has_cover_toc_and_every_document(shipped: tuple[Project, Path]) -> None:
    manual = docx.Document(str(shipped[1] / "manuals" / "QP-02.docx"))
    texts = [p.text for p in manual.paragraphs]
    assert "管家服务中心人事工作规程" in texts
    cover = [[c.text for c in row.cells] for row in manual.tables[0].rows]
    labels = [row[0] for row in cover]
    for label in ("编制", "审核", "批准", "实施日期", "版　　本", "受控状态", "分 发 号"):
        assert label in labels
    assert "受 控 号" not in labels and "修订状态" not in labels  # 分发号 as in the footer; the version once
    assert ["批准", "总经理　2026-02-25"] in cover and ["分 发 号", "＿＿＿＿"] in cover
    body_xml = manual.element.body.xml
    for code in ("QP-02-01", "QP-02-02", "QP-02-03"):  # 目录 lines: a PAGEREF to each document's bookmark
        assert f"PAGEREF qms_{code.replace('-', '_')} \\h" in body_xml
    assert "发布声明" in "".join(texts)  # the manual's own index page comes after the cover
    assert manual.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    titles = [p.text for p in manual.paragraphs if p.style.name == "Heading 1"]
    assert titles == ["招聘与录用管理工作规程", "试用转正、晋升、降职、调薪管理工作规程", "员工离职管理工作规程"]
    # each member document is a section whose own header names it
    headers = [[c.text for c in s.header.tables[0].rows[1].cells] for s in manual.sections[1:]]
    assert [row[3] for row in headers] == ["QP-02-01", "QP-02-02", "QP-02-03"]
    assert {(row[0], row[2]) for row in headers} == {("文件名称", "文件编号")}
    # the manual's own pages (index page, 目录) head with its number, labelled as the cover labels it
    own = [c.text for c in manual.sections[0].header.tables[0].rows[1].cells]
    assert own == ["手册名称", "管家服务中心人事工作规程", "手册编号", "QP-02"]
    assert [s.header.tables[0].rows[2].cells[1].text for s in manual.sections[1:]] == ["A/0", "A/2", "A/1"]


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.docx"))}


@pytest.mark.slow  # a whole site build or whole-corpus export
def test_two_exports_are_byte_identical(shipped: tuple[Project, Path]) -> None:
    project, out = shipped
    first = _digests(out)
    second = _digests(export(project, "build/again"))
    corpus = check(load_config(project.root)).corpus
    assert len(first) == len(corpus.documents) + len(corpus.forms) + len(corpus.manuals)
    assert first == second


@pytest.mark.slow  # a whole site build or whole-corpus export
def test_parallel_export_gives_the_same_bytes(shipped: tuple[Project, Path]) -> None:
    project, sequential = shipped
    result = check(load_config(project.root))
    plan = plan_export(result, CorpusRenderer(result.corpus), "测试物业公司")
    assert len(plan.files(".docx")) >= PARALLEL_THRESHOLD  # the shipped set alone is exported in parallel
    write_files(plan, project.root / "build/par", workers=2)
    assert _digests(project.root / "build/par") == _digests(sequential)


def test_cli_docx_selected_ids_and_refusal_on_errors(project: Project) -> None:
    run = [sys.executable, "-m", "qmsdoc.cli", "docx", "qp-02-03", "QP-02-03-F001", "--out", "out"]
    result = subprocess.run(run, cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project.root / "out").rglob("*.docx")) == ["QP-02-03-F001.docx", "QP-02-03.docx"]
    project.replace(DOC, "- [[QP-02-01]]", "- [[QP-02-99]]")
    result = subprocess.run(run[:4] + ["--out", "out2"], cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 1 and "QD130" in result.stdout and not (project.root / "out2").exists()


# Text a user wrote that would be markup if it were pasted into the XML: it must come back as the same text.
HOSTILE = '<w:p>&amp; "引号" \'单引号\' ]]> <img src=x onerror=alert(1)> =HYPERLINK("http://x")\t制表'


def _hostile_document(**overrides: object) -> DocumentJob:
    job = DocumentJob(
        id="QP-09-01", title=HOSTILE, version="A/0", status=Status.EFFECTIVE, type_label="程序文件",
        department=HOSTILE, effective_date="2026-01-01", organisation=HOSTILE,
        html=(f"<h2>{escape(HOSTILE)}</h2><p>{escape(HOSTILE)}</p>"
              f'<p><a href="https://example.com/?a=1&amp;b=&quot;2&quot;">{escape(HOSTILE)}</a></p>'
              f"<table><tr><th>{escape(HOSTILE)}</th></tr></table><pre><code>{escape(HOSTILE)}\n第二行</code></pre>"),
        signoffs=(("编制", HOSTILE, "2026-01-01"), ("审核", "乙", "2026-01-01"), ("批准", "丙", "2026-01-01")),
        history=(("A/0", "2026-01-01", HOSTILE, HOSTILE),), approval_date=None)
    return dataclasses.replace(job, **overrides)  # type: ignore[arg-type]


def _texts(element: object) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))).replace("\t", "")
            for p in element.iter(qn("w:p"))]  # type: ignore[attr-defined]


def test_hostile_text_reaches_every_part_of_a_copy_as_text() -> None:
    document = docx.Document(io.BytesIO(build_document(_hostile_document())))
    visible = HOSTILE.replace("\t", "")  # a tab is a <w:tab/>, not text
    body = _texts(document.element.body)
    assert body[0] == visible  # the title
    assert body.count(visible) >= 5  # heading, paragraph, link, table cell, history
    assert f"{visible}第二行" in "".join(body)  # the code block, its line break a <w:br/>
    header = _texts(document.sections[0].header._element)
    assert header.count(visible) == 3  # organisation, 文件名称, 归口部门
    links = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links == ['https://example.com/?a=1&b="2"']
    assert document.core_properties.title == HOSTILE
    assert document.tables[-1].rows[1].cells[1].text == HOSTILE  # 编制 by (python-docx reads <w:tab/> as \t)
    assert [c.text for c in document.tables[-2].rows[1].cells][2:] == [HOSTILE, HOSTILE]  # 修订记录


@pytest.mark.parametrize("html", [
    "<pre><code>first()\n</code></pre><pre><code>second()\n</code></pre>",
    '<div class="admonition note"><p>first</p></div><div class="admonition info"><p>second</p></div>',
    "<blockquote><p>first</p></blockquote><blockquote><p>second</p></blockquote>",
])
def test_two_boxes_one_after_the_other_stay_two_in_word(html: str) -> None:
    """Word draws adjacent paragraphs of one shading as one band: the copy read two code blocks as one program."""
    document = docx.Document(io.BytesIO(build_document(_hostile_document(html=html))))
    paragraphs = list(document.element.body.iter(qn("w:p")))
    first, second = (next(i for i, p in enumerate(paragraphs) if "".join(_texts(p)).startswith(word))
                     for word in ("first", "second"))

    def fill(paragraph: object) -> str | None:
        shading = paragraph.find(f"{qn('w:pPr')}/{qn('w:shd')}")  # type: ignore[attr-defined]
        return None if shading is None else str(shading.get(qn("w:fill")))

    assert fill(paragraphs[first]) and fill(paragraphs[first]) == fill(paragraphs[second])
    assert any(fill(p) != fill(paragraphs[first]) for p in paragraphs[first + 1:second]), "no gap between the boxes"


def test_hostile_text_in_a_form_and_a_manual_stays_text() -> None:
    form = FormJob(id="QP-09-01-F001", title=HOSTILE, version="A/0", owner=HOSTILE, retention=HOSTILE, landscape=True,
                   fields=((HOSTILE, 2, "full"), ("姓名", 1, "half")), columns=(HOSTILE, "b"), rows=2,
                   signatures=(HOSTILE,), organisation=HOSTILE, date=None)
    visible = HOSTILE.replace("\t", "")
    read = docx.Document(io.BytesIO(build_form(form)))
    cells = [c.text for t in read.tables for row in t.rows for c in row.cells]
    assert cells.count(HOSTILE) >= 3  # a field label, a column, a signature (the tab kept as a tab)
    assert read.paragraphs[0].text == HOSTILE and visible in _texts(read.sections[0].header._element)[0]
    manual = ManualJob(id="QP-09", title=HOSTILE, version="A/0", owner=HOSTILE, effective_date="2026-01-01",
                       organisation=HOSTILE, signoffs=(("批准", HOSTILE, "2026-01-01"),),
                       documents=(_hostile_document(),), intro_html=f"<p>{escape(HOSTILE)}</p>")
    book = docx.Document(io.BytesIO(build_manual(manual)))
    texts = _texts(book.element.body)
    assert texts.count(visible) >= 8 and f"QP-09-01　{visible}" in texts  # cover, index page, 目录, the member


def test_an_english_manuals_own_pages_head_with_its_number_as_the_cover_labels_it() -> None:
    """An English whole-manual copy's cover said "Manual No." while the header over its index page and contents
    said "Document No." for the same number; a member's pages say "Document No." for the member's own."""
    from qmsdoc.core import i18n

    i18n.set_language("en")
    member = _hostile_document(title="Recruitment", department="HR", organisation="Acme")
    job = ManualJob(id="QM-09", title="HR procedures", version="A/0", owner="HR", effective_date="2026-01-01",
                    organisation="Acme", signoffs=(("Approved", "CEO", "2026-01-01"),), documents=(member,),
                    intro_html="<p>Scope</p>")
    book = docx.Document(io.BytesIO(build_manual(job)))
    heads = [[c.text for c in s.header.tables[0].rows[1].cells] for s in book.sections]
    assert heads == [["Manual title", "HR procedures", "Manual No.", "QM-09"],
                     ["Title", "Recruitment", "Document No.", "QP-09-01"]], heads
    assert "Manual No.: QM-09" in [p.text for p in book.paragraphs]  # the cover's words for the same number


def test_emphasised_chinese_is_dotted_as_in_the_pdf_and_latin_stays_italic() -> None:
    """CJK fonts have no italic: Word slanted an emphasised Chinese run while the PDF marks it with dots under the
    characters (着重号). Word marks it so too (w:em underDot, no w:i); a Latin word in the same emphasis is italic."""
    html = "<p>交接时<em>务必 check 钥匙</em>，<em>plain</em>，未强调。</p>"
    document = docx.Document(io.BytesIO(build_document(_hostile_document(html=html))))
    runs = {}
    for run in document.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        props = run.find(qn("w:rPr"))
        em = props.find(qn("w:em")) if props is not None else None
        runs[text] = (em.get(qn("w:val")) if em is not None else None,
                      props is not None and props.find(qn("w:i")) is not None)
    assert runs["务必"] == ("underDot", False) and runs["钥匙"] == ("underDot", False)
    assert runs[" check "] == (None, True) and runs["plain"] == (None, True)
    assert runs["交接时"] == (None, False) and runs["，未强调。"] == (None, False)


def test_code_inside_emphasis_is_not_dotted() -> None:
    """A command or file name in emphasis is code: the reader types it as it is. Word dotted its Chinese while the
    page shows code plain (core/emphasis.dotted); its Chinese is upright as on the page and in the PDF
    (core/emphasis.upright), the text around it dotted."""
    html = "<p>说明：<em>运行 <code>检查命令</code> 后</em>。</p>"
    document = docx.Document(io.BytesIO(build_document(_hostile_document(html=html))))
    runs = {}
    for run in document.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        props = run.find(qn("w:rPr"))
        runs[text] = (props is not None and props.find(qn("w:em")) is not None,
                      props is not None and props.find(qn("w:i")) is not None)
    assert runs["检查命令"] == (False, False), runs
    assert runs["运行"] == (True, False) and runs["后"] == (True, False), runs


@pytest.mark.parametrize(("language", "latin", "east_asian"), [("zh-CN", "en-US", "zh-CN"), ("en", "en", "zh-CN")])
def test_a_copy_declares_the_project_s_language(language: str, latin: str, east_asian: str) -> None:
    """Word proofs, breaks lines and speaks text by the language of its runs: the copy's defaults carry the
    project's, as each PDF declares it (python-docx's template said en-US for all text, Chinese included)."""
    from qmsdoc.core import i18n

    i18n.set_language(language)
    document = docx.Document(io.BytesIO(build_document(_hostile_document())))
    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == (latin, east_asian)
    theme = document.settings.element.find(qn("w:themeFontLang"))  # python-docx's template: ja-JP, in every copy
    assert (theme.get(qn("w:val")), theme.get(qn("w:eastAsia"))) == (latin, east_asian)


def test_a_line_ending_in_a_hard_break_is_not_stretched() -> None:
    """A hard break (two trailing spaces, `\\`, `<br>`) in a justified paragraph: the page and the PDF leave the
    line before it as written; Word and LibreOffice spread it over the whole line (each Chinese character apart)
    unless the copy says w:doNotExpandShiftReturn, in its place in w:compat's sequence (before w:useFELayout)."""
    document = docx.Document(io.BytesIO(build_document(_hostile_document())))
    compat = document.settings.element.find(qn("w:compat"))
    names = [child.tag for child in compat]
    assert qn("w:doNotExpandShiftReturn") in names
    assert names.count(qn("w:doNotExpandShiftReturn")) == 1
    if qn("w:useFELayout") in names:
        assert names.index(qn("w:doNotExpandShiftReturn")) < names.index(qn("w:useFELayout"))
