"""The copy job of one released version as the build wrote it while that version was the approved one: its text
from git, its references naming what it cites as a build of those days did (core/refsthen.py), its pictures as
released. `qmsdoc copy --version` marks it as an earlier
version; `qmsdoc verify` writes it unmarked and holds a copy handed in against its bytes (verify/earlier.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from html import unescape
from pathlib import Path

from .check import CheckResult
from .codes import file_stem
from .config import Config
from .copyjobs import DocumentJob, FormJob, document_job, form_job
from .loader import form_from
from .model import Document, Form, Manual
from .render import CorpusRenderer, RefInfo
from .versions import Release, pictures_as_released


def pictures_folder(html: str, release: Release, shown_from: str, config: Config, into: Path) -> str:
    """A folder holding every picture `html` shows as the version showed it (`pictures_as_released`: `html` is
    `release`'s body rendered from `shown_from`) — or today's file where git holds none — for the copy writers to
    read (their `assets_root`)."""
    for path, picture in pictures_as_released(html, release, shown_from, config.manuals_path).items():
        relative = unescape(path)  # the path as the copy writers read the src (no fragment: RELEASED_IMAGE)
        target = (into / relative).resolve()
        data = picture.then if picture.then is not None else picture.today()
        if data is None or not relative or not target.is_relative_to(into.resolve()):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return str(into)


def release_job(result: CheckResult, renderer: CorpusRenderer, item: Document | Form, release: Release,
                pictures: Path, *, current: bool, refs: Mapping[str, RefInfo] | None = None) -> DocumentJob | FormJob:
    """The copy job of `release` of `item` as a build wrote it while `release` was approved (no notice of an
    earlier version), its pictures written into `pictures`. `current`: `release` is the form's version in force,
    withdrawn with its owner or not as the form in force is (core/model.py `Form.status`). `refs`: what its
    references name, as a build of a commit of those days rendered them (core/refsthen.py `references_over`);
    None: as `renderer` does (the version a build of today writes: the one in force)."""
    config = result.context.config
    if isinstance(item, Document):
        old = dataclasses.replace(release.document, manual=item.manual, project_review_months=config.review_months)
        html = (renderer.as_then(refs) if refs is not None else renderer).text(release.body, item.path).html
        root = pictures_folder(html, release, renderer.inside_manuals(item.path), config, pictures)
        return document_job(old, html, config.organisation, root, config.today, project_id=config.project_id or "")
    owner = result.corpus.documents.get(item.owner or "")
    form = form_from(release.source, release.data)
    if current:
        form = dataclasses.replace(form, withdrawn_with=item.withdrawn_with, withdrawn=item.withdrawn)
    return form_job(form, owner, config.organisation, project_id=config.project_id or "")


def member_jobs(result: CheckResult, renderer: CorpusRenderer, manual: Manual, held: list[Release],
                pictures: Path) -> list[tuple[Release, DocumentJob]]:
    """The copy job of each release `held` of a document of `manual` (the versions in force on a day, records/asof.py
    `manual_members_on`), in a whole-manual copy of that day: its text from git rendered by `renderer` (one naming
    what it cites as it stood that day: core/refsthen.py `renderer_on`), its pictures as released written into
    `pictures`/members/ID — what `qmsdoc copy MANUAL --as-of` binds and `qmsdoc verify` rebuilds a build's copy of."""
    config = result.context.config
    out = []
    for release in held:
        shown = release.source.path  # the file today, or where a deleted one was
        html = renderer.text(release.body, shown).html
        now = result.corpus.documents.get(release.document.id)
        assets = pictures_folder(html, release, renderer.inside_manuals(shown), config,
                                 pictures / "members" / file_stem(release.document.id))
        then = dataclasses.replace(release.document, manual=now.manual if now else manual,
                                   project_review_months=config.review_months)
        out.append((release, document_job(then, html, config.organisation, assets, project_id=config.project_id or "")))
    return out
