"""`qmsdoc check/build --format github|gitlab|sarif|junit|json`: findings in the formats CI systems read, each
parsed back the way that system would."""

from __future__ import annotations

import argparse
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from qmsdoc.core.findings import Finding, Severity
from qmsdoc.core.report_formats import render

from conftest import CliRun, Project, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


@pytest.fixture
def broken(project: Project) -> Project:
    """One error (a reference to nothing) and one warning (a bare control number) in QP-02-03."""
    project.revise(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品，见 [[QP-02-99]]，并按 QP-02-01 规定办理。")
    return project


def test_github_annotations_name_file_line_and_code(broken: Project) -> None:
    result = qmsdoc(broken, "check", "--format", "github")
    assert result.returncode == 1
    line = broken.line_of(DOC, "QP-02-99")
    lines = result.stdout.splitlines()
    assert f"::error file={DOC},line={line},title=QD130::" in result.stdout
    assert any(re.fullmatch(rf"::warning file={re.escape(DOC)},line={line},title=QD170::.+", entry) for entry in lines)
    assert all(entry.startswith("::") for entry in lines)  # nothing else on stdout for the runner to misread


def test_github_escapes_what_would_end_a_command() -> None:
    finding = Finding("a,b:c.md", 3, "QD130", Severity.ERROR, "第一行\n第二行 100%")
    out = render("github", [finding], ["a,b:c.md"], {}, "0")
    assert out == "::error file=a%2Cb%3Ac.md,line=3,title=QD130::第一行%0A第二行 100%25"


HOSTILE = [Finding("manuals/a b,c:d%e/文件 1.md", 0, "QD001", Severity.ERROR, "第一行\n100% ::error x,y:z ]]> <&\"'"),
           Finding("manuals/x\ny.md", 7, "QD170", Severity.WARNING, "换行\r\n与 %0A"),
           Finding("controlled_forms/f\x1b.yaml", 2, "QD004", Severity.ERROR, "\x1b[31m红\u202e")]


def test_a_finding_about_a_whole_file_is_put_on_its_first_line_in_every_ci_format() -> None:
    """Line 0 (the file as a whole): GitHub drops such an annotation, GitLab and SARIF want lines from 1."""
    whole = [HOSTILE[0]]
    assert ",line=1," in render("github", whole, [], {}, "0")
    assert json.loads(render("gitlab", whole, [], {}, "0"))[0]["location"]["lines"]["begin"] == 1
    sarif = json.loads(render("sarif", whole, [], {}, "0"))
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_a_finding_on_a_line_keeps_that_line_in_github() -> None:
    assert ",line=7," in render("github", [HOSTILE[1]], [], {}, "0")


def test_hostile_names_and_messages_give_valid_output_in_every_format() -> None:
    """Spaces, commas, colons, %, line breaks, escape sequences, CJK: each format still parses as its reader would."""
    files = [f.path for f in HOSTILE]
    assert [(f["path"], f["message"]) for f in json.loads(render("json", HOSTILE, files, {}, "0"))] == \
        [(f.path, f.message) for f in HOSTILE]
    assert [i["location"]["path"] for i in json.loads(render("gitlab", HOSTILE, files, {}, "0"))] == files
    sarif = json.loads(render("sarif", HOSTILE, files, {}, "0"))
    results = sarif["runs"][0]["results"]
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["tool"]["driver"]["name"] == "qmsdoc"
    assert [r["message"]["text"] for r in results] == [f.message for f in HOSTILE]
    ElementTree.fromstring(render("junit", HOSTILE, files, {}, "0").encode("utf-8"))
    lines = render("github", HOSTILE, files, {}, "0").split("\n")
    assert len(lines) == len(HOSTILE) and all(re.fullmatch(r"::(error|warning) file=[^,:\r\x1b]+,line=[1-9]\d*,"
                                                           r"title=QD\d{3}::[^\r\n\x1b]*", line) for line in lines)
    assert "文件 1.md" in lines[0] and "100%25" in lines[0] and "%0A" in lines[0]


def test_gitlab_code_quality_report(broken: Project) -> None:
    result = qmsdoc(broken, "check", "--format", "gitlab")
    issues = json.loads(result.stdout)
    assert {i["check_name"] for i in issues} == {"QD130", "QD170"}
    error = next(i for i in issues if i["check_name"] == "QD130")
    assert error["severity"] == "major" and error["location"]["path"] == DOC
    assert error["location"]["lines"]["begin"] == broken.line_of(DOC, "QP-02-99")
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    again = json.loads(qmsdoc(broken, "check", "--format", "gitlab").stdout)
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in issues]  # stable across runs


def test_sarif_is_valid_and_carries_rules_with_their_descriptions(broken: Project) -> None:
    from sarif_pydantic import Sarif

    from qmsdoc.core.rules import REGISTRY

    result = qmsdoc(broken, "check", "--format", "sarif")
    log = Sarif.model_validate(json.loads(result.stdout))
    run = log.runs[0]
    rules = {r.id: r for r in run.tool.driver.rules or []}
    assert set(rules) == {"QD130", "QD170"} and rules["QD130"].short_description.text == REGISTRY["QD130"].title
    located = {(r.rule_id, r.locations[0].physical_location.artifact_location.uri,
                r.locations[0].physical_location.region.start_line) for r in run.results or []}
    assert ("QD130", DOC, broken.line_of(DOC, "QP-02-99")) in located
    with pytest.raises(ValueError):  # the validator does refuse a log without its tool
        Sarif.model_validate({"version": "2.1.0", "runs": [{"results": []}]})


def test_junit_has_one_case_per_file_and_fails_those_with_errors(broken: Project) -> None:
    result = qmsdoc(broken, "check", "--format", "junit")
    suite = ElementTree.fromstring(result.stdout).find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert int(suite.get("tests", "0")) == len(cases) > 50 and suite.get("failures") == "1"
    failure = cases[DOC].find("failure")
    assert failure is not None and "QD130" in (failure.text or "")
    assert cases["manuals/qp-hr/QP-02-01.md"].find("failure") is None


def test_a_file_name_with_control_characters_neither_drives_the_terminal_nor_breaks_junit(project: Project) -> None:
    """A committed file named with ESC sequences, a bell or a bidi override was printed raw: the terminal cleared
    and recoloured, a line could be reordered, and JUnit XML (which cannot hold them) failed to parse."""
    hostile = "manuals/qp-hr/QP-02-0\x1b[2J\x07\u202e3.md"
    project.path(hostile).write_bytes(project.path(DOC).read_bytes())
    text = qmsdoc(project, "check")
    assert text.returncode == 1 and "\\x1b[2J\\x07\\u202e3.md:" in text.stdout, text.stdout
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", text.stdout + text.stderr)
    suite = ElementTree.fromstring(qmsdoc(project, "check", "--format", "junit").stdout).find("testsuite")
    assert suite is not None and any("\\x1b" in (case.get("name") or "") for case in suite.iter("testcase"))
    github = qmsdoc(project, "check", "--format", "github").stdout
    assert "\x1b" not in github and "\\x1b" in github


def test_a_clean_project_is_empty_in_every_format(project: Project) -> None:
    for fmt in ("github", "gitlab", "sarif", "json"):
        result = qmsdoc(project, "check", "--format", fmt)
        assert result.returncode == 0, fmt
        if fmt == "github":
            assert result.stdout.strip() == ""
        elif fmt == "sarif":
            assert json.loads(result.stdout)["runs"][0]["results"] == []
        else:
            assert json.loads(result.stdout) == []


def test_build_reports_in_the_chosen_format_and_keeps_stdout_for_it(broken: Project) -> None:
    result = qmsdoc(broken, "build", "--format", "github", "--only", "records")
    assert result.returncode == 1 and all(line.startswith("::") for line in result.stdout.splitlines())
    clean = Project(broken.root)
    clean.revise(DOC, "，见 [[QP-02-99]]，并按 QP-02-01 规定办理。", "。")
    result = qmsdoc(clean, "build", "--format", "github", "--only", "records")
    assert result.returncode == 0 and result.stdout == "" and "已构建" in result.stderr


def test_version_and_exit_codes_in_help(project: Project) -> None:
    result = qmsdoc(project, "--version")
    assert result.returncode == 0 and re.fullmatch(r"qmsdoc \S+\n", result.stdout)
    assert "退出码" in qmsdoc(project, "--help").stdout


def test_every_command_takes_the_project_as_path(project: Project, tmp_path: Path) -> None:
    from qmsdoc.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        assert any("--path" in action.option_strings for action in sub._actions), name
    elsewhere = run_cli("check", "--path", str(project.root), cwd=tmp_path)
    assert elsewhere.returncode == 0 and "0 个错误" in elsewhere.stdout
    assert run_cli("check", str(project.root), cwd=tmp_path).returncode == 0
    both = run_cli("check", str(project.root), "--path", str(tmp_path), cwd=tmp_path)
    assert both.returncode == 2 and "两个" in both.stderr


def test_a_line_separator_in_a_message_or_path_keeps_a_finding_on_one_line() -> None:
    """U+2028 and U+2029 break a line for str.splitlines, editors and CI logs: a department named
    `部门\u2028manuals/QM.md:1: error QD001 …` read as a second, forged finding."""
    finding = Finding("manuals/a\u2029b.md", 3, "QD222", Severity.WARNING,
                      "须确认的部门：部门\u2028manuals/QM.md:1: error QD001 伪造")
    for text in (finding.format(), render("github", [finding], [], {}, "0")):
        assert len(text.splitlines()) == 1 and "\\u2028" in text and "\\u2029" in text, text


def test_a_message_with_a_line_break_of_its_own_keeps_it() -> None:
    finding = Finding("manuals/a.md", 3, "QD130", Severity.ERROR, "第一行\n第二行")
    assert finding.format().endswith("第一行\n第二行")
