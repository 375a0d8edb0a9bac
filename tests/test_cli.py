"""The `qmsdoc check` command: output format, JSON, exit codes, and no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import CliRun, Project, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"


def qmsdoc(*args: str, cwd: Path | str) -> CliRun:
    return run_cli(*args, cwd=cwd)


def test_clean_check_exits_zero(project: Project) -> None:
    result = qmsdoc("check", cwd=project.root)
    assert result.returncode == 0, result.stdout
    assert "0 个错误" in result.stdout


def test_errors_exit_one_sorted_with_file_line_code(project: Project) -> None:
    project.replace(DOC, "- [[QP-02-01]]", "- [[QP-02-99]]")
    project.replace("manuals/qp-hr/QP-02-01.md", "status: effective", "status: bogus")
    result = qmsdoc("check", cwd=project.root)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert any(line.startswith("manuals/qp-hr/QP-02-01.md:6: error QD004") for line in lines)
    places = [(line.split(":")[0], int(line.split(":")[1])) for line in lines[:-1]]
    assert places == sorted(places)
    assert any(line.startswith(f"{DOC}:") and "QD130" in line for line in lines)
    assert lines[-1].startswith("检查完成：") and "Traceback" not in result.stderr


def test_finding_paths_are_named_from_where_the_command_runs(project: Project, tmp_path: Path) -> None:
    """As compilers do: run from the project's parent, its file is `<project>/manuals/…`; from inside
    `manuals/qp-hr`, `QP-02-01.md` — a path the terminal, an editor or a problem matcher opens from there.
    From the project itself, and in the JSON output, paths stay the project's."""
    project.replace("manuals/qp-hr/QP-02-01.md", "status: effective", "status: bogus")
    name = project.root.name
    outside = qmsdoc("check", name, cwd=project.root.parent).stdout.splitlines()
    assert any(line.startswith(f"{name}/manuals/qp-hr/QP-02-01.md:6: error QD004") for line in outside), outside
    assert (project.root.parent / outside[0].split(":")[0]).is_file()
    inside = qmsdoc("check", "../..", cwd=project.root / "manuals" / "qp-hr").stdout.splitlines()
    assert any(line.startswith("QP-02-01.md:6: error QD004") for line in inside), inside
    assert (project.root / "manuals" / "qp-hr" / inside[0].split(":")[0]).is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = [line for line in qmsdoc("check", "--path", str(project.root), cwd=elsewhere).stdout.splitlines()
             if ": error " in line]
    assert other and all((elsewhere / line.split(":")[0]).is_file() for line in other), other
    here = qmsdoc("check", cwd=project.root).stdout.splitlines()
    assert any(line.startswith("manuals/qp-hr/QP-02-01.md:6:") for line in here), here
    as_json = json.loads(qmsdoc("check", name, "--format", "json", cwd=project.root.parent).stdout)
    assert "manuals/qp-hr/QP-02-01.md" in {f["path"] for f in as_json}


def test_json_format(project: Project) -> None:
    project.replace(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品，见 QP-02-01。")
    project.restamp(DOC)
    result = qmsdoc("check", "--format", "json", cwd=project.root)
    findings = json.loads(result.stdout)
    assert result.returncode == 0
    assert findings[0]["code"] == "QD170" and findings[0]["severity"] == "warning"
    assert findings[0]["path"] == DOC and isinstance(findings[0]["line"], int)


def test_usage_and_config_errors_exit_two(project: Project) -> None:
    assert qmsdoc("frobnicate", cwd=project.root).returncode == 2
    project.write("qmsdoc.yml", "unknown_key: 1\n")
    result = qmsdoc("check", cwd=project.root)
    assert result.returncode == 2 and "unknown_key" in result.stderr and "Traceback" not in result.stderr


def test_garbage_everywhere_never_tracebacks(project: Project) -> None:
    project.write(DOC, "---\n- just\n- a list\n---\nbody\n")
    project.write("controlled_forms/QP-02-03-F001.yaml", "code: [1, 2\n")
    project.write("manuals/qp-hr/QP-02-05.md", "---\n---\n")
    result = qmsdoc("check", cwd=project.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "QD003" in result.stdout and "QD004" in result.stdout


def test_closed_pipe_ends_quietly(project: Project) -> None:
    project.revise(DOC, "- [[QP-02-01]]", "- [[QP-02-99]]")
    project.revise("manuals/qp-hr/QP-02-01.md", "status: effective", "status: bogus")  # a second error line
    result = subprocess.run(f"{sys.executable} -m qmsdoc.cli check | head -1", shell=True, cwd=project.root,
                            capture_output=True, text=True)
    assert result.stdout.count("\n") == 1 and "error QD" in result.stdout
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr


def test_release_of_one_line_history_is_refused_without_traceback(project: Project) -> None:
    path = "manuals/qp-service/QP-03-02.md"
    text = project.read(path)
    head, _, rest = text.partition("history:\n")
    items, _, tail = rest.partition("\n---\n") if "\n---\n" in rest else (rest, "", "")
    entries = [line.strip()[2:] for line in items.splitlines() if line.strip().startswith("- ")]
    project.write(path, head.replace("review_months: 24", "review_months: 36")  # a change to release
                  + "history: [" + ", ".join(entries) + "]\n---\n" + tail)
    before = project.path(path).read_bytes()
    result = qmsdoc("release", "QP-03-02", "--by", "总经理", "--reviewed-by", "客服经理", "--change", "修订",
                    cwd=project.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "history" in result.stderr and "单行" in result.stderr
    assert project.path(path).read_bytes() == before


def test_last_edition_letter_is_a_clean_error(project: Project) -> None:
    path = "manuals/qp-service/QP-03-02.md"
    text = project.read(path)
    version = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("version:"))
    project.write(path, text.replace(f"version: {version}", "version: Z/9", 1)
                  .replace(f"{{version: {version},", "{version: Z/9,", 1))
    result = qmsdoc("release", "QP-03-02", "--by", "总经理", "--reviewed-by", "客服经理", "--change", "修订",
                    "--edition", cwd=project.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "Z" in result.stderr and "版本" in result.stderr
