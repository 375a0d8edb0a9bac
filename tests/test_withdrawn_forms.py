"""A blank form applies with the document that owns it: withdrawn with its owner, it is 作废 in every output an
auditor reads — the registers (site, register.csv/xlsx, `register --as-of` from that day), its page and the forms
index, its Word and PDF copies and `verify` — as `release` and `issue` already refused it. It was 现行有效 in all of
them, with a blank form to download and a `verify` that called its copy the current controlled copy.
One decision (core/model.py `Form.status`, set by `mark_withdrawn_forms`) that every output reads."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.copyjobs import form_job
from qmsdoc.core.model import Corpus
from qmsdoc.core.status import Status
from qmsdoc.records.register import recall_rows, register_rows
from qmsdoc.site import pages

from conftest import Project, commit, run_cli, withdraw_qp_03_05

WITHDRAWN, IN_FORCE = "QP-03-05-F001", "QP-03-01-F001"  # owners: QP-03-05 (withdrawn below), QP-03-01
DAY = "2026-12-01"


@pytest.fixture
def withdrawn(repo: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    """QP-03-05 withdrawn on DAY (superseded by QP-03-04; QP-03-01's reference moved and released), committed."""
    monkeypatch.setenv("QMSDOC_TODAY", DAY)
    return withdraw_qp_03_05(repo)


def _corpus(project: Project) -> Corpus:
    return check(load_config(project.root)).corpus


def _row(corpus: Corpus, root: Path, code: str) -> list[str]:
    return next(r for r in register_rows(corpus, root, Path("none"), dt.date.fromisoformat(DAY)) if r[0] == code)


def test_a_form_withdrawn_with_its_owner_is_obsolete_in_the_registers_and_on_its_page(withdrawn: Project) -> None:
    corpus = _corpus(withdrawn)
    form = corpus.forms[WITHDRAWN]
    assert form.status is Status.OBSOLETE and form.withdrawn_with == "QP-03-05"
    row = _row(corpus, withdrawn.root, WITHDRAWN)
    assert row[4] == Status.OBSOLETE.label and row[10] == f"已作废 {DAY}", row
    site_row = pages.register_page([form], dt.date.fromisoformat(DAY))
    assert f'data-status="{Status.OBSOLETE}"' in site_row and "已作废" in site_row
    page = pages.form_page(form, corpus.documents["QP-03-05"], [], pages.Copies(word=True))
    assert "qms-banner-obsolete" in page and "QP-03-05" in page and "仅供查阅" in page
    job = form_job(form, corpus.documents["QP-03-05"], "org")
    assert job.watermark == "作废" and "作废" in job.notice and not job.controlled
    listing = pages.obsolete_page([], corpus.documents, dt.date.fromisoformat(DAY), [form, corpus.forms[IN_FORCE]])
    assert WITHDRAWN in listing and f"随归口文件 QP-03-05 {DAY} 作废" in listing and IN_FORCE not in listing
    # no successor of its own, but its owner's: not 无替代文件 when QP-03-05 was superseded by QP-03-04
    assert "QP-03-05 由 " in listing and "QP-03-04" in listing and "无替代文件" not in listing, listing


def test_a_form_withdrawn_with_an_owner_that_had_no_successor_has_none(withdrawn: Project) -> None:
    corpus = _corpus(withdrawn)
    owner = dataclasses.replace(corpus.documents["QP-03-05"], superseded_by=None)  # withdrawn with none
    listing = pages.obsolete_page([], {**corpus.documents, "QP-03-05": owner}, dt.date.fromisoformat(DAY),
                                  [corpus.forms[WITHDRAWN]])
    assert "无替代文件" in listing and "QP-03-05 由 " not in listing, listing


def test_a_form_whose_owner_is_in_force_stays_current(withdrawn: Project) -> None:
    corpus = _corpus(withdrawn)
    form = corpus.forms[IN_FORCE]
    assert form.status is Status.EFFECTIVE
    row = _row(corpus, withdrawn.root, IN_FORCE)
    assert row[4] == Status.EFFECTIVE.label and row[10] == "—", row
    page = pages.form_page(form, corpus.documents["QP-03-01"], [], pages.Copies(word=True))
    assert "qms-banner-obsolete" not in page
    job = form_job(form, corpus.documents["QP-03-01"], "org")
    assert job.watermark is None and job.notice == "" and job.controlled


def test_verify_and_register_as_of_agree_that_the_form_went_with_its_owner(withdrawn: Project,
                                                                             tmp_path: Path) -> None:
    """Its blank form's Word copy is no longer a current copy; the register of the day lists it withdrawn, the
    register of the day before in force. The form of a current owner: current in both."""
    built = run_cli("build", "--only", "word,records", cwd=withdrawn.root)
    assert built.returncode == 0, built.stdout + built.stderr
    forms = withdrawn.root / "build" / "docx" / "forms"
    gone = run_cli("verify", str(forms / f"{WITHDRAWN}.docx"), cwd=withdrawn.root)
    assert gone.returncode == 1 and "已作废" in gone.stdout + gone.stderr, gone
    kept = run_cli("verify", str(forms / f"{IN_FORCE}.docx"), cwd=withdrawn.root)
    assert kept.returncode == 0 and "现行受控副本" in kept.stdout, kept
    for day, listed in ((DAY, False), ("2026-11-30", True)):
        out = tmp_path / f"register-{day}.csv"
        done = run_cli("register", "--as-of", day, "--out", str(out), cwd=withdrawn.root)
        assert done.returncode == 0, done.stderr
        rows = [line.split(",") for line in out.read_text("utf-8-sig").splitlines()]
        row = next(r for r in rows if r[0] == WITHDRAWN)
        assert (row[3] == "A/0") is listed and ("作废" in row[-1]) is not listed, row
        assert next(r for r in rows if r[0] == IN_FORCE)[3] != "（已作废）"


def test_a_numbered_copy_of_a_form_is_recalled_when_its_owner_is_withdrawn(
        repo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies issued of both forms, then QP-03-05 withdrawn: `verify` called the copy of its form a current
    controlled copy and no recall list named it (core/distribution.py `standing` took every form for current)."""
    monkeypatch.setenv("QMSDOC_TODAY", DAY)
    for code in (WITHDRAWN, IN_FORCE):
        done = run_cli("issue", code, "--to", "客服部", "--by", "文控", cwd=repo.root)
        assert done.returncode == 0, done.stdout + done.stderr
    commit(repo.root, "发放表单")
    withdraw_qp_03_05(repo)
    issued = repo.root / "issued"
    gone = run_cli("verify", str(next(issued.glob(f"{WITHDRAWN}-*.docx"))), cwd=repo.root)
    assert gone.returncode == 1 and "已作废" in gone.stdout and "qmsdoc recall" in gone.stdout, gone
    assert "换发现行版本" not in gone.stdout, gone.stdout  # a withdrawn form has no current version to issue
    kept = run_cli("verify", str(next(issued.glob(f"{IN_FORCE}-*.docx"))), cwd=repo.root)
    assert kept.returncode == 0 and "现行受控副本" in kept.stdout, kept
    result = check(load_config(repo.root))
    recall = [row[1] for row in recall_rows(result.context.distribution, result.corpus, dt.date.fromisoformat(DAY))]
    assert WITHDRAWN in recall and IN_FORCE not in recall, recall


def test_copy_of_the_last_version_of_a_withdrawn_form_says_it_is_withdrawn(withdrawn: Project,
                                                                            tmp_path: Path) -> None:
    """`qmsdoc copy` of its last version said 现行版本 and wrote a blank form with nothing on it to say otherwise;
    the form of an owner in force is still the current version."""
    import docx

    said = {}
    for code in (WITHDRAWN, IN_FORCE):
        out = tmp_path / f"{code}.docx"
        done = run_cli("copy", code, "--version", "A/0", "--out", str(out), cwd=withdrawn.root)
        assert done.returncode == 0, done.stdout + done.stderr
        said[code] = done.stdout + " ".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "已作废" in said[WITHDRAWN] and "现行版本" not in said[WITHDRAWN], said[WITHDRAWN]
    assert "现行版本" in said[IN_FORCE] and "作废" not in said[IN_FORCE], said[IN_FORCE]


def test_a_revision_of_a_withdrawn_form_does_not_call_it_in_force(withdrawn: Project) -> None:
    """`revise` of the form (the way back its refusals name) said 现行版本 A/0 继续有效, 网站…仍显示它; the form of an
    owner in force is told so."""
    gone = run_cli("revise", WITHDRAWN, "--by", "张三", cwd=withdrawn.root)
    assert gone.returncode == 0, gone.stdout + gone.stderr
    assert "继续有效" not in gone.stdout and "随归口文件 QP-03-05 作废" in gone.stdout, gone.stdout
    kept = run_cli("revise", IN_FORCE, "--by", "张三", cwd=withdrawn.root)
    assert kept.returncode == 0 and "现行版本 A/0 继续有效" in kept.stdout, kept.stdout


def test_a_copy_of_a_superseded_version_is_replaced_by_the_current_one(repo: Project,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The other side of the withdrawn form's advice: a copy of a version since replaced is collected and the current
    version issued in its place."""
    monkeypatch.setenv("QMSDOC_TODAY", DAY)
    done = run_cli("issue", "QP-03-01", "--to", "客服部", "--by", "文控", cwd=repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    commit(repo.root, "发放 QP-03-01")
    path = repo.root / "manuals" / "qp-service" / "QP-03-01.md"
    path.write_text(path.read_text("utf-8").replace("\n## ", "\n本条已修订。\n\n## ", 1), "utf-8")
    done = run_cli("release", "QP-03-01", "--by", "总经理", "--change", "修订", "--keep-review", cwd=repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    commit(repo.root, "QP-03-01 新版本")
    old = run_cli("verify", str(next((repo.root / "issued").glob("QP-03-01-*.docx"))), cwd=repo.root)
    assert old.returncode == 1 and "回收未完成" in old.stdout and old.stdout.rstrip().endswith("并换发现行版本"), old
