"""Chinese messages spaced as the catalogues write them: a value is set off from the Chinese beside it by a space
(`{folder} 及其`, `不要求 {department} 学习确认`, `（见 {id}）`), except on a side where the value begins or ends in
full-width punctuation, which carries its own space (部门（客服）请…, never 部门（客服） 请…; 见（客服）部门, never
见 （客服）部门). One place does it: `i18n.fill`, for every message of every catalogue."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest
from test_traditional_chinese import MAINLAND_WORDS

from qmsdoc.core import i18n
from qmsdoc.search.hant import simplified_only

CHINESE = ("zh-CN", "zh-TW")
# A value of each shape a message meets: an ID, Chinese, Chinese ending in a full-width bracket, one beginning in it.
VALUES = ("QM-01 A/1", "品管课", "部门（客服）", "（客服）部门")
DOUBLED = re.compile("。。|，。|、。|；。|：。|，，")


def wide(char: str) -> bool:
    """Chinese or full-width punctuation: the test's own reading, so it says the same of old code."""
    return unicodedata.east_asian_width(char) in "WF"


def punctuation(char: str) -> bool:
    return wide(char) and unicodedata.category(char).startswith("P")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _filled(code: str) -> list[tuple[str, str, str]]:
    """Every message of `code` with each value in every field: (key, value, text)."""
    messages = i18n.languages()[code].messages
    return [(key, value, i18n.fill(template, **dict.fromkeys(_fields(template), value)))
            for key, template in messages.items() if _fields(template) for value in VALUES]


def _spaced_edges(value: str, text: str) -> list[str]:
    """Where `text` has a space at an edge of `value` between two Chinese characters, one of them full-width
    punctuation."""
    found = []
    for match in re.finditer(re.escape(value), text):
        before, after = text[:match.start()], text[match.end():]
        if before.endswith(" ") and len(before) > 1 and _unspaced(before[-2], value[0]):
            found.append(before[-6:] + value)
        if after.startswith(" ") and len(after) > 1 and _unspaced(value[-1], after[1]):
            found.append(value + after[:6])
    return found


def _unspaced(left: str, right: str) -> bool:
    return wide(left) and wide(right) and (punctuation(left) or punctuation(right))


@pytest.mark.parametrize("code", CHINESE)
def test_no_space_between_a_values_full_width_punctuation_and_the_chinese_beside_it(code: str) -> None:
    wrong = {(key, value): edges for key, value, text in _filled(code) if (edges := _spaced_edges(value, text))}
    assert not wrong, f"{code}: {len(wrong)} messages space full-width punctuation: {dict(list(wrong.items())[:8])}"


@pytest.mark.parametrize("code", CHINESE)
def test_no_space_inside_full_width_brackets_or_after_one_before_chinese(code: str) -> None:
    wrong = {(key, value): text for key, value, text in _filled(code)
             if " ）" in text or "（ " in text or any(wide(text[m.end()]) for m in re.finditer("） (?=.)", text))}
    assert not wrong, f"{code}: {dict(list(wrong.items())[:8])}"


@pytest.mark.parametrize("code", CHINESE)
def test_no_doubled_sentence_punctuation(code: str) -> None:
    wrong = {(key, value): text for key, value, text in _filled(code) if DOUBLED.search(text)}
    wrong.update({(key, ""): text for key, text in i18n.languages()[code].messages.items() if DOUBLED.search(text)})
    assert not wrong, f"{code}: {dict(list(wrong.items())[:8])}"


def test_a_value_without_full_width_punctuation_at_its_edge_keeps_its_space() -> None:
    """The quiet side: the catalogue's space beside an ID or a name stays (`（见 A/1）`, `不要求 财务部 学习确认`),
    and so does one beside Latin text, where a command needs it (`部门（客服） --by`) or English spaces words."""
    assert i18n.fill("（见 {x}）请{y} 处理", x="A/1", y="QM-01") == "（见 A/1）请QM-01 处理"
    assert i18n.fill("不要求 {x} 学习确认", x="财务部") == "不要求 财务部 学习确认"
    assert i18n.fill("{x} 及其 {y}", x="部门（客服）", y="A/1") == "部门（客服）及其 A/1"
    assert i18n.fill("见 {x} 与 {y} 处理", x="（客服）", y="客服部") == "见（客服）与 客服部 处理"
    assert i18n.fill("review {x} --by {y}", x="部门（客服）", y="客服部") == "review 部门（客服） --by 客服部"
    assert i18n.fill("The {x} is {n:~one|many}", x="部门（客服）", n=2) == "The 部门（客服） is many"


def test_a_space_the_catalogue_writes_between_its_own_words_is_left() -> None:
    """Only a value's edges are touched: 分 发 号 (spaced for a copy's cover) and （如 客服部） stay as written."""
    assert i18n.fill("分 发 号 {x}（如 客服部） 另", x="（部门）") == "分 发 号（部门）（如 客服部） 另"


def test_traditional_chinese_messages_hold_no_simplified_only_character() -> None:
    """zh-TW's every message, filled: no 这 说 还 时 发 问 为 个 们 对 会 后 与 审 设 记 录 签 认 项 门, nor a mainland
    word (批准, 之后)."""
    messages = i18n.languages()["zh-TW"].messages
    wrong = {key: simplified_only(text) + MAINLAND_WORDS.findall(text) for key, text in messages.items()
             if simplified_only(text) or MAINLAND_WORDS.findall(text)}
    assert not wrong, wrong


@pytest.mark.parametrize("code", CHINESE)
def test_a_drafts_own_text_keeps_its_spaces(code: str) -> None:
    """A new policy's `第一条 {placeholder}` is the document's text, its space the clause number's: filled as
    written (`i18n.written`), where a message (`i18n.t`) sets the full-width bracket against the Chinese."""
    with i18n.using(code):
        assert re.search(r"第一[条條] （", i18n.written("new.policy", placeholder="（待编写）"))
        assert re.search(r"第一[条條]（", i18n.t("new.policy", placeholder="（待编写）"))
