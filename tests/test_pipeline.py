"""One build pipeline: `qmsdoc build` checks once and drives MkDocs in-process; the Word copies and
the records do not need MkDocs at all; word/ and records/ import nothing from site/."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qmsdoc.cli import main

from conftest import REPO, Project

PACKAGE = REPO / "plugins" / "qmsdoc"
check_module = sys.modules["qmsdoc.core.check"]  # the package re-exports the function under the same name


@pytest.mark.slow
def test_build_checks_once_and_starts_no_mkdocs_process(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[Any] = []
    real_load = check_module.load_corpus

    def counting(config: Any, *rest: Any) -> Any:  # rest: the parse cache
        loads.append(config)
        return real_load(config, *rest)

    started: list[list[str]] = []
    real_popen = subprocess.Popen

    def watching(args: Any, *rest: Any, **kwargs: Any) -> Any:
        started.append([str(a) for a in (args if isinstance(args, list | tuple) else [args])])
        return real_popen(args, *rest, **kwargs)

    monkeypatch.setattr(check_module, "load_corpus", counting)
    monkeypatch.setattr(subprocess, "Popen", watching)
    assert main(["build", str(project.root)]) == 0
    assert len(loads) == 1, "the corpus was loaded and checked more than once"
    assert not [a for a in started if any("mkdocs" in part for part in a)], started
    build = project.path("build")
    assert (build / "site" / "qp-hr" / "QP-02-03" / "index.html").is_file()
    assert (build / "docx" / "documents" / "QP-02-03.docx").is_file()
    manifest = json.loads((build / "manifest.json").read_text("utf-8"))
    pages = {e["path"]: e["id"] for e in manifest["files"]}
    assert pages["site/qp-hr/QP-02-03/index.html"] == "QP-02-03"  # ids come from the model, not the HTML
    assert not list(project.root.glob(".build-*"))


_BLOCK_MKDOCS = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "mkdocs" or name.startswith(("mkdocs.", "material")):
            raise ImportError("mkdocs is not installed")
sys.meta_path.insert(0, Block())
from qmsdoc.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _without_mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _BLOCK_MKDOCS, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


@pytest.mark.slow  # a whole site build or whole-corpus export
def test_word_copies_and_records_need_no_mkdocs(project: Project) -> None:
    docx = _without_mkdocs("docx", "QP-02-03", cwd=project.root)
    assert docx.returncode == 0, docx.stderr
    assert project.path("build/docx/documents/QP-02-03.docx").is_file()
    records = _without_mkdocs("build", "--only", "word,records", cwd=project.root)
    assert records.returncode == 0, records.stderr
    assert "Traceback" not in records.stderr
    assert project.path("build/register.xlsx").is_file() and project.path("build/manifest.json").is_file()
    assert not project.path("build/site").exists()
    site = _without_mkdocs("build", cwd=project.root)  # the site does need MkDocs: a clear failure
    assert site.returncode != 0 and "mkdocs" in (site.stdout + site.stderr).lower()


def _imports(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add("." * node.level + node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("adapter", ["word", "records", "verify"])
def test_exporters_do_not_import_the_site(adapter: str) -> None:
    imports = _imports(PACKAGE / adapter)
    assert not [m for m in imports if m.startswith(("..site", "qmsdoc.site", "mkdocs", "material"))], imports


def test_no_module_of_the_site_or_the_search_imports_the_pipeline_or_a_face() -> None:
    """The plugin entry point (qmsdoc/plugin.py) sits beside the CLI above the pipeline; the page generation the
    site exporter and the plugin share sits below it: nothing in site/ or search/ reaches up."""
    for package in ("site", "search"):
        imports = _imports(PACKAGE / package)
        upward = [m for m in imports if m in ("..pipeline", "...pipeline", "qmsdoc.pipeline", "..plugin", "..cli",
                                              "qmsdoc.plugin", "qmsdoc.cli", "..build", "qmsdoc.build")
                  or m.startswith(("..pipeline.", "qmsdoc.pipeline."))]
        assert not upward, (package, upward)
        for path in (PACKAGE / package).rglob("*.py"):  # `from .. import pipeline`
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.level == 2 and not node.module:
                    assert not {a.name for a in node.names} & {"pipeline", "plugin", "cli", "build"}, path


def test_the_pipeline_and_the_site_form_no_import_circle() -> None:
    """Importing the pipeline and the site exporter loads neither the plugin face nor the command line, and the
    `qmsdoc` entry point of MkDocs is the face, a subclass of the site adapter."""
    code = ("import sys, qmsdoc.pipeline, qmsdoc.site.exporter, qmsdoc.site.serve; "
            "print(sorted(m for m in sys.modules if m in ('qmsdoc.plugin', 'qmsdoc.cli', 'qmsdoc.build')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    from importlib.metadata import entry_points

    from qmsdoc.plugin import QmsdocPlugin
    from qmsdoc.site.plugin import SitePlugin

    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "qmsdoc"]
    assert entry.load() is QmsdocPlugin and issubclass(QmsdocPlugin, SitePlugin)


def test_records_are_computed_from_the_model_not_from_html() -> None:
    """No HTML parser and no HTML pattern in records/: ids and versions come from the corpus."""
    imports = _imports(PACKAGE / "records")
    assert not [m for m in imports if m.split(".")[-1] in ("htmltree", "parser", "bs4", "lxml")], imports
    for path in (PACKAGE / "records").rglob("*.py"):
        text = path.read_text("utf-8")
        assert "class=" not in text and "HTMLParser" not in text, path


def test_core_imports_neither_mkdocs_nor_docx() -> None:
    imports = _imports(PACKAGE / "core")
    assert not [m for m in imports if m.split(".")[0] in ("mkdocs", "material", "docx", "openpyxl")], imports


def test_a_hand_written_nav_is_refused_not_dropped(project: Project) -> None:
    project.write("mkdocs.yml", project.read("mkdocs.yml") + "nav:\n  - 首页: index.md\n")
    result = subprocess.run([sys.executable, "-m", "qmsdoc.cli", "build"], cwd=project.root, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 2  # a configuration error, before anything is built
    assert "nav" in result.stderr and "删除" in result.stderr and "Traceback" not in result.stderr
    assert not project.path("build").exists()


def test_site_options_left_in_mkdocs_yml_are_refused_with_where_they_went(project: Project,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """publish_drafts / docx moved to qmsdoc.yml: an old mkdocs.yml gets directions, not a silently ignored option."""
    project.replace("mkdocs.yml", "  - qmsdoc\n", "  - qmsdoc:\n      docx: false\n")
    assert main(["build", str(project.root)]) == 2
    err = capsys.readouterr().err
    assert "docx" in err and "word_copies" in err and "qmsdoc.yml" in err and "Traceback" not in err
    assert not project.path("build").exists()


@pytest.mark.parametrize("value", ["2025-02-30", "[" * 3000 + "]" * 3000])
def test_mkdocs_yml_that_yaml_itself_cannot_build_is_exit_2(project: Project, value: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """PyYAML raises ValueError for an impossible date and RecursionError for deep nesting, not a YAMLError:
    they are a broken mkdocs.yml (exit 2, naming it), not a traceback."""
    project.write("mkdocs.yml", project.read("mkdocs.yml") + f"extra:\n  released: {value}\n")
    assert main(["build", str(project.root), "--only", "site"]) == 2
    err = capsys.readouterr().err
    assert "mkdocs.yml" in err and "Traceback" not in err
    assert not project.path("build").exists()


def test_one_configuration_decides_the_word_copies_for_every_output_set(project: Project) -> None:
    """`word_copies: false` in qmsdoc.yml holds for `--only word,records` too (it used to be read from mkdocs.yml,
    which that build never loads)."""
    project.replace("qmsdoc.yml", "word_copies: true", "word_copies: false")
    assert main(["build", str(project.root), "--only", "word,records"]) == 0
    assert not project.path("build/docx").exists()
    assert project.path("build/register.csv").is_file()


def test_a_setting_of_the_wrong_type_is_a_configuration_error(project: Project,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The message names the setting, says in words what it takes and shows what was written — not a Python
    type name ("应为 bool 类型")."""
    project.replace("qmsdoc.yml", "publish_drafts: false", "publish_drafts: 1")
    assert main(["check", str(project.root)]) == 2
    err = capsys.readouterr().err
    assert "publish_drafts 应为布尔值 true 或 false，现为 1" in err and "bool" not in err, err
    project.replace("qmsdoc.yml", "publish_drafts: 1", "publish_drafts: false")
    project.replace("qmsdoc.yml", "review_warning_days: 30", "review_warning_days: [30]")
    assert main(["check", str(project.root)]) == 2
    err = capsys.readouterr().err
    assert "review_warning_days 应为整数，现为 [30]" in err and "int" not in err, err


@pytest.mark.slow
def test_properdocs_builds_the_site_with_the_same_plugin(project: Project) -> None:
    """ProperDocs (a MkDocs 1.x fork) loads the `mkdocs.plugins` entry point: the adapter works there too."""
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"],
                            cwd=project.root, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    html = project.read("build/site/qp-hr/QP-02-03/index.html")
    assert 'class="qms-control"' in html and "员工离职管理工作规程" in html
    assert project.path("build/docx/documents/QP-02-03.docx").is_file()
    assert project.path("build/register.xlsx").is_file()


@pytest.mark.slow
def test_a_plain_mkdocs_build_leaves_nothing_for_the_next_build_in_the_process(tmp_path: Path) -> None:
    """MkDocs keeps one plugin instance per process across builds of the same configuration: what a plain
    `mkdocs build` of one project made (its build context, its PDF copies) must not reach the next build."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as load_mkdocs_config

    from conftest import copy_project

    first, second = copy_project(tmp_path / "first"), copy_project(tmp_path / "second")
    mkdocs_build(load_mkdocs_config(str(first.root / "mkdocs.yml")))
    assert (first.root / "build" / "site" / "pdf").is_dir()  # the plain build wrote and linked PDF copies
    second.replace("qmsdoc.yml", "pdf_copies: true", "pdf_copies: false")
    assert main(["build", str(second.root)]) == 0
    site = second.root / "build" / "site"
    assert not (site / "pdf").exists() and not (second.root / "build" / "pdf").exists()
    assert not any(str(first.root) in p.read_text("utf-8", "replace") for p in site.rglob("*.html"))


def test_the_builds_date_moves_with_a_form_a_manual_page_or_a_withdrawal(project: Project) -> None:
    import datetime as dt

    from qmsdoc.core import check, load_config
    from qmsdoc.records.register import latest_date

    def latest() -> dt.date:
        return latest_date(check(load_config(project.root)).corpus)

    base = latest()
    later = [base + dt.timedelta(days=n) for n in (10, 20, 30)]
    project.replace("controlled_forms/DY_AQ-QR-001.yaml", "version: A/0",
                    f"version: A/0\nhistory:\n  - {{version: A/0, date: {later[0]}, by: 质量专员, change: 首次发布}}")
    assert latest() == later[0]
    project.replace("manuals/qp-hr/index.md", "effective_date: 2026-03-01", f"effective_date: {later[1]}")
    assert latest() == later[1]
    withdrawn = f"withdrawn: {{by: 总经理, date: {later[2]}, reason: 合并, replaced: false}}\n"
    project.replace("manuals/qp-hr/QP-02-03.md", "status: effective\n", f"status: obsolete\n{withdrawn}")
    assert latest() == later[2]
