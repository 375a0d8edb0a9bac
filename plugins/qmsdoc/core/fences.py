"""Fenced code as the parse's pymdownx.superfences reads it: the one reading of the check's line reader (mdlinks)
and the parse's own list rewrite (dialect.ListLines), so the two never disagree about which lines are code.

Not CommonMark: only a fence of its character and length closes it (```` ```` ```` does not close ```` ``` ````),
outside quotes at its opening's indent; a line written less far in than the opening (or than a quote's margin: a
lazy line) ends it unclosed; and an unclosed fence is no fence, the parse shows `~~~` and what follows as text.
"""

from __future__ import annotations

import re

_QUOTES = re.compile(r"^(?:[ ]{0,3}>[ ]?)+")  # every quote mark a line opens with (nested quotes)
_FENCE_MARGIN = re.compile(r"^[ \t>]*")  # what superfences reads before a quoted fence's lines (its PREFIX_CHARS)
_Searched = dict[tuple[str, int, bool], tuple[int, int | None]]  # by fence, indent, quoted: (stopped at, closing)


def quote_depth(line: str) -> tuple[int, str]:
    """How many block quotes `line` is inside (`> > x`: 2) and its text inside them, as the parse reads it."""
    if ">" not in line[:4]:
        return 0, line
    marks = _QUOTES.match(line)
    return (0, line) if marks is None else (marks.group(0).count(">"), line[marks.end():])


def closing(line: str) -> tuple[str, int] | None:
    """The fence character and length of a line that may close fenced code (`~~~~` alone), else None."""
    stripped = quote_depth(line)[1].strip()
    if len(stripped) < 3 or stripped[0] not in "`~" or stripped.strip(stripped[0]):
        return None
    return stripped[0], len(stripped)


def _fence_margin(line: str) -> int:
    """How many columns of spaces and quote marks open `line`: a quoted fence's margin, as superfences reads it."""
    return len(_FENCE_MARGIN.match(line.expandtabs(4)).group(0))  # type: ignore[union-attr]


def _fence_line_in(line: str, margin: int) -> bool:
    """Whether `line` stays inside a quoted fence whose opening has `margin` columns of spaces and `>` before it:
    blank, or at least that margin written. A line with less (a lazy line, written without the quote's `>`) ends
    the fence unclosed, as superfences reads it (eval_quoted): the page shows the fence and its lines as text."""
    written = line.expandtabs(4)
    return not written.strip(" \t>") or _fence_margin(written) >= margin


class Fences:
    """Where the fences of a body's `lines` close. Linear over the body: a closed fence's lines are read once;
    whether one closes is known from the longest closing line after it (by character, and whether only up to the
    next blank line, where a quote ends), and from where the last search for the same fence stopped."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.longest = {(char, quoted): [0] * (len(lines) + 1) for char in "`~" for quoted in (False, True)}
        self.searched: _Searched = {}
        if any("```" in line or "~~~" in line for line in lines):
            for index in range(len(lines) - 1, -1, -1):  # the longest closing line of each character from each on
                ends_quote = not lines[index].strip()
                for (_, quoted), sizes in self.longest.items():
                    sizes[index] = 0 if quoted and ends_quote else sizes[index + 1]
                if (closes := closing(lines[index])) is not None:
                    for quoted in (False, True):
                        sizes = self.longest[closes[0], quoted]
                        sizes[index] = max(sizes[index], closes[1])

    def end(self, start: int, fence: str, depth: int, indent: int) -> int | None:
        """The index of the line closing the fence `fence` opened at line `start` (`depth` quotes in; outside quotes
        and list items `indent` columns in; -1 in a list item or a container, whose lines the list rewrite moves: any
        indent closes there), or None: the fence never closes, and is no fence."""
        lines = self.lines
        if self.longest[fence[0], depth > 0][start + 1] < len(fence):
            return None
        quoted_margin = _fence_margin(lines[start]) if depth else 0
        key = (fence, indent if not depth else quoted_margin, depth > 0)
        stopped, found = self.searched.get(key, (-1, None))
        if stopped > start:  # a search from an earlier opening went past this one: its answer is this one's
            return found
        found = None
        for index in range(start + 1, len(lines)):
            stopped = index
            if depth and quote_depth(lines[index])[0] < depth and not lines[index].strip():
                break  # the quote holding the fence has ended first
            if depth and not _fence_line_in(lines[index], quoted_margin):
                break  # a lazy line (`> ```` then `## 3 职责`): superfences leaves the fence unclosed, its lines text
            if depth or indent < 0:
                closes = closing(lines[index])
                if closes is not None and closes[0] == fence[0] and closes[1] == len(fence):
                    found = index
                    break
                continue
            written = lines[index].expandtabs(4)
            if not written.strip():
                continue
            margin = written[:indent]
            if len(margin) < indent or margin.strip():
                break  # written less far in than the opening (or a quote): the parse leaves the fence unclosed
            if written[indent:].rstrip(" \t") == fence:
                found = index
                break
        else:
            stopped = len(lines)
        self.searched[key] = (stopped + (found is None), found)
        return found
