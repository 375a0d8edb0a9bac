"""Nothing is dropped without a finding (#33): whatever the allow-list removes — however it was written:
inline HTML, attr_list, a reference definition, entities — and every image a copy cannot embed is a
finding at check time, for drafts too (a warning for a draft, an error from review on)."""

from __future__ import annotations

import struct

import pytest

from qmsdoc.core.render import render_unsanitised
from qmsdoc.core.sanitize import clean, dropped

from conftest import Project, png, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"
ANCHOR = "4.4.3 归还办公用品。"


def _plant(project: Project, text: str, *, status: str | None = None) -> None:
    project.replace(DOC, ANCHOR, f"{ANCHOR}\n\n{text}\n")
    if status:
        project.replace(DOC, "status: effective", f"status: {status}")
    project.restamp(DOC)


def _findings(project: Project, code: str) -> list[str]:
    return [line for line in run_cli("check", cwd=project.root).stdout.splitlines() if f" {code} " in line]


@pytest.mark.parametrize(("text", "needle"), [
    ('[办事指南](https://example.com/){: href="javascript:alert(1)" }', "{: href"),
    ("[办事指南][g]\n\n[g]: jav&#x61;script:alert(1)", "[g]: jav"),
    ("[办事指南][g]\n\n[g]: data:text/html;base64,PHNjcmlwdD4=", "[g]: data"),
    ('段落文字\n{: data-x="1" }', "{: data-x"),
    ("<svg/onload=alert(1)>", "<svg"),
    ('![图](img.png){: onerror="alert(1)" }', "{: onerror"),
    ("说明一 `x` {string} 是文字\n\n* `type`{string} 解析类型", "`type`{string}"),  # Node.js's API lists: attr_list
    ("依照 <LICENSE-APACHE or\n[https://a.example/l](https://a.example/l)> 许可", "<LICENSE-APACHE"),  # lower-cased
])
def test_what_the_allow_list_drops_is_qd200_however_it_was_written(project: Project, text: str, needle: str) -> None:
    _plant(project, text)
    hits = _findings(project, "QD200")
    assert any(h.startswith(f"{DOC}:{project.line_of(DOC, needle)}: error QD200 ") for h in hits), hits


def test_a_drop_in_an_html_block_is_found_there_not_at_the_same_autolink_above(project: Project) -> None:
    # Node.js's README: `<a@b.c>` and `<https://…>` are links in prose, tags the parse drops inside <details>
    prose = "邮箱 <li@example.com> 与\n<https://example.com/keys>。"
    folded = "<details>\n<summary>发布密钥</summary>\n\n* 李 <<li@example.com>>\n\n见\n<https://example.com/keys>。\n\n</details>"
    _plant(project, prose + "\n\n" + folded)
    lines = [int(h.split(":")[1]) for h in _findings(project, "QD200")]
    mail, keys = project.line_of(DOC, "* 李 <<li@"), project.line_of(DOC, "见") + 1
    assert sorted(lines) == [mail, keys], lines


def test_autolinks_in_prose_alone_are_no_qd200(project: Project) -> None:
    _plant(project, "邮箱 <li@example.com> 与\n<https://example.com/keys>。\n\n* 李 <<li@example.com>>")
    assert not _findings(project, "QD200")


def test_the_walk_finds_what_the_sanitiser_drops() -> None:
    """What the walk reports is what nh3 removes: the dropped text is in the parse and gone after `clean`."""
    for body, gone in [("[a](https://x.example) `<b>` **b** <kbd>Ctrl</kbd>", None),
                       ('[a](https://x.example){: href="vbscript:x" }', "vbscript"),
                       ("<span style='color:red'>x</span>", "color:red"), ("<font>x</font>", "<font")]:
        raw = render_unsanitised(body)
        assert bool(dropped(raw)) == (gone is not None), (body, raw)
        if gone:
            assert gone in raw and gone not in clean(raw)


def test_drafts_get_a_warning_and_review_an_error(project: Project) -> None:
    _plant(project, "<script>alert(1)</script>", status="draft")
    assert any(" warning QD200 " in h for h in _findings(project, "QD200"))
    project.replace(DOC, "status: draft", "status: review")
    project.restamp(DOC)
    assert any(" error QD200 " in h for h in _findings(project, "QD200"))


@pytest.mark.parametrize(("name", "data"), [
    ("低分辨率.png", png(extra=struct.pack(">I", 9) + b"pHYs" + struct.pack(">IIB", 1, 1, 1) + b"\0\0\0\0")),
    ("动图.webp", b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07"),
    ("截断.png", png()[:20]),
])
def test_an_image_the_word_copy_cannot_embed_is_qd164(project: Project, name: str, data: bytes) -> None:
    """The issue's case: a valid 1×1 PNG shown on the site became 「［图片：…］」 in the Word copy silently."""
    project.path(f"manuals/qp-hr/{name}").write_bytes(data)
    _plant(project, f"![示意图]({name})")
    hits = _findings(project, "QD164")
    assert any(h.startswith(f"{DOC}:{project.line_of(DOC, '![示意图]')}: error QD164 ") for h in hits), hits


def test_an_image_in_a_draft_is_a_warning_and_a_good_image_is_quiet(project: Project) -> None:
    project.path("manuals/qp-hr/坏.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8X" + bytes(18))
    project.path("manuals/qp-hr/好.png").write_bytes(png())
    _plant(project, "![坏](坏.webp)\n\n![好](好.png)", status="draft")
    hits = _findings(project, "QD164")
    assert len(hits) == 1 and " warning QD164 " in hits[0] and "坏.webp" in hits[0], hits


def test_word_copy_of_a_draft_with_such_an_image_still_builds(project: Project) -> None:
    """A warning does not stop a preview build: the copy shows the placeholder instead of crashing."""
    project.path("manuals/qp-hr/低分辨率.png").write_bytes(
        png(extra=struct.pack(">I", 9) + b"pHYs" + struct.pack(">IIB", 1, 1, 1) + b"\0\0\0\0"))
    _plant(project, "![示意图](低分辨率.png)", status="draft")
    project.replace("qmsdoc.yml", "publish_drafts: false", "publish_drafts: true")
    result = run_cli("build", "--only", "word", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_reference_style_images_are_checked_like_inline_ones(project: Project) -> None:
    project.path("manuals/qp-hr/图.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8X" + bytes(18))
    _plant(project, "![流程][坏]\n\n![签字][缺]\n\n[坏]: 图.webp\n[缺]: 没有.png")
    out = run_cli("check", cwd=project.root).stdout
    assert f"{DOC}:{project.line_of(DOC, '![流程]')}: error QD164 " in out, out
    assert f"{DOC}:{project.line_of(DOC, '![签字]')}: error QD162 " in out, out


def test_a_table_caption_is_no_finding_now_every_output_shows_it(project: Project) -> None:
    """The copies write a table's <caption> above it, as the page does (test_parity): QD200 still called it an
    error the Word copy could not carry, and so refused to build a body all three outputs show alike."""
    _plant(project, "<table><caption>离职物品清单</caption><tr><td>钥匙</td></tr></table>")
    assert _findings(project, "QD200") == []


def test_images_on_manual_and_home_pages_are_checked(project: Project) -> None:
    project.path("manuals/qp-hr/assets").mkdir(exist_ok=True)
    project.path("manuals/qp-hr/assets/组织.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8X" + bytes(18))
    project.replace("manuals/qp-hr/index.md", "本手册规定", "![组织](assets/组织.webp)\n\n本手册规定")
    project.replace("manuals/index.md", "本网站发布", "![标志](不存在.png)\n\n本网站发布")
    out = run_cli("check", cwd=project.root).stdout
    manual = "manuals/qp-hr/index.md"
    assert f"{manual}:{project.line_of(manual, '![组织]')}: error QD164 " in out, out
    assert f"manuals/index.md:{project.line_of('manuals/index.md', '![标志]')}: error QD162 " in out, out


def test_md_in_html_markdown_attribute_is_no_qd200_but_one_the_parse_leaves_is(project: Project) -> None:
    """The dialect has md_in_html: `<div markdown>` is how its users write Markdown inside a block, and the
    extension removes the attribute; only one it leaves in the parse (on an inline <span>) is refused."""
    _plant(project, "<div markdown>\n**加粗的说明**\n</div>\n\n<div markdown=\"1\">\n*说明*\n</div>")
    assert _findings(project, "QD200") == []
    html = render_unsanitised("<div markdown>\n**加粗的说明**\n</div>")
    assert "<strong>加粗的说明</strong>" in html and "markdown" not in html
    _plant(project, '文字 <span markdown="1">**x**</span>')
    hits = _findings(project, "QD200")
    assert len(hits) == 1 and hits[0].startswith(f"{DOC}:{project.line_of(DOC, '<span markdown')}: error QD200 "), hits


def test_list_numbering_counted_down_or_jumping_is_not_refused(project: Project) -> None:
    """<ol reversed> and <li value> were refused (the copies could not number by them); the copies now number each
    item as the page does (test_parity), so nothing is said."""
    _plant(project, '<ol reversed><li>三</li><li>二</li></ol>\n\n<ol><li value="5">五</li></ol>')
    assert _findings(project, "QD200") == []


def test_qd200_names_every_output_that_leaves_the_html_out(project: Project) -> None:
    """The PDF copy is written from the same walk as Word: a finding naming the site and Word alone left a
    writer wondering whether the PDF showed the tag."""
    _plant(project, '<font color="red">红字</font>')
    hits = _findings(project, "QD200")
    assert hits and all("网站、Word 与 PDF 副本都不会显示它" in h for h in hits), hits


def test_past_the_located_limit_the_rest_of_a_bodys_drops_are_counted_in_one_finding(project: Project) -> None:
    """A tag with thousands of distinct dropped attributes: each was searched for in the whole body again
    (minutes for one long line); past MAX_LOCATED_DROPS the rest are one finding that counts them."""
    from qmsdoc.core.i18n import t
    from qmsdoc.core.rules.safety import MAX_LOCATED_DROPS

    extra = 7
    _plant(project, "<span " + " ".join(f'x{i}="1"' for i in range(MAX_LOCATED_DROPS + extra)) + ">文字</span>")
    hits = _findings(project, "QD200")
    counted = t("rule.QD200.unlocated", count=extra, limit=MAX_LOCATED_DROPS)
    assert any(h.endswith(counted) for h in hits), hits
    assert any(h.startswith(f"{DOC}:{project.line_of(DOC, '<span x0')}: error QD200 ") for h in hits), hits


def test_one_attribute_dropped_many_times_is_located_once_and_not_counted_as_unlocated(project: Project) -> None:
    from qmsdoc.core.i18n import t
    from qmsdoc.core.rules.safety import MAX_LOCATED_DROPS

    _plant(project, "\n\n".join(f'<span x="1">第{i}段</span>' for i in range(MAX_LOCATED_DROPS + 7)))
    hits = _findings(project, "QD200")
    counted = t("rule.QD200.unlocated", count="@", limit=MAX_LOCATED_DROPS).split("@")[1]
    assert hits and not any(counted in h for h in hits), hits


def _shown(markdown_text: str) -> str:
    """What the page shows of `markdown_text`: the one parse's text, tags and all markup gone."""
    from qmsdoc.core.htmltree import parse_html
    from qmsdoc.core.render import render_markdown

    return parse_html(render_markdown(markdown_text, lambda code: None).html).text()


def test_inside_an_html_block_qd200_advises_entities_not_backslashes(project: Project) -> None:
    """A raw HTML block shows a backslash as typed: `\\<foo\\>` there left a `\\` and still dropped the tag."""
    _plant(project, "<div>\n说明 <foo> 文字\n</div>")
    hits = [h for h in _findings(project, "QD200") if h.startswith(f"{DOC}:{project.line_of(DOC, '说明 <foo>')}:")]
    assert len(hits) == 1 and "&lt; 和 &gt;" in hits[0] and "\\<" not in hits[0], hits
    # what the advice says, as the page shows it there
    assert "<foo>" in _shown("<div>\n说明 &lt;foo&gt; 文字\n</div>")
    assert "<foo>" not in _shown("<div>\n说明 \\<foo\\> 文字\n</div>")


def test_outside_an_html_block_qd200_still_advises_backslashes(project: Project) -> None:
    _plant(project, "说明 <foo> 文字")
    hits = [h for h in _findings(project, "QD200") if h.startswith(f"{DOC}:{project.line_of(DOC, '说明 <foo>')}:")]
    assert len(hits) == 1 and "\\< 和 \\>" in hits[0] and "&lt;" not in hits[0], hits
    assert "<foo>" in _shown("说明 \\<foo\\> 文字")


@pytest.mark.parametrize("text", [
    "- 在\n  {ref}`虚拟环境 <x>`\n- 其他",  # MyST's role opening an item's second line (Python packaging docs)
    "- 在\n  {ref}`虚拟环境`\n    - 下一层",
])
def test_a_brace_word_inside_a_list_item_is_text_not_its_attributes(project: Project, text: str) -> None:
    """attr_list took `{ref}` before a code span as the `<li>`'s attribute `ref`: the page lost it and QD200 said the
    page showed the text "ref"."""
    _plant(project, text)
    assert not _findings(project, "QD200")
    assert "{ref}虚拟环境" in _shown(text).replace("\n", "")


@pytest.mark.parametrize("text", ["- 条目\n  {: .cls}", "- 条目 `x`\n  {: .cls}", "- 条目\n  {: .cls}\n    - 下一层"])
def test_attributes_ending_a_list_items_text_still_set_it(text: str) -> None:
    from qmsdoc.core.render import render_markdown

    assert '<li class="cls">' in render_markdown(text, lambda code: None).html
