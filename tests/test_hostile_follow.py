"""What the hostile-input audit left open: a record register is read within its own limit (16 MiB, or qmsdoc.yml's
max_file_bytes when larger: it grows for years), and a broken file's repeated findings are shown as the first
FINDINGS_PER_KIND and one line counting the rest, so a broken file gives a readable answer quickly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qmsdoc.core.check import check
from qmsdoc.core.config import load_config
from qmsdoc.core.findings import FINDINGS_PER_KIND
from qmsdoc.core.lineregister import REGISTER_MAX_BYTES

from conftest import CliRun, Project, run_cli

INCOMPLETE = "{number: QP-02-03-A/1-001, document: QP-02-03}"
REGISTERS = {"distribution.yaml": ("copies", "QD210"), "acknowledgements.yaml": ("acknowledgements", "QD220")}


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def _incomplete(project: Project, register: str, count: int) -> None:
    key = REGISTERS[register][0]
    project.write(register, f"{key}:\n" + f"  - {INCOMPLETE}\n" * count)


@pytest.mark.parametrize("register", sorted(REGISTERS))
def test_a_register_over_its_limit_is_refused(project: Project, register: str) -> None:
    key = REGISTERS[register][0]
    project.write(register, f"{key}:\n" + "# 备注 " + "x" * REGISTER_MAX_BYTES + "\n")  # just over 16 MiB
    found = [f for f in check(load_config(project.root)).findings if f.path == register]
    assert [f.code for f in found] == ["QD006"], found
    assert "max_file_bytes" in found[0].message


@pytest.mark.parametrize("register", sorted(REGISTERS))
def test_a_register_past_max_file_bytes_but_within_its_limit_is_read(project: Project, register: str) -> None:
    """A register gains a line with every copy and reading, for years: past qmsdoc.yml's 1 MiB it is still read."""
    key = REGISTERS[register][0]
    project.write(register, f"{key}:\n" + "# 备注 " + "x" * (2 * 1024 * 1024) + "\n")
    found = [f for f in check(load_config(project.root)).findings if f.path == register]
    assert found == []


@pytest.mark.parametrize("register", sorted(REGISTERS))
def test_repeated_findings_of_one_kind_are_capped(project: Project, register: str) -> None:
    code = REGISTERS[register][1]
    _incomplete(project, register, FINDINGS_PER_KIND + 30)
    result = qmsdoc(project, "check")
    assert result.returncode == 1, result
    lines = [line for line in result.stdout.splitlines() if line.startswith(f"{register}:")]
    assert len(lines) == FINDINGS_PER_KIND + 1, result.stdout[-2000:]
    assert lines[-1] == (f"{register}:{FINDINGS_PER_KIND + 2}: error {code} 还有 30 处同类问题（{code}），未逐一列出："
                         f"先改正以上 {FINDINGS_PER_KIND} 处，再运行 qmsdoc check 查看其余"), lines[-1]


@pytest.mark.parametrize("register", sorted(REGISTERS))
def test_findings_up_to_the_cap_are_all_listed(project: Project, register: str) -> None:
    _incomplete(project, register, FINDINGS_PER_KIND)
    result = qmsdoc(project, "check")
    lines = [line for line in result.stdout.splitlines() if line.startswith(f"{register}:")]
    assert len(lines) == FINDINGS_PER_KIND and "同类问题" not in result.stdout, result.stdout[-2000:]


def test_a_refusal_shows_its_findings_capped(project: Project) -> None:
    _incomplete(project, "acknowledgements.yaml", FINDINGS_PER_KIND + 5)
    result = qmsdoc(project, "acknowledgements", "QP-02-03")
    assert result.returncode == 1, result
    lines = [line for line in result.stdout.splitlines() if line.startswith("acknowledgements.yaml:")]
    assert len(lines) == FINDINGS_PER_KIND + 1 and "还有 5 处同类问题" in lines[-1], result.stdout[-2000:]


def test_a_whole_manual_of_a_day_before_its_first_version_is_refused(repo: Project, tmp_path: Path) -> None:
    """The project has no answer for a day before the manual's first version: a refusal (exit 1) naming that version
    and its date, as `--version` of a version it never had is — not a usage error."""
    out = tmp_path / "x.docx"
    result = qmsdoc(repo, "copy", "QP-02", "--as-of", "2026-02-01", "--out", str(out))
    assert result.returncode == 1 and not out.exists(), result
    assert "没有现行版本" in result.stderr and "最早的版本：A/1 于 2026-03-01 生效" in result.stderr, result.stderr
    never = qmsdoc(repo, "copy", "QP-02", "--version", "Z/9", "--out", str(out))
    assert never.returncode == 1 and not out.exists(), never


def test_a_whole_manual_of_a_day_after_its_first_version_is_written(repo: Project, tmp_path: Path) -> None:
    out = tmp_path / "x.docx"
    result = qmsdoc(repo, "copy", "QP-02", "--as-of", "2026-03-01", "--out", str(out))
    assert result.returncode == 0 and out.exists(), result


def test_a_register_of_a_day_before_any_document_is_refused(repo: Project, tmp_path: Path) -> None:
    out = tmp_path / "register.xlsx"
    result = qmsdoc(repo, "register", "--as-of", "2000-01-01", "--out", str(out))
    assert result.returncode == 1 and not out.exists(), result
    assert "还没有任何受控文件" in result.stderr and "最早生效的是 " in result.stderr and " 生效" in result.stderr, \
        result.stderr


def test_a_register_of_a_day_with_documents_is_written(repo: Project, tmp_path: Path) -> None:
    out = tmp_path / "register.xlsx"
    result = qmsdoc(repo, "register", "--as-of", "2026-03-01", "--out", str(out))
    assert result.returncode == 0 and out.exists(), result


REVISION = "revisions/manuals/qp-hr/QP-02-03.md"


def _not_a_file(project: Project, kind: str) -> Path:
    path = project.root / REVISION
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "folder":
        (path / "笔记").mkdir(parents=True)
        (path / "笔记" / "keep.txt").write_text("保留", encoding="utf-8")
    elif kind == "pipe":
        os.mkfifo(path)
    else:
        path.symlink_to(project.root / "nowhere.md")
    return path


@pytest.mark.parametrize(("kind", "says"), [("folder", "是一个文件夹"), ("pipe", "是一个管道、设备或套接字"),
                                            ("link", "是一个指向 ")])
def test_discard_of_what_is_not_a_file_says_what_is_there(project: Project, kind: str, says: str) -> None:
    path = _not_a_file(project, kind)
    result = qmsdoc(project, "revise", "QP-02-03", "--discard")
    assert result.returncode == 1, result
    assert f"{REVISION} {says}" in result.stderr and "未删除" in result.stderr, result.stderr
    assert "没有修订稿" not in result.stderr and os.path.lexists(path)
    if kind == "folder":
        assert (path / "笔记" / "keep.txt").read_text(encoding="utf-8") == "保留"


def test_discard_with_nothing_there_says_there_is_no_revision(project: Project) -> None:
    result = qmsdoc(project, "revise", "QP-02-03", "--discard")
    assert result.returncode == 1 and "QP-02-03 没有修订稿" in result.stderr, result.stderr


def test_discard_of_a_revision_it_wrote_removes_it(project: Project) -> None:
    assert qmsdoc(project, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    result = qmsdoc(project, "revise", "QP-02-03", "--discard")
    assert result.returncode == 0 and not (project.root / REVISION).exists(), result


SHA = "a" * 64
COPY = ("{{number: QP-02-03-A/1-00{n}, document: QP-02-03, version: A/1, recipient: {recipient}, date: {date}, "
        "issued_by: 文控员, format: docx, sha256: {sha}}}")
ACK = "{{document: QP-03-02, version: {version}, department: 客服部, person: {person}, date: {date}}}"
# Per register: (line 2: a value the YAML reader refuses (QD004), line 3: a value not text, line 4: no such day)
BAD_LINES = {
    "distribution.yaml": ("copies", [COPY.format(n=1, recipient="客服部", date="2026-03-01", sha="1.5"),
                                     COPY.format(n=2, recipient="yes", date="2026-03-01", sha=SHA),
                                     COPY.format(n=3, recipient="客服部", date="2026-02-30", sha=SHA)]),
    "acknowledgements.yaml": ("acknowledgements", [ACK.format(version="A/0", person="张三", date="2026-03-02, 12: x"),
                                                   ACK.format(version="A/0", person="0x10", date="2026-03-02"),
                                                   ACK.format(version="A/0", person="李四", date="2026-02-30")]),
}


def _register_of(project: Project, register: str, lines: list[str]) -> list[tuple[int, str]]:
    key = BAD_LINES[register][0]
    project.write(register, f"{key}:\n" + "".join(f"  - {line}\n" for line in lines))
    return sorted((f.line, f.code) for f in check(load_config(project.root)).findings if f.path == register)


@pytest.mark.parametrize("register", sorted(BAD_LINES))
def test_every_bad_line_of_a_register_is_told_in_one_run(project: Project, register: str) -> None:
    code = REGISTERS[register][1]
    found = _register_of(project, register, BAD_LINES[register][1])
    assert found == [(2, "QD004"), (3, code), (4, code)], found


@pytest.mark.parametrize("register", sorted(BAD_LINES))
def test_a_register_line_the_reader_refuses_is_told_once(project: Project, register: str) -> None:
    code = REGISTERS[register][1]
    refused, _typed, _no_day = BAD_LINES[register][1]
    assert _register_of(project, register, [refused]) == [(2, "QD004")]
    good = _register_of(project, register, BAD_LINES[register][1][1:])
    assert good == [(2, code), (3, code)], good


def test_a_copy_number_on_a_line_the_reader_refuses_is_not_recalled(project: Project) -> None:
    again = COPY.format(n=2, recipient="客服部", date="2026-03-01", sha="1.5")  # the number of the line before it
    project.write("distribution.yaml", "copies:\n" + "".join(
        f"  - {line}\n" for line in (COPY.format(n=2, recipient="客服部", date="2026-03-01", sha=SHA), again)))
    result = qmsdoc(project, "recall", "QP-02-03-A/1-002", "--date", "2026-03-02")
    assert result.returncode == 1 and "returned" not in project.read("distribution.yaml"), result
