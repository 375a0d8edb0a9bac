"""Defects the seed-manual audit left open (importing the noisy service-centre manuals, then following the
messages): each on a short excerpt modelled on a seed, with the well-formed look-alike that must stay as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_import import _empty_project

from qmsdoc.core import check, load_config
from qmsdoc.core.render import render_markdown
from qmsdoc.importer.clauses import text_blocks
from qmsdoc.importer.markdown import body
from qmsdoc.importer.text_reader import Line

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


# -- 「(1)」「（1）」「①」 sub-items kept their marker as text under a bullet; 「A、」「a.」 items were not read -------

def _body(text: str) -> str:
    return body(text_blocks([Line(number, line) for number, line in enumerate(text.splitlines(), 1)]))


def _items(markdown: str) -> list[tuple[str, str]]:
    """Each list item of the page the Markdown makes: its list's tag and its text."""
    html = render_markdown(markdown, lambda code: None).html
    return [(kind, re.sub(r"<[^>]+>", "", text).strip())
            for kind, text in re.findall(r"<(ol|ul)[^>]*>\s*<li>(.*?)</li>", html, flags=re.S)]


@pytest.mark.parametrize("marks", [("(1)", "(2)"), ("（1）", "（2）"), ("①", "②"), ("（一）", "（二）")])
def test_numbered_sub_items_are_ordered_items_shown_without_their_marker_again(marks: tuple[str, str]) -> None:
    """Seed 001/002: 「(1)礼貌接待」 became 「- (1) 礼貌接待」, a bullet and (1) on the page, the Word and the PDF."""
    markdown = _body(f"1. 接待服务\n{marks[0]}礼貌接待;\n{marks[1]}及时登记。\n2. 物业咨询\n")
    assert not any(mark in markdown for mark in marks)
    html = render_markdown(markdown, lambda code: None).html
    assert "礼貌接待" in html and "及时登记" in html and "<ul" not in html


@pytest.mark.parametrize("letters", [("A、", "B、"), ("a.", "b."), ("a．", "b．")])
def test_lettered_items_are_list_items(letters: tuple[str, str]) -> None:
    markdown = _body(f"注意事项:\n{letters[0]}保持安静\n{letters[1]}保持整洁\n")
    assert _items(markdown) == [("ol", "保持安静")] and "保持整洁" in markdown and letters[1] not in markdown


@pytest.mark.parametrize(("letters", "kind"), [(("a)", "b)", "c)"), "a"), (("A、", "B、", "C、"), "A")])
def test_lettered_items_keep_their_letters_on_the_page(letters: tuple[str, ...], kind: str) -> None:
    """「见 b)」 cites the letter: the page counts the items a b c (A B C), not 1 2 3."""
    markdown = _body(f"注意事项:\n{letters[0]}保持安静\n{letters[1]}保持整洁\n{letters[2]}违者见 b)\n")
    html = render_markdown(markdown, lambda code: None).html
    assert f'<ol type="{kind}">' in html and html.count("<li>") == 3, html


def test_items_numbered_1_2_are_written_as_numbers() -> None:
    markdown = _body("注意事项:\n1、保持安静\n2、保持整洁\n")
    assert "<ol>" in render_markdown(markdown, lambda code: None).html


def test_a_letter_out_of_sequence_and_english_abbreviations_stay_text() -> None:
    """「B. 单独一行」 with no A before it and 「e.g.」 are text, not the items of a list."""
    assert _body("B. 单独一行\ne.g. 举例说明\n") == "B. 单独一行\n\ne.g. 举例说明\n"


# -- 「…请休息好3、休闲区:」: the next item glued to the text of the one before ----------------------------------

def test_the_next_item_glued_to_the_one_before_is_split_off() -> None:
    markdown = _body("1、更衣区:先生您好,请换拖鞋。\n"
                     "2、浴区:淋浴间这边请,您请休息好3、休闲区:您几位?这边请。4、前台:您好\n")
    assert _items(markdown) == [("ol", "更衣区:先生您好,请换拖鞋。")]
    assert [line for line in markdown.splitlines() if line] == [
        "1. 更衣区:先生您好,请换拖鞋。", "2. 浴区:淋浴间这边请,您请休息好", "3. 休闲区:您几位?这边请。", "4. 前台:您好"]


def test_numbers_inside_an_item_that_are_not_the_next_item_stay_in_it() -> None:
    item = "浴区:每天3、4次,共3.5小时,第3、休息,另见5、说明:略"
    assert _body(f"1、更衣区:先生您好\n2、{item}\n") == f"1. 更衣区:先生您好\n2. {item}\n"


# -- seed 004: a job description's labels glued into one line (職位名稱…所屬部門…崗位職責1.…2.…) -------------------

GLUED_JOB = ("客服部管家崗位說明書 KF0305職位名稱管家所屬部門客服部直接上級客服助理直接下級無定編4人薪酬標準"
             "任職資格1.學歷、專業知識大專及以上學歷2.工作經驗一年以上本崗位工作經驗職責概要根據部門領導的工作安排"
             "崗位職責1.建立和維護客戶關系2.負責客戶資料登記、整理3.負責接待客戶,年費2.5萬元以內"
             "崗位權限1. 部門工作的建議權。\n")


def test_glued_job_labels_become_the_job_description_structure(tmp_path: Path) -> None:
    project = _empty_project(tmp_path)
    project.write("seed.txt", GLUED_JOB)
    assert run_cli("import", "seed.txt", "--manual", "KF", cwd=project.root).returncode == 0
    page = project.read("manuals/kf/KF0305.md")
    assert "department: 客服部" in page
    for row in ("| 職位名稱 | 管家 |", "| 所屬部門 | 客服部 |", "| 直接上級 | 客服助理 |", "| 直接下級 | 無 |"):
        assert row in page
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == ["## 任職資格", "## 職責概要", "## 崗位職責", "## 崗位權限"]
    duties = page.split("## 崗位職責")[1].split("## 崗位權限")[0].strip().splitlines()
    assert duties == ["1. 建立和維護客戶關系", "2. 負責客戶資料登記、整理", "3. 負責接待客戶,年費2.5萬元以內"]


@pytest.mark.parametrize("line", ["职位名称：客服部经理",
                                  "岗位名称客服部经理，所属部门为客服部，负责全部客服工作。"])
def test_a_job_line_with_fewer_glued_labels_is_read_as_before(line: str) -> None:
    assert _body(line) == line + "\n"


@pytest.mark.parametrize("bullet", ["- ", "◆", "·", "●"])
def test_bulleted_items_stay_one_bulleted_list(bullet: str) -> None:
    """A bullet has no number: its items stay one bulleted list (not a numbered list each)."""
    assert _items(_body(f"要求:\n{bullet}了解制度\n{bullet}提供案例\n")) == [("ul", "了解制度")]


def test_a_chinese_numbered_item_stands_above_the_numbered_items_round_it() -> None:
    """Seed 003: 「(二)窗口服务环境标准化」 after 「2、…」 was nested under it and the 「1、」 after it shown as 3."""
    markdown = _body("1、办公桌放置标牌\n2、提供表格\n(二)窗口服务环境标准化\n1、统一规范着装上岗\n2、坐姿端正\n")
    shown = [line for line in markdown.splitlines() if line and not line.startswith("<!--")]
    assert shown == ["1. 办公桌放置标牌", "2. 提供表格", "2. 窗口服务环境标准化", "1. 统一规范着装上岗", "2. 坐姿端正"]
    assert [start for start in re.findall(r"<ol(?: start=\"(\d+)\")?>", render_markdown(
        markdown, lambda code: None).html)] == ["", "2", ""]
