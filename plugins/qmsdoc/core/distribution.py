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
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import lineregister
from .codes import normalise
from .commandline import git_command
from .config import Config
from .copyjobs import manual_members
from .errors import echoed
from .findings import Finding, Severity
from .gitlog import file_histories, repo_root, repository_path
from .i18n import join, join_or, languages, t
from .model import Corpus, Document, Form, Manual, in_force_successor, parse_date, withdrawn_successor_note
from .names import name_problem
from .revision import Revision, earlier, first_version
from .source import SourceText
from .training import released_on
from .versions import successor_text

MALFORMED, OUTSTANDING, UNLISTED = "QD210", "QD211", "QD212"
COPY_FORMATS = ("docx", "pdf")
"""The formats a copy is issued in (acts/issuance.py's COPY_WRITERS writes each): a register line's `format`."""
FIELDS = ("number", "document", "version", "recipient", "date", "issued_by", "format", "sha256")
RETURN_FIELDS = ("returned", "returned_by")
# A lost or damaged copy is declared void and replaced under a new 分发号 (`qmsdoc issue --replaces`).
VOID_FIELDS = ("voided", "void_reason", "replaced_by")
_FIELD_KEYS = {"number": "label.copy_number", "document": "label.id", "version": "label.version",
               "recipient": "label.recipient", "date": "label.issue_date", "issued_by": "label.issued_by",
               "format": "register.col.format", "returned": "register.col.returned",
               "returned_by": "register.col.returned_by", "voided": "register.col.voided",
               "void_reason": "register.col.void_reason", "replaced_by": "register.col.replaced_by",
               "replaces": "register.col.replaces", "contents": "register.col.contents"}


@functools.cache
def accepted_void_reasons() -> frozenset[str]:
    """The words a register records as the reason and `--reason` takes, in every catalogue's language (a register
    outlives a change of language): a Traditional Chinese project's 遺失 was offered by the help and refused when
    the list was written out here."""
    return frozenset(language.messages[key] for language in languages().values()
                     for key in ("distribution.void.lost", "distribution.void.damaged"))


def reason_said(reason: str) -> str:
    """A recorded void reason in the project's language, whichever catalogue's word the register line holds (a
    register written in Chinese and read by an English project said 遗失 in its English sentences); a word no
    catalogue has is shown as recorded."""
    for language in languages().values():
        for key in ("distribution.void.lost", "distribution.void.damaged"):
            if language.messages[key] == reason:
                return t(key)
    return reason


def replacement_note(entry: CopyEntry) -> str:
    """What every output says of a replacement copy (`issue --replaces`): the 分发号 of the lost or damaged copy it
    replaces, as the void copy names its replacement; "" for any other copy."""
    return t("distribution.replaces", number=entry.replaces) if entry.replaces else ""


def void_said(entry: CopyEntry) -> str:
    """What every output says of a void copy's replacement: the 分发号 that replaced it, or that none did (a copy
    recorded lost with `qmsdoc recall --void`, its document withdrawn)."""
    return (t("distribution.void.replaced", number=entry.replaced_by) if entry.replaced_by
            else t("distribution.void.unreplaced"))


def void_reasons() -> tuple[str, str]:
    """The reasons a replacement can give, in the project's language: what help and messages offer."""
    return t("distribution.void.lost"), t("distribution.void.damaged")


def field_label(field: str) -> str:
    """A register field as the reader calls it (分发号, Copy No.)."""
    return t(_FIELD_KEYS[field]) if field in _FIELD_KEYS else "SHA-256" if field == "sha256" else field


NUMBER = re.compile(r"^(?P<document>.+)-(?P<version>[A-Z]{1,3}/\d{1,4})-(?P<seq>\d{3,6})$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
def register_header() -> str:
    """What a new distribution register starts with: a comment saying how it is kept, in the project's
    language, then the empty list."""
    return t("register.header") + "copies:\n"


# A whole-manual copy also records what it holds (`contents`: each document's number and version), so that a
# document's new version supersedes the copies of its manual as it does its own copies.
LAYOUT = lineregister.Layout("copies", FIELDS, (*RETURN_FIELDS, *VOID_FIELDS, "replaces", "contents"), field_label,
                             "register.bad")


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
    void_reason: str = ""  # … for this reason (accepted_void_reasons) …
    replaced_by: str = ""  # … and replaced by this 分发号
    contents: str = ""  # a whole-manual copy: the documents it holds (`edition`); "" for others and older lines

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

    def returned_on(self, day: dt.date) -> dt.date | None:
        """The day it was returned, if that was by `day`: a past day's answer (QMSDOC_TODAY) holds a copy returned
        later as still out then, as it holds an acknowledgement dated later as not yet made."""
        return self.returned if self.returned is not None and self.returned <= day else None

    def void_on(self, day: dt.date) -> bool:
        """Declared void by `day` (a loss declared later: still a copy in someone's hands that day)."""
        return self.voided is not None and self.voided <= day

    def issued_on(self, day: dt.date) -> bool:
        """Issued by `day`: a line dated later (a past day asked with QMSDOC_TODAY) did not exist that day."""
        return self.date <= day

    def out_on(self, day: dt.date) -> bool:
        """Still in someone's hands as a valid copy on `day`: `out`, as the register stood that day."""
        return self.issued_on(day) and self.returned_on(day) is None and not self.void_on(day)

    def record(self) -> dict[str, object]:
        """The entry's fields in register order, as written to the file."""
        values: dict[str, object] = {name: getattr(self, name) for name in FIELDS}
        values["date"] = self.date.isoformat()
        if self.replaces:
            values["replaces"] = self.replaces
        if self.contents:
            values["contents"] = self.contents
        if self.returned is not None:
            values["returned"] = self.returned.isoformat()
            values["returned_by"] = self.returned_by
        if self.voided is not None:
            values["voided"] = self.voided.isoformat()
            values["void_reason"] = self.void_reason
            if self.replaced_by:
                values["replaced_by"] = self.replaced_by
        return values


@dataclass
class Register:
    path: Path
    display: str
    entries: list[CopyEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unread: dict[str, int] = field(default_factory=dict)
    """Each 分发号 (`normalise`d) written on a line left out of `entries` — malformed, or a number registered a
    second time — with that line: an act on that number cannot tell which line is the copy."""

    def log_command(self) -> str:
        """The git command that shows each change made to this register, pasted in any folder of its repository
        (a project in a folder of a larger repository, a user inside manuals/)."""
        return git_command("log", "-p", "--", path=repository_path(self.path.parent, self.path.name))

    def by_number(self, number: str) -> CopyEntry | None:
        """The entry of a 分发号 however it is typed (lower case, full-width, spaced, other dashes), as every
        control number is read."""
        wanted = normalise(number)
        return next((e for e in self.entries if e.number == number or normalise(e.number) == wanted), None)

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
    src = lineregister.read_source(path, config.distribution, config.max_file_bytes, config.root)
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
        key = normalise(entry.number)  # the same copy however its number is spelt, as `by_number` finds it
        if key in seen:
            register.findings.append(_malformed(register, line, t("register.bad.duplicate", number=entry.number,
                                                                  line=seen[key])))
            continue
        seen[key] = line
        register.entries.append(entry)
    _note_unread(register, src)
    _check_replacements(register)
    return register


def _note_unread(register: Register, src: SourceText) -> None:
    """`Register.unread`: the 分发号 of every line of the list left out of `entries`, however it was left out
    (incomplete, malformed, a number registered twice)."""
    data = lineregister.read_data(src)
    copies = data.get(LAYOUT.key) if isinstance(data, dict) else None
    kept = {entry.line for entry in register.entries}
    for index, item in enumerate(copies if isinstance(copies, list) else []):
        number = item.get("number") if isinstance(item, dict) else None
        line = src.line_of(LAYOUT.key, index)
        if isinstance(number, str) and number.strip() and line not in kept:
            register.unread.setdefault(normalise(number), line)


def _check_replacements(register: Register) -> None:
    """A void copy names its replacement, and the replacement names it back: one chain, never branching."""
    for entry in register.entries:
        if entry.void and entry.replaced_by:  # a copy recorded lost with no replacement names none
            other = register.by_number(entry.replaced_by)
            if other is None or other.replaces != entry.number:
                register.findings.append(_malformed(
                    register, entry.line, t("register.bad.void_unmatched", number=entry.number,
                                            replaced_by=entry.replaced_by)))
        if entry.replaces:
            old = register.by_number(entry.replaces)
            if old is None or old.replaced_by != entry.number:
                register.findings.append(_malformed(register, entry.line, t(
                    "register.bad.replaces_unmatched", number=entry.number, replaces=entry.replaces)))


def _malformed(register: Register, line: int, message: str) -> Finding:
    return Finding(register.display, line, MALFORMED, Severity.ERROR, message)


def _entry(register: Register, values: dict[str, str], line: int) -> CopyEntry | None:
    def bad(message: str) -> None:
        register.findings.append(_malformed(register, line, message))

    for key in ("recipient", "issued_by", "returned_by"):
        problem = name_problem(values[key]) if key in values else None
        if problem:
            bad(t("register.bad.name", field=field_label(key), value=echoed(values[key]), problem=problem))
            return None
    number = NUMBER.match(values["number"])
    if number is None or number["document"] != values["document"] or number["version"] != values["version"]:
        example = copy_number(values["document"], values["version"], 1)
        bad(t("register.bad.number", number=values["number"], example=example))
        return None
    issued, returned = parse_date(values["date"]), parse_date(values.get("returned", ""))
    if issued is None:
        bad(t("register.bad.date", number=values["number"], date=values["date"]))
        return None
    if not _SHA.match(values["sha256"]):
        bad(t("register.bad.sha", number=values["number"]))
        return None
    if values["format"] not in COPY_FORMATS:  # the issued file is found by it (<分发号>.<format>, QD212)
        bad(t("register.bad.format", number=values["number"], format=values["format"],
              formats=join_or(COPY_FORMATS)))
        return None
    if ("returned" in values) != ("returned_by" in values) or ("returned" in values and returned is None):
        bad(t("register.bad.return", number=values["number"]))
        return None
    if returned is not None and returned < issued:
        bad(t("register.bad.return_date", number=values["number"], returned=returned, issued=issued))
        return None
    voided = parse_date(values.get("voided", ""))
    if any(k in values for k in VOID_FIELDS):
        if voided is None or values.get("void_reason") not in accepted_void_reasons() \
                or ("replaced_by" in values and not values["replaced_by"]):
            bad(t("register.bad.void", number=values["number"], reasons=join_or(void_reasons())))
            return None
        if voided < issued:
            bad(t("register.bad.void_date", number=values["number"], voided=voided, issued=issued))
            return None
        if returned is not None:
            bad(t("register.bad.void_and_returned", number=values["number"], reason=values["void_reason"]))
            return None
    if "contents" in values and any(not code or " " in code or Revision.parse(version) is None
                                    for code, version in _pairs(values["contents"], keep_empty=True)):
        second = str(Revision.first().next_revision())
        bad(t("register.bad.contents", number=values["number"],
              example=edition({"QP-03-01": first_version(), "QP-03-02": second})))
        return None
    return CopyEntry(number=values["number"], document=values["document"], version=values["version"],
                     recipient=values["recipient"], date=issued, issued_by=values["issued_by"],
                     format=values["format"], sha256=values["sha256"], line=line, returned=returned,
                     returned_by=values.get("returned_by", ""), replaces=values.get("replaces", ""),
                     voided=voided, void_reason=values.get("void_reason", ""),
                     replaced_by=values.get("replaced_by", ""), contents=values.get("contents", ""))


# -- what a copy is today --------------------------------------------------------------------------

@dataclass(frozen=True)
class Standing:
    """Where the document a copy was made from stands now."""

    title: str
    current_version: str  # "" for an unknown document
    in_force: bool
    obsolete: bool
    successor: str = ""  # a withdrawn document's successor, named with its own withdrawal if it was withdrawn since
    replacement: str = ""  # … and the document in force now at the end of that chain ("" when none is)
    manual: bool = False  # a whole manual: its copies also hold its documents …
    contents: Mapping[str, str] = field(default_factory=dict)  # … these now, number → version …
    changed: dt.date | None = None  # … last changed on this day (a document released or withdrawn)
    takes_effect: dt.date | None = None  # the current version is in force from this day (its effective date) …
    until_then: str = ""  # … and before it this version was, by the 修订记录 ("" when none was)
    waiting: Mapping[str, tuple[str, dt.date]] = field(default_factory=dict)
    """A whole manual: each document in it approved at a version that takes effect later → (the version in force
    before it, "" when none was: its first version, that effective date); `contents_on` reads it for a day."""
    recorded: tuple[str, ...] = ()  # a document's 修订记录: its versions in order
    withdraws_on: dt.date | None = None  # in force on the day asked, but withdrawn from this later day …
    withdraws_note: str = ""  # … and replaced so (versions.successor_text: 「，由 QP-03-06 替代」)

    def until_said(self, until: dt.date, today: dt.date, pending: str, withdrawal: str, **fields: object) -> str:
        """What a copy in force until `until` (`in_force_until`) is told, in a reader's words: `withdrawal`'s key when
        its document is withdrawn that day, else `pending`'s, naming the version that takes its place."""
        if self.withdraws_on == until:
            return t(withdrawal, date=until, successor=self.withdraws_note, **fields)
        return t(pending, date=until, version=self.coming(today), **fields)

    def following(self, version: str) -> str:
        """The version that took the place of `version`: the next one its 修订记录 records, else the current one."""
        return next((v for v in self.recorded if earlier(version, v)), self.current_version)

    def in_force_on(self, today: dt.date) -> str:
        """The version in force on `today`: the one before while the current one waits for its effective date."""
        return (self.until_then or self.current_version) if self.pending(today) else self.current_version

    def pending(self, today: dt.date) -> bool:
        """The current version is approved but not yet in force on `today` (its effective date is later); for a
        whole manual, also a document in it."""
        return self.next_effect(today) is not None

    def next_effect(self, today: dt.date) -> dt.date | None:
        """The first day after `today` something approved takes effect: the current version, or for a whole manual
        a document in it; None when all is in force."""
        days = [day for _, day in self.waiting.values()] + ([self.takes_effect] if self.takes_effect else [])
        return min((day for day in days if today < day), default=None)

    def coming(self, today: dt.date) -> str:
        """What takes effect on `next_effect`: the current version, or for a whole manual its documents that do,
        each with its approved version (`QP-03-04 A/1`)."""
        if not self.manual:
            return self.current_version
        day = self.next_effect(today)
        return edition({code: self.contents[code] for code, (_, when) in self.waiting.items()
                        if when == day and code in self.contents}) or self.current_version

    def before_on(self, today: dt.date) -> str:
        """What stays in force until `next_effect` in place of `coming`: the version before, or for a whole manual
        those documents' versions in force, else — its index page waiting — the page's version before, as `coming`
        names the page's approved one ("" when none was); a document whose first version waits is named as not held
        (「尚不含 QP-02-05 的版本」)."""
        if not self.manual:
            return self.until_then
        day = self.next_effect(today)
        waits = [(code, before) for code, (before, when) in self.waiting.items()
                 if when == day and code in self.contents]
        return "; ".join(f"{code} {before}" if before else t("verify.without", id=code) for code, before in waits) \
            or (self.until_then if day is not None and day == self.takes_effect else "")

    def contents_on(self, today: dt.date) -> dict[str, str]:
        """A whole manual's documents with the version each has in force on `today` (`contents`, but the version
        before for one whose approved version waits for its effective date, and none of one whose first version
        waits, `Document.first_waits_on`): what its copy made that day holds."""
        out = dict(self.contents)
        for code, (before, day) in self.waiting.items():
            if code in out and today < day:
                if before:
                    out[code] = before
                else:
                    del out[code]
        return out


# -- what a whole-manual copy holds ----------------------------------------------------------------

def manual_contents(manual: Manual, corpus: Corpus, today: dt.date | None) -> dict[str, str]:
    """The documents a whole-manual copy of `today` holds (`manual_members`), each with its approved version — one
    whose withdrawal waits at its last version in force, the withdrawal's own never was (`Standing.contents_on`:
    with the version in force on a day)."""
    return {d.id: d.version_on(today) if today is not None and d.withdrawal_waits_on(today) else str(d.version or "")
            for d in manual_members(manual, corpus, today)}


def edition(documents: Mapping[str, str]) -> str:
    """What a whole-manual copy holds, as its register line records it: each document's number and version."""
    return "; ".join(f"{code} {version}" for code, version in documents.items())


def _pairs(contents: str, *, keep_empty: bool = False) -> list[tuple[str, str]]:
    """(number, version) of each part of a register line's `contents`, as `edition` wrote them."""
    return [(code, version) for code, _, version in (part.rpartition(" ") for part in contents.split("; ")
                                                     if part or keep_empty)]


def held(contents: str) -> dict[str, str]:
    """A register line's `contents` (`edition`) read back: number → version."""
    return dict(_pairs(contents))


def contents_changes(then: Mapping[str, str], now: Mapping[str, str]) -> list[str]:
    """How a whole manual's documents changed between a copy and now, each named: new versions, added, taken out."""
    changes = [t("recall.reason.manual_version", id=code, old=then[code], new=now[code])
               for code in now if code in then and then[code] != now[code]]
    changes += [t("recall.reason.manual_added", id=code, version=now[code]) for code in now if code not in then]
    return changes + [t("recall.reason.manual_removed", id=code) for code in then if code not in now]


def standing(corpus: Corpus, code: str, today: dt.date | None = None,
             then: Document | Form | None = None) -> Standing | None:
    """The current version and status of a document, form or manual — on `today`, when given: a document (or a form
    withdrawn with it) whose withdrawal is dated later is in force that day at its last version, to be withdrawn on
    that date (`Document.withdrawal_waits_on`); None if no such id. `then`: the document or form as it stood
    approved on a past day (core/versions.py `approved_by`), in place of the loaded one."""
    target = then if then is not None else corpus.lookup(code)
    if isinstance(target, Document) and today is not None and target.withdrawal_waits_on(today):
        last = target.withdrew or str(target.version or "")
        withdrawal = str(target.version or "")  # numbered as a version, never in force
        return Standing(target.title, last, True, False,
                        (target.superseded_by or "") + withdrawn_successor_note(target, corpus.documents),
                        getattr(in_force_successor(target, corpus.documents), "id", ""), withdraws_on=target.withdrawn,
                        withdraws_note=successor_text(target),
                        recorded=tuple(e.raw_version for e in target.history
                                       if e.version is not None and e.raw_version != withdrawal))
    if isinstance(target, Form) and today is not None and target.status.is_obsolete \
            and not target.withdrawn_on(today):  # its owner's withdrawal is dated later
        return Standing(target.title, str(target.version or ""), True, False, takes_effect=target.effective_date,
                        withdraws_on=target.withdrawn)
    if isinstance(target, Document):
        return Standing(target.title, str(target.version or ""), target.status.is_controlled,
                        target.status.is_obsolete,
                        (target.superseded_by or "") + withdrawn_successor_note(target, corpus.documents),
                        getattr(in_force_successor(target, corpus.documents), "id", ""),
                        takes_effect=target.effective_date if target.status.is_controlled else None,
                        until_then=target.in_force_before,
                        recorded=tuple(e.raw_version for e in target.history if e.version is not None))
    if target is not None:  # a blank form: 作废 with its owner (core/model.py `Form.status`), as every output says
        return Standing(target.title, str(target.version or ""), target.status.is_controlled,
                        target.status.is_obsolete, takes_effect=target.effective_date)
    manual = corpus.manual(code)
    if manual is not None:
        contents = manual_contents(manual, corpus, today)
        days = [released_on(corpus.documents[code], contents[code]) for code in contents]
        days += [d.withdrawn for d in manual.documents if (d.withdrawn_on(today) if today else d.status.is_obsolete)]
        waiting = {d.id: (d.in_force_before, d.effective_date) for d in manual_members(manual, corpus, today)
                   if d.effective_date is not None}
        return Standing(manual.title, str(manual.data.get("version", "")), True, False, manual=True,
                        contents=contents, changed=max((d for d in days if d is not None), default=None),
                        takes_effect=manual.effective_date, until_then=manual.in_force_before, waiting=waiting)
    return None


def newer_version(entry: CopyEntry, now: Standing, today: dt.date | None = None) -> bool:
    """The copy's own version is no longer the current one — on `today`, no longer the one in force: a copy of a
    manual's index page at the version that stays in force while its approved one waits is of no old version,
    even when its documents changed since (then `superseded_reason` names those)."""
    if today is not None and _page_in_force(entry, now, today):
        return False
    return earlier(entry.version, now.current_version)


def superseded_reason(entry: CopyEntry, now: Standing, today: dt.date | None = None) -> str | None:
    """Why the copy shows what is no longer in force (on `today`, `newer_version`) — its document obsolete or at a
    newer version; for a whole manual, also a document in it released at a new version, added or withdrawn since —
    or None."""
    if now.obsolete:
        return (t("recall.reason.obsolete_successor", successor=now.successor) if now.successor
                else t("recall.reason.obsolete"))
    if newer_version(entry, now, today):
        return t("recall.reason.superseded", version=now.current_version)
    if not now.manual:
        return None
    if not entry.contents:  # a line written before copies recorded their contents: judged by its date
        changed = now.changed is not None and now.changed > entry.date
        return t("recall.reason.manual_since", date=now.changed) if changed else None
    changes = contents_changes(held(entry.contents), now.contents)
    return t("recall.reason.manual", changes=join(changes)) if changes else None


def in_force_until(entry: CopyEntry, now: Standing, today: dt.date) -> dt.date | None:
    """The day a copy's version stops being in force, when on `today` it still is though a newer version is
    approved: the newer one takes effect later (its effective date) and the copy is of the version the 修订记录
    has in force until then — or its document is withdrawn on a later day (`Standing.withdraws_on`). None otherwise
    (then `superseded_reason` says where the copy stands)."""
    if now.withdraws_on is not None and today < now.withdraws_on and entry.version == now.current_version:
        return now.withdraws_on
    if now.pending(today) and not now.obsolete and not now.manual and now.until_then == entry.version:
        return now.takes_effect
    if now.manual and entry.contents and entry.version == now.current_version:  # the manual in force today
        then, on_day = held(entry.contents), now.contents_on(today)
        return now.next_effect(today) if then == on_day and on_day != now.contents else None
    if entry.contents and _page_in_force(entry, now, today):
        return now.next_effect(today) if held(entry.contents) == now.contents_on(today) else None
    return None


def _page_in_force(entry: CopyEntry, now: Standing, today: dt.date) -> bool:
    """A whole-manual copy of its index page's version before, in force on `today` while the approved one waits."""
    return now.manual and now.takes_effect is not None and today < now.takes_effect \
        and _page_before(entry.version, now)


def _page_before(version: str, now: Standing) -> bool:
    """Whether `version` of a manual's index page is the one in force while its approved version waits: the one
    before by its 修订记录, or — none kept — an earlier one."""
    return version == now.until_then if now.until_then else earlier(version, now.current_version)


@dataclass(frozen=True)
class Recall:
    """An outstanding copy of a superseded version (a line of the 回收清单)."""

    entry: CopyEntry
    title: str
    current_version: str
    reason: str
    reissue: str = ""
    """What to issue in the copy's place, said after the request to collect it (`reissue`)."""
    due: dt.date | None = None
    """Still in force until this day (`in_force_until`): to be collected then, not yet."""
    gone: bool = False
    """No source holds its number any more (deleted): no page to link to, nothing to issue in its place."""

    @property
    def state(self) -> str:
        """What the 回收清单 says of the copy (its page, CSV and sheet): why it is recalled, and for a replacement
        copy the 分发号 it replaced (`replacement_note`)."""
        return self.reason + replacement_note(self.entry)


def recall_now_and_later(recalls: Sequence[Recall]) -> tuple[list[Recall], list[Recall]]:
    """The 回收清单 in its two parts, as every output of it shows them: the copies to collect now, then those of a
    version still in force until its approved successor takes effect (`Recall.due`: collected that day, not before)."""
    return [r for r in recalls if r.due is None], [r for r in recalls if r.due is not None]


def recall_when(recall: Recall) -> str:
    """When to collect `recall`'s copy, in words: now, or on the day its successor takes effect."""
    return t("recall.when.due", date=recall.due) if recall.due is not None else t("recall.when.now")


def reissue(now: Standing) -> str:
    """What the holder of a recalled copy gets instead: the current version (of a whole manual: the manual issued
    anew, its page's version unchanged but its documents those in force), the successor of a withdrawn document, or
    nothing — a document withdrawn with no successor has no version to issue."""
    if now.obsolete or now.withdraws_on is not None:  # withdrawn, or to be withdrawn on the day it is collected
        return (t("recall.reissue.successor", successor=now.replacement) if now.replacement
                else t("recall.reissue.none_in_force") if now.successor else t("recall.reissue.none"))
    if now.manual:  # its page's version is the copy's own: the documents it holds are what changed
        return t("recall.reissue.manual", version=now.current_version)
    return t("recall.reissue.current", version=now.current_version)


def recall_list(register: Register, corpus: Corpus, today: dt.date,
                deleted: Mapping[str, str] | None = None) -> list[Recall]:
    """Copies of superseded versions not yet returned, by document and 分发号; a copy of the version still in force
    on `today`, a newer one approved to take effect later, is listed to be recalled on that day, said so. A copy
    still out of a number git saw deleted (a blank form retired by deleting its file: `deleted`, core/versions.py
    `deleted_titles`) is no controlled copy of anything: listed too, titled as its last version was; a number
    never held is a register line in error (QD210), not a copy to collect."""
    out = []
    for entry in register.entries:
        now = standing(corpus, entry.document, today)
        if now is None and entry.out_on(today) and normalise(entry.document) in (deleted or {}):
            out.append(Recall(entry, (deleted or {})[normalise(entry.document)], "", t("register.copy.gone"),
                              t("recall.reissue.gone"), gone=True))
            continue
        if now is None or not entry.out_on(today):
            continue
        reason = superseded_reason(entry, now, today)
        until = in_force_until(entry, now, today)
        if until is not None and (reason is not None or until == now.withdraws_on):  # a withdrawal waits too
            reason = now.until_said(until, today, "recall.reason.pending", "recall.reason.withdrawal_pending")
        if reason is None:
            continue
        out.append(Recall(entry, now.title, now.current_version, reason, reissue(now), until))
    return sorted(out, key=lambda r: (r.entry.document, r.entry.number))


def unknown_documents(register: Register, corpus: Corpus,
                      deleted: Mapping[str, str] | None = None) -> Iterable[Finding]:
    """Register lines naming a number no source holds, nor one git saw deleted (`deleted`, core/versions.py
    `deleted_titles`): a copy of a deleted form or document is no typo — the 回收清单 lists it while it is out."""
    for entry in register.entries:
        if standing(corpus, entry.document) is None and normalise(entry.document) not in (deleted or {}):
            yield _malformed(register, entry.line,
                             t("register.bad.document", number=entry.number, id=entry.document))


def earliest_copy(corpus: Corpus, code: str, version: str, contents: str | None = None) -> dt.date | None:
    """The earliest day a copy of `version` of `code` can exist: the day that version was released (a document's
    修订记录 entry, as its reading assignments open; for the version in force of a form or manual page, its
    approval; for a whole manual, the latest of its page's and its documents' — those in force now, or for a
    register line the versions its `contents` records). None when the sources do not say (an earlier version of a
    form or manual page). `qmsdoc issue` refuses a date before it; check reports a register line dated before it
    (QD210)."""
    item = corpus.lookup(code)
    if isinstance(item, Document):
        return released_on(item, version)
    manual = corpus.manual(code) if item is None else None
    current = str(item.version or "") if item is not None else manual.version if manual is not None else ""
    if version != current:
        return None
    source = item.source if item is not None else manual.source if manual is not None else None
    data = source.data if source is not None and isinstance(source.data, dict) else {}
    approved = data.get("approved")
    days = [parse_date(approved.get("date")) if isinstance(approved, dict) else None]
    if manual is not None and contents is None:
        days += [released_on(d) for d in manual_members(manual, corpus, None)]
    elif manual is not None and contents is not None:  # a document released since does not make the copy early
        days += [released_on(d, v) for c, v in held(contents).items() if (d := corpus.documents.get(c)) is not None]
    return max((d for d in days if d is not None), default=None)


def early_copies(register: Register, corpus: Corpus) -> Iterable[Finding]:
    """Register lines dated before their version was released: a copy that could not have been issued that day."""
    for entry in register.entries:
        released = earliest_copy(corpus, entry.document, entry.version, entry.contents)
        if released is not None and entry.date < released:
            yield _malformed(register, entry.line, t("register.bad.early", number=entry.number, date=entry.date,
                                                     id=entry.document, version=entry.version, released=released))


@dataclass(frozen=True)
class Rewrite:
    """A register line changed after it was committed, beyond what `recall` and `issue --replaces` add to it."""

    commit: str
    date: str
    field: str  # the register field changed (its label: 分发号, 版本 …)
    then: str  # … as that commit recorded it …
    now: str  # … and as the working register has it ("" for a field taken out)


# What an issued line records once and for all; `returned` and the void fields are added later, never taken out.
_ISSUED = (*FIELDS, "replaces", "contents")
_ADDED = (*RETURN_FIELDS, *VOID_FIELDS)


def rewrite_of(entry: CopyEntry, register: Register) -> Rewrite | None:
    """The first change git shows to what `entry`'s 分发号 (or its SHA-256) was recorded with: an issue field
    changed, or a committed return or void taken out. None when no commit holds the line, or none differs."""
    root = repo_root(register.path.parent)
    if root is None or not register.path.is_file():
        return None
    now = entry.record()
    for version in file_histories(root, [register.path]).versions.get(register.path, []):
        then = next((e for e in parse_register(version.text, register.path, register.display).entries
                     if e.number == entry.number or e.sha256 == entry.sha256), None)
        if then is None:
            continue
        recorded = then.record()
        for name in (*_ISSUED, *(f for f in _ADDED if f in recorded)):
            if str(recorded.get(name, "")) != str(now.get(name, "")):
                return Rewrite(version.commit, version.date, field_label(name), str(recorded.get(name, "")),
                               str(now.get(name, "")))
    return None


def voided_copies(register: Register) -> list[CopyEntry]:
    """Copies declared void (lost or damaged) and replaced: listed beside the 回收清单, never recalled."""
    return sorted((e for e in register.entries if e.void), key=lambda e: (e.document, e.number))


@dataclass(frozen=True)
class Voided:
    """A copy declared void (`voided_copies`), as the 回收清单 lists it beside the copies to collect."""

    entry: CopyEntry
    title: str
    gone: bool = False
    """No source holds its number any more (deleted, as `Recall.gone`): no page to link to."""


def void_list(register: Register, corpus: Corpus, deleted: Mapping[str, str] | None = None) -> list[Voided]:
    """The copies declared void with their document's title — of a number git saw deleted (`deleted`, core/versions.py
    `deleted_titles`) as its last version was, as `recall_list` titles the copies still out of it."""
    out = []
    for entry in voided_copies(register):
        now = standing(corpus, entry.document)
        title = now.title if now is not None else (deleted or {}).get(normalise(entry.document), "")
        out.append(Voided(entry, title, gone=now is None))
    return out
