"""The shipped manual set: totals, the seed manuals, a real life cycle. Guards against silent shrinkage."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.model import Corpus

REPO = Path(__file__).resolve().parent.parent

# Each seed manual the product was created from, by title, with its numbering scheme.
SEED_MANUALS = {
    "管家服务中心人事工作规程": "QP-02-01",
    "管家服务中心客户服务工作规程": "QP-03-01",
    "客服部工作手册": "KF0301",
    "安全管理工作手册": "DY/AQ-002",
    "物业管理服务处管理规程": "LYWG-001",
    "政务服务中心员工手册": "ZWFW-002",
}
SEED_DOCUMENTS = {
    "QP-02-01": "招聘与录用", "QP-02-02": "试用转正", "QP-02-03": "员工离职", "QP-03-01": "回访",
    "QP-03-02": "催收", "QP-03-03": "督导协调", "KF01": "组织架构", "KF02": "部门职责", "KF0301": "客服部经理",
    "KF0302": "客服助理", "KF0305": "管家", "KF0401": "员工培训", "DY/AQ-002": "安全管理部职责",
    "LYWG-001": "会议室管理", "LYWG-002": "员工礼仪", "ZWFW-001": "员工管理", "ZWFW-002": "窗口服务管理",
}
SEED_FORMS = {
    "QP-02-01-F001": "人员需求表", "QP-02-01-F002": "求职申请表", "QP-02-01-F003": "职务任免及工资审批表",
    "QP-02-02-F001": "上岗通知书", "QP-02-02-F002": "物品领用清单", "QP-02-02-F003": "员工花名册",
    "QP-02-03-F001": "员工离职申请表", "QP-02-03-F002": "员工离职交接清单", "QP-02-03-F003": "离职人员工资结算单",
    "QP-03-01-F001": "回访记录", "LYWG/QR-046": "会议室使用登记表", "LYWG/QR-007": "会议受理服务单",
}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    result = check(load_config(REPO))
    assert result.ok, [f.format() for f in result.findings]
    assert result.findings == [], [f.format() for f in result.findings]
    return result.corpus


def test_totals(corpus: Corpus) -> None:
    assert len(corpus.manuals) >= 5
    assert len(corpus.documents) >= 35
    assert len(corpus.forms) >= 30


def test_every_seed_manual_document_and_form_is_present(corpus: Corpus) -> None:
    manuals = {m.title: m for m in corpus.manuals}
    for title, member in SEED_MANUALS.items():
        assert title in manuals and member in {d.id for d in manuals[title].documents}, title
    for code, words in SEED_DOCUMENTS.items():
        assert words in corpus.documents[code].title, code
    for code, title in SEED_FORMS.items():
        assert corpus.forms[code].title == title and corpus.forms[code].fields, code


def test_life_cycle_is_shown(corpus: Corpus) -> None:
    statuses = [d.status for d in corpus.documents.values()]
    assert statuses.count("obsolete") >= 1 and statuses.count("draft") >= 1
    obsolete = next(d for d in corpus.documents.values() if d.status == "obsolete")
    assert corpus.documents[obsolete.superseded_by].status == "effective"
    revised = [d for d in corpus.documents.values() if len(d.history) >= 2]
    assert len(revised) >= 5 and any(d.version and d.version.revision >= 2 for d in revised)
    external = {e["code"] for d in corpus.documents.values() for e in d.external}
    assert {"DB32/T 1544—2009", "中华人民共和国消防法"} <= external


def test_seed_facts_survive_the_conversion(corpus: Corpus) -> None:
    def body(code: str) -> str:
        return corpus.documents[code].body

    assert all(f"{days} 天" in body("QP-02-03") for days in (30, 20, 15))
    assert "一个工作日内" in body("QP-03-01") and "30%" in body("QP-03-01")
    assert "千分之三" in body("QP-03-02")
    assert "15 分钟内" in body("QP-03-05")
    assert "8:50" in body("QP-03-03")


def test_every_manual_has_an_issuing_statement_and_pattern(corpus: Corpus) -> None:
    for manual in corpus.manuals:
        assert "发布声明" in manual.source.body and "适用范围" in manual.source.body, manual.id
        assert manual.document_pattern and manual.form_pattern


def test_no_traditional_characters_left(corpus: Corpus) -> None:
    traditional = set("務與還說職責見對學業這門個們會處專歷經發實練內數據")
    for document in corpus.documents.values():
        text = document.title + document.body
        assert not traditional & set(text), (document.id, traditional & set(text))
