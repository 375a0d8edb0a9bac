"""Document control operations a quality officer runs: new draft, release, obsolete.

Each works on the file text through FrontMatterEditor and re-checks the corpus afterwards; a
change that would leave the document with errors is rolled back."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .approval import controlled_items, parse_version
from .check import CheckResult, check
from .codes import normalise
from .config import Config
from .errors import QmsdocError
from .findings import Finding, Severity
from .fingerprint import recorded_fingerprint
from .model import Document, Form, add_months
from .revision import Revision
from .rules.approvals import PLACEHOLDER, placeholder_lines
from .source import SourceText, parse_markdown
from .sourcefile import SourceFile, SourceWriteError, write_atomic
from .stamp import StampError, edited_bytes, editor_for, signing_key, stamp
from .status import Status
from .structure import scan
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


# What a release itself puts right: an unreleased edit, a missing, tampered or unsigned approval record —
# the approver approves the content as it stands now, with a new version (git keeps the earlier story) —
# and approval/effective dates out of order (it rewrites them). The result is re-checked before it stays.
RELEASE_FIXES = ("QD120", "QD122", "QD190", "QD191", "QD192", "QD193")


def next_version(current: Revision, *, edition: bool) -> Revision:
    return current.next_edition() if edition else current.next_revision()


def _document(config: Config, code: str) -> tuple[Document, list[Finding], CheckResult]:
    result = check(config)
    document = result.corpus.documents.get(normalise(code))
    if document is None:
        raise ReleaseError(f"找不到文件编号 {code}")
    own = [f for f in result.findings if f.path == document.path and f.severity is Severity.ERROR]
    return document, own, result


def _write_checked(config: Config, source: SourceFile, edited: str, display: str, *, kind: str = "document") -> None:
    """Write the edited front matter atomically (body bytes, line endings and BOM kept), re-check, and
    put the original bytes back if the result has errors."""
    try:
        if kind == "form":
            editor = FrontMatterEditor(edited)
            data = edited_bytes(kind, source, editor)
        else:
            data = source.with_front_matter(edited)
        write_atomic(source.path, data)
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


def _key(config: Config, key: str | None) -> Path | None:
    try:
        return signing_key(config, key)
    except StampError as exc:
        raise ReleaseError(str(exc)) from exc


def _stamp(config: Config, kind: str, item_id: str, editor: FrontMatterEditor, record: dict[str, object],
           key: Path | None, *, after: str | None = None) -> None:
    try:
        stamp(config, kind, item_id, editor, record, key, after=after)
    except StampError as exc:
        raise ReleaseError(str(exc)) from exc


def _editor(kind: str, source: SourceFile) -> FrontMatterEditor:
    try:
        return editor_for(kind, source)
    except StampError as exc:
        raise ReleaseError(str(exc)) from exc


def release(config: Config, code: str, *, approver: str, change: str, edition: bool = False,
            date: dt.date | None = None, reviewer: str | None = None, preparer: str | None = None,
            keep_review: bool = False, key: str | None = None) -> Outcome:
    """Approve the current content: move the version on, append 修订记录, record reviewer, approver and
    fingerprint (signed in signed mode). Forms and manual index pages get a new version and approval record."""
    day = date or config.today
    signing = _key(config, key)
    result = check(config)
    target = result.corpus.lookup(normalise(code))
    if target is None:
        manual = result.corpus.manual(normalise(code))
        if manual is None:
            raise ReleaseError(f"找不到文件编号 {code}")
        return _release_record_only(config, result, "manual", manual.id, manual.path, approver=approver,
                                    day=day, edition=edition, key=signing)
    if isinstance(target, Form):
        return _release_record_only(config, result, "form", target.id, target.path, approver=approver,
                                    day=day, edition=edition, key=signing)
    document = target
    errors = [f for f in result.findings if f.path == document.path and f.severity is Severity.ERROR]
    blocking = [f for f in errors if f.code not in RELEASE_FIXES]
    if blocking:
        raise ReleaseError(f"{document.id} 有错误，不能发布：请先修正", blocking)
    if document.status.is_obsolete:
        raise ReleaseError(f"{document.id} 已作废，不能再发布")
    if document.version is None:
        raise ReleaseError(f"{document.id} 的版本号无效")
    holes = placeholder_lines(document.body, document.source.body_line)
    if holes:
        raise ReleaseError(f"{document.id} 还有未编写的内容（{PLACEHOLDER}），不能发布：请写完第 "
                           f"{'、'.join(map(str, holes))} 行")
    prepared = document.signoffs.get("prepared")
    reviewed = document.signoffs.get("reviewed")
    if reviewer and keep_review:
        raise ReleaseError("--reviewed-by 与 --keep-review 只能选一个")
    if not reviewer and not keep_review:
        raise ReleaseError("缺少本版本的审核：请用 --reviewed-by 写明审核人；若确认沿用上次审核，请加 --keep-review")
    if keep_review and (reviewed is None or reviewed.date is None):
        raise ReleaseError("没有可沿用的审核记录：请用 --reviewed-by 写明审核人")
    for label, signoff in (("编制", prepared if not preparer else None), ("审核", reviewed if keep_review else None)):
        if signoff and signoff.date and day < signoff.date:
            raise ReleaseError(f"批准日期 {day} 早于{label}日期 {signoff.date}：应按 编制 ≤ 审核 ≤ 批准 ≤ 生效 的顺序，"
                               "请改正 --date")
    last = document.history[-1] if document.history else None
    if last and last.date and day < last.date:
        raise ReleaseError(f"批准日期 {day} 早于上一次修订记录的日期 {last.date}：请改正 --date")
    first_release = document.status.is_unapproved and not document.history
    version = document.version if first_release and not edition else next_version(document.version, edition=edition)
    path = config.root / document.path
    source = _source(path)
    editor = _editor("document", source)
    iso = day.isoformat()
    editor.set("version", str(version))
    editor.set("status", Status.EFFECTIVE.value)
    editor.set("effective_date", iso, after="department")
    author = preparer or (prepared.by if prepared else approver)
    if preparer or not prepared:
        editor.set("prepared", flow_mapping({"by": author, "date": iso}), after="review_months")
    if reviewer:
        editor.set("reviewed", flow_mapping({"by": reviewer, "date": iso}), after="prepared")
    note = change + (f"（审核沿用 {reviewed.by} {reviewed.date}）" if keep_review and reviewed else "")
    editor.append_item("history", flow_mapping({"version": str(version), "date": iso, "by": author,
                                                "change": note}))
    _stamp(config, "document", document.id, editor, {"by": approver, "date": iso}, signing, after="reviewed")
    _write_checked(config, source, editor.text(), document.path)
    return Outcome(path, f"已发布 {document.id} {version}（{iso}，批准：{approver}）")


def _release_record_only(config: Config, result: CheckResult, kind: str, item_id: str, display: str, *,
                         approver: str, day: dt.date, edition: bool, key: Path | None) -> Outcome:
    """Release a form or a manual index page: next version, new approval record."""
    errors = [f for f in result.findings if f.path == display and f.severity is Severity.ERROR
              and f.code not in RELEASE_FIXES]
    if errors:
        raise ReleaseError(f"{item_id} 有错误，不能发布：请先修正", errors)
    path = config.root / display
    source = _source(path)
    editor = _editor(kind, source)
    data = parse_version(kind, source.text, display).data
    current = Revision.parse(str(data.get("version", ""))) if isinstance(data, dict) else None
    if current is None:
        current = Revision("A", 0)
        version = current
    else:
        version = next_version(current, edition=edition)
    editor.set("version", str(version), after="title")
    _stamp(config, kind, item_id, editor, {"by": approver, "date": day.isoformat()}, key)
    _write_checked(config, source, editor.text(), display, kind=kind)
    return Outcome(path, f"已发布 {item_id} {version}（{day}，批准：{approver}）")


def baseline(config: Config, codes: list[str], *, approver: str, date: dt.date | None = None,
             key: str | None = None) -> Outcome:
    """Record fingerprints for content that is already approved but has no approval record yet (adopting
    qmsdoc, importing a legacy manual). Never for content that had a record before: that needs a release."""
    signing = _key(config, key)
    result = check(config)
    items = [item for item in controlled_items(result.corpus) if item.needs_record]
    by_id = {item.id: item for item in items}
    wanted = [normalise(c) for c in codes]
    unknown = [c for c in wanted if c not in by_id]
    if unknown:
        raise ReleaseError(f"这些编号不存在或不需要批准记录（草稿/审核中的文件请走发布流程）：{'、'.join(unknown)}")
    chosen = [by_id[c] for c in wanted] if wanted else [i for i in items if not i.record.get("fingerprint")]
    owners = {d.id: d for d in result.corpus.documents.values()}
    day = (date or config.today).isoformat()
    plan, skipped, refused = [], [], []
    for item in chosen:
        if item.record.get("fingerprint"):
            refused.append(f"{item.id}（已有批准记录）")
            continue
        if any(recorded_fingerprint(parse_version(item.kind, v.text, item.path).data)
               for v in result.context.history.versions.get(item.path, [])):
            refused.append(f"{item.id}（git 历史中曾有批准记录：已批准过的内容只能发布，不能重新基线）")
            continue
        blocking = [f for f in result.findings if f.path == item.path and f.severity is Severity.ERROR
                    and f.code != "QD122"]
        if blocking:
            refused.append(f"{item.id}（有错误：{blocking[0].format()}）")
            continue
        recorded_by, recorded_date = item.record.get("by"), item.record.get("date")
        if item.kind == "form" and not recorded_by:  # a form was approved with the document that owns it
            owner = owners.get(normalise(str(item.data.get("owner", ""))))
            approved = owner.signoffs.get("approved") if owner else None
            recorded_by = approved.by if approved else approver
            recorded_date = approved.date.isoformat() if approved and approved.date else None
        if recorded_by != approver:
            skipped.append(f"{item.id}（批准人 {recorded_by}）" if recorded_by
                           else f"{item.id}（未写明批准人：请先在头信息中写明 approved: {{by, date}}）")
            continue
        plan.append((item, recorded_date or day))
    if refused and wanted:
        raise ReleaseError("以下内容不能基线：" + "；".join(refused))
    if skipped and wanted:
        raise ReleaseError(f"以下内容的批准人不是 {approver}，须由其批准人基线：" + "、".join(skipped))
    if not plan:
        raise ReleaseError("没有需要基线的内容" + (f"；未处理：{'；'.join(refused + skipped)}" if refused or skipped else ""))
    originals: list[SourceFile] = []
    for item, approval_day in plan:
        source = _source(config.root / item.path)
        editor = _editor(item.kind, source)
        record = {"by": approver, "date": approval_day, "baselined": day}
        _stamp(config, item.kind, item.id, editor, record, signing, after="signatures" if item.kind == "form" else None)
        try:
            write_atomic(source.path, edited_bytes(item.kind, source, editor))
        except SourceWriteError as exc:
            _restore(originals)
            raise ReleaseError(str(exc)) from exc
        originals.append(source)
    paths = {item.path for item, _ in plan}
    errors = [f for f in check(config).findings if f.path in paths and f.severity is Severity.ERROR]
    if errors:
        _restore(originals)
        raise ReleaseError("基线后文件仍有错误，已撤销修改", errors)
    lines = [f"已基线 {len(plan)} 项（批准人：{approver}，基线日期：{day}）："]
    lines += [f"  {item.id}  {item.path}" for item, _ in plan]
    if skipped:
        lines.append("未处理（须由各自的批准人基线）：" + "、".join(skipped))
    if refused:
        lines.append("不能基线：" + "；".join(refused))
    return Outcome(config.root, "\n".join(lines))


def _restore(originals: list[SourceFile]) -> None:
    for source in originals:
        try:
            write_atomic(source.path, source.raw)
        except SourceWriteError as exc:
            raise ReleaseError(f"无法恢复 {source.path}：{exc}") from exc


def obsolete(config: Config, code: str, *, successor: str, approver: str | None = None, reason: str = "",
             date: dt.date | None = None, update_references: bool = False, key: str | None = None) -> Outcome:
    """Withdraw an effective document as an approved act: next revision, 修订记录 entry, `withdrawn:` record
    (date, approver, reason), successor, new approval record. Refused while effective documents still cite
    it, unless `update_references` rewrites their citations to the successor (they then show QD190 until
    each is released)."""
    signing = _key(config, key)
    document, _, result = _document(config, code)
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
    day = (date or config.today).isoformat()
    version = next_version(document.version, edition=False)
    path = config.root / document.path
    source = _source(path)
    editor = _editor("document", source)
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
              if k not in ("fingerprint", "signature")}
    _stamp(config, "document", document.id, editor, record or {"by": by, "date": day}, signing, after="reviewed")
    rewritten = []
    originals: list[SourceFile] = []
    for other, refs in citing:
        other_source = _source(config.root / other.path)
        text = other_source.raw.decode("utf-8")
        # Each citation as written (full-width or dash variants included) becomes the successor's id.
        spellings = sorted({ref.raw for ref in refs} | {document.raw_id, document.id}, key=len, reverse=True)
        new_text = re.sub(r"\[\[\s*(?:" + "|".join(map(re.escape, spellings)) + r")\s*\]\]", f"[[{target.id}]]", text)
        try:
            write_atomic(other_source.path, new_text.encode("utf-8"))
        except SourceWriteError as exc:
            _restore(originals)
            raise ReleaseError(str(exc)) from exc
        originals.append(other_source)
        rewritten.append(other.id)
    try:
        _write_checked(config, source, editor.text(), document.path)
    except ReleaseError:
        _restore(originals)
        raise
    message = f"已作废 {document.id}（{day}，批准：{by}），由 {target.id} 替代"
    if rewritten:
        message += (f"\n已把以下现行文件中的引用改为 [[{target.id}]]，它们的内容已变更，须逐一审核并发布"
                    "（在此之前 check 报 QD190）：\n" + "\n".join(
                        f"  qmsdoc release {i} --by … --reviewed-by … --change \"引用改为 {target.id}\"" for i in rewritten))
    return Outcome(path, message)


def review(config: Config, code: str, *, by: str, date: dt.date | None = None, note: str = "") -> Outcome:
    """Record a periodic review with no change: appended to `reviews:`, not a revision. The fingerprint
    does not cover `reviews`, so the approval stays valid; the next review falls due from this date."""
    document, errors, _ = _document(config, code)
    if not document.status.is_current:
        raise ReleaseError(f"{document.id} 的状态是 {document.status_label}：只有现行文件需要定期评审")
    blocking = [f for f in errors if f.code != "QD180"]
    if blocking:
        raise ReleaseError(f"{document.id} 有错误：请先修正（若内容需要修改，请修订后发布，而不是记录评审）", blocking)
    day = date or config.today
    floor = max(d for d in (document.effective_date, document.last_review) if d) if (
        document.effective_date or document.last_review) else None
    if floor and day < floor:
        raise ReleaseError(f"评审日期 {day} 早于生效日期或上次评审日期 {floor}：请改正 --date")
    path = config.root / document.path
    source = _source(path)
    editor = _editor("document", source)
    entry = {"by": by, "date": day.isoformat(), **({"note": note} if note else {})}
    editor.append_item("reviews", flow_mapping(entry))
    _write_checked(config, source, editor.text(), document.path)
    months = document.review_months or 0
    due = add_months(day, months) if months else None
    return Outcome(path, f"已记录 {document.id} 的定期评审（{day}，{by}，内容无变更）" + (f"；下次评审：{due}" if due else ""))
