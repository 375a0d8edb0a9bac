"""Which forms an owner's versions list, as git holds them. The version in force while its approved successor waits
for its effective date (`release --effective`): staff fill its forms in until then, so a form the successor drops is
still in use — its file kept (no QD151), its page naming the owner among the documents that use it — until that day.
An earlier version: a form listed then and dropped since is one retired (or dropped by mistake), not one never
listed, and QD151 says so."""

from __future__ import annotations

from .approval import History
from .config import Config
from .model import Document
from .structure import scan
from .versions import Release, latest, releases


def _listed_by(release: Release, config: Config) -> set[str]:
    """The numbers the records sections of a released version list."""
    return {r.code for r in scan(release.body, release.source.body_line, dialect=config.dialect).references
            if any(config.is_record_section(name) for name in (r.section, *r.subsections))}


def _releases(owner: Document, history: History) -> list[Release]:
    return releases("document", owner.path, history.versions.get(owner.path, []))


def listed_in_force(owner: Document, config: Config, history: History) -> set[str]:
    """The numbers the records sections of `owner`'s version in force list today, when that version is not the
    approved one (it waits) and git holds it; else none (the approved one's own list is the one that holds)."""
    before = owner.in_force_before if owner.pending_on(config.today) else ""
    found = latest(_releases(owner, history), before) if before else None
    return _listed_by(found, config) if found is not None else set()


def listed_earlier(owner: Document, config: Config, history: History) -> set[str]:
    """The numbers an earlier released version of `owner` listed: a form its later version dropped, retired (its
    file left behind) or dropped by mistake — not one never listed."""
    current = str(owner.version or "")
    return {code for r in _releases(owner, history) if r.version != current for code in _listed_by(r, config)}
