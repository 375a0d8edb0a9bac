"""The links and images a body shows, read with Python-Markdown's own grammar, with the line of each.

The rules need lines the renderer does not keep, so they read the source; but what they read must be what
the one parse (render.py) renders, or the check reports a picture the page shows fine (`![x](流程 图.png)`)
or stays quiet about one the page shows broken (`![x](a.png (t))` is the file `a.png (t)`). So the text
between brackets and the destination are read by Python-Markdown's own `getText`/`getLink`, reference
definitions by its own pattern, and what it never renders is left out: fenced and indented code, code
spans, HTML comments, escaped brackets, `[[ID]]` (read before links, as the parse does). Raw HTML blocks are
found by Python-Markdown's own block reader: a `![x](a.png)` inside `<div>` is text, an `<img>` there a picture.
A paragraph is read whole, as the parse reads it, so link text and code spans may run over several lines.
Blocks inside blocks are read as the parse reads them: fences and indented code inside a block quote are code, an
unclosed fence is text, a reference definition in a quote or list item defines for the page. Character references
are read as the browser reads them: `b&#46;md` is a link to b.md, `QP&#45;02-01` shows QP-02-01.
The same reading gives the rules the prose the page shows (`prose`): what a bare control number is looked for in.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import markdown
from markdown.blockprocessors import BlockQuoteProcessor, HRProcessor, ReferenceProcessor, SetextHeaderProcessor
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.extensions.def_list import DefListProcessor
from markdown.extensions.footnotes import FootnoteBlockProcessor
from markdown.inlinepatterns import AUTOLINK_RE, AUTOMAIL_RE, HTML_RE, LinkInlineProcessor, ReferenceInlineProcessor
from pymdownx.details import DetailsProcessor  # type: ignore[import-untyped]

from . import htmlblocks
from .codes import SPACED_CODE_TOKEN
from .dialect import (
    ATX,
    DEFAULT_EXTENSIONS,
    Dialect,
    ListReading,
    callout_markers,
    list_reading,
    lost_cells,
    opens_table,
    thematic_break,
)
from .fences import ITEM_MARKER, Fences, closing, quote_depth
from .sanitize import comment_start, escaped, strip_comments

_OPENING_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# A block whose indented lines after a blank line are its own, not code (and a list item: item_lines), by the
# extension that makes it one: without it the line is a paragraph's and what is indented under it code (_containers).
_FOOTNOTE = r"\[\^[^\]\n]*\]:"  # a footnote's definition opening its line
_CONTAINERS = {"admonition": r"!!!", "pymdownx.details": r"\?\?\?", "footnotes": _FOOTNOTE,
               "def_list": r":[ \t]"}
_BACKTICKS = re.compile(r"(?<!\\)`+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # the dialect escapes any ASCII punctuation (dialect.py)
# `[[ID]]`, read by the parse (render.py) before links, by the check (structure.py) and the heading ids (anchors.py)
# alike. Also as an input method's 全角 mode types it, `［［ID］］` or `【【ID】】`, when what it holds is a control
# number's shape (`reference_written`); Obsidian's embed `![[ID]]` takes its `!` along (no stray mark on the page: QD130
# says what to write); an escaped `\[[ID]]` is text, as the writer asked.
REF_PATTERN = re.compile(r"(?<!\\)(?P<bang>!?)(?P<open>\[\[|\uff3b\uff3b|\u3010\u3010)"
                         r"(?P<written>[^\[\]\uff3b\uff3d\u3010\u3011\n]{1,80}?)(?P<close>\]\]|\uff3d\uff3d|\u3011\u3011)")
_ESCAPED_REF = re.compile(r"\\\[\[[^\[\]\n]{1,80}?\]\]")
REF_OPENERS = ("[[", "\uff3b\uff3b", "\u3010\u3010")  # a quick test before the pattern: `any(o in text for o in …)`


def reference_written(match: re.Match[str]) -> str | None:
    """What a `REF_PATTERN` match names as written (`QP-02-03`, ` qp-02-03 `, `ＱＰ－０２－０３`), or None when it is
    no reference: full-width or lenticular brackets around anything but a control number (`【【注意】】` is text)."""
    written = match.group("written")
    if match.group("open") == "[[" and match.group("close") == "]]":
        return written
    return written if SPACED_CODE_TOKEN.fullmatch(written.strip(" \t\u3000")) else None


def has_reference_opener(text: str) -> bool:
    """Whether `text` may hold a reference (`REF_OPENERS`): the cheap test before the pattern."""
    return any(opener in text for opener in REF_OPENERS)
_HTML_IMAGE = re.compile(r"<img\b[^<>]*?\ssrc\s*=\s*[\"']?((?<=\")[^\"<>]+|(?<=')[^'<>]+|[^\"'\s<>]+)", re.I)
_HTML_LINK = re.compile(r"<a\b[^<>]*?\shref\s*=\s*[\"']?((?<=\")[^\"<>]+|(?<=')[^'<>]+|[^\"'\s<>]+)", re.I)
_ESCAPED_BASE = 0xF0000  # an escaped character stands as one private-use character while brackets are read
_HELD = "\x01"  # …after this filler, so the text keeps its length (and each offset its line)
# Python-Markdown's own inline HTML and autolinks: markup, not prose
_MARKUP = re.compile("|".join(f"(?:{p})" for p in (AUTOLINK_RE, AUTOMAIL_RE, HTML_RE)), re.S)
# The lines that end the paragraph above them (and a list item: item_lines), by the parse's own block readers, which
# look for their line anywhere in a run of lines, not only at its start: a heading (up to 3 spaces in, dialect.ATX), a
# quote, a thematic break, and with the extension that reads it a whole admonition or details opening line (`!!! note
# 附件](a.md)` is more of the paragraph), a definition or a footnote. A table is the dialect's (opens_table).
_INTERRUPTS = {"": (ATX, BlockQuoteProcessor.RE, HRProcessor.SEARCH_RE), "admonition": (AdmonitionProcessor.RE,),
               "pymdownx.details": (DetailsProcessor.START,), "def_list": (DefListProcessor.RE,),
               "footnotes": (FootnoteBlockProcessor.RE,)}
_QUOTE = re.compile(r"^[ ]{0,3}>[ ]?")  # a block quote's marker: its text is read without it
_COMMENT_BLOCK = re.compile(r"^[ ]{0,3}<!--")  # a comment opening a line: an HTML block, outside quotes
_SETEXT_UNDERLINE = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$")  # Python-Markdown's setext underline, alone
# A bare web address, which a dialect with pymdownx.magiclink (the default) shows as a link: its words are the
# address's, not prose (`https://a.cn/QP-02-01.pdf` names a file, not the document QP-02-01).
_BARE_URL = re.compile(r"(?<![\w/@.])(?:(?:https?|ftps?)://|www\.)[^\s<>\"'`\[\]]+", re.I)
# Raw HTML whose text the page shows as code or as a link, never as prose (the parse passes it through).
# Linear: an unclosed one is read only up to the next tag of its name.
_RAW_NOT_PROSE = re.compile(r"<(code|pre|a)\b[^<>]*>(?:[^<]|<(?!/?\1\b))*</\1\s*>", re.I)
# A character reference the page decodes: what Python-Markdown's serialiser leaves unescaped (its RE_AMP, in text
# and in a link's destination alike: `&#45;`, `&#x51;`, `&#X51;`, `&ndash;`). Any other `&` the page shows as written.
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);", re.I)
# The marks that open a block inside a block (a quote, a list item, and by the extension that makes it one a
# definition or a footnote), as Python-Markdown reads them (the dialect's lists: dialect.py): the block's own text
# follows (_openers).
_ITEM_OPENER = rf"(?:{ITEM_MARKER})[ \t]+"
_OPENERS = {"def_list": r":[ ]{1,3}", "footnotes": _FOOTNOTE + "[ ]*"}
_OPENING_MARKS = frozenset(">-*+:[0123456789")  # the first character of each of them
# Python-Markdown's abbreviation definition (`*[QP]: 程序文件`, the default dialect's abbr): shows nothing itself
_ABBREVIATION = re.compile(r"^[*]\[[^\\]*?\][ ]?:")


@functools.lru_cache(maxsize=64)
def _openers(dialect: Dialect, items: bool) -> re.Pattern[str]:
    """The block openers (`_OPENERS`) of `dialect`, a quote's always, a list item's too with `items`."""
    marks = [r">[ ]?", *([_ITEM_OPENER] if items else []), *(p for name, p in _OPENERS.items() if name in dialect)]
    return re.compile(r"^[ ]{0,3}(?:" + "|".join(marks) + ")")


@functools.lru_cache(maxsize=64)
def _containers(dialect: Dialect) -> re.Pattern[str] | None:
    """The lines that open a block of their own (`_CONTAINERS`) in `dialect`; None when it has none of them."""
    opened = [pattern for name, pattern in _CONTAINERS.items() if name in dialect]
    return re.compile("^(?:" + "|".join(opened) + ")") if opened else None


class _Link(LinkInlineProcessor):
    def unescape(self, text: str) -> str:
        return text  # nothing is stashed: escapes are held as private-use characters (inline_text)


_md = markdown.Markdown()
_inline = _Link(r"\[", _md)
_reference = ReferenceInlineProcessor(r"\[", _md)


@dataclass(frozen=True)
class Target:
    """A link (`a`) or image (`img`) as written in the source, at `line`; `label` for a reference-style one."""

    kind: str
    target: str
    line: int
    label: str | None = None
    html: bool = False  # a raw `<a href>`/`<img src>`


def markdown_lines(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) -> tuple[tuple[int, str], ...]:
    """Each body line the parse reads as Markdown, with its file line: fenced code (closed only by a fence of
    its character and length at its opening's indent, as superfences reads it: _fence_end), indented code blocks
    and HTML comments are left out. Read once per body
    and dialect (Config.dialect: the links, the references and the reference definitions are each read from
    these lines)."""
    return _line_reading(body, first_line, dialect)[0]


def lazy_lines(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) -> frozenset[int]:
    """The file lines (of `markdown_lines`) 4 or more columns in — past their list item's text, inside their quote —
    that the page reads as more of the paragraph above them (a lazy line): `a` over `    # 目的` shows text, no
    heading."""
    return _line_reading(body, first_line, dialect)[1]


@functools.lru_cache(maxsize=16384)
def _line_reading(body: str, first_line: int, dialect: Dialect) \
        -> tuple[tuple[tuple[int, str], ...], frozenset[int]]:
    lazy: set[int] = set()
    return tuple(_markdown_lines(body, first_line, dialect, lazy)), frozenset(lazy)


@functools.lru_cache(maxsize=16384)
def item_lines(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) -> Mapping[int, str]:
    """The file lines the page shows as list items, each with the item's text after its marker (dialect.list_items,
    the list rewrite's own reading, in the project's `dialect`): `2025. 6 发布` under a paragraph line and `i. e.`
    are a paragraph's text, `a. 范围` an item with pymdownx.fancylists and a paragraph's text without it."""
    items = _list_reading(body, "pymdownx.fancylists" in dialect)[0]
    return MappingProxyType({first_line + index: text for index, (_, text) in items.items()})


def parted_fences(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) -> frozenset[int]:
    """The file lines closing fenced code the page sets apart from the text around it (dialect.list_reading): the
    line under one starts a block of its own, in a loose list item too. Under any other closing fence (in a tight
    list item) the page goes on with the text the code sits in."""
    return frozenset(first_line + index for index in _list_reading(body, "pymdownx.fancylists" in dialect)[1])


def item_text_lines(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) -> frozenset[int]:
    """The file lines the page reads as an item's text (dialect.list_reading: under an item, less than 4 columns past
    its text), without their indent: `  目的` over `  ===` under fenced code set apart (parted_fences) is the item's
    heading."""
    return frozenset(first_line + index for index in _list_reading(body, "pymdownx.fancylists" in dialect)[2])


def item_heading_lines(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) -> frozenset[int]:
    """The file lines of the underlines that make a list item's own line its heading (dialect.list_reading: `- 目的`
    over `  ---`, at the item's text column); no other underline makes an item's line a heading."""
    return frozenset(first_line + index for index in _list_reading(body, "pymdownx.fancylists" in dialect)[3])


@functools.lru_cache(maxsize=1024)
def _list_reading(body: str, fancy: bool) -> ListReading:
    return list_reading(body.split("\n"), fancy=fancy)


def inner_text(line: str, items: bool = True, dialect: Dialect = DEFAULT_EXTENSIONS) -> str:
    """`line` without the marks of the blocks it opens (`> `, `- `, `1. `, and in a `dialect` with def_list and
    footnotes `: `, `[^1]: `; nested): the text the parse reads as a block of its own (`> ## 3 职责` is a heading,
    `- [r]: a.md` a reference definition). Not `items`: a line the page shows as no list item (item_lines) keeps
    what only begins like a marker (`3. ## 标题` under a paragraph line is its text)."""
    if line.lstrip(" ")[:1] not in _OPENING_MARKS:
        return line  # most lines: no block opens there
    opener = _openers(dialect, items)
    while (mark := opener.match(line)) is not None and mark.end():
        line = line[mark.end():]
    return line


def _indented(text: str) -> bool:
    """Whether `text` is 4 columns in, tabs read as the parse reads them (to the next multiple of 4: ` \t# h` is
    code): indented code, or no heading, underline or table of its own."""
    return text[:4].expandtabs(4).startswith("    ")


def _comment_closes(lines: list[str], start: int, item_text: frozenset[int] = frozenset()) -> tuple[int, bool]:
    """Whether a comment left open at the end of line `start`, inside a text, closes (`-->`) before its paragraph
    ends (a blank line; a heading, which is a line of its own, ends it at once), with the index the search stopped
    at: an opener on a line before it gets the same answer (the lines between hold no `-->`). The lines the list
    rewrite moved to an item's text column (`item_text`) are read there, as the page reads them."""
    if ATX.match(quote_depth(lines[start])[1]):
        return start + 1, False
    for index in range(start + 1, len(lines)):
        text = quote_depth(lines[index])[1]
        if index in item_text:
            text = text.lstrip(" ")
        if "-->" in text:
            return index, True
        if not text.strip() or ATX.match(text):
            return index, False
    return len(lines), False


def _open_comment_at(line: str) -> int:
    """Where the comment left open at the end of `line` (read from its start, outside a comment) begins."""
    position = 0
    while (start := comment_start(line, position)) >= 0:
        end = line.find("-->", start + 4)
        if end < 0:
            return start
        position = end + 3
    return len(line)


def _markdown_lines(body: str, first_line: int, dialect: Dialect, lazy: set[int]) -> Iterator[tuple[int, str]]:
    # Fences and indented code are read inside block quotes too (`> ~~~`), from the text after the quote marks.
    lines = body.split("\n")
    fences = Fences(lines)
    fence_end = -1
    comment_search = (-1, False)  # where the last search for an inline comment's end stopped, and whether it closed
    in_comment = False
    previous_blank, in_container, in_code, closed = True, False, False, False
    started = comment_block = False  # the line above starts a block; the open comment opened one (an HTML block)
    previous_depth = 0
    list_open = False  # an item within the margin's reach (indented less than 4) opened a list that goes on
    # in a list, a line is indented code (or a lazy line) 4 columns past its item's text, not past the margin
    reading = _list_reading(body, "pymdownx.fancylists" in dialect)
    items, item_text, deep = reading.items, reading.item_text, reading.deep
    # `> [!NOTE]`, `:::tip 标题` … `:::`: the parse makes them admonitions (dialect.py), whose body starts a block
    # of its own (`    code` right under the marker is code); a `:::` closing line shows nothing.
    markers = callout_markers(lines) if ("[!" in body or ":::" in body) and "admonition" in dialect else {}
    containers = _containers(dialect)
    for offset, full in enumerate(lines):
        if offset <= fence_end:
            continue
        if offset in markers and not in_comment:
            previous_blank, in_code, in_container = True, False, False
            yield first_line + offset, "" if not markers[offset][0] else full
            continue
        depth, line = quote_depth(full)
        end = fences.end(offset) if not in_comment else None  # `- ```python` opens the item's code too
        if end is not None:
            fence_end, previous_depth = end, depth
            continue
        if depth != previous_depth:
            previous_blank, in_code = depth > previous_depth or previous_blank, False  # a quote opens a block
            previous_depth = depth
        blank = not line.strip()
        listed = offset in deep or offset in item_text
        if offset in items and not _indented(line):
            list_open = True
        elif not blank and not listed and offset not in items and offset not in reading.raw_in_items \
                and not _indented(line):
            list_open = False  # (raw HTML inside an item, passed through as written, leaves the list open)
        # an item's marker 4 columns in with no list open (`    - x` under a paragraph and a blank line) is code
        indented = offset in deep if listed else (offset not in items or not list_open) and _indented(line)
        # the text a block opens with: an item's after its marker, an item's block's without its indent
        own = items[offset][1] if offset in items else line.lstrip(" ") if listed else line
        if not blank and not indented:
            in_container = bool(containers and containers.match(line.lstrip(" ")))
        # a deep line the list rewrite set apart under a blank line (`# 注`, `> 注` right under an item's text) is code
        in_code = indented and not in_container and (previous_blank or in_code or closed
                                                     or offset in reading.deep_apart) and not in_comment
        if indented and not in_container and not in_code and not blank and not in_comment:
            lazy.add(first_line + offset)
        # a heading, a thematic break or a setext underline under a block's first line is one line: no paragraph
        # goes on under it, so `    code` right under `# 目的`, `---` or `===` is indented code (CommonMark, and the
        # parse); under an underline inside a paragraph (`a` / `b` / `===`) the paragraph goes on
        underline = started and not closed and _SETEXT_UNDERLINE.match(own) is not None
        starts = not blank and not in_code and (previous_blank or closed or offset in items or offset == 0)
        closed = not blank and not in_code and (ATX.match(own) is not None or thematic_break(own) or underline
                                                 or offset in reading.item_headings)
        started = starts
        if not blank:
            previous_blank = False
        elif not in_code:
            previous_blank = True
        if in_code:
            continue
        opened = in_comment
        if not opened:
            # (in a quote's own text Python-Markdown reads it inline: `> <!-- c -->` goes on as a paragraph)
            # (a comment under an item's text line is inline: the list rewrite moved it into that text, no raw block)
            comment_block = (not depth or offset in items or (listed and starts)) \
                and _COMMENT_BLOCK.match(own) is not None
        text, in_comment = strip_comments(full, in_comment)
        if comment_block and not in_comment and "-->" in full and not full[full.rindex("-->") + 3:].strip():
            closed = True  # a comment opening its line and closing it ends its HTML block: a block starts under it
        if in_comment and not opened and not _COMMENT_BLOCK.match(line):
            # a comment opened inside a text spans lines only within its paragraph (an inline one to the parse):
            # left open there, its `<!--` is text and the lines under it are read (`正文 <!--` over `# 目的`)
            if comment_search[0] <= offset:
                comment_search = _comment_closes(lines, offset, item_text)
            if not comment_search[1]:
                start = _open_comment_at(full)
                text, in_comment = strip_comments(full[:start])[0] + full[start:], False
        yield first_line + offset, text


def _blank(text: str) -> str:
    """`text` as spaces, its line breaks kept (each offset stays on its line)."""
    return re.sub(r"[^\n]", " ", text)


def _code_spans(line: str) -> Iterator[tuple[int, int, int, int]]:
    """Each code span in `line`: a run of backticks up to the next run of the same length (linear: the next run of
    each length is found in one pass from the end), as (start, content start, content end, end)."""
    runs = list(_BACKTICKS.finditer(line))
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        size = len(runs[index].group(0))
        following[index] = last.get(size)
        last[size] = index
    index = 0
    while index < len(runs):
        closing = following[index]
        if closing is None:
            index += 1
            continue
        yield runs[index].start(), runs[index].end(), runs[closing].start(), runs[closing].end()
        index = closing + 1


def blank_code_spans(line: str) -> str:
    """`line` with each code span blanked (_code_spans)."""
    if "`" not in line:
        return line
    kept, position = [], 0
    for start, _, _, end in _code_spans(line):
        kept.append(line[position:start])
        kept.append(_blank(line[start:end]))
        position = end
    return "".join(kept) + line[position:]


def code_in_label(content: str) -> str:
    """How a reference label holding a code span whose text is `content` is matched with a definition: as written,
    backticks and all (CommonMark matches labels on their raw text: `[`Worker`][]` is defined by
    `[`Worker`]: url`), in one form whatever run of backticks or spaces round the text wrote it. The parse
    (render.py, from the code element) and the check (`label_as_written`) both read it so."""
    return f"`{content.strip()}`"


def label_as_written(written: str, held: str | None = None) -> str:
    """A reference label as the parse matches it: each code span in `written` read by `code_in_label`, the rest as
    `held` has it (the same text as inline_text gives it, escapes held: the parse never matches one); `written`
    itself without `held`."""
    if "`" not in written:
        return written if held is None else held
    rest = written if held is None else held
    kept, position = [], 0
    for start, opened, closed, end in _code_spans(written):
        kept.append(rest[position:start])
        kept.append(code_in_label(written[opened:closed]))
        position = end
    return "".join(kept) + rest[position:]


def inline_text(line: str) -> str:
    """Text as the link patterns meet it: code spans and `[[ID]]` blanked, each escaped character held as a
    filler and one private-use character (neither a bracket nor a parenthesis any more; same length)."""
    line = blank_code_spans(line)
    line = REF_PATTERN.sub(lambda m: m.group(0) if reference_written(m) is None else " " * len(m.group(0)), line)
    if "\\[[" in line:  # `\[[ID]]`: the markup shown as text (how to write a reference), no bare number (QD170)
        line = _ESCAPED_REF.sub(lambda m: " " * len(m.group(0)), line)
    return _ESCAPE.sub(lambda m: _HELD + chr(_ESCAPED_BASE + ord(m.group(1))), line)


def link_spans(line: str, defined: dict[str, tuple[str, int]]) -> list[tuple[Target, int, int, int]]:
    """Each link and image the parse reads on one `line` (not inside a code span or `[[ID]]`; reference-style ones
    by `defined`, as `definitions` gives them) with its offsets in `line`: its start (an image's `!`), the end of
    its text (after `]`) and its end; in source order (one inside a link's text after that link). What an editor
    of the source replaces."""
    if "[" not in line:
        return []
    return list(_markdown_targets(inline_text(line), 0, defined, line))


def decoded(text: str) -> str:
    """`text` with each character reference the page decodes decoded (`QP&#45;02` is shown as QP-02, the link
    `b&#46;md` is to b.md)."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text) if "&" in text else text


def shown_text(text: str) -> str:
    """A line of inline text (a heading's) as the page shows it: escapes and character references read (`3\\. 职责`,
    `3 &#32844;责` show `3. 职责`, `3 职责`; Python-Markdown writes an escaped `&` back as `&`, so `\\&#45;` shows
    `-` too). Text with a code span is left as written (the span shows both as written)."""
    if "`" in text or ("\\" not in text and "&" not in text):
        return text
    return decoded(_ESCAPE.sub(r"\1", text))


def _unescaped(text: str) -> str:
    if _HELD not in text:
        return text  # no escape: most text
    return "".join(chr(ord(c) - _ESCAPED_BASE) if ord(c) >= _ESCAPED_BASE else c for c in text if c != _HELD)


@functools.lru_cache(maxsize=16384)
def raw_html_lines(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) -> frozenset[int]:
    """The file lines of raw HTML blocks, as Python-Markdown's own block reader finds them: the parse passes
    them through as written (no heading, link or picture of Markdown inside), except the inside of an element
    with a `markdown` attribute (md_in_html, when the `dialect` has it), which is Markdown again. Code is never an
    HTML block."""
    if "<" not in body:
        return frozenset()
    read = {line - first_line for line, _ in markdown_lines(body, first_line, dialect)}
    # the block reader sees the lines as the parse does: tabs expanded, blank ones empty, code left out
    fed = [line.expandtabs(4) if offset in read and line.strip() else ""
           for offset, line in enumerate(body.split("\n"))]
    found: set[int] = set()
    for first, last, raw in htmlblocks.raw_blocks(fed):
        if raw.startswith("<!--"):
            continue  # a comment is never shown (markdown_lines leaves it out)
        if "md_in_html" in dialect and htmlblocks.MARKDOWN_ATTRIBUTE.match(raw):
            found.update((first, last))
        else:
            found.update(range(first, last + 1))
    return frozenset(first_line + offset for offset in found)


def is_fence(line: str) -> bool:
    """Whether `line` opens or closes fenced code: the parse keeps the text right after a closing fence in the
    same block (no setext heading can start there)."""
    return _OPENING_FENCE.match(line) is not None


def setext_heading(text: str, following: str) -> int | None:
    """The level of a setext heading (`目的` over `===` or `---`) whose text line is `text`, with Python-Markdown's
    own pattern; the caller says `text` starts a block (the parse reads no underline inside a paragraph)."""
    if not text.strip() or _indented(text) or thematic_break(text):
        return None  # (`---` over `---` is two thematic breaks: the list rewrite parts them)
    match = SetextHeaderProcessor.RE.match(f"{text}\n{following}")
    return None if match is None else (1 if following.lstrip().startswith("=") else 2)


def definitions(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) -> dict[str, tuple[str, int]]:
    """A body's reference definitions `[name]: target` by lower-case name, with their file line: Python-Markdown's
    pattern (the destination or a title on the next line too; `<a b.png>` is no definition, as the parse reads it);
    the last one wins, as in the parse (each definition it reads replaces the one before)."""
    return _definitions(markdown_lines(body, first_line, dialect),
                        tuple(item_lines(body, first_line, dialect).items()), dialect)[0]


@functools.lru_cache(maxsize=1024)
def _definitions(lines: tuple[tuple[int, str], ...], items: tuple[tuple[int, str], ...], dialect: Dialect) \
        -> tuple[dict[str, tuple[str, int]], frozenset[int]]:
    """`definitions` in `lines`, and the lines they are written on, with the line a destination or title runs on to
    (the page shows nothing there); `items`: item_lines, each list item's text by line. With footnotes in the
    `dialect`, `[^1]: 注` is a footnote; without, a reference definition like any other (`[^1]` links to `注`)."""
    found: dict[str, tuple[str, int]] = {}
    continued: set[int] = set()
    footnotes = "footnotes" in dialect
    texts = dict(items)

    def inner(line: int, written: str) -> str:  # a definition in a quote or a list item defines for the whole page
        return inner_text(texts[line], dialect=dialect) if line in texts \
            else inner_text(written, items=False, dialect=dialect)

    for index, (line, written) in enumerate(lines):
        if "]:" not in written:
            continue
        text = inner(line, written)
        following = inner(line + 1, lines[index + 1][1]) \
            if index + 1 < len(lines) and lines[index + 1][0] == line + 1 else ""
        for chunk in (f"{text}\n{following}", text):
            match = ReferenceProcessor.RE.match(chunk)
            if match and not (footnotes and match.group(1).startswith("^")):  # `[^1]:` a footnote
                name = match.group(1).strip().lower()
                found[name] = (decoded(match.group(2).lstrip("<").rstrip(">")), line)
                continued.update((line, line + 1) if match.end() > len(text) else (line,))
                break
    return found, frozenset(continued)


def targets(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) -> tuple[Target, ...]:
    """Every link and image the parse renders from `body`, in source order: inline and reference-style
    (full, collapsed, shortcut; defined anywhere, labels case-insensitive) Markdown and raw `<a href>`/`<img src>`.
    A reference-style target names its definition's destination; an undefined one is plain text and left out.
    A link written over several lines is at the line of its `[`.
    Read once per body: five rules ask for the same body's links in turn (a cold check of 2,000 documents read
    them 10,000 times, a sixth of the check)."""
    if "[" not in body and "<" not in body:
        return ()
    return _read(body, first_line, dialect).targets


def prose(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) -> dict[int, str]:
    """Each line's text the page shows as prose, by file line: code (fenced, indented, spans), comments, links
    (text, destination, title), images, `[[ID]]`, reference definitions, autolinks and HTML tags blanked (the
    text between raw tags stays: the page shows it). What a bare control number is looked for in."""
    return _read(body, first_line, dialect).prose


def code_blanked(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) -> tuple[tuple[int, str], ...]:
    """Each line the parse reads (code and comments left out) with its code spans and Markdown link destinations
    and titles blanked (the parse writes those as attribute values) — a span may run over the lines of a
    paragraph — by file line: the HTML and attributes the page may render."""
    return _read(body, first_line, dialect).code_blanked


def paragraph_starts(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) -> frozenset[int]:
    """The file lines that begin a text of their own as the parse reads them (a paragraph, a heading, a table row,
    not raw HTML): where a setext heading's text may stand (`目的` over `===` after a thematic break or a reference
    definition, not inside a paragraph)."""
    return _read(body, first_line, dialect).starts


def lost_table_cells(body: str, first_line: int, dialect: Dialect = DEFAULT_EXTENSIONS) \
        -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    """Each table row the page shows cut short, by file line: (line, the table's columns, the cells past them, as
    written). The parse shows a row as many cells as the table's delimiter row has (GFM too): more are dropped
    without a word — the text of a controlled document gone from the site and both copies."""
    if "tables" not in dialect or "|" not in body:
        return ()
    found = []
    for table in _read(body, first_line, dialect).tables:
        if len(table) < 3:
            continue
        (_, header), (_, delimiter) = table[0], table[1]
        for number, text in table[2:]:
            columns, lost = lost_cells(header, delimiter, text)
            if any(lost):
                found.append((number, columns, tuple(lost)))
    return tuple(found)


@dataclass(frozen=True)
class _Reading:
    targets: tuple[Target, ...]
    prose: dict[int, str]
    code_blanked: tuple[tuple[int, str], ...]
    starts: frozenset[int]
    tables: tuple[tuple[tuple[int, str], ...], ...]  # each table's lines (header, delimiter, rows) as read


@functools.lru_cache(maxsize=16384)
def _read(body: str, first_line: int, dialect: Dialect) -> _Reading:
    lines = markdown_lines(body, first_line, dialect)
    raw = raw_html_lines(body, first_line, dialect)
    items = item_lines(body, first_line, dialect)
    defined, continued = _definitions(tuple((n, t) for n, t in lines if n not in raw), tuple(items.items()),
                                      dialect) if "]:" in body else ({}, frozenset())
    found: list[Target] = []
    shown = {number: text for number, text in lines}
    blanked = dict(shown)
    alone = continued | frozenset(n for n, t in lines if "abbr" in dialect and t[:2] == "*[" and _ABBREVIATION.match(t))
    opening: set[int] = set()
    tables: list[list[tuple[int, str]]] = []
    body_lines = body.split("\n")
    parted = parted_fences(body, first_line, dialect)
    moved = item_text_lines(body, first_line, dialect)
    for group, is_raw, row, cells in _paragraphs(lines, raw, items, dialect, alone, body_lines, first_line, parted,
                                                 moved):
        numbers = [number for number, _ in group]
        if cells:  # a table's line: its header starts one
            if not row or not tables:
                tables.append([])
            tables[-1] += [(number, quote_depth(text)[1]) for number, text in group]
        if not is_raw and not row and not _after_code(numbers[0], first_line, body_lines, shown, parted):
            opening.add(numbers[0])
        starts = [0]
        for _, text in group[:-1]:
            starts.append(starts[-1] + len(text) + 1)

        def line_at(offset: int, numbers: list[int] = numbers, starts: list[int] = starts) -> int:
            return numbers[bisect.bisect_right(starts, offset) - 1]

        text = "\n".join(t if is_raw else _blank(t) if n in continued
                         else _QUOTE.sub(lambda m: _blank(m.group(0)), _definition_blanked(t, dialect))
                         for n, t in group)
        if is_raw:  # passed through as written: its tags are HTML, its text shown, no Markdown inside
            code, seen = text, text
            spans: list[tuple[Target, int, int, int]] = []
        else:
            code = blank_code_spans(text)
            seen = inline_text(text)
            # a table's cells are parted before their links are read (GFM): `[a|b](x.md)` is two cells' text
            spans = [span for start, cell in (_cells(seen) if cells else ((0, seen),)) if "[" in cell
                     for span in _markdown_targets(cell, start, defined, text[start:start + len(cell)])]
        if spans:
            chars, markup = list(seen), list(code)
            for _, start, text_end, end in spans:  # a link or image shows its text as a link, never as prose
                chars[start:end] = _blank("".join(chars[start:end]))
                markup[text_end:end] = _blank("".join(markup[text_end:end]))  # destination, title: attributes
            seen, code = "".join(chars), "".join(markup)
        html_found = [(m.start(), Target(kind, html.unescape(m.group(1)), line_at(m.start()), html=True))
                      for kind, pattern in (("img", _HTML_IMAGE), ("a", _HTML_LINK)) if "<" in code
                      for m in pattern.finditer(code) if not escaped(code, m.start())]  # `\\<img …\\>` is text
        ordered = sorted([(start, target) for target, start, _, _ in spans] + html_found, key=lambda item: item[0])
        found.extend(Target(t.kind, t.target, line_at(start), t.label, t.html) for start, t in ordered)
        if "<" in seen:
            seen = _MARKUP.sub(lambda m: _blank(m.group(0)), _RAW_NOT_PROSE.sub(lambda m: _blank(m.group(0)), seen))
        if not is_raw and "pymdownx.magiclink" in dialect and ("://" in seen or "www." in seen.lower()):
            seen = _BARE_URL.sub(lambda m: _blank(m.group(0)), seen)
        for number, line_text, line_code in zip(numbers, seen.split("\n"), code.split("\n"), strict=True):
            shown[number] = decoded(_unescaped(line_text))  # `\&#45;` too: the escape is undone first
            blanked[number] = line_code
    return _Reading(tuple(found), shown, tuple(blanked.items()), frozenset(opening),
                    tuple(tuple(table) for table in tables))


def _definition_blanked(text: str, dialect: Dialect) -> str:
    """A reference or (with the `dialect`'s abbr) abbreviation definition line blanked (it shows nothing itself, in a
    quote or a list item too; `[^1]: 注` too without footnotes: a reference definition then); any other line as it
    is."""
    if "]" not in text:
        return text
    inner = inner_text(text, dialect=dialect)
    match = ReferenceProcessor.RE.match(inner)
    shows_nothing = (match is not None and not ("footnotes" in dialect and match.group(1).startswith("^"))) \
        or ("abbr" in dialect and _ABBREVIATION.match(inner))
    return " " * len(text) if shows_nothing else text


def _paragraphs(lines: Sequence[tuple[int, str]], raw: frozenset[int], items: Mapping[int, str], dialect: Dialect,
                alone: frozenset[int], body: Sequence[str], first_line: int, parted: frozenset[int],
                moved: frozenset[int] = frozenset()) -> Iterator[tuple[list[tuple[int, str]], bool, bool, bool]]:
    """The runs of lines the parse reads as one text, with whether it is raw HTML, whether a table's row after its
    first and whether a table's line (its cells, parted by `|`, are read one by one): a raw HTML block, or a
    paragraph — consecutive lines until one that ends it as the parse's block readers find it (_interrupts; a list
    item: `items`, the lines the page shows as items), more of it after fenced code right under its line in a list
    item (superfences puts the code inside it; elsewhere the code stands apart, `parted`: parted_fences); a heading,
    a thematic break, a setext underline, a definition's term, a quote's blank line (`>`) and a line that shows
    nothing (`alone`: a reference definition) each a text of its own, as each row of a table.
    `body`: the body's lines, the first at `first_line`; `moved`: the lines the list rewrite moved to an item's text
    column (item_text_lines), read there (`    # 目的` under an item's text line, 4 columns in, is its heading)."""
    group: list[tuple[int, str]] = []
    group_raw = table = row = cells = False
    for index, (number, text) in enumerate(lines):
        is_raw = number in raw
        following = lines[index + 1][1] if index + 1 < len(lines) and lines[index + 1][0] == number + 1 else ""
        starts = stands_alone = False
        if not is_raw and text.strip() and not quote_depth(text)[1].strip():  # `>` alone: a quote's blank line
            starts = stands_alone = True
        elif group and not group_raw and not is_raw and text.strip():
            previous = group[-1]
            starts = not _continues(previous[0], number, body, number - first_line, parted) or table \
                or number in items or number in alone or previous[0] in alone or _alone(previous[1], dialect)
            depth, inner = quote_depth(text)
            if not starts and depth > quote_depth(group[0][1])[0]:
                starts = True  # a quote deeper than the paragraph's starts (a lazy line above keeps its depth)
            elif not starts and len(group) == 1 and setext_heading(quote_depth(previous[1])[1], inner):
                starts = stands_alone = True  # the line above is a heading
            elif not starts and "def_list" in dialect and DefListProcessor.RE.match(inner):
                yield from (([line], False, False, False) for line in group)  # each line above is a term of its own
                group = []
            elif not starts:
                starts = _interrupts(inner.lstrip(" ") if number in moved else inner, quote_depth(following)[1],
                                     dialect)
        elif group:  # a blank line, raw HTML beside Markdown, or the next line of raw HTML after a gap
            starts = not text.strip() or group_raw != is_raw or group[-1][0] != number - 1
        in_table, table = table, bool(text.strip()) and not is_raw and "tables" in dialect \
            and (table or opens_table(quote_depth(text)[1], quote_depth(following)[1]))
        if starts and group:
            yield group, group_raw, row, cells
            group = []
        if text.strip():
            if not group:
                row, cells = in_table, table  # a row under the table's first: no text of its own starts there
            group.append((number, text))
            group_raw = is_raw
        if stands_alone:
            yield group, group_raw, row, cells
            group = []
    if group:
        yield group, group_raw, row, cells


def _after_code(number: int, first_line: int, body: Sequence[str], read: Mapping[int, str],
                parted: frozenset[int]) -> bool:
    """Whether file line `number` is right under a closed fence (a line not `read`; `body` starts at `first_line`)
    the page does not set apart (`parted`: in a list item): the parse keeps it in the code's block, where no text of
    its own starts (`目的` over `===` there is text)."""
    return number > first_line and number - 1 not in read and number - 1 not in parted \
        and closing(body[number - 1 - first_line]) is not None


def _continues(above: int, number: int, body: Sequence[str], offset: int, parted: frozenset[int]) -> bool:
    """Whether file line `number` (at `offset` in `body`) goes on with the paragraph of file line `above`: right
    under it, or under a closed fence opened right under it in the same quote that the page does not set apart
    (`parted`: in a list item, the parse goes on with the item's text after the code); not at a comment opening a
    line outside quotes (an HTML block to the parse)."""
    if _COMMENT_BLOCK.match(body[offset]):
        return False
    if above == number - 1:
        return True
    opening = quote_depth(body[offset - (number - above) + 1])
    return is_fence(opening[1]) and opening[0] == quote_depth(body[offset - (number - above)])[0] \
        and closing(body[offset - 1]) is not None and number - 1 not in parted


@functools.lru_cache(maxsize=64)
def _interrupting(dialect: Dialect) -> tuple[re.Pattern[str], ...]:
    """The patterns of the lines that end a paragraph in `dialect` (_INTERRUPTS)."""
    return tuple(pattern for name, patterns in _INTERRUPTS.items() if not name or name in dialect
                 for pattern in patterns)


def _interrupts(text: str, following: str, dialect: Dialect) -> bool:
    """Whether a line whose text (inside its quotes) is `text`, the next line's `following`, ends the paragraph
    above it in `dialect`: `!!! note` does, `!!! note 附件](a.md)` and `| a | b |` with no delimiter row under it
    go on with it."""
    return any(pattern.match(text) for pattern in _interrupting(dialect)) \
        or (not _indented(text) and opens_table(text, following))


def _alone(text: str, dialect: Dialect) -> bool:
    """Whether a line is a text of its own, the next line starting another: a heading, a thematic break, an
    admonition's or a details' opening line in `dialect` (its body is indented). A definition (`: 说明`) goes on
    with the lines under it as a paragraph does."""
    inner = quote_depth(text)[1]
    return bool(ATX.match(inner) or HRProcessor.SEARCH_RE.match(inner)) \
        or ("admonition" in dialect and AdmonitionProcessor.RE.match(inner) is not None) \
        or ("pymdownx.details" in dialect and DetailsProcessor.START.match(inner) is not None)


def _cells(text: str) -> Iterator[tuple[int, str]]:
    """A table line's cells (as inline_text gives it: an escaped `\\|` and code spans no longer hold a `|`), each
    with its offset: the parse parts them before it reads their links."""
    start = 0
    for index, char in enumerate(text):
        if char == "|":
            yield start, text[start:index]
            start = index + 1
    yield start, text[start:]


def _markdown_targets(text: str, base: int, defined: dict[str, tuple[str, int]], written: str) \
        -> Iterator[tuple[Target, int, int, int]]:
    """Each link and image in `text` (as inline_text gives it; `written`: the same text as written, offset for
    offset) with its start, the end of its text (`]`) and its end, offset by `base`."""
    position = 0
    while (start := text.find("[", position)) >= 0 and text.find("]", start) >= 0:  # no `]` left: no link
        kind = "img" if start and text[start - 1] == "!" else "a"
        label, index, closed = _inline.getText(text, start + 1)
        if not closed:
            position = start + 1
            continue
        href, _, end, handled = _inline.getLink(text, index)
        opening = base + start - (kind == "img")
        if handled and index < len(text) and text[index] == "(":
            yield Target(kind, decoded(_unescaped(href)), 0), opening, base + index, base + end
        else:
            name, end, handled = _reference.evalId(text, index, label)
            if not handled:  # a shortcut `[name]`
                name, end = label.lower(), index
            # the label as written where it holds code (`[`Worker`][]`, `[x][`a`]`): the parse matches it so
            at = (text.index("[", index) + 1, end - 1) if handled else (start + 1, index - 1)
            if at[0] == at[1]:  # `[text][]`: the text is the label
                at = (start + 1, index - 1)
            shown = written[at[0]:at[1]]
            if "[" in shown or "]" in shown:
                # no definition's label holds a bracket (ReferenceProcessor.RE): read (as written, spaces folded),
                # each of a nesting's labels took the length of the line, and 5,000 nested `[a`…`a]` took 15 s
                position = start + 1
                continue
            if "`" in shown:
                name = label_as_written(shown, text[at[0]:at[1]]).lower()
            # an escape stays held: the parse matches the label with its placeholder in, which no definition has
            # (`[x\\*y]` links nowhere, whatever is defined)
            name = re.sub(r"\s+", " ", name or "").strip()
            if name not in defined:
                position = start + 1
                continue
            yield Target(kind, defined[name][0], 0, name), opening, base + index, base + end
        if kind == "a":  # a link's text may show an image (or hold a link the parse reads again)
            yield from _markdown_targets(label, base + start + 1, defined, written[start + 1:start + 1 + len(label)])
        position = end


def forget_readings() -> None:
    """Drop the bodies' memoised readings (lines, list items, raw HTML, definitions, targets, prose). They spare a
    check's rules reading a body twice and a preview's re-check reading unchanged bodies again; a build, once checked,
    would otherwise hold them to its end: 25 MB of a 2,000-document site build's peak, beside MkDocs' pages."""
    for memo in (_line_reading, _list_reading, raw_html_lines, item_lines, _definitions, _read, _containers,
                 _openers, _interrupting):
        memo.cache_clear()
