"""What a reference showed of each document and form in a past commit: the title and version its file held then.

A build renders `[[ID]]` as 《title》 ID version from the files it is run on (core/render.py `ref_info`). A copy of an
earlier version a build made then names what it cites as it stood in that commit, not as it stands today: the copy
of an earlier version (`qmsdoc copy --version`) and its rebuild by `qmsdoc verify` render with these
(`CorpusRenderer.as_then`). Read from git's committed files (core/approval.py `History`), oldest first."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from .approval import History, parse_version
from .model import Corpus
from .render import CorpusRenderer, RefInfo
from .revision import Revision
from .versions import Release


@lru_cache(maxsize=4096)
def _state(kind: str, text: str, path: str) -> tuple[str, str] | None:
    """(title, version) a committed `text` of `path` gives a reference, None when it cannot be read: each text parsed
    once, however many past states ask (a rebuild tries every day or commit a version was in force)."""
    src = parse_version(kind, text, path)
    if src.findings or not isinstance(src.data, dict):
        return None
    return str(src.data.get("title", "")), str(Revision.parse(src.data.get("version", "")) or "")


def _states(kind: str, path: str, history: History) -> list[tuple[int, str, str]]:
    """(place on the line, title, version) of each commit of `path` whose file could be read, oldest first."""
    out = []
    for revision in history.versions.get(path, []):
        place = history.order.get(revision.commit)
        state = _state(kind, revision.text, path) if place is not None else None
        if place is not None and state is not None:
            out.append((place, *state))
    return out


def references_over(corpus: Corpus, history: History, commits: list[str]) -> list[dict[str, RefInfo]]:
    """What a reference to each document and form git held showed in a build of each of `commits` (on the
    first-parent line), each different state once, in the order of `commits`; a commit git does not place (no
    history, another line) gives none."""
    states = {code: _states(kind, item.path, history)
              for kind, items in (("document", corpus.documents), ("form", corpus.forms))
              for code, item in items.items()}
    out: list[dict[str, RefInfo]] = []
    for commit in commits:
        at = history.order.get(commit)
        if at is None:
            continue
        refs = {}
        for code, found in states.items():
            held = [state for state in found if state[0] <= at]
            if held:
                refs[code] = RefInfo(code, held[-1][1], held[-1][2])
        if refs not in out:
            out.append(refs)
    return out


def references_then(corpus: Corpus, history: History, commit: str) -> dict[str, RefInfo]:
    """`references_over` one commit: {} when git does not place it."""
    return next(iter(references_over(corpus, history, [commit])), {})


def commits_while(release: Release, found: list[Release], history: History, until: dt.date | None = None) -> list[str]:
    """`release`'s commit and each later commit before the next release of the same item (`found`, its releases
    oldest first) that changed a source — or, `until` given, each one before that day too (the next release approved
    but waiting for its effective date `until`, `release` still in force): every state of the project a build could
    render while `release` was the approved version (or in force), oldest first."""
    start = history.order.get(release.commit)
    if start is None:
        return []
    index = next((i for i, r in enumerate(found) if r == release), len(found))
    following = found[index + 1:]
    end = history.order.get(following[0].commit, len(history.order)) if following else len(history.order)
    dated = commit_dates(history)
    return sorted((c for c, place in history.order.items() if start <= place and (
        place < end or (until is not None and c in dated and dated[c] < until.isoformat()))),
        key=lambda c: history.order[c])


def waited(release: Release, found: list[Release]) -> Release | None:
    """The release after `release` among `found` (its item's, oldest first) when it was approved to take effect
    later than the day of its approval: `release` stayed in force meanwhile, and a build made its copy in force
    (saying until when, core/copyjobs.py `in_force_notice`); None otherwise."""
    index = next((i for i, r in enumerate(found) if r == release), len(found))
    following = found[index + 1] if index + 1 < len(found) else None
    begins = following.in_force_from if following is not None else None
    approved = following.approved_on if following is not None else None
    return following if begins is not None and approved is not None and begins > approved else None


def commit_dates(history: History) -> dict[str, str]:
    """Each commit git holds a source's version from → its day (YYYY-MM-DD) on the line."""
    return {revision.commit: revision.date for revisions in history.versions.values() for revision in revisions} | {
        revision.commit: revision.date for gone in history.removed for revision in gone.versions}


def commit_on(history: History, day: dt.date) -> str | None:
    """The last commit on the line dated `day` or before (what a build that day was run on), None before any."""
    dated = [(history.order[c], c) for c, on in commit_dates(history).items()
             if c in history.order and on <= day.isoformat()]
    return max(dated)[1] if dated else None


def renderer_on(renderer: CorpusRenderer, corpus: Corpus, history: History, day: dt.date) -> CorpusRenderer:
    """`renderer`, its references naming what they cite as a build on `day` did (`references_then` of `commit_on`);
    `renderer` itself when git holds nothing by then."""
    commit = commit_on(history, day)
    return renderer.as_then(references_then(corpus, history, commit)) if commit is not None else renderer
