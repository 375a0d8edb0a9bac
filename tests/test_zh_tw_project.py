"""A Taiwan quality team's project end to end (`language: zh-TW`), where test_traditional_chinese.py does not
already look: the site search over Traditional text, Taiwan's section headings and words, a Big5 text file imported,
and everything a release, revision, issue, recall, acknowledgement and build write checked for Simplified characters."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from browsers import chromium
from sitecrawl import served
from test_english import _ours, _texts
from test_search_engine import page, search, write_site

from qmsdoc.core import i18n
from qmsdoc.search import search_language
from qmsdoc.search.hant import simplified_only
from qmsdoc.search.tokens import Tokenizer, jieba_segmenter

from conftest import run_cli

TAIWAN_PAGES = [
    page("audit/", "內部稽核程序", "為確保本公司品質管理系統有效運作，每年執行內部稽核。", tags=("QM-02",)),
    page("control/", "文件控制程序", "文件每年應定期審查一次。", tags=("QM-01",)),
    page("records/", "紀錄管制程序", "紀錄經部門主管審核後歸檔。", tags=("QM-04",)),
]


def _words(language: str, text: str) -> list[str]:
    return Tokenizer(search_language(SimpleNamespace(language=language)), jieba_segmenter()).words(text)


def test_traditional_text_is_cut_where_its_simplified_form_is_cut() -> None:
    """jieba's dictionary is Simplified: Traditional text cut as written came out as 為確/保本/…/管理系/統所, and a
    reader's 確保 or 系統 found nothing."""
    words = _words("zh-TW", "為確保本公司品質管理系統所需之文件均經核准後發行")
    # kept in their Simplified form, where a reader's 確保 and 确保 both meet them
    assert {"确保", "公司", "管理系统", "文件", "核准", "发行"} <= set(words), words
    assert "".join(_words("zh-TW", "量測儀器應每年校正一次")) == "量测仪器应每年校正一次"  # every character kept


def test_simplified_text_is_cut_as_before() -> None:
    words = _words("zh-CN", "为确保本公司质量管理体系所需之文件")
    assert words == ["确保", "本", "公司", "质量", "管理体系", "所", "需", "文件"], words


@pytest.fixture(scope="module")
def taiwan_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("taiwan")
    write_site(root / "tw", TAIWAN_PAGES, "zh-TW")
    with served(root) as url:
        yield url
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def tab(taiwan_site: str) -> Iterator[Any]:
    with chromium() as browser:
        yield browser.new_page()


@pytest.mark.browser
@pytest.mark.parametrize(("query", "urls"), [
    ("確保", ["audit/"]),  # cut as written: 為確/保本, no page had the word
    ("系統", ["audit/"]),  # inside 管理系統 (one word to jieba): found by the word's character pairs
    ("管理系統", ["audit/"]),
    ("審查", ["control/"]),  # not the page that says 審核
    ("審核", ["records/"]),
    ("文件", ["control/"]),
])
def test_a_traditional_word_finds_the_pages_holding_it_as_a_word(tab: Any, taiwan_site: str, query: str,
                                                                 urls: list[str]) -> None:
    assert search(tab, taiwan_site, "tw", query + " ")["urls"] == urls


@pytest.mark.browser
@pytest.mark.parametrize(("query", "urls"), [
    ("确保", ["audit/"]),  # typed in Simplified characters (a mainland keyboard, a reader used to them)
    ("系统", ["audit/"]),
    ("管理系统", ["audit/"]),
    ("管理系統", ["audit/"]),  # the two mixed
    ("审查", ["control/"]),  # still not the page that says 審核
    ("审核", ["records/"]),
    ("纪录", ["records/"]),
    ("投诉", []),  # no page says 投訴
])
def test_a_simplified_query_finds_the_pages_of_its_traditional_form(tab: Any, taiwan_site: str, query: str,
                                                                    urls: list[str]) -> None:
    """A reader who typed 审核 on the Taiwan site found nothing: its words were indexed in Traditional only."""
    assert search(tab, taiwan_site, "tw", query + " ")["urls"] == urls


@pytest.mark.browser
def test_a_simplified_query_marks_the_traditional_words_it_found(tab: Any, taiwan_site: str) -> None:
    words = search(tab, taiwan_site, "tw", "审核 ")["words"]
    shown = tab.evaluate("w => qmsdocSearch.snippet('紀錄經部門主管審核後歸檔。', w, 80)", words)
    assert shown == "紀錄經部門主管<mark>審核</mark>後歸檔。", shown


# Mainland words OpenCC's s2twp conversion left in the zh-TW catalogue, where Taiwan writes otherwise: help is 說明,
# a (computer) process 處理程序, a type of document 文件類型, a quality management system 品質管理系統, an example 範例,
# CPU cores 核心; and 紀錄 is a record, the verb to record is 記錄 (用 qmsdoc review 記錄審查).
MAINLAND = re.compile("幫助|進程|文件型別|管理體系|示例|核數|[用請已並將須]紀錄|紀錄(?:該|審查|這)")


def test_the_catalogue_writes_taiwan_usage_where_conversion_left_mainland_words() -> None:
    said = "\n".join(i18n.languages()["zh-TW"].messages.values())
    left = {m.group(0) for key, text in i18n.languages()["zh-TW"].messages.items() for m in MAINLAND.finditer(text)
            if key != "admonition.help"}  # a box titled 幫助 (Material's "help" admonition) is Taiwan's word too
    assert not left, left
    assert i18n.languages()["zh-TW"].messages["cli.help.help"] == "顯示本說明並退出"
    assert "用 <code>qmsdoc review</code> 記錄審查" in said and "品質紀錄" in said  # the noun stays 紀錄


TAIWAN_PROCEDURE = """---
id: QM-01
title: 文件控制程序
type: procedure
version: A/0
status: draft
department: 品質管理部
prepared: {{by: 品質經理, date: 2026-12-06}}
---
## 1.0 目的

確保文件經審查與核准後發行。

## 2.0 範圍

適用於本公司所有受控文件。

## 3.0 權責

文管中心負責文件之登錄與發放。

## 4.0 作業內容

文件修訂時應填寫 [[QM-01-F01]]。
{records}"""


@pytest.fixture
def taiwan_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-06")
    assert run_cli("init", "qms", "--language", "zh-TW", cwd=tmp_path).returncode == 0
    root = tmp_path / "qms"
    for code in ("QM", "QM-01-F01"):
        assert run_cli("release", code, "--by", "總經理", "--change", "首次發行", cwd=root).returncode == 0
    return root


@pytest.mark.parametrize("heading", ["相關紀錄", "使用表單", "品質紀錄"])
def test_a_taiwan_procedure_lists_its_forms_under_its_own_heading(taiwan_project: Path, heading: str) -> None:
    """A Taiwan procedure's 目的/範圍/權責/作業內容/相關紀錄: its 相關紀錄 (or 使用表單) was no records section, so
    check wanted a 品質紀錄 section (QD160) and the form unlisted (QD151)."""
    source = taiwan_project / "manuals" / "qm" / "QM-01.md"
    source.write_text(TAIWAN_PROCEDURE.format(records=f"\n## 5.0 {heading}\n\n- [[QM-01-F01]]\n"), "utf-8")
    result = run_cli("check", cwd=taiwan_project)
    assert result.returncode == 0 and "檢查完成：0 個錯誤，0 個警告" in result.stdout, result


def test_a_taiwan_procedure_without_a_records_section_is_still_told_so(taiwan_project: Path) -> None:
    source = taiwan_project / "manuals" / "qm" / "QM-01.md"
    source.write_text(TAIWAN_PROCEDURE.format(records=""), "utf-8")
    result = run_cli("check", cwd=taiwan_project)
    assert result.returncode == 1 and " QD160 " in result.stdout and "相關紀錄" in result.stdout, result
    assert " QD151 " in result.stdout, result


def simplified_in(text: str) -> set[str]:
    """The Simplified-only characters of `text` (search/hant.py's table, as test_traditional_chinese reads it)."""
    return set(simplified_only(text))


def test_the_simplified_check_sees_simplified_text() -> None:
    assert simplified_in("修订记录：审核、批准") == {"订", "记", "录", "审"}
    assert not simplified_in("修訂紀錄：審核、核准；台灣範例公司")


NOT_TEXT = re.compile(r"word/theme/|(^|/)\.")  # a Word theme's font table by script; the build's caches


def _said(result: Any, *places: Path) -> str:
    assert result.returncode == 0, result
    return str(_ours(result.stdout + result.stderr, *places))


def test_a_taiwan_team_releases_revises_issues_and_builds_all_in_traditional_chinese(
        taiwan_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole path a Taiwan quality team takes, and every word qmsdoc wrote on it checked for Simplified-only
    characters: messages, site pages, Word and PDF copies, registers."""
    root = taiwan_project
    said = []
    (root / "manuals" / "qm" / "QM-01.md").write_text(
        TAIWAN_PROCEDURE.format(records="\n## 5.0 相關紀錄\n\n- [[QM-01-F01]]\n"), "utf-8")
    said.append(_said(run_cli("new", "--manual", "QM", "--title", "量測儀器校正作業指導書", "--type",
                              "work-instruction", "--department", "品保部", "--by", "林志明", cwd=root), tmp_path))
    instruction = root / "manuals" / "qm" / "QM-02.md"
    written = instruction.read_text("utf-8").replace("第一條 （待編寫）", "第一條 儀器每年校正一次。")
    instruction.write_text(written, "utf-8")
    for code in ("QM-01", "QM-02"):
        said.append(_said(run_cli("release", code, "--by", "總經理", "--reviewed-by", "品保經理", "--change",
                                  "首次發行", cwd=root), tmp_path))
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-10")
    said.append(_said(run_cli("revise", "QM-01", "--by", "品質經理", "--reason", "增加定期審查", cwd=root), tmp_path))
    draft = root / "revisions" / "manuals" / "qm" / "QM-01.md"
    draft.write_text(draft.read_text("utf-8").replace("文件修訂時", "文件每年定期審查；修訂時"), "utf-8")
    said.append(_said(run_cli("release", "QM-01", "--by", "總經理", "--reviewed-by", "品保經理", "--change",
                              "增加定期審查", cwd=root), tmp_path))
    said.append(_said(run_cli("issue", "QM-01", "--to", "製造部", "--by", "文管員", cwd=root), tmp_path))
    said.append(_said(run_cli("recall", "QM-01-A/1-001", "--by", "文管員", cwd=root), tmp_path))
    source = root / "manuals" / "qm" / "QM-01.md"
    assigned = "department: 品質管理部\nacknowledge: [製造部, 品保部]\n"
    source.write_text(source.read_text("utf-8").replace("department: 品質管理部\n", assigned), "utf-8")
    said.append(_said(run_cli("acknowledge", "QM-01", "--by", "陳美玲", "--department", "製造部", cwd=root), tmp_path))
    said.append(_said(run_cli("acknowledgements", "QM-01", cwd=root), tmp_path))
    said.append(_said(run_cli("build", "--strict", cwd=root), tmp_path))
    assert not simplified_in("".join(said)), said
    assert not MAINLAND.findall("".join(said)), said

    texts = _texts(root / "build")
    found = {name: simplified_in(_ours(text, tmp_path)) for name, text in texts.items() if not NOT_TEXT.search(name)}
    assert not {name: chars for name, chars in found.items() if chars}
    pages = {"register": "受控文件清單", "forms": "品質紀錄表單", "review": "定期審查", "obsolete": "作廢文件",
             "recall": "回收清單", "acknowledgements": "學習確認"}
    for folder, title in pages.items():
        page_html = texts[f"site/{folder}/index.html"]
        assert '<html lang="zh-TW"' in page_html and title in page_html, folder
        assert 'placeholder="搜尋"' in page_html  # Material's Traditional labels (zh would say 搜索)
    assert "修訂紀錄" in texts["site/qm/QM-01/index.html"]
    document = next(text for name, text in texts.items() if name.endswith("QM-01.docx!word/document.xml"))
    assert "修訂紀錄" in document and "相關紀錄" in document
    sheets = re.findall(r'sheet name="([^"]*)"', texts["register.xlsx!xl/workbook.xml"])
    assert "受控文件清單" in sheets and "文件發放回收紀錄" in sheets, sheets
    pdf = (root / "build" / "pdf" / "documents" / "QM-01.pdf").read_bytes()
    assert b"/Lang(zh-TW)" in pdf  # the Typst text language and region: Traditional glyph forms and punctuation


PURCHASING = ("採購管理程序\n1.0 目的\n確保採購之產品符合要求。\n2.0 範圍\n適用於本公司所有採購作業。\n3.0 權責\n"
              "採購部負責供應商評估。\n4.0 作業內容\n4.1 採購前應填寫請購單。\n5.0 相關紀錄\nQM-05-F01 請購單\n")


def test_a_big5_text_file_is_imported_in_a_traditional_chinese_project(taiwan_project: Path, tmp_path: Path) -> None:
    """Notepad and Word on a Taiwan Windows save text in Big5, whose bytes are mostly valid GBK too: read as
    GB18030 (as the sign-in sheet once was) the import found no document in the other characters it read."""
    old = tmp_path / "採購.txt"
    old.write_bytes(PURCHASING.encode("cp950"))
    result = run_cli("import", str(old), "--manual", "QM", cwd=taiwan_project)
    assert result.returncode == 0 and "文件按 Big5 編碼讀取" in result.stdout + result.stderr, result
    draft = (taiwan_project / "manuals" / "qm" / "QM-05.md").read_text("utf-8")
    assert "title: 採購管理程序" in draft and "## 5.0 相關紀錄" in draft and "[[QM-05-F01]]" in draft, draft


def test_a_gbk_text_file_is_still_imported_as_gbk() -> None:
    from qmsdoc.importer.blocks import Note
    from qmsdoc.importer.text_reader import decode

    simplified = "采购管理程序\n1.0 目的\n确保采购的产品符合要求。\n"
    for language in ("zh-CN", "zh-TW"):  # GBK bytes Big5 cannot read are read as GB18030 in either project
        notes: list[Note] = []
        with i18n.using(language):
            assert decode(simplified.encode("gbk"), "采购.txt", notes) == simplified
        assert "GB18030" in notes[0].message, notes


@pytest.mark.browser
@pytest.mark.slow
def test_a_page_opened_from_a_simplified_query_marks_its_traditional_words(taiwan_project: Path, tab: Any) -> None:
    """Material's search.highlight marks the words of the query on the page a result opens (?h=): the page is
    Traditional, the query Simplified, and the page folds its text through the site's table before marking."""
    assert run_cli("build", cwd=taiwan_project).returncode == 0
    with served(taiwan_project / "build" / "site") as site:
        tab.goto(f"{site}qm/?h=%E5%8F%91%E8%A1%8C")  # ?h=发行, the manual's page
        tab.locator("article mark[data-md-highlight]").first.wait_for(timeout=10000)
        assert set(tab.locator("article mark[data-md-highlight]").all_inner_texts()) == {"發行"}
