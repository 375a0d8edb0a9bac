"""Links between imported Markdown files: `[text](sop-005.md)` — or reference-style, `[text][ref]`, `[ref][]`, `[ref]`
with `[ref]: sop-005.md` anywhere in the file — becomes `[[SOP-005]]` once every imported file has its control number
(a definition no link uses any more goes with it); a link to a Markdown file this import did not bring in names no
document, so it is reported and its text kept without the link (a link to a missing file would fail `qmsdoc check`).
Links in code blocks and code spans are code, and left alone."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from markdown.blockprocessors import ReferenceProcessor

from ..core.dialect import Dialect
from ..core.i18n import t
from ..core.mdlinks import definitions, item_lines, link_spans, markdown_lines
from ..core.sanitize import comment_start
from .blocks import Note
from .md_reader import SUFFIXES
from .recognise import Draft

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def relink(draft: Draft, documents: dict[Path, str], notes: list[Note], dialect: Dialect) -> None:
    """Rewrite the draft's links to imported Markdown files as `[[ID]]` (`documents`: each imported file, resolved,
    → its control number) — inline and reference-style (`[text][ref]`, `[ref][]`, `[ref]`) — and report the
    relative links that stay unresolved; a reference definition of a Markdown file no link uses any more goes.
    Read in the project's `dialect` (Config.dialect), as check reads the draft: a link the page shows as code stays."""
    base = Path(draft.path).parent
    for block in draft.blocks:
        if block.kind != "markdown":
            continue
        lines = block.text.split("\n")
        read = markdown_lines(block.text, 1, dialect)
        defined = definitions(block.text, 1, dialect)
        found = _definition_lines(read)
        spanned = {i for index, (_, _, size) in found.items() for i in range(index, index + size)}
        indexes = [number - 1 for number, _ in read]
        masks = _masks(lines, indexes)
        shown_items = item_lines(block.text, 1, dialect)  # the lines the page shows as items
        items = frozenset(number - 1 for number in shown_items)
        gone: set[int] = set()  # lines a link over several lines took into its first
        where = {i: block.source_lines[i] if i < len(block.source_lines) else block.line for i in range(len(lines))}
        to = _Target(base, documents, draft.path, where, notes)
        for group in _paragraphs(indexes, masks, spanned, items):
            _relink_paragraph(lines, group, masks, gone, defined, to)
        indexes = [index for index in indexes if index not in gone]
        masks = _masks(lines, indexes)
        used = {target.label for group in _paragraphs(indexes, masks, spanned, items)
                for target, *_ in link_spans("\n".join(masks[i] for i in group), defined)}
        kept = set(range(len(lines))) - gone
        for index, (label, target, size) in found.items():
            file = unquote(target).split("#", 1)[0]
            if label not in used and _is_markdown_file(file):  # its file is a draft now, reached by [[ID]]
                kept -= set(range(index, index + size))
                _close_gap(lines, kept, index, index + size)
            elif label in used and file and not SCHEME.match(file) and not _is_markdown_file(file) \
                    and defined[label][1] == index + 1:  # the definition the links take (the first one)
                notes.append(Note(draft.path, where[index], t("import.md.file_not_copied", target=file)))
        order = [i for i in range(len(lines)) if i in kept]
        while order and not lines[order[-1]].strip():
            order.pop()
        if block.source_lines:
            block.source_lines = [block.source_lines[i] for i in order if i < len(block.source_lines)]
        block.text = "\n".join(lines[i] for i in order)


# A line that starts a block of its own: a link's text does not run into it from the line above (nor into a list
# item: the page's items are read by the list rewrite itself, core.mdlinks.item_lines).
_BLOCK_START = re.compile(r"^[ ]{0,3}(?:#{1,6}(?:[ \t]|$)|>|\|)")


@dataclass(frozen=True)
class _Target:
    """What relinking a link needs beside the link: the draft's folder, the imported files, the report."""

    base: Path
    documents: dict[Path, str]
    path: str
    where: dict[int, int]  # each line (index in the block) → its line in the file
    notes: list[Note]


def _masks(lines: list[str], indexes: list[int]) -> dict[int, str]:
    """Each line of `indexes` (the lines the parse reads, in order) with its HTML comments blanked (same length):
    what the page shows, each offset still that of the line."""
    masks: dict[int, str] = {}
    in_comment = False
    for index in indexes:
        parts, in_comment = _comment_parts(lines[index], in_comment)
        masks[index] = "".join(" " * len(part) if comment else part for part, comment in parts)
    return masks


def _paragraphs(indexes: list[int], masks: dict[int, str], spanned: set[int], items: frozenset[int]) \
        -> Iterator[list[int]]:
    """The runs of lines a link's text may run over: consecutive lines showing text, up to a blank one, a
    heading, list item (`items`), quote or table row, or a reference definition (which holds no link)."""
    group: list[int] = []
    for index in indexes:
        text = masks[index]
        breaks = not text.strip() or index in spanned or not group or group[-1] != index - 1 or index in items \
            or _BLOCK_START.match(text) is not None or _BLOCK_START.match(masks[group[-1]]) is not None \
            and masks[group[-1]].lstrip(" ").startswith("#")
        if breaks and group:
            yield group
            group = []
        if text.strip() and index not in spanned:
            group.append(index)
    if group:
        yield group


def _relink_paragraph(lines: list[str], group: list[int], masks: dict[int, str], gone: set[int],
                      defined: dict[str, tuple[str, int]], to: _Target) -> None:
    """The links of one run of lines — inline and reference-style, read as the parse reads them (`<a b.md>`, a
    title in any quotes, escapes; not in code spans or comments), their text possibly over several lines —
    relinked as `_relinked` says; images and links to anything else kept as written, an inline one to a local
    file reported (the import copies no file). A link relinked over several lines leaves its lines in `gone`."""
    original = "\n".join(lines[i] for i in group)
    starts = [0]
    for index in group[:-1]:
        starts.append(starts[-1] + len(lines[index]) + 1)

    def line_of(offset: int) -> int:
        return group[bisect.bisect_right(starts, offset) - 1]

    pieces: list[tuple[str, int | None]] = []  # the new text: slices of the original (at their offset) or new text
    position = 0
    for target, start, text_end, end in link_spans("\n".join(masks[i] for i in group), defined):
        if start < position:  # inside a link already relinked: gone with it
            continue
        where = to.where[line_of(start)]
        new = None
        if target.kind == "a":
            text = original[start + 1: text_end - 1]
            new = _relinked(target.target, text, to.base, to.documents, to.path, where, to.notes)
            if new == text:  # its text kept, as written (over its lines)
                pieces += [(original[position:start], position), (text, start + 1)]
                position = end
                continue
        if new is not None:
            pieces += [(original[position:start], position), (new, None)]
            position = end
            continue
        file = unquote(target.target).split("#", 1)[0]
        if target.label is None and file and not SCHEME.match(file) and not _is_markdown_file(file):
            to.notes.append(Note(to.path, where, t("import.md.file_not_copied", target=file)))  # reference-style:
            # once, at its definition
    if not pieces:
        return
    pieces.append((original[position:], position))
    out, taken = [""], [group[0]]
    for piece, offset in pieces:
        if offset is None:
            out[-1] += piece
            continue
        first, *rest = piece.split("\n")
        out[-1] += first
        offset += len(first)
        for text in rest:
            out.append(text)
            taken.append(line_of(offset + 1))
            offset += 1 + len(text)
    for index in group:
        if index not in taken:
            gone.add(index)
    for index, text in zip(taken, out, strict=True):
        lines[index] = text


def _comment_parts(line: str, in_comment: bool) -> tuple[list[tuple[str, bool]], bool]:
    """`line` in parts, each with whether it is (in) an HTML comment `<!-- … -->`, and whether a comment is still
    open at its end (`in_comment`: one was open at its start); the parts joined are the line. The comments are
    the ones `strip_comments` (and so `markdown_lines`) leaves out."""
    parts: list[tuple[str, bool]] = []
    position, search = 0, 0
    while True:
        if in_comment:
            end = line.find("-->", search)
            if end < 0:
                parts.append((line[position:], True))
                return parts, True
            parts.append((line[position:end + 3], True))
            position, in_comment = end + 3, False
        start = comment_start(line, position)
        if start < 0:
            parts.append((line[position:], False))
            return parts, False
        parts.append((line[position:start], False))
        position, search, in_comment = start, start + 4, True


def _relinked(written: str, text: str, base: Path, documents: dict[Path, str], path: str, where: int,
              notes: list[Note]) -> str | None:
    """What a link to `written` with `text` becomes: `[[ID]]` for an imported Markdown file, its text (reported)
    for a Markdown file not imported, None (kept as written) for anything else."""
    target = unquote(written)
    file = target.split("#", 1)[0]
    if not _is_markdown_file(file):
        return None
    code = documents.get((base / file).resolve())
    if code is not None:
        return f"[[{code}]]"
    notes.append(Note(path, where, t("import.md.link_unresolved", target=target, text=" ".join(text.split()))))
    return text


def _is_markdown_file(target: str) -> bool:
    return bool(target) and not SCHEME.match(target) and target.lower().endswith(SUFFIXES)


def _definition_lines(read: tuple[tuple[int, str], ...]) -> dict[int, tuple[str, str, int]]:
    """Each reference definition `[label]: target "title"` by the index of its first line: its lower-case label,
    its target and how many lines it takes (a title or target may stand on the next line), as `definitions`
    reads them (footnotes `[^1]:` are none)."""
    found: dict[int, tuple[str, str, int]] = {}
    texts = {number - 1: text for number, text in read}
    for index, text in texts.items():
        if "]:" not in text or found.get(index - 1, ("", "", 1))[2] == 2:  # the title line of the one above
            continue
        for size, chunk in ((2, f"{text}\n{texts.get(index + 1, '')}"), (1, text)):
            match = ReferenceProcessor.RE.match(chunk)
            if match and match.start(2) <= len(text) and not match.group(1).startswith("^"):
                size = size if match.end() > len(text) else 1
                found[index] = (match.group(1).strip().lower(), match.group(2).lstrip("<").rstrip(">"), size)
                break
    return found


def _close_gap(lines: list[str], kept: set[int], start: int, end: int) -> None:
    """After lines start..end-1 go: a blank line after them goes too when the kept line before them is blank or
    there is none (two blank lines would stay where the definitions stood)."""
    before = max((i for i in kept if i < start), default=None)
    if end in kept and not lines[end].strip() and (before is None or not lines[before].strip()):
        kept.discard(end)
