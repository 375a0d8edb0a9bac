"""Other editors' Markdown: what Obsidian, pymdown's tabs, Pandoc, math and diagram tools, and Chinese typing habits
write that the dialect does not read. Each shows on the page and in both copies as written (`%%注释%%`, `=== "标签"`,
`$E = mc^2$`, `＃＃ 标题`, `【链接】(网址)`), or joins lines into one paragraph (`| 行块`, `• 项目`), or draws a code
block for a diagram: the check names each and says what to write in this dialect instead."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..dialect import opens_table
from ..fences import Fences
from ..findings import Finding, Severity
from ..i18n import t
from ..mdlinks import markdown_lines, raw_html_lines
from ..model import Document
from ..structure import prose_lines
from . import Context, Rule, each_document, per_file

# Each pattern runs on user text: linear (bounded runs, no nested repeats).
# Obsidian's comment: `%%隐藏%%` in a line, or a `%%` line opening one that runs over lines.
_PERCENT_COMMENT = re.compile(r"%%[^%\n]{1,500}%%|^[ \t]*%%[ \t]*$")
# pymdownx.tabbed's tab (`=== "标签"`, `===! "标签"`): not in the dialect, so the line is text and its content code.
_TAB = re.compile(r"^ {0,3}===[+!]?[ \t]+\"")
# Display math (`$$ … $$`, or a `$$` line), then inline math as Pandoc reads it: `$` before a non-space, `$` after
# one and before no digit (`$5 或 $10` is money, not math).
_DISPLAY_MATH = re.compile(r"(?<![\\$])\$\$[^$\n]{1,300}\$\$")
_INLINE_MATH = re.compile(r"(?<![\\$A-Za-z0-9])\$(?=[^\s$])[^$\n]{1,300}?(?<=[^\s\\$])\$(?![\d$])")
# A full-width number sign opening a line (`＃＃ 目的`): no heading, the marks shown.
_WIDE_HASH = re.compile(r"^[ \t\u3000]*(＃{1,6})[ \t\u3000]*\S")
# 【】 or full-width parentheses around a link's parts: `【文字】(网址)`, `[文字]（网址）` — shown as written.
_WIDE_LINK = re.compile(r"【([^】\n]{1,200})】\(([^()\s]{1,500})\)|(?<!\])\[([^\[\]\n]{1,200})\]（([^（）\s]{1,500})）")
# A line opened by a bullet character other than `-`, `*`, `+` (`• 项目`, `· 项目`, `× 禁止`): text, joined to the next.
_GLYPH_BULLET = re.compile(r"^[ \t\u3000]*([•·・●▪◦×])[ \t\u3000]*\S")
# Pandoc's line block: `| 第一行` (a table needs a delimiter row under its header).
_LINE_BLOCK = re.compile(r"^ {0,3}\|[ \t]")
# The lines a fence's info string names a diagram or formula by: shown as code, never drawn.
_FENCE_INFO = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:`{3,}|~{3,})[ \t]*\{?[ \t]*\.?([A-Za-z][\w-]{0,30})")
DRAWN = frozenset({"mermaid", "plantuml", "puml", "dot", "graphviz", "flowchart", "sequence", "math", "latex", "katex"})


@per_file("QD028", Severity.WARNING, "正文中有本方言不支持的其他编辑器写法：网站、Word 与 PDF 都照原样显示或把几行连成一段",
          per=each_document)
def foreign_markup(self: Rule, ctx: Context, document: Document) -> Iterator[Finding]:
    """Each line written in another editor's Markdown that the dialect shows as written, once per construct and
    line (a run of joined lines: at its first line)."""
    body, first, dialect = document.body, document.source.body_line, ctx.config.dialect
    raw = raw_html_lines(body, first, dialect)
    read = [(line, text) for line, text in prose_lines(body, first, dialect) if line not in raw]
    lines = body.split("\n")
    told: set[tuple[str, int]] = set()
    in_display = False

    def tell(key: str, line: int, **values: str) -> Finding:
        told.add((key, line))
        return self.at(document.path, line, t(key, **values))

    for index, (line, text) in enumerate(read):
        before = read[index - 1] if index else (0, "")
        after = read[index + 1] if index + 1 < len(read) else (0, "")
        joined_before = before[0] == line - 1 and before[1].strip() != ""
        joined_after = after[0] == line + 1 and after[1].strip() != ""
        if (found := _PERCENT_COMMENT.search(text)) is not None:
            yield tell("rule.QD028.comment", line, written=found.group(0).strip()[:60])
        if _TAB.match(text):
            yield tell("rule.QD028.tab", line, written=text.strip()[:60])
        if text.strip() == "$$":  # a display formula's own lines: told at its opening `$$` line
            in_display = not in_display
            if in_display:
                yield tell("rule.QD028.math", line, written="$$")
        elif not in_display and (found := _DISPLAY_MATH.search(text) or _INLINE_MATH.search(text)) is not None:
            yield tell("rule.QD028.math", line, written=found.group(0)[:60])
        if (found := _WIDE_HASH.match(text)) is not None:
            yield tell("rule.QD028.wide_hash", line, written=text.strip()[:40], hashes="#" * len(found.group(1)))
        if "｜" in text and text.count("｜") >= 2 and joined_after and ("rule.QD028.wide_table", before[0]) not in told \
                and opens_table(text.replace("｜", "|"), after[1].replace("｜", "|").replace("－", "-")):
            yield tell("rule.QD028.wide_table", line)
        for found in _WIDE_LINK.finditer(text):
            label, target = (found.group(1), found.group(2)) if found.group(1) else (found.group(3), found.group(4))
            yield tell("rule.QD028.wide_link", line, written=found.group(0)[:80], fixed=f"[{label}]({target})")
        if _GLYPH_BULLET.match(text) and _GLYPH_BULLET.match(after[1]) and joined_after \
                and not (joined_before and _GLYPH_BULLET.match(before[1])):
            yield tell("rule.QD028.bullet", line, bullet=_GLYPH_BULLET.match(text).group(1))  # type: ignore[union-attr]
        # a run of `|` lines is told once, at its first line: a table's delimiter row (`|---|`) continues it too
        if _LINE_BLOCK.match(text) and not (joined_before and before[1].lstrip().startswith("|")) \
                and not _in_table(read, index):
            yield tell("rule.QD028.line_block", line)
    yield from _drawn_fences(self, document, lines, first, {line for line, _ in markdown_lines(body, first, dialect)})


def _in_table(read: list[tuple[int, str]], index: int) -> bool:
    """Whether the run of `|` lines `read[index]` opens is a table: one of its lines is a header over a delimiter row."""
    end = index
    while end + 1 < len(read) and read[end + 1][0] == read[end][0] + 1 and read[end + 1][1].lstrip().startswith("|"):
        end += 1
    return any(opens_table(read[at][1], read[at + 1][1]) for at in range(index, end))


def _drawn_fences(self: Rule, document: Document, lines: list[str], first: int, read: set[int]) -> Iterator[Finding]:
    """Each fenced block (read as superfences reads it: fences.py) whose language is a diagram's or a formula's."""
    if "```" not in document.body and "~~~" not in document.body:
        return
    fences = Fences(lines)
    passed = -1
    for offset, text in enumerate(lines):
        if offset <= passed or first + offset in read:
            continue
        end = fences.end(offset)
        if end is None:
            continue
        passed = end
        info = _FENCE_INFO.match(text)
        if info is not None and info.group(1).lower() in DRAWN:
            yield self.at(document.path, first + offset, t("rule.QD028.diagram", language=info.group(1)))
