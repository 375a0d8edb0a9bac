"""Hostile command lines (an audit of every subcommand): each class of bad input found there is refused once, where
every command passes — exit 2 with a message in the project's language naming what is wrong, never a traceback
and nothing written — and the ordinary input next to it still works."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.core.findings import shown

from conftest import CliRun, Project, configure, run_cli

DOC = "QP-02-03"


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "build" not in p.relative_to(root).parts}


def named(args: tuple[str, ...]) -> str:
    """The option (if any) whose value in `args` is blank or holds a control character."""
    for option, value in zip(("", *args), args, strict=False):
        if value.startswith("--") and "=" in value:
            option, _, value = value.partition("=")
        if not value.strip() or any(shown(c) != c for c in value):
            return option if option.startswith("--") else ""
    raise AssertionError(f"no bad value in {args}")


# A control character in an argument: a NUL (only a caller passing a list can send one) in a path made the file
# system raise ValueError (a traceback); a newline or ESC in an id was printed raw in the refusal (a forged line, a
# terminal's escape sequence). Every kind of argument, in several commands.
CONTROL_ARGUMENTS = [
    ("check", "--path", "x\0y"),
    ("check", "x\0y"),
    ("docx", DOC, "--out", "out\0dir"),
    ("register", "--as-of", "2026-06-01", "--out", "r\0.csv"),
    ("release", "QP\0-02-03", "--by", "总经理", "--change", "x"),
    ("init", "new\0project"),
    ("release", "QP-02-03\n未完成：伪造的一行", "--by", "总经理", "--change", "x"),
    ("acknowledgements", "QP-02-03\x1b[2J"),
    ("copy", DOC, "--version", "A/0\u202e"),
    ("check", "--path", "typo\nname"),
    ("issue", DOC, "--to=人事部\t"),
]


@pytest.mark.parametrize("args", CONTROL_ARGUMENTS, ids=lambda a: ascii(" ".join(a)))
def test_a_control_character_in_any_argument_is_a_usage_error(project: Project, args: tuple[str, ...]) -> None:
    before = files(project.root)
    result = qmsdoc(project, *args)
    assert result.returncode == 2, result
    assert "用法错误" in result.stderr and "控制字符 U+" in result.stderr, result.stderr
    assert named(args) in result.stderr, "the option whose value it is is named"
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""
    assert not any(c in result.stderr for c in "\0\x1b\u202e")
    assert files(project.root) == before


# An empty value (an unset shell variable): looked up as the id '' (「找不到文件编号 」), or as the current folder.
@pytest.mark.parametrize("args", [
    ("release", "", "--by", "总经理", "--change", "x"),
    ("obsolete", DOC, "--superseded-by", "", "--by", "总经理"),
    ("recall", " "),
    ("check", "--path", ""),
    ("acknowledgements", DOC, "--version="),
], ids=["id", "successor", "copy-number", "path", "version="])
def test_a_blank_value_is_a_usage_error(project: Project, args: tuple[str, ...]) -> None:
    before = files(project.root)
    result = qmsdoc(project, *args)
    assert result.returncode == 2, result
    assert "用法错误" in result.stderr and "为空" in result.stderr, result.stderr
    assert named(args) in result.stderr, "the option whose value it is is named"
    assert files(project.root) == before


def test_printable_arguments_are_not_refused_for_it(project: Project) -> None:
    result = qmsdoc(project, "check", "--path", ".")
    assert result.returncode == 0, result
    result = qmsdoc(project, "acknowledgements", "QP-02-03", "--version", "A/0")  # CJK, slash, dash: printable
    assert "控制字符" not in result.stderr and "为空" not in result.stderr, result.stderr
    result = qmsdoc(project, "revise", "QP-02-03", "--discard")  # a flag before the id: the id is no flag's value
    assert "控制字符" not in result.stderr and "为空" not in result.stderr, result.stderr


def test_a_control_character_is_refused_in_the_projects_language(project: Project) -> None:
    configure(project, language="en")
    result = qmsdoc(project, "check", "--path", "x\0y")
    assert result.returncode == 2
    assert "Usage error" in result.stderr and "control character U+0000" in result.stderr, result.stderr


# The project path (a folder argument or --path) named a file, or a folder that is not there, below a project:
# find_root walked up from it and ran the command on the project around it, as if the argument had been right.
@pytest.mark.parametrize("args", [
    ("check", "qmsdoc.yml"),
    ("check", "--path", "no-such-folder"),
    ("check", "--path", "x" * 5000),
    ("release", DOC, "--by", "总经理", "--change", "x", "--keep-review", "--path", "qmsdoc.yml"),
    ("acknowledgements", DOC, "--path", "manuals/qp-hr/QP-02-03.md"),
    ("register", "--as-of", "2026-06-01", "--path", "missing"),
], ids=["file", "missing", "too-long", "release-file", "acks-file", "register-missing"])
def test_a_project_path_that_is_no_folder_is_refused(project: Project, args: tuple[str, ...]) -> None:
    before = files(project.root)
    result = qmsdoc(project, *args)
    assert result.returncode == 2, result
    assert "不是已有的文件夹" in result.stderr, result.stderr
    assert files(project.root) == before


def test_a_project_path_that_is_no_folder_is_refused_in_english(project: Project) -> None:
    configure(project, language="en")
    result = qmsdoc(project, "check", "qmsdoc.yml")
    assert result.returncode == 2
    assert "is not an existing folder" in result.stderr and "qmsdoc.yml" in result.stderr, result.stderr


def test_a_folder_inside_the_project_still_finds_it(project: Project) -> None:
    result = qmsdoc(project, "check", "--path", "manuals/qp-hr")
    assert result.returncode == 0, result
    assert "不是已有的文件夹" not in result.stderr


# mkdocs.yml that MkDocs refuses is the project's configuration, not the command line (core/errors.py): 配置错误.
@pytest.mark.parametrize("text", ["- a\n- b\n", "site_name: [1, 2]\n", "a: b: c\n"], ids=["list", "type", "syntax"])
def test_a_broken_mkdocs_yml_is_a_configuration_error(project: Project, tmp_path: Path, text: str) -> None:
    from qmsdoc.core.config import ConfigError
    from qmsdoc.site.exporter import load_site_config

    project.write("mkdocs.yml", text)
    with pytest.raises(ConfigError) as caught:
        load_site_config(project.path("mkdocs.yml"), tmp_path / "site", docs_dir=project.path("manuals"),
                         strict=False)
    assert "配置错误" in caught.value.show() and "mkdocs.yml" in str(caught.value)


def test_a_mkdocs_yml_missing_a_value_says_which_and_once(project: Project, tmp_path: Path,
                                                        capfd: pytest.CaptureFixture[str]) -> None:
    """An empty mkdocs.yml (an editor saves empty, then full) said only MkDocs' 「Aborted with a configuration
    error!」 — the reason went to the terminal alone, twice when loaded inside the preview's own log."""
    from qmsdoc.core.config import ConfigError
    from qmsdoc.site.exporter import _mkdocs_log, load_site_config

    project.write("mkdocs.yml", "")
    with pytest.raises(ConfigError) as caught, _mkdocs_log():  # as the preview's update loads it
        load_site_config(project.path("mkdocs.yml"), tmp_path / "site", docs_dir=project.path("manuals"),
                         strict=False)
    assert "site_name" in str(caught.value) and "Aborted" not in str(caught.value), caught.value
    printed = capfd.readouterr()
    assert "site_name" not in printed.err, printed.err  # said once: in the error the caller shows


def test_a_broken_qmsdoc_yml_read_by_the_site_is_one_configuration_error(project: Project, tmp_path: Path) -> None:
    """Read again by the site's plugin (the preview reloads mkdocs.yml), qmsdoc.yml's error was wrapped twice:
    「配置错误：qmsdoc 配置错误：…」."""
    from qmsdoc.core.config import ConfigError
    from qmsdoc.site.exporter import load_site_config

    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "organisation: [unclosed\n")
    with pytest.raises(ConfigError) as caught:
        load_site_config(project.path("mkdocs.yml"), tmp_path / "site", docs_dir=project.path("manuals"),
                         strict=False)
    shown_error = caught.value.show()
    assert shown_error.count("配置错误") == 1 and "qmsdoc.yml:" in shown_error and "QD003" in shown_error, shown_error


def test_the_shipped_mkdocs_yml_loads(project: Project, tmp_path: Path) -> None:
    from qmsdoc.site.exporter import load_site_config

    loaded = load_site_config(project.path("mkdocs.yml"), tmp_path / "site", docs_dir=project.path("manuals"),
                              strict=False)
    assert loaded["site_dir"] == str(tmp_path / "site")


# An output below a regular file (what a read-only place is to root): "File exists" / "Not a directory" came from
# the file system half-way through, exit 1 in Python's English, or after a register had been read and a copy made.
@pytest.mark.parametrize(("args", "settings", "label"), [
    (("docx", DOC, "--out", "qmsdoc.yml/out"), {}, "配置错误"),
    (("docx", DOC), {"build_dir": "qmsdoc.yml/build"}, "配置错误"),
    (("check",), {"issued_dir": "qmsdoc.yml/issued"}, "配置错误"),
    (("issue", DOC, "--to", "人事部"), {"distribution": "mkdocs.yml/distribution.yaml"}, "配置错误"),
    (("revise", DOC, "--by", "质量专员"), {"revisions_dir": "qmsdoc.yml/revisions"}, "配置错误"),
    (("register", "--as-of", "2026-06-01", "--out", "qmsdoc.yml/register.csv"), {}, "用法错误"),
    (("copy", DOC, "--version", "A/1", "--out", "mkdocs.yml/x/copy.docx"), {}, "用法错误"),
    (("init", "qmsdoc.yml/new"), {}, "用法错误"),
], ids=["docx-out", "build_dir", "issued_dir", "distribution", "revisions_dir", "register-out", "copy-out",
        "init"])
def test_an_output_below_a_file_is_refused_before_anything_is_written(repo: Project, args: tuple[str, ...],
                                                                      settings: dict[str, str], label: str) -> None:
    configure(repo, **settings)
    before = files(repo.root)
    result = qmsdoc(repo, *args)
    assert result.returncode == 2, result
    assert result.stderr.startswith(label) and "不是文件夹" in result.stderr, result.stderr
    assert not any(words in result.stderr for words in ("Errno", "Not a directory", "File exists"))
    assert files(repo.root) == before


def test_an_output_below_a_file_is_refused_in_english(project: Project) -> None:
    configure(project, language="en", issued_dir="qmsdoc.yml/issued")
    result = qmsdoc(project, "check")
    assert result.returncode == 2 and "is a file, not a folder" in result.stderr, result.stderr


def test_outputs_in_new_folders_are_written(repo: Project, tmp_path: Path) -> None:
    configure(repo, issued_dir="records/issued/2026", build_dir="out/build")
    result = qmsdoc(repo, "register", "--as-of", "2026-06-01", "--out", str(tmp_path / "new" / "register.csv"))
    assert result.returncode == 0 and "不是文件夹" not in result.stderr, result.stderr
    assert (tmp_path / "new" / "register.csv").is_file()
    assert qmsdoc(repo, "check").returncode == 0


# Values of the right type that name nothing usable: `--jobs 0`/`-3` were taken as they were (a pool of no workers),
# `--only site,,records` refused an unnamed value (「取值 、x」).
@pytest.mark.parametrize(("args", "says"), [
    (("docx", DOC, "--jobs", "0"), "--jobs：'0' 无效"),
    (("pdf", DOC, "--jobs=-3"), "--jobs：'-3' 无效"),
    (("build", "--only", "site,,records"), "--only 的取值 '' 无效"),
], ids=["jobs-0", "jobs-negative", "only-empty-item"])
def test_a_value_that_names_nothing_usable_is_a_usage_error(project: Project, args: tuple[str, ...],
                                                           says: str) -> None:
    before = files(project.root)
    result = qmsdoc(project, *args)
    assert result.returncode == 2, result
    assert result.stderr.startswith("用法错误") and says in result.stderr, result.stderr
    assert files(project.root) == before


def test_usable_values_are_taken(project: Project, tmp_path: Path) -> None:
    result = qmsdoc(project, "docx", DOC, "--jobs", "1", "--out", str(tmp_path / "copies"))
    assert result.returncode == 0, result


# A folder given as the sign-in sheet: 「无法读取签到表：Is a directory」, the system's English; a FIFO already had
# the finding that says what it is (tests/test_acknowledgements.py), a folder now has the same.
def test_a_folder_as_sign_in_sheet_is_named_as_no_file(tmp_path: Path) -> None:
    from qmsdoc.acts.signsheet import read_sheet

    (tmp_path / "sheet").mkdir()
    rows, findings = read_sheet(tmp_path / "sheet", 1024)
    assert rows == [] and len(findings) == 1 and "签到表不是普通文件" in findings[0].message, findings
    assert "Is a directory" not in findings[0].message
    (tmp_path / "sheet.csv").write_text("姓名,部门,日期\n张三,客服部,2026-03-01\n", "utf-8")
    rows, findings = read_sheet(tmp_path / "sheet.csv", 1024)
    assert findings == [] and len(rows) == 1


def test_a_broken_theme_template_fails_the_build_with_a_message(project: Project) -> None:
    """A misspelt tag in mkdocs.yml's theme.custom_dir ended `qmsdoc build` with Jinja's traceback."""
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    project.replace("qmsdoc.yml", "pdf_copies: true", "pdf_copies: false")
    project.replace("mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    project.write("overrides/main.html", '{% extends "base.html" %}{% block announce %}x{% endblok %}')
    result = qmsdoc(project, "build", "--only", "site")
    assert result.returncode == 1 and "overrides/main.html 第 1 行有误" in result.stderr, result
    assert "Traceback" not in result.stdout + result.stderr


# A title QD019 refuses in a source (too long, padded) was accepted on the command line: `new` wrote the draft,
# checked it, deleted it and reported a finding at a line of the file it had just deleted (exit 1). (A line break
# is a control character: refused for every argument, above.)
@pytest.mark.parametrize("title", ["长" * 3000, " 前导空格"], ids=["long", "padded"])
@pytest.mark.parametrize("command", ["new", "import"])
def test_a_title_qd019_refuses_is_a_usage_error(project: Project, tmp_path: Path, command: str, title: str) -> None:
    source = tmp_path / "手册.txt"
    source.write_text("规程\n1.0 目的\n规范。\n", "utf-8")
    args = (("new", "--manual", "QP-02", "--department", "人事部", "--by", "张三") if command == "new"
            else ("import", str(source), "--manual", "ZD", "--dry-run"))
    before = files(project.root)
    result = qmsdoc(project, *args, "--title", title)
    assert result.returncode == 2, result
    said = result.stderr
    assert "用法错误：QD320 --title：标题 " in said and "不能按原样显示为一行文字" in said, said
    assert files(project.root) == before


def test_a_one_line_title_makes_a_new_draft(project: Project) -> None:
    result = qmsdoc(project, "new", "--manual", "QP-02", "--title", "《新的》规程 <草稿>", "--department", "人事部",
                    "--by", "张三")
    assert result.returncode == 0, result
    assert "《新的》规程 <草稿>" in result.stdout
