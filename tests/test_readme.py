"""README.md as a quality officer follows it, literally: every `qmsdoc` command line it shows uses options that
command has (with values among its choices), every option it names is one a command has, every rule of the
registry has its row in the Rules table with its severity (and no row or mention names a rule that does not exist),
and the settings table lists exactly the keys qmsdoc.yml accepts, each default being what leaving the key out means.
(tests/test_setup.py holds the README's set-up commands.)"""

from __future__ import annotations

import argparse
import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from qmsdoc.cli import build_parser
from qmsdoc.core import paths
from qmsdoc.core.config import INTERNAL, Config, load_config
from qmsdoc.core.rules import REGISTRY

from conftest import REPO

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
