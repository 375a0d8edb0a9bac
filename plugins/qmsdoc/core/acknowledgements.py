"""The acknowledgements register (文件学习确认记录): who has read which version of a document, kept in the
repository beside qmsdoc.yml (`acknowledgements` in the configuration, default `acknowledgements.yaml`).

One line per acknowledgement — document, version, department, person, date — under `acknowledgements:`,
read and appended the way the distribution register is (core/lineregister.py): `qmsdoc acknowledge` adds
lines, comments and every other line keep their bytes, and `git diff` shows exactly who was recorded.
Malformed lines are QD220 findings at their line and are left out of `entries`."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import lineregister
from .codes import normalise
from .config import Config
from .findings import Finding, Severity
from .model import Corpus, parse_date
from .revision import Revision
from .source import SourceText

MALFORMED = "QD220"
FIELDS = ("document", "version", "department", "person", "date")
FIELD_LABELS = {"document": "文件编号", "version": "版本", "department": "部门", "person": "姓名", "date": "确认日期"}
HEADER = ("# 文件学习确认记录：由 qmsdoc acknowledge 追加（也可用 --from-csv 录入签到表），请随源文件提交。\n"
          "# 每行一人一次确认：document 文件编号、version 版本、department 部门、person 姓名、date 确认日期。\n"
          "acknowledgements:\n")
LAYOUT = lineregister.Layout("acknowledgements", FIELDS, (), FIELD_LABELS, "学习确认记录",
                             "每行一条确认 {document: …}",
                             "{document: …, version: …, department: …, person: …, date: …}", "每条确认")
NAME_LIMIT = 64


def name_problem(value: str) -> str | None:
    """Why `value` cannot stand as a person's or department's name (None when it can): one line of printable
    text, at most NAME_LIMIT characters, no angle brackets, at least one letter or digit.
    (The project's names validator, core/names.py, takes this place once it lands.)"""
    if not value.strip():
        return "不能为空"
    bad = next((c for c in value if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")), None)
    if bad is not None:
        return f"含有不可显示的控制字符 U+{ord(bad):04X}"
    if len(value) > NAME_LIMIT:
        return f"超过 {NAME_LIMIT} 个字符（{len(value)} 个）"
    if value != value.strip():
        return "首尾不能有空格"
    if "<" in value or ">" in value:
        return "不能含有尖括号 < > 或 HTML 标记"
    if not any(unicodedata.category(c)[0] in "LN" for c in value):
        return "应含有文字（人名、岗位或部门名称），不能只有符号"
    return None


@dataclass(frozen=True)
class Acknowledgement:
    """One person's acknowledgement of one version, as recorded (line: its line in the register)."""

    document: str
    version: str
    department: str
    person: str
    date: dt.date
    line: int = 0

    def record(self) -> dict[str, object]:
        """The fields in register order, as written to the file."""
        return {"document": self.document, "version": self.version, "department": self.department,
                "person": self.person, "date": self.date.isoformat()}

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes two lines the same acknowledgement."""
        return self.document, self.version, self.department, self.person


@dataclass
class Acknowledgements:
    path: Path
    display: str
    entries: list[Acknowledgement] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def of(self, document: str, version: str | None = None) -> list[Acknowledgement]:
        """The acknowledgements of a document (of one version), in register order."""
        entries = self._by_document.get(document, [])
        return [e for e in entries if version is None or e.version == version]

    def find(self, key: tuple[str, str, str, str]) -> Acknowledgement | None:
        return next((e for e in self._by_document.get(key[0], []) if e.key == key), None)

    @cached_property
    def _by_document(self) -> dict[str, list[Acknowledgement]]:
        """The entries by document (read once the register is loaded: a register only grows)."""
        out: dict[str, list[Acknowledgement]] = {}
        for entry in self.entries:
            out.setdefault(entry.document, []).append(entry)
        return out


def register_path(config: Config) -> Path:
    return config.root / config.acknowledgements


def load_acknowledgements(config: Config) -> Acknowledgements:
    """The register with its entries; an absent file is an empty register."""
    path = register_path(config)
    src = lineregister.read_source(path, config.acknowledgements, config.max_file_bytes)
    return _read(Acknowledgements(path, config.acknowledgements), src)


def parse_acknowledgements(text: str, path: Path, display: str) -> Acknowledgements:
    """The register from text already read (tests, and a file about to be written)."""
    return _read(Acknowledgements(path, display), lineregister.parse_source(text, display))


def _read(register: Acknowledgements, src: SourceText | None) -> Acknowledgements:
    if src is None:
        return register
    register.findings.extend(src.findings)

    def report(line: int, message: str) -> None:
        register.findings.append(Finding(register.display, line, MALFORMED, Severity.ERROR, message))

    seen: dict[tuple[str, str, str, str], int] = {}
    for line, values in lineregister.items(src, LAYOUT, report):
        entry = entry_from(values, line, report)
        if entry is None:
            continue
        if entry.key in seen:
            report(line, f"{entry.person}（{entry.department}）对 {entry.document} 版本 {entry.version} 的学习确认重复"
                         f"（第 {seen[entry.key]} 行已登记）：每人每个版本只登记一次，请删除重复的条目")
            continue
        seen[entry.key] = line
        register.entries.append(entry)
    return register


def entry_from(values: dict[str, str], line: int, report: lineregister.Report) -> Acknowledgement | None:
    """One acknowledgement from a line's fields, or None after reporting why it is unusable."""
    version = Revision.parse(values["version"])
    if version is None:
        report(line, f"版本 {values['version']!r} 无效：应写成 A/0、A/1 … 的形式")
        return None
    day = parse_date(values["date"])
    if day is None:
        report(line, f"确认日期 {values['date']!r} 无效：应写成 2026-03-01 的形式，日期真实存在")
        return None
    for key in ("department", "person"):
        problem = name_problem(values[key])
        if problem:
            what, example = ("部门名称", "客服部") if key == "department" else ("人名", "张三")
            report(line, f"{FIELD_LABELS[key]} {values[key][:40]!r} 不是有效的{what}：{problem}；"
                         f"请改为一行文字（如 {example}）")
            return None
    return Acknowledgement(normalise(values["document"]), str(version), values["department"], values["person"], day,
                           line)


def unknown_documents(register: Acknowledgements, corpus: Corpus) -> Iterator[Finding]:
    for entry in register.entries:
        if entry.document not in corpus.documents:
            yield Finding(register.display, entry.line, MALFORMED, Severity.ERROR,
                          f"学习确认登记的文件编号 {entry.document} 不存在：请核对编号"
                          "（只有受控文件需要学习确认，表单不需要）")
