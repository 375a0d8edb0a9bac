"""The command line's parser: argparse speaking the project's language. Help headings come from the catalogue,
and every mistake argparse itself catches (an unknown option or command, a missing argument or value, an invalid
choice or number, two options that exclude each other) is a `UsageError` — exit 2, 「用法错误」 — naming the option
and saying how to fix it, never argparse's English `usage: … error: …`.

argparse hands `error()` only an English sentence, whose wording moves a little between Python versions
(3.12 wrapped "expected N arguments" in ngettext, 3.12.8 stopped quoting choices, 3.14 adds "maybe you meant").
So each kind is recognised by the few words every version shares, what it names is read from the parser's own
actions, and a sentence no pattern knows is still shown with the label and the hint to `--help`."""

from __future__ import annotations

import argparse
import ast
import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NoReturn, TypeVar

from .core.errors import UsageError, echoed
from .core.errors import shown as cut
from .core.findings import shown
from .core.i18n import join, join_and, join_or, t
from .core.names import TITLE_LIMIT, text_problem

_ActionT = TypeVar("_ActionT", bound=argparse.Action)
_METAVAR = "cli.metavar."
"""The catalogue's name for the value an argument takes, by the argument's dest (`cli.metavar.by`: NAME, 姓名)."""

# "argument --by: expected one argument" — ArgumentError's frame around what went wrong with one argument.
_ARGUMENT = re.compile(r"^argument (?P<name>[^:]+?): (?P<detail>.*)$", re.DOTALL)
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(pattern, re.DOTALL)) for kind, pattern in (
    ("exclusive", r"^not allowed with argument (?P<other>.+)$"),
    ("needs_value", r"^expected one argument$"),
    ("at_most_one", r"^expected at most one argument$"),
    ("at_least_one", r"^expected at least one argument$"),
    ("count", r"^expected (?P<count>\d+) arguments?$"),
    ("choice", r"^invalid choice: (?P<value>.+?)(?:, maybe you meant .*?)? \(choose from .*\)$"),
    ("unknown_parser", r"^unknown parser (?P<value>.+?) \(choices: .*\)$"),
    ("type", r"^invalid (?P<type>\S+) value: (?P<value>.+)$"),
    ("explicit", r"^ignored explicit argument (?P<value>.+)$"),
    ("required", r"^the following arguments are required: (?P<names>.+)$"),
    ("one_of", r"^one of the arguments (?P<names>.+) is required$"),
    ("unrecognized", r"^unrecognized arguments: (?P<words>.+)$"),
    ("ambiguous", r"^ambiguous option: (?P<option>\S+?)(?:=\S*)? could match (?P<matches>.+)$"),
))


# What an option whose values are missing needs, by kind (literal keys: tests/test_i18n.py finds them).
_VALUE_KEYS = {"needs_value": "cli.arg.needs_value", "at_most_one": "cli.arg.at_most_one",
               "at_least_one": "cli.arg.at_least_one", "count": "cli.arg.count"}


_CLOSER = 0.75


def title_argument(text: str) -> str:
    """A title given on the command line (`new --title`, `import --title`): refused before anything is written
    unless it is what QD019 accepts in a source — one line of printable text of at most TITLE_LIMIT characters
    (the same words); it was written into a new file, checked, deleted and reported at a line of that file."""
    problem = text_problem(text, limit=TITLE_LIMIT)
    if problem:
        raise argparse.ArgumentTypeError(t("rule.QD019.message", value=echoed(text), problem=problem))
    return text


def _folded(word: str) -> str:
    """An option or command as compared for a near spelling: letter case and full-width forms folded
    (`--AS-OF`, a Chinese input method's `－－ａｓ－ｏｆ` and `ｒｅｇｉｓｔｅｒ` are the nearest spellings of `--as-of`
    and `register`)."""
    return unicodedata.normalize("NFKC", word).casefold()


def _near(word: str, candidates: Sequence[str], cutoff: float = 0.6) -> list[str]:
    """The one of `candidates` spelt most like `word` (`_folded`, both), as the parser writes it; [] when none
    is close."""
    folded = {_folded(candidate): candidate for candidate in candidates}
    return [folded[match] for match in difflib.get_close_matches(_folded(word), list(folded), n=1, cutoff=cutoff)]
"""How alike (difflib's ratio) an option written must be to one the command takes to be offered as meant for it,
when another option is missing (the ordinary 0.6 offered `--path` for `register --date`)."""


def _unquote(text: str) -> str:
    """A value argparse showed with repr() ('xls'), or as it was (newer versions): the text the user typed."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text


def _names(text: str) -> list[str]:
    """Argument names argparse listed, joined by ", " (required) or by spaces (a required group)."""
    return [name for name in re.split(r",\s*|\s+", text.strip()) if name]


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: a wide (CJK) character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with the `usage:` heading in the project's language, and each argument's help in one
    column however many columns its name and value take (`--key 私钥文件`: argparse pads by characters, so a
    Chinese value name pushed its help two columns right for every two characters)."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)  # the help column, as argparse places it, from the columns names take
        if action.help is not argparse.SUPPRESS:
            width = display_width(self._format_action_invocation(action)) + self._current_indent
            self._action_max_length = max(self._action_max_length, width)

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = display_width(header) - len(header)
        lead = " " * self._current_indent + header
        first, newline, rest = text.partition("\n")
        help_text = first[len(lead):].lstrip(" ")
        if not extra or not first.startswith(lead) or not help_text:
            return text
        padding = len(first) - len(lead) - len(help_text)
        if padding - extra >= 2:
            return lead + " " * (padding - extra) + help_text + newline + rest
        column = min(self._action_max_length + 2, self._max_help_position)  # where argparse starts the help
        return lead + "\n" + " " * column + help_text + newline + rest

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, t("cli.help.usage") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help headings and errors are in the project's language; its subcommands are
    Parsers too (argparse makes them with the class of their parent)."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs["add_help"] = False  # added below, with its help in the project's language
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._positionals.title = t("cli.help.positionals")
        self._optionals.title = t("cli.help.options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=t("cli.help.help"))
        self.reasons: list[tuple[argparse._MutuallyExclusiveGroup, str]] = []
        """Mutually exclusive groups made by `exclusive`, with why their options cannot go together."""
        self.words: list[str] = []

    def _add_action(self, action: _ActionT) -> _ActionT:
        """Every argument that takes a value and names none shows the catalogue's name for it (`--by NAME`,
        `--by 姓名`) in help and usage errors, not argparse's upper-cased dest (`--by BY`, English in any language).
        A mutually exclusive group's arguments come through here too."""
        if action.metavar is None and action.nargs != 0 and action.choices is None and action.dest != argparse.SUPPRESS:
            key = _METAVAR + action.dest
            named = t(key)
            if named != key:
                action.metavar = named
        return super()._add_action(action)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        """Remembers the words too: a subcommand's parser is handed only the words after the command's name, and
        its errors (an option missing) look at them for an option the command does not take."""
        if args is not None:
            self.words = list(args)
        return super().parse_known_args(args, namespace)

    def parse(self, words: Sequence[str]) -> argparse.Namespace:
        """`parse_args`, remembering the words so that an error can name the command they were for."""
        self.words = list(words)
        self._refuse_unusable()
        return self.parse_args(self.words)

    def _refuse_unusable(self) -> None:
        """Every word is one line of printable text, and not blank: a control or bidi character (core/findings.py
        `shown`) names no id, version, person or file a user means — a NUL (only a caller passing a list can send
        one) made the file system raise ValueError, a newline or ESC in an id was printed raw in the refusal — and
        an empty value (an unset shell variable) was looked up as the id '' or read as the current folder.
        Refused here for every command and option, before anything is read or written, naming the option."""
        command = self._command()
        for index in range(len(self.words)):
            option, value = self._option_of(command, index)
            hidden = [c for c in value if shown(c) != c]
            if not hidden and value.strip():
                continue
            if hidden:
                key = "cli.arg.control_value" if option else "cli.arg.control"
                message = t(key, option=option, value=echoed(value), character=f"U+{ord(hidden[0]):04X}")
            else:
                message = t("cli.arg.blank_value", option=option) if option else t("cli.arg.blank")
            raise UsageError(t("cli.arg.with_hint", message=message, prog=command.prog))

    def _option_of(self, command: argparse.ArgumentParser, index: int) -> tuple[str, str]:
        """The option whose value the word at `index` is (`--by x`, `--by=x`), or '' for a positional word; and
        the value."""
        word = self.words[index]
        if word.startswith("--") and "=" in word:
            option, _, value = word.partition("=")
            return option, value
        previous = self.words[index - 1] if index else ""
        action = command._option_string_actions.get(previous) or self._option_string_actions.get(previous)
        return (previous, word) if action is not None and action.nargs != 0 else ("", word)

    def exclusive(self, reason: str, *, required: bool = False) -> argparse._MutuallyExclusiveGroup:
        """A mutually exclusive group whose errors say `reason` (why the options exclude each other)."""
        group = self.add_mutually_exclusive_group(required=required)
        self.reasons.append((group, reason))
        return group

    def path_option(self) -> None:
        """`--path`: the project folder an act or a query works on (default: the current folder)."""
        self.add_argument("--path", default=".", help=t("cli.path"))

    def as_of_option(self) -> None:
        """`--as-of DAY`: a query answered as of a past day, not today (pastday.py reads it)."""
        self.add_argument("--as-of", help=t("cli.as_of"))

    def error(self, message: str) -> NoReturn:
        raise UsageError(t("cli.arg.with_hint", message=self._explain(message), prog=self._command().prog))

    # --- what went wrong, in the project's language ---

    def _command(self) -> Parser:
        """The parser of the subcommand the words name (the top-level parser reports unrecognized words)."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                for word in self.words:
                    chosen = action.choices.get(word)
                    if isinstance(chosen, Parser):
                        return chosen
        return self

    def _action(self, name: str) -> argparse.Action | None:
        """The action argparse names `name` ('--by', '-h/--help', 'id', 'command', '{init,check,…}')."""
        for action in self._actions:
            spellings = {"/".join(action.option_strings), *action.option_strings}
            if action.metavar is not None:
                spellings.add(str(action.metavar))
            if action.dest is not argparse.SUPPRESS:
                spellings.add(action.dest)
            if action.choices is not None and not action.option_strings:
                spellings.add("{" + ",".join(map(str, action.choices)) + "}")
            if name in spellings:
                return action
        return None

    def _reason(self, options: Iterable[str]) -> str | None:
        wanted = {option for name in options for option in name.split("/")}
        for group, reason in self.reasons:
            if wanted <= {s for action in group._group_actions for s in action.option_strings}:
                return reason
        return None

    def _explain(self, message: str) -> str:
        name, detail = None, message.strip()
        framed = _ARGUMENT.match(detail)
        if framed:
            name, detail = framed.group("name"), framed.group("detail")
        for kind, pattern in _KINDS:
            found = pattern.match(detail)
            if found:
                return self._sentence(kind, name, found)
        if name is not None:  # our own types' messages (a name with a line break …) are in the language already
            return t("cli.arg.about", option=name, detail=detail)
        return t("cli.arg.unknown", message=detail)

    def _sentence(self, kind: str, name: str | None, found: re.Match[str]) -> str:
        option = name or ""
        action = self._action(option) if name else None
        fields = found.groupdict()
        if kind == "exclusive":
            other = fields["other"]
            why = self._reason((option, other)) or t("cli.arg.exclusive.why")
            return t("cli.arg.exclusive", option=option, other=other, why=why)
        if kind == "one_of":
            names = _names(fields["names"])
            why = self._reason(names) or t("cli.arg.one_of.why")
            return self._with_unknown(t("cli.arg.one_of", options=join_or(names), why=why))
        if kind in _VALUE_KEYS:
            metavar = (action.metavar if action is not None and isinstance(action.metavar, str)
                       else (action.dest.upper() if action is not None else "…"))
            return t(_VALUE_KEYS[kind], option=option, metavar=metavar, count=fields.get("count") or "")
        if kind in ("choice", "unknown_parser"):
            value = _unquote(fields["value"])
            choices = [str(c) for c in action.choices or ()] if action is not None else []
            if kind == "unknown_parser" or isinstance(action, argparse._SubParsersAction):
                return self._unknown_command(value)
            return t("cli.arg.choice", option=option, value=cut(value), choices=join(choices))
        if kind == "type":
            kinds = {"int": t("cli.arg.type.int"), "float": t("cli.arg.type.float")}
            return t("cli.arg.type", option=option, value=cut(_unquote(fields["value"])),
                     kind=kinds.get(fields["type"], fields["type"]))
        if kind == "explicit":
            return t("cli.arg.explicit", option=option, value=cut(_unquote(fields["value"])))
        if kind == "required":
            names = _names(fields["names"])
            if any(isinstance(self._action(n), argparse._SubParsersAction) for n in names):
                return self._with_unknown(self._unknown_command(None))  # `qmsdoc --bogus`: say --bogus too
            return self._with_unknown(t("cli.arg.required", names=join_and(names), prog=self.prog))
        if kind == "ambiguous":
            matches = [m.strip() for m in re.split(r",\s*", fields["matches"]) if m.strip()]
            return t("cli.arg.ambiguous", option=fields["option"], matches=join_or(matches))
        return self._unrecognized(fields["words"])

    def _unknown_command(self, value: str | None) -> str:
        commands = next((list(a.choices) for a in self._actions if isinstance(a, argparse._SubParsersAction)), [])
        listed = join(commands)
        if value is None:
            return t("cli.arg.no_command", commands=listed)
        close = _near(value, commands)
        return t("cli.arg.bad_command", value=value, commands=listed,
                 suggestion=t("cli.arg.did_you_mean", suggestion=close[0]) if close else "")

    def _with_unknown(self, sentence: str) -> str:
        """`sentence` (what is missing), after the options written that the command does not take: argparse
        reports only what is missing (`register --date 2026-03-02`: "needs --as-of"), so the user was not told
        that the option they wrote was the wrong one. Only a near-spelling is offered as the option meant there
        (`--date` is spelt more like `--path` than like the `--as-of` missing)."""
        unknown = self._unknown_options()
        if not unknown:
            return sentence
        return self._unrecognized(" ".join(unknown), cutoff=_CLOSER) + t("act.sep") + sentence

    def _unknown_options(self) -> list[str]:
        """The options among the command's words that it does not take (nor abbreviates), as written."""
        command = self._command()
        known = [s for action in command._actions for s in action.option_strings]
        return [word for word in command.words if _folded(word).startswith("-") and len(word) > 1
                and not any(option.startswith(word.split("=", 1)[0]) for option in known)]

    def _close(self, words: Sequence[str], cutoff: float = 0.6) -> list[str]:
        """The options the command takes spelt most like the options among `words`."""
        options = [s for action in self._command()._actions for s in action.option_strings if s.startswith("--")]
        return [match for word in words if _folded(word).startswith("-")
                for match in _near(word.split("=", 1)[0], options, cutoff)]

    def _unrecognized(self, words: str, *, cutoff: float = 0.6) -> str:
        """What the command does not take, with the option it takes spelt most like it."""
        unknown = words.split()
        close = self._close(unknown, cutoff)
        return t("cli.arg.unrecognized", prog=self._command().prog, words=" ".join(unknown),
                 suggestion=t("cli.arg.did_you_mean", suggestion=join_or(close)) if close else "")
