"""Write blocks back as the project's Markdown: `##` headings, numbered paragraphs, `-`/`1.` lists
(four spaces per level), pipe tables; and a draft as a source file with its front matter."""

from __future__ import annotations

import re

from ..acts.yamledit import flow_mapping, scalar
from ..core.dialect import QUOTE_BREAK
from .blocks import Block, Picture, shown

# What opens a block at the start of a line in the project's dialect although the imported text only says it:
# a heading (「#3楼门禁」: Python-Markdown needs no space after #), a code fence (an unclosed one swallows every
# section after it), an admonition (!!!) and a rule (*** ___).
_BLOCK_OPENER = re.compile(r"^(?=#|`{3}|~{3}|!{3}|\*{3}|_{3})", re.MULTILINE)


def visible(text: str) -> str:
    """The text as written: angle brackets as text (「<填写姓名>」 would otherwise be read as an HTML tag and
    dropped), and a line that would open a Markdown block escaped with a backslash."""
    return _BLOCK_OPENER.sub("\\\\", text.replace("<", "\\<").replace(">", "\\>"))


def _cell(text: str) -> str:
    return visible(text).replace("|", "\\|").replace("\n", " ").strip()


def image(picture: Picture) -> str:
    """`![alt](file)`: the alt text escaped so that it stays the alt text."""
    alt = visible(picture.alt).replace("[", "\\[").replace("]", "\\]").replace("|", "\\|").replace("\n", " ")
    return f"![{alt}]({picture.file})"


def _placed(text: str, block: Block) -> str:
    """Written text (already escaped) with each of the block's pictures shown at its place: `![alt](file)`."""
    return shown(text, lambda at: image(block.pictures[at]) if at < len(block.pictures) else "")


def _marker(block: Block, number: int) -> str:
    """An item's marker: `-`, `3.`, or for a lettered item (「c)」「C、」) `c)` / `C)` — the dialect's fancylists keeps
    the letter the clauses cite (见 c)) where `3.` lost it; past z, a number."""
    if not block.ordered:
        return "-"
    if block.style in ("letter", "LETTER") and number <= 26:
        letter = chr(ord("a") + number - 1)
        return f"{letter.upper() if block.style == 'LETTER' else letter})"
    return f"{number}."


def body(blocks: list[Block]) -> str:
    out: list[str] = []
    previous: Block | None = None
    counters: dict[int, int] = {}
    for block in blocks:
        if block.kind == "item":
            if previous is None or previous.kind != "item":
                counters.clear()
                if out:
                    out.append("")
            elif block.new_list and block.level == 0:
                # Another list right under the last one: a blank line would only make the two one loose list in
                # Python-Markdown, an empty comment (never shown) keeps them two, each numbered from its start.
                counters.clear()
                out += ["", QUOTE_BREAK, ""]
            for depth in [d for d in counters if d > block.level]:
                del counters[depth]
            if block.level not in counters and block.ordered and block.number > 1:
                counters[block.level] = block.number - 1  # Markdown starts the list at its first number
            counters[block.level] = counters.get(block.level, 0) + 1
            marker = _marker(block, counters[block.level])
            out.append(f"{'    ' * block.level}{marker} {_placed(visible(block.text), block)}")
        else:
            if out:
                out.append("")
            if block.kind == "markdown":  # already Markdown: written as it was read
                out.append(block.text)
            elif block.kind == "heading":
                out.append(f"{'#' * max(block.level, 2)} {visible(block.text)}")
            elif block.kind == "picture" and block.picture is not None:
                out.append(image(block.picture))
            elif block.kind == "quote":
                out.append(f"> {_placed(visible(block.text), block)}")
            elif block.kind == "table":
                width = max(len(r) for r in block.rows)
                rows = [r + [""] * (width - len(r)) for r in block.rows]
                out.append("| " + " | ".join(_placed(_cell(c), block) for c in rows[0]) + " |")
                out.append("|" + " --- |" * width)
                out += ["| " + " | ".join(_placed(_cell(c), block) for c in row) + " |" for row in rows[1:]]
            else:
                out.append(_placed(visible(block.text), block))
        previous = block
    return "\n".join(out) + "\n"


def front_matter(fields: dict[str, object], comments: list[str], own: list[str] | None = None) -> str:
    """The front matter of an imported draft: known keys in the project's order, flow mappings for
    sign-offs and history entries, the team's own fields (`own`: lines as the original wrote them), `# …`
    comments for what a person must decide."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, dict):
            lines.append(f"{key}: {flow_mapping(value)}")
        elif isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {flow_mapping(entry)}" for entry in value]
        else:
            lines.append(f"{key}: {scalar(value)}")
    lines += own or []
    lines += [f"# {comment}" for comment in comments]
    lines.append("---")
    return "\n".join(lines) + "\n"
