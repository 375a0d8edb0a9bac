"""Markdown written in other editors (Obsidian, pymdown tabs, Pandoc, math and diagrams, Chinese typing habits):
what the dialect does not read is named by the check (QD130) with what to write instead, never shown silently
as typed."""

from __future__ import annotations

import pytest

from qmsdoc.core import check, load_config

from conftest import Project

DOC = "manuals/qp-hr/QP-02-03.md"
ANCHOR = "4.4.3 归还办公用品。"


def findings(project: Project, code: str) -> list[str]:
    return [f.format() for f in check(load_config(project.root)).findings if f.code == code]


def body(project: Project, text: str) -> None:
    project.replace(DOC, ANCHOR, f"{ANCHOR}\n\n{text}\n")


@pytest.mark.parametrize(("written", "words"), [
    ("[[QP-02-01|招聘规程]]", ("Obsidian 的别名写法", "请写成 [[QP-02-01]]")),
    ("[[QP-02-01#2.0 适用范围]]", ("指向章节", "[[QP-02-01]]", "[2.0 适用范围](QP-02-01.md#20-适用范围)")),
    ("![[流程图.png]]", ("文件嵌入写法", "![说明](流程图.png)")),
    ("[[流程图.png|300]]", ("文件嵌入写法", "![说明](流程图.png)")),
])
def test_obsidian_wiki_links_get_a_qd130_that_says_what_to_write(project: Project, written: str,
                                                                 words: tuple[str, ...]) -> None:
    """`[[QP-02-01|别名]]` was told 「找不到对应的受控文件」 though QP-02-01 exists: the writer saw a false message."""
    body(project, f"见 {written}。")
    line = project.line_of(DOC, written)
    hits = findings(project, "QD130")
    assert len(hits) == 1 and hits[0].startswith(f"{DOC}:{line}: error QD130 "), hits
    assert all(word in hits[0] for word in words) and "找不到" not in hits[0], hits


def test_the_section_link_qd130_proposes_resolves(project: Project) -> None:
    """What the message proposes is a working link: QD165 (a dead anchor) stays quiet on it."""
    body(project, "见 [2.0 适用范围](QP-02-01.md#20-适用范围)，[[QP-02-01]]。")
    assert not findings(project, "QD165") and not findings(project, "QD130")


def test_a_missing_number_keeps_the_plain_qd130(project: Project) -> None:
    body(project, "见 [[QP-09-99|别名]]。")
    hits = findings(project, "QD130")
    assert len(hits) == 1 and "找不到对应的受控文件" in hits[0], hits
