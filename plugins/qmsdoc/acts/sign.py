"""`qmsdoc sign`: add the approver's SSH signature to approval records that already exist — moving a
system to signed mode without re-releasing anything. A record is signed only while the content still
matches its fingerprint and its git history holds no tampering: the signature then attests exactly what
was approved, with no new version and no new 修订记录; `signed: <date>` records when it was added."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..core.approval import (
    Controlled,
    SigningError,
    controlled_items,
    sign,
    signed_on,
    signer,
    signing_date_problem,
    signing_payload,
    unquoted_principal,
    verify_signature,
)
from ..core.check import check
from ..core.codes import normalise
from ..core.config import Config
from ..core.errors import shown_path
from ..core.findings import Severity, seen_from_here
from ..core.fingerprint import fingerprint
from ..core.i18n import join, t
from ..core.lock import edits_records
from .common import Outcome, ReleaseError, all_or_nothing, open_editor, read_source
from .stamp import KEY_ENV, edited_bytes
from .yamledit import flow_mapping

# Findings that say the record no longer stands for the content: such a record needs a release, not a signature.
UNSIGNABLE = ("QD190", "QD191", "QD192")


@edits_records
def sign_records(config: Config, codes: list[str], *, approver: str, key: str | None = None,
                 date: dt.date | None = None) -> Outcome:
    """Sign the approval records of `approver` (all of them, or the ids in `codes`) whose content still
    matches the fingerprint. With ids, any refusal stops everything; without, the refused are listed."""
    chosen_key = key or os.environ.get(KEY_ENV)
    if not chosen_key:  # whatever the project's mode: signing is the point
        raise ReleaseError(t("sign.need_key", approver=approver, env=KEY_ENV))
    path = Path(chosen_key)
    signers = config.allowed_signers_path
    if not signers.is_file():
        raise ReleaseError(t("sign.no_signers", file=shown_path(seen_from_here(config.allowed_signers, to_be=True))))
    result = check(config)
    records = {item.id: item for item in controlled_items(result.corpus) if item.record.get("fingerprint")}
    wanted = [normalise(c) for c in codes]
    unknown = [c for c in wanted if c not in records]
    # an id that names a draft (or content never approved) is told so: it needs a release, not a signature
    unapproved = [(found.id, found.status_label) for c in unknown
                  if (found := result.corpus.lookup(c) or result.corpus.manual(c)) is not None]
    missing = [c for c in unknown if result.corpus.lookup(c) is None and result.corpus.manual(c) is None]
    if missing:
        raise ReleaseError(t("sign.unknown", ids=join(missing), hint=result.did_you_mean(*missing)),
                           [f for code in missing for f in result.unread(code)])
    if unapproved:
        raise ReleaseError(t("sign.unapproved", items=t("act.sep").join(
            t("sign.unapproved_item", id=i, status=status) for i, status in unapproved)))
    chosen = [records[c] for c in wanted] if wanted else [i for i in records.values() if signer(i.data) == approver]
    day = (date or config.today).isoformat()
    plan: list[Controlled] = []
    refused, skipped, already = [], [], []
    for item in chosen:
        expected = str(item.record["fingerprint"])
        if signer(item.data) != approver:
            skipped.append(t("sign.skipped_item", id=item.id, approver=signer(item.data)))
            continue
        broken = [f for f in result.findings if f.path == item.path and f.code in UNSIGNABLE
                  and f.severity is Severity.ERROR]
        if broken or fingerprint(item.data, item.body) != expected:
            why = broken[0].format() if broken else t("sign.content_changed")
            refused.append(t("sign.refused_item", id=item.id, why=why))
            continue
        dated = signing_date_problem({**item.data, "approved": {**item.record, "signed": day}}, config.today)
        if dated:
            refused.append(t("sign.bad_date_item", id=item.id, why=dated))
            continue
        signature = item.record.get("signature")
        if isinstance(signature, str) and verify_signature(signers, approver, signature, signing_payload(item.id, expected),
                                                           signed_on(item.data) or config.today) is None:
            already.append(item.id)
            continue
        plan.append(item)
    if wanted and (refused or skipped):
        raise ReleaseError(t("sign.refused_all", items=t("act.sep").join(refused + skipped)))
    if not plan:
        reasons = refused + [t("sign.already_item", id=i) for i in already] + skipped
        raise ReleaseError(t("sign.nothing_reasons", approver=approver, reasons=t("act.sep").join(reasons)) if reasons
                           else t("sign.nothing", approver=approver))
    if unquoted_principal(signers, approver):  # every signature would be refused: say why before making one
        raise ReleaseError(t("sign.unquoted_principal", identity=approver, file=shown_path(config.allowed_signers)))
    paths = {item.path for item in plan}
    with all_or_nothing() as edits:  # every record signed, re-checked, or none
        for item in plan:
            expected = str(item.record["fingerprint"])
            payload = signing_payload(item.id, expected)
            try:
                signature = sign(path, payload)
            except SigningError as exc:
                raise ReleaseError(str(exc)) from exc
            problem = verify_signature(signers, approver, signature, payload, dt.date.fromisoformat(day))
            if problem:
                raise ReleaseError(t("sign.wrong_key", key=path, signers=shown_path(config.allowed_signers), approver=approver,
                                     problem=problem, env=KEY_ENV))
            source = read_source(config.root / item.path)
            editor = open_editor(item.kind, source)
            record = {k: v for k, v in item.record.items() if k not in ("signature", "signed")}
            editor.set("approved", flow_mapping({**record, "signed": day, "signature": signature}))
            edits.write(source.path, edited_bytes(item.kind, source, editor), original=source.raw)
        errors = [f for f in check(config).findings if f.path in paths and f.severity is Severity.ERROR
                  and f.code in (*UNSIGNABLE, "QD004", "QD003", "QD193")]
        if errors:
            raise ReleaseError(t("sign.errors_after"), errors)
    lines = [t("sign.done", count=len(plan), approver=approver, date=day)]
    lines += [f"  {item.id}  {item.path}" for item in plan]
    if already:
        lines.append(t("sign.already", ids=join(already)))
    if skipped:
        lines.append(t("sign.skipped", items=join(skipped)))
    if refused:
        lines.append(t("sign.refused", items=t("act.sep").join(refused)))
    return Outcome(config.root, "\n".join(lines))
