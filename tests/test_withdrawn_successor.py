"""Withdrawing a document that is itself another withdrawn document's successor (the shipped QP-02-04 was superseded
by QP-02-03; QP-02-03 withdrawn now): QP-02-04's page, the 作废文件 list, `verify` and the 回收清单 named QP-02-03 as
its successor with nothing more — 「请使用替代文件」 sent readers to a withdrawn document, and the recall list said to
issue copies of it. They now say it was withdrawn too, and what is in force at the end of the chain, if anything
(core/model.py `in_force_successor`, `withdrawn_successor_note`)."""

from __future__ import annotations

import datetime as dt

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.distribution import CopyEntry, reissue, standing, superseded_reason
from qmsdoc.core.model import Corpus, in_force_successor
from qmsdoc.site import pages

from conftest import Project, commit, run_cli
from sitebuild import page

DAY = "2026-12-05"
OLD, MIDDLE = "QP-02-04", "QP-02-03"  # shipped: QP-02-04 withdrawn, superseded by QP-02-03 (in force)


def _withdraw(repo: Project, monkeypatch: pytest.MonkeyPatch, *successor: str) -> Corpus:
    monkeypatch.setenv("QMSDOC_TODAY", DAY)
    how = ("--superseded-by", *successor) if successor else ("--no-successor",)
    done = run_cli("obsolete", MIDDLE, *how, "--by", "总经理", "--reason", "外包", cwd=repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    commit(repo.root, f"{MIDDLE} 作废")
    return check(load_config(repo.root)).corpus


def _entry(code: str) -> CopyEntry:
    return CopyEntry(f"{code}-A/0-001", code, "A/0", "客服部", dt.date(2026, 1, 5), "文控员", "docx", "", 1)


def test_a_successor_withdrawn_with_none_is_not_offered_as_the_one_to_use(repo: Project,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _withdraw(repo, monkeypatch)
    old, today = corpus.documents[OLD], dt.date.fromisoformat(DAY)
    assert in_force_successor(old, corpus.documents) is None
    said = f"亦已于 {DAY} 作废，无现行替代文件"
    banner = pages.banners(old, corpus.documents[MIDDLE], today, documents=corpus.documents)
    assert MIDDLE in banner and said in banner, banner
    listing = pages.obsolete_page([old], corpus.documents, today)
    assert said in listing, listing
    now = standing(corpus, OLD)
    assert now is not None
    assert said in str(superseded_reason(_entry(OLD), now)) and MIDDLE not in reissue(now), reissue(now)
    assert "其替代文件亦已作废" in reissue(now)


def test_a_successor_withdrawn_for_another_names_the_one_in_force(repo: Project,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _withdraw(repo, monkeypatch, "QP-02-01")
    old, today = corpus.documents[OLD], dt.date.fromisoformat(DAY)
    assert in_force_successor(old, corpus.documents) is corpus.documents["QP-02-01"]
    banner = pages.banners(old, corpus.documents[MIDDLE], today, documents=corpus.documents)
    assert f"亦已于 {DAY} 作废，现由" in banner and 'href="' in banner.split("现由")[1], banner
    assert "QP-02-01" in banner.split("现由")[1]
    now = standing(corpus, OLD)
    assert now is not None and "QP-02-01" in reissue(now) and MIDDLE not in reissue(now)


def test_a_successor_in_force_is_named_as_before(repo: Project) -> None:
    """Quiet: QP-02-04's successor QP-02-03 in force — named alone, and reissued."""
    corpus = check(load_config(repo.root)).corpus
    old, today = corpus.documents[OLD], dt.date.fromisoformat(DAY)
    assert in_force_successor(old, corpus.documents) is corpus.documents[MIDDLE]
    banner = pages.banners(old, corpus.documents[MIDDLE], today, documents=corpus.documents)
    assert MIDDLE in banner and "亦已" not in banner
    assert "亦已" not in pages.obsolete_page([old], corpus.documents, today)
    now = standing(corpus, OLD)
    assert now is not None and now.successor == MIDDLE and MIDDLE in reissue(now)


def test_the_site_tells_the_same_truth(repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The built site: QP-02-04's page and `verify` of it say its successor was withdrawn too."""
    _withdraw(repo, monkeypatch)
    built = run_cli("build", "--only", "site,records", cwd=repo.root)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "无现行替代文件" in page(repo.root, f"qp-hr/{OLD}")
    saved = repo.root / "build" / "site" / "qp-hr" / OLD / "index.html"
    verdict = run_cli("verify", str(saved), cwd=repo.root)
    assert verdict.returncode == 1 and "无现行替代文件" in verdict.stdout, verdict


def _citing_old(repo: Project) -> str:
    """QP-02-01 made to cite the withdrawn QP-02-04: QD131's finding on it."""
    source = repo.root / "manuals" / "qp-hr" / "QP-02-01.md"
    source.write_text(source.read_text("utf-8").replace("- [[QP-02-02]]", "- [[QP-02-02]]\n- [[QP-02-04]]", 1),
                      "utf-8")
    found = [f.format() for f in check(load_config(repo.root)).findings if f.code == "QD131"]
    assert len(found) == 1 and OLD in found[0], found
    return found[0]


def test_qd131_does_not_tell_a_document_to_cite_a_withdrawn_successor(repo: Project,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _withdraw(repo, monkeypatch)
    finding = _citing_old(repo)
    assert f"[[{MIDDLE}]]" not in finding and "请改为引用现行文件" in finding, finding


def test_qd131_names_a_successor_in_force(repo: Project) -> None:
    """Quiet: QP-02-03 in force, the hint names it."""
    finding = _citing_old(repo)
    assert f"请改为引用其替代文件 [[{MIDDLE}]]" in finding, finding


@pytest.mark.parametrize(("code", "how", "said"), [
    (MIDDLE, ("--no-successor",), f"此前以 {MIDDLE} 为替代文件而作废的 {OLD} 现在没有现行替代文件"),
    (MIDDLE, ("--superseded-by", "QP-02-01"), f"此前以 {MIDDLE} 为替代文件而作废的 {OLD} 现由 QP-02-01 替代"),
    ("KF0301", ("--superseded-by", "KF0302", "--update-references"), None),  # quiet: none withdrawn in its favour
])
def test_obsolete_says_what_becomes_of_documents_withdrawn_in_its_favour(
        repo: Project, monkeypatch: pytest.MonkeyPatch, code: str, how: tuple[str, ...], said: str | None) -> None:
    monkeypatch.setenv("QMSDOC_TODAY", DAY)
    done = run_cli("obsolete", code, *how, "--by", "总经理", "--reason", "外包", cwd=repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (said in done.stdout) if said else ("此前以" not in done.stdout), done.stdout
