"""`qmsdoc review`: a periodic review with no change — recorded in `reviews:`, not a revision."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..core.config import Config
from ..core.i18n import t
from ..core.lock import edits_records
from .common import (
    Outcome,
    ReleaseError,
    find_document,
    open_editor,
    read_source,
    write_checked,
)
from .yamledit import flow_mapping


@edits_records
def review(config: Config, code: str, *, by: str, date: dt.date | None = None, note: str = "") -> Outcome:
    """Record a periodic review with no change: appended to `reviews:`, not a revision. The fingerprint
    does not cover `reviews`, so the approval stays valid; the next review falls due from this date."""
    document, errors, _ = find_document(config, code)
    if not document.status.is_controlled:  # in force: the statuses Document.next_review dates
        raise ReleaseError(t("act.review.status", id=document.id, status=document.status_label))
    blocking = [f for f in errors if f.code != "QD180"]
    if blocking:
        raise ReleaseError(t("act.review.errors", id=document.id), blocking)
    day = date or config.today
    # Waiting is said of today (the version in force is the one before); a version in force since is not waiting,
    # whatever past --date is given: a date before its effective date is an early date, said so below.
    if document.effective_date is not None and document.pending_on(config.today):
        raise ReleaseError(t("act.review.pending", id=document.id, version=document.version,
                             date=document.effective_date))
    if document.effective_date is not None and day < document.effective_date:
        raise ReleaseError(t("act.review.before_effective", day=day, id=document.id, version=document.version,
                             date=document.effective_date))
    if document.last_review is not None and day < document.last_review:
        raise ReleaseError(t("act.review.before_last", day=day, id=document.id, last=document.last_review,
                             by=document.last_reviewer or "—"))
    if document.last_review == day:  # recorded already: a second line would be one review counted twice
        raise ReleaseError(t("act.review.again", id=document.id, day=day, by=document.last_reviewer or "—"))
    path = config.root / document.path
    source = read_source(path)
    editor = open_editor("document", source)
    entry = {"by": by, "date": day.isoformat(), **({"note": note} if note else {})}
    editor.append_item("reviews", flow_mapping(entry))
    write_checked(config, source, editor.text(), document.path)
    reviewed = dataclasses.replace(document, last_review=day)
    due = reviewed.next_review  # as every output will say it (the model's)
    # a review dated long ago may leave the next one past already: said so, as check's QD180 will say it
    after = "" if not due else t("act.review.next_overdue", due=due, days=(config.today - due).days) \
        if reviewed.review_overdue(config.today) else t("act.review.next", due=due)
    return Outcome(path, t("act.review.done", id=document.id, day=day, by=by) + after)
