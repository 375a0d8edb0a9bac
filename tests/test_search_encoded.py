"""The search index's postings patched from the last build's (search/encoded.py): a one-edit rebuild encodes again
only the terms of the pages that changed, and writes what encoding every page writes, byte for byte."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from qmsdoc.search.encoded import EncodedPostings
from qmsdoc.search.index import IndexedPage, IndexWriter, Postings

SALT = "2.10|zh-CN|0.42.1|[]"


def _page(n: int, terms: list[tuple[str, int]]) -> IndexedPage:
    content = f"page {n} {terms}".encode()
    return IndexedPage(content, f"{n}:{hash(content) & 0xFFFFFFFF:x}:{len(terms)}", Postings.of(terms))


def _random_page(rng: random.Random, n: int, vocabulary: list[str]) -> IndexedPage:
    terms = [(term, rng.randint(1, 255)) for term in rng.sample(vocabulary, rng.randint(0, min(12, len(vocabulary))))]
    if terms and rng.random() < 0.2:  # a page may hold a term twice (its title's key is also one of its words)
        terms.append((terms[0][0], 255))
    return _page(n, terms)


def _chunks(pages: list[IndexedPage], folder: Path, encoded: EncodedPostings | None = None) -> dict[str, bytes]:
    writer = IndexWriter(chunk_bytes=64)
    for page in pages:
        writer.add(page)
    writer.encoded = encoded
    writer.write(folder)
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted((folder / "search").rglob("*"))
            if p.is_file()}


def _earlier(pages: list[IndexedPage]) -> dict[str, Postings]:
    return {page.digest: page.postings for page in pages}


def test_a_changed_page_never_keeps_its_stale_postings(tmp_path: Path) -> None:
    pages = [_page(0, [("离职", 40), ("申请", 9)]), _page(1, [("离职", 7), ("审批", 3)]),
             _page(2, [("离职", 12), ("申请", 5), ("审批", 200)]),
             *(_page(n, [("其他", 1)]) for n in range(3, 12))]  # (a patch is for a few pages changed of many)
    kept, earlier = EncodedPostings.of(SALT, pages), _earlier(pages)
    # page 1 stops holding 审批, scores 离职 anew and gains 交接; page 2, unchanged, now follows page 0 for 审批
    pages[1] = _page(1, [("离职", 99), ("交接", 4)])
    patched = kept.patched(SALT, pages, earlier.get)
    assert patched is not None
    assert patched.terms == EncodedPostings.of(SALT, pages).terms
    assert patched.terms["审批"][0] == 1 and "交接" in patched.terms
    assert _chunks(pages, tmp_path / "patched", patched) == _chunks(pages, tmp_path / "whole")


def test_random_edits_patched_build_after_build_write_what_a_whole_encoding_writes(tmp_path: Path) -> None:
    rng = random.Random(32)
    vocabulary = [f"w{n}" for n in range(40)] + ["管理", "系统", "QP0203F001"]
    pages = [_random_page(rng, n, vocabulary) for n in range(300)]  # page numbers past 127: two-byte deltas
    kept = EncodedPostings.of(SALT, pages)
    earlier = _earlier(pages)
    for build in range(12):
        for number in rng.sample(range(len(pages)), rng.randint(1, 6)):
            pages[number] = _random_page(rng, number + 1000 * (build + 1), vocabulary)
        patched = kept.patched(SALT, pages, earlier.get)
        assert patched is not None, build
        assert patched.terms == EncodedPostings.of(SALT, pages).terms, build
        kept = patched
        earlier.update(_earlier(pages))
    assert _chunks(pages, tmp_path / "patched", kept) == _chunks(pages, tmp_path / "whole")


def test_an_unchanged_site_is_its_own_encoding_and_unknowns_are_encoded_whole() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(20)]
    pages = [_random_page(rng, n, vocabulary) for n in range(40)]
    kept = EncodedPostings.of(SALT, pages)
    same = kept.patched(SALT, pages, {}.get)
    assert same is not None and same.terms == kept.terms
    assert kept.patched("another salt", pages, _earlier(pages).get) is None  # other postings altogether
    assert kept.patched(SALT, pages[:-1], _earlier(pages).get) is None  # a page removed: every number after moves
    changed = [*pages[:3], _random_page(rng, 99, vocabulary), *pages[4:]]
    assert kept.patched(SALT, changed, {}.get) is None  # the changed page's earlier postings not known
    many = [_random_page(rng, 100 + n, vocabulary) for n in range(40)]
    assert kept.patched(SALT, many, _earlier(pages).get) is None  # most pages new: encoded whole


def test_the_postings_file_reads_back_and_a_damaged_or_planted_one_is_ignored(tmp_path: Path) -> None:
    rng = random.Random(3)
    pages = [_random_page(rng, n, ["a", "b", "离职"]) for n in range(200)]
    kept = EncodedPostings.of(SALT, pages)
    path = tmp_path / ".qmsdoc-search-postings.pickle"
    assert kept.save(path)
    assert EncodedPostings.load(path) == kept
    path.write_bytes(path.read_bytes()[:-20])
    assert EncodedPostings.load(path) is None
    path.write_bytes(b"\x80\x04\x95\x1d\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x94\x8c\x06system\x94\x93\x94.")
    assert EncodedPostings.load(path) is None  # a class to call: refused, not run
    assert EncodedPostings.load(tmp_path / "missing") is None


@pytest.mark.parametrize("terms", [{"x": (1,)}, {1: (1, b"")}, {"a": (1, "not bytes")}, {"a": [1, b""]}])
def test_a_postings_file_of_other_shapes_is_ignored(tmp_path: Path, terms: dict[object, object]) -> None:
    import pickle

    from qmsdoc.search.encoded import FORMAT

    path = tmp_path / "postings.pickle"
    path.write_bytes(pickle.dumps((FORMAT, SALT, ("d",), {"fine": (1, b"\x00\x01"), **terms})))
    assert EncodedPostings.load(path) is None
    path.write_bytes(pickle.dumps((FORMAT, SALT, ("d",), {"fine": (1, b"\x00\x01")})))
    assert EncodedPostings.load(path) is not None


def test_postings_with_long_gaps_and_repeated_pages_decode_and_encode_as_the_writer_encodes() -> None:
    from qmsdoc.search.encoded import _decoded, _encoded, varint

    rng = random.Random(18)
    held = EncodedPostings.of(SALT, [_page(n, [("t", 7)] * (n % 3)) for n in range(400)]).terms["t"]  # twice, once
    assert _encoded(*_decoded(held[1])) == held
    for _ in range(300):
        pages: list[int] = []
        page = 0
        for _ in range(rng.randint(0, 60)):
            page += rng.choice((0, 1, 2, 127, 128, 129, 300, 16383, 16384, 20000)) if pages else rng.randint(0, 300)
            pages.append(page)
        steps = bytearray(rng.randint(1, 255) for _ in pages)
        data, last = bytearray(), 0
        for number, step in zip(pages, steps, strict=True):  # as encode_all encodes a term, page by page
            varint(number - last, data)
            data.append(step)
            last = number
        expected = (len(pages), bytes(data))
        assert _encoded(pages, steps) == expected
        assert _decoded(expected[1]) == (pages, steps)


def test_damaged_kept_postings_are_encoded_whole() -> None:
    pages = [_page(n, [("a", 3), ("b", 4)]) for n in range(20)]
    kept = EncodedPostings.of(SALT, pages)
    earlier = _earlier(pages)
    kept.terms["a"] = (20, kept.terms["a"][1][:-1])  # ends inside an entry
    pages[5] = _page(5, [("a", 9)])
    assert kept.patched(SALT, pages, earlier.get) is None
