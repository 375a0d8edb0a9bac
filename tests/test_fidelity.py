"""Fidelity: every Markdown construct of the fixture project (tests/fixtures/dialect) survives into the
real MkDocs site and the Word copy, and no word of any shipped document is lost on the way."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from browsers import chromium
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from qmsdoc.core import check, load_config
from qmsdoc.core.htmltree import Node, parse_html
from qmsdoc.word.body import CAPTION_SIZE

from conftest import REPO, Project, office_profile
from sitebuild import export_docx, mkdocs_build, page

FIXTURE = REPO / "tests" / "fixtures" / "dialect"
W_HYPERLINK = qn("w:hyperlink")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The fixture project, built once: site (real mkdocs build --strict) and Word copies."""
    root = tmp_path_factory.mktemp("fidelity") / "project"
    shutil.copytree(FIXTURE, root)
    project = Project(root)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    export_docx(project)
    return project


def _article(html: str) -> str:
    return html.split('<div class="qms-body">', 1)[1].split('<h2 id="qms-history">', 1)[0]


def _find(node: Node, needle: str, path: tuple[Node, ...] = ()) -> tuple[Node, ...] | None:
    """The chain of elements down to the innermost one whose own text contains `needle`."""
    for child in node.children:
        if isinstance(child, str) and needle in child:
            return (*path, node)
        if isinstance(child, Node) and (found := _find(child, needle, (*path, node))):
            return found
    return None


def _visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


# -- the site ------------------------------------------------------------------------------

def test_site_lists_nest_at_two_and_four_spaces_and_start_under_a_paragraph(built: Project) -> None:
    tree = parse_html(_article(page(built.root, "sop/SOP-001")))
    depth = {n: sum(e.tag in ("ul", "ol") for e in _find(tree, n) or ()) for n in
             ("level-one-a", "level-two", "level-three", "first-step", "sub-step")}
    assert depth == {"level-one-a": 1, "level-two": 2, "level-three": 3, "first-step": 1, "sub-step": 2}
    paragraph = _find(tree, "分工如下")
    assert paragraph and paragraph[-1].tag == "p" and "level-one-a" not in paragraph[-1].text()


def test_site_keeps_every_construct(built: Project) -> None:
    html = page(built.root, "sop/SOP-001")
    body = _article(html)
    tree = parse_html(body)
    cell = _find(tree, "cell-line-one")[-1]
    assert cell.tag == "td" and any(isinstance(c, Node) and c.tag == "br" for c in cell.children)
    assert [e.tag for e in _find(tree, "cell-item-two")][-3:] == ["td", "ul", "li"]
    assert _find(tree, "quoted-text")[-2].tag == "blockquote"
    assert "admonition" in _find(tree, "admonition-body")[-2].classes
    assert _find(tree, "details-body")[-2].tag == "details" and _find(tree, "raw-details")[-1].tag == "details"
    code = _find(tree, "code-line-one")[-1]
    assert code.tag == "code" and "code-line-one\n第二行 code-line-two" in code.text()
    for needle, tag in (("struck-text", "del"), ("marked-text", "mark"), ("underlined-text", "u"),
                        ("Ctrl", "kbd"), ("level-five", "h5"), ("level-six", "h6"), ("term-word", "dt"),
                        ("definition-body", "dd")):
        assert _find(tree, needle)[-1].tag == tag, needle
    assert "H<sub>2</sub>O" in body and "x<sup>2</sup>" in body
    assert re.search(r"反斜杠换行<br>\s*第二行 after-break", body)
    assert "&lt;enter role&gt;" in body
    boxes = re.findall(r'<input type="checkbox"[^>]*>', body)
    assert len(boxes) == 2 and "checked" in boxes[0] and "checked" not in boxes[1]
    assert 'href="#fn:1"' in body and "footnote-body" in _find(tree, "footnote-body")[-1].text()
    # Links: magic URL, external, relative .md → the document's page, [[ID]] → the same page.
    assert '<a href="https://www.example.com/qms">' in body and 'href="https://openstd.samr.gov.cn/"' in body
    assert re.search(r'<a href="\.\./SOP-002/">作业指导书 relative-link</a>', body)
    assert 'class="qms-ref" data-ref="SOP-002" href="../SOP-002/"' in body
    # Images resolve from the page's folder to the published file.
    src = re.search(r'<img alt="流程图 flow-caption" src="([^"]+)"', body).group(1)
    assert (built.root / "build/site/sop/SOP-001" / src).resolve().is_file()
    manual = page(built.root, "sop")
    manual_src = re.search(r'<img alt="手册总览 manual-overview" src="([^"]+)"', manual).group(1)
    assert (built.root / "build/site/sop" / manual_src).resolve().is_file()
    # Nothing shown as a literal tag, marker or escape; comments reach no output.
    text = _visible_text(body)
    for literal in ("<", "\\", "[^1]", "~~", "==", "[ ]", "[x]", "```", "!!!", "???", ":   "):
        assert literal not in text, literal
    assert "secret-comment" not in html


def test_site_relative_link_with_fragment_and_body_h1(built: Project) -> None:
    body = _article(page(built.root, "sop/SOP-002"))
    assert 'href="../SOP-001/#10-目的"' in body
    assert "<h1" in body and "body-h1" in body
    raw = re.search(r'<img src="([^"]+)" alt="原始图片 raw-image" width="160">', body).group(1)
    assert (built.root / "build/site/sop/SOP-002" / raw).resolve().is_file()
    shared = re.search(r'<img alt="手册图片 assets-image" src="([^"]+)"', body).group(1)
    assert (built.root / "build/site/sop/SOP-002" / shared).resolve() == built.root / "build/site/sop/assets/chart.png"
    with zipfile.ZipFile(built.root / "build/docx/documents/SOP-002.docx") as package:
        assert len([n for n in package.namelist() if n.startswith("word/media/")]) >= 1
    second = _docx(built, "documents/SOP-002.docx")
    for caption in ("流程图 second-flow", "原始图片 raw-image", "手册图片 assets-image"):
        assert _paragraph(second, caption)._p.getprevious().findall(".//" + qn("w:drawing")), caption


def test_site_captions_the_pictures_the_copies_caption(built: Project) -> None:
    """Staff reading the page see the caption the printed copy has under each picture: the alt, in a caption
    right after the picture, the same captions in the same order as the Word copy's (core/captions.py decides)."""
    expected = {"sop/SOP-001": ["流程图 flow-caption"], "sop": ["手册总览 manual-overview"],
                "sop/SOP-002": ["流程图 second-flow", "原始图片 raw-image", "手册图片 assets-image"]}
    for uri, captions in expected.items():
        tree = parse_html(_article(page(built.root, uri)))
        shown = [(parent, index) for parent in _elements(tree) for index, child in enumerate(parent.children)
                 if isinstance(child, Node) and "qms-caption" in child.classes]
        assert [parent.children[index].text() for parent, index in shown] == captions, uri
        for parent, index in shown:  # under its picture, in the same block (only white space between)
            before = [c for c in parent.children[:index] if not (isinstance(c, str) and not c.strip())]
            assert isinstance(before[-1], Node) and before[-1].tag == "img", uri
            assert before[-1].attrs["alt"] == parent.children[index].text()
    for name in ("SOP-001", "SOP-002"):
        document = _docx(built, f"documents/{name}.docx")
        captions = [p.text for p in document.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.CENTER and p.runs
                    and all(r.font.size is not None and r.font.size.pt == CAPTION_SIZE for r in p.runs)]
        assert captions == expected[f"sop/{name}"], name
        body = "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))
        assert all(body.count(caption) == 1 for caption in expected[f"sop/{name}"]), name


def _elements(node: Node) -> list[Node]:
    return [node, *(inner for child in node.elements() for inner in _elements(child))]


# -- the Word copy -------------------------------------------------------------------------

def _docx(built: Project, relative: str) -> docx.document.Document:
    return docx.Document(str(built.root / "build/docx" / relative))


def _paragraph(document: docx.document.Document, needle: str) -> docx.text.paragraph.Paragraph:
    for paragraph in document.paragraphs:
        if needle in "".join(t.text or "" for t in paragraph._p.iter(qn("w:t"))):
            return paragraph
    raise AssertionError(f"{needle!r} not in any paragraph")


def _list_level_text(document: docx.document.Document, paragraph: docx.text.paragraph.Paragraph) -> str | None:
    """The level text (its marker) of the numbering instance a paragraph is numbered by, when the instance sets one."""
    num_id = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if num_id is None:
        return None
    for num in document.part.numbering_part.element.iter(qn("w:num")):
        if num.get(qn("w:numId")) == num_id.get(qn("w:val")):
            text = num.find(f"{qn('w:lvlOverride')}/{qn('w:lvl')}/{qn('w:lvlText')}")
            return None if text is None else text.get(qn("w:val"))
    return None


def _runs_with(paragraph: docx.text.paragraph.Paragraph, needle: str) -> list:
    return [r for r in paragraph._p.iter(qn("w:r")) if needle in "".join(t.text or "" for t in r.iter(qn("w:t")))]


def test_word_keeps_lists_tables_and_inline_formats(built: Project) -> None:
    document = _docx(built, "documents/SOP-001.docx")
    styles = {n: _paragraph(document, n).style.name for n in ("level-one-a", "level-two", "level-three", "sub-step")}
    assert styles == {"level-one-a": "List Bullet", "level-two": "List Bullet 2", "level-three": "List Bullet 3",
                      "sub-step": "List Number 2"}
    assert "level-one-a" not in _paragraph(document, "分工如下").text
    cells = {c._tc: c for t in document.tables for row in t.rows for c in row.cells}.values()
    line_cell = next(c for c in cells if "cell-line-one" in c.text)
    assert line_cell._tc.findall(".//" + qn("w:br")) and "cell-line-two" in line_cell.text
    item_cell = next(c for c in cells if "cell-item-one" in c.text)
    assert [p.style.name for p in item_cell.paragraphs if p.text] == ["List Bullet", "List Bullet"]
    strike = _runs_with(_paragraph(document, "struck-text"), "struck-text")[0]
    assert strike.find(qn("w:rPr")).find(qn("w:strike")) is not None
    # The box is the task item's marker, where a bullet stands (its list level's text), not the start of its text.
    marker = {n: _list_level_text(document, _paragraph(document, n)) for n in ("done-task", "open-task")}
    assert marker == {"done-task": "☑", "open-task": "☐"}
    assert "已完成" in _paragraph(document, "done-task").text and "☑" not in _paragraph(document, "done-task").text
    assert "<enter role>" in _paragraph(document, "enter role").text
    breaks = _paragraph(document, "after-break")._p.findall(".//" + qn("w:br"))
    assert breaks, "a backslash at the end of a line must become a line break"


def test_word_boxes_code_footnotes_and_headings(built: Project) -> None:
    document = _docx(built, "documents/SOP-001.docx")
    quote = _paragraph(document, "quoted-text")
    assert quote.paragraph_format.left_indent and quote._p.pPr.find(qn("w:pBdr")) is not None
    for needle in ("admonition-body", "注意事项", "details-body", "raw-details"):
        assert _paragraph(document, needle)._p.pPr.find(qn("w:shd")) is not None, needle
    code = _paragraph(document, "code-line-one")
    assert code._p.findall(".//" + qn("w:br")) and "code-line-two" in code.text
    assert all(r.font.name == "Consolas" for r in code.runs if r.text.strip())
    assert _paragraph(document, "footnote-body").text.startswith("1")
    ref = _runs_with(_paragraph(document, "footnote-ref"), "1")
    assert any(r.find(qn("w:rPr")).find(qn("w:vertAlign")) is not None for r in ref)
    assert _paragraph(document, "definition-body").paragraph_format.left_indent
    headings = {n: _paragraph(document, n).style.name for n in ("1.0 目的", "4.1 表格", "level-five", "level-six")}
    assert headings == {"1.0 目的": "Heading 2", "4.1 表格": "Heading 3", "level-five": "Heading 5",
                        "level-six": "Heading 6"}
    second = _docx(built, "documents/SOP-002.docx")
    assert _paragraph(second, "图片与标题层级作业指导书").style.name == "Heading 1"
    assert _paragraph(second, "body-h1").style.name == "Heading 2"  # a body H1 sits below the title
    assert _paragraph(second, "1.0 目的").style.name == "Heading 3"


def test_word_links_and_images(built: Project) -> None:
    path = built.root / "build/docx/documents/SOP-001.docx"
    document = docx.Document(str(path))
    external = {rel.target_ref for rel in document.part.rels.values() if rel.is_external}
    assert {"https://openstd.samr.gov.cn/", "https://www.example.com/qms"} <= external
    linked = _paragraph(document, "external-link")._p.findall(W_HYPERLINK)
    assert any("external-link" in "".join(t.text for t in link.iter(qn("w:t"))) for link in linked)
    assert "《图片与标题层级作业指导书》（SOP-002）" in _paragraph(document, "relative-link").text
    with zipfile.ZipFile(path) as package:
        assert any(name.startswith("word/media/") for name in package.namelist())
    picture = _paragraph(document, "流程图 flow-caption")  # the caption under the picture
    previous = picture._p.getprevious()
    assert previous.findall(".//" + qn("w:drawing")), "the image must sit right above its caption"
    # In the whole manual, [[SOP-002]] jumps to SOP-002's bookmarked title.
    manual = _docx(built, "manuals/SOP.docx")
    anchors = {link.get(qn("w:anchor")) for link in manual.element.body.iter(W_HYPERLINK)}
    bookmarks = {b.get(qn("w:name")) for b in manual.element.body.iter(qn("w:bookmarkStart"))}
    assert "qms_SOP_002" in anchors and "qms_SOP_002" in bookmarks and "qms_SOP_001" in bookmarks


def test_word_shows_no_literal_markup(built: Project) -> None:
    for name in ("SOP-001", "SOP-002"):
        document = _docx(built, f"documents/{name}.docx")
        text = "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))
        for literal in ("<br", "<ul", "<details", "\\", "[^1]", "~~", "==", "[ ]", "[x]", "```", "!!!", "???",
                        "secret-comment", "](", "![", "[["):
            assert literal not in text, (name, literal)


# -- no word lost, for every shipped document --------------------------------------------

_TOKEN = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9]+")


def _source_tokens(body: str, corpus: object) -> Counter[str]:
    """Words a reader must find, from the Markdown source: references as title + id, link targets,
    comments, tags and fences dropped."""
    body = re.sub(r"<!--.*?-->", " ", body, flags=re.S)
    body = re.sub(r"\[\[([^\]]+)\]\]", lambda m: f"{corpus.lookup(m.group(1)).title} {m.group(1)}", body)
    body = re.sub(r"\]\([^)]*\)", "]", body)
    body = re.sub(r"<[^>]+>", " ", body)
    body = re.sub(r"^\s*(```|~~~)\w*", " ", body, flags=re.M)
    body = re.sub(r"^\s*(!!!|\?\?\?\+?)\s+\w+", " ", body, flags=re.M)
    body = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", " ", body, flags=re.M)  # list numbers are drawn, not text
    return Counter(_TOKEN.findall(body))


@pytest.mark.slow  # a whole site build or whole-corpus export
def test_no_word_of_a_shipped_document_is_lost(project: Project) -> None:
    result = mkdocs_build(project.root)
    assert result.returncode == 0, result.stderr[-3000:]
    out = export_docx(project)
    corpus = check(load_config(project.root)).corpus
    checked = 0
    for document in corpus.sorted_documents():
        if document.status not in ("approved", "effective", "obsolete"):
            continue
        source = _source_tokens(document.body, corpus)
        uri = Path(document.path).relative_to("manuals").with_suffix("").as_posix()
        site = Counter(_TOKEN.findall(_visible_text(_article(page(project.root, uri)))))
        word_doc = docx.Document(str(out / "documents" / f"{Path(document.path).stem}.docx"))
        word = Counter(_TOKEN.findall("".join(t.text or "" for t in word_doc.element.body.iter(qn("w:t")))))
        assert not source - site, (document.id, "site", dict(source - site))
        assert not source - word, (document.id, "word", dict(source - word))
        checked += 1
    assert checked >= 10


# -- screenshots to look at ------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.office
def test_screenshots_of_the_fixture_page_and_word_copy(built: Project, artifacts: Path, tmp_path: Path) -> None:
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto((built.root / "build/site/sop/SOP-001/index.html").as_uri())
        assert tab.locator("img[alt='流程图 flow-caption']").evaluate("i => i.naturalWidth") == 320
        tab.screenshot(path=str(artifacts / "fidelity-site.png"), full_page=True)
    result = subprocess.run(
        ["soffice", office_profile(tmp_path), "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(built.root / "build/docx/documents/SOP-001.docx")],
        capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(tmp_path / "SOP-001.pdf"), str(artifacts / "fidelity-word")],
                   check=True, timeout=120)
    assert sorted(artifacts.glob("fidelity-word*.png"))
    assert (artifacts / "fidelity-site.png").stat().st_size > 20_000


def test_fixture_is_clean() -> None:
    assert check(load_config(FIXTURE)).findings == []
