"""What a published page may load from elsewhere: nothing. A remote image tells its owner who reads the
controlled documents, and its content can change after approval."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..findings import Finding, Severity
from ..i18n import t
from ..mdlinks import targets
from ..source import SourceText
from ..structure import REMOTE
from . import Context, Rule, per_file
from .safety import Page


def published_pages(ctx: Context) -> list[Any]:
    """Every page whose body the site publishes: documents in force or obsolete (drafts are checked when
    released), manual index pages and the home page."""
    pages: list[Any] = [d for d in ctx.documents if not d.status.is_unapproved]
    pages += [Page(m.source) for m in ctx.corpus.manuals]
    if ctx.corpus.home is not None and not ctx.corpus.home.findings:
        pages.append(Page(ctx.corpus.home))
    return pages


def each_published_page(ctx: Context) -> Iterator[tuple[SourceText, Any]]:
    return ((page.source, page) for page in published_pages(ctx))


@per_file("QD202", Severity.ERROR, "已发布页面引用网络图片", per=each_published_page)
def remote_images(self: Rule, ctx: Context, document: Any) -> Iterator[Finding]:
    if "![" not in document.body and "<img" not in document.body.lower():
        return  # no image at all
    for image in targets(document.body, document.source.body_line, ctx.config.dialect):
        if image.kind == "img" and REMOTE.match(image.target):
            shown = image.target if image.label is None else f"[{image.label}]"
            yield self.at(document.path, image.line, t("rule.QD202.message", image=shown))
