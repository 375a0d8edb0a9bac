"""Defects the seed-manual audit left open (importing the noisy service-centre manuals, then following the
messages): each on a short excerpt modelled on a seed, with the well-formed look-alike that must stay as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_import import _empty_project

from qmsdoc.core import check, load_config

from conftest import Project, commit, git, run_cli


def _qd122(root: Path, path_end: str) -> str:
    found = [f.message for f in check(load_config(root)).findings if f.code == "QD122" and f.path.endswith(path_end)]
    assert len(found) == 1, found
    return found[0]


# -- QD122 on an imported manual page offered `qmsdoc baseline`, which refuses a page that names no approver --------

def test_qd122_offers_only_the_release_for_an_imported_page_that_names_no_approver(tmp_path: Path) -> None:
    project = _empty_project(tmp_path)
    project.write("seed.txt", "一、总则\n1.1 本手册适用于服务中心各岗位。\n")
    git(project.root, "init", "-q")
    assert run_cli("import", "seed.txt", "--manual", "FW", cwd=project.root).returncode == 0
    project.replace("manuals/fw/index.md", "owner: 待填写", "owner: 综合办公室")
    project.replace("manuals/fw/index.md", "\n待填写", "\n本手册适用于服务中心。")
    commit(project.root, "导入")
    message = _qd122(project.root, "manuals/fw/index.md")
    assert "qmsdoc release FW" in message
    assert "baseline" not in message
    # what the old message offered is indeed refused: nobody is named for baseline to certify
    refused = run_cli("baseline", "FW", "--by", "总经理", cwd=project.root)
    assert refused.returncode == 1 and "approved:" in refused.stderr


def test_qd122_names_the_recorded_approver_and_that_baseline_is_accepted(project: Project,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    doc = "manuals/qp-service/QP-03-02.md"
    project.write(doc, re.sub(r", baselined: [^,]*, fingerprint: [0-9a-f]{64}", "", project.read(doc)))
    git(project.root, "init", "-q")
    commit(project.root, "导入旧手册")
    monkeypatch.setenv("QMSDOC_TODAY", "2026-11-01")
    offered = re.search(r"qmsdoc baseline (\S+) --by (\S+?)；", _qd122(project.root, doc))
    assert offered is not None
    done = run_cli("baseline", offered.group(1), "--by", offered.group(2), cwd=project.root)
    assert done.returncode == 0, done.stderr


# -- 「三、…3.3 四、…4.1」: a chapter numbered in Chinese numerals did not count as its number (QD161) -----------------

def _clause_findings(tmp_path: Path, text: str, mark: str = "{n}、") -> list[str]:
    """Import the text (its chapters 一、二、), then write each chapter heading with `mark` instead."""
    project = _empty_project(tmp_path)
    project.write("seed.txt", text)
    assert run_cli("import", "seed.txt", "--manual", "FW", cwd=project.root).returncode == 0
    for page in (project.root / "manuals" / "fw").glob("FW-*.md"):
        page.write_text(re.sub(r"^## ([一二三四五])、", lambda m: "## " + mark.format(n=m.group(1)),
                               page.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    return [f.message for f in check(load_config(project.root)).findings if f.code == "QD161"]


def _chapters(mark: str, *chapters: tuple[str, str, tuple[str, ...]]) -> str:
    return "服务中心工作手册\n" + "".join(f"{mark.format(n=n)}{name}\n"
                                         + "".join(f"{c} 岗位人员应按要求服务。\n" for c in clauses)
                                         for n, name, clauses in chapters)


@pytest.mark.parametrize("mark", ["{n}、", "第{n}章 ", "（{n}）"])
def test_a_chapter_in_chinese_numerals_counts_as_the_number_its_clauses_use(tmp_path: Path, mark: str) -> None:
    """Seed 000: 「3.3 跳到 4.1」 at 四、服务规范, which is chapter 4."""
    assert _clause_findings(tmp_path, _chapters("{n}、", ("一", "服务流程", ("1.1", "1.2", "1.3")),
                                                ("二", "服务规范", ("2.1", "2.2"))), mark) == []


def test_a_chapter_in_chinese_numerals_still_shows_a_real_gap(tmp_path: Path) -> None:
    """一、 then 三、 (no 二): the jump from 1.2 to 3.1 is still reported, and so is one inside a chapter."""
    found = _clause_findings(tmp_path, _chapters("{n}、", ("一", "服务流程", ("1.1", "1.2")),
                                                 ("三", "服务规范", ("3.1", "3.3"))))
    assert len(found) == 2 and "1.2" in found[0] and "3.1" in found[1] and "3.3" in found[1], found


# -- 《》 doubled in the import report: 「《回访记录》」, and 《《…规程》》 for a title in book-title marks -----

def _report(tmp_path: Path, title: str) -> str:
    project = _empty_project(tmp_path)
    project.write("seed.txt", f"{title}\n1.0 目的\n规范回访。\n2.0 职责\n客服部负责。\n3.0 程序\n3.1 每月回访。\n"
                              "4.0 相关记录\n4.1 《回访记录》\n4.2 回访登记表\n")
    done = run_cli("import", "seed.txt", "--manual", "FW", "--dry-run", cwd=project.root)
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def test_book_title_marks_already_in_the_source_are_not_doubled_in_the_report(tmp_path: Path) -> None:
    report = _report(tmp_path, "《服务中心回访管理规程》")
    assert "《《" not in report and "》》" not in report and "「《" not in report
    assert "FW-001《服务中心回访管理规程》" in report and "《回访记录》找不到" in report


def test_titles_and_references_without_book_title_marks_are_quoted_as_before(tmp_path: Path) -> None:
    report = _report(tmp_path, "关于《回访制度》的补充规定")
    assert "FW-001《关于《回访制度》的补充规定》" in report and "「回访登记表」找不到" in report
