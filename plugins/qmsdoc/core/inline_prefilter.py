"""Python-Markdown's inline pass, skipping the patterns a text cannot hold.

Python-Markdown tries every inline pattern (about twenty in our dialect: code, links, references, escapes,
emphasis, magic links, HTML…) on every run of text, in priority order, each with its own regular
expression; at 2,000 documents that pass is 60 % of the one parse. Most patterns cannot match most text:
a link needs `[`, emphasis `*` or `_`, an entity `&`. Each pattern's expression is read once (the standard
library's own regular-expression parser) for the characters a match can begin with, kept as a one-class
expression compiled with the pattern's own flags (so case-insensitive patterns fold case exactly as they
do); a pattern whose first characters do not occur in the text from where the search starts is passed
over as Python-Markdown passes over a pattern that finds no match. A pattern whose match may be empty, or
begin with any character, or whose expression this cannot read, is always tried.

Same output as Python-Markdown's own pass, byte for byte: tests/test_inline_prefilter.py compares them on
the shipped manuals, the benchmark corpus and generated Markdown."""

from __future__ import annotations

import functools
import re
from typing import Any

from markdown import util
from markdown.inlinepatterns import InlineProcessor as InlinePattern
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import InlineProcessor

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants
    import sre_parse

_C = sre_constants
_CATEGORIES = {_C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_NOT_DIGIT: r"\D", _C.CATEGORY_SPACE: r"\s",
               _C.CATEGORY_NOT_SPACE: r"\S", _C.CATEGORY_WORD: r"\w", _C.CATEGORY_NOT_WORD: r"\W"}
_KEPT_FLAGS = re.IGNORECASE | re.ASCII | re.DOTALL
_ZERO_WIDTH = {_C.AT, _C.ASSERT, _C.ASSERT_NOT}
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)}


class _Unreadable(Exception):
    """The expression holds something whose first character this does not work out."""


def _char(code: int) -> str:
    return re.escape(chr(code))


def _in_class(items: list[tuple[Any, Any]]) -> str:
    parts: list[str] = []
    for op, av in items:
        if op is _C.NEGATE:
            parts.insert(0, "^")
        elif op is _C.LITERAL:
            parts.append(_char(av))
        elif op is _C.RANGE:
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is _C.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            raise _Unreadable(op)
    return "[" + "".join(parts) + "]"


def _first(items: Any) -> tuple[list[str], bool]:
    """The classes a match of `items` can begin with, and whether it can be empty."""
    found: list[str] = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _C.LITERAL:
            return [*found, _char(av)], False
        if op is _C.NOT_LITERAL:
            return [*found, "[^" + _char(av) + "]"], False
        if op is _C.IN:
            return [*found, _in_class(av)], False
        if op is _C.SUBPATTERN:
            _group, add_flags, del_flags, inner = av
            if add_flags or del_flags:
                raise _Unreadable(op)
            classes, empty = _first(inner)
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            classes, empty = _first(av)
        elif op is _C.BRANCH:
            classes, empty = [], False
            for branch in av[1]:
                more, may_be_empty = _first(branch)
                classes += more
                empty = empty or may_be_empty
        elif op in _REPEATS:
            low, _high, inner = av
            classes, empty = _first(inner)
            empty = empty or low == 0
        else:  # ANY, group references, conditionals…
            raise _Unreadable(op)
        found += classes
        if not empty:
            return found, False
    return found, True


@functools.cache
def first_characters(expression: re.Pattern[str]) -> re.Pattern[str] | None:
    """An expression matching any character a match of `expression` can begin with; None when any can."""
    try:
        classes, may_be_empty = _first(sre_parse.parse(expression.pattern, expression.flags))
    except (_Unreadable, re.error, RecursionError, TypeError, ValueError):
        return None
    if may_be_empty or not classes:
        return None
    return re.compile("|".join(dict.fromkeys(classes)), expression.flags & _KEPT_FLAGS)


class _TailBrackets:
    """Python-Markdown's `getText` of a link or image pattern, its closing brackets found once per text, not once
    per match: Python-Markdown works them out for the whole text it is handed, and each link it replaces hands it
    a new text (the link's placeholder in its place), so one paragraph of thousands of links was read once per
    link (`![a](b.png) ` 4,000 times: 45 s). Where a bracket closes depends only on the text from it on, and a
    replacement only changes the text before the next match: a text that ends as the one already read reuses
    its brackets, counted from the end."""

    def __init__(self, pattern: LinkInlineProcessor) -> None:
        self.find_ends = pattern._findBracketEnds  # type: ignore[attr-defined]
        self.read = ""
        self.from_end: list[int | None] = [None]  # per index counted from the end of `read`: its bracket's end, so
        # counted from the end too (None: never closes)

    def __call__(self, data: str, index: int) -> tuple[str, int, bool]:
        tail = len(data) - index
        if data is not self.read and not (tail <= len(self.read) and self.read.endswith(data[index:])):
            self.read = data
            self.from_end = [None if end is None else len(data) - end for end in reversed(self.find_ends(data))]
        distance = self.from_end[tail]
        if distance is None:
            return data[index:], len(data), False
        end = len(data) - distance
        return data[index:end - 1], end, True


class PrefilteredInline(InlineProcessor):
    """Python-Markdown's inline processor with the pattern loop above; everything else is its own."""

    _patterns: list[tuple[Any, re.Pattern[str] | None]]

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        self._patterns = [(pattern, first_characters(pattern.getCompiledRegExp())
                           if isinstance(pattern, InlinePattern) else None) for pattern in self.inlinePatterns]
        for pattern, _first_class in self._patterns:
            if isinstance(pattern, LinkInlineProcessor) and hasattr(pattern, "_findBracketEnds") \
                    and not isinstance(getattr(pattern, "getText", None), _TailBrackets):
                pattern.getText = _TailBrackets(pattern)  # type: ignore[method-assign]
        return super().run(tree, ancestors)

    def _handle_inline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N803 - the overridden name
        """Python-Markdown's `__handleInline`, passing over a pattern whose first characters are absent."""
        if not isinstance(data, util.AtomicString):
            apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
            patterns = self._patterns
            start = 0
            while patternIndex < len(patterns):
                pattern, first = patterns[patternIndex]
                if first is not None and first.search(data, start) is None:
                    patternIndex, start = patternIndex + 1, 0  # as a pattern that finds no match
                    continue
                data, matched, start = apply(pattern, data, patternIndex, start)
                if not matched:
                    patternIndex += 1
        return data

    _InlineProcessor__handleInline = _handle_inline


def install(md: Any) -> None:
    """Put the prefiltered pass in place of Python-Markdown's own (not of another extension's)."""
    if type(md.treeprocessors["inline"]) is InlineProcessor:
        md.treeprocessors.register(PrefilteredInline(md), "inline", 20)
