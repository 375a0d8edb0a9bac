"""`qmsdoc import` on the shapes web-scraped service-centre manuals glue together: a 一、 section name run into
the sentence of its text, a list's first item run into the colon of its lead-in, and a web page's first document
with no 第X篇 above its title. Each on a short text
modelled on the seeds (tests/fixtures/seeds/), with the look-alikes that must stay as they are."""

from __future__ import annotations

from pathlib import Path

from qmsdoc.importer.blocks import Note
from qmsdoc.importer.clauses import text_blocks
from qmsdoc.importer.markdown import body
from qmsdoc.importer.plan import read_file
from qmsdoc.importer.text_reader import Line


def _body(text: str) -> str:
    return body(text_blocks([Line(number, line) for number, line in enumerate(text.splitlines(), 1)]))


# -- 「一、制度目的为了规范…」: a section name glued to its text ----------------------------------------

def test_a_section_name_glued_to_its_text_becomes_a_heading_and_a_paragraph() -> None:
    text = _body("一、制度目的为了规范窗口人员的工作行为,提高服务质量。\n"  # the text starts as texts start
                 "二、工作职责窗口人员是中心的门面,应热情接待每一位群众。\n"  # the name ends in a section word
                 "三、背景与意义近年来,窗口服务越来越受到重视。\n"  # …not at 背景: 与 goes on with the name
                 "四、投诉处理投诉处理是窗口人员的重要职责。\n"  # the text starts with the name again
                 "五、业务知识窗口人员应熟知以下业务知识:\n"  # a lead-in ending in the name again
                 "1. 熟悉办事流程。\n"
                 "2. 了解相关政策。\n")
    assert text == ("## 一、制度目的\n\n为了规范窗口人员的工作行为,提高服务质量。\n\n"
                    "## 二、工作职责\n\n窗口人员是中心的门面,应热情接待每一位群众。\n\n"
                    "## 三、背景与意义\n\n近年来,窗口服务越来越受到重视。\n\n"
                    "## 四、投诉处理\n\n投诉处理是窗口人员的重要职责。\n\n"
                    "## 五、业务知识\n\n窗口人员应熟知以下业务知识:\n\n1. 熟悉办事流程。\n2. 了解相关政策。\n")


def test_numbered_duties_that_read_like_a_name_and_its_text_stay_whole() -> None:
    """A duty is a sentence from its first word: a section word followed by 、 , 并 or 是 is not a name's end,
    and 本部/对 inside a duty do not start a text."""
    duties = ("一、在中心的领导下,负责本部的日常管理工作。\n"
              "二、负责建立健全各项规章制度,制定年度工作计划。\n"
              "三、布置、安排并检查卫生工作。\n"
              "四、加强对设施工具的管理,及时处理违规行为。\n"
              "五、检查工作内容并及时总结,做好记录。\n"
              "六、服务目标是让住户满意,减少投诉。\n"
              "七、执行服务规范、标准和流程。\n")
    text = _body(duties)
    assert "#" not in text
    assert text == "\n".join(line + "\n" for line in duties.splitlines())


def test_a_bracket_inside_a_duty_does_not_end_a_section_name_a_numbered_one_does() -> None:
    assert _body("六、对安全工作定期(或不定期)进行检查。\n三、服务流程(一)接待来访。\n") == (
        "六、对安全工作定期(或不定期)进行检查。\n\n## 三、服务流程\n\n1. 接待来访。\n")  # (一) numbered by the list


# -- 「…包括:1. 接待…」 then 「2. …」 on the next line: the first item glued to its lead-in --------------

def test_a_first_item_glued_to_its_lead_in_starts_the_list_the_next_line_goes_on_with() -> None:
    assert _body("窗口人员的职责包括:1. 接待来访群众。\n2. 解答政策咨询。\n") == (
        "窗口人员的职责包括:\n\n1. 接待来访群众。\n2. 解答政策咨询。\n")
    assert _body("1. 传单细节:(1)、填写好姓名和时间。\n(2) 书写字迹要工整。\n") == (
        "1. 传单细节:\n    1. 填写好姓名和时间。\n    2. 书写字迹要工整。\n")


def test_a_number_after_a_colon_with_no_second_item_next_stays_in_its_sentence() -> None:
    text = _body("收费标准:1. 按月收取。\n"
                 "其他费用另行通知。\n"
                 "办理时限:1. 工作日内办结。\n"
                 "3. 逾期的按规定处理。\n")
    assert text == ("收费标准:1. 按月收取。\n\n其他费用另行通知。\n\n办理时限:1. 工作日内办结。\n\n"
                    "3. 逾期的按规定处理。\n")


# -- 「…工作职责」 then 「1.…」 at the top of a web page: a document before any 第X篇 or 1.0 目的 ---------------

def _chunks(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    source = tmp_path / "manual.txt"
    source.write_text(text, encoding="utf-8")
    return [(chunk.title, body(chunk.blocks)) for chunk in read_file(source, source.name, [])]


def test_a_title_line_naming_a_kind_of_document_before_its_first_item_starts_the_first_document(
        tmp_path: Path) -> None:
    assert _chunks(tmp_path, "某中心工作职责 - 网站\n某中心工作职责\n编辑:网站2019-04-28\n"
                             "1.组织实施技术市场政策。\n2.负责技术合同登记。\n") == [
        ("某中心工作职责", "编辑:网站2019-04-28\n\n1. 组织实施技术市场政策。\n2. 负责技术合同登记。\n")]
    assert _chunks(tmp_path, "窗口服务管理办法\n一、制度目的为了规范窗口人员的工作行为。\n") == [
        ("窗口服务管理办法", "## 一、制度目的\n\n为了规范窗口人员的工作行为。\n")]


def test_a_title_line_without_a_first_item_or_a_kind_of_document_or_inside_a_document_starts_none(
        tmp_path: Path) -> None:
    assert _chunks(tmp_path, "服务中心简介\n1.中心成立于2016年。\n2.中心有员工十人。\n") == []
    assert _chunks(tmp_path, "窗口服务管理办法\n窗口服务是中心的门面,应当规范。\n1.热情接待。\n") == []
    titles = [title for title, _ in _chunks(tmp_path, "第1篇 客服中心管理规程\n1.0目的\n规范客服工作。\n"
                                                      "2.0职责\n客服主管职责\n1.安排值班。\n")]
    assert titles == ["客服中心管理规程"]


# -- a web page's title line, then the document's own title again: a new document, not the last one's text -------

FIRST = "第1篇 客服中心管理规程\n1.0目的\n规范客服工作。\n"


def test_a_title_line_pasted_twice_or_again_with_brackets_starts_a_document(tmp_path: Path) -> None:
    source = tmp_path / "manual.txt"
    source.write_text(FIRST + "某中心安全管理手册\n某中心安全管理手册\n本手册规定安全管理工作。\n"
                      "万象城长沙服务中心工作手册\n万象城(长沙)服务中心工作手册本手册规定服务工作。\n",
                      encoding="utf-8")
    notes: list[Note] = []
    chunks = read_file(source, source.name, notes)
    assert [(chunk.title, body(chunk.blocks)) for chunk in chunks[1:]] == [
        ("某中心安全管理手册", "本手册规定安全管理工作。\n"), ("万象城长沙服务中心工作手册", "本手册规定服务工作。\n")]
    assert [(note.line, note.message) for note in notes if "某中心安全管理手册" in note.message] == [
        (5, "副标题「某中心安全管理手册」未写入正文（标题取自上一行）")]


def test_a_line_pasted_twice_that_names_no_kind_of_document_stays_in_its_document(tmp_path: Path) -> None:
    titles = [title for title, _ in _chunks(tmp_path, FIRST + "服务流程\n服务流程\n接待来访。\n"
                                                      "客服中心(一楼)\n客服中心一楼接待来访。\n")]
    assert titles == ["客服中心管理规程"]


# -- 「版本:A 编制:… 日期:DY/AQ 安全手册目录…」: a cover line holding more than its labels -------------------------

def test_what_a_cover_line_holds_besides_its_labels_stays_in_the_body(tmp_path: Path) -> None:
    source = tmp_path / "manual.txt"
    source.write_text("第1篇 某中心安全管理手册\n"
                      "DYPM安全手册版本:A编制:日期:审核:日期:DY/AQ 安全手册目录DY/AQ—001 安全组织架构图\n"
                      "1.0目的\n规范安全工作。\n"
                      "第2篇 客服中心管理规程\n版本:B 编制:张三 日期:2010-03-01\n1.0目的\n规范客服工作。\n",
                      encoding="utf-8")
    chunks = read_file(source, source.name, [])
    assert [chunk.fields.get("version") for chunk in chunks] == ["A", "B"]
    assert body(chunks[0].blocks).startswith("DYPM安全手册 安全手册目录DY/AQ—001 安全组织架构图\n")
    assert body(chunks[1].blocks).startswith("## 1.0 目的")


# -- 「…实施方案」「为进一步加强…,特制定本方案。」「一、指导思想」: a plan in the middle of a page ------------------

def test_a_title_then_the_sentence_saying_what_it_is_for_then_its_first_item_starts_a_document(
        tmp_path: Path) -> None:
    chunks = _chunks(tmp_path, FIRST + "创建示范窗口实施方案\n为加强窗口建设,特制定本方案。\n"
                                       "一、指导思想\n以服务为本。\n")
    assert chunks[1:] == [("创建示范窗口实施方案",
                           "为加强窗口建设,特制定本方案。\n\n## 一、指导思想\n\n以服务为本。\n")]


def test_a_title_line_without_the_purpose_sentence_and_first_item_after_it_stays_in_its_document(
        tmp_path: Path) -> None:
    for text in ("创建示范窗口实施方案\n窗口建设是中心的重点工作。\n一、指导思想\n以服务为本。\n",
                 "创建示范窗口实施方案\n为加强窗口建设,特制定本方案。\n二、主要内容\n以服务为本。\n",
                 "创建示范窗口\n为加强窗口建设,特制定本方案。\n一、指导思想\n以服务为本。\n"):
        assert [title for title, _ in _chunks(tmp_path, FIRST + text)] == ["客服中心管理规程"]


def test_a_page_title_glued_before_the_documents_own_title_leaves_the_documents_title(tmp_path: Path) -> None:
    assert [title for title, _ in _chunks(tmp_path, "窗口服务管理制度范文窗口服务管理制度第一章总则第一条为规范服务。\n"
                                                    "物业服务物业管理制度第一章总则第一条为规范管理。\n")] == [
        "窗口服务管理制度", "物业服务物业管理制度"]
