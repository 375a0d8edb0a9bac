"""The parse cache: a warm check re-parses only changed files and never returns stale findings."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from qmsdoc.cli import main
from qmsdoc.core import check, load_config
from qmsdoc.core.parsecache import CACHE_NAME, ParseCache

from conftest import Project

DOC = "manuals/qp-hr/QP-02-01.md"


def _codes(result: object) -> list[tuple[str, str, int]]:
    return [(f.code, f.path, f.line) for f in result.findings]  # type: ignore[attr-defined]


def test_warm_check_reparses_only_the_edited_file(project: Project) -> None:
    config = load_config(project.root)
    cache = ParseCache(project.root / "build" / CACHE_NAME)
    cold = check(config, cache)
    assert cache.misses > 20 and cache.hits == 0
    cache.save()

    warm_cache = ParseCache(project.root / "build" / CACHE_NAME)
    warm = check(config, warm_cache)
    assert warm_cache.misses == 0 and warm_cache.hits == cache.misses
    assert _codes(warm) == _codes(cold)
    assert warm.corpus.documents["QP-02-01"].title == cold.corpus.documents["QP-02-01"].title

    # An edit to one file's front matter: only that file is parsed again, and the new finding is seen.
    project.replace(DOC, "review_months: ", "review_months: 12.5\nx_unknown_field: 1\nreview_months_old: ")
    edited_cache = ParseCache(project.root / "build" / CACHE_NAME)
    edited = check(config, edited_cache)
    assert edited_cache.misses == 1 and edited_cache.hits == cache.misses - 1
    fresh = check(config)  # no cache at all
    assert _codes(edited) == _codes(fresh)
    assert any(f.code == "QD004" and f.path.endswith("QP-02-01.md") for f in edited.findings)


def test_cross_file_rules_fire_after_an_edit_in_the_referrer(project: Project) -> None:
    config = load_config(project.root)
    cache = ParseCache(project.root / "build" / CACHE_NAME)
    assert check(config, cache).ok
    cache.save()
    # The referrer now cites a document that does not exist, and drops a form from its records:
    # QD130 fires on the edited file, QD151 on the unchanged (cached) form.
    project.revise(DOC, "- [[QP-02-01-F001]]\n", "- [[QP-99-99]] 见\n")
    project.replace(DOC, "4.1.1 各部门", "4.1.1 参见 [[QP-77-01]]，各部门")
    project.restamp(DOC)
    warm_cache = ParseCache(project.root / "build" / CACHE_NAME)
    warm = check(config, warm_cache)
    assert warm_cache.hits > 0 and warm_cache.misses == 1
    codes = {(f.code, Path(f.path).name) for f in warm.findings}
    assert ("QD130", "QP-02-01.md") in codes
    assert ("QD151", "QP-02-01-F001.yaml") in codes
    assert _codes(warm) == _codes(check(config))


def test_corrupt_cache_is_ignored_and_replaced(project: Project, capsys: object) -> None:
    assert main(["check", str(project.root)]) == 0
    path = project.root / "build" / CACHE_NAME
    assert path.is_file() and (project.root / "build" / ".qmsdoc-output").is_file()
    path.write_bytes(b"\x80\x05not a pickle at all")
    assert main(["check", str(project.root)]) == 0
    assert ParseCache(path).entries  # rewritten, readable

    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])  # truncated mid-write
    assert main(["check", str(project.root)]) == 0


class _Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(_Planted.target),))

    target = Path("/nonexistent")


def test_cache_never_runs_code_from_a_tampered_file(project: Project, tmp_path: Path) -> None:
    _Planted.target = tmp_path / "ran"
    path = project.root / "build" / CACHE_NAME
    path.parent.mkdir()
    path.write_bytes(pickle.dumps({"version": ParseCache().version, "entries": {}, "x": _Planted()}))
    cache = ParseCache(path)
    assert cache.entries == {} and not (tmp_path / "ran").exists()
    assert check(load_config(project.root), cache).ok
    assert not (tmp_path / "ran").exists()


def test_check_does_not_write_into_a_folder_it_does_not_own(project: Project) -> None:
    foreign = project.root / "build"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("用户自己的文件", "utf-8")
    assert main(["check", str(project.root)]) == 0
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]


def test_manual_index_pages_come_from_the_cache_and_an_edit_to_one_is_seen(project: Project) -> None:
    config = load_config(project.root)
    cache = ParseCache(project.root / "build" / CACHE_NAME)
    assert check(config, cache).ok
    cache.save()
    index = "manuals/qp-hr/index.md"
    project.replace(index, "owner: 行政人事部\n", "")  # a required field gone: QD004, and the manual is not usable
    warm_cache = ParseCache(project.root / "build" / CACHE_NAME)
    warm = check(config, warm_cache)
    assert warm_cache.misses == 1 and warm_cache.hits == cache.misses - 1  # the other manuals were not re-parsed
    assert ("QD004", index) in {(f.code, f.path) for f in warm.findings}
    assert "QP-02" not in {m.id for m in warm.corpus.manuals}
    assert _codes(warm) == _codes(check(config))


def test_a_resident_cache_decodes_each_entry_once_and_hands_out_copies(project: Project,
                                                                       monkeypatch: object) -> None:
    """The preview's cache keeps what it decoded — an entry is decoded as it is stored, so no check after the
    first decodes anything (the first saved edit used to decode every entry of the starting build) — yet a finding
    the loader adds to one check's source (QD010 for a catastrophic numbering pattern, added to the manual
    index page's parse) never reaches the next check's."""
    import qmsdoc.core.parsecache as parsecache

    index = "manuals/qp-hr/index.md"
    project.replace(index, "document: '^QP-\\d{2}-\\d{2}$'", "document: '^(QP-\\d+)+$'")
    config = load_config(project.root)
    cache = ParseCache(None, resident=True)
    cold = check(config, cache)
    decoded: list[bytes] = []
    real_loads = parsecache._loads

    def counted(blob: bytes) -> object:
        decoded.append(blob)
        return real_loads(blob)

    monkeypatch.setattr(parsecache, "_loads", counted)  # type: ignore[attr-defined]
    first = check(config, cache)
    assert decoded == []  # what the cold check stored was decoded then
    second = check(config, cache)
    assert decoded == []  # every entry came decoded from memory
    assert _codes(first) == _codes(second) == _codes(cold)
    assert [f.path for f in second.findings if f.code == "QD010"] == [index]  # once: never carried over
    assert second.corpus.documents["QP-02-03"].source is not first.corpus.documents["QP-02-03"].source

    project.replace(index, "document: '^(QP-\\d+)+$'", "document: '^QP-\\d{2}-\\d{2}$'")  # parsed again
    misses = cache.misses
    edited = check(config, cache)
    assert not any(f.code == "QD010" for f in edited.findings)
    assert cache.misses == misses + 1  # the index page alone
    decoded.clear()
    assert _codes(check(config, cache)) == _codes(edited) and decoded == []  # what it stored came decoded


def _files_read(monkeypatch: Any, *, settled_after_ns: int) -> list[str]:
    """The files the parse cache reads from disk from now on, in order (SETTLED_NS set for the test)."""
    import qmsdoc.core.parsecache as parsecache

    monkeypatch.setattr(parsecache, "SETTLED_NS", settled_after_ns)
    read: list[str] = []
    real = parsecache.read_text

    def counted(path: Path, display: str, max_bytes: int) -> object:
        read.append(display)
        return real(path, display, max_bytes)

    monkeypatch.setattr(parsecache, "read_text", counted)
    return read


def test_a_resident_cache_reads_again_only_files_whose_status_changed(project: Project, monkeypatch: object) -> None:
    """The preview does not read thousands of unchanged files on every save: a file is read again when its
    size, times or inode differ from the read it remembers — an edit of the same length included."""
    import os

    read = _files_read(monkeypatch, settled_after_ns=0)  # every file counts as settled
    config = load_config(project.root)
    cache = ParseCache(None, resident=True)
    cold = check(config, cache)
    assert "manuals/qp-hr/QP-02-03.md" in read
    read.clear()
    assert _codes(check(config, cache)) == _codes(cold)
    assert read == []  # nothing changed: nothing read

    edited = project.path("manuals/qp-hr/QP-02-03.md")
    before = edited.stat()
    text = edited.read_text("utf-8")
    same_length = text.replace("员工", "职员", 1)
    assert len(same_length.encode()) == len(text.encode()) and same_length != text
    edited.write_text(same_length, "utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    warm = check(config, cache)
    assert read == ["manuals/qp-hr/QP-02-03.md"]
    assert warm.corpus.documents["QP-02-03"].title.startswith("职员")
    assert cache.reads is not None and "manuals/qp-hr/QP-02-01.md" in cache.reads
    cache.prune()  # as the preview does after every check
    project.path("manuals/qp-hr/QP-02-01.md").unlink()
    check(config, cache)
    cache.prune()
    assert "manuals/qp-hr/QP-02-01.md" not in cache.reads  # a file no longer there is forgotten


def test_a_resident_cache_reads_a_just_written_file_every_time(project: Project, monkeypatch: object) -> None:
    """A file written within SETTLED_NS of its read may be written again without any change of its times (a
    coarse file-system clock): it is not answered from memory until it has settled."""
    read = _files_read(monkeypatch, settled_after_ns=3600 * 10**9)  # nothing has settled
    config = load_config(project.root)
    cache = ParseCache(None, resident=True)
    check(config, cache)
    first = len(read)
    check(config, cache)
    assert len(read) == 2 * first  # every file read again


def test_a_resident_cache_builds_each_model_once_and_joins_it_to_each_load(project: Project) -> None:
    """The models of unchanged sources are kept between the preview's checks: each check gets its own copy,
    joined to its own source and manual."""
    project.replace("manuals/qp-hr/QP-02-01.md", "review_months: 24", "review_months: 24.0")  # not loadable
    config = load_config(project.root)
    cache = ParseCache(None, resident=True)
    first = check(config, cache)
    second = check(config, cache)
    assert _codes(first) == _codes(second) == _codes(check(config))
    assert ("QD004", "manuals/qp-hr/QP-02-01.md") in {(f.code, f.path) for f in second.findings}
    before, after = first.corpus.documents["QP-02-03"], second.corpus.documents["QP-02-03"]
    assert after is not before
    assert (after.title, after.version, after.history, after.signoffs) == (before.title, before.version,
                                                                          before.history, before.signoffs)
    assert after.source is second.corpus.documents["QP-02-03"].source is not before.source
    manual = next(m for m in second.corpus.manuals if m.id == "QP-02")
    assert after.manual is manual and after in manual.documents
    form = next(iter(second.corpus.forms.values()))
    assert form.source in second.corpus.sources and form is not first.corpus.forms[form.id]


def test_a_model_whose_building_added_a_finding_is_built_again() -> None:
    """Only a model built without a finding is kept: the finding must be reported by every check."""
    from qmsdoc.core.source import SourceText

    cache = ParseCache(None, resident=True)
    built: list[int] = []

    def build(src: SourceText, flawed: bool) -> list[int]:
        built.append(1)
        if flawed:
            src.error("QD004", 1, "flawed")
        return [len(built)]

    for flawed in (True, False):
        built.clear()
        for _ in range(2):
            src = SourceText("a.md", text="x", sha256="0" * 64 if flawed else "1" * 64)
            model = cache.built("document", src, lambda src=src, flawed=flawed: build(src, flawed), list, list)
            assert model and len(src.findings) == (1 if flawed else 0)
        assert len(built) == (2 if flawed else 1)
