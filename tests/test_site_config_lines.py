"""A refusal of a nested mkdocs.yml setting points to that setting's own line (site/config.py `setting_at`): a
`theme: custom_dir:`, a `plugins: - search: lang:` MkDocs refuses, a moved `- qmsdoc: publish_drafts:` and a
`- offline` were each told at the line of `theme:` or `plugins:`, or with no line at all, far from what to change."""

from __future__ import annotations

import pytest

from conftest import Project, run_cli

MKDOCS = "mkdocs.yml"


def _line(project: Project, needle: str) -> int:
    return project.read(MKDOCS).split("\n").index(needle) + 1


@pytest.mark.parametrize(("old", "new", "needle"), [
    ("  - qmsdoc\n", "  - search:\n      lang: 123\n  - qmsdoc\n", "      lang: 123"),
    ("  - qmsdoc\n", "  - qmsdoc:\n      publish_drafts: true\n", "      publish_drafts: true"),
    ("  - qmsdoc\n", "  - qmsdoc\n  - offline\n", "  - offline"),
    ("  - qmsdoc\n", "  - qmsdoc\n  - material/offline\n", "  - material/offline"),
    ("  font: false\n", "  font: false\n  custom_dir: overrides\n", "  custom_dir: overrides"),
], ids=["plugin-option-mkdocs-refuses", "moved-option", "offline", "material-offline", "custom-dir"])
def test_a_nested_setting_is_refused_at_its_own_line(project: Project, old: str, new: str, needle: str) -> None:
    project.replace(MKDOCS, old, new)
    project.write("overrides/partials/header.html", "<header></header>\n")
    result = run_cli("build", "--only", "site", cwd=project.root)
    assert result.returncode == 2, result
    assert f"{project.path(MKDOCS)}:{_line(project, needle)}" in result.stderr, (_line(project, needle), result.stderr)
    assert not project.path("build").exists()


def test_a_top_level_setting_is_still_refused_at_its_line(project: Project) -> None:
    """The quiet side: `nav:` (a top-level key) at its own line, as before."""
    project.path(MKDOCS).write_text(project.read(MKDOCS) + "nav:\n  - index.md\n", "utf-8")
    result = run_cli("build", "--only", "site", cwd=project.root)
    assert result.returncode == 2 and f"{project.path(MKDOCS)}:{_line(project, 'nav:')}: " in result.stderr, result


def test_lines_of_nested_settings_walk_each_written_node_once(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    from qmsdoc.core.source import screen_yaml_file

    path = Path(str(tmp_path)) / "mkdocs.yml"
    path.write_text("a: &x\n  b: 1\nc:\n  - d\n  - e:\n      f: 2\n  - e:\n      f: 3\ng: *x\n", "utf-8")
    src = screen_yaml_file(path, str(path), 10_000)
    assert src.findings == []
    assert {key: src.lines[key] for key in [("a",), ("a", "b"), ("c", "d"), ("c", "e"), ("c", "e", "f"), ("g",)]} == {
        ("a",): 1, ("a", "b"): 2, ("c", "d"): 4, ("c", "e"): 5, ("c", "e", "f"): 6, ("g",): 9}
