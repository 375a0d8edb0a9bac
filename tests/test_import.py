"""`qmsdoc import`: Word round trip of every shipped document, the seed manuals, the CLI contract."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from qmsdoc.cli import main
from qmsdoc.core import check, load_config
from qmsdoc.core.codes import normalise
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.importer.markdown import body
from qmsdoc.importer.plan import read_file
from qmsdoc.importer.recognise import draft_from, link
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
    plan = plan_export(result, CorpusRenderer(result.corpus), "测试物业公司", only=list(result.corpus.documents))
    write_files(plan, project.root / "build" / "docx", workers=1)
    return project.root / "build" / "docx" / "documents", dict(result.corpus.documents)


def _import_docx(path: Path) -> list:
    notes: list = []
    drafts = [draft_from(chunk, notes) for chunk in read_file(path, path.name, notes)]
    for draft in drafts:
        link(draft, {}, set())
    return drafts


@pytest.mark.parametrize("source", SHIPPED, ids=lambda p: p.stem)
def test_word_copy_round_trip_gives_back_the_body(shipped: tuple[Path, dict[str, Any]], source: Path) -> None:
    """qmsdoc's own Word copy of a shipped document imports to the same headings, clauses, tables,
    lists and [[ID]] references, and to the same id, title, type, version and department."""
    copies, documents = shipped
    document = documents[normalise(_id_of(source))]
    drafts = _import_docx(copies / f"{source.stem}.docx")
    assert len(drafts) == 1
    draft = drafts[0]
    assert (draft.id, draft.title, draft.type, draft.version, draft.department) == (
        document.id, document.title, document.type, str(document.version), document.department)
    assert [h[0] for h in draft.history] == [e.raw_version for e in document.history]
    assert normalised(body(draft.blocks)) == normalised(document.body)


def _id_of(source: Path) -> str:
    match = re.search(r"^id:\s*(\S+)", source.read_text("utf-8"), re.M)
    assert match
    return match.group(1)


# -- the seed manuals: real, noisy text pasted from old .doc files and web pages -----------------

def _run(root: Path, *args: str) -> int:
    return main([*args, "--path", str(root)])


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
    assert "- a) 主管级(含)以上管理人员须提前30天向所在管家服务中心提出申请。" in text
    assert "- [[QP-02-03-F001]]" in text and "填写[[QP-02-03-F001]]" in text  # 《员工离职申请表》 by its title
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
