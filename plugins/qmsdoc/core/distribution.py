"""The distribution register (文件发放回收记录): one entry per numbered controlled copy, kept in the
repository beside qmsdoc.yml (`distribution` in the configuration, default `distribution.yaml`).

Each copy has a 分发号 `<文件编号>-<版本>-<序号>` (QP-03-02-A/1-003): a document controller reading a
footer knows at once which document and version a copy is, the sequence restarts with each version so
the number of copies of a version is in plain sight, and the number is unique without any other key.

The file is YAML, one flow mapping per line under `copies:`; `qmsdoc issue` appends lines and
`qmsdoc recall` rewrites only the returned copy's line, so comments and every other line keep their
bytes (and `git diff` shows exactly what was issued or returned). Problems are Findings with file:line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import lineregister
from .config import Config
from .findings import Finding, Severity
from .model import Corpus, Document, parse_date
from .revision import Revision
from .source import SourceText

MALFORMED, OUTSTANDING = "QD210", "QD211"
FIELDS = ("number", "document", "version", "recipient", "date", "issued_by", "format", "sha256")
RETURN_FIELDS = ("returned", "returned_by")
# A lost or damaged copy is declared void and replaced under a new 分发号 (`qmsdoc issue --replaces`).
VOID_FIELDS = ("voided", "void_reason", "replaced_by")
VOID_REASONS = ("遗失", "损坏")
FIELD_LABELS = {"number": "分发号", "document": "文件编号", "version": "版本", "recipient": "领用部门",
                "date": "发放日期", "issued_by": "发放人", "format": "格式", "sha256": "SHA-256",
                "returned": "回收日期", "returned_by": "回收人", "voided": "作废日期", "void_reason": "作废原因",
                "replaced_by": "补发分发号", "replaces": "补发所替代的分发号"}
NUMBER = re.compile(r"^(?P<document>.+)-(?P<version>[A-Z]{1,3}/\d{1,4})-(?P<seq>\d{3,6})$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
HEADER = ("# 文件发放回收记录（受控副本登记）：由 qmsdoc issue 追加、qmsdoc recall 登记回收，请随源文件提交。\n"
          "# 每行一份副本：number 分发号、document 文件编号、version 版本、recipient 领用部门、date 发放日期、\n"
          "# issued_by 发放人、format 格式、sha256 副本文件的 SHA-256；\n"
          "# 回收后加 returned 回收日期、returned_by 回收人。\n"
          "copies:\n")
LAYOUT = lineregister.Layout("copies", FIELDS, (*RETURN_FIELDS, *VOID_FIELDS, "replaces"), FIELD_LABELS, "发放登记",
                             "每行一份副本 {number: …}", "{number: …, document: …, …}", "每份副本")


@dataclass(frozen=True)
class CopyEntry:
    """One issued copy as recorded (line: where its entry starts in the register)."""

    number: str
    document: str
    version: str
    recipient: str
    date: dt.date
    issued_by: str
    format: str
    sha256: str
    line: int
    returned: dt.date | None = None
    returned_by: str = ""
    replaces: str = ""  # the 分发号 of the lost or damaged copy this one replaces
    voided: dt.date | None = None  # declared void (lost or damaged) on this day …
    void_reason: str = ""  # … for this reason (VOID_REASONS) …
    replaced_by: str = ""  # … and replaced by this 分发号

    @property
    def recalled(self) -> bool:
        return self.returned is not None

    @property
    def void(self) -> bool:
        return self.voided is not None

    @property
    def out(self) -> bool:
        """Still in someone's hands as a valid copy: neither returned nor declared void."""
        return self.returned is None and self.voided is None

    def record(self) -> dict[str, object]:
        """The entry's fields in register order, as written to the file."""
        values: dict[str, object] = {name: getattr(self, name) for name in FIELDS}
        values["date"] = self.date.isoformat()
        if self.replaces:
            values["replaces"] = self.replaces
        if self.returned is not None:
            values["returned"] = self.returned.isoformat()
            values["returned_by"] = self.returned_by
        if self.voided is not None:
            values["voided"] = self.voided.isoformat()
            values["void_reason"] = self.void_reason
            values["replaced_by"] = self.replaced_by
        return values


@dataclass
class Register:
    path: Path
    display: str
    entries: list[CopyEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def by_number(self, number: str) -> CopyEntry | None:
        return next((e for e in self.entries if e.number == number), None)

    def by_sha256(self, digest: str) -> CopyEntry | None:
        return next((e for e in self.entries if e.sha256 == digest), None)

    def next_numbers(self, document: str, version: str, count: int) -> list[str]:
        """The next `count` free 分发号 of this document version (sequence continues after the highest)."""
        taken = [int(m["seq"]) for e in self.entries if (m := NUMBER.match(e.number))
                 and m["document"] == document and m["version"] == version]
        start = max(taken, default=0) + 1
        return [copy_number(document, version, seq) for seq in range(start, start + count)]


def copy_number(document: str, version: str, seq: int) -> str:
    return f"{document}-{version}-{seq:03d}"


def register_path(config: Config) -> Path:
    return config.root / config.distribution


def load_register(config: Config) -> Register:
    """The register with its entries; an absent file is an empty register. Malformed entries are
    QD210 findings (file:line) and left out of `entries`."""
    path = register_path(config)
    src = lineregister.read_source(path, config.distribution, config.max_file_bytes)
    return _read(Register(path, config.distribution), src)


def parse_register(text: str, path: Path, display: str) -> Register:
    """The register from text already read (tests, and a file just written)."""
    return _read(Register(path, display), lineregister.parse_source(text, display))


def _read(register: Register, src: SourceText | None) -> Register:
    if src is None:
        return register
    register.findings.extend(src.findings)
    seen: dict[str, int] = {}
    def report(line: int, message: str) -> None:
        register.findings.append(_malformed(register, line, message))

    for line, values in lineregister.items(src, LAYOUT, report):
        entry = _entry(register, values, line)
        if entry is None:
            continue
        if entry.number in seen:
            register.findings.append(_malformed(register, line, f"分发号 {entry.number} 重复"
                                                f"（第 {seen[entry.number]} 行已登记）：每份副本只能登记一次，"
                                                "请删除或改正重复的条目"))
            continue
        seen[entry.number] = line
        register.entries.append(entry)
    _check_replacements(register)
    return register


def _check_replacements(register: Register) -> None:
    """A void copy names its replacement, and the replacement names it back: one chain, never branching."""
    for entry in register.entries:
        if entry.void:
            other = register.by_number(entry.replaced_by)
            if other is None or other.replaces != entry.number:
                register.findings.append(_malformed(
                    register, entry.line, f"分发号 {entry.number} 登记为作废，但补发的 {entry.replaced_by} "
                    f"没有登记为替代它（replaces: {entry.number}）：请用 qmsdoc issue --replaces 补发，不要手工改写"))
        if entry.replaces:
            old = register.by_number(entry.replaces)
            if old is None or old.replaced_by != entry.number:
                register.findings.append(_malformed(register, entry.line, f"分发号 {entry.number} 登记为补发 "
                                                    f"{entry.replaces}，但 {entry.replaces} 没有登记为作废并由它替代："
                                                    "请核对这两行"))


def _malformed(register: Register, line: int, message: str) -> Finding:
    return Finding(register.display, line, MALFORMED, Severity.ERROR, message)


def _entry(register: Register, values: dict[str, str], line: int) -> CopyEntry | None:
    def bad(message: str) -> None:
        register.findings.append(_malformed(register, line, message))

    number = NUMBER.match(values["number"])
    if number is None or number["document"] != values["document"] or number["version"] != values["version"]:
        example = copy_number(values["document"], values["version"], 1)
        bad(f"分发号 {values['number']} 格式不对：应为 文件编号-版本-序号（如 {example}），"
            "且与该条目的文件编号和版本一致")
        return None
    issued, returned = parse_date(values["date"]), parse_date(values.get("returned", ""))
    if issued is None:
        bad(f"分发号 {values['number']} 的发放日期 {values['date']} 无效：应写成 2026-03-01 的形式")
        return None
    if not _SHA.match(values["sha256"]):
        bad(f"分发号 {values['number']} 的 sha256 不是 64 位十六进制：请填写副本文件的 SHA-256"
            "（qmsdoc issue 自动填写）")
        return None
    if ("returned" in values) != ("returned_by" in values) or ("returned" in values and returned is None):
        bad(f"分发号 {values['number']} 的回收记录不完整：returned 应为日期（如 2026-03-01），并写明 returned_by 回收人"
            "（可用 qmsdoc recall 登记）")
        return None
    if returned is not None and returned < issued:
        bad(f"分发号 {values['number']} 的回收日期 {returned} 早于发放日期 {issued}：请核对日期")
        return None
    voided = parse_date(values.get("voided", ""))
    if any(k in values for k in VOID_FIELDS):
        if voided is None or values.get("void_reason") not in VOID_REASONS or not values.get("replaced_by"):
            bad(f"分发号 {values['number']} 的作废记录不完整：voided 应为日期，"
                f"void_reason 为 {'或'.join(VOID_REASONS)}，replaced_by 为补发的分发号"
                "（用 qmsdoc issue --replaces 登记）")
            return None
        if voided < issued:
            bad(f"分发号 {values['number']} 的作废日期 {voided} 早于发放日期 {issued}：请核对日期")
            return None
        if returned is not None:
            bad(f"分发号 {values['number']} 既登记为作废（{values['void_reason']}）又登记为已回收："
                "一份副本只能是其中之一")
            return None
    return CopyEntry(number=values["number"], document=values["document"], version=values["version"],
                     recipient=values["recipient"], date=issued, issued_by=values["issued_by"],
                     format=values["format"], sha256=values["sha256"], line=line, returned=returned,
                     returned_by=values.get("returned_by", ""), replaces=values.get("replaces", ""),
                     voided=voided, void_reason=values.get("void_reason", ""),
                     replaced_by=values.get("replaced_by", ""))


# -- what a copy is today --------------------------------------------------------------------------

@dataclass(frozen=True)
class Standing:
    """Where the document a copy was made from stands now."""

    title: str
    current_version: str  # "" for an unknown document
    in_force: bool
    obsolete: bool
    successor: str = ""


def standing(corpus: Corpus, code: str) -> Standing | None:
    """The current version and status of a document, form or manual; None if no such id."""
    target = corpus.lookup(code)
    if isinstance(target, Document):
        return Standing(target.title, str(target.version or ""), target.status.is_controlled,
                        target.status.is_obsolete, target.superseded_by or "")
    if target is not None:
        return Standing(target.title, str(target.version or ""), True, False)
    manual = corpus.manual(code)
    if manual is not None:
        return Standing(manual.title, str(manual.data.get("version", "")), True, False)
    return None


def superseded(entry: CopyEntry, now: Standing) -> bool:
    """The copy shows a version no longer in force: its document is obsolete or has a newer version."""
    if now.obsolete:
        return True
    old, new = Revision.parse(entry.version), Revision.parse(now.current_version)
    return bool(old and new and old < new)


@dataclass(frozen=True)
class Recall:
    """An outstanding copy of a superseded version (a line of the 回收清单)."""

    entry: CopyEntry
    title: str
    current_version: str
    reason: str


def recall_list(register: Register, corpus: Corpus) -> list[Recall]:
    """Copies of superseded versions not yet returned, by document and 分发号."""
    out = []
    for entry in register.entries:
        now = standing(corpus, entry.document)
        if not entry.out or now is None or not superseded(entry, now):
            continue
        if now.obsolete:
            reason = f"已作废（替代文件 {now.successor}）" if now.successor else "已作废"
        else:
            reason = f"已换版（现行版本 {now.current_version}）"
        out.append(Recall(entry, now.title, now.current_version, reason))
    return sorted(out, key=lambda r: (r.entry.document, r.entry.number))


def unknown_documents(register: Register, corpus: Corpus) -> Iterable[Finding]:
    for entry in register.entries:
        if standing(corpus, entry.document) is None:
            yield _malformed(register, entry.line,
                             f"分发号 {entry.number} 登记的文件编号 {entry.document} 不存在：请核对编号")


def voided_copies(register: Register) -> list[CopyEntry]:
    """Copies declared void (lost or damaged) and replaced: listed beside the 回收清单, never recalled."""
    return sorted((e for e in register.entries if e.void), key=lambda e: (e.document, e.number))
