"""How each box of a controlled copy looks (its shading and left border), the one table both copy writers
(Word, PDF) read. On the site Material colours each admonition kind; a copy groups the kinds into a few looks
that stay apart in black and white too: the heavier the border, the more serious the kind (danger is the
heaviest, then warning), and an untitled admonition shows its kind's word (dialect.py gives it)."""

from __future__ import annotations

from dataclasses import dataclass

from .copyblocks import Box


@dataclass(frozen=True, slots=True)
class Look:
    fill: str  # the shading, RRGGBB ("" none: what is around the box shows through)
    border: str = ""  # the left border's colour, RRGGBB ("" none)
    border_pt: float = 0.0  # its width in points


LOOKS: dict[str, Look] = {
    "quote": Look("F7F7F7", "999999", 1.5),  # a grey bar
    "code": Look("F2F2F2"),
    "note": Look("EEF3FB"),  # a details block without a kind: a light shade
    "definition": Look(""),  # indented, nothing more: as the page (Material) sets a definition under its term
    # admonitions, grouped as Material groups their kinds
    "danger": Look("FDECEA", "C62828", 3.0),  # a heavy red border
    "warning": Look("FFF3E0", "E67E00", 2.25),  # orange
    "success": Look("EAF5EA", "2E7D32", 1.5),  # green
    "info": Look("EEF3FB", "607D8B", 1.5),  # blue-grey: note and every other kind
}

# An admonition's kind (Material's kinds and their aliases) → its look; a kind not named here looks as "info".
KIND_LOOKS: dict[str, str] = {
    **dict.fromkeys(("danger", "error", "failure", "fail", "missing", "bug"), "danger"),
    **dict.fromkeys(("warning", "caution", "attention"), "warning"),
    **dict.fromkeys(("tip", "hint", "important", "success", "check", "done"), "success"),
    **dict.fromkeys(("note", "seealso", "abstract", "summary", "tldr", "info", "todo", "question", "help", "faq",
                     "example", "snippet", "quote", "cite"), "info"),
}


def look_of(box: Box) -> Look:
    """The look a box is written in: an admonition's by its kind, any other box's by what it is."""
    if box.admonition is not None:
        return LOOKS[KIND_LOOKS.get(box.admonition, "info")]
    return LOOKS.get(box.kind, LOOKS["note"])
