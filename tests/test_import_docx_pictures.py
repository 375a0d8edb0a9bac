"""`qmsdoc import` of a .docx keeps its pictures: each PNG/JPEG/GIF/BMP of the body is written as it is beside the
draft (img/<draft>-<n>.<ext>) and shown there as `![alt](…)` where it stood, its alt text from the picture's own
description or else the caption paragraph under it; other formats and pictures over the reader limits stay
reported, and a dry run or a name already taken writes none."""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from pathlib import Path

import docx
import pytest
from docx.opc.packuri import PackURI

from qmsdoc.cli import main
from qmsdoc.core import check, load_config
from qmsdoc.importer.docx_reader import read_docx

from conftest import REPO, Project

GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
       b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def _png(width: int = 20, height: int = 10) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xc8\x1e\x1e" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "qmsdoc.yml", root / "qmsdoc.yml")
    return Project(root)


def _run(root: Path, *args: str) -> int:
    return main([*args, "--path", str(root)])


def _docx(tmp_path: Path, pictures: bool = True) -> Path:
    """A procedure with a PNG under which a caption stands, and a GIF described in its own properties."""
    (tmp_path / "flow.png").write_bytes(_png())
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
    assert project.path(f"manuals/qm/img/{stem}-1.png").read_bytes() == _png()
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
    (tmp_path / "flow.png").write_bytes(_png())
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
