"""Other teams' version schemes (qmsdoc.yml `version_scheme`): 1.0 (major.minor), A (letters) and 1 (whole numbers)
beside the default A/0 (版本/修订状态). One scheme per project, chosen when the configuration is loaded: every
version read, compared, written and advanced is in it, and QD004 says which shape it expects."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from qmsdoc.core.errors import EditError
from qmsdoc.core.revision import DEFAULT_SCHEME, Revision, earlier, set_scheme, spelled
from qmsdoc.importer import cover

from conftest import commit, git, run_cli


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drafts prepared on a fixed day, before the releases' --date."""
    monkeypatch.setenv("QMSDOC_TODAY", "2026-11-01")


@pytest.fixture
def scheme() -> Iterator[None]:
    """Each unit test sets the scheme it is about; the next test starts from the default again."""
    yield
    set_scheme(DEFAULT_SCHEME)


def _versions(*texts: str) -> list[str]:
    parsed = [Revision.parse(text) for text in texts]
    assert all(parsed), texts
    return [str(v) for v in sorted(v for v in parsed if v is not None)]


def test_major_minor_orders_by_number_and_bumps_minor_or_major(scheme: None) -> None:
    set_scheme("1.0")
    assert _versions("1.10", "2.0", "1.9", "1.0") == ["1.0", "1.9", "1.10", "2.0"]
    assert earlier("1.9", "1.10") and not earlier("1.10", "1.9")
    assert str(Revision.first()) == "1.0"
    assert str(Revision.parse("1.9").next_revision()) == "1.10"  # type: ignore[union-attr]
    assert str(Revision.parse("1.3").next_edition()) == "2.0"  # type: ignore[union-attr]
    assert Revision.parse("A/1") is None and Revision.parse("1") is None
    assert not Revision.parse("1.12").over_limit  # type: ignore[union-attr]  # no QD112 past .9


def test_letters_take_the_next_letter_and_stop_at_z(scheme: None) -> None:
    set_scheme("A")
    assert str(Revision.first()) == "A"
    assert str(Revision.parse("b").next_revision()) == "C"  # type: ignore[union-attr]
    assert str(Revision.parse("B").next_edition()) == "C"  # type: ignore[union-attr]
    assert Revision.parse("A/0") is None and Revision.parse("1") is None
    with pytest.raises(EditError):
        Revision.parse("Z").next_revision()  # type: ignore[union-attr]


def test_whole_numbers_start_at_one_and_read_rev_as_the_number(scheme: None) -> None:
    set_scheme("1")
    assert str(Revision.first()) == "1"
    assert _versions("10", "9", "2") == ["2", "9", "10"]
    assert str(Revision.parse("9").next_revision()) == "10"  # type: ignore[union-attr]
    assert spelled("Rev 3") == "3" and spelled("rev. 4") == "4"
    assert Revision.parse("1.0") is None and Revision.parse("A") is None


def test_the_default_scheme_is_unchanged(scheme: None) -> None:
    assert str(Revision.first()) == "A/0"
    assert str(Revision.parse("A/9").next_revision()) == "B/0"  # type: ignore[union-attr]
    assert str(Revision.parse("a/3").next_edition()) == "B/0"  # type: ignore[union-attr]
    assert spelled("Ａ／１") == "A/1" and Revision.parse("A/10").over_limit  # type: ignore[union-attr]
    assert Revision.parse("1.0") is None


@pytest.mark.parametrize(("name", "written", "expected"), [
    (DEFAULT_SCHEME, "V2.1", "B/1"), (DEFAULT_SCHEME, "Rev. 2", "A/2"), (DEFAULT_SCHEME, "Issue 3", "C/0"),
    ("1.0", "V2.1", "2.1"), ("1.0", "B/3", "2.3"), ("1.0", "Issue 3", "3.0"), ("1.0", "1.10", "1.10"),
    ("A", "Rev B", "B"), ("A", "Issue 3", "C"), ("A", "A/1", None), ("A", "Rev. 2", None),
    ("1", "Rev. 2", "2"), ("1", "Issue 3", "3"), ("1", "2.0", "2"), ("1", "2.1", None),
])
def test_the_importer_maps_a_written_version_into_the_project_scheme(scheme: None, name: str, written: str,
                                                                     expected: str | None) -> None:
    set_scheme(name)
    assert cover.version(written) == expected


# -- a project ---------------------------------------------------------------------------------------------


def _project(tmp_path: Path, name: str) -> Path:
    made = run_cli("init", str(tmp_path / "p"), "--language", "en", "--version-scheme", name, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "p"
    procedure = root / "manuals" / "qm" / "QM-01.md"
    procedure.write_text(procedure.read_text("utf-8").replace("(to be written)", "Text here."), "utf-8")
    git(root, "init", "-q")
    commit(root, "init")
    return root


def _release(root: Path, item: str, change: str, *extra: str) -> str:
    reviewed = () if item.endswith("-F01") else ("--reviewed-by", "Quality Manager")  # a form keeps no review
    done = run_cli("release", item, "--by", "Managing Director", *reviewed, "--change", change,
                   *extra, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    commit(root, change)
    return done.stdout


def _revise_and_release(root: Path, text: str, change: str, *extra: str) -> str:
    made = run_cli("revise", "QM-01", "--by", "Quality Manager", cwd=root)
    assert made.returncode == 0, made.stderr
    draft = root / "revisions" / "manuals" / "qm" / "QM-01.md"
    draft.write_text(re.sub(r"Text \w+\.", text, draft.read_text("utf-8"), count=1), "utf-8")
    return _release(root, "QM-01", change, *extra)


@pytest.mark.parametrize(("name", "first", "second", "edition"), [
    ("1.0", "1.0", "1.1", "2.0"), ("A", "A", "B", "C"), ("1", "1", "2", "3")])
def test_an_english_project_releases_in_its_scheme(tmp_path: Path, name: str, first: str, second: str,
                                                   edition: str) -> None:
    """init → check → release (first issue) → release a revision → release --edition: the versions, the
    修订记录's order and the register are in the project's scheme, and the check stays clean."""
    root = _project(tmp_path, name)
    assert yaml.safe_load((root / "qmsdoc.yml").read_text("utf-8"))["version_scheme"] == name
    for item in ("QM-01-F01", "QM", "QM-01"):
        assert f"Released {item} {first} " in _release(root, item, "First issue")
    assert f"Released QM-01 {second} " in _revise_and_release(root, "Text there.", "Second")
    assert f"Released QM-01 {edition} " in _revise_and_release(root, "Text everywhere.", "Third", "--edition")
    checked = run_cli("check", cwd=root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    source = (root / "manuals" / "qm" / "QM-01.md").read_text("utf-8")
    history = re.findall(r"\{version: \"?([^\",]+)\"?,", source)
    assert history == [first, second, edition], source
    out = tmp_path / "register.csv"
    registered = run_cli("register", "--as-of", "2026-11-01", "--format", "csv", "--out", str(out), cwd=root)
    assert registered.returncode == 0, registered.stderr
    rows = {row[0]: row[3] for row in csv.reader(out.read_text("utf-8-sig").splitlines())}
    assert rows["QM-01"] == edition and rows["QM-01-F01"] == first
    old = run_cli("copy", "QM-01", "--version", second, "--format", "docx", "--out", str(tmp_path / "o.docx"),
                  cwd=root)
    assert old.returncode == 0, old.stderr


def _set(root: Path, scheme_line: str) -> None:
    config = root / "qmsdoc.yml"
    text = re.sub(r"(?m)^version_scheme:.*\n", "", config.read_text("utf-8"))
    config.write_text(text + scheme_line + "\n", "utf-8")


def _planted(root: Path, version: str, history: list[str]) -> Path:
    """QM-01 in force at `version` with a 修订记录 of `history` (its approval is not what these tests are about)."""
    path = root / "manuals" / "qm" / "QM-01.md"
    text = path.read_text("utf-8")
    text = re.sub(r"(?m)^version: .*$", f'version: "{version}"', text).replace("status: draft", "status: effective")
    entries = "".join(f'  - {{version: "{v}", date: 2026-11-0{i + 1}, by: QM, change: Change {i}}}\n'
                      for i, v in enumerate(history))
    path.write_text(text.replace("\n---\n", f"\nhistory:\n{entries}---\n", 1), "utf-8")
    return path


@pytest.mark.parametrize(("order", "fires"), [(["1.9", "1.10"], False), (["1.10", "1.9"], True)])
def test_a_history_climbs_by_number_not_by_text(tmp_path: Path, order: list[str], fires: bool) -> None:
    root = _project(tmp_path, "1.0")
    _planted(root, order[-1], order)
    checked = run_cli("check", cwd=root)
    assert ("QD110" in checked.stdout) is fires, checked.stdout


def test_a_version_in_another_scheme_is_qd004_naming_the_expected_shape(tmp_path: Path) -> None:
    root = _project(tmp_path, "1.0")
    path = _planted(root, "1.1", ["1.0", "1.1"])
    quiet = run_cli("check", cwd=root)
    assert "QD004" not in quiet.stdout, quiet.stdout
    path.write_text(path.read_text("utf-8").replace('version: "1.1"\n', "version: A/1\n", 1), "utf-8")
    refused = run_cli("check", cwd=root)
    line = next((x for x in refused.stdout.splitlines() if "QD004" in x), "")
    assert refused.returncode == 1 and "A/1" in line and '"1.0", "1.1", "2.0"' in line, refused.stdout


def test_the_default_scheme_refuses_a_major_minor_version_naming_a_slash_0(tmp_path: Path) -> None:
    root = _project(tmp_path, DEFAULT_SCHEME)
    assert "version_scheme" not in (root / "qmsdoc.yml").read_text("utf-8")  # the default writes no setting
    path = root / "manuals" / "qm" / "QM-01.md"
    path.write_text(path.read_text("utf-8").replace("version: A/0\n", 'version: "1.0"\n', 1), "utf-8")
    refused = run_cli("check", cwd=root)
    line = next((x for x in refused.stdout.splitlines() if "QD004" in x), "")
    assert "'1.0'" in line and "A/0, A/1" in line, refused.stdout


@pytest.mark.parametrize(("name", "written", "meant"), [
    (DEFAULT_SCHEME, "a/0", "A/0"), (DEFAULT_SCHEME, "'A／0'", "A/0"), ("1", "'rev 1'", "1"), ("A", "a", "A")])
def test_a_version_typed_the_way_people_type_it_is_qd004_naming_the_spelling(tmp_path: Path, name: str, written: str,
                                                                             meant: str) -> None:
    """`a/0`, a full-width `A／0`, `rev 1`: the version the reader means, told as the scheme writes it."""
    root = _project(tmp_path, name)
    path = root / "manuals" / "qm" / "QM-01.md"
    text = path.read_text("utf-8")
    first = re.search(r"^version: .*$", text, re.M)
    assert first is not None
    path.write_text(text.replace(first.group(0), f"version: {written}", 1), "utf-8")
    line = next((x for x in run_cli("check", cwd=root).stdout.splitlines() if "QD004" in x), "")
    assert f"must be written {meant} " in line, line


def test_a_parse_made_under_another_scheme_is_not_reused(tmp_path: Path) -> None:
    """The same bytes are valid in one scheme and QD004 in another: a check after the setting changes must not
    answer from the cache the check before it wrote."""
    root = _project(tmp_path, "1.0")
    _planted(root, "1.1", ["1.0", "1.1"])
    assert "QD004" not in run_cli("check", cwd=root).stdout
    _set(root, "version_scheme: A/0")
    assert "QD004" in run_cli("check", cwd=root).stdout
    _set(root, "version_scheme: '1.0'")
    again = run_cli("check", cwd=root)
    assert "Check finished" in again.stdout and "QD004" not in again.stdout, again.stdout + again.stderr


@pytest.mark.parametrize("value", ["'2.0'", "v1", "[A, 1]", "2"])
def test_an_unknown_scheme_is_a_configuration_error_naming_the_allowed_values(tmp_path: Path, value: str) -> None:
    root = _project(tmp_path, "A")
    _set(root, f"version_scheme: {value}")
    refused = run_cli("check", cwd=root)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "version_scheme" in refused.stderr and all(name in refused.stderr for name in ("A/0", "1.0", "A", "1"))
    assert "Traceback" not in refused.stderr


def test_init_refuses_an_unknown_scheme(tmp_path: Path) -> None:
    refused = run_cli("init", str(tmp_path / "p"), "--language", "en", "--version-scheme", "v1", cwd=tmp_path)
    assert refused.returncode == 2 and "1.0" in refused.stderr, refused.stderr
    assert not (tmp_path / "p" / "qmsdoc.yml").exists()


def test_a_version_argument_is_read_in_the_scheme(tmp_path: Path) -> None:
    root = _project(tmp_path, "1")
    refused = run_cli("copy", "QM-01", "--version", "A/1", "--out", str(tmp_path / "x.docx"), cwd=root)
    assert refused.returncode == 2 and '"1", "2", "3"' in refused.stderr, refused.stderr


def test_a_major_minor_projects_word_copy_imports_back_in_its_scheme(tmp_path: Path) -> None:
    """A 1.0 project's Word copy (its meta line "QM-01 · 2.0 · Procedure", its history 1.0, 1.1, 2.0) imports into a
    1.0 project at those versions, the meta line taken as qmsdoc's, not as the first line of the body."""
    from qmsdoc.core import load_config
    from qmsdoc.core.source import parse_markdown
    from qmsdoc.importer.plan import plan_import
    from qmsdoc.importer.writer import draft_text

    root = _project(tmp_path, "1.0")
    for item in ("QM-01-F01", "QM", "QM-01"):
        _release(root, item, "First issue")
    _revise_and_release(root, "Text there.", "Second")
    _revise_and_release(root, "Text everywhere.", "Third", "--edition")
    written = run_cli("docx", cwd=root)
    assert written.returncode == 0, written.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "qmsdoc.yml").write_text("language: en\nversion_scheme: '1.0'\n", "utf-8")
    plan = plan_import(load_config(empty), [root / "build" / "docx" / "documents" / "QM-01.docx"], "QM")
    assert not plan.errors and len(plan.drafts) == 1
    imported = parse_markdown(draft_text(plan.drafts[0]), "imported.md")
    assert imported.data["version"] == "2.0"
    assert [entry["version"] for entry in imported.data["history"]] == ["1.0", "1.1", "2.0"]
    assert not imported.body.lstrip().startswith("QM-01"), imported.body[:200]


@pytest.mark.parametrize(("name", "shown", "not_shown"), [
    ("1.0", ("1.3 → 2.0", "e.g. 1.1", "QM-02-1.0-001"), "A/"), ("A", ("D → E", "e.g. B", "QM-02-A-001"), "A/"),
    ("A/0", ("A/3 → B/0", "e.g. A/1", "QM-02-A/0-001"), "1.3")])
def test_help_shows_versions_in_the_projects_scheme(tmp_path: Path, name: str, shown: tuple[str, ...],
                                                    not_shown: str) -> None:
    """Help is printed before the configuration is loaded: its examples still write versions as the project
    does (`--edition`: 1.3 → 2.0 in a 1.0 project), not A/1 whatever the scheme."""
    root = _project(tmp_path, name)
    helps = "".join(run_cli(command, "--help", cwd=root).stdout for command in ("release", "copy", "recall"))
    assert all(example in helps for example in shown), helps
    assert not_shown not in helps.replace("QM-02-A/0-001", "")


def test_a_version_named_twice_is_refused_with_an_example_in_the_scheme(tmp_path: Path) -> None:
    root = _project(tmp_path, "1.0")
    _release(root, "QM-01", "First issue")
    refused = run_cli("redline", "QM-01", "--from", "1.0", "--to", "1.0", cwd=root)
    assert refused.returncode == 2 and "--from 1.1 --to 1.2" in refused.stderr, refused.stderr
