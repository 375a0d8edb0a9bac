"""mkdocs.yml is read by MkDocs' own YAML loader, which had none of the shared loader's guards: a billion-laughs
alias bomb hung `qmsdoc build` (killed after 60 s), a key written twice was silently the last one, and a GBK or NUL
file was refused in MkDocs' English without a line. core/source.screen_yaml_file puts the shared guards in front
(each at its line, in the project's language, exit 2) and leaves MkDocs its tags and ordinary anchors."""

from __future__ import annotations

import time

import pytest

from conftest import Project, run_cli

MKDOCS = "mkdocs.yml"


def bomb(levels: int) -> str:
    """`levels` of nine aliases each: 9 ** levels values once expanded (6: half a million, past the limit)."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("planted", "code", "words"), [
    (bomb(6), "QD005", "别名（*）展开后超过"),
    ("extra_loop: &x [1, *x]\n", "QD005", "自身所在的锚点"),
    ("site_name: 又一个名称\n", "QD004", "字段 site_name 重复（第 1 行与第"),
    ("x: 1\n\x00\n", "QD001", "空字符"),
], ids=["alias-bomb", "alias-in-itself", "duplicate-key", "nul"])
def test_a_hostile_site_configuration_is_refused_at_its_line(project: Project, planted: str, code: str,
                                                             words: str) -> None:
    project.path(MKDOCS).write_text(project.read(MKDOCS) + planted, "utf-8")
    started = time.monotonic()
    result = run_cli("build", "--only", "site", cwd=project.root)
    assert time.monotonic() - started < 30, "refused, not walked"
    assert result.returncode == 2, result
    assert f"{project.path(MKDOCS)}:" in result.stderr and f"{code} " in result.stderr, result.stderr
    assert words in result.stderr, result.stderr
    assert not project.path("build").exists()


@pytest.mark.parametrize("text", ["- site_name: 受控文件\n", "受控文件\n", ""], ids=["list", "scalar", "empty"])
def test_a_site_configuration_that_is_not_settings_is_said_in_chinese_at_its_line(project: Project, text: str) -> None:
    """MkDocs said 「Expected a key-value mapping (dict) but received: <class 'list'>」 (or, for an empty file,
    「Config value 'site_name': Required configuration not provided.」) to a Chinese team, with no line."""
    project.path(MKDOCS).write_text(text, "utf-8")
    result = run_cli("build", "--only", "site", cwd=project.root)
    assert result.returncode == 2, result
    assert f"QD004 {project.path(MKDOCS)}:1 " in result.stderr and "文件内容应为“名称: 值”的设置" in result.stderr, \
        result.stderr
    assert "Expected" not in result.stderr and "Required" not in result.stderr


def test_a_gbk_site_configuration_names_the_line_in_chinese(project: Project) -> None:
    project.path(MKDOCS).write_bytes(project.read(MKDOCS).encode("gb18030"))
    result = run_cli("build", "--only", "site", cwd=project.root)
    assert result.returncode == 2, result
    assert f"{project.path(MKDOCS)}:1 " in result.stderr and "不是 UTF-8 编码" in result.stderr, result.stderr
    assert "MkDocs encountered" not in result.stderr


def test_tags_anchors_and_the_shipped_configuration_pass_the_guards(project: Project) -> None:
    from qmsdoc.core.source import screen_yaml_file

    path = project.path(MKDOCS)
    assert screen_yaml_file(path, MKDOCS, 1 << 20).findings == []
    path.write_text(project.read(MKDOCS).replace("site_name:", "site_name: !ENV [SITE_NAME, 受控文件]\nx_name:", 1)
                    + "extra: &shared {a: 1, b: [1, 2]}\nextra_more: *shared\nextra_list: [*shared, *shared]\n"
                    + "emoji_index: !!python/name:material.extensions.emoji.twemoji\n", "utf-8")
    assert screen_yaml_file(path, MKDOCS, 1 << 20).findings == []
