"""The roster (部门人员名单, `roster` in qmsdoc.yml, default `roster.yaml`): who works in each department, so
that a document with `acknowledge_all: true` is acknowledged only once every person listed for a department
has read it. A YAML mapping of department → list of names, kept under version control beside qmsdoc.yml:

    客服部: [张三, 李四]
    管家服务中心:
      - 王五

Problems are QD224 findings at their line; an absent file is an empty roster."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import lineregister
from .config import Config
from .findings import Finding, Severity
from .i18n import t
from .names import as_written, name_key, name_problem

MALFORMED = "QD224"


@dataclass
class Roster:
    display: str
    exists: bool = False
    people: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def of(self, department: str) -> tuple[str, ...] | None:
        """The people listed for a department, however spaced or written (None: the department is not in the
        roster)."""
        key = name_key(department)
        return next((people for name, people in self.people.items() if name_key(name) == key), None)


def load_roster(config: Config) -> Roster:
    src = lineregister.read_source(config.root / config.roster, config.roster, config.max_file_bytes, config.root)
    roster = Roster(config.roster, exists=src is not None)
    if src is None:
        return roster
    roster.findings.extend(src.findings)
    if src.findings or src.data is None:
        return roster

    def bad(line: int, message: str) -> None:
        roster.findings.append(Finding(roster.display, line, MALFORMED, Severity.ERROR, message))

    if not isinstance(src.data, dict):
        bad(src.line_of(), t("acks.roster.shape"))
        return roster
    for department, people in src.data.items():
        line = src.line_of(department)
        name = str(department)
        problem = name_problem(name) if isinstance(department, str) else t("acks.roster.not_text")
        if problem:
            bad(line, t("acks.roster.department", value=repr(name[:40]), problem=problem))
            continue
        if not isinstance(people, list) or not people:
            bad(line, t("acks.roster.people", department=name))
            continue
        names: list[str] = []
        for index, person in enumerate(people):
            if isinstance(person, str) or person is None:
                text = (person or "").strip()
                problem = name_problem(text) if text else t("acks.roster.not_name")
            else:  # a plain 0123 is the number 83 to YAML: a name (an employee number too) is text, in quotes
                text, problem = "", t("acks.roster.not_text_name")
            if problem:
                bad(src.line_of(department, index), t("acks.roster.person", department=name, number=index + 1,
                                                       value=as_written(person, 40), problem=problem))
                continue
            if name_key(text) in {name_key(n) for n in names}:  # 王五 and 王　五 are one person
                bad(src.line_of(department, index), t("acks.roster.duplicate", department=name, person=text))
                continue
            names.append(text)
        roster.people[name] = tuple(names)
        roster.lines[name] = line
    return roster


def roster_path(config: Config) -> Path:
    return config.root / config.roster
