"""Control numbers: normalisation, canonical form, file names and numbering patterns."""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

from .i18n import t

if sys.version_info >= (3, 11):
    import re._constants as _sre
    import re._parser as _sre_parser
else:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parser

_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)}

# Dash variants seen in pasted Word/WPS text, all meaning "-".
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")

# A token that looks like a control number: letters, optional /letters, digits and dash groups (QP-02-01, QP/HR-03,
# qp-02-01); or other teams' shapes, capital letter groups joined by a dash or a dot with digit groups joined alike
# (SOP-QA-012, HR.PR.03, WI-7.5-01) — capitals only, so that `e.g.QM-01` is still QM-01. Only a token that is a known
# id is ever taken for a reference (QD170, the importer's links and records).
_LETTER = r"A-Za-z\uff21-\uff3a\uff41-\uff5a"
_CAPITAL = r"A-Z\uff21-\uff3a"
_DIGIT = r"0-9\uff10-\uff19"
_DASH = r"[-\u2010-\u2015\u2212\ufe63\uff0d]"
_JOIN = r"[-.\u2010-\u2015\u2212\ufe63\uff0d\uff0e]"
_SPACE = r"[ \u3000]"


def _code_token(gap: str, zero_gap: str) -> re.Pattern[str]:
    """The code token, with `gap` as another way to join two groups (besides the dash or dot alone) and `zero_gap`
    as another way to join a capital letter run to its first digits: both "" for the token as written."""
    join, dash = (rf"(?:{_JOIN}|{gap})", rf"(?:{_DASH}|{gap})") if gap else (_JOIN, _DASH)
    first = rf"(?:{dash}?|{zero_gap})" if zero_gap else rf"{dash}?"
    first_join = rf"(?:{join}?|{zero_gap})" if zero_gap else rf"{join}?"
    # DY/AQ -001, DY / AQ-001: spaced after and between capitals only, so that 「and/or -1」 stays text
    slash_first = rf"(?:{_DASH}?|(?<=[{_CAPITAL}])(?:{gap}|{zero_gap}))" if gap and zero_gap else rf"{_DASH}?"
    slash = rf"(?:[/\uff0f]|(?<=[{_CAPITAL}]){_SPACE}?[/\uff0f]{_SPACE}?(?=[{_CAPITAL}]))" if gap else r"[/\uff0f]"
    return re.compile(
        rf"(?<![{_LETTER}{_DIGIT}])(?:"
        rf"[{_CAPITAL}]{{1,8}}(?:{_JOIN}[{_CAPITAL}]{{1,8}}){{1,3}}{first_join}[{_DIGIT}]+"
        rf"(?:{join}[{_CAPITAL}]{{0,3}}[{_DIGIT}]+)*"
        rf"|[{_CAPITAL}]{{1,8}}{first}[{_DIGIT}]+(?:{join}[{_CAPITAL}]{{0,3}}[{_DIGIT}]+)*"
        rf"(?:{dash}[{_LETTER}]{{0,3}}[{_DIGIT}]+)*"
        rf"|[{_LETTER}]{{1,8}}(?:{slash}[{_LETTER}]{{1,8}})?{slash_first}[{_DIGIT}]+(?:{dash}[{_LETTER}]{{0,3}}[{_DIGIT}]+)*"
        rf")"
    )


CODE_TOKEN = _code_token("", "")
# A code as people type it into a Word file or a 目录, a space inside: 「QRKF 0610」「KF 0301」 (two capitals or more
# before digits that start with 0, as a control number's do: never 「ISO 9001」), 「QP-02 -03」「QP-02- 03」 (one space
# beside a dash, not on both sides: 「QR-01 - 2 份」 is a code and a dash), 「DY/AQ -001」「QP -02-03」. What the
# importer reads codes with; `normalise` takes the spaces out.
SPACED_CODE_TOKEN = _code_token(rf"{_SPACE}{_DASH}(?!{_SPACE})|{_DASH}{_SPACE}(?!{_DASH}|{_SPACE})",
                                rf"(?<=[{_CAPITAL}]{{2}}){_SPACE}(?=[0\uff10])")
# A code standing after a title, in a heading, a 目录 entry or a glued line (「客服部经理岗位说明书 KF 0301」「安全组织
# 架构图 DY/AQ -001」): SPACED_CODE_TOKEN where it opens as a document number does, capitals (and a /group) then two
# digits, so that a title's English word is never taken for the start of one.
TITLED_CODE_TOKEN = re.compile(rf"(?=[{_CAPITAL}]{{1,8}}(?:{_SPACE}?[/\uff0f]{_SPACE}?[{_CAPITAL}]{{1,8}})?"
                               rf"(?:{_SPACE}|{_DASH}){{0,2}}[{_DIGIT}]{{2}})(?:{SPACED_CODE_TOKEN.pattern})")


def normalise(code: str) -> str:
    """The canonical spelling of a control number: half-width, ASCII dash, upper case, no spaces."""
    return _normalised(code if isinstance(code, str) else str(code))


@functools.lru_cache(maxsize=1 << 16)  # pure; called for every reference of every document on every check
def _normalised(code: str) -> str:
    text = unicodedata.normalize("NFKC", code).translate(_DASHES)
    return re.sub(r"\s+", "", text).upper()


# Full-width letters and digits, one for one: as an input method's 全角 mode writes a code (ＱＲＫＦ０６０５).
_NARROW: dict[int, str] = {**{c: chr(c - 0xFEE0) for span in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B))
                              for c in range(*span)}, **_DASHES}


def narrowed(text: str) -> str:
    """The text with full-width letters and digits half-width and every dash variant `-`, character for character
    (a position in it is the same position in `text`): what `normalise` does to a code's characters, for reading
    codes out of running text."""
    return text.translate(_NARROW)


def file_stem(code: str) -> str:
    """The file name (without suffix) a document with this control number must have."""
    return normalise(code).replace("/", "_")


def stem_to_code(stem: str) -> str:
    return normalise(stem.replace("_", "/"))


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Numbering patterns are regular expressions matched against the canonical code."""
    return re.compile(pattern if pattern.endswith("$") else pattern + "$")


@functools.lru_cache(maxsize=1 << 16)  # sorting the corpus asks for each id's key many times per build
def natural_key(code: str) -> tuple[object, ...]:
    """Sort key ordering control numbers as people read them (QP-02-10 after QP-02-9)."""
    parts = re.split(r"(\d+)", normalise(code))
    # a run of digits by its value, compared as (length, digits): any length, no int() conversion limit
    return tuple((len(p.lstrip("0")), p.lstrip("0"), p) if p.isdigit() else p for p in parts)


def next_number(digits: str) -> str:
    """`0099` → `0100`, `999` → `1000`: a run of digits plus one, kept as text (any length, no int() limit)."""
    out, carry = [], True
    for digit in reversed(digits):
        if carry:
            carry = digit == "9"
            digit = "0" if carry else str(int(digit) + 1)
        out.append(digit)
    return ("1" if carry else "") + "".join(reversed(out))


MAX_PATTERN_LENGTH = 200


def owner_form_pattern(document_pattern: str, form_pattern: str, owner: str) -> str | None:
    """The pattern a form owned by the document `owner` must match when the manual numbers its forms after their
    owners — its form pattern is its document pattern followed by a suffix (`^QP-\\d{2}-\\d{2}$` and
    `^QP-\\d{2}-\\d{2}-F\\d{3}$`): the owner's own number, then that suffix (`^QP-02-01-F\\d{3}$`). None for a
    manual whose forms are a series of their own (`^LYWG/QR-\\d{3}$`)."""
    head, form = document_pattern.removeprefix("^").removesuffix("$"), form_pattern.removeprefix("^").removesuffix("$")
    suffix = form[len(head):]
    if not head or not suffix or not form.startswith(head) or suffix[0] in "*+?{" or head.endswith("\\"):
        return None  # not a document number plus a suffix: a quantifier or escape would continue the document's
    if _top_level_branch(head) or pattern_problem(suffix):
        return None  # `A|B` followed by a suffix is not "A or B, then the suffix"
    # escaped only where a character means something to a pattern: the message shows ^QP-02-01-F\d{3}$, not ^QP\-02\-01
    return "^" + re.sub(r"([.^$*+?{}\[\]\\|()])", r"\\\1", normalise(owner)) + suffix + "$"


def _top_level_branch(pattern: str) -> bool:
    """Whether the pattern has a `|` outside any group or class: `QP|QM` (the parser's tree cannot say, as it
    turns it into `Q[PM]`)."""
    depth, in_class, escaped = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return True
    return False


def pattern_problem(pattern: str) -> str | None:
    """Why a numbering pattern from a manual cannot be used (in Chinese), or None. Patterns are
    user-written regular expressions: a repetition inside a repetition (`^(\\w+-?)+$`) backtracks for
    minutes on a near-miss, so it is refused rather than run."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return t("pattern.too_long", limit=MAX_PATTERN_LENGTH)
    try:
        tree = _sre_parser.parse(pattern)
    except re.error as exc:
        return t("pattern.invalid", error=exc.msg, position=exc.pos)
    except (RecursionError, OverflowError):
        return t("pattern.complex")
    return _risky(tree, inside_repeat=False)


def _risky(tree: object, *, inside_repeat: bool) -> str | None:
    for op, av in tree:  # type: ignore[attr-defined]
        children: list[object] = []
        repeat = inside_repeat
        if op in _REPEATS:
            low, high, sub = av
            if inside_repeat and low != high:
                return t("pattern.nested_repeat")
            repeat = inside_repeat or high > 1
            children = [sub]
        elif op is _sre.BRANCH:
            if inside_repeat:
                return t("pattern.repeated_branch")
            children = list(av[1])
        elif op is _sre.SUBPATTERN:
            children = [av[-1]]
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            children = [av[1]]
        elif op in (_sre.GROUPREF, _sre.GROUPREF_EXISTS):
            return t("pattern.backreference")
        for child in children:
            problem = _risky(child, inside_repeat=repeat)
            if problem:
                return problem
    return None
