"""Pasted content that must never reach readers: scripts, event handlers, frames, script links,
links that leave the repository. Raw HTML is escaped by the renderer anyway; these rules make the
author fix the source instead of publishing visible junk."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from ..findings import Finding, Severity
from ..structure import FENCE
from . import Context, Rule, rule

DANGEROUS_HTML = re.compile(r"<\s*/?\s*(script|iframe|object|embed|frame|frameset|form|meta|link|style)\b"
                            r"|\son[a-z]+\s*=|javascript\s*:|vbscript\s*:", re.I)
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
# Reference-style definitions `[name]: target` are links too (and images: `![x][name]`).
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)")
UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.I)
ABSOLUTE = re.compile(r"^(/|\\\\|[A-Za-z]:[\\/])")


def _body_lines(ctx: Context, document: object) -> Iterator[tuple[int, str]]:
    in_fence = False
    first = document.source.body_line  # type: ignore[attr-defined]
    for offset, line in enumerate(document.body.split("\n")):  # type: ignore[attr-defined]
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            yield first + offset, re.sub(r"`[^`]*`", "", line)


@rule("QD200", Severity.ERROR, "正文含有脚本、事件处理器、内嵌框架或 javascript: 链接")
def dangerous_html(self: Rule, ctx: Context) -> Iterator[Finding]:
    for document in ctx.documents:
        if document.status in ("draft", "review"):
            continue  # drafts are not published; the error comes when they are released
        for line, text in _body_lines(ctx, document):
            match = DANGEROUS_HTML.search(text)
            if match:
                yield self.at(document.path, line,
                              f"正文含有不允许发布的内容“{match.group(0).strip()}”（脚本、事件处理器、框架或脚本链接，"
                              "多为从网页粘贴带入）：请删除，只保留文字")


@rule("QD201", Severity.ERROR, "链接指向仓库之外、绝对路径或不安全的协议")
def links_outside(self: Rule, ctx: Context) -> Iterator[Finding]:
    from .published import published_pages  # published imports this module

    root = ctx.config.manuals_path.resolve()
    for document in published_pages(ctx):  # drafts are checked when released (release refuses errors)
        folder = (ctx.config.root / document.path).resolve().parent
        for line, text in _body_lines(ctx, document):
            for match in [*LINK_TARGET.finditer(text), *REFERENCE_DEFINITION.finditer(text)]:
                target = match.group(1)
                if re.match(r"^(https?:|mailto:|#)", target, re.I):
                    continue
                if UNSAFE_SCHEME.match(target) or ABSOLUTE.match(target):
                    yield self.at(document.path, line,
                                  f"链接 {target} 是绝对路径或不安全的协议：请改为仓库内的相对链接或 [[编号]] 引用")
                    continue
                resolved = (folder / PurePosixPath(target.split("#")[0])).resolve()
                if not resolved.is_relative_to(root):
                    yield self.at(document.path, line,
                                  f"链接 {target} 指向手册目录之外：请只链接手册内的文件，或使用 [[编号]] 引用")
