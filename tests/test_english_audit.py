"""What an English quality team meets living through a document's life (init, release, issue, revise, copy of an
earlier version, registers): true answers, in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_english import CJK, _copy, _ours

from conftest import run_cli

COMMANDS = ("init", "check", "build", "serve", "docx", "pdf", "release", "obsolete", "baseline", "sign", "review",
            "revise", "new", "issue", "recall", "verify", "import", "redline", "copy", "register", "acknowledge",
            "acknowledgements")




def test_every_command_help_of_an_english_project_is_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                              ) -> None:
    """`qmsdoc issue --help` offered `--reason {遗失,损坏,lost,damaged}` to an English team."""
    root = _copy(tmp_path)
    for command in COMMANDS:
        result = run_cli(command, "--help", cwd=root)
        shown = result.stdout + result.stderr + "".join(capsys.readouterr())
        assert result.returncode == 0, (command, shown)
        assert not CJK.search(_ours(shown, tmp_path)), (command, shown)
    assert "--reason {lost,damaged}" in run_cli("issue", "--help", cwd=root).stdout


def test_a_replacement_without_its_reason_names_the_english_reasons(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    result = run_cli("issue", "QM-04", "--to", "Operations", "--replaces", "QM-04-A/0-001", cwd=root)
    assert result.returncode == 2, result
    assert "--reason lost or damaged" in result.stderr, result.stderr
    assert not CJK.search(_ours(result.stdout + result.stderr, tmp_path))
    wrong = run_cli("issue", "QM-04", "--to", "Operations", "--replaces", "QM-04-A/0-001", "--reason", "stolen",
                    cwd=root)
    assert wrong.returncode == 2 and "--reason lost or damaged" in wrong.stderr, wrong
