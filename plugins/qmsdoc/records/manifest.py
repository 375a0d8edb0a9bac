"""build/manifest.json (every HTML page and .docx with SHA-256, id and version) and `verify`."""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from ..core.model import Corpus
from ..core.revision import Revision
from .register import sha256_file

MANIFEST = "manifest.json"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_DC = "{http://purl.org/dc/elements/1.1/}"


def build_manifest(corpus: Corpus, build_dir: Path, site_pages: dict[str, str]) -> Path:
    """`site_pages` maps a page file (relative to build/) to the id it shows."""
    entries = []
    page_ids = dict(site_pages)
    for path in sorted(build_dir.rglob("*")):
        if path.suffix not in (".html", ".docx") or not path.is_file():
            continue
        relative = path.relative_to(build_dir).as_posix()
        code = page_ids.get(relative) or (identify(path)[0] if path.suffix == ".docx" else None)
        target = corpus.lookup(code) if code else None
        entries.append({"path": relative, "sha256": sha256_file(path), "id": code,
                        "version": str(target.version) if target and target.version else None})
    out = build_dir / MANIFEST
    out.write_text(json.dumps({"files": entries}, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    return out


def identify(path: Path) -> tuple[str | None, str | None]:
    """(id, version) a copy claims to be: .docx core properties, or the HTML control block."""
    try:
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                root = ElementTree.fromstring(archive.read("docProps/core.xml"))
            subject = root.findtext(f"{_DC}subject")
            keywords = root.findtext(f"{_CP}keywords")
            return (subject or None), (keywords or None)
        text = path.read_text("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return None, None
    code = re.search(r'class="qms-control" data-doc-id="([^"]+)"', text)
    version = re.search(r'class="qms-version">([^<]+)<', text)
    return (code.group(1) if code else None), (version.group(1) if version else None)


@dataclass(frozen=True)
class Verdict:
    current: bool
    message: str


def verify(path: Path, corpus: Corpus, build_dir: Path) -> Verdict:
    digest = sha256_file(path)
    manifest = build_dir / MANIFEST
    known = {}
    if manifest.is_file():
        known = {e["sha256"]: e for e in json.loads(manifest.read_text("utf-8"))["files"]}
    code, claimed = identify(path)
    if digest in known and known[digest]["id"]:
        code, claimed = known[digest]["id"], known[digest]["version"]
    target = corpus.lookup(code) if code else None
    if target is None:
        return Verdict(False, f"未知文件：{path.name} 不是本系统生成的受控副本，不得作为受控文件使用")
    current = str(target.version or "")
    label = f"{target.id}《{target.title}》"
    if target.status == "obsolete":
        return Verdict(False, f"{label} 已作废（替代文件：{getattr(target, 'superseded_by', '')}），此副本不得使用")
    if digest in known and claimed == current:
        return Verdict(True, f"现行受控副本：{label} 版本 {current}")
    old, now = Revision.parse(claimed or ""), Revision.parse(current)
    if old and now and old < now:
        return Verdict(False, f"旧版本：此副本为 {label} 版本 {old}，现行版本为 {now}，请收回并换发现行版本")
    return Verdict(False, f"内容与现行受控副本不一致：{label} 自称版本 {claimed or '未知'}，"
                          f"但与本次构建的文件不符（可能被修改或来自其他构建），请以网站或 build/docx 中的现行版本为准")
