"""QD023: a character no font of the PDF copies can draw (an emoji, a rare script, a private symbol) is found by
the check, at its line, instead of stopping the build after a release has already put it in force. Asked of the
PDF engine through core/glyphs.py, only when the project makes PDF copies and a face installed the engine."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..glyphs import clusters, installed, listed, uncommon
from ..i18n import t
from ..source import SourceText
from . import Context, Rule, rule


def _copied(ctx: Context) -> list[SourceText]:
    """The sources a PDF copy is made of: every document (drafts carry a watermark), form and manual."""
    corpus = ctx.corpus
    return ([d.source for d in corpus.sorted_documents()] + [f.source for f in corpus.sorted_forms()]
            + [m.source for m in corpus.manuals])


@rule("QD023", Severity.ERROR, "文字中有 PDF 副本的字体都没有的字符（PDF 中会显示为空框，构建会因此停下）")
def undrawable_characters(self: Rule, ctx: Context) -> Iterator[Finding]:
    glyphs = installed()
    if glyphs is None or not ctx.config.pdf_copies:
        return
    sources = [(source, uncommon(source.text)) for source in _copied(ctx)]
    asked = set().union(*(chars for _, chars in sources))
    if not asked:
        return
    identity = glyphs.identity(ctx.config)
    if identity is None:
        return
    cache = ctx.cache
    if cache is not None:
        asked = {c for c in asked if not cache.recall(f"glyph\0{identity}\0{c}", bool)}
    bad = glyphs.undrawable(ctx.config, sorted(asked)) if asked else frozenset()
    if cache is not None:
        for char in asked - bad:
            cache.remember(f"glyph\0{identity}\0{char}", True)
    for source, chars in sources:
        if chars & bad:
            yield from _lines(self, source, bad)


def _lines(self: Rule, source: SourceText, bad: frozenset[str]) -> Iterator[Finding]:
    """One finding per line holding such characters (clusters as drawn: `1️⃣`), naming them; YAML comment lines
    are shown nowhere."""
    lines = source.text.split("\n")
    front = source.body_line - 1 if source.body else len(lines)  # a form is YAML through and through
    for index, line in enumerate(lines):
        if index < front and line.lstrip().startswith("#"):
            continue
        chars = [c for c in dict.fromkeys(clusters(line)) if c in bad]
        if chars:
            shown, more = listed(chars)
            yield self.at(source.path, index + 1, t("rule.QD023.message", shown=shown, more=more))
