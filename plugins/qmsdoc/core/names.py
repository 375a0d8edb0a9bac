"""Short texts shown as written: people's names and roles, departments, and configured display values.

One decision for every such value, wherever it comes from (a command's `--by`/`--to`, a front-matter
field, `qmsdoc.yml`): one line of printable text within a length limit. A person or department must
also be a name — not markup and not punctuation alone — so an approval record always names someone."""

from __future__ import annotations

import re
import unicodedata

from ..search.hant import simplified
from .errors import echoed, shown
from .i18n import t

NAME_LIMIT = 64  # characters: 「物业服务中心客户服务部副经理」 is 14
SETTING_LIMIT = 200
NOTE_LIMIT = 500  # a 修订记录 change, a withdrawal's or a review's note: a sentence or two, on one line
TITLE_LIMIT = 100  # characters: the longest shipped title has 35; a copy's header cell shows about two lines of 50

# Line and paragraph separators, and every control or format character (bidi, zero-width, soft hyphen).
_UNPRINTABLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_MARKUP = re.compile(r"[<>]")


# The two joiners have a meaning of their own inside a word of a script that joins or stacks its letters
# (Arabic, Persian, Hebrew, Syriac, the Indic scripts, Thai, Tibetan, Khmer, Mongolian …: ZWNJ keeps Persian
# می‌خواهم apart, ZWJ picks a Devanagari or Malayalam form) and ZWJ inside an emoji sequence (👩‍🔬, 🏳️‍🌈), and
# the page, Word and Typst all shape them alike there. Next to a Latin letter, a digit or a hanzi they are only
# invisible (QD013 refuses them there, as names and titles do).
_JOINERS = frozenset("\u200c\u200d")
_JOINING_SCRIPTS = ((0x0590, 0x1CFF), (0xA800, 0xABFF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFC), (0x10800, 0x11FFF))
_EMOJI_TAIL = frozenset("\ufe0f\u20e3")  # an emoji's variation selector or keycap, after which a ZWJ may follow


def _joining_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM" and any(low <= ord(char) <= high for low, high in _JOINING_SCRIPTS)


def joins_a_word(text: str, at: int) -> bool:
    """Whether the character at `at` is a joiner where it means something (see _JOINERS) rather than hiding."""
    if text[at] not in _JOINERS:
        return False
    before, after = text[at - 1:at] if at else "", text[at + 1:at + 2]
    if not before:
        return False
    if _joining_letter(before):  # inside the word, or ending it (a Malayalam chillu: ന്‍)
        return not after or _joining_letter(after) or unicodedata.category(after)[0] not in "LMN"
    pictographic = bool(after) and unicodedata.category(after) == "So" and (
        unicodedata.category(before) in ("So", "Sk") or before in _EMOJI_TAIL)
    return text[at] == "\u200d" and pictographic


def _first_unprintable(value: str) -> str | None:
    for at, character in enumerate(value):
        if unicodedata.category(character) in _UNPRINTABLE and not joins_a_word(value, at):
            return character
    return None


def as_written(value: object, limit: int = 60) -> str:
    """`value` quoted in a message as the author wrote it in YAML — true, null, [a, 1] — not as Python shows it
    (True, None, ['a', 1]); text in quotes, cut to `limit` characters."""
    if isinstance(value, str):
        return echoed(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (list, dict)):
        import yaml  # only for a refused collection

        return str(yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)).strip()[:limit]
    return shown(str(value))


def text_problem(value: str, *, limit: int = SETTING_LIMIT) -> str | None:
    """Why `value` cannot be shown as one line of text as written (None when it can)."""
    if not value.strip():
        return t("names.empty")
    if "\n" in value or "\r" in value:
        return t("names.line_break")
    bad = _first_unprintable(value)
    if bad is not None:
        return t("names.unprintable", code=f"{ord(bad):04X}")
    if len(value) > limit:
        return t("names.too_long", limit=limit, count=len(value))
    if value != value.strip():
        return t("names.spaces")
    return None


def name_problem(value: object, *, limit: int = NAME_LIMIT) -> str | None:
    """Why `value` is not a person's or department's name (None when it is): one line of printable text,
    at most `limit` characters, no markup (`<` `>`), and at least one letter or digit."""
    if not isinstance(value, str):
        return t("names.not_text")
    problem = text_problem(value, limit=limit)
    if problem:
        return problem
    if _MARKUP.search(value):
        return t("names.markup")
    if not any(unicodedata.category(c)[0] in "LN" for c in value):
        return t("names.no_letters")
    return None


_HAN = "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE_IN_HAN = re.compile(f"(?<=[{_HAN}]) (?=[{_HAN}])")


def name_key(value: str) -> str:
    """What makes two spellings one person or one department: 王五, 王 五 and 王　五 (a space that only lines up a
    name on a sheet), ＬＩ Ｍｉｎｇ, LI  Ming and Li Ming are the same. Full-width forms are read as their
    half-width ones (NFKC), letter case and runs of spaces do not count, a space between two Chinese or Japanese
    characters not at all, nor whether it was typed in Traditional or Simplified characters (財務部 is 财务部, 張三 is
    张三: the project's one character fold, search/hant.py `simplified`; not its usage words — 品質部 stays a name of
    its own). For comparing only: a name is shown as written."""
    text = " ".join(unicodedata.normalize("NFKC", value).split()).casefold()
    return simplified(_SPACE_IN_HAN.sub("", text))
