"""The `qmsdoc` MkDocs plugin, as plain `mkdocs build`/`serve` (and `properdocs`) load it: a face beside the
command line, above the pipeline. The pages come from the site adapter below (site/plugin.py); after the site
is written this face asks the pipeline for the Word and PDF copies and the records, as `qmsdoc build` would.
Under `qmsdoc build` the pipeline writes those itself and this adds nothing."""

from __future__ import annotations

from pathlib import Path

from . import pipeline
from .core.context import BuildContext
from .core.paths import PDF_DIR
from .site.plugin import SitePlugin, log


class QmsdocPlugin(SitePlugin):
    def with_pdf(self) -> bool:
        assert self.project is not None
        return self.project.pdf_copies and pipeline.pdf_ready(self.project, required=False, warn=log.warning)

    def export_outputs(self, context: BuildContext, site_dir: Path) -> None:
        assert self.site is not None
        if context.with_docx:
            pipeline.export_word(context, only=self.site.changed_ids() if self.dirty else None)
            pipeline.publish_copies(context, site_dir)
        if context.with_pdf:
            pipeline.export_pdf(context, only=self.site.changed_ids() if self.dirty else None)
            pipeline.publish_copies(context, site_dir, kind=PDF_DIR)
        if site_dir.is_relative_to(context.out_dir):  # not for `mkdocs serve` (a temporary site)
            prefix = site_dir.relative_to(context.out_dir).as_posix()
            pipeline.export_records(context, {f"{prefix}/{path}": code for path, code in self.site.page_ids().items()},
                                    remember_hashes=True)
