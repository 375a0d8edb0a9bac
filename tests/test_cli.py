"""The `qmsdoc check` command: output format, JSON, exit codes, and no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import Project

DOC = "manuals/qp-hr/QP-02-03.md"


def qmsdoc(*args: str, cwd: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qmsdoc.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_clean_check_exits_zero(project: Project) -> None:
    result = qmsdoc("check", cwd=project.root)
    assert result.returncode == 0, result.stdout
    assert "0 个错误" in result.stdout


def test_errors_exit_one_sorted_with_file_line_code(project: Project) -> None:
    project.replace(DOC, "- [[QP-02-01]]", "- [[QP-02-99]]")
    project.replace("manuals/qp-hr/QP-02-01.md", "status: effective", "status: bogus")
    result = qmsdoc("check", str(project.root), cwd="/")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert any(line.startswith("manuals/qp-hr/QP-02-01.md:6: error QD004") for line in lines)
    places = [(line.split(":")[0], int(line.split(":")[1])) for line in lines[:-1]]
    assert places == sorted(places)
    assert any(line.startswith(f"{DOC}:") and "QD130" in line for line in lines)
    assert lines[-1].startswith("检查完成：") and "Traceback" not in result.stderr


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
