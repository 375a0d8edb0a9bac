"""`qmsdoc import` on the hardest seed texts (供水, 鲁能星城, 行政服务标准化): one test per way they broke the
importer, each on a short excerpt of the seed (tests/fixtures/excerpts/); and what an import keeps from a
Word file (hyperlinks, angle brackets, quotes) and says about it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from test_import import _empty_project

from qmsdoc.core import check, load_config
from qmsdoc.core.source import parse_markdown
from qmsdoc.importer.blocks import Note
from qmsdoc.importer.markdown import body
from qmsdoc.importer.plan import plan_import, read_file
from qmsdoc.importer.recognise import draft_from
from qmsdoc.importer.writer import draft_text

from conftest import REPO, Project, run_cli

EXCERPTS = Path(__file__).parent / "fixtures" / "excerpts"
SEED = REPO / "tests" / "fixtures" / "seeds" / "000_6aa6a7c8211b4e4c.txt"


def _read(name: str) -> tuple[list[Any], list[Note]]:
    notes: list[Note] = []
    return read_file(EXCERPTS / name, name, notes), notes


def _said(notes: list[Note], *words: str) -> list[Note]:
    return [n for n in notes if all(w in n.message for w in words)]


# -- 目录 lines with page numbers, and a whole chapter on the 目录's line ------------------------

def test_a_toc_with_leader_dashes_is_left_out_and_the_chapter_glued_to_it_is_a_document() -> None:
    chunks, notes = _read("供水-目录与第一章.txt")
    assert [c.title for c in chunks] == ["客户服务中心服务守则"]
    text = body(chunks[0].blocks)
    assert "-----" not in text and "第二章" not in text and "目录" not in text
    # the chapter's opening sentence, then 「1. 基本道德和技能」 glued after its colon, then clause 1.1
    assert text.startswith("为了加强供水服务工作充分体现“以客户为中心”的服务理念")
    assert "以下服务守则:\n\n## 1.0 基本道德和技能\n\n1.1 服务人员应严格遵守国家法律、法规及本企业规章制度。\n" in text
    assert _said(notes, "目录（3 项）未写入正文")
    assert _said(notes, "目录列出的 2 份文件在正文中没有找到", "第二章客户服务中心窗口服务规范",
                 "第三十章客户服务中心建立档案作业指导书")
    # the manual's title line above the 目录 is its cover, not 「lines that belong to no document」
    assert not _said(notes, "不属于任何可识别的文件")
    assert _said(notes, "封面文字（第 1 行）", "供水公司客户服务工作手册")


def test_a_toc_with_page_numbers_glued_to_the_next_entry_splits_parts_and_sections() -> None:
    """鲁能星城: 「…职责3 1.0客服中心经理3 2.0…」 without leaders; 第一部分 is a group, 一、 a document (here
    only a title: its 架构图 was a picture), 二、 a document whose 工作概要/主要职责 are headings."""
    chunks, notes = _read("鲁能-目录与工作职责.txt")
    assert [c.title for c in chunks] == ["客户服务中心工作职责"]
    text = body(chunks[0].blocks)
    assert text.startswith("## 工作概要\n\n对驻场物业经理负责,对经管处客户服务工作负责")  # the label pasted twice: once
    assert "## 主要职责\n\n1.0 认真贯彻执行关于物业经管的各项法规、政策" in text
    assert "1.1 巡视小区各区域" in text and "附表" not in text and "第一部分" not in text
    assert _said(notes, "「第一部分组织架构及岗位职责」是目录中的分部标题")
    assert _said(notes, "「客户服务中心架构及编制」在原文中只有标题、没有正文")
    missing = _said(notes, "份文件在正文中没有找到")
    assert missing and "一、特约服务处理程序" in missing[0].message
    assert "第一部分" not in missing[0].message  # a group heading is not a missing document
    assert _said(notes, "个表单在正文中没有找到", "\n  - 附表")  # 附表 lists forms: no form draft is made
    assert _said(notes, "封面文字", "戴德梁行")


def test_a_cover_and_a_toc_of_plain_titles_put_the_decree_and_the_manual_notes_in_documents_of_their_own() -> None:
    """行政服务: cover (编制/审核/批准) and 目录 on one line, the 颁布令 glued behind; 「工作手册说明」 at a line
    start is the 目录's 「服务标准化工作手册说明」; a second 目录 without the word 目录 — 「1. 0 项目部组织结构 (3)」
    — is left out too, and 「1.0目 的明确项目部组织结构…」 after it starts the document it names."""
    chunks, notes = _read("行政-颁布令与组织结构.txt")
    assert [c.title for c in chunks] == ["颁布令", "服务标准化工作手册说明", "项目部组织结构"]
    decree = body(chunks[0].blocks)
    assert decree.startswith("为了规范本中心的行政服务工作") and "DB32/T 1544—2009" in decree
    assert body(chunks[1].blocks) == ("1. 本手册是公司质量管理体系的实施细则,是公司的法规性又件,"
                                      "项目部客户(物业)服务中心员工必须严格遵守。\n2. 本手册自发布之日起生效。\n")
    assert body(chunks[2].blocks) == (
        "## 1.0 目的\n\n明确项目部组织结构及工作职责.保证项目部工作正常运行。\n\n## 2.0 适用范围\n\n各物业项目部\n\n"
        "## 3.0 职责\n\n3.1 项目经理负责按照《年度定岗定员计划》配置人员,拟定岗位职责。\n\n"
        "## 4.0 项目部组织机构图说明\n\n4.1 各项目部根据本架构原则并结合物业实际情况设置项目部组织机构。\n")
    assert _said(notes, "封面文字（第 1–2 行）", "编制:杨建鼎") and len(_said(notes, "未写入正文：按目录拆分")) == 2


def test_job_descriptions_numbered_as_clauses_become_documents_with_a_requirements_table() -> None:
    """「1.0项目(副)经理1.1任职条件年龄/教育背景:◆…」: a job description; its 任职条件 rows (also without a colon,
    「工作按能◆…」) a 项目/要求 table; 岗位职责 and 权限 one item per ◆; the next one glued after 「…;」."""
    chunks, _ = _read("行政-岗位说明书.txt")
    assert [c.title for c in chunks] == ["项目(副)经理岗位说明书", "项目财务岗位说明书"]
    notes: list[Note] = []
    assert [draft_from(c, notes).type for c in chunks] == ["job-description", "job-description"]
    text = body(chunks[0].blocks)
    assert text.startswith("## 1.1 任职条件\n\n| 项目 | 要求 |\n| --- | --- |\n"
                           "| 年龄/教育背景 | 30-45岁,本科及以上学历,物业管理、酒店管理、建筑工程及财务类专业优先。 |\n"
                           "| 培训经历 | 受过企业管理、物业管理、财务和法律知识等方面的培训。 |\n"
                           "| 工作按能 | 熟悉物业管理运作体系、具备物业管理及相关专业知识,了解行业法律法规和要求；"
                           "具有较强的团队意识、服务意识和组织、协调、领导能力；")
    assert ("## 1.2 岗位职责\n\n- 具体贯彻落实现行物业管理法律法规及公司的各种管理制度、质量管理体系文件的要求\n"
            "- 全面负责本项目部物业服务及经营管理,负责本项目的人员控制和团队建设\n") in text
    assert "## 2.3 权限\n\n- 对份内工作及项目经理授权事项的组织、协调、领导权\n" in text
    assert text.endswith("- 项目部员工考核的建议权\n")
    assert body(chunks[1].blocks) == ("## 3.1 任职条件\n\n| 项目 | 要求 |\n| --- | --- |\n"
                                      "| 年龄/教育背景 | 20- 45岁,专科及以上学历,财务类专业优先。 |\n")


def test_a_numbered_heading_glued_to_its_first_clause_and_the_look_alikes(tmp_path: Path) -> None:
    source = tmp_path / "守则.txt"
    source.write_text("服务守则\n1.0 目的\n员工遵守以下守则:1. 基本要求1.1 遵守法律。\n"
                      "目标如下:1. 工作时间1.1小时以内;2、收缴率为2.1%。\n", "utf-8")
    chunks = read_file(source, source.name, [])
    assert body(chunks[0].blocks) == ("## 1.0 目的\n\n员工遵守以下守则:\n\n## 1.0 基本要求\n\n1.1 遵守法律。\n\n"
                                      "目标如下:\n\n1. 工作时间1.1小时以内;\n2. 收缴率为2.1%。\n")


def test_an_ordered_list_interrupted_by_a_paragraph_keeps_its_numbers(tmp_path: Path) -> None:
    """行政服务 工作手册说明: 1. 2. (a paragraph) 3. 4. — the draft must not renumber 3 as 1; and 「…100%,3、…」
    after an ASCII comma is the next item (the 质量目标 line)."""
    source = tmp_path / "说明.txt"
    source.write_text("工作手册说明\n1.0 目的\n1.本手册是实施细则。\n2.本手册自发布之日起生效。\n"
                      "在手册使用期间,应评审。\n3.本手册的解释权归行政人事部。\n"
                      "制定以下分解目标:1、满意率达90%以上;2、持证上岗率100%,3、收缴率为98%。\n",
                      "utf-8")
    chunks = read_file(source, source.name, [])
    assert body(chunks[0].blocks) == ("## 1.0 目的\n\n1. 本手册是实施细则。\n2. 本手册自发布之日起生效。\n\n"
                                      "在手册使用期间,应评审。\n\n3. 本手册的解释权归行政人事部。\n\n"
                                      "制定以下分解目标:\n\n1. 满意率达90%以上;\n"
                                      "2. 持证上岗率100%,\n3. 收缴率为98%。\n")
    rendered = parse_markdown(draft_text(draft_from(chunks[0], [])), "x.md").body
    assert "\n3. 本手册的解释权归行政人事部。" in rendered


# -- one file, several manuals: --lines -------------------------------------------------------

def test_lines_imports_one_manual_of_a_file_and_reports_the_files_own_line_numbers(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _empty_project(tmp_path)
    result = run_cli("import", str(SEED), "--lines", "56-57", "--manual", "GSKF", "--dry-run", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert f"{SEED.as_posix()}:57: 目录（30 项）未写入正文" in result.stdout
    assert "导入 1 份文件" in result.stdout and "将写入 manuals/gskf/GSKF-001.md" in result.stdout
    plan = plan_import(load_config(project.root), [SEED], "XZBZ", only=((187, 188), (192, 227)))
    assert [(d.title, d.line) for d in plan.drafts] == [  # its 颁布令 and 手册说明 are front pages: the index's
        ("项目部组织结构", 197), ("项目(副)经理岗位说明书", 204),
        ("物业主管岗位说明书", 211), ("项目财务岗位说明书", 214), ("客户服务人员岗位说明书", 221)]
    assert [(n.front, n.line) for n in plan.front] == [("封面", 187), ("目录", 188), ("颁布令", 188),
                                                       ("服务标准化工作手册说明", 192), ("目录", 197)]
    assert not any("下载文档前" in b.text for d in plan.drafts for b in d.blocks)  # lines 189-191 left out
    assert "第 204 行" in draft_text(plan.drafts[1])
    whole = plan_import(load_config(project.root), [SEED], "FW")  # the file's eleven manuals: a cover note each
    covers = [n.line for n in whole.notes if "手册的封面" in n.message]
    assert covers == sorted(covers) and {56, 78, 187} <= set(covers)


def test_a_new_manuals_first_number_takes_the_shape_of_its_pattern(tmp_path: Path) -> None:
    source = tmp_path / "守则.txt"
    source.write_text("服务守则\n1.0 目的\n规范服务。\n\n窗口服务规范\n1.0 目的\n规范窗口。\n", "utf-8")
    for pattern, expected in ((r"^GSKF-\d{2}$", ["GSKF-01", "GSKF-02"]),
                              (r"^GSKF-\d-\d{2}$", ["GSKF-1-01", "GSKF-1-02"]), (None, ["GSKF-001", "GSKF-002"])):
        folder = tmp_path / str(len(expected[0]))
        folder.mkdir()
        plan = plan_import(load_config(_empty_project(folder).root), [source], "GSKF", pattern)
        assert [d.id for d in plan.drafts] == expected and not plan.errors


@pytest.mark.parametrize(("lines", "suffix", "code", "message"), [
    ("57-56", ".txt", 2, "--lines '57-56' 无效"),
    ("5-9,7-12", ".txt", 2, "无效"),
    ("abc", ".txt", 2, "无效"),
    ("1-2", ".docx", 2, "--lines 只适用于文本文件"),
    ("3-900", ".txt", 1, "超出文件末尾（文件共 3 行）"),
])
def test_bad_lines_are_a_clean_message(tmp_path: Path, lines: str, suffix: str, code: int, message: str) -> None:
    project = _empty_project(tmp_path)
    source = tmp_path / f"手册{suffix}"
    source.write_bytes("规程\n1.0 目的\n规范。".encode())
    result = run_cli("import", str(source), "--lines", lines, "--manual", "ZD", cwd=project.root)
    assert result.returncode == code and message in result.stderr and "Traceback" not in result.stderr
    assert not (project.root / "manuals").exists()


def test_the_three_seed_manuals_import_with_their_documents_and_the_check_names_the_source_defects(
        tmp_path: Path) -> None:
    """The whole of each manual from the seed as it is: documents found, and the defects `check` must name
    (鲁能 1.3 pasted into the sentence of 1.2; 行政 物业主管 numbered 1.1 then 2.2)."""
    project = _empty_project(tmp_path)
    for lines, manual in (("56-57", "GSKF"), ("78-85", "LNXC"), ("187-188,192-227", "XZBZ")):
        result = run_cli("import", str(SEED), "--lines", lines, "--manual", manual, cwd=project.root)
        assert result.returncode == 0, result.stderr
    counts = {folder.name: len([p for p in folder.glob("*.md") if p.name != "index.md"])
              for folder in (project.root / "manuals").iterdir()}
    assert counts == {"gskf": 1, "lnxc": 1, "xzbz": 5}  # 行政's 颁布令 and 手册说明 are in its index.md
    findings = [f for f in check(load_config(project.root)).findings  # the new manual pages wait: owner, scope, release
                if f.code != "QD122" and not (f.code == "QD123" and Path(f.path).name == "index.md")]
    assert sorted((f.code, Path(f.path).name) for f in findings) == [
        ("QD160", "XZBZ-001.md"), ("QD160", "XZBZ-001.md"), ("QD161", "LNXC-001.md"), ("QD161", "XZBZ-003.md")]
    assert any("1.2" in f.message and "1.4" in f.message for f in findings if f.code == "QD161")
    assert any("1.1" in f.message and "2.2" in f.message for f in findings if f.code == "QD161")


# -- #31: what an import keeps from a Word file, and what its report says ------------------------

def _word(path: Path, build: Any) -> Path:
    import docx

    doc = docx.Document()
    doc.add_heading("钥匙管理工作规程", level=1)
    build(doc)
    doc.save(str(path))
    return path


def _hyperlink(paragraph: Any, text: str, address: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = paragraph.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _import_one(tmp_path: Path, source: Path) -> tuple[Project, str, str]:
    project = _empty_project(tmp_path)
    result = run_cli("import", str(source), "--manual", "YS", cwd=project.root)
    assert result.returncode == 0, result.stderr
    return project, project.read("manuals/ys/YS-001.md"), result.stdout


def test_word_hyperlinks_become_markdown_links(tmp_path: Path) -> None:
    def build(doc: Any) -> None:
        paragraph = doc.add_paragraph("详见")
        _hyperlink(paragraph, "住建部[2024]通知", "https://example.org/a b(1)")
        paragraph.add_run("及")
        _hyperlink(paragraph, "本地文件", "file:///C:/secret.doc")  # not a web address: text only
        paragraph.add_run("。")

    project, text, _ = _import_one(tmp_path, _word(tmp_path / "链接.docx", build))
    assert "详见[住建部\\[2024\\]通知](https://example.org/a%20b%281%29)及本地文件。" in text
    assert not [f for f in check(load_config(project.root)).findings if f.code in ("QD200", "QD201")]


def test_angle_brackets_stay_visible_text(tmp_path: Path) -> None:
    def build(doc: Any) -> None:
        doc.add_paragraph("签收人填写<enter name>，日期写在<日期>处。")
        doc.add_paragraph("> 不是引用")

    project, text, _ = _import_one(tmp_path, _word(tmp_path / "尖括号.docx", build))
    assert "签收人填写\\<enter name\\>，日期写在\\<日期\\>处。" in text and "\\> 不是引用" in text
    from qmsdoc.core.render import CorpusRenderer

    corpus = check(load_config(project.root)).corpus
    html = CorpusRenderer(corpus).document(corpus.documents["YS-001"]).html
    assert "&lt;enter name&gt;" in html and "<blockquote>" not in html


def test_quote_styled_paragraphs_become_quotes(tmp_path: Path) -> None:
    def build(doc: Any) -> None:
        doc.add_paragraph("服务宗旨：", style="Normal")
        doc.add_paragraph("业主满意是我们的追求。", style="Quote")
        doc.add_paragraph("以下为正文。")

    _, text, _ = _import_one(tmp_path, _word(tmp_path / "引用.docx", build))
    assert "服务宗旨：\n\n> 业主满意是我们的追求。\n\n以下为正文。" in text


def test_a_file_imported_whole_is_not_also_reported_as_not_imported(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("物业服务中心的各项工作说明")
    doc.add_paragraph("本说明适用于全体员工。")
    source = tmp_path / "说明.docx"
    doc.save(str(source))
    _, text, report = _import_one(tmp_path, source)
    assert "整个文件作为一份文件导入" in report and "未导入" not in report.replace("整个文件作为一份文件导入", "")
    assert "本说明适用于全体员工。" in text


# -- every line of the five seeds lands in a draft, once, or is named in the report -------------------

CJK = re.compile(r"[\u4e00-\u9fff]")


def _cjk_lines(text: str) -> str:
    """The Chinese characters of each line, lines parted by |: a run of words found in it never spans two lines."""
    return "|".join("".join(CJK.findall(line)) for line in text.splitlines())


@pytest.mark.parametrize("seed", sorted(SEED.parent.glob("*.txt")), ids=lambda path: path.name[:3])
def test_every_line_of_a_seed_lands_in_a_draft_no_more_often_than_in_the_seed_or_is_named_in_the_report(
        seed: Path) -> None:
    notes: list[Note] = []
    chunks = read_file(seed, seed.name, notes)
    drafts = "|".join(_cjk_lines("\n".join([chunk.title, body(chunk.blocks), *chunk.fields.values()]))
                      for chunk in chunks)
    lines = seed.read_text(encoding="utf-8").splitlines()
    source = _cjk_lines("\n".join(lines))
    named: set[int] = set()  # the lines a note names: its own, or 「至第 N 行」「第 a–b 行」
    for note in notes:
        span = re.search(r"至第 (\d+) 行|第 (\d+)[–-](\d+) 行", note.message)
        named.update(range(note.line, int(span.group(1) or span.group(3)) + 1 if span else note.line + 1))
    lost, doubled = [], []
    for number, line in enumerate(lines, 1):
        words = "".join(CJK.findall(line))
        if len(words) < 8:
            continue
        grams = [words[k:k + 4] for k in range(len(words) - 3)]  # a line split in two keeps most of its 4-grams
        if sum(gram not in drafts for gram in grams) > len(grams) / 2 and number not in named:
            lost.append(number)
        if any(drafts.count(run) > source.count(run) for run in (words[k:k + 8] for k in range(0, len(words) - 7, 4))):
            doubled.append(number)
    assert (lost, doubled) == ([], [])
