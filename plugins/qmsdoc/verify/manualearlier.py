"""A whole-manual Word or PDF copy an earlier build made (`build/docx/manuals/QM.docx` of a past day), told genuine by
rebuilding it.

The manifest holds only the last build's copies. A whole-manual copy records its index page's version and that
version's date, not the day it was built: it is held, byte for byte, against the manual as a build made it on each
day that version of the page was in force on which what the copy binds could change (a release, a withdrawal, any
commit) — the page's version then and each document in force that day, read from git as `qmsdoc copy MANUAL
--as-of` reads it (records/asof.py `manual_members_on`, core/releasecopy.py `member_jobs`), controlled as the build
writes it; a document whose approved successor waited that day is the build's copy in force (`held_copy`). A file
whose bytes differ is never called genuine."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from ..core.check import CheckResult
from ..core.copyjobs import ManualJob, held_copy, in_force_notice, manual_job, waiting_notice
from ..core.copyplan import notice_html
from ..core.model import Manual, parse_date
from ..core.refsthen import commit_dates, renderer_on, waited
from ..core.releasecopy import member_jobs, pictures_folder
from ..core.render import CorpusRenderer
from ..core.versions import Release, in_force_period, latest, page_as_released, releases
from ..records.asof import manual_members_on

ManualRebuild = Callable[[Manual, str, str], Iterator[tuple[dt.date, bytes]] | None]
"""The copies a build may have written of the whole manual with its index page at a version, in a format
("docx"/"pdf"), each with the first day a build made it, made as asked for — none that a build of today makes (it
is no earlier copy: the manifest answers for it); None when git holds no such page."""


def _change_days(result: CheckResult) -> set[dt.date]:
    """Every day a build's whole-manual copy could start to differ: a commit's, and each day a document's release
    was approved (its copy in force made while it waits), took effect or was withdrawn."""
    history = result.context.history
    days = {day for on in commit_dates(history).values() if (day := parse_date(on)) is not None}
    paths = [(d.path, history.versions.get(d.path, [])) for d in result.corpus.documents.values()]
    paths += [(gone.path, gone.versions) for gone in history.removed if gone.kind == "document"]
    for path, revisions in paths:
        for release in releases("document", path, revisions):
            days |= {day for day in (release.approved_on, release.in_force_from, release.withdrawn) if day is not None}
    return days


def manual_built(result: CheckResult, renderer: CorpusRenderer, manual: Manual, page: Release, day: dt.date,
                 pictures: Path, notice: str = "") -> ManualJob | None:
    """The whole-manual copy a build on `day` made of `manual` with its index page as `page`, `notice` on its face
    (`_windows`); None when a document in force then has no text in git (in force by its 修订记录 alone)."""
    history, config = result.context.history, result.context.config
    shown = renderer_on(renderer, result.corpus, history, day)
    held = [answer.release for answer in manual_members_on(manual, result.corpus, history, day)[0]]
    found = [r for r in held if r is not None]
    if len(found) != len(held):
        return None
    jobs = []
    for release, job in member_jobs(result, shown, manual, found, pictures):
        successor = waited(release, releases("document", release.source.path, history.committed(release.source.path)))
        approved = successor.approved_on if successor is not None else None
        jobs.append(held_copy(job, release.version, successor.document)
                    if successor is not None and approved is not None and approved <= day else job)
    intro = notice_html(notice) + shown.text(page.body, manual.path).html
    pictures_folder(intro, page, shown.inside_manuals(manual.path), config, pictures)
    return manual_job(page_as_released(manual, page), tuple(jobs), config.organisation, intro_html=intro,
                      assets_root=str(pictures), project_id=config.project_id or "")


def _windows(manual: Manual, found: list[Release], page: Release, today: dt.date) -> list[tuple[dt.date, dt.date, str]]:
    """The spans of days (first, last) a build made a whole-manual copy with its index page as `page`, each with the
    notice that copy bears (core/copyplan.py): while it was in force, none; while it was approved and waited for
    its effective date, that it waits (`waiting_notice`); while its approved successor waited, that it is in force
    until then (`in_force_notice`)."""
    day = dt.timedelta(days=1)
    spans: list[tuple[dt.date | None, dt.date | None, str]] = []
    period = in_force_period(found, page.version)
    if period is not None:
        spans.append((period[0], period[1] - day if period[1] is not None else today, ""))
    shown = page_as_released(manual, page)
    effective = shown.effective_date
    if page.approved_on is not None and effective is not None and page.approved_on < effective:
        index = found.index(page)
        spans.append((page.approved_on, effective - day, waiting_notice(shown, found[index - 1].version
                                                                        if index else "")))
    successor = waited(page, found)
    coming = page_as_released(manual, successor) if successor is not None else None
    if successor is not None and coming is not None and coming.effective_date is not None:
        spans.append((successor.approved_on, coming.effective_date - day, in_force_notice(page.version, coming)))
    return [(first, min(last, today), notice) for first, last, notice in spans
            if first is not None and last is not None and first <= min(last, today)]


def manual_rebuilder(result: CheckResult, renderer: Callable[[], CorpusRenderer]) -> ManualRebuild:
    """`ManualRebuild` for the checked project `result`; `renderer` gives its one render, asked for only when a copy
    is rebuilt."""

    def rebuild(manual: Manual, version: str, fmt: str) -> Iterator[tuple[dt.date, bytes]] | None:
        from ..acts.issuance import COPY_WRITERS  # the writers of each format, loaded only to rebuild

        history, today = result.context.history, result.context.config.today
        found = releases("manual", manual.path, history.versions.get(manual.path, []))
        page = latest(found, version)
        spans = _windows(manual, found, page, today) if page is not None else []
        if page is None or not spans or fmt not in COPY_WRITERS:
            return None
        changed = _change_days(result)

        def copies() -> Iterator[tuple[dt.date, bytes]]:
            with tempfile.TemporaryDirectory(prefix="qmsdoc-verify-") as pictures:
                written: list[ManualJob] = []  # today's copies: no earlier, the manifest answers for them
                for _, last, notice in spans:
                    now = manual_built(result, renderer(), manual, page, today, Path(pictures), notice) \
                        if last == today else None
                    written += [now] if now is not None else []
                for first, last, notice in spans:
                    for day in sorted({first} | {day for day in changed if first <= day <= last}):
                        job = manual_built(result, renderer(), manual, page, day, Path(pictures), notice)
                        if job is not None and job not in written:  # a day that changed nothing it binds
                            written.append(job)
                            yield day, COPY_WRITERS[fmt].writer(result.context.config)(job)

        return copies()

    return rebuild
