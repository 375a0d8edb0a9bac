"""`qmsdoc sign`: add the approver's SSH signature to approval records that already exist — moving a
system to signed mode without re-releasing anything. A record is signed only while the content still
matches its fingerprint and its git history holds no tampering: the signature then attests exactly what
was approved, with no new version and no new 修订记录; `signed: <date>` records when it was added."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..core.approval import Controlled, SigningError, controlled_items, sign, signer, signing_payload, verify_signature
from ..core.check import check
from ..core.codes import normalise
from ..core.config import Config
from ..core.findings import Severity
from ..core.fingerprint import fingerprint
from ..core.sourcefile import SourceFile, SourceWriteError, write_atomic
from .common import Outcome, ReleaseError, open_editor, read_source, restore
from .stamp import KEY_ENV, edited_bytes
from .yamledit import flow_mapping

# Findings that say the record no longer stands for the content: such a record needs a release, not a signature.
UNSIGNABLE = ("QD190", "QD191", "QD192")


def sign_records(config: Config, codes: list[str], *, approver: str, key: str | None = None,
                 date: dt.date | None = None) -> Outcome:
    """Sign the approval records of `approver` (all of them, or the ids in `codes`) whose content still
    matches the fingerprint. With ids, any refusal stops everything; without, the refused are listed."""
    chosen_key = key or os.environ.get(KEY_ENV)
    if not chosen_key:  # whatever the project's mode: signing is the point
        raise ReleaseError(f"请用 --key 指定批准人 {approver} 的 SSH 私钥，或设置环境变量 {KEY_ENV}")
    path = Path(chosen_key)
    signers = config.allowed_signers_path
    if not signers.is_file():
        raise ReleaseError(f"找不到批准人公钥文件 {config.allowed_signers}：请先写入每位批准人的公钥"
                           f"（每行“批准人 namespaces=\"qmsdoc\" ssh-ed25519 公钥”）并提交，再签名")
    result = check(config)
    records = {item.id: item for item in controlled_items(result.corpus) if item.record.get("fingerprint")}
    wanted = [normalise(c) for c in codes]
    unknown = [c for c in wanted if c not in records]
    if unknown:
        raise ReleaseError(f"这些编号不存在或还没有批准记录（须先发布或基线）：{'、'.join(unknown)}")
    chosen = [records[c] for c in wanted] if wanted else [i for i in records.values() if signer(i.data) == approver]
    day = (date or config.today).isoformat()
    plan: list[Controlled] = []
    refused, skipped, already = [], [], []
    for item in chosen:
        expected = str(item.record["fingerprint"])
        if signer(item.data) != approver:
            skipped.append(f"{item.id}（批准人 {signer(item.data)}）")
            continue
        broken = [f for f in result.findings if f.path == item.path and f.code in UNSIGNABLE
                  and f.severity is Severity.ERROR]
        if broken or fingerprint(item.data, item.body) != expected:
            why = broken[0].format() if broken else "内容与批准指纹不符"
            refused.append(f"{item.id}（{why}：须走发布流程 qmsdoc release，不能补签）")
            continue
        signature = item.record.get("signature")
        if isinstance(signature, str) and verify_signature(signers, approver, signature,
                                                           signing_payload(item.id, expected)) is None:
            already.append(item.id)
            continue
        plan.append(item)
    if wanted and (refused or skipped):
        raise ReleaseError("以下批准记录不能签名，未作任何修改：" + "；".join(refused + skipped))
    if not plan:
        reasons = refused + [f"{i}（已签名）" for i in already] + skipped
        raise ReleaseError(f"没有需要 {approver} 签名的批准记录" + (f"：{'；'.join(reasons)}" if reasons else ""))
    written: list[SourceFile] = []
    for item in plan:
        expected = str(item.record["fingerprint"])
        payload = signing_payload(item.id, expected)
        try:
            signature = sign(path, payload)
        except SigningError as exc:
            restore(written)
            raise ReleaseError(str(exc)) from exc
        problem = verify_signature(signers, approver, signature, payload)
        if problem:
            restore(written)
            raise ReleaseError(f"私钥 {path} 不是 {config.allowed_signers} 中 {approver} 的公钥所对应的私钥（{problem}）："
                               f"请使用 {approver} 本人的私钥（--key 或环境变量 {KEY_ENV}），已签名的记录均已撤销")
        source = read_source(config.root / item.path)
        editor = open_editor(item.kind, source)
        record = {k: v for k, v in item.record.items() if k not in ("signature", "signed")}
        editor.set("approved", flow_mapping({**record, "signed": day, "signature": signature}))
        try:
            write_atomic(source.path, edited_bytes(item.kind, source, editor))
        except SourceWriteError as exc:
            restore(written)
            raise ReleaseError(str(exc)) from exc
        written.append(source)
    paths = {item.path for item in plan}
    errors = [f for f in check(config).findings if f.path in paths and f.severity is Severity.ERROR
              and f.code in (*UNSIGNABLE, "QD004", "QD003", "QD193")]
    if errors:
        restore(written)
        raise ReleaseError("签名后批准记录有错误，已撤销修改", errors)
    lines = [f"已签名 {len(plan)} 项（批准人：{approver}，签名日期：{day}；内容、版本与修订记录不变）："]
    lines += [f"  {item.id}  {item.path}" for item in plan]
    if already:
        lines.append("已有有效签名：" + "、".join(already))
    if skipped:
        lines.append("未处理（须由各自的批准人签名）：" + "、".join(skipped))
    if refused:
        lines.append("不能签名（内容或批准记录已改动）：" + "；".join(refused))
    return Outcome(config.root, "\n".join(lines))
