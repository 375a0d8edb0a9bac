"""Approval records: which sources must carry one, their git provenance and their SSH signatures.

Every document in status approved/effective/obsolete, every form and every manual index page is
controlled: its `approved:` record holds the fingerprint of the approved content (fingerprint.py) and,
in signed mode, an SSH signature over that fingerprint by the approver's key."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import shutil
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .codes import normalise
from .fingerprint import fingerprint
from .gitlog import Deletion, Gap, Revisioned, earlier_folders, file_histories, has_commits, is_shallow, repo_root
from .i18n import t
from .model import Corpus
from .source import SourceText, parse_markdown, parse_yaml
from .status import Status

NAMESPACE = "qmsdoc"
_ARMOR = ("-----BEGIN SSH SIGNATURE-----", "-----END SSH SIGNATURE-----")


@dataclass(frozen=True)
class Controlled:
    """One source under change control: a document, a form or a manual index page."""

    kind: str  # document | form | manual
    id: str
    source: SourceText
    needs_record: bool

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def data(self) -> dict[str, Any]:
        return self.source.data if isinstance(self.source.data, dict) else {}

    @property
    def body(self) -> str:
        return "" if self.kind == "form" else self.source.body

    @property
    def record(self) -> dict[str, Any]:
        approved = self.data.get("approved")
        return approved if isinstance(approved, dict) else {}

    @property
    def record_line(self) -> int:
        """Where the approval record is, or where it is missing (status for documents, else version)."""
        for key in ("approved", "status", "version"):
            if key in self.data:
                return self.source.line_of(key)
        return self.source.line_of()


def controlled_items(corpus: Corpus) -> list[Controlled]:
    """Every source under change control. A working revision standing in for its source (the check's draft
    pass), and a form drafted as `status: draft`, is a draft: it needs no approval record until it is released."""
    drafts = corpus.draft_paths
    items = [Controlled("manual", m.id, m.source, m.path not in drafts) for m in corpus.manuals]
    items += [Controlled("document", d.id, d.source, d.status.is_published)
              for d in corpus.sorted_documents()]
    # A form once approved stays under control: writing `status: draft` into it is a change (QD190), not a way out.
    items += [Controlled("form", f.id, f.source,
                         f.path not in drafts and (f.status.is_published or f.approval is not None))
              for f in corpus.sorted_forms()]
    return items


def recorded_approver(item: Controlled, corpus: Corpus) -> tuple[str | None, str | None]:
    """Who approved the item, and on which day, as its sources state it: its own `approved:` record, or for a form
    that names no approver, the approval of the document that owns it. `qmsdoc baseline` records only this approver:
    with no one named it has nobody to certify and the way in is a release."""
    by, date = item.record.get("by"), item.record.get("date")
    if item.kind == "form" and not by:  # a form was approved with the document that owns it
        owner = corpus.documents.get(normalise(str(item.data.get("owner", ""))))
        approved = owner.signoffs.get("approved") if owner else None
        if approved is not None:
            return approved.by, approved.date.isoformat() if approved.date else None
    return (str(by) if by else None), (str(date) if date else None)


def parse_version(kind: str, text: str, path: str) -> SourceText:
    """A past version of a source, parsed the way the loader parses the current one."""
    if kind != "form":
        return parse_markdown(text, path)
    src = SourceText(path, text=text.replace("\r\n", "\n"))
    parse_yaml(src, src.text, first_line=1)
    return src


_RECORDED_FINGERPRINT = re.compile(r"fingerprint: [0-9a-f]{64}")


def content_fingerprint(kind: str, text: str) -> str:
    """The fingerprint an approval of this source text (a document or a form) records."""
    src = parse_version(kind, text, "")
    return fingerprint(src.data if isinstance(src.data, dict) else {}, "" if kind == "form" else src.body)


def refingerprinted(kind: str, text: str) -> str:
    """`text` with its recorded fingerprint recomputed for its current content — what a re-approval records.
    For tools that plant approved content (the tests, the benchmark); people release with `qmsdoc release`."""
    return _RECORDED_FINGERPRINT.sub(f"fingerprint: {content_fingerprint(kind, text)}", text, count=1)


def signer(data: dict[str, Any]) -> str | None:
    """Whose key must have signed the record: the withdrawing approver for a withdrawn document, else the approver."""
    withdrawn, approved = data.get("withdrawn"), data.get("approved")
    obsolete = Status.parse(data.get("status")) is Status.OBSOLETE
    if obsolete and isinstance(withdrawn, dict) and isinstance(by := withdrawn.get("by"), str):
        return by
    by = approved.get("by") if isinstance(approved, dict) else None
    return by if isinstance(by, str) else None


# --- git provenance ---------------------------------------------------------------------------------

@dataclass
class History:
    """Committed versions of every controlled source, oldest first, or a note saying why there are none."""

    versions: dict[str, list[Revisioned]] = field(default_factory=dict)
    note: str | None = None
    shallow: bool = False
    """The repository is a shallow clone (earlier versions may be missing)."""
    empty: bool = False
    """The repository has no commit yet: every version there is is in the working tree only."""
    removed: list[Removed] = field(default_factory=list)
    """Manual index pages, documents and forms git has seen that are no longer in the working tree, in path order."""
    gaps: dict[str, list[Gap]] = field(default_factory=dict)
    """Sources there now that were deleted for a time: when, and when they came back."""
    order: dict[str, int] = field(default_factory=dict)
    """Each commit of the first-parent line that touched a source: its place on the line, oldest first (what the
    sources stood at in one commit: core/refsthen.py)."""

    @property
    def available(self) -> bool:
        return self.note is None

    def committed(self, path: str) -> list[Revisioned]:
        """The committed versions of the file at `path`: there now, or deleted since (`removed`: a whole-manual
        copy of a day before the deletion holds it)."""
        return self.versions.get(path) or next((g.versions for g in self.removed if g.path == path), [])


@dataclass(frozen=True)
class Removed:
    """A manual index page, document or form file that is gone: its committed versions, oldest first, and how it
    went."""

    kind: str  # manual | document | form
    path: str  # as the loader would show it, relative to the project
    versions: list[Revisioned]
    deletion: Deletion
    git_path: str = ""
    """Where git held it, relative to the repository's top (a git command names it so, whatever the user's
    folder, and through a sources' folder that is a symlink)."""


def load_history(root: Path, corpus: Corpus, manuals: Path | None = None, forms: Path | None = None,
                 revisions: Path | None = None) -> History:
    """What git holds of every controlled source; given the manuals and forms folders, also of the documents
    and forms that were deleted from them, and of those they held at the folders' earlier places (a sources'
    folder renamed with git mv: its files' versions from before are theirs); never a working revision's."""
    git_root = repo_root(root)
    if git_root is None:
        return History(note=t("history.note.no_git"))
    if is_shallow(git_root):
        return History(note=t("history.note.shallow"), shallow=True)
    if not has_commits(git_root):
        return History(note=t("history.note.no_commits"), empty=True)
    paths = {(root / item.path).resolve(): item.path for item in controlled_items(corpus)}
    folders = [f for f in (manuals, forms) if f is not None and f.resolve().is_relative_to(git_root.resolve())]
    kinds = {f.resolve().relative_to(git_root.resolve()).as_posix(): "document" if f == manuals else "form"
             for f in folders}
    # each folder as the project spells it (manuals_dir), by where git holds it (a symlinked folder's target)
    spelled = {f.resolve().relative_to(git_root.resolve()).as_posix(): f for f in folders}
    if spelled and root.resolve().is_relative_to(git_root.resolve()):
        scope = root.resolve().relative_to(git_root.resolve()).as_posix()
        drafts = [revisions.resolve().relative_to(git_root.resolve()).as_posix()] if revisions is not None \
            and revisions.resolve().is_relative_to(git_root.resolve()) else []
        for earlier, current in earlier_folders(git_root, scope, list(kinds), drafts).items():
            kinds[earlier] = kinds[current]  # a file gone from there is matched by its number, as a moved one
            folders.append(git_root / earlier)

    def kind_of(name: str) -> str | None:
        parent, _, file = name.rpartition("/")
        for folder, kind in kinds.items():
            if kind == "form" and parent == folder and file.endswith((".yaml", ".yml")):
                return kind
            if kind == "document" and parent.rpartition("/")[0] == folder and file.endswith(".md"):
                return "manual" if file == "index.md" else kind
        return None

    found = file_histories(git_root, list(paths), folders, lambda name: kind_of(name) is not None)
    held = {(item.kind, normalise(item.id)): item.path for item in controlled_items(corpus)}
    versions = _by_number({paths[absolute]: found_versions for absolute, found_versions in found.versions.items()
                           if absolute in paths}, {item.path: item.kind for item in controlled_items(corpus)}, held,
                          found.order)
    removed = []
    for absolute, gone_versions in sorted(found.removed.items()):
        name = absolute.relative_to(git_root).as_posix()
        kind = kind_of(name)
        if kind is None:
            continue
        # A moved file keeps its number: its versions at the old path are the item's earlier versions.
        moved_to = held.get((kind, _number(kind, gone_versions, name)))
        if moved_to is not None:
            versions[moved_to] = sorted(gone_versions + versions.get(moved_to, []),
                                        key=lambda version: found.order.get(version.commit, -1))
        folder = next((held_in for held_in in spelled if name.startswith(held_in + "/")), None)
        if folder is None:
            continue
        place = spelled[folder] / name[len(folder) + 1:]
        try:  # as the loader shows a file of that folder: through manuals_dir as written, not where a link leads
            shown = place.relative_to(root).as_posix()
        except ValueError:
            continue
        removed.append(Removed(kind, shown, gone_versions, found.deletions[absolute], name))
    gaps = {paths[absolute]: found_gaps for absolute, found_gaps in found.gaps.items() if absolute in paths}
    return History(versions, removed=_moved_then_deleted(removed, found.order), gaps=gaps, order=found.order)


def _by_number(versions: dict[str, list[Revisioned]], kinds: dict[str, str], held: dict[tuple[str, str], str],
               order: dict[str, int]) -> dict[str, list[Revisioned]]:
    """Each item's committed versions by the number they carried, not by the file that held them: a version at one
    path carrying the number another file holds now (two documents that swapped files) is that other item's. A
    version carrying a number no file holds now stays with its path (a document renumbered in place)."""
    out: dict[str, list[Revisioned]] = {path: [] for path in versions}
    moved = False
    for path, found in versions.items():
        kind = kinds[path]
        for version in found:
            owner = held.get((kind, _number(kind, [version], path)), path)
            moved = moved or owner != path
            out.setdefault(owner, []).append(version)
    if not moved:
        return versions
    return {path: sorted(found, key=lambda version: order.get(version.commit, -1))
            for path, found in out.items() if found}


def _moved_then_deleted(removed: list[Removed], order: dict[str, int]) -> list[Removed]:
    """One entry per number gone: a file moved and later deleted is one item deleted at its last place, its
    versions at every place it had its earlier versions (else QD142 and `register --as-of` count it twice)."""
    groups: dict[tuple[str, str], list[Removed]] = {}
    out: list[Removed] = []
    for gone in removed:
        number = _number(gone.kind, gone.versions, gone.path)
        if number:
            groups.setdefault((gone.kind, number), []).append(gone)
        else:
            out.append(gone)
    for group in groups.values():
        last = max(group, key=lambda gone: order.get(gone.deletion.commit, len(order)))  # "": the working tree
        versions = sorted((v for gone in group for v in gone.versions), key=lambda v: order.get(v.commit, -1))
        out.append(Removed(last.kind, last.path, versions, last.deletion, last.git_path))
    return sorted(out, key=lambda gone: gone.path)


def _number(kind: str, versions: list[Revisioned], path: str) -> str:
    """The control number the last committed version of a file that is gone carried ("" if none did)."""
    for version in reversed(versions):
        data = parse_version(kind, version.text, path).data
        if isinstance(data, dict) and data.get("code" if kind == "form" else "id"):
            return normalise(str(data.get("code" if kind == "form" else "id")))
    return ""


# --- SSH signatures ---------------------------------------------------------------------------------

class SigningError(Exception):
    """Signing failed; the message is for the user."""


def signing_payload(item_id: str, fingerprint: str) -> bytes:
    """What the approver signs: the id and the fingerprint (which covers approver, date and content)."""
    return f"qmsdoc approval\nid: {item_id}\nfingerprint: {fingerprint}\n".encode()


def sign(key: Path, payload: bytes) -> str:
    """The armored signature's base64 text on one line (it is stored in the one-line approval record)."""
    if not key.is_file():
        raise SigningError(t("sign.no_key", key=key))
    if ssh_keygen_missing():
        raise SigningError(t("sign.no_ssh_keygen"))
    try:
        out = subprocess.run(["ssh-keygen", "-q", "-Y", "sign", "-n", NAMESPACE, "-f", str(key)], input=payload,
                             capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SigningError(t("sign.cannot_run", error=exc)) from exc
    text = out.stdout.decode("ascii", errors="replace")
    if out.returncode != 0 or _ARMOR[0] not in text:
        reason = out.stderr.decode("utf-8", errors="replace").strip()
        if "passphrase" in reason:  # no terminal to ask it on (CI, a pipe), or a wrong one typed
            raise SigningError(t("sign.passphrase", key=key))
        raise SigningError(t("sign.failed", key=key, reason=reason or t("sign.unknown_reason")))
    return "".join(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("-----"))


def ssh_keygen_missing() -> bool:
    """Whether `ssh-keygen` (OpenSSH) cannot be found on PATH: then no signature can be made or checked, and saying
    so once beats calling every record's signature invalid."""
    return shutil.which("ssh-keygen") is None


def signed_on(data: dict[str, Any]) -> dt.date | None:
    """The day the record's signature was made, as the record says: `signed` (added later by `qmsdoc sign`), else the
    day of the act that wrote it — the withdrawal for a withdrawn document, the baseline, the approval. The key must
    have been valid on that day (allowed_signers valid-after/valid-before), not on the day `check` runs."""
    approved, withdrawn = data.get("approved"), data.get("withdrawn")
    record = approved if isinstance(approved, dict) else {}
    candidates = [record.get("signed")]
    if Status.parse(data.get("status")) is Status.OBSOLETE and isinstance(withdrawn, dict):
        candidates.append(withdrawn.get("date"))
    candidates += [record.get("baselined"), record.get("date")]
    return next((day for day in map(as_date, candidates) if day is not None), None)


def as_date(value: object) -> dt.date | None:
    """A record's date as YAML gave it (a date, or text in ISO form); None when it is none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def signing_date_problem(data: dict[str, Any], today: dt.date) -> str | None:
    """Why the record's `signed` date cannot be when its signature was made (None when it can): the key's validity
    is checked on that day, so a day after today, or before the approval it signs, is no such day."""
    approved = data.get("approved")
    record = approved if isinstance(approved, dict) else {}
    signed, approval = as_date(record.get("signed")), as_date(record.get("date"))
    if signed is None:
        return None
    if signed > today:
        return t("sign.signed_future", date=signed.isoformat(), today=today.isoformat())
    if approval is not None and signed < approval:
        return t("sign.signed_before_approval", date=signed.isoformat(), approved=approval.isoformat())
    baselined = as_date(record.get("baselined"))  # the fingerprint it signs was recorded that day
    if baselined is not None and signed < baselined:
        return t("sign.signed_before_baseline", date=signed.isoformat(), baselined=baselined.isoformat())
    return None


def _ssh_keygen(args: list[str], payload: bytes | None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["ssh-keygen", *args], input=payload if payload is not None else b"", capture_output=True,
                          timeout=60)


def _windowed(allowed_signers: Path) -> bool:
    """Whether a line of allowed_signers gives a key a validity window (valid-after / valid-before)."""
    try:
        return "valid-" in allowed_signers.read_text("utf-8", errors="replace").lower()
    except OSError:
        return False


def verify_signature(allowed_signers: Path, identity: str, signature: str, payload: bytes,
                     at: dt.date | None = None) -> str | None:
    """None when `signature` is a valid qmsdoc signature by `identity`'s key in allowed_signers; else why not.
    `at`: the day the signature was made (signed_on), when the key must have been valid; else today."""
    try:
        base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return t("sign.not_base64")
    armored = "\n".join([_ARMOR[0], *textwrap.wrap(signature, 70), _ARMOR[1], ""])
    # The signing day matters only to a key with a validity window; asked only then, so OpenSSH before 8.9 (no
    # `-O verify-time`: Windows 10's built-in 8.1) still checks every signature of a file that sets none.
    when = [f"-Overify-time={at.strftime('%Y%m%d')}"] if at is not None and _windowed(allowed_signers) else []
    with tempfile.TemporaryDirectory(prefix="qmsdoc-sig-") as folder:
        sig = Path(folder) / "approval.sig"
        sig.write_text(armored, "ascii")
        try:
            out = _ssh_keygen(["-Y", "verify", "-f", str(allowed_signers), "-I", identity, "-n", NAMESPACE,
                               "-s", str(sig), *when], payload)
            if out.returncode == 0:
                return None
            found = _ssh_keygen(["-Y", "find-principals", "-f", str(allowed_signers), "-s", str(sig), *when], None)
        except (OSError, subprocess.SubprocessError) as exc:
            return t("sign.cannot_verify", error=exc)
    if unquoted_principal(allowed_signers, identity):
        return t("sign.unquoted_principal", identity=identity, file=allowed_signers.name)
    reason = out.stderr.decode("utf-8", errors="replace")
    if "key has expired" in reason or "not yet valid" in reason:
        return t("sign.key_not_valid", identity=identity, date=(at or dt.date.today()).isoformat(),
                 file=allowed_signers.name)
    principals = [line.strip() for line in found.stdout.decode("utf-8", errors="replace").splitlines()
                  if line.strip()] if found.returncode == 0 else []
    if not principals:
        return t("sign.unknown_key", identity=identity, file=allowed_signers.name)
    if identity not in ",".join(principals).split(","):
        return t("sign.other_signer", signers=", ".join(principals), identity=identity)
    return t("sign.mismatch")


def unquoted_principal(allowed_signers: Path, identity: str) -> bool:
    """Whether allowed_signers names `identity`, a role with a space in it ("Managing Director"), unquoted at the
    start of a line: ssh-keygen then reads "Managing" as the principal, and the approver's key never matches."""
    if not any(char.isspace() for char in identity):
        return False
    try:
        lines = allowed_signers.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return False
    return any(line.lstrip().startswith(identity + " ") or line.lstrip().startswith(identity + ",") for line in lines)
