"""The note beside a document's effective date when its version came into force on the line later (merged from a
branch, in force again after a revert: `Document.landed`, set from git after the check): what each output says,
and that a dirty build's page fingerprint and a copy's reuse key change with it (git holds the day, the source's
bytes do not). The builds that show the note everywhere are in test_output_consistency.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import re
from pathlib import Path

import pytest

from conftest import Project

EFFECTIVE = "QP-03-02"  # effective 2026-03-01


def _document(project: Project, ident: str) -> object:
    from qmsdoc.core.config import load_config
    from qmsdoc.core.loader import load_corpus

    return load_corpus(load_config(project.root)).documents[ident]


@pytest.mark.parametrize(("language", "merged", "restored"), [
    ("zh-CN", "2026-03-01（2026-03-20 合并到主线，自该日起生效）",
     "2026-03-01（2026-03-20 起重新生效：其后的版本被撤回）"),
    ("en", "2026-03-01 (merged onto the main branch on 2026-03-20, in force from then)",
     "2026-03-01 (in force again from 2026-03-20: the version after it was reverted)")])
def test_the_effective_cell_says_the_day_the_version_landed_in_the_history_pages_words(
        project: Project, language: str, merged: str, restored: str) -> None:
    from qmsdoc.core import i18n
    from qmsdoc.core.model import Document, Landed

    document = _document(project, EFFECTIVE)
    i18n.set_language(language)  # after loading: the shipped project's qmsdoc.yml says zh-CN
    assert isinstance(document, Document) and document.landed is None
    assert document.effective_cell == "2026-03-01" and document.effective_note == ""  # loaded without git: quiet
    day = dt.date(2026, 3, 20)
    assert dataclasses.replace(document, landed=Landed(day)).effective_cell == merged
    assert dataclasses.replace(document, landed=Landed(day, restored=True)).effective_cell == restored


def test_a_withdrawn_documents_cell_keeps_its_version_and_adds_the_day(project: Project) -> None:
    """Withdrawn (the withdrawal numbered A/1), its effective date A/0's: the version it belongs to, then the day."""
    from qmsdoc.core.model import Document, Landed
    from qmsdoc.core.revision import Revision
    from qmsdoc.core.status import Status

    document = _document(project, EFFECTIVE)
    assert isinstance(document, Document)
    withdrawn = dataclasses.replace(document, status=Status.OBSOLETE, version=Revision.parse("A/1"))
    assert withdrawn.withdrew == "A/0" and withdrawn.effective_note == "（A/0 版）"
    landed = dataclasses.replace(withdrawn, landed=Landed(dt.date(2026, 3, 20))).effective_note
    assert landed == "（A/0 版）（2026-03-20 合并到主线，自该日起生效）"


def test_the_page_fingerprint_and_the_copy_key_change_with_the_day_it_landed(project: Project) -> None:
    from qmsdoc.core.copyjobs import document_job
    from qmsdoc.core.copyreuse import Digests
    from qmsdoc.core.model import Document, Landed
    from qmsdoc.site.dirty import document_inputs, model_of, summary

    document = _document(project, EFFECTIVE)
    assert isinstance(document, Document)
    merged = dataclasses.replace(document, landed=Landed(dt.date(2026, 3, 20)))
    again = dataclasses.replace(document, landed=Landed(dt.date(2026, 3, 20)))
    later = dataclasses.replace(document, landed=Landed(dt.date(2026, 3, 21)))

    def page(d: Document) -> str:
        return document_inputs(d, [], [], None, False, "")

    assert page(document) != page(merged) != page(later)
    assert page(merged) == page(again)  # the same day: the page is not written again
    assert summary(document) != summary(merged) and model_of(document) != model_of(merged)
    digest = Digests("salt")

    def key(d: Document) -> str:
        return digest(document_job(d, "<p>x</p>", "示例公司"))

    assert key(document) != key(merged) != key(later) and key(merged) == key(again)


def test_only_a_history_with_a_merge_or_a_release_put_back_is_parsed_for_the_day() -> None:
    """`mark_landed` parses a document's releases only when its raw history may hold a merged or restored one: a
    history committed on the line, each version once (however many commits of one version), is left unparsed."""
    from qmsdoc.core.gitlog import Revisioned
    from qmsdoc.core.versions import _may_have_landed

    def text(version: str, mark: str) -> str:
        return f"---\nid: QM-01\nversion: {version}\napproved: {{by: 总经理, fingerprint: {mark * 64}}}\n---\n"

    def history(*versions: tuple[str, str], merge: bool = False) -> list[Revisioned]:
        return [Revisioned(f"c{i}", "2025-01-01", text(*v), merge=merge and i == len(versions) - 1)
                for i, v in enumerate(versions)]

    assert not _may_have_landed(history(("A/0", "a"), ("A/0", "a"), ("A/1", "b"), ("A/2", "c")))
    assert not _may_have_landed(history(("A/0", "a"), ("A/0", "d")))  # approved again: QD191's, not a put back
    assert _may_have_landed(history(("A/0", "a"), ("A/1", "b"), ("A/0", "a")))  # A/1 reverted
    assert _may_have_landed(history(("A/0", "a"), ("A/1", "b"), merge=True))
    assert _may_have_landed([Revisioned("c0", "2025-01-01", "---\nid: QM-01\n---\n")])  # no plain version: parse


def test_a_check_parses_the_shown_versions_commits_not_the_whole_history(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A/2 merged from a branch on 04-20 (effective 04-01), after A/0 and A/1 were released on the line: the note is
    the merge's day, found from A/2's commits alone — A/0's and A/1's texts cannot be A/2's releases, and parsing
    every file's whole history on every `check` made a pull-request repository's check grow with its history."""
    from test_history_shapes import DOC, bump, commit, git, start

    from qmsdoc.core import check, load_config, versions
    from qmsdoc.core.model import Document

    checking = importlib.import_module("qmsdoc.core.check")
    monkeypatch.setenv("QMSDOC_TODAY", "2025-06-01")
    small = start(tmp_path / "qms")
    git(small.root, "checkout", "-qb", "feature")
    bump(small, "2025-04-01", "分支上的正文。")
    commit(small.root, "A/2 on a branch", "2025-04-01T10:00:00+08:00")
    git(small.root, "checkout", "-q", "-")
    git(small.root, "merge", "-q", "--no-ff", "feature", "-m", "merge", when="2025-04-20T10:00:00+08:00")
    parsed: list[str] = []
    reading, marking = versions.parse_version, checking.mark_landed
    inside = [False]

    def counted(kind: str, text: str, path: str) -> object:
        if path == DOC and inside[0]:
            parsed.append(re.search(r"^version: (\S+)", text, re.M).group(1))  # type: ignore[union-attr]
        return reading(kind, text, path)

    def marked(corpus: object, history: object, *kept: object) -> None:
        inside[0] = True
        versions.released.cache_clear()  # what the check's rules parsed before it: mark_landed's own parsing
        try:
            marking(corpus, history, *kept)  # type: ignore[arg-type]
        finally:
            inside[0] = False

    monkeypatch.setattr(versions, "parse_version", counted)
    monkeypatch.setattr(checking, "mark_landed", marked)
    document = check(load_config(small.root)).corpus.documents["QM-01"]
    assert isinstance(document, Document) and document.landed is not None
    assert document.landed.day == dt.date(2025, 4, 20) and not document.landed.restored
    assert parsed and set(parsed) == {"A/2"}, parsed  # not A/0's or A/1's commits

    # A check with the parse cache of the last one (`qmsdoc check`, a build) parses none of it again: the answer is
    # kept by the file's bytes and the commits it was read from; a new commit of the file asks again.
    from qmsdoc.core.parsecache import ParseCache

    stored = tmp_path / "build" / "parse-cache"  # a new folder: the cache claims it as qmsdoc's
    first = ParseCache(stored)
    check(load_config(small.root), first)
    first.save()
    parsed.clear()
    again = check(load_config(small.root), ParseCache(stored)).corpus.documents["QM-01"]
    assert again.landed == document.landed and parsed == [], parsed
    small.write(DOC, small.read(DOC) + "\n")  # not the approved content: QD190, and no note for it
    commit(small.root, "an edit", "2025-05-01T10:00:00+08:00")
    small.write(DOC, small.read(DOC)[:-1])
    commit(small.root, "put right", "2025-05-02T10:00:00+08:00")
    check(load_config(small.root), ParseCache(stored))
    assert parsed, "a new commit of the file is read again"
