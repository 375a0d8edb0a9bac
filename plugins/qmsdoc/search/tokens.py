"""Text to index terms, the same way the browser cuts a query (assets/search.js mirrors `normalise`, `runs` and
`compact`): NFKC and lower case; runs of Chinese characters cut into words by jieba (whole runs when the
language does not segment); every other run of letters and digits is one word. Control numbers become one
exact key each, whatever their spelling (full-width, lower case, spaced).

On a Traditional site (zh-TW) every term is kept in its Simplified form (hant.py, one character for one): a reader
who types 投诉 finds the pages saying 投訴, as one who types 投訴 does; the browser folds a query the same way.

A Chinese word of three characters or more is also indexed by its character pairs (`subwords`, at a lower weight):
jieba keeps 管理系统 one word, and a reader who types 系统 on a phone must find the page all the same. The browser
looks a query's pairs up as words (search.js, `pairs`), so the two sides agree without the browser knowing jieba.

Each character of a Chinese word of two characters or more is a term too, under CHAR_MARK (`characters`): a reader
who types the one character 表 or 诉 finds the pages saying 登记表 or 投诉, which hold no word starting with it.
The mark keeps them apart from the one-character words jieba cut, which a longer query is cut into.

Two characters standing side by side where jieba ended one word and began the next are a term too, under JOIN_MARK
(`Tokenizer.joins`): a query word no page holds, read as its characters (表格 as 表 and 格), finds only the pages
where those characters stand together, not a page holding 表 in 人员需求表 and 格 in 合格. A pair inside a word is
a term already (the word itself, or its `subwords`)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable

from .hant import simplified
from .jiebadict import load_jieba
from .language import SearchLanguage

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(f"[{HAN}]+|[^\\W_{HAN}]+")
_HAN_RUN = re.compile(f"[{HAN}]")
_HAN_ONLY = re.compile(f"[{HAN}]+")
_SEPARATORS = re.compile(r"[\s\-/_.]+")
ID_MARK = "#"
"""Exact control-number keys live beside the words under this mark (no word contains it)."""
TITLE_MARK = "="
"""A page's whole title (its control number left out), its letters and digits only, under this mark: a query that is
a title, typed in full, finds that page first — as the documents cite it too (《员工离职申请表》), and whatever
punctuation the title has (试用转正、晋升…)."""
_NOT_WORD = re.compile(r"[\W_]+")

APOSTROPHES = "'\u2018\u2019\u02bc"
"""The apostrophes a word is written with (typed ', typographic \u2019, and \u2018 and \u02bc set in its place).
search.js's APOSTROPHES is the same string (a test compares them)."""
CLITICS = ("s", "ll", "re", "ve", "d", "m")
"""What an apostrophe joins to a word and `elide` drops with it (staff's, we'll, they're, I'd): the word a reader types
without the apostrophe is the word before it (staff). search.js's CLITICS is the same list."""
_LATIN_LETTER = f"[^\\W\\d_{HAN}]"
_ELIDED = re.compile(f"(?<={_LATIN_LETTER})[{APOSTROPHES}]"
                     f"(?:(?:{'|'.join(CLITICS)})(?![^\\W_{HAN}])|(?={_LATIN_LETTER}))")


def elide(text: str) -> str:
    """`text` (normalised) with its words' apostrophes read as a reader typing without them reads them: a clitic
    dropped with its apostrophe (staff's and customer\u2019s are staff and customer), any other apostrophe between
    letters dropped (don't and o'clock are dont and oclock). Index and query (search.js, `elide`) agree."""
    return _ELIDED.sub("", text)


HYPHENS = "\u2010-"
"""The hyphens joining a compound word (typographic \u2010, NFKC's \u2011 too, and typed -), the - last: a
character class of its own. search.js's HYPHENS is the same string (a test compares them)."""
_COMPOUND = re.compile(f"(?<![\\w{HYPHENS}]){_LATIN_LETTER}+(?:[{HYPHENS}]{_LATIN_LETTER}+)+(?![\\w{HYPHENS}])")


def compounds(text: str) -> list[str]:
    """The words of `text` joined by hyphens, each written as one word, in order: follow-up is followup,
    non-conformance nonconformance, as staff type them closed (a control number, holding digits, is none).
    The browser joins a query's words the same way (search.js, `joined`)."""
    return [re.sub(f"[{HYPHENS}]", "", found) for found in _COMPOUND.findall(elide(normalise(text)))]


def runs(text: str) -> list[str]:
    """The runs of `text` the words are cut from, as search.js's `runs` reads a query: normalised, apostrophes
    elided, each run of Chinese characters and each run of other letters and digits."""
    return _RUNS.findall(elide(normalise(text)))

CHAR_MARK = "~"
"""A character inside a longer Chinese word lives under this mark (no word contains it), looked up only for a query of
one character: 修单 typed is still the words 修 and 单, not any page holding both characters apart."""

JOIN_MARK = "+"
"""Two characters side by side across the boundary of two Chinese words live under this mark (no word contains it),
looked up only for a query word the cut leaves as characters: 表 and 格 of 表格 stand together on the page."""

Segmenter = Callable[[str], list[str]]


SUBWORD_MIN = 3
"""The shortest word indexed by its character pairs as well (a two-character word is its own only pair)."""


def subwords(word: str) -> list[str]:
    """The character pairs of a Chinese word of SUBWORD_MIN characters or more, in order, each once, the word itself
    never among them: 管理系统 → 管理, 理系, 系统. Any other word has none."""
    if len(word) < SUBWORD_MIN or not _HAN_ONLY.fullmatch(word):
        return []
    return list(dict.fromkeys(word[i:i + 2] for i in range(len(word) - 1)))


def characters(word: str) -> list[str]:
    """The characters of a Chinese word of two characters or more, each once under CHAR_MARK, in order: 登记表 →
    ~登, ~记, ~表. Any other word has none (a one-character word is its own term)."""
    if len(word) < 2 or not _HAN_ONLY.fullmatch(word):
        return []
    return [CHAR_MARK + char for char in dict.fromkeys(word)]


_ACCENTED = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")
"""The Latin letters that may carry an accent (Latin-1, Latin Extended, Vietnamese): text without one is kept as is."""
_LATIN_MARKS = re.compile("(?<=[a-z])[\u0300-\u036f]+")


def normalise(text: str) -> str:
    """NFKC, lower case, and a Latin letter's accents left out: a reader types cafe and naive for caf\u00e9 and
    na\u00efve (a \u0439 or a Chinese character keeps its own). search.js's `normalise` does the same."""
    folded = unicodedata.normalize("NFKC", text).lower()
    if not _ACCENTED.search(folded):
        return folded
    return unicodedata.normalize("NFC", _LATIN_MARKS.sub("", unicodedata.normalize("NFD", folded)))


def compact(code: str) -> str:
    """A control number as it is looked up: `QP-02-03`, `qp 02 03` and `ＱＰ－０２－０３` are all `qp0203`."""
    return _SEPARATORS.sub("", normalise(code))


def id_key(code: str) -> str:
    return ID_MARK + compact(code)


_DATE = "\\d{4}(?:-\\d{1,2}-\\d{1,2}|/\\d{1,2}/\\d{1,2}|\\.\\d{1,2}\\.\\d{1,2}|\u5e74\\d{1,2}\u6708\\d{1,2}\u65e5)"
_DOTTED = "\\d{1,4}(?:\\.\\d{1,4})+"
WRITTEN = re.compile(f"(?<![a-uw-z0-9.\\-/])(?:(?P<date>{_DATE})|{_DOTTED})(?!\\d|\\.\\d)")
"""The dates and dotted numbers a text writes (2025-06-01, 2025/6/1, 2025年6月1日; 1.0, 4.2.3, a version's V2.1),
in normalised text: one key each (`written_key`), where the words cut them into pieces no page holds together (the
1 and 0 of 1.0 are on every page numbering its clauses). search.js's WRITTEN is the same pattern."""


def written_key(token: str) -> str:
    """The key of a date or dotted number WRITTEN matched: a date as its day, whatever its spelling (2025年6月1日,
    2025-6-1 and 2025-06-01 are #20250601), a dotted number as written (#1.0: 1.0.0 and 10.0 stay apart)."""
    if (date := WRITTEN.fullmatch(token)) and date.group("date"):
        year, month, day = re.findall(r"\d+", token)
        return f"{ID_MARK}{year}{int(month):02d}{int(day):02d}"
    return ID_MARK + token


def jieba_segmenter() -> Segmenter | None:
    """jieba's precise cut (the words Material's search indexed with), or None without jieba."""
    jieba = load_jieba()
    if jieba is None:
        return None

    def cut(run: str) -> list[str]:
        return [word for word in jieba.cut(run) if word]

    return cut


class Tokenizer:
    """Words of a text for the index. Segmentation of Chinese runs is remembered by run (the same sentence on
    many pages, or unchanged on an edited page, is cut once), and `cached` may bring earlier cuts."""

    def __init__(self, language: SearchLanguage, segmenter: Segmenter | None = None,
                 cached: dict[str, list[str]] | None = None) -> None:
        self.language = language
        self._segment = segmenter if language.segment_han else None
        self.cuts: dict[str, list[str]] = cached if cached is not None else {}
        self.used: set[str] = set()
        self.misses = 0
        self._pieces: dict[str, list[str]] = {}

    def words(self, text: str) -> list[str]:
        out: list[str] = []
        stop = self.language.stop_words
        for run in runs(text):
            if self._segment is not None and _HAN_RUN.match(run) and len(run) > 1:
                out.extend(word for word in self._cut(run) if word not in stop)
            elif run not in stop:
                out.append(run)
        if self.language.word_forms:  # (an English site: follow-up found by followup)
            out += compounds(text)
        return [simplified(word) for word in out] if self.language.traditional else out

    def joins(self, text: str) -> list[str]:
        """The pairs of characters side by side across the boundary of two Chinese words of `text`, under
        JOIN_MARK, in order and with repeats (a page's count of each): 需求表格式 cut 需求/表/格式 → +求表, +表格.
        None where Chinese is not cut into words, nor a pair holding a one-character stop word: the browser leaves
        those out of a query, so it never asks for such a pair (and they were three in ten)."""
        if self._segment is None:
            return []
        out: list[str] = []
        stop = self.language.stop_words
        for run in _HAN_ONLY.findall(normalise(text)):
            if len(run) > 1:
                words = self._cut(run)
                for before, after in zip(words, words[1:], strict=False):
                    if before[-1] not in stop and after[0] not in stop:
                        out.append(JOIN_MARK + before[-1] + after[0])
        return [simplified(pair) for pair in out] if self.language.traditional else out

    def fold(self, text: str) -> str:
        """`text` as the index keeps it: in its Simplified form on a Traditional site (title keys)."""
        return simplified(text) if self.language.traditional else text

    def pieces(self, word: str) -> list[str]:
        """The sub-word terms of an indexed word (`subwords`, `characters`) where Chinese is cut into words, stop
        words left out. Worked out once per word for the whole index: a word's characters made the postings twice
        what they were, and working its pieces out again on every page that has it took a fifth of the index's
        time. The list is shared: not to be changed."""
        found = self._pieces.get(word)
        if found is None:
            found = self._pieces[word] = self._pieces_of(word)
        return found

    def _pieces_of(self, word: str) -> list[str]:
        if not self.language.segment_han:
            return []
        stop = self.language.stop_words
        return [piece for piece in subwords(word) if piece not in stop] + [
            char for char in characters(word) if char[1:] not in stop]

    def _cut(self, run: str) -> list[str]:
        key = run if len(run) < 32 else hashlib.sha1(run.encode("utf-8")).hexdigest()
        self.used.add(key)
        hit = self.cuts.get(key)
        if hit is None:
            assert self._segment is not None
            self.misses += 1
            hit = self.cuts[key] = self._segment_run(run)
        return hit

    def _segment_run(self, run: str) -> list[str]:
        """jieba's words of `run`; a Traditional run cut where its Simplified form is cut, its own characters kept
        (jieba's dictionary is Simplified: 為確保 as written came out as 為確/保)."""
        assert self._segment is not None
        if not self.language.traditional:
            return self._segment(run)
        words, at = [], 0
        for word in self._segment(simplified(run)):
            words.append(run[at:at + len(word)])
            at += len(word)
        return words

    def kept(self) -> dict[str, list[str]]:
        """The cuts this build used (what the next build may need again)."""
        return {key: self.cuts[key] for key in self.used}


def title_key(title: str, codes: Iterable[str]) -> str:
    """The exact key of a page's title: `QP-02-03-F001 员工离职申请表` and a query `员工离职申请表` meet."""
    for code in codes:
        title = title.replace(code, " ")
    return TITLE_MARK + _NOT_WORD.sub("", normalise(title))


def term_key(term: str) -> str:
    """The shard key of a term: control-number keys whole, words by their first two characters — every word the
    browser may ask about when it cuts a query at position i starts with the query's characters i and i+1."""
    return term if term.startswith((ID_MARK, TITLE_MARK, CHAR_MARK, JOIN_MARK)) else term[:2]


def unique(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))
