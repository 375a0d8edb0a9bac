"""README.md as a quality officer follows it, literally: every `qmsdoc` command line it shows uses options that
command has (with values among its choices), every option it names is one a command has, every rule of the
registry has its row in the Rules table with its severity (and no row or mention names a rule that does not exist),
and the settings table lists exactly the keys qmsdoc.yml accepts, each default being what leaving the key out means.
(tests/test_setup.py holds the README's set-up commands.)"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from qmsdoc.cli import build_parser
from qmsdoc.core import paths
from qmsdoc.core.config import INTERNAL, Config, load_config
from qmsdoc.core.rules import REGISTRY

from conftest import REPO, run_cli

README = (REPO / "README.md").read_text("utf-8")

# Options README names that are another program's, not qmsdoc's: each with the program.
OTHER_PROGRAMS = {"--dirty": "mkdocs build", "--first-parent": "git log", "--full": "python -m bench",
                  "--sizes": "python -m bench"}
# Backticked text that begins with "qmsdoc " and is no command line.
NOT_COMMANDS = {"qmsdoc approval / id / fingerprint"}  # what a signed approval signs


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no sub-commands")


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {option: action for action in parser._actions for option in action.option_strings}


def command_lines(text: str) -> list[str]:
    """Every `qmsdoc …` README shows: in backticks, or as an indented command line (`a && b`: each)."""
    spans = re.findall(r"`([^`\n]*qmsdoc [^`\n]*)`", text) + re.findall(r"^ {4}(.*qmsdoc .*)$", text, re.M)
    lines = []
    for span in spans:
        for part in span.split("&&"):
            part = part.split("  #")[0].strip()
            if part.startswith("qmsdoc ") and part not in NOT_COMMANDS:
                lines.append(part)
    return lines


def _word(token: str) -> str:
    return token.strip("[]…,;:)(").split("=")[0]


def misused_options(text: str) -> list[str]:
    parser = build_parser()
    commands = _commands(parser)
    wrong = []
    for line in command_lines(text):
        words = line.split()
        name = words[1]
        if name.startswith("-"):
            if name not in _options(parser):
                wrong.append(f"{line}: qmsdoc has no {name}")
            continue
        if name not in commands:
            wrong.append(f"{line}: no command {name}")
            continue
        options = _options(commands[name])
        for index, token in enumerate(words[2:], start=2):
            option = _word(token)
            if not option.startswith("--"):
                continue
            if option not in options:
                wrong.append(f"{line}: qmsdoc {name} has no {option}")
                continue
            choices = options[option].choices
            if choices and index + 1 < len(words) and not words[index + 1].startswith(("-", "[", "…")):
                for value in _word(words[index + 1]).split("|"):
                    if value and value != "…" and value not in choices:
                        wrong.append(f"{line}: {value} is not a choice of {option} ({', '.join(choices)})")
    return wrong


def unknown_options(text: str) -> list[str]:
    parser = build_parser()
    known = set(_options(parser)).union(*(_options(c) for c in _commands(parser).values()))
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*[a-z]", text))
    return sorted(named - known - set(OTHER_PROGRAMS))


def test_readme_command_lines_use_options_the_commands_have() -> None:
    assert len(command_lines(README)) > 50
    assert misused_options(README) == []


def test_every_option_readme_names_is_a_commands() -> None:
    assert unknown_options(README) == []
    assert "`mkdocs build --dirty`" in README and "a `--dirty` build" not in README  # never read as qmsdoc's


def test_a_wrong_option_or_choice_is_noticed() -> None:
    """The checks are not vacuous: a renamed option, a missing one and a value out of the choices are named."""
    text = ("`qmsdoc release QP-03-06 --approver 总经理` and `qmsdoc issue X --format odt`\n"
            "    qmsdoc check && qmsdoc build --dirty\n")
    assert misused_options(text) == ["qmsdoc release QP-03-06 --approver 总经理: qmsdoc release has no --approver",
                                     "qmsdoc issue X --format odt: odt is not a choice of --format (docx, pdf)",
                                     "qmsdoc build --dirty: qmsdoc build has no --dirty"]
    assert unknown_options("a `--reviewer` option") == ["--reviewer"]


RULE_ROW = re.compile(r"^\| (QD\d{3}) \| (\w+) \| (.+) \|$", re.M)


def rule_table(text: str) -> dict[str, str]:
    rows = RULE_ROW.findall(text)
    table = {code: severity for code, severity, _what in rows}
    assert len(table) == len(rows), "a rule listed twice"
    return table


def rule_differences(text: str) -> list[str]:
    table = rule_table(text)
    wrong = [f"{code}: not in README's Rules table" for code in sorted(set(REGISTRY) - set(table))]
    wrong += [f"{code}: README's Rules table lists a rule that does not exist"
              for code in sorted(set(table) - set(REGISTRY))]
    wrong += [f"{code}: README says {table[code]}, the rule is {rule.severity.value}"
              for code, rule in sorted(REGISTRY.items()) if code in table and table[code] != rule.severity.value]
    named = set(re.findall(r"\bQD\d{3}\b", text))
    wrong += [f"{code}: named in README, no such rule" for code in sorted(named - set(REGISTRY))]
    return wrong


def test_readme_rules_table_is_the_registry() -> None:
    assert rule_differences(README) == []


def test_a_rule_missing_or_misstated_in_readme_is_noticed() -> None:
    some = next(iter(sorted(REGISTRY)))
    without = "\n".join(line for line in README.splitlines() if not line.startswith(f"| {some} |"))
    assert rule_differences(without) == [f"{some}: not in README's Rules table"]
    severity = REGISTRY[some].severity.value
    other = "warning" if severity == "error" else "error"
    assert rule_differences(README.replace(f"| {some} | {severity} |", f"| {some} | {other} |")) == [
        f"{some}: README says {other}, the rule is {severity}"]
    assert rule_differences(README + "\n| QD999 | error | nothing |\n") == [
        "QD999: README's Rules table lists a rule that does not exist", "QD999: named in README, no such rule"]


SETTING_ROW = re.compile(r"^\| `([a-z_]+)` \| (.+?) \| (.+) \|$", re.M)


def settings_table(text: str) -> dict[str, str]:
    start = text.index("**qmsdoc.yml 配置项 / Settings.**")
    block = text[start:text.index("\n\n", text.index("| key |", start))]
    return dict((key, default) for key, default, _what in SETTING_ROW.findall(block))


ACCEPTED = sorted(f.name for f in dataclasses.fields(Config) if f.name not in INTERNAL)


def test_readme_settings_table_lists_every_key_qmsdoc_yml_accepts() -> None:
    assert sorted(settings_table(README)) == ACCEPTED


@pytest.mark.parametrize("key", ACCEPTED)
def test_readme_setting_default_is_leaving_it_out(key: str, tmp_path: Path) -> None:
    default = settings_table(README)[key]
    literal = re.fullmatch(r"`([^`]+)`", default)
    if not literal:  # a default that depends on the language, described in words
        assert key in ("organisation", "required_sections", "markdown_extensions"), (key, default)
        return
    unset = load_config(tmp_path)
    (tmp_path / "qmsdoc.yml").write_text(yaml.safe_dump({key: yaml.safe_load(literal.group(1))}, allow_unicode=True),
                                         "utf-8")
    assert getattr(load_config(tmp_path), key) == getattr(unset, key)


def outputs_table(text: str) -> list[str]:
    start = text.index("## Outputs")
    block = text[start:text.index("\n\n", text.index("| path |", start))]
    listed = []
    for row in (line for line in block.splitlines() if line.startswith("| `")):
        first, *more = re.findall(r"`([^`]+)`", row.split(" | ")[0])
        if first.startswith("build/"):  # `build/register.xlsx`, `register.csv`: both in build/
            listed += [first] + [path if path.startswith(("build/", "…")) else f"build/{path}" for path in more]
    return listed


def test_readme_outputs_table_is_where_the_build_writes() -> None:
    """Each top-level file of the Outputs table is one the build writes (core/paths.py, the one place output
    paths are decided), every register and the manifest has its row, and each copy folder is one qmsdoc uses."""
    listed = outputs_table(README)
    written = {paths.REGISTER_CSV, paths.REGISTER_XLSX, paths.EXTERNAL_REGISTER_CSV, paths.RECALL_CSV,
               paths.ACKNOWLEDGEMENTS_CSV, paths.MANIFEST}
    tops = {path.removeprefix("build/") for path in listed if "/" not in path.removeprefix("build/")}
    assert tops == written
    for path in listed:
        parts = path.split("/")
        if path.startswith("build/") and len(parts) > 2:
            assert parts[1] in (paths.SITE_DIR, paths.DOCX_DIR, paths.PDF_DIR), path
        if path.startswith(("build/docx/", "build/pdf/")) and len(parts) > 3:
            assert set(parts[2].strip("{}").split(",")) <= paths.COPY_FOLDERS, path


def test_readme_names_every_option_of_every_command() -> None:
    """The other way round: no command or option (but --help and --path, said once for all) goes unmentioned."""
    parser = build_parser()
    unnamed = [f"qmsdoc {name}" for name in _commands(parser) if not re.search(rf"qmsdoc {name}\b", README)]
    unnamed += [f"qmsdoc {name} {option}" for name, command in _commands(parser).items() for option in _options(command)
                if option.startswith("--") and option not in ("--help", "--path")
                and not re.search(rf"{re.escape(option)}(?![\w-])", README)]
    assert unnamed == []


# Environment variables: the ones README tells a user (or CI) to set, and the ones the code reads.
ENV_NAME = re.compile(r"\b(QMSDOC_[A-Z_]+|SOURCE_DATE_EPOCH)\b")
# Where an environment variable README names may be read: the package, and the scripts, CI and test set-up README
# documents (`.ci/run`, `scripts/test.sh`, the CI templates, the portable pass of tests/conftest.py).
ENV_READERS = ("plugins", "scripts", ".ci", "examples/ci", "tests/conftest.py")


def _files(relative: str) -> list[Path]:
    path = REPO / relative
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def env_vars_read(folder: Path) -> set[str]:
    """Every environment variable the Python code under `folder` reads (`os.environ.get(X)`, `os.environ[X]`,
    `os.getenv(X)`), X a literal or a module-level constant of the package (`KEY_ENV = "QMSDOC_SIGNING_KEY"`)."""
    trees = [ast.parse(path.read_text("utf-8")) for path in sorted(folder.rglob("*.py"))]
    constants = {node.targets[0].id: node.value.value for tree in trees for node in tree.body
                 if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                 and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}
    read = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and ast.unparse(node.func) in (
                    "os.environ.get", "os.getenv", "os.environ.pop", "os.environ.setdefault", "environ.get"):
                argument = node.args[0]
            elif isinstance(node, ast.Subscript) and ast.unparse(node.value) in ("os.environ", "environ"):
                argument = node.slice
            else:
                continue
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                read.add(argument.value)
            elif isinstance(argument, ast.Name) and argument.id in constants:
                read.add(constants[argument.id])
    return read


def env_differences(text: str, read: set[str], elsewhere: str) -> list[str]:
    named = set(ENV_NAME.findall(text))
    wrong = [f"{name}: README names it, nothing reads it" for name in sorted(named) if name not in elsewhere]
    wrong += [f"{name}: the code reads it, README does not name it" for name in sorted(read - named)]
    return wrong


def _env_sources() -> str:
    return "\n".join(path.read_text("utf-8", errors="replace") for relative in ENV_READERS for path in _files(relative))


def test_readme_environment_variables_are_the_ones_read() -> None:
    read = env_vars_read(REPO / "plugins")
    assert {"QMSDOC_TODAY", "QMSDOC_SIGNING_KEY", "QMSDOC_PORTABLE", "SOURCE_DATE_EPOCH"} <= read
    assert env_differences(README, read, _env_sources()) == []


def test_an_environment_variable_misnamed_or_left_out_is_noticed() -> None:
    read = env_vars_read(REPO / "plugins")
    sources = _env_sources()
    assert env_differences(README.replace("QMSDOC_SIGNING_KEY", "QMSDOC_SIGN_KEY"), read, sources) == [
        "QMSDOC_SIGN_KEY: README names it, nothing reads it",
        "QMSDOC_SIGNING_KEY: the code reads it, README does not name it"]


LAYOUT_ROW = re.compile(r"^\| (`[^|]+`) \| (.+) \|$", re.M)
# Files of a project rather than of qmsdoc: Layout names them, a project (not this repository) may lack them.
PROJECT_RECORDS = {"distribution.yaml", "acknowledgements.yaml", "roster.yaml", "build/", "issued/"}


def layout_table(text: str) -> dict[str, str]:
    start = text.index("## Layout")
    block = text[start:text.index("\n## ", start + 1)]
    return {cell: what for cell, what in LAYOUT_ROW.findall(block)}


def layout_differences(text: str) -> list[str]:
    """Each path of the Layout table is there (a module it names in its `what`, in the row's folder), every package
    folder and top-level module of plugins/qmsdoc has its row, and every act (plugins/qmsdoc/acts/) is named."""
    rows = layout_table(text)
    wrong, named = [], set()
    for cell, what in rows.items():
        paths_ = re.findall(r"`([^`]+)`", cell)
        first = paths_[0]
        for path in paths_:
            full = path if path.startswith(("plugins/", "manuals/", "controlled_forms/", "examples/", "bench/")) \
                or path in PROJECT_RECORDS or path == "qmsdoc.yml" else f"plugins/qmsdoc/{path}"
            named.add(full.rstrip("/"))
            if "<" not in full and full not in PROJECT_RECORDS and not (REPO / full).exists():
                wrong.append(f"{path}: in README's Layout table, not in the repository")
        folder = REPO / first if first.endswith("/") else (REPO / first).parent
        for module in re.findall(r"`([\w/]+\.(?:py|js))`", what):
            if not any((base / module).exists() for base in (folder, REPO / "plugins/qmsdoc", folder / "..")):
                wrong.append(f"{first}: names {module}, which is not there")
        if first == "plugins/qmsdoc/acts/":
            named |= {f"plugins/qmsdoc/acts/{stem}.py" for stem in re.findall(r"`(\w+)`", what)}
    package = REPO / "plugins" / "qmsdoc"
    wanted = [p for p in sorted(package.iterdir()) if (p.is_dir() and (p / "__init__.py").exists())
              or (p.suffix == ".py" and p.name != "__init__.py")]
    wanted += [p for p in sorted((package / "acts").glob("*.py")) if p.name != "__init__.py"]
    wrong += [f"{p.relative_to(REPO).as_posix()}: no row or mention in README's Layout table" for p in wanted
              if p.relative_to(REPO).as_posix() not in named]
    return wrong


def test_readme_layout_is_the_repository() -> None:
    assert layout_differences(README) == []


def test_a_layout_row_gone_stale_is_noticed() -> None:
    """A folder renamed, a module named that is not there, an act left out: each is named."""
    text = (README.replace("| `plugins/qmsdoc/acts/` |", "| `plugins/qmsdoc/actions/` |")
            .replace("splitting (`toc.py`:", "splitting (`contents.py`:"))
    assert layout_differences(text) == [
        "plugins/qmsdoc/importer/: names contents.py, which is not there",
        "plugins/qmsdoc/actions/: in README's Layout table, not in the repository",
        "plugins/qmsdoc/acts: no row or mention in README's Layout table",
        *[f"plugins/qmsdoc/acts/{p.name}: no row or mention in README's Layout table"
          for p in sorted((REPO / "plugins/qmsdoc/acts").glob("*.py"))
          if p.name not in ("__init__.py", "acknowledge.py", "signsheet.py", "sheetbook.py")]]
    without_revise = README.replace("`revise` (working revisions: `qmsdoc revise`), ", "")
    assert layout_differences(without_revise) == [
        "plugins/qmsdoc/acts/revise.py: no row or mention in README's Layout table"]


LAST_FULL_RUN = re.compile(r"the last one with the 10,000-document point is kept as `bench/results-(\w+)\.json`")


def _is_ancestor(older: str, newer: str) -> bool | None:
    run = subprocess.run(["git", "merge-base", "--is-ancestor", older, newer], cwd=REPO, capture_output=True)
    return {0: True, 1: False}.get(run.returncode)  # anything else: a commit git does not have here


def test_readme_names_the_last_ten_thousand_document_run() -> None:
    """README points at the newest kept benchmark with the 10,000-document point (it named the run before)."""
    named = LAST_FULL_RUN.search(README)
    assert named, "README no longer says where the 10,000-document run is kept"
    kept = sorted(path.stem.removeprefix("results-") for path in (REPO / "bench").glob("results-*.json"))
    assert named.group(1) in kept
    for other in kept:
        assert f"`bench/results-{other}.json`" in README, other
        newer = _is_ancestor(named.group(1), other)
        if newer is None:
            pytest.skip("the benchmarks' commits are not in this clone's history")
        assert other == named.group(1) or not newer, f"results-{other}.json is a later run than the one README names"


def test_readme_acknowledge_default_version_is_the_commands() -> None:
    """The default `qmsdoc acknowledge` records against is what its --version help says (README said 「the version
    in force」; an approved version waiting for its effective date is the one read)."""
    from qmsdoc.core.i18n import en

    default = re.search(r"\(default: ([^,)]+)", en.MESSAGES["acks.cli.help.version"])
    assert default, en.MESSAGES["acks.cli.help.version"]
    step = README[README.index("**Record who has read it**"):README.index("**See where it stands.**")]
    said = re.search(r"\(default: ([^—,;]+?) —", step)
    assert said and said.group(1) == default.group(1), said and said.group(1)


def test_readme_says_in_which_language_import_reports(tmp_path: Path) -> None:
    """README's Language section said `qmsdoc import` reports in Chinese; in an English project it reports in
    English, as everything else does."""
    from qmsdoc.scaffold import init_project

    root = tmp_path / "p"
    init_project(root, "en")
    source = tmp_path / "old.txt"
    source.write_text("员工请假管理规程\n1.0 目的\n规范请假。\n2.0 适用范围\n全体员工。\n", "utf-8")
    run = run_cli("import", str(source), "--manual", "QM", "--dry-run", cwd=root)
    # the title is the file's own text, and the file's path is the user's (a temporary folder may be named in CJK)
    report = (run.stdout + run.stderr).replace("员工请假管理规程", "").replace(str(source), "")
    assert run.returncode == 0 and "the import would make drafts of 1 document" in report, report
    assert not re.search(r"[\u4e00-\u9fff]", report), report
    language = README[README.index("## Language / 语言"):README.index("**中文。**")]
    said = re.search(r"`qmsdoc import` \([^)]*\) reports in ([^.]+)\.", language)
    assert said and said.group(1) == "the project's language", said and said.group(1)


def qmsdoc_file_differences(text: str) -> list[str]:
    """The `.qmsdoc-…` files README says qmsdoc keeps (caches, the output marker, the copy jobs' record) are the
    names the code writes, and every cache of core/paths.py (but the legacy one a build only clears) is explained."""
    from qmsdoc.core import copyreuse, outputs

    written = {value for name, value in vars(paths).items() if name.isupper() and isinstance(value, str)
               and value.startswith(".qmsdoc-")}
    current = {value for value in written if value != paths.LEGACY_SEARCH_SEGMENTS}
    named = set(re.findall(r"\.qmsdoc-[\w.-]*\w", text))
    known = written | {outputs.MARKER, outputs.WRITTEN, copyreuse.RECORD}
    wrong = [f"{name}: README names it, qmsdoc writes no such file" for name in sorted(named - known)]
    wrong += [f"{name}: qmsdoc writes it into build/, README does not say what it is"
              for name in sorted(current - named)]
    return wrong


def test_readme_names_the_files_qmsdoc_keeps_in_build() -> None:
    assert qmsdoc_file_differences(README) == []


def test_a_cache_renamed_in_readme_is_noticed() -> None:
    text = README.replace(".qmsdoc-render-cache.json", ".qmsdoc-render.json")
    assert qmsdoc_file_differences(text) == [
        ".qmsdoc-render.json: README names it, qmsdoc writes no such file",
        ".qmsdoc-render-cache.json: qmsdoc writes it into build/, README does not say what it is"]


def test_readme_says_what_an_unmarked_earlier_build_may_hold() -> None:
    """An older build/ without the marker is recognised while it holds only what qmsdoc writes (core/paths.py
    BUILD_NAMES): README's list named site/ and docx/ but not pdf/, which such a build holds too."""
    rule = README[README.index("A `build/` made by an older"):].split("\n- ")[0]
    listed = {name.rstrip("/") for name in re.findall(r"`([^`]+)`", rule.split("nothing but what qmsdoc wrote")[1])}
    assert listed <= paths.BUILD_NAMES, listed - paths.BUILD_NAMES
    assert {paths.SITE_DIR, paths.DOCX_DIR, paths.PDF_DIR, paths.MANIFEST} <= listed


def setup_problems(text: str) -> list[str]:
    """README's set-up and test commands (the indented lines of *Set-up*) are shell a user can paste: each parses
    (`bash -n`), `pip install` installs this project (`.`, or `.[extra]` with an extra pyproject.toml declares),
    and a script it runs is in the repository."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib
    extras = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]
    start = text.index("## Set-up")
    lines = re.findall(r"^ {4}(\S.*)$", text[start:text.index("\n## ", start + 1)], re.M)
    wrong = []
    for line in lines:
        parsed = subprocess.run(["bash", "-n", "-c", line], capture_output=True, text=True)
        if parsed.returncode:
            wrong.append(f"{line}: not shell ({parsed.stderr.strip()})")
        for target in re.findall(r"pip install (\S+)", line):
            extra = re.fullmatch(r"\.(?:\[([\w,-]+)\])?", target.strip("'\""))
            if not extra:
                wrong.append(f"{line}: installs {target}, not this project")
            elif extra.group(1) and not set(extra.group(1).split(",")) <= set(extras):
                wrong.append(f"{line}: pyproject.toml has no extra {extra.group(1)}")
        for script in re.findall(r"\bbash (\S+)", line):
            if not (REPO / script).is_file():
                wrong.append(f"{line}: no {script}")
    return wrong


def test_readme_setup_commands_are_shell_for_this_project() -> None:
    assert any(line.startswith("pip install .") for line in re.findall(r"^ {4}(\S.*)$", README, re.M))
    assert setup_problems(README) == []


def test_a_broken_setup_command_is_noticed() -> None:
    text = (README.replace("    pip install . && qmsdoc build\n", "    pip install .[docs] && qmsdoc build\n")
            .replace("    bash scripts/test.sh\n", "    bash scripts/tests.sh\n")
            .replace(". /opt/qmsdoc/bin/activate", ". /opt/qmsdoc/bin/activate &&"))
    problems = setup_problems(text)
    assert [problem.split(" (bash")[0] for problem in problems] == [
        "python3 -m venv /opt/qmsdoc && . /opt/qmsdoc/bin/activate &&: not shell",
        "pip install .[docs] && qmsdoc build: pyproject.toml has no extra docs",
        "bash scripts/tests.sh: no scripts/tests.sh"], problems


def exit_codes_returned() -> set[int]:
    """Every exit status `qmsdoc`'s main returns as a number or a named constant (QmsdocError's are 1 and 2)."""
    import qmsdoc.cli as cli
    from qmsdoc.core import errors

    tree = ast.parse(Path(cli.__file__).read_text("utf-8"))
    # main and the function it runs under its Ctrl+C guard
    entry = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in ("main", "_run")]
    codes = set()
    for node in (inner for function in entry for inner in ast.walk(function)):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, int):
            codes.add(node.value.value)
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Name):
            codes.add(getattr(cli, node.value.id))
    return codes | {errors.EXIT_OK, errors.EXIT_FINDINGS, errors.EXIT_USAGE}


def readme_exit_codes(text: str) -> set[int]:
    sentence = text[text.index("Exit codes: "):].split(". ")[0]
    return {int(code) for code in re.findall(r"\b(\d+) (?:no|errors|usage|when)", sentence)}


def test_readme_lists_every_exit_code() -> None:
    """README's exit codes are the ones `qmsdoc` returns: it left out 130 (Ctrl+C) and 141 (a closed pipe)."""
    assert {0, 1, 2, 130, 141} <= exit_codes_returned()
    assert readme_exit_codes(README) == exit_codes_returned()


def test_an_exit_code_missing_from_readme_is_noticed() -> None:
    assert readme_exit_codes(README.replace(" and 141 when the reader", " and when the reader")) == {0, 1, 2, 130}


@pytest.mark.parametrize("language", ["zh-CN", "en", "zh-TW"])
def test_import_help_names_every_kind_of_file_it_reads(language: str) -> None:
    """README's *Bringing an existing quality system in* reads Word, text and Markdown files; `qmsdoc import --help`
    named .docx and text files only, so a team with a Markdown QMS was not told it could bring it in."""
    from qmsdoc.core import i18n
    from qmsdoc.importer.md_reader import SUFFIXES

    files = i18n.lookup(language).messages["cli.import.files"]  # type: ignore[union-attr]
    assert ".docx" in files and "GB18030" in files and all(suffix in files for suffix in SUFFIXES), files
    assert all(suffix in README for suffix in (".docx", *SUFFIXES))
