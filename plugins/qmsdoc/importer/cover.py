"""Cover, page-header and approval tables: 文件名称/文件编号/版本/实施日期/归口部门 (Title, Document No.,
Revision, Effective Date, Department), 编制/审核/批准 (Prepared/Reviewed/Approved by) and the 修订记录
(Revision History) table, read into front-matter fields wherever a reader finds them.

Every label the importer recognises is in this module, Chinese and English side by side: a file is read in
the language it is written in, whatever the project's language (a Chinese project may import an English
supplier's procedure). English labels match whatever their case and their `.`, `:`, `#` (`Doc. No.:`,
`DOCUMENT NO`, `Doc #`)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.codes import SPACED_CODE_TOKEN
from ..core.dialect import DEFAULT_EXTENSIONS, Dialect
from ..core.i18n import languages
from ..core.model import DOCUMENT_TYPES
from ..core.revision import Revision, scheme
from ..core.structure import section_parts
from ..search.hant import simplified_usage

if TYPE_CHECKING:
    from ..core.config import Config


def label_key(text: str) -> str:
    """A label as the tables below hold it: no spaces, colons, dots or emphasis; `#` read as `No.`; lower case;
    Traditional Chinese in its Simplified form (適用範圍, 品質紀錄 are the tables' 适用范围, 质量记录)."""
    return simplified_usage(re.sub(r"[\s　:：*`.．_]+", "", text.replace("#", "no")).casefold())


def _keys(labels: Iterable[str]) -> set[str]:
    return {label_key(label) for label in labels}


def _catalogue(key: str) -> set[str]:
    """What qmsdoc's own copies print for `key` in every language (a copy may come from another project)."""
    return {language.messages[key] for language in languages().values() if language.messages.get(key)}


# Label (as written in old manuals and in qmsdoc's own page header) → front-matter field.
_FIELD_LABELS = {
    "title": ("文件名称", "Title", "Document Title", "Document Name", "Procedure Title", "Subject"),
    "id": ("文件编号", "编号", "文件编码", "编码", "Document No.", "Doc. No.", "Document Number", "Document ID",
           "Doc ID", "Procedure No.", "Procedure Number", "Reference No.", "Ref. No.", "Document Ref.",
           "Document Reference"),
    "version": ("版本/修订", "版本", "版本号", "版次", "Version/Revision", "Version", "Ver.", "Revision", "Rev.",
                "Revision No.", "Rev. No.", "Revision Level", "Issue", "Issue No.", "Issue/Revision", "Issue/Rev.",
                "Edition"),
    "effective_date": ("生效日期", "实施日期", "Effective Date", "Effective", "Date Effective", "Effective From",
                       "Date of Issue", "Issue Date", "Release Date", "Implementation Date"),
    "department": ("归口部门", "编制部门", "所属部门", "Department", "Dept.", "Owner", "Owner Department",
                   "Document Owner", "Owning Department", "Process Owner", "Responsible Department",
                   "Issuing Department"),
    "controlled_copy": ("受控号", "Copy No.", "Controlled Copy No.", "Copy Number"),
    "type": ("文件类别", "文件类型", "Document Type", "Type of Document", "Type"),
}
LABELS = {label_key(label): field for field, labels in _FIELD_LABELS.items() for label in labels}
# A version number under one of these is an issue (edition), under the others a revision: `Issue: 3` is C/0.
ISSUE_LABELS = _keys(("版次", "Issue", "Issue No.", "Edition"))
_SIGNOFF_LABELS = {
    "prepared": ("编制", "编写", "拟制", "Prepared by", "Prepared", "Author", "Written by", "Originator",
                 "Originated by"),
    "reviewed": ("审核", "Reviewed by", "Reviewed", "Checked by", "Reviewer"),
    "approved": ("批准", "Approved by", "Approved", "Authorised by", "Authorized by", "Approver"),
}
SIGNOFFS = {label_key(label): key for key, labels in _SIGNOFF_LABELS.items() for label in labels}
# Front-matter keys of Markdown sources (`doc_id`, `rev`, `dept`): the labels above, and a few bare key names that
# are too loose for a cover line of pasted text (`Number: 5`) but unambiguous as a YAML key.
_KEY_NAMES = {"id": ("ID", "Doc", "Number", "No.", "Doc Number", "Document", "Control Number", "编号"),
              "version": ("Ver", "Rev", "Revision Number"), "department": ("Dept", "Owner Dept")}
FRONT_MATTER_KEYS = {**LABELS, **{label_key(label): key for key, labels in _KEY_NAMES.items() for label in labels}}
SIGNOFF_DATES = {"编制日期": "prepared", "审核日期": "reviewed", "批准日期": "approved"}
# `编制:张三 日期:…`, `Prepared by: J. Smith  Date: …`: a bare date label belongs to the sign-off before it.
DATE_LABELS = _keys(("日期", "Date", "Signed on"))
# An approval table's rows (or columns) beside the sign-off labels: who, their signature, when.
NAME_LABELS = _keys(("姓名", "Name", "Printed Name", "Print Name", "Name (print)"))
SIGNATURE_LABELS = _keys(("签名", "签字", "Signature", "Sign"))

# The headings that open a revision history or an approval block (qmsdoc's own copies print the catalogue's).
HISTORY_HEADINGS = _keys(("修订记录", "修改记录", "变更记录", "版本记录", "修订历史", "Revision History",
                          "Document Change History", "Change History", "Amendment Record", "Amendment History",
                          "Record of Amendments", "Record of Revisions", "Revision Record", "Revision Log",
                          "Document History", "Document Revision History", "Change Record", "Revisions"))
# A table of contents' own heading (目录 glued into pasted text is found by `toc.KEYWORD`).
CONTENTS_HEADINGS = _keys(("目录", "目次", "Contents", "Table of Contents", "Table of Content", "List of Contents",
                           "TOC"))
APPROVAL_HEADINGS = _keys(("审批", "审批栏", "Approval", "Approvals", "Document Approval", "Sign-off", "Sign-offs",
                           "Authorisation", "Authorization", "Review and Approval", "Approval Signatures"))
# The columns of a revision history table.
_HISTORY_COLUMNS = {
    "version": ("版本", "版本号", "版次", "Rev", "Rev.", "Rev. No.", "Revision", "Revision No.", "Version", "Ver.",
                "Issue", "Issue No.", "Edition"),
    "date": ("日期", "修订日期", "Date", "Revision Date", "Issue Date", "Date of Issue", "Effective Date",
             "Date of Change"),
    "by": ("修订人", "修改人", "编制", "编制人", "Author", "By", "Changed by", "Revised by", "Prepared by",
           "Originator", "Name", "Made by", "Amended by"),
    "change": ("修订内容", "修改内容", "变更内容", "修订说明", "Description", "Description of Change",
               "Description of Changes", "Change", "Changes", "Change Description", "Details", "Amendment",
               "Amendments", "Reason for Change", "Summary of Change", "Summary of Changes", "Nature of Change",
               "Revision Description", "Comments"),
}

# Document types by the names documents give them (a cover's `Document Type`, qmsdoc's meta line).
_TYPE_NAMES = {
    "procedure": ("程序", "程序文件", "Procedure", "Quality Procedure", "Operating Procedure", "System Procedure"),
    "work-instruction": ("作业指导书", "作业规程", "Work Instruction", "Instruction", "Standard Operating Procedure",
                         "SOP", "Operating Instruction"),
    "job-description": ("岗位说明书", "职位说明书", "Job Description", "Position Description", "Role Description",
                        "Role Profile"),
    "policy": ("管理制度", "制度", "Policy", "Quality Policy"),
    "manual-section": ("手册章节", "Manual", "Quality Manual", "Manual Section"),
}
# A title naming its type: 「…岗位说明书」, "Job Description: Quality Manager", "Work Instruction – …".
TITLE_TYPES = (
    ("job-description", re.compile(r"岗位说明书|崗位說明書|职位说明|\b(?:job|position|role) (?:description|profile)\b",
                                   re.IGNORECASE)),
    ("work-instruction", re.compile(r"作业指导书|作業指導書|作业规程|作業規程|操作规程|使用流程|标准作业"
                                    r"|\bwork instructions?\b|\bstandard operating procedure\b|\bSOP\b",
                                    re.IGNORECASE)),
)
# A title ending in a document's kind (「采购控制程序」, "Calibration Procedure"), not a form's (…表, …单, …Form, …Log).
DOCUMENT_TITLE = re.compile(r"(?:程序|规程|規程|手册|手冊|制度|办法|辦法|规定|規定|指导书|指導書|说明书|說明書"
                            r"|\b(?:procedure|manual|policy|instructions?|description|standard))\W*$", re.IGNORECASE)
POLICY_TITLE = re.compile(r"\bpolicy\b", re.IGNORECASE)  # only with numbered articles in Chinese, by title in English
PROCEDURE_TITLE = re.compile(r"程序|规程|規程|\bprocedure\b", re.IGNORECASE)
# The sections that make a document with a Purpose section a procedure.
PURPOSE_SECTIONS = _keys(("目的", "Purpose", "Objective"))
PROCEDURE_SECTIONS = _keys(("职责", "适用范围", "范围", "Scope", "Responsibilities",
                            "Responsibility", "Roles and Responsibilities", "Application"))

# The sections English procedures number as `1. Purpose`, `Section 4 — Procedure`: a numbered line starting with
# one of them is a heading, not the first item of a list.
ENGLISH_SECTIONS = ("Purpose", "Objective", "Scope", "Application", "Responsibilities", "Responsibility", "Roles",
                    "Definitions", "Terms and Definitions", "Abbreviations", "References", "Reference Documents",
                    "Related Documents", "Associated Documents", "Procedure", "Process", "Method", "Instructions",
                    "Requirements", "Records", "Quality Records", "Forms", "Forms and Records", "Records and Forms",
                    "Duties", "Key Duties", "Authority", "Qualifications", "Safety", "Equipment", "Materials",
                    "Training", "Appendices", "Appendix", "Attachments", "General", "Policy", "Revision History")
# Sections listing forms (each item a form, `QP-07-01-F01 Title`) or other documents.
# 附件 / 附表 of a 程序文件 list its 记录表单 (「QR-01 来访登记表」); a code there naming a document is
# no form (plan._stubs).
RECORD_SECTIONS = ("质量记录", "记录", "质量记录清单", "记录表单", "记录表格", "相关记录", "表单", "相关表单", "附件",
                   "附表", "Records", "Quality Records", "Forms", "Forms and Records", "Records and Forms",
                   "Associated Forms", "Forms Used", "Related Records")
SUPPORT_SECTIONS = ("支持性文件", "相关文件", "引用文件", "References", "Reference Documents", "Related Documents",
                    "Associated Documents")


@dataclass(frozen=True)
class ProjectSections:
    """What the import reads from the project's qmsdoc.yml: the section headings it names — `record_sections` (the
    section listing a document's forms) and `required_sections` (per document type) — which the import recognises
    wherever it recognises its built-in names above, and its Markdown dialect (`markdown_extensions`), in which a
    Markdown source is read as its page will show it. `ProjectSections()`: the built-in names, the default dialect."""
    records: tuple[str, ...] = ()
    required: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()  # (document type, its heading groups)
    dialect: Dialect = DEFAULT_EXTENSIONS  # Config.dialect: what check and the one parse read the drafts in

    @classmethod
    def of(cls, config: Config) -> ProjectSections:
        return cls(tuple(config.record_sections),
                   tuple((kind, tuple(tuple(group) for group in groups))
                         for kind, groups in config.required_sections.items() if kind in DOCUMENT_TYPES),
                   config.dialect)

    @property
    def names(self) -> tuple[str, ...]:
        """Every heading name the project gives, each once."""
        return tuple(dict.fromkeys([*self.records, *(n for _, groups in self.required for g in groups for n in g)]))

    def type_of(self, headings: Collection[str]) -> str | None:
        """The document type whose required sections `headings` (names, number removed) all have — of several,
        the one requiring the most — or None."""
        keys = {label_key(part) for name in headings for part in section_parts(name)}
        met = [(len(groups), kind) for kind, groups in self.required
               if groups and all(keys & _keys(group) for group in groups)]
        return max(met, key=lambda m: m[0])[1] if met else None


def section_kind(name: str, records: Iterable[str] = ()) -> str:
    """"records" for a section listing forms (a built-in name or one of the project's `records`), "support" for
    one listing documents, else "" — of a heading joining several (「支持性文件和质量记录」), "records" when one
    of them lists forms."""
    keys = {label_key(part) for part in section_parts(name)}
    if keys & _keys((*RECORD_SECTIONS, *records)):
        return "records"
    return "support" if keys & _keys(SUPPORT_SECTIONS) else ""


def type_of(name: str) -> str | None:
    """The document type a name gives (`Procedure`, 作业指导书, qmsdoc's own labels in any language), or None."""
    key = label_key(name)
    if name in DOCUMENT_TYPES:
        return name
    for kind in DOCUMENT_TYPES:
        if key in _keys((*_TYPE_NAMES[kind], *_catalogue(f"type.{kind}"))):
            return kind
    return None


def _is(text: str, names: set[str], extra: str = "") -> bool:
    return label_key(text) in names | (_keys(_catalogue(extra)) if extra else set())


def is_history_heading(text: str) -> bool:
    """修订记录, "Revision History", "6. Document Change History"."""
    return _is(_unnumbered(text), HISTORY_HEADINGS, "label.history")


def is_contents_heading(text: str) -> bool:
    """目录, "Contents", "TABLE OF CONTENTS": the heading of a table of contents."""
    return label_key(text) in CONTENTS_HEADINGS


def is_approval_heading(text: str) -> bool:
    return _is(_unnumbered(text), APPROVAL_HEADINGS, "copy.approval")


def is_qmsdoc_header(rows: list[list[str]]) -> bool:
    """qmsdoc's own page header in any language: its Version/Revision and Page labels, as its copies print them."""
    cells = {label_key(cell) for row in rows for cell in row}
    return all(cells & _keys(_catalogue(key)) for key in ("copy.header.version", "copy.header.page"))


def _unnumbered(text: str) -> str:
    return re.sub(r"^(?:section\s+)?\d{1,2}(?:\.\d{1,2})*\.?\s*[—–:-]?\s*", "", text.strip(), flags=re.IGNORECASE)


# -- dates --------------------------------------------------------------------------------------------------

DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?")
MONTHS = {name: number for number, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")), start=1) for name in names}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|\d{2})"  # `12-Mar-25`: a two-digit year, see `_century`
DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}[\s\-/]*(?:of\s+)?{_MONTH}[\s\-/,]*{_YEAR}\b", re.IGNORECASE)
MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)
# 12/03/2025, 12.03.2025, 12-03-2025, 20/03/25: day and month in an order the text does not say.
NUMERIC = re.compile(r"\b(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})\b")


def _century(year: str) -> int:
    """A two-digit year as POSIX `%y` reads it: 00–69 are 2000–2069, 70–99 are 1970–1999 (no quality
    record of ours predates ISO 9000, 1987)."""
    return int(year) if len(year) == 4 else int(year) + (2000 if int(year) < 70 else 1900)


def _iso(year: int, month: int, day: int) -> str | None:
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def iso_date(text: str) -> str | None:
    """The date a cover, sign-off or history cell gives, as YYYY-MM-DD: 2025-03-12, 2025年3月12日, 2025.3.12,
    12 March 2025, 12-Mar-2025, March 12, 2025; 20/03/2025 and 03/20/2025 (the day is the number over 12); a
    two-digit year (12-Mar-25, 20/03/25) in 1970–2069.
    None when there is none, or when it is ambiguous (`01/03/2025`: 1 March or January 3 — see `ambiguous_date`)."""
    match = DATE.search(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _iso(year, month, day)
    for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR):
        named = pattern.search(text)
        if named and named["month"].casefold() in MONTHS:
            return _iso(_century(named["year"]), MONTHS[named["month"].casefold()], int(named["day"]))
    numeric = NUMERIC.search(text)
    if numeric:
        first, second, year = int(numeric.group(1)), int(numeric.group(3)), _century(numeric.group(4))
        if first > 12 or first == second:
            return _iso(year, second, first)
        if second > 12:
            return _iso(year, first, second)
    return None


def ambiguous_date(text: str) -> bool:
    """`01/03/2025`: day/month or month/day, and the text does not say which — left for a person to write."""
    numeric = NUMERIC.search(text)
    return (iso_date(text) is None and numeric is not None
            and 1 <= int(numeric.group(1)) <= 12 and 1 <= int(numeric.group(3)) <= 12)


# -- versions -----------------------------------------------------------------------------------------------

VERSION = re.compile(r"^([A-Za-z])\s*[/／]\s*(\d{1,2})$")
_ISSUE_WORD = r"(?:issue|iss|edition|ed)"
_REVISION_WORD = r"(?:revision|rev|version|ver|v)"
# "Issue 2, Revision 3", "Issue 2 Rev 3", "Iss. B Rev. 1"
ISSUE_AND_REVISION = re.compile(rf"^{_ISSUE_WORD}\s*(?:no)?\s*(\w{{1,2}})\s*[,/;]?\s*{_REVISION_WORD}\s*(?:no)?\s*"
                                r"(\d{1,2})$", re.IGNORECASE)
ISSUE = re.compile(rf"^{_ISSUE_WORD}\s*(?:no)?\s*(\w{{1,2}})$", re.IGNORECASE)
REVISION = re.compile(rf"^(?:{_REVISION_WORD}\s*(?:no)?\s*)?(\w{{1,2}})$", re.IGNORECASE)
DOTTED = re.compile(rf"^(?:{_REVISION_WORD}\s*)?(\d{{1,2}})\s*\.\s*(\d{{1,2}})$", re.IGNORECASE)


def _edition(value: str) -> str | None:
    """An issue as the edition letter: 1 → A, 3 → C, B → B."""
    if re.fullmatch(r"[A-Za-z]", value):
        return value.upper()
    return chr(ord("A") + int(value) - 1) if value.isdigit() and 1 <= int(value) <= 26 else None


def version(text: str) -> str | None:
    """The version a cover or history writes (`_reading`), in the project's scheme (core/revision.py); None when
    it cannot be written in it (`0.3`, a draft's number, has no edition; `A/1` has no letter of its own).

    A/0 (版本/修订): `A/1`, `a／1` → `A/1`; `Rev B` → `B/0`; `Rev. 2`, `2` → `A/2` (revisions of the first edition:
    Rev. 0 is the first issue, A/0); `Issue 3` → `C/0`; `Issue 2, Rev. 3` → `B/3`; `1.0` → `A/0`, `V2.1` → `B/1`.
    1.0 (major.minor): the edition is the major, the revision the minor: `V2.1` → `2.1`, `B/3` → `2.3`,
    `Issue 3` → `3.0`, `Rev. 2` → `1.2`. A (letters) and 1 (whole numbers): an edition with no revision after it
    (`Rev B`, `Issue 3`, `2.0`, `A/0`) → `B`, `C` / `2`, `3`; a bare revision number (`Rev. 2`) → `2` in whole
    numbers, none in letters."""
    reading = _reading(text)
    if reading is None:
        return None
    edition, revision, bare = reading
    name = scheme().name
    if name == "A/0":
        found = Revision(edition, revision)
    elif name == "1.0":
        found = Revision(edition + 1, revision)
    elif name == "1" and bare:
        found = Revision(revision, 0)
    elif revision != 0:
        return None
    else:
        found = Revision(edition if name == "A" else edition + 1, 0)
    return str(found)


def _reading(text: str) -> tuple[int, int, bool] | None:
    """What a version written in any of the shapes teams use says: (edition counted from 0, revision, whether it
    was a revision number alone, `Rev. 2`); None when it is none of them. `A/1`, `a／1` → (0, 1); an edition
    letter `A`, `Rev B`, `Revision B` → (1, 0); `Rev. 2`, `2` → (0, 2, bare); `Issue 3` → (2, 0);
    `Issue 2, Rev. 3` → (1, 3); `1.0` → (0, 0), `2.1`, `V2.1` → (1, 1) (major as edition, minor as revision)."""
    # `Rev.2`, `Rev. No.: 2`, `Issue #3`: the dots, colons and `#` of the labels are not part of the number
    text = re.sub(r"\s+", " ", re.sub(r"(?<!\d)\.|\.(?!\d)|[:：#]", " ", text)).strip()
    match = VERSION.match(text)
    if match:
        return _index(match.group(1).upper()), int(match.group(2)), False
    if (both := ISSUE_AND_REVISION.match(text)) is not None:
        edition = _edition(both.group(1))
        return (_index(edition), int(both.group(2)), False) if edition else None
    if (issue := ISSUE.match(text)) is not None:
        edition = _edition(issue.group(1))
        return (_index(edition), 0, False) if edition else None
    if (dotted := DOTTED.match(text)) is not None:
        edition = _edition(dotted.group(1)) if dotted.group(1) != "0" else None
        return (_index(edition), int(dotted.group(2)), False) if edition else None
    if (revision := REVISION.match(text)) is not None:
        value = revision.group(1)
        if re.fullmatch(r"[A-Za-z]", value):
            return _index(value.upper()), 0, False
        return (0, int(value), True) if value.isdigit() else None
    return None


def _index(letter: str) -> int:
    return ord(letter) - ord("A")


def labelled_version(label: str, value: str) -> str:
    """A bare number under an Issue label is an issue (`Issue: 3`), under any other label a revision."""
    value = value.strip()
    bare = re.match(r"\w{1,2}\b", value) and not re.match(_ISSUE_WORD, value, re.IGNORECASE)
    return f"Issue {value}" if label_key(label) in ISSUE_LABELS and bare else value


# -- tables -------------------------------------------------------------------------------------------------

def _history_columns(header: list[str]) -> dict[str, int]:
    """Which column holds version, date, by and change; a column no header names is taken in the 修订记录's order
    (版本 | 日期 | 修订人 | 修订内容)."""
    names = {role: _keys((*labels, *_catalogue({"version": "label.version", "date": "label.date",
                                                 "by": "label.revised_by", "change": "label.change"}[role])))
             for role, labels in _HISTORY_COLUMNS.items()}
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        role = next((r for r in names if label_key(cell) in names[r] and r not in columns), None)
        if role:
            columns[role] = index
    free = [i for i in range(len(header)) if i not in columns.values()]
    for role in _HISTORY_COLUMNS:
        if role not in columns and free:
            columns[role] = free.pop(0)
    return columns


def is_history(rows: list[list[str]]) -> bool:
    """A 修订记录 / revision history table: its header names a version and a date column."""
    if not rows:
        return False
    versions, dates = (_keys((*_HISTORY_COLUMNS[r], *_catalogue(k))) for r, k in
                       (("version", "label.version"), ("date", "label.date")))
    header = [label_key(c) for c in rows[0]]
    return any(c in versions for c in header) and any(c in dates for c in header)


def history(rows: list[list[str]]) -> list[tuple[str, str, str, str]]:
    """(version, date, by, change) per filled row of a 修订记录 table."""
    columns = _history_columns(rows[0])
    out = []
    for row in rows[1:]:
        cells = [row[columns[role]].strip() if role in columns and columns[role] < len(row) else ""
                 for role in ("version", "date", "by", "change")]
        if any(cells):
            cells[0] = labelled_version(rows[0][columns["version"]], cells[0]) if cells[0] else ""
            out.append((cells[0], cells[1], cells[2], cells[3]))
    return out


def _role(cell: str) -> str:
    key = label_key(cell)
    if key in NAME_LABELS:
        return "name"
    if key in SIGNATURE_LABELS | _keys(_catalogue("copy.approval.signature")):
        return "signature"
    if key in DATE_LABELS | _keys(_catalogue("copy.approval.date")):
        return "date"
    return ""


def _signoff(cell: str) -> str | None:
    return SIGNOFFS.get(label_key(cell)) or next(
        (key for key in ("prepared", "reviewed", "approved") if label_key(cell) in _keys(_catalogue(f"signoff.{key}"))),
        None)


def _across(rows: list[list[str]]) -> bool:
    """Sign-off labels across the first row, 签名/Name/Date down the first column."""
    labels = [c for c in rows[0][1:] if c.strip()]
    return (len(rows) >= 2 and bool(labels) and all(_signoff(c) for c in labels)
            and any(_role(row[0]) in ("name", "signature") for row in rows[1:] if row))


def is_approval(rows: list[list[str]]) -> bool:
    """An 审批 / approval block: 编制/审核/批准 across with 签名/日期 (Name/Signature/Date) rows, or Prepared/
    Reviewed/Approved by down with Name/Signature/Date columns."""
    return bool(rows) and (_across(rows) or _across(_transposed(rows)))


def approval(rows: list[list[str]]) -> dict[str, tuple[str, str]]:
    """{prepared|reviewed|approved: (by, date)} from an approval block: the name from the Name row (else the
    signature row, where qmsdoc's copies and old Chinese manuals write it), the date from the Date row."""
    if not _across(rows):
        rows = _transposed(rows)
    roles = {_role(row[0]): row for row in rows[1:] if row and _role(row[0])}
    out = {}
    for index, label in enumerate(rows[0]):
        key = _signoff(label) if index else None
        if not key:
            continue
        names = [roles[r][index].strip() for r in ("name", "signature") if r in roles and index < len(roles[r])]
        by = next((n for n in names if n), "")
        day = roles["date"][index].strip() if "date" in roles and index < len(roles["date"]) else ""
        if by:
            out[key] = (by, day)
    return out


def _transposed(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(row) for row in rows), default=0)
    return [[row[i] if i < len(row) else "" for row in rows] for i in range(width)]


def key_values(cells: list[str]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Label/value pairs read left to right from a cover or header row (or a run of cells)."""
    fields: dict[str, str] = {}
    signoffs: dict[str, tuple[str, str]] = {}
    last_signoff = ""
    for label, value in zip(cells, cells[1:], strict=False):
        key, value = label_key(label), value.strip()
        if key in SIGNOFFS:
            last_signoff = SIGNOFFS[key]
        if not value or label_key(value) in LABELS or label_key(value) in SIGNOFFS or label_key(value) in DATE_LABELS:
            continue
        if LABELS.get(key) == "version" and fields.get("version", "").startswith("Issue ") and key not in ISSUE_LABELS:
            fields["version"] += f" Rev {value}"  # | Issue | 2 | Revision | 3 |
        elif key in LABELS and LABELS[key] not in fields:
            fields[LABELS[key]] = labelled_version(label, value) if LABELS[key] == "version" else value
        elif key in SIGNOFFS:
            signoffs[SIGNOFFS[key]] = (value, signoffs.get(SIGNOFFS[key], ("", ""))[1])
        elif key in SIGNOFF_DATES or (key in DATE_LABELS and last_signoff):
            which = SIGNOFF_DATES.get(key, last_signoff)
            signoffs[which] = (signoffs.get(which, ("", ""))[0], value)
    return fields, signoffs


def table_key_values(rows: list[list[str]]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """`key_values` of a cover table's rows, top to bottom (the first value of a field kept): a row holding only a
    bare date (`| Date | 2024-03-15 |`) right under a sign-off's row (`| Approved by | J. Smith |`) is that
    sign-off's date, as `Approved by: J. Smith  Date: …` is on one line."""
    fields: dict[str, str] = {}
    signoffs: dict[str, tuple[str, str]] = {}
    last_signoff = ""
    for row in rows:
        row_fields, row_signoffs = key_values(row)
        filled = [cell.strip() for cell in row if cell.strip()]
        bare_date = len(filled) == 2 and label_key(filled[0]) in DATE_LABELS
        if bare_date and last_signoff and not row_signoffs:
            row_signoffs = {last_signoff: ("", filled[1])}
        for key, value in row_fields.items():
            fields.setdefault(key, value)
        for key, (by, day) in row_signoffs.items():
            before = signoffs.get(key, ("", ""))
            signoffs[key] = (by or before[0], day or before[1])
        named = [SIGNOFFS[label_key(cell)] for cell in row if label_key(cell) in SIGNOFFS]
        last_signoff = named[-1] if named else last_signoff if bare_date else ""
    return fields, signoffs


def is_chinese_label(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


# `Document No.: QP-08    Revision: 1    Effective Date: March 12, 2025` on one pasted line: the English labels a
# cover line may hold (each followed by a colon; a version label may stand without one: `Issue 2, Revision 3`, and
# a number label before a control number: `Doc No. SOP-QA-012 Rev 3`, as page headers write it), their dots
# optional (`Rev: B`), longest first so that `Effective Date` is not read as `Date`.
def _alternatives(labels: Iterable[str]) -> str:
    return "|".join(re.escape(label).replace(r"\ ", r"\s*").replace(r"\.", r"\.?")
                    for label in sorted(labels, key=len, reverse=True))


_LINE_LABELS = {label for labels in (*_FIELD_LABELS.values(), *_SIGNOFF_LABELS.values()) for label in labels
                if not is_chinese_label(label) and label not in ("Type", "Owner", "Subject", "Author")} | {
    "Date", "Doc No", "Doc. No", "Doc #", "Document #"}
_VERSION_WORDS = [label for label in _FIELD_LABELS["version"] if not is_chinese_label(label)]
_NUMBER_WORDS = [label for label in (*_FIELD_LABELS["id"], "Doc No", "Doc #", "Document #")
                 if not is_chinese_label(label)]
ENGLISH_LINE = re.compile(rf"(?<![\w.])(?:(?P<label>{_alternatives(_LINE_LABELS)})\s*[:：]\s*"
                          rf"|(?P<version>{_alternatives(_VERSION_WORDS)})\s+(?=\w{{1,3}}\b)"
                          rf"|(?P<number>{_alternatives(_NUMBER_WORDS)})\s+(?={SPACED_CODE_TOKEN.pattern}(?![\w-])))",
                          re.IGNORECASE)


COVER_LINE_LABEL = re.compile(r"(编制日期|审核日期|批准日期|编制|审核|批准|版本|受控号|实施日期|生效日期|文件编号|日期)"
                              r"\s*[:：]")


def cover_line(text: str) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """`版本:A 编制:张三 日期:2010-03-01 审核:…` (or `Document No.: QP-08  Revision: 1  Prepared by: J. Smith
    Date: 2025-03-01`) on one line, as pasted from a cover page."""
    if is_chinese_label(text):
        parts = COVER_LINE_LABEL.split(text)
        pairs = [(label, value.strip().split(" ")[0] if value.strip() else "")
                 for label, value in zip(parts[1::2], parts[2::2], strict=True)]
    else:
        pairs = _english_pairs(text)
    cells: list[str] = []
    last_signoff = ""
    for label, value in pairs:
        key = label_key(label)
        if key in DATE_LABELS:  # 编制:… 日期:… — the date belongs to the sign-off before it
            if not last_signoff:
                continue
        elif key in SIGNOFFS:
            last_signoff = label
        cells += [label, value]
    return key_values(cells)


def cover_rest(text: str) -> str:
    """The words a Chinese cover line holds besides its labels and their values — before its first label, and
    after a value's first word (「DYPM安全管理工作手册版本:A … 日期:DY/AQ 安全管理工作手册目录…」): "" when there
    are fewer than four Chinese characters of them."""
    if not is_chinese_label(text):
        return ""
    parts = COVER_LINE_LABEL.split(text)
    rest = " ".join(piece for piece in [parts[0].strip(), *(value.strip().partition(" ")[2].strip()
                                                             for value in parts[2::2])] if piece)
    return rest if len(re.findall(r"[\u4e00-\u9fff]", rest)) >= 4 else ""


def _english_pairs(text: str) -> list[tuple[str, str]]:
    """The labelled values of an English cover line, which starts with a label: `Issue 2, Revision 3` is one
    version."""
    matches = list(ENGLISH_LINE.finditer(text))
    first = matches[0] if matches else None
    if first is None or first.start() != 0 or (len(matches) < 2 and not (first["label"] or first["number"])):
        return []
    pairs: list[tuple[str, str]] = []
    for match, nxt in zip(matches, [*matches[1:], None], strict=True):
        label = match["label"] or match["version"] or match["number"]
        value = text[match.end(): nxt.start() if nxt else len(text)].strip(" ,;|")
        if pairs and LABELS.get(label_key(label)) == "version" and label_key(pairs[-1][0]) in ISSUE_LABELS:
            pairs[-1] = (pairs[-1][0], f"{pairs[-1][1]} {label} {value}")  # Issue 2, Revision 3
            continue
        pairs.append((label, value))
    return pairs
