"""A document's first version approved to take effect later (`qmsdoc release … --effective` of a new document):
until that day no version of it is in force, so the whole manual in force holds none of it. The build's whole-manual
copy leaves it out and `qmsdoc verify` calls that copy current until the day it takes effect; the copy of the manual
with it says it is not in force yet and what is in force until then (the manual without it), never 「无」. From its
effective date the manual holds it and is current."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest

from conftest import commit, copy_project, git, run_cli, today_is

APPROVED, EFFECTIVE = "2026-12-01", "2026-12-20"
TITLE = "试用期管理规定"


@pytest.fixture(scope="module")
def waiting(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The shipped project in git with a new policy of QP-02 released on APPROVED, in force from EFFECTIVE."""
    root = copy_project(tmp_path_factory.mktemp("first") / "project").root
    with today_is(APPROVED):
        git(root, "init", "-q")
        commit(root, "初始文件")
        made = run_cli("new", "--manual", "QP-02", "--title", TITLE, "--type", "policy", "--department", "行政人事部",
                       "--by", "张三", cwd=root)
        assert made.returncode == 0, made
        source = next(p for p in root.joinpath("manuals").rglob("*.md") if TITLE in p.read_text("utf-8"))
        source.write_text(source.read_text("utf-8").replace("（待编写）", "按本规定执行。"), "utf-8")
        code = source.stem
        done = run_cli("release", code, "--by", "总经理", "--reviewed-by", "经理", "--change", "首次发布",
                       "--effective", EFFECTIVE, cwd=root)
        assert done.returncode == 0, done
        commit(root, f"{code} approved, in force from {EFFECTIVE}")
    return root, code


def _built(waiting: tuple[Path, str], folder: Path, day: str) -> Path:
    root = folder / "project"
    shutil.copytree(waiting[0], root)
    with today_is(day):
        assert run_cli("build", cwd=root).returncode == 0
    return root


def _manual_text(root: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(root / "build/docx/manuals/QP-02.docx")).paragraphs)


def _held(root: Path) -> dict[str, str]:
    entries = json.loads((root / "build/manifest.json").read_text("utf-8"))
    entries = entries["files"] if isinstance(entries, dict) else entries
    return next(e["documents"] for e in entries if e["path"] == "docx/manuals/QP-02.docx")


def test_until_it_takes_effect_the_whole_manual_in_force_holds_none_of_it(waiting: tuple[Path, str],
                                                                         tmp_path: Path) -> None:
    root, code = _built(waiting, tmp_path, APPROVED), waiting[1]
    assert TITLE not in _manual_text(root) and code not in _held(root)
    assert "QP-02-01" in _held(root)  # the documents in force are held as before
    with today_is(APPROVED):
        verdict = run_cli("verify", "build/docx/manuals/QP-02.docx", cwd=root)
    assert verdict.returncode == 0, verdict
    assert "现行受控副本（至 2026-12-20 前）" in verdict.stdout and f"{code} A/0" in verdict.stdout


def test_from_its_effective_date_the_whole_manual_holds_it(waiting: tuple[Path, str], tmp_path: Path) -> None:
    root, code = _built(waiting, tmp_path, EFFECTIVE), waiting[1]
    assert TITLE in _manual_text(root) and _held(root)[code] == "A/0"
    with today_is(EFFECTIVE):
        verdict = run_cli("verify", "build/docx/manuals/QP-02.docx", cwd=root)
    assert verdict.returncode == 0 and verdict.stdout.startswith("现行受控副本："), verdict


def test_issued_copies_say_what_is_in_force_until_then(waiting: tuple[Path, str], tmp_path: Path) -> None:
    """`issue --in-force` makes the manual without it; `issue` the manual with it, which is not in force yet: what
    is in force until then is the manual without it, not 「无」."""
    root, code = tmp_path / "project", waiting[1]
    shutil.copytree(waiting[0], root)
    with today_is(APPROVED):
        in_force = run_cli("issue", "QP-02", "--to", "客服部", "--in-force", cwd=root)
        approved = run_cli("issue", "QP-02", "--to", "客服部", cwd=root)
        assert in_force.returncode == 0 and approved.returncode == 0, (in_force, approved)
        assert f"尚不含 {code} 的版本" in in_force.stdout and f"尚不含 {code} 的版本" in approved.stdout
        copies = sorted(root.joinpath("issued").glob("QP-02-*.docx"))
        first, second = (run_cli("verify", str(path), cwd=root) for path in copies)
    assert TITLE not in "\n".join(p.text for p in docx.Document(str(copies[0])).paragraphs)
    assert first.returncode == 0 and first.stdout.startswith("现行受控副本（至 2026-12-20 前）"), first
    assert second.returncode == 1 and f"此前现行版本：尚不含 {code} 的版本" in second.stdout, second
