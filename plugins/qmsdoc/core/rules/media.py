"""Files a document points at: each image and relative link must exist in the manuals folder, or the
page and the Word copy would carry a broken picture or a dead link."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..findings import Finding, Severity
from ..htmltree import parse_html
from ..i18n import t
from ..images import copy_problem
from ..limits import READ_LIMIT
from ..model import Document
from ..pictures import RECORD_KEY, in_manuals, is_file, page_folder, picture_digest, shown_images
from ..render import CorpusRenderer, relative_target
from . import Context, Rule, rule, shown_severity
from .safety import Page


def _published_with_folder(ctx: Context) -> Iterator[tuple[Any, str]]:
    """Every page body with its folder relative to the manuals folder (where relative paths start): documents
    (drafts too: what the site or a copy cannot show is a warning in a draft, which may be previewed with
    publish_drafts, and an error from review on — shown_severity), manual index pages and the home page."""
    pages: list[Any] = [*ctx.documents, *(Page(m.source) for m in ctx.corpus.manuals)]
    if ctx.corpus.home is not None and not ctx.corpus.home.findings:
        pages.append(Page(ctx.corpus.home))
    for page in pages:
        yield page, page_folder(ctx.corpus.home_path(page.path), ctx.config.manuals_dir)


def _images(ctx: Context) -> Iterator[tuple[Document, int, str, Path, bool]]:
    """Every image path a document shows: (document, line, as written, the file, whether it exists)."""
    manuals = ctx.config.manuals_path
    for document, base in _published_with_folder(ctx):
        for line, written, target in in_manuals(shown_images(ctx.targets(document)), base):
            yield document, line, written[:80], manuals / target, is_file(manuals / target)


@rule("QD162", Severity.ERROR, "正文中的图片文件不存在")
def missing_images(self: Rule, ctx: Context) -> Iterator[Finding]:
    shown = ctx.config.manuals_path
    for document, line, written, path, exists in _images(ctx):
        if not exists:
            yield self.at(document.path, line,
                          t("rule.QD162.message_at", image=written,
                            where=f"{ctx.config.manuals_dir}/{path.relative_to(shown).as_posix()[:80]}"),
                          shown_severity(document))


def _copy_problems(ctx: Context, code: str) -> Iterator[tuple[Document, int, str]]:
    for document, line, written, path, exists in _images(ctx):
        problem = copy_problem(path, written) if exists else None
        if problem and problem[0] == code:
            yield document, line, problem[1]


@rule("QD164", Severity.ERROR, "正文中的图片无法嵌入 Word/PDF 副本（格式、损坏或分辨率）：网站与副本会显示不同的内容")
def images_copies_cannot_show(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document, line, why in _copy_problems(ctx, "QD164"):
        yield self.at(document.path, line, t("rule.QD164.message", why=why),
                      shown_severity(document))


@rule(READ_LIMIT, Severity.ERROR, "文件超过读取上限（压缩包条目大小、条目数、解压总量，图片像素数）")
def images_over_the_limit(self: Rule, ctx: Context) -> Iterator[Finding]:
    # An error in a draft too: a preview build (publish_drafts, --pdf) would decode it, whatever the page shows.
    for document, line, why in _copy_problems(ctx, READ_LIMIT):
        yield self.at(document.path, line, why)


# Pages the site generates itself: links to them have no source file.
GENERATED = ("register.md", "review.md", "obsolete.md", "forms/", "history/")


@rule("QD163", Severity.ERROR, "正文中的相对链接指向不存在的文件")
def missing_link_targets(self: Rule, ctx: Context) -> Iterator[Finding]:
    manuals = ctx.config.manuals_path
    for document, base in _published_with_folder(ctx):
        for link in ctx.targets(document):
            if link.kind != "a":
                continue  # an image: QD162
            target = relative_target(base, link.target)
            if target is None or not target[0] or target[0].startswith(GENERATED):
                continue
            path = manuals / target[0]
            if not (is_file(path) or path.is_dir()):
                yield self.at(document.path, link.line,
                              t("rule.QD163.message", link=link.target[:80],
                                where=f"{ctx.config.manuals_dir}/{target[0][:80]}"),
                              shown_severity(document))


@rule("QD165", Severity.WARNING, "正文中的链接跳到本页没有的位置（#名称）：网站上的链接无处可去，Word 与 PDF 副本只显示其文字")
def missing_places(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A link to a place on its own page (`[见职责](#duties)`) that no heading or element of the page has: the site's
    link goes nowhere and the copies' walk writes it as plain text (copyblocks.unlinked). Which ids the page has is
    the render's answer (heading ids from toc's slugs, `{#id}`, footnotes, raw `id`): only bodies with such a link
    are rendered."""
    renderer: CorpusRenderer | None = None
    for page, _ in _published_with_folder(ctx):
        jumps = [link for link in ctx.targets(page) if link.kind == "a" and link.target[:1] == "#" and link.target[1:]]
        if not jumps:
            continue
        renderer = renderer or CorpusRenderer(ctx.corpus, ctx.config)
        tree = parse_html(renderer.text(page.body, page.path).html)
        ids = {node.attrs.get("id", "") for node in _descendants(tree)}
        for link in jumps:
            if unquote(link.target[1:]) not in ids and link.target[1:] not in ids:
                yield self.at(page.path, link.line, t("rule.QD165.message", link=link.target[:80]))


def _descendants(node: Any) -> Iterator[Any]:
    for child in node.elements():
        yield child
        yield from _descendants(child)


@rule("QD194", Severity.ERROR, "已批准文件显示的图片与批准时不同（批准后被替换）")
def approved_pictures_replaced(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A picture of approved content is approved content: its file must still be the one the approval recorded
    (core/pictures.py). An approval made before pictures were recorded covers only the words: a warning."""
    manuals, unrecorded = ctx.config.manuals_path, set()
    for page, line, written, path, exists in _images(ctx):
        data = page.source.data if isinstance(page.source.data, dict) else {}
        approved = data.get("approved")
        if not exists or not isinstance(approved, dict) or not approved.get("fingerprint"):
            continue
        recorded = approved.get(RECORD_KEY)
        if not isinstance(recorded, dict):
            if page.path not in unrecorded:
                unrecorded.add(page.path)
                yield self.at(page.path, line, t("rule.QD194.unrecorded", image=written), Severity.WARNING)
            continue
        digest = recorded.get(path.relative_to(manuals).as_posix())
        if digest is not None and picture_digest(path) != digest:
            yield self.at(page.path, line, t("rule.QD194.replaced", image=written,
                                              path=f"{ctx.config.manuals_dir}/{path.relative_to(manuals).as_posix()}"))
