"""`qmsdoc import`: Word round trip of every shipped document, the seed manuals, the CLI contract."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from qmsdoc.core import check, load_config
from qmsdoc.core.codes import normalise
from qmsdoc.core.render import CorpusRenderer
from qmsdoc.importer.markdown import body
from qmsdoc.importer.plan import read_file
from qmsdoc.importer.recognise import draft_from, link
from qmsdoc.word.export import plan_export, write_files

from conftest import REPO, copy_project

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
