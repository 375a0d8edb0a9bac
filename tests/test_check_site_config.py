"""`qmsdoc check` refuses the mkdocs.yml `qmsdoc build` refuses, with the same code and exit 2: before, check
exited 0 on a project whose build stopped at a broken, GBK, list-shaped or nav-writing mkdocs.yml (or a folder in
its place), and a CI gate on `check` passed a project that would not build. One screen decides both
(core/siteconfig.py); a project without mkdocs.yml (Word and PDF copies only) is not check's business."""

from __future__ import annotations

import pytest

from conftest import Project, run_cli

MKDOCS = "mkdocs.yml"


def _plant(project: Project, planted: str | bytes | None) -> None:
    path = project.path(MKDOCS)
    if planted is None:  # a folder where the file should be
        path.unlink()
        path.mkdir()
    elif isinstance(planted, bytes):
        path.write_bytes(planted)
    elif planted.startswith("+"):
        path.write_text(project.read(MKDOCS) + planted[1:], "utf-8")
    else:
        path.write_text(planted, "utf-8")


@pytest.mark.parametrize(("planted", "code"), [
    ("site_name: [unclosed\n", "QD302"),
    ("- site_name\n- theme\n", "QD004"),
    ("", "QD004"),
    ("site_name: 质量手册\n".encode("gbk"), "QD001"),
    ("a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 6)), "QD005"),
    ("+nav:\n  - index.md\n", "QD302"),
    (None, "QD001"),
], ids=["broken-yaml", "list", "empty", "gbk", "alias-bomb", "nav", "folder"])
def test_check_refuses_what_build_refuses_in_mkdocs_yml(project: Project, planted: str | bytes | None,
                                                         code: str) -> None:
    _plant(project, planted)
    checked = run_cli("check", cwd=project.root)
    built = run_cli("build", "--only", "site", cwd=project.root)
    assert checked.returncode == built.returncode == 2, (checked, built)
    said = [line for line in checked.stderr.splitlines() if f"{code} {project.path(MKDOCS)}" in line]
    assert said and said[0] in built.stderr, (checked.stderr, built.stderr)


def test_check_is_quiet_on_a_good_or_absent_mkdocs_yml(project: Project) -> None:
    assert run_cli("check", cwd=project.root).returncode == 0
    project.path(MKDOCS).unlink()
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0, result
    assert MKDOCS not in result.stderr + result.stdout
