"""Each term's postings as the index's chunks hold them, and the last index's kept for the next build.

A term's postings are its pages in order, each as the page-number delta from the term's previous page (a varint)
followed by the page's score byte. Encoding the million postings of a 2,000-document site is one Python loop
(1.2 s profiled of a one-edit rebuild); the next build's pages are the same but the few it rebuilt, so
`EncodedPostings.patched` takes the last index's encoding (build/.qmsdoc-search-postings.pickle, and in memory
under `mkdocs serve`) and encodes again only the terms a changed page held or holds: for every other term the
pages holding it, their numbers and their scores are the ones it was encoded from, so its bytes are the same."""

from __future__ import annotations

import io
import pickle
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import sub
from pathlib import Path
from typing import BinaryIO, Protocol

from ..core.cachefile import save_cache

FORMAT = "qmsdoc-search-postings-1"
PATCHED_SHARE = 8
"""A patch is tried when at most one page in this many changed: re-decoding the terms of more is no cheaper."""


TermPostings = tuple[int, bytes]
"""A term's postings: their count and their bytes."""


class _Page(Protocol):
    @property
    def digest(self) -> str: ...

    @property
    def postings(self) -> _Postings: ...


class _Postings(Protocol):
    @property
    def terms(self) -> tuple[str, ...]: ...

    @property
    def steps(self) -> bytes: ...


def varint(value: int, out: bytearray) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


class Encoded:
    """One term's postings, encoded as they are added (pages in order)."""

    __slots__ = ("count", "last", "data")

    def __init__(self, count: int = 0, last: int = 0, data: bytes | bytearray = b"") -> None:
        self.count = count
        self.last = last
        self.data = bytearray(data)


def encode_all(pages: Sequence[_Page]) -> dict[str, Encoded]:
    """Each term's postings, encoded page by page (a (page, score) pair made for each of the million postings of a
    2,000-document site took 10 MB more of the peak)."""
    postings: dict[str, Encoded] = {}
    for number, page in enumerate(pages):
        for term, step in zip(page.postings.terms, page.postings.steps, strict=True):
            found = postings.get(term)
            if found is None:
                postings[term] = found = Encoded()
            delta = number - found.last
            if delta < 0x80:
                found.data.append(delta)
            else:
                varint(delta, found.data)
            found.data.append(step)
            found.count += 1
            found.last = number
    return postings


_HIGH = bytes(0 if byte < 0x80 else 1 for byte in range(256))  # bytes.translate: a varint's continued byte → 1


def _decoded(data: bytes) -> tuple[list[int], bytearray]:
    """The page number and the score of each posting, in order. Most deltas are one byte, so the postings are
    mostly (delta, score) byte pairs: each run of them is read by slicing (C speed; a term held by most pages has
    thousands), and only a longer delta byte by byte. ValueError for bytes that are no postings."""
    pages: list[int] = []
    steps = bytearray()
    at = last = 0
    while at < len(data):
        run = data[at::2]
        ends = run.translate(_HIGH).find(1)  # the first delta of more than one byte, if any
        if ends < 0:
            ends = len(run)
        if ends:
            pages += accumulate(run[:ends], initial=last)
            del pages[len(pages) - ends - 1]  # `initial` itself
            steps += data[at + 1:at + 2 * ends:2]
            if len(steps) != len(pages):
                raise ValueError("postings end inside an entry")
            at += 2 * ends
            last = pages[-1]
        if at < len(data):  # a delta of several bytes, then its score
            delta = shift = 0
            while True:
                byte = data[at]
                at += 1
                delta |= (byte & 0x7F) << shift
                shift += 7
                if byte < 0x80:
                    break
            if at >= len(data):
                raise ValueError("postings end inside an entry")
            last += delta
            pages.append(last)
            steps.append(data[at])
            at += 1
    return pages, steps


def _encoded(pages: list[int], steps: bytearray) -> TermPostings:
    """What `encode_all` writes for these postings: runs of one-byte deltas interleaved with their scores by
    slicing, a longer delta byte by byte."""
    deltas = [pages[0], *map(sub, pages[1:], pages[:-1])] if pages else []
    data = bytearray()
    start = 0
    for at in (*compress(range(len(deltas)), map((0x7F).__lt__, deltas)), len(deltas)):
        if at > start:  # deltas[start:at] are one byte each
            run = bytearray(2 * (at - start))
            run[0::2] = bytes(deltas[start:at])
            run[1::2] = steps[start:at]
            data += run
        if at < len(deltas):
            varint(deltas[at], data)
            data.append(steps[at])
        start = at + 1
    return len(pages), bytes(data)


@dataclass
class EncodedPostings:
    """An index's encoded postings (`terms`), the hash of each page it was made from in page order (`digests`:
    a page's postings are a function of its page file and the search cache's salt) and that salt."""

    salt: str
    digests: tuple[str, ...]
    terms: dict[str, TermPostings]

    @classmethod
    def of(cls, salt: str, pages: Sequence[_Page]) -> EncodedPostings:
        return cls(salt, tuple(page.digest for page in pages),
                   {term: (e.count, bytes(e.data)) for term, e in encode_all(pages).items()})

    def patched(self, salt: str, pages: Sequence[_Page],
                earlier: Callable[[str], _Postings | None]) -> EncodedPostings | None:
        """The encoding of `pages`, made from this one by encoding again the terms of the pages whose hash
        changed (their postings before: `earlier`, by hash); None when that is not known or not worth it (another
        salt, pages added or removed, many changed, an earlier page's postings not found)."""
        digests = tuple(page.digest for page in pages)
        if salt != self.salt or len(digests) != len(self.digests):
            return None
        changed = [n for n, (was, now) in enumerate(zip(self.digests, digests, strict=True)) if was != now]
        if len(changed) * PATCHED_SHARE > len(digests):
            return None
        affected: set[str] = set()
        fresh: dict[str, list[tuple[int, int]]] = {}  # a term's postings on the changed pages, in page order
        for number in changed:
            before = earlier(self.digests[number])
            if before is None:
                return None
            affected.update(before.terms)
            now = pages[number].postings
            for term, step in zip(now.terms, now.steps, strict=True):  # a page may hold a term twice: both kept
                fresh.setdefault(term, []).append((number, step))
        affected.update(fresh)
        terms = dict(self.terms)
        for term in affected:
            kept = terms.get(term)
            try:
                old_pages, old_steps = _decoded(kept[1]) if kept is not None else ([], bytearray())
            except (ValueError, IndexError):
                return None  # damaged: encoded whole
            adds = fresh.get(term, [])
            new_pages: list[int] = []
            new_steps = bytearray()
            at = added = 0
            for number in changed:  # ascending: each changed page's old postings out, its new ones in
                start = bisect_left(old_pages, number, at)
                new_pages += old_pages[at:start]
                new_steps += old_steps[at:start]
                at = bisect_right(old_pages, number, start)
                while added < len(adds) and adds[added][0] == number:
                    new_pages.append(number)
                    new_steps.append(adds[added][1])
                    added += 1
            new_pages += old_pages[at:]
            new_steps += old_steps[at:]
            if new_pages:
                terms[term] = _encoded(new_pages, new_steps)
            else:
                terms.pop(term, None)
        return EncodedPostings(salt, digests, terms)
        return EncodedPostings(salt, digests, terms)

    def save(self, path: Path) -> bool:
        def write(out: BinaryIO) -> None:
            pickle.dump((FORMAT, self.salt, self.digests, self.terms), out, protocol=pickle.HIGHEST_PROTOCOL)

        return save_cache(path, write)

    @classmethod
    def load(cls, path: Path) -> EncodedPostings | None:
        """What `save` wrote; None for anything else (no file, a damaged one: the index is encoded whole)."""
        try:
            kind, salt, digests, terms = _Plain(io.BytesIO(path.read_bytes())).load()
        except Exception:  # noqa: BLE001 — any damage (pickle raises many kinds) means no kept encoding
            return None
        if kind != FORMAT or not isinstance(salt, str) or not isinstance(digests, tuple) or not isinstance(
                terms, dict) or not all(type(d) is str for d in digests) or not all(
                type(t) is str and type(v) is tuple and len(v) == 2 and type(v[0]) is int and type(v[1]) is bytes
                for t, v in terms.items()):
            return None
        return cls(salt, digests, terms)


class _Plain(pickle.Unpickler):
    """Strings, numbers, bytes, tuples and dicts only: a planted class is refused, not run."""

    def find_class(self, module: str, name: str) -> object:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the search postings cache")
