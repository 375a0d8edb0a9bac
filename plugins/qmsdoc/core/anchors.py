"""The places (`id`s) a page has for a link's `#fragment`, read from the rules' line scan (structure.py), not
from a render: a heading's id is the one the one parse gives it (render.heading_id: the toc extension's
slugify and its `_1`, `_2` for a repeated one, an attr_list `{#id}` kept), other elements' explicit ids
(attr_list `{#id}`, raw HTML `id="…"`: the allow-list keeps `id`, not `name`) and the footnotes' ids.

A heading whose shown text the scan cannot know for sure (a picture or raw HTML with an attribute in it) makes
the page's ids uncertain: the rule then stays quiet rather than call a working link dead."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.toc import unique

from .codes import normalise
from .dialect import Dialect
from .i18n import t
from .mdlinks import REF_PATTERN, code_blanked, markdown_lines, reference_written
from .refs import shown_title
from .render import heading_id
from .structure import Heading, explicit_id

# What a `[[ID]]` shows: (control number, title, version), or None for a missing one.
RefText = Callable[[str], tuple[str, str, str] | None]

_ANY_ATTRS = re.compile(AttrListTreeprocessor.BASE_RE)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\n]{1,80}\]")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<!\w)_+|_+(?!\w)")
_HTML_ID = re.compile(r"<[A-Za-z][^<>]*?\sid\s*=\s*(?:\"([^\"<>]*)\"|'([^'<>]*)'|([^\s\"'<>]+))", re.I)
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\n]{1,80})\]:")


@dataclass(frozen=True)
class PageIds:
    ids: frozenset[str]
    headings: tuple[str, ...]  # the headings' ids, in page order (what a message proposes)
    certain: bool = True


def _shown(text: str, ref_text: RefText) -> tuple[str, bool]:
    """A heading's text as the page shows it (what the toc extension slugifies), and whether that is sure."""
    spans: list[str] = []

    def hold(match: re.Match[str]) -> str:
        spans.append(match.group(2).strip())
        return f"\x00{len(spans) - 1}\x00"

    text = _CODE_SPAN.sub(hold, text)
    certain = True
    text = _FOOTNOTE_REF.sub("", text)  # the toc extension leaves footnote marks out of the id
    text = _IMAGE.sub("", text)

    def reference(match: re.Match[str]) -> str:
        written = reference_written(match)
        shown = None if written is None else ref_text(normalise(written))
        if shown is None:
            return match.group(0)
        code, title, version = shown
        return (shown_title(title) + t("ref.id_open") + code + (f" {version}" if version else "")
                + t("ref.id_close"))

    text = REF_PATTERN.sub(reference, text)
    text = _LINK.sub(r"\1", text)
    if re.search(r"<[A-Za-z][^<>]*=", text):
        certain = False  # an attribute's value may or may not be shown
    text = _TAG.sub("", text)
    text = _UNDERSCORE_EMPHASIS.sub("", text)
    text = re.sub("\x00(\\d+)\x00", lambda m: spans[int(m.group(1))], text)
    return html.unescape(text), certain


def page_ids(body: str, first_line: int, headings: Iterable[Heading], ref_text: RefText,
             extensions: Dialect, *, title_dropped: bool = False) -> PageIds:
    """Every id the page of `body` has, as the one parse gives them (see the module's text). `title_dropped`: the
    page leaves out a leading `# title` (a manual's index page: the site shows the manual's title instead)."""
    headings = list(headings)
    chosen = set(extensions)
    attr_list = "attr_list" in chosen
    used: set[str] = set()
    for _, line in code_blanked(body, first_line, extensions):
        for match in _HTML_ID.finditer(line):
            used.add(html.unescape(next(g for g in match.groups() if g is not None)))
        if attr_list:
            for match in _ANY_ATTRS.finditer(line):
                if (explicit := explicit_id(match.group(1))) is not None:
                    used.add(explicit)
    if "footnotes" in chosen:
        for _, line in markdown_lines(body, first_line, extensions):
            if definition := _FOOTNOTE_DEF.match(line):
                label = definition.group(1)
                used.update({f"fn:{label}", f"fnref:{label}"})
    ordered: list[str] = []
    certain = True
    pending: list[str] = []
    for heading in headings:
        if attr_list and heading.anchor is not None:  # the scan read `{#id}` off the heading's text
            ordered.append(heading.anchor)
            used.add(heading.anchor)
            continue
        shown, sure = _shown(heading.text, ref_text)
        certain = certain and sure
        pending.append(shown)
        ordered.append("\x00")  # its place: slugged once every explicit id is known, as the toc extension does
    counters: dict[str, int] = {}
    texts = iter(pending)
    ids = [unique(heading_id(next(texts)), used, counters) if kept == "\x00" else kept for kept in ordered]
    if title_dropped and headings and headings[0].level == 1 and _first_line(body, first_line) == headings[0].line:
        used.discard(ids[0])
        ids = ids[1:]  # its id was given (a repeat below counts it) and is not on the page
    return PageIds(frozenset(used | set(ids)), tuple(ids), certain)


def _first_line(body: str, first_line: int) -> int:
    """The file line of the body's first non-blank line."""
    for offset, line in enumerate(body.split("\n")):
        if line.strip():
            return first_line + offset
    return first_line
