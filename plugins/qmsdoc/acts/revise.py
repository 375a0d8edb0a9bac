"""`qmsdoc revise`: start the next version of an approved document, form or manual index page as a working
revision beside the version in force (core/revisions.py), or discard one; and what a release of a working
revision puts in force (`composed`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

from ..core.check import CheckResult, check
from ..core.codes import normalise
from ..core.commandline import git_command
from ..core.config import Config
from ..core.errors import os_reason, shown_path
from ..core.findings import Finding, Severity, seen_from_here, shown
from ..core.gitlog import repository_path
from ..core.i18n import t
from ..core.lock import edits_records
from ..core.model import Document, Form, Manual, WorkingRevision
from ..core.redline import RedlineError
from ..core.redline import target as find_target
from ..core.revisions import MARKER, RECORD_KEYS, revision_path, working_revision
from ..core.rules.changes import approved_version
from ..core.sourcefile import BOM, SourceFile, SourceWriteError, make_folders, remove_made, write_atomic
from ..core.status import Status
from .common import Outcome, ReleaseError, open_editor, read_source
from .stamp import edited_bytes
from .yamledit import flow_mapping

# What a draft does not carry: the release writes them afresh (dates, review, approval), and the record of
# reviews is the version in force's alone.
_NOT_IN_DRAFT = ("effective_date", "reviewed", "approved", "reviews")


def _target(result: CheckResult, code: str) -> tuple[str, Document | Form | Manual]:
    """The item `code` names, as redline finds it; an id the project lacks refused as this act's refusal (QD331,
    as release and review refuse it), not as a comparison's."""
    try:
        return find_target(result, code)
    except RedlineError as exc:
        raise ReleaseError(str(exc), exc.findings) from exc


@edits_records
def revise(config: Config, code: str, *, by: str, reason: str = "", date: dt.date | None = None) -> Outcome:
    """Copy the version in force to its working revision (status draft, marked `revision: {of, by, date}`).
    If the file in force was edited in place (QD190) and git holds the approved text, the edit moves into the
    working revision and the file in force is put back as approved."""
    result = check(config)
    kind, item = _target(result, code)
    # a folder, pipe or link where the revision goes: said as what it is (`--discard` says the same), never
    # read as a revision already there nor written through
    _refuse_not_a_file(config, revision_path(config, item.path), item.id)
    existing = working_revision(result.corpus, item.id)
    if existing is not None:
        raise ReleaseError(t("act.revise.exists", id=item.id, path=seen_from_here(existing.path)),
                           [Finding(existing.path, 1, "QD231", Severity.ERROR, t("act.revise.exists_line", id=item.id))])
    if isinstance(item, Document) and item.status.is_obsolete:  # its withdrawal approved, if dated later
        key, line = ("act.revise.withdrawal_pending", "act.revise.withdrawal_pending_line") \
            if item.withdrawal_waits_on(config.today) else ("act.revise.obsolete", "act.revise.obsolete_line")
        raise ReleaseError(t(key, id=item.id, date=item.withdrawn),
                           [Finding(item.path, item.source.line_of("status"), "QD232", Severity.ERROR,
                                    t(line, id=item.id, date=item.withdrawn))])
    # a draft document or form: edit it; a form withdrawn with its owner is revised to move it to a current owner
    if not isinstance(item, Manual) and not item.status.is_controlled and not (isinstance(item, Form) and item.withdrawn_with):
        raise ReleaseError(t("act.revise.unapproved", id=item.id, status=item.status_label))
    target = revision_path(config, item.path)
    if target is None:
        raise ReleaseError(t("act.revise.outside", path=seen_from_here(item.path), folder=shown_path(config.revisions_dir)))
    own = [f for f in result.findings if f.path == item.path and f.severity is Severity.ERROR]
    source = read_source(config.root / item.path)
    restored: bytes | None = None
    if any(f.code == "QD190" for f in own):
        restored = _approved_bytes(result, kind, item, source)
        own = [f for f in own if f.code != "QD190"]
    if own:
        raise ReleaseError(t("act.revise.errors", id=item.id), own)
    day = (date or config.today).isoformat()
    editor = open_editor(kind, source)
    for key in _NOT_IN_DRAFT:
        editor.remove(key)
    if kind == "document":
        editor.set("status", Status.DRAFT.value)
    if kind != "form":
        editor.set("prepared", flow_mapping({"by": by, "date": day}), after="review_months")
    version = str(item.version or "") if not isinstance(item, Manual) else item.version
    marker = {"of": version, "by": by, "date": day, **({"reason": reason} if reason else {})}
    editor.set(MARKER, flow_mapping(marker))
    made: list[Path] = []  # the folders under revisions_dir and the revision this act creates: all go on failure
    try:
        made += make_folders(target.parent)
        write_atomic(target, edited_bytes(kind, source, editor), exclusive=True)
    except (OSError, SourceWriteError) as exc:
        remove_made(made)
        raise ReleaseError(t("act.revise.unwritable", path=target, error=os_reason(exc))) from exc
    made.append(target)
    shown = target.relative_to(config.root).as_posix()
    here = seen_from_here(shown)  # the revision as the user finds it from the folder they ran qmsdoc in
    try:
        if restored is not None:
            write_atomic(source.path, restored)
        errors = [f for f in check(config).findings if f.path in (shown, item.path) and f.severity is Severity.ERROR]
    except SourceWriteError as exc:
        remove_made(made)
        raise ReleaseError(t("act.revise.unrestorable", path=seen_from_here(item.path), error=exc)) from exc
    except BaseException:  # Ctrl-C before the re-check said yes: no unchecked revision stays
        remove_made(made)
        if restored is not None:
            write_atomic(source.path, source.raw)
        raise
    if errors:
        remove_made(made)
        if restored is not None:
            write_atomic(source.path, source.raw)
        raise ReleaseError(t("act.revise.failed"), errors)
    # drafted from a version approved but not yet in force today (not on --date, the draft's 编制 date: a version in
    # force since is the version in force): the version in force is the one before it until then
    pending = item.effective_date if isinstance(item, Document) and item.effective_date is not None \
        and item.pending_on(config.today) else None
    if isinstance(item, Form) and item.withdrawn_with:  # out of use with its owner: nothing of it is in force
        lines = [t("act.revise.done_withdrawn", id=item.id, path=here, version=version, by=by)]
        in_force = t("act.revise.withdrawn_form", owner=item.withdrawn_with)
    elif pending is None:
        lines = [t("act.revise.done", id=item.id, path=here, version=version, by=by)]
        in_force = t("act.revise.in_force", version=version)
    else:
        assert isinstance(item, Document)
        lines = [t("act.revise.done_pending", id=item.id, path=here, version=version, by=by, date=pending)]
        before = item.in_force_before
        in_force = (t("act.revise.in_force_pending", version=version, date=pending, before=before) if before
                    else t("act.revise.in_force_pending_first", version=version, date=pending))
    if restored is not None:
        lines.append(t("act.revise.moved", path=seen_from_here(item.path), version=version))
    lines += [in_force,
              # the site previews every kind's revision (publish_drafts). A manual page's release, like a
              # document's, needs this version's reviewer.
              t("act.revise.next", path=here, id=item.id),
              t("act.revise.release", id=item.id, reviewed="--reviewed-by … " if kind != "form" else ""),
              t("act.revise.discard", id=item.id)]
    return Outcome(target, "\n".join(lines))


def _approved_bytes(result: CheckResult, kind: str, item: Document | Form | Manual, source: SourceFile) -> bytes:
    """The file in force as last approved (from git), to put back when its in-place edit moves into a revision."""
    expected = item.source.data.get("approved", {}) if isinstance(item.source.data, dict) else {}
    fingerprint = expected.get("fingerprint") if isinstance(expected, dict) else None
    found = approved_version(result.context, kind, item.path, fingerprint) if isinstance(fingerprint, str) else None
    if found is None:
        restore = git_command("checkout", "--", path=repository_path(result.context.config.root, item.path))
        raise ReleaseError(t("act.revise.no_approved_text", path=seen_from_here(item.path), restore=restore))
    return found[0].encode("utf-8")  # the text as committed: its own line endings and BOM


@edits_records
def discard(config: Config, code: str) -> Outcome:
    """Delete the working revision of `code` — only a file under revisions_dir that `qmsdoc revise` marked."""
    result = check(config)
    wanted = normalise(code)
    revision = working_revision(result.corpus, wanted)
    if revision is None:  # an id that names nothing is told so, not that it has no revision
        _kind, item = _target(result, code)
        _refuse_not_a_file(config, revision_path(config, item.path), item.id)
        raise ReleaseError(t("act.revise.none", id=item.id, folder=shown_path(config.revisions_dir)))
    path = config.root / revision.path
    _refuse_not_a_file(config, path, wanted)
    if not revision.marker or not path.resolve().is_relative_to(config.revisions_path.resolve()):
        raise ReleaseError(t("act.revise.not_ours", path=seen_from_here(revision.path), marker=MARKER))
    _remove(path, config)
    where = seen_from_here(revision.path, to_be=True)
    return Outcome(path, t("act.revise.discarded", id=wanted, path=where))


def _refuse_not_a_file(config: Config, path: Path | None, code: str) -> None:
    """A folder, link, pipe or device where `code`'s working revision would be is no revision qmsdoc wrote: it is
    named as what it is, and left as it is (never written to nor removed), for the officer to move it — by
    `revise` (which would write the revision there) and `revise --discard` (which would remove it) alike."""
    import stat

    if path is None:
        return
    try:
        mode = path.lstat().st_mode
    except OSError:  # nothing there (or nothing to say of it): the caller's own answer
        return
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        what = t("act.revise.what_folder")
    elif stat.S_ISLNK(mode):
        what = t("act.revise.what_link", target=shown(os.readlink(path)))  # a name may hold control characters
    else:
        what = t("act.revise.what_special")
    place = seen_from_here(path.relative_to(config.root).as_posix() if path.is_relative_to(config.root)
                           else str(path))
    raise ReleaseError(t("act.revise.not_a_file", path=shown(place), what=what, id=code))


def _remove(path: Path, config: Config) -> None:
    """Delete a working revision and the folders under revisions_dir it leaves empty."""
    try:
        path.unlink()
    except OSError as exc:
        raise ReleaseError(t("act.revise.undeletable", path=path, error=os_reason(exc))) from exc
    top = config.revisions_path.resolve()
    folder = path.parent.resolve()
    while folder != top and folder.is_relative_to(top):
        with contextlib.suppress(OSError):  # not empty (or not ours to remove): keep it and stop
            folder.rmdir()
        if folder.exists():
            break
        folder = folder.parent


def composed(config: Config, revision: WorkingRevision, effective: SourceFile) -> SourceFile:
    """What a release of `revision` starts from: the file in force with the draft's content — every field but
    the record (RECORD_KEYS: versions, status, dates, reviews, approvals) and the body taken from the draft —
    in the file in force's encoding, line endings, key order and comments."""
    draft = read_source(config.root / revision.path)
    kind = revision.kind
    in_force = open_editor(kind, effective)
    drafted = open_editor(kind, draft)
    draft_keys = drafted.top_keys()
    for key in in_force.top_keys():
        if key not in RECORD_KEYS and key not in draft_keys:
            in_force.remove(key)
    for key in draft_keys:
        if key not in RECORD_KEYS:
            in_force.set_lines(key, drafted.lines_of(key))
    if kind == "form":
        return SourceFile(effective.path, edited_bytes(kind, effective, in_force))
    body = "\n".join(drafted.lines[drafted.end + 1:])
    text = "\n".join(in_force.lines[:in_force.end + 1]) + "\n" + body
    data = (BOM if effective.bom else b"") + text.replace("\n", effective.newline).encode("utf-8")
    return SourceFile(effective.path, data)


def remove_released(config: Config, revision: WorkingRevision) -> None:
    """After its release: delete the working revision, or refuse (the caller puts the released files back)."""
    try:
        _remove(config.root / revision.path, config)
    except ReleaseError as exc:
        raise ReleaseError(t("act.release.revision_undeletable", error=exc)) from exc

