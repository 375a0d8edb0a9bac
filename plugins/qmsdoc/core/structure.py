"""A line-level scan of a document body: headings, clause numbers and `[[ID]]` references with lines.

Rules need line numbers the Markdown renderer does not keep, so this scan is the rules' view of
the body; the rendered HTML (render.py) is what readers see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .codes import CODE_TOKEN, normalise

REF_PATTERN = re.compile(r"\[\[([^\[\]\n]{1,80}?)\]\]")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
CLAUSE = re.compile(r"^(\d{1,2}(?:\s*\.\s*\d{1,2})+)(?![\d.])\s*")
CN_CLAUSE = re.compile(r"^第([一二三四五六七八九十百零〇两\d]+)([章条])")
FENCE = re.compile(r"^\s*(```|~~~)")
RECORD_SECTIONS = ("质量记录", "记录")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """第十二条 → 12. Handles the numbers policies use (1–999) and Arabic digits."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    name: str
    line: int


@dataclass(frozen=True)
class Reference:
    raw: str
    code: str
    line: int
    section: str


@dataclass(frozen=True)
class Clause:
    number: tuple[int, ...]
    text: str
    line: int


@dataclass(frozen=True)
class BareCode:
    raw: str
    code: str
    line: int


@dataclass
class Structure:
    headings: list[Heading] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    chinese_clauses: list[tuple[str, int, str, int]] = field(default_factory=list)
    bare_codes: list[BareCode] = field(default_factory=list)

    def section_names(self) -> set[str]:
        return {h.name for h in self.headings}


def heading_name(text: str) -> str:
    """`4.0 程序要点` → `程序要点`; `第一章 总则` → `总则`."""
    text = CLAUSE.sub("", text.strip())
    text = re.sub(r"^第[一二三四五六七八九十百零〇两\d]+[章节条]\s*", "", text)
    return re.sub(r"^[、.．:：\s]+", "", text).strip()


def clause_number(text: str) -> tuple[int, ...] | None:
    match = CLAUSE.match(text)
    if not match:
        return None
    parts = tuple(int(p) for p in re.split(r"\s*\.\s*", match.group(1)))
    # "4.0" is the top-level clause 4 in the seeds' numbering.
    return parts[:-1] if len(parts) == 2 and parts[1] == 0 else parts


def scan(body: str, first_line: int) -> Structure:
    out = Structure()
    section = ""
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        stripped = line.strip()
        heading = HEADING.match(stripped)
        text = heading.group(2) if heading else re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", stripped)
        if heading:
            level = len(heading.group(1))
            name = heading_name(text)
            out.headings.append(Heading(level, text, name, number))
            if level <= 2:
                section = name
        if heading or not line.startswith((" ", "\t", "-", "*", "+", "|")):
            clause = clause_number(text)
            if clause:
                out.clauses.append(Clause(clause, text[:30], number))
            cn = CN_CLAUSE.match(text)
            if cn and (value := chinese_number(cn.group(1))) is not None:
                out.chinese_clauses.append((cn.group(2), value, text[:20], number))
        for match in REF_PATTERN.finditer(line):
            out.references.append(Reference(match.group(1), normalise(match.group(1)), number, section))
        for match in CODE_TOKEN.finditer(REF_PATTERN.sub(" ", re.sub(r"`[^`]*`", " ", line))):
            out.bare_codes.append(BareCode(match.group(0), normalise(match.group(0)), number))
    return out
