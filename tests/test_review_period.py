"""A project-wide period of periodic review (qmsdoc.yml `review_months`, 每年评审一次): a controlled document that
writes no `review_months` of its own falls due after the project's period — it was never due, and the check, the
定期评审 page and the registers told an auditor nothing was. A document's own period overrides the project's;
drafts and withdrawn documents are never due; the caches answer for the period set now."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qmsdoc.acts.drafting import draft_source
from qmsdoc.core import check, i18n, load_config
from qmsdoc.core.config import Config
from qmsdoc.core.loader import load_corpus
from qmsdoc.core.parsecache import ParseCache
from qmsdoc.core.rules.lifecycle import review_due_soon
from qmsdoc.records.register import register_rows
from qmsdoc.scaffold import init_project
from qmsdoc.site.dirty import document_inputs

from conftest import Project, run_cli, today_is

EFFECTIVE = "QP-03-02"  # effective 2026-03-01, its own review_months 24
DOC = "manuals/qp-service/QP-03-02.md"
WITHDRAWN = "manuals/qp-hr/QP-02-04.md"  # QP-02-04, obsolete, effective 2024-01-05
DRAFT = "manuals/zwfw/ZWFW-007.md"  # ZWFW-007, a draft proposing effective 2026-03-01
NEXT_REVIEW = 10  # the register's 下次评审日期 column


def _period(project: Project, months: int | None) -> None:
    """qmsdoc.yml with the project's period `months` (None: the setting removed)."""
    lines = [line for line in project.read("qmsdoc.yml").splitlines() if not line.startswith("review_months:")]
    project.write("qmsdoc.yml", "\n".join(lines) + (f"\nreview_months: {months}\n" if months is not None else "\n"))


def _own_period(project: Project, relative: str, months: int | None) -> None:
    """The document's own `review_months` set to `months` or removed, approval recorded again (no QD190)."""
    text = project.read(relative)
    old = next(line for line in text.splitlines() if line.startswith("review_months:"))
    project.revise(relative, old + "\n", f"review_months: {months}\n" if months is not None else "")


def _qd180(project: Project, today: dt.date, path: str = DOC) -> list[str]:
    config = load_config(project.root)
    config.today = today
    return [f.message for f in check(config).findings if f.code == "QD180" and f.path == path]


def test_a_document_without_its_own_period_falls_due_after_the_projects(project: Project) -> None:
    _own_period(project, DOC, None)
    _period(project, 12)  # effective 2026-03-01: due 2027-03-01
    assert _qd180(project, dt.date(2027, 3, 1)) == []  # due today: not yet overdue
    found = _qd180(project, dt.date(2027, 3, 2))
    assert len(found) == 1 and "2027-03-01" in found[0] and "qmsdoc.yml" in found[0] and "12" in found[0]
    config = load_config(project.root)
    config.today = dt.date(2027, 3, 2)
    result = check(config)
    assert result.corpus.documents[EFFECTIVE].next_review == dt.date(2027, 3, 1)
    assert (dt.date(2027, 3, 1), EFFECTIVE) in review_due_soon(result.context)  # the 定期评审 page lists it
    rows = {r[0]: r for r in register_rows(result.corpus, project.root, project.path("build/docx"), config.today)}
    assert rows[EFFECTIVE][NEXT_REVIEW].startswith("2027-03-01")
    _period(project, None)  # without a project period (an existing project's default) it stays never due
    assert _qd180(project, dt.date(2040, 1, 1)) == []
    assert check(load_config(project.root)).corpus.documents[EFFECTIVE].next_review is None


def test_the_documents_own_period_overrides_the_projects_either_way(project: Project) -> None:
    _period(project, 12)  # the document keeps its own 24: due 2028-03-01, not 2027-03-01
    assert _qd180(project, dt.date(2027, 6, 1)) == []
    found = _qd180(project, dt.date(2028, 3, 2))
    assert len(found) == 1 and "qmsdoc.yml" not in found[0]  # its own period: nothing said of the project's
    _own_period(project, DOC, 6)  # shorter than the project's: due 2026-09-01
    _period(project, 24)
    assert check(load_config(project.root)).corpus.documents[EFFECTIVE].next_review == dt.date(2026, 9, 1)
    assert len(_qd180(project, dt.date(2026, 9, 2))) == 1


def test_drafts_and_withdrawn_documents_are_never_due(project: Project) -> None:
    _own_period(project, DRAFT, None)
    _own_period(project, WITHDRAWN, None)
    _period(project, 1)
    config = load_config(project.root)
    config.today = dt.date(2040, 1, 1)
    result = check(config)
    assert [f for f in result.findings if f.code == "QD180" and f.path in (DRAFT, WITHDRAWN)] == []
    assert result.corpus.documents["ZWFW-007"].next_review is None
    assert result.corpus.documents["QP-02-04"].next_review is None
    _own_period(project, DOC, None)  # the same setting makes an effective one due: the check above could fire
    assert len(_qd180(project, dt.date(2040, 1, 1))) == 1


def test_a_bad_project_period_is_a_configuration_error_naming_the_key(project: Project) -> None:
    _period(project, None)
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "review_months: 12.5\n")
    decimal = run_cli("check", cwd=project.root)  # the reader refuses a decimal anywhere, at its line
    line = project.line_of("qmsdoc.yml", "review_months: 12.5")
    assert decimal.returncode == 2 and f"qmsdoc.yml:{line}:" in decimal.stderr, decimal
    for bad, says in (("0", "应在 1 到 120 之间"), ("121", "应在 1 到 120 之间"), ("twelve", "应为整数"),
                      ("true", "应为整数"), ("[12]", "应为整数")):
        _period(project, None)
        project.write("qmsdoc.yml", project.read("qmsdoc.yml") + f"review_months: {bad}\n")
        result = run_cli("check", cwd=project.root)
        line = project.line_of("qmsdoc.yml", f"review_months: {bad}")
        assert result.returncode == 2, (bad, result)
        assert f"qmsdoc.yml:{line}: 配置项 review_months" in result.stderr and says in result.stderr, result.stderr
    _period(project, 120)  # the edges of the range are accepted
    assert run_cli("check", cwd=project.root).returncode != 2
    _period(project, 1)
    assert run_cli("check", cwd=project.root).returncode != 2


def test_a_change_of_the_project_period_reaches_a_warm_check(project: Project) -> None:
    """The rule cache in build/ holds QD180's answer per file: it must not outlive the setting it came from."""
    _own_period(project, DOC, None)
    with today_is("2027-06-01"):
        _period(project, 12)
        first = run_cli("check", cwd=project.root)
        assert any("QD180" in line and DOC in line for line in first.stdout.splitlines()), first.stdout
        _period(project, 24)
        quiet = run_cli("check", cwd=project.root)
        assert not any("QD180" in line and DOC in line for line in quiet.stdout.splitlines()), quiet.stdout
        _period(project, 12)
        loud = run_cli("check", cwd=project.root)
        assert any("QD180" in line and DOC in line for line in loud.stdout.splitlines()), loud.stdout


def test_a_resident_cache_gives_each_load_the_period_set_now(project: Project) -> None:
    """The preview keeps the model of unchanged bytes: it kept the period of the load that built it."""
    _own_period(project, DOC, None)
    cache = ParseCache(None, resident=True)
    config = load_config(project.root)
    config.review_months = 12
    assert load_corpus(config, cache).documents[EFFECTIVE].next_review == dt.date(2027, 3, 1)
    config.review_months = 36
    assert load_corpus(config, cache).documents[EFFECTIVE].next_review == dt.date(2029, 3, 1)
    config.review_months = None
    assert load_corpus(config, cache).documents[EFFECTIVE].next_review is None


def test_a_dirty_build_writes_the_page_again_when_the_next_review_moves(project: Project) -> None:
    _own_period(project, DOC, None)
    config = load_config(project.root)
    config.review_months = 12
    first = load_corpus(config).documents[EFFECTIVE]
    config.review_months = 24
    second = load_corpus(config).documents[EFFECTIVE]
    assert document_inputs(first, [], [], None, False, "") != document_inputs(second, [], [], None, False, "")
    assert document_inputs(second, [], [], None, False, "") == document_inputs(
        load_corpus(config).documents[EFFECTIVE], [], [], None, False, "")  # same period, same page: not rebuilt


def test_the_english_message_says_the_period_is_the_projects(project: Project) -> None:
    _own_period(project, DOC, None)
    _period(project, 12)
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "language: en\n")
    found = _qd180(project, dt.date(2027, 3, 2))
    assert len(found) == 1 and "1 day overdue" in found[0]
    assert "the period of 12 months is the project's, review_months in qmsdoc.yml" in found[0]


def test_new_drafts_follow_the_project_period_unless_there_is_none(tmp_path: Path) -> None:
    with_period = Config(root=tmp_path, review_months=12)
    text = draft_source(with_period, "QM-01", title="示例", doc_type="policy", department="质量部", preparer="张三")
    assert "review_months" not in text  # a change of the company rule reaches it
    without = Config(root=tmp_path)
    text = draft_source(without, "QM-01", title="示例", doc_type="policy", department="质量部", preparer="张三")
    assert "\nreview_months: 12\n" in text  # else it would never fall due


def test_init_writes_a_yearly_project_period_with_a_comment_in_its_language(tmp_path: Path) -> None:
    for language, word in (("zh-CN", "定期评审周期"), ("en", "Periodic review period")):
        root = tmp_path / language
        init_project(root, language)
        lines = (root / "qmsdoc.yml").read_text("utf-8").splitlines()
        at = lines.index("review_months: 12")
        assert lines[at - 1].startswith("# ") and word in lines[at - 1]
        assert load_config(root).review_months == 12
        i18n.set_language(i18n.DEFAULT)
