"""Alternatives in running text are joined by the one `i18n.join_or`: an English list of three or more reads
"A, B or C", not "A or B or C", and no message keeps a second copy of the word "or"."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.core import i18n

from conftest import run_cli


def test_english_alternatives_of_three_take_commas_then_or() -> None:
    with i18n.using("en"):
        assert i18n.join_or(["Responsibilities", "Responsibility", "Roles and Responsibilities"]) == \
            "Responsibilities, Responsibility or Roles and Responsibilities"


@pytest.mark.parametrize(("code", "items", "said"), [
    ("en", ["lost", "damaged"], "lost or damaged"),
    ("en", ["docx"], "docx"),
    ("zh-CN", ["遗失", "损坏"], "遗失 或 损坏"),
    ("zh-CN", ["职责", "职责与权限", "岗位职责"], "职责 或 职责与权限 或 岗位职责"),
    ("zh-TW", ["權責", "職責", "權限"], "權責 或 職責 或 權限"),
])
def test_two_alternatives_and_chinese_lists_read_as_before(code: str, items: list[str], said: str) -> None:
    with i18n.using(code):
        assert i18n.join_or(items) == said


@pytest.mark.parametrize("code", sorted(i18n.languages()))
def test_no_message_keeps_its_own_copy_of_the_joining_or(code: str) -> None:
    """`cli.arg.or` was a second " or " beside `list.or`: the parser's messages now ask `join_or`."""
    messages = i18n.languages()[code].messages
    copies = [key for key, text in messages.items() if text == messages["list.or"] and not key.startswith("list.")]
    assert not copies, copies


def test_an_english_procedure_missing_a_section_names_its_headings_as_english_does(tmp_path: Path) -> None:
    assert run_cli("init", "qms", "--language", "en", cwd=tmp_path).returncode == 0
    root = tmp_path / "qms"
    procedure = root / "manuals" / "qm" / "QM-01.md"
    procedure.write_text(procedure.read_text("utf-8").replace("## 3. Responsibilities", "## 3. Duties"), "utf-8")
    result = run_cli("check", cwd=root)
    assert ("the procedure has no \"Responsibilities\" section: add a section headed Responsibilities, "
            "Responsibility or Roles and Responsibilities") in result.stdout + result.stderr, result


def test_lists_are_joined_by_the_i18n_helpers_only() -> None:
    """Forty places wrote `t("list.separator").join(…)` (and the parser its own " or "): a list's wording is
    decided once, in `i18n.join` and `i18n.join_or`."""
    package = Path(__file__).resolve().parent.parent / "plugins" / "qmsdoc"
    asked = [f"{path.relative_to(package)}:{number}" for path in sorted(package.rglob("*.py"))
             if path.parent.name != "i18n"
             for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if any(f't("{key}")' in line for key in ("list.separator", "list.and", "list.or", "list.or_separator"))]
    assert not asked, asked


@pytest.mark.parametrize(("code", "items", "said"), [
    ("en", ["NUMBER", "--by", "--change"], "NUMBER, --by and --change"),
    ("en", ["NUMBER", "--to"], "NUMBER and --to"),
    ("zh-CN", ["NUMBER", "--by", "--change"], "NUMBER、--by、--change"),
    ("zh-TW", ["生產部", "業務部"], "生產部、業務部"),
])
def test_things_taken_together_end_with_and_in_english_only(code: str, items: list[str], said: str) -> None:
    with i18n.using(code):
        assert i18n.join_and(items) == said


def test_an_english_command_names_what_it_needs_with_and(tmp_path: Path) -> None:
    """`qmsdoc release` alone said "needs NUMBER, --by, --change: missing from the command line"."""
    assert run_cli("init", "qms", "--language", "en", cwd=tmp_path).returncode == 0
    result = run_cli("release", cwd=tmp_path / "qms")
    assert result.returncode == 2 and "qmsdoc release needs NUMBER, --by and --change: missing" in result.stderr, \
        result


def test_an_english_sign_in_sheet_names_who_read_it_with_and(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"Recorded that Mary Major (Warehouse), Tom Minor (Warehouse) acknowledged …" read as a list cut short."""
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-08")
    assert run_cli("init", "qms", "--language", "en", cwd=tmp_path).returncode == 0
    root = tmp_path / "qms"
    assert run_cli("release", "QM-01-F01", "--by", "Managing Director", "--change", "First issue",
                   cwd=root).returncode == 0
    procedure = root / "manuals" / "qm" / "QM-01.md"
    procedure.write_text(procedure.read_text("utf-8").replace("(to be written)", "Written.")
                         .replace("department: Quality Department\n",
                                  "department: Quality Department\nacknowledge: [Warehouse, Sales, Production]\n"),
                         "utf-8")
    released = run_cli("release", "QM-01", "--by", "Managing Director", "--reviewed-by", "Quality Manager",
                       "--change", "First issue", cwd=root)
    assert released.returncode == 0, released
    assert "Warehouse, Sales and Production must acknowledge this version by" in released.stdout, released
    sheet = tmp_path / "signin.csv"
    sheet.write_text("Name,Department,Date\nMary Major,Warehouse,2026-12-08\nTom Minor,Warehouse,2026-12-08\n"
                     "Ann Lee,Warehouse,2026-12-08\n", "utf-8")
    result = run_cli("acknowledge", "QM-01", "--from-sheet", str(sheet), cwd=root)
    assert result.returncode == 0, result
    assert "Mary Major (Warehouse), Tom Minor (Warehouse) and Ann Lee (Warehouse) acknowledged" in result.stdout, \
        result
    asked = run_cli("acknowledgements", "QM-01", cwd=root)
    assert "This version must be acknowledged by Warehouse, Sales and Production: 1/3 acknowledged" in asked.stdout, \
        asked
