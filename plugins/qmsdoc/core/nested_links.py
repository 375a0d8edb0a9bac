"""A link inside another link's text: the written link wins, the inner one reads as text.

HTML cannot nest a link in a link: a browser and the allow-list (nh3) split the outer link where the inner one
opens (the text before it one link, the inner another, the rest none), and the copies then read the pieces apart.
However the inner link came to be — a reference `[[ID]]`, a footnote marker, an autolink `<https://…>` or a bare
URL (magiclink), a raw `<a>` — and whether the outer one is Markdown (`[见 [[ID]]](x.md)`) or raw HTML
(`<a href="x.md">见 [[ID]]</a>`), the one parse's HTML is where they meet; this pass runs on it, before the
allow-list, so the page and both copies read the same: the inner `<a>` becomes a `<span>` with its classes and no
`href` (a reference: the unlinked reference span the copies read as 《title》（ID）, core/refs.py)."""

from __future__ import annotations

import re

# An `<a …>` or `</a>` (attribute values quoted or not, `>` inside quotes allowed), or the end of a block: a
# link left open in raw HTML ends with its block, as the browser's parser ends it, so it unlinks nothing beyond.
_TOKEN = re.compile(
    r"""<(?P<close>/?)a(?P<attrs>(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?)>"""
    r"|</(?:p|li|dd|dt|td|th|h[1-6]|div|blockquote|details|summary|table|figure)\s*>",
    re.IGNORECASE)
_HREF = re.compile(r"""\s+href(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""", re.IGNORECASE)


def unnest_links(html_text: str) -> str:
    """`html_text` with every `<a>` opened inside a link's text (an open `<a href>`) made a `<span>` without its
    `href`, its other attributes (class, id, data-ref) kept; an `<a>` without `href` (a place, not a link) around
    a link is left to the allow-list, which closes it before the link."""
    if html_text.count("<a") + html_text.count("<A") < 2:
        return html_text  # nothing to nest: the common case, one scan
    open_links: list[tuple[bool, bool]] = []  # per open <a>: (is a link, made a span)
    out: list[str] = []
    position = 0
    for token in _TOKEN.finditer(html_text):
        if token.group("attrs") is None and token.group("close") is None:  # a block's end
            open_links.clear()
            continue
        replacement = token.group(0)
        if token.group("close"):
            if open_links and open_links.pop()[1]:
                replacement = "</span>"
        else:
            attrs = token.group("attrs")
            inside = any(link for link, _ in open_links)
            if inside:
                replacement = f"<span{_HREF.sub('', attrs)}>"
            open_links.append((not inside and _HREF.search(attrs) is not None, inside))
        out.append(html_text[position:token.start()])
        out.append(replacement)
        position = token.end()
    out.append(html_text[position:])
    return "".join(out)
