"""What a numbered copy says it is, and the verdict on it against the distribution register.

The 分发号 is read from the copy's own text: the footer `分发号：<number>` that the Word copy prints
(and the PDF copy prints alike). Text readers are keyed by file suffix in COPY_TEXT; PDF text comes
from `pdftotext` (poppler-utils) and its id/version from the PDF metadata (subject, keywords)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from ..core.distribution import CopyEntry, Register, standing, superseded
from ..core.i18n import languages
from ..core.model import Corpus

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A copy in any language prints its 分发号 after that language's label (分发号：, Copy No.:).
COPY_NUMBER = re.compile("(?:" + "|".join(re.escape(language.messages["label.copy_number"])
                                          for language in languages().values()) + r")[：:]\s*([^\s＿_]\S*)")
MAX_PART_BYTES = 2 * 1024 * 1024
PDF_TIMEOUT = 60


def docx_text(path: Path) -> str:
    """The text of a Word copy's footers (where the 分发号 is printed); "" if it cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            texts = []
            for info in archive.infolist()[:2000]:
                if not re.fullmatch(r"word/footer\d*\.xml", info.filename) or info.file_size > MAX_PART_BYTES:
                    continue
                root = ElementTree.fromstring(archive.read(info))
                for paragraph in root.iter(f"{_W}p"):
                    texts.append("".join(t.text or "" for t in paragraph.iter(f"{_W}t")))
            return "\n".join(texts)
    except (OSError, KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, ValueError,
            EOFError, NotImplementedError):
        return ""


def pdf_text(path: Path) -> str:
    """The text of a PDF copy (`pdftotext`), "" if it cannot be read."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return ""
    try:
        done = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=PDF_TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else ""


def pdf_identity(path: Path) -> tuple[str | None, str | None]:
    """(id, version) from the PDF metadata: subject = control number, keywords = version."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        return None, None
    try:
        done = subprocess.run([tool, "-enc", "UTF-8", str(path)], capture_output=True, timeout=PDF_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None, None
    info = dict(line.split(":", 1) for line in done.stdout.decode("utf-8", errors="replace").splitlines() if ":" in line)
    return (info.get("Subject", "").strip() or None), (info.get("Keywords", "").strip() or None)


# Readers of a copy's printed text, by suffix.
COPY_TEXT: dict[str, Callable[[Path], str]] = {".docx": docx_text, ".pdf": pdf_text}


def claimed_number(path: Path) -> str | None:
    """The 分发号 a copy prints, or None (an anonymous build copy prints a blank line there)."""
    reader = COPY_TEXT.get(path.suffix.lower())
    match = COPY_NUMBER.search(reader(path)) if reader else None
    return match.group(1) if match else None


@dataclass(frozen=True)
class CopyVerdict:
    current: bool
    message: str


def _issued(entry: CopyEntry) -> str:
    return f"分发号 {entry.number}，{entry.date} 由 {entry.issued_by} 发给{entry.recipient}（{entry.format}）"


def judge_copy(digest: str, number: str | None, corpus: Corpus, register: Register) -> CopyVerdict | None:
    """The verdict on a numbered copy, or None when the file is no numbered copy (no 分发号, unregistered)."""
    entry = register.by_sha256(digest)
    if entry is None and number is None:
        return None
    if entry is None:
        claimed = register.by_number(number or "")
        if claimed is None:
            return CopyVerdict(False, f"伪造或未登记：副本印有分发号 {number}，但文件发放回收记录中没有这个分发号，"
                                      "不得作为受控文件使用，请交文控员处理")
        return CopyVerdict(False, f"内容被修改或伪造：此文件自称 {claimed.document} 版本 {claimed.version}（{_issued(claimed)}），"
                                  "但与登记的副本 SHA-256 不符，不得使用；请收回并向文控员换领现行副本")
    now = standing(corpus, entry.document)
    what = f"{entry.document}《{now.title if now else ''}》版本 {entry.version}，{_issued(entry)}"
    if now is None:
        return CopyVerdict(False, f"登记的文件已不存在：{what}")
    if not superseded(entry, now) and now.in_force:
        return CopyVerdict(True, f"现行受控副本：{what}")
    if now.obsolete:
        state = f"已作废（替代文件 {now.successor}）" if now.successor else "已作废"
    elif superseded(entry, now):
        state = f"已被取代（现行版本 {now.current_version}）"
    else:
        state = f"当前状态不是现行有效（现行版本 {now.current_version or '未知'}）"
    if entry.returned is not None:
        return CopyVerdict(False, f"{state}，已回收：{what}；{entry.returned} 由 {entry.returned_by} 收回，此副本不得使用")
    return CopyVerdict(False, f"{state}，回收未完成：{what}；请向{entry.recipient}收回此副本"
                              f"（qmsdoc recall {entry.number}）并换发现行版本")
