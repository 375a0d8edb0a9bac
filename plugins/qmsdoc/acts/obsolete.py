"""`qmsdoc obsolete`: withdraw an effective document as an approved act, naming its successor."""

from __future__ import annotations

import datetime as dt
import re

from ..core.check import CheckResult
from ..core.codes import normalise
from ..core.config import Config
from ..core.findings import Finding, Severity, seen_from_here
from ..core.i18n import join, t
from ..core.lock import edits_records
from ..core.revisions import working_revision
from ..core.rules import REGISTRY
from ..core.rules.forms import withdrawn_forms_listed
from ..core.status import Status
from ..core.structure import scan
from .common import (
    Outcome,
    ReleaseError,
    all_or_nothing,
    find_document,
    key_path,
    next_version,
    open_editor,
    read_source,
    refuse_backdated,
    stamp_record,
    write_checked,
)
from .yamledit import flow_mapping, scalar


@edits_records
def obsolete(config: Config, code: str, *, successor: str | None, approver: str | None = None, reason: str = "",
             date: dt.date | None = None, update_references: bool = False, key: str | None = None) -> Outcome:
    """Withdraw an effective document as an approved act: next revision, 修订记录 entry, `withdrawn:` record
    (date, approver, reason), successor, new approval record. Refused while effective documents still cite
    it, unless `update_references` rewrites their citations to the successor (they then show QD190 until
    each is released). With no `successor` the document is withdrawn with nothing in its place
    (`replaced: false`): a reason is required, and no effective document may still cite it."""
    signing = key_path(config, key)
    document, _, result = find_document(config, code)
    revision = working_revision(result.corpus, document.id)
    if revision is not None:
        raise ReleaseError(t("act.obsolete.revision", id=document.id, path=seen_from_here(revision.path)),
                           [Finding(revision.path, 1, "QD232", Severity.ERROR, t("act.obsolete.revision_line", id=document.id))])
    if not document.status.is_controlled:
        raise ReleaseError(t("act.obsolete.status", id=document.id, status=document.status_label))
    day_of = date or config.today
    approval = document.signoffs.get("approved")
    before_approval = approval is not None and approval.date is not None and day_of < approval.date
    # Waiting is said of today: it would record a version never in force as withdrawn. (A day before the approval
    # itself is a back-dated withdrawal: refuse_backdated answers it, below.)
    if document.pending_on(config.today) and not before_approval:
        raise ReleaseError(t("act.obsolete.pending", id=document.id, version=document.version,
                             date=document.effective_date, before=document.in_force_before or "—"))
    if document.pending_on(day_of) and not before_approval:  # in force now, but --date is before it took effect
        raise ReleaseError(t("act.obsolete.before_effective", id=document.id, version=document.version, day=day_of,
                             date=document.effective_date))
    if successor is None:
        target = None
        if not reason.strip():
            raise ReleaseError(t("act.obsolete.reason_required", id=document.id))
        if update_references:
            raise ReleaseError(t("act.obsolete.nothing_to_cite", id=document.id))
    else:
        target = result.corpus.documents.get(normalise(successor))
        if target is None or not target.status.is_current:
            raise ReleaseError(t("act.obsolete.no_successor", successor=successor,
                                 hint="" if target is not None else result.did_you_mean(successor)),
                               [] if target is not None else result.unread(successor))
        if target.id == document.id:
            raise ReleaseError(t("act.obsolete.itself", id=document.id))
        if target.pending_on(day_of) and not before_approval:  # nothing would be in force in its place until then
            raise ReleaseError(t("act.obsolete.successor_pending", id=document.id, successor=target.id,
                                 version=target.version, date=target.effective_date))
    approved = document.signoffs.get("approved")
    by = approver or (approved.by if approved else None)
    if not by:
        raise ReleaseError(t("act.obsolete.no_approver"))
    citing = []
    for other in result.corpus.sorted_documents():
        if other.id == document.id or not other.status.is_current:
            continue
        refs = [ref for ref in scan(other.body, other.source.body_line, dialect=config.dialect).references
                if ref.code == document.id]
        if refs:
            citing.append((other, refs))
    self_citing = [(d, refs) for d, refs in citing if target is not None and d.id == target.id]
    if self_citing and target is not None:
        raise ReleaseError(t("act.obsolete.successor_cites", successor=target.id, id=document.id),
                           [Finding(target.path, ref.line, "QD131", Severity.ERROR,
                                    t("act.obsolete.successor_cites_line", id=document.id)) for ref in self_citing[0][1]])
    if citing and target is None:
        raise ReleaseError(t("act.obsolete.cited_none", count=len(citing), id=document.id),
                           [Finding(d.path, ref.line, "QD131", Severity.ERROR,
                                    t("act.obsolete.cited_none_line", id=document.id))
                            for d, refs in citing for ref in refs])
    if citing and not update_references and target is not None:
        raise ReleaseError(t("act.obsolete.cited", count=len(citing), id=document.id, successor=target.id),
                           [Finding(d.path, ref.line, "QD131", Severity.ERROR,
                                    t("act.obsolete.cited_line", id=document.id, successor=target.id))
                            for d, refs in citing for ref in refs])
    if document.version is None:
        raise ReleaseError(t("act.bad_version", id=document.id))
    refuse_backdated(document, date or config.today, t("act.name.obsolete"), ("approved",))
    day = (date or config.today).isoformat()
    version = next_version(document.version, edition=False)
    path = config.root / document.path
    source = read_source(path)
    editor = open_editor("document", source)
    editor.set("version", str(version))
    editor.set("status", Status.OBSOLETE.value)
    withdrawn: dict[str, object] = {"by": by, "date": day, **({"reason": reason} if reason else {})}
    if target is not None:
        editor.set("superseded_by", scalar(target.id), after="status")
        editor.set("withdrawn", flow_mapping(withdrawn), after="superseded_by")
        change = t("act.obsolete.change", successor=target.id)
    else:
        editor.set("withdrawn", flow_mapping({**withdrawn, "replaced": False}), after="status")
        change = t("act.obsolete.change_none")
    change += t("act.obsolete.reason", reason=reason) if reason else ""
    editor.append_item("history", flow_mapping({"version": str(version), "date": day, "by": by, "change": change}))
    # The approval of the content stays as it was; the withdrawal is approved in `withdrawn:` and the
    # record is re-stamped (and, in signed mode, signed by the withdrawing approver).
    record = {k: v for k, v in (document.source.data.get("approved") or {}).items()
              if k not in ("fingerprint", "signature", "signed")}
    stamp_record(config, "document", document.id, editor, record or {"by": by, "date": day}, signing, after="reviewed",
                 path=document.path)
    rewritten = []
    successor_id = target.id if target is not None else ""
    # no citing document stays rewritten for a withdrawal not made (refused, a full disk, Ctrl-C)
    with all_or_nothing() as edits:
        for other, refs in citing if target is not None else []:
            other_source = read_source(config.root / other.path)
            text = other_source.raw.decode("utf-8")
            # Each citation as written (full-width or dash variants included) becomes the successor's id.
            spellings = sorted({ref.raw for ref in refs} | {document.raw_id, document.id}, key=len, reverse=True)
            new_text = re.sub(r"\[\[\s*(?:" + "|".join(map(re.escape, spellings)) + r")\s*\]\]",
                              f"[[{successor_id}]]", text)
            edits.write(other_source.path, new_text.encode("utf-8"), original=other_source.raw)
            rewritten.append(other.id)
        checked = write_checked(config, source, editor.text(), document.path)
    message = t("act.obsolete.done", id=document.id, day=day, by=by, successor=target.id) if target is not None \
        else t("act.obsolete.done_none", id=document.id, day=day, by=by)
    # documents withdrawn earlier in its favour: their successor is withdrawn now, and every output says so
    earlier_ones = sorted(d.id for d in result.corpus.documents.values()
                          if d.superseded_by == document.id and d.status.is_obsolete)
    if earlier_ones:
        ids = join(earlier_ones)
        message += "\n" + (t("act.obsolete.predecessors", id=document.id, ids=ids, successor=target.id)
                           if target is not None else t("act.obsolete.predecessors_none", id=document.id, ids=ids))
    if rewritten and target is not None:
        message += ("\n" + t("act.obsolete.rewritten", successor=target.id) + "\n" + "\n".join(
                        t("act.obsolete.release_line", id=i, successor=target.id) for i in rewritten))
    return Outcome(path, message + _forms_withdrawn_with(document.id, checked))


def _forms_withdrawn_with(owner: str, checked: CheckResult) -> str:
    """What the withdrawal did to the forms that name `owner` as theirs: they went out of use with it (every register
    calls them 作废), and each listing of one by a document still in force is QD155's warning, as check will say."""
    forms = sorted(form.id for form in checked.corpus.forms.values() if form.withdrawn_with == owner)
    if not forms:
        return ""
    said = "\n" + t("act.obsolete.forms", id=owner, forms=join(forms))
    listed = [finding for form, finding in withdrawn_forms_listed(REGISTRY["QD155"], checked.context)
              if form.withdrawn_with == owner]
    if listed:
        said += "\n" + t("act.obsolete.forms_listed", count=len(listed), id=owner)
        said += "".join("\n  " + finding.format() for finding in listed)
    return said
