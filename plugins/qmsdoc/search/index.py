"""The search index a browser reads a piece at a time.

    search/index.js         the directory: page count, the first key of each chunk and its file (a few KB)
    search/c/<hash>.js      chunks: the terms of a run of shard keys (tokens.term_key) with their postings
    search/p/<n>.js         one page each: address, title, control numbers and its sections' text (snippets)
    search/fold-<hash>.js   a Traditional site's only: each Traditional character and its Simplified form, which the
                            browser folds a query with as the build folded the terms (tokens.py)

Chunks and pages are gzip-compressed by the build (the browser inflates them), so the bytes a reader downloads do
not depend on the server compressing. Every file is a line of JavaScript handing its content to search.js
(wrapped.py): fetched over http(s), loaded by <script> tags from a site opened from a folder (file://).

A query reads the directory, the chunks of the keys its words can have and then the pages it shows: bytes in
proportion to the query and the results, not to the site. Postings carry each page's score for the term
(title, headings, tags and text weighted, the page's rank boost applied, quantised to a byte); the browser
multiplies by the term's rarity. Chunk files are named by their content, so a browser never mixes chunks of
two builds; pages are fetched with the build's hash as a query string for the same reason."""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .encoded import EncodedPostings, varint
from .hant import PAIRS, simplified
from .language import SearchLanguage
from .records import PageRecord
from .tokens import HAN, WRITTEN, Tokenizer, id_key, normalise, term_key, title_key, written_key
from .wrapped import EXTENSION, NotWrapped, unwrap_bytes, unwrap_json, wrap_bytes, wrap_json

FOLDER = "search"
DIRECTORY = "index" + EXTENSION
CHUNKS = "c"
PAGES = "p"
CHUNK_BYTES = 12_000
FOLD = "fold-{}" + EXTENSION
"""A Traditional site's table of Traditional characters and their Simplified forms (hant.PAIRS), named by content."""
FORMAT = 2
POSTINGS = 11
"""How `page_postings` scores a page: part of the search cache's salt, raised whenever it changes, so a build
never keeps a page's postings from the earlier way (2: the numbers a page mentions are keys; 3: its title; 4: the
character pairs of long Chinese words; 5: a Traditional site's terms in their Simplified form; 6: the characters of
Chinese words; 7: a title's key its letters and digits only; 8: versions and dates a page writes are keys, and a number
written against Chinese text stops where the Chinese starts; 9: a date is its day in any spelling, a dotted number a
key; 10: two characters side by side across two Chinese words, tokens.JOIN_MARK; 11: a word's apostrophes elided,
tokens.elide). tests/test_search_index.py pins
the postings of a sample page to this number."""

# Field weights: a word in the page title counts ten words of text, in a heading three; a control number's parts
# (QP, 02, 03) as tags outrank any title.
TITLE, HEADING, TAG, TEXT = 10.0, 3.0, 40.0, 1.0
SUBWORD = 0.4
"""A character pair or character inside a longer word (tokens.subwords, tokens.characters) counts this much of the
word itself, in every field: the page titled 系统 comes before the page titled 管理系统 for a query 系统,
and both are found."""
K1, B = 1.2, 0.75
SCORE_STEPS = 16  # quantisation: 16 steps an octave (4.4 % apart)
SCORE_FLOOR = -6  # log2 of the smallest score kept apart from zero


def quantise(score: float) -> int:
    step = round((math.log2(score) - SCORE_FLOOR) * SCORE_STEPS) if score > 0 else 1
    return 1 if step < 1 else 255 if step > 255 else step


def dequantise(step: int) -> float:
    return float(2 ** (step / SCORE_STEPS + SCORE_FLOOR))


AVERAGE_WORDS = 400.0
"""The page length a page's text weight is measured against (BM25's average length, fixed: a page's scores then
depend on the page alone, so an unchanged page keeps its postings from one build to the next)."""

@dataclass(frozen=True, slots=True)
class Postings:
    """A page's terms (control-number keys included) and its quantised score for each, side by side, each term
    interned (one string per word however many pages hold it): a 2,000-document site has a million postings,
    and kept as (term, score) pairs they took 30 MB more of the site build's 400 MB peak."""

    terms: tuple[str, ...]
    steps: bytes

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, int]]) -> Postings:
        """ValueError for a score outside a byte."""
        terms: list[str] = []
        steps = bytearray()
        for term, step in pairs:
            terms.append(sys.intern(term))
            steps.append(step)
        return cls(tuple(terms), bytes(steps))

    def pairs(self) -> Iterator[tuple[str, int]]:
        return zip(self.terms, self.steps, strict=True)

    def as_json(self) -> dict[str, str]:
        """As the search cache keeps them: the terms one a line, the scores in hex — two strings a page, which
        a dirty build at 2,000 documents reads in a seventh of the time a [term, score] pair each took (0.52 s).
        A term is a run of letters or digits or a control-number key without separators: never a line break."""
        terms = "\n".join(self.terms)
        if terms.count("\n") != max(len(self.terms) - 1, 0):
            raise ValueError("a search term holds a line break")  # no cache rather than a wrong one
        return {"terms": terms, "steps": self.steps.hex()}

    @classmethod
    def from_json(cls, value: object) -> Postings:
        """What `as_json` wrote; ValueError for anything else (a damaged cache)."""
        if not isinstance(value, dict) or not isinstance(value.get("terms"), str) or not isinstance(
                value.get("steps"), str):
            raise ValueError("not postings")
        terms = tuple(map(sys.intern, value["terms"].split("\n"))) if value["terms"] else ()
        steps = bytes.fromhex(value["steps"])
        if len(terms) != len(steps) or 0 in steps:
            raise ValueError("postings damaged: terms and scores differ in number, or a score is zero")
        return cls(terms, steps)


OWN_NUMBER = 255
"""The score of a page's own control number; a number the page only mentions scores below it."""
_MENTION = re.compile(f"[^\\W_{HAN}]+(?:[-/][^\\W_{HAN}]+)+")
"""Letters and digits joined by - or /; a Chinese character is no part of one (XZBZ-01-F01 A/0配置人员: A/0)."""
_LETTER, _DIGIT = re.compile(r"[^\W\d_]"), re.compile(r"\d")
_VERSION = re.compile(r"[a-z]{1,3}/\d{1,4}")
"""A revision written as a letter and a number (A/0, B/12; core/revision.py's letter-number scheme and the issued
copies' numbers): a reader who types A/1 wants the pages where A/1 stands, not every page holding a 1."""


def mentioned_numbers(text: str) -> list[str]:
    """The exact tokens a text writes out, each a key in any spelling: control numbers (QP-02-03-F001, DY/AQ-001:
    letters and digits joined by - or /, with both letters and digits, more than four characters without the
    separators) and versions (A/0) by id_key; dates (2025-06-01, 2025年6月1日) and dotted numbers (1.0) by
    written_key."""
    text = normalise(text)
    found: list[str] = []
    for match in _MENTION.finditer(text):
        written = match.group(0)
        key = id_key(written)
        if (len(key) > 4 and _LETTER.search(key) and _DIGIT.search(key)) or \
                _VERSION.fullmatch(written):
            found.append(key)
    found += [written_key(match.group(0)) for match in WRITTEN.finditer(text)]
    return found


def page_postings(page: PageRecord, tokenizer: Tokenizer) -> Postings:
    """The terms of a page and its score for each: title, headings, tags and text weighted, the page's boost
    applied; each control number an exact key."""
    headings: list[str] = []
    text: list[str] = []
    for section in page.sections:
        if section.anchor:
            headings += tokenizer.words(section.title)
        text += tokenizer.words(section.text)
    pieces: dict[str, list[str]] = {}

    def pieces_of(word: str) -> list[str]:
        found = pieces.get(word)
        if found is None:
            found = pieces[word] = tokenizer.pieces(word)
        return found

    counts: dict[str, float] = {}
    for word in text:
        counts[word] = counts.get(word, 0) + 1
        for piece in pieces_of(word):  # 系统 inside 管理系统: found, below a page that has the word itself
            counts[piece] = counts.get(piece, 0) + SUBWORD
    # 表格 standing where jieba ended a word with 表 and began the next with 格: the pair, at a piece's weight.
    for section in page.sections:
        for pair in tokenizer.joins(section.text):
            counts[pair] = counts.get(pair, 0) + SUBWORD
    norm = K1 * (1 - B + B * len(text) / AVERAGE_WORDS)
    scores = {word: TEXT * n * (K1 + 1) / (n + norm) for word, n in counts.items()}
    tags = [word for tag in page.tags for word in tokenizer.words(tag)]
    headed = [pair for section in page.sections if section.anchor for pair in tokenizer.joins(section.title)]
    for weight, pairs in ((TITLE, tokenizer.joins(page.title)), (HEADING, headed)):
        for pair in dict.fromkeys(pairs):
            scores[pair] = scores.get(pair, 0.0) + weight * SUBWORD
    for weight, words in ((TITLE, tokenizer.words(page.title)), (HEADING, headings), (TAG, tags)):
        whole = dict.fromkeys(words)  # in order of appearance: the kept cache is the same from build to build
        for word in whole:
            scores[word] = scores.get(word, 0.0) + weight
        for piece in dict.fromkeys(piece for word in whole for piece in pieces_of(word)):
            if piece not in whole:
                scores[piece] = scores.get(piece, 0.0) + weight * SUBWORD
    boost = page.boost
    out = [(word, quantise(score * boost)) for word, score in scores.items()]
    own = [key for key in dict.fromkeys(id_key(tag) for tag in page.tags) if len(key) > 1]
    out += [(key, OWN_NUMBER) for key in own]
    # The whole title: a form named 员工离职申请表 ranked below the procedure that holds those three words (its
    # title 员工离职… and the form's name in its text) when staff typed the form's name in full.
    if len(titled := title_key(tokenizer.fold(page.title), page.tags)) > 2 and titled not in own:
        out.append((titled, OWN_NUMBER))
    # The numbers the page mentions, whole: a query for QP-02-03-F001 ranks the page that cites that form above
    # one citing QP-03-02-F001 (the same four parts, which the words alone cannot tell apart).
    mentions: dict[str, int] = {}
    for section in page.sections:
        for key in mentioned_numbers(f"{section.title} {section.text}"):
            mentions[key] = mentions.get(key, 0) + 1
    # Saturated as a word's count is (BM25): the register writing A/1 ninety times came before the documents at A/1.
    out += [(key, min(quantise(TEXT * n * (K1 + 1) / (n + K1) * boost), OWN_NUMBER - 1)) for key, n in mentions.items()
            if key not in own]
    return Postings.of(out)


@dataclass(frozen=True)
class IndexedPage:
    """A page as the index writer takes it: its page file's content (JSON) and hash, and its postings."""

    content: bytes
    digest: str
    postings: Postings


def page_file(page: PageRecord) -> tuple[bytes, str]:
    """The page file's content and its hash (which also says whether a kept record is still this page)."""
    data = json.dumps(page.as_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    return data, hashlib.sha256(data).hexdigest()[:32]


def indexed(page: PageRecord, tokenizer: Tokenizer) -> IndexedPage:
    content, digest = page_file(page)
    return IndexedPage(content, digest, page_postings(page, tokenizer))


@dataclass
class IndexWriter:
    """Collects pages in site order; `write` puts the index into the site folder."""

    segment: bool = True
    """The browser cuts Chinese runs of a query into words of the index (the pages were cut by jieba)."""
    forms: str = ""
    """The word-form rules the browser applies to a query (`en`), written into the directory."""
    fold: bool = False
    """The terms are in their Simplified form (a Traditional site): the browser folds a query with the table of
    hant.py, written beside the directory (FOLD) and named in it."""
    stop: frozenset[str] = frozenset()
    """The words too common to index (the language's stop words), written into the directory: the browser leaves
    them out of a query as the build left them out of the pages (A of A/1, 的 of a sentence), where a word no page
    holds finds nothing."""
    chunk_bytes: int = CHUNK_BYTES
    """A chunk is closed at the first key boundary after this many bytes (before compression)."""
    pages: list[IndexedPage] = field(default_factory=list)
    encoded: EncodedPostings | None = None
    """The pages' postings encoded (`encode`; `write` encodes them whole if not yet)."""

    @classmethod
    def of(cls, language: SearchLanguage, chunk_bytes: int = CHUNK_BYTES) -> IndexWriter:
        """The writer of a site in `language`: what the browser must know to cut a query as the pages were cut."""
        return cls(segment=language.segment_han, forms=language.word_forms, fold=language.traditional,
                   stop=language.stop_words, chunk_bytes=chunk_bytes)

    def add(self, page: IndexedPage) -> None:
        self.pages.append(page)

    def encode(self, salt: str = "", kept: EncodedPostings | None = None,
               earlier: Callable[[str], Postings | None] = lambda digest: None) -> EncodedPostings:
        """The pages' postings as the chunks hold them (encoded.py): patched from `kept`, the last index's, when
        only a few pages changed (`earlier`: a page's postings by the hash of its page file, under `salt`)."""
        patched = kept.patched(salt, self.pages, earlier) if kept is not None else None
        self.encoded = patched if patched is not None else EncodedPostings.of(salt, self.pages)
        return self.encoded

    def write(self, site_dir: Path, previous: dict[str, str] | None = None) -> dict[str, str]:
        """Write the index under `site_dir`/search; `previous` (page number → hash of its page file, from the
        last build into the same folder) spares rewriting unchanged page files. Returns the new mapping."""
        folder = site_dir / FOLDER
        (folder / CHUNKS).mkdir(parents=True, exist_ok=True)
        (folder / PAGES).mkdir(parents=True, exist_ok=True)
        by_key: dict[str, list[str]] = {}
        postings = (self.encoded or self.encode()).terms
        for term in postings:
            by_key.setdefault(term_key(term), []).append(term)
        chunks: list[tuple[str, str]] = []
        wanted: set[str] = set()
        first: str | None = None
        count = 0
        body = bytearray()

        def flush() -> None:
            nonlocal body, count, first
            if first is None:
                return
            blob = bytearray()
            varint(count, blob)
            blob += body
            name = hashlib.sha256(blob).hexdigest()[:16] + EXTENSION
            wanted.add(name)
            path = folder / CHUNKS / name
            if not path.is_file():
                _write(path, wrap_bytes(_name(f"{CHUNKS}/{name}"), gzip.compress(bytes(blob), 6, mtime=0)))
            chunks.append((first, name))
            body, count, first = bytearray(), 0, None

        for key in sorted(by_key):
            if first is not None and len(body) >= self.chunk_bytes:
                flush()
            if first is None:
                first = key
            for term in sorted(by_key[key]):
                encoded = term.encode("utf-8")
                varint(len(encoded), body)
                body += encoded
                entry_count, data = postings[term]
                varint(entry_count, body)
                body += data
                count += 1
        flush()
        written = self._write_pages(folder / PAGES, previous or {})
        fold: dict[str, str] = {}
        if self.fold:
            table = PAIRS.encode("utf-8")
            fold["fold"] = FOLD.format(hashlib.sha256(table).hexdigest()[:16])
            if not _holds(folder / fold["fold"], table):
                _write(folder / fold["fold"], wrap_bytes(_name(fold["fold"]), gzip.compress(table, 9, mtime=0)))
        stop = " ".join(sorted({simplified(word) if self.fold else word for word in self.stop}))  # as a query is folded
        build = hashlib.sha256(json.dumps([chunks, sorted(written.items())]).encode("utf-8")).hexdigest()[:12]
        directory = {"format": FORMAT, "pages": len(self.pages), "build": build, "segment": self.segment,
                     **({"forms": self.forms} if self.forms else {}),
                     **({"stop": stop} if stop else {}), **fold, "chunks": chunks}
        _write(folder / DIRECTORY, wrap_json(_name(DIRECTORY), directory))
        # Only now the previous directory's chunks go: a reader holding it still finds them while this is written.
        for stale in (folder / CHUNKS).iterdir():
            if stale.name not in wanted:
                stale.unlink(missing_ok=True)
        for stale in folder.glob("fold-*"):  # (and an earlier build's fold-<hash>.gz)
            if stale.name != fold.get("fold"):
                stale.unlink(missing_ok=True)
        (folder / "index.json").unlink(missing_ok=True)  # an earlier build's directory, before wrapped.py
        return written

    def _write_pages(self, folder: Path, previous: dict[str, str]) -> dict[str, str]:
        written: dict[str, str] = {}
        for number, page in enumerate(self.pages):
            path = folder / f"{number}{EXTENSION}"
            if previous.get(str(number)) == page.digest and path.is_file():
                pass  # this process wrote it, as it is now
            elif not _holds(path, page.content):  # a dirty build into the last one's folder rewrites what changed
                _write(path, wrap_bytes(_name(f"{PAGES}/{path.name}"), gzip.compress(page.content, 6, mtime=0)))
            written[str(number)] = page.digest
        for stale in folder.iterdir():
            if stale.name.removesuffix(EXTENSION) not in written:
                stale.unlink(missing_ok=True)
        return written


def _name(relative: str) -> str:
    """A file's name in its wrapper (wrapped.prefix): its path under search/ without the extension."""
    return relative.removesuffix(EXTENSION)


def _holds(path: Path, content: bytes) -> bool:
    """Whether the file at `path` (under the search folder) inflates to `content` (reading no more than that: a
    damaged or planted file is simply rewritten). At 2,000 documents a one-edit `mkdocs build --dirty` rewrote all
    5,000 page files (1.3 s); reading and comparing them costs a tenth of that."""
    # deflate adds 5 bytes a 64 KB block at worst, gzip 18; the wrapper escapes a byte in 64 and adds its name
    limit = (len(content) + len(content) // 8000 + 1024) * 33 // 32 + 64
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            return False
        inflater = zlib.decompressobj(wbits=31)  # gzip
        found = inflater.decompress(unwrap_bytes(_name(_relative(path)), data), len(content) + 1)
        return found == content and inflater.eof and not inflater.unused_data
    except (OSError, zlib.error, NotWrapped):
        return False


def _relative(path: Path) -> str:
    """`path`'s name under the search folder: p/12.js, c/<hash>.js, fold-<hash>.js."""
    return path.name if path.parent.name == FOLDER else f"{path.parent.name}/{path.name}"


def read_file(site_dir: Path, relative: str) -> bytes:
    """The content of the index's file `relative` (p/12.js, c/<hash>.js, fold-<hash>.js) as the browser reads it:
    inflated (tests, and anyone auditing the index). NotWrapped for a file that is no search file."""
    path = site_dir / FOLDER / relative
    return gzip.decompress(unwrap_bytes(_name(relative), path.read_bytes()))


def read_directory(site_dir: Path) -> dict[str, Any]:
    """The directory of a built site's search index (index.js)."""
    directory = unwrap_json(_name(DIRECTORY), (site_dir / FOLDER / DIRECTORY).read_bytes())
    if not isinstance(directory, dict):
        raise NotWrapped(f"{DIRECTORY} holds no directory")
    return directory


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: a reader never fetches half a chunk."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def read_pages(site_dir: Path) -> Iterable[PageRecord]:
    """Every page of a built site's search index, in index order (tests, and anyone auditing the index)."""
    for number in range(read_directory(site_dir)["pages"]):
        yield PageRecord.from_json(json.loads(read_file(site_dir, f"{PAGES}/{number}{EXTENSION}")))
