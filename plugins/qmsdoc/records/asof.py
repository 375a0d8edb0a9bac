"""受控文件清单 as it stood on a past day (`qmsdoc register --as-of`), from git history: each document's
version in force that day, its effective date and approver; documents not yet in force or already
withdrawn are listed apart, each with why. A version git never saw (history before the repository) is
taken from the 修订记录 of the earliest committed text, its approver unknown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.approval import History
from ..core.model import Corpus, Document
from ..core.versions import Release, in_force_on, releases
from .register import to_csv
from .xlsx import Sheet, to_xlsx

HEADERS = ("文件编号", "文件名称", "类别", "当日现行版本", "生效日期", "批准", "归口部门", "依据")
WIDTHS = (16, 34, 12, 12, 12, 18, 16, 40)
OUT_HEADERS = ("文件编号", "文件名称", "当日状态", "说明")
OUT_WIDTHS = (16, 34, 14, 50)


@dataclass(frozen=True)
class AsOf:
    """The register of one day: documents in force, and the others with why they are not."""

    day: dt.date
    rows: list[list[str]]
    left_out: list[list[str]]
    note: str | None  # why git history could not be read (then only the 修订记录 answered)


def _from_history(document: Document, day: dt.date) -> tuple[str, str] | None:
    """(version, date) in force on `day` by the 修订记录 alone: the last entry dated on or before it."""
    entries = [e for e in document.history if e.date and e.date <= day and e.version is not None]
    return (entries[-1].raw_version, entries[-1].date.isoformat()) if entries and entries[-1].date else None


def _row(document: Document, release: Release) -> list[str]:
    data = release.data
    approved = data.get("approved") if isinstance(data.get("approved"), dict) else {}
    by = f"{approved.get('by', '')} {approved.get('date', '')}".strip() if isinstance(approved, dict) else ""
    return [document.id, str(data.get("title", document.title)), document.type_label, release.version,
            str(release.effective_date or ""), by, str(data.get("department", document.department)),
            f"git 提交 {release.commit[:10]}（{release.committed}）"]


def register_as_of(corpus: Corpus, history: History, day: dt.date) -> AsOf:
    rows: list[list[str]] = []
    left_out: list[list[str]] = []
    for document in corpus.sorted_documents():
        found = releases("document", document.path, history.versions.get(document.path, []))
        release = in_force_on(found, day)
        if release is not None:
            rows.append(_row(document, release))
            continue
        withdrawals = [r.withdrawn for r in found if r.status.is_obsolete and r.withdrawn]
        if not found and document.status.is_obsolete and document.withdrawn:
            withdrawals.append(document.withdrawn)
        withdrawn = next((w for w in withdrawals if w <= day), None)
        if withdrawn is not None:
            left_out.append([document.id, document.title, "已作废", f"{withdrawn} 作废"])
            continue
        # Before the first version git saw: the 修订记录 of the earliest committed text (or of the file) answers.
        earliest = found[0].document if found else document
        recorded = _from_history(earliest, day) if earliest.status.is_published else None
        if recorded is not None and earliest.status.is_obsolete and earliest.withdrawn is None:
            left_out.append([document.id, document.title, "无法确定",
                             f"已作废但未记录作废日期（{recorded[0]} 于 {recorded[1]} 批准）：当日是否现行无法确定"])
        elif recorded is not None:
            version, date = recorded
            rows.append([document.id, earliest.title, document.type_label, version, date,
                         "（git 历史之前，批准人不详）", earliest.department, "修订记录"])
        elif not document.status.is_published and not found:
            left_out.append([document.id, document.title, "未发布", f"状态为{document.status_label}，从未生效"])
        else:
            first = found[0] if found else None
            when = f"{first.version} 于 {first.effective_date} 生效" if first and first.effective_date else \
                "该日期早于修订记录中最早的版本"
            left_out.append([document.id, document.title, "尚未生效", when])
    return AsOf(day, rows, left_out, history.note)


def as_csv(register: AsOf) -> bytes:
    rows = register.rows + [[r[0], r[1], "", f"（{r[2]}）", "", "", "", r[3]] for r in register.left_out]
    return to_csv(HEADERS, rows)


def as_xlsx(register: AsOf) -> bytes:
    return to_xlsx([Sheet(f"受控文件清单（{register.day}）", HEADERS, register.rows, WIDTHS, dates=(4,)),
                    Sheet("当日未生效或已作废", OUT_HEADERS, register.left_out, OUT_WIDTHS)], register.day)
