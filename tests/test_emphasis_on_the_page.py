"""Emphasised Chinese on the page as Chromium sets it, on a desktop and a 390 px phone: dots under the characters
(text-emphasis), as the Word and PDF copies mark them, and the Latin words of the same emphasis italic."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_waiting_site_on_a_phone import evaluated

from conftest import copy_project
from sitebuild import served_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DRAFT = """---
id: KF0402
title: 着重号
type: manual-section
version: A/0
status: draft
department: 客服部
prepared: {by: 张三, date: 2026-12-01}
---
## *重点* Key 事项

交接时*务必核对钥匙*，并按 *ISO 9001 质量体系* 执行；***加粗强调***；*见 [投诉处理](KF0301.md) 一节*；\
*运行 `检查命令` 后*；未强调。
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped project with a draft holding every kind of emphasis, drafts published."""
    project = copy_project(tmp_path_factory.mktemp("emphasis") / "project")
    project.replace("qmsdoc.yml", "publish_drafts: false", "publish_drafts: true")
    project.write("manuals/kf/KF0402.md", DRAFT)
    with served_site(project.root) as url:
        yield url + "kf/KF0402/"


# Each text node of the draft's heading and paragraph with its look: text, slant, emphasis mark.
_LOOKS = """() => [...document.querySelectorAll('article h2, article p')]
  .filter(block => /Key|ISO 9001/.test(block.textContent)).flatMap(block => {
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const style = getComputedStyle(node.parentElement);
    out.push([node.textContent.trim(), style.fontStyle, style.textEmphasisStyle, style.textEmphasisPosition]);
  }
  return out.filter(look => look[0]);
})"""


@pytest.mark.parametrize("width", (1280, 390))
def test_emphasised_chinese_has_dots_and_latin_stays_italic(site_url: str, width: int) -> None:
    """The page slanted emphasised Chinese (a browser's fake italic: CJK fonts have none) while Word and the PDF dot
    it. Now its characters carry filled dots under them, upright; ISO 9001 beside them stays italic."""
    looks: dict[str, Any] = {text: rest for text, *rest in evaluated(site_url, width, _LOOKS)}
    for text in ("重点", "务必核对钥匙", "质量体系", "加粗强调", "见", "投诉处理", "一节", "运行", "后"):
        assert looks[text][0] == "normal" and looks[text][1] == "dot", (text, looks)
        assert "under" in looks[text][2], (text, looks)
    assert looks["ISO 9001"][:2] == ["italic", "none"], looks


@pytest.mark.parametrize("width", (1280, 390))
def test_text_outside_emphasis_and_code_inside_it_carry_no_dots(site_url: str, width: int) -> None:
    """Quiet: plain text, the Latin heading word and code inside emphasis have no emphasis marks."""
    looks: dict[str, Any] = {text: rest for text, *rest in evaluated(site_url, width, _LOOKS)}
    for text in ("Key 事项", "执行；", "；未强调。", "检查命令"):
        assert looks[text][1] == "none", (text, looks)
    assert looks["检查命令"][0] == "normal", looks  # CJK code in emphasis upright, as in Word and the PDF
