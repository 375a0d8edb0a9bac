"""Working revisions: the next version of a document, form or manual index page, drafted beside the
version in force.

`qmsdoc revise ID` copies the source in force to the same relative path under `revisions_dir`
(`revisions/manuals/qp-hr/QP-02-03.md` revises `manuals/qp-hr/QP-02-03.md`) as a draft marked
`revision: {of: A/1, by, date[, reason]}`. While it exists the version in force stays exactly as approved
and is what every output shows; the draft is checked as a draft (in a pass of its own, over the corpus with
the draft in place of the version in force) and, with `publish_drafts`, previewed with its redline.
`qmsdoc release ID` puts the draft in force; `qmsdoc revise ID --discard` removes it.

This module decides where a working revision lives, loads them, and gives the corpus as it would be with
every draft in force (what the draft pass checks)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .config import Config
from .model import Corpus, Document, Form, Manual, WorkingRevision

MARKER = "revision"
# What a release takes from the version in force, never from the draft: the record of versions, reviews and
# approvals. Everything else (title, department, fields, body…) is the draft's.
RECORD_KEYS = frozenset({"version", "status", "effective_date", "reviewed", "approved", "history", "reviews",
                         "superseded_by", "withdrawn", MARKER})


def revision_path(config: Config, source_path: str) -> Path | None:
    """Where the working revision of the source at `source_path` (relative to the project) lives; None for a
    source outside the project (it has no place under revisions_dir)."""
    relative = Path(source_path)
    if relative.is_absolute() or ".." in relative.parts:
        return None
    return config.revisions_path / relative


def working_revision(corpus: Corpus, code: str) -> WorkingRevision | None:
    """The file under revisions_dir that is the working revision of `code`: the usable one, else any file at its
    path or giving its id that could not be taken as one (unreadable, not UTF-8, broken YAML, renumbered). An act
    that finds such a file must stop on it: taking the version in force instead would release, withdraw or
    compare something the officer did not mean, and say nothing."""
    return corpus.revisions.get(code) or next(
        (r for r in corpus.revision_files if code in (r.draft_id, r.target_id)), None)


def with_drafts(corpus: Corpus) -> Corpus:
    """The corpus as it would be with every working revision in force in place of the version it revises:
    what the draft pass of the check runs the rules over (its findings at the drafts' paths are kept)."""
    if not corpus.revisions:
        return corpus
    replaced = {r.target.path: r.source for r in corpus.revisions.values() if r.target is not None}
    documents = dict(corpus.documents)
    forms = dict(corpus.forms)
    manuals: list[Manual] = []
    drafted_manuals = {r.target_id: r.item for r in corpus.revisions.values() if isinstance(r.item, Manual)}
    for manual in corpus.manuals:
        draft = drafted_manuals.get(manual.id)
        manuals.append(dataclasses.replace(draft, folder=manual.folder, documents=manual.documents)
                       if draft is not None else manual)
    by_id = {m.id: m for m in manuals}
    for code, revision in corpus.revisions.items():
        if isinstance(revision.item, Document):
            original = corpus.documents[code]
            documents[code] = dataclasses.replace(revision.item, manual=by_id.get(original.manual.id)
                                                  if original.manual else None)
        elif isinstance(revision.item, Form):
            forms[code] = revision.item
    return dataclasses.replace(
        corpus, manuals=manuals, documents=documents, forms=forms,
        sources=[replaced.get(s.path, s) for s in corpus.sources], revision_files=[], revisions={},
        draft_paths={r.path: r.target.path for r in corpus.revisions.values() if r.target is not None})
