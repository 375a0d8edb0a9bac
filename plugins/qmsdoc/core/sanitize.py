"""The one HTML allow-list: what a controlled document may contain once rendered.

`clean` runs nh3 (Ammonia) on the rendered body, so the site and the Word copy only ever see
sanitised HTML. `refusals` reads a source line the same way and names what `clean` would drop, so
rule QD200 can make the author fix the source instead of losing content silently.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from . import refs
from .i18n import t

# Internal schemes: `qms:ID` (a controlled document or form) and `qmsroot:PATH` (a file in the manuals).
URL_SCHEMES = frozenset({"http", "https", "mailto"}) | refs.SCHEMES

# Raw HTML an author may write (besides what Markdown itself produces).
RAW_TAGS = frozenset({
    "br", "sup", "sub", "u", "s", "del", "ins", "mark", "kbd", "small", "abbr", "span", "b", "strong", "i", "em",
    "code", "details", "summary", "p", "div", "blockquote", "hr", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "a", "img",
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figure", "figcaption", "center",
})
# Markdown output that authors need not write by hand.
RENDERED_TAGS = RAW_TAGS | {"input", "label"}

COMMON_ATTRIBUTES = frozenset({"class", "id", "title", "lang"})
TAG_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "data-ref"},
    "span": {"data-ref"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style"},
    "col": {"span", "width"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "abbr": {"title"},
    "input": {"type", "checked", "disabled"},
}
URL_ATTRIBUTES = frozenset({"href", "src"})
# Allowed HTML that a controlled copy cannot carry as the page shows it: reported with the drops (QD200), so
# the site and the copies never differ silently. (Remove an entry when the copies' walk learns the tag.)
# Tag → catalogue key of the reason.
# (A table's <caption> was one: the copies write it above the table, as the page does.)
NOT_IN_COPIES: dict[str, str] = {}
# Allowed attributes the copies cannot follow: (tag, attribute). (`<ol reversed>` and `<li value>` were: the copies
# number each item as the page does, copybody.item_numbers.)
NOT_IN_COPIES_ATTRIBUTES: frozenset[tuple[str, str]] = frozenset()
STYLE_PROPERTIES = frozenset({"text-align"})


def clean(rendered: str) -> str:
    """Sanitise rendered HTML: unknown tags and attributes dropped, comments removed, URLs judged
    after entity decoding against URL_SCHEMES (relative URLs allowed)."""
    return nh3.clean(
        rendered,
        tags=set(RENDERED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={"*": set(COMMON_ATTRIBUTES), **{t: set(a) for t, a in TAG_ATTRIBUTES.items()}},
        strip_comments=True,
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
    )


@dataclass(frozen=True)
class Refusal:
    """Something on a source line that the allow-list would drop."""

    column: int
    text: str
    reason: str


# Linear on any input: every repetition stops at a character that ends it.
# What Python-Markdown reads as inline HTML: `<` + a letter + no `@` or space before the first space.
_TAG = re.compile(r"<(/?)([A-Za-z][^<>@ \t]*)((?:[ \t][^<>]*)?)>")
_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_MD_LINK = re.compile(r"\]\(\s*<?([^()<>\s]*(?:\([^()\s]*\)[^()<>\s]*)*)")
_ATTR_LIST = re.compile(r"\{:?([^{}\n=]*=[^{}\n]*)\}")
_ANY_ATTRIBUTE = COMMON_ATTRIBUTES.union(*TAG_ATTRIBUTES.values()) - {"style"}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see: entities decoded, whitespace and control characters removed
    (`jav&#x61;script:`, `java&#9;script:`, `javascript&colon;` all mean `javascript`)."""
    decoded = _URL_NOISE.sub("", html.unescape(url))
    match = _SCHEME.match(decoded)
    return match.group(1).lower() if match else None


def unsafe_url(url: str) -> bool:
    scheme = url_scheme(url)
    return scheme is not None and scheme not in URL_SCHEMES


def escaped(text: str, at: int) -> bool:
    """Whether the character at `at` is escaped: an odd run of backslashes before it. `\\<b>` is the text
    <b> on the page, `\\\\<b>` a backslash and then a tag (the dialect escapes any ASCII punctuation)."""
    run = 0
    while run < at and text[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def comment_start(line: str, position: int = 0) -> int:
    """Where the next HTML comment `<!--` opens in `line` from `position` (-1 when none): an escaped one,
    `\\<!--`, is text the page shows, not a comment."""
    start = line.find("<!--", position)
    while start >= 0 and escaped(line, start):
        start = line.find("<!--", start + 1)
    return start


def strip_comments(line: str, in_comment: bool = False) -> tuple[str, bool]:
    """`line` without HTML comments, and whether a comment is still open at its end (comments never
    reach any output, so nothing inside one is judged)."""
    kept: list[str] = []
    position = 0
    while True:
        if in_comment:
            end = line.find("-->", position)
            if end < 0:
                return "".join(kept), True
            position, in_comment = end + 3, False
        start = comment_start(line, position)
        if start < 0:
            kept.append(line[position:])
            return "".join(kept), False
        kept.append(line[position:start])
        position, in_comment = start + 4, True


def attribute_refused(tag: str, key: str, value: str, allowed: set[str] | frozenset[str]) -> str | None:
    """Why the allow-list drops attribute `key` (with `value`) of `tag`, or None when it keeps it: not allowed on
    that tag (`allowed`), a URL of a refused scheme, a style property outside the allowed ones. The one judgement
    of the source lines (`refusals`) and of the rendered parse (`dropped`)."""
    if key not in allowed:
        return t("html.tag_attribute", tag=f"<{tag}>", attribute=key)
    if key in URL_ATTRIBUTES and unsafe_url(value):
        return t("html.unsafe_scheme", scheme=url_scheme(value))
    if key == "style" and any(p.split(":")[0].strip().lower() not in STYLE_PROPERTIES
                              for p in value.split(";") if p.strip()):
        return t("html.style")
    return None


def refusals(line: str, *, md_in_html: bool = False, links: bool = True) -> list[Refusal]:
    """What the sanitiser would refuse on one line of Markdown source (code spans and comments removed).
    `md_in_html`: the dialect has that extension, which reads and removes a tag's `markdown` attribute
    (`<div markdown>`) before the sanitiser sees it (one left over is found in the parse, QD200's second look).
    `links=False`: Markdown link destinations are not judged here (QD200 judges the links mdlinks reads)."""
    out: list[Refusal] = []
    for tag in _TAG.finditer(line):
        if escaped(line, tag.start()):
            continue  # `\<enter\>` is escaped text, shown as written
        if line[:tag.start()].rstrip(" \t").endswith("]("):
            continue  # `![x](<流程 图.png>)`: a link's destination, a URL (its scheme is judged below), no tag
        name = tag.group(2).lower().removesuffix("/")
        if not _TAG_NAME.fullmatch(name) and ":" in name:  # an autolink <https://…>
            if unsafe_url(name):
                out.append(Refusal(tag.start(), tag.group(0), t("html.unsafe_scheme", scheme=url_scheme(name))))
            continue
        if name not in RAW_TAGS:
            out.append(Refusal(tag.start(), tag.group(0), t("html.tag", tag=f"<{name}>")))
            continue
        if tag.group(1):
            continue
        allowed = COMMON_ATTRIBUTES | TAG_ATTRIBUTES.get(name, set()) | ({"markdown"} if md_in_html else set())
        for attribute in _ATTRIBUTE.finditer(tag.group(3)):
            reason = attribute_refused(name, attribute.group(1).lower(), (attribute.group(2) or "").strip("\"'"),
                                       allowed)
            if reason:
                out.append(Refusal(tag.start(), tag.group(0), reason))
                break  # one finding per tag is enough to send the author to it
    for block in _ATTR_LIST.finditer(line):  # attr_list `{: key=value }`: only allowed attributes survive
        for attribute in _ATTRIBUTE.finditer(block.group(1)):
            key = attribute.group(1).lower()
            if attribute.group(2) is not None and key not in _ANY_ATTRIBUTE:
                out.append(Refusal(block.start(), block.group(0), t("html.attribute", attribute=key)))
                break
    for link in _MD_LINK.finditer(line) if links else ():
        if unsafe_url(link.group(1)):
            out.append(Refusal(link.start(), link.group(1), t("html.unsafe_scheme", scheme=url_scheme(link.group(1)))))
    return out


@dataclass(frozen=True)
class Dropped:
    """Something in the one parse's HTML (before the allow-list) that `clean` removes: how it reads, why,
    and texts that find its source line (the attribute's value, `name=`, the tag)."""

    text: str
    reason: str
    needles: tuple[str, ...]
    site_shows: bool = False  # allowed HTML only the copies leave out (NOT_IN_COPIES)


class _DropFinder(HTMLParser):
    """Walks rendered HTML and judges every tag and attribute as `clean` does, so whatever the allow-list
    drops is found however it was written — raw HTML, attr_list, a reference definition, an autolink."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Dropped] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in RENDERED_TAGS:
            self.found.append(Dropped(f"<{tag}>", t("html.tag", tag=f"<{tag}>"), (f"<{tag}",)))
            return
        if tag in NOT_IN_COPIES:
            self.found.append(Dropped(f"<{tag}>", t(NOT_IN_COPIES[tag]), (f"<{tag}",), site_shows=True))
        allowed = COMMON_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, set())
        for key, raw in attrs:
            value = raw or ""
            reason = attribute_refused(tag, key, value, allowed)
            if reason:
                # the attribute as written, then its value (a short one like "1" is on many lines: last)
                written = (f'{key}="{value}"', f"{key}='{value}'", f"{key}={value}") if value else ()
                distinct = (value,) if len(value) > 3 else ()
                # attr_list `{string}`: after the inline element it sets (`x`{string}), or as a block's list
                listed = (*(f"{close}{{{key}" for close in "`)*_]"), f"{{: {key}", f"{{:{key}", f"{{{key}}}",
                          f"{{{key} ", f" {key}}}")
                needles = (*written, *distinct, f"{key}=", *((value,) if value else listed), f"<{tag}",
                           *((value,) if value and not distinct else ()))
                self.found.append(Dropped(f'{key}="{value[:50]}"' if value else key, reason, needles))
            elif (tag, key) in NOT_IN_COPIES_ATTRIBUTES:
                reason = t("html.numbering_not_in_copies", tag=f"<{tag}>", attribute=key)
                self.found.append(Dropped(f"<{tag} {key}>", reason, (f"{key}", f"<{tag}"), site_shows=True))

    handle_startendtag = handle_starttag


def dropped(rendered: str) -> list[Dropped]:
    """What `clean` would drop from `rendered` (the parse before the allow-list), in document order."""
    finder = _DropFinder()
    finder.feed(rendered)
    finder.close()
    return finder.found
