"""The acknowledgements register (文件学习确认记录): who has read which version of a document, kept in the
repository beside qmsdoc.yml (`acknowledgements` in the configuration, default `acknowledgements.yaml`).

One line per acknowledgement — document, version, department, person, date — under `acknowledgements:`,
read and appended the way the distribution register is (core/lineregister.py): `qmsdoc acknowledge` adds
lines, comments and every other line keep their bytes, and `git diff` shows exactly who was recorded.
Malformed lines are QD220 findings at their line and are left out of `entries`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import lineregister
from .codes import normalise
from .config import Config
from .findings import Finding, Severity
from .i18n import t
from .model import Corpus, parse_date
from .names import name_key, name_problem
from .revision import Revision, scheme
from .source import SourceText

MALFORMED = "QD220"
FIELDS = ("document", "version", "department", "person", "date")
_FIELD_KEYS = {"document": "label.id", "version": "label.version", "department": "acks.field.department",
               "person": "acks.field.person", "date": "register.ack.date"}


def field_label(field: str) -> str:
    """A register field as the reader calls it (文件编号, Document No.), in the project's language."""
    return t(_FIELD_KEYS[field]) if field in _FIELD_KEYS else field


def register_header() -> str:
    """What a new acknowledgements register starts with: a comment saying how it is kept, in the project's
    language, then the empty list."""
    return t("acks.header") + "acknowledgements:\n"


LAYOUT = lineregister.Layout("acknowledgements", FIELDS, (), field_label, "acks.bad")


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
        return ack_key(self.document, self.version, self.department, self.person)


def ack_key(document: str, version: str, department: str, person: str) -> tuple[str, str, str, str]:
    """One person's acknowledgement of one version for one department, however the names are spaced or
    written (full-width, case: names.name_key)."""
    return document, version, name_key(department), name_key(person)


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
    src = lineregister.read_source(path, config.acknowledgements, config.max_file_bytes, config.root)
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
            report(line, t("acks.bad.duplicate", person=entry.person, department=entry.department,
                           document=entry.document, version=entry.version, line=seen[entry.key]))
            continue
        seen[entry.key] = line
        register.entries.append(entry)
    return register


def entry_from(values: dict[str, str], line: int, report: lineregister.Report) -> Acknowledgement | None:
    """One acknowledgement from a line's fields, or None after reporting why it is unusable."""
    version = Revision.parse(values["version"])
    if version is None:
        report(line, t("acks.bad.version", value=repr(values["version"]), shape=scheme().shape()))
        return None
    day = parse_date(values["date"])
    if day is None:
        report(line, t("acks.bad.date", value=repr(values["date"])))
        return None
    for key, message in (("department", "acks.bad.department_name"), ("person", "acks.bad.person_name")):
        problem = name_problem(values[key])
        if problem:
            report(line, t(message, value=repr(values[key][:40]), problem=problem))
            return None
    return Acknowledgement(normalise(values["document"]), str(version), values["department"], values["person"], day,
                           line)


def unknown_documents(register: Acknowledgements, corpus: Corpus) -> Iterator[Finding]:
    for entry in register.entries:
        if entry.document not in corpus.documents:
            yield Finding(register.display, entry.line, MALFORMED, Severity.ERROR,
                          t("acks.bad.document", id=entry.document))
