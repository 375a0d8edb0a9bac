"""A refused operation (exit 1, 「未完成」) carries a rule code of the one registry as a refusal of the configuration or
the command line does — 「未完成：QD331 …」, one code a kind (QD330–QD338, core/errors.py); `docx`/`pdf --out`
refusing a folder's strays names the option as every other --out refusal does; a path qmsdoc.yml gives is cut in a
message as one typed on the command line is (errors.shown_path)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from qmsdoc.core.errors import PATH_LIMIT
from qmsdoc.core.rules import REGISTRY

from conftest import CliRun, Project, run_cli

REFUSAL_CODES = tuple(f"QD33{n}" for n in range(9))
REFUSED_LINE = re.compile(r"^未完成：(QD\d{3}) ")


def _codes(text: str) -> list[str]:
    return re.findall(r"\bQD33\d\b", text)


def _refusal(text: str) -> str:
    """The refusal's line: the last on stderr (a note on git history may come before it)."""
    return text.strip().splitlines()[-1] if text.strip() else ""


def test_the_refused_operation_codes_are_in_the_one_registry_and_titled() -> None:
    from qmsdoc.core.i18n import en, zh_TW

    for code in REFUSAL_CODES:
        assert code in REGISTRY and REGISTRY[code].check is None, code
        assert f"rule.{code}.title" in en.MESSAGES and f"rule.{code}.title" in zh_TW.MESSAGES, code


@pytest.mark.parametrize(("args", "code"), [
    (("release", "QP-99-99", "--by", "总经理", "--keep-review", "--change", "x"), "QD331"),
    (("review", "QP-99-99", "--by", "总经理"), "QD331"),
    (("baseline", "QP-99-99", "--by", "总经理"), "QD331"),
    (("revise", "QP-99-99", "--by", "质量专员"), "QD331"),
    (("obsolete", "QP-99-99", "--no-successor", "--by", "总经理", "--reason", "x"), "QD331"),
    (("issue", "QP-99-99", "--to", "人事部"), "QD332"),
    (("acknowledge", "QP-99-99", "--by", "张三", "--department", "客服部"), "QD333"),
    (("redline", "QP-99-99"), "QD330"),
    (("copy", "QP-99-99", "--version", "A/0"), "QD330"),
], ids=lambda value: value[0] if isinstance(value, tuple) else value)
def test_a_refused_operation_shows_its_kinds_code_after_its_word(project: Project, args: tuple[str, ...],
                                                                 code: str) -> None:
    """Fire: these said 「未完成：没有编号为 QP-99-99 的文件 …」 with no code, where 「配置错误：QD300 …」 had one."""
    result = run_cli(*args, cwd=project.root)
    said = _refusal(result.stderr)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result
    found = REFUSED_LINE.match(said)
    assert found is not None and found.group(1) == code and "QP-99-99" in said, said
    assert _codes(result.stderr).count(code) == 1, result.stderr  # once: never inside the message as well


def test_a_docx_of_an_unknown_id_is_qd330(project: Project, tmp_path: Path) -> None:
    result = run_cli("docx", "QP-99-99", "--out", str(tmp_path / "out"), cwd=project.root)
    said = _refusal(result.stderr)
    assert result.returncode == 1 and said.startswith("未完成：QD330 ") and "QP-99-99" in said, result


def _refused_as(result: CliRun, code: str) -> None:
    said = result.stderr  # the refusal's line (a build then says what it left as it was)
    assert result.returncode == 1 and re.search(rf"(?m)^\S+：{code} ", said), said  # after its kind's word
    assert _codes(result.stderr).count(code) == 1, result.stderr


def test_a_one_line_history_the_release_cannot_append_to_is_qd335(project: Project) -> None:
    """A source edit qmsdoc cannot make keeping the file's own layout (a one-line `history: [...]`)."""
    doc = "manuals/qp-hr/QP-02-01.md"
    line = "history:\n  - {version: A/0, date: 2026-02-25, by: 质量专员, change: 首次发布}\n"
    project.replace(doc, line, "history: [{version: A/0, date: 2026-02-25, by: 质量专员, change: 首次发布}]\n")
    project.replace(doc, "规范物业管理人员招聘工作程序", "规范物业管理人员的招聘工作程序")
    _refused_as(run_cli("release", "QP-02-01", "--by", "总经理", "--reviewed-by", "经理", "--change", "措辞",
                        cwd=project.root), "QD335")


_BUILD_HOLDER = """import sys, time
from pathlib import Path
from qmsdoc.core.lock import build_lock
with build_lock(Path(sys.argv[1])):
    print('held', flush=True)
    time.sleep(120)
"""


def test_a_build_while_another_holds_the_project_is_qd336(project: Project) -> None:
    holder = subprocess.Popen([sys.executable, "-c", _BUILD_HOLDER, str(project.root)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        _refused_as(run_cli("build", "--only", "records", cwd=project.root), "QD336")
    finally:
        holder.kill()
        holder.wait()


def test_pdf_copies_without_their_fonts_are_qd337(project: Project, tmp_path: Path) -> None:
    project.write("qmsdoc.yml", project.read("qmsdoc.yml")
                  + "pdf_fonts:\n  system: false\n  body: 不存在的字体\n  heading: 不存在的字体\n")
    _refused_as(run_cli("pdf", "QP-02-02", "--out", str(tmp_path / "pdf"), cwd=project.root), "QD337")
    assert not (tmp_path / "pdf").exists()


def test_a_site_whose_theme_template_breaks_is_qd338(project: Project) -> None:
    project.replace("mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    project.write("overrides/main.html", '{% extends "base.html" %}{% block announce %}x{% endblok %}')
    result = run_cli("build", "--only", "site", cwd=project.root)
    _refused_as(result, "QD338")
    assert "overrides/main.html" in result.stderr


def test_an_operation_done_shows_no_refusal_code(project: Project) -> None:
    """Quiet: a review that is recorded says no 未完成 and no code of a refusal."""
    result = run_cli("review", "QP-02-01", "--by", "总经理", cwd=project.root)
    assert result.returncode == 0 and "未完成" not in result.stderr, result
    assert not _codes(result.stdout + result.stderr), result


def test_english_refusals_carry_the_code_too(project: Project) -> None:
    project.write("qmsdoc.yml", "language: en\n")
    result = run_cli("issue", "QP-99-99", "--to", "人事部", cwd=project.root)
    assert result.returncode == 1 and _refusal(result.stderr).startswith("Not done: QD332 "), result


def _empty_project(root: Path) -> Path:
    root.mkdir()
    (root / "qmsdoc.yml").write_text("organisation: 测试公司\n", "utf-8")
    return root


def test_an_import_whose_numbers_are_taken_is_qd334_after_the_problems_named(tmp_path: Path) -> None:
    """Fire: 「导入未完成：没有写入任何文件」 was printed on its own, a refusal with neither word nor code."""
    root = _empty_project(tmp_path / "p")
    source = tmp_path / "制度.txt"
    source.write_text("QP-02-01 文件控制程序\n1 目的\n规定文件的控制。\n", "utf-8")
    first = run_cli("import", str(source), "--manual", "QP-02", cwd=root)
    assert first.returncode == 0, first
    again = run_cli("import", str(source), "--manual", "QP-02", cwd=root)
    said = again.stderr.strip().splitlines()
    assert again.returncode == 1 and "Traceback" not in again.stderr, again
    assert said[-1].startswith("未完成：QD334 没有写入任何文件"), again.stderr
    assert any("QP-02-01 已被" in line for line in said[:-1]), again.stderr  # each problem named before it


def test_an_import_that_writes_shows_no_refusal_code(tmp_path: Path) -> None:
    root = _empty_project(tmp_path / "p")
    source = tmp_path / "制度.txt"
    source.write_text("QP-02-01 文件控制程序\n1 目的\n规定文件的控制。\n", "utf-8")
    result = run_cli("import", str(source), "--manual", "QP-02", cwd=root)
    assert result.returncode == 0 and not _codes(result.stdout + result.stderr), result


def _marked_with_a_stray(folder: Path, name: str = "notes.txt") -> Path:
    from qmsdoc.core.outputs import MARKER

    folder.mkdir(parents=True)
    (folder / MARKER).write_text("qmsdoc\n", "utf-8")
    (folder / name).write_text("mine", "utf-8")
    return folder


def test_docx_out_over_a_stray_names_the_option(project: Project, tmp_path: Path) -> None:
    """Fire: 「配置错误：QD322 输出目录 …」 named neither the option nor a setting's line."""
    out = _marked_with_a_stray(tmp_path / "copies")
    result = run_cli("docx", "--out", str(out), cwd=project.root)
    assert result.returncode == 2 and result.stderr.startswith("配置错误：QD322 命令行 --out: "), result
    assert "notes.txt" in result.stderr and (out / "notes.txt").is_file()


def test_docx_without_out_over_a_stray_names_build_dir_not_the_option(project: Project) -> None:
    """Quiet: the default copies folder is refused at qmsdoc.yml's build_dir, never at 「命令行 --out」."""
    _marked_with_a_stray(project.root / "build" / "docx")
    result = run_cli("docx", cwd=project.root)
    assert result.returncode == 2 and result.stderr.startswith(f"配置错误：QD322 {project.path('qmsdoc.yml')}"), result
    assert "--out" not in result.stderr


def test_a_stray_with_a_long_name_is_cut(project: Project, tmp_path: Path) -> None:
    long = "record-" * 30 + ".txt"  # 214 bytes: a name the file system takes
    out = _marked_with_a_stray(tmp_path / "copies", long)
    said = run_cli("docx", "--out", str(out), cwd=project.root).stderr
    assert long not in said and long[-20:] in said and "…" in said, said


def _manuals_dir(project: Project, value: str) -> str:
    project.write("qmsdoc.yml", project.read("qmsdoc.yml").replace("manuals_dir: manuals", f"manuals_dir: {value}"))
    return run_cli("check", cwd=project.root).stderr


def test_a_long_manuals_dir_is_cut_in_its_refusal(project: Project) -> None:
    """Fire: a 190-character manuals_dir was echoed whole; a path typed on the command line is cut at 120."""
    value = "m" * 90 + "/" + "n" * 99
    said = _manuals_dir(project, value)
    assert said.startswith("配置错误：QD301 ") and value not in said and "…" in said, said
    assert value[:40] in said and value[-40:] in said and len(value) > PATH_LIMIT


def test_a_short_manuals_dir_is_shown_whole(project: Project) -> None:
    said = _manuals_dir(project, "nowhere/at-all")
    assert said.startswith("配置错误：QD301 ") and "“nowhere/at-all”" in said and "…" not in said, said
