"""Images a document shows: each must exist in the manuals folder, or the page and the Word copy
would carry a broken picture."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from ..findings import Finding, Severity
from ..render import relative_target
from ..structure import CODE_SPAN, FENCE
from . import Context, Rule, rule

# `![alt](target)` and `<img … src="target">`; linear: each repeat stops at its closing character.
MD_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\(\s*<?([^()<>\s]+)")
HTML_IMAGE = re.compile(r"<img\b[^<>]*?\ssrc\s*=\s*[\"']?([^\"'\s<>]+)", re.I)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system is as missing as an absent one
        return False


@rule("QD162", Severity.ERROR, "正文中的图片文件不存在")
def missing_images(self: Rule, ctx: Context) -> Iterator[Finding]:
    manuals = ctx.config.manuals_path
    prefix = ctx.config.manuals_dir.strip("/") + "/"
    for document in ctx.documents:
        inside = document.path[len(prefix):] if document.path.startswith(prefix) else document.path
        base = posixpath.dirname(inside)
        in_fence = False
        for offset, line in enumerate(document.body.split("\n")):
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            text = CODE_SPAN.sub(" ", line)
            for match in [*MD_IMAGE.finditer(text), *HTML_IMAGE.finditer(text)]:
                target = relative_target(base, match.group(1))
                if target and not _is_file(manuals / target[0]):
                    yield self.at(document.path, document.source.body_line + offset,
                                  f"图片 {match.group(1)[:80]} 找不到（应在 {ctx.config.manuals_dir}/{target[0][:80]}）："
                                  "请把图片放到文件旁（或手册的 assets/ 文件夹）并核对路径与大小写")
