"""A change of formatting only — made bold, a link made, a heading's or list's level, a list renumbered — is
classified once (core/compare.py) and shown by each redline its way: the Word redline as
Word's formatting change (w:rPrChange / w:pPrChange holding the old formatting), the site as a worded badge.
A change of the text stays a deletion and an insertion, and so does a link pointing elsewhere (its target is
content: test_redline_links.py)."""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.oxml.ns import qn
from lxml import etree

from qmsdoc.core import page
from qmsdoc.core.compare import Comparison, blocks, compare
from qmsdoc.core.i18n import using
from qmsdoc.site.redline import redline_body, redline_section
from qmsdoc.word.redline import RedlineJob, build_redline

OLD = ('<h2>5.0 记录</h2><p>员工须提前 30 天提出申请。</p><p>见<a href="a.html">人事制度</a>。</p>'
       '<p>按<em>规定</em>执行。</p><p>报质量部。</p><ol><li>登记</li><li>审核</li></ol>'
       '<table><tr><th>类别</th><th>时间</th></tr><tr><td>主管</td><td>20 天</td></tr></table>')
NEW = ('<h3>5.0 记录</h3><p>员工须提前 <strong>30</strong> 天提出申请。</p><p>见<a href="b.html">人事制度</a>。</p>'
       '<p>按<em>规定</em>执行。</p><p>报<a href="qa.html">质量部</a>。</p>'
       '<ol><li>新增</li><li>登记</li><li>审核</li></ol>'
       '<table><tr><th>类别</th><th>时间</th></tr><tr><td>主管</td><td><strong>20</strong> 天</td></tr></table>')


def _compared(old: str = OLD, new: str = NEW) -> Comparison:
    return compare(blocks(old), blocks(new), old_label="A/1", new_label="A/2")


def test_the_comparison_names_the_text_whose_formatting_changed_and_nothing_else() -> None:
    changes = {c.block.text: c for c in _compared().changes}
    bold = changes["员工须提前 30 天提出申请。"]
    assert [(p.op, p.text) for p in bold.pieces()] == [
        ("equal", "员工须提前 "), ("restyled", "30"), ("equal", " 天提出申请。")]
    assert bold.formatting and "bold" in bold.pieces()[1].new.marks and not bold.pieces()[1].old.marks
    link = [(p.op, p.text, p.old.target, p.new.target) for p in changes["见人事制度。"].pieces() if p.op != "equal"]
    assert link == [("delete", "人事制度", "a.html", ""), ("insert", "人事制度", "", "b.html")]
    assert not changes["见人事制度。"].formatting  # a link pointing elsewhere is a change of content
    assert changes["5.0 记录"].paragraph_restyled and changes["5.0 记录"].formatting
    row = changes["主管 | 20 天"]
    assert [(p.op, p.text) for p in row.pieces(1)] == [("restyled", "20"), ("equal", " 天")]
    # quiet: the same emphasis on both sides, a renumbered item (its text and form alike), a new item
    for text in ("按规定执行。", "登记", "审核", "新增"):
        assert not changes[text].formatting and all(p.op != "restyled" for p in changes[text].pieces()), text
    # quiet: a word changed, its formatting not
    reworded = _compared("<p>提前 <strong>30</strong> 天。</p>", "<p>提前 <strong>20</strong> 天。</p>").changes[0]
    assert [p.op for p in reworded.pieces()] == ["equal", "delete", "insert", "equal"] and not reworded.formatting


def _word(comparison: Comparison) -> etree._Element:
    data = build_redline(RedlineJob("QP-02-03", "员工离职管理工作规程", "某公司", comparison, "质量专员", "2026-11-25"))
    docx.Document(io.BytesIO(data))  # a file python-docx (and so Word's schema order) reads
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _text(element: etree._Element) -> str:
    """The text an element holds, kept, inserted and deleted."""
    return "".join(e.text or "" for e in element.iter(qn("w:t"), qn("w:delText")))


def _paragraph(body: etree._Element, text: str) -> etree._Element:
    """The body paragraph whose text (inserted, kept and deleted) reads `text`, before the 修订对照表."""
    found = [p for p in body.iter(qn("w:p")) if _text(p) == text]
    assert found, text
    return found[0]


def test_word_tracks_bold_and_a_link_made_as_formatting_changes_with_the_old_formatting() -> None:
    body = _word(_compared())
    bold = _paragraph(body, "员工须提前 30 天提出申请。")
    assert not bold.findall(f".//{qn('w:ins')}") and not bold.findall(f".//{qn('w:del')}")
    changed = [r for r in bold.iter(qn("w:r")) if r.find(f"{qn('w:rPr')}/{qn('w:rPrChange')}") is not None]
    assert [_text(r) for r in changed] == ["30"]
    rpr = changed[0].find(qn("w:rPr"))
    old = rpr.find(f"{qn('w:rPrChange')}/{qn('w:rPr')}")
    assert rpr.find(qn("w:b")) is not None and old is not None and old.find(qn("w:b")) is None
    change = rpr.find(qn("w:rPrChange"))
    assert change.get(qn("w:author")) == "质量专员" and change.get(qn("w:date")).startswith("2026-11-25")
    assert list(rpr)[-1] is change  # last in w:rPr, as ECMA-376 orders it
    # a plain word made into a link: the link's formatting, tracked; the old run plain
    linked = _paragraph(body, "报质量部。")
    run = next(r for r in linked.iter(qn("w:r")) if _text(r) == "质量部")
    assert run.find(f"{qn('w:rPr')}/{qn('w:u')}") is not None
    assert run.find(f"{qn('w:rPr')}/{qn('w:rPrChange')}/{qn('w:rPr')}/{qn('w:u')}") is None
    # a cell made bold: the same, inside the table
    cell = next(c for c in body.iter(qn("w:tc")) if _text(c) == "20 天")
    assert [_text(r) for r in cell.iter(qn("w:r")) if r.find(f".//{qn('w:rPrChange')}") is not None] == ["20"]


def test_word_tracks_a_heading_level_as_a_paragraph_formatting_change() -> None:
    heading = _paragraph(_word(_compared()), "5.0 记录")
    ppr = heading.find(qn("w:pPr"))
    change = ppr.find(qn("w:pPrChange"))
    assert change is not None and list(ppr)[-1] is change
    now = ppr.find(qn("w:pStyle")).get(qn("w:val"))
    before = change.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))
    assert now != before and not heading.findall(f".//{qn('w:del')}")


def test_word_keeps_a_retargeted_link_and_changed_text_as_deletion_and_insertion() -> None:
    """A link's target is no run property (w:rPrChange cannot hold it): its text deleted and inserted. A word
    changed is a deletion and an insertion, its formatting unchanged tracked as nothing."""
    body = _word(_compared())
    link = _paragraph(body, "见人事制度人事制度。")
    assert [_text(e) for e in link.iter(qn("w:del"))] == ["人事制度"]
    assert [_text(e) for e in link.iter(qn("w:ins"))] == ["人事制度"]
    assert link.find(f".//{qn('w:rPrChange')}") is None
    reworded = _word(_compared("<p>提前 <strong>30</strong> 天。</p>", "<p>提前 <strong>20</strong> 天。</p>"))
    paragraph = _paragraph(reworded, "提前 3020 天。")
    assert [_text(e) for e in paragraph.iter(qn("w:del"))] == ["30"]
    assert [_text(e) for e in paragraph.iter(qn("w:ins"))] == ["20"]
    assert paragraph.find(f".//{qn('w:rPrChange')}") is None and paragraph.find(f".//{qn('w:pPrChange')}") is None
    same = _paragraph(_word(_compared()), "按规定执行。")  # emphasis on both sides: written, not tracked
    assert same.find(f".//{qn('w:rPrChange')}") is None and same.find(f".//{qn('w:em')}") is not None


DOTS = '<span class="qms-dots">'


def _badges(html: str) -> list[str]:
    """The text of each block of the redline that carries the formatting badge."""
    return [re.sub(r"<[^>]+>", "", m) for m in
            re.findall(r'<(?:p|pre|tr)[^>]*>((?:(?!</(?:p|pre|tr)>).)*qms-rl-badge(?:(?!</(?:p|pre|tr)>).)*)</', html)]


def test_the_site_redline_marks_a_change_of_formatting_in_words() -> None:
    html = redline_body(_compared())
    marked = _badges(html)
    # not a link pointing elsewhere: the old link deleted, the new inserted, a change of content (test_redline_links)
    assert marked == ["5.0 记录 格式修改", "员工须提前 30 天提出申请。 格式修改", "报质量部。 格式修改",
                      "主管20 天 格式修改"], marked
    # the kept text shown in its new formatting (made bold, made a link: a link to where it goes)
    assert '<span class="qms-rl-fmt"><strong>30</strong></span>' in html
    assert '<span class="qms-rl-fmt"><a href="qa.html">质量部</a></span>' in html
    # renumbered by the item added above: the number marked as the Word redline tracks it
    assert "<del>1</del><wbr><ins>2</ins>. 登记" in html and "<del>2</del><wbr><ins>3</ins>. 审核" in html
    # quiet: unchanged emphasis, a changed word with its formatting unchanged
    assert f'按<em>{DOTS}规定</span></em>执行。' in html and "按规定执行。 格式修改" not in marked
    reworded = redline_body(_compared("<p>提前 <strong>30</strong> 天。</p>", "<p>提前 <strong>20</strong> 天。</p>"))
    assert "qms-rl-badge" not in reworded and "qms-rl-fmt" not in reworded
    assert "<del><strong>30</strong></del><wbr><ins><strong>20</strong></ins>" in reworded, reworded


def test_the_site_redline_badge_and_legend_speak_the_projects_language() -> None:
    with using("en"):
        html = redline_section(_compared(), "v")
    assert html.count("Formatting changed") == 5  # the legend and four blocks
    assert "格式修改" not in html


def _noted(note: str) -> str:
    """A body with a footnote as Python-Markdown's footnotes extension writes it: the marker, and the note with
    its way back (↩) to the marker."""
    return ('<p>Quarantined<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>'
            '<div class="footnote"><hr><ol><li id="fn:1"><p>' + note + '&#160;<a class="footnote-backref" '
            'href="#fnref:1" title="Back">&#8617;</a></p></li></ol></div>')


def test_a_redline_reads_a_footnote_without_the_pages_way_back_to_its_marker() -> None:
    """The Word redline and its table of changes wrote "1. Tagged with a red label. ↩": the page's back-link
    arrow, no text of the document, and in Word a link to nowhere."""
    read = blocks(_noted("Tagged with a red label."))
    assert [b.text for b in read] == ["Quarantined1.", "Tagged with a red label."]  # the marker stays
    assert not any("\u21a9" in b.text or "fnref" in b.form for b in read)
    changed = [c for c in _compared(_noted("Tagged red."), _noted("Tagged blue.")).changes if c.op != "equal"]
    assert [c.block.text for c in changed] == ["Tagged blue."]


def test_word_writes_a_deleted_soft_hyphen_as_its_own_element_as_it_writes_a_kept_one() -> None:
    """Word shows a U+00AD inside w:delText as a visible hyphen, as inside w:t: deleted text is written by the run
    writer kept and inserted text use (wml._run), its soft hyphen a <w:softHyphen/> in the deleted run."""
    body = _word(_compared("<p>Keep the con\xadtrol plan.</p>", "<p>Keep the plan.</p>"))
    deleted = [r for d in body.iter(qn("w:del")) for r in d.iter(qn("w:r"))]
    assert deleted and not [e.text for e in body.iter(qn("w:delText")) if "\xad" in (e.text or "")]
    assert [[child.tag for child in r if child.tag != qn("w:rPr")] for r in deleted
            if r.find(qn("w:softHyphen")) is not None] == [[qn("w:delText"), qn("w:softHyphen"), qn("w:delText")]]
    # quiet: deleted text with no such character stays one w:delText, its spaces kept
    plain = _word(_compared("<p>Keep the old plan.</p>", "<p>Keep the plan.</p>"))
    runs = [r for d in plain.iter(qn("w:del")) for r in d.iter(qn("w:r"))]
    assert [[child.tag for child in r if child.tag != qn("w:rPr")] for r in runs] == [[qn("w:delText")]]
    assert plain.find(f".//{qn('w:softHyphen')}") is None and "old" in _text(runs[0])


def test_word_tracks_text_made_small_as_a_formatting_change_at_the_copys_small_size() -> None:
    """<small> is one of the inline styles the copies and the comparison both read (copyblocks.INLINE_STYLES):
    text made small is a formatting change, set page.SMALL_EM of the text around it, as in the copy."""
    comparison = _compared("<p>见附录甲。</p>", "<p>见<small>附录甲</small>。</p>")
    assert comparison.changes[0].formatting
    body = _word(comparison)
    run = next(r for r in _paragraph(body, "见附录甲。").iter(qn("w:r"))
               if r.find(f"{qn('w:rPr')}/{qn('w:rPrChange')}") is not None)
    assert _text(run) == "附录甲"
    assert run.find(f"{qn('w:rPr')}/{qn('w:sz')}").get(qn("w:val")) == str(round(page.small_pt(page.BODY_PT) * 2))
    assert run.find(f"{qn('w:rPr')}/{qn('w:rPrChange')}/{qn('w:rPr')}/{qn('w:sz')}") is None
    # quiet: small on both sides is written small, not tracked
    same = _compared("<p>见<small>附录甲</small>。</p>", "<p>见<small>附录甲</small>。</p>")
    assert not same.changes or not any(c.formatting for c in same.changes)
