"""Commands qmsdoc tells a user to run with a path of theirs in them (a file to restore from git): written
so that the line works when pasted into the shells users have — sh, bash, zsh, PowerShell and cmd."""

from __future__ import annotations

import unicodedata

from .i18n import t

# Special inside double quotes in at least one of sh/bash/zsh ($ ` \ and ! for history), PowerShell ($ ` and
# its curly double quotes) or cmd (% and, with delayed expansion, !).
_SPECIAL_IN_DOUBLE_QUOTES = frozenset('"$`\\%!\u201c\u201d\u201e')
# Wildcards in a git pathspec: with them a path could name other files too.
_PATHSPEC_WILDCARDS = frozenset("*?[")


def _special(char: str) -> bool:
    return char in _SPECIAL_IN_DOUBLE_QUOTES or unicodedata.category(char).startswith("C")  # control, format…


def git_command(*words: str, path: str) -> str:
    """`git WORDS "PATH"`. Double quotes keep spaces, quotes ('), CJK, parentheses, & and ; as they are in all
    five shells; a path with a pathspec wildcard is `:(literal)` so that git restores that one file. A path with
    a character that is special inside double quotes in one of them cannot be written once for all: it is
    single-quoted the sh/bash/zsh way and the command says so."""
    literal = ":(literal)" if any(c in _PATHSPEC_WILDCARDS for c in path) else ""
    if not any(_special(c) for c in path):
        return " ".join(("git", *words, f'"{literal}{path}"'))
    quoted = "'" + (literal + path).replace("'", "'\\''") + "'"
    return t("shell.posix_only", command=" ".join(("git", *words, quoted)))
