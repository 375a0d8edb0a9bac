"""Released versions of a controlled item, read from git: every commit where it stood approved at a new
version, parsed the way the loader parses the current file. What the version-history pages, the pages
of earlier versions, `qmsdoc copy --version`, `qmsdoc redline` and `qmsdoc register --as-of` read.
No git (or a shallow clone): no earlier versions — each caller says so."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from html import unescape
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote

from .approval import History, Removed, parse_version
from .codes import normalise
from .config import today
from .fingerprint import RECORD_KEYS, fingerprint, recorded_fingerprint, same_approval
from .gitlog import Revisioned, read_blobs, repo_root
from .i18n import join, t
from .loader import document_from, form_from, history_from
from .model import Corpus, Document, Form, Landed, Manual, Signoff, parse_date, replacement_text, withdrawn_by
from .source import SourceText
from .status import Status


@dataclass(frozen=True)
class Release:
    """One released version as committed: its text, parsed, and the commit that holds it."""

    kind: str
    version: str
    commit: str
    committed: str  # the commit's date (YYYY-MM-DD)
    source: SourceText
    git_path: str = ""
    """Where the file was in that commit, relative to the repository's root (a moved document's old place)."""
    restored: bool = False
    """An earlier release committed again after a later one (`git revert` of a release, a checkout of the old
    file): in force again from this commit, not from its old effective date."""
    merged: bool = False
    """Committed on a branch and brought onto the line by a merge (`committed` is the merge's day)."""

    @property
    def data(self) -> dict[str, Any]:
        return self.source.data if isinstance(self.source.data, dict) else {}

    @property
    def body(self) -> str:
        return "" if self.kind == "form" else self.source.body

    @property
    def title(self) -> str:
        """The title this version was approved with ("" when its front matter writes none): a retitled item's
        earlier version is named by it wherever that version is answered for."""
        return str(self.data.get("title", ""))

    @property
    def change(self) -> str:
        """The 修订记录 note written for this version."""
        return next((str(h.get("change", "")) for h in self.data.get("history") or []
                     if isinstance(h, dict) and str(h.get("version")) == self.version), "")

    @property
    def status(self) -> Status:
        return Status.parse(self.data.get("status")) or Status.EFFECTIVE

    @property
    def effective_date(self) -> dt.date | None:
        """When this version came into force: its effective date, else its approval date, else the commit's."""
        approved = self.data.get("approved")
        return (parse_date(self.data.get("effective_date"))
                or (parse_date(approved.get("date")) if isinstance(approved, dict) else None)
                or parse_date(self.committed))

    @property
    def in_force_from(self) -> dt.date | None:
        """The day this release took (or took again) effect, what `register --as-of` and the version history page
        both answer with. ISO 9001 7.5.3: a version is in force from its effective date once it is released on
        the line users read (the first-parent line, which the site and copies are built from), so:

        - committed on the line: its effective date (front matter `effective_date`, else its approval date), even
          when the commit came a few days after `qmsdoc release` — the release was made in the line's working
          tree, the commit only records it;
        - committed on a branch and merged later (`merged`): its effective date, but never before the merge —
          until then every user read the version before it, however the branch's front matter is dated (a
          fast-forward merge puts the branch's commits on the line as they are and cannot be told apart);
        - an earlier release committed again (`restored`, a reverted release): the day of that commit;
        - an approval made before qmsdoc and recorded by `qmsdoc baseline` (`baselined`), even merged from a branch:
          its effective date — the version was in force on paper from then, git only learnt of it later (the
          current register, the document's page and its copies give that date too).

        None for a withdrawal (`qmsdoc obsolete` numbers it as a version, but it was never in force): the effective
        date its front matter keeps is the withdrawn version's (`Document.effective_version`)."""
        if self.status.is_obsolete:
            return None
        landed = self.landed
        if self.restored:
            return landed
        effective = self.effective_date
        return max(effective, landed) if effective is not None and landed is not None else effective or landed

    @property
    def landed(self) -> dt.date | None:
        """The day git brought this release to the line users read, when its front matter cannot date it: the merge
        of a branch (`merged`, unless `baselined`) or the commit that restored it (`restored`); None for a release
        committed on the line. `in_force_from` is never before it; reading assignments open no earlier either."""
        return parse_date(self.committed) if self.restored or (self.merged and not self.baselined) else None

    @property
    def baselined(self) -> bool:
        """Its approval was made before qmsdoc and recorded later by `qmsdoc baseline`."""
        approved = self.data.get("approved")
        return isinstance(approved, dict) and any(key in approved for key in RECORD_KEYS)

    @property
    def withdrawn(self) -> dt.date | None:
        withdrawn = self.data.get("withdrawn")
        return parse_date(withdrawn.get("date")) if isinstance(withdrawn, dict) and self.status.is_obsolete else None

    @property
    def approved_on(self) -> dt.date | None:
        """The day its approval records, else the day it was committed."""
        approved = self.data.get("approved")
        return (parse_date(approved.get("date")) if isinstance(approved, dict) else None) or parse_date(self.committed)

    @property
    def approver(self) -> str:
        approved = self.data.get("approved")
        return str(approved.get("by", "")) if isinstance(approved, dict) else ""

    @cached_property
    def document(self) -> Document:
        """This version as a document of the model (its manual is not known here), with the effective date its
        approval records and, when it came into force on the line later (merged from a branch, restored by a
        revert: `came_into_force`), that day as `landed` — so its earlier-version page, `qmsdoc copy --version`,
        a whole-manual copy of a past day and the copy of the version in force while its successor waits say
        "approved date (merged onto the line on …)" in the words the current version's outputs use
        (`Document.effective_note`). The day it was in force on the line is `in_force_from`, the one computation
        `register --as-of` and the history page read; never this document's effective date. The project's period
        of review is not known here: whoever shows its next review gives it the loaded document's
        (`Document.project_review_months`), as it gives it its manual."""
        manual: Manual | None = None
        document = document_from(self.source, self.data, manual, project_review_months=None)
        document.landed = came_into_force(self)
        return document


def came_into_force(release: Release | None) -> Landed | None:
    """The later day `release` came into force on the line (`in_force_from`), when that is not the effective date
    its approval records: merged from a branch after it, or restored by a revert. None otherwise (committed on the
    line, a baselined approval, or a release approved to take effect later, which is in force from its own date)."""
    if release is None or not (release.restored or release.merged):
        return None
    start = release.in_force_from
    return Landed(start, release.restored) if start is not None and start != release.effective_date else None


@lru_cache(maxsize=512)
def released(kind: str, path: str, revisions: tuple[Revisioned, ...]) -> tuple[Release, ...]:
    """`releases`, memoised by the commits' texts for the last 512 files asked: in a project of up to that many, each
    history is parsed once per run however many outputs ask; beyond, a file asked again after 512 others is parsed
    again (each parse is cheap: `_VERDICTS` keeps the texts' verdicts). A long `serve` holds no more than 512."""
    return tuple(releases(kind, path, list(revisions)))


# The refusal of an answer about a past day that needs the text of a version git never held (released before the
# repository's history, or never committed on its own): the 修订记录 dates it, nothing holds its words.
TEXT_NOT_HELD = "QD195"

_VERSION_LINE = re.compile(r"""^version:[ \t]*['"]?([^'"\s#]+)""", re.M)
_FINGERPRINT_LINE = re.compile(r"fingerprint:\s*['\"]?([0-9a-f]{64})")


def _may_have_landed(revisions: list[Revisioned]) -> bool:
    """Whether a release among `revisions` may be `merged` or `restored`, read from the raw texts without parsing
    (a `check` of a large history parses none that cannot): a merge on the line, or a version label and approval
    fingerprint committed again after other ones (what `releases` calls restored). True when a text does not show
    its version plainly: then `releases` decides."""
    if any(r.merge for r in revisions):
        return True
    seen: list[tuple[str, tuple[str, ...]]] = []
    for revision in revisions:
        label = _VERSION_LINE.search(revision.text)
        if label is None:
            return True
        key = (label.group(1), tuple(_FINGERPRINT_LINE.findall(revision.text)))
        if seen and seen[-1] == key:
            continue
        if key in seen:
            return True
        seen.append(key)
    return False


def _shown_from(revisions: list[Revisioned], text: str) -> int:
    """Where the releases of the version the working tree's `text` shows begin among `revisions`: the first one that
    holds its approval fingerprint, when no revision before it carries its version label — those cannot be one of
    its releases, put it back or be approved again as it (`releases` compares a label's releases only), so they
    need no parsing. 0 (the whole history) when the text shows no plain label or fingerprint, or git never held it.
    A repository that merges every change (a pull-request workflow) parses each file's last version, not its
    history, on every `check`."""
    label = _VERSION_LINE.search(text)
    recorded = _FINGERPRINT_LINE.search(text)
    if label is None or recorded is None:
        return 0
    first = next((i for i, r in enumerate(revisions) if recorded.group(1) in r.text), None)
    if first is None:
        return 0
    before = (_VERSION_LINE.search(r.text) for r in revisions[:first])
    return 0 if any(b is None or b.group(1) == label.group(1) for b in before) else first


class Memo(Protocol):
    """Where a check keeps answers between runs (core/parsecache.py ParseCache: `recall`, `remember`)."""

    def recall(self, key: str, kind: type[tuple[str, ...]]) -> tuple[str, ...] | None: ...

    def remember(self, key: str, value: object) -> None: ...


def mark_landed(corpus: Corpus, history: History, memo: Memo | None = None, salt: str = "") -> None:
    """Set each document's, form's and manual index page's `landed` from git, once after the check: the version whose
    effective date it shows (its own, or a withdrawn document's last version in force) as committed on the line,
    when it came into force there later than that date (`came_into_force`). The working tree's version must be the
    one committed (the same approval record): a release not committed yet has no day on the line. Without git,
    nothing is set. Each answer is kept in `memo` (the check's parse cache; `salt`: the rules' code and
    configuration) by the file's bytes and the commits it was read from: a repository that merges every change
    parsed every committed front matter of every file on every `check` (~0.5 ms each: seconds for a long history)."""
    items: list[Document | Form | Manual] = [*corpus.documents.values(), *corpus.forms.values(), *corpus.manuals]
    for item in items:
        item.landed = None
        revisions = history.versions.get(item.path, [])
        if not _may_have_landed(revisions):  # neither merged nor put back: no release to parse
            continue
        withdrew = item.withdrew if isinstance(item, Document) else None
        shown = revisions[_shown_from(revisions, item.source.text):] if withdrew is None else revisions
        read = json.dumps([salt, item.path, item.source.sha256 or item.source.text,
                           [(r.commit, r.date, r.path, r.merge) for r in shown]])
        key = "landed\0" + hashlib.sha256(read.encode("utf-8")).hexdigest()
        kept = memo.recall(key, tuple) if memo is not None else None
        if kept is None:
            kept = _landed_answer(item, shown, withdrew)
            if memo is not None:
                memo.remember(key, kept)
        item.landed = Landed(dt.date.fromisoformat(kept[0]), kept[1] == "restored") if kept else None


def _landed_answer(item: Document | Form | Manual, shown: list[Revisioned], withdrew: str | None) -> tuple[str, ...]:
    """`mark_landed`'s answer for one item, as it is kept: (day, "restored" or "merged"), or () for none."""
    kind = "manual" if isinstance(item, Manual) else item.kind
    release = latest(list(released(kind, item.path, tuple(shown))), withdrew or str(item.version or ""))
    if release is None or (withdrew is None and recorded_fingerprint(release.data)
                           != recorded_fingerprint(item.source.data)):
        return ()
    landed = came_into_force(release)
    return () if landed is None else (landed.day.isoformat(), "restored" if landed.restored else "merged")


def _unapproved(value: object) -> bool:
    status = Status.parse(value)
    return status is not None and status.is_unapproved


@dataclass(frozen=True)
class _Verdict:
    """What `unapproved_edits` needs of one committed text: the approval record's version and fingerprint, and
    whether the content differs from what that record approved."""

    edited: bool
    version: str
    recorded: str = ""


_VERDICTS: dict[tuple[str, str], _Verdict | None] = {}
"""(kind, committed text) → its verdict (None: not readable). Filled by `releases`, which parses every revision
anyway, so `unapproved_edits` — asked for the same files by the site and `register --as-of` — parses none again."""
_VERDICTS_KEPT = 1 << 14
_UNSEEN = _Verdict(False, "")  # no verdict yet (a lookup, not a test then a read: a build's threads may clear it)


def _verdict(kind: str, text: str, src: SourceText) -> _Verdict | None:
    """`src` (parsed from `text`) judged, and remembered for its text."""
    verdict = None
    if not src.findings and isinstance(src.data, dict):
        recorded = recorded_fingerprint(src.data)
        edited = recorded is not None and fingerprint(src.data, "" if kind == "form" else src.body) != recorded
        verdict = _Verdict(edited, str(src.data.get("version", "")), recorded or "")
    if len(_VERDICTS) >= _VERDICTS_KEPT:
        _VERDICTS.clear()
    _VERDICTS[(kind, text)] = verdict
    return verdict


def _edited(kind: str, text: str) -> bool:
    """Whether committed `text` (judged by `releases` already) holds content its approval record did not approve."""
    verdict = _VERDICTS.get((kind, text), _UNSEEN)
    if verdict is _UNSEEN:
        verdict = _verdict(kind, text, parse_version(kind, text, ""))
    return verdict is not None and verdict.edited


def releases(kind: str, path: str, revisions: list[Revisioned]) -> list[Release]:
    """Each version of `path` as first committed in a released state, oldest first (a commit that changed
    nothing but, say, a review record does not start a version). A version label approved again over other
    content (QD191) starts a release of its own: until then the first approval was the one in force."""
    out: list[Release] = []
    for revision in revisions:
        src = parse_version(kind, revision.text, path)
        if (kind, revision.text) not in _VERDICTS:  # judged once per text, however often the site asks
            _verdict(kind, revision.text, src)
        if src.findings or not isinstance(src.data, dict):
            continue
        data = src.data
        version = str(data.get("version", ""))
        if (kind == "document" and _unapproved(data.get("status"))) or not version:
            continue
        if kind != "document" and not isinstance(data.get("approved"), dict):
            continue  # a form or manual page has no draft status: committed before its approval, not released
        if out and out[-1].version == version and recorded_fingerprint(out[-1].data) == recorded_fingerprint(data):
            if _edited(kind, out[-1].source.text) and not _edited(kind, revision.text):
                # released over text its record did not approve, the approved text committed later: that text is
                # the version's (its page and copies show it); the release still dates from its first commit
                out[-1] = replace(out[-1], source=src, git_path=revision.path)
            continue
        if out and out[-1].version == version and same_approval(out[-1].data, out[-1].source.body, data, src.body):
            # the approval recorded later (`qmsdoc baseline`): the same release, in force from its first commit
            # — read from now on as recorded, so the file as committed today is this release's text
            out[-1] = replace(out[-1], source=src, git_path=revision.path)
            continue
        restored = any(r.version == version and recorded_fingerprint(r.data) == recorded_fingerprint(data)
                       for r in out)
        out.append(Release(kind, version, revision.commit, revision.date, src, revision.path, restored,
                           revision.merge))
    return out


@dataclass(frozen=True)
class UnapprovedEdit:
    """A time the file committed on the line held an approval record its content did not match: edited by hand
    without a new approval (QD190 in the working tree; once committed, every user read that text). From the day
    of `commit` until the day the approved content (or a new approval) was committed again, or still (None)."""

    commit: str
    since: dt.date
    until: dt.date | None
    version: str = ""
    """The version its approval record names (the approved text it differs from)."""
    git_path: str = ""
    """Where the file was in `commit`, relative to the repository's root: `git show COMMIT:PATH` shows the edited
    text."""
    recorded: str = ""
    """The approval fingerprint its record holds: which approval of `version` it was made under (`edits_of`)."""

    def covers(self, day: dt.date) -> bool:
        # the day it was committed counts even when it was undone that same day: users may have read it
        return self.since <= day and (self.until is None or day < self.until or day == self.since)


def unapproved_edits(kind: str, path: str, revisions: list[Revisioned]) -> list[UnapprovedEdit]:
    """Each stretch of `revisions` (a file's commits on the line, oldest first) whose content was not what its
    approval record approved — a release commit that also edited another approved file by hand, or a later
    commit that did; what `register --as-of` must name beside the version it says was in force then."""
    out: list[UnapprovedEdit] = []
    opened: tuple[str, dt.date, str, str, str] | None = None
    for revision in revisions:
        verdict = _VERDICTS.get((kind, revision.text), _UNSEEN)
        if verdict is _UNSEEN:
            verdict = _verdict(kind, revision.text, parse_version(kind, revision.text, path))
        day = parse_date(revision.date)
        if verdict is None or day is None:
            continue
        if verdict.edited and opened is None:
            opened = (revision.commit, day, verdict.version, revision.path, verdict.recorded)
        elif not verdict.edited and opened is not None:
            # a commit after it on the line ends it no earlier than it began, whatever the clocks said (an edit
            # dated 2099 put right by a commit dated 2026: undone the day it is dated, not before it began)
            out.append(UnapprovedEdit(opened[0], opened[1], max(day, opened[1]), *opened[2:]))
            opened = None
    if opened is not None:
        out.append(UnapprovedEdit(opened[0], opened[1], None, *opened[2:]))
    return out


def edits_of(release: Release, edits: list[UnapprovedEdit]) -> list[UnapprovedEdit]:
    """The unapproved edits (`unapproved_edits` of its file) made while `release` was the approved version: the
    ones made under its approval record (its version label and approval fingerprint) — also before a revert
    restored it, when `release` is the restored one (`latest` names it: its page, its copy, verify), and never
    under another approval of the same label (QD191). An edit or release without a fingerprint: the ones whose
    record names its version, committed with it or after it."""
    recorded = recorded_fingerprint(release.data)
    if recorded:
        return [e for e in edits if e.version == release.version and e.recorded == recorded]
    start = parse_date(release.committed)
    return [e for e in edits if e.version == release.version and (start is None or e.since >= start)]


def unapproved_text(edit: UnapprovedEdit, code: Callable[[str], str] = str,
                    day: Callable[[dt.date], str] = dt.date.isoformat, text: Callable[[str], str] = str) -> str:
    """What every output says of `edit` (the history page, an earlier version's page, `copy --version`): from which
    commit and day until which day the published text was not the approved version — the commit shown by `code`
    and each day by `day`, the version by `text` (for HTML: escaped and marked up; plain text by default)."""
    commit, version = code(edit.commit[:10]), text(edit.version or "—")
    if edit.until is None:
        return t("history.unapproved_still", commit=commit, since=day(edit.since), version=version)
    return t("history.unapproved_until", commit=commit, since=day(edit.since), until=day(edit.until),
             version=version)


def join_edits(edits: list[UnapprovedEdit]) -> str:
    """`edits` as running text (`copy --version`, `verify`): each `unapproved_text` a sentence of its own in English
    (each begins "From git commit …"), joined by "；" in Chinese."""
    return t("history.unapproved_sep").join(t("history.unapproved_item", edit=unapproved_text(e)) for e in edits)


def shown_text(release: Release, edits: list[UnapprovedEdit]) -> str:
    """Which text of `release` an earlier version's page and its copy show, when it was edited without approval
    while in force (`edits`, from `edits_of`; "" when none): the text as approved — the release's own, else (a
    release committed over text its record did not approve) the approved text committed after it — and how to
    read each edited text. Plain text: the caller escapes it for its format."""
    if not edits:
        return ""
    # quoted for a shell when the path needs it (a project in a repository's folder named with a space): the
    # command is given to be pasted, and a path cut in two showed nothing
    show = join(f"git show {shlex.quote(f'{e.commit[:10]}:{e.git_path}')}" for e in edits)
    if _edited(release.kind, release.source.text):  # git never held the approved text of this version
        return t("history.shown_unapproved", version=release.version, commit=release.commit[:10],
                 date=release.committed, show=show)
    return t("history.shown_approved", version=release.version, commit=release.commit[:10], date=release.committed,
             show=show)


def latest(found: list[Release], version: str) -> Release | None:
    """What a version label names: its last release (a label approved twice names the second approval)."""
    return next((r for r in reversed(found) if r.version == version), None)


def gone_for_good(gone: Removed, corpus: Corpus) -> tuple[str, list[Release]] | None:
    """A deleted manual index page's, document's or form's number and released versions, when it had any and no
    file holds that number now (a move or a renamed file keeps it): what QD142 reports and `register --as-of`
    answers for."""
    found = releases(gone.kind, gone.path, gone.versions)
    if not found:
        return None
    code = normalise(str(found[-1].data.get("code" if gone.kind == "form" else "id", "")))
    held = corpus.lookup(code) is not None or any(normalise(m.id) == code for m in corpus.manuals)
    return (code, found) if code and not held else None


def deleted_titles(history: History, corpus: Corpus) -> dict[str, str]:
    """The number and last title of each document, form or manual index page git saw deleted and no file numbers
    now (`gone_for_good`): what the 回收清单 lists the copies still out of, and why a register line naming it is
    no typo (QD210) — a blank form no longer used is retired by deleting its file."""
    out: dict[str, str] = {}
    for gone in history.removed:
        known = gone_for_good(gone, corpus)
        if known is not None:
            out[known[0]] = known[1][-1].title
    return out


def _withdrawn_before(found: list[Release], deleted: dt.date) -> dt.date | None:
    """When the source was withdrawn, if the last release committed before its file was deleted on `deleted` was
    its withdrawal: the file of a withdrawn item went, not an item in force (that would be QD142)."""
    before = [r for r in found if (committed := parse_date(r.committed)) is not None and committed <= deleted]
    return before[-1].withdrawn if before and before[-1].status.is_obsolete else None


def gone_state(found: list[Release], deleted: dt.date, restored: dt.date | None = None) -> list[str]:
    """The state and note of a source whose file was deleted on `deleted` (and committed again on `restored`):
    withdrawn first, or deleted without a withdrawal — what `register --as-of` lists it as and `verify` says of
    its copies."""
    withdrawn = _withdrawn_before(found, deleted)
    if withdrawn is not None:
        key = "asof.withdrawn_deleted" if restored is None else "asof.withdrawn_deleted_restored"
        return [t("register.withdrawn"), t(key, date=withdrawn.isoformat(), deleted=deleted.isoformat(),
                                           restored=restored.isoformat() if restored else "")]
    if restored is None:
        return [t("asof.deleted"), t("asof.deleted_on", date=deleted.isoformat())]
    return [t("asof.deleted"), t("asof.deleted_restored", date=deleted.isoformat(), restored=restored.isoformat())]


def latest_label(item: object, today: dt.date | None = None) -> str:
    """What the latest released version of a document or form is: the current one, a withdrawn one's final
    version (no version of it is current), or — on `today`, before its effective date — one approved and not yet
    in force."""
    if isinstance(item, Document) and today is not None and item.pending_on(today):
        return t("history.pending", date=item.effective_date)
    if isinstance(item, (Document, Form)) and item.status.is_unapproved:  # a draft's version was never released
        return t("history.unapproved_latest", status=item.status.label)
    withdrawn = isinstance(item, (Document, Form)) and item.status.is_obsolete
    return t("history.final") if withdrawn else t("history.current")


@dataclass(frozen=True)
class Names:
    """How a notice of what ended a version (`replaced_by`) names what it sends its reader to: the version that
    followed (`version`) and the document that replaced a withdrawn one (`document`). Each as itself in a copy, in
    `verify` and on the command line; on the site a link to its page, the notice then HTML (site/history.py)."""

    version: Callable[[str], str] = str
    document: Callable[[str], str] = str


PLAIN_NAMES = Names()


def successor_text(item: object, name: Callable[[str], str] = str) -> str:
    """What replaced a withdrawn document (`item`: the document, or the `Document` of its withdrawal's release), as
    every notice of its withdrawal ends: 「，由 QP-03-06 替代」, 「，无替代文件」, or "" (a form, or none recorded).
    A renumbered document is withdrawn and superseded by its new number: its reader is told where it went. `name`
    writes the successor's number (`Names.document`)."""
    if not isinstance(item, Document):
        return ""
    return replacement_text(name(item.superseded_by) if item.superseded_by else "", item.without_successor)


def withdrawal_text(day: object, item: object, name: Callable[[str], str] = str) -> str:
    """「已于 D 作废，由 X 替代」: a withdrawal on `day` and what replaced `item` (`successor_text`)."""
    return t("version.withdrawn_on", date=day) + successor_text(item, name)


def succession(following: str, current: str = "", withdrawn: str = "", successor: str = "",
               name: Callable[[str], str] = str) -> str:
    """What ended an earlier version, as every place that speaks of one says it (the page of an earlier version,
    `copy --version`, `verify` of its copy): superseded by `following`, the version that took its place — and,
    when that is no longer where the document stands, where it stands now: the `current` version, or withdrawn
    on the day `withdrawn` (and then `successor`, from `successor_text`). 「已被 A/1 替代，现行版本为 A/2」, never a
    bare 「已被 A/1 替代」 when A/2 is current. `name` writes `following` (`Names.version`)."""
    text = t("version.superseded_by", version=name(following))
    if withdrawn:
        return text + t("version.now_withdrawn", date=withdrawn) + successor
    if current and current != following:
        return text + t("version.now_current", version=current)
    return text


def replaced_by(found: list[Release], release: Release, item: object, today: dt.date | None = None,
                names: Names = PLAIN_NAMES) -> str:
    """What ended `release` (one of `found`, the releases of `item`), as every notice of an earlier version says
    it (`succession`): the next released version and where the document stands now — or, when what followed was
    the document's withdrawal (numbered as a version, never in force), the withdrawal and its day. On `today`, an
    approved version still waiting for its effective date is not the current one: the one before it is. `names`
    writes the version that followed and a successor document (the site's links)."""
    if release.status.is_obsolete:  # the withdrawal itself: nothing replaced it, whatever now holds its number
        return withdrawal_text(release.withdrawn or release.committed, release.document, names.document)
    index = next((i for i, r in enumerate(found) if r is release), len(found) - 1)
    following = found[index + 1] if index + 1 < len(found) else None
    if following is not None and following.status.is_obsolete:
        return withdrawal_text(following.withdrawn or following.committed, following.document, names.document)
    if following is None and isinstance(item, (Document, Form)) and item.status.is_obsolete:
        return withdrawal_text(item.withdrawn or "—", item, names.document)  # withdrawn in the working copy only
    own = str(getattr(item, "version", "") or "")
    version = following.version if following is not None else own
    last = found[-1] if found else None
    if last is not None and last.status.is_obsolete:  # superseded, and later the document was withdrawn
        return succession(version, withdrawn=str(last.withdrawn or last.committed),
                          successor=successor_text(last.document, names.document), name=names.version)
    if isinstance(item, (Document, Form)) and item.status.is_obsolete:
        return succession(version, withdrawn=str(item.withdrawn or "—"), successor=successor_text(item, names.document),
                          name=names.version)
    current = last.version if last is not None and last.version != release.version else own
    if isinstance(item, Document) and today is not None and item.pending_on(today) and current == own:
        current = item.in_force_before or current  # the approved version waits: the one before is in force
    return succession(version, current, name=names.version)


def approved_by(item: Document | Form, revisions: list[Revisioned], day: dt.date) -> Document | Form:
    """`item` (a document or a blank form) as it stood approved on `day`: its last release git holds approved on or
    before it, when the loaded version was approved only after `day` (a past day an auditor asks about, `--as-of`:
    the later approval, its effective date and the version it made "the one before" did not exist yet); the loaded
    item otherwise, or when git holds no release approved by then. A form keeps the loaded form's withdrawal with
    its owner, which is dated (`Form.withdrawn_on`)."""
    approved = item.signoffs.get("approved") if isinstance(item, Document) else item.approval
    kind = "document" if isinstance(item, Document) else "form"
    settled = approved is None or approved.date is None or approved.date <= day
    if settled and not _withdrawn_after(item, revisions, day):
        return item
    found = [r for r in releases(kind, item.path, revisions)
             if not r.status.is_obsolete and r.approved_on is not None and r.approved_on <= day]
    if not found:
        return item
    if isinstance(item, Document):
        return found[-1].document
    return replace(form_from(found[-1].source, found[-1].data), withdrawn_with=item.withdrawn_with,
                   withdrawn=item.withdrawn)


def _withdrawn_after(item: Document | Form, revisions: list[Revisioned], day: dt.date) -> bool:
    """Whether `item` is a document withdrawn by a commit made after `day`, its withdrawal dated after it too, whose
    last version was not yet in force on `day`: the version in force that day was an earlier release's, as
    `register --as-of` reads it (`in_force_on`) — the last one approved to take effect later still waiting — not the
    withdrawn text "in force until the withdrawal". A last version in force that day is the withdrawn text's own
    (its copy current until the withdrawal, as the file now says)."""
    if not isinstance(item, Document) or not item.status.is_obsolete or withdrawn_by(item.withdrawn, day):
        return False
    found = releases("document", item.path, revisions)
    withdrawal = next((r for r in reversed(found) if r.status.is_obsolete), None)
    committed = parse_date(withdrawal.committed) if withdrawal is not None else None
    if committed is None or committed <= day:
        return False
    last = next((r for r in reversed(found) if not r.status.is_obsolete), None)
    landed = last.in_force_from if last is not None else None
    return landed is None or landed > day


def _approval(item: Document | Form | Manual) -> Signoff | None:
    return item.approval if isinstance(item, Form) else item.signoffs.get("approved")


def first_approval(item: Document | Form | Manual, revisions: list[Revisioned]) -> dt.date | None:
    """The day `item`'s first version was approved: the earliest of its approval, its 修订记录's dates (a version older
    than git history) and its releases in git; None when it was never approved."""
    approved = _approval(item)
    if approved is None or approved.date is None:
        return None
    kind = "form" if isinstance(item, Form) else "manual" if isinstance(item, Manual) else "document"
    days = [approved.date] if isinstance(item, Form) else [approved.date, *(e.date for e in item.history if e.date)]
    days += [r.approved_on for r in releases(kind, item.path, revisions) if r.approved_on is not None]
    return min(days)


def existed_by(item: Document | Form | Manual, revisions: list[Revisioned], day: dt.date) -> bool:
    """Whether any version of `item` (a document, a blank form, a manual's index page) had been approved by `day` —
    False when its first version was approved only later (`first_approval`; a past day an auditor asks about: it did
    not exist yet as a controlled document, and `approved_by` has nothing to give). An item never approved is not
    judged here."""
    approved = _approval(item)
    if approved is None or approved.date is None or approved.date <= day:
        return True  # no need to read git
    first = first_approval(item, revisions)
    return first is None or first <= day


def stood_in(revisions: list[Revisioned], path_now: str, folder: str, day: dt.date) -> bool:
    """Whether the file now at `path_now` (its committed `revisions`) stood in the manual folder `folder` (relative
    to the project, as a manual's path gives it) on `day`: where the last commit touching it by then put it — a
    document moved between manuals since was in its old manual that day — else where it is now. What a manual held
    on a past day, for `register --as-of`, `copy --as-of` and `verify` alike."""
    then = [r.path for r in revisions if r.path and r.date <= day.isoformat()]
    if not then:
        return posixpath.dirname(path_now) == folder
    was = posixpath.dirname(then[-1])
    return was == folder or was.endswith("/" + folder)


def manual_sources(manual: Manual, corpus: Corpus, versions: Mapping[str, list[Revisioned]],
                   removed: Sequence[Removed], day: dt.date) -> tuple[list[Document], list[Removed]]:
    """The documents that stood in `manual`'s folder on `day` (`stood_in`), in control-number order: those loaded
    now (each number's own file) and those deleted since (`removed`, git's) — the one list `register --as-of`,
    `copy --as-of` and `verify --as-of` all judge a whole manual of a past day by."""
    folder = posixpath.dirname(manual.path)
    loaded = [d for d in corpus.sorted_documents() if corpus.documents.get(d.id) is d
              and stood_in(versions.get(d.path, []), d.path, folder, day)]
    gone = [g for g in removed if g.kind == "document" and stood_in(g.versions, g.path, folder, day)]
    return loaded, gone


def _removed_then(gone: Removed, corpus: Corpus, day: dt.date) -> Document | None:
    """A document deleted since as it stood approved on `day` (its last release approved by then), None when its
    file was already deleted that day, no release was approved by then, or a file holds its number now."""
    known = gone_for_good(gone, corpus)
    deleted = parse_date(gone.deletion.date)
    # gone from the project now: never in it today, whatever day its deletion was committed on
    if known is None or (deleted is not None and deleted <= day) or day >= today():
        return None
    found = [r for r in known[1] if r.approved_on is not None and r.approved_on <= day]
    return found[-1].document if found else None


def page_as_released(manual: Manual, page: Release) -> Manual:
    """`manual` with its index page as `page` (a release of it in git) has it: title, owner, front matter, text and
    修订记录 of that version, and the day that version came into force on the line when later than its effective
    date (`came_into_force`: its own, not today's page's); no documents of its own (a whole-manual copy is given
    its members)."""
    return replace(manual, title=str(page.data.get("title") or manual.title),
                   owner=str(page.data.get("owner") or manual.owner), source=page.source,
                   data=page.data, documents=[], history=history_from(page.source, page.data),
                   landed=came_into_force(page))


def approved_corpus(corpus: Corpus, versions: Mapping[str, list[Revisioned]], day: dt.date,
                    removed: Sequence[Removed] = ()) -> Corpus:
    """`corpus` as it stood approved on `day` (a past day an auditor asks about): each document and form as
    `approved_by` gives it, one whose first version was approved later left out (`existed_by`), and each manual's
    index page as its last release approved by then with the documents that stood in its folder that day
    (`stood_in`: a document moved between manuals since is judged in the one it was in) — a manual whose index page
    was first approved later left out — so a whole manual is judged by the members approved that day, as each
    document is. A document deleted since (`removed`, git's) that stood in a manual that day is in it and in the
    corpus as approved by then (`manual_sources`, the list `register --as-of` reads)."""
    documents: dict[str, Document] = {}
    for code, document in corpus.documents.items():
        was = approved_by(document, versions.get(document.path, []), day)
        if isinstance(was, Document) and existed_by(document, versions.get(document.path, []), day):
            documents[code] = was
    forms: dict[str, Form] = {}
    for code, form in corpus.forms.items():
        then = approved_by(form, versions.get(form.path, []), day)
        if isinstance(then, Form) and existed_by(form, versions.get(form.path, []), day):
            forms[code] = then
    manuals = []
    for manual in corpus.manuals:
        if not existed_by(manual, versions.get(manual.path, []), day):
            continue
        loaded, gone = manual_sources(manual, corpus, versions, removed, day)
        members = [documents[d.id] for d in loaded if d.id in documents]
        deleted_since = [d for d in map(lambda g: _removed_then(g, corpus, day), gone) if d is not None]
        for document in deleted_since:
            documents.setdefault(document.id, document)
        members += deleted_since
        approval = manual.approval
        found = [r for r in releases("manual", manual.path, versions.get(manual.path, []))
                 if r.approved_on is not None and r.approved_on <= day] \
            if approval is not None and approval.date is not None and approval.date > day else []
        page = page_as_released(manual, found[-1]) if found else manual
        manuals.append(replace(page, documents=members))
    return replace(corpus, documents=documents, forms=forms, manuals=manuals)


def in_force_on(found: list[Release], day: dt.date) -> Release | None:
    """The version in force on `day`: the last released version effective on or before it — none once a
    withdrawal (the obsolete version) has followed it by `day` (`withdrawn_by`)."""
    current = None
    for release in found:
        if release.status.is_obsolete:
            if withdrawn_by(release.withdrawn, day):
                current = None
            continue
        start = release.in_force_from
        if start is not None and start <= day:
            current = release
    return current


def in_force_period(found: list[Release], version: str) -> tuple[dt.date | None, dt.date | None] | None:
    """When `version` (its last release among `found`) was in force by git, as `in_force_on` answers day by day:
    from its `in_force_from` until the next release took effect, or until the withdrawal that followed it. None
    when git never held it released — or when it is a withdrawal (the obsolete version is numbered as a version
    but was never in force: nobody worked to it, nobody had to read it)."""
    index = next((i for i in range(len(found) - 1, -1, -1) if found[i].version == version), None)
    if index is None or found[index].status.is_obsolete:
        return None
    following = found[index + 1] if index + 1 < len(found) else None
    if following is None:
        return found[index].in_force_from, None
    end = following.withdrawn if following.status.is_obsolete else following.in_force_from
    return found[index].in_force_from, end


def recorded_between(found: list[Release], current: Release | None, day: dt.date) -> tuple[str, str] | None:
    """(version, date) in force on `day` by the 修订记录 alone, after `current` (the release in force by git, one
    of `found`) took effect: a version no commit holds on its own (released with a later one in one commit, or
    committed and rewritten away), dated in the 修订记录 of the next release. None when git's answer stands."""
    index = next((i for i, r in enumerate(found) if r is current), -1)
    if current is None or index + 1 >= len(found):
        return None
    committed = {r.version for r in found}
    start = current.in_force_from
    entries = [(str(e.get("version", "")), parse_date(e.get("date")))
               for e in found[index + 1].data.get("history") or [] if isinstance(e, dict)]
    between = [(version, date) for version, date in entries
               if version and version not in committed and date is not None and date <= day
               and (start is None or date > start)]
    if not between:
        return None
    version, date = max(between, key=lambda entry: entry[1] or dt.date.min)
    return version, date.isoformat() if date else ""


# A picture of a rendered body that is a file of the manuals (render.py writes `qmsroot:PATH`, HTML-escaped).
RELEASED_IMAGE = re.compile(r'(<img\b[^>]*?\ssrc=")qmsroot:([^"#]*)"')


@dataclass(frozen=True)
class ReleasedPicture:
    """A picture an earlier version shows: the file it is today and its bytes as released."""

    file: Path
    """Today's file inside the manuals (the `qmsroot:` path decoded)."""
    then: bytes | None
    """Its bytes at the version's release; None where git holds none (the current file is all there is)."""

    def today(self) -> bytes | None:
        try:
            return self.file.read_bytes() if self.file.is_file() else None
        except OSError:
            return None


def pictures_as_released(html: str, release: Release, shown_from: str, manuals: Path) -> dict[str, ReleasedPicture]:
    """Each picture `html` shows, by its `qmsroot:` path as written there. `html` is `release`'s body rendered
    from `shown_from` (the document's file today, inside the manuals), so each picture's place relative to that
    file is read at the release's commit relative to where the file was then: a moved document's earlier version
    shows the pictures beside its old place, as released, whatever the new place holds."""
    paths = {match.group(2) for match in RELEASED_IMAGE.finditer(html)}
    if not paths:
        return {}
    decoded = {path: posixpath.normpath(unquote(unescape(path))) for path in paths}
    files = {path: file for path, file in decoded.items() if not file.startswith(("../", "/")) and file != ".."}
    git_root = repo_root(manuals)
    wanted: dict[str, tuple[str, str]] = {}
    if git_root is not None:
        prefix = manuals.resolve().relative_to(git_root.resolve()).as_posix()
        here = posixpath.dirname(shown_from) or "."
        there = posixpath.dirname(release.git_path) if release.git_path else posixpath.join(prefix, here)
        for path, file in files.items():
            then = posixpath.normpath(posixpath.join(there, posixpath.relpath(file, here)))
            if then.startswith(prefix + "/") or (prefix == "." and not then.startswith("../")):
                wanted[path] = (release.commit, then)
    found = read_blobs(git_root, list(wanted.values())) if git_root is not None else {}
    return {path: ReleasedPicture(manuals / file, found.get(wanted[path]) if path in wanted else None)
            for path, file in files.items()}
