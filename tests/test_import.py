"""`qmsdoc import`: Word round trip of every shipped document, the seed manuals, the CLI contract."""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from qmsdoc.cli import main
from qmsdoc.core import check, load_config, schemas
from qmsdoc.core.codes import file_stem, normalise
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.core.source import parse_markdown
from qmsdoc.importer.markdown import body
from qmsdoc.importer.plan import plan_import, read_file
from qmsdoc.importer.recognise import draft_from, link
from qmsdoc.importer.writer import draft_text, form_text
from qmsdoc.word.export import plan_export, write_files

from conftest import REPO, Project, copy_project

SHIPPED = sorted(p for p in (REPO / "manuals").glob("*/*.md") if p.name != "index.md")
SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def normalised(markdown: str) -> list[str]:
    """Text and structure, not spelling: blank-line runs, trailing spaces, list numbers, table rules."""
    lines = []
    for line in markdown.strip().splitlines():
        line = line.rstrip()
        line = re.sub(r"^(\s*)\d+\.\s", r"\g<1>1. ", line)
        # word/body.py writes lists at most three levels deep (List Bullet 3): deeper items come back at level 3
        line = re.sub(r"^ {12,}(?=[-*]|1\.)", " " * 8, line)
        if re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line):
            line = "|---|"
        elif line.startswith("|"):
            line = "|" + "|".join(cell.strip() for cell in line.strip("|").split("|")) + "|"
        if line or (lines and lines[-1]):
            lines.append(line)
    return lines


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The Word copies of every shipped document (written once, in-process) and the documents."""
    project = copy_project(tmp_path_factory.mktemp("roundtrip"))
    result = check(load_config(project.root))
    plan = plan_export(result, CorpusRenderer(result.corpus), "测试物业公司", only=[*result.corpus.documents, "QP-02"])
    write_files(plan, project.root / "build" / "docx", workers=1)
    return project.root / "build" / "docx" / "documents", dict(result.corpus.documents)


def _import_docx(path: Path) -> list:
    notes: list = []
    drafts = [draft_from(chunk, notes) for chunk in read_file(path, path.name, notes)]
    for draft in drafts:
        link(draft, {}, set())
    return drafts


@pytest.mark.parametrize("source", SHIPPED, ids=lambda p: p.stem)
def test_word_copy_round_trip_gives_back_the_body(shipped: tuple[Path, dict[str, Any]], source: Path,
                                                  tmp_path: Path) -> None:
    """qmsdoc's own Word copy of a shipped document, imported as `qmsdoc import` would (into an empty
    project), gives back the same headings, clauses, tables, lists and [[ID]] references, and the same
    id, title, type, version, department, dates, 编制/审核 and 修订记录 — as a draft, never approved."""
    copies, documents = shipped
    document = documents[normalise(_id_of(source))]
    config = load_config(_empty_project(tmp_path).root)
    plan = plan_import(config, [copies / f"{source.stem}.docx"], document.manual.id if document.manual else "X")
    assert not plan.errors and len(plan.drafts) == 1
    imported = parse_markdown(draft_text(plan.drafts[0]), "imported.md")
    original = parse_markdown(source.read_text("utf-8"), source.name)
    assert not imported.findings
    keys = ("id", "title", "type", "version", "department", "effective_date", "prepared", "reviewed", "history")
    assert {k: imported.data.get(k) for k in keys} == {k: original.data.get(k) for k in keys}
    assert imported.data["status"] == "draft" and "approved" not in imported.data
    assert normalised(imported.body) == normalised(original.body)


def test_whole_manual_word_copy_splits_into_its_documents(shipped: tuple[Path, dict[str, Any]]) -> None:
    """The manual export (cover, 目录, every document in force on its own page) imports document by document."""
    copies, documents = shipped
    drafts = _import_docx(copies.parent / "manuals" / "QP-02.docx")
    in_force = sorted(d.id for d in documents.values()
                      if d.manual and d.manual.id == "QP-02" and d.status == "effective")
    assert [d.id for d in drafts] == in_force
    for draft in drafts:
        assert normalised(body(draft.blocks)) == normalised(documents[draft.id].body), draft.id


def _id_of(source: Path) -> str:
    match = re.search(r"^id:\s*(\S+)", source.read_text("utf-8"), re.M)
    assert match
    return match.group(1)


# -- the seed manuals: real, noisy text pasted from old .doc files and web pages -----------------

def _run(root: Path, *args: str) -> int:
    return main([*args, "--path", str(root)])


def _from_here(project: Project, relative: str) -> str:
    """A file of the project as an import run from the test's folder (with --path) names it."""
    return os.path.relpath(project.root / relative).replace(os.sep, "/")


def _empty_project(tmp_path: Path) -> Project:
    root = tmp_path / "empty"
    root.mkdir()
    shutil.copy(REPO / "qmsdoc.yml", root / "qmsdoc.yml")
    return Project(root)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, list[Any]]:
    """The five seed files imported into an empty project (three manuals), then checked."""
    project = _empty_project(tmp_path_factory.mktemp("seeds"))
    assert _run(project.root, "import", str(SEEDS / "001_084431b69d8c305a.txt"), "--manual", "QP-02",
                "--pattern", r"^QP-\d{2}-\d{2}$") == 0
    assert _run(project.root, "import", str(SEEDS / "003_98203eaaca34d1e9.txt"), "--manual", "ZD") == 0
    assert _run(project.root, "import", str(SEEDS / "004_bc989f783ec806d4.txt"), "--manual", "KF") == 0
    assert _run(project.root, "import", str(SEEDS / "000_6aa6a7c8211b4e4c.txt"),
                str(SEEDS / "002_e483499bdababbad.txt"), "--manual", "FW") == 0
    return project, check(load_config(project.root)).findings


def _found(findings: list[Any], code: str, path_end: str, *words: str) -> bool:
    return any(f.code == code and f.path.endswith(path_end) and all(w in f.message for w in words) for f in findings)


def test_seed_procedures_become_drafts_numbered_from_their_quality_records(seeded: tuple[Project, list[Any]]) -> None:
    project, _ = seeded
    text = project.read("manuals/qp-02/QP-02-03.md")
    assert "title: zz管家服务中心员工离职管理工作规程" in text and "status: draft" in text
    assert "## 1.0 目的" in text and "### 4.2 辞职" in text and "4.2.1 各级人员辞职时间要求" in text
    assert "a) 主管级(含)以上管理人员须提前30天向所在管家服务中心提出申请。" in text  # a lettered item, as written
    assert "- [[QP-02-03-F001]]" in text and "填写[[QP-02-03-F001]]" in text  # 《员工离职申请表》 by its title
    assert "(附[[QP-02-02-F002]]物品领用清单)" in text  # a bare qp-02-02-f002 in the text
    form = project.read("controlled_forms/QP-02-03-F001.yaml")
    assert "title: 员工离职申请表" in form and "owner: QP-02-03" in form
    for path in (project.root / "manuals").rglob("*.md"):
        assert "\napproved:" not in path.read_text("utf-8") and "status: effective" not in path.read_text("utf-8")


def test_seed_check_names_the_seeds_real_defects(seeded: tuple[Project, list[Any]]) -> None:
    _, findings = seeded
    # 第1篇 and 第6篇 are the same procedure (员工离职, forms qp-02-03-f00x): one control number twice
    assert _found(findings, "QD101", "QP-02-03.md", "QP-02-03")
    assert _found(findings, "QD101", "QP-02-03_dup2.md", "QP-02-03")
    # 第3篇 招聘与录用: 4.1 is followed by 4.4.1 … 4.4.9, then 4.2
    assert _found(findings, "QD161", "QP-02-01.md", "4.1", "4.4.1")
    assert _found(findings, "QD161", "QP-02-01.md", "4.4.9", "4.2")
    # 第5篇 转正晋升: no 5.0, 支持性文件 is 6.0
    assert _found(findings, "QD161", "QP-02-02.md", "4.6.2", "6.0")
    # 第5篇 lists qp-04-01-f001 奖罚通知单: its procedure QP-04-01 does not exist
    assert _found(findings, "QD150", "QP-04-01-F001.yaml", "QP-04-01")
    # the window-service policies restart 第一条 in every chapter
    assert any(f.code == "QD161" and "/zd/" in f.path and "条" in f.message for f in findings)
    # 第4篇 催收 has no 质量记录 section
    assert _found(findings, "QD160", "QP-02-05.md", "质量记录")
    assert not [f for f in findings if f.code in ("QD001", "QD002", "QD003", "QD004", "QD130", "QD152")]


def test_seed_job_descriptions_keep_their_kf_numbers(seeded: tuple[Project, list[Any]]) -> None:
    project, _ = seeded
    for code in ("KF0301", "KF0302", "KF0305"):
        text = project.read(f"manuals/kf/{code}.md")
        assert f"id: {code}" in text and "type: job-description" in text
    assert "經(jīng)理" not in project.read("manuals/kf/KF0302.md")  # pinyin annotations removed
    assert "document: \"^KF\\\\d{4}$\"" in project.read("manuals/kf/index.md")


# -- Word files from elsewhere: several documents, a cover table, merged cells ----------------

def _foreign_docx(path: Path) -> Path:
    import docx

    doc = docx.Document()
    doc.add_heading("文件控制程序", level=1)
    cover = doc.add_table(rows=3, cols=4)
    for row, values in zip(cover.rows, (("文件编号", "QP-09-01", "版本", "B/2"),
                                        ("编制", "张三", "编制日期", "2024-01-05"),
                                        ("批准", "王五", "批准日期", "2024-01-10")), strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    doc.add_heading("1.0 目的", level=2)
    doc.add_paragraph("保证文件的现行有效。")
    doc.add_heading("4.0 程序", level=2)
    doc.add_paragraph("文件发放前须经批准", style="List Bullet")
    doc.add_paragraph("作废文件及时收回", style="List Bullet")
    grid = doc.add_table(rows=3, cols=3)
    grid.cell(0, 0).text, grid.cell(0, 1).text, grid.cell(0, 2).text = "类别", "保存", "期限"
    grid.cell(1, 0).merge(grid.cell(2, 0)).text = "受控文件"
    grid.cell(1, 1).text, grid.cell(1, 2).text = "原件", "长期"
    grid.cell(2, 1).text, grid.cell(2, 2).text = "复印件", "3 年"
    doc.add_heading("6.0 质量记录", level=2)
    doc.add_paragraph("QP—09—01—F001 文件发放登记表", style="List Bullet")
    doc.add_heading("记录控制程序", level=1)
    doc.add_heading("1.0 目的", level=2)
    doc.add_paragraph("记录的标识按《文件控制程序》执行。")
    doc.save(str(path))
    return path


def test_foreign_word_file_splits_by_heading_1_and_reads_cover_and_merged_cells(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _empty_project(tmp_path)
    source = _foreign_docx(tmp_path / "体系文件.docx")
    assert _run(project.root, "import", str(source), "--manual", "QP-09", "--pattern", r"^QP-\d{2}-\d{2}$") == 0
    out = capsys.readouterr().out
    first = project.read("manuals/qp-09/QP-09-01.md")
    assert "version: B/2" in first and "prepared: {by: 张三, date: 2024-01-05}" in first
    assert "\napproved:" not in first and "# 原批准：王五 2024-01-10" in first and "status: draft" in first
    assert "## 1.0 目的\n\n保证文件的现行有效。" in first
    assert "- 文件发放前须经批准\n- 作废文件及时收回" in first
    assert "| 受控文件 | 原件 | 长期 |\n|  | 复印件 | 3 年 |" in first
    assert "- [[QP-09-01-F001]]" in first
    assert "合并单元格" in out
    second = project.read("manuals/qp-09/QP-09-02.md")
    assert "title: 记录控制程序" in second and "记录的标识按[[QP-09-01]]执行。" in second
    assert "owner: QP-09-01" in project.read("controlled_forms/QP-09-01-F001.yaml")
    findings = check(load_config(project.root)).findings
    assert not [f.format() for f in findings if f.code in ("QD002", "QD003", "QD004", "QD130")]


# -- the command's contract: exit codes, nothing overwritten, clean messages -------------------

def test_import_never_overwrites_and_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _empty_project(tmp_path)
    seed = str(SEEDS / "001_084431b69d8c305a.txt")
    assert _run(project.root, "import", seed, "--manual", "QP-02", "--dry-run") == 0
    assert f"将写入 {_from_here(project, 'manuals/qp-02/QP-02-03.md')}" in capsys.readouterr().out
    assert not (project.root / "manuals").exists() and not (project.root / "controlled_forms").exists()
    assert _run(project.root, "import", seed, "--manual", "QP-02") == 0
    edited = project.path("manuals/qp-02/QP-02-03.md")
    edited.write_text(edited.read_text("utf-8") + "\n人工修改\n", "utf-8")
    before = {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert _run(project.root, "import", seed, "--manual", "QP-02") == 1  # its numbers are taken now
    assert "编号 QP-02-03 已被 manuals/qp-02/QP-02-03.md 使用" in capsys.readouterr().err
    assert before == {p: p.read_bytes() for p in project.root.rglob("*") if p.is_file()}


def test_import_refuses_when_a_target_file_exists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _empty_project(tmp_path)
    kept = project.write("controlled_forms/QP-02-03-F001.yaml", "code: [未完成的表单\n")  # unreadable: not in corpus
    assert _run(project.root, "import", str(SEEDS / "001_084431b69d8c305a.txt"), "--manual", "QP-02") == 1
    err = capsys.readouterr().err
    assert f"{kept} 已存在：不会覆盖已有文件" in err and "没有写入任何文件" in err
    assert kept.read_text("utf-8") == "code: [未完成的表单\n" and not (project.root / "manuals").exists()


def test_import_refuses_a_control_number_the_project_already_uses(
        project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "离职.txt"
    text.write_text("员工离职管理工作规程 QP-02-03\n1.0 目的\n规范离职。\n", "utf-8")
    assert _run(project.root, "import", str(text), "--manual", "QP-02") == 1
    assert "编号 QP-02-03 已被 manuals/qp-hr/QP-02-03.md 使用" in capsys.readouterr().err


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "extra", "code", "message"), [
    (None, (), 2, "找不到文件"),
    (b"PK\x03\x04 not really a zip", (), 1, "不是有效的 Word (.docx) 文件"),
    (_zip_without_document(), (), 1, "不是有效的 Word (.docx) 文件"),
    ("第1篇 规程\n".encode("utf-16"), (), 1, "UTF-16"),
    ("规程\n1.0 目的\n".encode(), ("--pattern", "QP-("), 2, "不是有效的正则表达式"),
    # judged as a manual's numbering pattern is (QD010): it was accepted, written into index.md, then refused
    ("规程\n1.0 目的\n".encode(), ("--pattern", r"^(\w+-?)+$"), 2, "--pattern ^(\\w+-?)+$ 重复中又嵌套"),
    ("规程\n1.0 目的\n".encode(), ("--manual", "../外面"), 2, "手册编号 '../外面' 无效"),
], ids=["missing", "broken-docx", "zip-not-docx", "utf16", "bad-pattern", "backtracking-pattern", "bad-manual"])
def test_bad_input_is_a_clean_message_and_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     content: bytes | None, extra: tuple[str, ...], code: int,
                                                     message: str) -> None:
    project = _empty_project(tmp_path)
    source = tmp_path / ("手册.docx" if content and content.startswith(b"PK") else "手册.txt")
    if content is not None:
        source.write_bytes(content)
    assert _run(project.root, "import", str(source), "--manual", "ZD", *extra) == code
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err + captured.out
    assert not (project.root / "manuals").exists()


@pytest.mark.parametrize("content", [b"", b"\n \n\t\n", "只有一行说明文字，没有标题和条款。\n".encode()])
def test_a_file_with_nothing_to_import_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     content: bytes) -> None:
    """It wrote an empty manual (manuals/zd/index.md) and exited 0 having imported nothing."""
    project = _empty_project(tmp_path)
    source = tmp_path / "手册.txt"
    source.write_bytes(content)
    assert _run(project.root, "import", str(source), "--manual", "ZD") == 1
    err = capsys.readouterr().err
    assert "没有找到可识别的文件" in err and "没有写入任何文件" in err
    assert not (project.root / "manuals").exists()


def test_a_folder_named_like_a_file_is_no_file_not_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _empty_project(tmp_path)
    (tmp_path / "手册.docx").mkdir()
    assert _run(project.root, "import", str(tmp_path / "手册.docx"), "--manual", "ZD") == 2
    err = capsys.readouterr().err
    assert "不是普通文件" in err and "找不到" not in err and not (project.root / "manuals").exists()


def test_gb18030_text_is_read_and_written_as_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _empty_project(tmp_path)
    source = tmp_path / "旧手册.txt"
    source.write_bytes("钥匙管理工作规程\n1.0 目的\n规范钥匙的借用。\n2.0 适用范围\n本中心。\n".encode("gb18030"))
    assert _run(project.root, "import", str(source), "--manual", "YS") == 0
    assert "GB18030" in capsys.readouterr().out
    text = project.read("manuals/ys/YS-001.md")
    assert "title: 钥匙管理工作规程" in text and "## 2.0 适用范围\n\n本中心。" in text
    assert 'document: "^YS-\\\\d{3}$"' in project.read("manuals/ys/index.md")


def test_a_chinese_import_writes_its_placeholders_as_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The placeholders and comments an import writes stay word for word in a Chinese project (they come from
    the catalogue now, so an English project gets its own)."""
    project = _empty_project(tmp_path)
    source = tmp_path / "钥匙.txt"
    source.write_text("钥匙管理工作规程\n1.0 目的\n规范钥匙的借用。\n", "utf-8")
    assert _run(project.root, "import", str(source), "--manual", "YS") == 0
    out = capsys.readouterr().out
    assert f"已写入 {_from_here(project, 'manuals/ys/YS-001.md')}" in out
    assert "导入 1 份文件（" in out and "全部为草稿（draft）" in out
    assert "YS-001《钥匙管理工作规程》待填写：归口部门、编制人" in out
    text = project.read("manuals/ys/YS-001.md")
    assert "department: 待填写" in text and "# 导入自 钥匙.txt 第 1 行（编号来源：新分配）；状态为草稿" in text
    index = project.read("manuals/ys/index.md")
    assert "title: YS（导入）" in index and "## 适用范围\n\n待填写\n" in index and "# 导入时生成：请填写 owner" in index


def test_text_that_reads_as_markdown_block_syntax_is_imported_as_text(tmp_path: Path) -> None:
    """A paragraph 「```」 opened a code fence that swallowed every section after it (QD160 for the records
    section), 「#3楼门禁」 became a heading of level 1, 「!!! 注意」 an admonition."""
    project = _empty_project(tmp_path)
    source = tmp_path / "门禁.txt"
    source.write_text("门禁管理工作规程\n1.0 目的\n#3楼门禁由安管员管理。\n```\n!!! 注意\n~~~\n***\n"
                      "2.0 适用范围\n本中心。\n3.0 职责\n安管员。\n4.0 程序\n登记。\n"
                      "5.0 质量记录\n门禁登记表。\n", "utf-8")
    assert _run(project.root, "import", str(source), "--manual", "MJ") == 0
    text = project.read("manuals/mj/MJ-001.md")
    html = CorpusRenderer(check(load_config(project.root)).corpus, load_config(project.root)).text(
        parse_markdown(text, "x.md").body, "manuals/mj/MJ-001.md").html
    assert "<h1" not in html and "<pre" not in html and "admonition" not in html and "<hr" not in html, html
    assert "#3楼门禁由安管员管理。" in html and "```" in html and "!!! 注意" in html
    assert html.count("<h2") == 5, html


def test_titles_and_numbers_of_the_project_become_references(project: Project, tmp_path: Path) -> None:
    """《known title》 and a bare known control number (any dash, any case) become [[ID]]; unknown titles stay."""
    source = tmp_path / "钥匙.txt"
    source.write_text("钥匙管理工作规程\n1.0 目的\n离职人员按《员工离职管理工作规程》交还钥匙，填写 qp－02—03-f002。\n"
                      "2.0 支持性文件\n2.1 《员工离职管理工作规程》\n2.2 《钥匙台账管理办法》\n", "utf-8")
    assert _run(project.root, "import", str(source), "--manual", "QP-03") == 0
    text = project.read("manuals/qp-service/QP-03-06.md")
    assert "离职人员按[[QP-02-03]]交还钥匙，填写 [[QP-02-03-F002]]。" in text
    assert "- [[QP-02-03]]\n- 《钥匙台账管理办法》" in text


def test_word_file_without_heading_styles_is_split_like_text(tmp_path: Path) -> None:
    """Old Word files often use no heading styles at all: title lines, 1.0 目的 and 第一章 still split them,
    hand-numbered clauses still become headings, and tables and bullets stay what they are."""
    import docx

    doc = docx.Document()
    for text in ("钥匙管理工作规程", "1.0 目的", "规范钥匙的借用。", "4.0 程序要点", "4.1 借用", "4.1.1 借用须登记。"):
        doc.add_paragraph(text)
    table = doc.add_table(rows=2, cols=2)
    for cell, text in zip([*table.rows[0].cells, *table.rows[1].cells], ("钥匙", "保管人", "大门", "门岗"),
                          strict=True):
        cell.text = text
    doc.add_paragraph("借用时核对身份", style="List Bullet")
    for text in ("6.0 质量记录", "6.1 QP-03-09-F001 钥匙借用登记表",
                 "考勤管理制度", "第一章 总则", "第一条 为规范考勤，制定本制度。"):
        doc.add_paragraph(text)
    path = tmp_path / "旧文件.docx"
    doc.save(str(path))
    notes: list[Any] = []
    drafts = [draft_from(chunk, notes) for chunk in read_file(path, path.name, notes)]
    assert [(d.title, d.type) for d in drafts] == [("钥匙管理工作规程", "procedure"), ("考勤管理制度", "policy")]
    assert drafts[0].id == "QP-03-09"  # named by its quality record
    assert body(drafts[0].blocks) == ("## 1.0 目的\n\n规范钥匙的借用。\n\n## 4.0 程序要点\n\n### 4.1 借用\n\n"
                                      "4.1.1 借用须登记。\n\n| 钥匙 | 保管人 |\n| --- | --- |\n| 大门 | 门岗 |\n\n"
                                      "- 借用时核对身份\n\n## 6.0 质量记录\n\n- [[QP-03-09-F001]]\n")
    assert body(drafts[1].blocks) == "## 第一章 总则\n\n第一条 为规范考勤，制定本制度。\n"


def test_word_numbering_decides_numbered_or_bulleted_items(tmp_path: Path) -> None:
    """「列表段落」 items take their kind from Word's numbering definitions, their depth from the level."""
    import docx

    from qmsdoc.importer.docx_reader import read_docx

    doc = docx.Document()
    for text, source_style, level in (("按编号", "List Number", 0), ("按圆点", "List Bullet", 1)):
        paragraph = doc.add_paragraph(text, style="List Paragraph")
        numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_ilvl().val = level
        numbering.get_or_add_numId().val = doc.styles[source_style].element.pPr.numPr.numId.val
    doc.add_paragraph("普通段落", style="List Paragraph")
    doc.save(str(tmp_path / "列表.docx"))
    blocks = read_docx(tmp_path / "列表.docx", "列表.docx").blocks
    assert [(b.kind, b.text, b.level, b.ordered) for b in blocks] == [
        ("item", "按编号", 0, True), ("item", "按圆点", 1, False), ("para", "普通段落", 0, False)]


def test_text_splitting_rules(tmp_path: Path) -> None:
    """Each rule that starts a document, and the look-alikes that must not."""
    source = tmp_path / "混合.txt"
    source.write_text("\n".join([
        "网页标题 - 制度大全",                                   # before any document: reported, skipped
        "第1篇 zz回访工作规程", "山庄回访工作规程", "1.0目的规范回访。",  # 篇 line, its variant title dropped
        "4.0程序", "详见第一章规定执行。",                          # 第一章 inside a sentence: same document
        "员工手册", "员工手册一、总则员工应遵守本手册。",             # a web page repeating its title
        "窗口管理制度范本第一章总则第一条为规范窗口管理。", "第二条适用于全部窗口。",
        "客服部管家岗位说明书 KF0305职位名称管家",                   # title followed by its control number
    ]), "utf-8")
    notes: list[Any] = []
    chunks = read_file(source, source.name, notes)
    assert [(c.title, c.fields.get("id")) for c in chunks] == [
        ("zz回访工作规程", None), ("员工手册", None), ("窗口管理制度范本", None), ("客服部管家岗位说明书", "KF0305")]
    assert body(chunks[0].blocks) == "## 1.0 目的\n\n规范回访。\n\n## 4.0 程序\n\n详见第一章规定执行。\n"
    assert body(chunks[1].blocks) == "## 一、总则\n\n员工应遵守本手册。\n"
    assert body(chunks[2].blocks) == "## 第一章 总则\n\n第一条 为规范窗口管理。\n\n第二条 适用于全部窗口。\n"
    assert sorted(n.line for n in notes if "未导入" in n.message or "副标题" in n.message) == [1, 3]


def test_a_few_damaged_bytes_do_not_turn_utf8_into_gb18030_mojibake(tmp_path: Path) -> None:
    source = tmp_path / "截断.txt"
    text = "钥匙管理工作规程\n1.0 目的\n" + "规范钥匙的借用和归还。\n" * 20 + "最后一行"
    source.write_bytes(text.encode("utf-8")[:-2])  # cut inside the last character
    notes: list[Any] = []
    chunks = read_file(source, source.name, notes)
    assert chunks[0].title == "钥匙管理工作规程" and "规范钥匙的借用和归还。" in body(chunks[0].blocks)
    assert [n.line for n in notes if "损坏的字节" in n.message] == [23]


def test_an_obsolete_copy_is_reported_by_its_watermark(shipped: tuple[Path, dict[str, Any]]) -> None:
    copies, documents = shipped
    obsolete = next(d for d in documents.values() if d.status == "obsolete")
    current = next(d for d in documents.values() if d.status == "effective")
    warning = "文件带「作废」水印：已作为草稿导入，请确认这份文件是否仍然有效"
    for document, expected in ((obsolete, [warning]), (current, [])):
        notes: list[Any] = []
        read_file(copies / f"{file_stem(document.id)}.docx", "copy.docx", notes)
        assert [n.message for n in notes if "水印" in n.message] == expected


# -- whatever text a user pastes, the import never raises and its drafts always load ------------

TEXT_BITS = ["第1篇 员工离职管理工作规程", "篇2:会议室管理规程", "1.0目的", "2. 0适用范围", "4.4 .4交还工作服",
             "4.1招聘与录用", "6.0质量记录", "6.1qp-02-03-f001 员工离职申请表", "第一章总则第一条为规范管理。",
             "第二条",
             "一、总则", "a)主管级", "--表现优异", "(1)、填写", "◆30-45岁", "客服部管家崗位說明書 KF0305職位名稱",
             "版本:A 编制:张三 日期:2024-01-05", "《员工离职申请表》", "title: x", "---", "# 注释", "[[QP-02-03]]",
             "| a | b |", "key: 'quoted'", "\"双引号\"", "经(jīng)理", "\t", "：", "", "   ",
             "目录第一章总则------ 5第二章附则------ 7", "第一章总则为了规范:1. 基本要求1.1 遵守。", "附表30第一部分",
             "1. 0 组织结构 (3)2. 0 质量目标 (4)3. 0 岗位说明书 (略)",
             "1.0经理1.1任职条件年龄/教育背景:◆30岁;培训经历:◆无",
             "工作按能◆a;◆b", "1.2岗位职责◆a;◆b", "主要职责:1.0认真", "工作概要:工作概要:负责", "<enter name>", "> 引"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(TEXT_BITS), st.text(max_size=15)), max_size=25))
def test_any_pasted_text_gives_drafts_that_load(pieces: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "粘贴.txt"
        source.write_text("\n".join(pieces), "utf-8")
        plan = plan_import(load_config(_empty_project(Path(folder)).root), [source], "ZZ")
    for draft in plan.drafts:
        parsed = parse_markdown(draft_text(draft), "draft.md")
        assert not parsed.findings and schemas.validate(parsed, "document"), [f.format() for f in parsed.findings]
        assert parsed.data["status"] == "draft"
    for stub in plan.forms:
        assert yaml.safe_load(form_text(stub))["code"] == stub.code


def test_list_items_pasted_into_one_line_are_split(tmp_path: Path) -> None:
    source = tmp_path / "方案.txt"
    source.write_text("物业管理窗口服务方案一、服务内容1. 接待服务:解答问题;2. 投诉处理:及时处理\n"
                      "二、服务流程1. 接待服务(1)礼貌接待;(2)及时登记。\n2. 物业咨询\n"
                      "三、工作时间每周一至周五上午9点至12点;共1.5天。\n", "utf-8")
    chunks = read_file(source, source.name, [])
    assert [c.title for c in chunks] == ["物业管理窗口服务方案"]
    assert body(chunks[0].blocks) == (
        "## 一、服务内容\n\n1. 接待服务:解答问题;\n2. 投诉处理:及时处理\n\n"
        "## 二、服务流程\n\n1. 接待服务\n    1. 礼貌接待;\n    2. 及时登记。\n2. 物业咨询\n\n"
        "三、工作时间每周一至周五上午9点至12点;共1.5天。\n")  # no telling where the name ends: kept as written


def test_a_failed_write_midway_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """All or nothing: the disk fills up at the third file; the files and folders already made go again."""
    from qmsdoc.core import sourcefile
    from qmsdoc.core.sourcefile import SourceWriteError

    project = _empty_project(tmp_path)
    real = sourcefile.write_atomic
    calls: list[Path] = []

    def filling(path: Path, data: bytes, *, exclusive: bool = False) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise SourceWriteError(f"无法写入 {path}：No space left on device（原文件未改动）")
        real(path, data, exclusive=exclusive)

    monkeypatch.setattr(sourcefile, "write_atomic", filling)  # the import writes through the shared helpers
    assert _run(project.root, "import", str(SEEDS / "001_084431b69d8c305a.txt"), "--manual", "QP-02") == 1
    assert len(calls) == 3
    out, err = capsys.readouterr()
    assert "已撤销" in err and "已写入" not in out  # not reported written: removed again
    assert sorted(p.name for p in project.root.iterdir()) == ["qmsdoc.yml"]


def test_an_imported_form_stub_is_a_draft_not_released_while_still_to_be_designed(tmp_path: Path) -> None:
    """The import said "全部为草稿" while its form stubs carried no status (in force, QD122); once drafts, a
    release of a stub whose only field is still 「待设计」 is refused, as a document's 「（待编写）」 is."""
    project = _empty_project(tmp_path)
    source = tmp_path / "钥匙.txt"
    source.write_text("钥匙管理工作规程\n1.0 目的\n规范钥匙的借用。\n6.0 质量记录\n6.1 YS-001-F001 钥匙借用登记表\n",
                      "utf-8")
    assert _run(project.root, "import", str(source), "--manual", "YS") == 0
    form = "controlled_forms/YS-001-F001.yaml"
    assert "status: draft" in project.read(form)
    findings = check(load_config(project.root)).findings
    assert not [f for f in findings if f.path == form and f.severity.value == "error"], findings
    before = project.read(form)
    assert _run(project.root, "release", "YS-001-F001", "--by", "总经理", "--change", "首次发布") == 1
    assert project.read(form) == before
    project.replace(form, "{label: 待设计}", "{label: 钥匙编号}")
    assert _run(project.root, "release", "YS-001-F001", "--by", "总经理", "--change", "首次发布") == 0


def test_a_manual_index_page_still_holding_the_import_placeholder_is_qd123(seeded: tuple[Project, list[Any]]) -> None:
    _, findings = seeded
    assert _found(findings, "QD123", "kf/index.md", "待填写")  # owner and 适用范围, written for the author to fill in


def test_a_sentence_that_mentions_what_is_to_be_filled_in_is_no_placeholder(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    doc = "manuals/qp-service/QP-03-02.md"
    text = project.read(doc)
    project.replace(doc, "## 2.0", "表中待填写的项目由客服部核对。\n\n待填写\n\n## 2.0")
    hits = [f.line for f in check(load_config(project.root)).findings if f.code == "QD123" and f.path == doc]
    assert hits == [text[:text.index("## 2.0")].count("\n") + 3]  # the bare 「待填写」 line, not the sentence
