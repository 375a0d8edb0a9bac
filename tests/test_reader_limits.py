"""Every reader is bounded (#33): one set of limits (core/limits.py: entry size, entry count, total inflated
size, image pixels) for every path that opens a user-supplied archive or image — `import` (.docx), `verify`,
images embedded into the Word/PDF copies — refused quickly with QD018; running out of memory is never
reported as an unreadable file."""

from __future__ import annotations

import shutil
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from qmsdoc.core import limits

from conftest import REPO, Project, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "empty"
    root.mkdir()
    shutil.copy(REPO / "qmsdoc.yml", root / "qmsdoc.yml")
    return root


def _bomb(path: Path, members: dict[str, int]) -> Path:
    """A small .docx-shaped zip whose members inflate to the given sizes (zeros compress ~1000:1)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, size in members.items():
            with archive.open(name, "w", force_zip64=True) as member:
                for _ in range(size // (1 << 20)):
                    member.write(bytes(1 << 20))
    return path


def test_import_of_a_docx_bomb_is_refused_quickly_with_qd018(tmp_path: Path) -> None:
    """The issue's case: a small .docx whose word/document.xml inflates far beyond any real manual."""
    root = _project(tmp_path)
    bomb = _bomb(tmp_path / "炸弹.docx", {"word/document.xml": limits.MAX_ENTRY_BYTES + (1 << 20)})
    assert bomb.stat().st_size < 200_000
    started = time.monotonic()
    result = run_cli("import", str(bomb), "--manual", "ZD", "--path", str(root), cwd=root)
    assert time.monotonic() - started < 10
    assert result.returncode == 1 and "QD018" in result.stderr and "不是有效的 Word" not in result.stderr, result
    assert not (root / "manuals").exists()


def test_import_refuses_too_many_members_and_too_much_in_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    many = tmp_path / "条目.docx"
    with zipfile.ZipFile(many, "w") as archive:
        for index in range(limits.MAX_ENTRIES + 1):
            archive.writestr(f"word/media/x{index}.bin", b"")
    result = run_cli("import", str(many), "--manual", "ZD", "--path", str(root), cwd=root)
    assert result.returncode == 1 and "QD018" in result.stderr and str(limits.MAX_ENTRIES) in result.stderr
    monkeypatch.setattr(limits, "MAX_TOTAL_BYTES", 3 << 20)  # the same check, without writing 256 MB in a test
    spread = _bomb(tmp_path / "总量.docx", {f"word/media/p{i}.bin": 1 << 20 for i in range(4)})
    result = run_cli("import", str(spread), "--manual", "ZD", "--path", str(root), cwd=root)
    assert result.returncode == 1 and "QD018" in result.stderr and "解压后共" in result.stderr, result.stderr


def test_running_out_of_memory_is_not_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    root = _project(tmp_path)
    source = tmp_path / "大文件.docx"
    source.write_bytes(Path(REPO / "tests/fixtures/signed/qmsdoc.yml").read_bytes())  # any file: never opened

    def exhausted(path: str) -> None:
        raise MemoryError

    monkeypatch.setattr(docx, "Document", exhausted)
    result = run_cli("import", str(source), "--manual", "ZD", "--path", str(root), cwd=root)
    assert result.returncode == 1 and "QD018" in result.stderr and "内存不足" in result.stderr
    assert "不是有效的 Word" not in result.stderr


def test_verify_refuses_a_bomb_with_the_same_limits(project: Project, tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.docx", {"word/footer1.xml": limits.MAX_ENTRY_BYTES + (1 << 20)})
    result = run_cli("verify", str(bomb), cwd=project.root)
    assert result.returncode == 1 and "QD018" in result.stdout, result


def _png(width: int, height: int, extra: bytes = b"") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + extra
            + chunk(b"IDAT", zlib.compress(b"\x00" * 4)) + chunk(b"IEND", b""))


def test_an_image_over_the_pixel_limit_is_qd018_at_its_line(project: Project) -> None:
    project.path("manuals/qp-hr/img").mkdir()
    project.path("manuals/qp-hr/img/巨图.png").write_bytes(_png(50_000, 50_000))  # 2.5 gigapixels in 70 bytes
    project.path("manuals/qp-hr/img/小图.png").write_bytes(_png(800, 600))
    images = "\n\n![巨图](img/巨图.png)\n\n![小图](img/小图.png)"
    project.revise(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品。" + images)
    result = run_cli("check", cwd=project.root)
    assert f"{DOC}:{project.line_of(DOC, '![巨图]')}: error QD018 " in result.stdout, result.stdout
    assert f"{DOC}:{project.line_of(DOC, '![小图]')}:" not in result.stdout


def test_limits_are_one_set() -> None:
    """verify and import read the limits from core/limits.py: no reader keeps a copy of its own."""
    for path in (REPO / "plugins/qmsdoc").rglob("*.py"):
        if path.name == "limits.py":
            continue
        text = path.read_text("utf-8")
        assert "MAX_ENTRY_BYTES =" not in text and "MAX_ENTRIES =" not in text and "infolist()[:" not in text, path


def test_an_image_over_the_pixel_limit_is_an_error_in_a_draft_too(project: Project) -> None:
    project.path("manuals/qp-hr/巨图.png").write_bytes(_png(50_000, 50_000))
    project.replace(DOC, "status: effective", "status: draft")
    project.revise(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品。\n\n![巨图](巨图.png)")
    result = run_cli("check", cwd=project.root)
    assert f"{DOC}:{project.line_of(DOC, '![巨图]')}: error QD018 " in result.stdout, result.stdout
