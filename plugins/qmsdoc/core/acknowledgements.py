"""The acknowledgements register (文件学习确认记录): who has read which version of a document, kept in the
repository beside qmsdoc.yml (`acknowledgements` in the configuration, default `acknowledgements.yaml`).

One line per acknowledgement — document, version, department, person, date read, and the day it was entered
(`entered`: `qmsdoc acknowledge` writes today; lines written before it existed have none) — under `acknowledgements:`,
read and appended the way the distribution register is (core/lineregister.py): `qmsdoc acknowledge` adds
lines, comments and every other line keep their bytes, and `git diff` shows exactly who was recorded.
Malformed lines are QD220 findings at their line and are left out of `entries`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import lineregister
from .codes import normalise
from .config import Config
from .errors import echoed, shown
from .findings import Finding, Severity
from .i18n import t
from .model import Corpus, parse_date
from .names import name_key, name_problem
from .revision import Revision, scheme
from .source import SourceText

MALFORMED = "QD220"
FIELDS = ("document", "version", "department", "person", "date")
ENTERED = "entered"  # the day the line was written (optional: lines written before it was recorded have none)
_FIELD_KEYS = {"document": "label.id", "version": "label.version", "department": "acks.field.department",
               "person": "acks.field.person", "date": "register.ack.date", ENTERED: "acks.field.entered"}


def field_label(field: str) -> str:
    """A register field as the reader calls it (文件编号, Document No.), in the project's language."""
    return t(_FIELD_KEYS[field]) if field in _FIELD_KEYS else field


def register_header() -> str:
    """What a new acknowledgements register starts with: a comment saying how it is kept, in the project's
    language, then the empty list."""
    return t("acks.header") + "acknowledgements:\n"


LAYOUT = lineregister.Layout("acknowledgements", FIELDS, (ENTERED,), field_label, "acks.bad")


@dataclass(frozen=True)
class Acknowledgement:
    """One person's acknowledgement of one version, as recorded (line: its line in the register)."""

    document: str
    version: str
    department: str
    person: str
    date: dt.date
    line: int = 0
    entered: dt.date | None = None  # the day the line was written (None: a line from before it was recorded)

    def record(self) -> dict[str, object]:
        """The fields in register order, as written to the file."""
        fields: dict[str, object] = {"document": self.document, "version": self.version,
                                     "department": self.department, "person": self.person,
                                     "date": self.date.isoformat()}
        return fields | ({ENTERED: self.entered.isoformat()} if self.entered is not None else {})

    @property
    def entered_late(self) -> bool:
        """Whether the line was written on a later day than the reading it records (补录)."""
        return self.entered is not None and self.entered > self.date

    def on_record(self, day: dt.date) -> bool:
        """Whether the register held this line on `day` (a line without an entry day: taken as held from its date
        on — nothing tells otherwise)."""
        return self.entered is None or self.entered <= day

    def when(self, shown: Callable[[dt.date], str] = dt.date.isoformat) -> str:
        """The day read, and the day entered when that was later: 「2025-07-10（2025-11-01 补录）」 — what every view
        shows of an acknowledgement (the 学习确认 page, the registers, `qmsdoc acknowledgements`), each day as
        `shown` writes it (the page: a <time> element)."""
        if self.entered is None or not self.entered_late:
            return shown(self.date)
        return t("acks.entered_late", date=shown(self.date), entered=shown(self.entered))

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
        report(line, t("acks.bad.version", value=echoed(values["version"]), shape=scheme().shape()))
        return None
    day = parse_date(values["date"])
    if day is None:
        report(line, t("acks.bad.date", value=echoed(values["date"])))
        return None
    entered = parse_date(values[ENTERED]) if ENTERED in values else None
    if ENTERED in values and entered is None:
        report(line, t("acks.bad.entered", value=echoed(values[ENTERED])))
        return None
    if entered is not None and entered < day:
        report(line, t("acks.bad.entered_before", entered=entered, date=day))
        return None
    for key, message in (("department", "acks.bad.department_name"), ("person", "acks.bad.person_name")):
        problem = name_problem(values[key])
        if problem:
            report(line, t(message, value=echoed(values[key]), problem=problem))
            return None
    return Acknowledgement(normalise(values["document"]), str(version), values["department"], values["person"], day,
                           line, entered)


def unknown_documents(register: Acknowledgements, corpus: Corpus) -> Iterator[Finding]:
    for entry in register.entries:
        if entry.document not in corpus.documents:
            yield Finding(register.display, entry.line, MALFORMED, Severity.ERROR,
                          t("acks.bad.document", id=shown(entry.document)))
