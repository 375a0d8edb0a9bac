"""`qmsdoc verify`: which document, version and 分发号 a copy handed in is, and whether it may be used.
A copy is read here (Word core properties and footer, PDF text and metadata, an HTML page's control block)
with bounded reads: it may be hostile. The build's own records are in records/."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from xml.etree import ElementTree

from ..core.approval import History
from ..core.codes import normalise
from ..core.compare import REDLINE_VERSIONS
from ..core.config import today as config_today
from ..core.copyjobs import document_date, form_date
from ..core.distribution import Register, Standing, contents_changes, manual_contents, standing
from ..core.findings import Finding
from ..core.i18n import join, t
from ..core.limits import LimitExceeded, archive_problem, check_archive, read_member
from ..core.model import Corpus, Document, Form, Manual, parse_date, withdrawn_successor_note
from ..core.paths import DOCX_DIR, PDF_DIR, is_signin_sheet
from ..core.refs import shown_title
from ..core.reproducible import DRAFT_DATE
from ..core.revision import Revision, earlier
from ..core.status import Status
from ..core.versions import (
    approved_by,
    approved_corpus,
    edits_of,
    gone_for_good,
    gone_state,
    join_edits,
    latest,
    releases,
    successor_text,
    unapproved_edits,
)
from ..records.asof import version_in_force
from ..records.hashes import sha256_file
from ..records.manifest import load_manifest
from .copies import Printed, judge_copy, not_yet_existing, read_from, standing_now
from .earlier import Rebuild, genuine_earlier
from .manualearlier import ManualRebuild
from .project import other_project

_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"

# Bounded reading: a copy handed in for verification may be hostile (a zip bomb, a huge file). Archives are
# read within the one set of reader limits (core/limits.py); a saved page is read up to MAX_HTML_BYTES.
MAX_HTML_BYTES = 8 * 1024 * 1024


def _read_entry(archive: zipfile.ZipFile, name: str, display: str) -> bytes:
    """One archive member, within the reader limits (LimitExceeded otherwise)."""
    check_archive(archive, display)
    return read_member(archive, name, display)


def _core_properties(path: Path) -> ElementTree.Element | None:
    """A Word copy's core properties (docProps/core.xml), read within the reader limits; None when unreadable."""
    try:
        with zipfile.ZipFile(path) as archive:
            return ElementTree.fromstring(_read_entry(archive, "docProps/core.xml", path.name))
    except (OSError, KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, ValueError,
            EOFError, NotImplementedError, LimitExceeded):
        return None


def copy_date(printed: Printed) -> str | None:
    """The day a Word or PDF copy is dated ("YYYY-MM-DD": core properties' created, PDF creation date), which the
    build takes from the approval (core/copyjobs.py); None for other files or when it cannot be read."""
    path = printed.path
    if path.suffix.lower() == ".pdf":
        return printed.pdf_date()
    root = _core_properties(path) if path.suffix.lower() == ".docx" else None
    return None if root is None else (root.findtext(f"{_DCTERMS}created") or "")[:10] or None


def copy_organisation(printed: Printed) -> str | None:
    """The organisation a Word or PDF copy names as its author (Word's dc:creator, a PDF's Author: the project's
    `organisation` as a build writes it, word/package.py and pdf/layout.py `metadata`); None when it names none or
    cannot be read."""
    path = printed.path
    if path.suffix.lower() == ".pdf":
        return printed.pdf_info.get("Author") or None
    root = _core_properties(path) if path.suffix.lower() == ".docx" else None
    return None if root is None else (root.findtext(f"{_DC}creator") or "").strip() or None


def _other_organisation(printed: Printed, organisation: str | None) -> str:
    """What `verify` adds of a numbered copy none of this project's register lines holds the bytes of, when its
    metadata names another organisation than this project's: both, as read — "" when they agree or either is not
    known (two projects of one organisation cannot be told apart by it)."""
    theirs = copy_organisation(printed)
    if not organisation or not theirs or theirs == organisation:
        return ""
    return t("verify.other_organisation", source=read_from(printed.path, False), theirs=theirs, ours=organisation)


def _dated_as_now(printed: Printed, target: Document | Form, corpus: Corpus) -> bool | None:
    """Whether a Word/PDF copy carries the date its sources give its copies now: a copy made of a draft (no
    approval yet) or of another approval of the same version number is not the copy in force, whatever the
    last build's manifest says. None when the date cannot be read. A page carries no date: it is held to the
    status its control block shows (a draft's page, published for preview, is never the copy in force)."""
    if printed.path.suffix.lower() not in (".docx", ".pdf"):
        return not _page_unapproved(printed.path)
    dated = copy_date(printed)
    if dated is None:
        return None
    day = (form_date(target, corpus.documents.get(target.owner or "")) if isinstance(target, Form)
           else document_date(target))
    return dated == (day or DRAFT_DATE).isoformat()


def _page_unapproved(path: Path) -> bool:
    """Whether a saved page's control block shows a status not yet approved (草稿, 审核中)."""
    try:
        with path.open("rb") as handle:
            text = handle.read(MAX_HTML_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return True
    block = re.search(r'<table class="qms-control".*?</table>', text, re.S)
    shown = re.search(r"qms-status-(\w+)", block.group(0)) if block else None
    return shown is not None and shown.group(1) in {s.value for s in Status if s.is_unapproved}


def identify(printed: Printed) -> tuple[str | None, str | None]:
    """(id, version) a copy claims to be: .docx core properties, PDF metadata, or the HTML control block."""
    path = printed.path
    if path.suffix.lower() == ".pdf":
        return printed.pdf_identity()
    if path.suffix.lower() == ".docx":
        root = _core_properties(path)
        if root is None:
            return None, None
        return (root.findtext(f"{_DC}subject") or None), (root.findtext(f"{_CP}keywords") or None)
    try:
        with path.open("rb") as handle:
            text = handle.read(MAX_HTML_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None, None
    code = re.search(r'class="qms-control" data-doc-id="([^"]+)"', text)
    version = re.search(r'class="qms-version">([^<]+)<', text)
    return (code.group(1) if code else None), (version.group(1) if version else None)


def _before(version: object, manual: Manual) -> bool:
    """Whether `version` (a manifest's) is the index page's version in force while its approved one waits: the one
    before by its 修订记录, or — none kept — an earlier one (the build read it from git)."""
    return version == manual.in_force_before if manual.in_force_before else earlier(version, manual.version)


def _approved_later(page: object, held: dict[str, object], manual: Manual, corpus: Corpus, on: dt.date) -> list[str]:
    """What a whole-manual copy holds (its index page's version `page`, its documents' `held`) that was not approved
    on `on`: a later version, or a document with none approved yet (`manual`, `corpus`: as approved by then,
    core/versions.py `approved_corpus`)."""
    approved = {d.id: str(d.version or "") for d in manual.documents}
    later = [f"{manual.id} {page}"] if earlier(manual.version, page) else []
    return later + [f"{code} {version}" for code, version in held.items()
                    if (code not in approved and corpus.lookup(code) is None) or earlier(approved.get(code), version)]


def _coming(manual: Manual, stood: Standing, on: dt.date, effect: dt.date) -> str:
    """What takes effect on `effect` in a whole manual: its index page's approved version when that is its day,
    and the documents in it that do."""
    parts = [f"{manual.id} {manual.version}"] if effect == manual.effective_date else []
    documents = stood.coming(on)
    if documents != stood.current_version:
        parts.append(documents)
    return join(parts)


def copies_folder(path: Path, build_dir: Path) -> str:
    """Where the holder of `path` finds the version in force in the format they hold (build/pdf for a PDF,
    build/docx otherwise), as the verdicts that send them there name it."""
    return f"{build_dir.name}/{PDF_DIR if path.suffix.lower() == '.pdf' else DOCX_DIR}"


@dataclass(frozen=True)
class Verdict:
    current: bool
    message: str


def _preview(path: Path, corpus: Corpus, code: str, folder: str) -> Verdict:
    """A saved page of the preview of `code`'s working revision (the manifest marks it, records/manifest.py): the
    draft of its next version, never a controlled copy."""
    item: Document | Form | Manual | None = corpus.lookup(code) or corpus.manual(code)
    title = shown_title(item.title) if item is not None else ""
    return Verdict(False, t("verify.preview", name=path.name, id=code, title=title, folder=folder))


def _site_print(path: Path, corpus: Corpus, on: dt.date, history: History | None, code: str | None,
                version: str | None, day: str) -> Verdict:
    """A PDF a browser printed of a page of the site (`code` `version` by its running head, printed on `day`): marked
    uncontrolled on every page, no controlled copy; said with the version in force on `on`, or that it was withdrawn."""
    item: Document | Form | Manual | None = (corpus.lookup(code) or corpus.manual(code)) if code else None
    stood = standing_now(corpus, item.id, history.versions if history is not None else None, on) if item else None
    state = ("" if stood is None else t("verify.site_print_withdrawn") if stood.obsolete
             else t("verify.site_print_in_force", version=stood.in_force_on(on)))
    label = t("verify.label", id=item.id, title=shown_title(item.title)) if item is not None else (code or "—")
    return Verdict(False, t("verify.site_print", name=path.name, label=label, version=version or t("verify.unknown"),
                            day=day) + state)


def _label_then(item: Document | Form, version: str, history: History | None) -> str | None:
    """`verify.label` of `item` by the title its `version` was approved with (a retitled document's earlier
    version, as that version's copy prints it); None when git holds no release of it."""
    if history is None:
        return None
    kind = "document" if isinstance(item, Document) else "form"
    release = latest(releases(kind, item.path, history.versions.get(item.path, [])), version)
    return t("verify.label", id=item.id, title=shown_title(release.title)) if release and release.title else None


def _edited(target: Document | Form, version: str, history: History | None) -> str:
    """What `verify` adds of an earlier `version` of `target` edited in git without approval while it was the
    approved version (`edits_of` its release, in the words of its page on the site); "" when it was not, or
    without git. A copy cannot be told to hold the approved text or the edited one (a build of those days made it
    of the edited text): each edit is named, not which text the copy holds."""
    if history is None:
        return ""
    kind = "document" if isinstance(target, Document) else "form"
    revisions = history.versions.get(target.path, [])
    release = latest(releases(kind, target.path, revisions), version)
    edits = edits_of(release, unapproved_edits(kind, target.path, revisions)) if release is not None else []
    return t("verify.edited", version=version, edits=join_edits(edits)) \
        if edits else ""


def _deleted_message(code: str | None, corpus: Corpus, history: History | None) -> str | None:
    said = _deleted(code, corpus, history)
    return said.message if said is not None else None


def _deleted(code: str | None, corpus: Corpus, history: History | None) -> Verdict | None:
    """The copy of a document, form or manual index page whose file git saw deleted and no file numbers now: never a
    copy in force, said as `register --as-of` lists it (core/versions.py `gone_state`: deleted without a withdrawal,
    or withdrawn first); None when git knows of no such file."""
    if not code or history is None:
        return None
    for gone in history.removed:
        known = gone_for_good(gone, corpus)
        deleted = parse_date(gone.deletion.date)
        if known is None or known[0] != normalise(code) or deleted is None:
            continue
        number, found = known
        state, note = gone_state(found, deleted)
        label = t("verify.label", id=number, title=shown_title(found[-1].title))
        return Verdict(False, t("verify.deleted", label=label, state=state, note=note))
    return None


def unlisted_forms(corpus: Corpus, findings: Iterable[Finding]) -> frozenset[str]:
    """The forms QD151 finds no version in force of their owner lists (dropped by it, or never listed): no form in
    use, whatever their own status says, until listed again or retired."""
    flagged = {finding.path for finding in findings if finding.code == "QD151"}
    return frozenset(form.id for form in corpus.forms.values() if form.path in flagged)


def _unlisted(code: str | None, corpus: Corpus, unlisted: Collection[str]) -> Verdict | None:
    """The verdict on a copy of a form in `unlisted`, which would otherwise be called current; None for another."""
    form = corpus.forms.get(code) if code else None
    if form is None or form.id not in unlisted:
        return None
    return Verdict(False, t("verify.form_unlisted", label=t("verify.label", id=form.id, title=shown_title(form.title)),
                            version=form.version or t("verify.unknown"), owner=form.owner or "—"))


def verify(path: Path, corpus: Corpus, build_dir: Path, register: Register | None = None,
           today: dt.date | None = None, history: History | None = None, unlisted: Collection[str] = (),
           rebuild: Rebuild | None = None, rebuild_manual: ManualRebuild | None = None,
           organisation: str | None = None, project_id: str = "") -> Verdict:
    """Which document and version a copy is and whether it may be used on `today` (default: today, or the day
    QMSDOC_TODAY pins): a numbered copy (its 分发号 or its bytes in the distribution register) is judged against
    the register, any other against the build's manifest. An earlier version edited without approval while in
    force (git's `history`) is said to have been (`_edited`). A form no version in force of its owner lists
    (`unlisted_forms`) is never current. A Word/PDF copy of an earlier version an earlier build made is told
    genuine when its bytes are that version's `rebuild` (verify/earlier.py); a whole-manual one, when they are the
    manual as a build of a day made it (`rebuild_manual`, verify/manualearlier.py). A numbered copy whose bytes no
    register line holds and whose metadata names another `organisation` than the project's is said to. A Word/PDF
    copy carrying another project id than this project's `project_id` is said to be another project's, whatever
    else it claims (verify/project.py)."""
    on = today if today is not None else config_today()
    if path.suffix.lower() == ".docx":
        refused = archive_problem(path, path.name)
        if refused:  # a zip bomb is no copy of anything: say so instead of reading it
            return Verdict(False, t("verify.refused", reason=refused))
    digest, printed = sha256_file(path), Printed(path)
    foreign = other_project(printed, project_id)
    if foreign:  # another project's copy: its register and manifest say nothing of it
        return Verdict(False, foreign + _other_organisation(printed, organisation))
    claims = identify(printed)
    if register is not None:
        judged = judge_copy(digest, printed.number(), corpus, register, on, claims,
                            claims_from=read_from(path, False),
                            deleted=lambda code: _deleted_message(code, corpus, history),
                            versions=history.versions if history is not None else None,
                            removed=history.removed if history is not None else (), suffix=path.suffix)
        if judged is not None:
            entry_of = register.by_sha256(digest)
            dropped = _unlisted(entry_of.document, corpus, unlisted) if judged.current and entry_of else None
            foreign = _other_organisation(printed, organisation) if entry_of is None else ""
            return dropped or Verdict(judged.current, judged.message + foreign)
    known = load_manifest(build_dir)
    folder = copies_folder(path, build_dir)  # where the current copy in the holder's format is
    code, claimed = claims
    page = printed.site_print() if code is None else None
    if page is not None and known.get(digest) is None:  # a page of the site printed by a browser: never a copy
        return _site_print(path, corpus, on, history, *page)
    entry = known.get(digest)
    if entry and entry.get("preview"):  # the site's preview of a working revision (document, form, manual page)
        return _preview(path, corpus, str(entry["preview"]), folder)
    if entry and entry.get("id"):
        version = entry.get("version")
        code, claimed = str(entry["id"]), (str(version) if version else None)
    if claimed and REDLINE_VERSIONS in claimed:  # a redline names both versions (word/redline.py): no copy of either
        return Verdict(False, t("verify.redline", name=path.name, id=code or "—", versions=claimed, folder=folder))
    if entry and not entry.get("id") and is_signin_sheet(str(entry.get("path", ""))):  # ours, but no copy
        return Verdict(False, t("verify.not_a_copy", name=path.name, folder=folder))
    manual = corpus.manual(code) if code else None
    if manual is not None:
        loaded_manual = manual  # as loaded: an earlier build's copy is rebuilt from git (verify/manualearlier.py)
        if history is not None:  # a past day: the index page and members approved by then, not ones approved since
            unborn = not_yet_existing(manual, history.versions, on)
            if unborn is not None:  # its index page was first approved later: no manual to hold a copy of
                return Verdict(False, unborn)
            corpus = approved_corpus(corpus, history.versions, on, history.removed)
            manual = corpus.manual(manual.id) or manual
        made = known.get(digest)
        day = printed.as_of_day() if made is None else None
        if day is not None:  # the manual as it stood on a past day: never the copy in force
            return Verdict(False, t("verify.manual_as_of", id=manual.id, title=shown_title(manual.title), day=day))
        if made is not None:
            title = shown_title(manual.title)
            then = made.get("documents")
            if made.get("id") != manual.id or not isinstance(then, dict):  # what it listed is unknown: never current
                return Verdict(False, t("verify.manual_unrecorded", id=manual.id, title=title))
            later = _approved_later(made.get("version"), then, manual, corpus, on)
            if later:  # it holds what was approved after the day asked: no copy in force that day
                return Verdict(False, t("verify.manual_not_yet_approved", id=manual.id, title=title,
                                        later=join(later), day=on))
            stood = standing(corpus, manual.id, on)  # a manual's: never None
            approved = manual_contents(manual, corpus, on)
            in_force = stood.contents_on(on) if stood is not None else approved  # a waiting document: the one before
            effect = stood.next_effect(on) if stood is not None else None
            if stood is not None and effect is not None and then == approved != in_force:  # holds what waits
                return Verdict(False, t("verify.manual_pending", id=manual.id, title=title, date=effect,
                                        coming=stood.coming(on), before=stood.before_on(on) or t("verify.none_before")))
            changed = contents_changes(then, in_force)
            until = made.get("in_force_until")
            # of the index page's version in force while its approved one waits for its effective date
            page_in_force = manual.pending_on(on) and _before(made.get("version"), manual)
            if (not changed and stood is not None and effect is not None and page_in_force
                    and until == str(manual.effective_date)):
                # the build's whole manual in force while its approved index page waits for its effective date
                return Verdict(True, t("verify.manual_current_until", id=manual.id, title=title, date=effect,
                                       coming=_coming(manual, stood, on, effect)))
            if made.get("version") not in (None, manual.version) and not page_in_force:
                changed.insert(0, t("recall.reason.manual_version", id=manual.id, old=made.get("version"),
                                    new=manual.version))
            if changed:  # the build that made it is older than the manual's documents: rebuilt, it would differ
                return Verdict(False, t("verify.manual_stale", id=manual.id, title=title,
                                        changes=join(changed)))
            if stood is not None and stood.takes_effect is not None and on < stood.takes_effect and page_in_force:
                # built before its index page's successor was approved: the version in force, but the copy does not
                # say until when (the build's copy in force does): never the approved version it is not
                return Verdict(False, t("verify.built_before_release", label=t("verify.label", id=manual.id, title=title),
                                        old=made.get("version"), now=manual.version, date=stood.takes_effect))
            if stood is not None and stood.takes_effect is not None and on < stood.takes_effect:
                # its own page approved, in force from its effective date
                made_before = next((str(e.get("version")) for e in known.values() if e.get("id") == manual.id
                                    and e.get("in_force_until") == str(manual.effective_date)), "")
                return Verdict(False, t("verify.pending_version", label=t("verify.label", id=manual.id, title=title),
                                        version=manual.version, date=stood.takes_effect,
                                        before=stood.until_then or made_before or t("verify.none_before")))
            if stood is not None and effect is not None and in_force != approved:  # until the next takes effect
                return Verdict(True, t("verify.manual_current_until", id=manual.id, title=title, date=effect,
                                       coming=stood.coming(on)))
            return Verdict(True, t("verify.manual_current", id=manual.id, title=title))
        built = rebuild_manual(loaded_manual, claimed, path.suffix.lstrip(".").lower()) \
            if rebuild_manual is not None and claimed else None
        day_built = next((day for day, data in built or () if sha256(data).hexdigest() == digest), None)
        if day_built is not None:  # byte for byte the manual as a build of that day made it: no altered file
            return Verdict(False, t("verify.manual_earlier_genuine", id=manual.id, title=shown_title(manual.title),
                                    version=claimed, day=day_built))
        return Verdict(False, t("verify.manual_differs", id=manual.id, title=shown_title(manual.title),
                                folder=folder))
    target = corpus.lookup(code) if code else None
    if target is None:  # a file of this build naming no document (a version history, the register) is ours, no copy
        said = "verify.not_a_copy" if entry and not entry.get("id") else "verify.unknown_file"
        return _deleted(code, corpus, history) or Verdict(False, t(said, name=path.name, folder=folder))
    if entry and not entry.get("id"):  # this build's, but the manifest names it no copy (a revision's preview page)
        return Verdict(False, t("verify.not_its_copy", name=path.name, id=target.id, title=shown_title(target.title),
                                            folder=folder))
    if target.status.is_unapproved:
        return Verdict(False, t("verify.draft", id=target.id, title=shown_title(target.title)))
    unborn = not_yet_existing(target, history.versions if history is not None else None, on)
    if unborn is not None:  # a past day before its first approval: no version of it existed
        return Verdict(False, unborn)
    loaded = target
    if history is not None:  # a past day: the version approved by then
        target = approved_by(target, history.versions.get(target.path, []), on)
    then = target if target is not loaded else None
    current = str(target.version or "")
    if isinstance(target, Document) and target.withdrawal_waits_on(on):  # withdrawn on a later day: in force on `on`
        current = target.withdrew or current
    label = t("verify.label", id=target.id, title=shown_title(target.title))
    if target.withdrawn_on(on):
        successor = getattr(target, "superseded_by", None)
        if successor and isinstance(target, Document):  # withdrawn since itself: said, and what is in force now
            successor += withdrawn_successor_note(target, corpus.documents)
        return Verdict(False, t("verify.obsolete", label=label, successor=successor) if successor
                       else t("verify.obsolete_none", label=label))
    until = entry.get("in_force_until") if entry and entry.get("id") == target.id else None
    held = standing(corpus, target.id, then=then) if until else None
    if held is not None and held.pending(on) and claimed == held.until_then and until == str(held.takes_effect):
        # the build's copy of the version in force while its approved successor waits for its effective date
        return _unlisted(target.id, corpus, unlisted) or Verdict(True, t("verify.in_force_until", label=label, version=claimed, now=current,
                               date=held.takes_effect))
    latest_now = Revision.parse(str(loaded.version or ""))  # a past day asked: the version loaded today
    # the version in force on `on`, as `register --as-of` names it (approved is not in force before its effective
    # date); what every verdict below calls 现行 — the approved `current` when the register lists none that day
    in_force_then = (version_in_force(loaded, history, on) if history is not None else None) or current
    old_now = Revision.parse(claimed or "")
    historical = bool(entry and entry.get("superseded") and old_now and latest_now and old_now < latest_now)
    if entry and entry.get("id") == target.id and claimed == current and not historical:  # the build's copy of it
        dated = _dated_as_now(printed, target, corpus)
        if dated is None:  # never "current" unchecked
            return Verdict(False, t("verify.undated", name=path.name, label=label, version=current,
                                           folder=folder))
        if not dated:  # built before this version's approval: rebuilt, it would differ
            return Verdict(False, t("verify.before_approval", label=label, version=current, folder=folder))
        now_standing = standing(corpus, target.id, then=then)
        if now_standing is not None and now_standing.pending(on):  # approved, in force from its effective date
            return Verdict(False, t("verify.pending_version", label=label, version=current,
                                    date=now_standing.takes_effect,
                                    before=now_standing.until_then or t("verify.none_before")))
        if isinstance(target, Document) and target.withdrawal_waits_on(on):  # in force until its withdrawal's day
            return _unlisted(target.id, corpus, unlisted) or Verdict(True, t(
                "verify.in_force_until_withdrawn", label=label, version=current, date=target.withdrawn,
                successor=successor_text(target)))
        return _unlisted(target.id, corpus, unlisted) or Verdict(True, t("verify.current_version", label=label,
                                                                        version=current))
    old, now = Revision.parse(claimed or ""), Revision.parse(current)
    source = read_from(path, bool(entry and entry.get("id")))  # what names the version below: a fact or a claim
    if then is not None and old and now and now < old:  # approved after the day asked: no copy in force that day
        return Verdict(False, t("verify.not_yet_approved", label=label, version=claimed, day=on, current=in_force_then,
                                source=source))
    if old and now and old < now:  # an earlier version's copy names the title it was approved with
        label = _label_then(target, claimed or "", history) or label
    edited = _edited(target, claimed or "", history) if old and now and old < now else ""
    # a page or export written once its version was replaced: never a controlled copy, even on a day it was in force
    then_in_force = str(old) == in_force_then
    if historical:  # a page of the site's version history, written once a later version replaced it
        return Verdict(False, (t("verify.history_in_force", label=label, old=old, day=on) if then_in_force
                               else t("verify.history", label=label, old=old, now=in_force_then)) + edited)
    if old and latest_now and old < latest_now and printed.uncontrolled():  # `qmsdoc copy --version`: never issued
        return Verdict(False, (t("verify.earlier_copy_in_force", label=label, old=old, day=on, source=source)
                               if then_in_force else
                               t("verify.earlier_copy", label=label, old=old, now=in_force_then, source=source)) + edited)
    pending = standing(corpus, target.id, then=then)
    if old and now and old < now and pending is not None and pending.pending(on) and str(old) == pending.until_then:
        # the build's own copy (made before the successor was approved), or a file of unknown origin
        said = "verify.built_before_release" if entry and entry.get("id") == target.id else "verify.old_until"
        return Verdict(False, t(said, label=label, old=old, now=now, date=pending.takes_effect, source=source)
                       + edited)
    rebuilt = genuine_earlier(rebuild, target, claimed or "", digest, path.suffix, history, on, label) \
        if rebuild is not None and old and now and old < now else None
    if rebuilt is not None and rebuilt[0]:  # byte for byte that version as a build wrote it: no altered file
        return Verdict(False, rebuilt[1] + edited)
    if old and now and old < now:  # its bytes match no rebuilt copy (when one could be rebuilt): unconfirmed
        return Verdict(False, t("verify.old", label=label, old=old, now=now, source=source)
                       + (rebuilt[1] if rebuilt else "")
                       + edited)
    return Verdict(False, t("verify.differs", label=label, version=claimed or t("verify.unknown"),
                            folder=folder, source=source))
