"""Generate a benchmark corpus: N documents across M manuals, bodies and forms modelled on the shipped
manuals, with realistic [[ID]] references, 质量记录, a few obsolete and draft documents."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = ["qp-hr/QP-02-01.md", "qp-hr/QP-02-02.md", "qp-hr/QP-02-03.md", "qp-service/QP-03-01.md",
             "qp-service/QP-03-02.md", "qp-service/QP-03-03.md", "qp-service/QP-03-04.md", "qp-service/QP-03-05.md",
             "lywg/LYWG-001.md"]
FORM_TEMPLATES = ["QP-02-03-F001.yaml", "QP-02-02-F002.yaml", "QP-03-04-F001.yaml", "LYWG_QR-007.yaml"]
DOCS_PER_MANUAL = 200


def _body(template: str) -> str:
    text = (REPO / "manuals" / template).read_text("utf-8")
    body = text.split("\n---\n", 1)[1]
    body = re.sub(r"\[\[[^\]]+\]\]", "", body)  # template refs are replaced by generated ones
    return body.split("## 5.0")[0].split("## 6.0")[0]


APPROVAL = "approved: {by: 总经理, date: 2026-02-25}"


def _approved(kind: str, text: str) -> str:
    """Put the approval fingerprint into the record, as `qmsdoc baseline` would (every source is approved)."""
    from qmsdoc.core.approval import content_fingerprint

    return text.replace(APPROVAL, APPROVAL[:-1] + f", fingerprint: {content_fingerprint(kind, text)}}}", 1)


def reapproved(text: str) -> str:
    """A document's text with its fingerprint recomputed for its current content (a re-approval)."""
    from qmsdoc.core.approval import refingerprinted

    return refingerprinted("document", text)


def without_copies(root: Path) -> None:
    """Make a generated project build its site alone (`word_copies: false` and `pdf_copies: false` in its
    qmsdoc.yml): the site measurements time the site, not the controlled copies."""
    config = root / "qmsdoc.yml"
    text = config.read_text("utf-8")
    assert "word_copies: true" in text, "qmsdoc.yml no longer names word_copies"
    assert "pdf_copies: true" in text, "qmsdoc.yml no longer names pdf_copies"
    config.write_text(text.replace("word_copies: true", "word_copies: false").replace("pdf_copies: true",
                                                                                     "pdf_copies: false"), "utf-8")


def generate(target: Path, documents: int, seed: int = 7, *, one_manual: bool = False) -> dict[str, int]:
    """Write a project (manuals/, controlled_forms/, qmsdoc.yml, mkdocs.yml) with `documents` documents.
    With `one_manual` every document sits in manual BM-01 (a group company's single procedure manual); the
    control numbers keep their middle group (BM-01-…, BM-02-…, 200 each) as process areas."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "manuals").mkdir(parents=True)
    (target / "controlled_forms").mkdir()
    shutil.copy(REPO / "qmsdoc.yml", target / "qmsdoc.yml")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    (target / "manuals" / "index.md").write_text("---\ntitle: 基准测试\n---\n# 基准测试\n\n生成的文件集。\n", "utf-8")
    bodies = [_body(t) for t in TEMPLATES]
    form_texts = [(REPO / "controlled_forms" / f).read_text("utf-8") for f in FORM_TEMPLATES]
    groups = max(1, (documents + DOCS_PER_MANUAL - 1) // DOCS_PER_MANUAL)
    ids = [f"BM-{m + 1:02d}-{d + 1:03d}" for m in range(groups) for d in range(DOCS_PER_MANUAL)][:documents]
    manuals = 1 if one_manual else groups
    status = {code: "effective" for code in ids}
    for code in rng.sample(ids, max(1, documents // 100)):
        status[code] = "draft"
    effective = [c for c in ids if status[c] == "effective"]
    obsolete = rng.sample(effective[1:], max(1, documents // 100))
    forms_total = 0
    for m in range(manuals):
        folder = target / "manuals" / f"m{m + 1:02d}"
        folder.mkdir()
        folder.joinpath("index.md").write_text(_approved("manual", (
            f"---\nid: BM-{m + 1:02d}\ntitle: 基准手册 {m + 1}\nowner: 质量部\nnumbering:\n"
            "  document: '^BM-\\d{2}-\\d{3}$'\n  form: '^BM-\\d{2}-\\d{3}-F\\d{3}$'\n" + APPROVAL + "\n---\n"
            "## 适用范围\n\n基准测试手册。\n\n## 发布声明\n\n经批准发布。\n")), "utf-8")
    for index, code in enumerate(ids):
        manual = "01" if one_manual else code[3:5]
        count = rng.randint(1, 2)
        own_forms = [] if code in obsolete else [f"{code}-F{n + 1:03d}" for n in range(count)]
        for n, form in enumerate(own_forms):
            text = form_texts[(index + n) % len(form_texts)]
            text = re.sub(r"^code: .*$", f"code: {form}", text, flags=re.M)
            text = re.sub(r"^owner: .*$", f"owner: {code}", text, flags=re.M)
            text = re.sub(r"^approved: .*$", APPROVAL, text, flags=re.M)
            (target / "controlled_forms" / f"{form}.yaml").write_text(_approved("form", text), "utf-8")
        forms_total += len(own_forms)
        # Effective documents cite effective ones; keep references inside the corpus and acyclic enough.
        candidates = [c for c in effective if c != code and c not in obsolete]
        cited = rng.sample(candidates, min(len(candidates), rng.randint(1, 4))) if status[code] == "effective" else []
        state = "obsolete" if code in obsolete else status[code]
        successor = next(c for c in effective if c not in obsolete and c != code)
        extra = f"superseded_by: {successor}\n" if state == "obsolete" else ""
        body = bodies[index % len(bodies)]
        support = "\n".join(f"- [[{c}]]" for c in cited) or "无"
        records = "\n".join(f"- [[{f}]]" for f in own_forms) or "无"
        text = (f"---\nid: {code}\ntitle: 基准程序文件 {code}\ntype: procedure\nversion: A/1\nstatus: {state}\n{extra}"
                "department: 管家服务中心\neffective_date: 2026-03-01\nreview_months: 24\n"
                "prepared: {by: 质量专员, date: 2026-02-10}\nreviewed: {by: 服务中心经理, date: 2026-02-20}\n"
                "approved: {by: 总经理, date: 2026-02-25}\nhistory:\n"
                "  - {version: A/0, date: 2025-01-05, by: 质量专员, change: 首次发布}\n"
                "  - {version: A/1, date: 2026-02-25, by: 质量专员, change: 修订}\n---\n"
                f"{body}\n## 5.0 支持性文件\n\n{support}\n\n## 6.0 质量记录\n\n{records}\n")
        (target / "manuals" / f"m{manual}" / f"{code}.md").write_text(_approved("document", text), "utf-8")
    return {"documents": documents, "manuals": manuals, "forms": forms_total}
