"""A Word or PDF copy of an earlier version that an earlier build made, told genuine by rebuilding it.

The manifest holds only the last build's copies. A copy of a version since superseded is held instead against
that version rebuilt from git — its approved text as committed, its references naming what it cites as a build
of a commit while it was approved did (core/refsthen.py: each state of those days, a cited form renamed since
among them), written by the same job and writer a build uses (core/releasecopy.py) — byte for byte: copies are reproducible (core/reproducible.py; a copy is dated by its
approval, never by the day it was built). Git's committed text is the only record trusted: no list of hashes
anyone could edit. A file whose bytes differ is never called genuine (a copy a build of other code made differs
too: it stays unconfirmed, as before)."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from ..core.approval import History
from ..core.check import CheckResult
from ..core.copyjobs import DocumentJob, held_copy
from ..core.i18n import t
from ..core.model import Document, Form
from ..core.refsthen import commits_while, references_over, waited
from ..core.releasecopy import release_job
from ..core.render import CorpusRenderer, RefInfo
from ..core.versions import in_force_period, latest, releases, replaced_by

Rebuild = Callable[[Document | Form, str, str], Iterator[bytes] | None]
"""The bytes a build may have written of (item, version, format "docx"/"pdf") while that version was approved, one
copy for each state of what it cites then, made as asked for; None when git holds no such release or the format is
none a copy is written in."""


def rebuilder(result: CheckResult, renderer: Callable[[], CorpusRenderer]) -> Rebuild:
    """`Rebuild` for the checked project `result`; `renderer` gives its one render (core/copyplan.py
    `renderer_for`), asked for only when a copy is rebuilt."""

    def rebuild(item: Document | Form, version: str, fmt: str) -> Iterator[bytes] | None:
        from ..acts.issuance import COPY_WRITERS  # the writers of each format, loaded only to rebuild

        history = result.context.history
        kind = "document" if isinstance(item, Document) else "form"
        found = releases(kind, item.path, history.versions.get(item.path, []))
        release = latest(found, version)
        if release is None or fmt not in COPY_WRITERS or release.status.is_obsolete:
            return None
        successor = waited(release, found) if isinstance(item, Document) else None
        kinds: list[tuple[list[str], Document | None]] = [(commits_while(release, found, history), None)]
        if successor is not None:  # its copy in force while the successor waited, saying until when
            kinds.append((commits_while(release, found, history, until=successor.in_force_from), successor.document))
        states: list[tuple[dict[str, RefInfo] | None, Document | None]] = []
        for commits, held in kinds:
            found_refs: list[dict[str, RefInfo] | None] = [*references_over(result.corpus, history, commits)]
            states += [(refs, held) for refs in found_refs or [None]]  # none git places: as a build of today

        def copies() -> Iterator[bytes]:
            written: list[object] = []
            with tempfile.TemporaryDirectory(prefix="qmsdoc-verify-") as pictures:  # the release's, in every state
                for refs, held in states:
                    job = release_job(result, renderer(), item, release, Path(pictures), current=False, refs=refs)
                    if held is not None and isinstance(job, DocumentJob):  # as the build's copy in force
                        job = held_copy(job, release.version, held)
                    if job not in written:  # a state that changed nothing it cites writes the same copy
                        written.append(job)
                        yield COPY_WRITERS[fmt].writer(result.context.config)(job)

        return copies()

    return rebuild


def genuine_earlier(rebuild: Rebuild, item: Document | Form, version: str, digest: str, suffix: str,
                    history: History | None, today: dt.date, label: str) -> tuple[bool, str] | None:
    """A copy of `item`'s earlier `version` (`digest`, the file's `suffix`) held against that version rebuilt
    (`rebuild`): (True, the verdict: a genuine copy, for reference only, when and by what it was replaced) when the
    bytes are the same; (False, what `verify.old` adds: they match no rebuilt copy) when they differ — altered, or
    written from another state of what it cites or by other code: unconfirmed, never said altered; None when git
    holds no release of it to rebuild."""
    if history is None:
        return None
    copies = rebuild(item, version, suffix.lstrip(".").lower())
    if copies is None:
        return None
    if not any(hashlib.sha256(data).hexdigest() == digest for data in copies):
        return False, t("verify.old_unconfirmed")
    kind = "document" if isinstance(item, Document) else "form"
    found = releases(kind, item.path, history.versions.get(item.path, []))
    release, period = latest(found, version), in_force_period(found, version)
    if release is None:  # rebuilt from it: never
        return None
    ended = period[1] if period is not None else None
    return True, t("verify.earlier_genuine", label=label, old=version, date=ended or t("verify.unknown"),
                   replaced=replaced_by(found, release, item, today))
