"""Fenced code as the parse's pymdownx.superfences reads it: the one reading of the check's line reader (mdlinks),
the parse's own list rewrite (dialect.ListLines) and its callouts (dialect.callout_markers), so none of them
disagrees with the page about which lines are code.

One walk down the body, as superfences' own (search_nested): a fence opens at a line of spaces and quote marks and
then ```` ``` ```` or `~~~` with an info string it reads; once open, no other opening is looked for until it
closes — by a line of its character and length at its opening's margin — or a line drops it (written less far in,
a lazy line without a quote's `>`, a quote line under an unquoted fence): that line is read as the dropped fence's,
never as an opening, and the search goes on after it. A fence never closed is no fence, and nothing after its
opening opens one: the page shows `~~~` and what follows as text. Not CommonMark: ```` ```` ```` does not close
```` ``` ````.

Superfences reads the list rewrite's output, not the source: an item's own line opening a fence (`- ```python`) is
moved to a line of its own there, with the fence's lines, when the fence closes; one that does not is left as
written, where superfences sees no fence.
"""

from __future__ import annotations

import bisect
import re

from pymdownx.superfences import (  # type: ignore[import-untyped]
    NESTED_FENCE_END,
    RE_HL_LINES,
    RE_LINENUMS,
    RE_NESTED_FENCE_START,
    RE_OPTIONS,
)

_QUOTES = re.compile(r"^(?:[ ]{0,3}>[ ]?)+")  # every quote mark a line opens with (nested quotes)
_MARGIN = re.compile(r"^[ \t>]*")  # what superfences reads before a fence (its PREFIX_CHARS)
ITEM_MARKER = r"[-*+]|\d{1,9}[.)]"  # a bulleted or numbered item's marker, in every dialect
# A fence right after an item's marker and a space: the list rewrite (dialect.ListLines) moves it to a line of its own.
_ITEM_FENCE = re.compile(rf"^( *(?:{ITEM_MARKER}) )(`{{3,}}|~{{3,}})")
# The options superfences' highlighting reads after a fence (highlight_validator), with the form of their value: any
# other makes the line no fence (its attributes refused), `hl_lines` and `linenums` without a value too.
_OPTIONS: dict[str, re.Pattern[str] | None] = {
    "hl_lines": RE_HL_LINES, "linenums": RE_LINENUMS, "title": None, "title_mode": None,
}
_Searched = dict[tuple[str, int, int], tuple[int, int | None]]  # by fence, margin, quotes: (stopped at, closing)


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


def _read_info(opened: re.Match[str]) -> bool:
    """Whether superfences reads the info string after an opening fence (`python`, `{.x}`, `title="t"`): words it
    does not read (`unrecognized`: ```` ```x``` y ```` is inline code) or options it does not know
    (```` ```python foo ````) leave the line text."""
    if opened.group("unrecognized") is not None:
        return False
    for option in RE_OPTIONS.finditer(opened.group("options") or ""):
        key, value = option.group("key"), option.group("value")
        if key not in _OPTIONS:
            return False
        form = _OPTIONS[key]
        if form is not None and form.match(key if value is None else value) is None:
            return False
    return True


def _opening(line: str) -> tuple[str, int, int, bool] | None:
    """The fence `line` (tabs expanded) opens to superfences: (the fence, its margin, the quotes in the margin,
    whether an item's line opens it, which the list rewrite moves only when it closes), or None."""
    margin = len(_MARGIN.match(line).group(0))  # type: ignore[union-attr]
    if line[margin:margin + 3] in ("```", "~~~"):
        opened = RE_NESTED_FENCE_START.match(line, margin)
        if opened is None or not _read_info(opened):
            return None
        return opened.group("fence"), margin, line[:margin].count(">"), False
    quotes = _QUOTES.match(line)
    start = quotes.end() if quotes is not None and ">" in line[:4] else 0
    item = _ITEM_FENCE.match(line[start:])
    if item is None:
        return None
    opened = RE_NESTED_FENCE_START.match(line, start + item.start(2))
    if opened is None or not _read_info(opened) or ("`" in opened.group("fence") and "`" in line[opened.end(1):]):
        return None
    return opened.group("fence"), start + item.start(2), line[:start].count(">"), True


class Minimums:
    """A tree of the minimums of `values` by range: the first index past one below a bound in log time."""

    def __init__(self, values: list[int]) -> None:
        self.count = len(values)
        self.size = 1 << max(len(values) - 1, 0).bit_length()
        self.tree = [1 << 30] * self.size + values + [1 << 30] * (self.size - len(values))
        for node in range(self.size - 1, 0, -1):
            self.tree[node] = min(self.tree[2 * node], self.tree[2 * node + 1])

    def first_below(self, start: int, bound: int) -> int:
        """The first index after `start` whose value is below `bound`, else the number of values."""
        stack = [(1, 0, self.size)]
        while stack:
            node, low, high = stack.pop()
            if high <= start + 1 or self.tree[node] >= bound:
                continue
            if high - low == 1:
                return min(low, self.count)
            middle = (low + high) // 2
            stack += [(2 * node + 1, middle, high), (2 * node, low, middle)]
        return self.count


class Fences:
    """Where the fences of a body's `lines` open and close, from one walk down them as superfences walks them.
    Linear over the body: a search is read once for each fence, margin and quote depth (an unclosed item fence,
    which the list rewrite leaves as written, is searched from the line after it again: the search from an earlier
    opening of the same kind that went past it is its answer)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.closes: dict[int, int] = {}  # each opening line's closing line
        if any("```" in line or "~~~" in line for line in lines):
            self._read_lines()
            self._walk()

    def _read_lines(self) -> None:
        """What a search needs to pass at once the lines that neither close nor drop it, not line by line (an
        item's fence never closed is searched again from the line after it: nested ones were quadratic). By line:
        its leading spaces, the columns of spaces and `>` opening it and the `>` among them (none for a blank line:
        it drops no fence by itself), the `>` of a blank line and of a line right under one; and the lines that
        may close a fence, by fence and margin."""
        never = 1 << 30
        leads, margins, depths, blanks = [], [], [], []
        self.blank: list[bool] = []
        self.marks_after_blank: list[list[int] | None] = []  # the columns of `>` opening a line under a blank one
        self.after_blank: dict[int, Minimums] = {}  # by quotes: where the last of them is (_under_blank)
        self.at_margin: dict[tuple[str, int], list[int]] = {}  # by fence and margin (a line that drops first is none)
        for index, line in enumerate(self.lines):
            line = line.expandtabs(4).rstrip(" ")
            margin = len(_MARGIN.match(line).group(0))  # type: ignore[union-attr]
            lead = len(line) - len(line.lstrip(" "))
            leads.append(lead if line else never)
            margins.append(margin if margin < len(line) else never)
            depth = line[:margin].count(">")
            depths.append(-depth)
            blanks.append(depth if margin == len(line) else never)
            under = margin < len(line) and self.blank[-1:] == [True]
            self.marks_after_blank.append([at for at in range(margin) if line[at] == ">"] if under else None)
            self.blank.append(margin == len(line))
            run = line[margin:]
            if run[:3] in ("```", "~~~") and not run.strip(run[0]):
                self.at_margin.setdefault((run, margin), []).append(index)
        self.leads, self.margins = Minimums(leads), Minimums(margins)
        self.depths, self.blanks = Minimums(depths), Minimums(blanks)

    def _under_blank(self, quotes: int) -> Minimums:
        """By line right under a blank one: minus the column of its `quotes`-th `>` (fewer: below any margin's
        minus), so a search at a margin finds the first such line with fewer `>` than `quotes` within it."""
        if quotes not in self.after_blank:
            never = 1 << 30
            self.after_blank[quotes] = Minimums([
                never if marks is None else -marks[quotes - 1] if len(marks) >= quotes else -never
                for marks in self.marks_after_blank])
        return self.after_blank[quotes]

    def _passed(self, start: int, fence: str, margin: int, quotes: int) -> tuple[int, int | None]:
        """From line `start` on, inside a fence (`fence` at `margin`, `quotes` deep): the first line that is not
        plain code (outside quotes one written less far in; in quotes one written less far in, deeper in quotes,
        blank, or right under a blank line: the search reads it on its own), or the line closing the fence if it
        comes first (with it)."""
        if quotes:
            stop = min(self.margins.first_below(start - 1, margin), self.depths.first_below(start - 1, -quotes),
                       self.blanks.first_below(start - 1, quotes),
                       self._under_blank(quotes).first_below(start - 1, 1 - margin))
        else:
            stop = self.leads.first_below(start - 1, margin)
        closers = self.at_margin.get((fence, margin), [])
        closed = bisect.bisect_left(closers, start)
        if closed < len(closers) and closers[closed] < stop:
            return closers[closed], closers[closed]
        return stop, None

    def end(self, start: int) -> int | None:
        """The index of the line closing the fence line `start` opens, or None: it opens none, or one the page
        shows as text (never closed, or dropped before its closing line)."""
        return self.closes.get(start)

    def _walk(self) -> None:
        searched: _Searched = {}
        index = 0
        while index < len(self.lines):
            opening = _opening(self.lines[index].expandtabs(4))
            if opening is None:
                index += 1
                continue
            fence, margin, quotes, item = opening
            stopped, found = searched.get((fence, margin, quotes), (-1, None))
            if stopped <= index:  # no search from an earlier opening of the same kind went past this one
                stopped, found = self._search(index, fence, margin, quotes)
                searched[fence, margin, quotes] = (stopped, found)
            if found is not None:
                self.closes[index] = found
                index = found + 1
            else:  # a dropped fence's search goes on after the line that dropped it; a moved item fence's at once
                index = index + 1 if item else stopped + 1

    def _search(self, start: int, fence: str, margin: int, quotes: int) -> tuple[int, int | None]:
        """Where superfences' search from the fence opened at `start` stops, and the closing line if it closed
        there (superfences' eval_fence and eval_quoted)."""
        if not quotes:  # eval_fence: dropped at the first line less far in (or quoted), closed at its own margin
            return self._passed(start + 1, fence, margin, 0)
        closes = re.compile(NESTED_FENCE_END % fence)
        blank_lines = 0
        blank_depth = quotes  # the fewest quotes a blank line since the last code line was written in
        index = start + 1
        while index < len(self.lines):
            if not blank_lines:  # past the plain code lines at once (and blank ones in its quote)
                index, found = self._passed(index, fence, margin, quotes)
                if found is not None or index == len(self.lines):
                    return index, found
                above = self.lines[index - 1].expandtabs(4)  # a blank line passed: blank at this margin too?
                blank_lines = int(index - 1 > start and self.blank[index - 1] and len(above) <= margin)
            line = self.lines[index].expandtabs(4)
            written = len(_MARGIN.match(line[:margin]).group(0))  # type: ignore[union-attr]
            ws, content = line[:written], line[written:]
            depth = ws.count(">")
            if depth > quotes:
                return index, None
            if not content:
                blank_lines += 1
                blank_depth = min(blank_depth, depth)
                index += 1
                continue
            if blank_depth < depth:  # the list rewrite parts two quotes a blank line apart (QUOTE_BREAK): the
                return index - 1, None  # fence is dropped there, and this line may open one
            if written < margin or (blank_lines and depth < quotes):
                return index, None  # written less far in (a lazy line), or a quote ended by a blank line
            if closes.match(content) is not None:
                return index, index
            blank_lines, blank_depth = 0, quotes
            index += 1
        return len(self.lines), None
