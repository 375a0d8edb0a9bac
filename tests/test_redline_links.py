"""A link in compared text keeps its target in every redline: the site's a working <a href> (a reference to a
controlled document resolved as on the document's own page), the Word redline's a w:hyperlink as the Word copy
writes one. A link pointing elsewhere with the same text is a change (the old link deleted, the new inserted), and
an address the allow-list refuses (javascript:) is never a link."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import etree

from qmsdoc.core.compare import Comparison, blocks, compare
from qmsdoc.site.redline import redline_body
from qmsdoc.word.redline import RedlineJob, build_redline

from conftest import Project, commit, run_cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
DRAFT = "revisions/manuals/qp-hr/QP-02-03.md"


def _compared(old: str, new: str) -> Comparison:
    return compare(blocks(old), blocks(new), old_label="A/1", new_label="A/2")


def _docx(comparison: Comparison) -> bytes:
    return build_redline(RedlineJob("QP-02-03", "员工离职管理规定", "示例", comparison, "质量专员", "2026-11-25"))


def _links(data: bytes) -> list[tuple[str, str, str]]:
    """Each w:hyperlink of a .docx: (its target, its text, the tracked change its runs are in: ins, del or "")."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    out = []
    for link in body.iter(f"{W}hyperlink"):
        text = "".join(t.text or "" for t in link.iter(f"{W}t", f"{W}delText"))
        change = next((c.tag[len(W):] for c in link if c.tag in (f"{W}ins", f"{W}del")), "")
        out.append((targets.get(link.get(R_ID), ""), text, change))
    return out


# -- (a), (c), (d) on the site ------------------------------------------------------------------------------

def test_the_site_redline_keeps_a_links_target() -> None:
    html = redline_body(_compared('<p>见<a href="https://example.com/guide">指引</a>。</p>',
                                  '<p>见<a href="https://example.com/guide">指引</a>，另行通知。</p>'))
    assert '见<a href="https://example.com/guide">指引</a>' in html, html
    # quiet: plain text, and a link to a place on the page it came from (not on this one), stay text
    plain = redline_body(_compared("<p>见附录。</p>", '<p>见附录<a href="#fn:1">1</a>。</p>'))
    assert "<a " not in plain, plain


def test_a_link_pointing_elsewhere_with_the_same_text_is_a_change_on_the_site() -> None:
    comparison = _compared('<p>见<a href="https://a.example/v1">指引</a>。</p>',
                           '<p>见<a href="https://a.example/v2">指引</a>。</p>')
    html = redline_body(comparison)
    assert ('<del><a href="https://a.example/v1">指引</a></del><wbr><ins><a href="https://a.example/v2">指引</a></ins>'
            in html), html
    assert comparison.changed and len(comparison.table_rows) == 1
    # quiet: the same target is no change
    same = _compared('<p>见<a href="https://a.example/v1">指引</a>。</p>', '<p>见<a href="https://a.example/v1">指引</a>。</p>')
    assert not same.changed and "<del>" not in redline_body(same)


def test_a_refused_address_is_never_a_link_in_the_site_redline() -> None:
    hostile = ('<p>见<a href="javascript:alert(1)">"&gt;&lt;script&gt;</a>和<a href="jav&amp;#x61;script:x">乙</a>'
               '和<a href="https://ok.example/?q=&quot;&gt;">甲</a>。</p>')
    html = redline_body(_compared("<p>见。</p>", hostile))
    assert "javascript" not in html.lower() and "jav&amp;#x61;script" not in html and "<script" not in html, html
    assert '&quot;&gt;&lt;script&gt;' in html  # the text shown, inert
    # quiet: an allowed address beside it stays a link, its quote and angle bracket escaped
    assert '<a href="https://ok.example/?q=&quot;&gt;">甲</a>' in html, html


# -- (b), (c) in Word ---------------------------------------------------------------------------------------

def test_the_word_redline_writes_a_link_as_a_hyperlink() -> None:
    links = _links(_docx(_compared('<p>见<a href="https://example.com/guide">指引</a>。</p>',
                                   '<p>见<a href="https://example.com/guide">指引</a>，另行通知。</p>'
                                   '<p>报<a href="mailto:qa@example.com">质量部</a>。</p>')))
    assert ("https://example.com/guide", "指引", "") in links, links
    assert ("mailto:qa@example.com", "质量部", "ins") in links, links
    # quiet: a reference to a controlled document in a file without its bookmark is its text, as in a copy of one
    # document; a refused address no link
    quiet = _links(_docx(_compared("<p>见。</p>", '<p>见<a href="qms:QP-02-01">《招聘》（QP-02-01）</a>'
                                                  '<a href="javascript:alert(1)">乙</a>。</p>')))
    assert quiet == [], quiet


def test_a_link_pointing_elsewhere_is_deleted_and_inserted_in_word_each_with_its_target() -> None:
    links = _links(_docx(_compared('<p>见<a href="https://a.example/v1">指引</a>。</p>',
                                   '<p>见<a href="https://a.example/v2">指引</a>。</p>')))
    assert links == [("https://a.example/v1", "指引", "del"), ("https://a.example/v2", "指引", "ins")], links
    same = _links(_docx(_compared('<p>见<a href="https://a.example/v1">指引</a>。</p>',
                                  '<p>见<a href="https://a.example/v1">指引</a>。</p>')))
    assert same == [("https://a.example/v1", "指引", "")], same


# -- the built site: a reference resolved as on the document's own page -----------------------------------

def _hrefs(html: str, text: str) -> list[str]:
    return re.findall(rf'<a href="([^"]*)">[^<]*{re.escape(text)}', html)


def test_the_revision_preview_redline_links_a_reference_where_the_page_does(repo: Project, tmp_path: Path) -> None:
    assert run_cli("revise", "QP-02-03", "--by", "质量专员", cwd=repo.root).returncode == 0
    repo.replace(DRAFT, "4.4.7 公司行政人事部填写 [[QP-02-03-F003]]。",
                 "4.4.7 公司行政人事部填写 [[QP-02-03-F003]]。另见 [[QP-02-01]] 与 [指引](https://example.com/guide)。")
    commit(repo.root, "修订稿")
    repo.write("qmsdoc.yml", repo.read("qmsdoc.yml").replace("publish_drafts: false", "publish_drafts: true"))
    built = run_cli("build", "--only", "site,records", "--strict", cwd=repo.root)
    assert built.returncode == 0, built.stdout + built.stderr
    site = repo.root / "build/site"
    preview = (site / "revisions/QP-02-03/index.html").read_text("utf-8")
    redline = preview[preview.index('class="qms-redline"'):]
    page = (site / "qp-hr/QP-02-03/index.html").read_text("utf-8")
    on_page = {urljoin("/qp-hr/QP-02-03/", h) for h in re.findall(r'data-ref="QP-02-01" href="([^"]*)"', page)}
    in_redline = {urljoin("/revisions/QP-02-03/", h) for h in _hrefs(redline, "QP-02-01")}
    assert on_page and in_redline == on_page, (on_page, in_redline)
    assert (site / next(iter(in_redline)).strip("/") / "index.html").is_file()
    assert "https://example.com/guide" in _hrefs(redline, "指引")
    assert "qms:" not in redline
    # the Word redline of the same revision: the web link a hyperlink, inserted
    out = tmp_path / "QP-02-03.docx"
    assert run_cli("redline", "QP-02-03", "--out", str(out), cwd=repo.root).returncode == 0
    assert ("https://example.com/guide", "指引", "ins") in _links(out.read_bytes())


# -- the places the common path did not reach: a moved block in Word, a row whose cells changed on the site ------

MOVED_OLD = ('<h2>4.1 申请</h2><p>见<a href="https://example.com/guide">指引</a>办理交接。</p>'
             '<h2>4.2 交接</h2><p>完成。</p>')
MOVED_NEW = '<h2>4.1 申请</h2><h2>4.2 交接</h2><p>完成。</p><p>见<a href="https://example.com/guide">指引</a>办理交接。</p>'


def _moved_links(data: bytes) -> list[tuple[str, str, str]]:
    """Each w:hyperlink of a .docx with the move it is in: (target, text, moveFrom/moveTo/"")."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    return [(targets.get(link.get(R_ID), ""), "".join(t.text or "" for t in link.iter(f"{W}t")),
             next((c.tag[len(W):] for c in link if c.tag in (f"{W}moveFrom", f"{W}moveTo")), ""))
            for link in body.iter(f"{W}hyperlink")]


def test_a_moved_blocks_link_is_a_hyperlink_at_both_ends_in_word() -> None:
    comparison = _compared(MOVED_OLD, MOVED_NEW)
    assert any(c.move for c in comparison.changes)
    links = _moved_links(_docx(comparison))
    guide = "https://example.com/guide"
    assert links == [(guide, "指引", "moveFrom"), (guide, "指引", "moveTo")], links
    # quiet: a moved block without a link has no hyperlink, and its text stays in one w:moveFrom
    plain = _docx(_compared(MOVED_OLD.replace('<a href="https://example.com/guide">指引</a>', "指引"),
                            MOVED_NEW.replace('<a href="https://example.com/guide">指引</a>', "指引")))
    assert _moved_links(plain) == []
    with zipfile.ZipFile(io.BytesIO(plain)) as package:
        assert package.read("word/document.xml").decode().count("</w:moveFrom>") == 1


def _moved_marks(data: bytes) -> list[str]:
    """The tracked change of each moved paragraph's own mark (the paragraphs holding a move range's start)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    return [etree.QName(mark).localname for p in body.iter(f"{W}p")
            if p.find(f"{W}moveFromRangeStart") is not None or p.find(f"{W}moveToRangeStart") is not None
            for mark in p.iterfind(f"{W}pPr/{W}rPr/*")]


def test_a_moved_paragraph_holding_a_link_has_its_mark_deleted_where_it_stood_and_inserted_where_it_went() -> None:
    """LibreOffice keeps a moved mark of a paragraph holding a w:hyperlink as an empty paragraph (where it stood after
    accept all, where it went after reject all): that mark is deleted and inserted, its text still one move (the
    office test below resolves it)."""
    data = _docx(_compared(MOVED_OLD, MOVED_NEW))
    assert _moved_marks(data) == ["del", "ins"], _moved_marks(data)
    assert [change for _, _, change in _moved_links(data)] == ["moveFrom", "moveTo"]
    # quiet: a moved paragraph without a link keeps its mark moved with it
    plain = _docx(_compared(MOVED_OLD.replace('<a href="https://example.com/guide">指引</a>', "指引"),
                            MOVED_NEW.replace('<a href="https://example.com/guide">指引</a>', "指引")))
    assert _moved_marks(plain) == ["moveFrom", "moveTo"], _moved_marks(plain)


def test_a_row_whose_cells_changed_keeps_its_links_on_the_site() -> None:
    old = '<table><tr><td>见<a href="https://example.com/guide">指引</a></td><td>30 天</td></tr></table>'
    new = '<table><tr><td>见<a href="https://example.com/guide">指引</a></td><td>30 天</td><td>主管</td></tr></table>'
    comparison = _compared(old, new)
    [row] = [c for c in comparison.changes if c.block.kind == "row"]
    assert row.op == "replace" and not row.cell_segments  # the fallback: the row as a whole
    html = redline_body(comparison)
    assert '<a href="https://example.com/guide">指引</a>' in html, html
    # quiet: a refused address in such a row stays text
    hostile = redline_body(_compared(old.replace("https://example.com/guide", "javascript:x"),
                                     new.replace("https://example.com/guide", "javascript:x")))
    assert "<a " not in hostile and "指引" in hostile, hostile


# -- the 修订对照表: where a link pointing elsewhere pointed before and after -----------------------------------

def test_the_change_table_shows_both_targets_of_a_link_pointing_elsewhere(tmp_path: Path) -> None:
    comparison = _compared('<p>见<a href="qms:QP-02-01">《招聘》</a>与<a href="https://a.example/v1">指引</a>。</p>',
                           '<p>见<a href="qms:QP-02-02">《招聘》</a>与<a href="https://a.example/v2">指引</a>。</p>')
    [row] = comparison.table_rows
    lines = "见《招聘》与指引。\n链接「《招聘》」指向：{}\n链接「指引」指向：https://a.example/{}"
    assert (row.before, row.after) == (lines.format("QP-02-01", "v1"), lines.format("QP-02-02", "v2")), row
    # one place, every output: the site's table and the Word redline's show the same lines
    from qmsdoc.site.redline import change_table
    assert "指向：https://a.example/v1" in change_table(comparison)
    with zipfile.ZipFile(io.BytesIO(_docx(comparison))) as package:
        xml = package.read("word/document.xml").decode()
    assert "指向：https://a.example/v1" in xml and "指向：QP-02-02" in xml
    from qmsdoc.core.i18n import using
    with using("zh_TW"):
        [taiwan] = _compared('<p><a href="https://a.example/v1">指引</a></p>',
                             '<p><a href="https://a.example/v2">指引</a></p>').table_rows
    assert "連結「指引」指向：https://a.example/v2" in taiwan.after
    # quiet: a link with the same target, or with its text changed too (the text says it), adds no target line
    same = _compared('<p>见<a href="https://a.example/v1">指引</a>。</p>', '<p>另见<a href="https://a.example/v1">指引</a>。</p>')
    assert [(r.before, r.after) for r in same.table_rows] == [("见指引。", "另见指引。")]


def test_the_stylesheet_keeps_a_link_inserted_or_deleted_looking_like_a_link() -> None:
    """Inside <ins>/<del> a link took the change's colour and line only: read as inserted plain text."""
    import qmsdoc
    css = (Path(qmsdoc.__file__).parent / "site/assets/qmsdoc.css").read_text("utf-8")
    rule = re.search(r"\.qms-redline :is\(ins, del\) a \{([^}]*)\}", css)
    assert rule and "var(--md-typeset-a-color)" in rule.group(1) and "underline" in rule.group(1), rule
    # quiet: a link of kept text is left to the theme, and the stylesheet holds no CJK
    assert not re.search(r"\.qms-redline a \{", css)
    assert not re.search(r"[\u3000-\u9fff\uff00-\uffef]", css)
    # the 修订对照表 as a phone's card keeps its line breaks (a link's target on its own line)
    assert ".md-typeset table.qms-history.qms-changes td { white-space: pre-line; }" in css


# -- a link whose target changed is a change of content everywhere: its whole text, on its way, in the badge -----

V1, V2 = "https://a.example/v1", "https://a.example/v2"


def _para(text: str, href: str) -> str:
    return f'<p>见<a href="{href}">{text}</a>。</p>'


def test_a_link_whose_text_and_target_changed_is_its_whole_old_text_deleted_and_whole_new_text_inserted() -> None:
    """指引 (v1) → 操作指引 (v2) was read as 操作 inserted (v2), 指引 deleted (v1) and 指引 inserted (v2): the new link
    in two pieces, and the target change shown for 指引 alone."""
    longer = _compared(_para("指引", V1), _para("操作指引", V2))
    html = redline_body(longer)
    assert f'见<del><a href="{V1}">指引</a></del><wbr><ins><a href="{V2}">操作指引</a></ins>。' in html, html
    assert _links(_docx(longer)) == [(V1, "指引", "del"), (V2, "操作指引", "ins")]
    shorter = _compared(_para("旧指引", V1), _para("指引", V2))
    html = redline_body(shorter)
    assert f'见<del><a href="{V1}">旧指引</a></del><wbr><ins><a href="{V2}">指引</a></ins>。' in html, html
    assert _links(_docx(shorter)) == [(V1, "旧指引", "del"), (V2, "指引", "ins")]
    # quiet: the text changed, the target kept — only the words added are marked, the link stays one target
    kept = _compared(_para("指引", V1), _para("操作指引", V1))
    html = redline_body(kept)
    assert "<del>" not in html and f'<ins><a href="{V1}">操作</a></ins><a href="{V1}">指引</a>' in html, html
    assert [(target, text) for target, text, change in _links(_docx(kept)) if change != "del"] == [(V1, "操作指引")]
    # the 修订对照表 names each side's link by its own text
    [row] = longer.table_rows
    assert row.before.endswith(f"链接「指引」指向：{V1}") and row.after.endswith(f"链接「操作指引」指向：{V2}"), row
    assert [(r.before, r.after) for r in kept.table_rows] == [("见指引。", "见操作指引。")]  # quiet: no target line


def test_a_link_pointing_elsewhere_is_no_change_of_formatting() -> None:
    """A target changed is a change of content (the 修订对照表 names both targets): no 格式修改 badge on the site, no
    w:rPrChange (Word's 格式修订) in Word."""
    retargeted = _compared(_para("指引", V1), _para("指引", V2))
    html = redline_body(retargeted)
    assert "格式修改" not in html and "qms-rl-formatting" not in html and "qms-rl-fmt" not in html, html
    with zipfile.ZipFile(io.BytesIO(_docx(retargeted))) as package:
        assert "rPrChange" not in package.read("word/document.xml").decode()
    # quiet: text made a link or made bold is a change of formatting, badged and tracked as one
    for new in ('<p>见<a href="https://a.example/v1">指引</a>。</p>', "<p>见<strong>指引</strong>。</p>"):
        made = _compared("<p>见指引。</p>", new)
        assert "格式修改" in redline_body(made), new
        with zipfile.ZipFile(io.BytesIO(_docx(made))) as package:
            assert "rPrChange" in package.read("word/document.xml").decode(), new


def test_a_moved_blocks_link_pointing_elsewhere_links_the_old_target_where_it_stood_and_the_new_where_it_went() -> None:
    comparison = _compared(MOVED_OLD, MOVED_NEW.replace("https://example.com/guide", V2))
    assert [c.move for c in comparison.changes if c.op != "equal"] == ["move1", "move1"]
    data = _docx(comparison)
    assert [(target, text) for target, text, _ in _links(data)] == [("https://example.com/guide", "指引"), (V2, "指引")]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        # not a 格式修订: a word changed on the way
        assert "rPrChange" not in package.read("word/document.xml").decode()
    html = redline_body(comparison)
    stood, went = html.split('id="qms-rl-move1-to"')
    assert '<del>见<a href="https://example.com/guide">指引</a>办理交接。</del>' in stood, stood
    assert f'<ins class="qms-rl-added"><a href="{V2}">指引</a></ins>' in went and "qms-rl-fmt" not in went, went
    [row] = comparison.table_rows
    assert row.note.startswith("移动") and "修改" in row.note, row.note  # moved, and changed on the way
    assert row.after.endswith(f"链接「指引」指向：{V2}"), row.after
    # quiet: moved with the same target — moved text, no word added on the way, a plain move
    same = _compared(MOVED_OLD, MOVED_NEW)
    assert "qms-rl-added" not in redline_body(same) and "修改" not in same.table_rows[0].note


@pytest.mark.office
@pytest.mark.slow
def test_libreoffice_resolves_a_moved_block_whose_link_points_elsewhere_to_each_versions_text_and_target(
        tmp_path: Path) -> None:
    """Accept all in LibreOffice gives where the block went with its new words and its link's new target, reject all
    where it stood with the old words and old target (the resolved file saved as Word, its links read back)."""
    python = shutil.which("python3", path="/usr/bin")
    assert python and subprocess.run([python, "-c", "import uno"]).returncode == 0, "run scripts/test.sh (python3-uno)"
    redline = tmp_path / "moved.docx"
    # moved with a word added on the way and its link pointing elsewhere
    old, new = MOVED_OLD.replace("办理交接", "办理"), MOVED_NEW.replace("example.com", "b.example")
    redline.write_bytes(_docx(_compared(old, new)))
    jobs = [[str(redline), str(tmp_path / f"{how}.{kind}"), how]
            for how in ("accept", "reject") for kind in ("docx", "txt")]
    (tmp_path / "jobs.json").write_text(json.dumps(jobs), "utf-8")
    tool = Path(__file__).parent.parent / "scripts" / "lo_tracked.py"  # run by Debian's python3 (python3-uno)
    run = subprocess.run([python, str(tool), "--many", str(tmp_path / "jobs.json"), str(tmp_path / "lo")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr

    def body(how: str) -> list[str]:
        """Every paragraph of the body, empty ones too: a moved paragraph's mark left behind is an empty line."""
        text = (tmp_path / f"{how}.txt").read_text("utf-8-sig")
        return text.split("全部拒绝即为原版本。\n")[1].split("修订对照表")[0].splitlines()

    def linked(how: str) -> list[tuple[str, str]]:
        return [(target, text) for target, text, _ in _links((tmp_path / f"{how}.docx").read_bytes()) if text]

    # each ends in the page break's paragraph before the 修订对照表
    assert body("accept") == ["4.1 申请", "4.2 交接", "完成。", "见指引办理交接。", ""], body("accept")
    assert linked("accept") == [("https://b.example/guide", "指引")], linked("accept")
    assert body("reject") == ["4.1 申请", "见指引办理。", "4.2 交接", "完成。", ""], body("reject")
    assert linked("reject") == [("https://example.com/guide", "指引")], linked("reject")
