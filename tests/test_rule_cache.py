"""Per-file rules are cached by content hash: a check after one edit re-runs them for that file alone,
yet every finding is the one an uncached check gives — including when what changed is not the file
itself (its manual's index page, the configuration, today's date, where other documents live)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from qmsdoc.core import check, load_config, mdlinks
from qmsdoc.core.check import CheckResult
from qmsdoc.core.config import Config
from qmsdoc.core.dialect import Dialect
from qmsdoc.core.parsecache import CACHE_NAME, ParseCache
from qmsdoc.core.rules import REGISTRY

from conftest import REPO, Project

DOC = "manuals/qp-hr/QP-02-01.md"
OTHER = "manuals/qp-hr/QP-02-03.md"


def _codes(result: CheckResult) -> list[tuple[str, str, int, str]]:
    return [(f.code, f.path, f.line, f.message) for f in result.findings]


def _unplaced(result: CheckResult) -> list[tuple[str, str, int, str]]:
    """The findings with QD190's line left out: an uncached check without git knows only that approved content
    changed, while a warm one also read the approved text last time and names the changed line (#33)."""
    return [(code, path, 0 if code == "QD190" else line, message) for code, path, line, message in _codes(result)]


def _warm(config: Config, project: Project) -> tuple[CheckResult, ParseCache]:
    """A check with the cache the previous one left in build/, saving it again for the next."""
    cache = ParseCache(project.root / "build" / CACHE_NAME)
    result = check(config, cache)
    cache.save()
    return result, cache


def test_per_file_rules_are_registered() -> None:
    per_file = {code for code, rule in REGISTRY.items() if rule.per is not None}
    assert {"QD012", "QD013", "QD103", "QD110", "QD120", "QD122", "QD160", "QD161", "QD180", "QD200",
            "QD202"} <= per_file
    # Rules reading other files, git or the file system stay corpus-wide.
    assert not per_file & {"QD130", "QD131", "QD151", "QD162", "QD163", "QD190", "QD191", "QD201"}


def test_an_edit_rechecks_that_file_alone_and_findings_match_an_uncached_check(project: Project) -> None:
    config = load_config(project.root)
    cold, cache = _warm(config, project)
    assert cold.ok and len(cache.rechecked) > 40
    _, idle = _warm(config, project)
    assert idle.rechecked == []  # nothing changed: no per-file rule ran

    project.revise(DOC, "4.1.2 经理助理", "4.1.4 经理助理")  # a clause number skips: QD161 fires
    edited, cache = _warm(config, project)
    assert cache.rechecked == [DOC]
    assert ("QD161", DOC) in {(f.code, f.path) for f in edited.findings}
    assert _codes(edited) == _codes(check(config))

    # Served from the cache, the finding is still there while the file is unchanged...
    again, cache = _warm(config, project)
    assert cache.rechecked == [] and _codes(again) == _codes(edited)
    # ...and gone as soon as the file is mended.
    project.revise(DOC, "4.1.4 经理助理", "4.1.2 经理助理")
    mended, cache = _warm(config, project)
    assert cache.rechecked == [DOC] and mended.ok


def test_a_manual_index_change_rechecks_its_documents(project: Project) -> None:
    config = load_config(project.root)
    project.revise(DOC, "4.1.2 经理助理", "4.1.4 经理助理")
    first, _ = _warm(config, project)
    assert ("QD161", DOC) in {(f.code, f.path) for f in first.findings}
    # The manual turns clause numbering off; the document itself is unchanged.
    project.replace("manuals/qp-hr/index.md", "order: 1\n", "order: 1\nclause_numbering: 'off'\n")
    second, cache = _warm(config, project)
    assert DOC in cache.rechecked and OTHER in cache.rechecked
    assert ("QD161", DOC) not in {(f.code, f.path) for f in second.findings}
    assert _unplaced(second) == _unplaced(check(config))


def test_the_date_and_the_configuration_are_part_of_the_key(project: Project,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", "2026-11-24")
    before, _ = _warm(load_config(project.root), project)
    assert "QD180" not in {f.code for f in before.findings}
    monkeypatch.setenv("QMSDOC_TODAY", "2031-01-01")  # years later, every review is overdue
    later, cache = _warm(load_config(project.root), project)
    assert cache.rechecked and ("QD180", DOC) in {(f.code, f.path) for f in later.findings}

    monkeypatch.setenv("QMSDOC_TODAY", "2026-11-24")
    project.replace("qmsdoc.yml", "  procedure:\n", "  procedure:\n    - [附录]\n")
    stricter, _ = _warm(load_config(project.root), project)
    assert ("QD160", DOC) in {(f.code, f.path) for f in stricter.findings}


def test_a_new_document_resolves_a_link_in_an_unchanged_one(project: Project) -> None:
    """A relative `.md` link is a reference once its target exists: the linking file's structure depends
    on where other documents live, so a new document re-reads it although its bytes are the same."""
    config = load_config(project.root)
    project.revise(DOC, "4.1.2 经理助理", "4.1.2 见[新规程](QP-02-09.md)。经理助理")
    first, _ = _warm(config, project)
    assert ("QD163", DOC) in {(f.code, f.path) for f in first.findings}  # the link's target is missing

    draft = project.read(OTHER).replace("id: QP-02-03", "id: QP-02-09").replace("status: effective", "status: draft")
    project.write("manuals/qp-hr/QP-02-09.md", draft)
    second, cache = _warm(config, project)
    found = {(f.code, f.path) for f in second.findings}
    assert ("QD163", DOC) not in found
    assert ("QD131", DOC) in found  # an effective document now leans on a draft through the link
    assert _codes(second) == _codes(check(config))


def test_a_damaged_entry_is_computed_again(project: Project) -> None:
    config = load_config(project.root)
    project.revise(DOC, "4.1.2 经理助理", "4.1.4 经理助理")
    _, cache = _warm(config, project)
    path = project.root / "build" / CACHE_NAME
    damaged = ParseCache(path)
    entries = {k: b"\x80\x05garbage" if k.startswith("findings\0") else v for k, v in damaged.entries.items()}
    path.write_bytes(pickle.dumps({"version": damaged.version, "entries": entries}))
    result, cache = _warm(config, project)
    assert len(cache.rechecked) > 40 and ("QD161", DOC) in {(f.code, f.path) for f in result.findings}


def test_without_a_cache_nothing_is_stored(tmp_path: Path, project: Project) -> None:
    result = check(load_config(project.root))
    assert result.ok and not (project.root / "build").exists()


def test_approval_findings_from_the_cache_are_an_uncached_check_s(project: Project) -> None:
    """QD122 (per file) and QD190's fingerprint comparison (cached by file hash) after edits and reverts."""
    config = load_config(project.root)
    _warm(config, project)
    original = project.read(DOC)
    project.replace(DOC, "4.1.2 经理助理", "4.1.2 经理助理（兼）")  # approved content changed: QD190
    edited, cache = _warm(config, project)
    assert cache.rechecked == [DOC] and ("QD190", DOC) in {(f.code, f.path) for f in edited.findings}
    assert _unplaced(edited) == _unplaced(check(config))
    assert ("QD190", project.line_of(DOC, "经理助理（兼）")) in {(f.code, f.line) for f in edited.findings}
    record = original[original.index(", fingerprint:"):].split("}")[0]
    project.write(DOC, original.replace(record, "", 1))  # the record without its fingerprint: QD122
    unrecorded, cache = _warm(config, project)
    assert ("QD122", DOC) in {(f.code, f.path) for f in unrecorded.findings}
    assert _codes(unrecorded) == _codes(check(config))
    project.write(DOC, original)
    restored, cache = _warm(config, project)
    assert cache.rechecked == [DOC] and restored.ok and _codes(restored) == _codes(check(config))


def _bodies_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The first line of every body `mdlinks` reads for its links and images from here on (each read afresh)."""
    read: list[int] = []
    inner = mdlinks._read.__wrapped__

    def reading(body: str, first_line: int, dialect: Dialect) -> object:
        read.append(first_line)
        return inner(body, first_line, dialect)

    monkeypatch.setattr(mdlinks, "_read", reading)
    return read


def test_a_warm_check_reads_no_unchanged_body_for_its_links_and_pictures(project: Project,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules over the whole corpus that look at the files a page shows (QD162–QD164, QD194) take each page's
    links and images from the cache: a one-edit rebuild at 2,000 documents read every body again (0.56 s)."""
    config = load_config(project.root)
    _warm(config, project)
    read = _bodies_read(monkeypatch)
    idle, _ = _warm(config, project)
    assert idle.ok and read == []
    project.revise(DOC, "4.1.2 经理助理汇总", "4.1.2 经理助理见[流程](流程.md)汇总")
    edited, _ = _warm(config, project)
    assert read  # the edited body is read
    assert ("QD163", DOC) in {(f.code, f.path) for f in edited.findings}


def test_a_picture_removed_beside_an_unchanged_page_is_still_missing(project: Project,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """What the cache keeps is what the page shows, never whether the file is there: QD162 looks again."""
    config = load_config(project.root)
    picture = project.path("manuals/qp-hr/流程.png")
    picture.write_bytes((REPO / "tests/fixtures/dialect/manuals/sop/img/flow.png").read_bytes())
    project.revise(DOC, "4.1.2 经理助理汇总", "4.1.2 经理助理![流程](流程.png)汇总")
    shown, _ = _warm(config, project)
    assert "QD162" not in {f.code for f in shown.findings}
    read = _bodies_read(monkeypatch)
    picture.unlink()
    missing, _ = _warm(config, project)
    assert read == []  # the page is unchanged: its pictures came from the cache
    assert [(f.code, f.path, f.line) for f in missing.findings if f.code == "QD162"] == \
        [("QD162", DOC, project.line_of(DOC, "](流程.png)"))]
    assert _codes(missing) == _codes(check(config))
