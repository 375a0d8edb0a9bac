"""受控文件清单, 外来文件清单, 文件发放回收记录, 回收清单 and 文件学习确认记录 as CSV and XLSX (records/xlsx.py),
byte-reproducible, worded in the project's language."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..core.codes import normalise
from ..core.copylabels import NO_DATE
from ..core.distribution import (
    Register,
    in_force_until,
    newer_version,
    reason_said,
    recall_list,
    recall_now_and_later,
    recall_when,
    replacement_note,
    standing,
    superseded_reason,
    void_list,
    void_said,
)
from ..core.i18n import Words, join, t
from ..core.model import Corpus, Document, Form, Manual
from ..core.paths import (
    ACKNOWLEDGEMENTS_CSV,
    DOCX_DIR,
    EXTERNAL_REGISTER_CSV,
    RECALL_CSV,
    REGISTER_CSV,
    REGISTER_XLSX,
    copy_relative,
    docx_relative,
)
from ..core.training import Assignment, Unrebuilt, with_unknown
from .hashes import FileHashes, sha256_file
from .xlsx import Sheet, to_xlsx

HEADERS = Words("label.id", "label.title", "label.type_short", "label.version", "label.status", "label.department",
                "label.effective_date", "signoff.prepared", "signoff.reviewed", "signoff.approved",
                "register.col.next_review", "register.col.source_sha", "register.col.word_sha")
EXTERNAL_HEADERS = Words("register.col.external_id", "register.col.name", "register.col.issuer",
                         "register.col.cited_in", "register.col.cited_in_title")
WIDTHS = (16, 34, 12, 8, 10, 16, 12, 18, 18, 18, 14, 66, 66)  # the last two (SHA-256) are not printed
EXTERNAL_WIDTHS = (22, 36, 24, 14, 34)


def _signoff(document: Document | Manual, key: str) -> str:
    signoff = document.signoffs.get(key)
    return f"{signoff.by} {signoff.date or ''}".strip() if signoff else ""


def _review_cell(document: Document, today: dt.date | None) -> str:
    """The 下次评审 column: 作废日期 for a withdrawn document, the due date (marked when overdue) otherwise."""
    if document.status.is_obsolete:  # withdrawn, or to be withdrawn on a later day than `today`
        return document.withdrawn_cell_on(today) if today is not None else document.withdrawn_cell
    due = document.next_review
    if today and document.review_overdue(today):
        return t("register.overdue", due=due)
    return str(due) if due else NO_DATE  # no periodic review: said as of a manual's page and a form, not left blank


def manual_row(manual: Manual, root: Path, word: str, today: dt.date | None = None) -> list[str]:
    """What the 受控文件清单 says of a manual's own index page (numbered, versioned and approved like a document):
    类别 手册, its owner as 部门, 编制/审核/批准 of the page, no periodic review of its own ("—"), and `word` the
    SHA-256 of the whole-manual Word copy issued under its number."""
    source = manual.source.sha256 or sha256_file(root / manual.path)
    status = manual.status_on(today) if today is not None else manual.status_label
    return [manual.id, manual.title, manual.type_label, manual.version, status, manual.department,
            manual.effective_cell, _signoff(manual, "prepared"), _signoff(manual, "reviewed"),
            _signoff(manual, "approved"), NO_DATE, source, word]


def _word_digest(docx_dir: Path, hashes: FileHashes | None) -> Callable[[str], str]:
    """The SHA-256 of a Word copy by its path under `docx_dir`: from `hashes` (by the stat its listing read)
    when the folder is under its root, read from the file otherwise."""
    if hashes is not None and docx_dir.is_relative_to(hashes.root):
        prefix = docx_dir.relative_to(hashes.root).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        return lambda relative: hashes.digest(prefix + relative)
    return lambda relative: sha256_file(docx_dir / relative)


def register_rows(corpus: Corpus, root: Path, docx_dir: Path, today: dt.date | None = None,
                  hashes: FileHashes | None = None) -> list[list[str]]:
    """受控文件清单: every manual's index page, then every document, then every blank form, each in control-number
    order. Manuals first, as a quality department's list runs from the top of its document hierarchy down
    (手册, 程序文件 and the rest, 表单), and so no document's place depends on which manual holds it."""
    digest = _word_digest(docx_dir, hashes)
    rows = [manual_row(manual, root, digest(copy_relative(manual.id, "manual")), today)
            for manual in corpus.sorted_manuals()]
    for target in corpus.sorted_targets():
        word = digest(docx_relative(target.id, form=isinstance(target, Form)))
        source = target.source.sha256 or sha256_file(root / target.path)  # the bytes this build was made from
        if isinstance(target, Document):
            status = target.status_on(today) if today is not None else target.status_label
            listed = target.listed_on(today)  # its last version in force while its withdrawal waits
            rows.append([target.id, target.title, target.type_label, str(listed.version or ""), status,
                         target.department, listed.effective_cell, _signoff(target, "prepared"),
                         _signoff(target, "reviewed"), _signoff(target, "approved"), _review_cell(target, today),
                         source, word])
        else:
            approval = target.approval
            status = target.status_on(today) if today is not None else target.status_label
            withdrawn = target.withdrawn_cell_on(today) if today is not None else target.withdrawn_cell
            rows.append([target.id, target.title, target.type_label, str(target.version or ""), status,
                         corpus.department_of(target), target.effective_cell, "", "",
                         f"{approval.by} {approval.date or ''}".strip() if approval else "",
                         withdrawn or NO_DATE, source, word])
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


# Excel splits a CSV at the reader's list separator, `;` in much of Europe, wherever it stands (quotes opened
# mid-cell mean nothing there): `标题;=cmd|…;x` becomes a cell beginning with `=` that no guard at the start saw.
_FORMULA_AFTER_SEMICOLON = re.compile(r";(?=[ \u3000]*[=+\-@])")
TEXT_GUARD = "\u200b"
"""What a formula-like cell starts with: a zero-width space. Excel, WPS and LibreOffice then read the cell as text and
show it as written — OWASP's leading quote is hidden by Excel only: LibreOffice shows `'=…`, and after a `;` (the
cell a `;` reader sees) every reader showed `x;'=…` (tests/test_csv_guard_office.py opens them in LibreOffice)."""


def csv_cell(value: str) -> str:
    """A CSV cell spreadsheets show as the text written, never run as a formula: TEXT_GUARD before formula
    characters at the start and after each `;` (the cell starts there for a reader whose list separator is `;`)."""
    value = _FORMULA_AFTER_SEMICOLON.sub(";" + TEXT_GUARD, value)
    return TEXT_GUARD + value if value.startswith(FORMULA_START) else value


def to_csv(headers: Sequence[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel and WPS open UTF-8 CSV correctly


DISTRIBUTION_HEADERS = Words("label.copy_number", "label.id", "label.title", "label.version", "register.col.format",
                             "label.recipient", "label.issue_date", "label.issued_by", "register.col.returned",
                             "register.col.returned_by", "label.status", "register.col.copy_sha")
DISTRIBUTION_WIDTHS = (22, 14, 30, 8, 8, 16, 12, 12, 12, 12, 28, 66)
RECALL_HEADERS = Words("label.copy_number", "label.id", "label.title", "label.copy_version", "label.copy_state",
                       "register.col.recall_when", "label.recipient", "label.issue_date", "label.issued_by")
RECALL_WIDTHS = (22, 14, 30, 10, 30, 24, 16, 12, 12)


def distribution_rows(register: Register, corpus: Corpus, today: dt.date,
                      deleted: Mapping[str, str] | None = None) -> list[list[str]]:
    """文件发放回收记录: every issued copy, with where its version stands on `today` (a number no source holds
    now titled as its last version was: `deleted`, core/versions.py `deleted_titles`)."""
    rows = []
    for entry in register.entries:
        if not entry.issued_on(today):  # a line dated later did not exist that day
            continue
        now = standing(corpus, entry.document, today)
        if entry.void_on(today):
            state = t("register.copy.void", reason=reason_said(entry.void_reason), replaced=void_said(entry))
        elif entry.returned_on(today) is not None:
            state = t("register.copy.returned")
        elif now is None:  # still out: of a number git saw deleted, collected as the 回收清单 says
            gone = t("register.copy.gone")
            state = t("register.copy.recall", reason=gone) if normalise(entry.document) in (deleted or {}) else gone
        elif (until := in_force_until(entry, now, today)) is not None:
            state = now.until_said(until, today, "register.copy.in_use_until", "register.copy.in_use_until_withdrawn")
        elif (reason := superseded_reason(entry, now, today)) is not None:  # a waiting whole manual's copy too,
            state = (t("register.copy.recall_obsolete") if now.obsolete     # its documents changed since
                     else t("register.copy.recall_superseded", version=now.current_version)
                     if newer_version(entry, now, today) else t("register.copy.recall", reason=reason))
        elif now.pending(today) and not now.obsolete and entry.version == now.current_version:
            state = t("register.copy.pending", date=now.next_effect(today))
        else:
            state = t("register.copy.in_use")
        if not entry.void_on(today):
            state += replacement_note(entry)
        title = now.title if now else (deleted or {}).get(normalise(entry.document), "")
        returned = entry.returned_on(today)
        rows.append([entry.number, entry.document, title, entry.version, entry.format,
                     entry.recipient, entry.date.isoformat(), entry.issued_by,
                     returned.isoformat() if returned else "", entry.returned_by if returned else "", state,
                     entry.sha256])
    return rows


def recall_rows(register: Register, corpus: Corpus, today: dt.date,
                deleted: Mapping[str, str] | None = None) -> list[list[str]]:
    """回收清单, in the site page's order and parts (`recall_now_and_later`): the outstanding copies to collect now,
    then those of a version still in force until its successor takes effect, each saying when to collect it
    (`recall_when`); then the copies declared void (not to be recalled: lost or damaged, replaced under a new
    分发号 or not replaced)."""
    now, later = recall_now_and_later(recall_list(register, corpus, today, deleted))
    rows = [[r.entry.number, r.entry.document, r.title, r.entry.version, r.state, recall_when(r), r.entry.recipient,
             r.entry.date.isoformat(), r.entry.issued_by] for r in [*now, *later]]
    for void in void_list(register, corpus, deleted):
        entry = void.entry
        rows.append([entry.number, entry.document, void.title, entry.version,
                     t("register.copy.void_row", reason=reason_said(entry.void_reason), date=entry.voided,
                       replaced=void_said(entry)), t("recall.when.void"),
                     entry.recipient, entry.date.isoformat(), entry.issued_by])
    return rows


ACKNOWLEDGEMENT_HEADERS = Words("label.id", "label.title", "label.version", "register.ack.department", "register.ack.state",
                                "register.ack.by", "register.ack.date", "register.ack.released", "register.ack.opened",
                                "register.ack.due", "register.ack.outstanding")
ACKNOWLEDGEMENT_WIDTHS = (14, 30, 8, 16, 8, 24, 24, 12, 12, 12, 24)
ACKNOWLEDGEMENT_DATES = (6, 7, 8, 9)  # 确认日期 (one reader's: a date cell; several stay text), 发布, 起始, 截止


def acknowledgement_rows(assignments: list[Assignment], today: dt.date,
                         unknown: Sequence[Unrebuilt] = ()) -> list[list[str]]:
    """文件学习确认记录: one row per department assignment of each version in force, with who acknowledged and when
    (several people: in the same order in both columns), and the day the assignment opened beside the release: a
    department named later is due from the day it was named, which the release date alone does not explain. A
    version approved and waiting for its effective date on `today` says so beside it, as the 学习确认 page does; the
    version in force beside it that cannot be reconstructed without git history (`unknown`) has its own row saying
    so, not none, which would read as no assignment: its state (此处无法核对) and why, where the page says them."""
    return [[a.document.id, a.document.title, a.version, "", a.label, a.text(), "", "", "", "", ""]
            if isinstance(a, Unrebuilt) else
            [a.document.id, a.document.title, _waiting(a, today), a.department, a.label,
             join([e.person for e in a.acknowledged]), join([e.when() for e in a.acknowledged]),
             a.released.isoformat() if a.released else "", a.opened.isoformat() if a.opened else "",
             a.due.isoformat() if a.due else "", join(list(a.outstanding))]
            for a in with_unknown(assignments, unknown)]


def _waiting(item: Assignment, today: dt.date) -> str:
    waiting = item.waiting(today)
    return f"{item.version} {waiting}" if waiting else item.version


def write_registers(corpus: Corpus, root: Path, build_dir: Path, stamp: dt.date,
                    today: dt.date | None = None, register: Register | None = None,
                    hashes: FileHashes | None = None, assignments: list[Assignment] | None = None,
                    deleted: Mapping[str, str] | None = None, unknown: Sequence[Unrebuilt] = ()) -> list[Path]:
    rows = register_rows(corpus, root, build_dir / DOCX_DIR, today, hashes)
    external = external_rows(corpus)
    register = register or Register(root, "")
    day = today if today is not None else stamp
    issued, recalls = distribution_rows(register, corpus, day, deleted), recall_rows(register, corpus, day, deleted)
    acknowledged = acknowledgement_rows(assignments or [], day, unknown)
    outputs = {
        REGISTER_CSV: to_csv(HEADERS, rows),
        EXTERNAL_REGISTER_CSV: to_csv(EXTERNAL_HEADERS, external),
        RECALL_CSV: to_csv(RECALL_HEADERS, recalls),
        ACKNOWLEDGEMENTS_CSV: to_csv(ACKNOWLEDGEMENT_HEADERS, acknowledged),
        REGISTER_XLSX: to_xlsx([
            Sheet(t("register.sheet.documents"), HEADERS, rows, WIDTHS, dates=(6, 10), printed=11),
            Sheet(t("register.sheet.external"), EXTERNAL_HEADERS, external, EXTERNAL_WIDTHS),
            Sheet(t("register.sheet.distribution"), DISTRIBUTION_HEADERS, issued, DISTRIBUTION_WIDTHS, dates=(6, 8),
                  printed=11),
            Sheet(t("register.sheet.recall"), RECALL_HEADERS, recalls, RECALL_WIDTHS, dates=(7,)),
            Sheet(t("register.sheet.acknowledgements"), ACKNOWLEDGEMENT_HEADERS, acknowledged, ACKNOWLEDGEMENT_WIDTHS,
                  dates=ACKNOWLEDGEMENT_DATES),
        ], stamp),
    }
    written = []
    for name, data in outputs.items():
        path = build_dir / name
        path.write_bytes(data)
        written.append(path)
    return written


def latest_date(corpus: Corpus) -> dt.date:
    """The build's own date: the newest date the controlled items record — a sign-off, an effective date, a
    withdrawal, a periodic review, a revision-history line — of a document, a form or a manual; so rebuilds
    are identical, and a release of a form or a manual page alone, or a withdrawal, moves it."""
    days: list[dt.date | None] = []
    for d in corpus.documents.values():
        days += [d.effective_date, d.withdrawn, d.last_review, *(s.date for s in d.signoffs.values() if s)]
        days += [entry.date for entry in d.history]
    for form in corpus.forms.values():
        days += [form.effective_date, *(entry.date for entry in form.history)]
    for manual in corpus.manuals:
        days += [manual.effective_date, *(s.date for s in manual.signoffs.values() if s)]
        days += [entry.date for entry in manual.history]
    return max((day for day in days if day), default=dt.date(2000, 1, 1))
