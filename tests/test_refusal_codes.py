"""Every refusal of the configuration or the command line carries a rule code of the one registry (QD300–QD303,
QD320–QD322, core/errors.py) and its place — a file and line, or 「命令行 --out」 — as a finding does; a path the user
gave is repeated whole up to 120 characters, longer ones by their head and tail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qmsdoc.core import ConfigError, i18n
from qmsdoc.core.errors import QmsdocError, UsageError
from qmsdoc.core.outputs import replace_folder
from qmsdoc.core.rules import REGISTRY

from conftest import Project, run_cli

CODES = ("QD300", "QD301", "QD302", "QD303", "QD320", "QD321", "QD322")


def test_the_refusal_codes_are_in_the_one_registry() -> None:
    assert all(code in REGISTRY and REGISTRY[code].check is None for code in CODES)


def test_an_unknown_qmsdoc_yml_key_is_qd300_at_its_line(project: Project) -> None:
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "bogus: 1\n")
    line = project.line_of("qmsdoc.yml", "bogus: 1")
    result = run_cli("check", cwd=project.root)
    said = result.stderr
    assert result.returncode == 2 and said.startswith(
        f"配置错误：QD300 {project.path('qmsdoc.yml')}:{line}: 未知配置项 'bogus'"), said
    assert "QD300" in said


def test_a_good_configuration_says_no_refusal_code(project: Project) -> None:
    said = run_cli("check", cwd=project.root)
    assert said.returncode == 0 and not any(code in said.stderr + said.stdout for code in CODES), said


def test_a_missing_manuals_folder_is_qd301_at_its_setting(project: Project) -> None:
    project.write("qmsdoc.yml", project.read("qmsdoc.yml").replace("manuals_dir: manuals", "manuals_dir: nowhere"))
    line = project.line_of("qmsdoc.yml", "manuals_dir: nowhere")
    said = run_cli("check", cwd=project.root).stderr
    assert said.startswith(f"配置错误：QD301 {project.path('qmsdoc.yml')}:{line}: 配置项 manuals_dir"), said
    assert "QD301" in said


def test_a_broken_mkdocs_yml_is_qd302_at_its_line(project: Project) -> None:
    mkdocs = project.path("mkdocs.yml")
    lines = len(mkdocs.read_text("utf-8").splitlines())
    mkdocs.write_text(mkdocs.read_text("utf-8") + "extra:\n  broken: [a, b\nmore: 1\n", "utf-8")
    result = run_cli("build", "--only", "site", cwd=project.root)
    said = result.stderr
    assert result.returncode == 2 and f"配置错误：QD302 {mkdocs}:{lines + 2} " in said, said
    assert "QD302" in said


def test_no_project_is_qd303(tmp_path: Path) -> None:
    said = run_cli("check", cwd=tmp_path).stderr
    assert said.startswith("QD303 未找到 qmsdoc 项目"), said
    assert "QD303" in said


def test_a_command_line_mistake_is_qd320(project: Project) -> None:
    result = run_cli("check", "--bogus", cwd=project.root)
    said = result.stderr
    assert result.returncode == 2 and said.startswith("用法错误：QD320 qmsdoc check 不接受 --bogus"), said
    assert "QD320" in said


@pytest.fixture
def committed(project: Project) -> Project:
    from conftest import commit, git

    git(project.root, "init", "-q")
    commit(project.root, "初始文件")
    return project


def _register(project: Project, out: str) -> tuple[int, str]:
    import datetime as dt

    result = run_cli("register", "--as-of", dt.date.today().isoformat(), "--out", out, cwd=project.root)
    return result.returncode, result.stderr


def test_an_out_among_the_sources_is_qd321_at_the_option(committed: Project, tmp_path: Path) -> None:
    code, said = _register(committed, "manuals/r.csv")
    assert code == 2 and said.startswith("用法错误：QD321 命令行 --out: ") and "--out: --out" not in said, said
    assert "QD321" in said
    code, said = _register(committed, str(tmp_path / "r.pdf"))  # the wrong extension: the same code and place
    assert code == 2 and said.startswith("用法错误：QD321 命令行 --out: "), said
    code, said = _register(committed, str(tmp_path))  # a folder
    assert code == 2 and said.startswith("用法错误：QD321 命令行 --out: "), said


def test_an_out_to_a_new_file_is_written_and_once_there_qd321(committed: Project, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    code, said = _register(committed, str(out))
    assert code == 0 and out.is_file() and not any(c in said for c in CODES), said
    code, said = _register(committed, str(out))
    assert code == 2 and said.startswith(f"用法错误：QD321 命令行 --out: {out} 已存在"), said


def test_an_out_folder_qmsdoc_did_not_make_is_qd322(project: Project, tmp_path: Path) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("x", "utf-8")
    result = run_cli("docx", "--out", str(foreign), cwd=project.root)
    said = result.stderr
    assert result.returncode == 2 and said.startswith("配置错误：QD322 命令行 --out: 输出目录 “"), said
    assert "QD322" in said and (foreign / "keep.txt").is_file()


def test_replace_folder_refuses_a_foreign_folder_at_its_path_with_qd322(tmp_path: Path) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("x", "utf-8")
    with pytest.raises(ConfigError) as refused, i18n.using("zh-CN"):
        replace_folder(foreign, ".x-", lambda staging: None)
    with i18n.using("zh-CN"):
        shown = refused.value.show()
    assert refused.value.code == "QD322" and shown.startswith(f"配置错误：QD322 {foreign}: 输出目录 {foreign} "), shown
    assert (foreign / "keep.txt").is_file()


def test_replace_folder_replaces_a_folder_qmsdoc_made(tmp_path: Path) -> None:
    ours = tmp_path / "ours"

    def fill(name: str) -> Callable[[Path], None]:
        def write(staging: Path) -> None:  # a copies folder's own place (outputs.COPY_NAMES)
            (staging / "documents").mkdir()
            (staging / "documents" / name).write_text(name, "utf-8")
        return write

    replace_folder(ours, ".x-", fill("old.docx"))  # qmsdoc's own, listed as written
    replace_folder(ours, ".x-", fill("new.docx"))
    assert (ours / "documents/new.docx").is_file() and not (ours / "documents/old.docx").exists()


def test_the_code_is_shown_once_and_never_part_of_the_message() -> None:
    """A refusal wrapped in another (mkdocs.yml's line before qmsdoc.yml's words) takes `str`: one code."""
    inner = ConfigError("qmsdoc.yml:3: x")
    outer = ConfigError(f"mkdocs.yml:5: {inner}", code="QD302")
    with i18n.using("en"):
        assert outer.show() == "Configuration error: QD302 mkdocs.yml:5: qmsdoc.yml:3: x"
        assert UsageError("y").show() == "Usage error: QD320 y"
        assert QmsdocError("z").show() == "Not done: QD330 z"  # a refused operation: its kind's code


def test_a_long_path_is_cut_in_the_middle() -> None:
    from qmsdoc.core.errors import PATH_LIMIT, shown_path

    path = "/home/质量部/" + "子" * 10_000 + "/QP-02-03-A_1.docx"
    cut = shown_path(path)
    assert len(cut) == PATH_LIMIT and cut.startswith("/home/质量部/") and cut.endswith("/QP-02-03-A_1.docx")
    assert "…" in cut


def test_a_real_path_is_shown_whole() -> None:
    from qmsdoc.core.errors import PATH_LIMIT, shown_path

    path = "/home/user/projects/quality-manual/build/copies/" + "QP-02-03-A_1.docx" * 3
    assert len(path) <= PATH_LIMIT and shown_path(path) == path and shown_path(Path(path)) == path


def _codes(said: str) -> list[str]:
    import re

    return re.findall(r"\bQD\d{3}\b", said)


def test_an_unreadable_qmsdoc_yml_shows_one_code_the_readers(project: Project) -> None:
    """Fire: 「QD300 …qmsdoc.yml:4: QD003 配置文件无法解析」 showed two codes; the reader's is the more exact."""
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "organisation: [unclosed\n")
    said = run_cli("check", cwd=project.root).stderr
    assert said.startswith(f"配置错误：QD003 {project.path('qmsdoc.yml')}:"), said
    assert _codes(said) == ["QD003"], said


def test_a_duplicate_key_in_mkdocs_yml_shows_one_code_the_readers(project: Project) -> None:
    """Fire: 「QD302 …mkdocs.yml:41 无效：QD004 字段 site_name 重复」 showed two codes."""
    mkdocs = project.path("mkdocs.yml")
    mkdocs.write_text(mkdocs.read_text("utf-8") + "site_name: 又一个\n", "utf-8")
    result = run_cli("build", "--only", "site", cwd=project.root)
    said = result.stderr
    assert result.returncode == 2 and f"配置错误：QD004 {mkdocs}:" in said, said
    assert _codes(said) == ["QD004"], said


def test_a_refusal_of_a_setting_keeps_its_kinds_code_alone(project: Project) -> None:
    """Quiet: a readable file whose setting is refused has no inner finding: QD300, once."""
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "bogus: 1\n")
    said = run_cli("check", cwd=project.root).stderr
    assert _codes(said) == ["QD300"], said
