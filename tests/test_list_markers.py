"""The check's and the import's line readers see the list items the page shows: one reading of what line starts
an item (dialect.list_items, the list rewrite's own), so `2025. 6 发布` under a paragraph line and `i. e.` stay a
paragraph's words for every reader, and a lettered `a.` item is an item for every reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_hostile_input import DOC, findings
from test_import_english import _import
from test_import_markdown import SOP_004, _draft, _project, _write

from qmsdoc.core.mdlinks import targets
from qmsdoc.core.render import render_unsanitised
from qmsdoc.core.structure import scan

from conftest import Project

# A link whose text runs over a line that only begins like an item: the page shows the link when that line is
# the paragraph's text, and no link when it starts an item.
LINK_OVER = {
    "a year under a paragraph line": "本程序的[质量手册\n2025. 6 版](QM-01.md)适用。",
    "i. e. under a paragraph line": "见[质量\ni. e. 手册](QM-01.md)",
    "a number other than 1 in a quote": "> 见[质量\n> 3. 6 手册](QM-01.md)",
    "a numbered item under a paragraph line": "见[质量\n1. 手册](QM-01.md)",
    "a lettered item under a paragraph line": "见[质量\na. 手册](QM-01.md)",
    "a numbered item in a quote": "> 引[质量\n> 1. 手册](QM-01.md)",
    "a bullet": "见[质量\n- 手册](QM-01.md)",
    # indented lines after a blank line: code under a paragraph, an item's own text under an item
    "code under a year's paragraph line": "正文\n2025. 6 发布\n\n    见[a](QM-01.md)",
    "code under i. e.": "正文\n\ni. e. 第一\n\n    见[a](QM-01.md)",
    "a lettered item's second paragraph": "正文\n\na. 第一\n\n    见[a](QM-01.md)",
    "a numbered item's second paragraph": "正文\n\n1. 第一\n\n    见[a](QM-01.md)",
    # a reference definition: in an item's text it defines, in a paragraph's words it does not
    "a definition in a lettered item": "见[手册][r]。\n\na. [r]: QM-01.md",
    "a definition after a number under a paragraph line": "见[手册][r]。\n\n正文\n3. [r]: QM-01.md",
}


@pytest.mark.parametrize("body", LINK_OVER.values(), ids=LINK_OVER.keys())
def test_a_link_over_an_item_like_line_is_read_as_the_page_shows_it(body: str) -> None:
    page = re.findall(r'<a href="([^"]+)"', render_unsanitised(body))
    assert [target.target for target in targets(body, 1)] == page


def test_the_readers_items_are_the_rewrites() -> None:
    from qmsdoc.core.dialect import list_items  # here: the other tests run against a tree without it too

    lines = ["本规定于", "2025. 6 发布", "", "a. 第一", "b. 第二", "", "正文", "i. e. 文字", "", "> 引文", "> 1. 一项"]
    assert {index: marker for index, (marker, _) in list_items(lines).items()} == {3: "a.", 4: "b.", 10: "1."}
    assert list_items(lines, fancy=False).keys() == {10}


def _clauses(body: str) -> list[tuple[int, ...]]:
    return [clause.number for clause in scan(body, 1).clauses]


# A clause number where the page starts an item's text is read as where a block starts, whatever the item's marker
# and whether a blank line stands above it; a line the page shows as a paragraph's words holds no clause.
ITEM_CLAUSES = {
    "numbered, after a blank line": ("正文\n\n1. 4.2 范围", [(4, 2)]),
    "numbered, under a paragraph line": ("正文\n1. 4.2 范围", [(4, 2)]),
    "lettered": ("正文\n\na. 4.2 范围", [(4, 2)]),
    "lettered, in a quote": ("> 正文\n>\n> a. 4.2 范围", [(4, 2)]),
    "a year under a paragraph line": ("正文\n2025. 6.1 发布", []),
    "i. e. is no item": ("正文\n\ni. e. 4.2 范围", []),
    "a bullet holds no clause": ("正文\n\n- 4.2 范围", []),
}


@pytest.mark.parametrize(("body", "clauses"), ITEM_CLAUSES.values(), ids=ITEM_CLAUSES.keys())
def test_a_clause_in_an_item_is_read_where_the_page_shows_the_item(body: str, clauses: list[tuple[int, ...]]) -> None:
    assert _clauses(body) == clauses


# The callout's lazy line is read after the list rewrite: an item under an alert's text is outside the box, a line
# that only begins like one is more of the box's paragraph.
ALERT_THEN = {
    "a numbered item": ("> [!NOTE]\n> 注意\n1. 第一", False),
    "a bullet": ("> [!NOTE]\n> 注意\n- 第一", False),
    "a lettered item": ("> [!NOTE]\n> 注意\na. 第一", False),
    "i. e.": ("> [!NOTE]\n> 注意\ni. e. 第一", True),
    "text": ("> [!NOTE]\n> 注意\n第一", True),
}


@pytest.mark.parametrize(("body", "inside"), ALERT_THEN.values(), ids=ALERT_THEN.keys())
def test_a_line_under_an_alert_is_in_the_box_only_when_it_is_no_item(body: str, inside: bool) -> None:
    page = render_unsanitised(body)
    box = page[page.index('class="admonition'):page.index("</div>")]
    assert ("第一" in box) == inside, page


# A heading is read in an item's text where the page shows the item, and not where it shows a paragraph's words.
HEADINGS = {
    "a number under a paragraph line": "正文\n3. ## 标题",
    "in a quote": "> 正文\n> 3. ## 标题",
    "i. e.": "正文\n\ni. e. ## 标题",
    "a lettered item": "正文\n\na. ## 标题",
    "a numbered item": "正文\n\n1. ## 标题",
    "a bullet in a quote": "> - ## 标题",
}


@pytest.mark.parametrize("body", HEADINGS.values(), ids=HEADINGS.keys())
def test_a_heading_in_an_item_is_read_where_the_page_shows_one(body: str) -> None:
    page = re.findall(r"<h\d[^>]*>([^<]*)</h\d>", render_unsanitised(body))
    assert [heading.text for heading in scan(body, 1).headings] == page


# A reference or footnote definition is one where the page reads one: on an item's text whatever its marker, not
# on a paragraph's line that only begins like an item.
DEFINED = {
    "a footnote in a lettered item": ("见[^1]。\n\na. [^1]: 注释", False),
    "a link label in a lettered item": ("见[登记表][r]。\n\na. [r]: https://a.cn", False),
    "a footnote in a bullet": ("见[^1]。\n\n- [^1]: 注释", False),
    "a footnote after a year under a paragraph line": ("见[^1]。\n\n正文\n3. [^1]: 注释", True),
    "a link label after a number under a paragraph line": ("见[登记表][r]。\n\n正文\n3. [r]: https://a.cn", True),
}


@pytest.mark.parametrize(("text", "undefined"), DEFINED.values(), ids=DEFINED.keys())
def test_a_definition_in_an_item_is_read_where_the_page_reads_one(project: Project, text: str,
                                                                  undefined: bool) -> None:
    project.write(DOC, project.read(DOC) + "\n" + text + "\n")
    assert bool(findings(project, "QD025")) == undefined


# An imported file's link whose text runs over a line that only begins like an item is relinked as the page shows
# it: a link over a paragraph's `2025. 6` line is one, and none runs over an `a.` or `1.` item's start.
IMPORTED_LINK_OVER = {
    "a year under a paragraph line": ("See the [supplier\n2025. 6 evaluation](sop-004.md) now.\n",
                                      "See the [[SOP-004]] now.\n"),
    "a lettered item": ("See the [supplier\na. evaluation](sop-004.md) now.\n",
                        "See the [supplier\na. evaluation](sop-004.md) now.\n"),
    "a numbered item": ("See the [supplier\n1. evaluation](sop-004.md) now.\n",
                        "See the [supplier\n1. evaluation](sop-004.md) now.\n"),
}


@pytest.mark.parametrize(("text", "body"), IMPORTED_LINK_OVER.values(), ids=IMPORTED_LINK_OVER.keys())
def test_an_imported_link_over_an_item_like_line_is_relinked_as_the_page_shows_it(tmp_path: Path, text: str,
                                                                                  body: str) -> None:
    root, src = _project(tmp_path), tmp_path / "src"
    source = _write(src, "sop-005.md", f"# Handling\n\nDocument No.: SOP-005\n\n## Overview\n\n{text}")
    code, report = _import(root, "--manual", "SOP", str(_write(src, "sop-004.md", SOP_004)), str(source))
    assert code == 0, report
    assert _draft(root / "manuals" / "sop" / "SOP-005.md")[2] == f"## Overview\n\n{body}"


# A Records section's items are the items the imported page shows: a lettered one names a form as a numbered one
# does; a paragraph's `2025. 6` line is no item (the paragraph of form-number lines stays one paragraph).
RECORDS = {
    "lettered items": ("a. GSKF-07-F01 事故登记表\nb. GSKF-07-F02 事故处理单\n",
                       "a. [[GSKF-07-F01]]\nb. [[GSKF-07-F02]]\n", {"GSKF-07-F01", "GSKF-07-F02"}),
    "numbered items": ("1. GSKF-07-F01 事故登记表\n2. GSKF-07-F02 事故处理单\n",
                       "1. [[GSKF-07-F01]]\n2. [[GSKF-07-F02]]\n", {"GSKF-07-F01", "GSKF-07-F02"}),
    "a year in a paragraph": ("按以下记录保存\n2025. 6 起 GSKF-07-F01 停用\n",
                              "按以下记录保存\n2025. 6 起 GSKF-07-F01 停用\n", set()),
}


@pytest.mark.parametrize(("records", "body", "forms"), RECORDS.values(), ids=RECORDS.keys())
def test_a_records_sections_items_are_the_pages(tmp_path: Path, records: str, body: str, forms: set[str]) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (root / "qmsdoc.yml").write_text("language: zh-CN\n", "utf-8")
    source = _write(tmp_path / "src", "gskf-07.md", "# 事故处理程序\n\n文件编号：GSKF-07\n\n## 1 目的\n\n处理事故。\n\n"
                    f"## 5 质量记录\n\n{records}")
    code, report = _import(root, "--manual", "GSKF", str(source))
    assert code == 0, report
    assert _draft(root / "manuals" / "gskf" / "GSKF-07.md")[2].endswith(f"## 5 质量记录\n\n{body}")
    assert {path.stem for path in root.glob("controlled_forms/**/*.yaml")} == forms


# An item line over `===` is left as written by the import whatever the item's marker (the list rewrite's items);
# a line that only begins like one is a setext heading's text, made an ATX heading as any other.
SETEXT = {
    "numbered": ("Intro\n\n1. Purpose\n===\n", "Intro\n\n1. Purpose\n===\n"),
    "lettered": ("Intro\n\na. Purpose\n===\n", "Intro\n\na. Purpose\n===\n"),
    "i. e.": ("Intro\n\ni. e. Purpose\n===\n", "Intro\n\n## i. e. Purpose\n"),
}


@pytest.mark.parametrize(("text", "body"), SETEXT.values(), ids=SETEXT.keys())
def test_an_item_over_an_underline_is_read_alike_whatever_its_marker(tmp_path: Path, text: str, body: str) -> None:
    root, src = _project(tmp_path), tmp_path / "src"
    source = _write(src, "sop-005.md", f"# Handling\n\nDocument No.: SOP-005\n\n{text}")
    code, report = _import(root, "--manual", "SOP", str(source))
    assert code == 0, report
    assert _draft(root / "manuals" / "sop" / "SOP-005.md")[2] == body
