"""Other teams' Markdown habits: numbered headings `## 1. Purpose`, `clause_numbering: off` unquoted,
lists and quotes as other editors write them, and what QD200 says about a malformed tag."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.render import render_markdown

from conftest import Project, run_cli

NUMBERED = """## 1. Purpose

To control documents.

### 1.1 Background

Text.

## 2. Scope

All documents.

### 2.1 Exclusions

None.

## 3. Responsibilities

The quality manager.

## 4. Procedure

### 4.1 Step one

Do it.

### 4.2 Step two

Do it again.

## 5. Records

None.
"""


def english_project(root: Path, body: str = NUMBERED, config: str = "") -> Path:
    """A one-manual English project with one draft procedure whose body is `body`."""
    (root / "manuals" / "sop").mkdir(parents=True)
    (root / "qmsdoc.yml").write_text(f"language: en\norganisation: Example Ltd\n{config}", "utf-8")
    (root / "manuals" / "sop" / "index.md").write_text(
        "---\nid: SOP\ntitle: Standard Operating Procedures\nowner: Quality\norder: 1\nversion: A/0\n"
        "numbering:\n  document: '^SOP-\\d{3}$'\n  form: '^SOP-\\d{3}-F\\d{2}$'\n---\n"
        "# Standard Operating Procedures\n\n## Scope\n\nAll procedures.\n", "utf-8")
    doc = root / "manuals" / "sop" / "SOP-001.md"
    doc.write_text("---\nid: SOP-001\ntitle: Control of Documents\ntype: procedure\nversion: A/0\nstatus: draft\n"
                   f"department: Quality\n---\n{body}", "utf-8")
    return doc


def _findings(root: Path, code: str) -> list[str]:
    return [f"{f.line}: {f.message}" for f in check(load_config(root)).findings
            if f.code == code and f.path.endswith("SOP-001.md")]


@pytest.mark.parametrize("mode", ["strict", "headings-only"])
def test_numbered_headings_are_a_clause_sequence_and_name_the_sections(tmp_path: Path, mode: str) -> None:
    english_project(tmp_path, config=f"clause_numbering: {mode}\n")
    assert _findings(tmp_path, "QD161") == []
    assert _findings(tmp_path, "QD160") == []


def test_numbered_headings_still_report_a_real_jump_and_a_missing_section(tmp_path: Path) -> None:
    english_project(tmp_path, NUMBERED.replace("## 3. Responsibilities", "## 4. Duties"))
    jumps = _findings(tmp_path, "QD161")
    assert jumps and "2.1" in jumps[0] and "4" in jumps[0]
    missing = _findings(tmp_path, "QD160")
    assert len(missing) == 1 and "Responsibilities" in missing[0]


def test_numbered_headings_in_a_chinese_procedure(project: Project) -> None:
    doc = "manuals/qp-hr/QP-02-03.md"
    text = project.read(doc)
    for old, new in (("## 1.0 目的", "## 1. 目的"), ("## 2.0 适用范围", "## 2. 适用范围"),
                     ("## 3.0 职责", "## 3. 职责")):
        text = text.replace(old, new)
    project.write(doc, text)
    project.restamp(doc)
    findings = [f for f in check(load_config(project.root)).findings if f.path == doc]
    assert [f for f in findings if f.code in ("QD160", "QD161")] == []


@pytest.mark.parametrize("marks", [("一、", "二、", "三、", "四、", "五、", "六、"),
                                   ("（一）", "（二）", "（三）", "（四）", "（五）", "（六）"),
                                   ("1、", "2、", "3、", "4、", "5、", "6、"), ("1 ", "2 ", "3 ", "4 ", "5 ", "6 "),
                                   ("一．", "二．", "三．", "四．", "五．", "六．")])
def test_chinese_heading_numbers_name_the_sections(project: Project, marks: tuple[str, ...]) -> None:
    """`## 一、目的`, `## （一）目的`, `## 1、目的`: the number is not part of the section's name — the required
    sections are found, and the forms listed under `六、质量记录` are its records (QD151/QD152 quiet)."""
    doc = "manuals/qp-hr/QP-02-03.md"
    text = project.read(doc)
    names = ("1.0 目的", "2.0 适用范围", "3.0 职责", "4.0 程序要点", "5.0 支持性文件", "6.0 质量记录")
    for mark, name in zip(marks, names, strict=True):
        text = text.replace(f"## {name}\n", f"## {mark}{name.split(' ')[1]}\n")
    assert text != project.read(doc)
    project.write(doc, text)
    project.restamp(doc)
    findings = check(load_config(project.root)).findings
    assert [f.format() for f in findings if f.code in ("QD151", "QD152", "QD160")] == []


@pytest.mark.parametrize("marks", [("Section 1: ", "Section 2: ", "Section 3: ", "Section 4: ", "Section 5: "),
                                   ("1 – ", "2 – ", "3 – ", "4 – ", "5 – "),
                                   ("1.0 - ", "2.0 - ", "3.0 - ", "4.0 - ", "5.0 - "),
                                   ("A. ", "B. ", "C. ", "D. ", "E. "), ("I. ", "II. ", "III. ", "IV. ", "V. "),
                                   ("Clause 1 — ", "Clause 2 — ", "Clause 3 — ", "Clause 4 — ", "Clause 5 — ")])
@pytest.mark.parametrize("colon", ["", ":"])
def test_english_heading_numbers_name_the_sections(tmp_path: Path, marks: tuple[str, ...], colon: str) -> None:
    """`## Section 1: Purpose`, `## 1 – Purpose`, `## II. Scope`, `## Purpose:`: the number (and a closing colon)
    is not part of the section's name, as 一、 and （一） are not in a Chinese procedure — QD160 said an English
    procedure numbered so had no Purpose, Scope, Responsibilities, Procedure or Records section. A number in digits
    is a clause: QD161 said `### 1.1` jumped to `### 2.1` under `## Section 2: Scope`."""
    names = ("Purpose", "Scope", "Responsibilities", "Procedure", "Records")
    body = NUMBERED
    for number, (mark, name) in enumerate(zip(marks, names, strict=True), start=1):
        body = body.replace(f"## {number}. {name}\n", f"## {mark}{name}{colon}\n")
    assert body.count("\n## ") == NUMBERED.count("\n## ") and body != NUMBERED
    english_project(tmp_path, body)
    assert _findings(tmp_path, "QD160") == []
    if marks[0][0] in "1SC":  # a number in digits is the clause its subclauses (### 1.1 Background) go on from
        assert _findings(tmp_path, "QD161") == []
        english_project(tmp_path / "jump", body.replace(f"{marks[2]}Responsibilities", f"{marks[3]}Responsibilities"))
        assert _findings(tmp_path / "jump", "QD161"), "a real jump (2.1 to 4) is still told"
    english_project(tmp_path / "duties", body.replace("Responsibilities", "Duties"))
    missing = _findings(tmp_path / "duties", "QD160")
    assert len(missing) == 1 and "Responsibilities" in missing[0], missing


def test_english_chapters_and_articles_are_not_clause_numbers(tmp_path: Path) -> None:
    """A policy in chapters and articles (`## Chapter 2` › `### Article 3`, 第二章 › 第三条 in English) counts each
    on its own: Article 3 under Chapter 2 is no jump from clause 2 to clause 3."""
    body = "".join(f"## Chapter {chapter} General\n\n" + "".join(
        f"### Article {article} {name}\n\nText.\n\n" for article, name in articles)
        for chapter, articles in ((1, ((1, "Purpose"), (2, "Scope"))),
                                  (2, ((3, "Responsibilities"), (4, "Procedure"), (5, "Records")))))
    english_project(tmp_path, body)
    assert _findings(tmp_path, "QD161") == [] and _findings(tmp_path, "QD160") == []


def test_an_english_article_or_chapter_number_gap_is_told_as_a_chinese_one_is(tmp_path: Path) -> None:
    """`### Article 3` after `### Article 1` is a gap, as 第三条 after 第一条 is — it went untold in English;
    `Article 5 of the contract` in running text is a citation, not a number of this document."""
    body = ("## Chapter 1 General\n\n### Article 1 Purpose\n\nAs Article 5 of the contract says.\n\n"
            "### Article 3 Scope\n\nText.\n\n## Chapter 3 Duties\n\n### Article 4 Responsibilities\n\nText.\n\n"
            "### Article 5 Procedure\n\nText.\n\n### Article 6 Records\n\nNone.\n")
    english_project(tmp_path, body)
    assert [f.split(": ", 1)[1] for f in _findings(tmp_path, "QD161")] == [
        "Article 3 should come after Article 2: the numbers must run without gaps; renumber",
        "Chapter 3 should come after Chapter 2: the numbers must run without gaps; renumber"]


def test_a_heading_joining_two_sections_names_both(project: Project) -> None:
    """`## 1.0 目的和适用范围` is the Purpose and the Scope section; `## 5.0 支持性文件和质量记录` lists the forms
    (QD151 quiet) beside the documents it cites (no QD152 for those) — an unknown number there still fires."""
    doc = "manuals/qp-hr/QP-02-03.md"
    text = project.read(doc).replace("## 1.0 目的\n", "## 1.0 目的和适用范围\n").replace(
        "\n## 2.0 适用范围\n\n", "\n").replace("\n## 6.0 质量记录\n\n", "\n").replace(
        "## 5.0 支持性文件", "## 5.0 支持性文件和质量记录").replace("## 3.0 职责", "## 2.0 职责与权限").replace(
        "## 4.0 程序要点", "## 3.0 程序要点").replace("## 5.0 支持性文件和质量记录", "## 4.0 支持性文件和质量记录")
    project.write(doc, text)
    project.restamp(doc)
    codes = ("QD151", "QD152", "QD160")
    assert [f.format() for f in check(load_config(project.root)).findings if f.code in codes] == []
    project.write(doc, text.replace("- [[QP-02-01]]", "- [[QP-02-01]]\n- [[QP-02-99]]"))
    project.restamp(doc)
    assert [f.code for f in check(load_config(project.root)).findings if f.code in codes] == ["QD152"]


def test_a_procedure_cited_in_the_records_section_is_a_citation_not_a_missing_form(project: Project) -> None:
    """`## 6.0 质量记录` saying by which procedure the records are kept (按 [[QP-02-01]] 保存, or a link to its file)
    cites a document: QD152 told the writer to create QP-02-01.yaml, a form with a procedure's number. A number
    that is neither a document nor a form still fires, with that advice."""
    doc = "manuals/qp-hr/QP-02-03.md"
    cited = "- [[QP-02-03-F003]]\n\n以上记录按 [[QP-02-01]] 保存，另见 [招聘与录用管理工作规程](QP-02-01.md)。\n"
    text = project.read(doc).replace("- [[QP-02-03-F003]]\n", cited)
    assert cited in text
    project.write(doc, text)
    project.restamp(doc)
    codes = ("QD130", "QD151", "QD152")
    assert [f.format() for f in check(load_config(project.root)).findings if f.code in codes] == []
    project.write(doc, text.replace("按 [[QP-02-01]]", "按 [[QP-02-77]]"))
    project.restamp(doc)
    found = [f for f in check(load_config(project.root)).findings if f.code in codes]
    assert [(f.code, "QP-02-77.yaml" in f.message) for f in found] == [("QD152", True)], found


def test_forms_listed_under_a_deeper_records_heading_are_listed(project: Project) -> None:
    """`## 6.0 相关文件和附录` › `### 6.2 质量记录`: the forms listed under the deeper records heading are the
    document's records (QD151 quiet); under a deeper heading that is not one (`### 6.2 附表`) they are not. A
    `### 4.3 记录` step citing a procedure is not taken for a list of forms (no QD152)."""
    doc = "manuals/qp-hr/QP-02-03.md"
    text = project.read(doc).replace("## 6.0 质量记录\n",
                                     "## 6.0 相关资料\n\n### 6.1 说明\n\n见下表。\n\n### 6.2 质量记录\n")
    text = text.replace("## 5.0 支持性文件", "### 4.9 记录\n\n按 [[QP-02-01]] 的要求填写。\n\n## 5.0 支持性文件")
    project.write(doc, text)
    project.restamp(doc)
    codes = ("QD151", "QD152", "QD130")
    assert [f.format() for f in check(load_config(project.root)).findings if f.code in codes] == []
    project.write(doc, text.replace("### 6.2 质量记录", "### 6.2 附表"))
    project.restamp(doc)
    assert {f.code for f in check(load_config(project.root)).findings if f.code in codes} == {"QD151"}


def test_a_record_section_is_found_in_any_case(tmp_path: Path) -> None:
    english_project(tmp_path, NUMBERED.replace("## 5. Records\n\nNone.", "## 5. RECORDS\n\n- [[SOP-001-F09]]"))
    assert any("SOP-001-F09" in line for line in _findings(tmp_path, "QD152"))  # read as the records section
    assert _findings(tmp_path, "QD130") == []


def test_clause_numbering_off_unquoted_is_accepted(project: Project) -> None:
    doc = "manuals/qp-hr/QP-02-03.md"
    project.revise(doc, "4.2.3 申请辞职", "4.4.3 申请辞职")
    assert [f for f in check(load_config(project.root)).findings if f.code == "QD161"]
    project.replace("qmsdoc.yml", "review_warning_days: 30", "review_warning_days: 30\nclause_numbering: off")
    assert load_config(project.root).clause_numbering == {"default": "off"}
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0 and "QD161" not in result.stdout, result.stderr
    project.replace("qmsdoc.yml", "clause_numbering: off", "clause_numbering: {default: strict, procedure: off}")
    assert run_cli("check", cwd=project.root).returncode == 0


def test_clause_numbering_off_unquoted_in_a_manual_index(project: Project) -> None:
    doc = "manuals/qp-hr/QP-02-03.md"
    project.revise(doc, "4.2.3 申请辞职", "4.4.3 申请辞职")
    assert [f for f in check(load_config(project.root)).findings if f.code == "QD161"]
    project.replace("manuals/qp-hr/index.md", "order: 1", "order: 1\nclause_numbering: off")
    findings = check(load_config(project.root)).findings
    assert [f for f in findings if f.code in ("QD161", "QD004")] == []


def test_clause_numbering_on_unquoted_says_to_write_a_mode(project: Project) -> None:
    project.replace("qmsdoc.yml", "review_warning_days: 30", "review_warning_days: 30\nclause_numbering: on")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2
    assert "clause_numbering" in result.stderr and "strict" in result.stderr and "类型" not in result.stderr


# -- lists and quotes ---------------------------------------------------------------------------------

def _html(body: str) -> str:
    return render_markdown(body, lambda code: None).html


def test_a_two_space_nested_list_inside_a_quote_stays_nested() -> None:
    html = _html("> Items:\n>\n> * one\n>   * nested\n> * two\n")
    assert "<li>one<ul>\n<li>nested</li>\n</ul>\n</li>\n<li>two</li>" in html


def test_a_list_right_under_a_paragraph_line_inside_a_quote_is_a_list() -> None:
    html = _html("> Note the following:\n> * one\n> * two\n")
    assert "<p>Note the following:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "* one" not in html
    nested = _html("> outer\n>\n> > inner\n> > 1. a\n> > 2. b\n")
    assert nested.count("<blockquote>") == 2 and "<ol>\n<li>a</li>\n<li>b</li>\n</ol>" in nested


def test_two_quotes_a_blank_line_apart_stay_two() -> None:
    html = _html("> first quote\n\n> second quote\n")
    assert html.count("<blockquote>") == 2 and "<!--" not in html
    one = _html("> first para\n>\n> second para\n")  # one quote of two paragraphs stays one
    assert one.count("<blockquote>") == 1 and one.count("<p>") == 2
    fenced = _html("```\n> a\n\n> b\n```\n")  # inside code nothing changes
    assert "<blockquote>" not in fenced and "&gt; a\n\n&gt; b" in fenced


def test_an_escaped_pipe_in_a_table_cells_code_is_a_pipe_as_on_github() -> None:
    html = _html("| 命令 | 说明 |\n|:---|---|\n| `grep a \\| wc` | ``x \\| ` y`` |\n")
    assert "<code>grep a | wc</code>" in html and "<code>x | ` y</code>" in html and "\\" not in html
    assert html.count("<td") == 2


def test_code_outside_a_table_keeps_its_backslash() -> None:
    html = _html("`a \\| b` 行内\n\n```\n| h |\n|---|\n| `c \\| d` |\n```\n\n    | h |\n    |---|\n    | `e \\| f` |\n")
    assert "<code>a \\| b</code>" in html and "`c \\| d`" in html and "`e \\| f`" in html
    assert "<table>" not in html


def test_quotes_and_lists_in_the_word_copy_match_the_page(project: Project) -> None:
    from docx import Document as Docx

    doc = "manuals/qp-hr/QP-02-03.md"
    project.revise(doc, "## 5.0 支持性文件",
                   "## 5.0 支持性文件\n\n> 注意以下事项：\n> * 甲项\n>   * 甲项细则\n\n> 另一条提示\n")
    result = run_cli("docx", "QP-02-03", cwd=project.root)
    assert result.returncode == 0, result.stderr
    texts = [p.text.strip() for p in Docx(str(project.path("build/docx/documents/QP-02-03.docx"))).paragraphs]
    assert "甲项" in texts and "甲项细则" in texts and not any("* 甲项" in t for t in texts)
    assert "另一条提示" in texts and not any("注意以下事项" in t and "另一条提示" in t for t in texts)


# -- QD200 --------------------------------------------------------------------------------------------

def test_qd200_says_what_the_site_shows_of_a_malformed_tag(project: Project) -> None:
    doc = "manuals/qp-hr/QP-02-03.md"
    project.revise(doc, "## 5.0 支持性文件", "## 5.0 支持性文件\n\n第一行<br\\>第二行\n\n<script>x</script>")
    findings = [f for f in check(load_config(project.root)).findings if f.code == "QD200"]
    malformed = next(f for f in findings if "<br\\>" in f.message)
    assert "显示为文字“<br>”" in malformed.message and "不会显示它" not in malformed.message
    assert "请写成 <br>" in malformed.message
    script = next(f for f in findings if "<script>" in f.message)
    assert "不会显示它" in script.message and "写错的标签" not in script.message
    shown = render_markdown("第一行<br\\>第二行", lambda code: None).html
    assert "&lt;br&gt;" in shown  # what the message promises is what the page holds
