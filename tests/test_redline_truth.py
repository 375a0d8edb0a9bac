"""Every redline is true to the two versions it compares: resolving the Word redline's tracked changes by its XML
(tests/redline_truth.py) — accept all, reject all — gives exactly the newer and the older version's text, for every
kind of change a revision makes, in Chinese and in English; and what the 修订对照表 says changed did change."""

from __future__ import annotations

import pytest
from redline_truth import resolved, site_resolved, tracked_texts
from test_history import KINDS, UNCHANGED

from qmsdoc.core import check, load_config
from qmsdoc.core.compare import Comparison
from qmsdoc.core.i18n import t, using
from qmsdoc.core.redline import Version, compare_versions, item_blocks
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.core.source import SourceText
from qmsdoc.site.redline import change_table, redline_body
from qmsdoc.word.redline import RedlineJob, build_redline

from conftest import Project

DOC = "manuals/qp-hr/QP-02-03.md"
DATA = {"title": "员工离职管理工作规程", "type": "procedure", "department": "管家服务中心"}
TABLE = KINDS["table row added"][0]
MORE: dict[str, tuple[str, str]] = {
    "word in a sentence": ("员工须提前三十天提出书面申请，经部门经理审核。\n",
                           "员工须提前三十天提出申请，经部门经理审批。\n"),
    "paragraph added": ("甲段。\n\n乙段。\n", "甲段。\n\n新增段。\n\n乙段。\n"),
    "paragraph removed": ("甲段。\n\n中段。\n\n乙段。\n", "甲段。\n\n乙段。\n"),
    "paragraph moved": ("甲段内容。\n\n乙段内容。\n\n丙段内容。\n", "乙段内容。\n\n丙段内容。\n\n甲段内容。\n"),
    "reference retargeted": ("见 [[QP-02-01]]。\n", "见 [[QP-02-02]]。\n"),
    "picture replaced": ("![离职流程图](flow.png)\n", "![离职流程图](flow2.png)\n"),
    "picture retitled": ("![离职流程图](flow.png)\n", "![入职流程图](flow.png)\n"),
    "chinese single characters": ("由人事专员负责办理离职手续并归档。\n", "由人力专员负责办妥离职手续并存档。\n"),
    "first numbered item inserted": ("1. 登记\n2. 审核\n", "1. 申请\n2. 登记\n3. 审核\n"),
    "last numbered item removed": ("1. 登记\n2. 审核\n3. 归档\n", "1. 登记\n2. 审核\n"),
    "table's first row added": (TABLE, TABLE.replace("| 主管", "| 总监 | 40 天 |\n| 主管")),
    "table heading cell": (TABLE, TABLE.replace("时间", "期限")),
    "paragraph made a table": ("正文。\n", TABLE),
    "table removed": ("正文。\n\n" + TABLE, "正文。\n"),
    "everything replaced": ("完全不同的内容甲。\n", "另外一些文字乙丙。\n\n再一段。\n"),
    "body emptied": ("正文。\n", ""),
    "line break": ("第一行  \n第二行\n", "第一行  \n第二行改\n"),
    "heading renamed wholly": ("### 4.3 辞退\n\n保存两年。\n", "### 4.3 解除劳动合同\n\n保存两年。\n"),
    "paragraph split": ("4.5.1 办理交接，归还公款。行政人事部审核结算单后交财务部。\n",
                        "4.5.1 办理交接，归还公款。\n\n行政人事部审核结算单后交财务部。\n"),
    "paragraphs joined": ("甲段**内容**。\n\n乙段内容。\n\n丙段。\n", "甲段**内容**。乙段内容。丙段。\n"),
    "latin paragraph split": ("Hand over the work. Settle the *pay*.\n", "Hand over the work.\n\nSettle the *pay*.\n"),
    "section removed": ("### 4.3 辞退\n\n甲。\n\n### 4.4 离职手续\n\n乙。\n", "### 4.3 离职手续\n\n乙。\n"),
}
FIELDS: dict[str, dict[str, object]] = {"title": {"title": "员工离职管理规程"},
                                        "department": {"department": "行政人事部"},
                                        "review period": {"review_months": 6}}
CASES = {**KINDS, **MORE, **{f"field {k}": ("正文。\n", "正文。\n") for k in FIELDS}}


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> CorpusRenderer:
    from conftest import copy_project

    project: Project = copy_project(tmp_path_factory.mktemp("truth") / "project")
    result = check(load_config(project.root))
    return CorpusRenderer(result.corpus, result.context.config)


def _source(body: str, case: str = "", side: str = "old") -> SourceText:
    data = dict(DATA)
    if case.startswith("field ") and side == "new":
        data.update(FIELDS[case.removeprefix("field ")])
    return SourceText(DOC, data=data, body="## 1.0 目的\n\n规范离职。\n\n" + body + "\n## 9.0 附录\n\n无。\n")


def _lines(source: SourceText, renderer: CorpusRenderer) -> list[str]:
    """A version's text as the redline shows it, line by line (a list item after its marker, a row cell by cell)."""
    return [line.strip() for b in item_blocks("document", source, renderer)
            for line in (b.cells or (f"{b.marker} {b.text}" if b.marker else b.text,)) if line.strip()]


def _compared(case: str, renderer: CorpusRenderer) -> tuple[Comparison, SourceText, SourceText]:
    old, new = CASES[case]
    before, after = _source(old, case), _source(new, case, "new")
    return compare_versions("document", Version("A/1", before), Version("A/2", after), renderer), before, after


@pytest.mark.parametrize("language", ["zh-CN", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_accepting_all_gives_the_new_version_and_rejecting_all_the_old_in_word_and_on_the_site(
        renderer: CorpusRenderer, case: str, language: str) -> None:
    with using(language):
        comparison, before, after = _compared(case, renderer)
        data = build_redline(RedlineJob("QP-02-03", "员工离职管理工作规程", "某公司", comparison, "质量专员",
                                        "2026-11-25"))
        start, end = t("redline.guide"), t("redline.table")
        for mode, version in (("accept", after), ("reject", before)):
            got = [line.strip() for line in resolved(data, mode, start=start, end=end) if line.strip()]
            assert got == _lines(version, renderer), (case, mode)
            site = [line.strip() for line in site_resolved(redline_body(comparison), mode) if line.strip()]
            assert site == _lines(version, renderer), (case, mode, "site")
        assert not tracked_texts(data)["stray"], case
        assert comparison.changed == (case not in UNCHANGED), case


def test_a_replaced_picture_is_a_change_of_content_named_by_its_file(renderer: CorpusRenderer) -> None:
    """A picture replaced by another under the same caption: the 修订对照表 says which file gave way to which, as a
    change of content (not 「文字未变：…格式或链接」 with the same text twice), the site marks it deleted and inserted
    (no 格式修改 badge), and the Word redline holds the old file's name deleted and the new one's inserted."""
    comparison, _, _ = _compared("picture replaced", renderer)
    [row] = comparison.table_rows
    assert (row.before, row.after, row.note) == (
        "［图片：离职流程图（flow.png）］", "［图片：离职流程图（flow2.png）］", "修改")
    body = redline_body(comparison)
    assert "<del>flow.png</del>" in body and "<ins>flow2.png</ins>" in body and "qms-rl-badge" not in body
    tracked = tracked_texts(build_redline(RedlineJob("QP-02-03", "t", "某公司", comparison, "质量专员", "2026-11-25")))
    assert "flow.png" in "".join(tracked["del"]) and "flow2.png" in "".join(tracked["ins"])
    # quiet: a picture kept is no change, and a picture retitled is a change of its words only
    kept = compare_versions("document", Version("A/1", _source("![图](flow.png)\n")),
                            Version("A/2", _source("![图](flow.png)\n")), renderer)
    assert not kept.changed
    retitled, _, _ = _compared("picture retitled", renderer)
    assert [(r.before, r.after, r.note) for r in retitled.table_rows] == [
        ("［图片：离职流程图（flow.png）］", "［图片：入职流程图（flow.png）］", "修改")]
    with using("en"):
        [english] = _compared("picture replaced", renderer)[0].table_rows
    assert (english.before, english.after) == ("[Picture: 离职流程图 (flow.png)]", "[Picture: 离职流程图 (flow2.png)]")


def _rows(case: str, renderer: CorpusRenderer) -> list[tuple[str, str, str, str]]:
    return [(r.clause, r.before, r.after, r.note) for r in _compared(case, renderer)[0].table_rows]


def test_a_field_given_another_value_is_one_change_of_that_field(renderer: CorpusRenderer) -> None:
    """归口部门 管家服务中心 → 行政人事部 shares one character: the 修订对照表 said the field was deleted and another
    added. A field a version has once is changed in place, whatever its new value."""
    assert _rows("field department", renderer) == [
        ("文件信息", "归口部门：管家服务中心", "归口部门：行政人事部", "修改")]
    with using("en"):
        assert [note for *_, note in _rows("field department", renderer)] == ["Changed"]
    # quiet: the fields kept (title, type) are no change
    assert [before for _, before, _, _ in _rows("field department", renderer)] == ["归口部门：管家服务中心"]

def test_a_heading_renamed_under_its_number_is_one_change_of_that_heading(renderer: CorpusRenderer) -> None:
    """「4.3 辞退」→「4.3 解除劳动合同」 shares only its number: the 修订对照表 said the heading was deleted and
    another added, as if the clause had gone. A heading keeping its level and number is renamed in place — unless
    a heading further on reads more like the new one (a section removed, the next one renumbered into its place)."""
    assert _rows("heading renamed wholly", renderer) == [("4.3 解除劳动合同", "4.3 辞退", "4.3 解除劳动合同", "修改")]
    assert [(before, note) for _, before, _, note in _rows("section removed", renderer)] == [
        ("4.3 辞退", "删除"), ("甲。", "删除"), ("4.4 离职手续", "修改")]


def test_a_line_break_the_author_wrote_is_kept_in_every_redline_and_adding_one_is_a_change(
        renderer: CorpusRenderer) -> None:
    """A hard line break (<br> in a table cell, two spaces at a line's end) read as a source line break: 同上<br>
    另见附录 ran together as 同上另见附录 in the Word redline, the site's and the 修订对照表, and a break added
    between two Chinese words was no change at all. It is a line break in each, and adding one is a change."""
    cell = "| 类别 | 说明 |\n| --- | --- |\n| 〃 | 同上<br>另见附录 |\n"
    old, new = cell + "\n第一行第二行。\n", cell.replace("〃", "乙") + "\n第一行  \n第二行。\n"
    comparison = compare_versions("document", Version("A/1", _source(old)), Version("A/2", _source(new)), renderer)
    data = build_redline(RedlineJob("QP-02-03", "t", "某公司", comparison, "质量专员", "2026-11-25"))
    accepted = resolved(data, "accept", start=t("redline.guide"), end=t("redline.table"))
    assert "同上\n另见附录" in accepted and "第一行\n第二行。" in accepted
    assert "第一行第二行。" in resolved(data, "reject", start=t("redline.guide"), end=t("redline.table"))
    assert [(r.before, r.after) for r in comparison.table_rows if "第一行" in r.before] == [
        ("第一行第二行。", "第一行\n第二行。")]
    assert "同上\n另见附录" in redline_body(comparison)
    # quiet: a source line wrapped between two Chinese words, or a break's own surrounding spaces, is no change
    wrapped = compare_versions("document", Version("A/1", _source("第一行第二行。\n\n甲<br> 乙\n")),
                               Version("A/2", _source("第一行\n第二行。\n\n甲 <br>乙\n")), renderer)
    assert not wrapped.changed


def test_a_footnote_changed_is_named_a_footnote_in_the_change_table_not_the_last_heading(
        renderer: CorpusRenderer) -> None:
    """A footnote's text sits under the body's last heading: the 修订对照表 named a change to the note on 3.2 by
    the clause 9.0 附录, which says nothing of it. The notes are their own clause (脚注 / Footnotes)."""
    old = "3.2 经理负责审核[^1]。\n\n[^1]: 审核时应核对考勤记录。\n"
    new = old.replace("考勤记录。", "考勤记录与工资台账。")
    comparison = compare_versions("document", Version("A/1", _source(old)), Version("A/2", _source(new)), renderer)
    assert [(r.clause, r.after) for r in comparison.table_rows] == [("脚注", "审核时应核对考勤记录与工资台账。")]
    # quiet: a paragraph under the last heading keeps that heading's clause, with a footnote or without
    tail = compare_versions("document", Version("A/1", _source(old)),
                            Version("A/2", SourceText(DOC, data=DATA, body=_source(old).body + "\n补充。\n")), renderer)
    assert [r.clause for r in tail.table_rows] == ["9.0 附录"]


def test_a_paragraph_split_or_joined_with_the_same_words_is_the_break_changed_not_its_words(
        renderer: CorpusRenderer) -> None:
    """One paragraph made two with the same words read as its second sentence deleted and the same sentence
    inserted as a new paragraph (and two joined likewise): the words did not change, the break did. The 修订对照表
    names one split (or join), the site marks the break alone, the Word redline tracks the paragraph mark alone
    (w:pPr/w:rPr/w:ins or w:del) — no word is deleted or inserted."""
    for case, note, kind in (("paragraph split", "分段（文字未变：一段拆为两段）", "ins"),
                             ("paragraphs joined", "合并段落（文字未变：两段合为一段）", "del")):
        comparison, before, after = _compared(case, renderer)
        [row] = comparison.table_rows
        old_lines = [line for line in _lines(before, renderer) if line not in _lines(after, renderer)]
        new_lines = [line for line in _lines(after, renderer) if line not in _lines(before, renderer)]
        assert (row.before.split("\n"), row.after.split("\n"), row.note) == (old_lines, new_lines, note), case
        body = redline_body(comparison)
        assert "<del>" not in body and "<ins>" not in body and f'<{kind} class="qms-rl-mark"' in body, case
        data = build_redline(RedlineJob("QP-02-03", "t", "某公司", comparison, "质量专员", "2026-11-25"))
        tracked = tracked_texts(data)
        assert not "".join(tracked["ins"] + tracked["del"]), case
        assert _paragraph_marks(data) == {kind: len(old_lines if kind == "del" else new_lines) - 1}, case
    # Latin text: the space between the sentences goes with the break
    latin, _, _ = _compared("latin paragraph split", renderer)
    assert [(r.before, r.after) for r in latin.table_rows] == [
        ("Hand over the work. Settle the pay.", "Hand over the work.\nSettle the pay.")]
    # quiet: a paragraph split with its words changed too is a change of words, and a paragraph kept is no change
    reworded = compare_versions("document", Version("A/1", _source("甲段内容。乙段内容。\n")),
                                Version("A/2", _source("甲段内容。\n\n乙段文字。\n")), renderer)
    assert "合并段落" not in str(reworded.table_rows) and "分段" not in str(reworded.table_rows)
    assert not any(c.mark != "equal" for c in reworded.changes)
    kept = compare_versions("document", Version("A/1", _source("甲段。\n\n乙段。\n")),
                            Version("A/2", _source("甲段。\n\n乙段。\n")), renderer)
    assert not kept.changed and 'class="qms-rl-mark"' not in redline_body(kept)


def _paragraph_marks(data: bytes) -> dict[str, int]:
    """How many paragraph marks the Word redline's body tracks inserted and deleted (w:pPr/w:rPr/w:ins, w:del)."""
    import io
    import zipfile

    from docx.oxml.ns import qn
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    found: dict[str, int] = {}
    for props in root.iter(qn("w:pPr")):
        for kind in ("ins", "del"):
            if props.find(f"{qn('w:rPr')}/{qn(f'w:{kind}')}") is not None:
                found[kind] = found.get(kind, 0) + 1
    return found


def test_the_change_table_keeps_superscripts_subscripts_and_footnote_marks_as_the_copies_show_them(
        renderer: CorpusRenderer) -> None:
    """The 修订对照表 read H<sub>2</sub>O and m<sup>2</sup> flat — H2O, m2, another text — and a footnote's mark as
    a bare 审核1. On the site and in Word the table keeps them a subscript and superscripts, as the copies do."""
    old = "3.2 经理负责审核[^1]。\n\n| 岗位 | 说明 |\n| --- | --- |\n| 保洁 | H<sub>2</sub>O 与 m<sup>2</sup> |\n" \
          "\n[^1]: 核对考勤。\n"
    new = old.replace("3.2 经理", "3.2 主管").replace("| 保洁 |", "| 清洁 |")
    comparison = compare_versions("document", Version("A/1", _source(old)), Version("A/2", _source(new)), renderer)
    table = change_table(comparison)
    assert "| H<sub>2</sub>O 与 m<sup>2</sup>" in table and "审核<sup>1</sup>。" in table
    data = build_redline(RedlineJob("QP-02-03", "t", "某公司", comparison, "质量专员", "2026-11-25"))
    assert _scripts_in_last_table(data) == {"subscript": ["2", "2"], "superscript": ["1", "1", "2", "2"]}
    # quiet: a table text without them reads as it did, escaped, its runs plain
    plain = compare_versions("document", Version("A/1", _source("甲 < 乙。\n")), Version("A/2", _source("甲 > 乙。\n")),
                             renderer)
    assert "<td data-label=\"修订前\">甲 &lt; 乙。</td>" in change_table(plain)
    assert _scripts_in_last_table(build_redline(RedlineJob("QP-02-03", "t", "某公司", plain, "质量专员",
                                                           "2026-11-25"))) == {}


def _scripts_in_last_table(data: bytes) -> dict[str, list[str]]:
    """The texts of the runs set superscript or subscript in the document's last table (the 修订对照表), by kind,
    in order within each kind's sorted list."""
    import io
    import zipfile

    from docx.oxml.ns import qn
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    last = list(root.iter(qn("w:tbl")))[-1]
    found: dict[str, list[str]] = {}
    for align in last.iter(qn("w:vertAlign")):
        run = align.getparent().getparent()
        found.setdefault(align.get(qn("w:val")), []).append("".join(t.text or "" for t in run.iter(qn("w:t"))))
    return {kind: sorted(texts) for kind, texts in found.items()}


def test_a_row_of_the_word_change_table_is_not_divided_between_two_pages(renderer: CorpusRenderer) -> None:
    """Converted to PDF, the Word 修订对照表 broke a row across a page: its last character alone on the next page
    under the repeated column heads. A row is kept on one page (w:cantSplit) — unless taller than the copies keep
    a body table's row whole, which would leave most of a page empty."""
    long = "员工离职须办理交接手续并经审核。" * 200
    old, new = f"甲段。\n\n{long}\n", f"乙段。\n\n{long}改\n"
    comparison = compare_versions("document", Version("A/1", _source(old)), Version("A/2", _source(new)), renderer)
    assert [r.after[:3] for r in comparison.table_rows] == ["乙段。", long[:3]]
    data = build_redline(RedlineJob("QP-02-03", "t", "某公司", comparison, "质量专员", "2026-11-25"))
    assert _unsplit_rows_of_last_table(data) == [True, False]  # quiet: the long one may break


def _unsplit_rows_of_last_table(data: bytes) -> list[bool]:
    """For each row after the column heads of the document's last table, whether it carries w:cantSplit."""
    import io
    import zipfile

    from docx.oxml.ns import qn
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    rows = list(list(root.iter(qn("w:tbl")))[-1].iter(qn("w:tr")))[1:]
    return [row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows]


def test_a_table_foot_written_before_its_body_is_compared_at_the_bottom_as_the_page_shows_it() -> None:
    """The redline reads a table's rows in the order the page shows them (its first `<thead>` on top, its first
    `<tfoot>` at the bottom, core/copybody.shown_row_groups), as the copies write them: it read the source's."""
    from qmsdoc.core.compare import blocks

    foot_first = blocks("<table><tfoot><tr><td>合计</td></tr></tfoot><tbody><tr><td>甲</td></tr></tbody>"
                        "<thead><tr><th>类别</th></tr></thead></table>")
    assert [b.cells for b in foot_first] == [("类别",), ("甲",), ("合计",)]
    in_place = blocks("<table><thead><tr><th>类别</th></tr></thead><tbody><tr><td>甲</td></tr></tbody>"
                      "<tfoot><tr><td>合计</td></tr></tfoot></table>")
    assert [b.cells for b in in_place] == [("类别",), ("甲",), ("合计",)]


def test_the_change_table_numbers_a_list_counted_down_or_jumping_as_the_page_does() -> None:
    """`<ol reversed>` and `<li value>` (core/copybody.item_numbers, as the copies): the redline counted up from 1."""
    from qmsdoc.core.compare import blocks

    assert [b.marker for b in blocks("<ol reversed><li>甲</li><li>乙</li><li>丙</li></ol>")] == ["3.", "2.", "1."]
    assert [b.marker for b in blocks('<ol start="2"><li>甲</li><li value="9">乙</li><li>丙</li></ol>')] == [
        "2.", "9.", "10."]
    assert [b.marker for b in blocks('<ol type="a" start="2"><li>甲</li><li>乙</li></ol>')] == ["b.", "c."]


def test_a_redlined_body_tables_head_row_repeats_on_each_word_page(renderer: CorpusRenderer) -> None:
    """A table of the document as redlined in Word repeats its column heads on each page it runs onto (w:tblHeader),
    as the site's redline puts them in a <thead> (core/compare.head_rows) and the copies repeat them."""
    old = "| 类别 | 期限 |\n| --- | --- |\n| 甲 | 1 |\n| 乙 | 2 |\n"
    comparison = compare_versions("document", Version("A/1", _source(old)),
                                  Version("A/2", _source(old.replace("| 2 |", "| 3 |"))), renderer)
    data = build_redline(RedlineJob("QP-02-03", "t", "某公司", comparison, "质量专员", "2026-11-25"))
    assert _head_rows_of_table_starting(data, "类别") == [True, False, False]  # the 乙 row changed in place


def test_a_redlined_table_without_a_head_row_repeats_none_in_word(renderer: CorpusRenderer) -> None:
    old = "<table><tbody><tr><td>类别甲</td><td>1</td></tr><tr><td>乙</td><td>2</td></tr></tbody></table>\n"
    comparison = compare_versions("document", Version("A/1", _source(old)),
                                  Version("A/2", _source(old.replace(">2<", ">3<"))), renderer)
    data = build_redline(RedlineJob("QP-02-03", "t", "某公司", comparison, "质量专员", "2026-11-25"))
    assert not any(_head_rows_of_table_starting(data, "类别甲"))


def _head_rows_of_table_starting(data: bytes, first: str) -> list[bool]:
    """For each row of the document's table whose first cell reads `first`, whether it carries w:tblHeader."""
    import io
    import zipfile

    from docx.oxml.ns import qn
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    for table in root.iter(qn("w:tbl")):
        rows = list(table.iter(qn("w:tr")))
        if "".join(t.text or "" for t in rows[0].iter(qn("w:t"))).startswith(first):
            return [row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in rows]
    raise AssertionError(f"no table starting {first}")
