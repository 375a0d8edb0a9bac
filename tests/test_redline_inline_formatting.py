"""A redline keeps the text's inline formatting — bold, italic, code, emphasis dots under CJK text — in kept,
inserted and deleted text alike, read from the one parse (core/compare.py's spans), while its insertions and
deletions stay marked: the site's redline as the page's elements, the Word redline as the runs' properties inside
w:ins / w:del."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn
from lxml import etree

from qmsdoc.core.compare import Comparison, blocks, compare
from qmsdoc.site.redline import redline_body
from qmsdoc.word.redline import RedlineJob, build_redline

OLD = ("<p>按<strong>规定</strong>执行，<em>重要事项</em>须运行<code>make check</code>。</p>"
       "<p>旧的<strong>加粗</strong>句子。</p><p>员工须提前 30 天。</p><pre><code>a = 1</code></pre>")
NEW = ("<p>按<strong>规定</strong>严格执行，<em>重要事项</em>须运行<code>make check</code>。</p>"
       "<p>员工须提前 <strong>30</strong> 天。</p><p><em>含 <code>代码 中文</code> 的强调</em>。</p>"
       "<pre><code>a = 1</code></pre>")
DOTS = '<span class="qms-dots">'


def _compared(old: str = OLD, new: str = NEW) -> Comparison:
    return compare(blocks(old), blocks(new), old_label="A/1", new_label="A/2")


def test_the_site_redline_shows_bold_italic_code_and_dots_in_kept_inserted_and_deleted_text() -> None:
    html = redline_body(_compared())
    # kept text: its bold, its code, its emphasis dotted as the page dots it; the insertion still marked
    assert "按<strong>规定</strong><ins>严格</ins>执行" in html, html
    assert f"<em>{DOTS}重要事项</span></em>" in html and "<code>make check</code>" in html, html
    # deleted text in the formatting it had, inside its deletion
    assert "<del>旧的<strong>加粗</strong>句子。</del>" in html, html
    # bold added alone is a change: shown bold, marked as restyled
    assert '<span class="qms-rl-fmt"><strong>30</strong></span>' in html, html
    # an inserted paragraph is one insertion; the code inside its emphasis is code: never dotted, upright as the page
    up = '<span class="qms-upright">'
    assert f"<ins><em>{DOTS}含</span> </em><em><code>{up}代码</span> {up}中文</span></code></em>" in html, html
    # quiet: a code block's text is code already (no <code> inside the <pre>); plain text gets no element
    assert '<pre class="qms-rl-code qms-rl-equal">a = 1</pre>' in html, html
    plain = redline_body(_compared("<p>员工须提前 30 天。</p>", "<p>员工须提前 20 天。</p>"))
    assert not any(tag in plain for tag in ("<strong>", "<em>", "<code>", DOTS)), plain


def _word(comparison: Comparison) -> etree._Element:
    data = build_redline(RedlineJob("QP-02-03", "员工离职管理工作规程", "某公司", comparison, "质量专员", "2026-11-25"))
    docx.Document(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _text(element: etree._Element) -> str:
    return "".join(e.text or "" for e in element.iter(qn("w:t"), qn("w:delText")))


def _props(run: etree._Element) -> set[str]:
    rpr = run.find(qn("w:rPr"))
    return {etree.QName(child).localname for child in rpr} if rpr is not None else set()


def _runs(body: etree._Element, tracked: str) -> dict[str, set[str]]:
    """The text of each run inside a w:ins or w:del, and its properties."""
    return {_text(r): _props(r) for change in body.iter(qn(tracked)) for r in change.iter(qn("w:r")) if _text(r)}


def test_word_redline_runs_inside_insertions_and_deletions_carry_their_formatting() -> None:
    old = "<p>旧的<strong>加粗</strong>与<em>Latin</em>句子。</p>"
    new = "<p>新的<strong>加粗</strong>与<em>Latin</em>句子，<em>重点</em>。</p>"
    body = _word(_compared(f"{old}<p>保留</p>", f"<p>保留</p>{new}"))
    deleted, inserted = _runs(body, "w:del"), _runs(body, "w:ins")
    assert "b" in deleted["加粗"] and "i" in deleted["Latin"], deleted
    assert "b" in inserted["加粗"] and "i" in inserted["Latin"], inserted
    assert "em" in inserted["重点"] and "i" not in inserted["重点"], inserted  # CJK emphasis: dots, not a slant
    # quiet: plain inserted and deleted text carries no bold, italic or dots
    assert not {"b", "i", "em"} & (deleted["旧的"] | inserted["新的"]), (deleted, inserted)


def test_word_redline_never_dots_code_inside_emphasis_and_bolds_code_inside_bold() -> None:
    body = _word(_compared("<p>保留</p>", "<p>保留</p><p><em>含 <code>代码</code> 的强调</em>"
                                         "与<strong><code>粗体 代码</code></strong>。</p>"))
    inserted = _runs(body, "w:ins")
    assert "em" not in inserted["代码"] and "rFonts" in inserted["代码"], inserted
    assert {"b", "rFonts"} <= inserted["粗体 代码"] and "em" not in inserted["粗体 代码"], inserted
    # quiet: the emphasised text around the code is dotted
    assert "em" in inserted["的强调"], inserted
