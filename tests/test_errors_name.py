"""Errors name the thing (#33): a path in every file-system error, ids of any length handled, every symlink
leaving the project is QD008, a back-dated release or withdrawal is a coded finding, and QD190 names the
changed line whenever the approved text is known (git, or what the last check read)."""

from __future__ import annotations

import pytest

from conftest import Project, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"


def test_folder_named_like_a_source_is_qd001_at_its_path(project: Project) -> None:
    project.path("manuals/qp-hr/QP-02-09.md").mkdir()
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 1 and "文件系统错误" not in result.stderr, result.stderr
    assert "manuals/qp-hr/QP-02-09.md:1: error QD001 " in result.stdout, result.stdout


def test_file_system_error_never_shows_a_descriptor_for_a_path(project: Project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import qmsdoc.cli

    def broken(args: object) -> int:
        raise IsADirectoryError(21, "Is a directory", 3)

    monkeypatch.setattr(qmsdoc.cli, "_cmd_check", broken)
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 1 and "3：" not in result.stderr and "文件系统错误" in result.stderr, result.stderr


@pytest.mark.parametrize("field", ["id", "version"])
def test_ids_of_any_length_are_qd004_not_a_traceback(project: Project, field: str) -> None:
    value = {"id": "QP-" + "1" * 10_000, "version": "A/" + "9" * 10_000}[field]
    text = project.read(DOC)
    line = next(line for line in text.splitlines() if line.startswith(f"{field}: "))
    project.write(DOC, text.replace(line, f"{field}: {value}", 1))
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 1, result.stderr
    assert f"{DOC}:{project.line_of(DOC, field + ': ')}: error QD004 " in result.stdout


def test_article_numbers_of_any_length_do_not_crash(project: Project) -> None:
    project.replace(DOC, "4.4.3 归还办公用品。", "4.4.3 归还办公用品。\n\n第" + "1" * 10_000 + "条 补充。")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 1 and "QD190" in result.stdout


def test_next_number_for_a_new_document_handles_long_ids(project: Project) -> None:
    from qmsdoc.core.codes import natural_key, next_number

    assert [next_number(n) for n in ("0099", "999", "0", "08")] == ["0100", "1000", "1", "09"]
    ids = ["QP-02-10", "QP-02-9", "QP-" + "1" * 10_000, "QP-02-1"]
    assert sorted(ids, key=natural_key) == ["QP-02-1", "QP-02-9", "QP-02-10", "QP-" + "1" * 10_000]


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "/etc/hostname", "/nonexistent/x.md"])
@pytest.mark.parametrize("name", ["manuals/qp-hr/QP-02-09.md", "manuals/qp-hr/图.png", "controlled_forms/X-F001.yaml"])
def test_symlink_leaving_the_project_is_qd008_whatever_it_points_to(project: Project, target: str, name: str) -> None:
    project.path(name).symlink_to(target)
    result = run_cli("check", cwd=project.root)
    assert f"{name}:1: error QD008 " in result.stdout, result.stdout
    assert f"{name}:1: error QD001 " not in result.stdout


def test_back_dated_release_is_a_coded_finding(project: Project) -> None:
    project.replace(DOC, "4.4.3 归还办公用品。", "4.4.3 归还全部办公用品。")
    before = project.read(DOC)
    result = run_cli("release", "QP-02-03", "--by", "总经理", "--reviewed-by", "经理", "--change", "改",
                     "--date", "2020-01-01", cwd=project.root)
    assert result.returncode == 1 and project.read(DOC) == before
    assert f"{DOC}:{project.line_of(DOC, 'prepared:')}: error QD120 " in result.stdout, result.stdout
    assert f"{DOC}:" in result.stdout and " error QD110 " in result.stdout, result.stdout


def test_back_dated_withdrawal_is_a_coded_finding(project: Project) -> None:
    before = project.read(DOC)
    result = run_cli("obsolete", "QP-02-03", "--superseded-by", "QP-02-02", "--by", "总经理",
                     "--update-references", "--date", "2020-01-01", cwd=project.root)
    assert result.returncode == 1 and project.read(DOC) == before, result.stdout + result.stderr
    assert f"{DOC}:{project.line_of(DOC, 'approved:')}: error QD120 " in result.stdout, result.stdout


def test_qd190_names_the_changed_line_without_git_from_the_last_check(project: Project) -> None:
    assert run_cli("check", cwd=project.root).returncode == 0  # the approved text, as this check read it
    project.replace(DOC, "4.4.3 归还办公用品。", "4.4.3 归还全部办公用品。")
    for _ in range(2):  # and again: the approved text stays known while it is asked for
        result = run_cli("check", cwd=project.root)
        assert f"{DOC}:{project.line_of(DOC, '归还全部')}: error QD190 " in result.stdout, result.stdout


@pytest.mark.parametrize("targets", [("/dev/zero", "/dev/null"), ("/etc/hostname", "/etc/passwd")])
def test_records_linked_outside_the_project_are_qd008(project: Project, targets: tuple[str, str]) -> None:
    project.path("distribution.yaml").symlink_to(targets[0])
    project.path("acknowledgements.yaml").symlink_to(project.root.parent / "acks.yaml")  # (not there)
    (project.root.parent / "roster.yaml").write_text("客服部: [张三]\n", "utf-8")
    project.path("roster.yaml").symlink_to(project.root.parent / "roster.yaml")
    project.path(".qmsdoc").mkdir()
    project.path(".qmsdoc/allowed_signers").symlink_to(targets[1])
    project.replace("qmsdoc.yml", "issued_dir: issued", "issued_dir: issued\napprovals: signed")
    out = run_cli("check", cwd=project.root).stdout
    assert "distribution.yaml:1: error QD008 " in out and ".qmsdoc/allowed_signers:1: error QD008 " in out, out
    assert "acknowledgements.yaml:1: error QD008 " in out and "roster.yaml:1: error QD008 " in out, out


def test_qd190_names_the_changed_line_from_the_last_build(project: Project) -> None:
    assert run_cli("build", "--only", "records", cwd=project.root).returncode == 0
    project.replace("manuals/qp-hr/index.md", "本手册规定", "本手册特别规定")
    result = run_cli("check", cwd=project.root)
    line = project.line_of("manuals/qp-hr/index.md", "本手册特别规定")
    assert f"manuals/qp-hr/index.md:{line}: error QD190 " in result.stdout, result.stdout
