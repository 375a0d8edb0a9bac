"""While an approved version waits for its effective date (`qmsdoc release … --effective`), its own copies say on
their face that it is not in force yet."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from conftest import commit, copy_project, git, run_cli

APPROVED, EFFECTIVE = "2026-12-06", "2027-01-01"
IN_FORCE = "documents/in-force/QP-03-04-A-0"


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    saved = os.environ.get("QMSDOC_TODAY")
    os.environ["QMSDOC_TODAY"] = APPROVED
    yield
    if saved is None:
        os.environ.pop("QMSDOC_TODAY", None)
    else:
        os.environ["QMSDOC_TODAY"] = saved


@pytest.fixture(scope="module")
def pending(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project in git with QP-03-04 A/1 approved on 2026-12-06, effective 2027-01-01, committed."""
    root = copy_project(tmp_path_factory.mktemp("pending") / "project").root
    saved = os.environ.get("QMSDOC_TODAY")
    os.environ["QMSDOC_TODAY"] = APPROVED
    try:
        git(root, "init", "-q")
        commit(root, "初始文件")
        assert run_cli("revise", "QP-03-04", "--by", "张三", cwd=root).returncode == 0
        draft = next(root.joinpath("revisions").rglob("QP-03-04.md"))
        draft.write_text(draft.read_text("utf-8") + "\n补充一条新的要求。\n", "utf-8")
        done = run_cli("release", "QP-03-04", "--by", "总经理", "--reviewed-by", "经理", "--change", "补充",
                       "--effective", EFFECTIVE, cwd=root)
        assert done.returncode == 0, done
        commit(root, "QP-03-04 A/1 approved, effective 2027-01-01")
    finally:
        if saved is None:
            os.environ.pop("QMSDOC_TODAY", None)
        else:
            os.environ["QMSDOC_TODAY"] = saved
    return root


@pytest.fixture(scope="module")
def built(pending: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A build of the pending project on its approval day (with its stderr)."""
    root = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(pending, root)
    saved = os.environ.get("QMSDOC_TODAY")
    os.environ["QMSDOC_TODAY"] = APPROVED
    try:
        result = run_cli("build", "--pdf", cwd=root)
    finally:
        if saved is None:
            os.environ.pop("QMSDOC_TODAY", None)
        else:
            os.environ["QMSDOC_TODAY"] = saved
    assert result.returncode == 0, result
    return root, result.stderr


def _word_text(path: Path) -> str:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for section in document.sections:
        for table in section.header.tables:
            texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace(" ", "")


def _verdict(root: Path, path: Path) -> tuple[int, str]:
    result = run_cli("verify", str(path), cwd=root)
    return result.returncode, result.stdout + result.stderr


def test_the_waiting_versions_own_copies_say_it_is_not_in_force_yet(built: tuple[Path, str]) -> None:
    root, _ = built
    notice = "本版本 A/1 已批准，自 2027-01-01 起生效，在此之前不得据此执行；在此之前现行版本为 A/0"
    word = _word_text(root / "build/docx/documents/QP-03-04.docx")
    assert notice in word and "补充一条新的要求" in word
    assert notice.replace(" ", "") in _pdf_text(root / "build/pdf/documents/QP-03-04.pdf")
    other = _word_text(root / "build/docx/documents/QP-03-01.docx")  # a version in force says nothing of the kind
    assert "已批准，自" not in other and "本副本为现行版本" not in other


def test_the_notices_of_the_copies_are_in_the_projects_language(pending: Path) -> None:
    import datetime as dt

    from qmsdoc.core import check, i18n, load_config
    from qmsdoc.core.copyjobs import pending_notice

    document = check(load_config(pending)).corpus.documents["QP-03-04"]
    i18n.set_language("en")
    assert pending_notice(document, dt.date(2026, 12, 31)) == (
        "Version A/1 is approved and takes effect on 2027-01-01; work must not follow it before then; until then "
        "version A/0 is in force: work to its controlled copy.")
    assert pending_notice(document, dt.date(2027, 1, 1)) == ""  # in force from its effective date: nothing to say
