"""One answer per kind of mistake, whatever the command (core/errors.py): an id or version the project does not
have is a refusal (exit 1, 「未完成」, with the QD001/QD003 finding of a file named for it that cannot be read);
a value that is no date or version, a date still to come, options that do not go together or a file argument
that is not there are usage errors (exit 2, 「用法错误」, never 「配置错误」)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CliRun, Project, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"
ACK = "manuals/qp-service/QP-03-02.md"


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


def refused(result: CliRun) -> str:
    """The refusal's line (after any note about git history on stderr)."""
    return result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""


def _ask_for_acknowledgement(project: Project) -> None:
    project.replace(ACK, "review_months: 24\n", "review_months: 24\nacknowledge: [客服部]\n")


# Every command that looks an id up, with the id in place of `{id}`.
LOOKUPS = [
    ("release", "{id}", "--by", "总经理", "--keep-review", "--change", "x"),
    ("obsolete", "{id}", "--no-successor", "--by", "总经理", "--reason", "x"),
    ("obsolete", "QP-02-01", "--superseded-by", "{id}", "--by", "总经理"),
    ("baseline", "{id}", "--by", "总经理"),
    ("review", "{id}", "--by", "总经理"),
    ("revise", "{id}", "--by", "质量专员"),
    ("issue", "{id}", "--to", "人事部"),
    ("redline", "{id}"),
    ("copy", "{id}", "--version", "A/0"),
    ("acknowledge", "{id}", "--by", "张三", "--department", "客服部"),
    ("acknowledgements", "{id}"),
    ("docx", "{id}", "--out", "{out}"),
]


def _args(args: tuple[str, ...], code: str, project: Project) -> list[str]:
    out = str(project.root.parent / "out")
    return [a.replace("{id}", code).replace("{out}", out) for a in args]


@pytest.mark.parametrize("args", LOOKUPS, ids=lambda args: " ".join(args[:2]))
def test_an_unknown_id_is_a_refusal_for_every_command(project: Project, args: tuple[str, ...]) -> None:
    """copy, docx and pdf exited 2 (usage) where redline, release and the rest exited 1 for the same QP-99-99."""
    result = qmsdoc(project, *_args(args, "QP-99-99", project))
    assert result.returncode == 1 and refused(result).startswith("未完成：") and "QP-99-99" in refused(result), result


@pytest.mark.parametrize("args", LOOKUPS, ids=lambda args: " ".join(args[:2]))
def test_an_id_whose_file_cannot_be_read_says_why_for_every_command(project: Project,
                                                                     args: tuple[str, ...]) -> None:
    """copy turned 「找不到编号」 into a usage error and dropped the file's QD001; obsolete --superseded-by,
    baseline and acknowledgements never showed it."""
    project.path(DOC).write_bytes(project.read(DOC).encode("gbk"))
    result = qmsdoc(project, *_args(args, "QP-02-03", project))
    assert result.returncode == 1 and any(line.startswith(f"{DOC}:") and "error QD001" in line
                                          for line in result.stdout.splitlines()), result
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [
    ("copy", "QP-02-01", "--version", "Z/9"),
    ("redline", "QP-02-01", "--from", "Z/9"),
    ("acknowledgements", "QP-03-02", "--version", "Z/9"),
    ("acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部", "--version", "Z/9"),
], ids=lambda args: args[0])
def test_a_version_the_item_never_had_is_a_refusal(repo: Project, args: tuple[str, ...]) -> None:
    _ask_for_acknowledgement(repo)
    result = qmsdoc(repo, *args)
    assert result.returncode == 1 and refused(result).startswith("未完成：") and "Z/9" in refused(result), result


BAD_VALUES = [
    ("release", "QP-02-01", "--by", "总经理", "--change", "x", "--date", "2026-13-01"),
    ("obsolete", "QP-02-01", "--no-successor", "--by", "总经理", "--date", "bad"),
    ("baseline", "--by", "总经理", "--date", "bad"),
    ("sign", "--by", "总经理", "--date", "bad"),
    ("review", "QP-02-01", "--by", "总经理", "--date", "bad"),
    ("review", "QP-02-01", "--by", "总经理", "--date", "2999-01-01"),
    ("revise", "QP-02-01", "--by", "质量专员", "--date", "bad"),
    ("issue", "QP-02-01", "--to", "人事部", "--date", "bad"),
    ("issue", "QP-02-01", "--to", "人事部", "--copies", "0"),
    ("issue", "QP-02-01", "--to", "人事部", "--replaces", "X-1", "--reason", "遗失", "--copies", "2"),
    ("recall", "QP-02-01-001", "--date", "bad"),
    ("acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部", "--date", "bad"),
    ("acknowledge", "QP-03-02", "--by", "张三"),
    ("acknowledge", "QP-03-02", "--from-csv", "nowhere.csv"),
    ("acknowledge", "QP-03-02", "--by", "张三", "--department", "客服部", "--version", "A1"),
    ("acknowledgements", "QP-03-02", "--version", "A1"),
    ("register", "--as-of", "bad"),
    ("register", "--as-of", "2999-01-01"),
    ("copy", "QP-02-01", "--version", "A1"),
    ("redline", "QP-02-01", "--from", "A1"),
    ("redline", "QP-02-01", "--to", "latest"),
    ("verify", "nowhere.docx"),
]


@pytest.mark.parametrize("args", BAD_VALUES, ids=lambda args: " ".join(args[:1] + args[-2:]))
def test_a_malformed_value_is_a_usage_error_for_every_command(repo: Project, args: tuple[str, ...]) -> None:
    """A bad --date was 「配置错误」; copy --version A1 was 「没有已发布的版本」 (copy, exit 2) but redline --from
    A1 was 「没有版本」 (exit 1), and acknowledge --version A1 was first told the document needs no acknowledgement."""
    _ask_for_acknowledgement(repo)
    result = qmsdoc(repo, *args)
    assert result.returncode == 2 and result.stderr.startswith("用法错误："), result
    assert "配置错误" not in result.stderr and result.stdout == ""


def test_english_projects_say_usage_error(project: Project, tmp_path: Path) -> None:
    project.write("qmsdoc.yml", "language: en\n")
    result = qmsdoc(project, "review", "QP-02-01", "--by", "总经理", "--date", "bad")
    assert result.returncode == 2 and result.stderr.startswith("Usage error: "), result
    result = qmsdoc(project, "copy", "QP-02-01", "--version", "A1")
    assert result.returncode == 2 and result.stderr.startswith("Usage error: QD320 --version 'A1'"), result
    result = qmsdoc(project, "copy", "QP-99-99", "--version", "A/0")
    assert result.returncode == 1 and refused(result).startswith("Not done: "), result
