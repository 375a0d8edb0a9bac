"""What importing the seed manuals (tests/fixtures/seeds/) and then checking, fixing and building them showed
about the structure the importer gives them: each on a short excerpt modelled on a seed, with the look-alike
that must stay as it is."""

from __future__ import annotations

from pathlib import Path

from test_habits import _findings, english_project
from test_import import _empty_project

from qmsdoc.core import check, load_config
from qmsdoc.importer.clauses import text_blocks
from qmsdoc.importer.markdown import body
from qmsdoc.importer.text_reader import Line

from conftest import Project, run_cli


def _body(text: str) -> str:
    return body(text_blocks([Line(number, line) for number, line in enumerate(text.splitlines(), 1)]))


# -- 「5. 相关文件及记录」: two section names joined as one numbered heading (seed 002, 会议室管理服务管理规程) ----

def test_a_numbered_section_joining_two_section_names_is_a_heading_and_its_forms_a_list() -> None:
    """It was the ordered item 「5. 相关文件及记录」: check then said the clauses jumped from 4.3 to 5.1 and the
    procedure had no records section, though the source has one."""
    text = _body("4.3 办公室负责随时做好会议服务回单的收集、整理工作。\n"
                 "5. 相关文件及记录\n"
                 "5.1 《会议室使用登记表》(LYWG/QR―046)\n"
                 "5.2 《会议受理服务单》\n")
    assert text == ("4.3 办公室负责随时做好会议服务回单的收集、整理工作。\n\n"
                    "## 5.0 相关文件及记录\n\n"
                    "- 《会议室使用登记表》(LYWG/QR―046)\n"
                    "- 《会议受理服务单》\n")


def test_a_numbered_item_starting_with_a_section_word_then_other_words_stays_an_item() -> None:
    text = _body("1. 记录及时归档,不得遗失。\n2. 范围和要求由主管说明。\n")
    assert text == "1. 记录及时归档,不得遗失。\n2. 范围和要求由主管说明。\n"


# -- 「一、服务流程及用语:」: the colon that led into the text (seeds 000 and 002) -----------------------------

def test_a_heading_leaves_out_the_colon_that_led_into_its_text() -> None:
    """「## 一、服务流程及用语:」 showed its colon on the site and in the Word and PDF copies."""
    text = _body("一、服务流程及用语:1、更衣区:先生您好,欢迎光临。\n"
                 "2、浴区:先生您好。\n"
                 "二、目的:\n"
                 "为提升管理处的整体形象。\n"
                 "第三章 工作时间：\n"
                 "第一条 窗口每日9时开始办公。\n"
                 "4.0 工作要点:\n"
                 "4.1 服务人员应提前到岗。\n")
    assert text == ("## 一、服务流程及用语\n\n"
                    "1. 更衣区:先生您好,欢迎光临。\n2. 浴区:先生您好。\n\n"
                    "## 二、目的\n\n为提升管理处的整体形象。\n\n"
                    "## 第三章 工作时间\n\n第一条 窗口每日9时开始办公。\n\n"
                    "## 4.0 工作要点\n\n4.1 服务人员应提前到岗。\n")


def test_a_colon_inside_a_paragraph_or_an_item_stays() -> None:
    text = _body("服务用语:您好,欢迎光临。\n1. 更衣区:您请坐。\n2. 浴区:这边请。\n")
    assert text == "服务用语:您好,欢迎光临。\n\n1. 更衣区:您请坐。\n2. 浴区:这边请。\n"


# -- 「4.5转正、晋升、降级、调薪日期计算方法」 then 4.5.1 (seed 001): a long title its clauses follow -----------

def test_a_clause_title_its_own_clauses_follow_is_their_heading_however_long() -> None:
    """Its 17 characters made it a paragraph while the 4.6 beside it was a heading: 4.5.1 and 4.5.2 sat under
    4.4 in the page's contents and in the Word copy's navigation."""
    text = _body("4.4 晋升\n"
                 "4.4.1 员工晋升每半年进行一次。\n"
                 "4.5转正、晋升、降级、调薪日期计算方法\n"
                 "4.5.1转正日期计算方法:按入职时间,转正时间为入职时间加上试用月数。\n"
                 "4.5.2员工在试用期调职的,按调职时间计算。\n"
                 "4.6资料的记录\n"
                 "4.6.1管家服务中心将员工的情况记录在人事档案中。\n")
    assert "### 4.5 转正、晋升、降级、调薪日期计算方法\n\n4.5.1 转正日期计算方法" in text
    assert "### 4.4 晋升\n" in text and "### 4.6 资料的记录\n" in text


def test_a_long_clause_no_clause_of_its_own_follows_stays_a_paragraph() -> None:
    """A sentence of 17 or more characters without punctuation, followed by the next clause, not by its own."""
    text = _body("4.5 员工转正晋升降级调薪后的工资从批准日开始\n"
                 "4.6 员工调职后的试用期从调职之日起重新计算\n"
                 "4.6.1 试用期不超过三个月。\n")
    assert text.startswith("4.5 员工转正晋升降级调薪后的工资从批准日开始\n\n")


# -- check on an imported 制度 whose chapters start their articles again (seed 003) ------------------------

def _article_findings(project: Project, articles: str) -> list[str]:
    doc = "manuals/qp-hr/QP-02-03.md"
    line = "4.2.3 申请辞职的人员在申请获得批准前必须坚守岗位、服从管理，否则按擅自离岗处理，作自动离职论处。\n"
    project.revise(doc, line, line + "\n" + articles)
    return [f.message for f in check(load_config(project.root)).findings
            if f.code == "QD161" and f.path.endswith("QP-02-03.md")]


def test_an_article_numbered_again_from_one_is_told_what_it_follows_and_what_it_should_be(project: Project) -> None:
    """QD161 said 「第1条前应为第3条」 (「article 3 should stand before article 1」) of a chapter's 第一条 after 第二条:
    the officer is to number it 第三条, not to put an article before it."""
    messages = _article_findings(project, "## 第一章 总则\n\n第一条 窗口每日9时开始办公。\n\n"
                                          "第二条 窗口人员提前到岗。\n\n"
                                          "## 第二章 服务对象\n\n第一条 服务对象包括内部员工和外部人员。\n")
    assert messages == ["第1条接在第2条之后，应为第3条：条的编号应接续，不重新起编，请重新编号"]


def test_an_article_left_out_is_still_told_as_the_gap_before_it(project: Project) -> None:
    messages = _article_findings(project, "第一条 窗口每日9时开始办公。\n\n第三条 窗口人员提前到岗。\n")
    assert messages == ["第3条前应为第2条：条的编号应连续，请重新编号"]


def test_an_english_article_numbered_again_is_told_what_it_follows(tmp_path: Path) -> None:
    english_project(tmp_path, "## Chapter 1 General\n\n### Article 1 Purpose\n\nText.\n\n### Article 2 Scope\n\n"
                              "Text.\n\n## Chapter 2 Duties\n\n### Article 1 Responsibilities\n\nText.\n")
    assert [f.split(": ", 1)[1] for f in _findings(tmp_path, "QD161")] == [
        "Article 1 follows Article 2, so it should be Article 3: the numbers run on and do not start again; renumber"]


# -- 「7.5qp-04-01-f001 奖罚通知单」: a form numbered as another procedure's (seed 001) -----------------------

PROCEDURE = ("管家服务中心试用转正管理工作规程\n1.0目的\n规范员工试用与转正管理工作。\n"
             "2.0适用范围\n适用于管家服务中心全体员工。\n3.0职责\n3.1经理负责审核。\n4.0程序要点\n4.1员工试用期满填写《上岗通知书》。\n5.0质量记录\n"
             "5.1qp-02-02-f001 上岗通知书\n5.2qp-02-02-f002 物品领用清单\n")


def _import_report(tmp_path: Path, records: str) -> str:
    project = _empty_project(tmp_path)
    source = tmp_path / "规程.txt"
    source.write_text(PROCEDURE + records, "utf-8")
    result = run_cli("import", str(source), "--manual", "GZGC", cwd=project.root)
    assert result.returncode == 0, result.stderr
    return "\n".join(line for line in result.stdout.splitlines() if not line.startswith("已写入"))  # the notes


def test_a_form_numbered_as_a_document_not_imported_is_named_with_what_to_do(tmp_path: Path) -> None:
    """Its draft was written owned by QP-04-01, which nothing imported: check refused the owner (QD150) and the
    import had not said a word about it."""
    report = _import_report(tmp_path, "5.3qp-04-01-f001 奖罚通知单\n")
    said = [line for line in report.splitlines() if "QP-04-01-F001" in line]
    assert len(said) == 1 and "《奖罚通知单》" in said[0] and "QP-04-01" in said[0].split("QP-04-01-F001")[1]
    assert "改归 QP-02-02" in said[0]
    assert f"{len(PROCEDURE.splitlines()) + 1}: " in said[0]  # the line that lists it


def test_the_forms_of_the_procedure_imported_are_not_named(tmp_path: Path) -> None:
    report = _import_report(tmp_path, "")
    assert "QP-02-02-F001" not in report and "归口于" not in report
