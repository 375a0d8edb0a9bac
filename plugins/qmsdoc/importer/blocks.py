"""What every reader produces: a flat list of blocks with the place they came from, and the notes
(report lines) a reader leaves for a person."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core.i18n import t

# Characters YAML and Word XML refuse (C0/C1 controls, NEL, non-characters, lone surrogates) and the
# Unicode line separators YAML would break a line at: pasted text must never carry them into a draft.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_SEPARATORS = re.compile("[\u2028\u2029]")
# A soft hyphen (U+00AD) typed or pasted into the text: only a place the line may break, no character of a word
# (「con\u00adtrol」 must read, and be found, as 「control」).
_SOFT_HYPHEN = "\u00ad"
# Where a picture stands inside a block's text or a table cell: 「\x00<n>\x00」, n its index in the block's
# `pictures`. A reader's text never holds NUL (printable() removes it), so no text the file says can look like one.
_MARKED = re.compile("\x00(\\d+)\x00")


def place(index: int) -> str:
    """The place of the block's picture `index` in its text or a cell (the Markdown writer shows it there)."""
    return f"\x00{index}\x00"


def marks(text: str) -> list[int]:
    """The indexes of the pictures whose place `text` holds, in order."""
    return [int(found) for found in _MARKED.findall(text)]


def remark(text: str, index: Callable[[int], int | None]) -> str:
    """`text` with each picture's place given the index `index` maps it to; those it maps to None taken out."""
    def replace(match: re.Match[str]) -> str:
        new = index(int(match.group(1)))
        return "" if new is None else place(new)
    return _MARKED.sub(replace, text)


def shown(text: str, show: Callable[[int], str]) -> str:
    """`text` with each picture's place replaced by what `show` makes of its index."""
    return _MARKED.sub(lambda match: show(int(match.group(1))), text)


def unmarked(text: str) -> str:
    """`text` without its pictures' places: what it says as text (a name, a date, a title)."""
    return _MARKED.sub("", text)


def printable(text: str) -> str:
    return _SEPARATORS.sub(" ", _UNPRINTABLE.sub("", text)).replace(_SOFT_HYPHEN, "")


def bare_title(title: str) -> str:
    """A title written in book-title marks (「《服务中心回访管理规程》」 on its own line) without them: the report and
    the page put their own around it (《《…》》 otherwise)."""
    inner = title[1:-1]
    if title.startswith("《") and title.endswith("》") and "《" not in inner and "》" not in inner and inner.strip():
        return inner.strip()
    return title


def quoted(text: str) -> str:
    """Source text quoted in a report line: as it is when it already stands in book-title marks (「《回访记录》」
    doubled them), else in the language's quotation marks."""
    return text if bare_title(text) != text else t("import.quoted", text=text)


@dataclass
class Picture:
    """A picture of a Word file's body, kept as it is (PNG, JPEG, GIF or BMP): its bytes, the extension its
    format is written with, its alt text; `file` is where the draft shows it from (plan.py names it)."""

    data: bytes
    extension: str  # png | jpg | gif | bmp
    alt: str = ""
    file: str = ""  # relative to the draft: img/<draft stem>-<n>.<extension>


@dataclass
class Block:
    """One heading, paragraph, list item or table of an imported file.

    `level` is the heading level (1 = a document title) or the list depth (0 = top level);
    `line` is the source line (text files) or the paragraph number (Word files)."""

    kind: str  # "heading" | "para" | "item" | "table" | "quote" | "markdown" (a Markdown source's body, as written)
    # | "picture" (its `picture`)
    text: str = ""
    level: int = 0
    ordered: bool = False
    rows: list[list[str]] = field(default_factory=list)
    line: int = 0
    source_lines: list[int] = field(default_factory=list)  # a "markdown" block: each of its lines' line in the file
    number: int = 0  # an ordered item's number in the source (a list that restarts after a paragraph at 3 stays 3)
    new_list: bool = False  # an item that starts another list right after the items of one (Word: another list)
    style: str = ""  # an ordered item's marker style in a text: "paren" (1), "paren-cn" (一), "circled", "letter"
    picture: Picture | None = None  # a "picture" block's image
    pictures: list[Picture] = field(default_factory=list)  # pictures inside its text or cells, where place(n) stands

    def shown(self) -> list[Picture]:
        """Every picture the block shows: its own, or those in its text and cells."""
        return [self.picture] if self.picture is not None else list(self.pictures)


@dataclass(frozen=True)
class Note:
    """One report line: something the import could not map, or left for a person to fill in."""

    path: str
    line: int
    message: str
    front: str = ""  # a manual's front page (cover, 目录, overview, 颁布令): the heading it takes in a new index.md
    text: str = ""  # that front page's text, as Markdown
    forms: tuple[tuple[str, str], ...] = ()  # (code, title) of forms a 目录 lists that the text does not hold: drafted

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass
class Chunk:
    """The blocks of one document found in an imported file, before recognition.

    `fields` holds what a cover, page header or approval table said (title, id, version, …)."""

    path: str
    line: int
    title: str
    blocks: list[Block] = field(default_factory=list)
    lines: list[Any] = field(default_factory=list)  # text files: the document's lines, before blocks
    fields: dict[str, str] = field(default_factory=dict)
    history: list[tuple[str, str, str, str]] = field(default_factory=list)
    signoffs: dict[str, tuple[str, str]] = field(default_factory=dict)
    qmsdoc_copy: bool = False  # a Word copy written by qmsdoc: references are 《title》（ID）
    kept: list[str] = field(default_factory=list)  # Markdown front-matter lines with no field: draft comments
    own: list[str] = field(default_factory=list)  # Markdown front-matter lines of the project's extra_fields
    records: list[tuple[str, str]] = field(default_factory=list)  # Markdown: (form code, title) of its Records
    record_headings: list[tuple[str, int]] = field(default_factory=list)  # Markdown: those sections' (name, line)
