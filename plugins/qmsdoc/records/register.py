"""受控文件清单, 外来文件清单, 文件发放回收记录, 回收清单 and 文件学习确认记录 as CSV and XLSX (records/xlsx.py),
byte-reproducible."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from ..core.distribution import Register, recall_list, standing, superseded, voided_copies
from ..core.model import Corpus, Document, Form
from ..core.paths import (
    ACKNOWLEDGEMENTS_CSV,
    DOCX_DIR,
    EXTERNAL_REGISTER_CSV,
    RECALL_CSV,
    REGISTER_CSV,
    REGISTER_XLSX,
    docx_relative,
)
from ..core.training import Assignment
from .hashes import FileHashes, sha256_file
from .xlsx import Sheet, to_xlsx

HEADERS = ("文件编号", "文件名称", "类别", "版本", "状态", "归口部门", "生效日期", "编制", "审核", "批准", "下次评审日期",
           "源文件 SHA-256", "Word 副本 SHA-256")
EXTERNAL_HEADERS = ("外来文件编号", "名称", "发布单位", "引用文件", "引用文件名称")
WIDTHS = (16, 34, 12, 8, 10, 16, 12, 18, 18, 18, 14, 66, 66)
EXTERNAL_WIDTHS = (22, 36, 24, 14, 34)


def _signoff(document: Document, key: str) -> str:
    signoff = document.signoffs.get(key)
    return f"{signoff.by} {signoff.date or ''}".strip() if signoff else ""


def _review_cell(document: Document, today: dt.date | None) -> str:
    """The 下次评审 column: 作废日期 for a withdrawn document, the due date (marked when overdue) otherwise."""
    if document.status.is_obsolete:
        return f"已作废 {document.withdrawn}" if document.withdrawn else "已作废"
    due = document.next_review
    if today and document.review_overdue(today):
        return f"{due}（评审逾期）"
    return str(due or "")


def register_rows(corpus: Corpus, root: Path, docx_dir: Path, today: dt.date | None = None,
                  hashes: FileHashes | None = None) -> list[list[str]]:
    rows = []
    digest = hashes.sha256 if hashes is not None else sha256_file
    for target in corpus.sorted_targets():
        word = digest(docx_dir / docx_relative(target.id, form=isinstance(target, Form)))
        source = target.source.sha256 or sha256_file(root / target.path)  # the bytes this build was made from
        if isinstance(target, Document):
            rows.append([target.id, target.title, target.type_label, str(target.version or ""), target.status_label,
                         target.department, str(target.effective_date or ""), _signoff(target, "prepared"),
                         _signoff(target, "reviewed"), _signoff(target, "approved"), _review_cell(target, today),
                         source, word])
        else:
            rows.append([target.id, target.title, target.type_label, str(target.version or ""), target.status_label,
                         "", "", "", "", "", "", source, word])
    return rows


def external_rows(corpus: Corpus) -> list[list[str]]:
    rows = []
    for document in corpus.sorted_documents():
        for item in document.external:
            rows.append([str(item.get("code", "")), str(item.get("title", "")), str(item.get("issuer", "")),
                         document.id, document.title])
    return sorted(rows)


# Spreadsheets run cells starting with these as formulas (=HYPERLINK(...) leaks data, DDE runs commands).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A CSV cell Excel and WPS show as text: a leading quote before formula characters (OWASP)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(headers: tuple[str, ...], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel and WPS open UTF-8 CSV correctly


DISTRIBUTION_HEADERS = ("分发号", "文件编号", "文件名称", "版本", "格式", "领用部门", "发放日期", "发放人", "回收日期", "回收人",
                        "状态", "副本 SHA-256")
DISTRIBUTION_WIDTHS = (22, 14, 30, 8, 8, 16, 12, 12, 12, 12, 28, 66)
RECALL_HEADERS = ("分发号", "文件编号", "文件名称", "副本版本", "现状", "领用部门", "发放日期", "发放人")
RECALL_WIDTHS = (22, 14, 30, 10, 30, 16, 12, 12)


def distribution_rows(register: Register, corpus: Corpus) -> list[list[str]]:
    """文件发放回收记录: every issued copy, with where its version stands today."""
    rows = []
    for entry in register.entries:
        now = standing(corpus, entry.document)
        if entry.void:
            state = f"作废-{entry.void_reason}（由 {entry.replaced_by} 替代）"
        elif entry.returned is not None:
            state = "已回收"
        elif now is None:
            state = "文件已不存在"
        elif superseded(entry, now):
            state = "待回收（已作废）" if now.obsolete else f"待回收（现行版本 {now.current_version}）"
        else:
            state = "在用（现行）"
        rows.append([entry.number, entry.document, now.title if now else "", entry.version, entry.format,
                     entry.recipient, entry.date.isoformat(), entry.issued_by,
                     entry.returned.isoformat() if entry.returned else "", entry.returned_by, state, entry.sha256])
    return rows


def recall_rows(register: Register, corpus: Corpus) -> list[list[str]]:
    """回收清单: outstanding copies of superseded versions, then the copies declared void (not to be recalled:
    lost or damaged, replaced under a new 分发号)."""
    rows = [[r.entry.number, r.entry.document, r.title, r.entry.version, r.reason, r.entry.recipient,
             r.entry.date.isoformat(), r.entry.issued_by] for r in recall_list(register, corpus)]
    for entry in voided_copies(register):
        now = standing(corpus, entry.document)
        rows.append([entry.number, entry.document, now.title if now else "", entry.version,
                     f"作废-{entry.void_reason}（{entry.voided}，由 {entry.replaced_by} 替代，无需回收）",
                     entry.recipient, entry.date.isoformat(), entry.issued_by])
    return rows


ACKNOWLEDGEMENT_HEADERS = ("文件编号", "文件名称", "版本", "学习部门", "状态", "确认人", "确认日期", "发布日期", "截止日期",
                           "尚未确认人员")
ACKNOWLEDGEMENT_WIDTHS = (14, 30, 8, 16, 8, 24, 24, 12, 12, 24)


def acknowledgement_rows(assignments: list[Assignment]) -> list[list[str]]:
    """文件学习确认记录: one row per department assignment of each version in force, with who acknowledged and when
    (several people: in the same order in both columns)."""
    return [[a.document.id, a.document.title, a.version, a.department, a.label,
             "、".join(e.person for e in a.acknowledged), "、".join(e.date.isoformat() for e in a.acknowledged),
             a.opened.isoformat() if a.opened else "", a.due.isoformat() if a.due else "", "、".join(a.outstanding)]
            for a in assignments]


def write_registers(corpus: Corpus, root: Path, build_dir: Path, stamp: dt.date,
                    today: dt.date | None = None, register: Register | None = None,
                    hashes: FileHashes | None = None, assignments: list[Assignment] | None = None) -> list[Path]:
    rows = register_rows(corpus, root, build_dir / DOCX_DIR, today, hashes)
    external = external_rows(corpus)
    register = register or Register(root, "")
    issued, recalls = distribution_rows(register, corpus), recall_rows(register, corpus)
    acknowledged = acknowledgement_rows(assignments or [])
    outputs = {
        REGISTER_CSV: to_csv(HEADERS, rows),
        EXTERNAL_REGISTER_CSV: to_csv(EXTERNAL_HEADERS, external),
        RECALL_CSV: to_csv(RECALL_HEADERS, recalls),
        ACKNOWLEDGEMENTS_CSV: to_csv(ACKNOWLEDGEMENT_HEADERS, acknowledged),
        REGISTER_XLSX: to_xlsx([
            Sheet("受控文件清单", HEADERS, rows, WIDTHS, dates=(6, 10)),
            Sheet("外来文件清单", EXTERNAL_HEADERS, external, EXTERNAL_WIDTHS),
            Sheet("文件发放回收记录", DISTRIBUTION_HEADERS, issued, DISTRIBUTION_WIDTHS, dates=(6, 8)),
            Sheet("回收清单", RECALL_HEADERS, recalls, RECALL_WIDTHS, dates=(6,)),
            Sheet("文件学习确认记录", ACKNOWLEDGEMENT_HEADERS, acknowledged, ACKNOWLEDGEMENT_WIDTHS, dates=(7, 8)),
        ], stamp),
    }
    written = []
    for name, data in outputs.items():
        path = build_dir / name
        path.write_bytes(data)
        written.append(path)
    return written


def latest_date(corpus: Corpus) -> dt.date:
    """The register's own date: the newest approval or effective date, so rebuilds are identical."""
    days = [d.effective_date for d in corpus.documents.values() if d.effective_date]
    days += [s.date for d in corpus.documents.values() for s in d.signoffs.values() if s.date]
    return max(days, default=dt.date(2000, 1, 1))
