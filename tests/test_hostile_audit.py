"""Hostile input against recall, import and verify (the hostile audit): a copy number the distribution register
holds on two lines — twice, however spelt, or once more on a line it cannot read — is refused by recall and recall
--void, nothing written, rather than recorded on whichever line came first; and every exit 2 of import and verify
says 「用法错误」 (Usage error) before its message, as every other command's does."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CliRun, Project, configure, run_cli

SHA = "a" * 64
FIRST = "{number: QP-02-03-A/1-001, document: QP-02-03, version: A/1, recipient: 客服部, " \
        f"date: 2026-03-01, issued_by: 文控员, format: docx, sha256: {SHA}}}"
OTHER = FIRST.replace("A/1-001", "A/1-003")
AGAIN = {
    "twice": FIRST.replace("客服部", "人事部"),
    "unreadable": FIRST.replace("2026-03-01", "2026-02-30"),
    "incomplete": "{number: QP-02-03-A/1-001, document: QP-02-03}",
    "typed": FIRST.replace("QP-02-03-A/1-001", "qp-02-03-a/1-001"),
    "spelt": FIRST.replace("QP-02-03", "QP－02－03"),
}


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def _register(project: Project, *lines: str) -> str:
    text = "copies:\n" + "".join(f"  - {line}\n" for line in lines)
    project.write("distribution.yaml", text)
    return text


@pytest.mark.parametrize("again", sorted(AGAIN))
@pytest.mark.parametrize("void", [(), ("--void", "遗失")], ids=["return", "void"])
def test_a_copy_number_on_two_lines_is_not_recalled(project: Project, again: str, void: tuple[str, ...]) -> None:
    before = _register(project, FIRST, AGAIN[again])
    result = qmsdoc(project, "recall", "QP-02-03-A/1-001", "--date", "2026-03-02", *void)
    assert result.returncode == 1, result
    assert "第 3 行" in result.stderr and "请先改正 distribution.yaml" in result.stderr, result.stderr
    assert project.read("distribution.yaml") == before


def test_another_copy_of_a_register_with_a_duplicate_is_recalled(project: Project) -> None:
    _register(project, FIRST, AGAIN["twice"], OTHER)
    result = qmsdoc(project, "recall", "QP-02-03-A/1-003", "--date", "2026-03-02")
    assert result.returncode == 0, result
    assert "returned: 2026-03-02" in project.read("distribution.yaml").splitlines()[3]


def test_a_copy_number_registered_once_is_recalled(project: Project) -> None:
    _register(project, FIRST, OTHER)
    result = qmsdoc(project, "recall", "QP-02-03-A/1-001", "--date", "2026-03-02")
    assert result.returncode == 0, result
    assert "returned: 2026-03-02" in project.read("distribution.yaml").splitlines()[1]


def test_a_copy_number_on_two_lines_is_refused_in_english(project: Project) -> None:
    configure(project, language="en")
    _register(project, FIRST, AGAIN["twice"])
    result = qmsdoc(project, "recall", "QP-02-03-A/1-001", "--date", "2026-03-02")
    assert result.returncode == 1, result
    assert "also written on line 3 of distribution.yaml" in result.stderr, result.stderr


def _args(tmp_path: Path, case: str) -> list[str]:
    text = tmp_path / "manual.txt"
    text.write_text("规程\n1.0 目的\n", encoding="utf-8")
    return {
        "missing": [str(tmp_path / "no-such.docx"), "--manual", "QP-09"],
        "folder": [str(tmp_path), "--manual", "QP-09"],
        "manual": [str(text), "--manual", "../外面"],
        "lines": [str(text), "--manual", "QP-09", "--lines", "9-1"],
        "pattern": [str(text), "--manual", "QP-09", "--pattern", "(["],
    }[case]


@pytest.mark.parametrize("case", ["missing", "folder", "manual", "lines", "pattern"])
def test_an_import_usage_error_says_so(project: Project, tmp_path: Path, case: str) -> None:
    result = qmsdoc(project, "import", *_args(tmp_path, case), "--dry-run")
    assert result.returncode == 2, result
    assert result.stderr.startswith("用法错误："), result.stderr
    assert result.stderr.count("用法错误") == 1


def test_an_import_of_a_missing_file_says_how_to_fix_it_in_english(project: Project, tmp_path: Path) -> None:
    configure(project, language="en")
    result = qmsdoc(project, "import", *_args(tmp_path, "missing"), "--dry-run")
    assert result.returncode == 2, result
    assert result.stderr.startswith("Usage error: QD320 file not found") and "check the path" in result.stderr


def test_an_import_that_is_no_usage_error_has_no_such_prefix(project: Project, tmp_path: Path) -> None:
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"PK not a zip")
    result = qmsdoc(project, "import", str(junk), "--manual", "QP-09", "--dry-run")
    assert result.returncode == 1, result
    assert "用法错误" not in result.stderr and "junk.docx" in result.stderr


@pytest.mark.parametrize("manifest", [None, "{broken"], ids=["missing", "corrupt"])
def test_verify_without_a_readable_manifest_is_a_usage_error(project: Project, tmp_path: Path,
                                                             manifest: str | None) -> None:
    if manifest is not None:
        project.write("build/manifest.json", manifest)
    copy = tmp_path / "copy.docx"
    copy.write_bytes(b"not a copy")
    result = qmsdoc(project, "verify", str(copy))
    assert result.returncode == 2, result
    assert result.stderr.startswith("用法错误：") and "qmsdoc build" in result.stderr, result.stderr


def test_verify_without_a_manifest_says_so_in_english(project: Project, tmp_path: Path) -> None:
    configure(project, language="en")
    copy = tmp_path / "copy.docx"
    copy.write_bytes(b"not a copy")
    result = qmsdoc(project, "verify", str(copy))
    assert result.returncode == 2, result
    assert result.stderr.startswith("Usage error: ") and "qmsdoc build" in result.stderr, result.stderr


@pytest.mark.parametrize("args", [
    ("register", "--as-of", "2026-06-01"),
    ("register", "--as-of", "2026-06-01", "--format", "csv"),
    ("copy", "QP-02-03", "--version", "A/1"),
    ("redline", "QP-02-03"),
], ids=["register", "register-csv", "copy", "redline"])
@pytest.mark.parametrize("folder", ["out", "out.xlsx", "out.docx"])
def test_an_out_that_is_a_folder_is_named_as_one(project: Project, tmp_path: Path, args: tuple[str, ...],
                                                 folder: str) -> None:
    (tmp_path / folder).mkdir()
    result = qmsdoc(project, *args, "--out", str(tmp_path / folder))
    assert result.returncode == 2, result
    assert result.stderr.startswith("用法错误：") and "是一个文件夹，不是文件" in result.stderr, result.stderr
    assert not any((tmp_path / folder).iterdir())


def test_an_out_that_is_a_folder_is_named_as_one_in_english(project: Project, tmp_path: Path) -> None:
    configure(project, language="en")
    result = qmsdoc(project, "register", "--as-of", "2026-06-01", "--out", str(tmp_path))
    assert result.returncode == 2, result
    assert "is a folder, not a file" in result.stderr and "ending in .xlsx" in result.stderr, result.stderr


def test_an_out_file_in_a_folder_is_written(repo: Project, tmp_path: Path) -> None:
    result = qmsdoc(repo, "register", "--as-of", "2026-06-01", "--out", str(tmp_path / "out" / "r.csv"))
    assert result.returncode == 0, result
    assert (tmp_path / "out" / "r.csv").is_file()


@pytest.mark.parametrize("fmt", ["exe", "DOCX", "doc"])
def test_a_register_line_of_a_format_no_copy_has_is_a_finding_at_its_line(project: Project, fmt: str) -> None:
    _register(project, FIRST.replace("format: docx", f"format: {fmt}"))
    result = qmsdoc(project, "check")
    assert result.returncode == 1, result
    assert "distribution.yaml:2: error QD210" in result.stdout and "应为 docx 或 pdf" in result.stdout, result.stdout


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_register_line_of_a_copy_format_is_read(project: Project, fmt: str) -> None:
    _register(project, FIRST.replace("format: docx", f"format: {fmt}"))
    result = qmsdoc(project, "recall", "QP-02-03-A/1-001", "--date", "2026-03-02")
    assert result.returncode == 0, result


def test_a_register_line_of_a_format_no_copy_has_is_said_in_english(project: Project) -> None:
    configure(project, language="en")
    _register(project, FIRST.replace("format: docx", "format: exe"))
    result = qmsdoc(project, "check")
    assert result.returncode == 1, result
    assert "format of copy QP-02-03-A/1-001 is exe" in result.stdout and "docx or pdf" in result.stdout


ACK_DOC = "manuals/qp-service/QP-03-02.md"
ACK = "{document: QP-03-02, version: A/0, department: 客服部, person: 张三, date: 2026-12-01}"


def _acknowledged(project: Project, *lines: str) -> None:
    project.replace(ACK_DOC, "review_months: 24\n", "review_months: 24\nacknowledge: [客服部]\n")
    project.write("acknowledgements.yaml", "acknowledgements:\n" + "".join(f"  - {line}\n" for line in lines))


@pytest.mark.parametrize("broken", [ACK.replace("2026-12-01", "2026-02-30"), ACK.replace("person", "name"), "5"],
                         ids=["date", "field", "shape"])
def test_the_acknowledgements_of_a_register_it_cannot_read_are_not_answered(project: Project, broken: str) -> None:
    _acknowledged(project, broken)
    result = qmsdoc(project, "acknowledgements", "QP-03-02")
    assert result.returncode == 1, result
    assert "acknowledgements.yaml:2: error QD220" in result.stdout + result.stderr
    assert "未作回答" in result.stderr and "尚无人确认" not in result.stdout, result


def test_the_acknowledgements_of_a_readable_register_are_answered(project: Project) -> None:
    _acknowledged(project, ACK)
    result = qmsdoc(project, "acknowledgements", "QP-03-02")
    assert result.returncode == 0, result
    assert "张三" in result.stdout, result.stdout


def test_an_unreadable_acknowledgement_register_is_said_in_english(project: Project) -> None:
    configure(project, language="en")
    _acknowledged(project, ACK.replace("2026-12-01", "2026-02-30"))
    result = qmsdoc(project, "acknowledgements", "QP-03-02")
    assert result.returncode == 1, result
    assert "no answer is given" in result.stderr, result.stderr
