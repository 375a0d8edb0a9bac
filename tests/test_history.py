"""Every released version readable, what changed between versions (redline, 修订对照表) and what was in force
on a past day — in real git repositories with two releases of QP-02-03."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from browsers import chromium

from qmsdoc.core import check, load_config
from qmsdoc.core.compare import blocks, compare, inline_diff
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.search import read_pages

from conftest import CliRun, Project, commit, git, run_cli

DOC = "manuals/qp-hr/QP-02-03.md"
DRAFT = "revisions/manuals/qp-hr/QP-02-03.md"
EDITS = (("适用于管家服务中心经理以下所有员工的离职工作。",
          "适用于管家服务中心经理以下所有员工（含劳务派遣人员）的离职工作。"),
         ("| 主管级以下管理人员 | 20 天 |", "| 主管级以下管理人员 | 30 天 |"),
         ("- 被依法追究刑事责任的。", "- 被依法追究刑事责任的；\n- 提供虚假个人信息、学历或工作经历的。"),
         ("3.3 总经理负责员工离职的审批。", "3.3 总经理负责员工离职的审批和备案。"))


def qmsdoc(project: Project, *args: str) -> CliRun:
    return run_cli(*args, cwd=project.root)


@pytest.fixture
def released(repo: Project) -> Project:
    """QP-02-03 revised beside A/1 and released as A/2 on 2026-11-25, each step committed."""
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员", "--date", "2026-11-20").returncode == 0
    for old, new in EDITS:
        repo.replace(DRAFT, old, new)
    commit(repo.root, "QP-02-03 修订稿")
    result = qmsdoc(repo, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                    "--change", "适用范围含劳务派遣人员；辞职提前期调整", "--date", "2026-11-25")
    assert result.returncode == 0, result.stdout + result.stderr
    commit(repo.root, "发布 QP-02-03 A/2")
    return repo


# -- the comparison ----------------------------------------------------------------------------------------

def test_chinese_is_compared_by_character_and_latin_text_by_word() -> None:
    assert [(s.op, s.text) for s in inline_diff("总经理负责审批。", "总经理负责审批和备案。")] == [
        ("equal", "总经理负责审批"), ("insert", "和备案"), ("equal", "。")]
    latin = inline_diff("Staff give 30 days notice.", "Staff give 20 days written notice.")
    assert [(s.op, s.text) for s in latin if s.op != "equal"] == [("delete", "30"), ("insert", "20"),
                                                                 ("insert", "written ")]


def test_tables_and_lists_are_compared_as_such() -> None:
    old = blocks("<h2>4.2 辞职</h2><table><tr><th>类别</th><th>时间</th></tr><tr><td>主管</td><td>20 天</td></tr>"
                 "</table><ul><li>一</li><li>二</li></ul>")
    new = blocks("<h2>4.2 辞职</h2><table><tr><th>类别</th><th>时间</th></tr><tr><td>主管</td><td>30 天</td></tr>"
                 "</table><ul><li>一</li><li>二</li><li>三</li></ul>")
    comparison = compare(old, new, old_label="A/1", new_label="A/2")
    changed = [c for c in comparison.changes if c.op != "equal"]
    assert [(c.op, c.block.kind) for c in changed] == [("replace", "row"), ("insert", "item")]
    row = changed[0]
    assert [[(s.op, s.text) for s in cell] for cell in row.cell_segments] == [
        [("equal", "主管")], [("delete", "20"), ("insert", "30"), ("equal", " 天")]]
    assert [(r.clause, r.note) for r in comparison.table_rows] == [("4.2 辞职", "修改"), ("4.2 辞职", "新增")]


def test_a_ticked_task_box_is_a_change_and_items_keep_their_markers() -> None:
    old = blocks('<ul class="task-list"><li class="task-list-item"><input type="checkbox" disabled> 复核</li></ul>'
                 '<ol start="3"><li>登记</li><li>归档</li></ol><ol type="i"><li>甲</li><li>乙</li></ol>')
    new = blocks('<ul class="task-list"><li class="task-list-item"><input type="checkbox" disabled checked> 复核'
                 '</li></ul><ol start="3"><li>登记</li><li>审核</li><li>归档</li></ol><ol type="i"><li>甲</li>'
                 '<li>乙</li></ol><ul><li>附</li></ul>')
    comparison = compare(old, new, old_label="A/1", new_label="A/2")
    changed = [(c.op, c.block.text) for c in comparison.changes if c.op != "equal"]
    assert changed == [("replace", "☑ 复核"), ("insert", "审核"), ("insert", "附")]
    assert [b.marker for b in new] == ["", "3.", "4.", "5.", "i.", "ii.", "•"]
    from qmsdoc.site.redline import redline_body

    page = redline_body(comparison)
    # a new item is inserted with its marker; the one below it renumbered, as the Word redline tracks it
    assert "<ins>4. 审核</ins>" in page and "<del>4</del><wbr><ins>5</ins>. 归档" in page and "ii. 乙" in page
    assert "<ins>• 附</ins>" in page


def test_a_replaced_word_may_wrap_apart_from_its_replacement() -> None:
    from qmsdoc.site.redline import redline_body

    old = blocks("<table><tr><td>NCR</td><td>Non-conformance report</td></tr></table><p>Keep 30 days.</p>")
    new = blocks("<table><tr><td>NCR</td><td>Nonconformity report</td></tr></table><p>Keep 20 days.</p>")
    page = redline_body(compare(old, new, old_label="A/1", new_label="A/2"))
    assert "<del>Non-conformance</del><wbr><ins>Nonconformity</ins>" in page
    assert "<del>30</del><wbr><ins>20</ins>" in page and page.count("<wbr>") == 2


def test_a_numbered_paragraph_is_its_own_clause_in_the_change_table() -> None:
    old = blocks("<h2>3.0 职责</h2><p>3.3 总经理负责审批。</p>")
    new = blocks("<h2>3.0 职责</h2><p>3.3 总经理负责审批和备案。</p>")
    rows = compare(old, new, old_label="A/1", new_label="A/2").table_rows
    assert [(r.clause, r.before, r.after) for r in rows] == [
        ("3.3", "3.3 总经理负责审批。", "3.3 总经理负责审批和备案。")]


# -- redline, copy, register as of ---------------------------------------------------------------------

def test_redline_docx_holds_tracked_changes_and_the_change_table(released: Project, tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    result = qmsdoc(released, "redline", "QP-02-03", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "A/1 → A/2" in result.stdout
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert '<w:ins w:id="' in xml and '<w:del w:id="' in xml and 'w:author="质量专员"' in xml
    assert 'w:date="2026-11-25T' in xml and "<w:delText>20</w:delText>" in xml
    import docx

    document = docx.Document(str(out))
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["条款", "修订前", "修订后", "修订说明"]
    assert any(r.cells[0].text == "3.3" and "备案" in r.cells[2].text for r in table.rows)
    again = qmsdoc(released, "redline", "QP-02-03", "--out", str(out))  # never overwrites
    assert again.returncode == 2 and "已存在" in again.stderr


def test_redline_of_a_withdrawn_document_shows_its_last_revision_not_the_withdrawal(released: Project,
                                                                                    tmp_path: Path) -> None:
    """`qmsdoc obsolete` numbers the withdrawal A/3, a version that changes no text: the redline asked for the
    document compared A/2 with it — 「0 处修改」 — where an auditor asks what its last revision changed."""
    result = qmsdoc(released, "obsolete", "QP-02-03", "--no-successor", "--by", "总经理", "--reason", "外包",
                    "--date", "2026-12-01")
    assert result.returncode == 0, result.stdout + result.stderr
    commit(released.root, "作废 QP-02-03")
    done = qmsdoc(released, "redline", "QP-02-03", "--out", str(tmp_path / "last.docx"))
    assert done.returncode == 0 and "A/1 → A/2" in done.stdout and "0 处修改" not in done.stdout, done.stdout
    asked = qmsdoc(released, "redline", "QP-02-03", "--from", "A/2", "--out", str(tmp_path / "asked.docx"))
    assert asked.returncode == 0 and "A/2 → A/3" in asked.stdout, asked.stdout + asked.stderr  # as asked


def test_redline_against_the_working_revision_and_unknown_versions(released: Project, tmp_path: Path) -> None:
    assert qmsdoc(released, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    released.replace(DRAFT, "并做相应记录", "面谈内容填入离职面谈记录并存档")
    out = tmp_path / "draft.docx"
    result = qmsdoc(released, "redline", "QP-02-03", "--out", str(out))
    assert result.returncode == 0 and "A/2 → 修订稿" in result.stdout and "1 处修改" in result.stdout
    missing = qmsdoc(released, "redline", "QP-02-03", "--from", "A/0", "--out", str(tmp_path / "x.docx"))
    assert missing.returncode == 1 and "A/1、A/2" in missing.stderr and not (tmp_path / "x.docx").exists()


def test_a_version_is_found_however_it_is_typed(released: Project, tmp_path: Path) -> None:
    """--from a/1 was 「没有版本 a/1」 (exit 1) and copy --version a/1 a usage error, though the id was matched in
    any case and width and acknowledge --version took a/1: one spelling of a version for every command."""
    result = qmsdoc(released, "redline", "qp-02-03", "--from", "a/1", "--to", "Ａ／２",
                    "--out", str(tmp_path / "r.docx"))
    assert result.returncode == 0 and "A/1 → A/2" in result.stdout, result
    result = qmsdoc(released, "copy", "QP-02-03", "--version", " a/1", "--out", str(tmp_path / "c.docx"))
    assert result.returncode == 0 and "A/1" in result.stdout, result
    result = qmsdoc(released, "redline", "QP-02-03", "--from", "a/2", "--to", "A/2", "--out", str(tmp_path / "s.docx"))
    assert result.returncode == 2 and "A/2" in result.stderr  # the same version, however typed
    result = qmsdoc(released, "copy", "QP-02-03", "--version", "b/7", "--out", str(tmp_path / "b.docx"))
    # a version it never had is a refusal (exit 1), as for redline (core/errors.py)
    assert result.returncode == 1 and "b/7" in result.stderr and "A/1、A/2" in result.stderr


@pytest.mark.parametrize("versions", [("A/1", "A/1"), ("A/2", "A/2"), ("draft", "修订稿")])
def test_redline_of_a_version_with_itself_is_a_usage_error(released: Project, tmp_path: Path,
                                                           versions: tuple[str, str]) -> None:
    assert qmsdoc(released, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    out = tmp_path / "same.docx"
    result = qmsdoc(released, "redline", "QP-02-03", "--from", versions[0], "--to", versions[1], "--out", str(out))
    assert result.returncode == 2 and "--from" in result.stderr and "Traceback" not in result.stderr, result
    assert not out.exists()


@pytest.mark.parametrize("args,name", [
    (("register", "--as-of", "2026-06-30", "--format", "csv"), "r.xlsx"),
    (("copy", "QP-02-03", "--version", "A/1", "--format", "pdf"), "c.docx"),
    (("copy", "QP-02-03", "--version", "A/1"), "c"),
    (("redline", "QP-02-03"), "r.pdf"),
])
def test_out_naming_another_format_is_refused_before_anything_is_written(released: Project, tmp_path: Path,
                                                                         args: tuple[str, ...], name: str) -> None:
    result = qmsdoc(released, *args, "--out", str(tmp_path / name))
    assert result.returncode == 2 and "--out" in result.stderr and "Traceback" not in result.stderr, result
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("out", ["manuals/qp-hr/清单.xlsx", "controlled_forms/c.docx", "revisions/r.docx",
                                 "build/r.docx"])
def test_out_among_the_sources_or_in_build_is_refused(released: Project, out: str) -> None:
    """A register written into manuals/ failed the next check (QD009); one in build/ vanished at the next build."""
    for args in (("register", "--as-of", "2026-06-30"), ("copy", "QP-02-03", "--version", "A/1"),
                 ("redline", "QP-02-03")):
        name = out if args[0] != "register" else out.rsplit(".", 1)[0] + ".xlsx"
        result = qmsdoc(released, *args, "--out", name)
        assert result.returncode == 2 and "--out" in result.stderr and "Traceback" not in result.stderr, result
        assert not released.path(name).exists()


def test_out_extension_chooses_the_format_when_none_is_given(released: Project, tmp_path: Path) -> None:
    """It wrote a workbook into r.csv and a Word file into c.pdf (the default format, whatever the name said)."""
    assert qmsdoc(released, "register", "--as-of", "2026-06-30", "--out", str(tmp_path / "r.csv")).returncode == 0
    assert (tmp_path / "r.csv").read_text("utf-8-sig").startswith("文件编号")
    assert qmsdoc(released, "copy", "QP-02-03", "--version", "A/1", "--out", str(tmp_path / "c.pdf")).returncode == 0
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")


def test_redline_of_a_document_never_released_says_so(repo: Project, tmp_path: Path) -> None:
    """It answered 「找不到 A/0 之前的版本；请用 --from 指定」, and --from A/0 compared the draft with itself."""
    for args in ((), ("--from", "A/0"), ("--from", "A/0", "--to", "A/1")):
        result = qmsdoc(repo, "redline", "DY/AQ-018", *args, "--out", str(tmp_path / "r.docx"))
        assert result.returncode == 1 and "从未发布" in result.stderr and "--from" not in result.stderr, result
    assert not (tmp_path / "r.docx").exists()


def test_without_git_there_is_no_earlier_version_to_compare(project: Project, tmp_path: Path) -> None:
    result = qmsdoc(project, "redline", "QP-02-03", "--out", str(tmp_path / "x.docx"))
    assert result.returncode == 1 and "git" in result.stderr


@pytest.mark.office
@pytest.mark.slow
def test_libreoffice_accepts_to_the_new_text_and_rejects_to_the_old(released: Project, tmp_path: Path) -> None:
    python = shutil.which("python3", path="/usr/bin")
    assert python and subprocess.run([python, "-c", "import uno"]).returncode == 0, "run scripts/test.sh (python3-uno)"
    out = tmp_path / "redline.docx"
    assert qmsdoc(released, "redline", "QP-02-03", "--from", "A/1", "--to", "A/2", "--out", str(out)).returncode == 0
    tool = Path(__file__).parent.parent / "scripts" / "lo_tracked.py"  # run by Debian's python3 (python3-uno)

    def resolved(how: str) -> tuple[int, list[str]]:
        text = tmp_path / f"{how}.txt"
        run = subprocess.run([python, str(tool), str(out), str(text), how, str(tmp_path / "lo")],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        lines = [line.strip() for line in text.read_text("utf-8-sig").splitlines() if line.strip()]
        guide = next(i for i, line in enumerate(lines) if line.startswith("正文中的修改以修订标记显示"))
        body = lines[guide + 1:]
        return int(run.stdout.split()[-1]), body[:body.index("修订对照表")]

    result = check(load_config(released.root))
    renderer = CorpusRenderer(result.corpus, result.context.config)
    from qmsdoc.core.redline import choose, item_blocks

    _, _, old, new = choose(result, "QP-02-03", "A/1", "A/2")

    def expected(version_blocks: list) -> list[str]:  # type: ignore[type-arg]
        return [text for b in version_blocks
                for text in (b.cells or (f"{b.marker} {b.text}" if b.marker else b.text,)) if text]

    changes, accepted = resolved("accept")
    assert changes >= len(EDITS)  # LibreOffice's Manage Changes lists them
    assert accepted == expected(item_blocks("document", new.source, renderer))
    _, rejected = resolved("reject")
    assert rejected == expected(item_blocks("document", old.source, renderer))
    assert accepted != rejected


def test_copy_of_an_earlier_version_is_marked_and_verify_knows_it(released: Project, tmp_path: Path) -> None:
    out = tmp_path / "old.docx"
    result = qmsdoc(released, "copy", "QP-02-03", "--version", "A/1", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    import docx

    document = docx.Document(str(out))
    assert document.core_properties.keywords == "A/1" and document.core_properties.subject == "QP-02-03"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "历史版本 A/1，已被 A/2 替代" in text and "含劳务派遣人员" not in text
    footer = document.sections[0].footer.paragraphs[0].text
    assert "非受控" in footer
    with zipfile.ZipFile(out) as archive:
        assert "历史版本" in archive.read("word/header1.xml").decode("utf-8")  # the watermark
    assert qmsdoc(released, "build", "--only", "word,records").returncode == 0
    # a reference copy, never issued: not one to "take back and replace" (a build's old controlled copy is:
    # test_change_control), in either format
    verdict = qmsdoc(released, "verify", str(out))
    assert verdict.returncode == 1 and "历史版本副本" in verdict.stdout and "A/1" in verdict.stdout, verdict.stdout
    assert "收回" not in verdict.stdout and "现行版本为 A/2" in verdict.stdout
    pdf = tmp_path / "old.pdf"
    assert qmsdoc(released, "copy", "QP-02-03", "--version", "A/1", "--out", str(pdf)).returncode == 0
    verdict = qmsdoc(released, "verify", str(pdf))
    assert verdict.returncode == 1 and "历史版本副本" in verdict.stdout and "收回" not in verdict.stdout, verdict.stdout
    unknown = qmsdoc(released, "copy", "QP-02-03", "--version", "C/9", "--out", str(tmp_path / "c.docx"))
    assert unknown.returncode == 1 and "A/1、A/2" in unknown.stderr


def _as_of(project: Project, day: str, tmp_path: Path) -> dict[str, list[str]]:
    out = tmp_path / f"{day}-{len(list(tmp_path.glob('*.csv')))}.csv"
    result = qmsdoc(project, "register", "--as-of", day, "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    import csv

    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    return {row[0]: row for row in rows[1:]}


def test_register_as_of_a_day_between_releases_before_the_first_and_after_a_withdrawal(
        released: Project, tmp_path: Path) -> None:
    between = _as_of(released, "2026-06-30", tmp_path)["QP-02-03"]
    assert between[3] == "A/1" and between[4] == "2026-03-01" and between[5] == "总经理 2026-02-25"
    after = _as_of(released, "2026-11-30", tmp_path)["QP-02-03"]
    assert after[3] == "A/2" and after[4] == "2026-11-25"
    assert "QP-02-03" not in _as_of(released, "2024-06-30", tmp_path)  # nothing of it dated before 2025-01-05
    # A withdrawal (QP-03-03, which nothing in force cites), superseded by QP-03-04.
    result = qmsdoc(released, "obsolete", "QP-03-03", "--superseded-by", "QP-03-04", "--by", "总经理",
                    "--date", "2026-12-01")
    assert result.returncode == 0, result.stdout + result.stderr
    commit(released.root, "作废 QP-03-03")
    assert _as_of(released, "2026-11-30", tmp_path)["QP-03-03"][3] not in ("", "（已作废）")
    later = _as_of(released, "2026-12-02", tmp_path)
    withdrawn = later["QP-03-03"]
    assert withdrawn[3] == "（已作废）" and "2026-12-01 作废" in withdrawn[7]
    # its blank forms went out of use with it (core/model.py `Form.status`, as every output shows them): withdrawn
    # the same day; the day before, in force with their 归口部门 (the owner's)
    form = later["QP-03-03-F001"]
    assert form[3] == "（已作废）" and "2026-12-01 作废" in form[7], form
    department = check(load_config(released.root)).corpus.documents["QP-03-03"].department
    assert department and _as_of(released, "2026-11-30", tmp_path)["QP-03-03-F001"][6] == department


def test_register_as_of_lists_blank_forms_from_the_commit_that_approved_them(repo: Project, tmp_path: Path) -> None:
    """A form is in force from its approval (the shipped ones: 2026-02-22); a version committed before its
    approval (a form has no draft status) was never in force."""
    form = "controlled_forms/DY_AQ-QR-001.yaml"
    then = _as_of(repo, "2026-03-01", tmp_path)
    assert then["DY/AQ-QR-001"][3:6] == ["A/0", "2026-02-22", "总经理 2026-02-22"]
    assert then["DY/AQ-QR-001"][6] == then["DY/AQ-005"][6] != ""  # its 归口部门: its owner's that day
    assert "DY/AQ-QR-001" not in _as_of(repo, "2026-02-21", tmp_path)  # not made yet: no line of that day
    text = re.sub(r"approved: .*\n", "", repo.read(form)).replace("version: A/0", "version: A/1")
    assert text != repo.read(form)
    repo.write(form, text)
    commit(repo.root, "表单修改，未批准")
    assert _as_of(repo, "2026-12-04", tmp_path)["DY/AQ-QR-001"][3] == "A/0"  # not the unapproved A/1
    result = qmsdoc(repo, "release", "DY/AQ-QR-001", "--by", "总经理", "--change", "改栏目", "--date", "2026-12-03")
    assert result.returncode == 0, result.stdout + result.stderr
    commit(repo.root, "发布表单")
    after = _as_of(repo, "2026-12-04", tmp_path)["DY/AQ-QR-001"]
    assert after[2] == "质量记录表单" and after[3] != "A/0" and after[4:6] == ["2026-12-03", "总经理 2026-12-03"]


def test_register_as_of_gives_the_version_of_a_manual_page_in_force_that_day(repo: Project, tmp_path: Path) -> None:
    """A manual's index page is released like a document: the register of a past day gives the version in force
    that day (the day before a release the old one, from its day the new one), and lists a manual page never
    approved apart, as never in force."""
    before = _as_of(repo, "2026-06-01", tmp_path)["KF"]
    assert before[2:7] == ["手册", "A/0", "2026-03-01", "总经理 2026-02-24", "客服部"]
    assert _as_of(repo, "2026-02-28", tmp_path)["KF"][3] == "（尚未生效）"
    repo.write("manuals/kf/index.md", repo.read("manuals/kf/index.md") + "\n投诉处理按 KF01 执行。\n")
    result = qmsdoc(repo, "release", "KF", "--by", "总经理", "--change", "增加投诉处理一节", "--date", "2026-12-03")
    assert result.returncode == 0, result.stdout + result.stderr
    commit(repo.root, "发布 KF A/1")
    assert _as_of(repo, "2026-12-02", tmp_path)["KF"][3:6] == ["A/0", "2026-03-01", "总经理 2026-02-24"]
    assert _as_of(repo, "2026-12-03", tmp_path)["KF"][3:6] == ["A/1", "2026-12-03", "总经理 2026-12-03"]
    repo.write("manuals/xz/index.md", "---\nid: XZ\ntitle: 行政部工作手册\nowner: 行政部\norder: 9\nversion: A/0\n"
               "numbering:\n  document: '^XZ-\\d{2}$'\n  form: '^XZ-\\d{2}-F\\d{2}$'\n  example: XZ-01 / XZ-01-F01\n"
               "---\n# 行政部工作手册\n\n## 适用范围\n\n本手册适用于行政部。\n")
    commit(repo.root, "新建手册 XZ，未批准")
    made = git(repo.root, "log", "-1", "--format=%cs").strip()  # the day it was made: listed from then on
    never = _as_of(repo, made, tmp_path)["XZ"]
    assert never[3] == "（未发布）" and "草稿" in never[7] and "从未生效" in never[7]


def test_register_as_of_answers_for_a_document_whose_file_was_deleted(released: Project, tmp_path: Path) -> None:
    """Deleted instead of withdrawn (QD142 says so): the days it was in force still answer, and from the
    deletion on it is listed as deleted, not silently absent."""
    released.path(DOC).unlink()
    git_date = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=released.root, capture_output=True,
                              text=True, check=True).stdout.strip()
    commit(released.root, "删除 QP-02-03")
    before = _as_of(released, "2026-11-30", tmp_path)["QP-02-03"]
    assert before[2:5] == ["程序文件", "A/2", "2026-11-25"] and before[5] == "总经理 2026-11-25"
    gone = _as_of(released, git_date, tmp_path)  # the day of the commit that deleted it (no later day has come)
    assert gone["QP-02-03"][3] == "（已删除）" and "删除" in gone["QP-02-03"][7]


def test_register_as_of_answers_for_a_manual_page_whose_file_was_deleted(repo: Project, tmp_path: Path) -> None:
    """A manual's index page released and later deleted: the days it was in force list it with that version,
    and from the deletion on it is listed as deleted; a manual page still there is not listed as deleted."""
    repo.write("manuals/xz/index.md", "---\nid: XZ\ntitle: 行政部工作手册\nowner: 行政部\norder: 9\nversion: A/0\n"
               "numbering:\n  document: '^XZ-\\d{2}$'\n  form: '^XZ-\\d{2}-F\\d{2}$'\n  example: XZ-01 / XZ-01-F01\n"
               "---\n# 行政部工作手册\n\n## 适用范围\n\n本手册适用于行政部。\n")
    result = qmsdoc(repo, "release", "XZ", "--by", "总经理", "--change", "首次发布", "--date", "2026-12-01")
    assert result.returncode == 0, result.stdout + result.stderr
    commit(repo.root, "发布手册 XZ")
    shutil.rmtree(repo.path("manuals/xz"))
    commit(repo.root, "删除手册 XZ")
    git_date = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=repo.root, capture_output=True,
                              text=True, check=True).stdout.strip()
    then = _as_of(repo, "2026-12-01", tmp_path)
    assert then["XZ"][2:6] == ["手册", "A/0", "2026-12-01", "总经理 2026-12-01"]
    assert then["KF"][3] == "A/0"  # a manual page still there answers as before
    order = list(then)
    first_other = min(order.index(code) for code, row in then.items() if row[2] != "手册")
    assert order.index("XZ") < first_other  # listed with the manuals, as the register lists them
    gone = _as_of(repo, git_date, tmp_path)
    assert gone["XZ"][3] == "（已删除）" and "删除" in gone["XZ"][7] and gone["KF"][3] == "A/0"


def test_an_earlier_version_shows_its_pictures_as_released(repo: Project) -> None:
    """A picture gone since a version was released (the next version shows a new one, QD194): that version's
    page shows it as it was (read from the release's commit, published beside the page), the current page
    today's; an unchanged one is not copied."""
    from test_word_reuse import _png

    repo.path("manuals/qp-hr/img").mkdir()
    repo.path("manuals/qp-hr/img/flow.png").write_bytes(_png(10))
    repo.path("manuals/qp-hr/img/logo.png").write_bytes(_png(99))
    commit(repo.root, "图片")
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员", "--date", "2026-11-20").returncode == 0
    repo.replace(DRAFT, "## 2.0 适用范围", "![离职流程](img/flow.png)\n\n![标志](img/logo.png)\n\n## 2.0 适用范围")
    assert qmsdoc(repo, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "管家服务中心经理", "--change",
                  "加流程图", "--date", "2026-11-25").returncode == 0
    commit(repo.root, "发布 A/2")
    assert qmsdoc(repo, "revise", "QP-02-03", "--by", "质量专员", "--date", "2026-11-26").returncode == 0
    repo.path("manuals/qp-hr/img/flow-v3.png").write_bytes(_png(200))  # the flow changed with the next version
    repo.replace(DRAFT, "img/flow.png", "img/flow-v3.png")
    assert qmsdoc(repo, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "管家服务中心经理", "--change",
                  "改流程", "--date", "2026-11-27").returncode == 0
    repo.path("manuals/qp-hr/img/flow.png").unlink()  # shown by no version in force any more
    commit(repo.root, "发布 A/3")
    result = qmsdoc(repo, "build", "--only", "site")
    assert result.returncode == 0, result.stdout + result.stderr
    site = repo.path("build/site")
    old = (site / "history/QP-02-03/A-2/index.html").read_text("utf-8")
    images = re.findall(r'<img [^>]*src="([^"]+)"', old)
    assert len(images) == 2
    shown = {src: (site / "history/QP-02-03/A-2" / src).resolve().read_bytes() for src in images}
    assert sorted(shown.values()) == sorted([_png(10), _png(99)])  # as released, not today's flow
    assert any(src.startswith("../../../qp-hr/img/logo.png") for src in images)  # unchanged: the current file
    now = (site / "qp-hr/QP-02-03/index.html").read_text("utf-8")
    current = next(src for src in re.findall(r'<img [^>]*src="([^"]+)"', now) if "flow" in src)
    assert (site / "qp-hr/QP-02-03" / current).resolve().read_bytes() == _png(200)
    # the controlled copy of that version embeds the same pictures, as released
    out = repo.path("A-2.docx")
    assert qmsdoc(repo, "copy", "QP-02-03", "--version", "A/2", "--out", str(out)).returncode == 0
    with zipfile.ZipFile(out) as archive:
        media = sorted(archive.read(name) for name in archive.namelist() if name.startswith("word/media/"))
    assert media == sorted([_png(10), _png(99)])


def test_register_as_of_writes_a_workbook(released: Project, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    assert qmsdoc(released, "register", "--as-of", "2026-06-30", "--out", str(out)).returncode == 0
    book = load_workbook(out)
    sheet = book.worksheets[0]
    assert sheet.title == "受控文件清单（2026-06-30）"
    values = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert values["QP-02-03"][3].value == "A/1" and values["QP-02-03"][4].value == dt.datetime(2026, 3, 1)
    bad = qmsdoc(released, "register", "--as-of", "2026-13-01", "--out", str(tmp_path / "b.xlsx"))
    assert bad.returncode == 2 and not (tmp_path / "b.xlsx").exists()


# -- the site --------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_site_publishes_earlier_versions_and_redlines(released: Project, tmp_path: Path) -> None:
    assert qmsdoc(released, "build").returncode == 0
    site = released.root / "build" / "site"
    history = (site / "history/QP-02-03/index.html").read_text("utf-8")
    assert "查阅 A/1 全文" in history and 'href="A-1/"' in history
    section = history.split('id="diff-A-2"', 1)[1]
    assert "<ins>（含劳务派遣人员）</ins>" in section and "<del>20</del><wbr><ins>30</ins>" in section
    assert "修订对照表" in section and "diff_next" not in history
    old = (site / "history/QP-02-03/A-1/index.html").read_text("utf-8")
    assert "历史版本 A/1" in old and "含劳务派遣人员" not in old
    [href, again] = re.findall(r'已被 <a href="([^"]+)">A/2</a> 替代', old)  # A/2's page: banner and 状态
    assert again == href
    assert 'class="qms-version">A/2<' in (site / "history/QP-02-03/A-1" / href / "index.html").read_text("utf-8")
    recorded = next(line for line in (Path(__file__).parent.parent / DOC).read_text("utf-8").splitlines()
                    if line.startswith("approved:")).split("fingerprint: ")[1].rstrip("}")
    assert 'data-version="A/1"' in old and "批准记录指纹" in old and recorded in old
    indexed = [page.url for page in read_pages(site)]  # earlier versions and histories stay out of the search
    assert any(url.endswith("/QP-02-03/") for url in indexed) and not any(url.startswith("history/") for url in indexed)
    manifest = {e["path"]: e for e in json.loads((released.root / "build/manifest.json").read_text("utf-8"))["files"]}
    entry = manifest["site/history/QP-02-03/A-1/index.html"]
    assert entry["id"] == "QP-02-03" and entry["version"] == "A/1" and entry["superseded"] is True
    saved = tmp_path / "saved.html"
    shutil.copy(site / "history/QP-02-03/A-1/index.html", saved)
    verdict = qmsdoc(released, "verify", str(saved))
    assert verdict.returncode == 1 and "历史版本" in verdict.stdout and "A/1" in verdict.stdout


@pytest.mark.slow
def test_a_working_revision_changes_no_output_until_previewed(released: Project) -> None:
    assert qmsdoc(released, "build").returncode == 0
    build = released.root / "build"

    def outputs() -> dict[str, bytes]:
        return {p.relative_to(build).as_posix(): p.read_bytes() for p in build.rglob("*")
                if p.is_file() and not p.name.startswith(".") and p.suffix != ".json"
                or p.name == "manifest.json"}

    before = outputs()
    assert qmsdoc(released, "revise", "QP-02-03", "--by", "质量专员").returncode == 0
    released.replace(DRAFT, "并做相应记录", "面谈内容填入离职面谈记录并存档")
    assert qmsdoc(released, "build", "--strict").returncode == 0
    after = outputs()
    assert after.keys() == before.keys()
    assert [k for k in after if after[k] != before[k]] == []
    released.write("qmsdoc.yml", released.read("qmsdoc.yml").replace("publish_drafts: false", "publish_drafts: true"))
    assert qmsdoc(released, "build", "--strict").returncode == 0
    preview = (build / "site/revisions/QP-02-03/index.html").read_text("utf-8")
    assert "修订稿" in preview and "<ins>" in preview and "面谈内容填入离职面谈记录并存档" in preview
    current = (build / "site/qp-hr/QP-02-03/index.html").read_text("utf-8")
    assert "预览修订稿与修订对照" in current and "面谈内容填入离职面谈记录并存档" not in current


@pytest.mark.slow
@pytest.mark.browser
def test_redline_page_reads_whole_on_desktop_and_phone(released: Project, artifacts: Path) -> None:
    """Nothing of the redline is cut off at a column edge: every inserted passage lies inside the viewport; a note
    under a date (in force from …) stands on its own line."""

    from sitecrawl import served

    assert qmsdoc(released, "build").returncode == 0
    with served(released.root / "build" / "site") as site, chromium() as browser:
        for width in (1280, 390):
            tab = browser.new_page(viewport={"width": width, "height": 900})
            tab.goto(f"{site}history/QP-02-03/")
            assert tab.evaluate("document.documentElement.scrollWidth") <= width
            inserted = tab.locator(".qms-redline ins")
            assert inserted.count() >= len(EDITS)
            for index in range(inserted.count()):
                box = inserted.nth(index).bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
            assert "（含劳务派遣人员）" in tab.locator(".qms-redline").inner_text()
            # A/1 approved 02-25, in force from 03-01: the note on a line of its own, not run into the date
            below = tab.evaluate("""[...document.querySelectorAll('time.qms-date + small')].map(note =>
                    note.getBoundingClientRect().top >= note.previousElementSibling.getBoundingClientRect().bottom)""")
            assert below and all(below), below
            tab.locator(".qms-redline").first.scroll_into_view_if_needed()
            tab.screenshot(path=str(artifacts / f"redline-{width}.png"), full_page=True)
            tab.close()


@pytest.mark.slow
def test_a_dirty_build_renews_earlier_versions_that_cite_a_retitled_document(released: Project) -> None:
    """The history's redlines and a previewed revision show cited documents by their current titles: a retitled
    document renews them in a dirty build as in a full one. An earlier version's own page shows the version as it
    was approved, citing the document by the title it had then, as its copy does (core/refsthen.py)."""
    from sitebuild import mkdocs_build

    assert mkdocs_build(released.root).returncode == 0
    site = released.root / "build" / "site"
    earlier, pages = site / "history/QP-02-03/A-1/index.html", (site / "history/QP-02-03/index.html",)
    assert all("《招聘与录用管理工作规程》" in page.read_text("utf-8") for page in (earlier, *pages))
    assert qmsdoc(released, "revise", "QP-02-01", "--by", "质量专员", "--date", "2026-11-26").returncode == 0
    released.replace("revisions/manuals/qp-hr/QP-02-01.md", "title: 招聘与录用管理工作规程",
                     "title: 人员招聘与录用管理工作规程")
    result = qmsdoc(released, "release", "QP-02-01", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                    "--change", "更名", "--date", "2026-11-27")
    assert result.returncode == 0, result.stdout + result.stderr
    commit(released.root, "发布 QP-02-01 A/1")
    result = mkdocs_build(released.root, "--dirty", "--no-strict")
    assert result.returncode == 0, result.stderr[-2000:]
    for page in pages:
        html = page.read_text("utf-8")
        assert "《人员招聘与录用管理工作规程》" in html and "《招聘与录用管理工作规程》" not in html, page
    html = earlier.read_text("utf-8")
    assert "《招聘与录用管理工作规程》" in html and "《人员招聘与录用管理工作规程》" not in html


def test_the_last_version_of_a_withdrawn_document_was_withdrawn_not_superseded(
        repo: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`qmsdoc obsolete` numbers the withdrawal A/1, but A/1 never replaced A/0 in force: a copy of A/0 and the
    page of A/0 say it was withdrawn, and on which day."""
    from qmsdoc.core.versions import releases, replaced_by

    monkeypatch.setenv("QMSDOC_TODAY", "2026-11-20")
    result = qmsdoc(repo, "obsolete", "QP-03-03", "--superseded-by", "QP-03-04")
    assert result.returncode == 0, result.stdout + result.stderr
    commit(repo.root, "作废 QP-03-03")
    result = qmsdoc(repo, "copy", "QP-03-03", "--version", "A/0", "--out", str(tmp_path / "a0.docx"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已于 2026-11-20 作废" in result.stdout and "已被" not in result.stdout
    from qmsdoc.core.approval import load_history

    corpus = check(load_config(repo.root)).corpus
    document = corpus.documents["QP-03-03"]
    history = load_history(repo.root, corpus)
    found = releases("document", document.path, history.versions[document.path])
    assert replaced_by(found, found[0], document) == "已于 2026-11-20 作废，由 QP-03-04 替代"  # and where it went


def test_an_earlier_version_superseded_by_the_next_says_so(released: Project, tmp_path: Path) -> None:
    result = qmsdoc(released, "copy", "QP-02-03", "--version", "A/1", "--out", str(tmp_path / "a1.docx"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已被 A/2 替代" in result.stdout and "作废" not in result.stdout and "现行版本为" not in result.stdout


def test_an_earlier_version_names_what_replaced_it_and_what_is_current_now(released: Project,
                                                                           tmp_path: Path) -> None:
    """With A/3 current, a copy of A/1 said only 「已被 A/2 替代」: literally true, but an auditor reads A/2 as current.
    The copy's notice, `copy`'s answer, the earlier version's site page and `verify` of a registered copy of it each
    say what replaced it and which version is current now; a copy of A/2, replaced by the current A/3, says no more."""
    import hashlib

    import docx

    from qmsdoc.core.approval import load_history
    from qmsdoc.core.versions import releases, replaced_by

    assert qmsdoc(released, "revise", "QP-02-03", "--by", "质量专员", "--date", "2026-11-26").returncode == 0
    released.replace(DRAFT, "3.3 总经理负责员工离职的审批和备案。", "3.3 总经理负责员工离职的审批、备案。")
    commit(released.root, "QP-02-03 修订稿")
    result = qmsdoc(released, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                    "--change", "措辞", "--date", "2026-11-27")
    assert result.returncode == 0, result.stdout + result.stderr
    commit(released.root, "发布 QP-02-03 A/3")
    said = "已被 A/2 替代，现行版本为 A/3"
    old = qmsdoc(released, "copy", "QP-02-03", "--version", "A/1", "--out", str(tmp_path / "a1.docx"))
    assert old.returncode == 0 and said in old.stdout, old.stdout + old.stderr
    assert any(f"历史版本 A/1，{said}" in p.text for p in docx.Document(str(tmp_path / "a1.docx")).paragraphs)
    last = qmsdoc(released, "copy", "QP-02-03", "--version", "A/2", "--out", str(tmp_path / "a2.docx"))
    assert last.returncode == 0 and "已被 A/3 替代" in last.stdout and "现行版本为" not in last.stdout, last.stdout
    corpus = check(load_config(released.root)).corpus
    document = corpus.documents["QP-02-03"]
    found = releases("document", document.path, load_history(released.root, corpus).versions[document.path])
    assert [replaced_by(found, r, document) for r in found[:-1]] == [said, "已被 A/3 替代"]  # the site's pages
    digest = hashlib.sha256((tmp_path / "a1.docx").read_bytes()).hexdigest()
    released.write("distribution.yaml", "copies:\n  - {number: QP-02-03-A/1-001, document: QP-02-03, version: A/1, "
                   f"recipient: 客服部, date: 2026-11-21, issued_by: 文控员, format: docx, sha256: {digest}}}\n")
    verdict = qmsdoc(released, "verify", str(tmp_path / "a1.docx"))
    assert verdict.returncode == 1 and said in verdict.stdout, verdict.stdout


@pytest.mark.slow
def test_an_earlier_versions_page_links_the_version_that_replaced_it(released: Project,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The page of A/1 named A/2, which replaced it, as text: a reader had to go back to the 修订记录 to find it.
    With A/3 current, A/1's page links A/2's earlier-version page and A/2's links the document's page (A/3), in
    the banner and in the control block's 状态 alike."""
    monkeypatch.setenv("QMSDOC_TODAY", "2026-12-01")
    assert qmsdoc(released, "revise", "QP-02-03", "--by", "质量专员", "--date", "2026-11-26").returncode == 0
    released.replace(DRAFT, "3.3 总经理负责员工离职的审批和备案。", "3.3 总经理负责员工离职的审批、备案。")
    commit(released.root, "QP-02-03 修订稿")
    assert qmsdoc(released, "release", "QP-02-03", "--by", "总经理", "--reviewed-by", "管家服务中心经理",
                  "--change", "措辞", "--date", "2026-11-27").returncode == 0
    commit(released.root, "发布 QP-02-03 A/3")
    assert qmsdoc(released, "build", "--only", "site").returncode == 0
    history = released.root / "build" / "site" / "history" / "QP-02-03"
    first = (history / "A-1" / "index.html").read_text("utf-8")
    [href, status] = re.findall(r'已被 <a href="([^"]+)">A/2</a> 替代，现行版本为 A/3', first)
    assert (history / "A-1" / href).resolve() == (history / "A-2").resolve(), href
    # the control block's 状态 links it as the banner does (one writer), its data-state plain text
    assert f'qms-status-superseded">历史版本（已被 <a href="{status}">A/2</a> 替代，现行版本为 A/3）</span>' in first
    assert status == href and 'data-state="历史版本（已被 A/2 替代，现行版本为 A/3）"' in first
    second = (history / "A-2" / "index.html").read_text("utf-8")
    [href, again] = re.findall(r'已被 <a href="([^"]+)">A/3</a> 替代', second)  # banner, 状态
    assert again == href
    assert 'class="qms-version">A/3<' in (history / "A-2" / href / "index.html").read_text("utf-8"), href


# -- a whole manual as it stood on a past day ---------------------------------------------------------------

OLD_SCOPE, NEW_SCOPE = EDITS[0]
AS_OF_MARK = "历史版本（2026-06-01 现行）、非受控"


def _manual_copy(project: Project, out: Path, *args: str) -> CliRun:
    result = qmsdoc(project, "copy", *args, "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_a_whole_manual_as_of_a_day_between_releases_holds_the_older_text(released: Project, tmp_path: Path) -> None:
    """QP-02-03 A/1 was in force from 2026-03-01, A/2 from 2026-11-25: the manual of 1 June holds A/1's text,
    lists A/1 in its 目录, and says on the cover and every page that it is a historical, uncontrolled copy."""
    import docx

    out = tmp_path / "QP-02-0601.docx"
    result = _manual_copy(released, out, "QP-02", "--as-of", "2026-06-01")
    assert "QP-02-03 A/1" in result.stdout
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert OLD_SCOPE in text and NEW_SCOPE not in text
    assert "QP-02-03\u3000员工离职管理工作规程\u3000A/1\t" in text  # the 目录 line, with the version of that day
    assert "QP-02-01\u3000招聘与录用管理工作规程\u3000A/0\t" in text
    cover = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cover["受控状态"] == AS_OF_MARK and cover["版\u3000\u3000本"] == "A/1"
    assert document.core_properties.subject == "QP-02"
    # every page: each section's footer (the cover's first page too) and the watermark in each header
    assert len(document.sections) == 4  # the manual's pages, then QP-02-01, -02 and -03
    assert document.sections[0].different_first_page_header_footer
    footers = [s.footer for s in document.sections] + [document.sections[0].first_page_footer]
    assert all(AS_OF_MARK in "".join(p.text for p in f.paragraphs) for f in footers)
    headers = [s.header for s in document.sections] + [document.sections[0].first_page_header]
    assert all("历史版本" in h._element.xml for h in headers)

    later = tmp_path / "QP-02-1130.docx"
    _manual_copy(released, later, "QP-02", "--as-of", "2026-11-30")
    after = "\n".join(p.text for p in docx.Document(str(later)).paragraphs)
    assert NEW_SCOPE in after and OLD_SCOPE not in after and "员工离职管理工作规程\u3000A/2\t" in after


def test_verify_never_calls_a_whole_manual_of_a_past_day_current(released: Project, tmp_path: Path) -> None:
    """The whole-manual copy of today is still a historical copy (a rebuilt controlled copy is what is in force)."""
    out = tmp_path / "today.docx"
    _manual_copy(released, out, "QP-02", "--as-of", "2026-11-30")
    assert qmsdoc(released, "build", "--only", "word,records").returncode == 0
    verdict = qmsdoc(released, "verify", str(out))
    assert verdict.returncode == 1 and "历史副本" in verdict.stdout and "2026-11-30" in verdict.stdout
    built = qmsdoc(released, "verify", str(released.path("build/docx/manuals/QP-02.docx")))
    assert built.returncode == 0, built.stdout  # the build's own copy is still the one in force


def test_a_whole_manual_as_of_a_day_as_pdf_is_marked_on_every_page(released: Project, tmp_path: Path) -> None:
    out = tmp_path / "QP-02.pdf"
    _manual_copy(released, out, "QP-02", "--as-of", "2026-06-01", "--format", "pdf")
    info = re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                                                       check=True).stdout)
    assert info is not None
    pages = int(info.group(1))
    texts = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", str(out), "-"],
                            capture_output=True, text=True, check=True).stdout for n in range(1, pages + 1)]
    assert pages > 4 and all(AS_OF_MARK in page for page in texts)
    whole = re.sub(r"\s", "", "".join(texts))
    assert re.sub(r"\s", "", OLD_SCOPE) in whole and re.sub(r"\s", "", NEW_SCOPE) not in whole
    assert qmsdoc(released, "build", "--only", "records").returncode == 0
    verdict = qmsdoc(released, "verify", str(out))
    assert verdict.returncode == 1 and "历史副本" in verdict.stdout


def test_a_document_withdrawn_before_the_day_is_left_out_of_the_manual(released: Project, tmp_path: Path) -> None:
    result = qmsdoc(released, "obsolete", "QP-03-03", "--superseded-by", "QP-03-04", "--by", "总经理",
                    "--date", "2026-12-01")
    assert result.returncode == 0, result.stdout + result.stderr
    commit(released.root, "作废 QP-03-03")
    import docx

    said: list[str] = []

    def contents(day: str) -> str:
        out = tmp_path / f"QP-03-{day}.docx"
        said.append(_manual_copy(released, out, "QP-03", "--as-of", day).stdout)
        return "\n".join(p.text for p in docx.Document(str(out)).paragraphs)

    assert "QP-03-03\u3000" in contents("2026-11-30") and "QP-03-03（" not in said[-1]
    after = contents("2026-12-02")
    assert "QP-03-03\u3000" not in after and "QP-03-02\u3000" in after
    assert "未收入（当日不在现行）：" in said[-1] and "QP-03-03（已作废" in said[-1], said[-1]  # named, with why


def test_the_version_of_a_manual_page_is_its_documents_as_of_its_effective_date(released: Project,
                                                                              tmp_path: Path) -> None:
    """`--version` names the manual page's version: its documents as in force the day it came into force."""
    out = tmp_path / "A1.docx"
    result = _manual_copy(released, out, "QP-02", "--version", "A/1")
    assert "2026-03-01" in result.stdout and "QP-02-03 A/1" in result.stdout
    missing = qmsdoc(released, "copy", "QP-02", "--version", "B/0", "--out", str(tmp_path / "b.docx"))
    assert missing.returncode == 1 and "A/1" in missing.stderr and not (tmp_path / "b.docx").exists()


@pytest.mark.parametrize(("args", "says"), [
    (("--as-of", "2099-01-01"), "晚于今天"),
    (("--as-of", "2026-13-01"), "无效"),
    (("--as-of", "2026-06-01", "--version", "A/1"), "只能写一个"),
    ((), "--version"),
])
def test_a_whole_manual_of_a_bad_day_is_refused_and_nothing_written(released: Project, tmp_path: Path,
                                                                   args: tuple[str, ...], says: str) -> None:
    out = tmp_path / "x.docx"
    result = qmsdoc(released, "copy", "QP-02", *args, "--out", str(out))
    assert result.returncode == 2 and says in result.stderr and not out.exists()


def test_a_whole_manual_of_a_day_needs_git_history(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "x.docx"
    result = qmsdoc(project, "copy", "QP-02", "--as-of", "2026-06-01", "--out", str(out))
    assert result.returncode == 2 and "git" in result.stderr and not out.exists()
    document = qmsdoc(project, "copy", "QP-02-03", "--as-of", "2026-06-01", "--out", str(out))
    assert document.returncode == 2 and "git" in document.stderr and not out.exists()


def test_an_earlier_versions_pdf_is_set_in_the_projects_fonts(released: Project, tmp_path: Path) -> None:
    """`pdf_fonts` applies to `copy --version` as to the build: with none of them on this machine the copy is
    refused naming what to install, not set in whatever the system offers."""
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    released.write("qmsdoc.yml", released.read("qmsdoc.yml") + f"\npdf_fonts: {{paths: ['{empty}'], system: false}}\n")
    out = tmp_path / "old.pdf"
    result = qmsdoc(released, "copy", "QP-02-03", "--version", "A/1", "--out", str(out))
    assert result.returncode != 0 and "fonts-noto-cjk" in result.stdout + result.stderr, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_one_projects_pdf_fonts_are_not_kept_for_the_next_copy(released: Project, tmp_path: Path) -> None:
    """The fonts a project names are that project's: a copy made later in the same process (the next project
    a long-running caller serves, or a copy made with no project) is set in the default fonts, not refused for
    the first project's missing ones."""
    from qmsdoc.core.copyjobs import DocumentJob
    from qmsdoc.core.status import Status
    from qmsdoc.pdf.copies import document_pdf

    empty = tmp_path / "no-fonts"
    empty.mkdir()
    released.write("qmsdoc.yml", released.read("qmsdoc.yml") + f"\npdf_fonts: {{paths: ['{empty}'], system: false}}\n")
    assert qmsdoc(released, "copy", "QP-02-03", "--version", "A/1", "--out", str(tmp_path / "old.pdf")).returncode
    job = DocumentJob(id="QP-09-01", title="测试规程", version="A/0", status=Status("effective"), type_label="程序文件",
                      department="质量部", effective_date="2026-03-01", html="<p>正文</p>",
                      organisation="测试物业公司", signoffs=(), history=(), approval_date=dt.date(2026, 2, 3))
    assert document_pdf(job).startswith(b"%PDF")



# -- accept all = the new version, reject all = the old, for every kind of change ------------------------

TABLE = "| 类别 | 时间 |\n| --- | --- |\n| 主管 | 20 天 |\n| 员工 | 7 天 |\n"
KINDS: dict[str, tuple[str, str]] = {
    "table cell edited": (TABLE, TABLE.replace("20 天", "30 天")),
    "table row added": (TABLE, TABLE.replace("| 员工", "| 经理 | 30 天 |\n| 员工")),
    "table row removed": (TABLE, TABLE.replace("| 主管 | 20 天 |\n", "")),
    "table column added": (TABLE, "| 类别 | 时间 | 备注 |\n| --- | --- | --- |\n| 主管 | 20 天 | 书面 |\n"
                                  "| 员工 | 7 天 | 口头 |\n"),
    "list item inserted": ("- 登记\n- 审核\n- 归档\n", "- 登记\n- 复核\n- 审核\n- 归档\n"),
    "numbered item inserted": ("1. 登记\n2. 审核\n3. 归档\n", "1. 登记\n2. 复核\n3. 审核\n4. 归档\n"),
    "list reordered": ("- 登记\n- 审核\n- 归档\n", "- 审核\n- 登记\n- 归档\n"),
    "nested level changed": ("- 登记\n    - 审核\n- 归档\n", "- 登记\n- 审核\n- 归档\n"),
    "ordered to unordered": ("1. 登记\n2. 审核\n", "- 登记\n- 审核\n"),
    "unordered to ordered": ("- 登记\n- 审核\n", "1. 登记\n2. 审核\n"),
    "heading renamed": ("## 5.0 记录\n\n保存两年。\n", "## 5.0 质量记录\n\n保存两年。\n"),
    "section moved": ("## 5.0 记录\n\n保存两年。\n\n## 6.0 附则\n\n本规程自发布之日起实施。\n",
                      "## 6.0 附则\n\n本规程自发布之日起实施。\n\n## 5.0 记录\n\n保存两年。\n"),
    "code line changed": ("```\nstep 1\nstep 2\nstep 3\n```\n", "```\nstep 1\nstep two\nstep 3\n```\n"),
    "admonition added": ("保存两年。\n", '保存两年。\n\n!!! note "注意"\n    电子记录另行备份。\n'),
    "admonition removed": ('保存两年。\n\n!!! note "注意"\n    电子记录另行备份。\n', "保存两年。\n"),
    "paragraph split": ("员工提交申请。经理审核后报总经理批准。\n", "员工提交申请。\n\n经理审核后报总经理批准。\n"),
    "paragraphs joined": ("员工提交申请。\n\n经理审核后报总经理批准。\n", "员工提交申请。经理审核后报总经理批准。\n"),
    "footnote changed": ("保存两年[^1]。\n\n[^1]: 自归档之日起。\n", "保存两年[^1]。\n\n[^1]: 自离职之日起。\n"),
    "link target changed": ("见[人事制度](https://example.com/a)。\n", "见[人事制度](https://example.com/b)。\n"),
    "emphasis added": ("员工须提前 30 天提出申请。\n", "员工须提前 **30** 天提出申请。\n"),
    "whitespace only": ("Staff give thirty days notice\nin writing to the manager.\n",
                        "Staff give   thirty days notice in writing\nto the manager.  \n"),
    "chinese line wrap only": ("员工须提前三十天\n提出**书面**申请。\n", "员工须提前三十天提出\n**书面**申请。\n"),
    "heading level changed": ("## 5.0 记录\n\n保存两年。\n", "### 5.0 记录\n\n保存两年。\n"),
    "chinese character": ("员工须提前三十天提出申请。\n", "员工须提前三十日提出申请。\n"),
    "english sentences": ("Staff give thirty days notice. The manager approves it.\n",
                          "Staff give twenty days written notice. The general manager approves it.\n"),
    "image added": ("保存两年。\n", "保存两年。\n\n![离职流程图](flow.png)\n"),
    "list item moved and changed": ("- 登记\n- 审核离职申请表\n- 归档\n- 存档备查\n",
                                    "- 登记\n- 归档\n- 存档备查\n- 审核离职申请单\n"),
    "list item moved and changed in the middle": ("- 登记\n- 审核离职申请表\n- 归档\n- 存档备查\n",
                                                  "- 登记\n- 归档\n- 存档备查\n- 审核离职单申请表\n"),
    "table row moved and changed": (TABLE + "| 经理 | 30 天 |\n", TABLE.replace("| 主管 | 20 天 |\n", "")
                                    + "| 经理 | 30 天 |\n| 主管 | 20 天以上 |\n"),
    "table row moved": (TABLE + "| 经理 | 30 天 |\n", TABLE.replace("| 主管 | 20 天 |\n", "") + "| 经理 | 30 天 |\n"
                        "| 主管 | 20 天 |\n"),
}

UNCHANGED = {"whitespace only", "chinese line wrap only"}  # the reader sees no difference: nothing is tracked


def test_a_change_only_in_level_numbering_or_markup_is_a_change_with_the_same_text() -> None:
    old = blocks('<ul><li>登记<ul><li>审核</li></ul></li></ul><ol><li>归档</li></ol>'
                 '<p>见<a href="a.html">制度</a>。</p><p>提前 30 天。</p><p>同\n样</p>')
    new = blocks('<ul><li>登记</li><li>审核</li></ul><ul><li>归档</li></ul>'
                 '<p>见<a href="b.html">制度</a>。</p><p>提前 <strong>30</strong> 天。</p><p>同样</p>')
    rows = compare(old, new, old_label="A/1", new_label="A/2").table_rows
    assert [(r.before, r.note) for r in rows] == [(text, "修改（文字未变：层级、编号、格式或链接）")
                                                 for text in ("审核", "归档", "见制度。\n链接「制度」指向：a.html",
                                                              "提前 30 天。")]


@pytest.mark.office
@pytest.mark.slow
def test_libreoffice_accepts_and_rejects_every_kind_of_change(project: Project, tmp_path: Path) -> None:
    """Each kind of change other people's Markdown makes, written as a redline of two bodies and resolved
    by LibreOffice in one office start: accept all reads as the new body, reject all as the old."""
    python = shutil.which("python3", path="/usr/bin")
    assert python and subprocess.run([python, "-c", "import uno"]).returncode == 0, "run scripts/test.sh (python3-uno)"
    from qmsdoc.core.redline import Version, compare_versions, item_blocks
    from qmsdoc.core.source import SourceText
    from qmsdoc.word.redline import RedlineJob, build_redline

    result = check(load_config(project.root))
    renderer = CorpusRenderer(result.corpus, result.context.config)
    data = {"title": "员工离职管理工作规程", "type": "procedure", "department": "管家服务中心"}

    def source(body: str) -> SourceText:
        return SourceText(DOC, data=data, body="## 1.0 目的\n\n规范离职。\n\n" + body + "\n## 9.0 附录\n\n无。\n")

    def expected(body: str) -> list[str]:
        return [line.strip() for b in item_blocks("document", source(body), renderer)
                for text in (b.cells or (f"{b.marker} {b.text}" if b.marker else b.text,))
                for line in text.splitlines() if line.strip()]

    def redline(name: str, old: str, new: str) -> str:
        comparison = compare_versions("document", Version("A/1", source(old)), Version("A/2", source(new)), renderer)
        docx_file = tmp_path / f"{name}.docx"
        docx_file.write_bytes(build_redline(RedlineJob("QP-02-03", "员工离职管理工作规程", "某公司", comparison,
                                                       "质量专员", "2026-11-25")))
        return str(docx_file)

    jobs, wanted = [], {}
    for number, (kind, (old, new)) in enumerate(KINDS.items()):
        changed = redline(str(number), old, new)
        for how, body in (("accept", new), ("reject", old)):
            jobs.append([changed, str(tmp_path / f"{number}-{how}.txt"), how])
            # the same body compared with itself: the layout (empty paragraphs, cells) a resolved redline keeps
            jobs.append([redline(f"{number}-{how}-same", body, body), str(tmp_path / f"{number}-{how}-same.txt"),
                         "keep"])
            wanted[number, how] = (kind, expected(body))
    listed = tmp_path / "jobs.json"
    listed.write_text(json.dumps(jobs), "utf-8")
    tool = Path(__file__).parent.parent / "scripts" / "lo_tracked.py"  # run by Debian's python3 (python3-uno)
    run = subprocess.run([python, str(tool), "--many", str(listed), str(tmp_path / "lo")],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    counts = [int(line) for line in run.stdout.split()][::2]

    def body(name: str) -> list[str]:
        lines = [line.rstrip() for line in (tmp_path / f"{name}.txt").read_text("utf-8-sig").splitlines()]
        guide = next(i for i, line in enumerate(lines) if line.startswith("正文中的修改以修订标记显示"))
        return lines[guide + 1:lines.index("修订对照表")]

    failed = []
    for ((number, how), (kind, lines)), count in zip(wanted.items(), counts, strict=True):
        resolved = body(f"{number}-{how}")
        if [line.strip() for line in resolved if line.strip()] != lines:
            failed.append(f"{kind} ({how}): {resolved} != {lines}")
        elif resolved != body(f"{number}-{how}-same"):
            failed.append(f"{kind} ({how}) leaves empty lines: {resolved} != {body(f'{number}-{how}-same')}")
        if (count == 0) != (kind in UNCHANGED):
            failed.append(f"{kind}: {count} tracked changes")
    assert not failed, "\n".join(dict.fromkeys(failed))


@pytest.mark.parametrize(("day", "still"), [("2026-11-24", True), ("2026-11-25", False)])
def test_the_version_in_force_until_its_successor_takes_effect_is_not_told_unusable(
        released: Project, monkeypatch: pytest.MonkeyPatch, day: str, still: bool) -> None:
    """A/2 takes effect on 2026-11-25: built the day before, the page of A/1 — the version staff work to until then,
    which A/2's own page sends them to — said 「历史版本 … 不得用于指导工作」."""
    monkeypatch.setenv("QMSDOC_TODAY", day)
    result = qmsdoc(released, "build", "--only", "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = released.read("build/site/history/QP-02-03/A-1/index.html")
    assert ("现行版本 A/1" in page and "仍是现行版本，请据此执行" in page) is still, page[:3000]
    assert ("不得用于指导工作" in page and "（历史版本 A/1）" in page) is not still
    # its way on names A/2 for what it is: approved and in force from the 25th — not 「现行版本 A/2」 the day before
    assert bool(re.search(r"查阅已批准的新版本 A/2（<time[^>]*>2026-11-25</time> 起生效）", page)) is still
    assert ("查阅现行版本 A/2" in page) is not still
    current = released.read("build/site/qp-hr/QP-02-03/index.html")
    assert bool(re.search(r'现行版本为 <a href="[^"]*history/QP-02-03/A-1/">A/1</a>', current)) is still
