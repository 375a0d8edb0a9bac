"""Typst source written by qmsdoc: every piece of text a user wrote enters it as a Typst string literal
(`#"…"` in markup), never as markup, so nothing in a document can become Typst code."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

from ..core.colwidths import LONG_RUN

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TABLE = str.maketrans(_ESCAPES)


def string(text: str) -> str:
    """A Typst string literal holding `text` exactly."""
    return '"' + text.translate(_TABLE) + '"'


def text(value: str) -> str:
    """`value` as text inside markup (a content block)."""
    return "#" + string(value) if value else ""


# A run this long without a space or a CJK character (either of which Typst breaks at) is a URL, a path, an
# identifier or a long compound: Typst would set it on one line, past the margin or over the next column.
# (Scripts that join their letters or break by dictionary — Arabic, Thai, Khmer … — are left to Typst.)
_NOT_BREAKING = (r"[^\s\u0590-\u08ff\u0e00-\u0fff\u1000-\u109f\u1780-\u18af\u2e80-\u9fff\ua960-\ua97f"
                 r"\uac00-\ud7ff\uf900-\ufaff\ufb1d-\ufdff\ufe30-\ufe4f\ufe70-\ufeff\uff00-\uffef]")


@functools.cache
def _unbroken(longest: int) -> re.Pattern[str]:
    """A run of `longest` characters or more that Typst would not break."""
    return re.compile(f"{_NOT_BREAKING}{{{longest},}}")


_UNBROKEN = _unbroken(LONG_RUN)  # the length core/colwidths sizes columns by
_PIECE = 3  # characters between two break opportunities inside such a run
_JOINERS = frozenset("\u200d\u034f\ufe0e\ufe0f")


def breakable(value: str, longest: int = LONG_RUN) -> str:
    """`value` as text inside markup (as `text`), where a run Typst could not break (`longest` characters or
    more) gets a break opportunity every few characters (never inside a character and its combining marks): it
    wraps at the edge of its line or table cell instead of running past it. The text itself is unchanged."""
    return _broken(value, text, _unbroken(longest))


def breakable_raw(value: str, longest: int = LONG_RUN) -> str:
    """`value` as inline code (`#raw`), broken like `breakable` where a run is too long to stay whole."""
    return _broken(value, lambda piece: f"#raw({string(piece)})" if piece else "", _unbroken(longest))


def has_unbroken(value: str) -> bool:
    """Whether `value` holds a run Typst could not break (see `breakable`)."""
    return _UNBROKEN.search(value) is not None


def _broken(value: str, markup: Callable[[str], str], unbroken: re.Pattern[str]) -> str:
    out: list[str] = []
    done = 0
    for run in unbroken.finditer(value):
        out.append(markup(value[done:run.start()]))
        pieces, piece = [], ""
        for char in run.group():
            if len(piece) >= _PIECE and _can_break(piece[-1], char):
                pieces.append(markup(piece))
                piece = ""
            piece += char
        pieces.append(markup(piece))
        out.append("".join(f"#box[{piece}]" for piece in pieces))  # Typst may break between two boxes
        done = run.end()
    out.append(markup(value[done:]))
    return "".join(out)


def _can_break(before: str, after: str) -> bool:
    return (before not in _JOINERS and after not in _JOINERS and unicodedata.category(after)[0] != "M"
            and not 0xE0020 <= ord(after) <= 0xE007F)


def content(markup: str) -> str:
    """Markup as a content value (an argument of a Typst function)."""
    return f"[{markup}]"


def call(function: str, *arguments: str, **named: str) -> str:
    """`#function(arguments…, name: value…)` in markup; arguments are Typst expressions already."""
    args = [*arguments, *(f"{key.replace('_', '-')}: {value}" for key, value in named.items())]
    return f"#{function}({', '.join(args)})"


def array(items: Iterable[str]) -> str:
    """A Typst array of expressions (a one-item array keeps its trailing comma)."""
    listed = list(items)
    return "(" + ", ".join(listed) + ("," if len(listed) == 1 else "") + ")"


def length_mm(value: float) -> str:
    return f"{value:.2f}mm"
