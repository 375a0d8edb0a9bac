"""PDF controlled copies: read back with poppler (pdftotext, pdfinfo, pdftohtml, pdftoppm), never with
the code that wrote them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from qmsdoc.cli import main
from qmsdoc.core.copyjobs import DocumentJob, FormJob, ManualJob
from qmsdoc.core.status import Status
from qmsdoc.pdf.copies import document_pdf, form_pdf, manual_pdf
from qmsdoc.pdf.engine import MissingGlyphError

from conftest import Project, run_cli

ORG = "测试物业公司"
SIGNOFFS = (("编制", "质量专员", "2026-02-10"), ("审核", "部门经理", "2026-02-20"), ("批准", "总经理", "2026-02-25"))
PLANTED = "\U00013000"  # EGYPTIAN HIEROGLYPH A001: in no Noto CJK font


def _job(code: str = "QP-09-01", *, paragraphs: int = 120, copy_number: str = "", status: str = "effective",
         html: str | None = None, title: str = "招聘与录用管理工作规程", version: str = "A/0",
         assets_root: str = "") -> DocumentJob:
    body = html if html is not None else "".join(f"<p>第 {i} 段：各部门根据职位空缺情况填写人员需求表。</p>"
                                                 for i in range(paragraphs))
    return DocumentJob(id=code, title=title, version=version, status=Status(status), type_label="程序文件",
                       department="行政人事部", effective_date="2026-03-01", html=body,
                       organisation=ORG, signoffs=SIGNOFFS,
                       history=(("A/0", "2026-02-25", "质量专员", "首次发布"),),
                       approval_date=dt.date(2026, 2, 25), copy_number=copy_number, assets_root=assets_root)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _footer(page: str) -> tuple[str, str] | None:
    """(受控状态, 分发号) as a reader of the text gets them back: pdftotext turns the footer's
    ideographic spaces into ordinary spacing, so the pattern allows any."""
    found = re.search(r"受控状态：(受控|非受控)\s*分发号：(\S+)", page)
    return (found.group(1), found.group(2)) if found else None


def test_every_page_carries_the_header_and_the_copy_number(tmp_path: Path) -> None:
    pdf = _write(tmp_path, "doc.pdf", document_pdf(_job(copy_number="FF-2026-007")))
    pages = _pages(pdf)
    assert len(pages) >= 3, "the planted body must run over several pages"
    for number, page in enumerate(pages, start=1):
        flat = _squeeze(page)
        for needle in (ORG, "文件名称招聘与录用管理工作规程", "文件编号QP-09-01", "版本/修订A/0", "生效日期2026-03-01",
                       f"第{number}页共{len(pages)}页"):
            assert needle in flat, f"page {number} lacks {needle}"
        assert _footer(page) == ("受控", "FF-2026-007"), f"page {number} footer"
    assert "审批" in pages[-1] and "总经理" in pages[-1] and "修订记录" in "".join(pages)


def test_metadata_and_blank_copy_number_like_word(tmp_path: Path) -> None:
    pdf = _write(tmp_path, "doc.pdf", document_pdf(_job(paragraphs=3)))
    info = _info(pdf)
    assert (info["Title"], info["Subject"], info["Keywords"], info["Author"]) == (
        "招聘与录用管理工作规程", "QP-09-01", "A/0", ORG)
    assert info["Pages"] == "1" and "A4" in info["Page size"]
    assert info["CreationDate"].endswith("2026 UTC") and "Feb 25" in info["CreationDate"]
    assert _footer(_pages(pdf)[0]) == ("受控", "＿＿＿＿")


def _raw(pdf: Path) -> str:
    """Text in content order, whitespace removed (the rotated watermark comes out one glyph a line)."""
    return _squeeze(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout)


def test_draft_and_obsolete_copies_carry_their_watermark(tmp_path: Path) -> None:
    draft = _raw(_write(tmp_path, "draft.pdf", document_pdf(_job(paragraphs=3, status="draft"))))
    effective = _raw(_write(tmp_path, "ok.pdf", document_pdf(_job(paragraphs=3))))
    obsolete = _raw(_write(tmp_path, "old.pdf", document_pdf(_job(paragraphs=3, status="obsolete"))))
    assert "草稿" in draft and "受控状态：非受控" in draft
    assert "作废" in obsolete
    assert "草稿" not in effective and "作废" not in effective


def test_user_text_is_escaped_not_markup(tmp_path: Path) -> None:
    pdf = _write(tmp_path, "doc.pdf", document_pdf(_job(paragraphs=1, title="<b>规程</b> & 附则",
                                                        copy_number="<i>7</i>")))
    page = _pages(pdf)[0]
    assert "<b>规程</b> & 附则" in page and _footer(page) == ("受控", "<i>7</i>")
    assert _info(pdf)["Title"] == "<b>规程</b> & 附则"


def test_two_renders_are_byte_identical_and_differ_per_copy() -> None:
    first, second = document_pdf(_job(copy_number="FF-1")), document_pdf(_job(copy_number="FF-1"))
    assert first == second
    assert document_pdf(_job(copy_number="FF-2")) != first
    form = _form()
    assert form_pdf(form) == form_pdf(form)


_RENDER_IN_A_NEW_PROCESS = """
import hashlib, sys
sys.path.insert(0, sys.argv[1])
from test_pdf import _job, _manual
from qmsdoc.pdf.copies import document_pdf, manual_pdf
print(hashlib.sha256(document_pdf(_job(copy_number="FF-1")) + manual_pdf(_manual())).hexdigest())
"""


def test_separate_processes_with_different_hash_seeds_give_the_same_bytes() -> None:
    """Two builds are two processes: nothing (set order, ids, clock) may leak into the bytes."""
    import hashlib

    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", _RENDER_IN_A_NEW_PROCESS, str(Path(__file__).parent)],
                             capture_output=True, text=True, check=True, env=env).stdout.strip()
        digests.add(out)
    here = hashlib.sha256(document_pdf(_job(copy_number="FF-1")) + manual_pdf(_manual())).hexdigest()
    assert digests == {here}


def test_a_character_outside_the_font_is_a_clean_error() -> None:
    with pytest.raises(MissingGlyphError) as caught:
        document_pdf(_job(html=f"<p>设备编号 {PLANTED} 见附件</p>"))
    message = str(caught.value)
    assert "QP-09-01" in message and PLANTED in message and "U+13000" in message
    document_pdf(_job(html="<p>设备编号 ① 见附件：“引号”、全角（括号）与 ABC 123</p>"))  # ordinary text passes


@pytest.mark.slow
@pytest.mark.parametrize("checked", [True, False], ids=["by-the-check", "by-the-pdf-stage"])
def test_planted_character_fails_the_pdf_build_with_exit_1(project: Project, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch, checked: bool) -> None:
    """The check names it (QD023); should it not (a font removed since its "drawable" answer was kept), the PDF
    stage still stops on it, naming the line, and writes no PDF."""
    if not checked:
        from qmsdoc.pdf.coverage import TypstGlyphs

        monkeypatch.setattr(TypstGlyphs, "undrawable", lambda self, config, chars: frozenset())
    project.revise("manuals/qp-hr/QP-02-01.md", "规范物业管理人员招聘工作程序",
                   f"规范物业管理人员{PLANTED}招聘工作程序")
    assert main(["build", str(project.root), "--only", "pdf"]) == 1
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert "U+13000" in said and "Traceback" not in said
    assert ("QD023" in said) is checked and ("QP-02-01" in said or checked)
    assert not (project.root / "build" / "pdf").exists()
    line = project.line_of("manuals/qp-hr/QP-02-01.md", PLANTED)  # the message names the line to fix
    assert f"manuals/qp-hr/QP-02-01.md:{line}: " in said


def _form() -> FormJob:
    return FormJob(id="QP-09-01-F001", title="人员需求表", version="A/0", owner="招聘与录用管理工作规程（QP-09-01）",
                   retention="3 年", landscape=False,
                   fields=(("需求部门", 1, ""), ("岗位", 1, ""), ("理由", 3, "full")),
                   columns=("序号", "岗位", "人数"), rows=5, signatures=("申请人", "审批人"), organisation=ORG,
                   date=dt.date(2026, 2, 25), copy_number="FF-9")


def test_form_pdf_has_header_fields_and_footer(tmp_path: Path) -> None:
    pdf = _write(tmp_path, "form.pdf", form_pdf(_form()))
    flat = _squeeze(_pages(pdf)[0])
    for needle in ("测试物业公司表单编号：QP-09-01-F001版本：A/0", "人员需求表", "需求部门", "理由", "序号", "申请人",
                   "分发号：FF-9"):  # the Word form's one-line header, not the document's header table
        assert needle in flat
    assert _info(pdf)["Subject"] == "QP-09-01-F001"


def test_images_come_only_from_the_manuals_folder(tmp_path: Path) -> None:
    """An image outside the manuals folder (or a URL) is not read: the copy says which image is missing."""
    from PIL import Image

    inside = tmp_path / "manuals"
    inside.mkdir()
    Image.new("RGB", (30, 10), (0, 0, 0)).save(tmp_path / "secret.png")
    html = ('<p><img src="qmsroot:../secret.png" alt="外部图"><img src="https://example.com/a.png" alt="网图">'
            '<img src="qmsroot:missing.png" alt="缺图"></p>')
    pdf = _write(tmp_path, "img.pdf", document_pdf(_job(html=html, assets_root=str(inside))))
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(listing.strip().splitlines()) == 2, listing  # the header lines only: no image embedded
    flat = _squeeze(_pages(pdf)[0])
    assert "［图片：外部图］" in flat and "［图片：网图］" in flat and "［图片：缺图］" in flat


def test_a_body_image_is_embedded(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), (200, 30, 30)).save(tmp_path / "flow.png")
    pdf = _write(tmp_path, "img.pdf", document_pdf(_job(html='<p><img src="qmsroot:flow.png" alt="流程图"></p>',
                                                        assets_root=str(tmp_path))))
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"\b40\s+20\b", listing), listing


def _manual() -> ManualJob:
    members = (_job("QP-09-01", paragraphs=90),
               _job("QP-09-02", paragraphs=30, title="员工离职管理工作规程", version="B/2"))
    return ManualJob(id="QP-09", title="人事工作规程", version="A/1", owner="行政人事部", effective_date="2026-03-01",
                     organisation=ORG, signoffs=SIGNOFFS, documents=members, copy_number="FF-3",
                     intro_html="<h2>适用范围</h2><p>本手册适用于管家服务中心。</p><h2>发布声明</h2><p>本手册经总经理批准发布。</p>")


def test_manual_pdf_toc_page_numbers_bookmarks_and_member_headers(tmp_path: Path) -> None:
    pdf = _write(tmp_path, "manual.pdf", manual_pdf(_manual()))
    pages = [_squeeze(p) for p in _pages(pdf)]
    assert "分发号FF-3" in pages[0] and "受控号" not in pages[0] and pages[0].count("A/1") == 1  # cover
    assert "手册编号QP-09" in pages[1] and "发布声明" in pages[1]  # the manual's own index page, headed as the manual's
    toc = next(p for p in pages if "目录" in p)
    starts = {}
    for code in ("QP-09-01", "QP-09-02"):
        match = re.search(re.escape(code) + r"[^.]*\.{3,}(\d+)", toc)
        assert match, f"目录 lacks a page number for {code}"
        starts[code] = int(match.group(1))
    assert starts["QP-09-02"] > starts["QP-09-01"] + 1
    for number, page in enumerate(pages, start=1):
        if number >= starts["QP-09-02"]:
            assert "文件编号QP-09-02" in page and "版本/修订B/2" in page, number
        elif number >= starts["QP-09-01"]:
            assert "文件编号QP-09-01" in page and "版本/修订A/0" in page, number
        elif number > 1:  # the index page and the 目录: the manual's number, labelled as on the cover
            assert "手册名称" in page and "手册编号QP-09" in page and "文件编号" not in page, number
        if number >= starts["QP-09-01"]:
            assert "手册编号" not in page and "手册名称" not in page, number
        assert f"第{number}页共{len(pages)}页" in page or number == 1
    assert "招聘与录用管理工作规程" in pages[starts["QP-09-01"] - 1]
    outline = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", str(pdf)], capture_output=True, text=True,
                             check=True).stdout
    items = re.findall(r'<item page="(\d+)">([^<]*)</item>', outline)
    assert (str(starts["QP-09-01"]), "QP-09-01　招聘与录用管理工作规程") in items
    assert (str(starts["QP-09-02"]), "QP-09-02　员工离职管理工作规程") in items


RICH = ("<h2>1.0 目的</h2><p>规范招聘工作，明确<strong>各部门职责</strong>，见 <a href=\"https://example.com\">外部链接</a>"
        "与 <code>QP-02-01</code>。<sup id=\"fnref:1\"><a class=\"footnote-ref\" href=\"#fn:1\">1</a></sup></p>"
        "<h2>2.0 程序</h2><ol><li>各部门提出人员需求，\n    报人事部审核。<ul><li>紧急需求当日处理</li></ul></li>"
        "<li>人事部发布招聘信息。</li></ol>"
        "<div class=\"admonition warning\"><p class=\"admonition-title\">注意</p><p>面试记录保存三年。</p></div>"
        "<blockquote><p>引用的制度条款，\n  换行续写。</p></blockquote>"
        "<pre><code>申请 → 审核 → 批准\n</code></pre>"
        "<div class=\"footnote\"><hr><ol><li id=\"fn:1\"><p>依据《劳动合同法》。</p></li></ol></div>")
WIDE = ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in ("序号", "检查项目", "检查内容及标准", "检查方法",
                                                                  "Result", "Responsible person", "Remarks"))
        + "</tr></thead><tbody>" + "".join(
            f"<tr><td>{n}</td><td>消防设施</td><td>消防通道畅通，无堆放杂物；灭火器压力正常，在有效期内</td>"
            f"<td>现场查看</td><td>Satisfactory</td><td>Maintenance supervisor</td><td>Verification pending</td></tr>"
            for n in range(1, 31)) + "</tbody></table>")


def _ink(image: object, box: tuple[int, int, int, int]) -> int:
    region = image.crop(box)  # type: ignore[attr-defined]
    return sum(1 for value in region.tobytes() if value < 100)


@pytest.mark.parametrize("kind", ["procedure", "form", "wide-table", "manual"])
def test_rendered_page_png(tmp_path: Path, artifacts: Path, kind: str) -> None:
    """A page as pixels (look at test-artifacts/pdf-<kind>.png): the header table is drawn at the top of the
    page, the body below it, and nothing runs into the right margin."""
    from PIL import Image

    data, page = {"procedure": (lambda: document_pdf(_job(html=RICH, status="draft")), 1),
                  "form": (lambda: form_pdf(_form()), 1),
                  "wide-table": (lambda: document_pdf(_job(html=WIDE)), 2),
                  "manual": (lambda: manual_pdf(_manual()), 4)}[kind]
    pdf = _write(tmp_path, f"{kind}.pdf", data())
    prefix = artifacts / f"pdf-{kind}"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(prefix)], check=True)
    image = Image.open(f"{prefix}.png").convert("L")
    width, height = image.size
    assert height > width  # A4 portrait
    assert _ink(image, (0, 0, width, height // 6)) > width, "the header table should put ink at the top"
    assert _ink(image, (0, height // 4, width, height * 3 // 4)) > width, "the body should be on the page"
    margin = int(width * 15 / 210)  # 15 of the 18 mm side margins stay blank
    assert _ink(image, (width - margin, 0, width, height)) == 0 and _ink(image, (0, 0, margin, height)) == 0


@pytest.mark.slow
def test_default_build_writes_publishes_and_links_the_pdf_copies(project: Project,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(project.root)]) == 0
    build = project.root / "build"
    out = build / "pdf"
    assert (out / "documents" / "QP-02-01.pdf").is_file()
    assert any((out / "forms").glob("QP-02-01-F*.pdf"))
    assert _info(out / "manuals" / "QP-02.pdf")["Subject"] == "QP-02"
    published = build / "site" / "pdf" / "manuals" / "QP-02.pdf"
    assert published.read_bytes() == (out / "manuals" / "QP-02.pdf").read_bytes()
    home = (build / "site" / "qp-hr" / "index.html").read_text("utf-8")
    links = re.findall(r'href="([^"]+)"[^>]*download', home)
    assert "../pdf/manuals/QP-02.pdf" in links and "../docx/manuals/QP-02.docx" in links
    for link in links:
        assert (build / "site" / "qp-hr" / link).resolve().is_file(), link
    # An auditor can verify a PDF copy of the build: the manifest lists it.
    assert main(["verify", str(out / "documents" / "QP-02-03.pdf"), "--path", str(project.root)]) == 0
    assert "现行受控副本" in capsys.readouterr().out


@pytest.mark.slow
def test_pdf_copies_false_writes_no_pdf_and_links_none(project: Project) -> None:
    project.replace("qmsdoc.yml", "pdf_copies: true", "pdf_copies: false")
    assert main(["build", str(project.root)]) == 0
    build = project.root / "build"
    assert not (build / "pdf").exists() and not (build / "site" / "pdf").exists()
    home = (build / "site" / "qp-hr" / "index.html").read_text("utf-8")
    assert "../docx/manuals/QP-02.docx" in home and ".pdf" not in home


def _xmp(pdf: Path) -> ElementTree.Element:
    meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True, check=True).stdout
    return ElementTree.fromstring(meta[meta.index("<x:xmpmeta"):meta.index("</x:xmpmeta>") + len("</x:xmpmeta>")])


def test_pdf_a_2b_with_xmp_metadata_read_back(tmp_path: Path) -> None:
    """Archival copies: the file declares PDF/A-2b and its XMP names title, control number, version,
    organisation and the 分发号 of a numbered copy; fonts are embedded."""
    pdf = _write(tmp_path, "doc.pdf", document_pdf(_job(paragraphs=3, copy_number="QP-09-01-A/0-004")))
    xmp = _xmp(pdf)
    ns = {"pdfaid": "http://www.aiim.org/pdfa/ns/id/", "dc": "http://purl.org/dc/elements/1.1/",
          "pdf": "http://ns.adobe.com/pdf/1.3/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}

    def value(path: str) -> str:
        found = xmp.find(f".//{path}", ns)
        assert found is not None, path
        return "".join(found.itertext()).strip()

    described = xmp.find(".//rdf:Description", ns)
    assert described is not None
    part = described.get(f"{{{ns['pdfaid']}}}part") or value("pdfaid:part")
    conformance = described.get(f"{{{ns['pdfaid']}}}conformance") or value("pdfaid:conformance")
    assert (part, conformance) == ("2", "B")
    assert value("dc:title") == "招聘与录用管理工作规程" and value("dc:description") == "QP-09-01"
    assert value("dc:creator") == ORG
    assert value("pdf:Keywords").split(", ") == ["A/0", "分发号：QP-09-01-A/0-004"]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.strip().splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # every font embedded


def test_emphasis_is_italic_and_the_copy_declares_the_projects_language(tmp_path: Path) -> None:
    """CJK fonts have no italic: an emphasised Latin word is set in a serif that has one (Word slants it too);
    the PDF says which language it is written in, so a screen reader reads an English copy in English."""
    from qmsdoc.core.i18n import using

    ns = {"dc": "http://purl.org/dc/elements/1.1/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
    html = "<p>Keep <em>all</em> records and <em>记录</em> safe.</p>"
    for code, language in (("zh-CN", "zh-CN"), ("en", "en")):
        with using(code):
            pdf = _write(tmp_path, f"{code}.pdf", document_pdf(_job(html=html)))
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "Italic" in fonts, fonts
        assert "Keepallrecordsand记录safe." in _squeeze(_pages(pdf)[0])  # nothing lost to the font change
        declared = _xmp(pdf).find(".//dc:language/rdf:Bag/rdf:li", ns)
        assert declared is not None and declared.text == language, code
    plain = _write(tmp_path, "plain.pdf", document_pdf(_job(html="<p>Keep all records safe.</p>")))
    assert "Italic" not in subprocess.run(["pdffonts", str(plain)], capture_output=True, text=True).stdout


def _no_fonts(project: Project, tmp_path: Path) -> None:
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + f"\npdf_fonts: {{paths: ['{empty}'], system: false}}\n")


def test_without_cjk_fonts_the_build_warns_and_skips_the_pdf_copies(project: Project, tmp_path: Path) -> None:
    _no_fonts(project, tmp_path)
    done = run_cli("build", "--only", "word,pdf,records", cwd=project.root)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "PDF" in line and "警告" in line]
    assert len(warnings) == 1 and "fonts-noto-cjk" in warnings[0] and "SimSun" in warnings[0], done.stderr
    assert (project.root / "build" / "docx" / "documents" / "QP-02-01.docx").is_file()
    assert not (project.root / "build" / "pdf").exists()


@pytest.mark.parametrize("flag", ["--strict", "--pdf"])
def test_without_cjk_fonts_strict_or_pdf_fails(project: Project, tmp_path: Path, flag: str) -> None:
    _no_fonts(project, tmp_path)
    done = run_cli("build", "--only", "word,pdf,records", flag, cwd=project.root)
    assert done.returncode == 1 and "fonts-noto-cjk" in done.stderr and "Traceback" not in done.stderr
    assert not (project.root / "build").joinpath("docx").exists()


def test_with_the_fonts_the_same_build_writes_pdf(project: Project) -> None:
    done = run_cli("build", "--only", "pdf,records", "--strict", cwd=project.root)
    assert done.returncode == 0, done.stderr
    assert "警告" not in done.stderr
    assert (project.root / "build" / "pdf" / "documents" / "QP-02-01.pdf").is_file()


def test_a_character_missing_in_a_manual_names_the_member_that_holds_it() -> None:
    manual = _manual()
    second = dataclasses.replace(manual.documents[1], html=f"<p>设备编号 {PLANTED} 见附件</p>")
    with pytest.raises(MissingGlyphError) as caught:
        manual_pdf(dataclasses.replace(manual, documents=(manual.documents[0], second)))
    assert "手册 QP-09 中的文件 QP-09-02" in str(caught.value) and "U+13000" in str(caught.value)


@pytest.mark.slow
def test_plain_mkdocs_build_writes_and_links_the_pdf_copies_and_reuses_them(project: Project) -> None:
    def mkdocs_build() -> None:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project.root, check=True,
                       capture_output=True, timeout=600)

    mkdocs_build()
    pdf = project.root / "build" / "pdf" / "manuals" / "QP-02.pdf"
    assert _info(pdf)["Subject"] == "QP-02"
    assert (project.root / "build" / "site" / "pdf" / "manuals" / "QP-02.pdf").read_bytes() == pdf.read_bytes()
    inode = pdf.stat().st_ino
    mkdocs_build()
    assert pdf.stat().st_ino == inode  # unchanged: taken over, not typeset again


def test_references_between_members_of_a_manual_jump_inside_the_file(tmp_path: Path) -> None:
    manual = _manual()
    ref = ('<p>见 <a class="qms-ref" href="qms:QP-09-02" data-ref="QP-09-02"><span class="qms-ref-title">'
           '《员工离职管理工作规程》</span> <span class="qms-ref-id">QP-09-02</span></a></p>')
    first = dataclasses.replace(manual.documents[0], html=ref + manual.documents[0].html)
    both = dataclasses.replace(manual, documents=(first, manual.documents[1]))
    pdf = _write(tmp_path, "manual.pdf", manual_pdf(both))
    html = subprocess.run(["pdftohtml", "-i", "-s", "-stdout", "-noframes", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    links = re.findall(r'<a href="[^"#]*#(\d+)">([^<]*)', html)
    toc = dict((text.split("　")[0], page) for page, text in links if text.startswith("QP-09-0"))
    jumps = [page for page, text in links if "员工离职管理工作规程》" in text and not text.startswith("QP-")]
    assert jumps and set(jumps) == {toc["QP-09-02"]}, links
    alone = _write(tmp_path, "doc.pdf", document_pdf(dataclasses.replace(first, copy_number="")))
    single = subprocess.run(["pdftohtml", "-i", "-s", "-stdout", "-noframes", str(alone)], capture_output=True,
                            text=True, check=True).stdout
    assert not re.search(r'<a href="[^"]*#\d+">见', single)  # a single copy has no QP-09-02 to jump to


@pytest.mark.parametrize("char", ["\U0001fffe", "\x1b", "\U00013000"])
def test_a_character_typst_shows_escaped_is_named_as_itself(char: str) -> None:
    """Typst writes a character it cannot print as `\\u{1fffe}`: the message names that character, not the
    backslash, `u` and braces of its escape."""
    with pytest.raises(MissingGlyphError) as caught:
        document_pdf(_job(html=f"<p>设备编号 a{char}b 见附件</p>"))
    assert caught.value.chars == (char,)
    assert f"U+{ord(char):04X}" in str(caught.value) and "U+005C" not in str(caught.value)


def test_a_joiner_in_an_undrawable_emoji_is_not_named_as_a_missing_character() -> None:
    """Typst names the cluster 👩‍🔬: the message names the two emoji, not the joiner no font draws anyway."""
    with pytest.raises(MissingGlyphError) as caught:
        document_pdf(_job(html="<p>化验员 \U00013000\u200d\U00013001 见附件</p>"))
    assert caught.value.chars == ("\U00013000", "\U00013001"), caught.value.chars
    assert "U+200D" not in str(caught.value)


def _dashed_strokes(pdf: bytes) -> int:
    """How many strokes of the PDF's pages are dashed or dotted (`[on off] phase d` in a content stream): the copy
    otherwise draws only solid rules and table lines."""
    import zlib

    count = 0
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            content = zlib.decompress(stream.group(1))
        except zlib.error:  # not a Flate stream (a picture, a font): no page content
            continue
        count += len(re.findall(rb"\[[\d. ]+\]\s*[\d.]+ d\b", content))
    return count


@pytest.mark.parametrize("words", ["员工离职须办理交接手续", "退職手続き", "퇴직 절차"])
def test_emphasised_cjk_text_is_marked_in_the_pdf(words: str) -> None:
    """CJK fonts have no italic and Typst slants nothing: emphasis was lost in the PDF while the page and Word
    slant it. It is marked with dots under the text (着重号) instead."""
    assert _dashed_strokes(document_pdf(_job(html=f"<p>说明：{words}。</p>"))) == 0
    assert _dashed_strokes(document_pdf(_job(html=f"<p>说明：<em>{words}</em>。</p>"))) > 0
    assert _dashed_strokes(document_pdf(_job(html="<p>Note: <em>hand over the keys</em>.</p>"))) == 0  # italic


def test_code_inside_emphasis_is_not_dotted_in_the_pdf() -> None:
    """Code in emphasis is typed as it is (core/emphasis.dotted): its Chinese was dotted, the page's is not."""
    assert _dashed_strokes(document_pdf(_job(html="<p>说明：<em><code>检查命令</code></em>。</p>"))) == 0
    assert _dashed_strokes(document_pdf(_job(html="<p>说明：<em>运行<code>cmd</code></em>。</p>"))) > 0


def _words(pdf: Path) -> list[tuple[str, float, float, float, float, float]]:
    """Each word pdftotext finds: text, x and y extent, and the page's width."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words, width = [], 0.0
    for line in out.splitlines():
        page = re.search(r'<page width="([\d.]+)"', line)
        if page:
            width = float(page.group(1))
        word = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if word:
            x0, y0, x1, y1 = map(float, word.groups()[:4])
            words.append((word.group(5), x0, y0, x1, y1, width))
    return words


def test_a_long_unbroken_word_wraps_inside_its_cell_in_form_and_document_copies(tmp_path: Path) -> None:
    """A label, column heading, signature row, title or change note of one long word (a part number, a URL)
    ran past its cell and off the page edge, where the copy lost it; the rows were fixed and a wrapped label
    ran over the row below. Now it wraps inside its cell, the row grows (as Word's rows do), and all of it
    is on the page."""
    label, column, role = "L" * 100, "C" * 100, "S" * 100
    form = dataclasses.replace(_form(), fields=((label, 1, ""), ("岗位", 1, ""), ("理由", 3, "full")),
                               columns=("序号", column), signatures=(role, "审批人"))
    title, change = "招聘" + "T" * 90, "X" * 300
    document = dataclasses.replace(_job(paragraphs=1, title=title),
                                   history=(("A/0", "2026-02-25", "质量专员", change),))
    for name, data, texts in (("form.pdf", form_pdf(form), (label, column, role)),
                              ("document.pdf", document_pdf(document), (title, change))):
        pdf = _write(tmp_path, name, data)
        words = _words(pdf)
        for word, x0, _, x1, _, width in words:
            # (half an em of slack: a full-width colon at the line's end keeps its blank half in its box)
            assert x0 >= 0 and x1 <= width - 18 / 25.4 * 72 + 6, f"{name}: {word[:20]}… runs past the margin"
        for needle in texts:  # read in layout order, the wrapped lines of a cell alternate with its neighbours'
            letter = needle[-1]
            assert sum(word.count(letter) for word, *_ in words) >= needle.count(letter), f"{name}: {needle[:20]}…"
    lines = [w for w in _words(tmp_path / "form.pdf") if w[0].startswith("L")]
    below = min(y0 for word, _, y0, *_ in _words(tmp_path / "form.pdf") if word == "理由")
    assert len(lines) > 1 and max(y1 for *_, y1, _ in lines) < below  # wrapped, and above the next row's label


def _handwriting_cm(form: dict[str, object]) -> float:
    """The room a shipped form's handwriting takes at the Word copy's heights (0.9 cm a field line, 0.8 cm a
    table row, 1.2 cm a signature row): field rows, the table's rows and its column heads, the signatures."""
    from qmsdoc.core import formlayout
    from qmsdoc.core.model import FormField

    fields = [FormField(f["label"], f.get("lines", 1), f.get("width", "")) for f in form.get("fields", [])]  # type: ignore[attr-defined]
    table = form.get("table") or {}
    rows = table["rows"] + 1 if table else 0  # type: ignore[index]
    return (0.9 * sum(r.lines for r in formlayout.field_rows(fields)) + 0.8 * rows
            + 1.2 * len(form.get("signatures", [])))  # type: ignore[arg-type]


def test_every_shipped_form_that_can_fit_is_one_pdf_page(project: Project) -> None:
    """A blank form is filled in by hand on one sheet, as its Word copy prints: its PDF copy is one A4 page
    whenever its handwriting rows (at formlayout's heights, never less) and about 2 cm of title fit the
    body under the form's one-line header. (Nine landscape forms used to put their signature rows on a
    second page under the four-row header table.)"""
    import yaml

    from qmsdoc.core import page

    assert main(["build", str(project.root), "--only", "pdf"]) == 0
    counted = 0
    for source in sorted((project.root / "controlled_forms").glob("*.yaml")):
        form = yaml.safe_load(source.read_text("utf-8"))
        body = page.page_cm(form.get("orientation") == "landscape")[1] - page.TOP_MARGIN_CM - page.BOTTOM_MARGIN_CM
        if _handwriting_cm(form) + 2.0 > body:
            continue  # very many rows: it continues, its column heads repeated, as the Word copy does
        pdf = project.root / "build" / "pdf" / "forms" / f"{source.stem}.pdf"
        assert _info(pdf)["Pages"] == "1", source.name
        counted += 1
    assert counted >= 30


def _word_pages(data: bytes) -> list[str]:
    """The body text of a Word copy, paragraphs and tables in order, cut at its page breaks (squeezed)."""
    import io

    import docx
    from docx.oxml.ns import qn

    body = docx.Document(io.BytesIO(data)).element.body
    pages = [""]
    for element in body:
        if element.tag == qn("w:p") and element.findall(f".//{qn('w:br')}[@{qn('w:type')}='page']"):
            pages.append("")
        pages[-1] += "".join(node.text or "" for node in element.iter(qn("w:t")))
    return [_squeeze(page) for page in pages]


def test_manual_index_page_says_the_same_in_word_and_pdf(tmp_path: Path) -> None:
    """The page after the cover: title, the line under it, the text, 审批 — the Word copy's the same as the PDF's,
    in the same order (only the header table above and the footer below are the page's, not the text's)."""
    from qmsdoc.word.manual import build_manual

    job = _manual()
    word = _word_pages(build_manual(job))[1]
    pdf = _squeeze(_pages(_write(tmp_path, "manual.pdf", manual_pdf(job)))[1])
    text = re.sub(r"^.*?第2页共\d+页", "", pdf)[:pdf.rindex("受控状态") - len(pdf)]  # between header table and footer
    assert word == text
    assert text.startswith("人事工作规程QP-09A/1适用范围") and "审批编制审核批准" in text


def _manual_sources(monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A whole manual's Word document.xml and its PDF's Typst source."""
    import io
    import zipfile

    import qmsdoc.pdf.copies as copies
    from qmsdoc.word.manual import build_manual

    sources: list[str] = []
    real = copies.compile_pdf
    monkeypatch.setattr(copies, "compile_pdf", lambda source, **kw: sources.append(source) or real(source, **kw))
    manual_pdf(_manual())
    word = zipfile.ZipFile(io.BytesIO(build_manual(_manual()))).read("word/document.xml").decode()
    return word, sources[0]


def test_a_manuals_cover_and_contents_title_follow_core_page_in_word_and_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cover's sizes and table, and the 目录 title, are core/page.py's: changed there, both copies change."""
    from qmsdoc.core import page
    from qmsdoc.word.wml import cm

    for name, value in (("COVER_TITLE_PT", 27.0), ("COVER_LINE_PT", 15.0), ("COVER_TABLE_CM", (4.5, 7.5)),
                        ("COVER_ROW_CM", 1.1)):
        monkeypatch.setattr(page, name, value, raising=False)
    word, typst = _manual_sources(monkeypatch)
    sizes = re.findall(r'<w:sz w:val="(\d+)"/>', word)
    assert sizes.count("54") == 1 and sizes.count("30") == 2, sizes  # the title; the organisation and 目录
    assert f'<w:gridCol w:w="{cm(4.5)}"/><w:gridCol w:w="{cm(7.5)}"/>' in word
    assert f'<w:trHeight w:val="{cm(1.1)}"/>' in word
    assert "text(size: 27.0pt" in typst and typst.count("text(size: 15.0pt") == 2, typst[:2000]
    assert "table(columns: (4.5cm, 7.5cm), rows: 1.1cm" in typst


def test_the_cover_sizes_are_the_covers_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Quiet: the shipped sizes (26 pt title, 16 pt lines) are used only on the cover and the 目录 title."""
    from qmsdoc.core import page

    word, typst = _manual_sources(monkeypatch)
    sizes = re.findall(r'<w:sz w:val="(\d+)"/>', word)
    assert sizes.count(str(int(2 * page.COVER_TITLE_PT))) == 1 and sizes.count(str(int(2 * page.COVER_LINE_PT))) == 2
    assert typst.count(f"size: {page.COVER_TITLE_PT}pt") == 1 and typst.count(f"size: {page.COVER_LINE_PT}pt") == 2


def test_cjk_punctuation_inside_emphasis_is_not_dotted_in_the_pdf() -> None:
    """A browser's text-emphasis and Word's w:em draw no dot under 「，」「（」「。」: the PDF drew its dotted line
    under them too. It is drawn under the words only (page.EMPHASIS_DOTTED_RANGES)."""
    assert _dashed_strokes(document_pdf(_job(html="<p>说明：<em>「」，。（）　</em>完。</p>"))) == 0
    words = _dashed_strokes(document_pdf(_job(html="<p>说明：<em>离职</em>完。</p>")))
    assert _dashed_strokes(document_pdf(_job(html="<p>说明：<em>（离职）</em>完。</p>"))) == words > 0


def test_the_pdf_dots_every_cjk_letter_and_no_punctuation() -> None:
    """Quiet: ideographs, kana, Hangul and the iteration and length marks (々 〇 ー) keep their dots; only
    punctuation and the ideographic space lose theirs."""
    import unicodedata

    from qmsdoc.core import page
    from qmsdoc.pdf.layout import EMPHASIS_MARKED

    # the Typst (Rust) regex read by Python's: each \x{…} escape as the character it names
    dotted = re.compile(re.sub(r"\\x\{([0-9a-f]+)\}", lambda m: re.escape(chr(int(m.group(1), 16))), EMPHASIS_MARKED))
    for low, high in page.EMPHASIS_MARKED_RANGES:
        for code in range(low, high + 1):
            char = chr(code)
            if unicodedata.category(char) != "Cn":
                assert bool(dotted.fullmatch(char)) == (unicodedata.category(char)[0] not in "PZ"), hex(code)
    assert dotted.fullmatch("离职々〇ー退職퇴직") and not dotted.search("，。「」（）　、《》・！？")
