"""Typst source written by qmsdoc: every piece of text a user wrote enters it as a Typst string literal
(`#"…"` in markup), never as markup, so nothing in a document can become Typst code."""

from __future__ import annotations

from collections.abc import Iterable

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TABLE = str.maketrans(_ESCAPES)


def string(text: str) -> str:
    """A Typst string literal holding `text` exactly."""
    return '"' + text.translate(_TABLE) + '"'


def text(value: str) -> str:
    """`value` as text inside markup (a content block)."""
    return "#" + string(value) if value else ""


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
