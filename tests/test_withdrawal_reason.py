"""The reason recorded when a document is withdrawn (`qmsdoc obsolete ID --reason …`, `withdrawn: {reason: …}`)
is shown wherever its withdrawal is: the page's 作废 banner, the 作废文件 list and the Word and PDF copies' notice,
all in the one sentence `Document.withdrawal_reason` gives; the importer still reads such a notice back."""

from __future__ import annotations

import datetime as dt

import pytest

from qmsdoc.core import i18n, load_config
from qmsdoc.core.copyjobs import document_job, read_obsolete_notice
from qmsdoc.core.loader import load_corpus
from qmsdoc.core.model import Document
from qmsdoc.site.pages import banners, obsolete_page

from conftest import Project, run_cli

REASON = "行政制度已并入<员工手册>"
TODAY = dt.date(2026, 12, 6)


def _withdrawn(repo: Project, language: str = "zh-CN") -> dict[str, Document]:
    done = run_cli("obsolete", "XZBZ-00-02", "--no-successor", "--by", "总经理", "--reason", REASON,
                   "--date", "2026-12-05", cwd=repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    documents = load_corpus(load_config(repo.root)).documents
    i18n.set_language(language)  # the pages and copies as an English or a Taiwan project writes them
    return documents


@pytest.mark.parametrize(("language", "said"), [("zh-CN", "作废原因：行政制度已并入&lt;员工手册&gt;。"),
                                                ("zh-TW", "作廢原因：行政制度已并入&lt;员工手册&gt;。"),
                                                ("en", "Reason for withdrawal: 行政制度已并入&lt;员工手册&gt;.")])
def test_the_reason_is_in_the_banner_and_the_obsolete_list(repo: Project, language: str, said: str) -> None:
    documents = _withdrawn(repo, language)
    withdrawn = documents["XZBZ-00-02"]
    banner = banners(withdrawn, None, TODAY)
    assert said in banner and REASON not in banner, banner  # escaped: the text is the recorder's
    listed = obsolete_page([withdrawn], {})
    assert said in listed, listed


def test_the_word_and_pdf_notice_gives_the_same_reason_and_reads_back(repo: Project) -> None:
    withdrawn = _withdrawn(repo)["XZBZ-00-02"]
    notice = document_job(withdrawn, "", "某公司", today=TODAY).notice
    assert notice.endswith("作废原因：行政制度已并入<员工手册>。"), notice
    read = read_obsolete_notice(notice)
    assert read is not None and read["date"] == "2026-12-05" and read["reason"] == REASON, notice


def test_a_document_withdrawn_without_a_reason_says_none(repo: Project) -> None:
    documents = _withdrawn(repo)
    quiet = documents["QP-02-04"]  # withdrawn with a successor and no reason recorded
    assert quiet.withdrawal_reason == "" and "作废原因" not in banners(quiet, None, TODAY)
    assert "作废原因" not in obsolete_page([quiet], {}) + document_job(quiet, "", "某公司", today=TODAY).notice
    assert documents["XZBZ-00-01"].withdrawal_reason == ""  # in force: nothing withdrawn
