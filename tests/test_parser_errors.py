"""Mistakes argparse itself catches (cliparser.py): each kind comes out in the project's language with the label
every other usage error has (「用法错误」/"Usage error", exit 2), naming the option and saying how to fix it —
they were argparse's English `usage: … error: argument …` in a Chinese project. `--help` still works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qmsdoc.core.errors import UsageError

from conftest import CliRun, run_cli

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")

# (kind, command line, what the Chinese message says, what the English one says)
KINDS = [
    ("required", ("release",), ("缺少 编号、--by、--change", "qmsdoc release"),
     ("qmsdoc release needs NUMBER, --by and --change: missing from the command line",)),
    ("required-positional", ("recall",), ("缺少 分发号",),
     ("qmsdoc recall needs COPY-NO: missing from the command line",)),
    ("no-command", (), ("缺少命令", "check、build"), ("no command given", "check, build")),
    ("option-no-command", ("--bogus",), ("qmsdoc 不接受 --bogus", "缺少命令"),
     ("qmsdoc does not take --bogus", "no command given")),
    ("exclusive", ("obsolete", "QP-02-01", "--no-successor", "--superseded-by", "QP-02-02", "--by", "总经理"),
     ("--superseded-by 与 --no-successor 不能同时使用：作废文件要么写明替代文件",),
     ("--superseded-by cannot be used with --no-successor: a withdrawn document either names its successor",)),
    ("one-of", ("obsolete", "QP-02-01", "--by", "总经理"), ("缺少 --superseded-by 或 --no-successor",),
     ("--superseded-by or --no-successor is missing",)),
    ("choice", ("check", "--format", "xls"), ("--format 不接受 xls：可选 text、json",),
     ("--format does not take xls: choose from text, json",)),
    ("unknown-command", ("chek",), ("没有 chek 这个命令（是不是 check？）",),
     ("there is no command chek (did you mean check?)",)),
    ("missing-value", ("review", "QP-02-01", "--by"), ("--by 后面缺少值",), ("--by needs a value",)),
    ("unknown-option", ("check", "--formt", "json"), ("qmsdoc check 不接受 --formt（是不是 --format？）",),
     ("qmsdoc check does not take --formt (did you mean --format?)",)),
    ("extra-argument", ("review", "QP-02-01", "QP-02-02", "--by", "总经理"), ("qmsdoc review 不接受 QP-02-02",),
     ("qmsdoc review does not take QP-02-02",)),
    ("not-a-number", ("issue", "QP-02-01", "--to", "人事部", "--copies", "x"), ("--copies 的值 x 无效：应为整数",),
     ("--copies x is not valid: it must be a whole number",)),
    ("switch-with-value", ("release", "QP-02-01", "--by", "a", "--change", "b", "--edition=yes"),
     ("--edition 是开关，不带值：去掉 =yes",), ("--edition is a switch and takes no value: drop =yes",)),
    ("ambiguous", ("release", "QP-02-01", "--by", "a", "--change", "b", "--p", "x"),
     ("--p 不完整，可能指 --prepared-by 或 --path",), ("--p is ambiguous, it could be --prepared-by or --path",)),
    ("bad-name", ("release", "QP-02-01", "--by", "a\nb", "--change", "c"),
     ("--by 的取值 'a\\nb' 含有不可显示的控制字符",),
     ("the value 'a\\nb' of --by contains the control character",)),
    ("bad-name-length", ("release", "QP-02-01", "--by", "x" * 80, "--change", "c"), ("--by：'" + "x" * 40,),
     ("--by: '" + "x" * 40,)),
    ("bad-department", ("acknowledge", "QP-02-01", "--by", "a", "--department", "Operations "),
     ("--department：'Operations ' 不是有效的",), ("--department: 'Operations ' is not a valid name",)),
]


def _project(tmp_path: Path, language: str | None) -> Path:
    (tmp_path / "qmsdoc.yml").write_text(f"language: {language}\n" if language else "organisation: 示例\n", "utf-8")
    return tmp_path


def _usage_error(result: CliRun, label: str) -> str:
    assert result.returncode == 2 and result.stdout == "", result
    assert result.stderr.startswith(f"{label}"), result.stderr
    body = result.stderr[len(label):]  # argparse's own frame is gone: `usage: …`, `error: argument …`
    assert "usage:" not in body and "error:" not in body and "argument" not in body, body
    assert result.stderr.count("\n") == 1 and "--help" in result.stderr, result.stderr
    return result.stderr


@pytest.mark.parametrize(("kind", "args", "chinese", "english"), KINDS, ids=[k[0] for k in KINDS])
def test_argparse_errors_are_chinese_usage_errors(tmp_path: Path, kind: str, args: tuple[str, ...],
                                                 chinese: tuple[str, ...], english: tuple[str, ...]) -> None:
    stderr = _usage_error(run_cli(*args, cwd=_project(tmp_path, None)), "用法错误：")
    for words in chinese:
        assert words in stderr, (kind, stderr)


@pytest.mark.parametrize(("kind", "args", "chinese", "english"), KINDS, ids=[k[0] for k in KINDS])
def test_argparse_errors_are_english_usage_errors(tmp_path: Path, kind: str, args: tuple[str, ...],
                                                 chinese: tuple[str, ...], english: tuple[str, ...]) -> None:
    stderr = _usage_error(run_cli(*args, cwd=_project(tmp_path, "en")), "Usage error: ")
    for words in english:
        assert words in stderr, (kind, stderr)
    assert not CJK.search(stderr.replace("总经理", "")), stderr


def test_an_unreadable_configuration_speaks_the_default_language(tmp_path: Path) -> None:
    (tmp_path / "qmsdoc.yml").write_bytes(b"language: [en\n\xff")
    stderr = _usage_error(run_cli("check", "--format", "xls", cwd=tmp_path), "用法错误：")
    assert "--format 不接受 xls" in stderr


@pytest.mark.parametrize("message", [
    "argument --format: invalid choice: 'xls' (choose from 'text', 'json')",  # 3.10 - 3.12.7
    "argument --format: invalid choice: 'xls' (choose from text, json)",  # 3.12.8, 3.13.1
    "argument --format: invalid choice: 'xls', maybe you meant 'text'? (choose from text, json)",  # 3.14
])
def test_every_python_wording_of_an_invalid_choice_is_understood(message: str) -> None:
    from qmsdoc.cliparser import Parser

    parser = Parser(prog="qmsdoc check")
    parser.add_argument("--format", choices=("text", "json"))
    with pytest.raises(UsageError, match="--format 不接受 xls：可选 text、json") as raised:
        parser.error(message)
    assert "choose" not in str(raised.value)


@pytest.mark.parametrize(("message", "says"), [
    ("argument --pair: expected 2 arguments", "--pair 后面要写 2 个值"),  # ngettext since 3.12
    ("ambiguous option: --p=x could match --pair, --path", "--p 不完整，可能指 --pair 或 --path"),
    ("something argparse may say one day", "命令行有误：something argparse may say one day"),
])
def test_other_wordings_and_unknown_sentences_keep_the_label(message: str, says: str) -> None:
    from qmsdoc.cliparser import Parser

    parser = Parser(prog="qmsdoc x")
    parser.add_argument("--pair", nargs=2)
    parser.add_argument("--path")
    with pytest.raises(UsageError, match=re.escape(says)):
        parser.error(message)


def test_help_is_in_the_project_language(tmp_path: Path) -> None:
    chinese = run_cli("--help", cwd=_project(tmp_path, None))
    assert chinese.returncode == 0 and chinese.stdout.startswith("用法：qmsdoc"), chinese
    assert "选项" in chinese.stdout and "显示本帮助并退出" in chinese.stdout
    assert "usage:" not in chinese.stdout and "options:" not in chinese.stdout
    release = run_cli("release", "--help", cwd=tmp_path)
    assert release.returncode == 0 and release.stdout.startswith("用法：qmsdoc release") and "--by" in release.stdout
    assert run_cli("--version", cwd=tmp_path).stdout.startswith("qmsdoc ")

    english = run_cli("obsolete", "--help", cwd=_project(tmp_path, "en"))
    assert english.returncode == 0 and english.stdout.startswith("usage: qmsdoc obsolete"), english
    assert "options:" in english.stdout and "show this help message and exit" in english.stdout
    assert "--no-successor" in english.stdout and not CJK.search(english.stdout)


@pytest.mark.parametrize("command", ["release", "issue", "acknowledge", "import"])
def test_help_starts_every_options_help_in_one_column_whatever_its_value_name(tmp_path: Path, command: str) -> None:
    """argparse pads an option's name to its help by characters; a Chinese value name (`--key 私钥文件`) takes two
    columns a character in a terminal, so its help started two columns further right for every two characters."""
    import unicodedata

    def display_width(text: str) -> int:  # as a terminal shows it
        return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)

    said = run_cli(command, "--help", cwd=_project(tmp_path, None)).stdout
    options = said.split("\n选项:\n", 1)[1]
    columns = set()
    for line in options.splitlines():
        named = re.match(r"^  (-\S.*?\S)  +(\S.*)$", line)  # an option with its help on the same line
        if named:
            columns.add(display_width(line[: line.index(named.group(2), len(named.group(1)) + 2)]))
    assert len(columns) == 1, options
    assert any(CJK.search(line.split("  ")[1]) for line in options.splitlines() if line.startswith("  --")), options


def test_no_command_alone_names_no_option(tmp_path: Path) -> None:
    """`qmsdoc` alone is told only that the command is missing (`qmsdoc --bogus` was told only that, too)."""
    stderr = _usage_error(run_cli(cwd=_project(tmp_path, None)), "用法错误：")
    assert "不接受" not in stderr and "缺少命令" in stderr, stderr
