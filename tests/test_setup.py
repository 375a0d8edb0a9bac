"""Set-up as a new machine meets it: every imported third-party module is declared in pyproject.toml,
and the README's main command works in a fresh virtual environment holding only what is declared."""

from __future__ import annotations

import ast
import contextlib
import re
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

from conftest import REPO, copy_project

REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _dist(requirement: str) -> str:
    match = REQUIREMENT_NAME.match(requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-")


def _closure(requirements: list[str]) -> set[str]:
    """The declared distributions and, transitively, what they require (extras left out)."""
    seen: set[str] = set()
    todo = [_dist(r) for r in requirements if "extra ==" not in r]
    while todo:
        dist = todo.pop()
        if dist in seen:
            continue
        seen.add(dist)
        with contextlib.suppress(metadata.PackageNotFoundError):  # an optional requirement not installed
            todo += [_dist(r) for r in metadata.requires(dist) or [] if "extra ==" not in r]
    return seen


def _imports(folder: Path) -> list[tuple[str, int, str]]:
    out = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            out += [(path.relative_to(REPO).as_posix(), node.lineno, name.split(".")[0]) for name in names]
    return out


def undeclared(project: dict[str, object]) -> list[str]:
    deps = list(project.get("dependencies", []))  # type: ignore[call-overload]
    extras: dict[str, list[str]] = project.get("optional-dependencies", {})  # type: ignore[assignment]
    runtime = _closure(deps)
    testing = runtime | _closure(extras.get("test", []))
    owners = {module: {d.lower().replace("_", "-") for d in dists}
              for module, dists in metadata.packages_distributions().items()}
    local = {"qmsdoc", "bench", "tests", "conftest"} | {p.stem for p in (REPO / "tests").glob("*.py")}
    misses = []
    for folder, allowed in (("plugins", runtime), ("bench", testing), ("tests", testing)):
        for path, line, module in _imports(REPO / folder):
            if module in sys.stdlib_module_names or module in local:
                continue
            # A module not installed here (a requirement for another Python version) counts by its name.
            if not owners.get(module, {module.lower()}) & allowed:
                misses.append(f"{path}:{line}: {module}")
    return misses


def _pyproject() -> dict[str, object]:
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]  # type: ignore[no-any-return]


def test_every_imported_module_is_declared() -> None:
    assert undeclared(_pyproject()) == []


@pytest.mark.parametrize("dependency", ["nh3", "fastjsonschema", "jieba", "python-docx"])
def test_dropping_a_declared_dependency_is_noticed(dependency: str) -> None:
    project = _pyproject()
    deps = [d for d in project["dependencies"] if _dist(d) != dependency]  # type: ignore[attr-defined]
    assert len(deps) == len(project["dependencies"]) - 1  # type: ignore[arg-type]
    misses = undeclared({**project, "dependencies": deps})
    assert misses and all(m.startswith(("plugins/", "bench/", "tests/")) for m in misses)


def test_mkdocs_two_is_excluded() -> None:
    """MkDocs 2.0 has no plugin system; Material 10 is not the theme the site adapter was written for."""
    deps = {_dist(d): d for d in _pyproject()["dependencies"]}  # type: ignore[attr-defined]
    assert "<2" in deps["mkdocs"] and "<10" in deps["mkdocs-material"]


def test_readme_names_every_runtime_dependency() -> None:
    """README's 「Runtime dependencies」 sentence names each of pyproject.toml's (it left out four)."""
    readme = (REPO / "README.md").read_text("utf-8")
    sentence = readme[readme.index("Runtime dependencies"):].split("\n\n")[0].lower()
    spelt = {"mkdocs-material": "material", "markdown": "python-markdown"}
    missing = [d for d in map(_dist, _pyproject()["dependencies"])  # type: ignore[call-overload]
               if spelt.get(d, d) not in sentence]
    assert missing == []


# What the tests drive outside Python, by the Debian package scripts/test.sh installs when it is missing.
DEBIAN_PACKAGES = {
    "chromium": "the browser tests (/usr/bin/chromium)",
    "libreoffice-writer-nogui": "soffice converting the Word copies",
    "libreoffice-calc-nogui": "soffice opening register.xlsx",
    "python3-uno": "scripts/lo_tracked.py (accepting and rejecting tracked changes)",
    "poppler-utils": "pdftoppm, pdftotext, pdfinfo, pdffonts, pdfimages, pdftohtml",
    "git": "history, provenance and the shipped project's copies",
    "openssh-client": "ssh-keygen (signed approvals)",
    "fonts-noto-cjk": "the PDF copies' CJK fonts",
    "python3-venv": "python3 -m venv (ensurepip): the fresh environment the script and a test create",
}


def test_test_script_installs_what_the_tests_drive() -> None:
    """`bash scripts/test.sh`, README's test command, on a fresh Debian machine: each package the tests need is
    installed when missing (python3-venv was not: `python3 -m venv` then stopped for want of ensurepip)."""
    script = (REPO / "scripts" / "test.sh").read_text("utf-8")
    assert set(re.findall(r"need_apt\+=\(([\w.+-]+)\)", script)) == set(DEBIAN_PACKAGES)
    assert "python3 -m venv" in script and ".[test]" in script


@pytest.mark.slow
def test_readme_main_command_in_a_fresh_environment(tmp_path: Path) -> None:
    """`pip install . && qmsdoc build`, in a virtual environment that sees nothing of this machine's."""
    readme = (REPO / "README.md").read_text("utf-8")
    assert "    pip install . && qmsdoc build\n" in readme
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(REPO)],
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    project = copy_project(tmp_path / "project")
    clean_env = {"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([str(env_dir / "bin" / "qmsdoc"), "build"], cwd=project.root, capture_output=True,
                            text=True, timeout=900, env=clean_env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "Traceback" not in output
    for noise in ("Building prefix dict", "Loading model cost", "end of life", "Prefix dict has been built"):
        assert noise not in output, noise
    build = project.root / "build"
    assert (build / "site" / "index.html").is_file()
    assert (build / "site" / "qp-hr" / "QP-02-03" / "index.html").is_file()
    assert (build / "docx" / "documents" / "QP-02-03.docx").is_file()
    assert (build / "register.xlsx").is_file() and (build / "manifest.json").is_file()
