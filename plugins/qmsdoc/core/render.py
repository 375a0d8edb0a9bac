"""The one Markdown parse: a document body becomes HTML (for the site) that the Word export walks too.

Raw HTML in sources is never passed through: it is escaped to visible text (rule QD190 flags it).
`[[ID]]` becomes a link whose href is `qms:ID`; each renderer maps that to its own target.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .codes import normalise
from .model import Corpus, Document, Target
from .structure import REF_PATTERN

REF_SCHEME = "qms:"
REF_HREF = re.compile(r'href="qms:([^"]+)"')


@dataclass(frozen=True)
class RefInfo:
    """What a reference shows: 《title》 ID version."""

    code: str
    title: str
    version: str


Resolver = Callable[[str], RefInfo | None]


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_tokens: list[dict[str, Any]]


class _RefPattern(InlineProcessor):
    def __init__(self, extension: RefExtension) -> None:
        super().__init__(REF_PATTERN.pattern)
        self.extension = extension

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # noqa: N802
        code = normalise(m.group(1))
        info = self.extension.resolve(code)
        if info is None:
            el = etree.Element("span", {"class": "qms-ref qms-ref-missing", "data-ref": code})
            el.text = f"[[{m.group(1)}]]"
            return el, m.start(0), m.end(0)
        el = etree.Element("a", {"class": "qms-ref", "href": REF_SCHEME + info.code, "data-ref": info.code})
        title = etree.SubElement(el, "span", {"class": "qms-ref-title"})
        title.text = f"《{info.title}》"
        ident = etree.SubElement(el, "span", {"class": "qms-ref-id"})
        ident.text = info.code
        if info.version:
            version = etree.SubElement(el, "span", {"class": "qms-ref-version"})
            version.text = info.version
        return el, m.start(0), m.end(0)


_UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data|file)\s*:", re.I)


class _UrlSanitiser(Treeprocessor):
    """Drop script/data/file URLs from links and images: QD200/QD201 report them, readers never get them."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and _UNSAFE_URL.match(value):
                    element.set(attribute, "#")


class RefExtension(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.resolve: Resolver = lambda code: None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        md.inlinePatterns.register(_RefPattern(self), "qms_ref", 185)
        md.treeprocessors.register(_UrlSanitiser(md), "qms_url_sanitiser", 0)
        # Escape raw HTML instead of passing it through: pasted <script> must never reach readers.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


class _Renderer(threading.local):
    def __init__(self) -> None:
        self.refs = RefExtension()
        self.md = markdown.Markdown(
            extensions=["tables", "sane_lists", "admonition", self.refs, "toc"],
            extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-4"}},
            output_format="html",
        )


_local = _Renderer()


def render_markdown(body: str, resolve: Resolver) -> Rendered:
    """Convert a body once; the result feeds both the site page and the Word copy."""
    md = _local.md
    _local.refs.resolve = resolve
    try:
        html = md.reset().convert(body)
        return Rendered(html, list(getattr(md, "toc_tokens", [])))
    finally:
        _local.refs.resolve = lambda code: None


def ref_info(target: Target) -> RefInfo:
    return RefInfo(target.id, target.title, str(target.version or ""))


class CorpusRenderer:
    """Renders each document of a corpus once; the site page and the Word copy both read this cache."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._cache: dict[str, Rendered] = {}

    def resolve(self, code: str) -> RefInfo | None:
        target = self.corpus.lookup(code)
        return ref_info(target) if target else None

    def document(self, document: Document) -> Rendered:
        if document.id not in self._cache:
            self._cache[document.id] = render_markdown(document.body, self.resolve)
        return self._cache[document.id]

    def text(self, body: str) -> Rendered:
        return render_markdown(body, self.resolve)
