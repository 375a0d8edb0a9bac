"""A 篇 title that keeps a template's blank (「第4篇 _城服务中心催收工作规程」) over the same title filled in
(「天下城服务中心催收工作规程」) gives the document the filled-in title; a title without a blank keeps its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from qmsdoc.importer.blocks import Note
from qmsdoc.importer.plan import read_file
from qmsdoc.importer.recognise import draft_from


def _titles(tmp_path: Path, text: str) -> tuple[list[str], list[str]]:
    source = tmp_path / "工作规程.txt"
    source.write_text(text, "utf-8")
    notes: list[Note] = []
    drafts = [draft_from(chunk, notes) for chunk in read_file(source, source.name, notes)]
    return [d.title for d in drafts], [n.message for n in notes]


@pytest.mark.parametrize("blank", ["_城服务中心催收工作规程", "＿＿服务中心催收工作规程", "××服务中心催收工作规程"])
def test_a_piece_title_with_a_blank_yields_to_the_title_filled_in_below(tmp_path: Path, blank: str) -> None:
    """Fires: the draft was titled 「_城服务中心催收工作规程」 and the full title only named as a subtitle."""
    titles, notes = _titles(tmp_path, f"第4篇 {blank}\n天下城服务中心催收工作规程\n1.0 目的\n规范催收。\n")
    assert titles == ["天下城服务中心催收工作规程"]
    assert any(blank in note and "待填的空白" in note for note in notes)


def test_a_piece_title_without_a_blank_keeps_its_own(tmp_path: Path) -> None:
    """Quiet: 「第1篇 管家服务中心员工离职管理工作规程」 over a variant keeps its title; the variant is a subtitle."""
    titles, notes = _titles(tmp_path, "第1篇 管家服务中心员工离职管理工作规程\n山庄管家服务中心员工离职管理工作规程\n"
                                      "1.0 目的\n规范离职。\n")
    assert titles == ["管家服务中心员工离职管理工作规程"]
    assert any("副标题" in note for note in notes)
