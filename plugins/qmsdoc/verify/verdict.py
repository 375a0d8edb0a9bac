"""`qmsdoc verify`: which document, version and 分发号 a copy handed in is, and whether it may be used.
A copy is read here (Word core properties and footer, PDF text and metadata, an HTML page's control block)
with bounded reads: it may be hostile. The build's own records are in records/."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from ..core.distribution import Register
from ..core.limits import LimitExceeded, archive_problem, check_archive, read_member
from ..core.model import Corpus
from ..core.revision import Revision
from ..records.hashes import sha256_file
from ..records.manifest import load_manifest
from .copies import claimed_number, judge_copy, pdf_identity

_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_DC = "{http://purl.org/dc/elements/1.1/}"

# Bounded reading: a copy handed in for verification may be hostile (a zip bomb, a huge file). Archives are
# read within the one set of reader limits (core/limits.py); a saved page is read up to MAX_HTML_BYTES.
MAX_HTML_BYTES = 8 * 1024 * 1024


def _read_entry(archive: zipfile.ZipFile, name: str, display: str) -> bytes:
    """One archive member, within the reader limits (LimitExceeded otherwise)."""
    check_archive(archive, display)
    return read_member(archive, name, display)


def identify(path: Path) -> tuple[str | None, str | None]:
    """(id, version) a copy claims to be: .docx core properties, PDF metadata, or the HTML control block."""
    if path.suffix == ".pdf":
        return pdf_identity(path)
    try:
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                root = ElementTree.fromstring(_read_entry(archive, "docProps/core.xml", path.name))
            subject = root.findtext(f"{_DC}subject")
            keywords = root.findtext(f"{_CP}keywords")
            return (subject or None), (keywords or None)
        with path.open("rb") as handle:
            text = handle.read(MAX_HTML_BYTES).decode("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, ValueError,
            EOFError, NotImplementedError, LimitExceeded):
        return None, None
    code = re.search(r'class="qms-control" data-doc-id="([^"]+)"', text)
    version = re.search(r'class="qms-version">([^<]+)<', text)
    return (code.group(1) if code else None), (version.group(1) if version else None)


@dataclass(frozen=True)
class Verdict:
    current: bool
    message: str


def verify(path: Path, corpus: Corpus, build_dir: Path, register: Register | None = None) -> Verdict:
    """Which document and version a copy is and whether it may be used: a numbered copy (its 分发号 or
    its bytes in the distribution register) is judged against the register, any other against the
    build's manifest."""
    if path.suffix.lower() == ".docx":
        refused = archive_problem(path, path.name)
        if refused:  # a zip bomb is no copy of anything: say so instead of reading it
            return Verdict(False, f"拒绝读取：{refused}")
    digest = sha256_file(path)
    if register is not None:
        judged = judge_copy(digest, claimed_number(path), corpus, register)
        if judged is not None:
            return Verdict(judged.current, judged.message)
    known = load_manifest(build_dir)
    code, claimed = identify(path)
    entry = known.get(digest)
    if entry and entry.get("id"):
        version = entry.get("version")
        code, claimed = str(entry["id"]), (str(version) if version else None)
    manual = corpus.manual(code) if code else None
    if manual is not None:
        if digest in known:
            return Verdict(True, f"现行受控副本：整本手册 {manual.id}《{manual.title}》")
        return Verdict(False, f"内容与现行受控副本不一致：整本手册 {manual.id}《{manual.title}》的此副本与本次构建的文件不符"
                              "（可能被修改或来自其他构建），请以网站或 build/docx 中的现行版本为准")
    target = corpus.lookup(code) if code else None
    if target is None:
        return Verdict(False, f"未知文件：{path.name} 不是本系统生成的受控副本，不得作为受控文件使用")
    if target.status.is_unapproved:
        return Verdict(False, f"草稿，非受控：{target.id}《{target.title}》尚未批准发布，此副本不得作为受控文件使用")
    current = str(target.version or "")
    label = f"{target.id}《{target.title}》"
    if target.status.is_obsolete:
        return Verdict(False, f"{label} 已作废（替代文件：{getattr(target, 'superseded_by', '')}），此副本不得使用")
    if digest in known and claimed == current:
        return Verdict(True, f"现行受控副本：{label} 版本 {current}")
    old, now = Revision.parse(claimed or ""), Revision.parse(current)
    if entry and entry.get("superseded") and old and now and old < now:
        return Verdict(False, f"历史版本（仅供查阅）：此为 {label} 版本 {old} 的历史版本页面，与网站上保存的该版本一致；"
                              f"现行版本为 {now}，不得用于指导工作")
    if old and now and old < now:
        return Verdict(False, f"旧版本：此副本为 {label} 版本 {old}，现行版本为 {now}，请收回并换发现行版本")
    return Verdict(False, f"内容与现行受控副本不一致：{label} 自称版本 {claimed or '未知'}，"
                          f"但与本次构建的文件不符（可能被修改或来自其他构建），请以网站或 build/docx 中的现行版本为准")
