"""Files a document points at: each image and relative link must exist in the manuals folder, or the
page and the Word copy would carry a broken picture or a dead link."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from ..findings import Finding, Severity
from ..i18n import t
from ..model import Document
from ..render import relative_target
from ..structure import MD_LINK, prose_lines
from . import Context, Rule, rule

# `![alt](target)` and `<img … src="target">`; linear: each repeat stops at its closing character.
MD_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\(\s*<?([^()<>\s]+)")
HTML_IMAGE = re.compile(r"<img\b[^<>]*?\ssrc\s*=\s*[\"']?([^\"'\s<>]+)", re.I)
HTML_IMAGE_TAG = re.compile(r"<img\b", re.I)  # what every HTML_IMAGE match starts with


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system is as missing as an absent one
        return False


def _published_with_folder(ctx: Context) -> Iterator[tuple[Document, str]]:
    """Published documents with their folder relative to the manuals folder (where relative paths start).
    Drafts wait, like QD200/QD201: they are checked when released (release refuses errors)."""
    prefix = ctx.config.manuals_dir.strip("/") + "/"
    for document in ctx.documents:
        if document.status.is_unapproved:
            continue
        inside = document.path[len(prefix):] if document.path.startswith(prefix) else document.path
        yield document, posixpath.dirname(inside)


@rule("QD162", Severity.ERROR, "正文中的图片文件不存在")
def missing_images(self: Rule, ctx: Context) -> Iterator[Finding]:
    manuals = ctx.config.manuals_path
    for document, base in _published_with_folder(ctx):
        if "](" not in document.body and not HTML_IMAGE_TAG.search(document.body):
            continue  # no image can match (blanking code spans only removes matches)
        for line, text in prose_lines(document.body, document.source.body_line):
            for match in [*MD_IMAGE.finditer(text), *HTML_IMAGE.finditer(text)]:
                target = relative_target(base, match.group(1))
                if target and not _is_file(manuals / target[0]):
                    yield self.at(document.path, line,
                                  t("rule.QD162.message", image=match.group(1)[:80],
                                    where=f"{ctx.config.manuals_dir}/{target[0][:80]}"))


HTML_LINK = re.compile(r"<a\b[^<>]*?\shref\s*=\s*[\"']?([^\"'\s<>]+)", re.I)
HTML_LINK_TAG = re.compile(r"<a\b", re.I)
# Pages the site generates itself: links to them have no source file.
GENERATED = ("register.md", "review.md", "obsolete.md", "forms/", "history/")


@rule("QD163", Severity.ERROR, "正文中的相对链接指向不存在的文件")
def missing_link_targets(self: Rule, ctx: Context) -> Iterator[Finding]:
    manuals = ctx.config.manuals_path
    for document, base in _published_with_folder(ctx):
        if "](" not in document.body and not HTML_LINK_TAG.search(document.body):
            continue
        for line, text in prose_lines(document.body, document.source.body_line):
            if "](" not in text and "<a" not in text.lower():
                continue
            for match in [*MD_LINK.finditer(text), *HTML_LINK.finditer(text)]:
                start = match.start()
                if start and text[start - 1] == "!":
                    continue  # an image: QD162
                target = relative_target(base, match.group(1))
                if target is None or not target[0] or target[0].startswith(GENERATED):
                    continue
                path = manuals / target[0]
                if not (_is_file(path) or path.is_dir()):
                    yield self.at(document.path, line,
                                  t("rule.QD163.message", link=match.group(1)[:80],
                                    where=f"{ctx.config.manuals_dir}/{target[0][:80]}"))
