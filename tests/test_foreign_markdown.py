"""Markdown written in other editors (Obsidian, pymdown tabs, Pandoc, math and diagrams, Chinese typing habits):
what the dialect does not read is named by the check (QD028, QD130) with what to write instead, never shown silently
as typed."""

from __future__ import annotations

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.render import CorpusRenderer

from conftest import Project

DOC = "manuals/qp-hr/QP-02-03.md"
ANCHOR = "4.4.3 归还办公用品。"


def findings(project: Project, code: str) -> list[str]:
    return [f.format() for f in check(load_config(project.root)).findings if f.code == code]


def body(project: Project, text: str) -> None:
    project.replace(DOC, ANCHOR, f"{ANCHOR}\n\n{text}\n")


def rendered(project: Project) -> str:
    result = check(load_config(project.root))
    return CorpusRenderer(result.corpus, result.context.config).document(result.corpus.documents["QP-02-03"]).html


# (written, the line told, words of its message, what the page shows of it: as written, which is why it is told)
FOREIGN = {
    "obsidian-comment": ("注释前 %%隐藏的注释%% 注释后。", "注释前", ("Obsidian 的注释", "<!-- … -->"),
                         "%%隐藏的注释%%"),
    "pymdown-tab": ('=== "第一页"\n\n    第一页内容', '=== "第一页"', ("标签页", "#### 标签名"), "=== "),
    "inline-math": ("能量 $E = mc^2$ 守恒。", "能量", ("“$E = mc^2$”", "^2^"), "$E = mc^2$"),
    "display-math": ("$$\na^2 + b^2 = c^2\n$$", "$$", ("“$$”", "公式图片"), "$$"),
    "mermaid": ("```mermaid\ngraph TD\n  A --> B\n```", "```mermaid", ("```mermaid", "![说明](图.png)"), "graph TD"),
    "wide-hash": ("＃＃＃ 全角标题", "＃＃＃", ("全角＃", "### 标题"), "＃＃＃"),
    "wide-table": ("｜ 列一 ｜ 列二 ｜\n｜ --- ｜ --- ｜\n｜ 值一 ｜ 值二 ｜", "｜ 列一", ("全角竖线", "| --- | --- |"),
                   "｜ 列一"),
    "wide-link": ("详见【制度】(https://example.com/a)。", "详见【制度】", ("请写成 [制度](https://example.com/a)",),
                  "【制度】("),
    "wide-parentheses": ("详见[制度]（https://example.com/a）。", "详见[制度]", ("请写成 [制度](https://example.com/a)",),
                         "[制度]（"),
    "glyph-bullets": ("• 第一项\n• 第二项", "• 第一项", ("以“•”开头", "- "), "• 第一项\n• 第二项"),
    "pandoc-line-block": ("| 第一行\n| 第二行", "| 第一行", ("行块", "<br>"), "| 第一行\n| 第二行"),
}


@pytest.mark.parametrize("case", list(FOREIGN))
def test_other_editors_markdown_is_qd028_at_its_line(project: Project, case: str) -> None:
    """Each showed on the page and in both copies as typed (or joined its lines into one paragraph) and the check said
    nothing: a quality team pasting from Obsidian, Typora or a Chinese editor had no way to know."""
    text, needle, words, shown = FOREIGN[case]
    body(project, text)
    line = project.line_of(DOC, needle)
    hits = findings(project, "QD028")
    assert len(hits) == 1 and hits[0].startswith(f"{DOC}:{line}: warning QD028 "), hits
    assert all(word in hits[0] for word in words), hits
    assert shown in rendered(project)  # what the rule says: the page shows it as written


@pytest.mark.parametrize("text", [
    "单价 $5 或 $10，合计 US$100。",  # money, not math (Pandoc's own reading)
    "代码 `$x$` 与 `%%y%%` 照写。",
    "```text\n%%注释%% $y$ ＃＃ 标题\n```",  # code is shown as code, rightly
    "```python\nprint(1)\n```",
    "| 列一 | 列二 |\n| --- | --- |\n| 值一 | 值二 |",  # a table, not a line block
    "| 列一 | 列二 |\n|------|:----:|\n| 值一 | 值二 |\n| 值三 | 值四 |",  # a delimiter row without spaces
    "• 单独一行的圆点说明。",  # one line joins nothing
    "合格率 100%，[[QP-02-01]] 照常引用。",
    "- 第一项\n- 第二项",
    "详见【制度】第 3 条。",
    "<!-- %%注释%% $x$ -->",  # a comment shows nothing
])
def test_the_dialects_own_markdown_is_not_qd028(project: Project, text: str) -> None:
    body(project, text)
    assert not findings(project, "QD028")


def test_qd028_speaks_english_in_an_english_project(project: Project) -> None:
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "language: en\n")
    body(project, "note %%hidden%% here")
    hits = findings(project, "QD028")
    assert len(hits) == 1 and "is an Obsidian comment" in hits[0], hits


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


@pytest.mark.parametrize("written", ["［［QP-02-01］］", "【【QP-02-01】】", "[[ＱＰ－０２－０１]]",
                                     "【【 qp-02-01 】】"])
def test_a_reference_typed_in_full_width_is_read_as_one(project: Project, written: str) -> None:
    """An input method's 全角 brackets showed 「［［QP-02-01］］」 as typed on the site and both copies, and the check
    said nothing: the one reader takes them for the reference they plainly are."""
    body(project, f"见 {written}。")
    page = rendered(project)
    assert 'href="qms:QP-02-01"' in page and written not in page, page
    assert not findings(project, "QD130") and not findings(project, "QD170")


def test_full_width_brackets_around_words_stay_text(project: Project) -> None:
    body(project, "【【注意】】离职前须交接。")
    assert "【【注意】】" in rendered(project) and not findings(project, "QD130")


def test_an_obsidian_embed_of_a_document_shows_no_stray_mark_and_is_told(project: Project) -> None:
    """`![[QP-02-01]]` showed 「!《员工招聘管理工作规程》…」 on the page with no word from the check."""
    body(project, "详见 ![[QP-02-01]] 的规定。")
    assert "!<a" not in rendered(project) and 'href="qms:QP-02-01"' in rendered(project)
    hits = findings(project, "QD130")
    line = project.line_of(DOC, "![[QP-02-01]]")
    assert len(hits) == 1 and hits[0].startswith(f"{DOC}:{line}: error QD130 "), hits
    assert "嵌入" in hits[0] and "请写成 [[QP-02-01]]" in hits[0], hits


def test_an_escaped_reference_is_text_without_its_backslash(project: Project) -> None:
    r"""`\[[QP-02-01]]` (the writer asked for the markup as text) showed 「\《员工招聘管理工作规程》…」: a link and the
    backslash."""
    body(project, r"引用写作 \[[QP-02-01]]。")
    page = rendered(project)
    assert "引用写作 [[QP-02-01]]。" in page and "\\" not in page.split("引用写作")[1][:40], page
    assert not findings(project, "QD130") and not findings(project, "QD170")  # the markup as text, asked for


@pytest.mark.parametrize("written", ["[[QP-02-\n01]]", "[[\nQP-02-01]]", "【【QP-02-\n01】】"])
def test_a_reference_cut_by_a_line_break_is_told_to_stand_on_one_line(project: Project, written: str) -> None:
    """The site, Word and PDF showed 「[[QP-02- 01]]」 as typed and the check said nothing."""
    body(project, f"见 {written} 的规定。")
    hits = findings(project, "QD130")
    line = project.line_of(DOC, "见 ")
    assert len(hits) == 1 and hits[0].startswith(f"{DOC}:{line}: error QD130 "), hits
    assert "同一行：[[QP-02-01]]" in hits[0], hits


def test_references_on_neighbouring_lines_are_not_cut(project: Project) -> None:
    body(project, "见 [[QP-02-01]] 与\n[[QP-02-02]] 的规定，【注意】\n交接。")
    assert not findings(project, "QD130")


INDEX = "manuals/qp-hr/index.md"
INDEX_ANCHOR = "适用于管家服务中心及公司行政人事部。"


@pytest.mark.parametrize(("written", "words"), [
    ("[[QP-09-99]]", "找不到对应的受控文件"), ("![[QP-02-01]]", "请写成 [[QP-02-01]]"),
    ("[[QP-02-\n01]]", "同一行：[[QP-02-01]]"),
])
def test_a_manual_index_page_has_its_references_checked(project: Project, written: str, words: str) -> None:
    """A manual's index page is rendered with the same reader, but QD130 read documents only: its
    「[[QP-09-99]]」 reached the site and both copies as typed with no word."""
    project.replace(INDEX, INDEX_ANCHOR, f"{INDEX_ANCHOR}\n\n见 {written} 末。\n")
    hits = findings(project, "QD130")
    line = project.line_of(INDEX, "见 ")
    assert len(hits) == 1 and hits[0].startswith(f"{INDEX}:{line}: error QD130 ") and words in hits[0], hits


def test_a_manual_index_pages_good_references_stay_quiet(project: Project) -> None:
    project.replace(INDEX, INDEX_ANCHOR, f"{INDEX_ANCHOR}\n\n见 [[QP-02-01]] 与 ［［QP-02-02］］。\n")
    assert not findings(project, "QD130")


FORM = "controlled_forms/QP-02-03-F001.yaml"


@pytest.mark.parametrize(("path", "old", "new", "field"), [
    (DOC, "title: 员工离职管理工作规程", "title: 员工离职管理工作规程（见 [[QP-02-01]]）", "title"),
    (DOC, "change: 首次发布", 'change: "首次发布，见 ［［QP-02-01］］"', "history[第 1 项].change"),
    (FORM, "{label: 姓名}", '{label: "姓名（见 [[qp-02-01]]）"}', "fields[第 1 项].label"),
])
def test_a_reference_in_plain_text_front_matter_is_told_what_to_write(project: Project, path: str, old: str,
                                                                      new: str, field: str) -> None:
    """A title, change note or form label is shown as written: 「[[QP-02-01]]」 reached the page, both copies and
    the registers as typed brackets with no word from the check."""
    project.replace(path, old, new)
    line = project.line_of(path, new.split(": ", 1)[0] if path != FORM else "姓名")
    hits = [h for h in findings(project, "QD130") if h.startswith(f"{path}:")]
    assert len(hits) == 1 and hits[0].startswith(f"{path}:{line}: error QD130 {field} "), hits
    assert "《招聘与录用管理工作规程》（QP-02-01）" in hits[0], hits


def test_plain_text_without_a_reference_stays_quiet(project: Project) -> None:
    written = "首次发布【【注意】】，依据《招聘与录用管理工作规程》（QP-02-01）"
    project.replace(DOC, "change: 首次发布", f'change: "{written}"')
    assert not findings(project, "QD130")


def test_a_reference_inside_a_raw_html_block_is_told(project: Project) -> None:
    """`<details>` without `markdown="1"` is passed through as written: 「[[QP-02-01]]」 showed as typed on the
    site and both copies, and the check read nothing there."""
    body(project, "<details><summary>相关文件</summary>\n见 [[QP-02-01]]。\n</details>")
    assert "见 [[QP-02-01]]。" in rendered(project)
    hits = findings(project, "QD130")
    line = project.line_of(DOC, "见 [[QP-02-01]]。")
    assert len(hits) == 1 and hits[0].startswith(f"{DOC}:{line}: error QD130 ") and 'markdown="1"' in hits[0], hits


def test_a_reference_inside_markdown_html_stays_quiet(project: Project) -> None:
    body(project, '<details markdown="1"><summary>相关文件</summary>\n\n见 [[QP-02-01]]。\n\n</details>')
    assert 'href="qms:QP-02-01"' in rendered(project) and not findings(project, "QD130")
