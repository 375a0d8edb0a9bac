"""Commands qmsdoc tells a user to run with a path of theirs in them (a file to restore from git): written
so that the line works when pasted into the shells users have — sh, bash, zsh, PowerShell and cmd."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .i18n import t

# Special inside double quotes in at least one of sh/bash/zsh ($ ` \ and ! for history), PowerShell ($ ` and
# its curly double quotes) or cmd (% and, with delayed expansion, !).
_SPECIAL_IN_DOUBLE_QUOTES = frozenset('"$`\\%!\u201c\u201d\u201e')
# Wildcards in a git pathspec: with them a path could name other files too.
_PATHSPEC_WILDCARDS = frozenset("*?[")


def _special(char: str) -> bool:
    return char in _SPECIAL_IN_DOUBLE_QUOTES or unicodedata.category(char).startswith("C")  # control, format…


def git_command(*words: str, path: str) -> str:
    """`git WORDS ":/PATH"`, `path` relative to the repository's top (core/gitlog.py's `repository_path`): the
    top-anchored pathspec names that one file from whatever folder of the repository the command is pasted in —
    the project's folder, a folder inside it, or the repository's root when the project is a folder of it.
    Double quotes keep spaces, quotes ('), CJK, parentheses, & and ; as they are in all five shells; a path with
    a pathspec wildcard is `:(top,literal)` so that git restores that one file. A path with a character that is
    special inside double quotes in one of them cannot be written once for all: it is single-quoted the
    sh/bash/zsh way and the command says so."""
    literal = ":(top,literal)" if any(c in _PATHSPEC_WILDCARDS for c in path) else ":/"
    if not any(_special(c) for c in path):
        return " ".join(("git", *words, f'"{literal}{path}"'))
    quoted = "'" + (literal + path).replace("'", "'\\''") + "'"
    return t("shell.posix_only", command=" ".join(("git", *words, quoted)))


def _bare(char: str) -> bool:
    """A character every one of the five shells takes literally in an unquoted word: a letter or digit of any
    script (客户服务部 needs no quotes) and - _ . /."""
    return char.isalnum() or char in "-_./"


def shell_word(value: str) -> str:
    """One argument of a command qmsdoc tells a user to run, written so that the shell passes it as one word:
    a department, a recipient or a person's name as the user wrote it (`Facilities & Security`, `O'Brien`).
    A plain word is shown as it is; anything else is double-quoted, which keeps spaces, ', &, ;, ( ) and CJK
    as they are in sh, bash, zsh, PowerShell and cmd. A value with a character that is special even inside
    double quotes ($ ` \\ % ! ") is single-quoted the sh/bash/zsh way."""
    if value and all(_bare(c) for c in value) and not value.startswith("-"):
        return value
    if not any(_special(c) for c in value):
        return f'"{value}"'
    return "'" + value.replace("'", "'\\''") + "'"


_commands: set[str] = set()  # qmsdoc's commands (cli.py's parser names them: one list)


def known_commands(names: Iterable[str]) -> None:
    """The commands `with_project` gives a `--path` to: all qmsdoc's commands take it (cli.py)."""
    _commands.update(names)


# `qmsdoc release`, not `qmsdoc release/baseline` (two commands named together) nor `qmsdoc 项目`/`qmsdoc reads`
# — nor one given its `--path` already (a finding quoted in a message: written once).
_SUGGESTED = re.compile(r"\bqmsdoc ([a-z][a-z-]*)(?![\w/-]| --path )")


# A `git_command`: its top-anchored pathspec names the file from any folder of the repository, and `-C` runs
# it in one — the project's — from outside the repository too (the project one folder down from /tmp).
_GIT_SUGGESTED = re.compile(r"""\bgit (?=[a-z]+ [^\n]*?["']:(?:/|\(top,literal\)))""")


def with_project(text: str, project: str | None) -> str:
    """`text` with every command qmsdoc suggests in it (`qmsdoc revise QP-02-03 --discard`, in a sentence or on
    a line of its own) made to work from the folder the user runs qmsdoc in: `--path PROJECT` right after the
    command's name — the one place in a sentence where it belongs whatever follows (an id, options, `…` for the
    user to fill in, the sentence's next words) — and `git -C PROJECT` to the git commands `git_command` wrote.
    `project` as the user types it (core/findings.py's `project_from_here`), quoted for the shell
    (`shell_word`); None, the project is the current folder: every command is shown as it is."""
    if project is None:
        return text
    option = f"--path {shell_word(project)}"
    text = _SUGGESTED.sub(lambda m: f"{m.group()} {option}" if m.group(1) in _commands else m.group(), text)
    folder = f"git -C {shell_word(project)} "
    return _GIT_SUGGESTED.sub(lambda _: folder, text)  # a function: a quoted path's \ stays as it is
