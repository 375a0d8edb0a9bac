"""A Taiwan quality team's project end to end (`language: zh-TW`), where test_traditional_chinese.py does not
already look: the site search over Traditional text, Taiwan's section headings and the catalogue's words."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from test_browser import CHROMIUM, FLAGS, _QuietHandler
from test_search_engine import page, search, write_site

from qmsdoc.core import i18n
from qmsdoc.search import search_language
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
    assert {"確保", "公司", "管理系統", "文件", "核准", "發行"} <= set(words), words
    assert "".join(_words("zh-TW", "量測儀器應每年校正一次")) == "量測儀器應每年校正一次"  # its own characters


def test_simplified_text_is_cut_as_before() -> None:
    words = _words("zh-CN", "为确保本公司质量管理体系所需之文件")
    assert words == ["确保", "本", "公司", "质量", "管理体系", "所", "需", "文件"], words


@pytest.fixture(scope="module")
def taiwan_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("taiwan")
    write_site(root / "tw", TAIWAN_PAGES, "zh-TW")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def tab(taiwan_site: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser.new_page()
        browser.close()


@pytest.mark.browser
@pytest.mark.parametrize(("query", "urls"), [
    ("確保", ["audit/"]),  # cut as written: 為確/保本, no page had the word
    ("系統", []),  # a word inside 管理系統 is no word of its own, as in a Simplified site
    ("管理系統", ["audit/"]),
    ("審查", ["control/"]),  # not the page that says 審核
    ("審核", ["records/"]),
    ("文件", ["control/"]),
])
def test_a_traditional_word_finds_the_pages_holding_it_as_a_word(tab: Any, taiwan_site: str, query: str,
                                                                 urls: list[str]) -> None:
    assert search(tab, taiwan_site, "tw", query + " ")["urls"] == urls


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
