"""`project_id` (core/projectid.py): `qmsdoc init` writes one, every Word and PDF copy carries it, and `verify` tells a
copy another project issued from this project's own by it even when both name the same organisation; a project
without one (made before it) is judged as before, and a value that is no id is refused naming its line. Also the
PDF Author check of a numbered copy naming another organisation (verify/verdict.py `copy_organisation`)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from qmsdoc.core.projectid import in_keywords, keyword

from conftest import commit, initialised, on, released_first, run_cli

DAY = "2026-03-02"
OTHER_PROJECT = "由另一个 qmsdoc 项目发放"
ID = re.compile(r"^project_id: (\S+)$", re.MULTILINE)


def _id(root: Path) -> str:
    found = ID.search((root / "qmsdoc.yml").read_text("utf-8"))
    assert found is not None
    return found.group(1)


def _without_id(root: Path) -> None:
    config = root / "qmsdoc.yml"
    config.write_text(ID.sub("", config.read_text("utf-8")), "utf-8")


def _issued(folder: Path, *, organisation: str | None = None, old: bool = False) -> Path:
    """A project `qmsdoc init` made in `folder` (another organisation's, and without `project_id` when `old`), QM-01
    released and issued to 生产部 as Word (QM-01-A/0-001) and PDF (QM-01-A/0-002)."""
    folder.mkdir()
    root = initialised(folder, "按本程序控制文件。")
    config = root / "qmsdoc.yml"
    if organisation:
        config.write_text(config.read_text("utf-8").replace("organisation: 受控文件", f"organisation: {organisation}"),
                          "utf-8")
    if old:
        _without_id(root)
    commit(root, "drafts")
    released_first(root, "QM", "QM-01-F01", "QM-01")
    commit(root, "first releases")
    for fmt in ("docx", "pdf"):
        done = run_cli("issue", "QM-01", "--to", "生产部", "--format", fmt, cwd=root)
        assert done.returncode == 0, done.stdout + done.stderr
    return root


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Projects a and b of one organisation (each with its own id), c of another organisation made before
    `project_id`, and old: a copy of a with its id removed."""
    folder = tmp_path_factory.mktemp("projectid")
    with on(DAY):
        made = {"a": _issued(folder / "a"), "b": _issued(folder / "b"),
                "c": _issued(folder / "c", organisation="另一公司", old=True)}
    shutil.copytree(made["a"], folder / "old")
    _without_id(folder / "old")
    return {**made, "old": folder / "old"}


def _verify(root: Path, copy: Path) -> tuple[int, str]:
    with on(DAY):
        done = run_cli("verify", str(copy), cwd=root)
    return done.returncode, done.stdout + done.stderr


def _copy(root: Path, fmt: str) -> Path:
    return root / "issued" / f"QM-01-A_0-00{1 if fmt == 'docx' else 2}.{fmt}"


def test_init_writes_each_project_its_own_id(projects: dict[str, Path]) -> None:
    first, second = _id(projects["a"]), _id(projects["b"])
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", first)
    assert first != second


def test_every_copy_carries_the_project_id(projects: dict[str, Path]) -> None:
    ours = _id(projects["a"])
    with zipfile.ZipFile(_copy(projects["a"], "docx")) as archive:
        custom = archive.read("docProps/custom.xml").decode("utf-8")
    assert f'name="qmsdoc-project-id"><vt:lpwstr>{ours}</vt:lpwstr>' in custom
    assert f"qmsdoc-project-id:{ours}".encode() in _copy(projects["a"], "pdf").read_bytes()  # XMP is plain text


def test_an_old_project_s_copies_carry_no_id(projects: dict[str, Path]) -> None:
    with zipfile.ZipFile(_copy(projects["c"], "docx")) as archive:
        custom = archive.read("docProps/custom.xml").decode("utf-8")
    assert "qmsdoc-project-id" not in custom
    assert b"qmsdoc-project-id" not in _copy(projects["c"], "pdf").read_bytes()


@pytest.mark.parametrize(("fmt", "source"), [("docx", "其 Word 文档属性"), ("pdf", "其 PDF 元数据")])
def test_another_project_s_copy_of_the_same_organisation_is_told_apart(projects: dict[str, Path], fmt: str,
                                                                       source: str) -> None:
    code, said = _verify(projects["a"], _copy(projects["b"], fmt))
    assert code == 1 and OTHER_PROJECT in said and f"据{source}" in said, said
    assert f"项目标识 {_id(projects['b'])}；本项目为 {_id(projects['a'])}" in said, said
    assert "单位是" not in said, said  # one organisation: nothing to say of it


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_project_s_own_copy_is_not_said_to_be_another_s(projects: dict[str, Path], fmt: str) -> None:
    code, said = _verify(projects["a"], _copy(projects["a"], fmt))
    assert code == 0 and "现行受控副本" in said and OTHER_PROJECT not in said, said


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_without_an_id_on_either_side_the_answer_is_today_s(projects: dict[str, Path], fmt: str) -> None:
    for root, copy in ((projects["old"], _copy(projects["b"], fmt)), (projects["a"], _copy(projects["c"], fmt))):
        code, said = _verify(root, copy)
        assert code == 1 and OTHER_PROJECT not in said and "不是本项目登记的副本" in said, said


def test_a_pdf_naming_another_organisation_is_said_to(projects: dict[str, Path]) -> None:
    code, said = _verify(projects["a"], _copy(projects["c"], "pdf"))
    assert code == 1 and "其 PDF 元数据标明的单位是「另一公司」" in said and "本项目的单位是「受控文件」" in said, said


def test_a_pdf_of_the_same_organisation_names_none(projects: dict[str, Path]) -> None:
    code, said = _verify(projects["old"], _copy(projects["b"], "pdf"))
    assert code == 1 and "单位是" not in said, said


@pytest.mark.parametrize("value", ["not-an-id", "3F2C9A8E-1B7D-4C55-9E0A-6D4B2F8C1A07", "''"])
def test_a_project_id_that_is_no_id_is_refused_at_its_line(projects: dict[str, Path], tmp_path: Path,
                                                          value: str) -> None:
    root = tmp_path / "bad"
    shutil.copytree(projects["a"], root)
    config = root / "qmsdoc.yml"
    config.write_text(ID.sub(f"project_id: {value}", config.read_text("utf-8")), "utf-8")
    line = next(number for number, text in enumerate(config.read_text("utf-8").splitlines(), 1)
                if text.startswith("project_id:"))
    done = run_cli("check", cwd=root)
    assert done.returncode == 2 and "QD300" in done.stderr and f"qmsdoc.yml:{line}" in done.stderr, done.stderr
    assert "project_id" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_a_project_id_that_is_an_id_loads(projects: dict[str, Path]) -> None:
    done = run_cli("check", cwd=projects["a"])
    assert done.returncode == 0 and "QD300" not in done.stderr, done.stdout + done.stderr


@pytest.fixture(scope="module")
def translated(projects: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Project a as an English and as a Traditional Chinese project: its id, register and copies unchanged."""
    folder = tmp_path_factory.mktemp("translated")
    return {code: _in_language(projects["a"], folder, code) for code in WORDING}


def _in_language(root: Path, folder: Path, code: str) -> Path:
    """A copy of project `root` whose qmsdoc.yml sets `language: code` (its id and register unchanged)."""
    copied = folder / code
    shutil.copytree(root, copied)
    config = copied / "qmsdoc.yml"
    text = config.read_text("utf-8")
    assert "language: zh-CN" in text
    config.write_text(text.replace("language: zh-CN", f"language: {code.replace('_', '-')}"), "utf-8")
    return copied


WORDING = {  # what verify says of another project's copy, and of its own, in each language
    "en": ("Not a copy of this project", "was issued by another qmsdoc project (project id {theirs}; this "
           "project's is {ours})", {"docx": "according to its Word document properties",
                                    "pdf": "according to its PDF metadata"}, "Current controlled copy"),
    "zh_TW": ("不是本專案的副本", "由另一個 qmsdoc 專案發放（專案識別碼 {theirs}；本專案為 {ours}）",
              {"docx": "據其 Word 文件屬性", "pdf": "據其 PDF 中繼資料"}, "現行受控副本"),
}


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("language", sorted(WORDING))
def test_another_project_s_copy_is_told_apart_in_the_project_s_language(
        projects: dict[str, Path], translated: dict[str, Path], language: str, fmt: str) -> None:
    headline, detail, sources, _ = WORDING[language]
    code, said = _verify(translated[language], _copy(projects["b"], fmt))
    assert code == 1 and headline in said and sources[fmt] in said, said
    assert detail.format(theirs=_id(projects["b"]), ours=_id(projects["a"])) in said, said
    assert OTHER_PROJECT not in said, said  # nothing of it left in Chinese


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("language", sorted(WORDING))
def test_a_copy_with_the_project_s_own_id_is_not_another_s_in_any_language(
        projects: dict[str, Path], translated: dict[str, Path], language: str, fmt: str) -> None:
    headline, _, _, current = WORDING[language]
    code, said = _verify(translated[language], _copy(projects["a"], fmt))
    assert code == 0 and current in said and headline not in said, said


def test_a_pdf_keyword_carrying_the_id_upper_cased_is_read_as_a_word_property_is() -> None:
    token = "3f2c9a8e-1b7d-4c55-9e0a-6d4b2f8c1a07"
    assert in_keywords(f"A/0, {keyword(token).upper()}") == token.upper()


@pytest.mark.parametrize("keywords", ["", "A/0", "qmsdoc-project-id:", "qmsdoc-project-id:3f2c9a8e-1b7d-4c55-9e0a",
                                      "qmsdoc-project-id:<script>"])
def test_pdf_keywords_without_a_whole_id_carry_none(keywords: str) -> None:
    assert in_keywords(keywords) is None
