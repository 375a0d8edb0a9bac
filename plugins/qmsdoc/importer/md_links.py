"""Links between imported Markdown files: `[text](sop-005.md)` becomes `[[SOP-005]]` once every imported file has
its control number; a link to a Markdown file this import did not bring in names no document, so it is reported
and its text kept without the link (a link to a missing file would fail `qmsdoc check`). Links in code blocks and
code spans are code, and left alone."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from ..core.i18n import t
from ..core.mdlinks import blank_code_spans, markdown_lines
from .blocks import Note
from .md_reader import SUFFIXES
from .recognise import Draft

# An inline link `[text](target)` or `[text](<target> "title")` (not an image); the text holds no brackets.
INLINE_LINK = re.compile(r"(?<![!\\])\[(?P<text>[^\[\]\n]*)\]\(\s*<?(?P<target>[^()\s<>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
LOCAL_FILE = re.compile(r"(?<!\\)!?\[[^\[\]\n]*\]\(\s*<?(?P<target>[^()\s<>]+)")


def relink(draft: Draft, documents: dict[Path, str], notes: list[Note]) -> None:
    """Rewrite the draft's links to imported Markdown files as `[[ID]]` (`documents`: each imported file, resolved,
    → its control number) and report the relative links that stay unresolved."""
    base = Path(draft.path).parent
    for block in draft.blocks:
        if block.kind != "markdown":
            continue
        lines = block.text.split("\n")
        for number, _ in markdown_lines(block.text, 1):
            index, line = number - 1, lines[number - 1]
            where = block.source_lines[index] if index < len(block.source_lines) else block.line

            def replace(match: re.Match[str], where: int = where) -> str:
                target = unquote(match["target"])
                path = target.split("#", 1)[0]
                if not path or SCHEME.match(path) or not path.lower().endswith(SUFFIXES):
                    return match.group(0)
                code = documents.get((base / path).resolve())
                if code is not None:
                    return f"[[{code}]]"
                notes.append(Note(draft.path, where, t("import.md.link_unresolved", target=target,
                                                       text=match["text"])))
                return match["text"]

            lines[index] = _outside_code(line, replace)
            for other in LOCAL_FILE.finditer(blank_code_spans(lines[index])):
                target = unquote(other["target"]).split("#", 1)[0]
                if target and not SCHEME.match(target) and not target.lower().endswith(SUFFIXES):
                    notes.append(Note(draft.path, where, t("import.md.file_not_copied", target=target)))
        block.text = "\n".join(lines)


def _outside_code(line: str, replace: Callable[[re.Match[str]], str]) -> str:
    """`line` with INLINE_LINK matches replaced, except inside code spans (found on a copy with them blanked)."""
    blanked = blank_code_spans(line)
    out, position = [], 0
    for match in INLINE_LINK.finditer(blanked):
        original = INLINE_LINK.match(line, match.start())
        if original is None or original.end() != match.end():
            continue
        out += [line[position: match.start()], replace(original)]
        position = match.end()
    return "".join(out) + line[position:]
