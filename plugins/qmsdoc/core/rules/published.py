"""What a published page may load from elsewhere: nothing. A remote image tells its owner who reads the
controlled documents, and its content can change after approval."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..findings import Finding, Severity
from ..i18n import t
from ..source import SourceText
from ..structure import REFERENCE_DEFINITION, REFERENCE_IMAGE, REMOTE, prose_lines
from . import Context, Rule, per_file
from .safety import Page

INLINE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*(<?[^)\s]+)")


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
    if "![" not in document.body:
        return  # no image at all
    lines = list(prose_lines(document.body, document.source.body_line))
    remote_refs = {m.group(0).split("]")[0].lstrip(" [").lower()
                   for _, text in lines for m in [REFERENCE_DEFINITION.match(text)]
                   if m and REMOTE.match(m.group(1))}
    for line, text in lines:
        targets = [m.group(1) for m in INLINE_IMAGE.finditer(text) if REMOTE.match(m.group(1))]
        targets += [f"[{m.group(2) or m.group(1)}]" for m in REFERENCE_IMAGE.finditer(text)
                    if (m.group(2) or m.group(1)).lower() in remote_refs]
        for target in targets:
            yield self.at(document.path, line,
                          t("rule.QD202.message", image=target))
