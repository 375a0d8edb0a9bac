"""Output hashes for the manifest are re-read only for files that changed — and always for a file changed
behind qmsdoc's back, even with its modification time put back."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from qmsdoc.records import hashes
from qmsdoc.records.hashes import FileHashes


def _later(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Let `seconds` pass for the racy-file rule without sleeping."""
    real = time.time_ns
    monkeypatch.setattr(hashes.time, "time_ns", lambda: real() + int(seconds * 1e9))


def _page(folder: Path, text: str) -> Path:
    path = folder / "site" / "page.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def _true(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_unchanged_file_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(tmp_path, "<p>第一版</p>")
    _later(monkeypatch, 10)
    first = FileHashes(tmp_path)
    assert first.sha256(page) == _true(page) and first.read == 1
    first.save()
    second = FileHashes(tmp_path)
    assert second.sha256(page) == _true(page) and second.read == 0


def test_a_file_edited_with_its_times_put_back_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(tmp_path, "<p>第一版</p>")
    _later(monkeypatch, 10)
    first = FileHashes(tmp_path)
    old = first.sha256(page)
    first.save()
    before = page.stat()
    page.write_text("<p>第二版</p>", "utf-8")  # same size in bytes
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert page.stat().st_size == before.st_size and page.stat().st_mtime_ns == before.st_mtime_ns
    again = FileHashes(tmp_path)
    assert again.sha256(page) == _true(page) != old and again.read == 1


def test_a_file_written_just_now_is_not_remembered(tmp_path: Path) -> None:
    page = _page(tmp_path, "<p>刚写入</p>")
    first = FileHashes(tmp_path)
    first.sha256(page)
    first.save()
    again = FileHashes(tmp_path)
    assert again.sha256(page) == _true(page) and again.read == 1


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    page = _page(tmp_path, "<p>正文</p>")
    (tmp_path / hashes.HASH_CACHE).write_text('{"site/page.html": [[1, 2, 3, 4], "0000"]', "utf-8")
    assert FileHashes(tmp_path).sha256(page) == _true(page)
    (tmp_path / hashes.HASH_CACHE).write_text('{"site/page.html": [[1, 2], 5]}', "utf-8")
    assert FileHashes(tmp_path).sha256(page) == _true(page)


def test_the_manifest_lists_pages_and_copies_in_path_order_and_never_enters_a_linked_folder(tmp_path: Path) -> None:
    from qmsdoc.records.manifest import _listed

    build = tmp_path / "build"
    for relative in ("site/a.html", "site/a/b.html", "site/a-b.html", "docx/documents/QP-01.docx",
                     "pdf/QP-01.pdf", "site/search/p/0.gz", "site/assets/x.css", "register.csv"):
        (build / relative).parent.mkdir(parents=True, exist_ok=True)
        (build / relative).write_text(relative, "utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.html").write_text("x", "utf-8")
    (build / "site" / "linked").symlink_to(outside, target_is_directory=True)
    (build / "site" / "alias.html").symlink_to(build / "site" / "a.html")
    (build / "site" / "dangling.html").symlink_to(tmp_path / "missing.html")

    listed = _listed(build)
    assert [relative for relative, _stat in listed] == [
        "docx/documents/QP-01.docx", "pdf/QP-01.pdf", "site/a/b.html", "site/a-b.html", "site/a.html",
        "site/alias.html"]  # by path component: the folder a before the names that begin with it
    stats = dict(listed)
    assert stats["site/alias.html"].st_ino == (build / "site" / "a.html").stat().st_ino  # the file it points to
    hashes = FileHashes(build)
    assert hashes.sha256(build / "site/a/b.html", stats["site/a/b.html"]) == _true(build / "site/a/b.html")


def test_the_register_and_the_manifest_hash_from_one_listing_and_a_missing_copy_hashes_empty(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = tmp_path / "build"
    copy = build / "docx" / "documents" / "QP-01.docx"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(b"PK word")
    _later(monkeypatch, 10)
    hashes = FileHashes(build)
    listed = dict(hashes.listing())
    assert set(listed) == {"docx/documents/QP-01.docx"}
    assert hashes.digest("docx/documents/QP-01.docx") == _true(copy)
    assert hashes.digest("docx/documents/QP-02.docx") == ""  # no copy made: the register's cell stays empty
    hashes.save()
    copy.write_bytes(b"PK word, changed")  # after the listing: the next run lists and reads it again
    again = FileHashes(build)
    again.listing()
    assert again.digest("docx/documents/QP-01.docx") == _true(copy) and again.read == 1


@pytest.mark.parametrize("value", [
    {"files": [], "acknowledgements": []},
    {"files": [{"path": "site/a.html", "sha256": "ab", "id": None, "version": "A/0", "superseded": True,
                "documents": {"QP-01": "A/1", "QP-02": ""}}, {"path": "引号\"\\\n\t\u2028\x01", "id": "x"}],
     "acknowledgements": [{"n": 3, "b": False, "l": [[], {}, [1, [2, {"z": None, "a": "é"}]]]}]},
    {"float": 1.5, "nan": float("nan")},  # json's own way for floats
    {1: "a non-string key"},
    [("a", "tuple")],
])
def test_the_manifest_json_is_what_json_dumps_with_one_space_indents_writes(value: object) -> None:
    import json

    from qmsdoc.records.manifest import indented_json

    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)


def test_a_rebuild_that_changed_no_file_leaves_the_hash_cache_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(tmp_path, "<p>第一版</p>")
    _later(monkeypatch, 10)
    first = FileHashes(tmp_path)
    first.sha256(page)
    first.save()
    cache = tmp_path / hashes.HASH_CACHE
    before = cache.stat()
    again = FileHashes(tmp_path)
    again.sha256(page)
    again.save()  # nothing changed: not written again
    assert (cache.stat().st_ino, cache.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    page.write_text("<p>第二版</p>", "utf-8")
    third = FileHashes(tmp_path)
    third.sha256(page)
    third.save()
    assert FileHashes(tmp_path).known["site/page.html"][1] == _true(page)
