"""Every refusal of a qmsdoc.yml value says where it is written: `…/qmsdoc.yml:LINE: ` before its message, exit 2.
The values refused while the file loads always did; those refused after it (the output folder build_dir, the
record paths: distribution, issued_dir, roster …) named the file and the setting but not the line. The mkdocs.yml
values qmsdoc refuses (nav, site_name, copyright, extra_css …) are told at their line in mkdocs.yml alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Project, run_cli


def set_line(project: Project, key: str, value: str) -> int:
    """`key: value` in qmsdoc.yml, on the line that set it before (appended if none did); the line it is on."""
    lines = project.read("qmsdoc.yml").splitlines()
    written = f"{key}: {value}"
    at = next((number for number, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if at is None:
        lines.append(written)
        at = len(lines) - 1
    else:
        lines[at] = written
    project.write("qmsdoc.yml", "\n".join(lines) + "\n")
    return at + 1


def _foreign_folder(root: Path) -> None:
    (root / "mine").mkdir()
    (root / "mine" / "notes.txt").write_text("x", "utf-8")


CASES = [
    # refused after loading: the record paths (one rule, core/outputs.py refuse_record_paths)
    ("check", "distribution", "build/distribution.yaml", None),
    ("check", "issued_dir", "..", None),
    ("check", "roster", "acknowledgements.yaml", None),
    ("check", "allowed_signers", "manuals/keys", None),
    ("check", "revisions_dir", "manuals", None),
    # refused after loading: the output folder (refuse_unsafe), by each command that writes into it
    ("build", "build_dir", ".", None),
    ("build", "build_dir", "manuals", None),
    ("build", "build_dir", "mine", _foreign_folder),
    ("docx", "build_dir", "afile", lambda root: (root / "afile").write_text("x", "utf-8")),
    # refused while loading (located before; kept so)
    ("check", "review_months", "0", None),
    ("check", "max_file_bytes", "'many'", None),
    ("check", "language", "fr", None),
    ("check", "manuals_dir", "nothere", None),
]


@pytest.mark.parametrize(("command", "key", "value", "setup"), CASES, ids=[f"{c[1]}={c[2]}" for c in CASES])
def test_a_refused_setting_is_told_at_its_line(project: Project, command: str, key: str, value: str,
                                               setup: object) -> None:
    line = set_line(project, key, value)
    if callable(setup):
        setup(project.root)
    result = run_cli(command, cwd=project.root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{project.root / 'qmsdoc.yml'}:{line}: " in result.stderr, result.stderr
    assert key in result.stderr and "Traceback" not in result.stderr


def test_an_english_project_is_told_the_line_in_english(project: Project) -> None:
    set_line(project, "language", "en")
    line = set_line(project, "issued_dir", "..")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2
    assert f"{project.root / 'qmsdoc.yml'}:{line}: the issued copies folder issued_dir" in result.stderr, \
        result.stderr


def test_an_output_folder_left_at_its_default_names_the_file(project: Project) -> None:
    """build_dir not written in qmsdoc.yml: no line to point at, the file where to write it."""
    lines = [line for line in project.read("qmsdoc.yml").splitlines() if not line.startswith("build_dir:")]
    project.write("qmsdoc.yml", "\n".join(lines) + "\n")
    (project.root / "build").mkdir()
    (project.root / "build" / "notes.txt").write_text("x", "utf-8")
    result = run_cli("build", cwd=project.root)
    assert result.returncode == 2
    assert f"{project.root / 'qmsdoc.yml'}: " in result.stderr and "build_dir" in result.stderr, result.stderr


def test_a_valid_configuration_is_refused_nowhere(project: Project) -> None:
    from qmsdoc.core.config import load_config
    from qmsdoc.core.outputs import refuse_record_paths, refuse_unsafe

    result = run_cli("check", cwd=project.root)
    assert result.returncode == 0 and "qmsdoc.yml:" not in result.stdout + result.stderr, result.stderr
    config = load_config(project.root)
    assert refuse_unsafe(config.build_path, config, "build_dir", key="build_dir") == config.build_path.resolve()
    refuse_record_paths(config)
    assert config.where("build_dir") == f"{project.root / 'qmsdoc.yml'}:{project.line_of('qmsdoc.yml', 'build_dir:')}"


MKDOCS_CASES = [
    ("nav", "nav:\n  - index.md"),
    ("site_name", 'site_name: "a\\tb"'),
    ("copyright", "copyright: <script>x</script>"),
    ("extra_css", "extra_css: [nothere.css]"),
]


@pytest.mark.parametrize(("key", "written"), MKDOCS_CASES, ids=[case[0] for case in MKDOCS_CASES])
def test_a_refused_mkdocs_value_is_told_at_its_line(project: Project, tmp_path: Path, key: str,
                                                    written: str) -> None:
    from qmsdoc.core.config import ConfigError
    from qmsdoc.site.exporter import load_site_config

    lines = [line for line in project.read("mkdocs.yml").splitlines() if not line.startswith(f"{key}:")]
    project.write("mkdocs.yml", "\n".join([*lines, written]) + "\n")
    line = len(lines) + 1
    with pytest.raises(ConfigError) as refused:
        load_site_config(project.path("mkdocs.yml"), tmp_path / "site", docs_dir=project.path("manuals"),
                         strict=False)
    assert str(refused.value).startswith(f"{project.path('mkdocs.yml')}:{line}: "), refused.value


def test_a_valid_mkdocs_configuration_loads(project: Project, tmp_path: Path) -> None:
    from qmsdoc.site.exporter import load_site_config

    assert load_site_config(project.path("mkdocs.yml"), tmp_path / "site", docs_dir=project.path("manuals"),
                            strict=False).site_name
