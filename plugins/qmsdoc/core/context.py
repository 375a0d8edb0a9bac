"""The build context: what every exporter of one build works from — the corpus checked once, the
project configuration, the one Markdown parse and the folder the outputs go to. Exporters (site,
Word, records) each take this and write their own part of `out_dir`; none reads another's output."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .check import CheckResult
from .config import Config
from .copyplan import renderer_for
from .model import Corpus, Target
from .paths import DOCX_DIR, PDF_DIR, RENDER_CACHE, SITE_DIR
from .render import CorpusRenderer
from .rendercache import RenderCache


@dataclass
class BuildContext:
    config: Config
    result: CheckResult
    out_dir: Path
    with_pdf: bool = False  # the build writes PDF copies too (the site then links them)
    with_word: bool = True  # the build writes the Word copies `word_copies` asks for (the site then links them)
    previous: Path | None = None  # the last complete build (qmsdoc build): unchanged Word copies come from it
    remembered: RenderCache | None = None  # renders of earlier builds (core/rendercache.py)
    renderer: CorpusRenderer = field(init=False)

    def __post_init__(self) -> None:
        # every exporter reads the same parse
        self.renderer = renderer_for(self.result, self.remembered)

    def keep_renders(self, *, prune: bool = True) -> None:
        """Save this build's renders into its output folder for the next build."""
        if self.remembered is not None and self.out_dir.is_dir():
            self.remembered.save(self.out_dir / RENDER_CACHE, prune=prune)

    @property
    def publish_drafts(self) -> bool:
        return self.config.publish_drafts

    @property
    def with_docx(self) -> bool:
        """This build writes Word copies: a site never links a copy its build did not make."""
        return self.config.word_copies and self.with_word

    @property
    def corpus(self) -> Corpus:
        return self.result.corpus

    @property
    def site_dir(self) -> Path:
        return self.out_dir / SITE_DIR

    @property
    def docx_dir(self) -> Path:
        return self.out_dir / DOCX_DIR

    @property
    def pdf_dir(self) -> Path:
        return self.out_dir / PDF_DIR

    def published(self, item: Target) -> bool:
        """Whether the outputs show this document or form to readers (drafts only when previewing)."""
        return item.status.is_published or self.publish_drafts
