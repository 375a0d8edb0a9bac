"""The one build pipeline: a checked build context → independent exporters, each writing its own part
of the output folder — site (MkDocs, in-process) → `site/`, Word (WordprocessingML) → `docx/`, PDF
(Typst) → `pdf/`, records (registers, manifest) → the folder itself. `qmsdoc build` runs it into a
staging folder it then swaps in; the MkDocs plugin, run by plain `mkdocs build`, runs the Word, PDF and
records steps through here too. A machine without the CJK fonts the PDF copies need skips them with
one warning (`pdf_ready`); `--strict` or `--pdf` make that an error.

Only this module knows the order; no exporter imports another, and the records are computed from
the model (the site reports which page shows which id as data, never as HTML to re-read)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from .core.config import Config
from .core.context import BuildContext
from .core.gcpause import collector_paused
from .core.i18n import join, t
from .core.paths import DOCX_DIR, PDF_DIR, PageId, copy_relative

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

OUTPUTS = ("site", "word", "pdf", "records")
DEFAULT_OUTPUTS = OUTPUTS
Stage = Callable[[str], None]


def quiet(_: str) -> None:
    """A stage reporter that says nothing."""


def stderr_stage(name: str) -> None:
    print(t("progress.stage", name=name), file=sys.stderr, flush=True)


def export_word(ctx: BuildContext, *, only: Collection[str] | None = None, progress: bool = False) -> list[str]:
    """Word copies of everything (or, for dirty rebuilds, only the ids whose inputs changed) into
    `ctx.docx_dir`."""
    from .word.export import plan_export, update_files, write_files

    plan = plan_export(ctx.result, ctx.renderer, ctx.config.organisation, only)
    if only is not None and ctx.docx_dir.is_dir():
        return update_files(plan, ctx.docx_dir)
    previous = ctx.previous / DOCX_DIR if ctx.previous is not None else None
    return write_files(plan, ctx.docx_dir, progress=progress, previous=previous)


def default_outputs(config: Config) -> list[str]:
    """What `qmsdoc build` writes unless `--only` says otherwise (`pdf_copies: false` leaves PDF out)."""
    return [o for o in DEFAULT_OUTPUTS if o != "pdf" or config.pdf_copies]


def pdf_ready(config: Config, *, required: bool, warn: Callable[[str], None]) -> bool:
    """Whether this machine has the fonts the PDF copies need. If not: FontsMissing when `required`
    (`--strict`, `--pdf`), else one warning naming what to install, and the build goes on without PDF."""
    from .pdf.fonts import FontChoice, FontsMissing, choose

    try:
        choose(FontChoice.from_config(config.pdf_fonts, config.root))
    except FontsMissing as exc:
        if required:
            raise
        warn(t("build.pdf_skipped", error=exc))
        return False
    return True


def export_pdf(ctx: BuildContext, *, only: Collection[str] | None = None) -> list[str]:
    """PDF copies of every document, form and manual (or, for dirty rebuilds, only the ids whose inputs
    changed) into `ctx.pdf_dir`; unchanged copies of the previous build are reused."""
    from .core.copyplan import plan_copies
    from .pdf.engine import MissingGlyphError
    from .pdf.export import update_pdfs, write_pdfs
    from .pdf.fonts import FontChoice

    fonts = FontChoice.from_config(ctx.config.pdf_fonts, ctx.config.root)
    plan = plan_copies(ctx.result, ctx.renderer, ctx.config.organisation, only)
    try:
        if only is not None and ctx.pdf_dir.is_dir():
            return update_pdfs(plan, ctx.pdf_dir, fonts=fonts)
        # the last build's copies (`qmsdoc build`), or those already in place (`mkdocs build`/`serve` rewrite it)
        previous = ctx.previous / PDF_DIR if ctx.previous is not None else ctx.pdf_dir if ctx.pdf_dir.is_dir() \
            else None
        return write_pdfs(plan, ctx.pdf_dir, fonts=fonts, previous=previous)
    except MissingGlyphError as exc:
        where = _first_line_holding(ctx, exc.item, exc.chars)
        raise exc.at(where) if where else exc from None


def _first_line_holding(ctx: BuildContext, item: str, chars: Collection[str]) -> str | None:
    """`file:line` of the first source line of `item` holding one of `chars`: a document or form, or a whole
    manual (its index page, then its documents)."""
    target = ctx.corpus.lookup(item) if item else None
    manual = next((m for m in ctx.corpus.manuals if m.id == item), None) if target is None else None
    sources = [target.source] if target is not None else \
        [manual.source, *(d.source for d in manual.documents)] if manual is not None else []
    for source in sources:
        for number, line in enumerate(source.text.split("\n"), start=1):
            if any(char in line for char in chars):
                return f"{source.path}:{number}"
    return None


def in_force_unavailable(ctx: BuildContext) -> str | None:
    """The one warning of a build that cannot make the copy of a version in force while its successor waits for its
    effective date, because git holds no release of it (no commits, a shallow clone): which, and why; None when
    every such copy can be made."""
    from .core.copyplan import held_in_force, manuals_in_force

    # each document, and each manual whose index page, waits: (id, version in force, approved one, date, release
    # found, its pictures changed)
    held = [(one.document.id, one.version, str(one.document.version or ""), one.document.effective_date,
             one.release is not None, one.pictures_changed) for one in held_in_force(ctx.result)]
    held += [(one.manual.id, one.version, one.manual.version, one.manual.effective_date, one.release is not None,
              one.pictures_changed) for one in manuals_in_force(ctx.result)]
    missing = [one for one in held if not one[4]]
    changed = [one for one in held if one[4] and one[5]]
    said = []

    def items(found: list[tuple[str, str, str, dt.date | None, bool, bool]]) -> str:
        return join(
            t("build.in_force_item", id=code, version=version, new=new, date=date)
            for code, version, new, date, _, _ in found)

    if missing:
        history = ctx.result.context.history
        why = history.note or (t("history.shallow") if history.shallow else t("build.in_force_not_committed"))
        said.append(t("build.in_force_unavailable", items=items(missing), why=why))
    if changed:  # its copy would show today's pictures as that version's: none is made
        said.append(t("build.in_force_unavailable", items=items(changed), why=t("build.in_force_pictures")))
    return "\n".join(said) or None


def publish_copies(ctx: BuildContext, site_dir: os.PathLike[str] | str, kind: str = DOCX_DIR) -> None:
    """Link the Word (or, `kind="pdf"`, PDF) copies into the site for download (hard links: no second
    copy of the bytes). A draft's copy stays out of the website unless drafts are published (then it
    carries 草稿)."""
    from pathlib import Path

    published = Path(site_dir) / kind
    source_dir = ctx.docx_dir if kind == DOCX_DIR else ctx.pdf_dir
    shutil.rmtree(published, ignore_errors=True)  # inside the site folder MkDocs just wrote
    hidden = {copy_relative(d.id, "document", f".{kind}")
              for d in ctx.corpus.documents.values() if not ctx.published(d)}
    hidden |= {copy_relative(f.id, "form", f".{kind}") for f in ctx.corpus.forms.values() if not ctx.published(f)}
    for source in sorted(source_dir.rglob(f"*.{kind}")):
        relative = source.relative_to(source_dir).as_posix()
        if relative in hidden:
            continue
        target = published / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def export_records(ctx: BuildContext, page_ids: dict[str, PageId], *, remember_hashes: bool = False) -> None:
    """register.csv/.xlsx, external-register.csv, recall-list.csv (回收清单), acknowledgements.csv (文件学习确认记录)
    and manifest.json into
    `ctx.out_dir`; `page_ids` maps each site page file (relative to the output folder) to the id (and, for a
    page of an earlier version, the version) it shows.
    `remember_hashes` keeps the files' hashes for the next rebuild in place (`mkdocs build --dirty`,
    `serve`); `qmsdoc build` writes a new folder every time, byte for byte the same, without that cache."""
    from .core.copyplan import manual_held, manual_pages_in_force
    from .core.training import assignments, meanwhile_unknowns, with_unknown
    from .core.versions import deleted_titles
    from .records.hashes import FileHashes
    from .records.manifest import build_manifest
    from .records.register import latest_date, write_registers

    with collector_paused():  # rows and entries for every file: many objects, no cycles
        hashes = FileHashes(ctx.out_dir)  # the Word copies' and pages' hashes, re-read only where a file changed
        listed = hashes.listing()  # one walk of the build (and a stat a file) for the register and the manifest
        checked = ctx.result.context
        assigned = assignments(ctx.corpus, ctx.config, checked.acknowledgements, checked.roster,
                               checked.history.versions)
        unknown = meanwhile_unknowns(ctx.corpus, ctx.config, checked.history.note)
        write_registers(ctx.corpus, ctx.config.root, ctx.out_dir, latest_date(ctx.corpus), ctx.config.today,
                        checked.distribution, hashes, assigned, deleted_titles(checked.history, ctx.corpus), unknown)
        # in the register's order: each version in force that cannot be checked here stands where its rows would
        build_manifest(ctx.corpus, ctx.out_dir, page_ids, hashes,
                       [a.record() for a in with_unknown(assigned, unknown)], listed,
                       ctx.config.today, manual_held(ctx.result), manual_pages_in_force(ctx.result))
        if remember_hashes:
            hashes.save()


def run(ctx: BuildContext, outputs: Collection[str], *, site_config: MkDocsConfig | None = None,
        stage: Stage = quiet, progress: bool = False) -> None:
    """Run the chosen exporters into `ctx.out_dir`, in the one order that works: the site first (it
    links the Word and PDF copies), then Word, then PDF, then the records that hash them all."""
    page_ids: dict[str, PageId] = {}
    if "site" in outputs:
        from .site.exporter import export_site

        assert site_config is not None, "the site exporter needs the MkDocs configuration"
        stage(t("progress.site"))
        page_ids = {f"{ctx.site_dir.name}/{page}": code for page, code in export_site(ctx, site_config).items()}
    copies = ("word" in outputs and ctx.with_docx) or ("pdf" in outputs and ctx.with_pdf)
    unavailable = in_force_unavailable(ctx) if copies else None
    if unavailable:  # once for both formats: the build carries on without those copies
        print(unavailable, file=sys.stderr)
    if "word" in outputs and ctx.with_docx:
        stage(t("progress.word_copies"))
        export_word(ctx, progress=progress)
        if "site" in outputs:
            publish_copies(ctx, ctx.site_dir)
    if "pdf" in outputs and ctx.with_pdf:
        stage(t("progress.pdf_copies"))
        export_pdf(ctx)
        if "site" in outputs:
            publish_copies(ctx, ctx.site_dir, kind=PDF_DIR)
    if "records" in outputs:
        stage(t("progress.records"))
        export_records(ctx, page_ids)
