"""`qmsdoc import` on what an office hands over instead of a manual: each refused file gets one message naming the
file, what is wrong and what to do, exit 1, no traceback and nothing written; a file with a BOM and Windows line
ends, or saved as GBK, is imported as if it were UTF-8."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest
from test_import import _empty_project, _from_here, _run

PROCEDURE = "钥匙管理工作规程\n1.0 目的\n规范钥匙的借用。\n2.0 适用范围\n本中心。\n"


def _refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | None = None) -> str:
    project = _empty_project(tmp_path)
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    assert _run(project.root, "import", str(source), "--manual", "ZD") == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out and not (project.root / "manuals").exists()
    assert not (project.root / "controlled_forms").exists()
    assert source.name in captured.err and "没有写入任何文件" in captured.err
    return captured.err


def test_an_empty_word_file_is_called_empty_not_a_package_error(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Fires: 「不是有效的 Word (.docx) 文件，无法读取（PackageNotFoundError）」, python-docx's name for it."""
    err = _refused(tmp_path, capsys, "手册.docx", b"")
    assert "文件是空的（0 字节）" in err and "PackageNotFoundError" not in err


def test_a_binary_file_named_docx_says_to_save_it_from_word_again(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Fires: the message named the error but not what to do."""
    err = _refused(tmp_path, capsys, "手册.docx", os.urandom(4096))
    assert "不是有效的 Word (.docx) 文件" in err and "另存为 .docx 再导入" in err


# An OLE compound file's signature and one 512-byte sector after its header
_COMPOUND = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)


def _directory(*names: str) -> bytes:
    """A compound file's directory sector naming these streams (128-byte entries, UTF-16 names)."""
    entries = [name.encode("utf-16-le").ljust(128, b"\0") for name in names]
    return b"".join(entries).ljust(512, b"\0")


def _zip_without_body() -> bytes:
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("notes.txt", "not a Word body")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "said"), [
    ("手册.docx", b"", "文件是空的（0 字节）"),
    ("手册.docx", os.urandom(4096), "不是有效的 Word (.docx) 文件"),
    ("手册.docx", None, "没有 Word 正文（word/document.xml）"),
    ("手册.docx", _COMPOUND + _directory("Root Entry", "EncryptionInfo", "EncryptedPackage"), "设有打开密码"),
    ("手册.docx", _COMPOUND + _directory("Root Entry", "WordDocument", "1Table"), "旧版 .doc 格式"),
    ("手册.doc", _COMPOUND + _directory("Root Entry", "WordDocument", "1Table"), "旧版 .doc 文件"),
])
def test_a_file_no_reader_opens_is_refused_with_its_code_and_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | None, said: str) -> None:
    """Fires: no rule code; a zip without word/document.xml was 「无法读取（AttributeError）」, a password-protected
    .docx and a .doc under a .docx name 「无法读取（PackageNotFoundError）」, saying nothing of the password or the
    format to save in."""
    err = _refused(tmp_path, capsys, name, _zip_without_body() if content is None else content)
    assert f"{name}: QD001 " in err and said in err
    assert "Error）" not in err or said == "不是有效的 Word (.docx) 文件"


def test_a_readable_word_file_is_not_taken_for_an_unreadable_one(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Quiet: a real .docx that names EncryptedPackage in its text is read."""
    project = _empty_project(tmp_path)
    document = docx.Document()
    for line in ("钥匙管理工作规程", "1.0 目的", "EncryptedPackage WordDocument 规范钥匙的借用。"):
        document.add_paragraph(line)
    document.save(str(tmp_path / "规程.docx"))
    assert _run(project.root, "import", str(tmp_path / "规程.docx"), "--manual", "ZD") == 0
    assert "QD001" not in capsys.readouterr().err


def test_a_word_file_without_paragraphs_says_it_has_no_text(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    docx.Document().save(str(tmp_path / "空白.docx"))
    assert "这个 Word 文件没有文字" in _refused(tmp_path, capsys, "空白.docx")


@pytest.mark.parametrize("name", ["大文件.txt", "大文件.md"])
def test_a_50_mb_text_file_is_refused_at_once_by_the_reader_limit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    """Fires: it was read, split and drafted for about a minute into one 50 MB page (which check then refuses,
    QD006, over max_file_bytes)."""
    line = ("这是一行很长的说明文字，用来测试大文件。" * 10 + "\n").encode()
    (tmp_path / name).write_bytes(PROCEDURE.encode() + line * (50 * 1024 * 1024 // len(line) + 1))
    err = _refused(tmp_path, capsys, name)
    assert "QD018" in err and "超过文本文件的读取上限 16 MB" in err and "另存为较小的文件" in err
    assert "--lines" not in err  # refused from its size, so --lines would not help


@pytest.mark.parametrize("encoded", [
    b"\xef\xbb\xbf" + PROCEDURE.replace("\n", "\r\n").encode(),  # Notepad's UTF-8: a BOM, CRLF line ends
    PROCEDURE.encode("gbk"),  # a Chinese office's ANSI text: GBK, read as GB18030 (its superset)
], ids=["bom-crlf", "gbk"])
def test_a_bom_windows_line_ends_or_gbk_are_imported_as_utf8_would_be(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str],
                                                                       encoded: bytes) -> None:
    project = _empty_project(tmp_path)
    source = tmp_path / "旧手册.txt"
    source.write_bytes(encoded)
    assert _run(project.root, "import", str(source), "--manual", "ZD") == 0
    text = project.read("manuals/zd/ZD-001.md")
    assert "title: 钥匙管理工作规程" in text and "## 2.0 适用范围\n\n本中心。" in text
    assert "\r" not in text and "\ufeff" not in text
    assert ("GB18030" in capsys.readouterr().out) is (not encoded.startswith(b"\xef\xbb\xbf"))


@pytest.mark.parametrize("limit", [2000, 1048576])
def test_a_draft_check_will_not_read_for_its_size_is_said_at_import(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str],
                                                                    limit: int) -> None:
    """Fires (2000): a draft over max_file_bytes was written without a word; check then refused to read it (QD006).
    Quiet (the default 1 MiB): nothing said."""
    project = _empty_project(tmp_path)
    config = project.root / "qmsdoc.yml"
    config.write_text(config.read_text("utf-8").replace("max_file_bytes: 1048576", f"max_file_bytes: {limit}"),
                      "utf-8")
    source = tmp_path / "长规程.txt"
    source.write_text(PROCEDURE + "本中心的钥匙由客服部统一保管。\n" * 100, "utf-8")
    assert _run(project.root, "import", str(source), "--manual", "ZD") == 0
    said = [line for line in capsys.readouterr().out.splitlines() if "QD006" in line]
    size = len(project.read("manuals/zd/ZD-001.md").encode())
    assert said == ([f"{_from_here(project, 'manuals/zd/ZD-001.md')}: QD006 文件过大（{size} 字节，上限 2000 字节）："
                     "请拆分文件，或在 qmsdoc.yml 中调整 max_file_bytes"] if limit == 2000 else [])
