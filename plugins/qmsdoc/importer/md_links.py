"""Links between imported Markdown files: `[text](sop-005.md)` — or reference-style, `[text][ref]`, `[ref][]`, `[ref]`
with `[ref]: sop-005.md` anywhere in the file — becomes `[[SOP-005]]` once every imported file has its control number
(a definition no link uses any more goes with it); a link to a Markdown file this import did not bring in names no
document, so it is reported and its text kept without the link (a link to a missing file would fail `qmsdoc check`).
Links in code blocks and code spans are code, and left alone."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from markdown.blockprocessors import ReferenceProcessor

from ..core.i18n import t
from ..core.mdlinks import definitions, link_spans, markdown_lines
from .blocks import Note
from .md_reader import SUFFIXES
from .recognise import Draft

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def relink(draft: Draft, documents: dict[Path, str], notes: list[Note]) -> None:
    """Rewrite the draft's links to imported Markdown files as `[[ID]]` (`documents`: each imported file, resolved,
    → its control number) — inline and reference-style (`[text][ref]`, `[ref][]`, `[ref]`) — and report the
    relative links that stay unresolved; a reference definition of a Markdown file no link uses any more goes."""
    base = Path(draft.path).parent
    for block in draft.blocks:
        if block.kind != "markdown":
            continue
        lines = block.text.split("\n")
        read = markdown_lines(block.text, 1)
        defined = definitions(read)
        found = _definition_lines(read)
        spanned = {i for index, (_, _, size) in found.items() for i in range(index, index + size)}
        shown: dict[int, str] = {}  # each line's text outside HTML comments, once relinked
        in_comment = False
        for number, _ in read:
            index = number - 1
            where = block.source_lines[index] if index < len(block.source_lines) else block.line
            parts, in_comment = _comment_parts(lines[index], in_comment)
            if index not in spanned:  # a definition's line holds no link
                parts = [(part if comment else _relinked_line(part, defined, base, documents, draft.path, where,
                                                              notes), comment)
                         for part, comment in parts]  # a comment is never shown: kept as written, unreported
            lines[index] = "".join(part for part, _ in parts)
            shown[index] = "".join(part for part, comment in parts if not comment)
        used = {target.label for index, text in shown.items() if index not in spanned
                for target, *_ in link_spans(text, defined)}
        kept = set(range(len(lines)))
        for index, (label, target, size) in found.items():
            file = unquote(target).split("#", 1)[0]
            if label not in used and _is_markdown_file(file):  # its file is a draft now, reached by [[ID]]
                kept -= set(range(index, index + size))
                _close_gap(lines, kept, index, index + size)
            elif label in used and file and not SCHEME.match(file) and not _is_markdown_file(file) \
                    and defined[label][1] == index + 1:  # the definition the links take (the first one)
                where = block.source_lines[index] if index < len(block.source_lines) else block.line
                notes.append(Note(draft.path, where, t("import.md.file_not_copied", target=file)))
        order = [i for i in range(len(lines)) if i in kept]
        while order and not lines[order[-1]].strip():
            order.pop()
        if block.source_lines:
            block.source_lines = [block.source_lines[i] for i in order if i < len(block.source_lines)]
        block.text = "\n".join(lines[i] for i in order)


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
        start = line.find("<!--", position)
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
    notes.append(Note(path, where, t("import.md.link_unresolved", target=target, text=text)))
    return text


def _is_markdown_file(target: str) -> bool:
    return bool(target) and not SCHEME.match(target) and target.lower().endswith(SUFFIXES)


def _relinked_line(line: str, defined: dict[str, tuple[str, int]], base: Path, documents: dict[Path, str],
                   path: str, where: int, notes: list[Note]) -> str:
    """`line` with its links — inline and reference-style, read as the parse reads them (`<a b.md>`, a title in
    any quotes, escapes; not in code spans) — to Markdown files relinked as `_relinked` says; images and links to
    anything else kept as written, an inline one to a local file reported (the import copies no file)."""
    out, position = [], 0
    for target, start, text_end, end in link_spans(line, defined):
        if start < position:  # inside a link already relinked: gone with it
            continue
        new = None
        if target.kind == "a":
            new = _relinked(target.target, line[start + 1: text_end - 1], base, documents, path, where, notes)
        if new is not None:
            out += [line[position:start], new]
            position = end
            continue
        file = unquote(target.target).split("#", 1)[0]
        if target.label is None and file and not SCHEME.match(file) and not _is_markdown_file(file):
            notes.append(Note(path, where, t("import.md.file_not_copied", target=file)))  # reference-style: once,
            # at its definition
    return "".join(out) + line[position:]


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
