"""QD165: a link's `#fragment` must name a place on the page it opens (a heading's id as the one parse gives it,
an explicit id, a footnote), or the site shows a dead anchor. The ids come from the line scan, not a render: a
real site build checks that they are the ids the pages have."""

from __future__ import annotations

import re
from pathlib import Path

from qmsdoc.core import check, i18n, load_config
from qmsdoc.core.findings import Finding, Severity
from qmsdoc.core.rules.safety import Page

from conftest import Project, configure, copy_project
from sitebuild import mkdocs_build

DOC = "manuals/qp-hr/QP-02-03.md"  # effective; headings `## 1.0 目的`, `### 4.1 离职审批权限`, …
OTHER = "manuals/qp-hr/QP-02-01.md"  # effective, same manual
DRAFT = "manuals/zwfw/ZWFW-007.md"  # a draft; headings `## 第一章 总则`, …
ANCHOR = "4.4.3 归还办公用品。"


def _found(project: Project) -> list[Finding]:
    return [f for f in check(load_config(project.root)).findings if f.code == "QD165"]


def _link(project: Project, link: str, where: str = DOC) -> None:
    if where == DOC:
        project.replace(DOC, ANCHOR, ANCHOR + link)
    else:
        text = project.read(where)
        project.write(where, text.rstrip("\n") + "\n\n" + link + "\n")


def test_a_missing_fragment_on_the_same_page_is_qd165_with_the_nearest_headings(project: Project) -> None:
    _link(project, "见[上文](#没有)。")
    found = _found(project)
    assert [(f.path, f.line, f.severity) for f in found] == [(DOC, project.line_of(DOC, "见[上文]"), Severity.ERROR)]
    assert "#没有" in found[0].message and DOC in found[0].message
    assert "#10-目的" in found[0].message or "#20-适用范围" in found[0].message  # a heading to link instead


def test_the_nearest_heading_is_proposed(project: Project) -> None:
    _link(project, "见[上文](#4-辞职)。")
    assert "#42-辞职" in _found(project)[0].message


def test_a_missing_fragment_in_another_document_is_qd165(project: Project) -> None:
    _link(project, "见[规程](QP-02-01.md#不存在)。")
    found = _found(project)
    assert [(f.path, f.line) for f in found] == [(DOC, project.line_of(DOC, "见[规程]"))]
    assert "#不存在" in found[0].message and OTHER in found[0].message


def test_a_missing_fragment_on_a_manual_index_page_is_qd165(project: Project) -> None:
    _link(project, "见[手册](../dy-aq/index.md#不存在)。")
    _link(project, "见[手册目录](../dy-aq/#也不存在)。")
    _link(project, "见[手册标题](../dy-aq/index.md#安全管理工作手册)。")  # its `# title`: the page shows the manual's
    found = _found(project)
    assert len(found) == 3 and all("manuals/dy-aq/index.md" in f.message for f in found)


def test_a_percent_encoded_missing_fragment_is_qd165(project: Project) -> None:
    _link(project, "见[上文](#%E6%B2%A1%E6%9C%89)。")  # #没有
    assert "#没有" in _found(project)[0].message


def test_existing_places_are_not_qd165(project: Project) -> None:
    # a Chinese heading, numbered ones (`## 1.0 目的`), percent-encoded, another document's, a manual index
    # page's, the home page's, an explicit `{#id}` on a heading and on a paragraph, a raw HTML id, a footnote
    project.replace(DOC, "### 4.2 辞职", "### 4.2 辞职 {#resign}")
    _link(project, "见[目的](#10-目的)、[辞职](#resign)、[编码](#%E8%81%8C%E8%B4%A3)、[程序](#40-程序要点)、"
                   "[审批](#41-离职审批权限)、[规程](QP-02-01.md#10-目的)、[手册](index.md#适用范围)、"
                   "[目录](./#归口部门)、[首页](../index.md)、[段](#para)、[块](#box)、[注](#fn:1)、[顶](#top)、"
                   "[引用](#qms-backlinks)。[^1]\n{: #para }\n\n<div id=\"box\">x</div>\n\n[^1]: 注释。\n")
    project.replace(DOC, "#%E8%81%8C%E8%B4%A3", "#30-职责")
    assert _found(project) == []


def test_a_repeated_heading_gets_the_parse_s_suffix(project: Project) -> None:
    _link(project, "\n\n## 1.0 目的\n\n见[第二个](#10-目的_1)。")
    assert _found(project) == []
    _link(project, "见[第三个](#10-目的_2)。")
    assert len(_found(project)) == 1


def test_a_draft_s_dead_fragment_is_a_warning(project: Project) -> None:
    _link(project, "见[上文](#没有)。", where=DRAFT)
    found = _found(project)
    assert [(f.path, f.severity) for f in found] == [(DRAFT, Severity.WARNING)]
    assert "#11-" not in found[0].message and "#第一章-总则" in found[0].message


def test_links_to_generated_pages_other_files_and_missing_files_are_not_judged(project: Project) -> None:
    project.write("manuals/qp-hr/说明.txt", "x")
    _link(project, "见[登记](../register.md#x)、[文本](说明.txt#x)、[缺](缺少.md#x)、[网](https://example.com/#x)。")
    assert _found(project) == []


def test_the_message_is_in_the_project_s_language(project: Project) -> None:
    configure(project, language="en")
    _link(project, "see [above](#missing).")
    assert "names no place" in _found(project)[0].message
    i18n.set_language(i18n.DEFAULT)


def test_a_reference_with_a_section_is_qd130_not_a_silent_link(project: Project) -> None:
    # `[[ID]]` takes no #section: written so, it names no document (QD130), and QD165 does not judge it twice
    _link(project, "见 [[QP-02-01#目的]]。")
    found = check(load_config(project.root)).findings
    assert [f.code for f in found if f.code in ("QD130", "QD165")] == ["QD130"]


def test_the_shipped_project_has_no_dead_fragment(project: Project) -> None:
    assert _found(project) == []


_HEADING_ID = re.compile(r'<h([1-6]) id="([^"]*)"')


def test_the_ids_the_rule_computes_are_the_ids_the_built_site_has(tmp_path: Path) -> None:
    """Every heading of every page of the shipped manuals, plus headings written every way the scan must read
    (Chinese, numbered, emphasis, code, a link, a reference, an explicit id, a repeat, a footnote mark): the ids
    the rule computes without a render are the ids of the built site's pages."""
    from qmsdoc.core.rules.media import page_anchor_ids

    project = copy_project(tmp_path / "site")
    project.replace("qmsdoc.yml", "publish_drafts: false", "publish_drafts: true\nclause_numbering: 'off'")
    _link(project, "\n\n## 7.0 **加粗** 与 `代码_a` 和 [链接](../qp-hr/QP-02-01.md)\n\n"
                                           "## 8.0 见 [[QP-02-01]] 的 __要求__[^n]\n\n## 9.0 目的 {#explicit}\n\n"
                                           "## 第一章 总则\n\n### Résumé &amp; 说明\n\n[^n]: 注。", where=DRAFT)
    result = check(load_config(project.root))
    build = mkdocs_build(project.root)
    assert build.returncode == 0, build.stderr[-2000:]
    site = project.root / "build" / "site"
    compared = 0
    pages = [*result.context.documents, *(Page(m.source) for m in result.corpus.manuals)]
    for page in pages:
        ids = page_anchor_ids(result.context, page)
        folder = Path(page.path).relative_to("manuals")
        built = site / (folder.parent if folder.name == "index.md" else folder.with_suffix("")) / "index.html"
        if getattr(page, "status", None) is not None and not built.exists():
            continue  # an unpublished draft
        shown = [i for _, i in _HEADING_ID.findall(built.read_text("utf-8")) if not i.startswith("qms-")]
        assert ids.certain, page.path
        assert list(ids.headings) == shown, page.path
        compared += 1
    assert compared > 20
