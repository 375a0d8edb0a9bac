"""A page as the search sees it: its address, title, control numbers, rank and its sections (heading anchor,
heading, text). Made from the HTML qmsdoc itself wrote for the page — sanitised, so it is well formed — by
cutting it at its headings and dropping the parts marked `data-search-exclude` (control block, sign-off table,
download lines): a result's snippet is the document's own words."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

_EXCLUDED = re.compile(r"<(\w+)\b[^>]*\bdata-search-exclude\b[^>]*>")
_HEADING = re.compile(r'<h([1-6])\b[^>]*?\bid="([^"]*)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(?:p|div|li|tr|td|th|h[1-6]|table|ul|ol|pre|blockquote|dd|dt)>|<br\s*/?>", re.I)
_SPACE = re.compile(r"\s+")
_CJK = "\u3000-\u9fff\uf900-\ufaff\uff00-\uffef"
# A source line break inside a paragraph between two Chinese characters is no space (as core/compare.py reads
# it): a word wrapped in the source (员工离 / 职) is still the word 离职 to the search. Tags may stand between.
_WRAPPED = re.compile(rf"(?<=[{_CJK}])((?:<[^>]+>)*)[ \t]*\n\s*((?:<[^>]+>)*)(?=[{_CJK}])")


@dataclass(frozen=True)
class Section:
    anchor: str  # "" for the text before the first heading
    title: str
    text: str


@dataclass(frozen=True)
class PageRecord:
    url: str
    title: str
    tags: tuple[str, ...]
    """Control numbers: each an exact key in any spelling."""
    boost: float
    sections: tuple[Section, ...]

    def as_json(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "tags": list(self.tags), "boost": self.boost,
                "sections": [[s.anchor, s.title, s.text] for s in self.sections]}

    @classmethod
    def from_json(cls, data: Any) -> PageRecord:
        return cls(str(data["url"]), str(data["title"]), tuple(str(t) for t in data["tags"]), float(data["boost"]),
                   tuple(Section(str(a), str(t), str(x)) for a, t, x in data["sections"]))


def without_excluded(markup: str) -> str:
    """`markup` without the elements marked data-search-exclude (nested elements of the same name counted)."""
    out: list[str] = []
    at = 0
    while (match := _EXCLUDED.search(markup, at)) is not None:
        out.append(markup[at:match.start()])
        name = match.group(1)
        opening = re.compile(rf"<{name}\b|</{name}\s*>", re.I)
        depth, end = 1, match.end()
        while depth and (tag := opening.search(markup, end)) is not None:
            depth += -1 if tag.group(0).startswith("</") else 1
            end = tag.end()
        at = end if not depth else len(markup)
    out.append(markup[at:])
    return "".join(out)


def text_of(markup: str) -> str:
    """Visible text of an HTML fragment, blocks separated by a space."""
    markup = _WRAPPED.sub(r"\1\2", markup)
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", _BLOCK_END.sub(" ", markup)))).strip()


def sections(markup: str, title: str) -> tuple[Section, ...]:
    """The page cut at its headings; the text before the first one belongs to the page itself (anchor "")."""
    markup = without_excluded(markup)
    found: list[Section] = []
    start, anchor, heading = 0, "", title
    for match in _HEADING.finditer(markup):
        found.append(Section(anchor, heading, text_of(markup[start:match.start()])))
        start, anchor, heading = match.end(), match.group(2), text_of(match.group(3))
    found.append(Section(anchor, heading, text_of(markup[start:])))
    return tuple(s for n, s in enumerate(found) if n == 0 or s.text or s.title)


def record(url: str, title: str, markup: str, tags: tuple[str, ...], boost: float) -> PageRecord:
    markup = re.sub(r"^\s*<h1\b[^>]*>.*?</h1>", "", markup, count=1, flags=re.S)  # the title, shown as the title
    return PageRecord(url, title, tags, boost, sections(markup, title))
