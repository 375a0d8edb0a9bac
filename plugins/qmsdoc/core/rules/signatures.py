"""Signed approvals (qmsdoc.yml `approvals: signed`): each approval record carries an SSH signature over
its id and fingerprint by the key that allowed_signers lists for the approver (`approved.by`)."""

from __future__ import annotations

from collections.abc import Iterator

from ..approval import (
    controlled_items,
    signed_on,
    signer,
    signing_date_problem,
    signing_payload,
    ssh_keygen_missing,
    verify_signature,
)
from ..config import CONFIG_NAME
from ..errors import shown_path
from ..findings import Finding, Severity
from ..i18n import t
from ..source import outside_message, outside_target
from . import Context, Rule, rule


@rule("QD193", Severity.ERROR, "批准签名缺失或无效（签名模式）")
def approval_signature(self: Rule, ctx: Context) -> Iterator[Finding]:
    if not ctx.config.signed:
        return
    signers = ctx.config.allowed_signers_path
    outside = outside_target(signers, ctx.config.root)
    if outside is not None:  # trust material must be the committed file, not whatever a link leads to
        yield Finding(ctx.config.allowed_signers, 1, "QD008", Severity.ERROR, outside_message(outside))
        return
    if not signers.is_file():
        yield self.at(CONFIG_NAME, 1, t("rule.QD193.no_signers", path=shown_path(ctx.config.allowed_signers)))
        return
    if ssh_keygen_missing():  # one cause, said once: not every record's signature called invalid
        yield self.at(CONFIG_NAME, 1, t("sign.no_ssh_keygen"))
        return
    for item in controlled_items(ctx.corpus):
        record = item.record
        stamp, by = record.get("fingerprint"), signer(item.data)
        if not isinstance(stamp, str) or not isinstance(by, str):
            continue  # QD122 reports the missing record
        signature = record.get("signature")
        if not isinstance(signature, str):
            yield self.at(item.path, item.record_line,
                          t("rule.QD193.unsigned", by=by))
            continue
        problem = signing_date_problem(item.data, ctx.config.today) or verify_signature(
            signers, by, signature, signing_payload(item.id, stamp), signed_on(item.data) or ctx.config.today)
        if problem:
            yield self.at(item.path, item.record_line, t("rule.QD193.invalid", problem=problem, by=by))
