"""回收清单 and 作废文件 open with an intro about the copies or documents listed "below" (以下): said over a list,
never over an empty page that then says there is none, in every language."""

from __future__ import annotations

import datetime as dt

import pytest

from qmsdoc.core import i18n, load_config
from qmsdoc.core.distribution import CopyEntry, Recall
from qmsdoc.core.i18n import t
from qmsdoc.core.loader import load_corpus
from qmsdoc.site.pages import obsolete_page, recall_page

from conftest import Project

LANGUAGES = ("zh-CN", "en", "zh-TW")


def _copy() -> Recall:
    entry = CopyEntry(number="QP-03-02-A/0-001", document="QP-03-02", version="A/0", recipient="客服部",
                      date=dt.date(2026, 6, 2), issued_by="文控员", format="docx", sha256="a" * 64, line=4)
    return Recall(entry, "催收工作规程", "A/1", "已换版（现行版本 A/1）")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_recall_list_says_only_that_nothing_is_to_collect(language: str) -> None:
    with i18n.using(language):
        page, intro, none = recall_page([]), t("page.recall.text"), t("page.recall.none")
    assert none in page and intro not in page, page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_recall_list_with_copies_opens_with_its_intro(language: str) -> None:
    with i18n.using(language):
        page, intro, none = recall_page([_copy()]), t("page.recall.text"), t("page.recall.none")
    assert page.index(intro) < page.index("QP-03-02-A/0-001") and none not in page, page


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_obsolete_list_says_only_that_there_is_none(language: str) -> None:
    with i18n.using(language):
        page, intro, none = obsolete_page([], {}), t("page.obsolete.text"), t("page.obsolete.none")
    assert none in page and intro not in page, page


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_obsolete_list_opens_with_its_intro(language: str, project: Project) -> None:
    withdrawn = load_corpus(load_config(project.root)).documents["QP-02-04"]
    with i18n.using(language):
        page, intro, none = obsolete_page([withdrawn], {}), t("page.obsolete.text"), t("page.obsolete.none")
    assert page.index(intro) < page.index("QP-02-04") and none not in page, page
