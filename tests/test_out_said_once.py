"""A refusal of the file or folder `--out` names starts with where it was given (「命令行 --out: 」) and then says
what is wrong with the path: the option is named once, not again as the first word of the message, in every
catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.core import ConfigError, i18n
from qmsdoc.core.errors import UsageError
from qmsdoc.core.i18n import t
from qmsdoc.core.outputs import file_above, out_refused
from qmsdoc.history_commands import _out_format

LANGUAGES = ("zh-CN", "en", "zh-TW")


def _place() -> str:
    return f"{t('acks.act.command_line')} --out: "


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_folder_given_as_the_out_file_names_the_option_once(language: str, tmp_path: Path) -> None:
    with i18n.using(language), pytest.raises(UsageError) as refused:
        _out_format(str(tmp_path), None, ("xlsx", "csv"))
    with i18n.using(language):
        said = str(refused.value)
        assert said.startswith(f"{_place()}{tmp_path} "), said


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_wrong_extension_names_the_option_once(language: str) -> None:
    for formats in (("xlsx", "csv"), ("docx",)):  # with --format to point to, and without
        with i18n.using(language), pytest.raises(UsageError) as refused:
            _out_format("r.pdf", None, formats)
        with i18n.using(language):
            said = str(refused.value)
            assert said.startswith(f"{_place()}r.pdf "), said


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_file_among_the_sources_or_under_a_file_names_the_option_once(language: str, tmp_path: Path) -> None:
    from qmsdoc.core.outputs import refuse_file_in_project_folders

    blocker = tmp_path / "f"
    blocker.write_text("x", "utf-8")
    assert file_above(blocker / "r.csv") == blocker
    with i18n.using(language), pytest.raises(UsageError) as refused:
        refuse_file_in_project_folders(blocker / "r.csv", None, given=True)  # type: ignore[arg-type]
    with i18n.using(language):
        said = str(refused.value)
        assert said.startswith(f"{_place()}{blocker / 'r.csv'} "), said


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_out_folder_refused_names_the_option_once(language: str, tmp_path: Path) -> None:
    from qmsdoc.core.outputs import refuse_unsafe

    class _Config:
        root = tmp_path / "project"
        manuals_path = root / "manuals"
        forms_path = root / "forms"

    file = tmp_path / "a.txt"
    file.write_text("x", "utf-8")
    with i18n.using(language), pytest.raises(ConfigError) as refused:
        refuse_unsafe(file, _Config(), t("folder.out"), "a.txt", option="--out")  # type: ignore[arg-type]
    with i18n.using(language):
        said = str(refused.value)
        assert said.startswith(_place()) and said.count("--out") == 1, said


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_default_place_refused_is_not_said_to_be_the_options(language: str) -> None:
    """Quiet: a refusal of the command's default file (no --out given) has no command-line place at all."""
    with i18n.using(language):
        said = str(out_refused("x.xlsx", given=False))
        assert said == "x.xlsx" and "--out" not in said
