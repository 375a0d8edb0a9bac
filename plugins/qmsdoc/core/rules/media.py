"""Files a document points at: each image and relative link must exist in the manuals folder, or the
page and the Word copy would carry a broken picture or a dead link."""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .. import i18n
from ..anchors import PageIds, page_ids
from ..findings import Finding, Severity
from ..i18n import t
from ..images import copy_problem
from ..limits import READ_LIMIT
from ..model import Document
from ..pictures import RECORD_KEY, in_manuals, is_file, page_folder, picture_digest, shown_images
from ..render import relative_target
from ..structure import Structure, scan
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


def _with_slashes(manuals: Path, target: str) -> bool:
    """Whether a path written with backslashes (`..\\kf\\KF01.md`, as Windows spells it) names a file or folder
    of the manuals once they are read as `/`: the one fix to tell, instead of the file a name with `\\` is not."""
    if "\\" not in target:
        return False
    fixed = posixpath.normpath(target.replace("\\", "/"))
    return fixed != ".." and not fixed.startswith("../") and (is_file(manuals / fixed) or (manuals / fixed).is_dir())


@rule("QD162", Severity.ERROR, "正文中的图片文件不存在")
def missing_images(self: Rule, ctx: Context) -> Iterator[Finding]:
    shown = ctx.config.manuals_path
    for document, line, written, path, exists in _images(ctx):
        if not exists:
            where = f"{ctx.config.manuals_dir}/{path.relative_to(shown).as_posix()[:80]}"
            said = (t("rule.QD162.backslash", link=written, where=where, fixed=written.replace("\\", "/"))
                    if _with_slashes(shown, path.relative_to(shown).as_posix())
                    else t("rule.QD162.message_at", image=written, where=where))
            yield self.at(document.path, line, said, shown_severity(document))


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
                where = f"{ctx.config.manuals_dir}/{target[0][:80]}"
                said = (t("rule.QD163.backslash", link=link.target[:80], where=where,
                          fixed=link.target[:80].replace("\\", "/"))
                        if _with_slashes(manuals, target[0])
                        else t("rule.QD163.message", link=link.target[:80], where=where))
                yield self.at(document.path, link.line, said, shown_severity(document))


def _inside(ctx: Context, page: Any) -> str:
    """The page's path inside the manuals folder (a working revision's: the path it will be released at)."""
    prefix = ctx.config.manuals_dir.strip("/") + "/"
    return ctx.corpus.home_path(page.path).removeprefix(prefix)


def page_anchor_ids(ctx: Context, page: Any) -> PageIds:
    """The ids of a page, from its line scan (parsed once per file and cached), never from a render."""
    if isinstance(page, Document):
        structure = ctx.structure(page)
    else:
        structure = ctx.from_cache("page-structure", page.source, Structure,
                                   lambda: scan(page.body, page.source.body_line, dialect=ctx.config.dialect))

    def ref_text(code: str) -> tuple[str, str, str] | None:
        target = ctx.corpus.lookup(code)
        return (target.id, target.title, str(target.version or "")) if target else None

    manual = any(m.source is page.source for m in ctx.corpus.manuals)
    return page_ids(page.body, page.source.body_line, structure.headings, ref_text, ctx.config.dialect,
                    title_dropped=manual)


# Whatever the page itself always has besides the body: the top (`#top`, HTML's own) and the sections the site
# adds to a page (`#qms-history`, `#qms-backlinks`, …).
_SITE_FRAGMENT = ("qms-",)


@rule("QD165", Severity.ERROR, "正文中的链接锚点（#…）在目标页面上不存在")
def dead_fragments(self: Rule, ctx: Context) -> Iterator[Finding]:
    """A link's `#fragment` must name a place on the page it opens: a heading (its id as the one parse gives
    it), an explicit id or a footnote. Generated pages, non-Markdown files and missing files (QD163) are not
    judged; neither is a page with a heading whose shown text the scan cannot know (core/anchors.py)."""
    manuals = ctx.config.manuals_path
    published = list(_published_with_folder(ctx))
    by_path: dict[str, Any] = {}
    for page, _ in published:
        if page.path not in ctx.corpus.draft_paths or _inside(ctx, page) not in by_path:
            by_path[_inside(ctx, page)] = page  # a working revision stands for its page only until one in force
    known: dict[str, PageIds] = {}
    for page, base in published:
        for link in ctx.targets(page):
            if link.kind != "a" or "#" not in link.target:
                continue
            if link.target.startswith("#"):
                target, fragment = page, link.target[1:]
            else:
                found = relative_target(base, link.target)
                if found is None or not found[1] or not found[0] or found[0].startswith(GENERATED):
                    continue
                path, fragment = found
                if not path.endswith(".md") and (manuals / path).is_dir():
                    path = posixpath.join(path, "index.md")
                target = by_path.get(path)
            fragment = unquote(fragment)
            if target is None or not fragment or fragment.casefold() == "top" or fragment.startswith(_SITE_FRAGMENT):
                continue
            where = target.path
            if where not in known:
                known[where] = page_anchor_ids(ctx, target)
            ids = known[where]
            if not ids.certain or fragment in ids.ids:
                continue
            nearest = difflib.get_close_matches(fragment, ids.headings, n=3, cutoff=0.3) or list(ids.headings[:3])
            message = (t("rule.QD165.message", fragment=fragment[:80], page=where,
                         nearest=i18n.join([f"#{n}" for n in nearest]))
                       if nearest else t("rule.QD165.no_headings", fragment=fragment[:80], page=where))
            yield self.at(page.path, link.line, message, shown_severity(page))


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
