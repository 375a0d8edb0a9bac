"""Document control operations a quality officer runs: new draft, release, obsolete.

Each works on the file text through FrontMatterEditor and re-checks the corpus afterwards; a
change that would leave the document with errors is rolled back."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .check import CheckResult, check
from .codes import compile_pattern, file_stem, natural_key, normalise
from .config import Config
from .errors import QmsdocError
from .findings import Finding, Severity
from .fingerprint import fingerprint
from .model import Document
from .revision import Revision
from .source import SourceText, parse_markdown
from .sourcefile import SourceFile, SourceWriteError, write_atomic
from .yamledit import FrontMatterEditor, flow_mapping, scalar


class ReleaseError(QmsdocError):
    """A refused operation; `findings` (if any) say why. The CLI exits 1."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


@dataclass(frozen=True)
class Outcome:
    path: Path
    message: str


def next_version(current: Revision, *, edition: bool) -> Revision:
    return current.next_edition() if edition else current.next_revision()


def _document(config: Config, code: str) -> tuple[Document, list[Finding], CheckResult]:
    result = check(config)
    document = result.corpus.documents.get(normalise(code))
    if document is None:
        raise ReleaseError(f"找不到文件编号 {code}")
    own = [f for f in result.findings if f.path == document.path and f.severity is Severity.ERROR]
    return document, own, result


def _write_checked(config: Config, source: SourceFile, edited: str, display: str) -> None:
    """Write the edited front matter atomically (body bytes, line endings and BOM kept), re-check, and
    put the original bytes back if the result has errors."""
    try:
        write_atomic(source.path, source.with_front_matter(edited))
    except SourceWriteError as exc:
        raise ReleaseError(str(exc)) from exc
    errors = [f for f in check(config).findings if f.path == display and f.severity is Severity.ERROR]
    if errors:
        try:
            write_atomic(source.path, source.raw)
        except SourceWriteError as exc:
            raise ReleaseError(f"操作后文件有错误，且无法恢复原文件：{exc}", errors) from exc
        raise ReleaseError("操作后文件仍有错误，已撤销修改", errors)


def _source(path: Path) -> SourceFile:
    try:
        return SourceFile.read(path)
    except SourceWriteError as exc:
        raise ReleaseError(str(exc)) from exc


def _parse(text: str) -> SourceText:
    src = parse_markdown(text)
    if src.findings:
        raise ReleaseError("头信息无法解析")
    return src


def release(config: Config, code: str, *, approver: str, change: str, edition: bool = False,
            date: dt.date | None = None, reviewer: str | None = None, preparer: str | None = None) -> Outcome:
    """Approve the current content: move the version on, append 修订记录, record approver and fingerprint."""
    day = (date or config.today).isoformat()
    document, errors, _ = _document(config, code)
    blocking = [f for f in errors if f.code != "QD190"]  # an unreleased edit is exactly what release fixes
    if blocking:
        raise ReleaseError(f"{document.id} 有错误，不能发布：请先修正", blocking)
    if document.status == "obsolete":
        raise ReleaseError(f"{document.id} 已作废，不能再发布")
    if document.version is None:
        raise ReleaseError(f"{document.id} 的版本号无效")
    first_release = document.status in ("draft", "review") and not document.history
    version = document.version if first_release and not edition else next_version(document.version, edition=edition)
    path = config.root / document.path
    source = _source(path)
    editor = FrontMatterEditor(source.text)
    editor.set("version", str(version))
    editor.set("status", "effective")
    editor.set("effective_date", day, after="department")
    prepared = document.signoffs.get("prepared")
    author = preparer or (prepared.by if prepared else approver)
    if preparer or not prepared:
        editor.set("prepared", flow_mapping({"by": author, "date": day}), after="review_months")
    if reviewer:
        editor.set("reviewed", flow_mapping({"by": reviewer, "date": day}), after="prepared")
    elif "reviewed" not in document.signoffs:
        raise ReleaseError("缺少审核人：请用 --reviewed-by 写明审核人")
    editor.append_item("history", flow_mapping({"version": str(version), "date": day, "by": author,
                                                "change": change}))
    editor.set("approved", flow_mapping({"by": approver, "date": day}), after="reviewed")
    src = _parse(editor.text())
    editor.set("approved", flow_mapping({"by": approver, "date": day,
                                         "fingerprint": fingerprint(src.data, src.body)}))
    _write_checked(config, source, editor.text(), document.path)
    return Outcome(path, f"已发布 {document.id} {version}（{day}，批准：{approver}）")


def obsolete(config: Config, code: str, *, successor: str) -> Outcome:
    document, _, result = _document(config, code)
    target = result.corpus.documents.get(normalise(successor))
    if target is None or target.status != "effective":
        raise ReleaseError(f"替代文件 {successor} 不存在或不是现行文件")
    path = config.root / document.path
    source = _source(path)
    editor = FrontMatterEditor(source.text)
    editor.set("status", "obsolete")
    editor.set("superseded_by", scalar(target.id), after="status")
    _write_checked(config, source, editor.text(), document.path)
    return Outcome(path, f"已作废 {document.id}，由 {target.id} 替代")


def next_free_id(config: Config, manual_id: str) -> tuple[str, Path]:
    result = check(config)
    manual = next((m for m in result.corpus.manuals if m.id == normalise(manual_id)), None)
    if manual is None:
        raise ReleaseError(f"找不到手册 {manual_id}")
    pattern = compile_pattern(manual.document_pattern)
    taken = {*result.corpus.documents, *result.corpus.forms}
    existing = sorted((d.id for d in manual.documents), key=natural_key)
    candidate = existing[-1] if existing else str(manual.data["numbering"].get("example", "")).split("/")[0].strip()
    for _ in range(10_000):
        if candidate and pattern.match(candidate) and candidate not in taken:
            break
        match = re.search(r"(\d+)(?!.*\d)", candidate)
        if not match:
            raise ReleaseError(f"无法从编号规则 {manual.document_pattern} 推出下一个编号：请在手册 numbering.example 中给出示例")
        number = str(int(match.group(1)) + 1).zfill(len(match.group(1)))
        candidate = candidate[: match.start(1)] + number + candidate[match.end(1):]
    else:
        raise ReleaseError("找不到空闲编号")
    return candidate, config.manuals_path / manual.folder / f"{file_stem(candidate)}.md"


def new_document(config: Config, manual_id: str, *, title: str, doc_type: str, department: str,
                 preparer: str) -> Outcome:
    code, path = next_free_id(config, manual_id)
    sections = config.required_sections.get(doc_type, [])
    headings = [f"## {index}.0 {names[0]}\n\n（待编写）\n" for index, names in enumerate(sections, start=1)]
    if not headings:
        headings = ["## 第一章 总则\n\n第一条 （待编写）\n"]
    text = (f"---\nid: {code}\ntitle: {scalar(title)}\ntype: {doc_type}\nversion: A/0\nstatus: draft\n"
            f"department: {scalar(department)}\nreview_months: 12\n"
            f"prepared: {flow_mapping({'by': preparer, 'date': config.today.isoformat()})}\n---\n"
            + "\n".join(headings))
    try:
        write_atomic(path, text.encode("utf-8"), exclusive=True)
    except SourceWriteError as exc:
        raise ReleaseError(str(exc)) from exc
    errors = [f for f in check(config).findings if f.path.endswith(path.name) and f.severity is Severity.ERROR]
    if errors:
        path.unlink()  # the file this command just created
        raise ReleaseError("新文件未通过检查，已删除", errors)
    return Outcome(path, f"已新建草稿 {code}《{title}》：{path}")
