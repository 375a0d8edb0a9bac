"""`qmsdoc obsolete`: withdraw an effective document as an approved act, naming its successor."""

from __future__ import annotations

import datetime as dt
import re

from ..core.codes import normalise
from ..core.config import Config
from ..core.findings import Finding, Severity
from ..core.sourcefile import SourceFile, SourceWriteError, write_atomic
from ..core.status import Status
from ..core.structure import scan
from .common import (
    Outcome,
    ReleaseError,
    find_document,
    key_path,
    next_version,
    open_editor,
    read_source,
    refuse_backdated,
    restore,
    stamp_record,
    write_checked,
)
from .yamledit import flow_mapping, scalar


def obsolete(config: Config, code: str, *, successor: str, approver: str | None = None, reason: str = "",
             date: dt.date | None = None, update_references: bool = False, key: str | None = None) -> Outcome:
    """Withdraw an effective document as an approved act: next revision, 修订记录 entry, `withdrawn:` record
    (date, approver, reason), successor, new approval record. Refused while effective documents still cite
    it, unless `update_references` rewrites their citations to the successor (they then show QD190 until
    each is released)."""
    signing = key_path(config, key)
    document, _, result = find_document(config, code)
    revision = result.corpus.revisions.get(document.id)
    if revision is not None:
        raise ReleaseError(f"{document.id} 有尚未发布的修订稿 {revision.path}：作废前请先发布它，"
                           f"或执行 qmsdoc revise {document.id} --discard 放弃",
                           [Finding(revision.path, 1, "QD232", Severity.ERROR, f"{document.id} 将作废，修订稿会被遗留")])
    if not document.status.is_controlled:
        raise ReleaseError(f"{document.id} 的状态是 {document.status_label}：只有现行/已批准的文件需要作废")
    target = result.corpus.documents.get(normalise(successor))
    if target is None or not target.status.is_current:
        raise ReleaseError(f"替代文件 {successor} 不存在或不是现行文件")
    if target.id == document.id:
        raise ReleaseError(f"替代文件不能是 {document.id} 本身：请写明替代它的另一份现行文件")
    approved = document.signoffs.get("approved")
    by = approver or (approved.by if approved else None)
    if not by:
        raise ReleaseError("缺少作废批准人：请用 --by 写明")
    citing = []
    for other in result.corpus.sorted_documents():
        if other.id == document.id or not other.status.is_current:
            continue
        refs = [ref for ref in scan(other.body, other.source.body_line).references if ref.code == document.id]
        if refs:
            citing.append((other, refs))
    self_citing = [(d, refs) for d, refs in citing if d.id == target.id]
    if self_citing:
        raise ReleaseError(f"替代文件 {target.id} 仍引用 {document.id}：请先删除该引用并发布 {target.id}",
                           [Finding(target.path, ref.line, "QD131", Severity.ERROR,
                                    f"替代文件引用了将作废的 {document.id}：请删除该引用") for ref in self_citing[0][1]])
    if citing and not update_references:
        raise ReleaseError(f"仍有 {len(citing)} 份现行文件引用 {document.id}：请先改为引用 {target.id} 并发布，"
                           "或加 --update-references 自动改写引用（改写后这些文件须重新发布）",
                           [Finding(d.path, ref.line, "QD131", Severity.ERROR,
                                    f"现行文件引用了将作废的 {document.id}：应改为引用 [[{target.id}]]")
                            for d, refs in citing for ref in refs])
    if document.version is None:
        raise ReleaseError(f"{document.id} 的版本号无效")
    refuse_backdated(document, date or config.today, "作废", ("approved",))
    day = (date or config.today).isoformat()
    version = next_version(document.version, edition=False)
    path = config.root / document.path
    source = read_source(path)
    editor = open_editor("document", source)
    editor.set("version", str(version))
    editor.set("status", Status.OBSOLETE.value)
    editor.set("superseded_by", scalar(target.id), after="status")
    editor.set("withdrawn", flow_mapping({"by": by, "date": day, **({"reason": reason} if reason else {})}),
               after="superseded_by")
    change = f"作废，由 {target.id} 替代" + (f"（{reason}）" if reason else "")
    editor.append_item("history", flow_mapping({"version": str(version), "date": day, "by": by, "change": change}))
    # The approval of the content stays as it was; the withdrawal is approved in `withdrawn:` and the
    # record is re-stamped (and, in signed mode, signed by the withdrawing approver).
    record = {k: v for k, v in (document.source.data.get("approved") or {}).items()
              if k not in ("fingerprint", "signature", "signed")}
    stamp_record(config, "document", document.id, editor, record or {"by": by, "date": day}, signing, after="reviewed")
    rewritten = []
    originals: list[SourceFile] = []
    for other, refs in citing:
        other_source = read_source(config.root / other.path)
        text = other_source.raw.decode("utf-8")
        # Each citation as written (full-width or dash variants included) becomes the successor's id.
        spellings = sorted({ref.raw for ref in refs} | {document.raw_id, document.id}, key=len, reverse=True)
        new_text = re.sub(r"\[\[\s*(?:" + "|".join(map(re.escape, spellings)) + r")\s*\]\]", f"[[{target.id}]]", text)
        try:
            write_atomic(other_source.path, new_text.encode("utf-8"))
        except SourceWriteError as exc:
            restore(originals)
            raise ReleaseError(str(exc)) from exc
        originals.append(other_source)
        rewritten.append(other.id)
    try:
        write_checked(config, source, editor.text(), document.path)
    except ReleaseError:
        restore(originals)
        raise
    message = f"已作废 {document.id}（{day}，批准：{by}），由 {target.id} 替代"
    if rewritten:
        message += (f"\n已把以下现行文件中的引用改为 [[{target.id}]]，它们的内容已变更，须逐一审核并发布"
                    "（在此之前 check 报 QD190）：\n" + "\n".join(
                        f"  qmsdoc release {i} --by … --reviewed-by … --change \"引用改为 {target.id}\"" for i in rewritten))
    return Outcome(path, message)
