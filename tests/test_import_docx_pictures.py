"""`qmsdoc import` of a .docx keeps its pictures: each PNG/JPEG/GIF/BMP of the body is written as it is beside the
draft (img/<draft>-<n>.<ext>) and shown there as `![alt](…)` where it stood, its alt text from the picture's own
description or else the caption paragraph under it; other formats and pictures over the reader limits stay
reported, and a dry run or a name already taken writes none. A picture in a sentence or a table cell stays at its
place there, a floating one follows its paragraph, a VML one (older files) is kept like the others, the same picture
twice is written once; a linked picture, the letterhead's logo and a signature read into the front matter are named
in the report, never dropped unsaid."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import docx
import docx.document
import pytest
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from qmsdoc.cli import main
from qmsdoc.core import check, load_config
from qmsdoc.importer.docx_reader import read_docx

from conftest import REPO, Project, png

GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
       b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
FLOW = png(20, 10, pixel=b"\xc8\x1e\x1e")  # a 20 × 10 red flow chart


def _project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "qmsdoc.yml", root / "qmsdoc.yml")
    return Project(root)


def _run(root: Path, *args: str) -> int:
    return main([*args, "--path", str(root)])


def _docx(tmp_path: Path, pictures: bool = True) -> Path:
    """A procedure with a PNG under which a caption stands, and a GIF described in its own properties."""
    (tmp_path / "flow.png").write_bytes(FLOW)
    (tmp_path / "plan.gif").write_bytes(GIF)
    document = docx.Document()
    document.add_heading("清洁管理程序", 1)
    document.add_heading("1.0 目的", 2)
    document.add_paragraph("规范清洁工作。")
    if pictures:
        document.add_picture(str(tmp_path / "flow.png"))
        document.add_paragraph("图1 清洁流程", style="Caption")
    document.add_paragraph("两张图之间的文字。")
    if pictures:
        shape = document.add_picture(str(tmp_path / "plan.gif"))
        shape._inline.docPr.set("descr", "楼层平面图")
        document.add_paragraph("图2 平面图", style="Caption")  # the picture says its own alt: the caption stays
    document.add_paragraph("结尾。")
    path = tmp_path / "sop.docx"
    document.save(str(path))
    return path


def test_pictures_are_written_beside_the_draft_and_shown_where_they_stood(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    assert _run(project.root, "import", str(_docx(tmp_path)), "--manual", "QM") == 0
    out = capsys.readouterr().out
    # the folder as found from where the command ran (the test's folder, the project given by --path)
    folder = os.path.relpath(project.root / "manuals" / "qm" / "img").replace(os.sep, "/")
    assert f"已将图片（2 张）写入 {folder}" in out and "未导入" not in out, out
    drafts = [p for p in (project.root / "manuals" / "qm").glob("*.md") if p.name != "index.md"]
    assert len(drafts) == 1
    stem = drafts[0].stem
    assert sorted(p.name for p in (project.root / "manuals" / "qm" / "img").iterdir()) == [f"{stem}-1.png",
                                                                                           f"{stem}-2.gif"]
    assert project.path(f"manuals/qm/img/{stem}-1.png").read_bytes() == FLOW
    assert project.path(f"manuals/qm/img/{stem}-2.gif").read_bytes() == GIF
    lines = [line for line in drafts[0].read_text("utf-8").splitlines() if line.strip()]
    start = lines.index("规范清洁工作。")
    assert lines[start:start + 6] == ["规范清洁工作。", f"![图1 清洁流程](img/{stem}-1.png)", "两张图之间的文字。",
                                      f"![楼层平面图](img/{stem}-2.gif)", "图2 平面图", "结尾。"]
    findings = check(load_config(project.root)).findings
    assert not [f for f in findings if f.code in ("QD162", "QD164", "QD018")]


def test_a_picture_the_copies_cannot_embed_stays_reported_by_its_format(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Flow chart:")
    (tmp_path / "flow.png").write_bytes(FLOW)
    document.add_picture(str(tmp_path / "flow.png"))
    part = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/image"))
    part._blob = b"\x01\x00\x00\x00" + b"\x00" * 36 + b" EMF" + b"\x00" * 40  # an EMF, which nothing converts
    part.partname = PackURI("/word/media/image1.emf")
    path = tmp_path / "emf.docx"
    document.save(str(path))
    read = read_docx(path, path.name)
    assert [b.kind for b in read.blocks] == ["para"]
    assert [(n.line, "EMF" in n.message) for n in read.notes] == [(2, True)]


def test_a_picture_over_the_pixel_limit_is_refused_with_its_code_and_not_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("qmsdoc.core.limits.MAX_IMAGE_PIXELS", 100)  # the PNG is 20 × 10 = 200 pixels, the GIF 1
    project = _project(tmp_path)
    assert _run(project.root, "import", str(_docx(tmp_path)), "--manual", "QM") == 0
    out = capsys.readouterr().out
    assert "QD018" in out and "20×10" in out and "已将图片（1 张）" in out  # the GIF (1 × 1) is kept
    assert [p.suffix for p in (project.root / "manuals" / "qm" / "img").iterdir()] == [".gif"]


def test_a_dry_run_writes_no_picture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    assert _run(project.root, "import", str(_docx(tmp_path)), "--manual", "QM", "--dry-run") == 0
    folder = os.path.relpath(project.root / "manuals" / "qm" / "img").replace(os.sep, "/")  # from the test's folder
    assert f"将把图片（2 张）写入 {folder}" in capsys.readouterr().out
    assert not (project.root / "manuals").exists()


def test_a_picture_file_of_that_name_is_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    source = str(_docx(tmp_path))
    assert _run(project.root, "import", source, "--manual", "QM") == 0
    draft = next(p for p in (project.root / "manuals" / "qm").glob("*.md") if p.name != "index.md")
    draft.unlink()  # the draft gone, its pictures left: the same names again
    picture = project.path(f"manuals/qm/img/{draft.stem}-1.png")
    picture.write_bytes(b"edited by hand")
    capsys.readouterr()
    assert _run(project.root, "import", source, "--manual", "QM") == 1
    assert f"{picture} 已存在" in capsys.readouterr().err
    assert picture.read_bytes() == b"edited by hand" and not draft.exists()


def test_a_file_without_pictures_makes_no_picture_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    assert _run(project.root, "import", str(_docx(tmp_path, pictures=False)), "--manual", "QM") == 0
    assert "图片" not in capsys.readouterr().out
    assert (project.root / "manuals" / "qm").is_dir() and not (project.root / "manuals" / "qm" / "img").exists()


# -- every picture, wherever it sits ------------------------------------------------------------

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
VML, OFFICE = "urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:office"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def _import(tmp_path: Path, document: docx.document.Document,
            capsys: pytest.CaptureFixture[str]) -> tuple[Project, str, list[str]]:
    """Import the document: the project, the report, the draft's body lines (blank ones left out)."""
    project = _project(tmp_path)
    path = tmp_path / "sop.docx"
    document.save(str(path))
    assert _run(project.root, "import", str(path), "--manual", "QM") == 0
    out = capsys.readouterr().out
    draft = next(p for p in (project.root / "manuals" / "qm").glob("*.md") if p.name != "index.md")
    return project, out, [line for line in draft.read_text("utf-8").split("---\n", 2)[2].splitlines() if line.strip()]


def _pictures(project: Project) -> list[str]:
    folder = project.root / "manuals" / "qm" / "img"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _procedure(tmp_path: Path) -> docx.document.Document:
    (tmp_path / "flow.png").write_bytes(FLOW)
    document = docx.Document()
    document.add_heading("清洁管理程序", 1)
    document.add_heading("1.0 目的", 2)
    return document


def test_a_picture_in_the_middle_of_a_sentence_stays_at_its_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _procedure(tmp_path)
    paragraph = document.add_paragraph("按下")
    paragraph.add_run().add_picture(str(tmp_path / "flow.png"))
    paragraph.add_run("按钮<确认>后启动。")
    project, out, lines = _import(tmp_path, document, capsys)
    assert "按下![](img/QM-001-1.png)按钮\\<确认\\>后启动。" in lines  # the text escaped, the picture not
    assert _pictures(project) == ["QM-001-1.png"] and "未导入" not in out


def test_a_picture_in_a_table_cell_is_shown_in_that_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _procedure(tmp_path)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 0).text = "步骤", "称重"
    table.cell(0, 1).paragraphs[0].add_run().add_picture(str(tmp_path / "flow.png"))  # the header row too
    table.cell(1, 1).text = "见图"
    table.cell(1, 1).paragraphs[0].add_run().add_picture(str(tmp_path / "flow.png"))
    shape = table.cell(1, 1).paragraphs[0].runs[-1]._r.find(qn("w:drawing")).find(qn("wp:inline"))
    shape.find(qn("wp:docPr")).set("descr", "秤 | 读数")
    project, out, lines = _import(tmp_path, document, capsys)
    assert lines[-3:] == ["| 步骤 | ![](img/QM-001-1.png) |", "| --- | --- |",
                          "| 称重 | 见图![秤 \\| 读数](img/QM-001-1.png) |"]
    assert _pictures(project) == ["QM-001-1.png"]  # the same picture twice: written once, shown twice
    findings = check(load_config(project.root)).findings
    assert not [f for f in findings if f.code in ("QD162", "QD164", "QD018")]


def test_the_same_picture_twice_is_written_once_and_two_pictures_twice(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _procedure(tmp_path)
    (tmp_path / "plan.gif").write_bytes(GIF)
    for name in ("flow.png", "plan.gif", "flow.png"):
        document.add_picture(str(tmp_path / name))
        document.add_paragraph("说明。")
    project, _, lines = _import(tmp_path, document, capsys)
    assert _pictures(project) == ["QM-001-1.png", "QM-001-2.gif"]
    assert [line for line in lines if line.startswith("![")] == [
        "![](img/QM-001-1.png)", "![](img/QM-001-2.gif)", "![](img/QM-001-1.png)"]


def test_a_floating_picture_follows_its_paragraph_and_an_inline_one_keeps_its_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _procedure(tmp_path)
    (tmp_path / "plan.gif").write_bytes(GIF)
    paragraph = document.add_paragraph("见")
    paragraph.add_run().add_picture(str(tmp_path / "flow.png"))
    paragraph.add_run("与右侧平面图。")
    floating = paragraph.add_run().add_picture(str(tmp_path / "plan.gif"))
    floating._inline.docPr.set("descr", "平面图")
    anchor = parse_xml(floating._inline.xml.replace("<wp:inline", '<wp:anchor behindDoc="0" locked="0"', 1)
                       .replace("</wp:inline>", "</wp:anchor>"))  # Word's 「浮于文字上方」: a wp:anchor frame
    floating._inline.getparent().replace(floating._inline, anchor)
    project, _, lines = _import(tmp_path, document, capsys)
    start = lines.index("## 1.0 目的")
    assert lines[start + 1:] == ["见![](img/QM-001-1.png)与右侧平面图。", "![平面图](img/QM-001-2.gif)"]


def _vml(rid: str, alt: str, style: str = "width:15pt;height:7.5pt") -> str:
    """A picture as Word 2003 wrote it (a .doc saved as .docx keeps it): a VML shape with v:imagedata."""
    return (f'<w:r {nsdecls("w", "r")} xmlns:v="{VML}" xmlns:o="{OFFICE}"><w:pict>'
            f'<v:shape id="_x0000_i1025" type="#_x0000_t75" style="{style}">'
            f'<v:imagedata r:id="{rid}" o:title="{alt}"/></v:shape></w:pict></w:r>')


def test_a_vml_picture_of_an_older_file_is_kept_at_its_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _procedure(tmp_path)
    rid, _ = document.part.get_or_add_image(str(tmp_path / "flow.png"))
    paragraph = document.add_paragraph("旧图")
    paragraph._p.append(parse_xml(_vml(rid, "流程图")))
    paragraph.add_run("在句中。")
    document.add_paragraph()._p.append(parse_xml(_vml(rid, "", "position:absolute;margin-left:0")))
    project, _, lines = _import(tmp_path, document, capsys)
    start = lines.index("## 1.0 目的")
    assert lines[start + 1:] == ["旧图![流程图](img/QM-001-1.png)在句中。", "![](img/QM-001-1.png)"]
    assert _pictures(project) == ["QM-001-1.png"]


def test_a_linked_picture_is_reported_with_its_address_and_nothing_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _procedure(tmp_path)
    paragraph = document.add_paragraph("外部图片：")
    paragraph.add_run().add_picture(str(tmp_path / "flow.png"))
    blip = paragraph.runs[-1]._r.find(f".//{{{A}}}blip")
    link = document.part.relate_to("file:///D:/图片/flow.png", IMAGE, is_external=True)
    del blip.attrib[f"{{{R}}}embed"]
    blip.set(f"{{{R}}}link", link)  # 「插入图片 → 链接到文件」: the picture stays outside the .docx
    project, out, lines = _import(tmp_path, document, capsys)
    assert "外部图片：" in lines and not any("![" in line for line in lines)
    assert "sop.docx:3: 此处有一张图片只链接到 file:///D:/图片/flow.png，未存入文件，未导入" in out
    assert _pictures(project) == []


def test_the_letterhead_picture_is_reported_not_imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _procedure(tmp_path)
    (tmp_path / "logo.gif").write_bytes(GIF)
    document.sections[0].header.paragraphs[0].add_run().add_picture(str(tmp_path / "logo.gif"))
    document.sections[0].footer.paragraphs[0].add_run().add_picture(str(tmp_path / "logo.gif"))
    document.add_paragraph("正文。")
    project, out, lines = _import(tmp_path, document, capsys)
    assert "sop.docx: 页眉或页脚中的图片（2 张，如公司标志）未导入" in out
    assert lines[-1] == "正文。" and _pictures(project) == []


def test_a_signature_picture_in_the_approval_table_is_reported_and_no_part_of_the_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "flow.png").write_bytes(FLOW)
    document = docx.Document()
    document.add_heading("清洁管理程序", 1)
    table = document.add_table(rows=2, cols=4)
    for row, values in zip(table.rows, (("文件编号", "QP-09-01", "版本", "B/2"),
                                        ("编制", "张三", "编制日期", "2024-01-05")), strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.cell(1, 1).paragraphs[0].add_run().add_picture(str(tmp_path / "flow.png"))  # the signature beside the name
    document.add_heading("1.0 目的", 2)
    document.add_paragraph("正文。")
    project = _project(tmp_path)
    path = tmp_path / "sop.docx"
    document.save(str(path))
    assert _run(project.root, "import", str(path), "--manual", "QP-09", "--pattern", r"^QP-\d{2}-\d{2}$") == 0
    out = capsys.readouterr().out
    assert "sop.docx:2: 此处的图片（1 张）未导入：它们位于已读入前置信息的封面、审批或修订记录表中（如签名）" in out
    assert "prepared: {by: 张三, date: 2024-01-05}" in project.read("manuals/qp-09/QP-09-01.md")
    assert not (project.root / "manuals" / "qp-09" / "img").exists()


def test_an_embedded_object_shows_its_preview_picture_and_a_chart_is_reported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _procedure(tmp_path)
    rid, _ = document.part.get_or_add_image(str(tmp_path / "flow.png"))
    paragraph = document.add_paragraph("流程见")
    vml = parse_xml(_vml(rid, "Visio 流程图"))
    shape = vml.find(qn("w:pict"))
    shape.tag = qn("w:object")  # an embedded Visio drawing: Word keeps its preview as a VML picture
    paragraph._p.append(vml)
    paragraph.add_run("。")
    chart = document.add_paragraph("月度统计：")
    chart._p.append(parse_xml(
        f'<w:r {nsdecls("w", "wp", "a", "r")}><w:drawing><wp:inline><wp:extent cx="10" cy="10"/>'
        f'<wp:docPr id="9" name="Chart 1"/><a:graphic><a:graphicData '
        f'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart '
        f'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId99"/></a:graphicData>'
        f'</a:graphic></wp:inline></w:drawing></w:r>'))
    project, out, lines = _import(tmp_path, document, capsys)
    assert "流程见![Visio 流程图](img/QM-001-1.png)。" in lines and "月度统计：" in lines
    assert "sop.docx:4: 此处的图表或 SmartArt 图形（1 个）未导入" in out
    assert _pictures(project) == ["QM-001-1.png"]


def test_a_picture_grouped_with_a_text_box_is_kept_beside_the_box_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _procedure(tmp_path)
    rid, _ = document.part.get_or_add_image(str(tmp_path / "flow.png"))
    paragraph = document.add_paragraph("如下：")
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w", "r")} xmlns:v="{VML}" xmlns:o="{OFFICE}"><w:pict><v:group style="width:90pt;height:40pt">'
        f'<v:shape style="width:20pt;height:10pt"><v:imagedata r:id="{rid}" o:title="设备"/></v:shape>'
        f'<v:shape style="width:60pt;height:20pt"><v:textbox><w:txbxContent><w:p><w:r><w:t>框内说明</w:t></w:r></w:p>'
        f'</w:txbxContent></v:textbox></v:shape></v:group></w:pict></w:r>'))
    project, _, lines = _import(tmp_path, document, capsys)
    start = lines.index("## 1.0 目的")
    assert lines[start + 1:] == ["如下：![设备](img/QM-001-1.png)", "框内说明"]
    assert _pictures(project) == ["QM-001-1.png"]
