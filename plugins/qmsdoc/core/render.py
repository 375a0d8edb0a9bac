"""The one Markdown parse: a document body becomes HTML (for the site) that the Word export walks too.

The dialect (core/dialect.py, `markdown_extensions` in qmsdoc.yml) is parsed once; the result goes
through the HTML allow-list (core/sanitize.py), so every renderer only ever sees sanitised HTML, and then
gets the captions under its pictures (core/captions.py), so every output captions the same pictures.
Raw HTML the allow-list refuses is dropped here and reported by rule QD200.
`[[ID]]` and relative links to a controlled document's file become links whose href is `qms:ID`;
other relative links and images become `qmsroot:PATH` (PATH relative to the manuals folder); each
renderer maps those to its own target.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import posixpath
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.inlinepatterns import InlineProcessor, ReferenceInlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.util import INLINE_PLACEHOLDER_RE

from . import inline_prefilter, item_attributes, sanitize
from .captions import add_captions
from .codes import normalise
from .config import Config
from .dialect import DEFAULT_EXTENSIONS, SUPPORTED, WritingExtension
from .emphasis import dot_emphasis
from .i18n import current, t
from .mdlinks import REF_PATTERN, code_in_label, reference_written
from .model import Corpus, Document, Target
from .nested_links import unnest_links
from .refs import (
    ROOT_SCHEME,
    file_path,
    is_reference,
    missing_element,
    ref_address,
    ref_href,
    reference_element,
    reference_text,
    url_path,
)
from .rendercache import RenderCache


@dataclass(frozen=True)
class RefInfo:
    """What a reference shows: 《title》 ID version."""

    code: str
    title: str
    version: str
    linked: bool = True
    """False for a number no source holds now, its file deleted since (`CorpusRenderer.gone`): shown, no link."""
    page: str = ""
    """The version whose page the link goes to ("" the number's own page): the version in force while the approved
    one waits for its effective date (`CorpusRenderer.in_force`)."""


Resolver = Callable[[str], RefInfo | None]
PathResolver = Callable[[str], str | None]


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_tokens: list[dict[str, Any]]


# How a heading gets its id on the page (the toc extension's `slugify`, its default separator): the one slug,
# also read by the rule for dead `#fragment` links (anchors.py) without a render.
HEADING_SLUGIFY = slugify_unicode
HEADING_ID_SEPARATOR = "-"


def heading_id(shown: str) -> str:
    """The id the toc extension gives a heading that shows `shown` (before `_1`, `_2` make a repeated one unique)."""
    return HEADING_SLUGIFY(shown, HEADING_ID_SEPARATOR)


class _RefPattern(InlineProcessor):
    def __init__(self, extension: RefExtension) -> None:
        super().__init__(REF_PATTERN.pattern)
        self.extension = extension

    def handleMatch(  # type: ignore[override]  # noqa: N802
            self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int | None, int | None]:
        written = reference_written(m)
        if written is None:  # `【【注意】】`: text
            return None, None, None
        code = normalise(written)
        info = self.extension.resolve(code)
        if info is None:
            return missing_element(code, m.group(0)), m.start(0), m.end(0)
        return reference_element(info.code, info.title, info.version, info.linked, info.page), m.start(0), m.end(0)


def relative_target(base: str, url: str) -> tuple[str, str] | None:
    """A relative URL in a document under `base` (a folder inside the manuals) as (path of the file inside the
    manuals, fragment): `a%23b.png` is the file `a#b.png`, as the browser reads the page's link. None for
    absolute, external, fragment-only or escaping URLs."""
    if not url or url.startswith(("#", "/", "\\")) or sanitize.url_scheme(url) is not None:
        return None
    path, _, fragment = url.partition("#")
    path = file_path(path.split("?", 1)[0])
    target = posixpath.normpath(posixpath.join(base, path)) if path else ""
    if not target or target == ".." or target.startswith("../"):
        return None
    return target, fragment


# Attributes in nh3's output: always double-quoted, `"` escaped inside, so this is exact and linear.
_URL_ATTRIBUTE = re.compile(r'(<(a|img)\b[^>]*?\s(?:href|src)=")([^"]*)"')


def link_targets(html_text: str, base: str, resolve_path: PathResolver) -> str:
    """Relative links and images (Markdown or raw HTML) point at files next to the document: make them
    resolvable from any page (the site puts a document at `manual/ID/`, one folder deeper than its
    source). A link to another document's file becomes `qms:ID`, like `[[ID]]` (`resolve_path` answers the
    address after the scheme: `ID@VERSION` for the page of its version in force, as `RefInfo.page`)."""

    def rewrite(match: re.Match[str]) -> str:
        relative = relative_target(base, html.unescape(match.group(3)))
        if relative is None:
            return match.group(0)
        path, fragment = relative
        anchor = f"#{fragment}" if fragment else ""
        if match.group(2) == "a" and path.endswith(".md"):
            code = resolve_path(path)
            # another page by its source file: the site gives it the URL its `use_directory_urls` makes
            target = (ref_href(code) if code else ROOT_SCHEME + url_path(path)) + anchor
        else:
            target = ROOT_SCHEME + url_path(path) + anchor
        return f'{match.group(1)}{html.escape(target)}"'

    return _URL_ATTRIBUTE.sub(rewrite, html_text)


class _NestedLinks(Postprocessor):
    """A link inside a link's text, Markdown or raw HTML (core/nested_links.py): the written link wins."""

    def run(self, text: str) -> str:
        return unnest_links(text)


def _alt_reads_references_as_text(processor: InlineProcessor) -> None:
    """An image processor's alt text reads a reference in it as the copies read one (`reference_text`: 《title》（ID）),
    not the text of its spans run together (《title》 ID A/1): the one alt serves the page and both copies."""
    unescape = processor.unescape

    def plain(text: str) -> str:
        stash = processor.md.treeprocessors["inline"].stashed_nodes  # type: ignore[attr-defined]

        def shown(m: re.Match[str]) -> str:
            value = stash.get(m.group(1))
            return reference_text(value) if isinstance(value, etree.Element) and is_reference(value) else m.group(0)

        return unescape(INLINE_PLACEHOLDER_RE.sub(shown, text))

    processor.unescape = plain  # type: ignore[method-assign]  # this parser's processor only


def _labels_read_as_written(processor: ReferenceInlineProcessor) -> None:
    """A reference processor matches a label holding code as written (CommonMark: `[`Worker`][]`, `[x][`a`]` are
    defined by `[`Worker`]: url`, `[`a`]: url`), read by `code_in_label` as the check reads it (mdlinks): the code
    span is read first, and the label held its placeholder, which no definition has (the brackets shown as typed)."""
    evaluate = processor.evalId

    def as_written(data: str, index: int, text: str) -> tuple[str | None, int, bool]:
        name, end, handled = evaluate(data, index, text)
        if name and INLINE_PLACEHOLDER_RE.search(name):
            stash = processor.md.treeprocessors["inline"].stashed_nodes  # type: ignore[attr-defined]

            def written(m: re.Match[str]) -> str:
                value = stash.get(m.group(1))
                if not isinstance(value, etree.Element) or value.tag != "code":
                    return m.group(0)
                return code_in_label(html.unescape(value.text or "")).lower()  # its text is escaped (code_escape)

            name = INLINE_PLACEHOLDER_RE.sub(written, name)
        return name, end, handled

    processor.evalId = as_written  # type: ignore[method-assign]  # this parser's processor only


class RefExtension(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.resolve: Resolver = lambda code: None
        self.resolve_path: PathResolver = lambda path: None
        self.base = ""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        md.inlinePatterns.register(_RefPattern(self), "qms_ref", 185)
        # after raw HTML is back (30) and the footnotes' markers are in (25): every link of the page is there
        md.postprocessors.register(_NestedLinks(md), "qms_nested_links", 5)
        for name in ("image_link", "image_reference", "short_image_ref"):
            if name in md.inlinePatterns and isinstance(image := md.inlinePatterns[name], InlineProcessor):
                _alt_reads_references_as_text(image)
        for name in ("reference", "short_reference", "image_reference", "short_image_ref"):
            if name in md.inlinePatterns and isinstance(found := md.inlinePatterns[name], ReferenceInlineProcessor):
                _labels_read_as_written(found)


class _Parser:
    """One configured Markdown instance (per thread and dialect: Markdown objects are not thread-safe)."""

    def __init__(self, extensions: tuple[str, ...]) -> None:
        self.refs = RefExtension()
        names = [name for name in extensions if name != "toc"]
        configs: dict[str, dict[str, Any]] = {name: dict(SUPPORTED.get(name, {})) for name in names}
        configs["toc"] = {**SUPPORTED["toc"], "slugify": HEADING_SLUGIFY, "separator": HEADING_ID_SEPARATOR}
        if "footnotes" in configs:  # the footnote's way back, in the project's language
            configs["footnotes"]["BACKLINK_TITLE"] = t("render.footnote_back")
        self.md = markdown.Markdown(
            extensions=[*names, WritingExtension(tuple(names)), self.refs, "toc"],
            extension_configs={k: v for k, v in configs.items() if v},
            output_format="html",
        )
        inline_prefilter.install(self.md)
        item_attributes.install(self.md)


class _Parsers(threading.local):
    def __init__(self) -> None:
        self.by_dialect: dict[tuple[str, ...], _Parser] = {}

    def get(self, extensions: tuple[str, ...]) -> _Parser:
        key = (*extensions, current().code)  # the parser's words (footnote links) are in one language
        if key not in self.by_dialect:
            self.by_dialect[key] = _Parser(extensions)
        return self.by_dialect[key]


_local = _Parsers()


def render_markdown(body: str, resolve: Resolver, *, extensions: tuple[str, ...] = DEFAULT_EXTENSIONS,
                    base: str = "", resolve_path: PathResolver | None = None) -> Rendered:
    """Convert a body once and sanitise it; the result feeds both the site page and the Word copy.
    `base` is the document's folder inside the manuals (for relative links and images)."""
    parser = _local.get(tuple(extensions))
    parser.refs.resolve = resolve
    parser.refs.resolve_path = resolve_path or (lambda path: None)
    parser.refs.base = base
    try:
        cleaned = sanitize.clean(parser.md.reset().convert(body))
        cleaned = link_targets(cleaned, base, resolve_path or (lambda path: None))
        cleaned = add_captions(cleaned)  # after the allow-list: QD200 never sees a caption as added or dropped
        cleaned = dot_emphasis(cleaned)  # the page dots emphasised CJK text as the copies do (core/emphasis.py)
        return Rendered(cleaned, list(getattr(parser.md, "toc_tokens", [])))
    finally:
        parser.refs.resolve = lambda code: None
        parser.refs.resolve_path = lambda path: None


def render_unsanitised(body: str, *, extensions: tuple[str, ...] = DEFAULT_EXTENSIONS) -> str:
    """The one parse's HTML before the allow-list: what rule QD200 compares the allow-list with, so that
    nothing the site and the copies leave out goes unreported (sanitize.dropped)."""
    return str(_local.get(tuple(extensions)).md.reset().convert(body))


def ref_info(target: Target) -> RefInfo:
    return RefInfo(target.id, target.title, str(target.version or ""))


class CorpusRenderer:
    """Renders each document of a corpus once; the site page and the Word copy both read this cache."""

    def __init__(self, corpus: Corpus, config: Config | None = None, remembered: RenderCache | None = None) -> None:
        self.corpus = corpus
        self.extensions = config.dialect if config else DEFAULT_EXTENSIONS
        self.docs_dir = (config.manuals_dir if config else "manuals").strip("/")
        self.remembered = remembered
        """Renders of earlier builds (rendercache.py): used when every answer they were made with still holds."""
        self._cache: dict[str, Rendered] = {}
        self._paths: dict[str, str] | None = None
        self.gone: Mapping[str, str] = {}
        """Numbers git saw deleted and no file holds now, with their last titles (core/versions.py
        `deleted_titles`): an earlier version's text cited them while they were in force — a version in force until
        its successor's effective date, a history page, a redline — so a reference to one shows 《title》 and the
        number, with no page to link to, never the raw `[[ID]]` of a typo (`resolve`)."""
        self.in_force: Mapping[str, RefInfo] = {}
        """What a reference shows of a document whose approved version waits for its effective date today
        (core/copyplan.py `references_in_force`): the version in force until then, its title then and its page —
        on the site, in Word and in PDF alike, since all three read this render."""
        self._from: dt.date | None = None
        """The effective date of the waiting version being rendered (`document`): its text speaks of the days from
        then, so a reference to a document whose approved version takes effect by then names that version."""
        self.then: Mapping[str, RefInfo] = {}
        """What a reference showed of each document and form in one past commit (core/refsthen.py
        `references_then`): the render of an earlier version's text as a build of that commit wrote it (`as_then`)."""

    def as_then(self, refs: Mapping[str, RefInfo]) -> CorpusRenderer:
        """This renderer, its references naming each document and form as `refs` has it (a past commit's titles and
        versions, `then`) before anything today's corpus says; its own cache of documents (today's text)."""
        past = copy.copy(self)
        past.then, past._cache = refs, {}
        return past

    def resolve(self, code: str) -> RefInfo | None:
        if code in self.then:
            return self.then[code]
        if code in self.in_force and not self._in_force_by_then(code):
            return self.in_force[code]
        target = self.corpus.lookup(code)
        if target is not None:
            return ref_info(target)
        if code in self.gone:  # cited while it was in force: named, with no page to link to
            return RefInfo(code, self.gone[code], "", linked=False)
        return None

    def _in_force_by_then(self, code: str) -> bool:
        """Whether the waiting `code` has moved on by the day the text being rendered takes effect (`_from`): its
        approved version is in force by then, or its withdrawal has happened by then (`withdrawn_on`) — else the
        version in force on that day is the one `in_force` names."""
        target = self.corpus.documents.get(code)
        if self._from is None or target is None:
            return False
        if target.status.is_obsolete:  # its effective date is its last version's: the withdrawal's day decides
            return target.withdrawn_on(self._from)
        return target.effective_date is not None and target.effective_date <= self._from

    def link_target(self, path: str) -> str | None:
        """What a relative link to the file `path` (inside the manuals) points at after `qms:`: its control number,
        with the version of the page it goes to while that document waits (`in_force`); None for no document."""
        code = self.resolve_path(path)
        waiting = self.in_force.get(code or "") if code and code not in self.then \
            and not self._in_force_by_then(code) else None
        return ref_address(code, waiting.page) if code and waiting else code

    def inside_manuals(self, path: str) -> str:
        """A project-relative source path as a path inside the manuals folder."""
        prefix = self.docs_dir + "/"
        return path[len(prefix):] if path.startswith(prefix) else path

    def resolve_path(self, path: str) -> str | None:
        """The control number of the document whose source file is `path` (inside the manuals)."""
        if self._paths is None:
            self._paths = {self.inside_manuals(d.path): d.id for d in self.corpus.documents.values()}
        return self._paths.get(path)

    def _render(self, body: str, source_path: str) -> Rendered:
        base = posixpath.dirname(self.inside_manuals(self.corpus.home_path(source_path)))
        if self.remembered is None:
            return render_markdown(body, self.resolve, extensions=self.extensions, base=base,
                                   resolve_path=self.link_target)
        key = self.remembered.key(body, base, self.extensions)
        hit = self.remembered.recall(key, self._answer)
        if hit is not None:
            return Rendered(hit.html, hit.toc_tokens)
        answers: dict[tuple[str, str], Any] = {}

        def resolve(code: str) -> RefInfo | None:
            answers[("ref", code)] = self._answer("ref", code)
            return self.resolve(code)

        def resolve_path(path: str) -> str | None:
            answers[("path", path)] = found = self.link_target(path)
            return found

        rendered = render_markdown(body, resolve, extensions=self.extensions, base=base, resolve_path=resolve_path)
        self.remembered.remember(key, rendered.html, rendered.toc_tokens,
                                 [(question, asked, answer) for (question, asked), answer in answers.items()])
        return rendered

    def _answer(self, question: str, asked: str) -> Any:
        """What the corpus answers a render now, in the form the cache keeps (JSON: lists, strings, None)."""
        if question == "path":
            return self.link_target(asked)
        info = self.resolve(asked)
        return [info.code, info.title, info.version, info.page, info.linked] if info else None

    def document(self, document: Document) -> Rendered:
        """The document's text rendered; a version approved but waiting for its effective date (`in_force` names it)
        as it reads from then: its references to documents whose approved versions take effect by that day name
        those versions, as the copies of it and its page say it is in force from then."""
        if document.id not in self._cache:
            # a version waiting for its day; one whose withdrawal waits is the text in force today, from no later day
            waiting = document.id in self.in_force and not document.status.is_obsolete
            self._from = document.effective_date if waiting else None
            try:
                self._cache[document.id] = self._render(document.body, document.path)
            finally:
                self._from = None
        return self._cache[document.id]

    def text(self, body: str, source_path: str = "", *, versions: bool = True) -> Rendered:
        """`body` rendered; without `versions`, references name no version: the text of an earlier version does not
        know which version of a referenced document or form was in force while it was (the current one may be later)."""
        if versions:
            return self._render(body, source_path)
        base = posixpath.dirname(self.inside_manuals(self.corpus.home_path(source_path)))
        return render_markdown(body, self._unversioned, extensions=self.extensions, base=base,
                               resolve_path=self.link_target)

    def _unversioned(self, code: str) -> RefInfo | None:
        info = self.resolve(code)
        return replace(info, version="", page="") if info else None
