"""An `--out` whose extension names another format is refused (exit 2) with a way out the command really has:
`--format` where the command offers it (copy, register), only the right extension where it writes one format
(redline has no --format: pointing to it sent the user to an option the command refuses)."""

from __future__ import annotations

import pytest

from conftest import Project, run_cli


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_redline_names_no_format_option_it_does_not_have(project: Project, language: str) -> None:
    if language == "en":
        project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "\nlanguage: en\n")
    refused = run_cli("redline", "QP-03-02", "--out", "redline.pdf", cwd=project.root)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "redline.pdf" in refused.stderr and ".docx" in refused.stderr, refused.stderr
    assert "--format" not in refused.stderr, refused.stderr


def test_copy_still_points_to_its_format_option(project: Project) -> None:
    refused = run_cli("copy", "QP-03-02", "--out", "copy.xlsx", cwd=project.root)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "copy.xlsx" in refused.stderr and "--format" in refused.stderr, refused.stderr
