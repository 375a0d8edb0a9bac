"""The roster (部门人员名单, `roster` in qmsdoc.yml, default `roster.yaml`): who works in each department, so
that a document with `acknowledge_all: true` is acknowledged only once every person listed for a department
has read it. A YAML mapping of department → list of names, kept under version control beside qmsdoc.yml:

    客服部: [张三, 李四]
    管家服务中心:
      - 王五

Problems are QD224 findings at their line; an absent file is an empty roster."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import lineregister
from .config import Config
from .errors import echoed
from .findings import Finding, Severity
from .i18n import t
from .names import as_written, name_key, name_problem
from .source import SourceText

MALFORMED = "QD224"


@dataclass
class Roster:
    display: str
    exists: bool = False
    people: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    path: Path | None = None  # the file, where git holds its past versions (None: not read from a project)

    def of(self, department: str, on: dt.date | None = None) -> tuple[str, ...] | None:
        """The people listed for a department, however spaced or written (None: the department is not in the
        roster) — on the day `on` when given: the roster as committed that day when it has been changed since
        (a past day's audit asks who worked there then, not who works there now), else the working tree."""
        people = self.people
        index = self._index_on(on)
        if index is not None:
            people = dict(self._committed[index][1])
        key = name_key(department)
        return next((names for name, names in people.items() if name_key(name) == key), None)

    def _index_on(self, day: dt.date | None) -> int | None:
        """The committed version of the roster in force on `day`, when a later commit changed it since (None: the
        working tree, the latest commit's state and what is not committed yet, holds for that day). Before the
        roster's first commit its first version holds: writing the roster down is not joining."""
        committed = self._committed
        if day is None or not committed:
            return None
        index = max((i for i, (when, _) in enumerate(committed) if when is not None and when <= day), default=0)
        return None if index == len(committed) - 1 else index

    def listed_since(self, department: str, person: str, today: dt.date) -> dt.date | None:
        """Since when the roster has listed `person` for `department` without a break, as of `today`: the day of
        the commit that added them, today when only the working tree lists them; None when the roster's first
        commit listed them (writing the roster down is not joining the department) or git holds no version of
        it: from the start."""
        committed = self._committed
        if not committed:
            return None
        key = (name_key(department), name_key(person))
        index = self._index_on(today)
        if index is None:
            index = len(committed) - 1
            if key not in _pairs(committed[index][1]):
                return today
        start = index
        while start > 0 and key in _pairs(committed[start - 1][1]):
            start -= 1
        return committed[start][0] if start > 0 else None

    @cached_property
    def _committed(self) -> list[tuple[dt.date | None, tuple[tuple[str, tuple[str, ...]], ...]]]:
        """Each committed version of the roster, oldest first: its commit's day and who it listed (department →
        people, as written); read from git only when a person's start or a past day's roster is asked."""
        from .gitlog import file_histories, repo_root
        from .model import parse_date

        root = repo_root(self.path.parent) if self.path is not None else None
        if root is None or self.path is None or not self.path.resolve().is_relative_to(root.resolve()):
            return []  # no repository, or a roster that is a link out of it (QD008: never read)
        versions = file_histories(root, [self.path]).versions.get(self.path, [])
        out: list[tuple[dt.date | None, tuple[tuple[str, tuple[str, ...]], ...]]] = []
        for version in versions:
            listing = _listing(version.text, self.display)
            if listing is None:  # a version the check refuses (QD224): who was listed stays who the one before listed
                listing = out[-1][1] if out else ()
            out.append((parse_date(version.date), listing))
        return out


def _listing(text: str, display: str) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """Department → people of a committed roster version, read as the working tree's is (`_read`); None when that
    reading finds any problem — unreadable YAML, the wrong shape, a name with a control character: such a version
    is no record of who worked where (it was broken, not staffed by nobody), and its text is never shown."""
    src = lineregister.parse_source(text, display)
    roster = _read(Roster(display, exists=True), src)
    return None if roster.findings else tuple(roster.people.items())


def _pairs(listing: tuple[tuple[str, tuple[str, ...]], ...]) -> set[tuple[str, str]]:
    """(department, person) by name_key, of a roster version's listing."""
    return {(name_key(department), name_key(person)) for department, people in listing for person in people}


def load_roster(config: Config) -> Roster:
    src = lineregister.read_source(config.root / config.roster, config.roster, config.max_file_bytes, config.root)
    roster = Roster(config.roster, exists=src is not None, path=roster_path(config))
    return roster if src is None else _read(roster, src)


def _read(roster: Roster, src: SourceText) -> Roster:
    """`roster` with the departments and people of `src` (its problems QD224 findings): the one reading of a roster,
    the working tree's and each version git holds."""
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
            bad(line, t("acks.roster.department", value=echoed(name), problem=problem))
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
