"""Pasted content that must never reach readers: HTML outside the allow-list (scripts, event handlers,
frames, unknown tags), script links, links that leave the repository. The renderer drops such HTML
anyway (core/sanitize.py); these rules make the author fix the source instead of losing text silently."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from markdown.inlinepatterns import AUTOLINK_RE, AUTOMAIL_RE

from ..dialect import Dialect
from ..findings import Finding, Severity
from ..i18n import t
from ..mdlinks import definitions, raw_html_lines, targets
from ..model import Document
from ..render import render_unsanitised
from ..sanitize import RAW_TAGS, dropped, refusals, strip_comments, unsafe_url, url_scheme
from ..source import SourceText
from ..structure import prose_lines
from . import Context, Rule, each_document, per_file, rule, shown_severity

UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data|file):", re.I)
ABSOLUTE = re.compile(r"^(/|\\\\|[A-Za-z]:[\\/])")


class Page:
    """A manual index or the home page, shaped like a document for QD200 (published whatever its state)."""

    def __init__(self, source: SourceText) -> None:
        self.source, self.body, self.path = source, source.body, source.path


def _bodies(ctx: Context) -> Iterator[tuple[SourceText, Document | Page]]:
    """Every body the site or a copy shows: documents (drafts included), manual index pages, the home page."""
    yield from each_document(ctx)
    for manual in ctx.corpus.manuals:
        yield manual.source, Page(manual.source)
    if ctx.corpus.home is not None and not ctx.corpus.home.findings:
        yield ctx.corpus.home, Page(ctx.corpus.home)


@per_file("QD200", Severity.ERROR, "正文含有 HTML 白名单之外的内容（脚本、未知标签或属性、不安全的链接协议）",
          per=_bodies)
def dangerous_html(self: Rule, ctx: Context, document: Document | Page) -> Iterator[Finding]:
    """Whatever the allow-list drops is a finding, for drafts too (a warning: they may be previewed with
    publish_drafts; an error from review on). Source lines are read for a precise place; then the one parse
    is compared with the allow-list, so nothing it drops goes unreported however it was written (attr_list,
    reference definitions, entities)."""
    severity = shown_severity(document) if isinstance(document, Document) else Severity.ERROR
    reported: set[int] = set()
    in_comment = False
    md_in_html = "md_in_html" in ctx.config.markdown_extensions
    first = document.source.body_line
    # a raw HTML block shows a backslash as typed: `\<` is no escape there (the advice differs, _message)
    raw = raw_html_lines(document.body, first, ctx.config.dialect)
    if "<" in document.body or "{" in document.body:  # a tag, a comment or an attribute list: line by line
        for line, text in prose_lines(document.body, document.source.body_line, ctx.config.dialect):
            text, in_comment = strip_comments(text, in_comment)
            for refusal in refusals(text, md_in_html=md_in_html, links=False):
                reported.add(line)
                yield self.at(document.path, line, _message(refusal.text, refusal.reason, raw=line in raw), severity)
    # a link's destination as the parse reads it (not in code, raw HTML blocks or escaped text): at its `[`,
    # or at the definition that holds it
    judged: set[str] = set()  # the parse's drop of such a link is this finding, whatever line its text is on
    for link in targets(document.body, first, ctx.config.dialect):
        if link.html or not unsafe_url(link.target):
            continue
        judged.add(link.target)
        line = link.line if link.label is None else definitions(document.body, first, ctx.config.dialect)[link.label][1]
        if line not in reported:
            reported.add(line)
            reason = t("html.unsafe_scheme", scheme=url_scheme(link.target))
            yield self.at(document.path, line, _message(link.target, reason), severity)
    if not MAY_DROP.search(document.body):
        return  # neither HTML nor attributes nor a link target: the allow-list has nothing to drop
    locate = _LineFinder(document, ctx.config.dialect)
    drops = dropped(render_unsanitised(document.body, extensions=ctx.config.dialect))
    for index, drop in enumerate(drops):
        if len(locate.found) >= MAX_LOCATED_DROPS and drop.needles not in locate.found:
            yield self.at(document.path, locate.first, t("rule.QD200.unlocated", count=len(drops) - index,
                                                          limit=MAX_LOCATED_DROPS), severity)
            return
        line = locate(drop.needles)
        if line not in reported and not judged.intersection(drop.needles):
            reported.add(line)
            yield self.at(document.path, line, _message(drop.text, drop.reason, drop.site_shows, raw=line in raw),
                          severity)


# Each drop is looked for in the whole body: past this many in one body (a tag with thousands of distinct attributes)
# the rest are counted in one finding, not located one by one (each search reads the body again).
MAX_LOCATED_DROPS = 1000

# An autolink as the parse reads one (Python-Markdown's own patterns): a link on the page, no tag.
_AUTOLINK = re.compile(f"(?:{AUTOLINK_RE})|(?:{AUTOMAIL_RE})")

# What can carry something the allow-list drops: a tag, an attribute list, a link or image target.
MAY_DROP = re.compile(r"<|\{|\]\(|\]:")


def _message(text: str, reason: str, site_shows: bool = False, *, raw: bool = False) -> str:
    """The finding's words; `raw`: its line is in a raw HTML block, where only `&lt;` and `&gt;` show angle brackets."""
    if site_shows:  # allowed HTML that only the page shows (sanitize.NOT_IN_COPIES)
        return t("rule.QD200.copies_differ", text=text[:60], reason=reason)
    shown = shown_as(text)
    seen = t("rule.QD200.shown", text=shown) if shown else t("rule.QD200.hidden")
    meant = _meant_tag(text)
    if raw:
        fix = t("rule.QD200.fix_tag_raw", tag=meant) if meant else t("rule.QD200.fix_raw")
    else:
        fix = t("rule.QD200.fix_tag", tag=meant) if meant else t("rule.QD200.fix")
    return t("rule.QD200.message", text=text[:60], reason=reason, seen=seen, fix=fix)


def shown_as(fragment: str) -> str:
    """What the site and the Word copy show of a refused fragment on its own: the text left after the one
    parse and the allow-list (`<br\\>` shows as the text `<br>`, `<script>` as nothing)."""
    from ..htmltree import parse_html
    from ..render import render_markdown

    return " ".join(parse_html(render_markdown(fragment, lambda code: None).html).text().split())


_MALFORMED = re.compile(r"^<\s*/?\s*([A-Za-z][A-Za-z0-9]*)[\\/\s]*>$")


def _meant_tag(fragment: str) -> str | None:
    """`<br\\>`, `<br\\/>`, `< br >`: an allowed tag written wrongly; the right spelling, or None."""
    match = _MALFORMED.match(fragment.strip())
    if not match or match.group(1).lower() not in RAW_TAGS or fragment.strip() == f"<{match.group(1)}>":
        return None
    closing = "/" if fragment.lstrip("< ").startswith("/") else ""
    return f"<{closing}{match.group(1).lower()}>"


class _LineFinder:
    """The first body line holding the first of a drop's needles found (as written or with entities decoded), among
    the lines the parse reads as Markdown first (the same text in code above it is shown, not dropped), then in any
    case (the parse writes tag names in lower case: `<LICENSE-APACHE or …>`); else the first line.
    The body's lines are read and decoded once per document, and each set of needles is looked up once: a tag with
    thousands of dropped attributes searched the whole body again for each (minutes for one 700 KB line)."""

    def __init__(self, document: Document | Page, dialect: Dialect) -> None:
        self.first = document.source.body_line
        read = list(prose_lines(document.body, self.first, dialect))
        written = [(self.first + offset, text) for offset, text in enumerate(document.body.split("\n"))]
        self.lines = (read, written)
        self.folded: dict[tuple[int, bool], list[tuple[int, str, str]]] = {}
        self.found: dict[tuple[str, ...], int] = {}
        self.body, self.dialect = document.body, dialect
        self.raw: frozenset[int] | None = None  # the raw HTML block lines, read when an autolink needs them

    def _lines(self, which: int, fold: bool) -> list[tuple[int, str, str]]:
        """One set of lines, each as written and with entities decoded (case-folded if `fold`), decoded once."""
        key = (which, fold)
        if key not in self.folded:
            shape = str.casefold if fold else str
            self.folded[key] = [(number, shape(text), shape(html.unescape(text))) for number, text in self.lines[which]]
        return self.folded[key]

    def __call__(self, needles: tuple[str, ...]) -> int:
        if needles not in self.found:
            self.found[needles] = self._search(needles)
        return self.found[needles]

    def _search(self, needles: tuple[str, ...]) -> int:
        autolinked = None  # the first line where the needle is only an autolink's start: the drop is elsewhere
        for fold in (False, True):
            for needle in (needle.casefold() if fold else needle for needle in needles):  # the most telling first
                for which in (0, 1):
                    for number, text, decoded in self._lines(which, fold):
                        if needle not in text and needle not in decoded:
                            continue
                        if not self._autolink_only(number, needle, text):
                            return number
                        autolinked = autolinked or number
        return autolinked or self.first

    def _autolink_only(self, number: int, needle: str, text: str) -> bool:
        """Whether each `needle` on this line starts an autolink the parse reads as one (`<https://…>`, `<a@b.c>`):
        shown as a link there, so the dropped `<https:` or `<a@b.c>` tag is the same text in a raw HTML block."""
        if not needle.startswith("<") or needle not in text:
            return False
        if self.raw is None:
            self.raw = raw_html_lines(self.body, self.first, self.dialect)
        if number in self.raw:
            return False
        at = [index for index in range(len(text)) if text.startswith(needle, index)]
        return all(_AUTOLINK.match(text, index) for index in at)


@rule("QD201", Severity.ERROR, "链接指向仓库之外、绝对路径或不安全的协议")
def links_outside(self: Rule, ctx: Context) -> Iterator[Finding]:
    """Markdown links, reference definitions and raw `<a href>`/`<img src>` alike (the page keeps the tag's path:
    it was a dead link or picture with no finding). Drafts are told too, a warning (publish_drafts previews them;
    an error from review on), their links read from where the page will be once released (`home_path`)."""
    from .published import published_pages  # published imports this module

    root = ctx.config.manuals_path.resolve()
    drafts = [d for d in ctx.documents if d.status.is_unapproved]
    for document in [*published_pages(ctx), *drafts]:
        if "](" not in document.body and "]:" not in document.body and "<" not in document.body:
            continue  # no link, definition or tag (blanking code spans only removes matches)
        severity = shown_severity(document) if isinstance(document, Document) else Severity.ERROR
        folder = (ctx.config.root / ctx.corpus.home_path(document.path)).resolve().parent
        first = document.source.body_line
        # a tag's unsafe scheme is the allow-list's drop (QD200), not told twice
        shown = [(link.line, link.target) for link in ctx.targets(document)
                 if not (link.html and UNSAFE_SCHEME.match(link.target))]
        defined = [(line, target) for target, line in definitions(document.body, first, ctx.config.dialect).values()
                   ] if "]:" in document.body else []  # no line could define one
        for line, target in sorted(set(shown) | set(defined)):  # a definition even where nothing uses it
            if re.match(r"^(https?:|mailto:|#)", target, re.I):
                continue
            if UNSAFE_SCHEME.match(target) or ABSOLUTE.match(target):
                yield self.at(document.path, line,
                              t("rule.QD201.unsafe", target=target), severity)
                continue
            resolved = (folder / PurePosixPath(target.split("#")[0])).resolve()
            if not resolved.is_relative_to(root):
                yield self.at(document.path, line,
                              t("rule.QD201.outside", target=target), severity)
