"""The language catalogues: every catalogue complete, every key the code asks for present, and the
`language:` setting of qmsdoc.yml honoured (and refused when it names no catalogue)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from qmsdoc.core import i18n, load_config

from conftest import Project, run_cli

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "qmsdoc"
REFERENCE = i18n.languages()[i18n.DEFAULT]
# Keys the code builds from a value (`f"status.{status}"`): each prefix with the values it is built from.
# keys built from a prefix in code: line registers' messages (lineregister.Layout.messages + .shape/.entry/.fields)
DYNAMIC_PREFIXES = ("status.", "admonition.", "type.", "signoff.", "signoff_meaning.", "rule.kind.", "cli.metavar.",
                    "register.bad.shape", "register.bad.entry", "register.bad.fields", "acks.bad.shape",
                    "acks.bad.entry", "acks.bad.fields")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _keys_in_code() -> dict[str, str]:
    """Every literal key the package passes to `t(…)` / `i18n.t(…)` or names as a `…_key` class attribute,
    with where it is."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "i18n" and path.name != "__init__.py":  # the catalogues themselves
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            keys: list[object] = []
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name == "t" and isinstance(node.args[0], ast.Constant):
                    keys = [node.args[0].value]
                elif name == "Words":  # a table of column headings, one key each
                    keys = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
            elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                  and node.targets[0].id.endswith("_key") and isinstance(node.value, ast.Constant)):
                keys = [node.value.value]
            for key in keys:
                if isinstance(key, str):
                    found.setdefault(key, f"{path.relative_to(PACKAGE)}:{getattr(node, 'lineno', 0)}")
    return found


def test_there_are_at_least_the_two_required_catalogues() -> None:
    assert {"zh-CN", "en"} <= set(i18n.languages())


# A rule's description in the default language is registered with the rule itself (core/rules); the other
# catalogues translate it as rule.<code>.title.
RULE_TITLE = re.compile(r"^rule\.(QD\d{3})\.title$")


@pytest.mark.parametrize("code", sorted(set(i18n.languages()) - {i18n.DEFAULT}))
def test_every_catalogue_has_every_key_with_the_same_fields(code: str) -> None:
    messages = i18n.languages()[code].messages
    missing = sorted(set(REFERENCE.messages) - set(messages))
    extra = sorted(key for key in set(messages) - set(REFERENCE.messages) if not RULE_TITLE.match(key))
    assert not missing, f"{code} lacks {missing}"
    assert not extra, f"{code} has keys zh-CN does not: {extra}"
    wrong = {key: (_fields(REFERENCE.messages[key]), _fields(text)) for key, text in messages.items()
             if key in REFERENCE.messages and _fields(text) != _fields(REFERENCE.messages[key])}
    assert not wrong, f"{code}: placeholders differ from zh-CN's: {wrong}"


@pytest.mark.parametrize("code", sorted(set(i18n.languages()) - {i18n.DEFAULT}))
def test_every_catalogue_names_the_same_commands(code: str) -> None:
    """A message that tells the reader to run a qmsdoc command names the same commands in every language: the
    Chinese 定期评审 page still said to re-release a document to renew it after `qmsdoc review` existed."""
    from qmsdoc.cli import build_parser

    parser = build_parser()
    names = next(action.choices for action in parser._actions if action.dest == "command")
    command = re.compile(r"\bqmsdoc (" + "|".join(sorted(names, key=len, reverse=True)) + r")\b")
    messages = i18n.languages()[code].messages
    differ = {key: (sorted(set(command.findall(text))), sorted(set(command.findall(messages[key]))))
              for key, text in REFERENCE.messages.items()
              if set(command.findall(text)) != set(command.findall(messages.get(key, text)))}
    assert not differ, f"zh-CN and {code} name different commands: {differ}"


@pytest.mark.parametrize("code", sorted(i18n.languages()))
def test_every_message_formats(code: str) -> None:
    for text in i18n.languages()[code].messages.values():
        i18n.fill(text, **dict.fromkeys(_fields(text), "x"))  # a stray brace would raise here, not at a user


def test_every_key_the_code_asks_for_is_in_the_catalogue() -> None:
    used = _keys_in_code()
    assert len(used) > 20  # the scan finds the calls at all
    missing = {key: where for key, where in used.items() if key not in REFERENCE.messages}
    assert not missing, f"keys used in the code but not in the catalogue: {missing}"


def _string_constants() -> set[str]:
    """Every string literal in the package (keys kept in tables, like a register's field names)."""
    out: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "i18n" and path.name != "__init__.py":
            continue
        out |= {node.value for node in ast.walk(ast.parse(path.read_text("utf-8")))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    return out


def test_every_key_in_the_catalogue_is_used() -> None:
    used = set(_keys_in_code()) | _string_constants()
    unused = sorted(key for key in REFERENCE.messages
                    if key not in used and not key.startswith(DYNAMIC_PREFIXES))
    assert not unused, f"catalogue keys nothing asks for: {unused}"


@pytest.mark.parametrize("key", ["version.successor", "version.no_successor"])
def test_what_replaced_a_withdrawn_document_is_said_by_one_key(key: str) -> None:
    """「，由 X 替代」 was three keys (the page's banner, the copy's notice, verify's) saying the same in every
    language: one of them could be reworded and the page and the copy of the same withdrawal disagree."""
    said = {code: _fields_blank(language.messages[key]) for code, language in i18n.languages().items()}
    same = sorted(other for other in REFERENCE.messages if other != key and all(
        _fields_blank(language.messages.get(other, "")) == said[code] for code, language in i18n.languages().items()))
    assert not same, f"{key} said again by {same}"


def test_the_page_the_copy_and_verify_name_a_successor_in_the_same_words() -> None:
    from qmsdoc.core.model import replacement_text
    from qmsdoc.core.versions import successor_text

    assert replacement_text("QM-05") == "，由 QM-05 替代" and replacement_text("", True) == "，无替代文件"
    assert replacement_text("") == "" and successor_text("QM-05") == ""  # a form, or nothing recorded


def _fields_blank(template: str) -> str:
    """A message with each placeholder's name left out: two keys saying the same with differently named fields."""
    return re.sub(r"\{[a-z_]+\}", "{}", template)


def test_every_named_argument_value_names_an_argument() -> None:
    """`cli.metavar.<dest>` keys are built from the parser's dests (cliparser.Parser), so the unused-key check
    exempts them: a key for a dest no command has is caught here."""
    import argparse

    from qmsdoc.cli import build_parser

    dests: set[str] = set()
    parsers = [build_parser()]
    while parsers:
        parser = parsers.pop()
        for action in parser._actions:
            dests.add(action.dest)
            if isinstance(action, argparse._SubParsersAction):
                parsers += action.choices.values()
    named = {key.removeprefix("cli.metavar.") for key in REFERENCE.messages if key.startswith("cli.metavar.")}
    assert named and not named - dests, named - dests


def test_every_argument_that_takes_a_value_names_it_in_the_catalogue() -> None:
    """The other way round: an option added without its `cli.metavar.<dest>` showed argparse's upper-cased dest
    (`--effective EFFECTIVE`), English in a Chinese project's help."""
    import argparse

    from qmsdoc.cli import build_parser

    unnamed: set[str] = set()
    parsers = [build_parser()]
    while parsers:
        parser = parsers.pop()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers += action.choices.values()
            elif action.nargs != 0 and action.choices is None and action.metavar is None:
                unnamed.add(action.dest)  # neither named where it is added nor by the catalogue
    assert not unnamed, unnamed


def test_a_missing_key_falls_back_to_the_default_language() -> None:
    with i18n.using("en"):
        assert i18n.t("check.summary", errors=1, warnings=2).startswith("Check finished")
        assert i18n.t("no.such.key") == "no.such.key"


@pytest.mark.parametrize("code", list(i18n.languages()))
def test_a_message_asked_for_without_fields_shows_its_braces_once(code: str) -> None:
    """`qmsdoc issue` refusing a register it cannot add to told English staff to write `{{number: …}}`: a
    message asked for without fields came out with its escaped braces doubled."""
    with i18n.using(code):
        said = i18n.t("act.register.cannot_append")
        filled = i18n.t("acks.act.cannot_append", register="R")  # with fields: formatted as before
    assert "{number: …}" in said and "{{" not in said and "}}" not in said
    assert "{document: …}" in filled and "{{" not in filled


@pytest.mark.parametrize(("count", "said"), [(0, "0 errors, 0 warnings"), (1, "1 error, 1 warning"),
                                             (2, "2 errors, 2 warnings")])
def test_english_counts_take_the_word_for_their_number(count: int, said: str) -> None:
    """"Check finished: 1 error(s), 0 warning(s)" after every English check: the word now fits the number."""
    with i18n.using("en"):
        summary = i18n.t("check.summary", errors=count, warnings=count)
        assert summary == f"Check finished: {said}", summary
        assert i18n.t("acks.page.late", days=1) == "1 day overdue"
        assert i18n.t("act.baseline.unsigned_hint", count=2).startswith("; 2 items have an approval")
    assert not [text for text in i18n.languages()["en"].messages.values() if "(s)" in text]


def test_chinese_counts_are_written_as_before() -> None:
    with i18n.using("zh-CN"):
        assert i18n.t("check.summary", errors=1, warnings=2) == "检查完成：1 个错误，2 个警告"


def test_language_is_read_from_qmsdoc_yml(project: Project) -> None:
    project.write("qmsdoc.yml", project.read("qmsdoc.yml") + "language: en\n")
    config = load_config(project.root)
    assert config.language == "en" and i18n.current().code == "en"
    result = run_cli("check", cwd=project.root)
    assert "Check finished" in result.stdout and "检查完成" not in result.stdout


def test_language_spellings_are_accepted(project: Project) -> None:
    for spelling, code in (("EN", "en"), ("en_GB", "en"), ("zh", "zh-CN"), ("zh_CN", "zh-CN"), ("中文", "zh-CN"),
                           ("English", "en"), ("英文", "en")):
        project.write("qmsdoc.yml", f"language: {spelling}\n")
        assert load_config(project.root).language == code


@pytest.mark.parametrize("spelling", ["zh-TW", "zh_tw", "zh-Hant", "zh-HK", "繁體中文"])
def test_a_traditional_chinese_tag_is_traditional_chinese(project: Project, spelling: str) -> None:
    """Taiwan and Hong Kong service centres write `language: zh-TW` (or zh-Hant, zh-HK): it was refused with exit 2;
    it now checks in Traditional Chinese, never served the Simplified words."""
    project.write("qmsdoc.yml", f"language: {spelling}\n")
    result = run_cli("check", cwd=project.root)
    assert result.returncode != 2 and "檢查完成" in result.stdout and "检查完成" not in result.stdout, result
    assert load_config(project.root).language == "zh-TW"


@pytest.mark.parametrize("spelling", ["en-AU", "en_IN", "EN-ca", "en-NZ"])
def test_any_english_region_is_english(project: Project, spelling: str) -> None:
    """An Australian team's `language: en-AU` was refused, and in Chinese: the English catalogue serves every
    region, as the `en-GB` and `en-US` it listed."""
    project.write("qmsdoc.yml", f"language: {spelling}\n")
    result = run_cli("check", cwd=project.root)
    assert "配置错误" not in result.stderr and "Check finished" in result.stdout, result
    assert load_config(project.root).language == "en"


@pytest.mark.parametrize("spelling", ["zh-SG", "zh-Hans-SG", "fr-FR", "english-uk"])
def test_a_region_of_a_catalogue_written_for_one_region_is_not_taken_for_it(project: Project, spelling: str) -> None:
    """zh-CN is Simplified Chinese for the mainland and zh-TW Traditional for Taiwan: another Chinese region's tag is
    refused, not served either one's words."""
    project.write("qmsdoc.yml", f"language: {spelling}\n")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2 and f"'{spelling}'" in result.stderr, result


def test_an_unknown_language_is_a_configuration_error(project: Project) -> None:
    project.write("qmsdoc.yml", "language: tlh\n")
    result = run_cli("check", cwd=project.root)
    assert result.returncode == 2
    assert "language" in result.stderr and "'tlh'" in result.stderr and "zh-CN | en" in result.stderr


def test_english_defaults_for_sections_and_organisation(project: Project) -> None:
    project.write("qmsdoc.yml", "language: en\n")
    config = load_config(project.root)
    assert config.required_sections["procedure"][0] == ["Purpose"]
    assert config.record_sections == ["Records", "Quality Records"]
    assert config.organisation == "Controlled documents"
    project.write("qmsdoc.yml", "language: en\nrecord_sections: [Forms]\n")
    assert load_config(project.root).record_sections == ["Forms"]  # configurable as before


def test_caches_of_written_text_change_with_the_language() -> None:
    from qmsdoc.core.parsecache import ParseCache
    from qmsdoc.core.rendercache import RenderCache

    chinese = (ParseCache.current_version(), RenderCache.current_salt(), i18n.fingerprint())
    with i18n.using("en"):
        english = (ParseCache.current_version(), RenderCache.current_salt(), i18n.fingerprint())
    assert all(a != b for a, b in zip(chinese, english, strict=True))
    assert chinese == (ParseCache.current_version(), RenderCache.current_salt(), i18n.fingerprint())


@pytest.mark.parametrize("code", sorted(set(i18n.languages()) - {i18n.DEFAULT}))
def test_every_rule_is_described_in_every_language(code: str) -> None:
    from qmsdoc.core.rules import REGISTRY

    messages = i18n.languages()[code].messages
    described = {match.group(1) for key in messages if (match := RULE_TITLE.match(key))}
    assert described == set(REGISTRY), (sorted(set(REGISTRY) - described), sorted(described - set(REGISTRY)))
    assert not any(RULE_TITLE.match(key) for key in REFERENCE.messages)  # the registry holds those
    with i18n.using(code):
        assert REGISTRY["QD130"].description == messages["rule.QD130.title"]
    assert REGISTRY["QD130"].description == REGISTRY["QD130"].title


def test_sarif_describes_rules_in_the_project_language(tmp_path: Path) -> None:
    import json

    root = tmp_path / "qms"
    assert run_cli("init", str(root), "--language", "en", cwd=tmp_path).returncode == 0
    result = run_cli("check", "--format", "sarif", cwd=root)
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["shortDescription"]["text"] for r in rules] == [i18n.languages()["en"].messages["rule.QD122.title"]]


def _mainline_wording(code: str, key: str) -> list[str]:
    """What is wrong with the English words for git's main line in `key`, if Simplified Chinese speaks of it (主线)."""
    if "主线" not in REFERENCE.messages[key]:
        return []
    english = i18n.languages()[code].messages[key]
    return [] if "main branch" in english and not re.search(r"\b(?:on|onto|from) the line\b", english) else [key]


def test_english_names_gits_main_line_the_main_branch() -> None:
    """主线 came out as "the line" ("the file committed on the line", "merged onto the line"): an English reader takes
    that for a line of text; git's own word is the main branch."""
    keys = [key for key in REFERENCE.messages if "主线" in REFERENCE.messages[key]]
    assert len(keys) >= 4
    assert not [problem for key in keys for problem in _mainline_wording("en", key)]


def test_a_line_of_text_is_still_the_line() -> None:
    """Quiet: "delete the line" (a line of qmsdoc.yml) says nothing of git, and keeps its words."""
    assert _mainline_wording("en", "config.unknown_key") == []
    assert "delete the line" in i18n.languages()["en"].messages["config.unknown_key"]


def test_a_void_copy_is_recorded_in_plain_english() -> None:
    """"Recorded void (lost, not replaced, no longer to recall)" read as a telegram; the register's cell already says
    "not to be recalled"."""
    with i18n.using("en"):
        said = i18n.t("act.recall.void_done", reason="lost", numbers="QM-01-A/1-002", day="2026-12-10", by="J",
                      register="distribution.yaml")
        cell = i18n.t("register.copy.void_row", reason="lost", date="2026-12-10", replaced="not replaced")
    assert said.startswith("Recorded as void (lost, not replaced; no longer to be recalled): QM-01-A/1-002"), said
    assert "not to be recalled" in cell  # quiet: the register's words, which the message now matches
