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
    "供水公司客户服务工作手册": "GSKF-01",
    "鲁能星城客户服务中心操作手册": "LNXC-1-02",
    "行政服务标准化工作手册": "XZBZ-00-01",
}
# Documents in force per seed manual: at least every chapter or procedure of the source that is a document in its
# own right (for the three imported with `qmsdoc import`: those the seed text holds — README, 「Shipped manuals」).
SEED_MANUAL_DOCUMENTS = {
    "管家服务中心人事工作规程": 3, "管家服务中心客户服务工作规程": 5, "客服部工作手册": 9, "安全管理工作手册": 7,
    "物业管理服务处管理规程": 3, "政务服务中心员工手册": 6,
    "供水公司客户服务工作手册": 1, "鲁能星城客户服务中心操作手册": 1, "行政服务标准化工作手册": 8,
}
SEED_DOCUMENTS = {
    "QP-02-01": "招聘与录用", "QP-02-02": "试用转正", "QP-02-03": "员工离职", "QP-03-01": "回访",
    "QP-03-02": "催收", "QP-03-03": "督导协调", "KF01": "组织架构", "KF02": "部门职责", "KF0301": "客服部经理",
    "KF0302": "客服助理", "KF0305": "管家", "KF0401": "员工培训", "DY/AQ-002": "安全管理部职责",
    "LYWG-001": "会议室管理", "LYWG-002": "员工礼仪", "ZWFW-001": "员工管理", "ZWFW-002": "窗口服务管理",
    "GSKF-01": "服务守则", "LNXC-1-02": "工作职责", "XZBZ-00-01": "颁布令", "XZBZ-00-02": "工作手册说明",
    "XZBZ-01": "项目部组织结构", "XZBZ-02": "质量目标", "XZBZ-03-01": "项目(副)经理", "XZBZ-03-02": "物业主管",
    "XZBZ-03-03": "项目财务", "XZBZ-03-04": "客户服务人员",
}
SEED_FORMS = {
    "QP-02-01-F001": "人员需求表", "QP-02-01-F002": "求职申请表", "QP-02-01-F003": "职务任免及工资审批表",
    "QP-02-02-F001": "上岗通知书", "QP-02-02-F002": "物品领用清单", "QP-02-02-F003": "员工花名册",
    "QP-02-03-F001": "员工离职申请表", "QP-02-03-F002": "员工离职交接清单", "QP-02-03-F003": "离职人员工资结算单",
    "QP-03-01-F001": "回访记录", "LYWG/QR-046": "会议室使用登记表", "LYWG/QR-007": "会议受理服务单",
    "XZBZ-01-F01": "年度定岗定员计划", "LNXC-1-02-F01": "业户来访及投诉记录表",
}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    result = check(load_config(REPO))
    assert result.ok, [f.format() for f in result.findings]
    assert result.findings == [], [f.format() for f in result.findings]
    return result.corpus


def test_totals(corpus: Corpus) -> None:
    assert len(corpus.manuals) >= 9
    assert len(corpus.documents) >= 46
    assert len(corpus.forms) >= 34


def test_the_nine_seed_manuals_are_present_with_their_document_counts(corpus: Corpus) -> None:
    in_force = {m.title: sum(1 for d in m.documents if d.status == "effective") for m in corpus.manuals}
    for title, count in SEED_MANUAL_DOCUMENTS.items():
        assert in_force.get(title, 0) >= count, (title, in_force.get(title))
    assert len([t for t in SEED_MANUAL_DOCUMENTS if t in in_force]) == 9


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
    # the three imported with qmsdoc import: the seed's wording, its typos fixed only with a 修订记录 note
    assert "1.1 服务人员应严格遵守国家法律、法规及本企业规章制度。" in body("GSKF-01")
    assert "1.3 争取做到事事有记录,事事有结果。" in body("LNXC-1-02") and "及时1.3" not in body("LNXC-1-02")
    assert "年度综合满意率达95%以上" in body("XZBZ-02") and "收缴率为98%" in body("XZBZ-02")
    assert "| 工作技能 |" in body("XZBZ-03-01") and "工作按能" not in body("XZBZ-03-01")
    assert "「工作按能」→「工作技能」" in corpus.documents["XZBZ-03-01"].history[-1].change
    assert "DB32/T 1544—2009" in {e["code"] for e in corpus.documents["XZBZ-00-01"].external}
    for code in ("GSKF-01", "LNXC-1-02", "XZBZ-01", "XZBZ-03-04"):
        assert str(corpus.documents[code].version) == "A/0" and corpus.documents[code].status == "effective"


def test_every_manual_has_an_issuing_statement_and_pattern(corpus: Corpus) -> None:
    for manual in corpus.manuals:
        assert "发布声明" in manual.source.body and "适用范围" in manual.source.body, manual.id
        assert manual.document_pattern and manual.form_pattern


def test_no_traditional_characters_left(corpus: Corpus) -> None:
    traditional = set("務與還說職責見對學業這門個們會處專歷經發實練內數據")
    for document in corpus.documents.values():
        text = document.title + document.body
        assert not traditional & set(text), (document.id, traditional & set(text))
