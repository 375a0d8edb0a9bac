"""Reading assignments (文件学习确认): who must acknowledge each version in force, by when, and who has.

A document names the departments (or roles) that must read it — `acknowledge: [客服部, 管家服务中心]` — and a
manual names those that must read all its documents; a document's list adds to its manual's. Each version in
force (approved or effective) then has one assignment per department, opened on the day the version was
released and due `acknowledge_days` later (the document's, else the manual's, else qmsdoc.yml's). It is met
once one person of the department has acknowledged that version — or, with `acknowledge_all: true`, every
person the roster lists for it. Everything here is computed from the corpus, the register and `today`
(config.today): a release opens the assignments without writing anything, and an audit can be reproduced
with QMSDOC_TODAY."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

from .acknowledgements import Acknowledgement, Acknowledgements
from .approval import parse_version
from .config import Config
from .gitlog import Revisioned
from .i18n import join, join_and, t
from .model import Corpus, Document, Manual, parse_date, withdrawn_by
from .names import name_key
from .roster import Roster
from .source import SourceText
from .versions import Release, latest, released

Revisions = Mapping[str, Sequence[Revisioned]]  # History.versions: each source's committed versions, oldest first
CONFIRMED, PENDING, OVERDUE = "confirmed", "pending", "overdue"
UNKNOWN = "unknown"  # a version in force whose assignments cannot be reconstructed without git history (Unrebuilt)
# The states are internal values (manifest.json's `state`); what a reader sees is their catalogue word.
STATE_KEYS = {CONFIRMED: "acks.state.confirmed", PENDING: "acks.state.pending", OVERDUE: "acks.state.overdue",
              UNKNOWN: "acks.state.unknown"}
KEYS = ("acknowledge", "acknowledge_days", "acknowledge_all")  # front matter: who must read, not what they read


@dataclass(frozen=True)
class Named:
    """A department as a requirement names it, and where (the document's or its manual's front matter)."""

    department: str
    source: SourceText
    line: int


@dataclass(frozen=True)
class Requirement:
    """Who must acknowledge a document's versions, in how many days, and whether every listed person must."""

    named: tuple[Named, ...]
    days: int
    every_person: bool

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(n.department for n in self.named)

    def requires(self, department: str) -> bool:
        """Whether `department`, however spaced or written (names.name_key), is one that must read."""
        return name_key(department) in {name_key(n.department) for n in self.named}

    def as_named(self, department: str) -> str:
        """`department` as the requirement writes it (財務部 typed on a sheet for 财务部: 财务部), else as given."""
        key = name_key(department)
        return next((n.department for n in self.named if name_key(n.department) == key), department)


def _listed(source: SourceText) -> list[Named]:
    data = source.data if isinstance(source.data, dict) else {}
    value = data.get("acknowledge")
    if isinstance(value, str):  # one department written without brackets
        return [Named(value.strip(), source, source.line_of("acknowledge"))] if value.strip() else []
    if not isinstance(value, list):
        return []
    return [Named(item.strip(), source, source.line_of("acknowledge", index))
            for index, item in enumerate(value) if isinstance(item, str) and item.strip()]


def _setting(key: str, *sources: dict[str, Any]) -> Any:
    return next((data[key] for data in sources if key in data), None)


def list_unread(document: Document, config: Config) -> str | None:
    """The manual index page whose `acknowledge` list could not be read for `document` — it did not load (broken
    YAML, a field its schema refuses, no index page at all: `qmsdoc check` says why) — else None. Without it nobody
    can tell who must read the document, so no answer may say nobody must (`requirement` is None then too)."""
    if document.manual is not None:
        return None
    folder = PurePosixPath(document.path).parent
    manuals = PurePosixPath(config.manuals_dir.replace("\\", "/").strip("/") or ".")
    return str(folder / "index.md") if folder.parent == manuals else None  # a draft under revisions/ has none


def requirement(document: Document, config: Config) -> Requirement | None:
    """The document's reading requirement (its own list after its manual's), or None when nobody must read it."""
    manual: Manual | None = document.manual
    named: dict[str, Named] = {}
    for source in ([manual.source] if manual is not None else []) + [document.source]:
        for item in _listed(source):
            named.setdefault(name_key(item.department), item)  # 客服部 in the manual is 客服部 here
    if not named:
        return None
    own = document.source.data if isinstance(document.source.data, dict) else {}
    inherited = manual.data if manual is not None else {}
    days = _setting("acknowledge_days", own, inherited)
    every = _setting("acknowledge_all", own, inherited)
    return Requirement(tuple(named.values()), days if isinstance(days, int) and not isinstance(days, bool)
                       and days > 0 else config.acknowledge_days, every is True)


def released_on(document: Document, version: str | None = None, revisions: Revisions | None = None,
                ) -> dt.date | None:
    """The day the version in force (or `version`) was released: its 修订记录 entry, else — for the version in
    force — its approval, else its effective date; never before git brought its first release to the line users
    read (`revisions`, History.versions: a release merged from a branch opened nothing before the merge, as
    `register --as-of` has it not in force before — Release.landed). Without git, the front matter's day."""
    current = str(document.version or "")
    wanted = current if version is None else version
    entry = next((e.date for e in reversed(document.history) if e.raw_version == wanted and e.date), None)
    if wanted != current:
        return _landed(entry, _first(document, wanted, revisions))
    approved = document.signoffs.get("approved")
    return _landed(entry or (approved.date if approved else None) or document.effective_date,
                   _first(document, wanted, revisions))


def _git_releases(document: Document, revisions: Revisions | None) -> tuple[Release, ...]:
    own = tuple(revisions.get(document.path, ())) if revisions else ()
    return released("document", document.path, own) if own else ()


def _first(document: Document, version: str, revisions: Revisions | None) -> Release | None:
    """The first release of `version` git holds (the one that opened its assignments), None without git."""
    return next((r for r in _git_releases(document, revisions) if r.version == version
                 and not r.status.is_obsolete), None)


def _landed(day: dt.date | None, release: Release | None) -> dt.date | None:
    """`day` (a front matter date), or the later day `release` landed on the line (Release.landed)."""
    landed = release.landed if release is not None else None
    return max(day, landed) if day is not None and landed is not None else day


def due_on(opened: dt.date, need: Requirement) -> dt.date:
    """The day assignments opened on `opened` fall due."""
    return opened + dt.timedelta(days=need.days)


def in_force(document: Document) -> bool:
    """A version staff must know: the document is approved or effective."""
    return document.status.is_controlled and document.version is not None


@dataclass(frozen=True)
class Assignment:
    """One department's assignment to read one version in force."""

    document: Document
    version: str
    department: str
    released: dt.date | None  # the version's release (None: not recorded; then it is never overdue)
    opened: dt.date | None  # the release, or the later day the department was first named for this version
    due: dt.date | None
    acknowledged: tuple[Acknowledgement, ...]  # the acknowledgements that count, in register order
    expected: tuple[str, ...]  # with acknowledge_all: the people the roster lists; else empty
    state: str
    named: Named
    late: int = 0  # met, but the acknowledgement that met it came this many days after its due date (late_by)
    # a past day's answer: readings done by that day but entered in the register only later (補录), not counted then
    unrecorded: tuple[Acknowledgement, ...] = ()

    @property
    def label(self) -> str:
        return state_label(self.state, self.late)

    @property
    def outstanding(self) -> tuple[str, ...]:
        """With acknowledge_all: the listed people who have not acknowledged yet."""
        done = {name_key(a.person) for a in self.acknowledged}
        return tuple(p for p in self.expected if name_key(p) not in done)

    @property
    def every_person(self) -> bool:
        return bool(self.expected)

    def waiting(self, today: dt.date) -> str:
        """「已批准（2026-07-01 起生效；现行仍为 A/0）」 when the version to read is approved and waits for its
        effective date on `today` (read ahead of that day), "" otherwise: what the 学习确认 page and the registers
        show beside the version (Document.status_on, the registers' one wording)."""
        document = self.document
        return document.status_on(today) if document.pending_on(today) and self.version == str(document.version or "") \
            else ""

    def days_overdue(self, today: dt.date) -> int:
        return (today - self.due).days if self.due is not None and self.state == OVERDUE else 0

    def record(self) -> dict[str, object]:
        """The assignment as data (manifest.json): the same facts the page, the registers and the check show."""
        return {"document": self.document.id, "title": self.document.title, "version": self.version,
                "department": self.department, "state": self.state, "status": self.label,
                "released": _iso(self.released), "opened": _iso(self.opened), "due": _iso(self.due),
                "acknowledged": [_read(a) for a in self.acknowledged],
                "unrecorded": [_read(a) for a in self.unrecorded],
                "outstanding": list(self.outstanding), "every_person": self.every_person, "late_days": self.late}


def state_label(state: str, late: int = 0) -> str:
    """A state as the reader sees it: 已确认 / 待确认 / 逾期 (Acknowledged / Pending / Overdue), and 已确认（逾期 N 天）
    for one met `late` days after its due date — the one wording the page, the registers and the answer show."""
    if state == CONFIRMED and late > 0:
        return t("acks.state.confirmed_late", state=t(STATE_KEYS[state]), days=late)
    return t(STATE_KEYS[state])


def late_by(done: Sequence[Acknowledgement], expected: Sequence[str], due_of: Callable[[str], dt.date | None],
            due: dt.date | None) -> int:
    """How many days after its due date a met assignment was met (0: on time, or no due date known): with
    acknowledge_all, the latest of each listed person's acknowledgement against that person's own due date
    (`due_of`: a person the roster listed later is due later); else the first acknowledgement against `due`."""
    if expected:
        wanted = {name_key(p): p for p in expected}
        days = [(a.date - d).days for a in done if name_key(a.person) in wanted
                and (d := due_of(wanted[name_key(a.person)])) is not None]
        return max([0, *days])
    if due is None or not done:
        return 0
    return max(0, (min(a.date for a in done) - due).days)


def _read(entry: Acknowledgement) -> dict[str, object]:
    return {"person": entry.person, "date": entry.date.isoformat(), "entered": _iso(entry.entered)}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def counted(entry: Acknowledgement, opened: dt.date | None, today: dt.date, entered: bool = True) -> bool:
    """Whether an acknowledgement of the version in force counts: dated from its release up to today, and on record
    by today (`entered`: a past day's answer does not count a reading entered only later; False: read by then,
    whenever it was entered)."""
    return entry.date <= today and (opened is None or entry.date >= opened) and (not entered
                                                                                  or entry.on_record(today))


def read_by(entries: Sequence[Acknowledgement], department: str, members: set[str], released: dt.date | None,
            today: dt.date, entered: bool = True) -> tuple[Acknowledgement, ...]:
    """The acknowledgements that count for one department (its name_key), in register order, one per person:
    those recorded under it, and those of a person the roster lists for it (`members`, name keys) recorded under
    another department of `entries` — a person listed in two departments that must read the version has read it
    once, for both. (`entries` holds only required departments': one recorded under a department the document
    does not require is QD222 and counts for none.)"""
    own = [a for a in entries if counted(a, released, today, entered) and name_key(a.department) == department]
    other = [a for a in entries if counted(a, released, today, entered) and name_key(a.department) != department
             and name_key(a.person) in members]
    seen: set[str] = set()
    out = []
    for entry in own + other:  # a line under this department is the one shown when the person signed both
        if name_key(entry.person) not in seen:
            seen.add(name_key(entry.person))
            out.append(entry)
    return tuple(sorted(out, key=lambda a: a.line))


def recorded_as(entry: Acknowledgement, department: str | None) -> str:
    """「（登记为 客服部）」 after a person's name when their acknowledgement counts for `department` but was recorded
    under another (read_by); "" otherwise."""
    if department is None or name_key(entry.department) == name_key(department):
        return ""
    return t("acks.recorded_as", department=entry.department)


def _runs(path: str, revisions: Sequence[Revisioned], departments: set[str], now: SourceText, today: dt.date,
          first: int = 0) -> dict[str, dt.date | None]:
    """Each of `departments` (name keys) that `now` (the working tree) lists → since when it has been listed
    without a break: the day of the commit that added it, None when listed already in revision `first`, today
    when only the working tree lists it."""
    parsed = [_front(r, path)[1] for r in revisions]
    out: dict[str, dt.date | None] = {}
    for department in {name_key(n.department) for n in _listed(now)} & departments:
        if not parsed or department not in parsed[-1]:
            out[department] = today  # named in the working tree, not committed yet
            continue
        start = len(parsed) - 1
        while start > first and department in parsed[start - 1]:
            start -= 1
        out[department] = None if start <= first else parse_date(revisions[start].date)
    return out


@lru_cache(maxsize=4096)
def _front(revision: Revisioned, path: str) -> tuple[str, frozenset[str], tuple[str, ...]]:
    """A committed revision's version, the departments (name keys) its `acknowledge` names and those departments as
    written: parsed once per run, however many views ask (the check, the site, the registers)."""
    source = parse_version("document", revision.text, path)
    data = source.data if isinstance(source.data, dict) else {}
    listed = _listed(source)
    return (str(data.get("version", "")), frozenset(name_key(n.department) for n in listed),
            tuple(n.department for n in listed))


def _version_in(revision: Revisioned, path: str) -> str:
    return _front(revision, path)[0]


def named_since(document: Document, need: Requirement, revisions: Revisions, today: dt.date) -> dict[str, dt.date]:
    """The departments (by name_key) first named after the version in force was released, each with the day it
    was named: the commit that added it to the document's or its manual's `acknowledge` (today, when only the
    working tree names it). A department named when the version was released, or any when git does not hold the
    release, is absent: its assignment opened with the release."""
    own = revisions.get(document.path, ())
    current = str(document.version or "")
    release = next((i for i, r in enumerate(own) if _version_in(r, document.path) == current), None)
    if release is None:
        return {}
    wanted = {name_key(d) for d in need.departments}
    found: dict[str, list[dt.date | None]] = {}
    for department, day in _runs(document.path, own, wanted, document.source, today, release).items():
        found.setdefault(department, []).append(day)
    manual: Manual | None = document.manual
    if manual is not None:
        for department, day in _runs(manual.path, revisions.get(manual.path, ()), wanted, manual.source,
                                     today).items():
            found.setdefault(department, []).append(day)
    return {department: min(d for d in days if d is not None) for department, days in found.items()
            if None not in days}


def openings(document: Document, need: Requirement, revisions: Revisions, today: dt.date,
             ) -> dict[str, dt.date | None]:
    """Each department of the requirement (as named) → the day its assignment of the version in force opened: the
    release, or the later day it was named (named_since); none named after `today` (a past day's answer: not
    asked yet then). None: the release date is not recorded."""
    released = released_on(document, revisions=revisions)
    later = named_since(document, need, revisions, today) if released is not None else {}
    out: dict[str, dt.date | None] = {}
    for department in need.departments:
        key = name_key(department)
        day = max(released, later[key]) if released is not None and key in later else released
        if key not in later or day is None or day <= today:  # one named after the day asked about (a past
            out[department] = day                                # QMSDOC_TODAY) was not asked yet then
    return out


def named_later(document: Document, config: Config, revisions: Revisions) -> dict[str, dt.date]:
    """The departments today's file names to read `document` (its own list and its manual's) that had not been asked
    to read the version answered for on config.today (`version_on`, as git committed it by then) on that day, each
    with the day a commit after it first named them: what an answer about a past day (QMSDOC_TODAY, --as-of) must
    say instead of "nobody must read it" or "all have". {} when every department named had been asked by then."""
    need = requirement(document, config)
    then = version_on(document, config, revisions)
    if need is None or then.document is None or not in_force(then.document):
        return {}
    day = config.today
    need_then = requirement(then.document, config)
    asked = {name_key(d) for d in openings(then.document, need_then, then.revisions, day)} if need_then else set()
    # named for that version: in a commit of it, or of its manual before the next version took its place — a
    # department the next version names was never asked to read this one
    version = str(then.document.version or "")
    end = version_periods(document, revisions).get(version, (None, None))[1]
    named = [(parse_date(r.date), _front(r, document.path)[1]) for r in revisions.get(document.path, ())
             if _version_in(r, document.path) == version]
    if document.manual is not None:
        named += [(when, _front(r, document.manual.path)[1]) for r in revisions.get(document.manual.path, ())
                  if (when := parse_date(r.date)) is not None and (end is None or when < end)]
    out: dict[str, dt.date] = {}
    for department in need.departments:
        key = name_key(department)
        first = min((when for when, keys in named if when is not None and when > day and key in keys), default=None)
        if key not in asked and first is not None:
            out[department] = first
    return out


def named_later_text(later: Mapping[str, dt.date], today: dt.date) -> str:
    """「客服部于 2025-02-01 才列入 acknowledge（要求学习的部门），晚于 2025-01-20…」: the one wording of
    departments named after the day asked about (`named_later`), for the acknowledgements answer and acknowledge's
    confirmation; "" if none."""
    if not later:
        return ""
    named = join_and([t("acks.named_on", department=d, date=day) for d, day in later.items()])
    return t("acks.named_later", named=named, today=today)


def dues(document: Document, need: Requirement, revisions: Revisions, today: dt.date) -> dict[str, dt.date | None]:
    """Each department (as named) → the day its reading of the version in force falls due."""
    return {d: due_on(day, need) if day is not None else None
            for d, day in openings(document, need, revisions, today).items()}


def due_text(found: dict[str, dt.date | None]) -> str:
    """The due date of a version's reading, as the sign-in sheet and the auditor's answer give it: one date when
    the departments share it, else each department's own (「客服部 2026-03-11、品质部 2026-06-24」); "" if none."""
    distinct = set(found.values())
    if len(distinct) == 1:
        only = next(iter(distinct))
        return only.isoformat() if only else ""
    return join([t("acks.signin.due_of", department=d, due=day or "—") for d, day in found.items()])


@dataclass(frozen=True)
class OnDay:
    """The version whose reading a day's answer is about (`version_on`): `document` as committed then, with
    `revisions` cut at that day (what git held of it and its manual then); None when it had not been released
    yet (`first`: the day of its first release, when known)."""

    document: Document | None
    revisions: Revisions
    first: dt.date | None = None


def _start(release: Release) -> dt.date | None:
    """The day a release opened its assignments: its release (修订记录, approval), else its effective date — never
    before it landed on the line (a merge, a revert that restored it: Release.landed)."""
    return _landed(released_on(release.document), release) or release.in_force_from


def version_on(document: Document, config: Config, revisions: Revisions, day: dt.date | None = None) -> OnDay:
    """The version to answer for on `day` (default config.today): today's file, unless git shows that on that day
    an earlier release was the one in force — a past day's audit (QMSDOC_TODAY) before today's version was
    released asks about the version staff worked to then: its `acknowledge` list, acknowledge_days and release
    as committed by that day, and the acknowledgements of that version. Without git history, or on a day on or
    after today's release, the file answers (a version approved and waiting for its effective date included:
    its assignments opened with its release)."""
    day = config.today if day is None else day
    own = list(revisions.get(document.path, ()))
    if not own and document.withdrawal_waits_on(day):  # withdrawn only later: its last version in force answers
        return OnDay(document.before_withdrawal(), revisions)
    found = list(_git_releases(document, revisions))
    last = latest(found, str(document.version or ""))  # today's version as it last landed (again, after a revert)
    released = _landed(released_on(document), last)
    if not own or (in_force(document) and (released is None or released <= day)):
        return OnDay(document, revisions)
    chosen: Release | None = None
    first: dt.date | None = None
    withdrawn = False  # by `day`
    for release in found:
        if release.status.is_obsolete:  # a withdrawal: no version in force from its day on
            if release.withdrawn is not None and release.withdrawn <= day:
                chosen, withdrawn = None, True
            continue
        start = _start(release)
        first = first or start
        if start is not None and start <= day:
            chosen, withdrawn = release, False
    if chosen is None:  # withdrawn by then: today's withdrawn file answers; nothing released by then: no version
        return OnDay(document, revisions) if withdrawn and not in_force(document) \
            else OnDay(None, revisions, first or released)
    if chosen.version == str(document.version or "") and in_force(document):
        return OnDay(document, revisions)
    return _as_committed(document, config, revisions, own, chosen, day)


def _as_committed(document: Document, config: Config, revisions: Revisions, own: list[Revisioned],
                  chosen: Release, day: dt.date) -> OnDay:
    """`chosen` as its last commit by `day` holds it (an `acknowledge` list added after its release counts from
    then), with its manual as committed by that day, and what git held of both then."""
    from .loader import document_from

    def by(revision: Revisioned) -> bool:
        committed = parse_date(revision.date)
        return committed is not None and committed <= day

    index = max((i for i, r in enumerate(own) if by(r) and _version_in(r, document.path) == chosen.version),
                default=next((i for i, r in enumerate(own) if r.commit == chosen.commit), len(own) - 1))
    source = parse_version("document", own[index].text, document.path)
    if source.findings or not isinstance(source.data, dict):
        source = chosen.source
    cut: dict[str, Sequence[Revisioned]] = {**revisions, document.path: own[:index + 1]}
    manual: Manual | None = document.manual
    if manual is not None:
        held = list(revisions.get(manual.path, ()))
        # none committed by that day (the project came to git later): its first commit, as for the document,
        # so that a department its `acknowledge` named only afterwards is not asked from the day asked about
        then = [r for r in held if by(r)] or held[:1]
        cut[manual.path] = then
        page = parse_version("manual", then[-1].text, manual.path) if then else None
        if page is not None and not page.findings and isinstance(page.data, dict):
            manual = replace(manual, source=page, data=page.data)
    data = source.data if isinstance(source.data, dict) else chosen.data
    return OnDay(document_from(source, data, manual, project_review_months=config.review_months), cut)


def assignments_of(document: Document, config: Config, register: Acknowledgements, roster: Roster,
                   revisions: Revisions) -> list[Assignment]:
    """The assignments of a document's version in force (none if nobody must read it or it is not in force). Each
    opens with the release — or, for a department named later (`revisions`: what git holds of the document and
    its manual, History.versions), on the day it was named: it could not be told, nor be late, before."""
    then = version_on(document, config, revisions)  # a past day before today's release: the version then
    if then.document is None:
        return []  # not released yet on the day asked about: nobody had anything to read
    meanwhile = in_force_meanwhile(then.document, config, then.revisions)
    earlier = _assignments(meanwhile.document, config, register, roster, meanwhile.revisions) \
        if meanwhile is not None and meanwhile.document is not None else []
    return earlier + _assignments(then.document, config, register, roster, then.revisions)


def in_force_meanwhile(document: Document, config: Config, revisions: Revisions) -> OnDay | None:
    """While `document`'s version is approved and waits for its effective date on config.today (`pending_on`), the
    version still in force (`in_force_before`) as git committed it: staff work to it until then, so its assignments
    stay open — and overdue — beside those of the version read ahead (ended only by the next version's effective
    date, `ended_by`). None otherwise, or when git does not hold that version."""
    before = document.in_force_before if document.pending_on(config.today) else ""
    own = list(revisions.get(document.path, ()))
    chosen = latest(list(_git_releases(document, revisions)), before) if before and own else None
    if chosen is None or chosen.status.is_obsolete:
        return None
    return _as_committed(document, config, revisions, own, chosen, config.today)


@dataclass(frozen=True)
class Unrebuilt:
    """The version still in force beside one waiting for its effective date, whose reading requirement and records
    are read from git history and cannot be reconstructed here (no git repository, a shallow clone: `note`, the
    check's own note saying which). Every output says this instead of leaving that version out, which would read
    as if it had no assignment."""

    document: Document
    version: str  # the version in force until `until` (Document.in_force_before)
    until: dt.date | None
    note: str

    state = UNKNOWN  # neither met nor open: never counted as either

    @property
    def label(self) -> str:
        return state_label(self.state)

    def text(self) -> str:
        """The one wording of this state: the acknowledgements answer, the 学习确认 page, the document's line, QD221
        and the acknowledgements register all show it."""
        return t("acks.meanwhile_unknown", version=self.version or "—", date=self.until or "—", note=self.note)

    def record(self) -> dict[str, object]:
        """This state as data (manifest.json), beside `Assignment.record`: no department, since which departments
        had to read that version is what cannot be read here, and the reason (`note`) said."""
        return {"document": self.document.id, "title": self.document.title, "version": self.version,
                "department": None, "state": self.state, "status": self.label, "in_force_until": _iso(self.until),
                "reason": self.text(), "note": self.note}


def meanwhile_unknown(document: Document, config: Config, note: str | None) -> Unrebuilt | None:
    """While `document`'s version waits for its effective date on config.today and git history is missing (`note`,
    History.note; None: git holds it, and `in_force_meanwhile` answers), the version in force then as unknown
    (`Unrebuilt`) — when departments must read the document; None otherwise."""
    if note is None or not document.pending_on(config.today) or requirement(document, config) is None:
        return None
    return Unrebuilt(document, document.in_force_before or "", document.effective_date, note)


def meanwhile_unknowns(corpus: Corpus, config: Config, note: str | None) -> list[Unrebuilt]:
    """`meanwhile_unknown` of every document, by control number."""
    return [u for document in corpus.sorted_documents() if (u := meanwhile_unknown(document, config, note))]


def tally(found: Sequence[Assignment], unknown: Sequence[Unrebuilt] = ()) -> dict[str, int]:
    """How many of `found` are in each state, and how many versions in force cannot be checked here (`UNKNOWN`,
    counted apart: a version whose departments are not known is neither met nor open)."""
    counts = {state: sum(1 for a in found if a.state == state) for state in (CONFIRMED, PENDING, OVERDUE)}
    return {**counts, UNKNOWN: len(unknown)}


def with_unknown(found: Sequence[Assignment], unknown: Sequence[Unrebuilt]) -> list[Assignment | Unrebuilt]:
    """`found` with each `Unrebuilt` before its document's assignments — where the version in force would stand
    (`assignments_of`) — or after them all when its document has none."""
    out: list[Assignment | Unrebuilt] = list(found)
    for item in unknown:
        at = next((i for i, a in enumerate(out) if a.document.id == item.document.id), len(out))
        out.insert(at, item)
    return out


def _assignments(document: Document, config: Config, register: Acknowledgements, roster: Roster,
                 revisions: Revisions) -> list[Assignment]:
    """The assignments of `document`'s own version (as `version_on` or `in_force_meanwhile` chose it)."""
    need = requirement(document, config)
    if need is None or not in_force(document):
        return []
    version, today = str(document.version), config.today
    released = released_on(document, revisions=revisions)
    opens = openings(document, need, revisions, today)
    out = []
    for named in need.named:
        department = name_key(named.department)
        if named.department not in opens:
            continue  # named after the day asked about (QMSDOC_TODAY in the past): nobody had been asked yet
        opened = opens[named.department]
        due = due_on(opened, need) if opened is not None else None
        members = roster.of(named.department, on=today) or ()  # who worked there on the day asked about
        required = [a for a in register.of(document.id, version) if need.requires(a.department)]
        done = read_by(required, department, {name_key(p) for p in members}, released, today)
        # read by the day asked about, entered only after it: said beside the state, which they did not make then
        unrecorded = tuple(a for a in read_by(required, department, {name_key(p) for p in members}, released, today,
                                              entered=False)
                           if not a.on_record(today) and name_key(a.person) not in {name_key(d.person) for d in done})
        expected = members if need.every_person else ()
        people = {name_key(a.person) for a in done}
        missing = [p for p in expected if name_key(p) not in people]

        def due_of(person: str, opened: dt.date | None = opened, department: str = named.department,
                   ) -> dt.date | None:  # a person the roster listed later is due from that day on
            return None if opened is None else due_on(
                max(opened, roster.listed_since(department, person, today) or opened), need)

        if missing and opened is not None:
            due = min(d for p in missing if (d := due_of(p)) is not None)
        met = not missing if expected else bool(done)
        state = CONFIRMED if met else OVERDUE if due is not None and today > due else PENDING
        late = late_by(done, expected, due_of, due) if met else 0
        out.append(Assignment(document, version, named.department, released, opened, due, done, expected, state,
                              named, late, unrecorded))
    return out


def assignments(corpus: Corpus, config: Config, register: Acknowledgements, roster: Roster,
                revisions: Revisions) -> list[Assignment]:
    """Every assignment of every version in force, by control number and then in the order the departments
    are named."""
    return [a for document in corpus.sorted_documents()
            for a in assignments_of(document, config, register, roster, revisions)]


def summary_line(found: list[Assignment], in_force: str = "") -> str:
    """A document page's line: 本版本需 客服部、管家服务中心 学习确认：1/2 已确认 — or, for the version still in force
    (`in_force`) while the next waits for its effective date (`in_force_meanwhile`), 现行版本 A/0 需 …."""
    done = sum(1 for a in found if a.state == CONFIRMED)
    late = sum(1 for a in found if a.state == OVERDUE)
    departments = join_and([a.department for a in found])
    words = {"departments": departments, "done": done, "total": len(found)}
    return (t("acks.summary.in_force", version=in_force, **words) if in_force else t("acks.summary", **words)) \
        + (t("acks.summary.late", count=late) if late else "")


def by_version(found: Sequence[Assignment]) -> list[tuple[str, list[Assignment]]]:
    """A document's assignments per version, as `assignments_of` gives them: the version in force first while the
    next waits for its effective date (`in_force_meanwhile`) — each pair (that version's label for
    `summary_line`, "" for the document's own version), its assignments."""
    groups: dict[str, list[Assignment]] = {}
    for item in found:
        groups.setdefault(item.version, []).append(item)
    last = list(groups)[-1] if groups else ""
    return [(version if version != last else "", items) for version, items in groups.items()]


# -- what the register holds that it should not -------------------------------------------------------

def in_force_from(document: Document) -> dict[str, dt.date | None]:
    """Each released version of the 修订记录 → the day it came into force: its 修订记录 date, except for the
    version in force, whose effective date the front matter records (a version approved on one day may take
    effect on a later one; until then the version before it stays in force)."""
    out = {e.raw_version: e.date for e in document.history if e.version is not None}
    current = str(document.version or "")
    if in_force(document) and not document.status.is_obsolete and document.effective_date is not None:
        out[current] = document.effective_date
    return out


def in_force_periods(document: Document, revisions: Revisions | None = None,
                     ) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    """Each released version → (in force from, until the next came into force): what an auditor is told. With
    git (`revisions`), a release that landed on the line later than its front matter dates it (merged from a
    branch) is in force from the day `register --as-of` gives (Release.in_force_from)."""
    starts = in_force_from(document)
    return {version: (_in_force_since(starts.get(version, since), _first(document, version, revisions)), until)
            for version, (since, until) in version_periods(document, revisions).items()}


def _in_force_since(day: dt.date | None, release: Release | None) -> dt.date | None:
    """`day` (a front matter date), or the later day git's `release` came into force (Release.in_force_from: an
    earlier version approved to take effect later, which the front matter of today's version no longer dates)."""
    begins = release.in_force_from if release is not None else None
    return max(day, begins) if day is not None and begins is not None else day


def ended_by(until: dt.date | None, day: dt.date) -> bool:
    """Whether a version whose period (`version_periods`) ends on `until` was no longer the one in force on `day`:
    `until` is the day the next version came into force or the withdrawal's, and on that day itself the version
    in force is the next one (`in_force_on`, `register --as-of`), or none (`withdrawn_by`, the same decision)."""
    return withdrawn_by(until, day)


def version_periods(document: Document, revisions: Revisions | None = None,
                    ) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    """Each released version of the 修订记录 → (released, replaced): when it could be acknowledged — from its
    release until the next version came into force (`in_force_from`), the version staff worked to till then. With
    git (`revisions`, History.versions), neither before the release landed on the line users read nor after the
    release that followed it did (merged from a branch: Release.landed, Release.in_force_from) — what
    `register --as-of` answers; without git, the front matter's dates."""
    out = _front_periods(document)
    found = list(_git_releases(document, revisions))
    order = list(out)
    for position, (version, (start, end)) in enumerate(list(out.items())):
        index = next((i for i, r in enumerate(found) if r.version == version and not r.status.is_obsolete), None)
        if index is None:
            # released before git: it ended when the next version came into force, which git may date (its
            # effective date) where the 修订记录 gives only its approval, as `register --as-of` answers
            after = order[position + 1] if position + 1 < len(order) else None
            following = next((r for r in found if r.version == after and not r.status.is_obsolete), None)
            landed = following.in_force_from if following is not None else None
            if end is not None and landed is not None:
                out[version] = (start, max(end, landed))
            continue
        last = max(i for i, r in enumerate(found) if r.version == version)
        following = found[last + 1] if last + 1 < len(found) else None
        if following is not None and end is not None:  # merged later, or approved to take effect later
            landed = following.withdrawn if following.status.is_obsolete else following.in_force_from
            end = max(end, landed) if landed is not None else end
        out[version] = (_landed(start, found[index]), end)
    return out


def _front_periods(document: Document) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    """version_periods as the front matter alone dates them."""
    dated = [(e.raw_version, e.date) for e in document.history if e.version is not None]
    starts = in_force_from(document)
    out: dict[str, tuple[dt.date | None, dt.date | None]] = {}
    for index, (version, day) in enumerate(dated):
        out[version] = (day, starts.get(dated[index + 1][0], dated[index + 1][1]) if index + 1 < len(dated) else None)
    current = str(document.version or "")
    if current and current not in out:
        out[current] = (released_on(document), None)
    if document.status.is_obsolete:
        out.pop(current, None)  # the withdrawal's version was never one to work to
    elif not in_force(document):
        out.pop(current, None)  # a draft of the next version is not in force yet
    return out


def named_for(document: Document, version: str, revisions: Revisions) -> dict[str, str]:
    """The departments git holds named to read `version` (name key → as first written), in order: in a committed
    revision of the document at that version, or of its manual while that version was in force (the revision in
    force at its release, and those after it until it was replaced). A department taken off the list later was
    still told of it then; one named only after the version was replaced or withdrawn never was. {} when git holds
    none (or no history at all)."""
    found = [_front(r, document.path) for r in revisions.get(document.path, ())
             if _version_in(r, document.path) == version]
    manual: Manual | None = document.manual
    if manual is not None:
        start, end = version_periods(document, revisions).get(version, (None, None))
        dated = [(parse_date(r.date), r) for r in revisions.get(manual.path, ())]
        before = [r for day, r in dated if start is not None and day is not None and day <= start][-1:]
        during = [r for day, r in dated if day is not None and (start is None or day > start)
                  and (end is None or day <= end)]
        found += [_front(r, manual.path) for r in before + during]
    out: dict[str, str] = {}
    for _, _, names in found:
        for name in names:
            out.setdefault(name_key(name), name)
    return out


def held_in_git(document: Document, version: str, revisions: Revisions) -> bool:
    """Whether git holds the document at `version` (a commit of its file with that version): a version released
    before the project came to git is not, and who had to read it is then only what the file says today."""
    return any(_version_in(r, document.path) == version for r in revisions.get(document.path, ()))


def was_named(document: Document, version: str, department: str, revisions: Revisions) -> bool:
    """Whether git holds `department` named to read `version` (`named_for`)."""
    return name_key(department) in named_for(document, version, revisions)


def stray(corpus: Corpus, config: Config, register: Acknowledgements,
          revisions: Revisions) -> Iterator[tuple[Acknowledgement, str]]:
    """Acknowledgements that do not count toward an assignment, each with why: a version that was not in force
    on that day (or is unknown), a date after today, a document or department not required to read it (nor
    named for that version in a commit: `revisions`, what git holds of the sources)."""
    today = config.today
    for entry in register.entries:
        document = corpus.documents.get(entry.document)
        if document is None:
            continue  # an unknown document is a malformed line (QD220)
        label = t("acks.version_of", id=document.id, version=entry.version)
        if entry.date > today and not entry.on_record(today):
            continue  # a past day's answer (QMSDOC_TODAY): the line was written after that day, not a wrong date
        if entry.date > today:
            yield entry, t("acks.stray.future", date=entry.date, today=today)
            continue
        periods = version_periods(document, revisions)
        if entry.version not in periods:
            now = document.version_on(today)  # the version in force, not one approved and waiting
            why = (t("acks.stray.why.obsolete") if document.withdrawn_on(today) else  # not before its day
                   t("acks.stray.why.unreleased_version", current=now) if document.in_force_on(today)
                   or document.history
                   else t("acks.stray.why.unreleased"))
            yield entry, t("acks.stray.not_released", label=label, why=why)
            continue
        start, end = periods[entry.version]
        # the last version of a withdrawn document is out of force on the withdrawal's own day (`withdrawn_by`)
        withdrew = document.status.is_obsolete and entry.version == document.withdrew
        # why, in the words `qmsdoc acknowledge` refuses such a line with (acts/acknowledge.py): read before the
        # release, after the withdrawal, or after the next version took its place
        late = (t("acks.act.withdrawn_then", date=entry.date, label=label, replaced=document.withdrawn)
               if withdrew and withdrawn_by(document.withdrawn, entry.date) else
               t("acks.act.before_release", date=entry.date, label=label, released=start)
               if start is not None and entry.date < start else
               t("acks.act.withdrawn_then" if withdrew else "acks.act.replaced", date=entry.date, label=label,
                 replaced=end) if ended_by(end, entry.date) else None)
        if late is not None:
            yield entry, t("acks.stray.not_counted", why=late)
            continue
        need = requirement(document, config)
        if ((need is None or (not need.requires(entry.department) and entry.version == str(document.version or "")))
                and was_named(document, entry.version, entry.department, revisions)):
            continue  # the department was named for this version when it read it, and taken off the list since
        if need is None and list_unread(document, config):
            continue  # who must read it is not known: the index page's own error says why, not a false "nobody"
        if need is None:
            yield entry, t("acks.stray.not_required", id=document.id)
        elif not need.requires(entry.department) and entry.version == str(document.version or ""):
            yield entry, t("acks.stray.department", id=document.id, department=entry.department,
                           departments=join(list(need.departments)))
