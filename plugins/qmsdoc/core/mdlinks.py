"""The links and images a body shows, read with Python-Markdown's own grammar, with the line of each.

The rules need lines the renderer does not keep, so they read the source; but what they read must be what
the one parse (render.py) renders, or the check reports a picture the page shows fine (`![x](流程 图.png)`)
or stays quiet about one the page shows broken (`![x](a.png (t))` is the file `a.png (t)`). So the text
between brackets and the destination are read by Python-Markdown's own `getText`/`getLink`, reference
definitions by its own pattern, and what it never renders is left out: fenced and indented code, code
spans, HTML comments, escaped brackets, `[[ID]]` (read before links, as the parse does).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import markdown
from markdown.blockprocessors import ReferenceProcessor
from markdown.inlinepatterns import LinkInlineProcessor, ReferenceInlineProcessor

from .sanitize import strip_comments

_OPENING_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CONTAINER = re.compile(r"^(?:[-*+][ \t]|\d{1,9}[.)][ \t]|!!!|\?\?\?|\[\^[^\]]*\]:|:[ \t])")
_BACKTICKS = re.compile(r"(?<!\\)`+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # the dialect escapes any ASCII punctuation (dialect.py)
# `[[ID]]`, read by the parse (render.py) before links
REF_PATTERN = re.compile(r"\[\[([^\[\]\n]{1,80}?)\]\]")
_HTML_IMAGE = re.compile(r"<img\b[^<>]*?\ssrc\s*=\s*[\"']?((?<=\")[^\"<>]+|(?<=')[^'<>]+|[^\"'\s<>]+)", re.I)
_HTML_LINK = re.compile(r"<a\b[^<>]*?\shref\s*=\s*[\"']?((?<=\")[^\"<>]+|(?<=')[^'<>]+|[^\"'\s<>]+)", re.I)
_ESCAPED_BASE = 0xF0000  # an escaped character stands as one private-use character while brackets are read



class _Link(LinkInlineProcessor):
    def unescape(self, text: str) -> str:
        return text  # nothing is stashed: escapes are held as private-use characters (inline_text)


_md = markdown.Markdown()
_inline = _Link(r"\[", _md)
_reference = ReferenceInlineProcessor(r"\[", _md)


@dataclass(frozen=True)
class Target:
    """A link (`a`) or image (`img`) as written in the source, at `line`; `label` for a reference-style one."""

    kind: str
    target: str
    line: int
    label: str | None = None
    html: bool = False  # a raw `<a href>`/`<img src>`


@functools.lru_cache(maxsize=16384)
def markdown_lines(body: str, first_line: int) -> tuple[tuple[int, str], ...]:
    """Each body line the parse reads as Markdown, with its file line: fenced code (closed only by a fence of
    its character at least as long), indented code blocks and HTML comments are left out. Read once per body
    (the links, the references and the reference definitions are each read from these lines)."""
    return tuple(_markdown_lines(body, first_line))


def _markdown_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    fence: str | None = None
    in_comment = False
    previous_blank, in_container, in_code = True, False, False
    for offset, line in enumerate(body.split("\n")):
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            continue
        opening = _OPENING_FENCE.match(line)
        if opening and not in_comment:
            fence = opening.group(1)
            continue
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if not blank and not indented:
            in_container = bool(_CONTAINER.match(line.lstrip(" ")))
        in_code = indented and not in_container and (previous_blank or in_code) and not in_comment
        if not blank:
            previous_blank = False
        elif not in_code:
            previous_blank = True
        if in_code:
            continue
        text, in_comment = strip_comments(line, in_comment)
        yield first_line + offset, text


def blank_code_spans(line: str) -> str:
    """`line` with each code span blanked: a run of backticks up to the next run of the same length (linear:
    the next run of each length is found in one pass from the end)."""
    if "`" not in line:
        return line
    runs = list(_BACKTICKS.finditer(line))
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        size = len(runs[index].group(0))
        following[index] = last.get(size)
        last[size] = index
    kept, position, index = [], 0, 0
    while index < len(runs):
        closing = following[index]
        if closing is None:
            index += 1
            continue
        kept.append(line[position:runs[index].start()])
        position = runs[closing].end()
        kept.append(" " * (position - runs[index].start()))
        index = closing + 1
    return "".join(kept) + line[position:]


def inline_text(line: str) -> str:
    """A line as the link patterns meet it: code spans and `[[ID]]` blanked, escaped characters held as one
    private-use character each (neither a bracket nor a parenthesis any more)."""
    line = blank_code_spans(line)
    line = REF_PATTERN.sub(lambda m: " " * len(m.group(0)), line)
    return _ESCAPE.sub(lambda m: chr(_ESCAPED_BASE + ord(m.group(1))), line)


def _unescaped(text: str) -> str:
    return "".join(chr(ord(c) - _ESCAPED_BASE) if ord(c) >= _ESCAPED_BASE else c for c in text)


def definitions(lines: Sequence[tuple[int, str]]) -> dict[str, tuple[str, int]]:
    """Reference definitions `[name]: target` by lower-case name, with their line: Python-Markdown's pattern
    (a title on the next line too; `<a b.png>` is no definition, as the parse reads it); the first one wins."""
    found: dict[str, tuple[str, int]] = {}
    for index, (line, text) in enumerate(lines):
        if "]:" not in text:
            continue
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        for chunk in (f"{text}\n{following}", text):
            match = ReferenceProcessor.RE.match(chunk)
            if match and match.start(2) <= len(text) and not match.group(1).startswith("^"):  # `[^1]:` a footnote
                name = match.group(1).strip().lower()
                found.setdefault(name, (match.group(2).lstrip("<").rstrip(">"), line))
                break
    return found


def targets(body: str, first_line: int) -> tuple[Target, ...]:
    """Every link and image the parse renders from `body`, in source order: inline and reference-style
    (full, collapsed, shortcut; defined anywhere, labels case-insensitive) Markdown and raw `<a href>`/`<img src>`.
    A reference-style target names its definition's destination; an undefined one is plain text and left out.
    Read once per body: five rules ask for the same body's links in turn (a cold check of 2,000 documents read
    them 10,000 times, a sixth of the check)."""
    if "[" not in body and "<" not in body:
        return ()
    return _targets(body, first_line)


@functools.lru_cache(maxsize=16384)
def _targets(body: str, first_line: int) -> tuple[Target, ...]:
    lines = markdown_lines(body, first_line)
    defined = definitions(lines) if "]:" in body else {}
    found: list[Target] = []
    for line, raw in lines:
        if (match := ReferenceProcessor.RE.match(raw)) and not match.group(1).startswith("^"):
            continue  # a definition shows nothing itself
        if "[" in raw:
            found.extend(_markdown_targets(inline_text(raw), line, defined))
        if "<" in raw:
            html = blank_code_spans(raw)
            found.extend(Target("img", m.group(1), line, html=True) for m in _HTML_IMAGE.finditer(html))
            found.extend(Target("a", m.group(1), line, html=True) for m in _HTML_LINK.finditer(html))
    return tuple(found)


def _markdown_targets(text: str, line: int, defined: dict[str, tuple[str, int]]) -> Iterator[Target]:
    position = 0
    while (start := text.find("[", position)) >= 0 and text.find("]", start) >= 0:  # no `]` left: no link
        kind = "img" if start and text[start - 1] == "!" else "a"
        label, index, closed = _inline.getText(text, start + 1)
        if not closed:
            position = start + 1
            continue
        href, _, end, handled = _inline.getLink(text, index)
        if handled and index < len(text) and text[index] == "(":
            yield Target(kind, _unescaped(href), line)
        else:
            name, end, handled = _reference.evalId(text, index, label)
            if not handled:  # a shortcut `[name]`
                name, end = label.lower(), index
            name = re.sub(r"\s+", " ", _unescaped(name or "")).strip()
            if name not in defined:
                position = start + 1
                continue
            yield Target(kind, defined[name][0], line, name)
        if kind == "a":  # a link's text may show an image (or hold a link the parse reads again)
            yield from _markdown_targets(label, line, defined)
        position = end
