"""A ~100-page legacy manual for the import measurement: the shipped procedures' text repeated as a
Word file (Heading 1 per procedure, cover table, lists, tables) and as pasted text (第N篇 …)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx

from .corpus import REPO, TEMPLATES, _body

CHARS_PER_PAGE = 600  # A4, 宋体 小四, with headings and tables: about 600 characters a page


def _procedures(pages: int) -> list[tuple[str, str]]:
    bodies = [_body(t) + "\n## 5.0 质量记录\n\n- 记录表\n" for t in TEMPLATES]
    out, total, index = [], 0, 0
    while total < pages * CHARS_PER_PAGE:
        body = bodies[index % len(bodies)]
        out.append((f"导入测试程序{index + 1:03d}", body))
        total += len(body)
        index += 1
    return out


def _word(path: Path, procedures: list[tuple[str, str]]) -> None:
    doc = docx.Document()
    for number, (title, body) in enumerate(procedures, start=1):
        doc.add_heading(title, level=1)
        cover = doc.add_table(rows=1, cols=4)
        for cell, text in zip(cover.rows[0].cells, ("文件编号", f"IM-01-{number:03d}", "版本", "A/0"), strict=True):
            cell.text = text
        rows: list[list[str]] = []
        for line in body.splitlines() + [""]:
            if line.startswith("|"):
                if not re.fullmatch(r"\|( *-+ *\|)+", line):
                    rows.append([c.strip() for c in line.strip("|").split("|")])
                continue
            if rows:
                table = doc.add_table(rows=len(rows), cols=len(rows[0]))
                for row, values in zip(table.rows, rows, strict=True):
                    for cell, text in zip(row.cells, values, strict=False):
                        cell.text = text
                rows = []
            if heading := re.match(r"^(#{2,4}) (.*)", line):
                doc.add_heading(heading.group(2), level=len(heading.group(1)))
            elif line.startswith("- "):
                doc.add_paragraph(line[2:], style="List Bullet")
            elif line.strip():
                doc.add_paragraph(line)
    doc.save(str(path))


def write_legacy_manual(folder: Path, pages: int = 100) -> tuple[Path, Path]:
    """An empty project in `folder` and the same ~`pages`-page manual as .docx and as .txt."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy(REPO / "qmsdoc.yml", folder / "qmsdoc.yml")
    procedures = _procedures(pages)
    word = folder / "legacy.docx"
    _word(word, procedures)
    text = folder / "legacy.txt"
    plain = [f"第{n}篇 {title}\n" + re.sub(r"^(#+ |- |\|)", "", body, flags=re.M)
             for n, (title, body) in enumerate(procedures, start=1)]
    text.write_text("\n".join(plain), "utf-8")
    return word, text
