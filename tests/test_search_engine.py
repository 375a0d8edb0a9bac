"""The browser side of the search (search/assets/search.js) over indexes written by the build's own writer, in
real Chromium: queries cut into words of the index, control numbers first in any spelling, the rank boosts, and
only the pieces of the index a query needs fetched."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from browsers import chromium
from sitecrawl import served

from qmsdoc.search import IndexWriter, PageRecord, Section, indexed, search_language, tokens
from qmsdoc.search.index import DIRECTORY
from qmsdoc.search.tokens import Tokenizer, jieba_segmenter
from qmsdoc.site.site_model import DOCUMENT_BOOST, FORM_BOOST

pytestmark = pytest.mark.browser


def page(url: str, title: str, text: str, *, tags: tuple[str, ...] = (), boost: float = 8.0,
         heading: str = "") -> PageRecord:
    sections = [Section("", title, text)]
    if heading:
        sections.append(Section("h", heading, ""))
    return PageRecord(url, title, tags, boost, tuple(sections))


CHINESE_PAGES = [
    page("leave/", "考勤管理办法", "员工请假须提前填写请假单，经主管批准。", tags=("KQ-01",)),
    page("ask/", "请示报告制度", "重大事项请示领导后处理。", tags=("KQ-02",)),
    page("quit/", "员工离职管理工作规程", "离职申请由部门审核。", tags=("QP-02-03",)),
    page("quit-form/", "QP-02-03-F001 员工离职申请表", "离职申请", tags=("QP-02-03-F001",), boost=1.0),
    page("old/", "旧离职规程（作废）", "作废 离职办理旧规定。", tags=("QP-02-09",), boost=0.5),
    page("both/", "考勤与请假细则", "考勤记录每月汇总；请假超过三天须审批。", tags=("KQ-03",)),
    page("hostile/", '<img src=x onerror="alert(1)">钥匙管理', '<script>alert(2)</script>钥匙借用 & 归还',
         tags=("KQ-04",), heading='<b onclick="alert(3)">钥匙</b>'),
]
MORE_PAGES = [
    *CHINESE_PAGES,
    page("cite/", "交接规定", "填写 QP-02-03-F001 表。", tags=("KQ-05",)),
    page("collect/", "催收工作规程", "发出 QP-03-02-F001 通知。", tags=("QP-03-02",)),
    # with the site's own rank boosts: a form named by the word, a document that mentions it
    page("visit/", "回访工作规程", "管家按业主投诉受理单回访，每次投诉都回访。", tags=("QP-03-01",),
         boost=DOCUMENT_BOOST),
    page("complaint-form/", "QP-03-04-F001 业主投诉受理单", "业主投诉受理单", tags=("QP-03-04-F001",),
         boost=FORM_BOOST),
    page("quit-rules/", "员工离职管理规定", "填写员工离职申请表后办理交接。", tags=("QP-02-05",)),
    PageRecord("bare/", "KQ-09 门禁规程", ("KQ-09",), DOCUMENT_BOOST,
               # (电子: the site writes 子, which a reader's 请假单子 ends with)
               (Section("", "KQ-09 门禁规程", ""), Section("p", "1.0 目的", "规范电子门禁卡的发放。"))),
]
# jieba keeps 消防系统 and 信息管理系统 one word each; 消防报警系统 is three (系统 alone).
SUBWORD_PAGES = [
    page("fire/", "安全管理部职责", "负责消防系统的日常维护。", tags=("AQ-02",)),
    page("alarm/", "消防报警系统", "报警主机每月测试一次。", tags=("AQ-03",)),
    page("info/", "信息管理系统", "账号由部门申请开通。", tags=("IT-01",)),
    page("leave/", "考勤管理办法", "员工请假须提前填写请假单。", tags=("KQ-01",)),
]
# jieba keeps 登记表, 下表 and 投诉 one word each; 表 stands alone as alone/'s heading.
CHARACTER_PAGES = [
    page("register/", "来访登记表", "见下表：来访人员填表。", tags=("AQ-QR-02",)),
    page("alone/", "巡逻规程", "巡逻每日两次。", tags=("AQ-12",), heading="表"),
    page("gate/", "门岗规程", "门岗每日交接，受理投诉。", tags=("AQ-10",)),
]
# versions and dates as the site writes them: in a citation, a revision history's row, against Chinese text
VERSION_PAGES = [
    page("fire/", "消防控制中心管理制度", "记入 《值班记录》 DY/AQ-QR-004 A/1。修订记录 A/0 2025-02-20 首次发布 "
         "A/1 2026-02-22 值班记录改为每两小时一次", tags=("DY/AQ-015",)),
    page("staff/", "项目部组织结构", "按 《年度定岗定员计划》 XZBZ-01-F01 A/0配置人员。", tags=("XZBZ-01",)),
    page("rules/", "员工管理制度", "第1条 员工须遵守 1 号令；A 区由 1 名主管负责；存在问题的东西上报。",
         tags=("ZWFW-001",)),
    page("form/", "A1-003 设备清单", "设备 1 台。", tags=("A1-003",)),
    page("quit/", "员工离职管理规程", "填写 QP-02-03-F001 A/0。修订记录 A/1 2026-02-25 增加辞退条款",
         tags=("QP-02-03",)),
    page("notes/", "离职须知", "离职第1条：提前一个月申请。", tags=("QP-02-09",)),
    # a date written in Chinese, a version with dots, and the same figures scattered over another page
    page("rule-date/", "消防演练规定", "本规定自2025年6月1日起施行，版本 V1.0。", tags=("AQ-20",)),
    page("other-day/", "消防演练记录", "2024年6月1日演练，0 人受伤；2025年1月6日复查；第10条。", tags=("AQ-21",)),
]
# a number alone and the numbers it begins
DIGIT_PAGES = [
    page("one/", "Step list", "Step 1 of the plan.", tags=("ST-01",)),
    page("twelve/", "Rooms", "Room 12 and rooms 100.", tags=("ST-02",)),
]
ENGLISH_PAGES = [
    page("leave/", "Leave procedure", "Employees request leave in writing.", tags=("HR-01",)),
    page("badge/", "Badges", "Visitors sign the 来访登记表 register.", tags=("SEC-02",)),
    page("copies/", "Controlled copies", "Copied documents are issued and recalled; issuing is planned.",
         tags=("DC-03",)),
    page("status/", "Status reports", "The analysis process and its status.", tags=("DC-04",)),
    page("incident/", "Incident reporting", "Staff report every incident to the duty manager.", tags=("SAF-01",)),
]
# twelve pages holding 工作 and 时间 apart, each above together/, the one writing 工作时间, by the index's scores; none
# holds 作 and 时 side by side
PHRASE_PAGES = [
    *(page(f"apart-{n}/", f"考勤规定{n}", "时间记录由工作人员完成。工作日另计，工作量每月统计。", tags=(f"KQ-{n:02d}",))
      for n in range(12)),
    page("together/", "排班规程", "负责工作时间的安排。", tags=("PB-01",)),
]
# an English team's spellings: hyphenated and closed compounds, accents, British and American; apart/ holds the
# words of a compound apart only
SPELLING_PAGES = [
    page("hyphen/", "Follow-up of audits", "Each non-conformance is closed.", tags=("QP-04-01",)),
    page("closed/", "Audit followup", "A nonconformance report is raised.", tags=("QP-04-02",)),
    page("apart/", "Members", "Follow the plan; sign up here; non members wait for conformance.", tags=("QP-04-03",)),
    page("cafe/", "Caf\u00e9 supplies", "Supplies for the na\u00efve caf\u00e9.", tags=("QP-04-04",)),
    page("uk/", "Organisation", "The organisation is organised; data are analysed.", tags=("QP-04-05",)),
    page("us/", "Analysis", "An analysis of the organ.", tags=("QP-04-06",)),
]
# apart/ holds management and review apart, in its title, above together/, which writes the phrase in its text
QUOTED_PAGES = [
    page("apart/", "Review of management", "Each review is planned.", tags=("QP-05-01",)),
    *(page(f"other-{n}/", f"Review {n} of management", "Each review is planned.", tags=(f"QP-05-1{n}",))
      for n in range(12)),
    page("together/", "Meetings", "Top management review meets yearly.", tags=("QP-05-02",)),
]
# words written with apostrophes, straight and typographic, and a page holding none of them
APOSTROPHE_PAGES = [
    page("keys/", "Key handover", "Don't lend the staff's keys; the customer\u2019s copy is kept at the desk.",
         tags=("SEC-05",)),
    page("shift/", "Night shift", "The desk opens at six o'clock.", tags=("SEC-06",)),
    page("other/", "Desk rules", "Keys and copies are logged by the desk clerk.", tags=("SEC-07",)),
]
# no page holds every word of 离职 申请 表格 流程 考勤: four of them, three, or two
MOST_PAGES = [
    page("all4/", "离职申请表格流程", "离职申请表格的流程。", tags=("KM-01",)),
    page("quit/", "员工离职规程", "离职申请须填写表格。", tags=("KM-02",)),
    page("flow/", "离职工作流程", "离职申请的流程。", tags=("KM-03",)),
    page("clock/", "考勤制度", "考勤表格每月汇总。", tags=("KM-04",)),
]
# 表 and 格 each a word (jieba: 需求/表 … 第一/格) on apart/, side by side across two words (需求/表/格式) on
# together/; no page holds the word 表格
JOIN_PAGES = [
    page("apart/", "人员招聘规程", "填写人员需求表，在第一格签名。", tags=("HR-01",)),
    page("together/", "附件管理规定", "需求表格式见附件。", tags=("HR-02",)),
]
# together/ writes 信息管理系统 (one word of jieba: the pairs 理系 and 系统 inside it) and 工作时间 (cut 工作/时间);
# apart/ holds the same pairs and words apart, each scoring higher there (系统 and 时间 are words of its own)
NEAR_PAGES = [
    page("apart/", "物理实验室规定", "物理系学生。系统每月检查。时间记录由工作人员完成，工作时长另计。",
         tags=("SY-02",)),
    page("together/", "信息科规程", "负责信息管理系统和工作时间的安排。", tags=("SY-01",)),
]


def write_site(folder: Path, pages: list[PageRecord], language: str) -> None:
    chosen = search_language(SimpleNamespace(language=language))
    tokenizer = Tokenizer(chosen, jieba_segmenter())
    # small chunks: what is fetched shows
    writer = IndexWriter.of(chosen, chunk_bytes=40)
    for record in pages:
        writer.add(indexed(record, tokenizer))
    writer.write(folder)
    script = resources.files("qmsdoc.search").joinpath("assets/search.js").read_text("utf-8")
    (folder / "search.js").write_text(script, "utf-8")
    (folder / "index.html").write_text('<!doctype html><meta charset="utf-8"><script src="search.js"></script>',
                                       "utf-8")
    (folder / "box.html").write_text(BOX, "utf-8")


BOX = """<!doctype html><meta charset="utf-8">
<script id="__config" type="application/json">{"base": ".", "translations": {}}</script>
<div data-qmsdoc-search><form class="md-search__form"><input class="md-search__input"></form>
<div class="md-search__scrollwrap"><div class="md-search-result__meta"></div>
<ol class="md-search-result__list"></ol></div></div><script src="search.js"></script>"""
"""Material's search box as search.js mounts itself in it: the results as a reader sees them come."""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("engine")
    write_site(root / "zh", CHINESE_PAGES, "zh-CN")
    write_site(root / "en", ENGLISH_PAGES, "en")
    write_site(root / "more", MORE_PAGES, "zh-CN")
    write_site(root / "sub", SUBWORD_PAGES, "zh-CN")
    write_site(root / "char", CHARACTER_PAGES, "zh-CN")
    write_site(root / "ver", VERSION_PAGES, "zh-CN")
    write_site(root / "digit", DIGIT_PAGES, "en")
    write_site(root / "most", MOST_PAGES, "zh-CN")
    write_site(root / "join", JOIN_PAGES, "zh-CN")
    write_site(root / "near", NEAR_PAGES, "zh-CN")
    write_site(root / "apos", APOSTROPHE_PAGES, "en")
    write_site(root / "spell", SPELLING_PAGES, "en")
    write_site(root / "quoted", QUOTED_PAGES, "en")
    write_site(root / "spell-zh", SPELLING_PAGES, "zh-CN")
    write_site(root / "phrase", PHRASE_PAGES, "zh-CN")
    write_site(root / "apos-zh", APOSTROPHE_PAGES, "zh-CN")
    with served(root) as url:
        yield url
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def tab(sites: str) -> Iterator[Any]:
    with chromium() as browser:
        page = browser.new_page()
        yield page


QUERY = """async ([site, query]) => {
  const index = new qmsdocSearch.Index(site), search = new qmsdocSearch.Search(index);
  const found = await search.query(query);
  const url = n => index.page(n).then(page => page.url);
  const urls = await Promise.all(found.pages.map(url));
  const partial = await Promise.all((found.partial || []).map(async s => ({
    lacking: s.lacking, held: s.held, words: s.words, urls: await Promise.all(s.pages.map(url))})));
  return {urls, words: found.words, partial, fetched: Object.keys(index.chunks).length};
}"""


def search(tab: Any, sites: str, language: str, query: str) -> dict[str, Any]:
    tab.goto(f"{sites}{language}/index.html")
    result: dict[str, Any] = tab.evaluate(QUERY, [f"{sites}{language}/", query])
    return result


def test_a_two_character_word_finds_only_pages_with_the_word(tab: Any, sites: str) -> None:
    found = search(tab, sites, "zh", "请假")
    assert found["words"] == ["请假"] and set(found["urls"]) == {"leave/", "both/"}  # not 请示 (ask/)


def test_a_word_being_typed_finds_the_words_it_begins(tab: Any, sites: str) -> None:
    found = search(tab, sites, "zh", "离职申")
    assert found["words"] == ["离职", "申"] and {"quit/", "quit-form/"} <= set(found["urls"])
    assert "leave/" not in found["urls"]


def test_pages_with_every_word_come_alone(tab: Any, sites: str) -> None:
    assert search(tab, sites, "zh", "考勤 请假")["urls"][:1] == ["both/"]
    assert set(search(tab, sites, "zh", "考勤 请假 ")["urls"]) == {"both/", "leave/"}


@pytest.mark.parametrize("spelling", ["QP-02-03", "qp-02-03", "QP 02 03", "ＱＰ－０２－０３", "qp0203"])
def test_the_exact_control_number_comes_first_in_any_spelling(tab: Any, sites: str, spelling: str) -> None:
    urls = search(tab, sites, "zh", spelling)["urls"]
    assert urls[:2] == ["quit/", "quit-form/"]  # the number itself, then the numbers it begins


def test_documents_rank_above_forms_and_withdrawn_documents_last(tab: Any, sites: str) -> None:
    urls = search(tab, sites, "zh", "离职")["urls"]
    assert urls[0] == "quit/" and urls[-1] == "old/" and urls.index("quit-form/") < urls.index("old/")


def test_a_query_reads_only_the_chunks_of_its_words(tab: Any, sites: str) -> None:
    found = search(tab, sites, "zh", "请假")
    tab.goto(f"{sites}zh/index.html")
    chunks = tab.evaluate("site => new qmsdocSearch.Index(site).open()", f"{sites}zh/")["chunks"]
    assert len(chunks) > 4 and 0 < found["fetched"] < len(chunks) / 2


def test_an_english_index_is_cut_at_spaces(tab: Any, sites: str) -> None:
    assert search(tab, sites, "en", "leave")["urls"][0] == "leave/"
    assert search(tab, sites, "en", "requ")["urls"] == ["leave/"]  # the word being typed
    assert search(tab, sites, "en", "来访登记表")["urls"] == ["badge/"]  # a Chinese run is one word here
    assert search(tab, sites, "en", "sec-02")["urls"][0] == "badge/"


@pytest.mark.parametrize(("query", "url"), [
    ("requests", "leave/"), ("requesting", "leave/"), ("employee", "leave/"), ("badge", "badge/"),
    ("copy", "copies/"), ("copies issue", "copies/"), ("recall", "copies/"), ("issued", "copies/"),
    ("plan", "copies/"), ("planning ", "copies/"), ("processes", "status/"),
])
def test_an_english_word_finds_its_other_forms(tab: Any, sites: str, query: str, url: str) -> None:
    """An English reader searches `requests` on a page that says `request`: Material's search stemmed English
    words, and qmsdoc's search must not lose that for an English team."""
    found = search(tab, sites, "en", query)
    assert found["urls"][:1] == [url], found


def test_word_forms_stay_apart_from_other_words(tab: Any, sites: str) -> None:
    """A form is the same word, not any word sharing its first letters: `status` is not `stat…`, `leave` is not
    `leaves…` of another word, and a Chinese site matches words as written."""
    assert search(tab, sites, "en", "statu ")["urls"] == []  # a finished word, not a prefix
    assert search(tab, sites, "en", "reports ")["urls"] == ["status/", "incident/"]  # reports, reporting
    assert search(tab, sites, "en", "recalling ")["urls"] == ["copies/"]
    assert search(tab, sites, "en", "register ")["urls"] == ["badge/"]
    assert search(tab, sites, "en", "registry ")["urls"] == []


RENDERED = """async ([site, query]) => {
  const index = new qmsdocSearch.Index(site), found = await new qmsdocSearch.Search(index).query(query);
  const li = qmsdocSearch.item(await index.page(found.pages[0]), found.words, true);
  return {html: li.innerHTML, text: li.innerText,
          elements: Array.from(li.querySelectorAll("*")).map(e => e.tagName.toLowerCase())};
}"""


def test_a_result_shows_markup_in_titles_and_text_as_text(tab: Any, sites: str) -> None:
    tab.goto(f"{sites}zh/index.html")
    shown = tab.evaluate(RENDERED, [f"{sites}zh/", "钥匙"])
    assert set(shown["elements"]) <= {"a", "article", "div", "h2", "h3", "p", "mark"}, shown["elements"]
    assert '<img src=x onerror="alert(1)">' in shown["text"] and "<script>alert(2)</script>" in shown["text"]
    assert "onerror" not in shown["html"].replace("&lt;img src=x onerror", "")


def test_a_snippet_marks_a_word_of_letters_or_digits_only_where_a_word_begins(tab: Any, sites: str) -> None:
    """The query QP-02 marked the 02 inside 2026 and F002 in every snippet; a Chinese word stays marked anywhere."""
    tab.goto(f"{sites}zh/index.html")
    text = "QP-02-03 于 2026-02-01 修订，表单 F002 停用；离职申请。"
    shown = tab.evaluate("([text, words]) => qmsdocSearch.snippet(text, words, 200)", [text, ["qp", "02", "离职"]])
    assert shown == ("<mark>QP</mark>-<mark>02</mark>-03 于 2026-<mark>02</mark>-01 修订，表单 F002 停用；"
                     "<mark>离职</mark>申请。"), shown


KEEP = """async ([site, query]) => {
  window.kept = new qmsdocSearch.Index(site);
  return (await new qmsdocSearch.Search(window.kept).query(query)).pages.length;
}"""
KEPT = """async ([site, query]) => {
  const found = await new qmsdocSearch.Search(window.kept).query(query);
  return Promise.all(found.pages.map(n => window.kept.page(n).then(page => page.url)));
}"""
FRESH = """async ([site, query]) => {
  const index = new qmsdocSearch.Index(site), found = await new qmsdocSearch.Search(index).query(query);
  return Promise.all(found.pages.map(n => index.page(n).then(page => page.url)));
}"""
CHUNK_OF = """async ([site, key]) => {
  const directory = await new qmsdocSearch.Index(site).open(true);  // ("reload": never the browser's copy)
  let at = 0;
  directory.chunks.forEach((chunk, i) => { if (chunk[0] <= key) at = i; });
  return directory.chunks[at][1];
}"""


def test_a_site_published_again_under_an_open_page_answers_from_the_new_index(
        tab: Any, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    directory = folder / "search" / DIRECTORY
    write_site(folder, CHINESE_PAGES, "zh-CN")
    # A host that lets browsers keep every file for an hour, as static hosts and CDNs do.
    with served(folder, headers={"Cache-Control": "max-age=3600"}) as site:
        tab.goto(site + "index.html")
        assert tab.evaluate(KEEP, [site, "请假"]) == 2  # an open page that has read the directory
        assert "new/" not in tab.evaluate(FRESH, [site, "离职"])  # the browser now holds that chunk too
        first = {key: tab.evaluate(CHUNK_OF, [site, key]) for key in ("请假", "离职", "考勤")}
        assert len(set(first.values())) == 3, first  # three chunks: what each query fetches shows

        # Published again, a while later: a new page holds both words, so their chunks are new files, the old
        # ones gone. A new search is not answered from the directory and chunk the browser kept for an hour.
        published = directory.stat().st_mtime
        write_site(folder, [*CHINESE_PAGES, page("new/", "离职交接规定", "离职时考勤记录交接。")], "zh-CN")
        os.utime(directory, (published + 5, published + 5))
        assert not (folder / "search" / "c" / first["考勤"]).exists()
        assert "new/" in tab.evaluate(FRESH, [site, "离职"])

        # And again within the same second, so that the server's validator says the directory is unchanged.
        # The open page's directory names a chunk that is gone: it reads the new directory whole and answers.
        write_site(folder, [*CHINESE_PAGES, page("new/", "离职交接规定", "离职时考勤记录交接。"),
                            page("again/", "考勤补充规定", "考勤异常的处理。")], "zh-CN")
        os.utime(directory, (published + 5, published + 5))
        assert "again/" in tab.evaluate(KEPT, [site, "考勤"])


def test_a_page_citing_the_number_ranks_above_one_holding_its_parts(tab: Any, sites: str) -> None:
    """QP-02-03-F001 ranked 催收工作规程 (QP-03-02, citing QP-03-02-F001) above the procedure citing the form."""
    urls = search(tab, sites, "more", "qp 02 03 f001")["urls"]
    assert urls == ["quit-form/", "cite/"]  # not collect/, holding the four parts of another number
    assert search(tab, sites, "more", "QP-03-02-F001")["urls"][:1] == ["collect/"]  # and the other way round


def test_a_form_named_by_the_word_ranks_above_a_document_that_mentions_it(tab: Any, sites: str) -> None:
    urls = search(tab, sites, "more", "投诉")["urls"]
    assert urls.index("complaint-form/") < urls.index("visit/")
    assert search(tab, sites, "more", "回访")["urls"][:1] == ["visit/"]


@pytest.mark.parametrize("spelling", ["QP-02-03", "qp 02 03", "ＱＰ－０２－０３"])
def test_a_control_number_query_marks_the_whole_number_not_its_parts(tab: Any, sites: str, spelling: str) -> None:
    """QP-02-03 marked the QP and 02 of every QP-02-01 in the snippets; the number is marked whole, where a
    number begins with it; words stay words."""
    assert search(tab, sites, "more", spelling)["words"] == ["#qp0203"]
    text = "QP-02-03-F001 与 QP-02-01、XQP-02-03、2026-02-03；qp 02 03"
    shown = tab.evaluate("([text, words]) => qmsdocSearch.snippet(text, words, 200)", [text, ["#qp0203"]])
    assert shown == "<mark>QP-02-03</mark>-F001 与 QP-02-01、XQP-02-03、2026-02-03；<mark>qp 02 03</mark>", shown
    assert search(tab, sites, "more", "离职 申请")["words"] == ["离职", "申请"]


def test_a_page_matched_by_its_number_alone_shows_its_first_words(tab: Any, sites: str) -> None:
    """A page whose text starts under a heading showed a bare title for a query of its number (on a phone, no
    hint what the page is); a page with words of its own under the title shows those alone."""
    tab.goto(f"{sites}more/index.html")
    shown = tab.evaluate(RENDERED, [f"{sites}more/", "KQ-09"])
    assert "规范电子门禁卡的发放" in shown["text"] and "1.0 目的" in shown["text"]
    quiet = tab.evaluate(RENDERED, [f"{sites}more/", "KQ-01"])
    assert "请假" in quiet["text"] and "h3" not in quiet["elements"]  # no section shown


def test_a_title_typed_in_full_finds_that_page_first(tab: Any, sites: str) -> None:
    """Staff typing a form's name in full (员工离职申请表) got the procedure first: its title and text hold the
    same three words and its boost is higher. The whole title is a key; a word of it is not."""
    assert search(tab, sites, "more", "员工离职申请表")["urls"][:1] == ["quit-form/"]
    assert search(tab, sites, "more", "员工 离职 申请表")["urls"][:1] == ["quit-form/"]  # spaces are separators
    assert search(tab, sites, "more", "员工离职 ")["urls"][0] != "quit-form/"  # a part of the title


@pytest.mark.parametrize("query", ["系统", "系统 "])
def test_a_word_inside_a_longer_word_finds_its_page_below_the_title_holding_the_word(
        tab: Any, sites: str, query: str) -> None:
    """A reader's 系统 found no page that only said 消防系统 or 信息管理系统 (one word each to jieba)."""
    found = search(tab, sites, "sub", query)
    assert found["urls"][0] == "alarm/" and set(found["urls"]) == {"alarm/", "fire/", "info/"}, found
    assert found["words"] == ["系统"]


@pytest.mark.parametrize(("query", "urls"), [
    ("息管理", ["info/"]),  # the pairs 息管 and 管理 of 信息管理系统, where the cut left a lone 息
    ("理系统 ", ["info/"]),
])
def test_part_of_a_long_word_finds_it_by_its_pairs(tab: Any, sites: str, query: str, urls: list[str]) -> None:
    assert search(tab, sites, "sub", query)["urls"] == urls


def test_a_word_no_page_holds_whole_finds_the_page_holding_it_inside_a_word_first(tab: Any, sites: str) -> None:
    # 管理系统 is cut 管理 and 系统 (no page has the word alone): fire/ holds both, apart, after info/
    assert search(tab, sites, "sub", "管理系统")["urls"] == ["info/", "fire/"]


@pytest.mark.parametrize(("query", "urls"), [
    ("系管 ", []),  # both characters are on info/, never side by side
    ("考勤", ["leave/"]),
    ("请假单", ["leave/"]),
    ("投诉", []),
])
def test_words_inside_words_match_no_unrelated_page(tab: Any, sites: str, query: str, urls: list[str]) -> None:
    assert search(tab, sites, "sub", query)["urls"] == urls


@pytest.mark.parametrize("query", ["表", "诉", "记", "表 ", "警"])
def test_one_character_finds_every_page_holding_it_inside_a_word_or_alone(tab: Any, sites: str, query: str) -> None:
    """A reader's one character found only the words it begins: 表 missed 登记表 and 下表, 诉 found nothing (it only
    stands inside 投诉). A page holding the character nowhere is not found (警)."""
    char = query.strip()
    holding = {p.url for p in CHARACTER_PAGES if char in p.title + "".join(s.title + s.text for s in p.sections)}
    found = search(tab, sites, "char", query)
    assert set(found["urls"]) == holding and len(found["urls"]) == len(holding), found
    assert found["words"] == [char]


@pytest.mark.parametrize("query", ["《员工离职申请表》", "“员工离职申请表”", "员工离职申请表。"])
def test_a_title_cited_between_marks_finds_that_page_first(tab: Any, sites: str, query: str) -> None:
    """The documents cite a form as 《员工离职申请表》, and staff copy it so: the marks were kept in the title key the
    query looked up, and the procedure came first, as for the title's words."""
    assert search(tab, sites, "more", query)["urls"][:1] == ["quit-form/"]
    assert search(tab, sites, "more", "《员工离职》")["urls"][0] != "quit-form/"  # a part of the title


@pytest.mark.parametrize("query", ["QP-02-03-F001 A/1", "《员工离职申请表》QP-02-03-F001 A/1", "见 qp-02-03-f001"])
def test_a_number_cited_among_other_words_finds_its_page_first(tab: Any, sites: str, query: str) -> None:
    """A citation copied whole (a form's name, number and version) was no control number as a whole: its parts QP,
    02, 03, A and 1 scattered over pages ranked pages citing another number above the form."""
    own = [p.url for p in MORE_PAGES if "QP-02-03-F001" in p.tags]
    citing = [p.url for p in MORE_PAGES if "QP-02-03-F001" in p.sections[0].text and p.url not in own]
    found = search(tab, sites, "more", query)
    assert found["urls"][:1] == own and citing[0] in found["urls"], found
    assert "collect/" not in found["urls"]  # cites QP-03-02-F001: its parts only
    assert "#qp0203f001" in found["words"]


@pytest.mark.parametrize(("query", "key"), [("A/1 离职", "#a1"), ("2026-02-25 离职", "#20260225"),
                                           ("离职 a/1", "#a1")])
def test_a_version_or_date_among_words_is_one_word(tab: Any, sites: str, query: str, key: str) -> None:
    """A/1 离职 found the pages holding 1 and 离职 anywhere (离职须知's 第1条); a version or a date among words is
    one word, its key — no control number, whose pages would come first."""
    found = search(tab, sites, "ver", query)
    assert found["urls"] == ["quit/"] and [word for word in found["words"] if word.startswith("#")] == [key], found


@pytest.mark.parametrize("spelling", ["A/1", "a/1", "Ａ／１"])
def test_a_version_finds_the_pages_writing_it_only(tab: Any, sites: str, spelling: str) -> None:
    """A/1 alone found 65 of the shipped manuals' pages: every page holding a 1 (the A a stop word); a page whose
    number begins A1 is no page of that version either."""
    found = search(tab, sites, "ver", spelling)
    assert set(found["urls"]) == {"fire/", "quit/"} and found["words"] == ["#a1"], found


def test_a_version_before_chinese_text_and_a_date_are_found(tab: Any, sites: str) -> None:
    assert set(search(tab, sites, "ver", "A/0")["urls"]) == {"staff/", "fire/", "quit/"}
    assert search(tab, sites, "ver", "2026-02-22")["urls"] == ["fire/"]
    assert search(tab, sites, "ver", "2026-06-01")["urls"] == []  # no page writes that day: none of its parts


@pytest.mark.parametrize("query", ["不存在的东西", "nonexistent widget", "考勤 不存在"])
def test_a_query_no_page_answers_finds_nothing(tab: Any, sites: str, query: str) -> None:
    """不存在的东西 listed 14 pages holding 存在 or 东西: a page holding only some of the words is no result."""
    assert search(tab, sites, "more", query)["urls"] == [] and search(tab, sites, "ver", query)["urls"] == []


@pytest.mark.parametrize(("site", "query", "url"), [("more", "员工的离职申请", "quit/"),
                                                    ("more", "离职 的", "quit/"),  # still being typed
                                                    ("en", "request leave in writing", "leave/"),
                                                    ("en", "request leave in", "leave/")])
def test_a_word_left_out_of_the_index_is_left_out_of_the_query(tab: Any, sites: str, site: str, query: str,
                                                               url: str) -> None:
    assert url in search(tab, sites, site, query)["urls"]


@pytest.mark.parametrize(("site", "query", "lacking", "urls"), [
    ("more", "请假 单子", "单子", {"leave/", "both/"}),  # 单子 cut 单 and 子: one word no page holds, as typed
    ("more", "员工 离职 申请 单子", "单子", {"quit/", "quit-form/", "quit-rules/"}),  # three words of four
    ("en", "request leave form", "form", {"leave/"}),
    ("en", "request leave to form", "form", {"leave/"}),  # to is no word
])
def test_a_query_no_page_answers_whole_lists_the_pages_lacking_one_word_under_it(
        tab: Any, sites: str, site: str, query: str, lacking: str, urls: set[str]) -> None:
    """A reader's natural query with one word the site never writes (请假单子, a leave form) found nothing: the
    pages holding every other word are listed apart, under the word they lack, which they do not mark."""
    found = search(tab, sites, site, query)
    assert found["urls"] == [] and found["partial"][0]["lacking"] == [lacking], found
    assert set(found["partial"][0]["urls"]) == urls, found
    assert all(s["held"] < found["partial"][0]["held"] for s in found["partial"][1:]), found
    assert not [word for word in found["partial"][0]["words"] if word in lacking], found


@pytest.mark.parametrize(("site", "query"), [
    ("more", "考勤 请假"),  # a page holds both: its results alone, none lacking a word
    ("more", "单子"), ("en", "leaveform"),  # one word
    ("more", "考勤 离职"), ("more", "不存在的东西"),  # of two words the site writes, a page holds one
    ("more", "nonexistent widget"),
    ("char", "巡 子"), ("char", "表 子 "),  # a page holding only a character
    ("en", "the leave"), ("en", "in leave "),  # only a stop word beside the word
    ("ver", "A/1"),  # one token
    ("more", "QP-02-03-F009"), ("more", "离职 QP-02-99"),  # a number no page has: none of its parts
])
def test_no_page_lacking_a_word_is_listed_for_one_word_a_character_or_half_the_words(
        tab: Any, sites: str, site: str, query: str) -> None:
    found = search(tab, sites, site, query)
    assert found["partial"] == [], found


def test_pages_lacking_different_words_are_listed_under_each_the_best_first(tab: Any, sites: str) -> None:
    """Two of three words on each page, a different one missing: each list under its own word."""
    found = search(tab, sites, "more", "员工 离职 请假")
    lists = {" ".join(s["lacking"]): set(s["urls"]) for s in found["partial"]}
    assert lists == {"请假": {"quit/", "quit-rules/", "quit-form/"}, "离职": {"leave/"}}, found
    assert found["partial"][0]["urls"][0] == "quit-rules/"  # 员工 and 离职 in its title and its text


@pytest.mark.parametrize(("query", "urls"), [("1", ["one/"]), ("1 ", ["one/"]), ("12", ["twelve/"]),
                                             ("10", ["twelve/"]), ("s", []), ("pl", ["one/"])])
def test_a_letter_or_digit_typed_alone_is_a_word_not_every_word_it_begins(
        tab: Any, sites: str, query: str, urls: list[str]) -> None:
    """1 found every page holding 10, 12 or 1.0 (65 of the shipped manuals' pages, 58 writing a 1); two letters or
    digits still begin words (10 of 100), as one Chinese character does (test above: 表)."""
    assert search(tab, sites, "digit", query)["urls"] == urls


def test_a_traditional_site_names_the_word_lacking_as_its_reader_typed_it(tab: Any, tmp_path: Path) -> None:
    """A Traditional site folds a query to the Simplified form its index keeps: the word a page lacks is named in
    the characters the reader typed, not in their Simplified form."""
    write_site(tmp_path, [page("leave/", "請假管理辦法", "員工請假須提前填寫請假單。", tags=("KQ-01",))], "zh-TW")
    with served(tmp_path) as site:
        tab.goto(site + "index.html")
        found = tab.evaluate(QUERY, [site, "請假 單據"])
    assert [(s["lacking"], s["urls"]) for s in found["partial"]] == [(["單據"], ["leave/"])], found


def test_a_query_no_page_answers_whole_lists_the_pages_holding_most_of_its_words_first(tab: Any, sites: str) -> None:
    """Five words, no page holding all: a page lacking two was no answer (only one word might be missing), so 离职
    流程 表格 found nothing on the shipped manuals. The pages holding more than half, those holding most first, each
    list under the words its pages lack."""
    found = search(tab, sites, "most", "离职 申请 表格 流程 考勤")
    assert found["urls"] == [], found
    lists = [(s["lacking"], s["held"], s["urls"]) for s in found["partial"]]
    assert lists[0] == (["考勤"], 4, ["all4/"]), found
    assert sorted(lists[1:]) == [(["流程", "考勤"], 3, ["quit/"]), (["表格", "考勤"], 3, ["flow/"])], found
    assert "clock/" not in [url for s in found["partial"] for url in s["urls"]]  # two words of five


def test_a_character_left_over_after_a_word_is_no_word_a_page_lacks(tab: Any, sites: str) -> None:
    """请假单子 (a leave form in everyday words) listed the pages holding 请假单 as lacking 「子」: a character after a
    longer word, itself no word of the index, is the end of the reader's own name for it."""
    found = search(tab, sites, "more", "请假单子")
    assert found["urls"] == ["leave/"] and found["partial"] == [] and "子" not in found["words"], found


@pytest.mark.parametrize(("site", "query", "lacking"), [("more", "请假单鑫", "鑫"), ("more", "请假单鑫 ", "鑫"),
                                                    ("zh", "请假单子", "子"), ("more", "考勤鑫", "鑫")])
def test_a_character_no_page_writes_is_a_word_every_page_lacks(tab: Any, sites: str, site: str, query: str,
                                                               lacking: str) -> None:
    """请假单鑫 found the leave form's page as a whole answer: 鑫, the last character after a word, was dropped as the
    end of the reader's own name for the form (请假单子), though no page writes it. No result; the pages holding the
    rest are listed under the character they lack (zh/ writes no 子)."""
    found = search(tab, sites, site, query)
    assert found["urls"] == [] and [s["lacking"] for s in found["partial"]][:1] == [[lacking]], found


@pytest.mark.parametrize(("query", "urls"), [("不存在的东西", []), ("请假单 子", []), ("请假单子", ["leave/"])])
def test_a_character_before_a_word_or_typed_apart_is_still_a_word(
        tab: Any, sites: str, query: str, urls: list[str]) -> None:
    assert search(tab, sites, "more", query)["urls"] == urls


@pytest.mark.parametrize(("query", "url"), [
    ("how to report an incident", "incident/"), ("How should I report an incident?", "incident/"),
    ("what does the duty manager do", "incident/"),
    # every modal, and the function words around it: "must" was a word no page holds, so these found nothing
    ("what must staff do when", "incident/"), ("staff must report incidents", "incident/"),
    ("how can I request leave", "leave/"), ("I need to request leave", "leave/"),
    ("what's the leave procedure", "leave/")])
def test_an_english_question_finds_the_pages_on_its_subject(tab: Any, sites: str, query: str, url: str) -> None:
    """how to report an incident found nothing: no page writes how. A question's own words are stop words."""
    found = search(tab, sites, "en", query)
    assert found["urls"] == [url], found
    assert not {"how", "should", "i", "what", "does", "do", "must", "can", "need", "s"} & set(found["words"]), found


@pytest.mark.parametrize(("query", "lacking"), [("staff must report accidents", "accidents"),
                                                ("how can I request holidays", "holidays"),
                                                ("what must staff do before leave", "staff")])
def test_an_english_question_with_a_word_no_page_writes_still_finds_nothing_whole(
        tab: Any, sites: str, query: str, lacking: str) -> None:
    """The stop words leave the words of the subject: a question naming a thing no page writes is no result."""
    found = search(tab, sites, "en", query)
    assert found["urls"] == [] and all(s["lacking"] == [lacking] for s in found["partial"]), found


@pytest.mark.parametrize(("query", "urls", "key"), [
    ("2025年6月1日", ["rule-date/"], "#20250601"), ("2025-06-01", ["rule-date/"], "#20250601"),
    ("2025-6-1", ["rule-date/"], "#20250601"), ("2025/6/1 消防", ["rule-date/"], "#20250601"),
    ("1.0", ["rule-date/"], "#1.0"), ("消防 1.0", ["rule-date/"], "#1.0"),
    ("2025年1月6日", ["other-day/"], "#20250106"),
])
def test_a_date_or_dotted_number_as_documents_write_it_is_one_key(
        tab: Any, sites: str, query: str, urls: list[str], key: str) -> None:
    """1.0 found every page holding a 1 and a 0 (54 of the shipped manuals' pages), 2025年6月1日 every page holding
    its six pieces (a page writing 2024年6月1日 and 2025年1月6日), 2025-06-01 no page writing the day in Chinese."""
    found = search(tab, sites, "ver", query)
    assert found["urls"] == urls and key in found["words"], found


def test_a_date_or_dotted_number_is_marked_as_written_only(tab: Any, sites: str) -> None:
    tab.goto(f"{sites}ver/index.html")
    text = "自2025年6月1日起，2025-06-01 版本 V1.0，第10条 100 1.01"
    shown = tab.evaluate("([t, w]) => qmsdocSearch.snippet(t, w, 200)", [text, ["#20250601", "#1.0"]])
    assert shown == ("自<mark>2025年6月1日</mark>起，<mark>2025-06-01</mark> 版本 V<mark>1.0</mark>，"
                     "第10条 100 1.01"), shown


@pytest.mark.parametrize("query", ["表格", "表格 ", "需求表格"])
def test_characters_typed_together_find_only_the_pages_holding_them_side_by_side(tab: Any, sites: str,
                                                                                   query: str) -> None:
    """表格, no word of the index, was read as 表 and 格 anywhere: it found the page with 表 in 人员需求表 and 格 in
    第一格, and not the page writing 需求表格式 (cut 需求/表/格式). The characters are one word, marked together."""
    found = search(tab, sites, "join", query)
    assert found["urls"] == ["together/"] and "表格" in found["words"] and "格" not in found["words"], found


def test_characters_typed_together_lacked_by_a_page_are_named_as_one_word(tab: Any, sites: str) -> None:
    """招聘 表格 found apart/ as holding every word (招聘, 表, 格): it holds no 表格; listed under the word it lacks."""
    found = search(tab, sites, "join", "招聘 表格")
    assert found["urls"] == [] and [(s["lacking"], s["urls"]) for s in found["partial"]] == [(["表格"], ["apart/"])]


@pytest.mark.parametrize(("query", "urls"), [("表 格", ["apart/", "together/"]), ("表", ["apart/", "together/"]),
                                             ("需求", ["apart/", "together/"])])
def test_characters_typed_apart_and_words_of_the_index_are_read_as_before(
        tab: Any, sites: str, query: str, urls: list[str]) -> None:
    """Characters typed apart are two words, each anywhere on a page (apart/ holds 表 and 格 apart); a word of the
    index is itself."""
    assert sorted(search(tab, sites, "join", query)["urls"]) == urls


@pytest.mark.parametrize("query", ["理系统", "工作时间", "工作时间 "])
def test_characters_typed_together_rank_the_page_writing_them_together_first(tab: Any, sites: str, query: str) -> None:
    """理系统 (read as its pairs 理系 and 系统) and 工作时间 (read as 工作 and 时间) ranked apart/, holding each piece
    apart at a higher score, above together/, which writes the characters as typed."""
    assert search(tab, sites, "near", query)["urls"] == ["together/", "apart/"]


@pytest.mark.parametrize("query", ["工作 时间", "时间工作", "系统"])
def test_words_typed_apart_or_written_together_nowhere_keep_the_index_order(tab: Any, sites: str, query: str) -> None:
    """Words typed apart, or characters no page writes together, are ranked by the index alone (apart/ first)."""
    assert search(tab, sites, "near", query)["urls"] == ["apart/", "together/"]


@pytest.mark.parametrize("site", ["apos", "apos-zh"])
@pytest.mark.parametrize(("query", "url"), [
    ("don't", "keys/"), ("dont", "keys/"), ("don\u2019t lend", "keys/"), ("staff's keys", "keys/"),
    ("staff", "keys/"), ("staff\u2019s", "keys/"), ("customer's", "keys/"), ("customer\u2019s copy", "keys/"),
    ("customer", "keys/"), ("o'clock", "shift/"), ("oclock", "shift/"), ("o\u2019clock", "shift/")])
def test_a_word_written_with_an_apostrophe_is_found_with_or_without_it(
        tab: Any, sites: str, site: str, query: str, url: str) -> None:
    """don't, staff's, customer\u2019s and o'clock were cut at the apostrophe (don and t, o and clock): dont and
    oclock found nothing, and a typographic apostrophe typed against a straight one on the page (or the other way
    round) was a word no page held."""
    assert search(tab, sites, site, query)["urls"] == [url]


def test_a_word_written_with_an_apostrophe_is_marked_where_it_stands(tab: Any, sites: str) -> None:
    tab.goto(f"{sites}apos/index.html")
    shown = tab.evaluate("([t, w]) => qmsdocSearch.snippet(t, w, 200)",
                         ["Don't lend the customer\u2019s copy at six o'clock.", ["dont", "customer", "oclock"]])
    assert shown == ("<mark>Don&#39;t</mark> lend the <mark>customer</mark>\u2019s copy at six "
                     "<mark>o&#39;clock</mark>."), shown


def test_the_browser_cuts_a_query_into_the_runs_the_index_was_cut_into(tab: Any, sites: str) -> None:
    """One reading of a text for both sides: search.js's runs are tokens.runs, apostrophes, Chinese, control
    numbers and full-width letters alike, and its APOSTROPHES and CLITICS are tokens.py's."""
    texts = ["Don't lend the staff's keys", "customer\u2019s O\u2018clock we'll they're I'd rock'n'roll",
             "employees' 'quoted' 员工's 请假单 QP-02-03 ＡＢＣ１２", "it\u02bcs 90's l'\u00e9t\u00e9 s'il"]
    tab.goto(f"{sites}apos/index.html")
    assert tab.evaluate("texts => texts.map(qmsdocSearch.runs)", texts) == [tokens.runs(text) for text in texts]
    script = resources.files("qmsdoc.search").joinpath("assets/search.js").read_text("utf-8")
    found = re.search(r'var APOSTROPHES = "([^"]*)", CLITICS = (\[[^\]]*\]);', script)
    assert found, "search.js names its APOSTROPHES and CLITICS on one line"
    assert json.loads(f'"{found.group(1)}"') == tokens.APOSTROPHES and json.loads(found.group(2)) == list(
        tokens.CLITICS)


@pytest.mark.parametrize("query", ["followup", "followup ", "nonconformance", "nonconformances "])
def test_a_compound_typed_closed_finds_it_hyphenated(tab: Any, sites: str, query: str) -> None:
    """follow-up was the words follow and up: followup, as staff type it, found no page writing follow-up
    (nonconformance no page writing non-conformance)."""
    assert set(search(tab, sites, "spell", query)["urls"]) == {"hyphen/", "closed/"}


@pytest.mark.parametrize("query", ["follow-up", "follow up", "Follow\u2011Up", "non-conformance", "non conformance"])
def test_a_compound_typed_in_two_words_finds_it_closed(tab: Any, sites: str, query: str) -> None:
    """follow-up found no page writing followup. The words typed apart are still the words of apart/, which writes
    them apart (a reader may mean the phrase), below the pages writing the compound."""
    urls = search(tab, sites, "spell", query)["urls"]
    assert set(urls[:2]) == {"hyphen/", "closed/"} and urls[2:] == ["apart/"], urls


def test_a_compound_joins_only_words_written_with_a_hyphen(tab: Any, sites: str) -> None:
    """Words standing apart are no compound (apart/ writes follow and up, non and conformance), nor is a control
    number's letters and digits, and a Chinese site keeps its words as written."""
    assert "apart/" not in search(tab, sites, "spell", "followup")["urls"]
    assert "apart/" not in search(tab, sites, "spell", "nonconformance ")["urls"]
    assert search(tab, sites, "spell", "qp0401")["urls"][:1] == ["hyphen/"]
    assert search(tab, sites, "spell-zh", "followup")["urls"] == ["closed/"]


@pytest.mark.parametrize("site", ["spell", "spell-zh"])
@pytest.mark.parametrize(("query", "urls"), [
    ("cafe", ["cafe/"]), ("CAF\u00c9 ", ["cafe/"]), ("caf\u00e9", ["cafe/"]), ("cafe\u0301 ", ["cafe/"]),
    ("naive ", ["cafe/"]), ("na\u00efve", ["cafe/"])])
def test_a_word_with_an_accent_is_found_with_or_without_it(
        tab: Any, sites: str, site: str, query: str, urls: list[str]) -> None:
    """cafe found nothing on the page writing caf\u00e9 (nor caf\u00e9 typed decomposed, or in capitals)."""
    assert search(tab, sites, site, query)["urls"] == urls


@pytest.mark.parametrize(("query", "urls"), [
    ("organization", ["uk/"]), ("organizations ", ["uk/"]), ("organized ", ["uk/"]), ("organize ", ["uk/"]),
    ("organisation", ["uk/"]), ("analyzed ", ["uk/"]), ("analyze ", ["uk/"]), ("analysis ", ["us/"]),
    ("organ ", ["us/"]), ("organism ", [])])
def test_british_and_american_spellings_are_one_word(tab: Any, sites: str, query: str, urls: list[str]) -> None:
    """An American reader of a British manual typed organization and found nothing; analysis is still not
    analysed, nor an organ an organisation."""
    assert search(tab, sites, "spell", query)["urls"] == urls


@pytest.mark.parametrize("query", ['"management review"', "\u201cManagement Review\u201d", '"management review'])
def test_a_quoted_phrase_finds_the_page_writing_it_first(tab: Any, sites: str, query: str) -> None:
    """A reader who quotes "management review" wants the page writing it, which was 14th, below thirteen pages
    holding the two words apart in their titles (the index knows a page's words, not where they stand); those pages
    still follow it. An unfinished quote is a quote too."""
    urls = search(tab, sites, "quoted", query)["urls"]
    assert urls[0] == "together/" and len(urls) == len(QUOTED_PAGES), urls


@pytest.mark.parametrize("query", ["management review", '"management" review', '"review management"'])
def test_words_not_quoted_as_a_phrase_keep_the_index_order(tab: Any, sites: str, query: str) -> None:
    """Words typed without quotes, one word quoted, or a phrase no page writes: ranked by the index alone."""
    urls = search(tab, sites, "quoted", query)["urls"]
    assert urls[-1] == "together/" and len(urls) == len(QUOTED_PAGES), urls


def test_a_compound_typed_closed_is_marked_where_the_page_hyphenates_it(tab: Any, sites: str) -> None:
    """followup found the page writing follow-up and marked nothing on it; a word of four letters or fewer, and
    letters not beginning a word, are not looked for across hyphens (u-p, the p-lan of a sub-plan)."""
    tab.goto(f"{sites}spell/index.html")
    shown = tab.evaluate("([t, w]) => qmsdocSearch.snippet(t, w, 200)",
                         ["A Follow\u2011Up, a follow-up, a followup; u-p, sub-plan.", ["followup", "up", "plan"]])
    assert shown == ("A <mark>Follow\u2011Up</mark>, a <mark>follow-up</mark>, a <mark>followup</mark>; u-p, "
                     "sub-<mark>plan</mark>."), shown


def test_a_word_of_10000_letters_is_marked_without_an_error(tab: Any, sites: str) -> None:
    """The hyphenated places of a compound were found by a pattern built of the word: one of 10,000 letters (a link's
    ?h=) was a regular expression too large to build, and marking stopped with an error."""
    tab.goto(f"{sites}spell/index.html")
    word = "a" * 10_000
    text = "x " + word[:5_000] + "-" + word[5_000:]
    shown = tab.evaluate("([t, w]) => qmsdocSearch.snippet(t, w, 20)", [text, [word]])
    assert shown == "x <mark>" + "a" * 18 + "</mark>…", shown


def test_two_hyphens_side_by_side_join_no_compound_for_marking(tab: Any, sites: str) -> None:
    tab.goto(f"{sites}spell/index.html")
    shown = tab.evaluate("([t, w]) => qmsdocSearch.snippet(t, w, 200)", ["follow--up, follow-up", ["followup"]])
    assert shown == "follow--up, <mark>follow-up</mark>", shown


def test_accents_are_marked_where_they_stand(tab: Any, sites: str) -> None:
    tab.goto(f"{sites}spell/index.html")
    shown = tab.evaluate("([t, w]) => qmsdocSearch.snippet(t, w, 200)", ["The Caf\u00e9 is open.", ["cafe"]])
    assert shown == "The <mark>Caf\u00e9</mark> is open.", shown


def test_the_browser_folds_and_joins_words_as_the_index_did(tab: Any, sites: str) -> None:
    """One reading of accents and hyphens for both sides: search.js's normalise and compounds are tokens.py's, and
    its HYPHENS is tokens.py's."""
    texts = ["Caf\u00e9 NA\u00cfVE cafe\u0301 \u0439 \u6295\u8a34 Vi\u1ec7t \u01c4 \u00df \u00f8",
             "follow-up non\u2011conformance sign\u2010off-sheet e-mail QP-02-03 -x- a--b ISO-9001",
             "r\u00e9-\u00e9dit\u00e9 customer's follow-up's 90-day pre-\u4e2d\u6587 _x-y x-y_ \u00c0-la-carte"]
    tab.goto(f"{sites}spell/index.html")
    assert tab.evaluate("texts => texts.map(qmsdocSearch.normalise)", texts) == [tokens.normalise(t) for t in texts]
    assert tab.evaluate("texts => texts.map(qmsdocSearch.compounds)", texts) == [tokens.compounds(t) for t in texts]
    assert tokens.compounds(texts[1])[:4] == ["followup", "nonconformance", "signoffsheet", "email"]
    script = resources.files("qmsdoc.search").joinpath("assets/search.js").read_text("utf-8")
    found = re.search(r'var HYPHENS = "([^"]*)";', script)
    assert found, "search.js names its HYPHENS on one line"
    assert json.loads(f'"{found.group(1)}"') == tokens.HYPHENS


@pytest.mark.parametrize("query", ["工作时间", "工作时间 "])
def test_a_page_writing_the_characters_together_ranks_first_below_ten_pages_holding_them_apart(
        tab: Any, sites: str, query: str) -> None:
    """Only the first ten results were read for the phrase: together/, 13th by the index's scores, stayed below the
    twelve pages holding 工作 and 时间 apart. The pairs of the phrase (工作, 作时 across two words, 时间) say from
    the postings alone which pages write it, over the whole list."""
    urls = search(tab, sites, "phrase", query)["urls"]
    assert urls[0] == "together/" and sorted(urls[1:]) == sorted(f"apart-{n}/" for n in range(12)), urls


def _box_results(tab: Any) -> list[str]:
    return list(tab.eval_on_selector_all(".md-search-result__item > a:first-child", "links => links.map(a => a.href)"))


def test_the_first_result_shows_before_the_other_results_files_arrive(tab: Any, sites: str) -> None:
    """The box waited for the files of the first ten results (to put the pages writing the phrase first) before
    showing any: the first result as the postings rank it waits for its own file only (the others are held back
    here), and the results are shown again with the page writing the phrase first once that is known."""
    held: list[Any] = []
    released: list[bool] = []
    box = tab.context.browser.new_page()

    def route(request: Any) -> None:
        if "/search/p/0.js" in request.request.url or released:  # apart-0/, the index's first; or released
            request.continue_()
        else:
            held.append(request)

    try:
        box.route("**/search/p/*", route)
        box.goto(f"{sites}phrase/box.html")
        box.fill(".md-search__input", "工作时间")
        box.wait_for_selector(".md-search-result__item", timeout=5000)
        assert _box_results(box) == [f"{sites}phrase/apart-0/"]
        assert held, "the other results' files were asked for"
        released.append(True)
        for request in held:
            request.continue_()
        box.wait_for_function("document.querySelectorAll('.md-search-result__item').length >= 10 && document"
                              ".querySelector('.md-search-result__item a').href.endsWith('/together/')", timeout=5000)
    finally:
        box.close()


def test_the_results_shown_are_put_in_order_once_their_files_are_read(tab: Any, sites: str) -> None:
    """apart/ holds every pair of 工作时间 (工作时长 and 时间 apart) and outscores together/: shown first as the
    index ranks it, then moved below together/, which writes the characters as typed, once both files are read."""
    tab.goto(f"{sites}near/box.html")
    tab.fill(".md-search__input", "工作时间")
    tab.wait_for_function("document.querySelectorAll('.md-search-result__item').length === 2 && document"
                          ".querySelector('.md-search-result__item a').href.endsWith('/together/')", timeout=5000)
    assert _box_results(tab) == [f"{sites}near/together/", f"{sites}near/apart/"]


@pytest.mark.parametrize("query", ["-" * 10_000, "a" * 10_000, "e" + "\u0301" * 10_000, "\u0301" * 10_000,
                                   "follow-" * 1_500, '"' * 10_000, '"management review' + " x" * 4_000])
def test_a_hostile_english_query_ends_at_once(tab: Any, sites: str, query: str) -> None:
    """Hyphens only, combining accents only, 10,000 characters: an answer within seconds, never an error.
    (A guard: each held when written.)"""
    started = time.perf_counter()
    found = search(tab, sites, "spell", query)
    assert time.perf_counter() - started < 10 and isinstance(found["urls"], list), found
