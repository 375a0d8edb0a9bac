"""Which forms a document's version in force lists while its approved successor waits for its effective date
(`release --effective`): staff fill them in until then, so a form the successor drops is still in use — its file
kept (no QD151), its page naming the owner among the documents that use it — until that day."""

from __future__ import annotations

from .approval import History
from .config import Config
from .model import Document
from .structure import scan
from .versions import latest, releases


def listed_in_force(owner: Document, config: Config, history: History) -> set[str]:
    """The numbers the records sections of `owner`'s version in force list today, when that version is not the
    approved one (it waits) and git holds it; else none (the approved one's own list is the one that holds)."""
    before = owner.in_force_before if owner.pending_on(config.today) else ""
    found = latest(releases("document", owner.path, history.versions.get(owner.path, [])), before) \
        if before else None
    if found is None:
        return set()
    return {r.code for r in scan(found.body, found.source.body_line).references
            if any(config.is_record_section(name) for name in (r.section, *r.subsections))}
