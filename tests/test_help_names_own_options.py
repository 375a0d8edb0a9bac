"""A command's help names only options that command takes: acknowledge's --version said "with --as-of, the version
in force that day" (words shared with acknowledgements), and acknowledge has no --as-of."""

from __future__ import annotations

import argparse
import re

import pytest

from qmsdoc.cli import build_parser
from qmsdoc.core.i18n import using

_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _foreign_options(command: argparse.ArgumentParser) -> list[str]:
    """Options an option's help names that the command lacks; one named in a command line it quotes (qmsdoc …)
    belongs to that command."""
    own = {name for action in command._actions for name in action.option_strings}
    found = []
    for action in command._actions:
        text = action.help or ""
        for match in _OPTION.finditer(text):
            if match.group() not in own and "qmsdoc" not in text[max(0, match.start() - 60):match.start()]:
                found.append(f"{'/'.join(action.option_strings) or action.dest}: {match.group()} in {text!r}")
    return found


@pytest.mark.parametrize("language", ["zh-CN", "en", "zh-TW"])
def test_every_option_help_names_options_of_its_own_command(language: str) -> None:
    with using(language):
        foreign = {name: _foreign_options(command) for name, command in _commands().items()}
    assert {name: found for name, found in foreign.items() if found} == {}


def test_acknowledgements_still_tells_of_its_as_of_and_acknowledge_of_its_date() -> None:
    with using("en"):
        commands = _commands()
    helps = {name: next(a.help for a in commands[name]._actions if "--version" in a.option_strings)
             for name in ("acknowledge", "acknowledgements")}
    assert "--as-of" in str(helps["acknowledgements"])
    assert "--date" in str(helps["acknowledge"]) and "--as-of" not in str(helps["acknowledge"])
