"""The one set of reader limits for what users hand qmsdoc: archives (a .docx to import, a copy to verify)
and images (embedded into the Word and PDF copies). Every code path that opens such a file checks it here
first, from the zip's central directory or the image's header alone, so a zip bomb or a pixel bomb is
refused in little memory and time with one coded message (READ_LIMIT) — never read until memory runs out.

`zipfile` never inflates an entry past the size its directory declares (it stops there and the CRC check
fails), so checking the declared sizes bounds what is really inflated."""

from __future__ import annotations

import zipfile
from pathlib import Path

READ_LIMIT = "QD018"
MAX_ENTRY_BYTES = 32 * 1024 * 1024  # one archive member, inflated (a 1,000-page document.xml is ~15 MB)
MAX_ENTRIES = 2000  # members of one archive
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all members of one archive, inflated
MAX_IMAGE_PIXELS = 40_000_000  # width × height (a 40-megapixel photo; decoded it is 160 MB)


class LimitExceeded(Exception):
    """A file over the reader limits; the message (Chinese, naming the file and the limit) is for the user."""


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_archive(archive: zipfile.ZipFile, display: str) -> None:
    """LimitExceeded if the archive has too many members, one too large, or too much in all (declared sizes)."""
    members = archive.infolist()
    if len(members) > MAX_ENTRIES:
        raise LimitExceeded(f"{display}: 压缩包有 {len(members)} 个条目，超过读取上限 {MAX_ENTRIES}：拒绝读取"
                            f"（{READ_LIMIT}，可能是压缩炸弹或损坏的文件）")
    total = 0
    for member in members:
        if member.file_size > MAX_ENTRY_BYTES:
            raise LimitExceeded(f"{display}: 压缩包条目 {member.filename[:80]} 解压后 {_mib(member.file_size)}，"
                                f"超过单个条目的读取上限 {_mib(MAX_ENTRY_BYTES)}：拒绝读取（{READ_LIMIT}，"
                                "可能是压缩炸弹；请检查文件，或拆分后再处理）")
        total += member.file_size
    if total > MAX_TOTAL_BYTES:
        raise LimitExceeded(f"{display}: 压缩包解压后共 {_mib(total)}，超过读取上限 {_mib(MAX_TOTAL_BYTES)}："
                            f"拒绝读取（{READ_LIMIT}，可能是压缩炸弹；请检查文件，或拆分后再处理）")


def archive_problem(path: Path, display: str) -> str | None:
    """Why the archive at `path` may not be read (over the limits), or None; a file that is no zip at all
    is left to the reader that opens it (it reports an unreadable file)."""
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive, display)
    except LimitExceeded as exc:
        return str(exc)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError):
        return None
    return None


def read_member(archive: zipfile.ZipFile, name: str, display: str) -> bytes:
    """One member of an archive already checked (check_archive), read with the entry limit enforced again."""
    info = archive.getinfo(name)
    if info.file_size > MAX_ENTRY_BYTES:
        check_archive(archive, display)  # raises, naming the member
    with archive.open(info) as handle:
        data = handle.read(MAX_ENTRY_BYTES + 1)
    if len(data) > MAX_ENTRY_BYTES:
        raise LimitExceeded(f"{display}: 压缩包条目 {name[:80]} 超过读取上限 {_mib(MAX_ENTRY_BYTES)}：拒绝读取"
                            f"（{READ_LIMIT}）")
    return data


def pixels_problem(width: int, height: int, display: str) -> str | None:
    """Why an image of this size may not be embedded (over MAX_IMAGE_PIXELS), or None."""
    if width * height > MAX_IMAGE_PIXELS:
        return (f"图片 {display} 为 {width}×{height} 像素，超过读取上限 {MAX_IMAGE_PIXELS:,} 像素：拒绝嵌入"
                f"（{READ_LIMIT}，解码它需要过多内存）；请缩小图片后再使用")
    return None


def memory_message(display: str) -> str:
    """What to say when reading a file ran out of memory: it is too large, not unreadable."""
    return (f"{display}: 文件内容过大，读取时内存不足：拒绝读取（{READ_LIMIT}）；请检查文件是否异常，"
            "或拆分后再处理")
