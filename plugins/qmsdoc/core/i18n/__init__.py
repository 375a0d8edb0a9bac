"""The language of everything qmsdoc writes: one lookup, one catalogue per language (Sphinx's locale and
Material's language partials are the model).

A catalogue is one module in this package named after its language (`zh_CN.py` for `zh-CN`, `en.py`)
holding `LANGUAGE`, a `Language`: the messages by key, plus what the language decides besides words (the
Material theme and search language, whether Chinese is segmented, the words search skips, whether it is written
in an East Asian script, default sections). Adding a language
is adding one such file; `tests/test_i18n.py` fails if it lacks a key or a placeholder of zh-CN's.

`qmsdoc.yml`'s `language:` is read once with the configuration (`set_language`); every string a page, a
copy, a register, a finding or the command line shows comes from `t(key, **fields)` at the moment it is
written, never at import, so the language chosen later still applies."""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import pkgutil
import re
import string
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import overload

DEFAULT = "zh-CN"


@dataclass(frozen=True)
class Language:
    """One catalogue: a language's messages and the choices that go with the language."""

    code: str
    """The value of `language:` in qmsdoc.yml (BCP 47, e.g. `zh-CN`, `en`)."""
    name: str
    """The language's own name, for listings (`qmsdoc init --language`)."""
    theme: str
    """Material for MkDocs' `theme.language`."""
    word_forms: str
    """How the site search relates a word's forms: `en` takes `requests`, `requested` and `requesting` for
    `request` (search/assets/search.js); empty: words match as written."""
    segment_han: bool
    """Segment Chinese text for search with jieba (only a Chinese site needs it)."""
    html_lang: str
    """The `lang` of written pages and copies (`zh-CN`, `en`)."""
    east_asian: bool
    """Written in an East Asian script (Chinese, Japanese, Korean): a Word copy's East Asian text language is the
    copy's own and its Latin text is taken as English; otherwise the copy's own language is its Latin one and any
    East Asian text in it is taken as Chinese (word/styles.py)."""
    stop_words: frozenset[str]
    """Words too common to index for the site search: the language's own, and those of any other language its
    pages commonly carry (English in a Chinese site)."""
    justified: bool
    """Body text set flush to both edges in the copies (两端对齐, a Chinese document's usual paragraph), in Word as in
    the PDF; otherwise flush left (an English business document's, whose justified lines without hyphenation
    open gaps between words — Word hyphenates nothing by default)."""
    messages: Mapping[str, str]
    """Every user-facing string by key; `{name}` fields are filled by `t`."""
    required_sections: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    """Default required sections per document type (qmsdoc.yml's `required_sections` overrides them)."""
    record_sections: tuple[str, ...] = ()
    """Default headings that list a document's forms (qmsdoc.yml's `record_sections`)."""
    aliases: tuple[str, ...] = ()
    """Other spellings accepted in qmsdoc.yml (`zh`, `zh_CN`)."""
    pdf_body_fonts: tuple[str, ...] = ()
    """Font families a PDF copy's body tries before the defaults (pdf/fonts.py, Simplified Chinese forms): a
    Traditional Chinese copy is set in the Traditional forms (Noto Serif CJK TC, 新細明體) where the machine has them.
    `pdf_fonts` in qmsdoc.yml overrides both."""
    heading_fonts: tuple[str, ...] = ()
    """The sans families of this language's script (Noto Sans CJK TC, 微軟正黑體), first installed wins: a PDF copy's
    headings try them before the defaults (the default language's), and the site sets code's Chinese in them, as the
    copies set it in the heading font (site/pages.decided_css). None for a language that writes no Chinese."""
    legacy_encoding: str = "gb18030"
    """How Excel on this language's Windows saves a CSV file not in Unicode (GB18030/GBK on the mainland, Big5 —
    cp950 — in Taiwan and Hong Kong, Windows-1252 in English): a typed-up sign-in sheet or text file that is not UTF-8
    is read in it first, then as GB18030 (Big5 and Windows-1252 bytes are mostly valid GBK too, and would read as
    other characters)."""
    traditional: bool = False
    """Written in Traditional characters: jieba's dictionary holds Simplified words, so the search cuts a Traditional
    run where jieba cuts its Simplified form (search/hant.py); cut as written, 為確保本公司品質管理系統 came out as
    為確/保本/公司/品質/管理系/統 and a reader's 確保 or 系統 found nothing."""


def _module_name(code: str) -> str:
    return code.replace("-", "_")


@cache
def languages() -> dict[str, Language]:
    """Every catalogue in this package, by language code: the default first, then by code."""
    found: dict[str, Language] = {}
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name.startswith("_"):
            continue
        language = getattr(importlib.import_module(f"{__name__}.{module.name}"), "LANGUAGE", None)
        if isinstance(language, Language):
            found[language.code] = language
    return dict(sorted(found.items(), key=lambda item: (item[0] != DEFAULT, item[0])))


def lookup(value: str) -> Language | None:
    """The catalogue `value` names (its code or an alias, any case, `_` or `-`), or None. A regional tag no
    catalogue lists (`en-AU`, `en-IN`) takes the catalogue whose code is its language alone (`en`): that catalogue
    is written for every region. `zh-CN` is a region's, so `zh-TW` is not taken for it."""
    wanted = value.strip().replace("_", "-").lower()
    for language in languages().values():
        if wanted in (name.replace("_", "-").lower() for name in (language.code, *language.aliases)):
            return language
    primary = wanted.split("-", 1)[0]
    if primary != wanted:
        for language in languages().values():
            if language.code.lower() == primary:
                return language
    return None


_active: list[Language] = []


def current() -> Language:
    """The language qmsdoc writes in now (zh-CN until a configuration says otherwise)."""
    if not _active:
        _active.append(languages()[DEFAULT])
    return _active[-1]


def set_language(code: str) -> Language:
    """Write in this language from now on (KeyError for an unknown code: the configuration checks first)."""
    language = lookup(code)
    if language is None:
        raise KeyError(code)
    _active[:] = [language]
    return language


@contextlib.contextmanager
def using(code: str) -> Iterator[Language]:
    """Write in `code` inside the block, then in the language before it."""
    before = current()
    language = set_language(code)
    try:
        yield language
    finally:
        _active[:] = [before]


class _Counted(string.Formatter):
    """`{count:~error|errors}`: the word a number takes, for one or for any other number (English "1 error",
    "0 errors"; a language without plural forms writes none). `{type:inside}`: a label (a document type, a status)
    as a word inside a sentence: "the procedure has no …", where the label alone is "Procedure" (its first letter
    lowered when the second is a small letter, so "SOP" stays; letters without case are left as they are). Any
    other field is filled as `str.format` fills it."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec.startswith("~"):
            one, _, other = format_spec[1:].partition("|")
            return one if str(value) == "1" else other
        if format_spec == INSIDE:
            text = str(value)
            return text[:1].lower() + text[1:] if text[1:2].islower() else text
        return str(super().format_field(value, format_spec))


INSIDE = "inside"
"""The format spec of a label used as a word inside a sentence (`_Counted`)."""


_COUNTED = _Counted()


def fill(template: str, /, **fields: object) -> str:
    """A catalogue message with its `{fields}` filled in (and its `{count:~one|other}` words chosen), spaced as
    written for the value it holds (`spaced`)."""
    if not _punctuation_by_a_field(template) and not any(_punctuated(value) for value in fields.values()):
        return _formatted(template, **fields)  # the usual case, at str.format's speed: `spaced` would change nothing
    pieces: list[tuple[str, bool]] = []
    for literal, name, spec, conversion in _COUNTED.parse(template):
        pieces.append((literal, False))
        if name is not None:
            value = _COUNTED.convert_field(_COUNTED.get_field(name, (), fields)[0], conversion)
            pieces.append((_COUNTED.format_field(value, _COUNTED.vformat(spec or "", (), fields)), True))
    return spaced(pieces)


@cache
def _punctuation_by_a_field(template: str) -> bool:
    """`template` writes full-width punctuation a space away from a field (`{url} （Ctrl+C …）`)."""
    parsed = list(_COUNTED.parse(template))
    return any((index and parsed[index - 1][1] is not None and literal[1:2] and literal[0] == " "
                and full_width_punctuation(literal[1]))
               or (name is not None and literal[-1:] == " " and len(literal) > 1 and full_width_punctuation(literal[-2]))
               for index, (literal, name, _, _) in enumerate(parsed))


def _punctuated(value: object) -> bool:
    """`value`, as a message shows it, begins or ends in full-width punctuation: only then can `spaced` change it."""
    text = value if isinstance(value, str) else str(value)
    return bool(text) and (full_width_punctuation(text[0]) or full_width_punctuation(text[-1]))


def wide(char: str) -> bool:
    """Written without spaces around it in Chinese or Japanese: an ideograph, kana or full-width punctuation
    (（）：，。、「」). Hangul is not: Korean spaces its words."""
    return unicodedata.east_asian_width(char) in "WF" and not _HANGUL.match(char)


def full_width_punctuation(char: str) -> bool:
    """（）「」《》：，。、 and their like: punctuation that carries its own space."""
    return wide(char) and unicodedata.category(char).startswith("P")


_HANGUL = re.compile("[\\u1100-\\u11ff\\u3130-\\u318f\\ua960-\\ua97f\\uac00-\\ud7ff]")


def _unspaced(left: str, right: str) -> bool:
    """No space between `left` and `right`: both Chinese, one of them full-width punctuation."""
    return wide(left) and wide(right) and (full_width_punctuation(left) or full_width_punctuation(right))


def spaced(pieces: Sequence[tuple[str, bool]]) -> str:
    """A message's literal text and its filled-in values (`True`) joined. A catalogue sets a value off from the
    Chinese beside it with a space (`{folder} 及其`, `不要求 {department} 学习确认`, `（见 {id}）`); a value that
    begins or ends in full-width punctuation, which carries its own space, takes none on that side when Chinese is
    beside it: 部门（客服）及其…, not 部门（客服） 及其…; 见（客服）部门, not 见 （客服）部门. Beside Latin text
    (`{title} --by 编制人`) the space stays: a command needs it."""
    texts = [text for text, _ in pieces]
    for index, (text, is_value) in enumerate(pieces):
        if is_value or not text:
            continue
        before = "".join(texts[:index])
        after = "".join(texts[index + 1:])
        if index and pieces[index - 1][1] and pieces[index - 1][0] and text.startswith(" ") and before:
            beyond = text[1:2] or after[:1]
            if beyond and _unspaced(before[-1], beyond):
                text = text[1:]
        if index + 1 < len(pieces) and pieces[index + 1][1] and pieces[index + 1][0] and text.endswith(" "):
            beyond = text[-2:-1] or before[-1:]
            if beyond and _unspaced(beyond, pieces[index + 1][0][0]):
                text = text[:-1]
        texts[index] = text
    return "".join(texts)


def t(key: str, /, **fields: object) -> str:
    """The message `key` in the current language with its `{fields}` filled in. A key the catalogue lacks
    (a test keeps that from shipping) falls back to the default language's message. A message asked for without
    fields still has its `{{ }}` written as the braces they stand for (`{{number: …}}` shows `{number: …}`)."""
    template = _template(key)
    return fill(template, **fields) if fields else template.replace("{{", "{").replace("}}", "}")


def written(key: str, /, **fields: object) -> str:
    """A catalogue template of a document's own text (a new draft's `第一条 {placeholder}`), filled in as written:
    its spaces are the text's own (a clause number's), not a message's around a value, so `spaced` leaves them."""
    return _formatted(_template(key), **fields)


def _formatted(template: str, /, **fields: object) -> str:
    """`template` filled in, its `{count:~one|other}` words chosen; no spacing decided."""
    plain = ":~" not in template and f":{INSIDE}}}" not in template
    return template.format(**fields) if plain else _COUNTED.format(template, **fields)


def _template(key: str) -> str:
    template = current().messages.get(key)
    return template if template is not None else languages()[DEFAULT].messages.get(key, key)


class Words(Sequence[str]):
    """A fixed list of words (column headings) by catalogue key, each looked up when it is read: a
    module-level table that still follows the language set later."""

    def __init__(self, *keys: str) -> None:
        self.keys = keys

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return tuple(t(key) for key in self.keys[index])
        return t(self.keys[index])

    def __len__(self) -> int:
        return len(self.keys)


def message(key: str) -> str | None:
    """The current language's own message `key` (no fallback), or None."""
    return current().messages.get(key)


def legacy_encodings() -> tuple[str, ...]:
    """How a text file not in Unicode is read, most likely first: as the current language's Windows saves it
    (`Language.legacy_encoding`: Big5 in a Traditional Chinese project, Windows-1252 in an English one), then as
    GB18030."""
    return tuple(dict.fromkeys((current().legacy_encoding, "gb18030")))


def sentence(text: str) -> str:
    """`text` as a line of its own begins: its first letter a capital (English "Old version, not yet returned: …"
    when a lower-case fragment such as a verdict's state leads it); Chinese text is unchanged."""
    return text[:1].upper() + text[1:]


def join(items: Iterable[str]) -> str:
    """A list in running text: 「A、B」 in Chinese, "A, B" in English."""
    return t("list.separator").join(items)


def join_and(items: Iterable[str]) -> str:
    """Things taken together in running text: 「A、B、C」, "A, B and C"."""
    return _joined(list(items), "list.and")


def join_or(items: Iterable[str]) -> str:
    """Alternatives in running text: 「A 或 B 或 C」, "A, B or C" (English joins all but the last two with a comma)."""
    return _joined(list(items), "list.or", "list.or_separator")


def _joined(items: list[str], last: str, separator: str = "list.separator") -> str:
    """`items` joined by the catalogue's `separator`, the last two by its `last` (English: "A, B or C")."""
    if len(items) < 3:
        return t(last).join(items)
    return t(separator).join(items[:-1]) + t(last) + items[-1]


def fingerprint() -> str:
    """Changes with the language and its catalogue: caches of written text (findings, renders, copies) use it."""
    language = current()
    module = importlib.import_module(f"{__name__}.{_module_name(language.code)}")
    path = Path(module.__file__ or "")
    digest = hashlib.sha256(language.code.encode())
    with contextlib.suppress(OSError):
        digest.update(path.read_bytes())
    return digest.hexdigest()
