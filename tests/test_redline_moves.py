"""A block moved — a list item, a paragraph, a table row taken from one place and put in another with the same
words — reads as a move in every redline: Word's move tracking (w:moveFrom / w:moveTo paired by name), the site's
double marks with a link between the two places, and one row of the 修订对照表 saying 移动（自 4.2 移至 4.5）. A block
deleted and a different one inserted stay a deletion and an insertion."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from lxml import etree
from redline_truth import Mode, resolved, site_resolved, tracked_texts

from qmsdoc.core import check, load_config
from qmsdoc.core.compare import Comparison
from qmsdoc.core.i18n import t, using
from qmsdoc.core.redline import Version, compare_versions, item_blocks
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.core.source import SourceText
from qmsdoc.site.redline import change_table, redline_body, redline_section
from qmsdoc.word.redline import RedlineJob, build_redline

from conftest import Project, office_profile

DOC = "manuals/qp-hr/QP-02-03.md"
DATA = {"title": "员工离职管理工作规程", "type": "procedure", "department": "管家服务中心"}
BEFORE = ("## 4.2 职责\n\n- 人事专员负责审核离职申请\n- 部门经理负责面谈\n\n"
          "## 4.5 程序\n\n- 办理工作交接\n- 结算工资\n")
MOVED = ("## 4.2 职责\n\n- 部门经理负责面谈\n\n"
         "## 4.5 程序\n\n- 办理工作交接\n- 结算工资\n- 人事专员负责审核离职申请\n")
REPLACED = ("## 4.2 职责\n\n- 部门经理负责面谈\n\n"
            "## 4.5 程序\n\n- 办理工作交接\n- 结算工资\n- 财务部核对借款\n")


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> CorpusRenderer:
    from conftest import copy_project

    project: Project = copy_project(tmp_path_factory.mktemp("moves") / "project")
    result = check(load_config(project.root))
    return CorpusRenderer(result.corpus, result.context.config)


def _source(body: str) -> SourceText:
    return SourceText(DOC, data=DATA, body="## 1.0 目的\n\n规范离职。\n\n" + body)


def _compared(old: str, new: str, renderer: CorpusRenderer) -> Comparison:
    return compare_versions("document", Version("A/1", _source(old)), Version("A/2", _source(new)), renderer)


def _word(comparison: Comparison) -> bytes:
    return build_redline(RedlineJob("QP-02-03", "员工离职管理工作规程", "某公司", comparison, "质量专员", "2026-11-25"))


def _moves(data: bytes) -> dict[str, list[str]]:
    """Each move range's name, by the kind of its start (moveFromRangeStart / moveToRangeStart)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return {kind: [e.get(qn("w:name")) or "" for e in root.iter(qn(f"w:{kind}RangeStart"))]
            for kind in ("moveFrom", "moveTo")}


def _lines(source: SourceText, renderer: CorpusRenderer) -> list[str]:
    return [line.strip() for b in item_blocks("document", source, renderer)
            for line in (b.cells or (f"{b.marker} {b.text}" if b.marker else b.text,)) if line.strip()]


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_an_item_moved_to_another_clause_reads_as_a_move_in_the_table_on_the_site_and_in_word(
        renderer: CorpusRenderer, language: str) -> None:
    with using(language):
        comparison = _compared(BEFORE, MOVED, renderer)
        # the 修订对照表: one row, a move from 4.2 to 4.5 — not a deletion and an insertion
        [row] = comparison.table_rows
        assert (row.before, row.after) == ("人事专员负责审核离职申请", "人事专员负责审核离职申请")
        assert row.note == t("compare.moved", source="4.2", target="4.5")
        if language == "zh-CN":
            assert row.note == "移动（自 4.2 移至 4.5）"
        assert t("compare.delete") not in change_table(comparison)
        # the site: both places marked moved, each linking to the other
        page = redline_section(comparison, "qms-redline")
        ends = re.findall(r'<p class="[^"]*qms-rl-moved[^"]*" id="([^"]+)"[^>]*>(.*?)</p>', page)
        assert len(ends) == 2, page
        (source_id, source_html), (target_id, target_html) = ends
        assert f'href="#{target_id}"' in source_html and f'href="#{source_id}"' in target_html
        assert t("redline.moved_from", clause="4.5") in source_html
        assert t("redline.moved_to", clause="4.2") in target_html
        # Word: a move tracked as one — a moveFrom range and a moveTo range of one name, holding the item
        data = _word(comparison)
        moves = _moves(data)
        assert moves["moveFrom"] == moves["moveTo"] and len(moves["moveFrom"]) == 1, moves
        tracked = tracked_texts(data)
        assert any("人事专员负责审核离职申请" in text for text in tracked["moveFrom"])
        assert any("人事专员负责审核离职申请" in text for text in tracked["moveTo"])
        assert not any("人事专员负责审核离职申请" in text for text in tracked["ins"] + tracked["del"])
        # and it stays true: accepting all gives the new version, rejecting all the old, in Word and on the site
        start, end = t("redline.guide"), t("redline.table")
        modes: tuple[tuple[Mode, str], ...] = (("accept", MOVED), ("reject", BEFORE))
        for mode, body in modes:
            want = _lines(_source(body), renderer)
            assert [x.strip() for x in resolved(data, mode, start=start, end=end) if x.strip()] == want, mode
            assert [x.strip() for x in site_resolved(redline_body(comparison), mode) if x.strip()] == want, mode


def test_an_item_moved_with_a_word_changed_is_a_move_and_a_change(renderer: CorpusRenderer) -> None:
    changed = MOVED.replace("- 人事专员负责审核离职申请\n", "- 人事专员负责审批离职申请\n")
    comparison = _compared(BEFORE, changed, renderer)
    [row] = comparison.table_rows
    assert (row.before, row.after) == ("人事专员负责审核离职申请", "人事专员负责审批离职申请")
    assert row.note == t("compare.moved_changed", source="4.2", target="4.5")
    moves = _moves(_word(comparison))
    assert moves["moveFrom"] == moves["moveTo"] and len(moves["moveTo"]) == 1


def test_an_item_deleted_and_a_different_one_inserted_stay_a_deletion_and_an_insertion(
        renderer: CorpusRenderer) -> None:
    comparison = _compared(BEFORE, REPLACED, renderer)
    notes = sorted(row.note for row in comparison.table_rows)
    assert notes == sorted([t("compare.delete"), t("compare.insert")])
    assert "qms-rl-moved" not in redline_section(comparison, "qms-redline")
    data = _word(comparison)
    assert _moves(data) == {"moveFrom": [], "moveTo": []}
    tracked = tracked_texts(data)
    assert any("人事专员负责审核离职申请" in text for text in tracked["del"])
    assert any("财务部核对借款" in text for text in tracked["ins"])


def test_a_section_moved_whole_names_where_its_heading_stood_and_its_text_as_moved_with_it(
        renderer: CorpusRenderer) -> None:
    """A heading's clause is its own, the same at both ends (「自 6.0 移至 6.0」 says nothing): a heading moved is named
    by the clause it followed in each version, and the text under it as moved along with it."""
    before = "## 4.0 职责\n\n甲。\n\n## 5.0 记录\n\n保存两年。\n\n## 6.0 附则\n\n本规程自发布之日起实施。\n"
    after = "## 4.0 职责\n\n甲。\n\n## 6.0 附则\n\n本规程自发布之日起实施。\n\n## 5.0 记录\n\n保存两年。\n"
    rows = {row.before: row.note for row in _compared(before, after, renderer).table_rows}
    moved = next(text for text in rows if text.startswith("6.0") or text.startswith("5.0"))
    other = "5.0" if moved.startswith("6.0") else "6.0"
    was, now = ("5.0", "4.0") if moved.startswith("6.0") else ("4.0", "6.0")
    assert rows[moved] == t("compare.moved", source=t("compare.after", clause=was),
                            target=t("compare.after", clause=now)), rows
    assert other not in rows
    under = "本规程自发布之日起实施。" if moved.startswith("6.0") else "保存两年。"
    assert rows[under] == t("compare.moved_along", source=moved.split()[0]), rows


TABLE = "## 4.0 职责\n\n| 岗位 | 职责 |\n| --- | --- |\n{rows}"
ROWS = "| 人事专员 | 审核离职申请 |\n| 部门经理 | 面谈 |\n| 财务 | 结算工资 |\n"
ROW_MOVED = "| 部门经理 | 面谈 |\n| 财务 | 结算工资 |\n| 人事专员 | 审核离职申请 |\n"
ROW_REPLACED = "| 部门经理 | 面谈 |\n| 财务 | 结算工资 |\n| 行政 | 收回门禁卡 |\n"


def _row_marks(data: bytes) -> list[str]:
    """Each table row's own tracked change in the body ('ins', 'del' or '')."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return ["ins" if tr.find(f"{qn('w:trPr')}/{qn('w:ins')}") is not None else
            "del" if tr.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None else ""
            for tr in root.iter(qn("w:tr"))]


def _resolves(comparison: Comparison, data: bytes, before: str, after: str, renderer: CorpusRenderer) -> None:
    """Accepting all gives the new version, rejecting all the old, in Word and on the site."""
    start, end = t("redline.guide"), t("redline.table")
    modes: tuple[tuple[Mode, str], ...] = (("accept", after), ("reject", before))
    for mode, body in modes:
        want = _lines(_source(body), renderer)
        assert [x.strip() for x in resolved(data, mode, start=start, end=end) if x.strip()] == want, mode
        assert [x.strip() for x in site_resolved(redline_body(comparison), mode) if x.strip()] == want, mode


def test_a_table_row_moved_is_a_row_deleted_and_one_inserted_whose_text_word_tracks_as_moved(
        renderer: CorpusRenderer) -> None:
    """OOXML tracks no row as moved (w:trPr holds w:ins and w:del only), so Word itself records a row moved as a row
    deleted and a row inserted: the rows stay that, and their text is one move (w:moveFrom / w:moveTo of one name from
    the first cell to the last) — as the site's 已移至 / 移自 badge says, not a deletion and an unrelated insertion."""
    before, after = TABLE.format(rows=ROWS), TABLE.format(rows=ROW_MOVED)
    comparison = _compared(before, after, renderer)
    [row] = comparison.table_rows
    assert row.note == t("compare.moved_within", source="4.0")
    data = _word(comparison)
    moves = _moves(data)
    assert moves["moveFrom"] == moves["moveTo"] and len(moves["moveFrom"]) == 1, moves
    tracked = tracked_texts(data)
    assert "人事专员" in tracked["moveFrom"] and "审核离职申请" in tracked["moveTo"], tracked
    assert not any("人事专员" in text or "审核离职申请" in text for text in tracked["ins"] + tracked["del"]), tracked
    assert _row_marks(data).count("del") == 1 and _row_marks(data).count("ins") == 1
    assert 'data-moved="move1"' in redline_section(comparison, "qms-redline")
    _resolves(comparison, data, before, after, renderer)


def test_a_table_row_deleted_and_a_different_one_inserted_are_no_move(renderer: CorpusRenderer) -> None:
    data = _word(_compared(TABLE.format(rows=ROWS), TABLE.format(rows=ROW_REPLACED), renderer))
    assert _moves(data) == {"moveFrom": [], "moveTo": []}
    tracked = tracked_texts(data)
    assert "审核离职申请" in tracked["del"] and "收回门禁卡" in tracked["ins"], tracked


MOVED_OLD = "## 4.2 职责\n\n人事专员负责审核离职申请并在三日内答复员工。\n\n## 4.5 程序\n\n办理工作交接。\n"
MOVED_NEW = "## 4.2 职责\n\n## 4.5 程序\n\n办理工作交接。\n\n人事专员负责审批离职申请并在五个工作日内答复。\n"


def test_a_paragraph_moved_and_changed_marks_the_words_added_on_the_way_where_it_went(
        renderer: CorpusRenderer) -> None:
    """Where it went, the text moved as it was is moved text and only the words added on the way are inserted (a
    w:ins in the move's range; on the site an insertion of its own): not the whole paragraph one block of moved text.
    The words dropped on the way read where it stood, its old text moved away whole."""
    comparison = _compared(MOVED_OLD, MOVED_NEW, renderer)
    data = _word(comparison)
    moves = _moves(data)
    assert moves["moveFrom"] == moves["moveTo"] and len(moves["moveTo"]) == 1, moves
    tracked = tracked_texts(data)
    assert [text for text in tracked["ins"] if text] == ["批", "五个工作"], tracked
    assert "人事专员负责审" in tracked["moveTo"]
    assert "人事专员负责审核离职申请并在三日内答复员工。" in tracked["moveFrom"]
    assert not any(text for text in tracked["del"]), tracked  # a w:del in a w:moveTo: LibreOffice keeps its text
    page = redline_section(comparison, "qms-redline")
    assert '<ins class="qms-rl-added">批</ins>' in page and "<ins>人事专员负责审</ins>" in page
    _resolves(comparison, data, MOVED_OLD, MOVED_NEW, renderer)


def test_a_paragraph_moved_as_it_was_has_no_word_added_where_it_went(renderer: CorpusRenderer) -> None:
    comparison = _compared(MOVED_OLD, MOVED_NEW.replace("人事专员负责审批离职申请并在五个工作日内答复。",
                                                        "人事专员负责审核离职申请并在三日内答复员工。"), renderer)
    tracked = tracked_texts(_word(comparison))
    assert not any(tracked["ins"]) and "人事专员负责审核离职申请并在三日内答复员工。" in tracked["moveTo"], tracked
    assert "qms-rl-added" not in redline_section(comparison, "qms-redline")


def test_libreoffice_reads_a_row_moved_and_a_paragraph_moved_and_changed_as_moves(
        renderer: CorpusRenderer, tmp_path: Path) -> None:
    """LibreOffice opens both redlines and keeps what they track: saved again as .docx, the moved row's text is still a
    move of the deleted row into the inserted one, and the paragraph's added words still insertions inside its move."""
    assert shutil.which("soffice"), "run the README test command to install LibreOffice"
    row = _word(_compared(TABLE.format(rows=ROWS), TABLE.format(rows=ROW_MOVED), renderer))
    paragraph = _word(_compared(MOVED_OLD, MOVED_NEW, renderer))
    for name, data in (("row", row), ("paragraph", paragraph)):
        (tmp_path / f"{name}.docx").write_bytes(data)
    saved = tmp_path / "saved"
    subprocess.run(["soffice", office_profile(tmp_path), "--headless", "--convert-to", "docx", "--outdir", str(saved),
                    str(tmp_path / "row.docx"), str(tmp_path / "paragraph.docx")],
                   check=True, capture_output=True, timeout=300)
    row_back, paragraph_back = (saved / "row.docx").read_bytes(), (saved / "paragraph.docx").read_bytes()
    moves = _moves(row_back)
    assert moves["moveFrom"] and set(moves["moveFrom"]) == set(moves["moveTo"]), moves
    tracked = tracked_texts(row_back)
    assert "人事专员" in tracked["moveFrom"] and "人事专员" in tracked["moveTo"], tracked
    assert "del" in _row_marks(row_back)
    tracked = tracked_texts(paragraph_back)
    assert [text for text in tracked["ins"] if text] == ["批", "五个工作"], tracked
    assert "人事专员负责审" in tracked["moveTo"], tracked


def test_a_table_row_moved_and_changed_marks_the_words_added_in_its_cells(renderer: CorpusRenderer) -> None:
    before = TABLE.format(rows=ROWS + "| 行政 | 收回门禁卡 |\n")
    after = TABLE.format(rows=ROW_MOVED.replace("| 人事专员 | 审核离职申请 |", "| 人事专员 | 审核离职申请并存档 |")
                         + "| 行政 | 收回门禁卡 |\n")
    comparison = _compared(before, after, renderer)
    [row] = comparison.table_rows
    assert row.note == t("compare.moved_within_changed", source="4.0")
    data = _word(comparison)
    tracked = tracked_texts(data)
    assert [text for text in tracked["ins"] if text] == ["并存档"], tracked
    assert "审核离职申请" in tracked["moveTo"] and "审核离职申请" in tracked["moveFrom"], tracked
    _resolves(comparison, data, before, after, renderer)


def _marks(data: bytes) -> list[str]:
    """The tracked change of each paragraph's own mark in the body, by kind ('' where untracked)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    found = (p.find(f"{qn('w:pPr')}/{qn('w:rPr')}") for p in root.iter(qn("w:p")))
    return [etree.QName(props[0]).localname if props is not None and len(props) else "" for props in found]


@pytest.mark.parametrize(("moved", "mark"), [("- 审核离职申请单\n", "ins"), ("- 审核离职单申请表\n", "moveTo")])
def test_a_moved_item_ending_in_a_word_added_on_the_way_has_its_mark_inserted_as_that_word(
        renderer: CorpusRenderer, moved: str, mark: str) -> None:
    """LibreOffice rejecting all keeps a moved paragraph mark after an insertion as an empty paragraph: where the moved
    item ends in a word added on the way, its mark is inserted as that word is (tests/test_history.py resolves both
    in LibreOffice)."""
    before = "- 登记\n- 审核离职申请表\n- 归档\n"
    data = _word(_compared(before, "- 登记\n- 归档\n" + moved, renderer))
    marks = _marks(data)
    assert marks.count("moveFrom") == 1 and mark in marks, marks
    assert marks.count("moveTo") == (mark == "moveTo"), marks
